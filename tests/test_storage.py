"""The Store adapters: same behaviour in memory and on disk, and what only the disk needs.

Behaviour tests run against both MemoryStore and TinyStore; durability tests (reopen,
crash between writes, corrupt files, the folder lock, erasure down to the bytes) run on
TinyStore alone.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain import (
    Attachment,
    AuditEvent,
    Choice,
    Consent,
    Conversation,
    Draft,
    Invitation,
    Item,
    ItemStatus,
    Mentee,
    MenteeStatus,
    Outbound,
    OutboxEntry,
    OutboxStatus,
    Reply,
    ReplyKind,
    StepAnswer,
    UserRef,
)
from bot.errors import CorruptRecordError, StoreError
from bot.ports import Store
from bot.storage import Cipher, MemoryStore, TinyStore, codec
from bot.storage.atomic import encode_json
from bot.storage.tiny import person_name

REPO = Path(__file__).resolve().parent.parent
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ANA = UserRef("telegram", "1001")
BEN = UserRef("whatsapp", "33612345678")
MENTOR = UserRef("telegram", "9")


# --------------------------------------------------------------------------- builders
def mentee(user: UserRef = ANA, *, alias: str = "Ana", mentor: str = "claire") -> Mentee:
    return Mentee(
        user=user, alias=alias, mentor=mentor, locale="fr", enrolled_at=T0, consent=Consent("2026-01", T0)
    )


def draft(text: str = "draft text") -> Draft:
    return Draft(
        flow="question",
        step="context",
        answers=(StepAnswer("context", text),),
        started_at=T0,
        updated_at=T0 + timedelta(minutes=1),
        suggestion="[NAME]",
    )


def item(
    n: int, user: UserRef = ANA, *, mentor: str = "claire", text: str = "question", at: datetime | None = None
) -> Item:
    return Item(
        id=f"item{n:05d}",
        ref=f"R{n:04d}",
        mentee=user,
        alias="Ana",
        mentor=mentor,
        flow="question",
        answers=(StepAnswer("context", text),),
        submitted_at=at or T0 + timedelta(minutes=n),
    )


def entry(
    key: str, *, to: UserRef = ANA, text: str = "hello", at: datetime = T0, item_ref: str | None = None
) -> OutboxEntry:
    return OutboxEntry(
        outbound=Outbound(to=to, text=text, key=key, item_ref=item_ref, is_durable=True),
        created_at=at,
        next_attempt_at=at,
    )


def scan(root: Path, needle: bytes) -> list[Path]:
    """Every file under root whose bytes contain needle (hidden files included)."""
    return [p for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()]


# --------------------------------------------------------------------------- fixtures
@pytest.fixture(params=["memory", "tiny"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "memory":
        yield MemoryStore()
        return
    with TinyStore(tmp_path / "data") as tiny:
        yield tiny


@pytest.fixture
def tiny(tmp_path: Path) -> Iterator[TinyStore]:
    with TinyStore(tmp_path / "data") as opened:
        yield opened


def reopen(store: TinyStore) -> TinyStore:
    store.close()
    return TinyStore(store.root)


# --------------------------------------------------------------------------- strategies
SPECIAL_TEXT = st.sampled_from(
    [
        "",
        "😀👩🏽‍💻🇫🇷",
        "שלום עולם مرحبا",
        "\u202eevil\u202c",
        "\x00\x01\x1f\x7f",
        "a\r\nb\tc",
        "\ud83d lone surrogate",
        '"quotes" \\ back',
        "é" * 50,
        "\ufeffBOM",
    ]
)
TEXT = st.one_of(
    SPECIAL_TEXT, st.text(max_size=200), st.text(st.characters(exclude_categories=()), max_size=50)
)
IDS = st.text(st.characters(min_codepoint=33, max_codepoint=0x2FFF), min_size=1, max_size=20)
AT = st.datetimes(
    min_value=datetime(1970, 1, 2),
    max_value=datetime(2200, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=8))]),
)
OPT_AT = st.none() | AT
USERS = st.builds(UserRef, channel=st.sampled_from(["telegram", "whatsapp", "console"]), id=IDS)
ANSWERS = st.lists(st.builds(StepAnswer, step=IDS, text=TEXT), max_size=4).map(tuple)

MENTEES = st.builds(
    Mentee,
    user=USERS,
    alias=TEXT,
    mentor=IDS,
    locale=st.sampled_from(["fr", "en"]),
    enrolled_at=AT,
    consent=st.none() | st.builds(Consent, version=IDS, accepted_at=AT),
    status=st.sampled_from(MenteeStatus),
    has_legal_hold=st.booleans(),
)
DRAFTS = st.builds(
    Draft,
    flow=IDS,
    step=IDS,
    answers=ANSWERS,
    started_at=AT,
    updated_at=AT,
    is_reminded=st.booleans(),
    is_editing=st.booleans(),
    suggestion=st.none() | TEXT,
)
CONVERSATIONS = st.builds(
    Conversation,
    user=USERS,
    draft=st.none() | DRAFTS,
    away_period=st.none() | IDS,
    seen_ids=st.lists(IDS, max_size=5).map(tuple),
    pending=st.none() | IDS,
)
REPLIES = st.builds(Reply, kind=st.sampled_from(ReplyKind), text=TEXT, mentor=IDS, at=AT)
ITEMS = st.builds(
    Item,
    id=IDS,
    ref=IDS,
    mentee=USERS,
    alias=TEXT,
    mentor=IDS,
    flow=IDS,
    answers=ANSWERS,
    submitted_at=AT,
    status=st.sampled_from(ItemStatus),
    is_flagged=st.booleans(),
    theme=st.none() | TEXT,
    replies=st.lists(REPLIES, max_size=3).map(tuple),
    deferred_until=OPT_AT,
)
OUTBOUNDS = st.builds(
    Outbound,
    to=USERS,
    text=TEXT,
    key=IDS,
    choices=st.lists(st.builds(Choice, value=IDS, label=TEXT), max_size=3).map(tuple),
    item_ref=st.none() | IDS,
    attachment=st.none()
    | st.builds(Attachment, filename=TEXT, media_type=IDS, content=st.binary(max_size=300)),
    is_durable=st.booleans(),
    template=st.none() | IDS,
)
OUTBOX = st.builds(
    OutboxEntry,
    outbound=OUTBOUNDS,
    created_at=AT,
    next_attempt_at=AT,
    status=st.sampled_from(OutboxStatus),
    attempts=st.integers(0, 1000),
    last_error=st.none() | TEXT,
    platform_message_id=st.none() | IDS,
    delivery_status=st.none() | IDS,
)
INVITATIONS = st.builds(
    Invitation,
    code=IDS,
    alias=TEXT,
    mentor=IDS,
    created_at=AT,
    expires_at=AT,
    used_by=st.none() | IDS,
    used_at=OPT_AT,
)
AUDITS = st.builds(
    AuditEvent,
    at=AT,
    actor=IDS,
    action=IDS,
    subject=IDS,
    details=st.lists(st.tuples(IDS, TEXT), max_size=3).map(tuple),
)

CODECS: list[
    tuple[str, st.SearchStrategy[object], Callable[[object], dict[str, object]], Callable[[object], object]]
] = [
    (
        "mentee",
        MENTEES,
        codec.encode_mentee,  # type: ignore[list-item]
        lambda raw: codec.decode_mentee(raw, source="f"),
    ),
    (
        "conversation",
        CONVERSATIONS,
        codec.encode_conversation,  # type: ignore[list-item]
        lambda raw: codec.decode_conversation(raw, source="f"),
    ),
    (
        "item",
        ITEMS,
        codec.encode_item,  # type: ignore[list-item]
        lambda raw: codec.decode_item(raw, source="f", record="r"),
    ),
    (
        "outbox",
        OUTBOX,
        codec.encode_outbox,  # type: ignore[list-item]
        lambda raw: codec.decode_outbox(raw, source="f", record="r"),
    ),
    (
        "invitation",
        INVITATIONS,
        codec.encode_invitation,  # type: ignore[list-item]
        lambda raw: codec.decode_invitation(raw, source="f", record="r"),
    ),
    (
        "audit",
        AUDITS,
        codec.encode_audit,  # type: ignore[list-item]
        lambda raw: codec.decode_audit(raw, source="f", record="r"),
    ),
]


# --------------------------------------------------------------------------- codec
@pytest.mark.parametrize(("kind", "records", "encode", "decode"), CODECS, ids=[c[0] for c in CODECS])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_codec_round_trips_through_json_bytes(
    kind: str,
    records: st.SearchStrategy[object],
    encode: Callable[[object], dict[str, object]],
    decode: Callable[[object], object],
    data: st.DataObject,
) -> None:
    record = data.draw(records)
    on_disk = encode_json({"t": {"1": encode(record)}}, label=kind)
    on_disk.decode("utf-8")  # every file is valid UTF-8
    assert decode(json.loads(on_disk)["t"]["1"]) == record


def test_datetimes_are_stored_as_utc_iso() -> None:
    paris_evening = datetime(2026, 3, 29, 20, 0, tzinfo=timezone(timedelta(hours=2)))
    raw = codec.encode_item(item(1, at=paris_evening))
    assert raw["submitted_at"] == "2026-03-29T18:00:00+00:00"
    assert raw["status"] == "waiting"


def test_naive_datetime_is_refused_on_write() -> None:
    with pytest.raises(StoreError, match="naive"):
        codec.encode_item(item(1, at=datetime(2026, 1, 1)))


@pytest.mark.parametrize(
    ("field", "value", "what"),
    [
        ("status", "lost", "unknown value"),
        ("submitted_at", "yesterday", "ISO 8601"),
        ("submitted_at", "2026-01-01T10:00:00", "no timezone"),
        ("answers", "CANARY", "must be a list"),
        ("is_flagged", "yes", "true or false"),
        ("alias", 3, "must be a string"),
        ("mentee", None, "is not an object"),
    ],
)
def test_malformed_item_names_file_record_field_never_content(field: str, value: object, what: str) -> None:
    raw = codec.encode_item(item(1, text="CANARY-content"))
    raw[field] = value
    with pytest.raises(CorruptRecordError) as caught:
        codec.decode_item(raw, source="people/abc.json", record="item00001")
    message = str(caught.value)
    assert message.startswith("people/abc.json: record item00001:")
    assert field in message and what in message
    assert "CANARY" not in message and "yesterday" not in message


def test_missing_field_and_bad_base64_are_corrupt() -> None:
    raw = codec.encode_item(item(1))
    del raw["ref"]
    with pytest.raises(CorruptRecordError, match="field 'ref' is missing"):
        codec.decode_item(raw, source="f", record="r")
    out = codec.encode_outbox(
        replace(
            entry("k"),
            outbound=replace(entry("k").outbound, attachment=Attachment("a.txt", "text/plain", b"abc")),
        )
    )
    out["outbound"]["attachment"]["content"] = "!!notbase64"  # type: ignore[index]
    with pytest.raises(CorruptRecordError, match=r"outbound\.attachment\.content"):
        codec.decode_outbox(out, source="f", record="k")
    audit = codec.encode_audit(AuditEvent(T0, "coach", "erase", "item1", (("n", "1"),)))
    audit["details"] = [["only-one"]]
    with pytest.raises(CorruptRecordError, match=r"details\[0\]"):
        codec.decode_audit(audit, source="f", record="1")


# --------------------------------------------------------------------------- round trips in stores
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(m=MENTEES, c=CONVERSATIONS, i=ITEMS, o=OUTBOX, inv=INVITATIONS, a=AUDITS)
def test_every_record_kind_round_trips_through_tinystore(
    m: Mentee, c: Conversation, i: Item, o: OutboxEntry, inv: Invitation, a: AuditEvent
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        with TinyStore(folder) as first:
            first.save_mentee(m)
            first.save_conversation(c)
            first.submit_item(i, replace(c, user=i.mentee))
            assert first.add_outbox(o)
            first.save_invitation(inv)
            first.append_audit(a)
        with TinyStore(folder) as again:
            assert again.get_mentee(m.user) == m
            assert again.get_item(i.id) == i
            assert again.find_item_by_ref(i.ref) == i
            assert again.get_conversation(i.mentee) == replace(c, user=i.mentee)
            if c.user != i.mentee:
                assert again.get_conversation(c.user) == c
            assert again.get_outbox(o.outbound.key) == o
            assert again.get_invitation(inv.code) == inv
            assert again.audit_events() == [a]


def test_100_kb_strings_round_trip(store: Store) -> None:
    big = ("😀 שלום \x07 " * 10_000)[:100_000]
    store.save_mentee(mentee(alias=big))
    store.submit_item(item(1, text=big), Conversation(ANA, draft=draft(big)))
    assert store.add_outbox(entry("big", text=big))
    got = store.get_item("item00001")
    assert got is not None and got.answers[0].text == big
    assert store.get_conversation(ANA) == Conversation(ANA, draft=draft(big))
    assert store.get_mentee(ANA) == mentee(alias=big)
    assert store.list_outbox()[0].outbound.text == big


# --------------------------------------------------------------------------- mentees, conversations
def test_mentees_and_conversations(store: Store) -> None:
    assert store.get_mentee(ANA) is None and store.get_conversation(ANA) is None
    store.save_mentee(mentee(ANA))
    store.save_mentee(replace(mentee(BEN, alias="Ben"), enrolled_at=T0 + timedelta(days=1)))
    store.save_mentee(replace(mentee(ANA), status=MenteeStatus.WITHDRAWN))
    assert [m.alias for m in store.list_mentees()] == ["Ana", "Ben"]
    assert store.get_mentee(ANA) == replace(mentee(ANA), status=MenteeStatus.WITHDRAWN)
    store.save_conversation(Conversation(ANA, draft=draft(), seen_ids=("m1", "m2")))
    store.save_conversation(Conversation(BEN, away_period="2026-11-23T08:00"))
    assert store.list_conversations_with_draft() == [Conversation(ANA, draft=draft(), seen_ids=("m1", "m2"))]
    assert store.get_mentee(ANA) is not None, "saving a conversation keeps the profile"


# --------------------------------------------------------------------------- items
def test_submit_item_clears_draft_and_indexes(store: Store) -> None:
    store.save_mentee(mentee())
    store.save_conversation(Conversation(ANA, draft=draft()))
    first = item(1)
    store.submit_item(first, Conversation(ANA, seen_ids=("m9",)))
    assert store.get_conversation(ANA) == Conversation(ANA, seen_ids=("m9",))
    assert store.list_conversations_with_draft() == []
    assert store.get_item(first.id) == first
    assert store.find_item_by_ref(first.ref) == first
    assert store.find_item_by_ref("ZZZZ") is None and store.get_item("nope") is None
    assert store.items_of(ANA) == [first] and store.items_of(BEN) == []
    assert store.get_mentee(ANA) == mentee(), "the profile shares the file and survives"


def test_open_items_per_mentor_oldest_first(store: Store) -> None:
    late = item(1, ANA, mentor="claire", at=T0 + timedelta(hours=5))
    early = item(2, BEN, mentor="claire", at=T0 + timedelta(hours=1))
    other = item(3, BEN, mentor="marc", at=T0)
    middle = item(4, ANA, mentor="claire", at=T0 + timedelta(hours=3))
    for it in (late, early, other, middle):
        store.submit_item(it, Conversation(it.mentee))
    assert store.open_items("claire") == [early, middle, late]
    assert store.open_items("marc") == [other]
    assert store.open_items() == [other, early, middle, late]
    answered = replace(
        middle, status=ItemStatus.ANSWERED, replies=(Reply(ReplyKind.ANSWER, "answer", "claire", T0),)
    )
    store.save_item(answered)
    assert store.open_items("claire") == [early, late]
    assert store.get_item(middle.id) == answered
    assert store.find_item_by_ref(middle.ref) == answered, "closed items stay findable"
    store.save_item(replace(answered, status=ItemStatus.WAITING))
    assert store.open_items("claire") == [early, replace(answered, status=ItemStatus.WAITING), late]


def test_queue_holds_only_open_items(tiny: TinyStore) -> None:
    for n in range(5):
        tiny.submit_item(item(n), Conversation(ANA))
    for n in range(4):
        got = tiny.get_item(item(n).id)
        assert got is not None
        tiny.save_item(replace(got, status=ItemStatus.CLOSED))
    queue = json.loads((tiny.root / "queue.json").read_bytes())
    assert list(queue["open"]) == [item(4).id]
    assert "question" not in (tiny.root / "queue.json").read_text(), "indexes hold no content"


# --------------------------------------------------------------------------- outbox
def test_outbox_add_is_idempotent_on_key(store: Store) -> None:
    assert store.add_outbox(entry("k1", text="first"))
    assert not store.add_outbox(entry("k1", text="second"))
    got = store.get_outbox("k1")
    assert got is not None and got.outbound.text == "first"
    assert store.get_outbox("missing") is None


def test_due_outbox_by_next_attempt(store: Store) -> None:
    a = replace(entry("a"), next_attempt_at=T0 + timedelta(minutes=10))
    b = replace(entry("b"), next_attempt_at=T0 + timedelta(minutes=1))
    c = replace(entry("c"), next_attempt_at=T0 + timedelta(hours=2))
    sent = replace(entry("d"), status=OutboxStatus.SENT)
    for e in (a, b, c, sent):
        assert store.add_outbox(e)
    assert store.due_outbox(T0) == []
    assert store.due_outbox(T0 + timedelta(minutes=30)) == [b, a]
    retried = replace(b, attempts=1, next_attempt_at=T0 + timedelta(hours=1), last_error="timeout")
    store.save_outbox(retried)
    assert store.due_outbox(T0 + timedelta(minutes=30)) == [a]
    assert store.due_outbox(T0 + timedelta(hours=3)) == [a, retried, c]
    assert {e.outbound.key for e in store.list_outbox()} == {"a", "b", "c", "d"}


def test_find_outbox_by_platform_id(store: Store) -> None:
    store.add_outbox(entry("k1", to=MENTOR, item_ref="R0001"))
    store.save_outbox(
        replace(entry("k1", to=MENTOR, item_ref="R0001"), status=OutboxStatus.SENT, platform_message_id="555")
    )
    found = store.find_outbox_by_platform_id("telegram", "555")
    assert found is not None and found.outbound.item_ref == "R0001"
    assert store.find_outbox_by_platform_id("whatsapp", "555") is None
    assert store.find_outbox_by_platform_id("telegram", "556") is None


def test_finished_outbox_entries_move_to_a_monthly_archive(tmp_path: Path) -> None:
    with TinyStore(tmp_path / "data", outbox_keep=timedelta(days=7)) as tiny:
        old = replace(entry("old", to=MENTOR, at=T0), status=OutboxStatus.SENT, platform_message_id="777")
        tiny.add_outbox(old)
        tiny.add_outbox(entry("pending", at=T0))
        tiny.due_outbox(T0 + timedelta(days=1))
        assert {e.outbound.key for e in tiny.list_outbox()} == {"old", "pending"}
        tiny.due_outbox(T0 + timedelta(days=8))
        assert [e.outbound.key for e in tiny.list_outbox()] == ["pending"]
        archive = tiny.root / "outbox" / "2026-11.json"
        assert archive.exists()
        archived = old.without_content()
        assert archived.outbound.text == "" and old.outbound.text
        assert old.outbound.text.encode() not in archive.read_bytes(), "no words in archives"
        assert tiny.find_outbox_by_platform_id("telegram", "777") == archived
        assert tiny.get_outbox("old") == archived
        assert archived.outbound.item_ref == old.outbound.item_ref
        assert not tiny.add_outbox(replace(old, created_at=T0 + timedelta(days=9))), (
            "a redelivered key stays a duplicate after archiving"
        )


# --------------------------------------------------------------------------- invitations…
def test_invitations_and_marks(store: Store) -> None:
    code = Invitation("K7Q2", "Ana", "claire", T0, T0 + timedelta(days=7))
    store.save_invitation(code)
    assert store.get_invitation("K7Q2") == code
    used = replace(code, used_by=ANA.key, used_at=T0 + timedelta(hours=1))
    store.save_invitation(used)
    assert store.get_invitation("K7Q2") == used and store.get_invitation("nope") is None
    assert store.get_mark("digest.claire") is None
    store.set_mark("digest.claire", "2026-11-23T18:00")
    store.set_mark("digest.claire", "2026-11-24T18:00")
    assert store.get_mark("digest.claire") == "2026-11-24T18:00"
    store.set_mark("blank", "")
    assert store.get_mark("blank") == ""


def test_audit_by_month(store: Store) -> None:
    events = [
        AuditEvent(T0 + timedelta(days=d), "coach", "export", f"item{d}", (("n", str(d)),))
        for d in (40, 0, 10)
    ]
    for event in events:
        store.append_audit(event)
    assert store.audit_events() == sorted(events, key=lambda e: e.at)
    if isinstance(store, TinyStore):
        assert sorted(p.name for p in (store.root / "audit").iterdir()) == [
            "2026-11.json",
            "2026-12.json",
            "2027-01.json",
        ]


def test_audit_files_are_named_by_utc_month(tiny: TinyStore) -> None:
    tiny.append_audit(AuditEvent(datetime(2026, 1, 31, 23, 30, tzinfo=UTC), "a", "b", "c"))
    tiny.append_audit(AuditEvent(datetime(2026, 2, 1, 0, 30, tzinfo=UTC), "a", "b", "c"))
    assert sorted(p.name for p in (tiny.root / "audit").iterdir()) == ["2026-01.json", "2026-02.json"]


# --------------------------------------------------------------------------- erasure
def _fill_with_canary(store: Store) -> None:
    canary = "CANARY-7f3a"
    store.save_mentee(mentee(ANA, alias=f"{canary}-alias"))
    store.save_mentee(mentee(BEN, alias="Ben"))
    store.submit_item(item(1, ANA, text=f"{canary} item"), Conversation(ANA, seen_ids=("x",)))
    store.save_conversation(Conversation(ANA, draft=draft(f"{canary} draft")))
    store.submit_item(item(2, BEN, text="Ben's question"), Conversation(BEN))
    store.add_outbox(entry("to-ana", to=ANA, text=f"{canary} reply"))
    store.add_outbox(entry("mentor-copy", to=MENTOR, text=f"{canary} copy", item_ref="R0001"))
    store.add_outbox(entry("to-ben", to=BEN, text="for Ben"))
    store.save_invitation(
        Invitation("K7Q2", "Ana", "claire", T0, T0 + timedelta(days=7), used_by=ANA.key, used_at=T0)
    )


def test_erase_user_forgets_the_person(store: Store) -> None:
    _fill_with_canary(store)
    store.erase_user(ANA)
    assert store.get_mentee(ANA) is None and store.get_conversation(ANA) is None
    assert store.items_of(ANA) == [] and store.get_item(item(1).id) is None
    assert store.find_item_by_ref("R0001") is None
    assert [i.id for i in store.open_items()] == [item(2).id]
    assert {e.outbound.key for e in store.list_outbox()} == {"to-ben"}
    invitation = store.get_invitation("K7Q2")
    assert invitation is not None and invitation.used_by not in (None, ANA.key), (
        "still used (not redeemable again), no longer naming the person"
    )
    assert store.get_mentee(BEN) is not None and store.get_item(item(2).id) is not None
    store.erase_user(ANA)  # erasing twice is harmless


def test_erase_user_leaves_no_byte_on_disk(tiny: TinyStore) -> None:
    _fill_with_canary(tiny)
    tiny.due_outbox(T0)
    assert scan(tiny.root, b"CANARY"), "the canary was written, so the scan can see it"
    tiny.erase_user(ANA)
    assert scan(tiny.root, b"CANARY") == []
    assert scan(tiny.root, ANA.id.encode()) == []
    assert scan(tiny.root, person_name(ANA.key).encode()) == []
    assert not (tiny.root / "people" / f"{person_name(ANA.key)}.json").exists()
    tiny = reopen(tiny)
    assert scan(tiny.root, b"CANARY") == [] and tiny.get_mentee(ANA) is None
    tiny.close()


def test_interrupted_erasure_finishes_at_next_open(tiny: TinyStore, monkeypatch: pytest.MonkeyPatch) -> None:
    _fill_with_canary(tiny)

    def crash(self: TinyStore, doomed: Callable[[str], bool]) -> None:
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(TinyStore, "_drop_index_entries", crash)
    with pytest.raises(KeyboardInterrupt):
        tiny.erase_user(ANA)
    monkeypatch.undo()
    tiny = reopen(tiny)
    assert scan(tiny.root, b"CANARY") == []
    assert tiny.find_item_by_ref("R0001") is None and tiny.get_mentee(BEN) is not None
    tiny.close()


# --------------------------------------------------------------------------- durability
def test_reopening_sees_everything(tiny: TinyStore) -> None:
    _fill_with_canary(tiny)
    tiny.set_mark("m", "v")
    tiny.append_audit(AuditEvent(T0, "coach", "invite", "K7Q2"))
    tiny = reopen(tiny)
    assert tiny.get_mentee(ANA) == mentee(ANA, alias="CANARY-7f3a-alias")
    assert [i.id for i in tiny.open_items("claire")] == [item(1).id, item(2).id]
    assert tiny.find_item_by_ref("R0002") == item(2, BEN, text="Ben's question")
    assert len(tiny.list_conversations_with_draft()) == 1
    assert {e.outbound.key for e in tiny.list_outbox()} == {"to-ana", "mentor-copy", "to-ben"}
    assert tiny.get_mark("m") == "v" and len(tiny.audit_events()) == 1
    assert tiny.get_invitation("K7Q2") is not None
    tiny.close()


def test_crash_between_person_file_and_queue_loses_nothing(
    tiny: TinyStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    tiny.save_conversation(Conversation(ANA, draft=draft()))

    def crash(self: TinyStore, it: Item, name: str) -> None:
        raise KeyboardInterrupt("SIGKILL here")

    monkeypatch.setattr(TinyStore, "_index_item", crash)
    with pytest.raises(KeyboardInterrupt):
        tiny.submit_item(item(1), Conversation(ANA))
    monkeypatch.undo()
    assert tiny.open_items() == [], "before recovery the queue does not know the item"
    tiny = reopen(tiny)
    assert tiny.open_items("claire") == [item(1)]
    assert tiny.find_item_by_ref("R0001") == item(1) and tiny.get_item(item(1).id) == item(1)
    assert tiny.get_conversation(ANA) == Conversation(ANA), "draft cleared in the same write"
    tiny.close()


def test_real_sigkill_between_writes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    script = f"""
import os, signal
from datetime import datetime, UTC
from bot.domain import Conversation, Item, StepAnswer, UserRef
from bot.storage.tiny import TinyStore
TinyStore._index_item = lambda self, item, name: os.kill(os.getpid(), signal.SIGKILL)
store = TinyStore({str(data)!r})
user = UserRef("telegram", "1")
store.submit_item(Item("i1", "ABCD", user, "A", "claire", "question",
                       (StepAnswer("q", "t"),), datetime(2026, 1, 1, tzinfo=UTC)),
                  Conversation(user))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, timeout=60, check=False
    )
    assert done.returncode == -9, done.stderr.decode()
    with TinyStore(data) as store:
        assert [i.ref for i in store.open_items()] == ["ABCD"]


