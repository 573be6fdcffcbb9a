//! Passwords: what is accepted, and how it is kept.
//!
//! A new password must be at least [`MIN_LENGTH`] characters and hard to guess: the
//! `zxcvbn` strength estimator (which knows common passwords, names, words, keyboard
//! patterns, repeats and dates) must rate it at least "safely unguessable" for an online
//! attack, it must not be on a short list of breached passwords, and it must not be built
//! from the person's own name or email or from the words of the service (OWASP ASVS
//! 2.1.7, NIST SP 800-63B 5.1.1.2). No composition rules. Passwords are kept as Argon2id
//! hashes with the library's defaults (the OWASP baseline).

use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};

/// The shortest password accepted.
pub const MIN_LENGTH: usize = 12;

/// Why a password was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PasswordError {
    #[error("the password must be at least {MIN_LENGTH} characters")]
    TooShort,
    #[error("the password must be at most 1024 characters")]
    TooLong,
    #[error("{0}")]
    Guessable(String),
    #[error("could not hash the password: {0}")]
    Hash(String),
}

/// Breached and predictable passwords the estimator rates too kindly.
static COMMON: &str = include_str!("common-passwords.txt");

/// Words of the service itself, which a guesser would try first.
const SERVICE_WORDS: &[&str] = &[
    "assure",
    "ofsted",
    "council",
    "children",
    "childrens",
    "services",
    "improvement",
    "plan",
    "social",
    "care",
    "safeguarding",
];

/// The lowest `zxcvbn` score accepted: more than 10^10 guesses needed.
const MIN_SCORE: zxcvbn::Score = zxcvbn::Score::Three;

/// Checks a new password: its length, then how guessable it is for a person known by
/// `personal` (their name, their email). The message says what to do instead.
///
/// # Errors
/// [`PasswordError`] saying why the password cannot be used.
pub fn check(password: &str, personal: &[&str]) -> Result<(), PasswordError> {
    if password.chars().count() < MIN_LENGTH {
        return Err(PasswordError::TooShort);
    }
    if password.len() > 1024 {
        return Err(PasswordError::TooLong);
    }
    let folded = password.to_lowercase();
    let listed = COMMON
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .any(|l| l == folded);
    if listed {
        return Err(PasswordError::Guessable(
            "this password is one of the most common, and appears in lists used to break into accounts: choose another".into(),
        ));
    }
    // Built around the person's own name or email: refused outright.
    let letters = |t: &str| -> String {
        t.to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    let bare = letters(password);
    let own = personal.iter().any(|p| {
        let whole = letters(p.split('@').next().unwrap_or(p));
        whole.len() >= 5 && bare.contains(&whole)
    });
    if own {
        return Err(PasswordError::Guessable(
            "this password is built from your own name or email address, which is the first thing someone would try: choose another".into(),
        ));
    }
    // The person's name and email, split into words, and the service's words.
    let mut inputs: Vec<String> = SERVICE_WORDS.iter().map(|w| (*w).to_string()).collect();
    for p in personal {
        inputs.extend(
            p.to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.len() >= 3)
                .map(str::to_string),
        );
    }
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let estimate = zxcvbn::zxcvbn(password, &inputs);
    if estimate.score() >= MIN_SCORE {
        return Ok(());
    }
    let mut why = String::from("this password would be easy to guess");
    if let Some(f) = estimate.feedback() {
        if let Some(w) = f.warning() {
            why = format!("{why}: {}", lower_first(&w.to_string()));
        }
        if let Some(s) = f.suggestions().first() {
            why = format!("{}. {s}", why.trim_end_matches('.'));
        }
    }
    if !why.ends_with('.') {
        why.push('.');
    }
    why.push_str(
        " A few unrelated words together make a strong password that is easy to remember.",
    );
    Err(PasswordError::Guessable(why))
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}

/// Hashes a password into a PHC string, after checking its length (a new password is
/// checked with [`check`] first).
///
/// # Errors
/// [`PasswordError`] for a password too short or too long.
pub fn hash(password: &str) -> Result<String, PasswordError> {
    let len = password.chars().count();
    if len < MIN_LENGTH {
        return Err(PasswordError::TooShort);
    }
    // A bound on the work one request can cause.
    if password.len() > 1024 {
        return Err(PasswordError::TooLong);
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

/// Whether `password` matches the stored PHC string. A malformed hash never matches.
pub fn verify(password: &str, phc: &str) -> bool {
    if password.len() > 1024 {
        return false;
    }
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_own_password_only() {
        let h = hash("correct horse battery").expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &h));
        assert!(!verify("correct horse batterY", &h));
        assert!(!verify("correct horse battery", "not a hash"));
        assert_eq!(hash("short"), Err(PasswordError::TooShort));
        assert_eq!(hash(&"x".repeat(2000)), Err(PasswordError::TooLong));
    }

    #[test]
    fn guessable_passwords_are_refused_with_a_reason() {
        for weak in [
            "aaaaaaaaaaaaaaaa",
            "password1234",
            "Password1234",
            "qwertyuiopasdf",
            "123456789012",
            "abcdefghijklmnop",
            "Ofsted2025!!",
            "northbridge2026",
        ] {
            match check(
                weak,
                &[
                    "Northbridge Borough Council",
                    "sam.patel@northbridge.example",
                ],
            ) {
                Err(PasswordError::Guessable(why)) => assert!(
                    why.contains("guess") || why.contains("common"),
                    "{weak}: {why}"
                ),
                other => panic!("{weak} was not refused as guessable: {other:?}"),
            }
        }
        // The person's own name and email do not make a password.
        assert!(matches!(
            check(
                "sampatel.northbridge",
                &["Sam Patel", "sam.patel@northbridge.example"]
            ),
            Err(PasswordError::Guessable(_))
        ));
        assert_eq!(check("short", &[]), Err(PasswordError::TooShort));
    }

    #[test]
    fn long_unrelated_words_are_accepted() {
        for strong in [
            "correct horse battery staple",
            "violet tractor lantern ninety",
            "Kettle-Marmalade-Quarry-7",
        ] {
            assert_eq!(check(strong, &["Sam Patel"]), Ok(()), "{strong}");
        }
    }
}
