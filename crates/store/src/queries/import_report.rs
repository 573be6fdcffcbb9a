//! [`ImportReportStore`]: the things to check an import found, kept with their plan.

use super::plans::insert_plan;
use super::write::Event;
use super::{StoreImpl, to_json};
use crate::rows::ReportItemRow;
use crate::{ImportReportStore, Result, StoreError};
use assure_domain::PlanDocument;
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_domain::import_report::{self, ReportItem, StoredReportItem};
use assure_domain::model::Actor;
use async_trait::async_trait;
use uuid::Uuid;

/// The columns of a report item; each caller adds its own WHERE.
macro_rules! item_select {
    () => {
        "SELECT id, plan_id, position, concern, place, text, advice, done_by_id, done_by_label,
            done_at
         FROM import_report_items "
    };
}

/// One item of one plan.
const ONE_ITEM: &str = concat!(item_select!(), "WHERE id = $1 AND plan_id = $2");

#[async_trait]
impl ImportReportStore for StoreImpl {
    async fn create_imported_plan(
        &self,
        org_id: Uuid,
        doc: &PlanDocument,
        report: &[ReportItem],
        actor: &Actor,
    ) -> Result<Uuid> {
        import_report::check(report).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let mut w = self.write(actor).await?;
        let (plan_id, event) = insert_plan(&mut w, org_id, doc).await?;
        for (i, item) in report.iter().enumerate() {
            sqlx::query(
                "INSERT INTO import_report_items (id, plan_id, position, concern, place, text,
                    advice)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(Uuid::now_v7())
            .bind(plan_id)
            .bind(i as i64)
            .bind(item.concern.trim())
            .bind(item.place.trim())
            .bind(item.text.trim())
            .bind(item.advice.trim())
            .execute(&mut *w.tx)
            .await?;
        }
        w.commit(event).await?;
        Ok(plan_id)
    }

    async fn import_report(&self, plan_id: Uuid) -> Result<Vec<StoredReportItem>> {
        let rows = sqlx::query_as::<_, ReportItemRow>(concat!(
            item_select!(),
            "WHERE plan_id = $1 ORDER BY position"
        ))
        .bind(plan_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(StoredReportItem::from).collect())
    }

    async fn mark_report_item(
        &self,
        plan_id: Uuid,
        item_id: Uuid,
        done: bool,
        actor: &Actor,
    ) -> Result<StoredReportItem> {
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(plan_id).await?;
        let Some(before) = sqlx::query_as::<_, ReportItemRow>(ONE_ITEM)
            .bind(item_id)
            .bind(plan_id)
            .fetch_optional(&mut *w.tx)
            .await?
        else {
            return Err(StoreError::not_found("thing to check", item_id));
        };
        let before = StoredReportItem::from(before);
        if before.done.is_some() == done {
            // As asked already (someone else marked it first): nothing to record.
            return Ok(before);
        }
        let (by_id, by_label, at) = if done {
            (w.actor.user_id, Some(w.actor.label.clone()), Some(w.now))
        } else {
            (None, None, None)
        };
        sqlx::query(
            "UPDATE import_report_items SET done_by_id = $2, done_by_label = $3, done_at = $4
             WHERE id = $1",
        )
        .bind(item_id)
        .bind(by_id)
        .bind(by_label)
        .bind(at)
        .execute(&mut *w.tx)
        .await?;
        let after = sqlx::query_as::<_, ReportItemRow>(ONE_ITEM)
            .bind(item_id)
            .bind(plan_id)
            .fetch_one(&mut *w.tx)
            .await?;
        let after = StoredReportItem::from(after);
        let change = if done {
            AuditChange::MarkDone
        } else {
            AuditChange::MarkNotDone
        };
        let event = Event::new(org_id, AuditEntity::ImportReportItem, item_id, change)
            .in_plan(plan_id)
            .subject(plan_id)
            .before(to_json(&before)?)
            .after(to_json(&after)?);
        w.commit(event).await?;
        Ok(after)
    }

    async fn mark_concern_done(
        &self,
        plan_id: Uuid,
        concern: &str,
        actor: &Actor,
    ) -> Result<usize> {
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(plan_id).await?;
        let ids: Vec<Uuid> = sqlx::query_scalar(
            "SELECT id FROM import_report_items
             WHERE plan_id = $1 AND concern = $2 AND done_at IS NULL ORDER BY position",
        )
        .bind(plan_id)
        .bind(concern)
        .fetch_all(&mut *w.tx)
        .await?;
        if ids.is_empty() {
            return Ok(0);
        }
        sqlx::query(
            "UPDATE import_report_items SET done_by_id = $3, done_by_label = $4, done_at = $5
             WHERE plan_id = $1 AND concern = $2 AND done_at IS NULL",
        )
        .bind(plan_id)
        .bind(concern)
        .bind(w.actor.user_id)
        .bind(w.actor.label.clone())
        .bind(w.now)
        .execute(&mut *w.tx)
        .await?;
        let event = Event::new(org_id, AuditEntity::Plan, plan_id, AuditChange::MarkDone)
            .in_plan(plan_id)
            .after(serde_json::json!({ "concern": concern, "items": ids }));
        w.commit(event).await?;
        Ok(ids.len())
    }
}
