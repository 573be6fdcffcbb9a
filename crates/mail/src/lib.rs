//! Reminder emails.
//!
//! The domain works out what is due to whom (`assure_domain::reminders`); this crate
//! gathers what that needs from the store (`gather`), writes each digest as an email with
//! plain-text and HTML bodies (`render`), sends it over SMTP with lettre (`transport`),
//! and keeps the sent-log that makes each digest go once, across restarts and servers
//! (`run`).

pub mod gather;
pub mod render;
pub mod run;
pub mod transport;

pub use gather::due_notices;
pub use render::{Rendered, render};
pub use run::{Outcome, RunOptions, RunReport, Sent, remind, retry_delay};
pub use transport::{MailError, Mailer};
