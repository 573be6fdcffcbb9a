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
// One test template per macro: the fixture's values, passed as the macro's arguments.

#[derive(Template, Default)]
#[template(
    source = r#"{% import "components/button.html" as c %}{{ c::button(text=text, href=href, name=name, value=value, button_type=button_type, id=id, classes=classes, disabled=disabled, prevent_double_click=prevent_double_click, is_start_button=is_start_button) }}"#,
    ext = "html"
)]
struct Button {
    text: String,
    href: String,
    name: String,
    value: String,
    button_type: String,
    id: String,
    classes: String,
    disabled: bool,
    prevent_double_click: bool,
    is_start_button: bool,
}

fn button(o: &Value) -> Conv<String> {
    let m = only(
        o,
        &[
            "text",
            "href",
            "name",
            "value",
            "type",
            "id",
            "classes",
            "disabled",
            "preventDoubleClick",
            "isStartButton",
        ],
    )?;
    if m.get("preventDoubleClick") == Some(&Value::Bool(false)) {
        return Err("preventDoubleClick false".into());
    }
    let button_type = st(m, "type")?;
    Ok(Button {
        text: st(m, "text")?,
        href: st(m, "href")?,
        name: st(m, "name")?,
        value: st(m, "value")?,
        button_type: if button_type.is_empty() {
            "submit".into()
        } else {
            button_type
        },
        id: st(m, "id")?,
        classes: st(m, "classes")?,
        disabled: bo(m, "disabled")?,
        prevent_double_click: bo(m, "preventDoubleClick")?,
        is_start_button: bo(m, "isStartButton")?,
    }
    .render()
    .unwrap())
}

#[derive(Template, Default)]
#[template(
    source = r#"{% import "components/input.html" as c %}{{ c::input(name=name, label=label, id=id, hint=hint, value=value, error=error, input_type=input_type, classes=classes, label_classes=label_classes, label_is_page_heading=label_is_page_heading, autocomplete=autocomplete, inputmode=inputmode, pattern=pattern, spellcheck=spellcheck, autocapitalize=autocapitalize, prefix=prefix, suffix=suffix, described_by=described_by, form_group_classes=form_group_classes, disabled=disabled) }}"#,
    ext = "html"
)]
struct Input {
    name: String,
    label: String,
    id: String,
    hint: String,
    value: String,
    error: String,
    input_type: String,
    classes: String,
    label_classes: String,
    label_is_page_heading: bool,
    autocomplete: String,
    inputmode: String,
    pattern: String,
    spellcheck: String,
    autocapitalize: String,
    prefix: String,
    suffix: String,
    described_by: String,
    form_group_classes: String,
    disabled: bool,
}

fn spellcheck(m: &Map<String, Value>) -> Conv<String> {
    Ok(match m.get("spellcheck") {
        Some(Value::Bool(b)) => b.to_string(),
        None => String::new(),
        Some(other) => return Err(format!("spellcheck {other}")),
    })
}

fn input(o: &Value) -> Conv<String> {
    let m = only(
        o,
        &[
            "name",
            "id",
            "label",
            "hint",
            "errorMessage",
            "value",
            "type",
            "classes",
            "autocomplete",
            "inputmode",
            "pattern",
            "spellcheck",
            "autocapitalize",
            "prefix",
            "suffix",
            "describedBy",
            "formGroup",
            "disabled",
        ],
    )?;
    let (label, label_classes, label_is_page_heading) = heading_of(m, "label")?;
    let input_type = st(m, "type")?;
    Ok(Input {
        name: st(m, "name")?,
        label,
        id: st(m, "id")?,
        hint: text_of(m, "hint")?,
        value: st(m, "value")?,
        error: text_of(m, "errorMessage")?,
        input_type: if input_type.is_empty() {
            "text".into()
        } else {
            input_type
        },
        classes: st(m, "classes")?,
        label_classes,
        label_is_page_heading,
        autocomplete: st(m, "autocomplete")?,
        inputmode: st(m, "inputmode")?,
        pattern: st(m, "pattern")?,
        spellcheck: spellcheck(m)?,
        autocapitalize: st(m, "autocapitalize")?,
        prefix: text_of(m, "prefix")?,
        suffix: text_of(m, "suffix")?,
        described_by: st(m, "describedBy")?,
        form_group_classes: classes_of(m, "formGroup")?,
        disabled: bo(m, "disabled")?,
    }
    .render()
    .unwrap())
}

#[derive(Template, Default)]
#[template(
    source = r#"{% import "components/textarea.html" as c %}{{ c::textarea(name=name, label=label, id=id, hint=hint, value=value, error=error, rows=rows, classes=classes, label_classes=label_classes, label_is_page_heading=label_is_page_heading, autocomplete=autocomplete, spellcheck=spellcheck, described_by=described_by, form_group_classes=form_group_classes, disabled=disabled) }}"#,
    ext = "html"
)]
struct Textarea {
    name: String,
    label: String,
    id: String,
    hint: String,
    value: String,
    error: String,
    rows: u32,
    classes: String,
    label_classes: String,
    label_is_page_heading: bool,
    autocomplete: String,
    spellcheck: String,
    described_by: String,
    form_group_classes: String,
    disabled: bool,
}

