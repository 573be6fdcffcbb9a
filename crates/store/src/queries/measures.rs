//! [`MeasureStore`]: a plan's measures, their targets, values and links.
//!
//! Every write claims the plan first, so two people naming a measure alike queue and the
//! second is refused, and a grid saved twice at once applies one after the other.

use super::write::{Event, Write};
use super::{StoreImpl, check_length, clean, to_json};
use crate::{
    Measure, MeasureFields, MeasureLink, MeasureStore, MeasureValue, Result, StoreError,
    ValueEntry, ValuesOutcome,
};
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_domain::measures::{
    Direction, Frequency, MAX_MEASURES, MAX_NAME_CHARS, MAX_TEXT_CHARS, MeasureDoc, MeasurePeriod,
    Target, TargetHistory, Tolerance, Unit, UploadMeasure, UploadRow, match_rows, parse_period,
};
use assure_domain::model::Actor;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;
use uuid::Uuid;

pub(super) use docs::{read_measures, write_measure_docs};

type MeasureRow = (
    Uuid,
    Uuid,
    i64,
    String,
    Option<String>,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<f64>,
);

/// A target as read with its measure: measure, from, value, upper, reason.
type TargetRow = (Uuid, NaiveDate, f64, Option<f64>, Option<String>);
/// A value as read with its measure: measure, period, value, note, when, by whom.
type ValueRow = (Uuid, String, f64, Option<String>, DateTime<Utc>, String);

macro_rules! measure_select {
    () => {
        "SELECT id, plan_id, version, name, definition, unit, direction, frequency, source,
            owner, tolerance_kind, tolerance_value FROM measures "
    };
}

fn corrupt(what: &str, text: &str) -> StoreError {
    StoreError::Corrupt(format!("measure {what} {text:?}"))
}

fn tolerance_columns(t: Option<Tolerance>) -> (Option<&'static str>, Option<f64>) {
    match t {
        Some(Tolerance::Percent(p)) => (Some("percent"), Some(p)),
        Some(Tolerance::Absolute(a)) => (Some("absolute"), Some(a)),
        None => (None, None),
    }
}

fn measure_of(row: MeasureRow) -> Result<Measure> {
    let (id, plan_id, version, name, definition, unit, direction, frequency, source, owner, tk, tv) =
        row;
    let tolerance = match (tk.as_deref(), tv) {
        (Some("percent"), Some(v)) => Some(Tolerance::Percent(v)),
        (Some("absolute"), Some(v)) => Some(Tolerance::Absolute(v)),
        (None, _) => None,
        (Some(other), _) => return Err(corrupt("tolerance", other)),
    };
    Ok(Measure {
        id,
        plan_id,
        version,
        fields: MeasureFields {
            name,
            definition,
            unit: Unit::parse(&unit).ok_or_else(|| corrupt("unit", &unit))?,
            direction: Direction::parse(&direction)
                .ok_or_else(|| corrupt("direction", &direction))?,
            frequency: Frequency::parse(&frequency)
                .ok_or_else(|| corrupt("frequency", &frequency))?,
            source,
            owner,
            tolerance,
            links: Vec::new(),
        },
        targets: Vec::new(),
        values: Vec::new(),
    })
}

/// The fields as stored: trimmed, blanks as nothing, within the limits.
fn checked(fields: &MeasureFields) -> Result<MeasureFields> {
    let name = fields.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(StoreError::Invalid("a measure needs a name".into()));
    }
    check_length("a measure's name", &name, MAX_NAME_CHARS)?;
    let definition = clean(fields.definition.as_deref());
    let source = clean(fields.source.as_deref());
    let owner = clean(fields.owner.as_deref());
    for (what, text) in [
        ("a definition", &definition),
        ("a source", &source),
        ("an owner", &owner),
    ] {
        if let Some(t) = text {
            check_length(what, t, MAX_TEXT_CHARS)?;
        }
    }
    if let Some(t) = fields.tolerance {
        t.check().map_err(StoreError::Invalid)?;
    }
    let mut links = fields.links.clone();
    links.sort();
    links.dedup();
    Ok(MeasureFields {
        name,
        definition,
        unit: fields.unit,
        direction: fields.direction,
        frequency: fields.frequency,
        source,
        owner,
        tolerance: fields.tolerance,
        links,
    })
}

