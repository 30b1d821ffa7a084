"""Hypothesis strategies for every stored record kind, with the text that breaks codecs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

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
from bot.domain.pending import AwaitingAnswer, ConfirmErase, ConfirmStop, Nudged
from bot.storage import codec

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
    pending=st.none()
    | st.builds(Nudged, step=IDS)
    | st.just(ConfirmErase())
    | st.just(ConfirmStop())
    | st.builds(AwaitingAnswer, ref=IDS),
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
