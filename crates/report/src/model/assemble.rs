//! Working the board report out from the plan: the builder behind [`build`](super::build),
//! one method per part of the report.

#[allow(clippy::wildcard_imports)]
use super::*;

/// Builds the report.
pub fn build(req: &ReportRequest<'_>) -> BoardReport {
    Builder::new(req).build()
}

struct Builder<'a> {
    req: &'a ReportRequest<'a>,
    plan: &'a StoredPlan,
    names: Option<Names>,
    period: Period,
    previous: Period,
    /// The day the report reads the plan as of: the period's last day, or today.
    as_of: NaiveDate,
    status: HashMap<Uuid, Option<StatusValue>>,
}

impl<'a> Builder<'a> {
    fn new(req: &'a ReportRequest<'a>) -> Self {
        let plan = req.plan;
        let cadence = report_cadence(plan);
        let period = req.period.clone();
        let previous = previous_period(&period, cadence);
        let as_of = period.end.min(req.today);
        let names = (!req.audience.shows_names()).then(|| Names::new(&plan.glossary, req.people));
        let mut status = HashMap::new();
        for (_, _, a) in plan.actions() {
            let s = match req.history.at_end(a.id, &period) {
                StatusAt::Status(s) => s,
                StatusAt::NotRecorded => a.status.clone(),
            };
            status.insert(a.id, s);
        }
        Builder {
            req,
            plan,
            names,
            period,
            previous,
            as_of,
            status,
        }
    }

    fn text(&self, s: &str) -> String {
        match &self.names {
            Some(n) => n.text(s),
            None => s.to_string(),
        }
    }

    fn opt(&self, s: &Option<String>) -> Option<String> {
        s.as_deref().map(|s| self.text(s))
    }

    fn leads(&self, a: &StoredAction) -> Vec<String> {
        let written: Vec<String> = a.leads.iter().map(|l| l.text.clone()).collect();
        match &self.names {
            Some(n) => n.leads(&written),
            None => written,
        }
    }

    fn status_of(&self, a: &StoredAction) -> Option<StatusCell> {
        self.status
            .get(&a.id)
            .cloned()
            .flatten()
            .map(|s| StatusCell::of(&s))
    }

