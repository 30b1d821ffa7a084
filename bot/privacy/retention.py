"""Retention, erasure and legal holds: what is removed, when, and what stops it.

`purge` applies the retention durations of `config/cadre.yaml`; the scheduler calls it
daily. A legal hold on a mentee suspends it for them. Nothing here calls `datetime.now()`:
the caller's clock or instant is used, so retention is tested by moving a clock.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bot.config.settings import Settings
from bot.domain import Conversation, Item, ItemStatus, Mentee, MenteeStatus
from bot.ports import Clock, OnErased, Store, forget_nowhere
from bot.privacy.audit import (
    ERASED,
    HOLD_RELEASED,
    HOLD_SET,
    OPERATOR,
    PURGED,
    SYSTEM,
    WITHDRAWN,
    record,
)
from bot.privacy.export import KeptElsewhere

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- erasure, hold
async def erase_person(
    store: Store,
    mentee: Mentee,
    *,
    actor: str,
    now_at: datetime,
    reason: str = "request",
    on_erased: OnErased = forget_nowhere,
    elsewhere: Sequence[KeptElsewhere] = (),
) -> None:
    """Remove everything about the person, what other parts keep first (`elsewhere`: the
    journey's records, found by alias), then the store, then on every channel
    (`on_erased`); the trail keeps only that it happened, and when."""
    for kept in elsewhere:
        await kept.erase(mentee)
    await store.erase_user(mentee.user)
    await on_erased(mentee.user)
    await record(
        store,
        at=now_at,
        actor=actor,
        action=ERASED if reason == "request" else PURGED,
        subject=mentee.alias,
        reason=reason,
    )
    log.info("person erased actor=%s reason=%s", actor if actor in (OPERATOR, SYSTEM) else "mentee", reason)


async def set_legal_hold(
    store: Store, mentee: Mentee, *, is_held: bool, actor: str, now_at: datetime
) -> Mentee:
    """A legal hold suspends the purge and erasure for this person until released."""
    held = replace(mentee, has_legal_hold=is_held)
    await store.save_mentee(held)
    await record(
        store, at=now_at, actor=actor, action=HOLD_SET if is_held else HOLD_RELEASED, subject=mentee.alias
    )
    return held


async def withdraw(
    store: Store, mentee: Mentee, conversation: Conversation, *, now_at: datetime
) -> Conversation:
    """The person leaves: no more messages from Cadre, no draft left to remind them of.

    Their questions still waiting are closed without a word to them: they leave the
    mentor's digest and list, and no answer can be sent to someone who has left."""
    await store.save_mentee(replace(mentee, status=MenteeStatus.WITHDRAWN))
    await _close_waiting(store, await store.items_of(mentee.user))
    await record(store, at=now_at, actor=mentee.alias, action=WITHDRAWN, subject=mentee.alias)
    return replace(conversation, draft=None, pending=None)


async def _close_waiting(store: Store, items: Sequence[Item]) -> list[Item]:
    """A withdrawn person's questions still waiting, closed (no word to them); the items
    as they now stand."""
    closed = []
    for item in items:
        if item.status is ItemStatus.WAITING:
            item = replace(item, status=ItemStatus.CLOSED, deferred_until=None)
            await store.save_item(item)
        closed.append(item)
    return closed


# --------------------------------------------------------------------------- retention
@dataclass(frozen=True)
class PurgeReport:
    """Counts only: what a daily purge removed, and whom it left alone because of a hold."""

    drafts_removed: int = 0
    items_redacted: int = 0
    people_erased: int = 0
    people_held: int = 0
    audit_removed: int = 0


def last_activity(mentee: Mentee, conversation: Conversation | None, items: list[Item]) -> datetime:
    """The latest moment the person or their mentor did something in the accompaniment."""
    moments = [mentee.enrolled_at]
    if mentee.consent is not None:
        moments.append(mentee.consent.accepted_at)
    if conversation is not None and conversation.draft is not None:
        moments.append(conversation.draft.updated_at)
    for item in items:
        moments.append(item.submitted_at)
        moments += [r.at for r in item.replies]
    return max(moments)


async def withdrawn_at(store: Store, mentee: Mentee, active_until: datetime) -> datetime:
    """When the person left, from the trail; their last activity if the event is gone."""
    moments = [
        e.at
        for e in await store.audit_about(mentee.alias)
        if e.action == WITHDRAWN and e.subject == mentee.alias
    ]
    return max(moments) if moments else active_until


def _is_redacted(item: Item) -> bool:
    return not item.answers and all(not r.text for r in item.replies)


def redact(item: Item) -> Item:
    """The item without its words: ref, dates and status stay so the thread keeps its shape."""
    return replace(item, answers=(), replies=tuple(replace(r, text="") for r in item.replies))


def purge_job(
    store: Store,
    settings: Settings,
    clock: Clock,
    on_erased: OnErased = forget_nowhere,
    elsewhere: Sequence[KeptElsewhere] = (),
) -> Callable[[], Awaitable[PurgeReport]]:
    """The daily job the scheduler runs (bot.runtime.scheduler takes a no-argument callable)."""
    return lambda: purge(store, settings, clock.now(), on_erased=on_erased, elsewhere=elsewhere)


async def purge(
    store: Store,
    settings: Settings,
    now_at: datetime,
    *,
    on_erased: OnErased = forget_nowhere,
    elsewhere: Sequence[KeptElsewhere] = (),
) -> PurgeReport:
    """Apply the retention durations once; idempotent, so a missed day is caught up next time.

    Per person (skipped entirely under a legal hold): erased 'withdrawn_mentees' after
    withdrawal or 'inactive_mentees' after the last activity; a draft idle for 'drafts' is
    dropped; answered items lose their words 'answered_items' after the accompaniment ends
    (withdrawal or last activity); closed or redirected items 'closed_items' after closing.
    Waiting items are never purged while the person remains. Audit events older than
    'audit' are pruned.
    """
    keep = settings.retention
    drafts = items_redacted = erased = held = 0
    for mentee in await store.list_mentees():
        if mentee.has_legal_hold:
            held += 1
            continue
        conversation = await store.get_conversation(mentee.user)
        items = await store.items_of(mentee.user)
        active_until = last_activity(mentee, conversation, items)
        is_withdrawn = mentee.status is MenteeStatus.WITHDRAWN
        ended_at = await withdrawn_at(store, mentee, active_until) if is_withdrawn else active_until
        reason = None
        if is_withdrawn and now_at - ended_at >= keep.withdrawn_mentees:
            reason = "withdrawn"
        elif now_at - active_until >= keep.inactive_mentees:
            reason = "inactive"
        if reason is not None:
            await erase_person(
                store,
                mentee,
                actor=SYSTEM,
                now_at=now_at,
                reason=reason,
                on_erased=on_erased,
                elsewhere=elsewhere,
            )
            erased += 1
            continue
        if is_withdrawn:  # withdrawn before withdrawal closed their questions: closed now
            items = await _close_waiting(store, items)
        is_draft_due = (
            conversation is not None
            and conversation.draft is not None
            and now_at - conversation.draft.updated_at >= keep.drafts
        )
        drafts += is_draft_due
        redacted_before = items_redacted
        for item in items:
            if item.status is ItemStatus.WAITING or _is_redacted(item):
                continue
            if item.status is ItemStatus.ANSWERED:
                is_due = now_at - ended_at >= keep.answered_items
            else:
                closed_at = max([item.submitted_at, *(r.at for r in item.replies)])
                is_due = now_at - closed_at >= keep.closed_items
            if is_due:
                await store.save_item(redact(item))
                items_redacted += 1
        if conversation is not None and (is_draft_due or items_redacted > redacted_before):
            # The answers kept for a replay (a review, a thread) may quote what goes now;
            # they only matter for the minutes after a kill, so they go with it.
            draft = None if is_draft_due else conversation.draft
            await store.save_conversation(replace(conversation, draft=draft, sent_for=()))
    audit_removed = await store.prune_audit(now_at - keep.audit)
    report = PurgeReport(drafts, items_redacted, erased, held, audit_removed)
    log.info(
        "purge done drafts=%d items=%d people=%d held=%d audit=%d",
        drafts,
        items_redacted,
        erased,
        held,
        audit_removed,
    )
    return report
