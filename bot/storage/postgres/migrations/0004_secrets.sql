-- Cadre on PostgreSQL: the database's own secrets (Store operations added after 0003).
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