fn textarea(o: &Value) -> Conv<String> {
    let m = only(
        o,
        &[
            "name",
            "id",
            "label",
            "hint",
            "errorMessage",
            "value",
            "rows",
            "classes",
            "autocomplete",
            "spellcheck",
            "describedBy",
            "formGroup",
            "disabled",
        ],
    )?;
    let (label, label_classes, label_is_page_heading) = heading_of(m, "label")?;
    let rows = st(m, "rows")?;
    Ok(Textarea {
        name: st(m, "name")?,
        label,
        id: st(m, "id")?,
        hint: text_of(m, "hint")?,
        value: st(m, "value")?,
        error: text_of(m, "errorMessage")?,
        rows: rows.parse().unwrap_or(5),
        classes: st(m, "classes")?,
        label_classes,
        label_is_page_heading,
        autocomplete: st(m, "autocomplete")?,
        spellcheck: spellcheck(m)?,
        described_by: st(m, "describedBy")?,
        form_group_classes: classes_of(m, "formGroup")?,
        disabled: bo(m, "disabled")?,
    }
    .render()
    .unwrap())
}

#[derive(Template, Default)]
#[template(
    source = r#"{% import "components/select.html" as c %}{{ c::select(name=name, label=label, items=items, id=id, hint=hint, error=error, classes=classes, label_classes=label_classes, label_is_page_heading=label_is_page_heading, described_by=described_by, form_group_classes=form_group_classes, disabled=disabled) }}"#,
    ext = "html"
)]
struct Select {
    name: String,
    label: String,
    items: Vec<Choice>,
    id: String,
    hint: String,
    error: String,
    classes: String,
    label_classes: String,
    label_is_page_heading: bool,
    described_by: String,
    form_group_classes: String,
    disabled: bool,
}

fn select(o: &Value) -> Conv<String> {
    let m = only(
        o,
        &[
            "name",
            "id",
            "label",
            "hint",
            "errorMessage",
            "items",
            "value",
            "classes",
            "describedBy",
            "formGroup",
            "disabled",
        ],
    )?;
    let (label, label_classes, label_is_page_heading) = heading_of(m, "label")?;
    let value = st(m, "value")?;
    Ok(Select {
        name: st(m, "name")?,
        label,
        items: choices(m, "selected", &|v| !value.is_empty() && v == value)?,
        id: st(m, "id")?,
        hint: text_of(m, "hint")?,
        error: text_of(m, "errorMessage")?,
        classes: st(m, "classes")?,
        label_classes,
        label_is_page_heading,
        described_by: st(m, "describedBy")?,
        form_group_classes: classes_of(m, "formGroup")?,
        disabled: bo(m, "disabled")?,
    }
    .render()
    .unwrap())
}

/// Radios and checkboxes take the same arguments.
#[derive(Default)]
struct Group {
    name: String,
    items: Vec<Choice>,
    id_prefix: String,
    legend: String,
    legend_classes: String,
    legend_is_page_heading: bool,
    hint: String,
    error: String,
    classes: String,
    described_by: String,
    form_group_classes: String,
}

#[derive(Template)]
#[template(
    source = r#"{% import "components/radios.html" as c %}{{ c::radios(name=g.name, items=g.items, id_prefix=g.id_prefix, legend=g.legend, legend_classes=g.legend_classes, legend_is_page_heading=g.legend_is_page_heading, hint=g.hint, error=g.error, classes=g.classes, described_by=g.described_by, form_group_classes=g.form_group_classes) }}"#,
    ext = "html"
)]
struct Radios {
    g: Group,
}

#[derive(Template)]
#[template(
    source = r#"{% import "components/checkboxes.html" as c %}{{ c::checkboxes(name=g.name, items=g.items, id_prefix=g.id_prefix, legend=g.legend, legend_classes=g.legend_classes, legend_is_page_heading=g.legend_is_page_heading, hint=g.hint, error=g.error, classes=g.classes, described_by=g.described_by, form_group_classes=g.form_group_classes) }}"#,
    ext = "html"
)]
struct Checkboxes {
    g: Group,
}

fn group(o: &Value, current: &dyn Fn(&Map<String, Value>, &str) -> bool) -> Conv<Group> {
    let m = only(
        o,
        &[
            "name",
            "idPrefix",
            "fieldset",
            "hint",
            "errorMessage",
            "items",
            "value",
            "values",
            "classes",
            "formGroup",
            "describedBy",
        ],
    )?;
    let (legend, legend_classes, legend_is_page_heading, fieldset_described_by) = fieldset_of(m)?;
    // Checkboxes take `describedBy` at the top level; radios inside `fieldset`.
    let described_by = match st(m, "describedBy")? {
        d if d.is_empty() => fieldset_described_by,
        d if fieldset_described_by.is_empty() => d,
        _ => fieldset_described_by,
    };
    Ok(Group {
        name: st(m, "name")?,
        items: choices(m, "checked", &|v| current(m, v))?,
        id_prefix: st(m, "idPrefix")?,
        legend,
        legend_classes,
        legend_is_page_heading,
        hint: text_of(m, "hint")?,
        error: text_of(m, "errorMessage")?,
        classes: st(m, "classes")?,
        described_by,
        form_group_classes: classes_of(m, "formGroup")?,
    })
}

