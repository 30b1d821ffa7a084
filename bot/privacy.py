"""The mentee's rights, retention and the audit trail: what Cadre owes the people it serves.

- `RightsDesk` is the engine's rights handler (`engine.rights`): /export sends everything
  kept about the person as JSON plus Markdown; /erase asks for confirmation then removes
  everything; /stop asks whether to keep or erase, then withdraws or erases.
- `purge` applies the retention durations of `config/cadre.yaml`; the scheduler calls it
  daily. A legal hold on a mentee suspends it for them.
- `record` appends an audit event: who, which action, which record, when. Ids and aliases
  only, never words, so the trail itself never needs erasing for what it says.

Nothing here calls `datetime.now()`: the engine's clock or the caller's instant is used, so
retention is tested by moving a clock.
"""

from __future__ import annotations

import base64
import json
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import datetime, timedelta
from enum import Enum
from typing import Protocol, runtime_checkable

from bot.config import Settings
from bot.domain import (
    Attachment,
    AuditEvent,
    Choice,
    Conversation,
    Inbound,
    InboundKind,
    Item,
    ItemStatus,
    Mentee,
    MenteeStatus,
    OutboxEntry,
    UserRef,
)
from bot.engine.replies import Replies
from bot.i18n import Catalogue
from bot.journey.ports import JourneyRecords
from bot.journey.rights import export_data as journey_export_data
from bot.journey.rights import export_markdown as journey_export_markdown
from bot.ports import Clock, Store

log = logging.getLogger(__name__)

EXPORT_FORMAT = "cadre-export/1"
CONFIRM_ERASE, CONFIRM_STOP = "confirm_erase", "confirm_stop"
"""Conversation.pending while a confirmation is awaited; the engine routes the answer here."""

YES, NO = "rights:yes", "rights:no"
KEEP, ERASE, STAY = "rights:keep", "rights:erase", "rights:stay"

OPERATOR, SYSTEM = "operator", "system"

# Audit actions written by this module (the engine and the mentor desk add their own).
EXPORTED, ERASED, ERASE_REFUSED_HOLD = "exported", "erased", "erase_refused_hold"
WITHDRAWN, HOLD_SET, HOLD_RELEASED = "withdrawn", "legal_hold_set", "legal_hold_released"
PURGED, AUDIT_LISTED = "purged", "audit_listed"


# --------------------------------------------------------------------------- audit trail
def record(
    store: Store, *, at: datetime, actor: str, action: str, subject: str, **details: str
) -> AuditEvent:
    """Append one event. `details` must be ids or counts: the trail outlives the records."""
    event = AuditEvent(
        at=at, actor=actor, action=action, subject=subject, details=tuple(sorted(details.items()))
    )
    store.append_audit(event)
    return event


def events_about(store: Store, alias: str, refs: Iterable[str] = ()) -> list[AuditEvent]:
    """Events where the person is the subject or the actor (their consent, their exports…),
    or about one of their items (the mentor desk names items by ref)."""
    subjects = {alias, *refs}
    return [e for e in store.audit_events() if e.subject in subjects or e.actor == alias]


def events_since(store: Store, since_at: datetime | None) -> list[AuditEvent]:
    return [e for e in store.audit_events() if since_at is None or e.at >= since_at]


def format_event(event: AuditEvent, settings: Settings) -> str:
    """One line for an operator's terminal: local time, actor, action, subject, details."""
    at = event.at.astimezone(settings.zone).strftime("%Y-%m-%d %H:%M")
    details = " ".join(f"{k}={v}" for k, v in event.details)
    return f"{at}  {event.actor:<10} {event.action:<22} {event.subject}" + (f"  {details}" if details else "")


@runtime_checkable
class AuditPruning(Protocol):
    """Optional store capability: drop audit events older than a date (retention)."""

    def prune_audit(self, before_at: datetime) -> int: ...


# --------------------------------------------------------------------------- lookups
def find_by_alias(store: Store, alias: str) -> list[Mentee]:
    """Every mentee with this alias (an operator names people by alias, never by id)."""
    wanted = alias.strip().casefold()
    return [m for m in store.list_mentees() if m.alias.casefold() == wanted]


