-- Cadre on PostgreSQL: the first schema.
--
-- Every table is keyed by what the domain looks records up by; the columns beside the key
-- are the ones a query filters or orders on. What a person wrote lives only in `body`: the
-- record as the codec encodes it, encrypted with that person's data key (or the shared
-- key) when CADRE_DATA_KEY is set. A person is known here by `person`, the same 32-hex
-- hash of the channel and platform id that names their TinyDB file: no phone number or
-- platform id appears in a column.
--
-- The constraints carry the rules several processes rely on:
--   inbound (person, message_id)   a redelivered webhook is handled once
--   outbox (key)                   a message is enqueued, hence sent, once
--   digest_slots (mentor, slot)    a digest is sent once per reading window
--   job_runs (job, slot)           reminders, expiry and the purge run once per slot

CREATE TABLE data_keys (
    name        text PRIMARY KEY,               -- a person hash, or 'shared'
    wrapped     text NOT NULL,                  -- Fernet key encrypted by CADRE_DATA_KEY
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE key_check (
    id          boolean PRIMARY KEY DEFAULT true CHECK (id),
    token       text NOT NULL                   -- proves which CADRE_DATA_KEY opened this database
);

CREATE TABLE people (
    person          text PRIMARY KEY CHECK (person ~ '^[0-9a-f]{32}$'),
    mentor          text NOT NULL,
    status          text NOT NULL CHECK (status IN ('active', 'withdrawn')),
    enrolled_at     timestamptz NOT NULL,
    has_legal_hold  boolean NOT NULL DEFAULT false,
    body            bytea NOT NULL
);
CREATE INDEX people_by_enrolment ON people (enrolled_at, person);

CREATE TABLE consents (
    person       text NOT NULL REFERENCES people (person) ON DELETE CASCADE,
    version      text NOT NULL,
    accepted_at  timestamptz NOT NULL,
    PRIMARY KEY (person, version)
);

-- A conversation exists before its person is enrolled (a stranger typing an invitation
-- code), hence no foreign key to people.
CREATE TABLE conversations (
    person      text PRIMARY KEY CHECK (person ~ '^[0-9a-f]{32}$'),
    has_draft   boolean NOT NULL DEFAULT false,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    body        bytea NOT NULL
);
CREATE INDEX conversations_with_draft ON conversations (person) WHERE has_draft;

CREATE TABLE inbound (
    person       text NOT NULL,
    message_id   text NOT NULL,
    received_at  timestamptz NOT NULL,
    PRIMARY KEY (person, message_id)
);
CREATE INDEX inbound_by_age ON inbound (received_at);

CREATE TABLE items (
    id              text PRIMARY KEY,
    ref             text NOT NULL UNIQUE,
    person          text NOT NULL,
    mentor          text NOT NULL,
    status          text NOT NULL CHECK (status IN ('waiting', 'answered', 'closed', 'redirected')),
    submitted_at    timestamptz NOT NULL,
    deferred_until  timestamptz,
    body            bytea NOT NULL               -- the item without its replies
);
CREATE INDEX items_of_person ON items (person, submitted_at, id);
CREATE INDEX items_open ON items (mentor, submitted_at, id) WHERE status = 'waiting';

CREATE TABLE replies (
    item_id   text NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    position  integer NOT NULL CHECK (position >= 0),
    kind      text NOT NULL CHECK (kind IN ('answer', 'redirect', 'canned', 'close')),
    mentor    text NOT NULL,
    at        timestamptz NOT NULL,
    body      bytea NOT NULL,
    PRIMARY KEY (item_id, position)
);

CREATE TABLE outbox (
    key                  text PRIMARY KEY,
    person               text NOT NULL,          -- the recipient
    subject              text NOT NULL,          -- whose words it holds: its data key
    channel              text NOT NULL,
    item_ref             text,                   -- a mentor's copy of this item
    status               text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'parked')),
    created_at           timestamptz NOT NULL,
    next_attempt_at      timestamptz NOT NULL,
    attempts             integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    platform_message_id  text,
    claimed_until        timestamptz,            -- a process is sending it until then
    has_content          boolean NOT NULL DEFAULT true,
    body                 bytea NOT NULL
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, created_at, key) WHERE status = 'pending';
CREATE INDEX outbox_parked ON outbox (person) WHERE status = 'parked';
CREATE INDEX outbox_of_person ON outbox (person);
CREATE INDEX outbox_of_subject ON outbox (subject);
CREATE INDEX outbox_of_item ON outbox (item_ref) WHERE item_ref IS NOT NULL;
CREATE INDEX outbox_finished ON outbox (created_at) WHERE status <> 'pending' AND has_content;
CREATE UNIQUE INDEX outbox_platform_id ON outbox (channel, platform_message_id)
    WHERE platform_message_id IS NOT NULL;

CREATE TABLE invitations (
    code        text PRIMARY KEY,
    mentor      text NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_by     text,                            -- person hash, or 'erased'
    used_at     timestamptz,
    body        bytea NOT NULL
);
CREATE INDEX invitations_used_by ON invitations (used_by) WHERE used_by IS NOT NULL;

CREATE TABLE digest_slots (
    mentor      text NOT NULL,
    slot        text NOT NULL,                   -- the reading window's opening, ISO 8601
    claimed_at  timestamptz NOT NULL,
    PRIMARY KEY (mentor, slot)
);

CREATE TABLE last_inbound (
    person   text NOT NULL,
    channel  text NOT NULL,
    at       timestamptz NOT NULL,
    PRIMARY KEY (person, channel)
);

CREATE TABLE job_runs (
    job         text NOT NULL,
    slot        text NOT NULL,
    claimed_at  timestamptz NOT NULL,
    PRIMARY KEY (job, slot)
);

CREATE TABLE marks (
    name   text PRIMARY KEY,
    value  text NOT NULL
);

CREATE TABLE audit (
    id       bigserial PRIMARY KEY,
    at       timestamptz NOT NULL,
    actor    text NOT NULL,
    action   text NOT NULL,
    subject  text NOT NULL,
    details  jsonb NOT NULL DEFAULT '[]'::jsonb   -- [[name, value], ...]: ids and counts only
);
CREATE INDEX audit_by_time ON audit (at, id);
CREATE INDEX audit_by_subject ON audit (subject, at);
