"""Collects what the engine says in answer to one event, with deterministic keys.

What a turn says is written to the outbox in the same write as the turn's commit (the
conversation with the message's id remembered, the question's item, the consent): a
commit whose answer was lost, or a process killed before it sent, leaves the answers
stored, and the outbox sends them once. Three kinds of message stay out of the store and
are sent directly: those quoting what the screening flagged (the words found are never
written anywhere), those to a person erased during the turn (erasure leaves nothing
about them, not even the address of a goodbye), and files (an export is never copied to
the outbox).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.config.i18n import Catalogue
from bot.domain import Choice, Conversation, Item, Outbound, OutboxEntry, UserRef
from bot.domain.ids import pseudonym

TURN_KEY = "turn:"
"""Prefix of the outbox key of a turn's stored reply: a hash of the event's key, which may
embed a platform id (never in the store's keys or the logs), deterministic so that a
retried turn finds the rows of its first run instead of adding others."""


class Replies:
    """Outbounds for one handled event; keys derive from the event so retries dedupe."""

    def __init__(self, to: UserRef, key_prefix: str, catalogue: Catalogue, locale: str) -> None:
        self.to = to
        self.locale = locale
        self._prefix = key_prefix
        self._catalogue = catalogue
        self.messages: list[Outbound] = []
        self.stored: Conversation | None = None
        """The conversation to write with `item` (draft cleared), instead of the handler's."""
        self.item: Item | None = None
        """The item this turn submits, written with `stored` and the replies at its end."""
        self.is_erased = False
        """The person was erased during this turn: nothing is written for them after."""
        self.is_committed = False
        """The turn's write has been made, its replies in it (`committed` was called)."""
        self._direct: set[str] = set()

    def t(self, key: str, **params: object) -> str:
        return self._catalogue.text(key, self.locale, **params)

    def text_or_key(self, text_or_key: str) -> str:
        """Coach YAML names a catalogue key or writes the text itself: either way, the text."""
        if self._catalogue.has(text_or_key, self.locale):
            return self.t(text_or_key)
        return text_or_key

    def say(
        self,
        text: str,
        choices: tuple[Choice, ...] = (),
        *,
        is_durable: bool = False,
        is_flagged: bool = False,
    ) -> None:
        """`is_flagged`: the text quotes words the screening found; it is sent directly,
        never written (see the module's docstring)."""
        key = f"{self._prefix}#{len(self.messages)}"
        if is_flagged:
            self._direct.add(key)
        self.messages.append(
            Outbound(
                to=self.to, text=text, key=key, choices=choices, is_durable=is_durable and not is_flagged
            )
        )

    def to_store(self, now_at: datetime) -> list[OutboxEntry]:
        """The outbox entries of this turn's replies, for the write that commits the turn:
        every message not already stored, not flagged, and not to a person erased now."""
        return [OutboxEntry.pending(stored_form(m), now_at) for m in self.messages if self._is_kept(m)]

    def committed(self) -> list[Outbound]:
        """The replies once `to_store`'s entries were written: each of those now names its
        stored entry, so delivering it sends that entry (claimed, sent, marked), never a copy."""
        return [
            replace(stored_form(m), is_durable=True, is_stored=True) if self._is_kept(m) else m
            for m in self.messages
        ]

    def _is_kept(self, message: Outbound) -> bool:
        # A file (an export: everything about the person) is sent directly, never copied
        # to the outbox; one a durable message carries keeps the way it had.
        if message.is_stored or message.key in self._direct or message.attachment is not None:
            return False
        return not (self.is_erased and message.to == self.to)

    def say_key(self, key: str, choices: tuple[Choice, ...] = (), **params: object) -> None:
        self.say(self.t(key, **params), choices)


def stored_form(message: Outbound) -> Outbound:
    """A reply as the outbox keeps it: a durable message keeps its own key (a digest's, an
    answer's: others find it by that key); a prompt gets the hash of its event's key."""
    if message.is_durable:
        return message
    return replace(message, key=TURN_KEY + pseudonym(message.key, 32), is_durable=True)
