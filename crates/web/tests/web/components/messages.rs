//! Error summary, error message, hint, label and fieldset against their fixtures.

use super::*;

#[derive(Template, Default)]
#[template(
    source = r#"{% import "components/error_summary.html" as c %}{{ c::error_summary(errors=errors, title=title, description=description, disable_auto_focus=disable_auto_focus) }}"#,
    ext = "html"
)]
pub(super) struct ErrorSummary {
    errors: Vec<Link>,
    title: String,
    description: String,
    disable_auto_focus: bool,
}

pub(super) fn error_summary(o: &Value) -> Conv<String> {
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
pub(super) struct ErrorMessage {
    text: String,
    id: String,
    classes: String,
    visually_hidden_text: String,
}

pub(super) fn error_message(o: &Value) -> Conv<String> {
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
pub(super) struct Hint {
    text: String,
    id: String,
    classes: String,
}

pub(super) fn hint(o: &Value) -> Conv<String> {
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
pub(super) struct Label {
    text: String,
    for_id: String,
    classes: String,
    is_page_heading: bool,
}

pub(super) fn label(o: &Value) -> Conv<String> {
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
pub(super) struct Fieldset {
    legend: String,
    legend_classes: String,
    legend_is_page_heading: bool,
    described_by: String,
    classes: String,
    role: String,
    /// The fixture's own HTML body (test data, so trusted).
    html: String,
}

pub(super) fn fieldset(o: &Value) -> Conv<String> {
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