fn radios(o: &Value) -> Conv<String> {
    if o.get("values").is_some() {
        return Err("values on radios".into());
    }
    let g = group(o, &|m, v| m.get("value").and_then(Value::as_str) == Some(v))?;
    Ok(Radios { g }.render().unwrap())
}

fn checkboxes(o: &Value) -> Conv<String> {
    if o.get("value").is_some() {
        return Err("value on checkboxes".into());
    }
    let g = group(o, &|m, v| {
        m.get("values")
            .and_then(Value::as_array)
            .is_some_and(|vs| vs.iter().any(|x| x.as_str() == Some(v)))
    })?;
    Ok(Checkboxes { g }.render().unwrap())
}

#[derive(Template, Default)]
#[template(
    source = r#"{% import "components/date_input.html" as c %}{{ c::date_input(id=id, legend=legend, day=day, month=month, year=year, name_prefix=name_prefix, hint=hint, error=error, error_day=error_day, error_month=error_month, error_year=error_year, legend_classes=legend_classes, legend_is_page_heading=legend_is_page_heading, classes=classes, described_by=described_by, form_group_classes=form_group_classes) }}"#,
    ext = "html"
)]
struct DateInput {
    id: String,
    legend: String,
    day: String,
    month: String,
    year: String,
    name_prefix: String,
    hint: String,
    error: String,
    error_day: bool,
    error_month: bool,
    error_year: bool,
    legend_classes: String,
    legend_is_page_heading: bool,
    classes: String,
    described_by: String,
    form_group_classes: String,
}

fn date_input(o: &Value) -> Conv<String> {
    let m = only(
        o,
        &[
            "id",
            "namePrefix",
            "fieldset",
            "hint",
            "errorMessage",
            "values",
            "day",
            "month",
            "year",
            "items",
            "classes",
            "formGroup",
        ],
    )?;
    let (legend, legend_classes, legend_is_page_heading, described_by) = fieldset_of(m)?;
    let name_prefix = st(m, "namePrefix")?;
    let prefixed = |k: &str| {
        if name_prefix.is_empty() {
            k.to_owned()
        } else {
            format!("{name_prefix}-{k}")
        }
    };
    let mut values = Map::new();
    if let Some(v) = m.get("values") {
        let keys = ["day", "month", "year"].map(prefixed);
        let allowed: Vec<&str> = keys.iter().map(String::as_str).collect();
        for (k, v) in only(v, &allowed)? {
            let part = k.rsplit('-').next().unwrap_or(k);
            values.insert(part.to_owned(), v.clone());
        }
    }
    // Each part's own options: `day: {value, error}`, or the same as `items` in
    // day-month-year order with the default widths (the other spelling Nunjucks takes).
    let mut own: [Map<String, Value>; 3] = Default::default();
    if let Some(items) = m.get("items") {
        let items = items.as_array().ok_or("items is not a list")?;
        if items.len() != 3 {
            return Err("items other than day, month and year".into());
        }
        for (i, (item, (part, width))) in items
            .iter()
            .zip([("day", 2), ("month", 2), ("year", 4)])
            .enumerate()
        {
            let it = only(item, &["name", "value", "error", "classes"])?;
            if st(it, "name")? != part {
                return Err("items other than day, month and year".into());
            }
            let classes = st(it, "classes")?;
            let mut error = bo(it, "error")?;
            for class in classes.split_whitespace() {
                match class {
                    "govuk-input--error" => error = true,
                    c if c == format!("govuk-input--width-{width}") => {}
                    c => return Err(format!("item class {c}")),
                }
            }
            let mut map = Map::new();
            if let Some(v) = it.get("value") {
                map.insert("value".into(), v.clone());
            }
            match it.get("error") {
                Some(Value::Bool(false)) => {
                    map.insert("error".into(), Value::Bool(false));
                }
                _ if error => {
                    map.insert("error".into(), Value::Bool(true));
                }
                _ => {}
            }
            own[i] = map;
        }
    } else {
        for (i, part) in ["day", "month", "year"].into_iter().enumerate() {
            if let Some(v) = m.get(part) {
                own[i] = only(v, &["value", "error"])?.clone();
            }
        }
    }
    let part = |i: usize, k: &str| -> Conv<(String, bool)> {
        let value = match st(&own[i], "value")? {
            v if v.is_empty() => st(&values, k)?,
            v => v,
        };
        Ok((value, bo(&own[i], "error")?))
    };
    let (day, mut error_day) = part(0, "day")?;
    let (month, mut error_month) = part(1, "month")?;
    let (year, mut error_year) = part(2, "year")?;
    // Nunjucks also marks "all but those with `error: false`"; ours names the wrong ones.
    let excluded = |i: usize| own[i].get("error") == Some(&Value::Bool(false));
    if !(error_day || error_month || error_year)
        && m.contains_key("errorMessage")
        && (0..3).any(excluded)
    {
        (error_day, error_month, error_year) = (!excluded(0), !excluded(1), !excluded(2));
    }
    Ok(DateInput {
        id: st(m, "id")?,
        legend,
        day,
        month,
        year,
        name_prefix,
        hint: text_of(m, "hint")?,
        error: text_of(m, "errorMessage")?,
        error_day,
        error_month,
        error_year,
        legend_classes,
        legend_is_page_heading,
        classes: st(m, "classes")?,
        described_by,
        form_group_classes: classes_of(m, "formGroup")?,
    }
    .render()
    .unwrap())
}