async fn check_name(w: &mut Write, plan_id: Uuid, name: &str, except: Option<Uuid>) -> Result<()> {
    let taken: Vec<(Uuid, String)> =
        sqlx::query_as("SELECT id, name FROM measures WHERE plan_id = $1")
            .bind(plan_id)
            .fetch_all(&mut *w.tx)
            .await?;
    let lower = name.to_lowercase();
    match taken
        .iter()
        .find(|(id, n)| Some(*id) != except && n.to_lowercase() == lower)
    {
        Some((_, n)) => Err(StoreError::Duplicate(format!(
            "the measure name \u{201c}{n}\u{201d}"
        ))),
        None => Ok(()),
    }
}

/// Replaces a measure's links, each checked to be an area or action of the plan.
async fn write_links(w: &mut Write, plan_id: Uuid, id: Uuid, links: &[MeasureLink]) -> Result<()> {
    sqlx::query("DELETE FROM measure_links WHERE measure_id = $1")
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
    for link in links {
        let (sql, area, action, target) = match *link {
            MeasureLink::Area(a) => (
                "SELECT id FROM areas WHERE id = $1 AND plan_id = $2",
                Some(a),
                None,
                a,
            ),
            MeasureLink::Action(a) => (
                "SELECT id FROM actions WHERE id = $1 AND plan_id = $2",
                None,
                Some(a),
                a,
            ),
        };
        let found: Option<Uuid> = sqlx::query_scalar(sql)
            .bind(target)
            .bind(plan_id)
            .fetch_optional(&mut *w.tx)
            .await?;
        if found.is_none() {
            return Err(StoreError::Invalid(format!(
                "a measure can only be linked to this plan's areas and actions ({target} is not one)"
            )));
        }
        sqlx::query(
            "INSERT INTO measure_links (measure_id, area_id, action_id) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(area)
        .bind(action)
        .execute(&mut *w.tx)
        .await?;
    }
    Ok(())
}

async fn insert_measure(w: &mut Write, plan_id: Uuid, f: &MeasureFields) -> Result<Uuid> {
    let (count, position): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(MAX(position), -1) + 1 FROM measures WHERE plan_id = $1",
    )
    .bind(plan_id)
    .fetch_one(&mut *w.tx)
    .await?;
    if count >= MAX_MEASURES as i64 {
        return Err(StoreError::Invalid(format!(
            "a plan keeps at most {MAX_MEASURES} measures"
        )));
    }
    let id = Uuid::now_v7();
    let (tk, tv) = tolerance_columns(f.tolerance);
    sqlx::query(
        "INSERT INTO measures (id, plan_id, position, name, definition, unit, direction,
            frequency, source, owner, tolerance_kind, tolerance_value, version, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13)",
    )
    .bind(id)
    .bind(plan_id)
    .bind(position)
    .bind(&f.name)
    .bind(&f.definition)
    .bind(f.unit.as_str())
    .bind(f.direction.as_str())
    .bind(f.frequency.as_str())
    .bind(&f.source)
    .bind(&f.owner)
    .bind(tk)
    .bind(tv)
    .bind(w.now)
    .execute(&mut *w.tx)
    .await?;
    write_links(w, plan_id, id, &f.links).await?;
    Ok(id)
}

