-- Cadre on PostgreSQL: who holds a claim, so a dead holder's claims are free at once.
--
-- Every process holds, on a connection of its own and for as long as it runs, a
-- session-level advisory lock on its holder number (bot/storage/postgres/liveness.py). A
-- claim records that number and the server's start time:
--
--   claim_holder        the holder number of the process that took the claim; NULL when
--                       it did not hold its lock at that instant (the lease alone decides)
--   claim_server_start  pg_postmaster_start_time() when the claim was taken
--
-- A claim whose holder's lock is no longer held, on the same server run, belongs to a
-- process that died or stopped: another takes it without waiting for `claimed_until`.
-- After a server restart every lock is gone, dead or alive, so the start time tells those
-- older claims apart and only their lease decides. Rows claimed before this migration
-- have no holder: their lease decides.

ALTER TABLE inbox ADD COLUMN claim_holder integer;
ALTER TABLE inbox ADD COLUMN claim_server_start timestamptz;
ALTER TABLE outbox ADD COLUMN claim_holder integer;
ALTER TABLE outbox ADD COLUMN claim_server_start timestamptz;
ALTER TABLE digest_slots ADD COLUMN claim_holder integer;
ALTER TABLE digest_slots ADD COLUMN claim_server_start timestamptz;
ALTER TABLE job_runs ADD COLUMN claim_holder integer;
ALTER TABLE job_runs ADD COLUMN claim_server_start timestamptz;
