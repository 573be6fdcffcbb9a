//! [`PlanStore`]: plans as a whole.

use super::areas_actions::{insert_action_tree, insert_area};
use super::read::read_plan;
use super::write::{Event, Versioned, Write};
use super::{StoreImpl, Tx, check_length, clean, clean_lines, to_json};
use crate::rows::{SummaryRow, all};
use crate::{PlanStore, Result, StoreError};
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_domain::document::MAX_INSPECTION_CHARS;
use assure_domain::model::{
    Actor, AreaFields, InspectionRecord, PlanFields, PlanSettings, PlanSummary, StoredPlan,
};
use assure_domain::{Inspection, Judgement, PlanDocument, StatusDef};
use async_trait::async_trait;
use sqlx::types::Json;
use uuid::Uuid;

/// The columns of a plan summary; each caller adds its own WHERE and ORDER BY.
macro_rules! plan_summary_select {
    () => {
        "SELECT p.id, p.org_id, p.title, p.organisation, p.version, p.created_at, p.updated_at,
            (SELECT COUNT(*) FROM areas a WHERE a.plan_id = p.id) AS area_count,
            (SELECT COUNT(*) FROM actions x WHERE x.plan_id = p.id) AS action_count,
            p.parent_id
         FROM plans p "
    };
}
pub(super) use plan_summary_select;

