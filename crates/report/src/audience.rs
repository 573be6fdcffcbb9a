//! Who a report is for, and so what it shows.

use std::fmt;

/// The three versions of a board report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Audience {
    /// The improvement board and the leadership team (DLT): everything, leads as written.
    Board,
    /// Scrutiny councillors and the public: everything but personal names; leads are
    /// shown as the roles they hold.
    Scrutiny,
    /// Only what needs attention: the cover, the summary and the exceptions. Like
    /// [`Audience::Scrutiny`] it names no one, so it can go wherever it is forwarded.
    Exceptions,
}

impl Audience {
    /// Every audience, in the order a form offers them.
    pub const ALL: [Audience; 3] = [Audience::Board, Audience::Scrutiny, Audience::Exceptions];

    /// The name used on the command line, in forms and in file names.
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Board => "board",
            Audience::Scrutiny => "scrutiny",
            Audience::Exceptions => "exceptions",
        }
    }

    /// Parses [`Audience::as_str`].
    pub fn parse(s: &str) -> Option<Audience> {
        Audience::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Words for people, as the report's cover and the form say it.
    pub fn describe(self) -> &'static str {
        match self {
            Audience::Board => "Improvement board and leadership team",
            Audience::Scrutiny => "Scrutiny and public",
            Audience::Exceptions => "Exceptions only",
        }
    }

    /// Whether people's names may appear (leads as written, names in updates).
    pub fn shows_names(self) -> bool {
        matches!(self, Audience::Board)
    }

    /// Whether the report has the by-area tables of every action.
    pub fn has_tables(self) -> bool {
        !matches!(self, Audience::Exceptions)
    }
}

impl fmt::Display for Audience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
