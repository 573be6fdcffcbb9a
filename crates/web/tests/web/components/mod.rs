//! The GOV.UK component macros (templates/components/) against govuk-frontend's own
//! examples: each component's `fixtures.json` gives Nunjucks options and the HTML the
//! real macro renders for them. For every fixture whose options our macro can express,
//! we render our macro with the same values and compare the HTML, ignoring whitespace
//! between and around text, attribute order and class order.
//!
//! Fixtures that use options we chose not to offer (arbitrary `attributes`, raw `html`
//! parameters, conditional reveals…) are counted as "not offered"; every other fixture
//! must match, and a few named ones per component must be among them so a converter
//! cannot quietly refuse everything. The fixtures come with `npm ci` in `assets/`
//! (build.rs runs it); without them the test says so and passes.

use askama::Template;
use assure_web::components::{Cell, Choice, Link, PageItem, RowAction, SummaryRow, SummaryRows};
use serde_json::{Map, Value};
use std::fmt::Write as _;
use std::path::PathBuf;

mod content;
mod controls;
mod messages;
mod normalise;

use content::*;
use controls::*;
use messages::*;
use normalise::*;

// ---------------------------------------------------------------------------------
// Reading fixtures

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../assets/node_modules/govuk-frontend/dist/govuk/components")
}

/// `(name, options, html)` of every fixture of `component`, or `None` when
/// govuk-frontend is not installed.
fn fixtures(component: &str) -> Option<Vec<(String, Value, String)>> {
    let path = fixtures_dir().join(component).join("fixtures.json");
    let text = std::fs::read_to_string(&path).ok()?;
    let json: Value = serde_json::from_str(&text).expect("fixtures.json is JSON");
    Some(
        json["fixtures"]
            .as_array()
            .expect("a fixtures array")
            .iter()
            .map(|f| {
                (
                    f["name"].as_str().unwrap().to_owned(),
                    f["options"].clone(),
                    f["html"].as_str().unwrap().to_owned(),
                )
            })
            .collect(),
    )
}

/// Why a fixture cannot be expressed with our macro.
type NotOffered = String;
type Conv<T> = Result<T, NotOffered>;

/// The options as an object whose keys are all in `allowed`.
fn only<'a>(v: &'a Value, allowed: &[&str]) -> Conv<&'a Map<String, Value>> {
    let Some(map) = v.as_object() else {
        return Err(format!("not an object: {v}"));
    };
    for key in map.keys() {
        if !allowed.contains(&key.as_str()) {
            return Err(format!("option `{key}`"));
        }
    }
    Ok(map)
}

/// A string (or number) option; "" when absent.
fn st(map: &Map<String, Value>, key: &str) -> Conv<String> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        Some(other) => Err(format!("`{key}` is {other}")),
    }
}

/// A boolean option; false when absent.
fn bo(map: &Map<String, Value>, key: &str) -> Conv<bool> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(format!("`{key}` is {other}")),
    }
}

/// The `text` of a `{ text }` option (hint, errorMessage…), "" when absent.
fn text_of(map: &Map<String, Value>, key: &str) -> Conv<String> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(v) => st(only(v, &["text"])?, "text"),
    }
}

/// The `classes` of a `{ classes }` option (formGroup), "" when absent.
fn classes_of(map: &Map<String, Value>, key: &str) -> Conv<String> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(v) => st(only(v, &["classes"])?, "classes"),
    }
}

/// `(text, classes, is_page_heading)` of a label or a legend.
fn heading_of(map: &Map<String, Value>, key: &str) -> Conv<(String, String, bool)> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(Default::default()),
        Some(v) => {
            let m = only(v, &["text", "classes", "isPageHeading"])?;
            Ok((st(m, "text")?, st(m, "classes")?, bo(m, "isPageHeading")?))
        }
    }
}

/// `(legend, legend classes, is page heading, describedBy)` of radios' and
/// checkboxes' `fieldset`; our macros draw a fieldset exactly when there is a legend.
fn fieldset_of(map: &Map<String, Value>) -> Conv<(String, String, bool, String)> {
    match map.get("fieldset") {
        None | Some(Value::Null) => Ok(Default::default()),
        Some(v) => {
            let m = only(v, &["legend", "describedBy"])?;
            let (legend, classes, heading) = heading_of(m, "legend")?;
            if legend.is_empty() {
                return Err("a fieldset without a legend".into());
            }
            Ok((legend, classes, heading, st(m, "describedBy")?))
        }
    }
}

