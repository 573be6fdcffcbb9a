//! How pages write dates, moments, timescales and sizes.

use assure_domain::When;
use chrono::{DateTime, NaiveDate, Utc};

/// A date as people read it.
pub(crate) fn day(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// A moment as people read it.
pub(crate) fn moment(t: DateTime<Utc>) -> String {
    // As a clock in England shows it, BST included.
    assure_domain::clock::uk_time(t)
        .format("%-d %B %Y at %H:%M")
        .to_string()
}

/// A timescale: as written, and the date understood from it when that adds something.
pub(crate) fn when_text(w: &When) -> String {
    match w.date {
        Some(d) if day(d) != w.text => format!("{} (understood as {})", w.text, day(d)),
        _ => w.text.clone(),
    }
}

/// A file's size as people read it.
pub(crate) fn file_size(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else if bytes >= 1024 {
        format!("{} KB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}