# --------------------------------------------------------------------------- export
def _plain(value: object) -> object:
    """A domain value as JSON-ready data, field names kept: the export mirrors what is stored."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, UserRef):
        return {"channel": value.channel, "id": value.id}
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def _outbox_about(entry: OutboxEntry, user: UserRef, refs: set[str]) -> bool:
    """Sent to the person, or the mentor's copy of one of their items (it carries their words)."""
    return entry.outbound.to == user or (
        entry.outbound.item_ref is not None and entry.outbound.item_ref in refs
    )


@dataclass(frozen=True)
class ExportBundle:
    """Everything kept about one person, in the two forms the right of access asks for."""

    stem: str
    json_bytes: bytes
    markdown: str

    def attachments(self) -> tuple[Attachment, Attachment]:
        return (
            Attachment(f"{self.stem}.json", "application/json", self.json_bytes),
            Attachment(f"{self.stem}.md", "text/markdown", self.markdown.encode("utf-8")),
        )


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "mentee"


def build_export(
    store: Store,
    mentee: Mentee,
    *,
    now_at: datetime,
    settings: Settings,
    catalogue: Catalogue,
    journey: JourneyRecords | None = None,
) -> ExportBundle:
    """Profile, consent, conversation and draft, items with answers and replies, outbox
    entries about them, audit events about their alias: everything the store holds; and,
    when given, the journey's records (programme, preparations, notes, reports, reviews)."""
    conversation = store.get_conversation(mentee.user)
    items = store.items_of(mentee.user)
    refs = {i.ref for i in items}
    outbox = [e for e in store.list_outbox() if _outbox_about(e, mentee.user, refs)]
    audit = events_about(store, mentee.alias, refs)
    data = {
        "format": EXPORT_FORMAT,
        "exported_at": now_at.isoformat(),
        "mentee": _plain(replace(mentee, consent=None)),
        "consent": _plain(mentee.consent),
        "conversation": _plain(conversation),
        "items": _plain(items),
        "outbox": _plain(outbox),
        "audit": _plain(audit),
    }
    if journey is not None:
        data["journey"] = journey_export_data(journey)
    json_bytes = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    markdown = _markdown(
        mentee, conversation, items, outbox, audit, now_at=now_at, settings=settings, catalogue=catalogue
    )
    if journey is not None:
        markdown += "\n" + journey_export_markdown(
            journey, catalogue=catalogue, locale=mentee.locale, zone=settings.zone
        )
    stem = f"cadre-export-{_slug(mentee.alias)}-{now_at.astimezone(settings.zone):%Y%m%d-%H%M}"
    return ExportBundle(stem, json_bytes, markdown)