    fn area_name(area: &StoredArea) -> String {
        match &area.r#ref {
            Some(r) if !area.title.starts_with(r.as_str()) => format!("{r} {}", area.title),
            _ => area.title.clone(),
        }
    }

    fn name(&self, area: &StoredArea, a: &StoredAction) -> ActionName {
        ActionName {
            id: a.id,
            r#ref: a.r#ref.clone(),
            text: self.text(&a.text),
            area: self.text(&Self::area_name(area)),
        }
    }

    fn update_line(&self, u: &assure_domain::model::StoredUpdate) -> UpdateLine {
        UpdateLine {
            date: u.date,
            text: self.text(&u.text),
        }
    }

    /// The latest update written by the end of the period: the last dated on or before
    /// it, or an undated (imported) one that comes after every dated one.
    fn latest_update(&self, a: &StoredAction) -> Option<UpdateLine> {
        a.updates
            .iter()
            .rev()
            .find(|u| u.date.is_none_or(|d| d <= self.period.end))
            .map(|u| self.update_line(u))
    }

    fn build(self) -> BoardReport {
        let plan = self.plan;
        let audience = self.req.audience;
        let cover = self.cover();
        let statuses = self.statuses();
        let total = statuses.iter().map(|s| s.count).sum();
        let chart = self.chart();
        let changes = self.changes();
        let exceptions = self.exceptions();
        let history = self.history_periods();
        let flagged: Vec<Uuid> = exceptions
            .iter()
            .flat_map(|l| l.items.iter().map(|i| i.action.id))
            .collect();
        let mut areas: Vec<AreaSection> = plan
            .areas
            .iter()
            .map(|area| self.area(area, &history))
            .collect();
        let mut measures = crate::measures::lines(plan, self.as_of, self.names.as_ref());
        if !audience.has_tables() {
            measures.retain(crate::measures::MeasureLine::is_exception);
            for a in &mut areas {
                a.rows.retain(|r| flagged.contains(&r.id));
            }
            areas.retain(|a| !a.rows.is_empty());
        }
        let mut report = BoardReport {
            audience,
            cover,
            period: self.period.clone(),
            previous: self.previous.clone(),
            statuses,
            total,
            status_column: assure_domain::status::column_name(&plan.status_scheme).to_string(),
            chart,
            changes,
            exceptions,
            areas,
            history,
            glossary: Vec::new(),
            measures,
            narrative: plan.narrative.iter().map(|n| self.text(n)).collect(),
        };
        report.glossary = self.glossary(&report);
        report
    }

    fn cover(&self) -> Cover {
        let plan = self.plan;
        let (inspection, judgements) = match &plan.inspection {
            Some(i) if !i.is_empty() => {
                let what = [i.framework.as_deref(), i.kind.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                let line = match (&what[..], i.dates.as_deref()) {
                    ("", Some(d)) => Some(format!("Inspection, {d}")),
                    ("", None) => None,
                    (w, Some(d)) => Some(format!("{w}, {d}")),
                    (w, None) => Some(w.to_string()),
                };
                (
                    line,
                    i.judgements
                        .iter()
                        .map(|j| (j.area.clone(), j.grade.clone()))
                        .collect(),
                )
            }
            _ => (None, Vec::new()),
        };
        Cover {
            council: plan.organisation.clone(),
            title: plan.title.clone(),
            period: self.period.label.clone(),
            made: self.req.today,
            version: plan.version,
            audience: self.req.audience.describe().to_string(),
            inspection,
            judgements,
        }
    }

    fn statuses(&self) -> Vec<StatusLine> {
        let plan = self.plan;
        let mut lines: Vec<StatusLine> = plan
            .status_scheme
            .iter()
            .map(|d| StatusLine {
                cell: Some(StatusCell {
                    label: d.label.clone(),
                    meaning: Some(d.meaning),
                    swatch: swatch(Some(d.meaning)),
                }),
                description: d.description.clone(),
                count: 0,
            })
            .collect();
        let mut none = 0;
        for (_, _, a) in plan.actions() {
            match self.status.get(&a.id).cloned().flatten() {
                None => none += 1,
                Some(s) => {
                    if let Some(l) = lines
                        .iter_mut()
                        .find(|l| l.cell.as_ref().is_some_and(|c| c.label == s.label))
                    {
                        l.count += 1;
                    } else {
                        // A label the key does not list: counted under its own words.
                        lines.push(StatusLine {
                            cell: Some(StatusCell::of(&s)),
                            description: None,
                            count: 1,
                        });
                    }
                }
            }
        }
        if none > 0 {
            lines.push(StatusLine {
                cell: None,
                description: None,
                count: none,
            });
        }
        lines
    }

    fn chart(&self) -> Chart {
        let plan = self.plan;
        let mut meanings: Vec<Option<Meaning>> = Meaning::ALL.iter().copied().map(Some).collect();
        meanings.push(None);
        let names: Vec<String> = meanings
            .iter()
            .map(|m| {
                let word = m.map_or("No status", Meaning::describe);
                let labels = match m {
                    None => String::new(),
                    Some(m) => plan
                        .status_scheme
                        .iter()
                        .filter(|d| d.meaning == *m)
                        .map(|d| d.label.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                };
                if labels.is_empty() || labels.eq_ignore_ascii_case(word) {
                    word.to_string()
                } else {
                    format!("{word} ({labels})")
                }
            })
            .collect();
        let rows: Vec<(String, Vec<usize>)> = plan
            .areas
            .iter()
            .map(|area| {
                let mut counts = vec![0usize; meanings.len()];
                for top in &area.actions {
                    for a in top.walk() {
                        let m = self.status.get(&a.id).cloned().flatten().map(|s| s.meaning);
                        if let Some(i) = meanings.iter().position(|x| *x == m) {
                            counts[i] += 1;
                        }
                    }
                }
                (self.text(&Self::area_name(area)), counts)
            })
            .collect();
        // Series no action has are left out of the report's chart: a key of six colours
        // for a plan using three is noise on paper.
        let used: Vec<usize> = (0..meanings.len())
            .filter(|i| rows.iter().any(|(_, c)| c[*i] > 0))
            .collect();
        let series: Vec<assure_chart::Series> = used
            .iter()
            .map(|&i| assure_chart::meaning_series(meanings[i], names[i].clone()))
            .collect();
        let rows: Vec<(String, Vec<usize>)> = rows
            .into_iter()
            .map(|(n, c)| (n, used.iter().map(|&i| c[i]).collect()))
            .collect();
        let bars: Vec<assure_chart::Bar> = rows
            .iter()
            .map(|(label, values)| assure_chart::Bar {
                label: label.clone(),
                values: values.clone(),
            })
            .collect();
        let title = format!("Status of actions by area, {}", self.period.label);
        let mut description = String::from(
            "A stacked bar for each area for improvement showing how many of its actions have each status at the end of the period.",
        );
        for (label, values) in &rows {
            let parts: Vec<String> = series
                .iter()
                .zip(values)
                .filter(|(_, n)| **n > 0)
                .map(|(s, n)| format!("{} {n}", s.name))
                .collect();
            let parts = if parts.is_empty() {
                "no actions".to_string()
            } else {
                parts.join(", ")
            };
            description.push_str(&format!(" {label}: {parts}."));
        }
        let svg =
            assure_chart::stacked_bars("status-by-area", &title, &description, &series, &bars);
        Chart {
            svg,
            title,
            description,
            series: series.into_iter().map(|s| s.name).collect(),
            rows,
        }
    }

    fn changes(&self) -> Changes {
        let mut out = Changes {
            since: self.previous.label.clone(),
            ..Changes::default()
        };
        for (area, _, a) in self.plan.actions() {
            let before = self.req.history.at_end(a.id, &self.previous);
            let now = self.status.get(&a.id).cloned().flatten();
            let before = match before {
                StatusAt::NotRecorded => {
                    out.new_actions += 1;
                    continue;
                }
                StatusAt::Status(s) => s,
            };
            let line = || ChangeLine {
                action: self.name(area, a),
                from: before.as_ref().map(StatusCell::of),
                to: now.as_ref().map(StatusCell::of),
            };
            let (b, n) = (
                before.as_ref().map(|s| s.meaning),
                now.as_ref().map(|s| s.meaning),
            );
            match (b, n) {
                (b, Some(Meaning::Complete)) if b != Some(Meaning::Complete) => {
                    out.completed.push(line());
                }
                (Some(b), Some(n)) if rank(n) > rank(b) => out.up.push(line()),
                (Some(b), Some(n)) if rank(n) < rank(b) => out.down.push(line()),
                _ => {}
            }
        }
        out
    }

    fn item(&self, area: &StoredArea, a: &StoredAction, why: String) -> ExceptionItem {
        ExceptionItem {
            action: self.name(area, a),
            leads: self.leads(a),
            status: self.status_of(a),
            timescale: timescale_text(a.start.as_ref(), a.due.as_ref()),
            why: self.text(&why),
            latest_update: self.latest_update(a),
        }
    }

    fn exceptions(&self) -> Vec<ExceptionList> {
        let plan = self.plan;
        let meaning =
            |a: &StoredAction| self.status.get(&a.id).cloned().flatten().map(|s| s.meaning);
        let mut off = Vec::new();
        let mut risk = Vec::new();
        let mut overdue: Vec<(Option<NaiveDate>, ExceptionItem)> = Vec::new();
        let mut awaiting = Vec::new();
        let mut impact = Vec::new();
        for (area, _, a) in plan.actions() {
            match meaning(a) {
                Some(Meaning::OffTrack) => off.push(self.item(area, a, "status off track".into())),
                Some(Meaning::AtRisk) => risk.push(self.item(area, a, "status at risk".into())),
                _ => {}
            }
            if meaning(a) != Some(Meaning::Complete) && is_overdue(a, self.as_of) {
                let due = due_date(a);
                let why =
                    due.map_or_else(|| "past its due date".into(), |d| format!("due {}", day(d)));
                overdue.push((due, self.item(area, a, why)));
            }
            if let Some(s) = &a.signoff
                && !s.is_signed_off()
            {
                let when = assure_domain::clock::uk_date(s.proposed_at);
                awaiting.push(self.item(area, a, format!("proposed complete {}", day(when))));
            }
            if let Some(c) = a.impact_checks.last()
                && !c.confirmed
            {
                let when = assure_domain::clock::uk_date(c.checked_at);
                let note = c
                    .note
                    .as_deref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default();
                impact.push(self.item(
                    area,
                    a,
                    format!("impact not confirmed {}{note}", day(when)),
                ));
            }
        }
        overdue.sort_by_key(|(d, _)| *d);
        let stalled = self.stalled();
        vec![
            ExceptionList {
                code: "off_track",
                heading: "Off track",
                items: off,
            },
            ExceptionList {
                code: "at_risk",
                heading: "At risk",
                items: risk,
            },
            ExceptionList {
                code: "overdue",
                heading: "Overdue",
                items: overdue.into_iter().map(|(_, i)| i).collect(),
            },
            ExceptionList {
                code: "stalled",
                heading: "Stalled",
                items: stalled,
            },
            ExceptionList {
                code: "awaiting_sign_off",
                heading: "Awaiting sign-off",
                items: awaiting,
            },
            ExceptionList {
                code: "impact_failed",
                heading: "Impact checks failed",
                items: impact,
            },
        ]
    }

    /// The plan checks' "stalled" findings as of the report's day.
    fn stalled(&self) -> Vec<ExceptionItem> {
        let plan = self.plan;
        let settings = Settings::for_stored_plan(plan);
        let doc = plan.to_document();
        checks::check(&doc, self.as_of, &settings)
            .into_iter()
            .filter(|f| f.code == "stalled")
            .filter_map(|f| {
                let area = plan.areas.get(f.area_index?)?;
                let (first, rest) = f.action_path.split_first()?;
                let mut a = area.actions.get(*first)?;
                for i in rest {
                    a = a.children.get(*i)?;
                }
                Some(self.item(area, a, f.message))
            })
            .collect()
    }

    fn history_periods(&self) -> Vec<Period> {
        let cadence = report_cadence(self.plan);
        let mut out = vec![self.period.clone()];
        while out.len() < HISTORY_PERIODS {
            let p = previous_period(&out[out.len() - 1], cadence);
            out.push(p);
        }
        out.reverse();
        out
    }

    fn area(&self, area: &StoredArea, history: &[Period]) -> AreaSection {
        let mut rows = Vec::new();
        for top in &area.actions {
            self.rows(top, 0, None, history, &mut rows);
        }
        let texts = |v: &[String]| v.iter().map(|s| self.text(s)).collect::<Vec<_>>();
        AreaSection {
            group: self.opt(&area.group),
            r#ref: area.r#ref.clone(),
            title: self.text(&area.title),
            objectives: texts(&area.objectives),
            outcomes: texts(&area.outcomes),
            measures: texts(&area.measures),
            narrative: texts(&area.narrative),
            rows,
        }
    }

    fn rows(
        &self,
        a: &StoredAction,
        depth: usize,
        parent_ref: Option<&str>,
        history: &[Period],
        out: &mut Vec<ActionRow>,
    ) {
        let hist = history
            .iter()
            .enumerate()
            .map(|(i, p)| {
                // The last column is the report's own period, as the table shows it.
                if i + 1 == history.len() {
                    return match self.status_of(a) {
                        Some(s) => HistoryCell::Status(s),
                        None => HistoryCell::NoStatus,
                    };
                }
                match self.req.history.at_end(a.id, p) {
                    StatusAt::NotRecorded => HistoryCell::NotRecorded,
                    StatusAt::Status(None) => HistoryCell::NoStatus,
                    StatusAt::Status(Some(s)) => HistoryCell::Status(StatusCell::of(&s)),
                }
            })
            .collect();
        let sign_off = a.signoff.as_ref().map(|s| match s.signed_off_at {
            Some(at) => format!("Signed off {}", day(assure_domain::clock::uk_date(at))),
            None => format!(
                "Proposed complete {}",
                day(assure_domain::clock::uk_date(s.proposed_at))
            ),
        });
        out.push(ActionRow {
            id: a.id,
            depth,
            r#ref: a.r#ref.clone(),
            parent_ref: parent_ref.map(str::to_string),
            text: self.text(&a.text),
            leads: self.leads(a),
            sponsor: match &self.names {
                Some(n) => a.sponsor.as_deref().map(|s| n.lead(s)),
                None => a.sponsor.clone(),
            },
            start: a.start.clone(),
            due: a.due.clone(),
            milestones: a
                .milestones
                .iter()
                .map(|m| Milestone {
                    text: self.text(&m.text),
                    due: m.due.clone(),
                })
                .collect(),
            assurance: self.opt(&a.assurance),
            impact: self.opt(&a.impact),
            measure: self.opt(&a.measure),
            resources: self.opt(&a.resources),
            status: self.status_of(a),
            history: hist,
            updates: a.updates.iter().map(|u| self.update_line(u)).collect(),
            updates_in_period: a
                .updates
                .iter()
                .filter(|u| u.date.is_some_and(|d| self.period.contains(d)))
                .map(|u| self.update_line(u))
                .collect(),
            evidence: a
                .evidence
                .iter()
                .map(|e| self.text(&e.document_text()))
                .collect(),
            sign_off,
        });
        let this_ref = a.r#ref.as_deref().or(parent_ref);
        for c in &a.children {
            self.rows(c, depth + 1, this_ref, history, out);
        }
    }

    /// The glossary's abbreviations that the report's words use.
    fn glossary(&self, report: &BoardReport) -> Vec<GlossaryLine> {
        let mut text = String::new();
        let mut add = |s: &str| {
            text.push_str(s);
            text.push('\n');
        };
        for (area, row) in report.rows() {
            add(&area.title);
            add(&row.text);
            row.leads.iter().for_each(|l| add(l));
            row.updates.iter().for_each(|u| add(&u.text));
            for s in [
                &row.assurance,
                &row.impact,
                &row.measure,
                &row.resources,
                &row.sponsor,
            ]
            .into_iter()
            .flatten()
            {
                add(s);
            }
        }
        for l in &report.exceptions {
            for i in &l.items {
                add(&i.action.text);
                i.leads.iter().for_each(|l| add(l));
                if let Some(u) = &i.latest_update {
                    add(&u.text);
                }
            }
        }
        for m in &report.measures {
            add(&m.name);
            for s in [&m.definition, &m.source].into_iter().flatten() {
                add(s);
            }
        }
        let shows_names = self.req.audience.shows_names();
        let mut out: Vec<GlossaryLine> = self
            .plan
            .glossary
            .iter()
            .filter(|e| uses_word(&text, e.abbreviation.trim()))
            .map(|e| GlossaryLine {
                abbreviation: e.abbreviation.trim().to_string(),
                title: e.title.clone().filter(|t| !t.trim().is_empty()),
                name: if shows_names {
                    e.name.clone().filter(|t| !t.trim().is_empty())
                } else {
                    None
                },
            })
            .filter(|g| g.title.is_some() || g.name.is_some())
            .collect();
        out.sort_by_key(|g| g.abbreviation.to_lowercase());
        out.dedup_by(|a, b| a.abbreviation == b.abbreviation);
        out
    }
}

/// Whether `word` occurs in `text` with no letter or digit either side.
pub(super) fn uses_word(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}
