//! Table, tag, summary list, notification banner, back link, breadcrumbs, inset text,
//! warning text, details and pagination against their fixtures.

use super::*;

#[derive(Template, Default)]
#[template(
    source = r#"{% import "components/table.html" as c %}{{ c::table(head=head, rows=rows, caption=caption, caption_classes=caption_classes, first_cell_is_header=first_cell_is_header, classes=classes) }}"#,
    ext = "html"
)]
pub(super) struct Table {
    head: Vec<Cell>,
    rows: Vec<Vec<Cell>>,
    caption: String,
    caption_classes: String,
    first_cell_is_header: bool,
    classes: String,
}

pub(super) fn table(o: &Value) -> Conv<String> {
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
pub(super) struct Tag {
    text: String,
    classes: String,
}

pub(super) fn tag(o: &Value) -> Conv<String> {
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
pub(super) struct SummaryList {
    rows: SummaryRows,
    classes: String,
}

/// A row whose value is HTML goes through `summary_row_block` (the HTML as its body),
/// the others through `summary_row`.
#[derive(Default)]
pub(super) struct MixedRow {
    row: SummaryRow,
    html: String,
    no_actions: bool,
}

#[derive(Template, Default)]
#[template(
    source = r#"{% import "components/summary_list.html" as c %}{% call c::summary_list_block(classes=classes) %}{% for r in rows %}{% if r.html.is_empty() %}{{ c::summary_row(row=r.row, no_actions=r.no_actions) }}{% else if let Some(a) = r.row.actions.first() %}{% call c::summary_row_block(key=r.row.key, href=a.href, action_text=a.text, visually_hidden_text=a.visually_hidden_text.as_deref().unwrap_or_default(), no_actions=r.no_actions) %}{{ r.html|safe }}{% endcall %}{% else %}{% call c::summary_row_block(key=r.row.key, no_actions=r.no_actions) %}{{ r.html|safe }}{% endcall %}{% endif %}{% endfor %}{% endcall %}"#,
    ext = "html"
)]
pub(super) struct SummaryListBlock {
    rows: Vec<MixedRow>,
    classes: String,
}

pub(super) fn summary_list(o: &Value) -> Conv<String> {
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
pub(super) struct NotificationBanner {
    text: String,
    html: String,
    title: String,
    success: bool,
    title_id: String,
    heading_level: u8,
    disable_auto_focus: bool,
}

pub(super) fn notification_banner(o: &Value) -> Conv<String> {
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
pub(super) struct BackLink {
    href: String,
    text: String,
    classes: String,
}

pub(super) fn back_link(o: &Value) -> Conv<String> {
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
pub(super) struct Breadcrumbs {
    items: Vec<Link>,
    collapse_on_mobile: bool,
    label: String,
    classes: String,
}

pub(super) fn breadcrumbs(o: &Value) -> Conv<String> {
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
pub(super) struct InsetText {
    text: String,
    html: String,
    id: String,
    classes: String,
}

pub(super) fn inset_text(o: &Value) -> Conv<String> {
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
pub(super) struct WarningText {
    text: String,
    icon_fallback_text: String,
    classes: String,
}

pub(super) fn warning_text(o: &Value) -> Conv<String> {
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
pub(super) struct Details {
    summary: String,
    text: String,
    html: String,
    open: bool,
    id: String,
    classes: String,
}

pub(super) fn details(o: &Value) -> Conv<String> {
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
pub(super) struct Pagination {
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

pub(super) fn pagination(o: &Value) -> Conv<String> {
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