def _markdown(
    mentee: Mentee,
    conversation: Conversation | None,
    items: list[Item],
    outbox: list[OutboxEntry],
    audit: list[AuditEvent],
    *,
    now_at: datetime,
    settings: Settings,
    catalogue: Catalogue,
) -> str:
    """The same content for a person to read: headings from the catalogue, dates local."""
    locale = mentee.locale

    def t(key: str, **params: object) -> str:
        return catalogue.text(f"privacy.export.md.{key}", locale, **params)

    def when(at: datetime | None) -> str:
        return "-" if at is None else at.astimezone(settings.zone).strftime("%Y-%m-%d %H:%M")

    yes, no = t("yes"), t("no")
    lines = [
        f"# {t('title', alias=mentee.alias)}",
        "",
        t("generated", at=when(now_at)),
        "",
        f"## {t('profile')}",
        "",
        f"- {t('alias')}: {mentee.alias}",
        f"- {t('mentor')}: {mentee.mentor}",
        f"- {t('channel')}: {mentee.user.key}",
        f"- {t('locale')}: {mentee.locale}",
        f"- {t('enrolled')}: {when(mentee.enrolled_at)}",
        f"- {t('status')}: {mentee.status.value}",
        f"- {t('hold')}: {yes if mentee.has_legal_hold else no}",
        "",
        f"## {t('consent')}",
        "",
    ]
    if mentee.consent is None:
        lines.append(t("none"))
    else:
        lines.append(t("consent_line", version=mentee.consent.version, at=when(mentee.consent.accepted_at)))
    lines += ["", f"## {t('draft')}", ""]
    draft = conversation.draft if conversation is not None else None
    if draft is None:
        lines.append(t("none"))
    else:
        lines.append(t("draft_line", started=when(draft.started_at), updated=when(draft.updated_at)))
        lines += [f"- **{a.step}**: {a.text}" for a in draft.answers]
    lines += ["", f"## {t('items', count=len(items))}", ""]
    if not items:
        lines.append(t("none"))
    for item in items:
        lines += [
            f"### {item.ref} · {when(item.submitted_at)} · {item.status.value}"
            + (f" · {t('flagged')}" if item.is_flagged else ""),
            "",
        ]
        lines += [f"- **{a.step}**: {a.text}" for a in item.answers]
        for reply in item.replies:
            lines.append(f"> {t('reply', kind=reply.kind.value, at=when(reply.at))}: {reply.text}")
        lines.append("")
    lines += ["", f"## {t('outbox', count=len(outbox))}", ""]
    if not outbox:
        lines.append(t("none"))
    for entry in outbox:
        lines.append(f"- {when(entry.created_at)} · {entry.status.value} · {entry.outbound.text}")
    lines += ["", f"## {t('audit', count=len(audit))}", ""]
    if not audit:
        lines.append(t("none"))
    for event in audit:
        details = ", ".join(f"{k}={v}" for k, v in event.details)
        lines.append(
            f"- {when(event.at)} · {event.actor} · {event.action}" + (f" ({details})" if details else "")
        )
    return "\n".join(lines).rstrip() + "\n"


# --------------------------------------------------------------------------- erasure, hold
def erase_person(
    store: Store, mentee: Mentee, *, actor: str, now_at: datetime, reason: str = "request"
) -> None:
    """Remove everything about the person; the trail keeps only that it happened, and when."""
    store.erase_user(mentee.user)
    record(
        store,
        at=now_at,
        actor=actor,
        action=ERASED if reason == "request" else PURGED,
        subject=mentee.alias,
        reason=reason,
    )
    log.info("person erased actor=%s reason=%s", actor if actor in (OPERATOR, SYSTEM) else "mentee", reason)


def set_legal_hold(store: Store, mentee: Mentee, *, is_held: bool, actor: str, now_at: datetime) -> Mentee:
    """A legal hold suspends the purge and erasure for this person until released."""
    held = replace(mentee, has_legal_hold=is_held)
    store.save_mentee(held)
    record(store, at=now_at, actor=actor, action=HOLD_SET if is_held else HOLD_RELEASED, subject=mentee.alias)
    return held


def withdraw(store: Store, mentee: Mentee, conversation: Conversation, *, now_at: datetime) -> Conversation:
    """The person leaves: no more messages from Cadre, no draft left to remind them of."""
    store.save_mentee(replace(mentee, status=MenteeStatus.WITHDRAWN))
    record(store, at=now_at, actor=mentee.alias, action=WITHDRAWN, subject=mentee.alias)
    return replace(conversation, draft=None, pending=None)