#[derive(Template, Default)]
#[template(
    source = r#"{% import "components/file_upload.html" as c %}{{ c::file_upload(name=name, label=label, id=id, hint=hint, error=error, classes=classes, label_classes=label_classes, label_is_page_heading=label_is_page_heading, multiple=multiple, javascript=javascript, described_by=described_by, form_group_classes=form_group_classes, disabled=disabled) }}"#,
    ext = "html"
)]
struct FileUpload {
    name: String,
    label: String,
    id: String,
    hint: String,
    error: String,
    classes: String,
    label_classes: String,
    label_is_page_heading: bool,
    multiple: bool,
    javascript: bool,
    described_by: String,
    form_group_classes: String,
    disabled: bool,
}

fn file_upload(o: &Value) -> Conv<String> {
    let m = only(
        o,
        &[
            "name",
            "id",
            "label",
            "hint",
            "errorMessage",
            "classes",
            "multiple",
            "javascript",
            "describedBy",
            "formGroup",
            "disabled",
        ],
    )?;
    let (label, label_classes, label_is_page_heading) = heading_of(m, "label")?;
    Ok(FileUpload {
        name: st(m, "name")?,
        label,
        id: st(m, "id")?,
        hint: text_of(m, "hint")?,
        error: text_of(m, "errorMessage")?,
        classes: st(m, "classes")?,
        label_classes,
        label_is_page_heading,
        multiple: bo(m, "multiple")?,
        javascript: bo(m, "javascript")?,
        described_by: st(m, "describedBy")?,
        form_group_classes: classes_of(m, "formGroup")?,
        disabled: bo(m, "disabled")?,
    }
    .render()
    .unwrap())
}

#[derive(Template, Default)]
#[template(
    source = r#"{% import "components/error_summary.html" as c %}{{ c::error_summary(errors=errors, title=title, description=description, disable_auto_focus=disable_auto_focus) }}"#,
    ext = "html"
)]
struct ErrorSummary {
    errors: Vec<Link>,
    title: String,
    description: String,
    disable_auto_focus: bool,
}

fn error_summary(o: &Value) -> Conv<String> {
    let m = only(
        o,
        &[
            "titleText",
            "descriptionText",
            "errorList",
            "disableAutoFocus",
        ],
    )?;
    if m.get("disableAutoFocus") == Some(&Value::Bool(false)) {
        return Err("disableAutoFocus false".into());
    }
    if st(m, "titleText")?.is_empty() {
        return Err("no title (ours defaults to \"There is a problem\")".into());
    }
    let mut errors = vec![];
    for e in array(m, "errorList")? {
        let e = only(e, &["text", "href"])?;
        let href = st(e, "href")?;
        errors.push(Link {
            text: st(e, "text")?,
            href: (!href.is_empty()).then_some(href),
        });
    }
    Ok(ErrorSummary {
        errors,
        title: st(m, "titleText")?,
        description: st(m, "descriptionText")?,
        disable_auto_focus: bo(m, "disableAutoFocus")?,
    }
    .render()
    .unwrap())
}

#[derive(Template, Default)]
#[template(
    source = r#"{% import "components/error_message.html" as c %}{{ c::error_message(text=text, id=id, classes=classes, visually_hidden_text=visually_hidden_text) }}"#,
    ext = "html"
)]
struct ErrorMessage {
    text: String,
    id: String,
    classes: String,
    visually_hidden_text: String,
}

fn error_message(o: &Value) -> Conv<String> {
    let m = only(o, &["text", "id", "classes", "visuallyHiddenText"])?;
    let hidden = match m.get("visuallyHiddenText") {
        None => "Error".to_owned(),
        Some(Value::Bool(false)) => String::new(),
        Some(_) => st(m, "visuallyHiddenText")?,
    };
    Ok(ErrorMessage {
        text: st(m, "text")?,
        id: st(m, "id")?,
        classes: st(m, "classes")?,
        visually_hidden_text: hidden,
    }
    .render()
    .unwrap())
}

#[derive(Template, Default)]
#[template(
    source = r#"{% import "components/hint.html" as c %}{{ c::hint(text=text, id=id, classes=classes) }}"#,
    ext = "html"
)]
struct Hint {
    text: String,
    id: String,
    classes: String,
}

