"""Message catalogues: every text the bot says comes from here, by key.

Shipped texts live in `bot/config/defaults/messages/<locale>/*.yaml` (one file per area, so
modules own their texts); a coach overrides any key in `config/messages/<locale>.yaml`.
Nested YAML keys are flattened with dots: `flow: {ack: {today: …}}` → `flow.ack.today`.
Parameters use `{name}` placeholders.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from string import Formatter
from typing import Any

import yaml

from bot.config.yamlsource import load_yaml_with_lines
from bot.errors import ConfigError, ConfigProblem

SUPPORTED_LOCALES = ("fr", "en")
# Sections where a coach may add keys of their own, not only reword ours.
OPEN_SECTIONS = ("mentor.canned.",)
DEFAULT_LOCALE = "fr"


def flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """Nested mapping of texts → flat {dotted.key: text}."""
    flat: dict[str, str] = {}
    for key, value in tree.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{dotted}."))
        else:
            flat[dotted] = "" if value is None else str(value)
    return flat


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


class Catalogue:
    """Texts per locale with a fallback to the default locale, then to the key itself."""

    def __init__(self, texts: Mapping[str, Mapping[str, str]], default_locale: str) -> None:
        self._texts = {locale: dict(entries) for locale, entries in texts.items()}
        self.default_locale = default_locale

    @property
    def locales(self) -> tuple[str, ...]:
        return tuple(self._texts)

    def resolve_locale(self, locale: str | None) -> str:
        """Map a platform language code ('en-GB', 'fr') to a locale we have."""
        if locale:
            short = locale.replace("_", "-").split("-")[0].lower()
            if short in self._texts:
                return short
        return self.default_locale

    def has(self, key: str, locale: str | None = None) -> bool:
        return key in self._texts.get(self.resolve_locale(locale), {}) or key in self._texts.get(
            self.default_locale, {}
        )

    def text(self, key: str, locale: str | None = None, /, **params: object) -> str:
        loc = self.resolve_locale(locale)
        template = self._texts.get(loc, {}).get(key)
        if template is None:
            template = self._texts.get(self.default_locale, {}).get(key)
        if template is None:
            return key
        if not params:
            return template
        return template.format_map(_Lenient(params))

    def section(self, prefix: str, locale: str | None = None) -> dict[str, str]:
        """Every text under `prefix.` (e.g. canned replies), keyed by the rest of the key."""
        loc = self.resolve_locale(locale)
        merged = {
            **self._texts.get(self.default_locale, {}),
            **self._texts.get(loc, {}),
        }
        start = f"{prefix}."
        return {k[len(start) :]: v for k, v in merged.items() if k.startswith(start)}


class _Lenient(dict[str, object]):
    """Leaves an unknown placeholder visible instead of crashing on a coach's typo."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _shipped_texts(locale: str) -> dict[str, str]:
    folder = resources.files("bot.config").joinpath("defaults", "messages", locale)
    texts: dict[str, str] = {}
    if not folder.is_dir():
        return texts
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            tree = yaml.safe_load(entry.read_text(encoding="utf-8")) or {}
            texts.update(flatten(tree))
    return texts


def load_catalogue(override_dir: Path | None, default_locale: str = DEFAULT_LOCALE) -> Catalogue:
    """Shipped texts with the coach's overrides merged over them.

    An override whose key does not exist, or that drops a placeholder the code fills, is an
    error naming the file and line: a typo would otherwise silently never show.
    """
    problems: list[ConfigProblem] = []
    texts: dict[str, dict[str, str]] = {}
    for locale in SUPPORTED_LOCALES:
        shipped = _shipped_texts(locale)
        merged = dict(shipped)
        path = override_dir / f"{locale}.yaml" if override_dir else None
        if path is not None and path.is_file():
            try:
                tree, lines = load_yaml_with_lines(path)
            except ConfigError as error:
                problems.extend(error.problems)
                tree, lines = {}, {}
            if not isinstance(tree, Mapping):
                problems.append(
                    ConfigProblem(
                        str(path),
                        1,
                        "",
                        "is not a mapping of keys to texts",
                        'write lines such as  flow.cancelled: "…"',
                    )
                )
                tree = {}
            for key, text in flatten(tree).items():
                line = lines.get(key)
                if key not in shipped and not key.startswith(OPEN_SECTIONS):
                    problems.append(
                        ConfigProblem(
                            str(path),
                            line,
                            key,
                            "is not a known message key",
                            "check the spelling against bot/config/defaults/messages",
                        )
                    )
                    continue
                missing = placeholders(shipped.get(key, "")) - placeholders(text)
                if missing:
                    names = ", ".join("{" + m + "}" for m in sorted(missing))
                    problems.append(
                        ConfigProblem(
                            str(path),
                            line,
                            key,
                            f"drops the placeholder {names}",
                            f"keep {names} somewhere in the text",
                        )
                    )
                    continue
                merged[key] = text
        texts[locale] = merged
    if problems:
        raise ConfigError(problems)
    return Catalogue(texts, default_locale)
