"""Collects what the engine says in answer to one event, with deterministic keys."""

from __future__ import annotations

from collections.abc import Callable

from bot.config.i18n import Catalogue
from bot.domain import Choice, Conversation, Outbound, UserRef


class Replies:
    """Outbounds for one handled event; keys derive from the event so retries dedupe."""

    def __init__(self, to: UserRef, key_prefix: str, catalogue: Catalogue, locale: str) -> None:
        self.to = to
        self.locale = locale
        self._prefix = key_prefix
        self._catalogue = catalogue
        self.messages: list[Outbound] = []
        self.stored: Conversation | None = None
        """The conversation already written with an item during this turn (not to write twice)."""
        self.is_erased = False
        """The person was erased during this turn: nothing is written for them after."""
        self.keys: dict[int, str] = {}
        """The catalogue key each message was said by (by index in `messages`); a message
        composed otherwise (a text, a rendered item) has none."""
        self.is_withheld = False
        """A message of this turn quotes words the screening flagged: none of the turn's
        messages may be kept with it (bot.core.turn.sent_for_turn)."""

    def t(self, key: str, **params: object) -> str:
        return self._catalogue.text(key, self.locale, **params)

    def text_or_key(self, text_or_key: str) -> str:
        """Coach YAML names a catalogue key or writes the text itself: either way, the text."""
        if self._catalogue.has(text_or_key, self.locale):
            return self.t(text_or_key)
        return text_or_key

    def say(self, text: str, choices: tuple[Choice, ...] = (), *, is_durable: bool = False) -> None:
        self.messages.append(
            Outbound(
                to=self.to,
                text=text,
                key=f"{self._prefix}#{len(self.messages)}",
                choices=choices,
                is_durable=is_durable,
            )
        )

    def say_quoting_flagged(self, text: str, choices: tuple[Choice, ...] = ()) -> None:
        """Say a text that quotes identifying words (what the screening found): it goes out
        once and is never written anywhere, so the whole turn is withheld from storage."""
        self.is_withheld = True
        self.say(text, choices)

    def say_key(self, key: str, choices: tuple[Choice, ...] = (), **params: object) -> None:
        self.say(self.t(key, **params), choices)
        self.keys[len(self.messages) - 1] = key

    def is_said_by(self, allowed: Callable[[str], bool]) -> bool:
        """Whether every message to `to` was said by a catalogue key that `allowed` accepts."""
        return all(
            index in self.keys and allowed(self.keys[index])
            for index, message in enumerate(self.messages)
            if message.to == self.to
        )
