-- Cadre on PostgreSQL: the durable inbox claimed like the outbox.
--
--   inbox.claimed_by     the process (a token per running inbox) handling a pending entry:
--                        the one that recorded it, or the one that picked it up
--   inbox.claimed_until  when that claim lapses unless its process renews it; a process
--                        that stopped or was killed leaves its entries to whichever
--                        running process picks them up after this time (SKIP LOCKED)
--
-- Rows recorded before this migration have no claim: the first process to look takes them.

ALTER TABLE inbox ADD COLUMN claimed_by uuid;
ALTER TABLE inbox ADD COLUMN claimed_until timestamptz;