# --------------------------------------------------------------------------- the desk
class RightsDesk:
    """The engine's rights handler: export, erase, stop, and the answers to their questions.

    Called as `engine.rights(name, inbound, mentee, conversation, replies)`; returns the
    conversation to save (the engine saves nothing for a person who no longer exists).
    """

    def __init__(self, *, store: Store, clock: Clock, settings: Settings, catalogue: Catalogue) -> None:
        self.store = store
        self.clock = clock
        self.settings = settings
        self.catalogue = catalogue

    def __call__(
        self, name: str, inbound: Inbound, mentee: Mentee, conversation: Conversation, replies: Replies
    ) -> Conversation:
        if name == "export":
            return self._export(mentee, conversation, replies)
        if name == "erase":
            replies.say_key(
                "privacy.erase.confirm",
                self._choices(replies, ((YES, "privacy.erase.yes"), (NO, "privacy.erase.no"))),
            )
            return replace(conversation, pending=CONFIRM_ERASE)
        if name == "stop":
            days = self.settings.retention.withdrawn_mentees.days
            replies.say_key(
                "privacy.stop.ask",
                self._choices(
                    replies,
                    ((KEEP, "privacy.stop.keep"), (ERASE, "privacy.stop.erase"), (STAY, "privacy.stop.stay")),
                    days=days,
                ),
                days=days,
            )
            return replace(conversation, pending=CONFIRM_STOP)
        if name == "confirm":
            return self._confirm(inbound, mentee, conversation, replies)
        replies.say_key("core.unknown_command")
        return conversation

    def _choices(
        self, replies: Replies, options: Iterable[tuple[str, str]], **params: object
    ) -> tuple[Choice, ...]:
        return tuple(Choice(value, replies.t(key, **params)) for value, key in options)

    def _export(self, mentee: Mentee, conversation: Conversation, replies: Replies) -> Conversation:
        now_at = self.clock.now()
        bundle = build_export(
            self.store, mentee, now_at=now_at, settings=self.settings, catalogue=self.catalogue
        )
        as_json, as_markdown = bundle.attachments()
        # Not durable on purpose: an export must not be copied into the outbox on disk.
        replies.say_key("privacy.export.ready")
        replies.messages[-1] = replace(replies.messages[-1], attachment=as_json)
        replies.say_key("privacy.export.readable")
        replies.messages[-1] = replace(replies.messages[-1], attachment=as_markdown)
        record(
            self.store,
            at=now_at,
            actor=mentee.alias,
            action=EXPORTED,
            subject=mentee.alias,
            items=str(len(self.store.items_of(mentee.user))),
        )
        return conversation

    def _answer(
        self, inbound: Inbound, options: tuple[tuple[str, str, tuple[str, ...]], ...], replies: Replies
    ) -> str | None:
        """A button's value, or typed text matching a number, a label or a plain yes/no word."""
        if inbound.kind is InboundKind.CHOICE:
            return inbound.payload if any(inbound.payload == v for v, _, _ in options) else None
        typed = inbound.text.strip().casefold()
        for index, (value, key, words) in enumerate(options, start=1):
            if typed in (str(index), replies.t(key).casefold(), *words):
                return value
        return None

    def _confirm(
        self, inbound: Inbound, mentee: Mentee, conversation: Conversation, replies: Replies
    ) -> Conversation:
        pending = conversation.pending
        cleared = replace(conversation, pending=None)
        now_at = self.clock.now()
        if pending == CONFIRM_ERASE:
            answer = self._answer(
                inbound,
                ((YES, "privacy.erase.yes", ("oui", "yes")), (NO, "privacy.erase.no", ("non", "no"))),
                replies,
            )
            if answer == YES:
                return self._erase(mentee, cleared, replies, now_at)
            replies.say_key("privacy.erase.cancelled" if answer == NO else "privacy.not_confirmed")
            return cleared
        if pending == CONFIRM_STOP:
            days = self.settings.retention.withdrawn_mentees.days
            answer = self._answer(
                inbound,
                (
                    (KEEP, "privacy.stop.keep", ()),
                    (ERASE, "privacy.stop.erase", ()),
                    (STAY, "privacy.stop.stay", ()),
                ),
                replies,
            )
            if answer == KEEP:
                withdrawn = withdraw(self.store, mentee, cleared, now_at=now_at)
                replies.say_key("privacy.stop.kept", days=days)
                return withdrawn
            if answer == ERASE:
                return self._erase(mentee, cleared, replies, now_at)
            replies.say_key("privacy.stop.stayed" if answer == STAY else "privacy.not_confirmed")
            return cleared
        return cleared

    def _erase(
        self, mentee: Mentee, conversation: Conversation, replies: Replies, now_at: datetime
    ) -> Conversation:
        if mentee.has_legal_hold:
            record(self.store, at=now_at, actor=mentee.alias, action=ERASE_REFUSED_HOLD, subject=mentee.alias)
            replies.say_key("privacy.erase.held")
            return conversation
        erase_person(self.store, mentee, actor=mentee.alias, now_at=now_at)
        replies.say_key("privacy.erase.done")
        return Conversation(user=mentee.user)


