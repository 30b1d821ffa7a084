"""A new item: a fresh short reference, then item, conversation and replies in one write."""

from __future__ import annotations

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
) -> tuple[Item, Conversation]:
    """The item and the author's conversation (draft cleared, `pending` next), to be stored
    atomically with the turn's replies when the turn ends (bot.core.commit), so that the
    acknowledgement said after this is in the same write as the item it acknowledges.

    Returns both; the turn's replies hold them for that write.
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
    cleared = settled(replace(turn.conversation, draft=None, pending=pending), turn)
    turn.replies.item, turn.replies.stored = item, cleared
    return item, cleared
