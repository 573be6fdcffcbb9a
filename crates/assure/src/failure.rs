//! How a command fails: one line for the person at the terminal, and an exit code —
//! 2 when their input was wrong, 1 when something else was (the database, the disk).

use assure_store::StoreError;

/// A command's failure.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub code: u8,
}

impl Failure {
    /// The person's input was wrong: a missing file, a malformed plan, an unknown id.
    pub fn input(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code: 2,
        }
    }

    /// Something outside their input failed.
    pub fn other(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code: 1,
        }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { .. } | StoreError::Invalid(_) | StoreError::Duplicate(_) => {
                Failure::input(e.to_string())
            }
            _ => Failure::other(e.to_string()),
        }
    }
}
