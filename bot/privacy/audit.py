"""The audit trail: who did what to which record, and when — ids and aliases only.

Never words, so the trail itself never needs erasing for what it says. The core, the
mentor desk and the rights desk append to it; the operator lists it; retention prunes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from bot.config.settings import Settings
from bot.domain import AuditEvent
from bot.ports import AuditStore

OPERATOR, SYSTEM = "operator", "system"


def mentor_actor(mentor_id: str) -> str:
    """Who a mentor's own step is recorded under (the mentee's is their alias)."""
    return f"mentor:{mentor_id}"


# Audit actions written by the privacy modules (the core and the mentor desk add their own).
EXPORTED, ERASED, ERASE_REFUSED_HOLD = "exported", "erased", "erase_refused_hold"
WITHDRAWN, HOLD_SET, HOLD_RELEASED = "withdrawn", "legal_hold_set", "legal_hold_released"
PURGED, AUDIT_LISTED, REJOINED = "purged", "audit_listed", "rejoined"


async def record(
    store: AuditStore, *, at: datetime, actor: str, action: str, subject: str, **details: str
) -> AuditEvent:
    """Append one event. `details` must be ids or counts: the trail outlives the records."""
    event = AuditEvent(
        at=at, actor=actor, action=action, subject=subject, details=tuple(sorted(details.items()))
    )
    await store.append_audit(event)
    return event


async def events_about(store: AuditStore, alias: str, refs: Iterable[str] = ()) -> list[AuditEvent]:
    """Events where the person is the subject or the actor (their consent, their exports…),
    or about one of their items (the mentor desk names items by ref)."""
    return await store.audit_about(alias, frozenset(refs))


#: The narrowest actor and action columns of `cadre audit`.
ACTOR_WIDTH, ACTION_WIDTH = 10, 22


def format_event(
    event: AuditEvent, settings: Settings, widths: tuple[int, int] = (ACTOR_WIDTH, ACTION_WIDTH)
) -> str:
    """One line for an operator's terminal: local time, actor, action, subject, details;
    actor and action padded to `widths`, which `format_events` fits to the longest."""
    at = event.at.astimezone(settings.zone).strftime("%Y-%m-%d %H:%M")
    details = " ".join(f"{k}={v}" for k, v in event.details)
    actor, action = widths
    line = f"{at}  {event.actor:<{actor}} {event.action:<{action}} {event.subject}"
    return line + (f"  {details}" if details else "")


def format_events(events: Sequence[AuditEvent], settings: Settings) -> list[str]:
    """The lines of a listing, its columns as wide as their longest value ("mentor:mentor",
    "report_change_requested"), so that every subject starts at the same place."""
    widths = (
        max([ACTOR_WIDTH, *(len(e.actor) for e in events)]),
        max([ACTION_WIDTH, *(len(e.action) for e in events)]),
    )
    return [format_event(event, settings, widths) for event in events]
