//! Headings and labels outside the action tables: area headings ("AREA FOR
//! IMPROVEMENT 3: …", "Ofsted recommendation 2: …"), group headings (phases, judgement
//! areas), the labels that open an area's objectives / outcomes / measures lists, and
//! the label that opens a list of areas.

use regex::Regex;
use std::sync::LazyLock;

use crate::table::Paragraph;

static AREA_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^\s*
        (?:area\s+for\s+improvement|areas?\s+(?:of|for)\s+(?:improvement|development)|improvement\s+area
          |ofsted\s+recommendation|recommendation|area|priority|finding|aim|workstream|statement)
        \s*(?:no\.?\s*|number\s*|\#\s*)?
        (?P<n>[0-9]+|[ivxlc]+)\b\.?
        \s*(?:[:.\-–—)]\s*|\s+|$)
        (?P<title>.*)$",
    )
    .expect("area label")
});

static GROUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:phase|stage|part|section|theme|workstream|year)\s+(?:[0-9]+|one|two|three|four|five|six|[ivx]+)\b")
        .expect("group")
});

static JUDGEMENT_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:the\s+)?(?:experiences?\s+and\s+progress\s+of|impact\s+of\s+leaders|leadership\s*,?\s+management|overall\s+effectiveness)",
    )
    .expect("judgement heading")
});

static LIST_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(objectives?|outcomes?|key\s+outcomes?|expected\s+outcomes?|measured\s+by|measures?|success\s+measures?|how\s+(?:we\s+will|will\s+we)\s+measure(?:\s+success)?|measures?\s+of\s+success)\s*:?\s*$")
        .expect("list label")
});

static AREAS_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:the\s+)?(?:areas?\s+(?:for|of)\s+(?:improvement|development)|(?:ofsted\s+)?recommendations|areas\s+to\s+improve|findings|improvement\s+areas|priorities|action\s+plan)\s*:?\s*$")
        .expect("areas label")
});

/// Which list of an area a label opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AreaList {
    Objectives,
    Outcomes,
    Measures,
}

/// "AREA FOR IMPROVEMENT III: Title" → ("3", "Title").
pub fn explicit_area(text: &str) -> Option<(String, String)> {
    let c = AREA_LABEL.captures(text)?;
    let n = c.name("n")?.as_str();
    let r = if n.chars().all(|c| c.is_ascii_digit()) {
        n.trim_start_matches('0').to_string()
    } else {
        roman(n)?.to_string()
    };
    let title = c.name("title").map(|t| t.as_str().trim()).unwrap_or("");
    // "Area 3" with nothing after it is still an area; its label is its title.
    let title = if title.is_empty() { text.trim() } else { title };
    Some((if r.is_empty() { "0".into() } else { r }, title.to_string()))
}

/// "3. Title" (a number, a dot or bracket, a title of several words): an area numbered
/// without a label, as area columns and banners write them.
pub fn numbered_title(text: &str) -> Option<(String, String)> {
    let c = NUMBERED.captures(text)?;
    let title = c["title"].trim();
    (title.split_whitespace().count() >= 2)
        .then(|| {
            (
                c["n"].trim_start_matches('0').to_string(),
                title.to_string(),
            )
        })
        .filter(|(n, _)| !n.is_empty())
}

static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?P<n>[0-9]{1,2})[.)]\s+(?P<title>[A-Za-z(‘'\x22].*)$").expect("numbered")
});

/// "17. (57, 138)": an inspection report's paragraph, with related ones in brackets.
/// The main paragraph's number.
pub fn paragraph_ref(text: &str) -> Option<String> {
    let c = PARA_REF.captures(text.trim())?;
    Some(c[1].to_string())
}

static PARA_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:para(?:graph)?s?\.?\s*)?([0-9]{1,3})\.?\s*\(\s*[0-9]{1,3}(?:\s*[,;&]\s*[0-9]{1,3})*\s*\)$").expect("para ref")
});

/// A heading written in capitals ("BE HEALTHY"): at least two words' worth of letters,
/// nearly all upper case.
pub fn is_capitals(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    letters.len() >= 6 && upper * 10 >= letters.len() * 9 && text.chars().count() <= 120
}

/// Page furniture: text printed around a plan by a committee system or a word
/// processor ("APPENDIX B", "AGENDA ITEM 11", "ENCLOSURE 7", "Page 1 of 31",
/// "Version 17 080617", "V 9 26 June 2015", a dateline). Never an area or an action.
pub fn is_furniture(text: &str) -> bool {
    let t = text.trim();
    t.chars().count() <= 60 && FURNITURE.is_match(t)
}

