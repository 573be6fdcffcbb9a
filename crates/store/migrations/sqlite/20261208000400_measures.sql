-- Measures beside the plan (issue 15): a plan's KPIs, their targets over time, one value
-- per period, and the areas and actions each is meant to move.

CREATE TABLE measures (
    id               BLOB PRIMARY KEY NOT NULL,
    plan_id          BLOB NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    name             TEXT NOT NULL,
    definition       TEXT,
    unit             TEXT NOT NULL,
    direction        TEXT NOT NULL,
    frequency        TEXT NOT NULL,
    source           TEXT,
    owner            TEXT,
    -- "percent" or "absolute" with its amount; both empty for the unit's default.
    tolerance_kind   TEXT,
    tolerance_value  REAL,
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TEXT NOT NULL
);
CREATE INDEX measures_plan ON measures(plan_id, position);
-- A plan names a measure once, ignoring case.
CREATE UNIQUE INDEX measures_plan_name ON measures(plan_id, lower(name));

CREATE TABLE measure_targets (
    measure_id  BLOB NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
    from_date   TEXT NOT NULL,
    value       REAL NOT NULL,
    upper       REAL,
    reason      TEXT,
    set_at      TEXT NOT NULL,
    PRIMARY KEY (measure_id, from_date)
);

-- One value per period; `period` is the year and month the period starts ("2026-04").
CREATE TABLE measure_values (
    measure_id        BLOB NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
    period            TEXT NOT NULL,
    value             REAL NOT NULL,
    note              TEXT,
    entered_at        TEXT NOT NULL,
    entered_by_label  TEXT NOT NULL,
    PRIMARY KEY (measure_id, period)
);

-- What a measure is meant to move: an area or an action of its plan.
CREATE TABLE measure_links (
    measure_id  BLOB NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
    area_id     BLOB REFERENCES areas(id) ON DELETE CASCADE,
    action_id   BLOB REFERENCES actions(id) ON DELETE CASCADE,
    CHECK ((area_id IS NULL) <> (action_id IS NULL))
);
CREATE UNIQUE INDEX measure_links_area ON measure_links(measure_id, area_id) WHERE area_id IS NOT NULL;
CREATE UNIQUE INDEX measure_links_action ON measure_links(measure_id, action_id) WHERE action_id IS NOT NULL;
CREATE INDEX measure_links_by_action ON measure_links(action_id);
