//! Splitting a timescale cell into tokens (words, numbers, dashes, ordinals).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TokKind {
    Word,
    /// Digits, perhaps with an ordinal suffix attached ("30th").
    Num,
    /// Digit groups joined by one of `.`, `/`, `-`: "04.10.2021", "4/10/21", "05.08".
    Numeric,
    Punct,
}

#[derive(Debug, Clone)]
pub(super) struct Tok<'a> {
    pub(super) kind: TokKind,
    pub(super) text: &'a str,
    pub(super) lower: String,
    pub(super) start: usize,
    pub(super) end: usize,
    /// Num: the digits without any suffix. Numeric: the groups.
    pub(super) groups: Vec<&'a str>,
    pub(super) ordinal: bool,
}

impl Tok<'_> {
    pub(super) fn is_word(&self, w: &str) -> bool {
        self.kind == TokKind::Word && self.lower == w
    }

    pub(super) fn digits(&self) -> Option<&str> {
        (self.kind == TokKind::Num).then(|| self.groups[0])
    }
}

pub(super) fn is_dash_char(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‐' | '‑' | '−')
}

pub(super) fn is_dash(s: &str) -> bool {
    let mut cs = s.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if is_dash_char(c))
}

pub(super) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘')
}

pub(super) fn tokenize(s: &str) -> Vec<Tok<'_>> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let n = chars.len();
    let at = |k: usize| if k < n { chars[k].0 } else { s.len() };
    let is_digit = |k: usize| k < n && chars[k].1.is_ascii_digit();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < n {
        let c = chars[i].1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = at(i);
        if c.is_ascii_digit() {
            let mut j = i;
            while is_digit(j) {
                j += 1;
            }
            let mut groups = vec![&s[start..at(j)]];
            let mut k = j;
            if k < n && matches!(chars[k].1, '.' | '/' | '-') {
                let sep = chars[k].1;
                while groups.len() < 3 && k < n && chars[k].1 == sep && is_digit(k + 1) {
                    let mut m = k + 1;
                    while is_digit(m) {
                        m += 1;
                    }
                    groups.push(&s[at(k + 1)..at(m)]);
                    k = m;
                }
            }
            if groups.len() >= 2 {
                toks.push(Tok {
                    kind: TokKind::Numeric,
                    text: &s[start..at(k)],
                    lower: s[start..at(k)].to_string(),
                    start,
                    end: at(k),
                    groups,
                    ordinal: false,
                });
                i = k;
                continue;
            }
            let suffix: String = chars[j..n.min(j + 2)]
                .iter()
                .map(|&(_, c)| c.to_ascii_lowercase())
                .collect();
            let ordinal = matches!(suffix.as_str(), "st" | "nd" | "rd" | "th")
                && !(j + 2 < n && chars[j + 2].1.is_alphanumeric());
            let end = if ordinal { j + 2 } else { j };
            toks.push(Tok {
                kind: TokKind::Num,
                text: &s[start..at(end)],
                lower: s[start..at(end)].to_lowercase(),
                start,
                end: at(end),
                groups,
                ordinal,
            });
            i = end;
            continue;
        }
        if c.is_alphabetic() {
            let mut j = i;
            while j < n {
                let cj = chars[j].1;
                if cj.is_alphabetic()
                    || (is_apostrophe(cj) && j + 1 < n && chars[j + 1].1.is_alphabetic())
                {
                    j += 1;
                } else {
                    break;
                }
            }
            let text = &s[start..at(j)];
            toks.push(Tok {
                kind: TokKind::Word,
                text,
                lower: text.to_lowercase(),
                start,
                end: at(j),
                groups: Vec::new(),
                ordinal: false,
            });
            i = j;
            continue;
        }
        let text = &s[start..at(i + 1)];
        toks.push(Tok {
            kind: TokKind::Punct,
            text,
            lower: text.to_string(),
            start,
            end: at(i + 1),
            groups: Vec::new(),
            ordinal: false,
        });
        i += 1;
    }
    toks
}
