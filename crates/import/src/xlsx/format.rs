//! How Excel shows a number: dates in their own number format ("mmm-yy" gives
//! "Jan-17", as the council sees it), other numbers in their shortest exact form.

use chrono::{Datelike, NaiveDate};

/// A number cell's text, given its cell format (`None`: the cell has no number format).
pub fn render_number(f: f64, fmt: Option<&NumberFormat>, date1904: bool) -> String {
    let Some(fmt) = fmt else {
        return number(f);
    };
    if fmt.is_date {
        return match serial_date(f, date1904) {
            Some(d) => format_date(d, &fmt.code),
            None => number(f),
        };
    }
    // A format Excel does not call a date but that shows one all the same.
    if is_date_format(&fmt.code) && (1.0..2_958_465.0).contains(&f) {
        let base = if date1904 { 1462 } else { 0 };
        if let Some(d) = NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|e| e.checked_add_days(chrono::Days::new(f as u64 + base)))
        {
            return format_date(d, &fmt.code);
        }
    }
    // A percentage format shows the fraction times a hundred: 0.81 is "81%" on screen,
    // and a plan or a performance report means 81%.
    if is_percent_format(&fmt.code) {
        let shown = (f * 100.0 * 1e9).round() / 1e9;
        return format!("{}%", number(shown));
    }
    number(f)
}

/// Whether a number format shows a percentage: a `%` outside quoted text, escapes and
/// brackets (`0%`, `0.0%`, but not `0 "%"` or `[Red]0`).
fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut bracket = false;
    let mut escaped = false;
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            '%' if !quoted && !bracket => return true,
            _ => {}
        }
    }
    false
}

/// The day of an Excel serial date-time: days from 30 December 1899 (1 January 1904 in
/// the 1904 system), with Excel's phantom 29 February 1900 before day 60, rounded to
/// the millisecond.
fn serial_date(f: f64, date1904: bool) -> Option<NaiveDate> {
    let f = if date1904 { f + 1462.0 } else { f };
    let f = if f >= 60.0 { f } else { f + 1.0 };
    let ms = (f * 86_400_000.0).round();
    if !ms.is_finite() || ms.abs() > 9.0e15 {
        return None;
    }
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_time(chrono::NaiveTime::MIN);
    let at = epoch.checked_add_signed(chrono::TimeDelta::try_milliseconds(ms as i64)?)?;
    Some(at.date())
}

/// A cell format's number format: its code, and whether Excel shows it as a date.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberFormat {
    pub code: String,
    pub is_date: bool,
}

impl NumberFormat {
    /// The format with id `id`: custom (from the workbook's `numFmts`) or built in.
    pub fn new(id: u32, custom: Option<&str>) -> Self {
        match custom {
            Some(code) => NumberFormat {
                code: code.to_string(),
                is_date: is_custom_date(code),
            },
            None => NumberFormat {
                code: builtin_code(id).unwrap_or("General").to_string(),
                is_date: matches!(id, 14..=22 | 27..=36 | 45..=47 | 50..=58),
            },
        }
    }
}

/// The code of a built-in number format (ECMA-376 18.8.30).
fn builtin_code(id: u32) -> Option<&'static str> {
    Some(match id {
        0 => "General",
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        12 => "# ?/?",
        13 => "# ??/??",
        14 => "mm-dd-yy",
        15 => "d-mmm-yy",
        16 => "d-mmm",
        17 => "mmm-yy",
        18 => "h:mm AM/PM",
        19 => "h:mm:ss AM/PM",
        20 => "h:mm",
        21 => "h:mm:ss",
        22 => "m/d/yy h:mm",
        37 => "#,##0 ;(#,##0)",
        38 => "#,##0 ;[Red](#,##0)",
        39 => "#,##0.00;(#,##0.00)",
        40 => "#,##0.00;[Red](#,##0.00)",
        45 => "mm:ss",
        46 => "[h]:mm:ss",
        47 => "mmss.0",
        48 => "##0.0E+0",
        49 => "@",
        _ => return None,
    })
}

