//! The form controls' macros against their fixtures: button, input, textarea, select,
//! radios, checkboxes, date input, file upload.

use super::*;

// ---------------------------------------------------------------------------------
// One test template per macro: the fixture's values, passed as the macro's arguments.

#[derive(Template, Default)]
#[template(
    source = r#"{% import "components/button.html" as c %}{{ c::button(text=text, href=href, name=name, value=value, button_type=button_type, id=id, classes=classes, disabled=disabled, prevent_double_click=prevent_double_click, is_start_button=is_start_button) }}"#,
    ext = "html"
)]
pub(super) struct Button {
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

pub(super) fn button(o: &Value) -> Conv<String> {
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
pub(super) struct Input {
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

pub(super) fn spellcheck(m: &Map<String, Value>) -> Conv<String> {
    Ok(match m.get("spellcheck") {
        Some(Value::Bool(b)) => b.to_string(),
        None => String::new(),
        Some(other) => return Err(format!("spellcheck {other}")),
    })
}

pub(super) fn input(o: &Value) -> Conv<String> {
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
pub(super) struct Textarea {
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

pub(super) fn textarea(o: &Value) -> Conv<String> {
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
pub(super) struct Select {
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

pub(super) fn select(o: &Value) -> Conv<String> {
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
pub(super) struct Group {
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
pub(super) struct Radios {
    g: Group,
}

#[derive(Template)]
#[template(
    source = r#"{% import "components/checkboxes.html" as c %}{{ c::checkboxes(name=g.name, items=g.items, id_prefix=g.id_prefix, legend=g.legend, legend_classes=g.legend_classes, legend_is_page_heading=g.legend_is_page_heading, hint=g.hint, error=g.error, classes=g.classes, described_by=g.described_by, form_group_classes=g.form_group_classes) }}"#,
    ext = "html"
)]
pub(super) struct Checkboxes {
    g: Group,
}

pub(super) fn group(o: &Value, current: &dyn Fn(&Map<String, Value>, &str) -> bool) -> Conv<Group> {
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

pub(super) fn radios(o: &Value) -> Conv<String> {
    if o.get("values").is_some() {
        return Err("values on radios".into());
    }
    let g = group(o, &|m, v| m.get("value").and_then(Value::as_str) == Some(v))?;
    Ok(Radios { g }.render().unwrap())
}

pub(super) fn checkboxes(o: &Value) -> Conv<String> {
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
pub(super) struct DateInput {
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

pub(super) fn date_input(o: &Value) -> Conv<String> {
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
pub(super) struct FileUpload {
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

pub(super) fn file_upload(o: &Value) -> Conv<String> {
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