fn hint(o: &Value) -> Conv<String> {
    let m = only(o, &["text", "id", "classes"])?;
    Ok(Hint {
        text: st(m, "text")?,
        id: st(m, "id")?,
        classes: st(m, "classes")?,
    }
    .render()
    .unwrap())
}

#[derive(Template, Default)]
#[template(
    source = r#"{% import "components/label.html" as c %}{{ c::label(text=text, for_id=for_id, classes=classes, is_page_heading=is_page_heading) }}"#,
    ext = "html"
)]
struct Label {
    text: String,
    for_id: String,
    classes: String,
    is_page_heading: bool,
}

fn label(o: &Value) -> Conv<String> {
    let m = only(o, &["text", "for", "classes", "isPageHeading"])?;
    if st(m, "text")?.is_empty() {
        return Err("no text (Nunjucks renders nothing; ours always has a label)".into());
    }
    Ok(Label {
        text: st(m, "text")?,
        for_id: st(m, "for")?,
        classes: st(m, "classes")?,
        is_page_heading: bo(m, "isPageHeading")?,
    }
    .render()
    .unwrap())
}

#[derive(Template, Default)]
#[template(
    source = r#"{% import "components/fieldset.html" as c %}{% call c::fieldset(legend=legend, legend_classes=legend_classes, legend_is_page_heading=legend_is_page_heading, described_by=described_by, classes=classes, role=role) %}{{ html|safe }}{% endcall %}"#,
    ext = "html"
)]
struct Fieldset {
    legend: String,
    legend_classes: String,
    legend_is_page_heading: bool,
    described_by: String,
    classes: String,
    role: String,
    /// The fixture's own HTML body (test data, so trusted).
    html: String,
}

fn fieldset(o: &Value) -> Conv<String> {
    let m = only(o, &["legend", "describedBy", "classes", "role", "html"])?;
    let (legend, legend_classes, legend_is_page_heading) = heading_of(m, "legend")?;
    Ok(Fieldset {
        legend,
        legend_classes,
        legend_is_page_heading,
        described_by: st(m, "describedBy")?,
        classes: st(m, "classes")?,
        role: st(m, "role")?,
        html: st(m, "html")?,
    }
    .render()
    .unwrap())
}

#[derive(Template, Default)]
#[template(
    source = r#"{% import "components/table.html" as c %}{{ c::table(head=head, rows=rows, caption=caption, caption_classes=caption_classes, first_cell_is_header=first_cell_is_header, classes=classes) }}"#,
    ext = "html"
)]
struct Table {
    head: Vec<Cell>,
    rows: Vec<Vec<Cell>>,
    caption: String,
    caption_classes: String,
    first_cell_is_header: bool,
    classes: String,
}

fn table(o: &Value) -> Conv<String> {
    let m = only(
        o,
        &[
            "head",
            "rows",
            "caption",
            "captionClasses",
            "firstCellIsHeader",
            "classes",
        ],
    )?;
    let head = array(m, "head")?
        .into_iter()
        .map(cell)
        .collect::<Conv<_>>()?;
    let mut rows = vec![];
    for row in array(m, "rows")? {
        let Some(cells) = row.as_array() else {
            return Err("a row that is not a list".into());
        };
        if cells.is_empty() {
            return Err("an empty row".into());
        }
        rows.push(cells.iter().map(cell).collect::<Conv<Vec<_>>>()?);
    }
    Ok(Table {
        head,
        rows,
        caption: st(m, "caption")?,
        caption_classes: st(m, "captionClasses")?,
        first_cell_is_header: bo(m, "firstCellIsHeader")?,
        classes: st(m, "classes")?,
    }
    .render()
    .unwrap())
}

#[derive(Template, Default)]
#[template(
    source = r#"{% import "components/tag.html" as c %}{{ c::tag(text=text, classes=classes) }}"#,
    ext = "html"
)]
struct Tag {
    text: String,
    classes: String,
}

fn tag(o: &Value) -> Conv<String> {
    let m = only(o, &["text", "classes"])?;
    Ok(Tag {
        text: st(m, "text")?,
        classes: st(m, "classes")?,
    }
    .render()
    .unwrap())
}

#[derive(Template, Default)]
#[template(
    source = r#"{% import "components/summary_list.html" as c %}{{ c::summary_list(rows=rows, classes=classes) }}"#,
    ext = "html"
)]
struct SummaryList {
    rows: SummaryRows,
    classes: String,
}

/// A row whose value is HTML goes through `summary_row_block` (the HTML as its body),
/// the others through `summary_row`.
#[derive(Default)]
struct MixedRow {
    row: SummaryRow,
    html: String,
    no_actions: bool,
}

