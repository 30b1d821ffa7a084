"""Writing a new item: a fresh short reference, then item and conversation in one write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from uuid import uuid4

from bot.core.turn import Turn, settled
from bot.domain import Conversation, Item, ItemKind, StepAnswer
from bot.domain.ids import readable_code
from bot.domain.pending import Pending
from bot.ports import ItemStore


async def new_ref(store: ItemStore) -> str:
    while True:
        ref = readable_code(4)
        if await store.find_item_by_ref(ref) is None:
            return ref


async def submit(
    store: ItemStore,
    turn: Turn,
    *,
    flow: str,
    answers: tuple[StepAnswer, ...],
    now_at: datetime,
    theme: str | None = None,
    is_flagged: bool = False,
    kind: ItemKind = ItemKind.QUESTION,
    pending: Pending | None = None,
    acknowledge: Callable[[Item], None] | None = None,
) -> tuple[Item, Conversation]:
    """Store the item and the author's conversation (draft cleared, `pending` next) atomically.

    Returns both; the turn's replies note the conversation as stored, so the router does
    not write it a second time. `acknowledge` says the acknowledgement (it names the item's
    reference) before the write, so that it is kept with the turn and a replay after a kill
    can send it; the router sends it only once this write returned.
    """
    mentee = turn.mentee
    item = Item(
        id=uuid4().hex,
        ref=await new_ref(store),
        mentee=mentee.user,
        alias=mentee.alias,
        mentor=mentee.mentor,
        flow=flow,
        answers=answers,
        submitted_at=now_at,
        is_flagged=is_flagged,
        theme=theme,
        kind=kind,
    )
    if acknowledge is not None:
        acknowledge(item)
    cleared = settled(replace(turn.conversation, draft=None, pending=pending), turn)
    await store.submit_item(item, cleared)
    turn.replies.stored = cleared
    return item, cleared
