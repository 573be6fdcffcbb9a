-- The things to check that an import reported, kept with the plan they were found in and
-- marked done one by one as they are resolved (the trail records who and when).
CREATE TABLE import_report_items (
    id             UUID PRIMARY KEY NOT NULL,
    plan_id        UUID NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    position       BIGINT NOT NULL,
    concern        TEXT NOT NULL,
    place          TEXT NOT NULL,
    text           TEXT NOT NULL,
    advice         TEXT NOT NULL,
    done_by_id     UUID REFERENCES users(id),
    done_by_label  TEXT,
    done_at        TIMESTAMPTZ
);
CREATE INDEX import_report_items_plan ON import_report_items(plan_id, position);
