"""Domain records to plain JSON values and back.

Why a hand-written codec rather than `dataclasses.asdict` + `**kwargs`: decoding must be
strict (a record that does not match is reported, never half-loaded or silently dropped),
and its errors must name the file and the record id but never the content, which may be a
mentee's words. Datetimes travel as ISO 8601 strings in UTC, enums by value, bytes as
base64. Unknown extra fields are ignored so an older build can read a newer file.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import TypeVar

from bot.domain import (
    SAFETY_FLOW,
    Attachment,
    AuditEvent,
    Choice,
    Consent,
    Conversation,
    Draft,
    InboxEntry,
    Invitation,
    Item,
    ItemKind,
    ItemStatus,
    Mentee,
    MenteeStatus,
    Outbound,
    OutboxEntry,
    OutboxStatus,
    Reply,
    ReplyKind,
    SentFor,
    StepAnswer,
    UserRef,
)
from bot.domain.pending import parse_pending, pending_text
from bot.errors import CorruptRecordError, StoreError

JSON = dict[str, object]
"""One encoded record: what TinyDB keeps as a document."""

_E = TypeVar("_E", bound=StrEnum)


# --------------------------------------------------------------------------- encoding
def encode_at(value: datetime) -> str:
    """Aware datetime to ISO 8601 in UTC; a naive one is a bug upstream, so refuse it."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise StoreError("refusing to store a naive datetime: every *_at must be aware UTC")
    return value.astimezone(UTC).isoformat()


def _opt_at(value: datetime | None) -> str | None:
    return None if value is None else encode_at(value)


def _user(user: UserRef) -> JSON:
    return {"channel": user.channel, "id": user.id}


def _answers(answers: tuple[StepAnswer, ...]) -> list[object]:
    return [{"step": a.step, "text": a.text} for a in answers]


def _choices(choices: tuple[Choice, ...]) -> list[object]:
    return [{"value": c.value, "label": c.label} for c in choices]


def encode_mentee(mentee: Mentee) -> JSON:
    consent: JSON | None = None
    if mentee.consent is not None:
        consent = {"version": mentee.consent.version, "accepted_at": encode_at(mentee.consent.accepted_at)}
    return {
        "user": _user(mentee.user),
        "alias": mentee.alias,
        "mentor": mentee.mentor,
        "locale": mentee.locale,
        "enrolled_at": encode_at(mentee.enrolled_at),
        "consent": consent,
        "status": mentee.status.value,
        "has_legal_hold": mentee.has_legal_hold,
    }


def encode_draft(draft: Draft) -> JSON:
    return {
        "flow": draft.flow,
        "step": draft.step,
        "answers": _answers(draft.answers),
        "started_at": encode_at(draft.started_at),
        "updated_at": encode_at(draft.updated_at),
        "is_reminded": draft.is_reminded,
        "is_editing": draft.is_editing,
        "suggestion": draft.suggestion,
        "kept_words": list(draft.kept_words),
    }


def encode_conversation(conversation: Conversation) -> JSON:
    return {
        "user": _user(conversation.user),
        "draft": None if conversation.draft is None else encode_draft(conversation.draft),
        "away_period": conversation.away_period,
        "seen_ids": list(conversation.seen_ids),
        "pending": pending_text(conversation.pending),
        "offered": _choices(conversation.offered),
        "replies_seen_at": _opt_at(conversation.replies_seen_at),
        "sent_for": [
            {
                "message_id": sent.message_id,
                "outbounds": [encode_outbound(o) for o in sent.outbounds],
                "is_withheld": sent.is_withheld,
            }
            for sent in conversation.sent_for
        ],
    }


def encode_item(item: Item) -> JSON:
    return {
        "id": item.id,
        "ref": item.ref,
        "mentee": _user(item.mentee),
        "alias": item.alias,
        "mentor": item.mentor,
        "flow": item.flow,
        "answers": _answers(item.answers),
        "submitted_at": encode_at(item.submitted_at),
        "status": item.status.value,
        "is_flagged": item.is_flagged,
        "theme": item.theme,
        "kind": item.kind.value,
        "replies": [
            {"kind": r.kind.value, "text": r.text, "mentor": r.mentor, "at": encode_at(r.at)}
            for r in item.replies
        ],
        "deferred_until": _opt_at(item.deferred_until),
    }


