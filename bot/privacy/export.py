"""The right of access: everything kept about one person, as JSON and as Markdown.

Nothing here calls `datetime.now()`: the caller's instant is used.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import datetime, timedelta
from enum import Enum

from bot.config.i18n import Catalogue
from bot.config.settings import Settings
from bot.domain import Attachment, AuditEvent, Conversation, Item, Mentee, OutboxEntry, UserRef
from bot.domain.about import is_outbox_about
from bot.ports import Store
from bot.privacy.audit import events_about

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


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "mentee"


async def build_export(
    store: Store,
    mentee: Mentee,
    *,
    now_at: datetime,
    settings: Settings,
    catalogue: Catalogue,
    sections: Sequence[ExportSection] = (),
) -> ExportBundle:
    """Profile, consent, conversation and draft, items with answers and replies, outbox
    entries about them, audit events about their alias: everything the store holds; and
    the `sections` kept elsewhere (the journey's programme, notes, reports, reviews)."""
    conversation = await store.get_conversation(mentee.user)
    items = await store.items_of(mentee.user)
    refs = {i.ref for i in items}
    outbox = [e for e in await store.list_outbox() if is_outbox_about(e, mentee.user, refs)]
    audit = await events_about(store, mentee.alias, refs)
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
    for section in sections:
        data[section.name] = section.data
    json_bytes = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    markdown = _markdown(
        mentee, conversation, items, outbox, audit, now_at=now_at, settings=settings, catalogue=catalogue
    )
    for section in sections:
        markdown += "\n" + section.markdown
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