fn array<'a>(map: &'a Map<String, Value>, key: &str) -> Conv<Vec<&'a Value>> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(vec![]),
        Some(Value::Array(items)) => {
            if items.iter().any(|i| !i.is_object() && !i.is_array()) {
                return Err(format!("a falsy item in `{key}`"));
            }
            Ok(items.iter().collect())
        }
        Some(other) => Err(format!("`{key}` is {other}")),
    }
}

/// Radio, checkbox or select items; `selected` is the option saying which is chosen
/// (`checked` or `selected`), `current` whether the group's value/values pick it.
fn choices(
    map: &Map<String, Value>,
    selected: &str,
    current: &dyn Fn(&str) -> bool,
) -> Conv<Vec<Choice>> {
    let mut out = vec![];
    for item in array(map, "items")? {
        let m = only(
            item,
            &[
                "value",
                "text",
                selected,
                "hint",
                "disabled",
                "id",
                "divider",
                "behaviour",
            ],
        )?;
        if let Some(divider) = m.get("divider") {
            out.push(Choice::divider(divider.as_str().unwrap_or_default()));
            continue;
        }
        if !m.contains_key("value") {
            return Err("an item without a value".into());
        }
        let value = st(m, "value")?;
        // As the Nunjucks macros do: an item's own checked/selected wins over the group's
        // value(s).
        let checked = match m.get(selected) {
            Some(Value::Bool(b)) => *b,
            _ => current(&value),
        };
        let hint = text_of(m, "hint")?;
        let id = st(m, "id")?;
        let behaviour = st(m, "behaviour")?;
        if !behaviour.is_empty() && behaviour != "exclusive" {
            return Err(format!("behaviour {behaviour}"));
        }
        out.push(Choice {
            text: st(m, "text")?,
            value,
            hint: (!hint.is_empty()).then_some(hint),
            checked,
            disabled: bo(m, "disabled")?,
            id: (!id.is_empty()).then_some(id),
            divider: None,
            exclusive: behaviour == "exclusive",
        });
    }
    Ok(out)
}

fn cell(v: &Value) -> Conv<Cell> {
    let m = only(v, &["text", "format", "classes", "colspan", "rowspan"])?;
    let num = |k: &str| -> Conv<Option<u32>> {
        match m.get(k) {
            None => Ok(None),
            Some(n) => n
                .as_u64()
                .map(|n| Some(n as u32))
                .ok_or_else(|| format!("`{k}` is {n}")),
        }
    };
    let opt = |s: String| (!s.is_empty()).then_some(s);
    Ok(Cell {
        text: st(m, "text")?,
        format: opt(st(m, "format")?),
        classes: opt(st(m, "classes")?),
        colspan: num("colspan")?,
        rowspan: num("rowspan")?,
    })
}

// ---------------------------------------------------------------------------------
// The test