#[derive(Template, Default)]
#[template(
    source = r#"{% import "components/summary_list.html" as c %}{% call c::summary_list_block(classes=classes) %}{% for r in rows %}{% if r.html.is_empty() %}{{ c::summary_row(row=r.row, no_actions=r.no_actions) }}{% else if let Some(a) = r.row.actions.first() %}{% call c::summary_row_block(key=r.row.key, href=a.href, action_text=a.text, visually_hidden_text=a.visually_hidden_text.as_deref().unwrap_or_default(), no_actions=r.no_actions) %}{{ r.html|safe }}{% endcall %}{% else %}{% call c::summary_row_block(key=r.row.key, no_actions=r.no_actions) %}{{ r.html|safe }}{% endcall %}{% endif %}{% endfor %}{% endcall %}"#,
    ext = "html"
)]
struct SummaryListBlock {
    rows: Vec<MixedRow>,
    classes: String,
}

fn summary_list(o: &Value) -> Conv<String> {
    let m = only(o, &["rows", "classes"])?;
    let mut rows = vec![];
    for row in array(m, "rows")? {
        let r = only(row, &["key", "value", "actions", "classes"])?;
        let mut actions = vec![];
        if let Some(a) = r.get("actions") {
            let a = only(a, &["items"])?;
            for item in array(a, "items")? {
                let i = only(item, &["href", "text", "visuallyHiddenText"])?;
                let hidden = st(i, "visuallyHiddenText")?;
                actions.push(RowAction {
                    href: st(i, "href")?,
                    text: st(i, "text")?,
                    visually_hidden_text: (!hidden.is_empty()).then_some(hidden),
                });
            }
        }
        let classes = st(r, "classes")?;
        let value = r.get("value").cloned().unwrap_or(Value::Null);
        let html = match value.get("html") {
            Some(_) => {
                let v = only(&value, &["html"])?;
                if actions.len() > 1 || !classes.is_empty() {
                    return Err("an HTML value with several actions or classes".into());
                }
                st(v, "html")?
            }
            None => String::new(),
        };
        let row = SummaryRow {
            key: text_of(r, "key")?,
            value: if html.is_empty() {
                text_of(r, "value")?
            } else {
                String::new()
            },
            actions,
            classes: (!classes.is_empty()).then_some(classes),
        };
        rows.push(MixedRow {
            row,
            html,
            no_actions: false,
        });
    }
    let classes = st(m, "classes")?;
    if rows.iter().all(|r| r.html.is_empty()) {
        let rows: SummaryRows = rows.into_iter().map(|r| r.row).collect();
        return Ok(SummaryList { rows, classes }.render().unwrap());
    }
    let any_actions = rows.iter().any(|r| !r.row.actions.is_empty());
    for r in &mut rows {
        r.no_actions = any_actions && r.row.actions.is_empty();
    }
    Ok(SummaryListBlock { rows, classes }.render().unwrap())
}

#[derive(Template, Default)]
#[template(
    source = r#"{% import "components/notification_banner.html" as c %}{% if html.is_empty() %}{{ c::notification_banner(text=text, title=title, success=success, title_id=title_id, heading_level=heading_level, disable_auto_focus=disable_auto_focus) }}{% else %}{% call c::notification_banner_block(title=title, success=success, title_id=title_id, heading_level=heading_level, disable_auto_focus=disable_auto_focus) %}{{ html|safe }}{% endcall %}{% endif %}"#,
    ext = "html"
)]
struct NotificationBanner {
    text: String,
    html: String,
    title: String,
    success: bool,
    title_id: String,
    heading_level: u8,
    disable_auto_focus: bool,
}

fn notification_banner(o: &Value) -> Conv<String> {
    let m = only(
        o,
        &[
            "text",
            "html",
            "titleText",
            "type",
            "titleId",
            "titleHeadingLevel",
            "disableAutoFocus",
        ],
    )?;
    if m.get("disableAutoFocus") == Some(&Value::Bool(false)) {
        return Err("disableAutoFocus false".into());
    }
    let kind = st(m, "type")?;
    if !kind.is_empty() && kind != "success" {
        return Err(format!("type {kind}"));
    }
    let title_id = st(m, "titleId")?;
    let level = st(m, "titleHeadingLevel")?;
    Ok(NotificationBanner {
        text: st(m, "text")?,
        html: st(m, "html")?,
        title: st(m, "titleText")?,
        success: kind == "success",
        title_id: if title_id.is_empty() {
            "govuk-notification-banner-title".into()
        } else {
            title_id
        },
        heading_level: level.parse().unwrap_or(2),
        disable_auto_focus: bo(m, "disableAutoFocus")?,
    }
    .render()
    .unwrap())
}

#[derive(Template, Default)]
#[template(
    source = r#"{% import "components/back_link.html" as c %}{{ c::back_link(href=href, text=text, classes=classes) }}"#,
    ext = "html"
)]
struct BackLink {
    href: String,
    text: String,
    classes: String,
}

fn back_link(o: &Value) -> Conv<String> {
    let m = only(o, &["href", "text", "classes"])?;
    let (href, text) = (st(m, "href")?, st(m, "text")?);
    Ok(BackLink {
        href: if href.is_empty() { "#".into() } else { href },
        text: if text.is_empty() { "Back".into() } else { text },
        classes: st(m, "classes")?,
    }
    .render()
    .unwrap())
}

