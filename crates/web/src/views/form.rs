//! What every page with a form shares.
//!
//! A form is a typed struct deserialised from the body (`axum::Form`); its problems are
//! one [`FieldErrors`], which gives the error summary at the top of the page and each
//! field's own message, in the order the page shows its fields. A page sent back with
//! errors answers 422 ([`invalid`]); one sent back because someone else saved first, 409.
//! The CSRF token is every form's first field, `csrf_token`, checked by the guard before
//! any handler runs (`auth::csrf`); handlers never see it.

use crate::components::Link;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// One problem: the field it is about (its `name`), where the summary links to, and
/// what to do, in the GOV.UK style ("Enter the update").
#[derive(Debug, Clone)]
struct FieldError {
    field: String,
    anchor: Option<String>,
    message: String,
}

/// The problems of one form, in the order the page shows its fields.
#[derive(Debug, Clone, Default)]
pub(crate) struct FieldErrors {
    items: Vec<FieldError>,
}

impl FieldErrors {
    /// `field` is wrong; the summary links to the input of that name.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.add_at(field, &format!("#{field}"), message);
    }

    /// `field` is wrong; the summary links to `anchor` (the first input of a date).
    pub fn add_at(&mut self, field: &str, anchor: &str, message: impl Into<String>) {
        self.items.push(FieldError {
            field: field.to_string(),
            anchor: Some(anchor.to_string()),
            message: message.into(),
        });
    }

    /// A problem with the whole form, shown in the summary only.
    pub fn general(&mut self, message: impl Into<String>) {
        self.items.push(FieldError {
            field: String::new(),
            anchor: None,
            message: message.into(),
        });
    }

    /// Errors of one problem with the whole form.
    pub fn only(message: impl Into<String>) -> Self {
        let mut e = Self::default();
        e.general(message);
        e
    }

    /// The message for `field`, or "" (the components show no error for "").
    pub fn get(&self, field: &str) -> &str {
        self.items
            .iter()
            .find(|e| !e.field.is_empty() && e.field == field)
            .map_or("", |e| e.message.as_str())
    }

    /// Whether `field` has a problem.
    pub fn has(&self, field: &str) -> bool {
        !self.get(field).is_empty()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The error summary's links.
    pub fn summary(&self) -> Vec<Link> {
        self.items
            .iter()
            .map(|e| match &e.anchor {
                Some(a) => Link::new(e.message.clone(), a.clone()),
                None => Link::text(e.message.clone()),
            })
            .collect()
    }
}

/// A page as the answer, with `status`.
pub(crate) fn with_status(page: impl IntoResponse, status: StatusCode) -> Response {
    (status, page).into_response()
}

/// A form page sent back with its problems: 422.
pub(crate) fn invalid(page: impl IntoResponse) -> Response {
    with_status(page, StatusCode::UNPROCESSABLE_ENTITY)
}

/// A form page sent back because someone else saved first: 409.
pub(crate) fn conflicted(page: impl IntoResponse) -> Response {
    with_status(page, StatusCode::CONFLICT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_keep_their_order_and_anchors() {
        let mut e = FieldErrors::default();
        assert!(e.is_empty());
        e.add("text", "Enter the update");
        e.add_at("date", "#date-day", "Enter a real date");
        e.general("Someone else changed this");
        assert_eq!(e.get("text"), "Enter the update");
        assert_eq!(e.get("status"), "");
        assert!(e.has("date") && !e.has("status"));
        let s = e.summary();
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].href.as_deref(), Some("#text"));
        assert_eq!(s[1].href.as_deref(), Some("#date-day"));
        assert_eq!(s[2].href, None);
    }
}
