-- Cadre on PostgreSQL: the journey's records (bot/journey), one row per mentee alias.
--
--   journey_records  `name` is sha256("journey:" + alias)[:32], never the alias; `body`
--                    is the alias's JourneyRecords (programme, agenda entries, notes,
--                    reports, reviews, pause, marks), sealed with its own data key
--                    ("journey-" + name in data_keys) when CADRE_DATA_KEY is set, so an
--                    erasure that deletes the key leaves nothing readable in a backup

CREATE TABLE journey_records (
    name        text PRIMARY KEY,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    body        bytea NOT NULL
);
