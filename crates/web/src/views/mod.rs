//! One module per page; each exposes `get` (and `post` where the page has a form).

pub(crate) mod assets;
pub(crate) mod plan;
pub(crate) mod plans;

use crate::Error;

/// Any path no route matches.
pub(crate) async fn not_found() -> Error {
    Error::NotFound
}
