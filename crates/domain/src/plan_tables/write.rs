//! A plan document written into the layout's tables.

use super::{
    ACTIONS, AREA_TEXT, AREAS, GLOSSARY, MEASURES, MILESTONES, PLAN, STATUS_KEY, TARGETS, Table,
    UPDATES, VALUES, Value, field, part, protect,
};
use crate::document::{Action, PlanDocument};
use crate::measures::Tolerance;
use crate::when::{When, WhenKind};

/// A timescale's kind in words, with how often it repeats: "month", "recurring, monthly".
pub fn kind_words(w: &When) -> String {
    let kind = match w.kind {
        WhenKind::Date => "date",
        WhenKind::Month => "month",
        WhenKind::InPlace => "in place",
        WhenKind::Recurring => "recurring",
        WhenKind::Tbc => "TBC",
        WhenKind::Text => "words",
    };
    match w.recurrence {
        Some(r) => format!("{kind}, {}", r.as_str()),
        None => kind.to_string(),
    }
}

/// A tolerance as written: "5%" of the target, or "±5" in the measure's unit.
pub fn tolerance_words(t: Tolerance) -> String {
    match t {
        Tolerance::Percent(p) => format!("{p}%"),
        Tolerance::Absolute(a) => format!("±{a}"),
    }
}

fn lines(items: &[String]) -> Value {
    Value::text(items.join("\n"))
}

fn status(label: &str, meaning: crate::status::Meaning) -> Value {
    Value::Status(protect(label), meaning)
}

fn opt(s: &Option<String>) -> Value {
    s.as_deref().map_or(Value::Empty, Value::text)
}

fn when_cells(w: Option<&When>) -> [Value; 3] {
    match w {
        None => [Value::Empty, Value::Empty, Value::Empty],
        Some(w) => [
            Value::text(w.text.clone()),
            w.date.map_or(Value::Empty, Value::Date),
            Value::Text(kind_words(w)),
        ],
    }
}

fn number(n: usize) -> Value {
    Value::Number(n as f64)
}

