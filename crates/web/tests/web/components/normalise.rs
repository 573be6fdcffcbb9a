//! Comparing our HTML with govuk-frontend's: whitespace and attribute order aside.

// ---------------------------------------------------------------------------------
// Comparing HTML

#[derive(Debug, PartialEq)]
pub(super) enum Tok {
    Start(String, Vec<(String, String)>),
    End(String),
    Text(String),
}

impl std::fmt::Display for Tok {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Tok::Start(name, attrs) => {
                write!(f, "<{name}")?;
                for (k, v) in attrs {
                    write!(f, " {k}=\"{v}\"")?;
                }
                write!(f, ">")
            }
            Tok::End(name) => write!(f, "</{name}>"),
            Tok::Text(t) => write!(f, "{t}"),
        }
    }
}

pub(super) fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let ch = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            "ctdot" => Some('\u{22ef}'),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

pub(super) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Tags and text, with attributes sorted, token-list attributes (class,
/// aria-describedby, rel) sorted too, and whitespace collapsed.
pub(super) fn tokens(html: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = vec![];
    let mut text = String::new();
    let mut rest = html;
    let flush = |text: &mut String, out: &mut Vec<Tok>| {
        let t = collapse(&decode(text));
        if !t.is_empty() {
            out.push(Tok::Text(t));
        }
        text.clear();
    };
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").map_or(after.len(), |e| e + 3);
            rest = &after[end..];
            continue;
        }
        let is_tag = rest.starts_with('<')
            && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/');
        if !is_tag {
            let first = rest.chars().next().map_or(1, char::len_utf8);
            let next = rest[first..].find('<').map_or(rest.len(), |i| i + first);
            text.push_str(&rest[..next]);
            rest = &rest[next..];
            continue;
        }
        flush(&mut text, &mut out);
        // Find the tag's end, skipping quoted attribute values.
        let bytes = rest.as_bytes();
        let (mut i, mut quote) = (1, None);
        while i < bytes.len() {
            match (quote, bytes[i]) {
                (None, b'"' | b'\'') => quote = Some(bytes[i]),
                (Some(q), c) if c == q => quote = None,
                (None, b'>') => break,
                _ => {}
            }
            i += 1;
        }
        let inner = &rest[1..i];
        rest = &rest[(i + 1).min(rest.len())..];
        if let Some(name) = inner.strip_prefix('/') {
            out.push(Tok::End(name.trim().to_ascii_lowercase()));
            continue;
        }
        let self_closing = inner.ends_with('/');
        let inner = inner.trim_end_matches('/');
        let name_end = inner
            .find(|c: char| c.is_whitespace())
            .unwrap_or(inner.len());
        let name = inner[..name_end].to_ascii_lowercase();
        let mut attrs = vec![];
        let mut a = inner[name_end..].trim_start();
        while !a.is_empty() {
            let key_end = a
                .find(|c: char| c.is_whitespace() || c == '=')
                .unwrap_or(a.len());
            let key = a[..key_end].to_ascii_lowercase();
            a = a[key_end..].trim_start();
            let mut value = String::new();
            if let Some(after) = a.strip_prefix('=') {
                let after = after.trim_start();
                let (v, remaining) = match after.chars().next() {
                    Some(q @ ('"' | '\'')) => {
                        let close = after[1..].find(q).map_or(after.len(), |c| c + 1);
                        (&after[1..close], &after[(close + 1).min(after.len())..])
                    }
                    _ => {
                        let end = after.find(char::is_whitespace).unwrap_or(after.len());
                        (&after[..end], &after[end..])
                    }
                };
                value = decode(v);
                a = remaining.trim_start();
            }
            if matches!(key.as_str(), "class" | "aria-describedby" | "rel") {
                let mut parts: Vec<&str> = value.split_whitespace().collect();
                parts.sort_unstable();
                value = parts.join(" ");
            }
            if !key.is_empty() {
                attrs.push((key, value));
            }
        }
        attrs.sort();
        out.push(Tok::Start(name.clone(), attrs));
        if self_closing {
            out.push(Tok::End(name));
        }
    }
    flush(&mut text, &mut out);
    out
}

/// Where the two differ, shown as their normalised token streams around that point.
pub(super) fn difference(ours: &str, theirs: &str) -> Option<String> {
    let (a, b) = (tokens(ours), tokens(theirs));
    if a == b {
        return None;
    }
    let at = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let show = |t: &[Tok]| {
        t.iter()
            .skip(at.saturating_sub(2))
            .take(5)
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    };
    Some(format!("ours:   {}\ntheirs: {}", show(&a), show(&b)))
}
