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
--   digest_slots (mentor, slot_at) a digest is delivered once per reading window
--   job_runs (job, slot)           a scheduled job runs once per slot

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
    is_archived          boolean NOT NULL DEFAULT false,  -- finished long ago: ids only
    body                 bytea NOT NULL
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, created_at, key) WHERE status = 'pending';
CREATE INDEX outbox_parked ON outbox (person, created_at, key) WHERE status = 'parked';
CREATE INDEX outbox_of_person ON outbox (person);
CREATE INDEX outbox_of_subject ON outbox (subject);
CREATE INDEX outbox_of_item ON outbox (item_ref) WHERE item_ref IS NOT NULL;
CREATE INDEX outbox_finished ON outbox (created_at)
    WHERE status IN ('sent', 'failed') AND NOT is_archived;
CREATE INDEX outbox_active ON outbox (next_attempt_at, created_at, key) WHERE NOT is_archived;
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

-- The last digest slot handled per mentor (MarkStore.digest_slot), and the claims that
-- let one process deliver a slot: a claim holds for a lease, so a process killed between
-- claiming and delivering leaves the slot to be caught up by another.
CREATE TABLE digest_marks (
    mentor   text PRIMARY KEY,
    slot_at  timestamptz NOT NULL
);

CREATE TABLE digest_slots (
    mentor         text NOT NULL,
    slot_at        timestamptz NOT NULL,
    claimed_until  timestamptz NOT NULL,
    is_done        boolean NOT NULL DEFAULT false,
    PRIMARY KEY (mentor, slot_at)
);

-- When the person behind a channel's window key last wrote (WhatsApp's 24 h rule); the key
-- is the channel's pseudonym of the person, never a platform id.
CREATE TABLE windows (
    window_key  text PRIMARY KEY,
    at          timestamptz NOT NULL
);

CREATE TABLE job_runs (
    job            text NOT NULL,
    slot           text NOT NULL,
    claimed_until  timestamptz NOT NULL,
    is_done        boolean NOT NULL DEFAULT false,
    PRIMARY KEY (job, slot)
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
CREATE INDEX audit_by_actor ON audit (actor, at);