#[derive(Template, Default)]
#[template(
    source = r#"{% import "components/breadcrumbs.html" as c %}{{ c::breadcrumbs(items=items, collapse_on_mobile=collapse_on_mobile, label=label, classes=classes) }}"#,
    ext = "html"
)]
struct Breadcrumbs {
    items: Vec<Link>,
    collapse_on_mobile: bool,
    label: String,
    classes: String,
}

fn breadcrumbs(o: &Value) -> Conv<String> {
    let m = only(o, &["items", "collapseOnMobile", "labelText", "classes"])?;
    let mut items = vec![];
    for i in array(m, "items")? {
        let i = only(i, &["text", "href"])?;
        let href = st(i, "href")?;
        items.push(Link {
            text: st(i, "text")?,
            href: (!href.is_empty()).then_some(href),
        });
    }
    let label = st(m, "labelText")?;
    Ok(Breadcrumbs {
        items,
        collapse_on_mobile: bo(m, "collapseOnMobile")?,
        label: if label.is_empty() {
            "Breadcrumb".into()
        } else {
            label
        },
        classes: st(m, "classes")?,
    }
    .render()
    .unwrap())
}

#[derive(Template, Default)]
#[template(
    source = r#"{% import "components/inset_text.html" as c %}{% if html.is_empty() %}{{ c::inset_text(text=text, id=id, classes=classes) }}{% else %}{% call c::inset_text_block(id=id, classes=classes) %}{{ html|safe }}{% endcall %}{% endif %}"#,
    ext = "html"
)]
struct InsetText {
    text: String,
    html: String,
    id: String,
    classes: String,
}

fn inset_text(o: &Value) -> Conv<String> {
    let m = only(o, &["text", "html", "id", "classes"])?;
    Ok(InsetText {
        text: st(m, "text")?,
        html: st(m, "html")?,
        id: st(m, "id")?,
        classes: st(m, "classes")?,
    }
    .render()
    .unwrap())
}

#[derive(Template, Default)]
#[template(
    source = r#"{% import "components/warning_text.html" as c %}{{ c::warning_text(text=text, icon_fallback_text=icon_fallback_text, classes=classes) }}"#,
    ext = "html"
)]
struct WarningText {
    text: String,
    icon_fallback_text: String,
    classes: String,
}

fn warning_text(o: &Value) -> Conv<String> {
    let m = only(o, &["text", "iconFallbackText", "classes"])?;
    let fallback = st(m, "iconFallbackText")?;
    Ok(WarningText {
        text: st(m, "text")?,
        icon_fallback_text: if fallback.is_empty() {
            "Warning".into()
        } else {
            fallback
        },
        classes: st(m, "classes")?,
    }
    .render()
    .unwrap())
}

#[derive(Template, Default)]
#[template(
    source = r#"{% import "components/details.html" as c %}{% if html.is_empty() %}{{ c::details(summary=summary, text=text, open=open, id=id, classes=classes) }}{% else %}{% call c::details_block(summary=summary, open=open, id=id, classes=classes) %}{{ html|safe }}{% endcall %}{% endif %}"#,
    ext = "html"
)]
struct Details {
    summary: String,
    text: String,
    html: String,
    open: bool,
    id: String,
    classes: String,
}

fn details(o: &Value) -> Conv<String> {
    let m = only(o, &["summaryText", "text", "html", "open", "id", "classes"])?;
    Ok(Details {
        summary: st(m, "summaryText")?,
        text: st(m, "text")?,
        html: st(m, "html")?,
        open: bo(m, "open")?,
        id: st(m, "id")?,
        classes: st(m, "classes")?,
    }
    .render()
    .unwrap())
}

#[derive(Template, Default)]
#[template(
    source = r#"{% import "components/pagination.html" as c %}{{ c::pagination(items=items, previous_href=previous_href, next_href=next_href, previous_text=previous_text, next_text=next_text, previous_label=previous_label, next_label=next_label, landmark_label=landmark_label, classes=classes) }}"#,
    ext = "html"
)]
struct Pagination {
    items: Vec<PageItem>,
    previous_href: String,
    next_href: String,
    previous_text: String,
    next_text: String,
    previous_label: String,
    next_label: String,
    landmark_label: String,
    classes: String,
}

fn pagination(o: &Value) -> Conv<String> {
    let m = only(
        o,
        &["items", "previous", "next", "landmarkLabel", "classes"],
    )?;
    let mut items = vec![];
    for i in array(m, "items")? {
        let i = only(i, &["number", "href", "current", "ellipsis"])?;
        if bo(i, "ellipsis")? {
            items.push(PageItem::ellipsis());
        } else {
            let number = st(i, "number")?
                .parse()
                .map_err(|_| "a page number that is not a number")?;
            items.push(PageItem::new(number, st(i, "href")?, bo(i, "current")?));
        }
    }
    let link = |k: &str| -> Conv<(String, String, String)> {
        match m.get(k) {
            None => Ok(Default::default()),
            Some(v) => {
                let l = only(v, &["href", "text", "labelText"])?;
                Ok((st(l, "href")?, st(l, "text")?, st(l, "labelText")?))
            }
        }
    };
    let (previous_href, previous_text, previous_label) = link("previous")?;
    let (next_href, next_text, next_label) = link("next")?;
    let landmark = st(m, "landmarkLabel")?;
    Ok(Pagination {
        items,
        previous_href,
        next_href,
        previous_text,
        next_text,
        previous_label,
        next_label,
        landmark_label: if landmark.is_empty() {
            "Pagination".into()
        } else {
            landmark
        },
        classes: st(m, "classes")?,
    }
    .render()
    .unwrap())
}