def encode_outbound(outbound: Outbound) -> JSON:
    attachment: JSON | None = None
    if outbound.attachment is not None:
        attachment = {
            "filename": outbound.attachment.filename,
            "media_type": outbound.attachment.media_type,
            "content": base64.b64encode(outbound.attachment.content).decode("ascii"),
        }
    return {
        "to": _user(outbound.to),
        "text": outbound.text,
        "key": outbound.key,
        "choices": _choices(outbound.choices),
        "item_ref": outbound.item_ref,
        "attachment": attachment,
        "is_durable": outbound.is_durable,
        "template": outbound.template,
        "about": _user(outbound.about) if outbound.about is not None else None,
    }


def encode_outbox(entry: OutboxEntry) -> JSON:
    return {
        "outbound": encode_outbound(entry.outbound),
        "created_at": encode_at(entry.created_at),
        "next_attempt_at": encode_at(entry.next_attempt_at),
        "status": entry.status.value,
        "attempts": entry.attempts,
        "last_error": entry.last_error,
        "platform_message_id": entry.platform_message_id,
        "delivery_status": entry.delivery_status,
    }


def encode_invitation(invitation: Invitation) -> JSON:
    return {
        "code": invitation.code,
        "alias": invitation.alias,
        "mentor": invitation.mentor,
        "created_at": encode_at(invitation.created_at),
        "expires_at": encode_at(invitation.expires_at),
        "used_by": invitation.used_by,
        "used_at": _opt_at(invitation.used_at),
    }


def encode_audit(event: AuditEvent) -> JSON:
    return {
        "at": encode_at(event.at),
        "actor": event.actor,
        "action": event.action,
        "subject": event.subject,
        "details": [[name, value] for name, value in event.details],
    }


def encode_inbox(entry: InboxEntry) -> JSON:
    """A withheld entry (screening found identifying data in its words) without its body."""
    kept = entry.durable()
    record: JSON = {
        "key": kept.key,
        "channel": kept.channel,
        "person": kept.person,
        "body": kept.body,
        "received_at": encode_at(kept.received_at),
    }
    if kept.is_withheld:
        record["withheld"] = True
    return record


