//! What the edit and add pages of plans, areas and actions share: a form of text fields,
//! the rules that keep an untouched field exactly as stored, and the conflict page that
//! shows both versions when someone else saved first.
//!
//! A field the person did not touch keeps its stored value, even when that value would
//! not come back the same from the form (an imported paragraph with a line break, a
//! timescale the importer dated with another year). A save against a stale version is
//! retried only when the other change left every field of this form as it was when the
//! form was drawn (told by a fingerprint of those fields carried in the form); otherwise
//! the conflict page shows their version beside the person's, and nothing is overwritten.

use crate::auth::CurrentUser;
use crate::components::Link;
use crate::views::chrome::Chrome;
use crate::views::format::moment;
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::model::AuditEvent;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// The longest single-line field (a reference, a title, a lead).
pub(crate) const MAX_SHORT_CHARS: usize = 500;
/// The longest paragraph field (an action's wording, its assurance, a narrative).
pub(crate) const MAX_LONG_CHARS: usize = 20_000;

/// One field of the form.
pub(crate) struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    /// A textarea with this many rows; 0: a one-line input.
    pub rows: u32,
    /// What the field shows (what the person sent, or the stored value drawn as text).
    pub value: String,
    pub error: String,
}

impl Field {
    /// A one-line field.
    pub fn short(name: &'static str, label: &'static str, hint: &'static str) -> Self {
        Field {
            name,
            label,
            hint,
            rows: 0,
            value: String::new(),
            error: String::new(),
        }
    }

    /// A paragraph field.
    pub fn long(name: &'static str, label: &'static str, hint: &'static str, rows: u32) -> Self {
        Field {
            rows,
            ..Field::short(name, label, hint)
        }
    }

    /// The field showing `value`.
    #[must_use]
    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = value.into();
        self
    }

    fn limit(&self) -> usize {
        if self.rows == 0 {
            MAX_SHORT_CHARS
        } else {
            MAX_LONG_CHARS
        }
    }
}

/// A field where the stored version and the person's differ.
pub(crate) struct Difference {
    pub label: &'static str,
    pub theirs: String,
    pub yours: String,
}

/// Someone else's save that came first.
pub(crate) struct Conflict {
    /// "Sam Patel on 3 March 2026 at 10:15", when the trail says.
    pub by: Option<String>,
    pub differences: Vec<Difference>,
}

/// The edit (or add) page.
#[derive(Template, WebTemplate)]
#[template(path = "edit.html")]
pub(crate) struct EditPage {
    pub chrome: Chrome,
    pub csrf_token: String,
    pub breadcrumbs: Vec<Link>,
    pub caption: String,
    pub heading: String,
    pub intro: String,
    pub post_url: String,
    pub cancel_url: String,
    pub submit: &'static str,
    /// The version the form was drawn from; 0 for an add page.
    pub version: i64,
    pub fingerprint: String,
    /// Other hidden fields the form carries (an add page's parent).
    pub hidden: Vec<(&'static str, String)>,
    pub fields: Vec<Field>,
    pub summary: Vec<Link>,
    pub conflict: Option<Conflict>,
}

impl EditPage {
    /// A page of `fields` for `me`.
    pub fn new(me: &CurrentUser, heading: impl Into<String>, fields: Vec<Field>) -> Self {
        EditPage {
            chrome: Chrome::for_user(me, "plans"),
            csrf_token: me.csrf_token.clone(),
            breadcrumbs: Vec::new(),
            caption: String::new(),
            heading: heading.into(),
            intro: String::new(),
            post_url: String::new(),
            cancel_url: String::new(),
            submit: "Save changes",
            version: 0,
            fingerprint: fingerprint(&fields),
            hidden: Vec::new(),
            fields,
            summary: Vec::new(),
            conflict: None,
        }
    }

    /// The page as sent back: the person's values in place of the drawn ones, with the
    /// version and fingerprint they were drawn with, and every length checked.
    #[must_use]
    pub fn sent_back(mut self, sent: &impl Sent) -> Self {
        for f in &mut self.fields {
            f.value = sent.get(f.name).to_string();
        }
        self.version = sent.version();
        self.fingerprint = sent.get("fingerprint").to_string();
        self.check_lengths();
        self
    }

    /// Checks every field's length; true when all are within their limits.
    fn check_lengths(&mut self) -> bool {
        let mut ok = true;
        for f in &mut self.fields {
            let limit = f.limit();
            if f.value.chars().count() > limit {
                f.error = format!("{} must be {limit} characters or fewer", f.label);
                ok = false;
            }
        }
        ok
    }

