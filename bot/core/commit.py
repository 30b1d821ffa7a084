"""The one write that ends a turn, its replies in it (see bot.core.replies).

Each place the core commits goes through `commit`: the conversation with the message's
id remembered, or the item submitted with the conversation cleared, together with the
outbox entries of every reply, in one store write (one transaction, one person file).
A turn that writes nothing else (before consent) writes its replies alone; so does an
erasure's turn for whoever else it speaks to.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.core.replies import Replies
from bot.domain import Conversation, Outbound
from bot.ports import ItemStore, OutboxStore, PeopleStore


class TurnStore(PeopleStore, ItemStore, OutboxStore, Protocol):
    """What ending a turn writes: the conversation or the item, and the outbox entries."""


async def commit(
    store: TurnStore, replies: Replies, conversation: Conversation | None, now_at: datetime
) -> list[Outbound]:
    """Write the turn (`replies.item` with `replies.stored` when it submitted one, else
    `conversation` unless None or the person was erased) and its replies atomically;
    returns the replies to deliver, the stored ones naming their entries."""
    entries = replies.to_store(now_at)
    if replies.item is not None and replies.stored is not None and not replies.is_erased:
        await store.submit_item(replies.item, replies.stored, entries)
    elif conversation is not None and not replies.is_erased:
        await store.save_conversation(conversation, entries)
    else:
        for entry in entries:  # idempotent on the key: a replayed turn finds its rows
            await store.enqueue(entry)
    return replies.committed()