async fn update_fields(w: &mut Write, plan_id: Uuid, id: Uuid, f: &MeasureFields) -> Result<()> {
    let (tk, tv) = tolerance_columns(f.tolerance);
    sqlx::query(
        "UPDATE measures SET name = $2, definition = $3, unit = $4, direction = $5,
            frequency = $6, source = $7, owner = $8, tolerance_kind = $9, tolerance_value = $10
         WHERE id = $1",
    )
    .bind(id)
    .bind(&f.name)
    .bind(&f.definition)
    .bind(f.unit.as_str())
    .bind(f.direction.as_str())
    .bind(f.frequency.as_str())
    .bind(&f.source)
    .bind(&f.owner)
    .bind(tk)
    .bind(tv)
    .execute(&mut *w.tx)
    .await?;
    write_links(w, plan_id, id, &f.links).await
}

/// Writes a target from its date, replacing one from the same day.
async fn put_target(w: &mut Write, id: Uuid, t: &Target) -> Result<()> {
    sqlx::query("DELETE FROM measure_targets WHERE measure_id = $1 AND from_date = $2")
        .bind(id)
        .bind(t.from)
        .execute(&mut *w.tx)
        .await?;
    sqlx::query(
        "INSERT INTO measure_targets (measure_id, from_date, value, upper, reason, set_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(t.from)
    .bind(t.value)
    .bind(t.upper)
    .bind(clean(t.reason.as_deref()))
    .bind(w.now)
    .execute(&mut *w.tx)
    .await?;
    Ok(())
}

async fn read_targets(conn: &mut super::Conn, id: Uuid) -> Result<Vec<Target>> {
    let rows: Vec<(NaiveDate, f64, Option<f64>, Option<String>)> = sqlx::query_as(
        "SELECT from_date, value, upper, reason FROM measure_targets
         WHERE measure_id = $1 ORDER BY from_date",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(from, value, upper, reason)| Target {
            from,
            value,
            upper,
            reason,
        })
        .collect())
}

async fn read_values(conn: &mut super::Conn, id: Uuid) -> Result<Vec<(String, f64)>> {
    Ok(
        sqlx::query_as("SELECT period, value FROM measure_values WHERE measure_id = $1")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?,
    )
}

/// The measure, its version moved if it is still at `expected`.
async fn bump(w: &mut Write, plan_id: Uuid, id: Uuid, expected: i64) -> Result<Measure> {
    let row: Option<MeasureRow> =
        sqlx::query_as(concat!(measure_select!(), "WHERE id = $1 AND plan_id = $2"))
            .bind(id)
            .bind(plan_id)
            .fetch_optional(&mut *w.tx)
            .await?;
    let Some(row) = row else {
        return Err(StoreError::not_found("measure", id));
    };
    let mut before = measure_of(row)?;
    let moved =
        sqlx::query("UPDATE measures SET version = version + 1 WHERE id = $1 AND version = $2")
            .bind(id)
            .bind(expected)
            .execute(&mut *w.tx)
            .await?
            .rows_affected();
    if moved != 1 {
        return Err(StoreError::Conflict {
            entity: "measure",
            id,
            current: before.version,
        });
    }
    before.targets = read_targets(&mut w.tx, id).await?;
    Ok(before)
}

/// Checks that the measure's targets and values still fit a (new) unit and direction.
async fn check_fits(w: &mut Write, id: Uuid, f: &MeasureFields, targets: &[Target]) -> Result<()> {
    TargetHistory::new(targets.to_vec(), f.unit, f.direction).map_err(|e| {
        StoreError::Invalid(format!(
            "the measure's targets do not fit a {} measure that is {}: {e}",
            f.unit.describe().to_lowercase(),
            f.direction.describe().to_lowercase()
        ))
    })?;
    for (period, value) in read_values(&mut w.tx, id).await? {
        f.unit
            .check(value)
            .map_err(|e| StoreError::Invalid(format!("the value {value} for {period} {e}")))?;
        parse_period(&period, f.frequency).map_err(StoreError::Invalid)?;
    }
    Ok(())
}