# --------------------------------------------------------------------------- retention
@dataclass(frozen=True)
class PurgeReport:
    """Counts only: what a daily purge removed, and whom it left alone because of a hold."""

    drafts_removed: int = 0
    items_redacted: int = 0
    people_erased: int = 0
    people_held: int = 0
    audit_removed: int | None = None
    """None when the store cannot prune its audit trail (see AuditPruning)."""


def last_activity(store: Store, mentee: Mentee) -> datetime:
    """The latest moment the person or their mentor did something in the accompaniment."""
    moments = [mentee.enrolled_at]
    if mentee.consent is not None:
        moments.append(mentee.consent.accepted_at)
    conversation = store.get_conversation(mentee.user)
    if conversation is not None and conversation.draft is not None:
        moments.append(conversation.draft.updated_at)
    for item in store.items_of(mentee.user):
        moments.append(item.submitted_at)
        moments += [r.at for r in item.replies]
    return max(moments)


def withdrawn_at(store: Store, mentee: Mentee) -> datetime:
    """When the person left, from the trail; their last activity if the event is gone."""
    moments = [e.at for e in store.audit_events() if e.action == WITHDRAWN and e.subject == mentee.alias]
    return max(moments) if moments else last_activity(store, mentee)


def _is_redacted(item: Item) -> bool:
    return not item.answers and all(not r.text for r in item.replies)


def redact(item: Item) -> Item:
    """The item without its words: ref, dates and status stay so the thread keeps its shape."""
    return replace(item, answers=(), replies=tuple(replace(r, text="") for r in item.replies))


def purge_job(store: Store, settings: Settings, clock: Clock) -> Callable[[], PurgeReport]:
    """The daily job the scheduler runs (bot.schedule.jobs takes a no-argument callable)."""
    return lambda: purge(store, settings, clock.now())


def purge(store: Store, settings: Settings, now_at: datetime) -> PurgeReport:
    """Apply the retention durations once; idempotent, so a missed day is caught up next time.

    Per person (skipped entirely under a legal hold): erased 'withdrawn_mentees' after
    withdrawal or 'inactive_mentees' after the last activity; a draft idle for 'drafts' is
    dropped; answered items lose their words 'answered_items' after the accompaniment ends
    (withdrawal or last activity); closed or redirected items 'closed_items' after closing.
    Waiting items are never purged while the person remains. Audit events older than
    'audit' go when the store can prune them.
    """
    keep = settings.retention
    drafts = items = erased = held = 0
    for mentee in store.list_mentees():
        if mentee.has_legal_hold:
            held += 1
            continue
        active_until = last_activity(store, mentee)
        is_withdrawn = mentee.status is MenteeStatus.WITHDRAWN
        ended_at = withdrawn_at(store, mentee) if is_withdrawn else active_until
        if is_withdrawn and now_at - ended_at >= keep.withdrawn_mentees:
            erase_person(store, mentee, actor=SYSTEM, now_at=now_at, reason="withdrawn")
            erased += 1
            continue
        if now_at - active_until >= keep.inactive_mentees:
            erase_person(store, mentee, actor=SYSTEM, now_at=now_at, reason="inactive")
            erased += 1
            continue
        conversation = store.get_conversation(mentee.user)
        if (
            conversation is not None
            and conversation.draft is not None
            and now_at - conversation.draft.updated_at >= keep.drafts
        ):
            store.save_conversation(replace(conversation, draft=None))
            drafts += 1
        for item in store.items_of(mentee.user):
            if item.status is ItemStatus.WAITING or _is_redacted(item):
                continue
            if item.status is ItemStatus.ANSWERED:
                is_due = now_at - ended_at >= keep.answered_items
            else:
                closed_at = max([item.submitted_at, *(r.at for r in item.replies)])
                is_due = now_at - closed_at >= keep.closed_items
            if is_due:
                store.save_item(redact(item))
                items += 1
    audit_removed: int | None = None
    if isinstance(store, AuditPruning):
        audit_removed = store.prune_audit(now_at - keep.audit)
    report = PurgeReport(drafts, items, erased, held, audit_removed)
    log.info(
        "purge done drafts=%d items=%d people=%d held=%d audit=%s",
        drafts,
        items,
        erased,
        held,
        "n/a" if audit_removed is None else audit_removed,
    )
    return report