    /// Marks `name` in error with `message`.
    pub fn error(&mut self, name: &str, message: impl Into<String>) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.name == name) {
            f.error = message.into();
        }
    }

    /// Whether any field is in error; fills the error summary from the fields.
    pub fn has_errors(&mut self) -> bool {
        self.summary = self
            .fields
            .iter()
            .filter(|f| !f.error.is_empty())
            .map(|f| Link::new(f.error.clone(), format!("#{}", f.name)))
            .collect();
        !self.summary.is_empty()
    }

    /// The value shown for `name`.
    pub fn value(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .map_or("", |f| f.value.as_str())
    }

    /// Turns the page into the conflict page: `current` is the page drawn from the stored
    /// version, whose values are "theirs"; the person's stay in the form, which now
    /// carries the stored version so that saving again is a deliberate choice.
    #[must_use]
    pub fn into_conflict(mut self, current: &EditPage, by: Option<String>) -> Self {
        let differences = self
            .fields
            .iter()
            .filter_map(|f| {
                let theirs = current.value(f.name);
                (normalise(theirs) != normalise(&f.value)).then(|| Difference {
                    label: f.label,
                    theirs: theirs.to_string(),
                    yours: f.value.clone(),
                })
            })
            .collect();
        self.version = current.version;
        self.fingerprint = current.fingerprint.clone();
        self.conflict = Some(Conflict { by, differences });
        self
    }

    /// The page as a response: 409 for a conflict, 422 with errors, else 200.
    pub fn respond(self) -> Response {
        let code = if self.conflict.is_some() {
            StatusCode::CONFLICT
        } else if self.summary.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        (code, self).into_response()
    }
}

/// An edit form as sent: its fields by name, the version and fingerprint it was drawn
/// with. Each page's form is a typed struct made by [`edit_form!`]; unknown fields are
/// ignored and a missing one is empty.
pub(crate) trait Sent {
    /// The value of the field `name` ("" for a field the form does not have).
    fn get(&self, name: &str) -> &str;

    /// The version the form was drawn from (0 when missing).
    fn version(&self) -> i64;

    /// The fingerprint of the drawn values.
    fn fingerprint(&self) -> &str;

    /// Whether `name` is unchanged from how the page drew it.
    fn untouched(&self, drawn: &EditPage, name: &str) -> bool {
        normalise(self.get(name)) == normalise(drawn.value(name))
    }

    /// Whether the stored values are still the ones the form was drawn from.
    fn drawn_from(&self, current: &EditPage) -> bool {
        let sent = self.fingerprint();
        !sent.is_empty() && sent == current.fingerprint
    }
}

/// Declares an edit form: a struct deserialised from the body with one `String` per
/// field (empty when missing), the version and fingerprint every edit form carries, and
/// its [`Sent`] by field name.
macro_rules! edit_form {
    ($(#[$doc:meta])* $name:ident { $($field:ident $(as $wire:literal)?),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Default, serde::Deserialize)]
        pub(crate) struct $name {
            $(
                #[serde(default $(, rename = $wire)?)]
                pub $field: String,
            )*
            #[serde(default)]
            pub version: String,
            #[serde(default)]
            pub fingerprint: String,
        }

        impl $crate::views::edit_form::Sent for $name {
            fn get(&self, name: &str) -> &str {
                match name {
                    $(edit_form!(@wire $field $($wire)?) => &self.$field,)*
                    _ => "",
                }
            }

            fn version(&self) -> i64 {
                self.version.trim().parse().unwrap_or(0)
            }

            fn fingerprint(&self) -> &str {
                &self.fingerprint
            }
        }
    };
    (@wire $field:ident $wire:literal) => { $wire };
    (@wire $field:ident) => { stringify!($field) };
}
pub(crate) use edit_form;

/// A hash of the fields' drawn values, so a later save can tell whether someone else's
/// change touched them.
fn fingerprint(fields: &[Field]) -> String {
    let mut h = Sha256::new();
    for f in fields {
        h.update(f.name.as_bytes());
        h.update([0]);
        h.update(normalise(&f.value).as_bytes());
        h.update([0]);
    }
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Browsers send textarea line breaks as CRLF; a value compares by its lines, trimmed.
fn normalise(s: &str) -> String {
    s.replace("\r\n", "\n")
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// An optional one-line value: `None` when blank.
pub(crate) fn optional(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A list written one item per line (objectives, leads): blank lines dropped.
pub(crate) fn lines(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// Paragraphs separated by blank lines (a narrative).
pub(crate) fn paragraphs(s: &str) -> Vec<String> {
    normalise(s)
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// Who made the most recent change to `entity_id` in `trail`, and when.
pub(crate) fn last_change_by(trail: &[AuditEvent], entity_id: uuid::Uuid) -> Option<String> {
    trail
        .iter()
        .rev()
        .find(|e| e.entity_id == entity_id)
        .map(|e| format!("{} on {}", e.actor.label, moment(e.at)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_and_trailing_spaces_do_not_count_as_changes() {
        assert_eq!(normalise("a \r\nb\r\n"), "a\nb");
        assert_eq!(normalise("  a\n\n b"), "a\n\n b");
    }

    #[test]
    fn lists_and_paragraphs_drop_blank_entries() {
        assert_eq!(lines(" one \r\n\r\ntwo\n"), ["one", "two"]);
        assert_eq!(
            paragraphs("First line\nsame para\r\n\r\n\r\nSecond"),
            ["First line\nsame para", "Second"]
        );
        assert!(paragraphs(" \n ").is_empty());
        assert_eq!(optional("  "), None);
        assert_eq!(optional(" x "), Some("x".into()));
    }

    #[test]
    fn the_fingerprint_changes_with_any_value() {
        let a = [Field::short("title", "Title", "").value("A")];
        let b = [Field::short("title", "Title", "").value("B")];
        let a2 = [Field::short("title", "Title", "").value("A \r\n")];
        assert_ne!(fingerprint(&a), fingerprint(&b));
        assert_eq!(fingerprint(&a), fingerprint(&a2));
    }
}