fn fields_json(f: &MeasureFields) -> serde_json::Value {
    serde_json::json!({
        "name": f.name,
        "definition": f.definition,
        "unit": f.unit,
        "direction": f.direction,
        "frequency": f.frequency,
        "source": f.source,
        "owner": f.owner,
        "tolerance": f.tolerance,
        "links": f.links.iter().map(|l| match l {
            MeasureLink::Area(a) => serde_json::json!({"area_id": a}),
            MeasureLink::Action(a) => serde_json::json!({"action_id": a}),
        }).collect::<Vec<_>>(),
    })
}

fn target_json(t: &Target) -> Result<serde_json::Value> {
    to_json(t)
}

/// Whether two values are the same as far as a form can tell (it shows four decimals).
fn same(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => (a - b).abs() <= 1e-4,
        _ => false,
    }
}

/// The plan's measures as values are checked against: id, name, unit, frequency.
async fn owned_measures(
    w: &mut Write,
    plan_id: Uuid,
) -> Result<Vec<(Uuid, String, Unit, Frequency)>> {
    sqlx::query_as::<_, (Uuid, String, String, String)>(
        "SELECT id, name, unit, frequency FROM measures WHERE plan_id = $1 ORDER BY position",
    )
    .bind(plan_id)
    .fetch_all(&mut *w.tx)
    .await?
    .into_iter()
    .map(|(id, name, unit, freq)| {
        let f = Frequency::parse(&freq).ok_or_else(|| corrupt("frequency", &freq))?;
        let u = Unit::parse(&unit).ok_or_else(|| corrupt("unit", &unit))?;
        Ok((id, name, u, f))
    })
    .collect()
}

/// Applies values inside a write: what changed, and the events to record.
async fn apply_values(
    w: &mut Write,
    org_id: Uuid,
    plan_id: Uuid,
    owned: &[(Uuid, String, Unit, Frequency)],
    entries: &[ValueEntry],
) -> Result<(ValuesOutcome, Vec<Event>)> {
    let mut outcome = ValuesOutcome::default();
    let mut events = Vec::new();
    for e in entries {
        let Some((_, name, unit, frequency)) = owned.iter().find(|m| m.0 == e.measure_id) else {
            return Err(StoreError::not_found("measure", e.measure_id));
        };
        // A period keyed for another frequency is the one containing its start.
        let period = MeasurePeriod::containing(e.period.start(), *frequency);
        let at = format!("{name}, {}", period.label());
        if let Some(v) = e.value {
            unit.check(v)
                .map_err(|err| StoreError::Invalid(format!("{at}: the value {err}")))?;
        }
        let note = clean(e.note.as_deref());
        if let Some(n) = &note {
            check_length(&format!("{at}: a note"), n, MAX_TEXT_CHARS)?;
        }
        let current: Option<(f64, Option<String>)> = sqlx::query_as(
            "SELECT value, note FROM measure_values WHERE measure_id = $1 AND period = $2",
        )
        .bind(e.measure_id)
        .bind(period.key())
        .fetch_optional(&mut *w.tx)
        .await?;
        let now_value = current.as_ref().map(|c| c.0);
        let unchanged = same(now_value, e.value)
            && current.as_ref().and_then(|c| c.1.as_ref())
                == note.as_ref().filter(|_| e.value.is_some());
        if unchanged {
            continue;
        }
        if !e.replace && !same(now_value, e.was) {
            outcome.conflicted.push(at);
            continue;
        }
        let change = match (now_value, e.value) {
            (None, Some(_)) => {
                outcome.added += 1;
                AuditChange::Create
            }
            (Some(_), None) => {
                outcome.cleared += 1;
                AuditChange::Delete
            }
            _ => {
                outcome.changed += 1;
                AuditChange::Update
            }
        };
        sqlx::query("DELETE FROM measure_values WHERE measure_id = $1 AND period = $2")
            .bind(e.measure_id)
            .bind(period.key())
            .execute(&mut *w.tx)
            .await?;
        if let Some(v) = e.value {
            sqlx::query(
                "INSERT INTO measure_values (measure_id, period, value, note, entered_at,
                        entered_by_label) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(e.measure_id)
            .bind(period.key())
            .bind(v)
            .bind(&note)
            .bind(w.now)
            .bind(&w.actor.label)
            .execute(&mut *w.tx)
            .await?;
        }
        let json = |v: Option<(f64, Option<String>)>| {
            v.map(|(value, note)| {
                    serde_json::json!({"period": period.key(), "value": value, "note": note})
                })
        };
        events.push(
            Event::new(org_id, AuditEntity::MeasureValue, e.measure_id, change)
                .in_plan(plan_id)
                .before(json(current))
                .after(json(e.value.map(|v| (v, note.clone())))),
        );
    }
    Ok((outcome, events))
}

