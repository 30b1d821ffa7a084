-- Cadre on PostgreSQL: the database's own secrets, and who recorded an inbox row.
--
--   secrets   one row per named secret, created once by the first process that needs it
--             (INSERT ... ON CONFLICT DO NOTHING, then read back: every process uses the
--             same); `body` is sealed with the shared key. Today one: "code_guard", the
--             key of the invitation guard's keyed hash of the people who send wrong codes
--             (bot.core.strangers), so a table of those hashes names no one without it.

CREATE TABLE secrets (
    name  text PRIMARY KEY,
    body  bytea NOT NULL
);

-- inbox.recorded_by: a token per `record` call. A call whose commit reached the server but
-- whose answer was lost (the server restarted) is retried; the retry finds the row and,
-- by the token, knows it as its own, so the event is handled instead of being taken for
-- a redelivery. NULL for rows recorded before this column.
ALTER TABLE inbox ADD COLUMN recorded_by uuid;