/// Every table of the layout, filled from `doc` (empty tables keep their header row).
pub fn tables(doc: &PlanDocument) -> Vec<Table> {
    let mut plan = vec![
        vec![
            Value::text(field::TITLE),
            Value::text(doc.title.clone()),
            Value::Empty,
        ],
        vec![
            Value::text(field::COUNCIL),
            opt(&doc.organisation),
            Value::Empty,
        ],
    ];
    if let Some(i) = &doc.inspection {
        plan.push(vec![
            Value::text(field::FRAMEWORK),
            opt(&i.framework),
            Value::Empty,
        ]);
        plan.push(vec![Value::text(field::KIND), opt(&i.kind), Value::Empty]);
        plan.push(vec![Value::text(field::DATES), opt(&i.dates), Value::Empty]);
        plan.push(vec![
            Value::text(field::PUBLISHED),
            i.report_published.map_or(Value::Empty, Value::Date),
            Value::Empty,
        ]);
        for j in &i.judgements {
            plan.push(vec![
                Value::text(field::JUDGEMENT),
                Value::text(j.area.clone()),
                Value::text(j.grade.clone()),
            ]);
        }
    }
    for n in &doc.narrative {
        plan.push(vec![
            Value::text(field::NARRATIVE),
            Value::text(n.clone()),
            Value::Empty,
        ]);
    }
    let key = doc
        .status_scheme
        .iter()
        .map(|s| {
            vec![
                status(&s.label, s.meaning),
                Value::text(s.meaning.describe()),
                opt(&s.description),
            ]
        })
        .collect();
    let glossary = doc
        .glossary
        .iter()
        .map(|g| {
            vec![
                Value::text(g.abbreviation.clone()),
                opt(&g.title),
                opt(&g.name),
            ]
        })
        .collect();
    let mut areas = Vec::new();
    let mut area_text = Vec::new();
    let mut rows = Rows::default();
    for (i, area) in doc.areas.iter().enumerate() {
        areas.push(vec![
            number(i + 1),
            opt(&area.r#ref),
            opt(&area.group),
            Value::text(area.title.clone()),
        ]);
        for (name, list) in [
            (part::OBJECTIVE, &area.objectives),
            (part::OUTCOME, &area.outcomes),
            (part::MEASURE, &area.measures),
            (part::NARRATIVE, &area.narrative),
        ] {
            for entry in list {
                area_text.push(vec![
                    number(i + 1),
                    Value::text(name),
                    Value::text(entry.clone()),
                ]);
            }
        }
        for a in &area.actions {
            rows.action(i + 1, 0, a);
        }
    }
    let (measures, targets, values) = measure_rows(doc);
    vec![
        Table {
            layout: PLAN,
            rows: plan,
        },
        Table {
            layout: STATUS_KEY,
            rows: key,
        },
        Table {
            layout: GLOSSARY,
            rows: glossary,
        },
        Table {
            layout: AREAS,
            rows: areas,
        },
        Table {
            layout: AREA_TEXT,
            rows: area_text,
        },
        Table {
            layout: ACTIONS,
            rows: rows.actions,
        },
        Table {
            layout: MILESTONES,
            rows: rows.milestones,
        },
        Table {
            layout: UPDATES,
            rows: rows.updates,
        },
        Table {
            layout: MEASURES,
            rows: measures,
        },
        Table {
            layout: TARGETS,
            rows: targets,
        },
        Table {
            layout: VALUES,
            rows: values,
        },
    ]
}

#[derive(Default)]
struct Rows {
    actions: Vec<Vec<Value>>,
    milestones: Vec<Vec<Value>>,
    updates: Vec<Vec<Value>>,
}

impl Rows {
    fn action(&mut self, area: usize, depth: usize, a: &Action) {
        let no = self.actions.len() + 1;
        let mut row = vec![
            number(no),
            number(area),
            number(depth + 1),
            opt(&a.r#ref),
            if a.text.is_empty() {
                Value::Empty
            } else {
                Value::Action(protect(&a.text), depth)
            },
            lines(&a.leads),
            opt(&a.sponsor),
        ];
        row.extend(when_cells(a.start.as_ref()));
        row.extend(when_cells(a.due.as_ref()));
        row.extend([
            a.status
                .as_ref()
                .map_or(Value::Empty, |s| status(&s.label, s.meaning)),
            opt(&a.assurance),
            opt(&a.impact),
            opt(&a.measure),
            opt(&a.resources),
            lines(&a.evidence),
        ]);
        self.actions.push(row);
        for m in &a.milestones {
            let mut row = vec![number(no), Value::text(m.text.clone())];
            row.extend(when_cells(m.due.as_ref()));
            self.milestones.push(row);
        }
        for u in &a.updates {
            self.updates.push(vec![
                number(no),
                u.date.map_or(Value::Empty, Value::Date),
                Value::text(u.text.clone()),
            ]);
        }
        for c in &a.children {
            self.action(area, depth + 1, c);
        }
    }
}

type MeasureRows = (Vec<Vec<Value>>, Vec<Vec<Value>>, Vec<Vec<Value>>);

fn measure_rows(doc: &PlanDocument) -> MeasureRows {
    let (mut measures, mut targets, mut values) = (Vec::new(), Vec::new(), Vec::new());
    for (i, m) in doc.measures.iter().enumerate() {
        let no = number(i + 1);
        measures.push(vec![
            no.clone(),
            Value::text(m.name.clone()),
            opt(&m.definition),
            Value::text(m.unit.as_str()),
            Value::text(m.direction.as_str()),
            Value::text(m.frequency.as_str()),
            opt(&m.source),
            opt(&m.owner),
            m.target.map_or(Value::Empty, Value::Number),
            m.tolerance
                .map_or(Value::Empty, |t| Value::Text(tolerance_words(t))),
            m.status.map_or(Value::Empty, |s| Value::text(s.describe())),
            lines(&m.links),
        ]);
        for t in &m.targets {
            targets.push(vec![
                no.clone(),
                Value::Date(t.from),
                Value::Number(t.value),
                t.upper.map_or(Value::Empty, Value::Number),
                opt(&t.reason),
            ]);
        }
        for v in &m.values {
            values.push(vec![
                no.clone(),
                Value::text(v.period.clone()),
                Value::Number(v.value),
                opt(&v.note),
            ]);
        }
    }
    (measures, targets, values)
}
