"""Command words per locale, from the catalogue, mapped to the engine's command names."""

from __future__ import annotations

from bot.config.i18n import Catalogue

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
    """Recognises a command in any shipped language: /annuler and /cancel both cancel."""

    def __init__(self, catalogue: Catalogue) -> None:
        self._by_word: dict[str, str] = {name: name for name in COMMANDS}
        for locale in catalogue.locales:
            for name in COMMANDS:
                word = catalogue.text(f"commands.{name}.word", locale)
                self._by_word.setdefault(word.lower(), name)
        self._by_word.update(
            {"nouvelle": "question", "new": "question", "arrêt": "stop", "séance": "session"}
        )
        self._catalogue = catalogue

    def resolve(self, word: str) -> str | None:
        return self._by_word.get(word.lower().lstrip("/").split("@")[0])

    def menu(self, locale: str) -> list[tuple[str, str]]:
        """(word, description) pairs for a platform's command menu."""
        return [
            (
                self._catalogue.text(f"commands.{name}.word", locale),
                self._catalogue.text(f"commands.{name}.description", locale),
            )
            for name in COMMANDS
            if name != "start"
        ]
