//! The report as a document outline — title, headings, paragraphs, tables, the chart — in
//! reading order. Word and PDF both write this one outline, so the two documents say the
//! same thing in the same order; each format only decides how it looks.

use crate::colours::Swatch;
use crate::measures::MeasureLine;
use crate::model::{BoardReport, Figure, StatusCell, day, period_name};

/// One cell of a table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    /// Its paragraphs.
    pub lines: Vec<String>,
    /// A status cell's colours.
    pub fill: Option<Swatch>,
    /// How many levels in (a sub-action's wording).
    pub indent: usize,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        Cell {
            lines: if s.is_empty() { Vec::new() } else { vec![s] },
            ..Cell::default()
        }
    }

    fn lines(lines: Vec<String>) -> Cell {
        Cell {
            lines,
            ..Cell::default()
        }
    }

    fn status(s: Option<&StatusCell>) -> Cell {
        match s {
            Some(s) => Cell {
                lines: vec![s.text()],
                fill: Some(s.swatch),
                indent: 0,
            },
            None => Cell::text("No status"),
        }
    }

    fn indented(s: &str, indent: usize) -> Cell {
        Cell {
            lines: vec![s.to_string()],
            fill: None,
            indent,
        }
    }
}

/// A table with a header row that repeats on every page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// What the table holds, for assistive technology.
    pub caption: String,
    pub headers: Vec<String>,
    /// Relative widths of the columns.
    pub widths: Vec<u32>,
    pub rows: Vec<Vec<Cell>>,
}

/// One block of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Title(String),
    /// Level 1, 2 or 3.
    Heading(u8, String),
    Paragraph(String),
    /// A chart, with its text alternative.
    Figure(Figure),
    Table(Table),
    /// From here on the pages are landscape (the wide tables).
    Landscape,
}