#[async_trait]
impl MeasureStore for StoreImpl {
    async fn measures(&self, plan_id: Uuid) -> Result<Vec<Measure>> {
        let mut conn = self.pool.acquire().await?;
        read_measures(&mut conn, plan_id, None).await
    }

    async fn measure(&self, plan_id: Uuid, id: Uuid) -> Result<Measure> {
        let mut conn = self.pool.acquire().await?;
        read_measures(&mut conn, plan_id, Some(id))
            .await?
            .pop()
            .ok_or_else(|| StoreError::not_found("measure", id))
    }

    async fn create_measure(
        &self,
        plan_id: Uuid,
        fields: &MeasureFields,
        target: Option<&Target>,
        actor: &Actor,
    ) -> Result<Uuid> {
        let fields = checked(fields)?;
        if let Some(t) = target {
            TargetHistory::new(vec![t.clone()], fields.unit, fields.direction)
                .map_err(StoreError::Invalid)?;
        }
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(plan_id).await?;
        check_name(&mut w, plan_id, &fields.name, None).await?;
        let id = insert_measure(&mut w, plan_id, &fields).await?;
        let mut after = fields_json(&fields);
        if let Some(t) = target {
            put_target(&mut w, id, t).await?;
            after["target"] = target_json(t)?;
        }
        let event = Event::new(org_id, AuditEntity::Measure, id, AuditChange::Create)
            .in_plan(plan_id)
            .after(after);
        w.commit(event).await?;
        Ok(id)
    }

    async fn edit_measure(
        &self,
        plan_id: Uuid,
        id: Uuid,
        expected_version: i64,
        fields: &MeasureFields,
        actor: &Actor,
    ) -> Result<()> {
        let fields = checked(fields)?;
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(plan_id).await?;
        let mut before = bump(&mut w, plan_id, id, expected_version).await?;
        before.fields.links = sqlx::query_as::<_, (Option<Uuid>, Option<Uuid>)>(
            "SELECT area_id, action_id FROM measure_links WHERE measure_id = $1",
        )
        .bind(id)
        .fetch_all(&mut *w.tx)
        .await?
        .into_iter()
        .filter_map(|l| match l {
            (Some(a), _) => Some(MeasureLink::Area(a)),
            (_, Some(a)) => Some(MeasureLink::Action(a)),
            _ => None,
        })
        .collect();
        check_name(&mut w, plan_id, &fields.name, Some(id)).await?;
        check_fits(&mut w, id, &fields, &before.targets).await?;
        update_fields(&mut w, plan_id, id, &fields).await?;
        let event = Event::new(org_id, AuditEntity::Measure, id, AuditChange::Update)
            .in_plan(plan_id)
            .before(fields_json(&before.fields))
            .after(fields_json(&fields));
        w.commit(event).await
    }