// ---------------------------------------------------------------------------------
// Comparing HTML

#[derive(Debug, PartialEq)]
enum Tok {
    Start(String, Vec<(String, String)>),
    End(String),
    Text(String),
}

impl std::fmt::Display for Tok {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Tok::Start(name, attrs) => {
                write!(f, "<{name}")?;
                for (k, v) in attrs {
                    write!(f, " {k}=\"{v}\"")?;
                }
                write!(f, ">")
            }
            Tok::End(name) => write!(f, "</{name}>"),
            Tok::Text(t) => write!(f, "{t}"),
        }
    }
}

fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let ch = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            "ctdot" => Some('\u{22ef}'),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Tags and text, with attributes sorted, token-list attributes (class,
/// aria-describedby, rel) sorted too, and whitespace collapsed.
fn tokens(html: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = vec![];
    let mut text = String::new();
    let mut rest = html;
    let flush = |text: &mut String, out: &mut Vec<Tok>| {
        let t = collapse(&decode(text));
        if !t.is_empty() {
            out.push(Tok::Text(t));
        }
        text.clear();
    };
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").map_or(after.len(), |e| e + 3);
            rest = &after[end..];
            continue;
        }
        let is_tag = rest.starts_with('<')
            && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/');
        if !is_tag {
            let first = rest.chars().next().map_or(1, char::len_utf8);
            let next = rest[first..].find('<').map_or(rest.len(), |i| i + first);
            text.push_str(&rest[..next]);
            rest = &rest[next..];
            continue;
        }
        flush(&mut text, &mut out);
        // Find the tag's end, skipping quoted attribute values.
        let bytes = rest.as_bytes();
        let (mut i, mut quote) = (1, None);
        while i < bytes.len() {
            match (quote, bytes[i]) {
                (None, b'"' | b'\'') => quote = Some(bytes[i]),
                (Some(q), c) if c == q => quote = None,
                (None, b'>') => break,
                _ => {}
            }
            i += 1;
        }
        let inner = &rest[1..i];
        rest = &rest[(i + 1).min(rest.len())..];
        if let Some(name) = inner.strip_prefix('/') {
            out.push(Tok::End(name.trim().to_ascii_lowercase()));
            continue;
        }
        let self_closing = inner.ends_with('/');
        let inner = inner.trim_end_matches('/');
        let name_end = inner
            .find(|c: char| c.is_whitespace())
            .unwrap_or(inner.len());
        let name = inner[..name_end].to_ascii_lowercase();
        let mut attrs = vec![];
        let mut a = inner[name_end..].trim_start();
        while !a.is_empty() {
            let key_end = a
                .find(|c: char| c.is_whitespace() || c == '=')
                .unwrap_or(a.len());
            let key = a[..key_end].to_ascii_lowercase();
            a = a[key_end..].trim_start();
            let mut value = String::new();
            if let Some(after) = a.strip_prefix('=') {
                let after = after.trim_start();
                let (v, remaining) = match after.chars().next() {
                    Some(q @ ('"' | '\'')) => {
                        let close = after[1..].find(q).map_or(after.len(), |c| c + 1);
                        (&after[1..close], &after[(close + 1).min(after.len())..])
                    }
                    _ => {
                        let end = after.find(char::is_whitespace).unwrap_or(after.len());
                        (&after[..end], &after[end..])
                    }
                };
                value = decode(v);
                a = remaining.trim_start();
            }
            if matches!(key.as_str(), "class" | "aria-describedby" | "rel") {
                let mut parts: Vec<&str> = value.split_whitespace().collect();
                parts.sort_unstable();
                value = parts.join(" ");
            }
            if !key.is_empty() {
                attrs.push((key, value));
            }
        }
        attrs.sort();
        out.push(Tok::Start(name.clone(), attrs));
        if self_closing {
            out.push(Tok::End(name));
        }
    }
    flush(&mut text, &mut out);
    out
}

/// Where the two differ, shown as their normalised token streams around that point.
fn difference(ours: &str, theirs: &str) -> Option<String> {
    let (a, b) = (tokens(ours), tokens(theirs));
    if a == b {
        return None;
    }
    let at = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let show = |t: &[Tok]| {
        t.iter()
            .skip(at.saturating_sub(2))
            .take(5)
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    };
    Some(format!("ours:   {}\ntheirs: {}", show(&a), show(&b)))
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