fn table(caption: impl Into<String>, cols: &[(&str, u32)], rows: Vec<Vec<Cell>>) -> Block {
    Block::Table(Table {
        caption: caption.into(),
        headers: cols.iter().map(|(h, _)| (*h).to_string()).collect(),
        widths: cols.iter().map(|(_, w)| *w).collect(),
        rows,
    })
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The outline of `report`.
pub fn outline(report: &BoardReport) -> Vec<Block> {
    let mut out = Vec::new();
    let c = &report.cover;
    out.push(Block::Title(c.title.clone()));
    if let Some(council) = &c.council {
        out.push(Block::Paragraph(council.clone()));
    }
    out.push(Block::Paragraph(format!(
        "Board report for {}. {}.",
        period_name(&report.period),
        c.audience
    )));
    out.push(Block::Paragraph(format!(
        "Made {} from version {} of the plan.",
        day(c.made),
        c.version
    )));
    if let Some(i) = &c.inspection {
        out.push(Block::Paragraph(i.clone()));
    }
    if !c.judgements.is_empty() {
        out.push(table(
            "The inspection's judgements",
            &[("Judgement area", 3), ("Grade", 2)],
            c.judgements
                .iter()
                .map(|(a, g)| vec![Cell::text(a), Cell::text(g)])
                .collect(),
        ));
    }

    out.push(Block::Heading(1, "Summary".into()));
    out.push(Block::Paragraph(format!(
        "{} at the end of {}, sub-actions included. Where Assure holds no record of an action's status then, its status now is shown.",
        plural(report.total, "action", "actions"),
        period_name(&report.period)
    )));
    out.push(table(
        "Actions by status",
        &[("Status", 2), ("Description", 4), ("Actions", 1)],
        report
            .statuses
            .iter()
            .map(|s| {
                vec![
                    Cell::status(s.cell.as_ref()),
                    Cell::text(s.description.clone().unwrap_or_default()),
                    Cell::text(s.count.to_string()),
                ]
            })
            .collect(),
    ));
    out.push(Block::Heading(2, "Status by area".into()));
    out.push(Block::Figure(report.chart.figure()));
    let mut cols: Vec<(&str, u32)> = vec![("Area", 4)];
    cols.extend(report.chart.series.iter().map(|s| (s.as_str(), 1)));
    out.push(table(
        "Status by area: the chart's numbers",
        &cols,
        report
            .chart
            .rows
            .iter()
            .map(|(area, counts)| {
                let mut row = vec![Cell::text(area)];
                row.extend(counts.iter().map(|n| Cell::text(n.to_string())));
                row
            })
            .collect(),
    ));

    let ch = &report.changes;
    out.push(Block::Heading(
        2,
        format!("Change since {}", period_name(&report.previous)),
    ));
    out.push(Block::Paragraph(format!(
        "{} moved up, {} moved down, {} newly complete.{}",
        plural(ch.up.len(), "action", "actions"),
        ch.down.len(),
        ch.completed.len(),
        if ch.new_actions > 0 {
            format!(
                " {} had no recorded status at the end of {}.",
                plural(ch.new_actions, "action", "actions"),
                period_name(&report.previous)
            )
        } else {
            String::new()
        }
    )));
    let changes: Vec<Vec<Cell>> = [
        ("Newly complete", &ch.completed),
        ("Moved up", &ch.up),
        ("Moved down", &ch.down),
    ]
    .into_iter()
    .flat_map(|(what, lines)| {
        lines.iter().map(move |l| {
            vec![
                Cell::text(l.action.r#ref.clone().unwrap_or_default()),
                Cell::text(crate::model::short_text(&l.action.text, 160)),
                Cell::text(what),
                Cell::status(l.from.as_ref()),
                Cell::status(l.to.as_ref()),
            ]
        })
    })
    .collect();
    if !changes.is_empty() {
        out.push(table(
            "Actions whose status changed",
            &[
                ("Ref", 1),
                ("Action", 6),
                ("Change", 2),
                ("Was", 2),
                ("Now", 2),
            ],
            changes,
        ));
    }

    measures(report, &mut out);

    out.push(Block::Landscape);
    out.push(Block::Heading(1, "Exceptions".into()));
    for list in &report.exceptions {
        out.push(Block::Heading(
            2,
            format!("{} ({})", list.heading, list.items.len()),
        ));
        if list.items.is_empty() {
            out.push(Block::Paragraph("None.".into()));
            continue;
        }
        out.push(table(
            format!("{}: actions", list.heading),
            &[
                ("Ref", 1),
                ("Action", 5),
                ("Lead", 2),
                ("Status", 2),
                ("Timescale", 2),
                ("Why", 3),
                ("Latest update", 6),
            ],
            list.items
                .iter()
                .map(|i| {
                    vec![
                        Cell::text(i.action.r#ref.clone().unwrap_or_default()),
                        Cell::text(&i.action.text),
                        Cell::text(i.leads.join(" / ")),
                        Cell::status(i.status.as_ref()),
                        Cell::text(&i.timescale),
                        Cell::text(&i.why),
                        Cell::text(
                            i.latest_update
                                .as_ref()
                                .map_or_else(|| "No update yet.".into(), |u| u.dated_text()),
                        ),
                    ]
                })
                .collect(),
        ));
    }

    if report.audience.has_tables() {
        out.push(Block::Heading(1, "Actions by area".into()));
        let update_head = format!("Update, {}", period_name(&report.period));
        let mut group: Option<&str> = None;
        for area in &report.areas {
            // A group (a judgement area, a phase) heads its areas one level up.
            if area.group.is_some() && area.group.as_deref() != group {
                group = area.group.as_deref();
                out.push(Block::Heading(2, area.group.clone().unwrap_or_default()));
            }
            let level = if group.is_some() { 3 } else { 2 };
            out.push(Block::Heading(level, area.heading()));
            if area.rows.is_empty() {
                out.push(Block::Paragraph("No actions.".into()));
                continue;
            }
            out.push(Block::Table(Table {
                caption: format!("Actions of {}", area.heading()),
                headers: vec![
                    "Ref".into(),
                    "Action".into(),
                    "Lead".into(),
                    "Timescale".into(),
                    report.status_column.clone(),
                    update_head.clone(),
                    "Evidence".into(),
                ],
                widths: vec![2, 12, 4, 4, 4, 13, 3],
                rows: area
                    .rows
                    .iter()
                    .map(|r| {
                        let updates: Vec<String> = if r.updates_in_period.is_empty() {
                            vec!["No update this period.".into()]
                        } else {
                            r.updates_in_period.iter().map(|u| u.dated_text()).collect()
                        };
                        vec![
                            Cell::text(r.r#ref.clone().unwrap_or_default()),
                            Cell::indented(&r.text, r.depth),
                            Cell::text(r.lead_text()),
                            Cell::text(r.timescale()),
                            Cell::status(r.status.as_ref()),
                            Cell::lines(updates),
                            Cell::text(r.evidence.len().to_string()),
                        ]
                    })
                    .collect(),
            }));
        }
    }

    out.push(Block::Heading(1, "Glossary".into()));
    if report.glossary.is_empty() {
        out.push(Block::Paragraph(
            "The report uses none of the plan's abbreviations.".into(),
        ));
    } else {
        let names = report.audience.shows_names();
        let cols: &[(&str, u32)] = if names {
            &[("Abbreviation", 1), ("Stands for", 3), ("Name", 2)]
        } else {
            &[("Abbreviation", 1), ("Stands for", 3)]
        };
        out.push(table(
            "Abbreviations used in this report",
            cols,
            report
                .glossary
                .iter()
                .map(|g| {
                    let mut row = vec![
                        Cell::text(&g.abbreviation),
                        Cell::text(g.title.clone().unwrap_or_default()),
                    ];
                    if names {
                        row.push(Cell::text(g.name.clone().unwrap_or_default()));
                    }
                    row
                })
                .collect(),
        ));
    }
    out
}

/// The measures: one table of all of them against their targets, then each with its
/// chart and its recent values (the chart's numbers, for those who cannot see it).
fn measures(report: &BoardReport, out: &mut Vec<Block>) {
    if report.measures.is_empty() {
        return;
    }
    out.push(Block::Heading(1, "Measures".into()));
    let off = report.measures.iter().filter(|m| m.is_exception()).count();
    out.push(Block::Paragraph(if report.audience.has_tables() {
        format!(
            "{} at the end of {}, judged against the target of each period; {} off target or at risk.",
            plural(report.measures.len(), "measure", "measures"),
            period_name(&report.period),
            off
        )
    } else {
        format!(
            "{} off target or at risk at the end of {}.",
            plural(off, "measure", "measures"),
            period_name(&report.period)
        )
    }));
    out.push(table(
        "Measures against their targets",
        &[
            ("Measure", 5),
            ("Target", 2),
            ("Latest", 3),
            ("Status", 2),
            ("Before", 3),
            ("Linked to", 2),
        ],
        report
            .measures
            .iter()
            .map(|m| {
                vec![
                    Cell::text(&m.name),
                    Cell::text(&m.target),
                    Cell::text(&m.latest),
                    Cell::status(m.status.as_ref()),
                    Cell::text(m.previous.clone().unwrap_or_default()),
                    Cell::text(m.links.join(", ")),
                ]
            })
            .collect(),
    ));
    for m in &report.measures {
        measure(m, out);
    }
}

fn measure(m: &MeasureLine, out: &mut Vec<Block>) {
    out.push(Block::Heading(2, m.name.clone()));
    let mut about = vec![m.kind.clone()];
    about.extend(m.definition.clone());
    if let Some(o) = &m.owner {
        about.push(format!("Reported by {o}"));
    }
    if let Some(s) = &m.source {
        about.push(format!("Source: {s}"));
    }
    out.push(Block::Paragraph(
        about
            .iter()
            .map(|s| s.trim().trim_end_matches('.').to_string())
            .collect::<Vec<_>>()
            .join(". ")
            + ".",
    ));
    for s in m.target_changes.iter().chain(&m.streak) {
        out.push(Block::Paragraph(s.clone()));
    }
    if m.points.is_empty() {
        out.push(Block::Paragraph("No values or targets yet.".into()));
        return;
    }
    out.push(Block::Figure(m.chart.clone()));
    out.push(table(
        format!("{}: recent values", m.name),
        &[("Period", 3), ("Value", 2), ("Target", 2), ("Status", 2)],
        m.recent()
            .iter()
            .map(|p| {
                vec![
                    Cell::text(&p.period),
                    Cell::text(&p.value),
                    Cell::text(&p.target),
                    match &p.status {
                        Some(s) => Cell::status(Some(s)),
                        None => Cell::text(""),
                    },
                ]
            })
            .collect(),
    ));
}