/// One component: its fixtures folder, our converter, and fixtures that must be among
/// those we express (and so must match).
struct Case {
    component: &'static str,
    render: fn(&Value) -> Conv<String>,
    required: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        component: "button",
        render: button,
        required: &[
            "default",
            "disabled",
            "link",
            "start",
            "secondary",
            "warning",
            "name",
            "value",
        ],
    },
    Case {
        component: "input",
        render: input,
        required: &[
            "default",
            "with hint text",
            "with error message",
            "with error and hint",
            "with label as page heading",
            "with prefix",
            "value",
            "with autocomplete attribute",
        ],
    },
    Case {
        component: "textarea",
        render: textarea,
        required: &[
            "default",
            "with hint",
            "with error message",
            "with default value",
            "with custom rows",
            "with hint and error message",
        ],
    },
    Case {
        component: "select",
        render: select,
        required: &[
            "default",
            "with hint text and error message",
            "hint",
            "error",
            "with selected value",
        ],
    },
    Case {
        component: "radios",
        render: radios,
        required: &[
            "default",
            "with hint",
            "inline",
            "with a divider",
            "with hints on items",
            "with error message",
            "with hint and error message",
            "prechecked using value",
            "small",
        ],
    },
    Case {
        component: "checkboxes",
        render: checkboxes,
        required: &[
            "default",
            "with hint",
            "with checked item",
            "with divider and None",
            "with error and idPrefix",
            "with error message",
            "with error message and hint",
            "small",
            "with single option set 'aria-describedby' on input, and describedBy",
        ],
    },
    Case {
        component: "date-input",
        render: date_input,
        required: &[
            "default",
            "with values",
            "with errors only",
            "with error message and hint",
            "with error on day input",
            "with error on year input",
            "with values and name prefix",
            "with hint and described by",
        ],
    },
    Case {
        component: "file-upload",
        render: file_upload,
        required: &[
            "default",
            "with hint text",
            "with error message and hint",
            "error",
            "allows multiple files",
        ],
    },
    Case {
        component: "error-summary",
        render: error_summary,
        required: &[
            "default",
            "without links",
            "mixed with and without links",
            "with everything",
        ],
    },
    Case {
        component: "error-message",
        render: error_message,
        required: &[
            "default",
            "id",
            "classes",
            "with visually hidden text",
            "visually hidden text removed",
        ],
    },
    Case {
        component: "fieldset",
        render: fieldset,
        required: &[
            "default",
            "as page heading l",
            "with describedBy",
            "html fieldset content",
        ],
    },
    Case {
        component: "hint",
        render: hint,
        required: &["default", "id", "classes"],
    },
    Case {
        component: "label",
        render: label,
        required: &["default", "with bold text", "as page heading l", "for"],
    },
    Case {
        component: "table",
        render: table,
        required: &[
            "default",
            "with head",
            "with head and caption",
            "with firstCellIsHeader true",
        ],
    },
    Case {
        component: "tag",
        render: tag,
        required: &["default", "grey", "red", "green"],
    },
    Case {
        component: "summary-list",
        render: summary_list,
        required: &["default", "no-border", "with some actions", "actions href"],
    },
    Case {
        component: "notification-banner",
        render: notification_banner,
        required: &[
            "default",
            "with type as success",
            "custom title",
            "with text as html",
        ],
    },
    Case {
        component: "back-link",
        render: back_link,
        required: &["default", "with custom text and link"],
    },
    Case {
        component: "breadcrumbs",
        render: breadcrumbs,
        required: &[
            "default",
            "with one level",
            "with last breadcrumb as current page",
            "with collapse on mobile",
        ],
    },
    Case {
        component: "inset-text",
        render: inset_text,
        required: &["default", "with html", "id"],
    },
    Case {
        component: "warning-text",
        render: warning_text,
        required: &["default", "classes", "icon fallback text only"],
    },
    Case {
        component: "details",
        render: details,
        required: &["default", "expanded", "id", "with html"],
    },
    Case {
        component: "pagination",
        render: pagination,
        required: &[
            "default",
            "with many pages",
            "first page",
            "last page",
            "with prev and next only",
            "with prev and next only and labels",
        ],
    },
];

#[test]
#[ignore = "needs assets/node_modules (scripts/install-test-deps runs npm ci); scripts/test runs it when it is there"]
fn components_match_govuk_frontend_fixtures() {
    if !fixtures_dir().is_dir() {
        println!(
            "skipped: {} not found; run `npm ci` in assets/ (cargo build does)",
            fixtures_dir().display()
        );
        return;
    }
    let mut report = String::new();
    let mut failures = vec![];
    let (mut total_matched, mut total_fixtures) = (0, 0);
    for case in CASES {
        let all = fixtures(case.component)
            .unwrap_or_else(|| panic!("no fixtures.json for {}", case.component));
        let (mut matched, mut not_offered) = (0, vec![]);
        for (name, options, html) in &all {
            match (case.render)(options) {
                Err(why) => {
                    if case.required.contains(&name.as_str()) {
                        failures.push(format!("{} / {name}: not expressed: {why}", case.component));
                    }
                    not_offered.push(format!("{name} ({why})"));
                }
                Ok(ours) => match difference(&ours, html) {
                    None => matched += 1,
                    Some(diff) => failures.push(format!(
                        "{} / {name}:\n{diff}\n--- ours ---\n{ours}\n",
                        case.component
                    )),
                },
            }
        }
        total_matched += matched;
        total_fixtures += all.len();
        let _ = writeln!(
            report,
            "{:<20} {matched:>2}/{:<2} match; not offered: {}",
            case.component,
            all.len(),
            if not_offered.is_empty() {
                "-".to_owned()
            } else {
                not_offered.join("; ")
            }
        );
    }
    println!("{report}total: {total_matched}/{total_fixtures} fixtures match");
    assert!(
        failures.is_empty(),
        "{} fixtures differ:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn normalising_ignores_whitespace_and_attribute_order_but_not_content() {
    assert!(
        difference(
            "<p class=\"b a\" id=x>\n  Hi &amp; bye\n</p>",
            "<p id=\"x\" class=\"a b\">Hi &#38; bye</p>"
        )
        .is_none()
    );
    assert!(difference("<p>Hi</p>", "<p>Hello</p>").is_some());
    assert!(difference("<input disabled>", "<input>").is_some());
    assert!(difference("<path d=\"1\"/>", "<path d=\"1\"></path>").is_none());
}

// ---------------------------------------------------------------------------------
// Our own components (not in govuk-frontend): status tags.

#[derive(Template)]
#[template(
    source = r#"{% import "components/tag.html" as c %}{{ c::status_tag(text=text, meaning=meaning, describe=describe) }}"#,
    ext = "html"
)]
struct StatusTag<'a> {
    text: &'a str,
    meaning: &'a str,
    describe: &'a str,
}

