//! The success banner a page shows after a form sent the person back to it
//! (`?done=update` and so on).

use serde::Deserialize;

/// What the page can show after a form: `?done=update` and so on.
#[derive(Debug, Deserialize, Default)]
pub(crate) struct Done {
    pub done: Option<String>,
}

/// The success banner's words for a `done` flag.
pub(crate) fn done_text(done: Option<&str>) -> Option<&'static str> {
    Some(match done? {
        "update" => "Your update has been saved.",
        "evidence" => "The evidence has been added.",
        "proposed" => "The action has been proposed complete. It now awaits sign-off.",
        "signed-off" => "The action has been signed off.",
        "impact-confirmed" => "The impact check has been recorded: impact confirmed.",
        "reopened" => "The impact check has been recorded and the action reopened.",
        "edited" => "Your changes have been saved.",
        "added" => "The action has been added.",
        "deleted" => "The sub-action has been deleted.",
        "dismissed" => "The finding has been dismissed.",
        "corrected" => "Your update has been corrected. The history keeps what it first said.",
        "glossary-added" => "The abbreviation has been added to the glossary.",
        "glossary-changed" => "The glossary entry has been saved.",
        "glossary-removed" => "The abbreviation has been removed from the glossary.",
        "meeting-created" => "The meeting has been added. This page is its agenda.",
        "decision" => "The decision has been recorded. It is on the action’s timeline.",
        "meeting-closed" => "The meeting has been closed. Its record is now read-only.",
        "meeting-edited" => "The meeting’s attendees and notes have been saved.",
        "evidence-removed" => {
            "The evidence has been removed. The history keeps what it was and why."
        }
        _ => return None,
    })
}
