"""Command words per locale, from the catalogue, mapped to the engine's command names."""

from __future__ import annotations

import difflib

from bot.config.i18n import Catalogue
from bot.domain.text import fold_letters

COMMANDS = (
    "start",
    "question",
    "cancel",
    "help",
    "thread",
    "session",
    "pause",
    "resume",
    "export",
    "erase",
    "stop",
)


class CommandWords:
    """Recognises a command in any shipped language: /annuler and /cancel both cancel.

    Each command's words come from the catalogue (`<section>.<name>.word`, and optional
    comma-separated synonyms under `.also`), compared without case or accents, so
    /arrêt and /arret are one word and a coach's override is a command word at once.
    """

    def __init__(
        self, catalogue: Catalogue, *, section: str = "commands", names: tuple[str, ...] = COMMANDS
    ) -> None:
        self._by_word: dict[str, str] = {name: name for name in names}
        for locale in catalogue.locales:
            for name in names:
                words = [catalogue.text(f"{section}.{name}.word", locale)]
                if catalogue.has(f"{section}.{name}.also", locale):
                    words += catalogue.text(f"{section}.{name}.also", locale).split(",")
                for word in words:
                    self._by_word.setdefault(fold_letters(word), name)
        self._catalogue = catalogue
        self._section = section
        self._names = names

    def resolve(self, word: str) -> str | None:
        return self._by_word.get(fold_letters(word.lstrip("/").split("@")[0]))

    def nearest(self, typed: str, locale: str) -> str | None:
        """The word of `locale`'s menu a mistyped command most likely meant ("qestion" →
        "question"), or None when none is close: a hint, never a command run for the mentee."""
        words = {fold_letters(word): word for word, _ in self.menu(locale)}
        close = difflib.get_close_matches(fold_letters(typed.lstrip("/")), list(words), n=1, cutoff=0.75)
        return words[close[0]] if close else None

    def word(self, name: str, locale: str) -> str:
        """The word to type for `name` in `locale`, as help texts show it."""
        return self._catalogue.text(f"{self._section}.{name}.word", locale)

    def menu(self, locale: str) -> list[tuple[str, str]]:
        """(word, description) pairs for a platform's command menu."""
        return [
            (
                self._catalogue.text(f"{self._section}.{name}.word", locale),
                self._catalogue.text(f"{self._section}.{name}.description", locale),
            )
            for name in self._names
            if name != "start"
        ]