# --------------------------------------------------------------------------- decoding
class _Record:
    """Typed access to one raw record; every failure names file, record and field only."""

    def __init__(self, raw: object, *, source: str, record: str, path: str = "") -> None:
        self.source = source
        self.record = record
        self.path = path
        if not isinstance(raw, Mapping):
            self.fail("is not an object")
        assert isinstance(raw, Mapping)
        self.raw: Mapping[str, object] = raw

    def fail(self, what: str, field: str | None = None) -> None:
        where = ".".join(part for part in (self.path, field) if part)
        at = f" field '{where}'" if where else ""
        raise CorruptRecordError(f"{self.source}: record {self.record}:{at} {what}")

    def _get(self, name: str) -> object:
        if name not in self.raw:
            self.fail("is missing", name)
        return self.raw[name]

    def text(self, name: str) -> str:
        value = self._get(name)
        if not isinstance(value, str):
            self.fail("must be a string", name)
        assert isinstance(value, str)
        return value

    def opt_text(self, name: str) -> str | None:
        value = self.raw.get(name)
        if value is not None and not isinstance(value, str):
            self.fail("must be a string or null", name)
        return value if isinstance(value, str) else None

    def flag(self, name: str) -> bool:
        value = self.raw.get(name, False)
        if not isinstance(value, bool):
            self.fail("must be true or false", name)
        return bool(value)

    def count(self, name: str) -> int:
        value = self._get(name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.fail("must be a non-negative integer", name)
        assert isinstance(value, int)
        return value

    def when(self, name: str) -> datetime:
        text = self.text(name)
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            self.fail("is not an ISO 8601 datetime", name)
        if value.tzinfo is None:
            self.fail("has no timezone", name)
        return value.astimezone(UTC)

    def opt_when(self, name: str) -> datetime | None:
        if self.raw.get(name) is None:
            return None
        return self.when(name)

    def choice(self, name: str, kind: type[_E]) -> _E:
        text = self.text(name)
        try:
            return kind(text)
        except ValueError:
            self.fail("has an unknown value", name)
            raise  # pragma: no cover - fail() always raises

    def seq(self, name: str) -> list[object]:
        value = self.raw.get(name, [])
        if not isinstance(value, list):
            self.fail("must be a list", name)
        assert isinstance(value, list)
        return value

    def sub(self, name: str, index: int | None = None) -> _Record:
        """A nested object, or the index-th element of a nested list."""
        path = ".".join(p for p in (self.path, name) if p)
        if index is None:
            raw = self._get(name)
        else:
            raw = self.seq(name)[index]
            path = f"{path}[{index}]"
        return _Record(raw, source=self.source, record=self.record, path=path)

    def opt_sub(self, name: str) -> _Record | None:
        if self.raw.get(name) is None:
            return None
        return self.sub(name)

    def items(self, name: str) -> list[_Record]:
        return [self.sub(name, i) for i in range(len(self.seq(name)))]

    def user(self, name: str) -> UserRef:
        sub = self.sub(name)
        return UserRef(channel=sub.text("channel"), id=sub.text("id"))


def _decode_answers(record: _Record, name: str) -> tuple[StepAnswer, ...]:
    return tuple(StepAnswer(step=a.text("step"), text=a.text("text")) for a in record.items(name))


def _decode_choices(record: _Record, name: str) -> tuple[Choice, ...]:
    return tuple(Choice(value=c.text("value"), label=c.text("label")) for c in record.items(name))


def decode_mentee(raw: object, *, source: str, record: str = "mentee") -> Mentee:
    r = _Record(raw, source=source, record=record)
    consent_raw = r.opt_sub("consent")
    consent = None
    if consent_raw is not None:
        consent = Consent(version=consent_raw.text("version"), accepted_at=consent_raw.when("accepted_at"))
    return Mentee(
        user=r.user("user"),
        alias=r.text("alias"),
        mentor=r.text("mentor"),
        locale=r.text("locale"),
        enrolled_at=r.when("enrolled_at"),
        consent=consent,
        status=r.choice("status", MenteeStatus),
        has_legal_hold=r.flag("has_legal_hold"),
    )


def _decode_draft(d: _Record) -> Draft:
    return Draft(
        flow=d.text("flow"),
        step=d.text("step"),
        answers=_decode_answers(d, "answers"),
        started_at=d.when("started_at"),
        updated_at=d.when("updated_at"),
        is_reminded=d.flag("is_reminded"),
        is_editing=d.flag("is_editing"),
        suggestion=d.opt_text("suggestion"),
        kept_words=_texts(d, "kept_words"),
    )


def _texts(r: _Record, name: str) -> tuple[str, ...]:
    """A list of strings (empty when absent: records written before it existed)."""
    values = r.seq(name)
    for index, value in enumerate(values):
        if not isinstance(value, str):
            r.fail("must hold strings only", f"{name}[{index}]")
    return tuple(str(v) for v in values)


def decode_conversation(raw: object, *, source: str, record: str = "conversation") -> Conversation:
    r = _Record(raw, source=source, record=record)
    draft_raw = r.opt_sub("draft")
    seen: list[str] = []
    for index, value in enumerate(r.seq("seen_ids")):
        if not isinstance(value, str):
            r.fail("must hold strings only", f"seen_ids[{index}]")
        assert isinstance(value, str)
        seen.append(value)
    return Conversation(
        user=r.user("user"),
        draft=None if draft_raw is None else _decode_draft(draft_raw),
        away_period=r.opt_text("away_period"),
        seen_ids=tuple(seen),
        pending=parse_pending(r.opt_text("pending")),
        offered=_decode_choices(r, "offered"),
        replies_seen_at=r.opt_when("replies_seen_at"),
        sent_for=tuple(
            SentFor(
                message_id=s.text("message_id"),
                outbounds=tuple(_decode_outbound(o) for o in s.items("outbounds")),
                is_withheld=s.flag("is_withheld"),
            )
            for s in r.items("sent_for")
        ),
    )


def decode_item(raw: object, *, source: str, record: str) -> Item:
    r = _Record(raw, source=source, record=record)
    return Item(
        id=r.text("id"),
        ref=r.text("ref"),
        mentee=r.user("mentee"),
        alias=r.text("alias"),
        mentor=r.text("mentor"),
        flow=r.text("flow"),
        answers=_decode_answers(r, "answers"),
        submitted_at=r.when("submitted_at"),
        status=r.choice("status", ItemStatus),
        is_flagged=r.flag("is_flagged"),
        theme=r.opt_text("theme"),
        replies=tuple(
            Reply(
                kind=p.choice("kind", ReplyKind),
                text=p.text("text"),
                mentor=p.text("mentor"),
                at=p.when("at"),
            )
            for p in r.items("replies")
        ),
        deferred_until=r.opt_when("deferred_until"),
        kind=_item_kind(r),
    )


def _item_kind(r: _Record) -> ItemKind:
    """Records written before alerts were a kind of their own say it by their flow."""
    written = r.opt_text("kind")
    if written is None:
        return ItemKind.ALERT if r.text("flow") == SAFETY_FLOW else ItemKind.QUESTION
    return r.choice("kind", ItemKind)


def _decode_outbound(o: _Record) -> Outbound:
    attachment = None
    a = o.opt_sub("attachment")
    if a is not None:
        try:
            content = base64.b64decode(a.text("content").encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError):
            a.fail("is not valid base64", "content")
        attachment = Attachment(filename=a.text("filename"), media_type=a.text("media_type"), content=content)
    return Outbound(
        to=o.user("to"),
        text=o.text("text"),
        key=o.text("key"),
        choices=_decode_choices(o, "choices"),
        item_ref=o.opt_text("item_ref"),
        attachment=attachment,
        is_durable=o.flag("is_durable"),
        template=o.opt_text("template"),
        about=o.user("about") if o.opt_sub("about") is not None else None,
    )


LEGACY_PARKED = "parked: service window closed, waiting for the person to write"
"""How entries parked by the WhatsApp 24 h rule were written before OutboxStatus.PARKED:
status pending with this `last_error`. Read as PARKED, so a data folder carries over."""


def decode_outbox(raw: object, *, source: str, record: str) -> OutboxEntry:
    r = _Record(raw, source=source, record=record)
    status = r.choice("status", OutboxStatus)
    last_error = r.opt_text("last_error")
    if status is OutboxStatus.PENDING and last_error == LEGACY_PARKED:
        status = OutboxStatus.PARKED
    return OutboxEntry(
        outbound=_decode_outbound(r.sub("outbound")),
        created_at=r.when("created_at"),
        next_attempt_at=r.when("next_attempt_at"),
        status=status,
        attempts=r.count("attempts"),
        last_error=last_error,
        platform_message_id=r.opt_text("platform_message_id"),
        delivery_status=r.opt_text("delivery_status"),
    )


def decode_invitation(raw: object, *, source: str, record: str) -> Invitation:
    r = _Record(raw, source=source, record=record)
    return Invitation(
        code=r.text("code"),
        alias=r.text("alias"),
        mentor=r.text("mentor"),
        created_at=r.when("created_at"),
        expires_at=r.when("expires_at"),
        used_by=r.opt_text("used_by"),
        used_at=r.opt_when("used_at"),
    )


def decode_audit(raw: object, *, source: str, record: str) -> AuditEvent:
    r = _Record(raw, source=source, record=record)
    details: list[tuple[str, str]] = []
    for index, pair in enumerate(r.seq("details")):
        if not isinstance(pair, list) or len(pair) != 2 or not all(isinstance(part, str) for part in pair):
            r.fail("must be a [name, value] pair of strings", f"details[{index}]")
        assert isinstance(pair, list)
        details.append((str(pair[0]), str(pair[1])))
    return AuditEvent(
        at=r.when("at"),
        actor=r.text("actor"),
        action=r.text("action"),
        subject=r.text("subject"),
        details=tuple(details),
    )


def decode_inbox(raw: object, *, source: str, sequence: int) -> InboxEntry:
    r = _Record(raw, source=source, record="inbox entry")
    return InboxEntry(
        key=r.text("key"),
        channel=r.text("channel"),
        person=r.text("person"),
        body=r.text("body"),
        received_at=r.when("received_at"),
        sequence=sequence,
        is_withheld=r.flag("withheld"),
    )


def encode_secret(key: bytes) -> JSON:
    return {"value": key.hex()}


def decode_secret(raw: object, *, source: str, record: str) -> bytes:
    r = _Record(raw, source=source, record=f"secret {record}")
    value = r.text("value")
    try:
        key = bytes.fromhex(value)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise CorruptRecordError(f"{source}: record secret {record}: field 'value' must be 16+ hex bytes")
    return key


def encode_failed_code(who: str, at: datetime) -> JSON:
    return {"who": who, "at": encode_at(at)}


def decode_failed_code(raw: object, *, source: str, record: str) -> tuple[str, datetime]:
    r = _Record(raw, source=source, record=record)
    return r.text("who"), r.when("at")
