//! HTML fragments as Word leaves them in text pasted or exported from a table cell:
//! `<ul><li>`, `<p>`, `<sup>`, `<i>`, `<br>`. They become paragraphs and list items,
//! because paragraph and item boundaries carry meaning (one update or milestone each).

use crate::table::{Paragraph, fold_ws};

/// Markers Word leaves at the start of a list item when the bullet was typed or came
/// from a symbol font.
const ITEM_MARKERS: &[char] = &[
    '▪', '•', '·', '◦', '●', '■', '□', '➢', '►', '\u{f0a7}', '\u{f0b7}', 'o',
];

/// Parses one cell (or one body line) into paragraphs.
pub fn parse(src: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut buf = String::new();
    // Depth of <li> we are inside, and of <ul>/<ol>.
    let mut in_li = 0usize;
    let mut list_depth = 0usize;
    let mut rest = src;
    while !rest.is_empty() {
        if let Some(lt) = rest.find('<') {
            buf.push_str(&rest[..lt]);
            let after = &rest[lt..];
            // A tag is under 400 bytes (`is_tag`): looking further for its end made a
            // cell of many '<' take time in the square of its length.
            let mut end = after.len().min(MAX_TAG);
            while !after.is_char_boundary(end) {
                end -= 1;
            }
            let gt = after[..end].find('>');
            match gt {
                Some(gt) if is_tag(&after[..=gt]) => {
                    let tag = tag_name(&after[1..gt]);
                    match tag.as_str() {
                        "p" | "/p" | "br" | "br/" | "div" | "/div" => {
                            flush(&mut buf, &mut out, in_li > 0, list_depth)
                        }
                        "li" => {
                            flush(&mut buf, &mut out, in_li > 0, list_depth);
                            in_li += 1;
                        }
                        "/li" => {
                            flush(&mut buf, &mut out, in_li > 0, list_depth);
                            in_li = in_li.saturating_sub(1);
                        }
                        "ul" | "ol" => {
                            flush(&mut buf, &mut out, in_li > 0, list_depth);
                            list_depth += 1;
                        }
                        "/ul" | "/ol" => {
                            flush(&mut buf, &mut out, in_li > 0, list_depth);
                            list_depth = list_depth.saturating_sub(1);
                        }
                        // "30 <sup>th</sup>" reads "30th": the export put a space before it.
                        "sup" => {
                            while buf.ends_with(char::is_whitespace) {
                                buf.pop();
                            }
                        }
                        _ => {}
                    }
                    rest = &after[gt + 1..];
                }
                _ => {
                    buf.push('<');
                    rest = &after[1..];
                }
            }
        } else {
            buf.push_str(rest);
            break;
        }
    }
    flush(&mut buf, &mut out, in_li > 0, list_depth);
    out
}

/// Plain text (a Word paragraph): no markup to read, but typed bullets still mark
/// list items and glued bullets still separate them.
pub fn plain(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut buf = text.to_string();
    flush(&mut buf, &mut out, false, 0);
    out
}

/// The longest tag read as one.
const MAX_TAG: usize = 399;

fn is_tag(t: &str) -> bool {
    // "<" followed by a letter or "/" and a letter: "a < b > c" is text.
    let inner = t.trim_start_matches('<');
    let inner = inner.trim_start_matches('/');
    inner
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && t.len() <= MAX_TAG
}

fn tag_name(inner: &str) -> String {
    let inner = inner.trim();
    let closing = inner.starts_with('/');
    let name: String = inner
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let selfclose = inner.ends_with('/') && name == "br";
    match (closing, selfclose) {
        (true, _) => format!("/{name}"),
        (_, true) => "br".into(),
        _ => name,
    }
}

fn flush(buf: &mut String, out: &mut Vec<Paragraph>, in_li: bool, list_depth: usize) {
    let text = fold_ws(&decode_entities(buf.as_str()));
    buf.clear();
    if text.is_empty() {
        return;
    }
    let level = if in_li {
        Some(list_depth.saturating_sub(1).min(8) as u8)
    } else {
        None
    };
    for (i, piece) in split_glued_bullets(&text).into_iter().enumerate() {
        let (stripped, had_marker) = strip_marker(&piece);
        if stripped.is_empty() {
            continue;
        }
        // A bullet glued into running text ("…30/09/2022• Permanence…") is an item of
        // its own even when the <li> around it was lost.
        let list = level.or(if had_marker || i > 0 { Some(0) } else { None });
        out.push(Paragraph {
            text: stripped,
            heading: None,
            bold: false,
            list,
        });
    }
}

/// Splits "a• b• c" at each bullet that is not at the start.
fn split_glued_bullets(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    for ch in text.chars() {
        if (ch == '•' || ch == '▪') && !cur.trim().is_empty() {
            parts.push(std::mem::take(&mut cur));
        }
        cur.push(ch);
    }
    if !cur.trim().is_empty() {
        parts.push(cur);
    }
    parts.into_iter().map(|p| fold_ws(&p)).collect()
}

/// Removes a leading bullet glyph (or "- ") and reports whether there was one.
pub fn strip_marker(text: &str) -> (String, bool) {
    let t = text.trim_start();
    let mut chars = t.chars();
    if let Some(c) = chars.next() {
        let rest = chars.as_str();
        let is_marker = (ITEM_MARKERS.contains(&c) && c != 'o')
            || ((c == '-' || c == '–' || c == 'o') && rest.starts_with(' '));
        if is_marker {
            return (fold_ws(rest), true);
        }
    }
    (fold_ws(t), false)
}

/// The few entities Word's HTML uses.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        // Entities are short: looking further for the ';' made text of many '&' take
        // time in the square of its length.
        let end = after.as_bytes()[..after.len().min(11)]
            .iter()
            .position(|&b| b == b';');
        let decoded = end.and_then(|e| {
            let name = &after[1..e];
            let ch = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                "ndash" => Some('–'),
                "mdash" => Some('—'),
                "rsquo" => Some('’'),
                "lsquo" => Some('‘'),
                "ldquo" => Some('“'),
                "rdquo" => Some('”'),
                "hellip" => Some('…'),
                _ => {
                    if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                        u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
                    } else if let Some(dec) = name.strip_prefix('#') {
                        dec.parse::<u32>().ok().and_then(char::from_u32)
                    } else {
                        None
                    }
                }
            };
            ch.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(v: &[Paragraph]) -> Vec<(String, bool)> {
        v.iter()
            .map(|p| (p.text.clone(), p.list.is_some()))
            .collect()
    }

    #[test]
    fn lists_paragraphs_and_sup() {
        let p = parse(
            "KPI –  <ul style=\"list-style-type: none\"> <li>▪ One</li> <li>▪ Two</li> </ul>",
        );
        assert_eq!(
            texts(&p),
            vec![
                ("KPI –".into(), false),
                ("One".into(), true),
                ("Two".into(), true)
            ]
        );
        let p = parse("<p>a 30 <sup>th</sup> July</p> <p>b</p>");
        assert_eq!(
            texts(&p),
            vec![("a 30th July".into(), false), ("b".into(), false)]
        );
    }

    #[test]
    fn glued_bullets_split() {
        let p = parse("<ul><li>• First 30/09/2022• Second</li></ul>");
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].text, "Second");
    }

    #[test]
    fn lone_angle_is_text() {
        let p = parse("a < b and c > d");
        assert_eq!(p[0].text, "a < b and c > d");
    }
}