#[test]
fn status_tags_say_their_status_in_words() {
    let html = StatusTag {
        text: "Red",
        meaning: "off_track",
        describe: "off track",
    }
    .render()
    .unwrap();
    assert!(difference(
        &html,
        r#"<strong class="govuk-tag app-tag app-tag--off-track">Red<span class="govuk-visually-hidden"> (off track)</span></strong>"#
    )
    .is_none(), "{html}");
    // When the plan's word already says it, it is not repeated.
    let html = StatusTag {
        text: "Off track",
        meaning: "off_track",
        describe: "off track",
    }
    .render()
    .unwrap();
    assert!(!html.contains("visually-hidden"), "{html}");
    // Text is escaped.
    let html = StatusTag {
        text: "<b>",
        meaning: "complete",
        describe: "",
    }
    .render()
    .unwrap();
    assert!(html.contains("&#60;b&#62;"), "{html}");
}

/// Every status colour pair in the stylesheet has at least 4.5:1 contrast (WCAG 2.2
/// 1.4.3, AA for normal-size text), and every meaning has one.
#[test]
fn status_tag_colours_meet_wcag_aa() {
    let css_path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../assets/dist/app.css");
    let Ok(css) = std::fs::read_to_string(&css_path) else {
        println!("skipped: {} not built", css_path.display());
        return;
    };
    for meaning in [
        "complete",
        "ahead",
        "on-track",
        "at-risk",
        "off-track",
        "not-started",
    ] {
        let selector = format!(".app-tag--{meaning}");
        let rule = css
            .split('}')
            .find(|r| {
                r.split('{')
                    .next()
                    .is_some_and(|sel| sel.split(',').any(|s| s.trim() == selector))
            })
            .unwrap_or_else(|| panic!("no rule for {selector}"));
        let body = rule.split('{').nth(1).unwrap();
        let colour = |prop: &str| {
            let value = body
                .split(';')
                .find_map(|d| d.trim().strip_prefix(&format!("{prop}:")))
                .unwrap_or_else(|| panic!("{selector} has no {prop}"));
            hex(value.trim())
        };
        let (fg, bg) = (colour("color"), colour("background-color"));
        let ratio = contrast(fg, bg);
        println!("{selector}: {ratio:.2}:1");
        assert!(
            ratio >= 4.5,
            "{selector}: contrast {ratio:.2}:1 is under 4.5:1"
        );
    }
}

fn hex(v: &str) -> [f64; 3] {
    let h = v
        .strip_prefix('#')
        .unwrap_or_else(|| panic!("not a hex colour: {v}"));
    let h: String = if h.len() == 3 {
        h.chars().flat_map(|c| [c, c]).collect()
    } else {
        h.to_owned()
    };
    let c = |i: usize| f64::from(u8::from_str_radix(&h[i..i + 2], 16).unwrap()) / 255.0;
    [c(0), c(2), c(4)]
}

/// WCAG relative luminance contrast ratio.
fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let lum = |c: [f64; 3]| {
        let l = |v: f64| {
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * l(c[0]) + 0.7152 * l(c[1]) + 0.0722 * l(c[2])
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}