/// Whether a custom format code shows a date, a time or a duration: a date or time
/// letter outside quotes, escapes and brackets in its first section, or an elapsed
/// "[h]" (as calamine read them, so imports read as before).
fn is_custom_date(code: &str) -> bool {
    let (mut escaped, mut quoted, mut brackets, mut ampm) = (false, false, 0u8, false);
    let (mut hms, mut prev) = (false, ' ');
    for c in code.chars() {
        if escaped {
            escaped = false;
        } else {
            match c {
                '_' | '\\' | '*' => escaped = true,
                '"' => quoted = !quoted,
                _ if quoted => {}
                ';' => return false,
                '[' => brackets = brackets.saturating_add(1),
                ']' if brackets == 1 && hms => return true,
                ']' => brackets = brackets.saturating_sub(1),
                'a' | 'A' if brackets == 0 && !ampm => ampm = true,
                'p' | 'm' | '/' | 'P' | 'M' if brackets == 0 && ampm => return true,
                'd' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S'
                    if brackets == 0 && !ampm =>
                {
                    return true;
                }
                _ => {
                    if !(hms && c.eq_ignore_ascii_case(&prev)) {
                        hms = prev == '[' && matches!(c, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                    }
                }
            }
        }
        prev = c;
    }
    false
}

pub fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        // shortest form that reads back the same: 1.1 stays "1.1"
        format!("{f}")
    }
}

fn is_date_format(code: &str) -> bool {
    let c = strip_literals(code).to_lowercase();
    c.contains('y') || c.contains('d') || (c.contains('m') && !c.contains('h') && !c.contains('0'))
}

/// The format code without quoted text, escapes and [locale] prefixes.
fn strip_literals(code: &str) -> String {
    let mut out = String::new();
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for d in chars.by_ref() {
                    if d == '"' {
                        break;
                    }
                }
            }
            '\\' => {
                chars.next();
            }
            '[' => {
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                }
            }
            _ => out.push(c),
        }
    }
    out
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Renders a date with an Excel number format code (the date parts of it).
pub fn format_date(d: NaiveDate, code: &str) -> String {
    let code = code.split(';').next().unwrap_or(code);
    let chars: Vec<char> = code.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let run = chars[i..]
            .iter()
            .take_while(|&&x| x.eq_ignore_ascii_case(&c))
            .count();
        match c.to_ascii_lowercase() {
            'y' => {
                if run <= 2 {
                    out.push_str(&format!("{:02}", d.year() % 100));
                } else {
                    out.push_str(&format!("{:04}", d.year()));
                }
                i += run;
            }
            'm' => {
                let m = d.month() as usize;
                match run {
                    1 => out.push_str(&m.to_string()),
                    2 => out.push_str(&format!("{m:02}")),
                    3 => out.push_str(&MONTHS[m - 1][..3]),
                    5 => out.push_str(&MONTHS[m - 1][..1]),
                    _ => out.push_str(MONTHS[m - 1]),
                }
                i += run;
            }
            'd' => {
                let wd = d.weekday().num_days_from_monday() as usize;
                match run {
                    1 => out.push_str(&d.day().to_string()),
                    2 => out.push_str(&format!("{:02}", d.day())),
                    3 => out.push_str(&DAYS[wd][..3]),
                    _ => out.push_str(DAYS[wd]),
                }
                i += run;
            }
            '"' => {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    out.push(chars[i]);
                    i += 1;
                }
                i += 1;
            }
            '\\' => {
                if let Some(&n) = chars.get(i + 1) {
                    out.push(n);
                }
                i += 2;
            }
            '[' => {
                while i < chars.len() && chars[i] != ']' {
                    i += 1;
                }
                i += 1;
            }
            // time parts and padding have no place in a plan's dates
            'h' | 's' | '_' | '*' | '@' | '0' | '#' | '?' => i += run,
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    let t = out.trim().to_string();
    if t.is_empty() {
        d.format("%d/%m/%Y").to_string()
    } else {
        t
    }
}

#[cfg(test)]
mod percent_tests {
    use super::*;

    #[test]
    fn percentages_show_as_excel_shows_them() {
        let pct = NumberFormat::new(9, None);
        assert_eq!(render_number(0.81, Some(&pct), false), "81%");
        let custom = NumberFormat::new(164, Some("0.0%"));
        assert_eq!(render_number(0.8567, Some(&custom), false), "85.67%");
        let quoted = NumberFormat::new(165, Some("0 \"%\""));
        assert_eq!(render_number(81.0, Some(&quoted), false), "81");
        assert!(!is_percent_format("[Red]0"));
        assert!(is_percent_format("0%;[Red]-0%"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_render_with_their_format() {
        let d = NaiveDate::from_ymd_opt(2017, 1, 1).unwrap();
        assert_eq!(format_date(d, "mmm-yy"), "Jan-17");
        assert_eq!(format_date(d, "mmm-yyyy"), "Jan-2017");
        assert_eq!(format_date(d, "[$-809]dd/mm/yyyy;@"), "01/01/2017");
        assert_eq!(format_date(d, "d mmmm yyyy"), "1 January 2017");
        assert_eq!(format_date(d, "mmm\\-yy"), "Jan-17");
    }
}