def test_queue_entry_pointing_at_nothing_is_dropped(tiny: TinyStore) -> None:
    tiny.submit_item(item(1), Conversation(ANA))
    queue_path = tiny.root / "queue.json"
    queue = json.loads(queue_path.read_bytes())
    queue["open"]["ghost"] = {
        "person": "0" * 32,
        "mentor": "claire",
        "submitted_at": "2026-01-01T00:00:00+00:00",
        "ref": "GH05",
    }
    queue_path.write_text(json.dumps(queue))
    assert tiny.open_items() == [item(1)], "a dangling entry is never shown"
    tiny = reopen(tiny)
    assert list(json.loads(queue_path.read_bytes())["open"]) == [item(1).id]
    tiny.close()


def test_answered_item_left_in_queue_by_a_crash_is_removed(
    tiny: TinyStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    tiny.submit_item(item(1), Conversation(ANA))
    monkeypatch.setattr(TinyStore, "_index_item", lambda self, it, name: None)
    tiny.save_item(replace(item(1), status=ItemStatus.ANSWERED))
    monkeypatch.undo()
    assert tiny.open_items() == []
    tiny = reopen(tiny)
    assert json.loads((tiny.root / "queue.json").read_bytes())["open"] == {}
    tiny.close()


def test_unreadable_index_is_rebuilt_at_open(tiny: TinyStore) -> None:
    tiny.submit_item(item(1), Conversation(ANA))
    for shard in (tiny.root / "index").iterdir():
        shard.write_bytes(b"{broken")
    (tiny.root / "queue.json").write_bytes(b"")
    tiny = reopen(tiny)
    assert tiny.find_item_by_ref("R0001") == item(1) and tiny.open_items() == [item(1)]
    tiny.close()


def test_corrupt_person_file_names_the_file(tiny: TinyStore) -> None:
    tiny.save_mentee(mentee())
    path = tiny.root / "people" / f"{person_name(ANA.key)}.json"
    path.write_bytes(b'{"profile": {"1": {"alias": "CANARY"')
    name = re.escape(f"people/{person_name(ANA.key)}.json")
    with pytest.raises(CorruptRecordError, match=name) as caught:
        tiny.get_mentee(ANA)
    assert "CANARY" not in str(caught.value)
    tiny.close()
    with pytest.raises(CorruptRecordError, match=person_name(ANA.key)):
        TinyStore(tiny.root)


def test_corrupt_record_names_file_and_item(tiny: TinyStore) -> None:
    tiny.submit_item(item(1), Conversation(ANA))
    path = tiny.root / "people" / f"{person_name(ANA.key)}.json"
    data = json.loads(path.read_bytes())
    data["items"][item(1).id]["status"] = "CANARY"
    path.write_text(json.dumps(data))
    name = re.escape(f"people/{person_name(ANA.key)}.json: record item00001")
    with pytest.raises(CorruptRecordError, match=name) as caught:
        tiny.get_item(item(1).id)
    assert "CANARY" not in str(caught.value)


def test_second_store_on_same_folder_is_refused(tiny: TinyStore) -> None:
    with pytest.raises(StoreError, match="already in use by another cadre process") as caught:
        TinyStore(tiny.root)
    assert f"pid {os.getpid()}" in str(caught.value) and str(tiny.root) in str(caught.value)
    tiny.close()
    with TinyStore(tiny.root) as again:
        assert again.list_mentees() == []


def test_closed_store_refuses_work(tiny: TinyStore) -> None:
    tiny.close()
    with pytest.raises(StoreError, match="closed"):
        tiny.get_mentee(ANA)
    tiny.close()  # closing twice is harmless


def test_folder_and_files_are_private_and_no_temp_is_left(tmp_path: Path) -> None:
    with TinyStore(tmp_path / "new" / "data") as tiny:
        _fill_with_canary(tiny)
        tiny.append_audit(AuditEvent(T0, "coach", "invite", "K7Q2"))
        tiny.set_mark("m", "v")
        root = tiny.root
    assert root.stat().st_mode & 0o777 == 0o700
    for path in root.rglob("*"):
        if path.is_dir():
            assert path.stat().st_mode & 0o777 == 0o700, path.name
        else:
            assert path.stat().st_mode & 0o777 == 0o600, path.name
            assert not path.name.endswith(".tmp")
    names = " ".join(p.name for p in root.rglob("*"))
    assert ANA.id not in names and BEN.id not in names, "no platform id in file names"


def test_stray_temp_file_is_removed_at_open(tiny: TinyStore) -> None:
    stray = tiny.root / "people" / ".abc.json.123.tmp"
    stray.write_bytes(b"CANARY half-written")
    tiny = reopen(tiny)
    assert not stray.exists()
    tiny.close()


def test_encryption_at_rest_plugs_in_per_file(tmp_path: Path) -> None:
    keys: dict[str, bytes] = {}

    class PerFile:
        def __init__(self, key: bytes) -> None:
            self._fernet = Fernet(key)

        def encrypt(self, data: bytes) -> bytes:
            return self._fernet.encrypt(data)

        def decrypt(self, data: bytes) -> bytes:
            return self._fernet.decrypt(data)

    def cipher_for(label: str) -> Cipher:
        return PerFile(keys.setdefault(label, Fernet.generate_key()))

    with TinyStore(tmp_path / "data", cipher_for=cipher_for) as tiny:
        _fill_with_canary(tiny)
        assert scan(tiny.root, b"CANARY") == []
        assert any(label.startswith("people/") for label in keys)
    with TinyStore(tmp_path / "data", cipher_for=cipher_for) as tiny:
        assert tiny.get_mentee(ANA) == mentee(ANA, alias="CANARY-7f3a-alias")


def test_write_for_one_mentee_touches_only_their_file_and_small_indexes(tiny: TinyStore) -> None:
    for n in range(30):
        tiny.submit_item(item(n, BEN), Conversation(BEN))
    before = {p: p.stat().st_mtime_ns for p in tiny.root.rglob("*.json")}
    tiny.save_conversation(Conversation(ANA, draft=draft()))
    tiny.submit_item(item(99), Conversation(ANA))
    changed = {
        p.relative_to(tiny.root).parts[0]
        for p in tiny.root.rglob("*.json")
        if before.get(p) != p.stat().st_mtime_ns
    }
    assert changed <= {"people", "index", "queue.json"}
    assert tiny.root.joinpath("people", f"{person_name(BEN.key)}.json") in before
    assert before[tiny.root / "people" / f"{person_name(BEN.key)}.json"] == (
        (tiny.root / "people" / f"{person_name(BEN.key)}.json").stat().st_mtime_ns
    )


def test_submit_refuses_a_conversation_of_someone_else(tiny: TinyStore) -> None:
    """One atomic write needs one file: item and conversation must be the same person's."""
    with pytest.raises(StoreError, match="another person"):
        tiny.submit_item(item(1), Conversation(BEN))


def test_bench_script_runs_small(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.storage", "--quick", "--data", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert b"median submit_item" in done.stdout


def test_drafts_are_found_after_reopening_and_follow_clear_and_erase(tmp_path: Path) -> None:
    other = UserRef("whatsapp", "33600000009")
    with TinyStore(tmp_path / "data") as tiny:
        tiny.save_conversation(Conversation(ANA, draft=draft()))
        tiny.save_conversation(Conversation(other, draft=draft("autre")))
    with TinyStore(tmp_path / "data") as tiny:
        assert {c.user for c in tiny.list_conversations_with_draft()} == {ANA, other}
        tiny.save_conversation(Conversation(ANA))
        assert [c.user for c in tiny.list_conversations_with_draft()] == [other]
        tiny.erase_user(other)
        assert tiny.list_conversations_with_draft() == []


def test_a_removed_lock_file_does_not_let_a_second_store_in(tiny: TinyStore) -> None:
    (tiny.root / ".lock").unlink()
    with pytest.raises(StoreError, match="already in use by another cadre process"):
        TinyStore(tiny.root)
