//! The whole plan as Word or Excel, to edit and import again: every area, action,
//! update, milestone and measure in the tables of `assure_domain::plan_tables`, not the
//! board report (which is cut to a period and an audience). `assure import` recognises
//! these files by their header rows and reads them back exactly, edits included.

pub mod docx;
pub mod xlsx;

use crate::model::ReportError;
use assure_domain::PlanDocument;

/// The formats the whole plan is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanFormat {
    Docx,
    Xlsx,
}

impl PlanFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            PlanFormat::Docx => "docx",
            PlanFormat::Xlsx => "xlsx",
        }
    }

    /// "docx" or "xlsx".
    ///
    /// # Errors
    /// [`ReportError::BadFormat`] for anything else.
    pub fn parse(s: &str) -> Result<PlanFormat, ReportError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "docx" | "word" => Ok(PlanFormat::Docx),
            "xlsx" | "excel" => Ok(PlanFormat::Xlsx),
            other => Err(ReportError::BadFormat(other.to_string())),
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            PlanFormat::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            PlanFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// "northbridge-improvement-plan-whole-plan.xlsx": letters, digits and dashes, so
    /// no file system or header refuses it.
    pub fn file_name(self, doc: &PlanDocument) -> String {
        let mut stem = String::new();
        for c in doc.title.chars() {
            if c.is_ascii_alphanumeric() {
                stem.push(c.to_ascii_lowercase());
            } else if !stem.ends_with('-') && !stem.is_empty() {
                stem.push('-');
            }
        }
        let stem: String = stem.trim_end_matches('-').chars().take(70).collect();
        let stem = stem.trim_end_matches('-');
        if stem.is_empty() {
            format!("whole-plan.{}", self.as_str())
        } else {
            format!("{stem}-whole-plan.{}", self.as_str())
        }
    }
}

/// The whole plan in `format`.
///
/// # Errors
/// [`ReportError::Render`] when the file cannot be written (a cell longer than Excel
/// holds, say).
pub fn render(doc: &PlanDocument, format: PlanFormat) -> Result<Vec<u8>, ReportError> {
    match format {
        PlanFormat::Docx => docx::write(doc),
        PlanFormat::Xlsx => xlsx::write(doc),
    }
}

/// How wide a column is drawn, relative to the others: wide for words, narrow for
/// numbers and dates.
pub(crate) fn weight(header: &str) -> u32 {
    match header {
        "Action" | "Update" | "Area" | "Value" | "Definition" | "Milestone" => 6,
        "Assurance" | "Impact" | "Measure" | "Objectives" | "Outcomes" | "Success measures"
        | "Area narrative" | "Evidence" | "Description" | "Reason" | "Note" | "Resources" => 4,
        "Start" | "Due" | "Leads" | "Sponsor" | "Stands for" | "Name" | "Measure name"
        | "Detail" | "Milestone due" | "Source" | "Owner" | "Links" | "Plan field" => 3,
        _ => 2,
    }
}