/// Writes a plan's status scheme (after the old one, if any, was deleted).
async fn insert_scheme(tx: &mut Tx, plan_id: Uuid, scheme: &[StatusDef]) -> Result<()> {
    for (i, s) in scheme.iter().enumerate() {
        sqlx::query(
            "INSERT INTO plan_statuses (plan_id, position, label, meaning, description)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(plan_id)
        .bind(i as i64)
        .bind(&s.label)
        .bind(s.meaning.as_str())
        .bind(&s.description)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// A status key as stored: labels trimmed, non-empty and distinct ignoring case (a board
/// report reading "Red" and "red" would show two statuses that look like one).
fn check_scheme(scheme: Vec<StatusDef>) -> Result<Vec<StatusDef>> {
    let scheme: Vec<StatusDef> = scheme
        .into_iter()
        .map(|s| StatusDef {
            label: s.label.trim().to_string(),
            meaning: s.meaning,
            description: clean(s.description.as_deref()),
        })
        .collect();
    for (i, s) in scheme.iter().enumerate() {
        if s.label.is_empty() {
            return Err(StoreError::Invalid(format!(
                "status {} has no label",
                i + 1
            )));
        }
        if scheme[..i]
            .iter()
            .any(|o| o.label.to_lowercase() == s.label.to_lowercase())
        {
            return Err(StoreError::Invalid(format!(
                "the status {:?} is listed twice",
                s.label
            )));
        }
    }
    Ok(scheme)
}

/// Writes a whole plan document as a new plan of `org_id` inside `w`; returns its id and
/// the event that records its creation, for the caller to commit with whatever else the
/// creation writes.
pub(super) async fn insert_plan(
    w: &mut Write,
    org_id: Uuid,
    doc: &PlanDocument,
) -> Result<(Uuid, Event)> {
    doc.validate()
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
    for m in &doc.measures {
        m.check().map_err(StoreError::Invalid)?;
    }
    let plan_id = Uuid::now_v7();
    let org: Option<Uuid> = sqlx::query_scalar("SELECT id FROM organisations WHERE id = $1")
        .bind(org_id)
        .fetch_optional(&mut *w.tx)
        .await?;
    if org.is_none() {
        return Err(StoreError::not_found("organisation", org_id));
    }
    w.check_actor(org_id, "organisation", org_id).await?;
    let settings = PlanSettings::default();
    sqlx::query(
        "INSERT INTO plans (id, org_id, title, organisation, inspection, narrative,
            update_cadence, review_cadence, impact_interval_months, stalled_periods,
            reminder_days, version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $12, 1, $11, $11)",
    )
    .bind(plan_id)
    .bind(org_id)
    .bind(&doc.title)
    .bind(&doc.organisation)
    .bind(doc.inspection.as_ref().map(Json))
    .bind(Json(&doc.narrative))
    .bind(settings.update_cadence.as_str())
    .bind(settings.review_cadence.as_str())
    .bind(i64::from(settings.impact_interval_months))
    .bind(i64::from(settings.stalled_periods))
    .bind(w.now)
    .bind(i64::from(settings.reminder_days))
    .execute(&mut *w.tx)
    .await?;
    insert_scheme(&mut w.tx, plan_id, &doc.status_scheme).await?;
    for (i, g) in doc.glossary.iter().enumerate() {
        sqlx::query(
            "INSERT INTO glossary_entries (id, plan_id, position, abbreviation, title, name, version)
             VALUES ($1, $2, $3, $4, $5, $6, 1)",
        )
        .bind(Uuid::now_v7())
        .bind(plan_id)
        .bind(i as i64)
        .bind(&g.abbreviation)
        .bind(&g.title)
        .bind(&g.name)
        .execute(&mut *w.tx)
        .await?;
    }
    for (i, area) in doc.areas.iter().enumerate() {
        let area_id = Uuid::now_v7();
        let fields = AreaFields {
            r#ref: area.r#ref.clone(),
            group: area.group.clone(),
            title: area.title.clone(),
            objectives: area.objectives.clone(),
            outcomes: area.outcomes.clone(),
            measures: area.measures.clone(),
            narrative: area.narrative.clone(),
        };
        insert_area(&mut w.tx, plan_id, area_id, i as i64, &fields, w.now).await?;
        for (j, action) in area.actions.iter().enumerate() {
            let author = w.actor.user_id;
            let at = (area_id, None, j as i64);
            insert_action_tree(&mut w.tx, plan_id, at, action, w.now, author).await?;
        }
    }
    // The plan's own creation event records its measures with the rest of the document.
    super::measures::write_measure_docs(w, org_id, plan_id, &doc.measures).await?;
    let event = Event::new(org_id, AuditEntity::Plan, plan_id, AuditChange::Create)
        .in_plan(plan_id)
        .after(to_json(doc)?);
    Ok((plan_id, event))
}

#[async_trait]
impl PlanStore for StoreImpl {
    async fn create_plan(&self, org_id: Uuid, doc: &PlanDocument, actor: &Actor) -> Result<Uuid> {
        let mut w = self.write(actor).await?;
        let (plan_id, event) = insert_plan(&mut w, org_id, doc).await?;
        w.commit(event).await?;
        Ok(plan_id)
    }

    async fn plans(&self, org_id: Option<Uuid>) -> Result<Vec<PlanSummary>> {
        let rows = sqlx::query_as::<_, SummaryRow>(concat!(
            plan_summary_select!(),
            "WHERE ($1 IS NULL OR p.org_id = $1) ORDER BY p.created_at DESC, p.id DESC"
        ))
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        all(rows)
    }

    async fn plan(&self, id: Uuid) -> Result<StoredPlan> {
        // One read transaction, so the plan is read as of one moment.
        let mut tx = self.pool.begin().await?;
        let plan = read_plan(&mut tx, id).await?;
        tx.commit().await?;
        Ok(plan)
    }

    async fn plan_revision(&self, id: Uuid) -> Result<i64> {
        sqlx::query_scalar("SELECT revision FROM plans WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("plan", id))
    }

    async fn update_plan(
        &self,
        id: Uuid,
        expected_version: i64,
        fields: &PlanFields,
        actor: &Actor,
    ) -> Result<StoredPlan> {
        let title = fields.title.trim();
        if title.is_empty() {
            return Err(StoreError::Invalid("a plan needs a title".into()));
        }
        let fields = PlanFields {
            title: title.to_string(),
            organisation: clean(fields.organisation.as_deref()),
            narrative: clean_lines(&fields.narrative),
        };
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(id).await?;
        let before = read_plan(&mut w.tx, id).await?;
        w.bump(Versioned::Plan, id, expected_version).await?;
        sqlx::query("UPDATE plans SET title = $2, organisation = $3, narrative = $4 WHERE id = $1")
            .bind(id)
            .bind(&fields.title)
            .bind(&fields.organisation)
            .bind(Json(&fields.narrative))
            .execute(&mut *w.tx)
            .await?;
        let prior = PlanFields {
            title: before.title,
            organisation: before.organisation,
            narrative: before.narrative,
        };
        let event = Event::new(org_id, AuditEntity::Plan, id, AuditChange::Update)
            .in_plan(id)
            .before(to_json(&prior)?)
            .after(to_json(&fields)?);
        let plan = read_plan(&mut w.tx, id).await?;
        w.commit(event).await?;
        Ok(plan)
    }

    async fn update_plan_settings(
        &self,
        id: Uuid,
        expected_version: i64,
        settings: PlanSettings,
        actor: &Actor,
    ) -> Result<StoredPlan> {
        let max = PlanSettings::MAX_IMPACT_INTERVAL_MONTHS;
        if !(1..=max).contains(&settings.impact_interval_months) {
            return Err(StoreError::Invalid(format!(
                "the impact re-check interval must be between 1 and {max} months"
            )));
        }
        let max = PlanSettings::MAX_STALLED_PERIODS;
        if !(1..=max).contains(&settings.stalled_periods) {
            return Err(StoreError::Invalid(format!(
                "an action must be stalled after between 1 and {max} update periods"
            )));
        }
        let max = assure_domain::reminders::MAX_REMINDER_DAYS;
        if settings.reminder_days > max {
            return Err(StoreError::Invalid(format!(
                "the reminder must go between 0 and {max} working days before the deadline"
            )));
        }
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(id).await?;
        let before = read_plan(&mut w.tx, id).await?.settings;
        w.bump(Versioned::Plan, id, expected_version).await?;
        sqlx::query(
            "UPDATE plans SET update_cadence = $2, review_cadence = $3, impact_interval_months = $4,
                stalled_periods = $5, reminder_days = $6, period_ends = $7
             WHERE id = $1",
        )
        .bind(id)
        .bind(settings.update_cadence.as_str())
        .bind(settings.review_cadence.as_str())
        .bind(i64::from(settings.impact_interval_months))
        .bind(i64::from(settings.stalled_periods))
        .bind(i64::from(settings.reminder_days))
        .bind(super::read::period_ends(&settings.update_cadence))
        .execute(&mut *w.tx)
        .await?;
        let event = Event::new(org_id, AuditEntity::Plan, id, AuditChange::UpdateSettings)
            .in_plan(id)
            .before(to_json(&before)?)
            .after(to_json(&settings)?);
        let plan = read_plan(&mut w.tx, id).await?;
        w.commit(event).await?;
        Ok(plan)
    }

    async fn set_status_scheme(
        &self,
        id: Uuid,
        expected_version: i64,
        scheme: Vec<StatusDef>,
        actor: &Actor,
    ) -> Result<StoredPlan> {
        let scheme = check_scheme(scheme)?;
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(id).await?;
        let before = read_plan(&mut w.tx, id).await?.status_scheme;
        w.bump(Versioned::Plan, id, expected_version).await?;
        sqlx::query("DELETE FROM plan_statuses WHERE plan_id = $1")
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        insert_scheme(&mut w.tx, id, &scheme).await?;
        let event = Event::new(org_id, AuditEntity::Plan, id, AuditChange::SetStatusScheme)
            .in_plan(id)
            .before(to_json(&before)?)
            .after(to_json(&scheme)?);
        let plan = read_plan(&mut w.tx, id).await?;
        w.commit(event).await?;
        Ok(plan)
    }

    async fn link_lead(
        &self,
        plan_id: Uuid,
        lead_text: &str,
        person_id: Uuid,
        actor: &Actor,
    ) -> Result<u64> {
        let mut w = self.write(actor).await?;
        let plan_org = w.claim_plan(plan_id).await?;
        let person_org: Option<Uuid> = sqlx::query_scalar("SELECT org_id FROM users WHERE id = $1")
            .bind(person_id)
            .fetch_optional(&mut *w.tx)
            .await?;
        // A person of another council is as good as unknown.
        if person_org != Some(plan_org) {
            return Err(StoreError::not_found("person", person_id));
        }
        let linked = sqlx::query(
            "UPDATE action_leads SET person_id = $1
             WHERE text = $2 AND action_id IN (SELECT id FROM actions WHERE plan_id = $3)",
        )
        .bind(person_id)
        .bind(lead_text)
        .bind(plan_id)
        .execute(&mut *w.tx)
        .await?
        .rows_affected();
        let glossary = sqlx::query(
            "UPDATE glossary_entries SET person_id = $1 WHERE plan_id = $2 AND abbreviation = $3",
        )
        .bind(person_id)
        .bind(plan_id)
        .bind(lead_text)
        .execute(&mut *w.tx)
        .await?
        .rows_affected();
        // Linking words the plan never uses would record a link to nothing.
        if linked == 0 && glossary == 0 {
            return Err(StoreError::Invalid(format!(
                "{lead_text:?} is not a lead of this plan"
            )));
        }
        let after =
            serde_json::json!({ "lead": lead_text, "person_id": person_id, "actions": linked });
        let event = Event::new(plan_org, AuditEntity::Plan, plan_id, AuditChange::LinkLead)
            .in_plan(plan_id)
            .after(after);
        w.commit(event).await?;
        Ok(linked)
    }

    async fn set_parent_plan(
        &self,
        id: Uuid,
        expected_version: i64,
        parent: Option<Uuid>,
        actor: &Actor,
    ) -> Result<StoredPlan> {
        let mut w = self.write(actor).await?;
        let (plan, event) =
            super::attached::set_parent(&mut w, id, expected_version, parent).await?;
        w.commit(event).await?;
        Ok(plan)
    }

    async fn attached_plans(&self, parent: Uuid) -> Result<Vec<PlanSummary>> {
        let rows = sqlx::query_as::<_, SummaryRow>(concat!(
            plan_summary_select!(),
            "WHERE p.parent_id = $1 ORDER BY p.created_at, p.id"
        ))
        .bind(parent)
        .fetch_all(&self.pool)
        .await?;
        all(rows)
    }

    async fn update_inspection(
        &self,
        id: Uuid,
        expected_version: i64,
        record: &InspectionRecord,
        actor: &Actor,
    ) -> Result<StoredPlan> {
        let record = check_record(record)?;
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(id).await?;
        let before = read_plan(&mut w.tx, id).await?;
        w.bump(Versioned::Plan, id, expected_version).await?;
        sqlx::query("UPDATE plans SET organisation = $2, inspection = $3 WHERE id = $1")
            .bind(id)
            .bind(&record.organisation)
            .bind(record.inspection.as_ref().map(Json))
            .execute(&mut *w.tx)
            .await?;
        let prior = InspectionRecord {
            organisation: before.organisation,
            inspection: before.inspection,
        };
        let event = Event::new(org_id, AuditEntity::Plan, id, AuditChange::SetInspection)
            .in_plan(id)
            .before(to_json(&prior)?)
            .after(to_json(&record)?);
        let plan = read_plan(&mut w.tx, id).await?;
        w.commit(event).await?;
        Ok(plan)
    }
}

/// A council and inspection record as stored: text trimmed, blanks as nothing, an
/// inspection of which nothing is known as none, within the inspection's limits.
fn check_record(record: &InspectionRecord) -> Result<InspectionRecord> {
    let organisation = clean(record.organisation.as_deref());
    if let Some(o) = &organisation {
        check_length("the council's name", o, MAX_INSPECTION_CHARS)?;
    }
    let inspection = record.inspection.as_ref().map(|i| Inspection {
        framework: clean(i.framework.as_deref()),
        kind: clean(i.kind.as_deref()),
        dates: clean(i.dates.as_deref()),
        report_published: i.report_published,
        judgements: i
            .judgements
            .iter()
            .map(|j| Judgement {
                area: j.area.trim().to_string(),
                grade: j.grade.trim().to_string(),
            })
            .collect(),
    });
    if let Some(i) = &inspection {
        i.check().map_err(StoreError::Invalid)?;
    }
    Ok(InspectionRecord {
        organisation,
        inspection: inspection.filter(|i| !i.is_empty()),
    })
}
