"""The right of access: everything kept about one person, as JSON and as Markdown.

Nothing here calls `datetime.now()`: the caller's instant is used.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING, Protocol

from babel import Locale, UnknownLocaleError

from bot.config.i18n import Catalogue
from bot.config.settings import Settings
from bot.domain import (
    Attachment,
    AuditEvent,
    Conversation,
    Item,
    Mentee,
    OutboxEntry,
    ReplyKind,
    StepAnswer,
    UserRef,
)
from bot.domain.about import is_outbox_about
from bot.ports import Store
from bot.privacy.audit import OPERATOR, SYSTEM, events_about
from bot.schedule.phrasing import format_clock, format_day

if TYPE_CHECKING:
    from bot.config.flows import FlowSpec

EXPORT_FORMAT = "cadre-export/1"


# --------------------------------------------------------------------------- lookups
async def find_by_alias(store: Store, alias: str) -> list[Mentee]:
    """Every mentee with this alias (an operator names people by alias, never by id)."""
    wanted = alias.strip().casefold()
    return [m for m in await store.list_mentees() if m.alias.casefold() == wanted]


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


@dataclass(frozen=True)
class ExportSection:
    """What another part of Cadre keeps about the person (the journey's records): under
    `name` in the JSON, and its Markdown (with its own headings) after the store's."""

    name: str
    data: object
    markdown: str


class KeptElsewhere(Protocol):
    """What another part of Cadre keeps about a mentee beside the Store (the journey's
    records): its part of the export, and its erasure, so /export, /effacer, withdrawal
    and retention cover it without the core knowing what it is."""

    async def export_section(self, mentee: Mentee) -> ExportSection | None: ...

    async def erase(self, mentee: Mentee) -> None: ...


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "mentee"


def export_prefix(alias: str) -> str:
    """How the names of a person's export files begin (the minute they were built follows),
    so their erasure finds the copies written to disk (bot.privacy.export_files)."""
    return f"cadre-export-{_slug(alias)}-"


async def build_export(
    store: Store,
    mentee: Mentee,
    *,
    now_at: datetime,
    settings: Settings,
    catalogue: Catalogue,
    flows: Mapping[str, FlowSpec] | None = None,
    sections: Sequence[ExportSection] = (),
) -> ExportBundle:
    """Profile, consent, conversation and draft, items with answers and replies, outbox
    entries about them, audit events about their alias: everything the store holds; and
    the `sections` kept elsewhere (the journey's programme, notes, reports, reviews)."""
    flows = flows or {}
    conversation = await store.get_conversation(mentee.user)
    items = await store.items_of(mentee.user)
    refs = {i.ref for i in items}
    outbox = [e for e in await store.list_outbox() if is_outbox_about(e, mentee.user, refs)]
    audit = await events_about(store, mentee.alias, refs)
    profile = _plain(mentee)
    assert isinstance(profile, dict)
    consent = profile.pop("consent")  # said once, at the top level, not also as a null here
    data = {
        "format": EXPORT_FORMAT,
        "exported_at": now_at.isoformat(),
        "mentee": profile,
        "consent": consent,
        "conversation": _plain(conversation),
        "items": _plain(items),
        "outbox": _plain(outbox),
        "audit": _plain(audit),
    }
    for section in sections:
        data[section.name] = section.data
    json_bytes = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    markdown = _markdown(
        mentee,
        conversation,
        items,
        outbox,
        audit,
        now_at=now_at,
        settings=settings,
        catalogue=catalogue,
        flows=flows,
    )
    for section in sections:
        markdown += "\n" + section.markdown
    stem = f"{export_prefix(mentee.alias)}{now_at.astimezone(settings.zone):%Y%m%d-%H%M}"
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
    flows: Mapping[str, FlowSpec],
) -> str:
    """The same content written for the person: their language's words for every status,
    step and action, dates as they say them, the colon as their language writes it."""
    locale = mentee.locale

    def t(key: str, **params: object) -> str:
        return catalogue.text(f"privacy.export.md.{key}", locale, **params)

    def when(at: datetime | None) -> str:
        if at is None:
            return t("none")
        local = at.astimezone(settings.zone)
        return t(
            "datetime",
            day=format_day(local.date(), locale, with_year=True),
            time=format_clock(local.time(), locale),
        )

    def field(label: str, value: object) -> str:
        return "- " + t("field", label=label, value=value)

    def answers(flow_id: str, given: Sequence[StepAnswer]) -> list[str]:
        return [
            field(f"**{label}**", text)
            for label, text in _answer_lines(flow_id, given, flows, catalogue, locale)
        ]

    lines = [
        f"# {t('title', alias=mentee.alias)}",
        "",
        t("generated", at=when(now_at)),
        "",
        f"## {t('profile')}",
        "",
        field(t("alias"), mentee.alias),
        field(t("mentor"), mentee.mentor),
        field(t("channel"), t(f"channel_{mentee.user.channel}", id=mentee.user.id)),
        field(t("locale"), _language_name(mentee.locale)),
        field(t("enrolled"), when(mentee.enrolled_at)),
        field(t("status"), t(f"mentee_status.{mentee.status.value}")),
        field(t("hold"), t("yes") if mentee.has_legal_hold else t("no")),
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
        lines += answers(draft.flow, draft.answers)
    questions = [item for item in items if not item.is_alert]
    alerts = [item for item in items if item.is_alert]
    lines += ["", f"## {t('items', count=len(questions))}", ""]
    if not questions:
        lines.append(t("none"))
    for item in questions:
        status = catalogue.text(f"core.thread.status.{item.status.value}", locale)
        flagged = f" · {t('flagged')}" if item.is_flagged else ""
        lines += [f"### {item.ref} · {when(item.submitted_at)} · {status}{flagged}", ""]
        lines += answers(item.flow, item.answers)
        for reply in item.replies:
            lines.append(f"> {t(f'reply.{reply.kind.value}', at=when(reply.at))}")
            lines.append(f"> {reply.text}")
        lines.append("")
    if alerts:
        lines += ["", f"## {t('alerts', count=len(alerts))}", ""]
    for item in alerts:
        lines.append(f"- {t('alert_line', at=when(item.submitted_at))}")
        for reply in item.replies:
            if reply.kind is not ReplyKind.CLOSE:
                lines.append(f"  > {t('reply.message', at=when(reply.at))} {reply.text}")
    lines += ["", f"## {t('outbox', count=len(outbox))}", ""]
    if not outbox:
        lines.append(t("none"))
    for entry in outbox:
        state = t(f"outbox_status.{entry.status.value}")
        # A delivered message keeps no words (docs/privacy.md): say so, no empty field.
        words = entry.outbound.text or t("outbox_text_dropped")
        lines.append(f"- {when(entry.created_at)} · {state} · {words}")
    lines += ["", f"## {t('audit', count=len(audit))}", ""]
    if not audit:
        lines.append(t("none"))
    for event in audit:
        lines.append(f"- {when(event.at)} · {_audit_line(event, mentee, t)}")
    return "\n".join(lines).rstrip() + "\n"


def _answer_lines(
    flow_id: str,
    given: Sequence[StepAnswer],
    flows: Mapping[str, FlowSpec],
    catalogue: Catalogue,
    locale: str,
) -> list[tuple[str, str]]:
    """(the step's label, the answer as the person chose it) for each answer."""
    flow = flows.get(flow_id)
    lines = []
    for answer in given:
        step = flow.step(answer.step) if flow is not None else None
        if step is None:
            lines.append((answer.step, answer.text))
            continue
        label = _text_or_key(step.label, catalogue, locale)
        chosen = next((c for c in step.choices if c.value == answer.text), None)
        text = _text_or_key(chosen.label, catalogue, locale) if chosen is not None else answer.text
        lines.append((label, text))
    return lines


def _text_or_key(value: str, catalogue: Catalogue, locale: str) -> str:
    return catalogue.text(value, locale) if catalogue.has(value, locale) else value


def _language_name(locale: str) -> str:
    try:
        name = Locale.parse(locale).get_display_name(locale) or locale
    except (ValueError, UnknownLocaleError):
        return locale
    return name[:1].upper() + name[1:] if locale.startswith("en") else name


def _audit_line(event: AuditEvent, mentee: Mentee, t: Callable[..., str]) -> str:
    """ "Vous avez accepté la charte (version 1)", "Votre mentor a répondu à K7QF"."""
    actor = (
        "you"
        if event.actor == mentee.alias
        else "mentor"
        if event.actor.startswith("mentor:")
        else event.actor
        if event.actor in (OPERATOR, SYSTEM)
        else "other"
    )
    params = {"subject": event.subject, **dict(event.details)}
    key = f"action.{event.action}"
    if actor == "mentor" and t(f"{key}_by_mentor") != f"privacy.export.md.{key}_by_mentor":
        key = f"{key}_by_mentor"  # the same action worded for the mentor doing it
    text = t(key, **params)
    if text == f"privacy.export.md.{key}":  # an action this version does not word yet
        text = t("action_other", action=event.action.replace("_", " "), subject=event.subject)
    return t(f"actor.{actor}", action=text)