    async fn remove_measure(
        &self,
        plan_id: Uuid,
        id: Uuid,
        expected_version: i64,
        actor: &Actor,
    ) -> Result<()> {
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(plan_id).await?;
        let before = bump(&mut w, plan_id, id, expected_version).await?;
        let values = read_values(&mut w.tx, id).await?;
        sqlx::query("DELETE FROM measures WHERE id = $1")
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        let mut was = fields_json(&before.fields);
        was["targets"] = to_json(&before.targets)?;
        was["values"] = serde_json::json!(
            values
                .iter()
                .map(|(p, v)| serde_json::json!({"period": p, "value": v}))
                .collect::<Vec<_>>()
        );
        let event = Event::new(org_id, AuditEntity::Measure, id, AuditChange::Delete)
            .in_plan(plan_id)
            .before(was);
        w.commit(event).await
    }

    async fn set_target(
        &self,
        plan_id: Uuid,
        id: Uuid,
        expected_version: i64,
        target: &Target,
        actor: &Actor,
    ) -> Result<()> {
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(plan_id).await?;
        let before = bump(&mut w, plan_id, id, expected_version).await?;
        let mut targets: Vec<Target> = before
            .targets
            .iter()
            .filter(|t| t.from != target.from)
            .cloned()
            .collect();
        targets.push(target.clone());
        TargetHistory::new(targets, before.fields.unit, before.fields.direction)
            .map_err(StoreError::Invalid)?;
        if let Some(r) = &target.reason {
            check_length("a target's reason", r.trim(), MAX_TEXT_CHARS)?;
        }
        put_target(&mut w, id, target).await?;
        let replaced = before.targets.iter().find(|t| t.from == target.from);
        let event = Event::new(org_id, AuditEntity::Measure, id, AuditChange::SetTarget)
            .in_plan(plan_id)
            .before(match replaced {
                Some(t) => Some(target_json(t)?),
                None => None,
            })
            .after(target_json(target)?);
        w.commit(event).await
    }

    async fn record_values(
        &self,
        plan_id: Uuid,
        entries: &[ValueEntry],
        actor: &Actor,
    ) -> Result<ValuesOutcome> {
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(plan_id).await?;
        let owned = owned_measures(&mut w, plan_id).await?;
        let (outcome, events) = apply_values(&mut w, org_id, plan_id, &owned, entries).await?;
        if events.is_empty() {
            w.tx.rollback().await?;
        } else {
            w.commit_all(events).await?;
        }
        Ok(outcome)
    }

    async fn record_upload(
        &self,
        plan_id: Uuid,
        rows: &[UploadRow],
        actor: &Actor,
    ) -> Result<(usize, ValuesOutcome)> {
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(plan_id).await?;
        let owned = owned_measures(&mut w, plan_id).await?;
        let targets: Vec<UploadMeasure<'_>> = owned
            .iter()
            .map(|(_, name, unit, frequency)| UploadMeasure {
                name,
                unit: *unit,
                frequency: *frequency,
            })
            .collect();
        let matched = match_rows(rows, &targets).map_err(|p| StoreError::Invalid(p.join("\n")))?;
        let entries: Vec<ValueEntry> = matched
            .into_iter()
            .map(|m| ValueEntry {
                measure_id: owned[m.measure].0,
                period: m.period,
                value: Some(m.value),
                note: m.note,
                was: None,
                replace: true,
            })
            .collect();
        let (outcome, events) = apply_values(&mut w, org_id, plan_id, &owned, &entries).await?;
        if events.is_empty() {
            w.tx.rollback().await?;
        } else {
            w.commit_all(events).await?;
        }
        Ok((entries.len(), outcome))
    }

    async fn import_measures(
        &self,
        plan_id: Uuid,
        docs: &[MeasureDoc],
        actor: &Actor,
    ) -> Result<usize> {
        for d in docs {
            d.check().map_err(StoreError::Invalid)?;
        }
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(plan_id).await?;
        let events = write_measure_docs(&mut w, org_id, plan_id, docs).await?;
        let n = events.len();
        if n == 0 {
            w.tx.rollback().await?;
        } else {
            w.commit_all(events).await?;
        }
        Ok(n)
    }
}

// Last, so the SQL macros above are in scope there.
mod docs;
