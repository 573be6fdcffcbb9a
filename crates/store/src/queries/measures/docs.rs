//! Measures as a plan document carries them: a plan's measures read whole (with their
//! targets, values and links), and an imported plan's written in its transaction.

#[allow(clippy::wildcard_imports)]
use super::*;

/// The plan's measures (or the one `only` names), each with its targets, values and
/// links, in four queries whatever their number.
pub(in super::super) async fn read_measures(
    conn: &mut super::super::Conn,
    plan_id: Uuid,
    only: Option<Uuid>,
) -> Result<Vec<Measure>> {
    let rows: Vec<MeasureRow> = sqlx::query_as(concat!(
        measure_select!(),
        "WHERE plan_id = $1 AND ($2 IS NULL OR id = $2) ORDER BY position"
    ))
    .bind(plan_id)
    .bind(only)
    .fetch_all(&mut *conn)
    .await?;
    let mut measures = rows
        .into_iter()
        .map(measure_of)
        .collect::<Result<Vec<_>>>()?;
    if measures.is_empty() {
        return Ok(measures);
    }
    let index: HashMap<Uuid, usize> = measures
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id, i))
        .collect();
    let targets: Vec<TargetRow> = sqlx::query_as(
        "SELECT t.measure_id, t.from_date, t.value, t.upper, t.reason
             FROM measure_targets t JOIN measures m ON m.id = t.measure_id
             WHERE m.plan_id = $1 ORDER BY t.from_date",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    for (mid, from, value, upper, reason) in targets {
        if let Some(&i) = index.get(&mid) {
            measures[i].targets.push(Target {
                from,
                value,
                upper,
                reason,
            });
        }
    }
    let values: Vec<ValueRow> = sqlx::query_as(
        "SELECT v.measure_id, v.period, v.value, v.note, v.entered_at, v.entered_by_label
                 FROM measure_values v JOIN measures m ON m.id = v.measure_id
                 WHERE m.plan_id = $1 ORDER BY v.period",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    for (mid, period, value, note, entered_at, entered_by) in values {
        if let Some(&i) = index.get(&mid) {
            let m = &mut measures[i];
            let period = parse_period(&period, m.fields.frequency)
                .map_err(|_| corrupt("period", &period))?;
            m.values.push(MeasureValue {
                period,
                value,
                note,
                entered_at,
                entered_by,
            });
        }
    }
    let links: Vec<(Uuid, Option<Uuid>, Option<Uuid>)> = sqlx::query_as(
        "SELECT l.measure_id, l.area_id, l.action_id
             FROM measure_links l JOIN measures m ON m.id = l.measure_id WHERE m.plan_id = $1",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    for (mid, area, action) in links {
        if let Some(&i) = index.get(&mid) {
            let link = match (area, action) {
                (Some(a), None) => MeasureLink::Area(a),
                (None, Some(a)) => MeasureLink::Action(a),
                _ => return Err(corrupt("link", &mid.to_string())),
            };
            measures[i].fields.links.push(link);
        }
    }
    for m in &mut measures {
        m.fields.links.sort();
    }
    Ok(measures)
}

/// Brings measures written in documents into a plan inside a write (see
/// [`MeasureStore::import_measures`]); the events to record.
pub(in super::super) async fn write_measure_docs(
    w: &mut Write,
    org_id: Uuid,
    plan_id: Uuid,
    docs: &[MeasureDoc],
) -> Result<Vec<Event>> {
    let w = &mut *w;
    let refs: Vec<(Uuid, Option<String>, bool)> =
        sqlx::query_as::<_, (Uuid, Option<String>, String)>(
            "SELECT id, reference, 'action' FROM actions WHERE plan_id = $1
             UNION ALL SELECT id, reference, 'area' FROM areas WHERE plan_id = $1",
        )
        .bind(plan_id)
        .fetch_all(&mut *w.tx)
        .await?
        .into_iter()
        .map(|(id, r, kind)| (id, r, kind == "action"))
        .collect();
    let mut events = Vec::new();
    for d in docs {
        let mut links = Vec::new();
        for r in &d.links {
            let want = r.trim();
            let hit = refs
                .iter()
                .filter(|(_, rf, _)| rf.as_deref().map(str::trim) == Some(want))
                .max_by_key(|(_, _, is_action)| *is_action);
            match hit {
                Some((id, _, true)) => links.push(MeasureLink::Action(*id)),
                Some((id, _, false)) => links.push(MeasureLink::Area(*id)),
                None => {
                    return Err(StoreError::Invalid(format!(
                        "measure \"{}\" is linked to \"{want}\", which is not a ref of this plan's areas or actions",
                        d.name.trim()
                    )));
                }
            }
        }
        let fields = checked(&d.fields(links))?;
        let existing: Option<Uuid> =
            sqlx::query_scalar("SELECT id FROM measures WHERE plan_id = $1 AND lower(name) = $2")
                .bind(plan_id)
                .bind(fields.name.to_lowercase())
                .fetch_optional(&mut *w.tx)
                .await?;
        let (id, change) = match existing {
            Some(id) => {
                sqlx::query("UPDATE measures SET version = version + 1 WHERE id = $1")
                    .bind(id)
                    .execute(&mut *w.tx)
                    .await?;
                update_fields(w, plan_id, id, &fields).await?;
                sqlx::query("DELETE FROM measure_targets WHERE measure_id = $1")
                    .bind(id)
                    .execute(&mut *w.tx)
                    .await?;
                (id, AuditChange::Update)
            }
            None => (
                insert_measure(w, plan_id, &fields).await?,
                AuditChange::Create,
            ),
        };
        let history = d.target_history().map_err(StoreError::Invalid)?;
        for t in history.all() {
            put_target(w, id, t).await?;
        }
        let before_values = read_values(&mut w.tx, id).await?;
        sqlx::query("DELETE FROM measure_values WHERE measure_id = $1")
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        for v in &d.values {
            let period = parse_period(&v.period, d.frequency).map_err(StoreError::Invalid)?;
            sqlx::query(
                "INSERT INTO measure_values (measure_id, period, value, note, entered_at,
                        entered_by_label) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(period.key())
            .bind(v.value)
            .bind(clean(v.note.as_deref()))
            .bind(w.now)
            .bind(&w.actor.label)
            .execute(&mut *w.tx)
            .await?;
        }
        let mut after = fields_json(&fields);
        after["targets"] = to_json(&history.all().to_vec())?;
        after["values"] = to_json(&d.values)?;
        let before = (change == AuditChange::Update).then(|| {
            serde_json::json!({"values": before_values
                    .iter()
                    .map(|(p, v)| serde_json::json!({"period": p, "value": v}))
                    .collect::<Vec<_>>()})
        });
        events.push(
            Event::new(org_id, AuditEntity::Measure, id, change)
                .in_plan(plan_id)
                .before(before)
                .after(after),
        );
    }
    Ok(events)
}
