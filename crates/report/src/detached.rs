//! A plan document as a stored plan, without a store: ids numbered in plan order, every
//! record at version 1, made at one instant. For a report of a plan file (`assure report
//! --plan file.json`), the tests and the benchmarks.

use assure_domain::PlanDocument;
use assure_domain::measures::{Measure, MeasureLink, MeasureValue, parse_period};
use assure_domain::model::{
    EvidenceKind, Lead, PlanSettings, StoredAction, StoredArea, StoredEvidence,
    StoredGlossaryEntry, StoredPlan, StoredUpdate, evidence_from_text,
};
use chrono::{DateTime, Utc};
use uuid::Uuid;

struct Ids(u128);

impl Ids {
    fn next(&mut self) -> Uuid {
        self.0 += 1;
        Uuid::from_u128(self.0)
    }
}

/// `doc` as a stored plan made at `at`, with default settings.
pub fn stored_plan(doc: &PlanDocument, at: DateTime<Utc>) -> StoredPlan {
    let mut ids = Ids(0);
    let id = ids.next();
    let org_id = ids.next();
    let glossary = doc
        .glossary
        .iter()
        .map(|g| StoredGlossaryEntry {
            id: ids.next(),
            version: 1,
            abbreviation: g.abbreviation.clone(),
            title: g.title.clone(),
            name: g.name.clone(),
            person_id: None,
        })
        .collect();
    let areas: Vec<StoredArea> = doc
        .areas
        .iter()
        .map(|a| {
            let area_id = ids.next();
            StoredArea {
                id: area_id,
                version: 1,
                r#ref: a.r#ref.clone(),
                group: a.group.clone(),
                title: a.title.clone(),
                objectives: a.objectives.clone(),
                outcomes: a.outcomes.clone(),
                measures: a.measures.clone(),
                narrative: a.narrative.clone(),
                actions: a
                    .actions
                    .iter()
                    .map(|x| action(x, area_id, None, at, &mut ids))
                    .collect(),
            }
        })
        .collect();
    let measures = measures(doc, id, &areas, at, &mut ids);
    StoredPlan {
        id,
        org_id,
        version: 1,
        created_at: at,
        updated_at: at,
        title: doc.title.clone(),
        organisation: doc.organisation.clone(),
        inspection: doc.inspection.clone(),
        status_scheme: doc.status_scheme.clone(),
        glossary,
        narrative: doc.narrative.clone(),
        settings: PlanSettings::default(),
        parent_id: None,
        measures,
        areas,
    }
}

/// The document's measures, linked by ref (to an action before an area of the same ref);
/// a link to no ref, a value whose period does not read and targets that do not fit are
/// left out, as a report of a file cannot ask.
fn measures(
    doc: &PlanDocument,
    plan_id: Uuid,
    areas: &[StoredArea],
    at: DateTime<Utc>,
    ids: &mut Ids,
) -> Vec<Measure> {
    let same = |r: &Option<String>, want: &str| r.as_deref().map(str::trim) == Some(want);
    doc.measures
        .iter()
        .map(|d| {
            let links = d
                .links
                .iter()
                .filter_map(|r| {
                    let want = r.trim();
                    let action = areas
                        .iter()
                        .flat_map(|a| a.actions.iter().flat_map(StoredAction::walk))
                        .find(|a| same(&a.r#ref, want));
                    match action {
                        Some(a) => Some(MeasureLink::Action(a.id)),
                        None => areas
                            .iter()
                            .find(|a| same(&a.r#ref, want))
                            .map(|a| MeasureLink::Area(a.id)),
                    }
                })
                .collect();
            let mut values: Vec<MeasureValue> = d
                .values
                .iter()
                .filter_map(|v| {
                    Some(MeasureValue {
                        period: parse_period(&v.period, d.frequency).ok()?,
                        value: v.value,
                        note: v.note.clone(),
                        entered_at: at,
                        entered_by: "Plan document".into(),
                    })
                })
                .collect();
            values.sort_by_key(|v| v.period);
            Measure {
                id: ids.next(),
                plan_id,
                version: 1,
                fields: d.fields(links),
                targets: d
                    .target_history()
                    .map(|h| h.all().to_vec())
                    .unwrap_or_default(),
                values,
            }
        })
        .collect()
}

fn action(
    a: &assure_domain::Action,
    area_id: Uuid,
    parent_id: Option<Uuid>,
    at: DateTime<Utc>,
    ids: &mut Ids,
) -> StoredAction {
    let id = ids.next();
    let updates = a
        .updates
        .iter()
        .map(|u| StoredUpdate {
            id: ids.next(),
            date: u.date,
            text: u.text.clone(),
            status: None,
            period: None,
            author_id: None,
            created_at: at,
        })
        .collect();
    let evidence = a
        .evidence
        .iter()
        .map(|e| {
            let (title, url) = evidence_from_text(e);
            StoredEvidence {
                id: ids.next(),
                kind: EvidenceKind::Link,
                title,
                url,
                file_key: None,
                file_name: None,
                content_type: None,
                size: None,
                added_by: None,
                created_at: at,
            }
        })
        .collect();
    let children = a
        .children
        .iter()
        .map(|c| action(c, area_id, Some(id), at, ids))
        .collect();
    StoredAction {
        id,
        area_id,
        parent_id,
        version: 1,
        created_at: at,
        updated_at: at,
        r#ref: a.r#ref.clone(),
        text: a.text.clone(),
        leads: a
            .leads
            .iter()
            .map(|l| Lead {
                text: l.clone(),
                person_id: None,
            })
            .collect(),
        sponsor: a.sponsor.clone(),
        start: a.start.clone(),
        due: a.due.clone(),
        milestones: a.milestones.clone(),
        assurance: a.assurance.clone(),
        impact: a.impact.clone(),
        measure: a.measure.clone(),
        resources: a.resources.clone(),
        updates,
        status: a.status.clone(),
        evidence,
        signoff: None,
        impact_checks: Vec::new(),
        children,
    }
}
