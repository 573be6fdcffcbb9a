//! What people may type, wherever they type it: the limits and shapes the store enforces
//! on every write (so the CLI, the web and any API meet the same rules) and the web reads
//! to say which field of a form is wrong before it asks the store.

/// The longest progress update, in characters.
pub const MAX_UPDATE_CHARS: usize = 10_000;
/// The longest note on a proposal or an impact check, in characters.
pub const MAX_NOTE_CHARS: usize = 10_000;
/// The longest title of a piece of evidence, in characters.
pub const MAX_EVIDENCE_TITLE_CHARS: usize = 300;
/// The longest web address of a piece of evidence, in characters.
pub const MAX_URL_CHARS: usize = 2_000;
/// The longest abbreviation in a plan's glossary, in characters (a lead can be a role
/// written out: "AD chairs All HoS to contribute").
pub const MAX_ABBREVIATION_CHARS: usize = 200;
/// The longest meaning or name of a glossary entry, in characters.
pub const MAX_GLOSSARY_TEXT_CHARS: usize = 500;
/// The longest email address (RFC 5321's path limit).
pub const MAX_EMAIL_CHARS: usize = 254;

/// Whether `email` looks like an address mail could reach: something before the `@`, a
/// dotted domain after it, no spaces. (Deliverability is the mail server's to judge.)
pub fn is_plausible_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.contains('@')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(char::is_whitespace)
                && email.len() <= MAX_EMAIL_CHARS
        }
        None => false,
    }
}

/// Whether `url` is a web address Assure will link to: http or https, a host, no spaces
/// or control characters (a link is drawn into pages and board reports).
pub fn is_web_address(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty()
                && !host.starts_with('@')
                && !url.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        assert!(is_plausible_email("kate.morris@northbridge.gov.uk"));
        for bad in [
            "not-an-email",
            "@northbridge.gov.uk",
            "kate@localhost",
            "kate@.uk",
            "kate@uk.",
            "kate morris@northbridge.gov.uk",
            "a@b@c.uk",
        ] {
            assert!(!is_plausible_email(bad), "{bad}");
        }
        let long = format!("{}@example.org", "a".repeat(MAX_EMAIL_CHARS));
        assert!(!is_plausible_email(&long));
    }

    #[test]
    fn web_addresses_need_a_scheme_and_a_host() {
        assert!(is_web_address("https://intranet.example/report?x=1"));
        assert!(is_web_address("HTTP://intranet.example"));
        for bad in [
            "intranet.example/report",
            "https://",
            "https:///path",
            "https://@host",
            "https://intranet.example/a b",
            "https://intranet.example/\u{7}",
            "javascript:alert(1)",
        ] {
            assert!(!is_web_address(bad), "{bad}");
        }
    }
}
