-- Cadre on PostgreSQL: what the invitation guard, the WhatsApp identity links and the
-- durable inbox keep (Store and Inbox operations added after 0001).
--
--   failed_codes   one row per wrong invitation code: `who` is the guard's hash of the
--                  sender (bot.core.strangers), never a platform id; rows older than the
--                  guard's window are deleted by the write that adds one
--   identity_links a channel's keyed name -> the identity tied to it; the identity can be
--                  a phone number, so it lives only in `body`, sealed with the shared key
--   inbox          one row per platform event, its key unique (a redelivery is refused
--                  by the constraint); `body` (the event, with the sender's platform id)
--                  is sealed with the shared key and set to NULL once the event is handled;
--                  the key stays until DEDUPE_TTL has passed since it was recorded

CREATE TABLE failed_codes (
    id   bigserial PRIMARY KEY,
    who  text NOT NULL,
    at   timestamptz NOT NULL
);
CREATE INDEX failed_codes_by_time ON failed_codes (at);

CREATE TABLE identity_links (
    link_key  text PRIMARY KEY,
    body      bytea NOT NULL
);

CREATE TABLE inbox (
    sequence     bigserial PRIMARY KEY,
    key          text NOT NULL CONSTRAINT inbox_key_unique UNIQUE,
    channel      text NOT NULL,
    received_at  timestamptz NOT NULL,
    body         bytea                            -- NULL once handled: the words are gone
);
CREATE INDEX inbox_pending ON inbox (channel, sequence) WHERE body IS NOT NULL;
CREATE INDEX inbox_handled_by_age ON inbox (received_at) WHERE body IS NULL;
