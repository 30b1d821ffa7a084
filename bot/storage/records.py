"""Rules every store adapter applies alike: orders, what is "about" a person, redeemability.

One copy, so the memory store, TinyStore and any later adapter cannot drift apart.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain import Invitation, Item, OutboxEntry

ERASED = "erased"
"""What an invitation's `used_by` becomes when its user is erased: still used, no longer theirs."""


def item_order(item: Item) -> tuple[datetime, str]:
    return (item.submitted_at, item.id)


def outbox_order(entry: OutboxEntry) -> tuple[datetime, datetime, str]:
    return (entry.next_attempt_at, entry.created_at, entry.outbound.key)


def parked_order(entry: OutboxEntry) -> tuple[datetime, str]:
    return (entry.created_at, entry.outbound.key)


def is_redeemable(invitation: Invitation | None, now_at: datetime) -> bool:
    return invitation is not None and invitation.used_by is None and invitation.expires_at > now_at