static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            (?:appendix|annex|annexe|enclosure|agenda\s+item|item|attachment|schedule)\s+[0-9A-Z]{1,4}[.:]?
          | page\s+[0-9]+(?:\s+of\s+[0-9]+)?
          | [0-9]+\s+of\s+[0-9]+
          | (?:version|ver\.?|v)\s*[0-9]+(?:\.[0-9]+)*(?:\s+[0-9A-Za-z/.\-]+){0,4}
          | (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+[0-9]{1,2}(?:st|nd|rd|th)?\s+[a-z]+,?\s+[0-9]{4}
          | (?:official|official[\s\-]+sensitive|restricted|draft|not\s+protectively\s+marked)
          | [0-9]{1,3}
        )$",
    )
    .expect("furniture")
});

/// Roman numerals as councils number areas ("I" … "XX").
pub fn roman(s: &str) -> Option<u32> {
    let mut total = 0u32;
    let mut prev = 0u32;
    for ch in s.chars().rev() {
        let v = match ch.to_ascii_uppercase() {
            'I' => 1,
            'V' => 5,
            'X' => 10,
            'L' => 50,
            'C' => 100,
            _ => return None,
        };
        if v < prev {
            total = total.checked_sub(v)?;
        } else {
            total += v;
            prev = v;
        }
    }
    (total > 0 && total < 200).then_some(total)
}

/// A phase or stage heading: it groups the areas after it.
pub fn is_group(text: &str) -> bool {
    GROUP.is_match(text) && text.chars().count() < 120
}

/// An Ofsted judgement area used as a heading above areas.
pub fn is_judgement_heading(text: &str) -> bool {
    JUDGEMENT_HEADING.is_match(text)
        && text.chars().count() < 160
        && !text.trim_end().ends_with('.')
}

/// "OBJECTIVES:", "MEASURED BY:" …
pub fn list_label(text: &str) -> Option<AreaList> {
    let c = LIST_LABEL.captures(text)?;
    let w = c.get(1)?.as_str().to_lowercase();
    Some(if w.starts_with("objective") {
        AreaList::Objectives
    } else if w.contains("outcome") {
        AreaList::Outcomes
    } else {
        AreaList::Measures
    })
}

/// "Areas for Improvement": the paragraphs after it are area headings.
pub fn is_areas_label(text: &str) -> bool {
    AREAS_LABEL.is_match(text)
}

/// Could this paragraph be a heading? Bold, a heading style, or a short line that is
/// not a list item and does not introduce something (":").
pub fn heading_like(p: &Paragraph) -> bool {
    if p.text.trim().is_empty() {
        return false;
    }
    if p.heading.is_some() || p.bold {
        return true;
    }
    p.list.is_none() && p.text.chars().count() <= 250 && !p.text.trim_end().ends_with(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_labels() {
        assert_eq!(
            explicit_area("AREA FOR IMPROVEMENT I: Ensure that practitioners"),
            Some(("1".into(), "Ensure that practitioners".into()))
        );
        assert_eq!(
            explicit_area("Ofsted recommendation 4: Expedite"),
            Some(("4".into(), "Expedite".into()))
        );
        assert_eq!(explicit_area("5. Explore provision"), None);
        assert_eq!(explicit_area("Areas for improvement"), None);
        assert!(is_group("PHASE 1 July-September 2020"));
        assert!(!is_group("Phased approach to things"));
        assert_eq!(list_label("MEASURED BY:"), Some(AreaList::Measures));
        assert_eq!(list_label("OBJECTIVE:"), Some(AreaList::Objectives));
        assert!(is_areas_label("Areas for Improvement"));
        for f in [
            "APPENDIX B",
            "AGENDA ITEM 11",
            "ENCLOSURE 7",
            "Page 1 of 31",
            "Page 7",
            "Version 17 080617",
            "V 9 26 June 2015",
            "Wednesday, 5th November, 2003",
        ] {
            assert!(is_furniture(f), "{f}");
        }
        for t in [
            "Appendix B sets out the governance",
            "Early help",
            "BE HEALTHY",
        ] {
            assert!(!is_furniture(t), "{t}");
        }
        assert_eq!(paragraph_ref("17. (57, 138)"), Some("17".into()));
        assert_eq!(
            numbered_title("3. Reunification is planned"),
            Some(("3".into(), "Reunification is planned".into()))
        );
        assert_eq!(numbered_title("3.1 Something"), None);
        assert_eq!(
            explicit_area("Statement 2: EHC plans are late"),
            Some(("2".into(), "EHC plans are late".into()))
        );
    }
}
