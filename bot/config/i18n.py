"""Message catalogues: every text the bot says comes from here, by key.

Shipped texts live in `bot/config/defaults/messages/<locale>/*.yaml` (one file per area, so
modules own their texts); a coach overrides any key in `config/messages/<locale>.yaml`.
Nested YAML keys are flattened with dots: `flow: {ack: {today: …}}` → `flow.ack.today`.
Parameters use `{name}` placeholders.

An entry whose value is a mapping of CLDR plural categories (`one`, `other`, and the
locale's others such as French `many`) is one text with plural forms: `text(key,
count=n)` picks the form the locale's rules give for n (Babel, from CLDR), falling back
to `other`. `other` is required; a category the locale does not have is refused. The
count is written as the locale writes numbers ("100 000 caractères", "100,000 characters").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from string import Formatter
from typing import Any

from babel import Locale
from babel.numbers import format_decimal

from bot.config.yamlsource import load_yaml_with_lines, nearest, safe_yaml
from bot.domain.text import fold_letters
from bot.errors import ConfigError, ConfigProblem

SUPPORTED_LOCALES = ("fr", "en")
# Sections where a coach may add keys of their own, not only reword ours.
OPEN_SECTIONS = ("mentor.canned.", "mentor.canned_word.")
DEFAULT_LOCALE = "fr"
#: Values a coach's text may write out itself instead: the count a plural form already
#: words, the number of steps a flow's intro names (a coach's own flow knows its count).
OPTIONAL_PLACEHOLDERS = frozenset({"count", "steps"})
#: Every CLDR plural category; which ones a locale uses comes from Babel.
PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})

#: A text: one string, or plural forms by CLDR category.
Entry = str | dict[str, str]


@dataclass(frozen=True)
class Quantity:
    """A parameter written with its noun in the right plural form: `Quantity(3,
    "flow.check.characters")` fills its placeholder with "3 caractères". For sentences
    holding several counts, each with its own plural."""

    count: int
    key: str


def _is_plural(value: Mapping[str, Any]) -> bool:
    return bool(value) and all(
        key in PLURAL_CATEGORIES and not isinstance(text, Mapping) for key, text in value.items()
    )


def flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, Entry]:
    """Nested mapping of texts → flat {dotted.key: text or plural forms}."""
    flat: dict[str, Entry] = {}
    for key, value in tree.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping) and _is_plural(value):
            flat[dotted] = {str(k): "" if v is None else str(v) for k, v in value.items()}
        elif isinstance(value, Mapping):
            flat.update(flatten(value, f"{dotted}."))
        else:
            flat[dotted] = "" if value is None else str(value)
    return flat


def placeholders(text: Entry) -> set[str]:
    """The {names} a text fills; for plural forms, those of every form."""
    forms = text.values() if isinstance(text, dict) else (text,)
    return {name for form in forms for _, name, _, _ in Formatter().parse(form) if name}


@lru_cache(maxsize=16)
def plural_categories(locale: str) -> frozenset[str]:
    """The CLDR plural categories `locale` uses ("other" always among them)."""
    return frozenset(Locale.parse(locale).plural_form.tags) | {"other"}


def plural_category(locale: str, count: float) -> str:
    return str(Locale.parse(locale).plural_form(count))


def _plural_problem(at: ConfigProblem, locale: str, forms: Mapping[str, str]) -> ConfigProblem | None:
    """The problem, located `at`, of plural forms `locale` cannot use, else None."""
    allowed = plural_categories(locale)
    order = ", ".join(c for c in ("zero", "one", "two", "few", "many", "other") if c in allowed)
    for category in forms:
        if category not in allowed:
            return replace(
                at,
                what=f"'{category}' is not a plural category of {locale} (use {order})",
                fix=f"keep only {order}",
                code="plural_category",
                params=(("value", category), ("locale", locale), ("known", order)),
            )
    if "other" not in forms:
        return replace(
            at,
            what="needs an 'other' form",
            fix='add `other: "…"` (used for every count without its own form)',
            code="plural_other",
        )
    return None


class Catalogue:
    """Texts per locale with a fallback to the default locale, then to the key itself."""

    def __init__(self, texts: Mapping[str, Mapping[str, Entry]], default_locale: str) -> None:
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
        """The text of `key`; for plural forms, the one `count` calls for in that locale."""
        loc = self.resolve_locale(locale)
        entry = self._texts.get(loc, {}).get(key)
        if entry is None:
            loc = self.default_locale
            entry = self._texts.get(loc, {}).get(key)
        if entry is None:
            return key
        template = entry if isinstance(entry, str) else self._form(entry, loc, params.get("count"))
        if "{" not in template and "}" not in template:
            return template
        # Filled even without parameters, so a coach's {{ shows as one brace everywhere.
        filled = {
            name: self.text(value.key, loc, count=value.count) if isinstance(value, Quantity) else value
            for name, value in params.items()
        }
        count = filled.get("count")
        if isinstance(count, int) and not isinstance(count, bool):
            filled["count"] = format_decimal(count, locale=loc)  # "100 000" in French, "100,000"
        return template.format_map(_Lenient(filled))

    @staticmethod
    def _form(forms: Mapping[str, str], locale: str, count: object) -> str:
        if isinstance(count, int | float) and not isinstance(count, bool):
            category = plural_category(locale, count)
            if category in forms:
                return forms[category]
        return forms.get("other", "")

    def section(self, prefix: str, locale: str | None = None) -> dict[str, str]:
        """Every plain text under `prefix.` (e.g. canned replies), keyed by the rest of the key."""
        loc = self.resolve_locale(locale)
        merged = {
            **self._texts.get(self.default_locale, {}),
            **self._texts.get(loc, {}),
        }
        start = f"{prefix}."
        return {k[len(start) :]: v for k, v in merged.items() if k.startswith(start) and isinstance(v, str)}


class _Lenient(dict[str, object]):
    """Leaves an unknown placeholder visible instead of crashing on a coach's typo."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _shipped_texts(locale: str) -> dict[str, Entry]:
    folder = resources.files("bot.config").joinpath("defaults", "messages", locale)
    texts: dict[str, Entry] = {}
    if not folder.is_dir():
        return texts
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            tree = safe_yaml(entry.read_text(encoding="utf-8")) or {}
            texts.update(flatten(tree))
    return texts


def load_catalogue(override_dir: Path | None, default_locale: str = DEFAULT_LOCALE) -> Catalogue:
    """Shipped texts with the coach's overrides merged over them.

    An override whose key does not exist, that drops a placeholder the code fills, or
    whose plural forms the locale cannot use, is an error naming the file and line: a
    typo would otherwise silently never show.
    """
    problems: list[ConfigProblem] = []
    texts: dict[str, dict[str, Entry]] = {}
    #: Where each coach override stands, per locale: key -> (file, line).
    written: dict[str, dict[str, tuple[str, int | None]]] = {}
    for locale in SUPPORTED_LOCALES:
        written[locale] = {}
        shipped = _shipped_texts(locale)
        for key, entry in shipped.items():
            at = ConfigProblem(f"bot/config/defaults/messages/{locale}", None, key, "")
            wrong = _plural_problem(at, locale, entry) if isinstance(entry, dict) else None
            if wrong is not None:
                problems.append(wrong)
        merged = dict(shipped)
        path = override_dir / f"{locale}.yaml" if override_dir else None
        if path is not None and path.is_file():
            try:
                tree, lines = load_yaml_with_lines(path)
            except ConfigError as error:
                problems.extend(error.problems)
                tree, lines = {}, {}
            if tree is None:
                tree = {}  # only comments: nothing overridden
            if not isinstance(tree, Mapping):
                problems.append(
                    ConfigProblem(
                        str(path),
                        1,
                        "",
                        "is not a mapping of keys to texts",
                        'write lines such as `flow: {cancelled: "…"}`',
                        code="messages_shape",
                    )
                )
                tree = {}
            for key, text in _overrides(tree).items():
                line = lines.get(key)
                if key not in shipped and not key.startswith(OPEN_SECTIONS):
                    suggestion = nearest(key, list(shipped))
                    problems.append(
                        ConfigProblem(
                            str(path),
                            line,
                            key,
                            "is not a known message key",
                            "check the spelling against bot/config/defaults/messages"
                            if suggestion is None
                            else f"did you mean `{suggestion}`? Otherwise remove it",
                            code="message_key" if suggestion is None else "message_key_near",
                            params=() if suggestion is None else (("suggestion", suggestion),),
                        )
                    )
                    continue
                at = ConfigProblem(str(path), line, key, "")
                wrong = _plural_problem(at, locale, text) if isinstance(text, dict) else None
                if wrong is not None:
                    problems.append(wrong)
                    continue
                if key.startswith(OPEN_SECTIONS):
                    merged[key] = text  # shown as written: nothing is filled in
                    continue
                original = shipped[key]
                broken = _template_problem(ConfigProblem(str(path), line, key, ""), text, _fillable(original))
                if broken is not None:
                    problems.append(broken)
                    continue
                written[locale][key] = (str(path), line)
                needed = placeholders(original) - OPTIONAL_PLACEHOLDERS
                missing = needed - placeholders(text)
                if missing:
                    names = ", ".join("{" + m + "}" for m in sorted(missing))
                    problems.append(
                        ConfigProblem(
                            str(path),
                            line,
                            key,
                            f"drops the placeholder {names}",
                            f"keep {names} somewhere in the text",
                            code="placeholder",
                            params=(("names", names),),
                        )
                    )
                    continue
                merged[key] = text
        texts[locale] = _words_followed(merged, _shipped_texts(locale), written[locale])
    problems += _command_clashes(texts, written)
    if problems:
        raise ConfigError(problems)
    return Catalogue(texts, default_locale)


def _fillable(shipped: Entry) -> set[str]:
    """The placeholders the code fills for a text: those of the shipped one, and `count`
    for plural forms (the count picks the form even where no form writes it)."""
    return placeholders(shipped) | ({"count"} if isinstance(shipped, dict) else set())


def _template_problem(at: ConfigProblem, text: Entry, fillable: set[str]) -> ConfigProblem | None:
    """What is wrong with a coach's text that cannot be filled, located `at`, else None: a
    brace that opens or closes nothing, or a placeholder the code does not fill (it would
    reach the mentee as typed)."""
    forms = text.values() if isinstance(text, dict) else (text,)
    names: set[str] = set()
    for form in forms:
        try:
            names |= {name for _, name, _, _ in Formatter().parse(form) if name is not None}
        except ValueError:
            return replace(
                at,
                what="has a brace that opens or closes no placeholder",
                fix="write {{ or }} for a brace, or {name} for a placeholder",
                code="brace",
            )
    unknown = sorted(names - fillable)
    if not unknown:
        return None
    shown = ", ".join("{" + name + "}" for name in unknown)
    known = ", ".join("{" + name + "}" for name in sorted(fillable))
    what = f"uses the placeholder {shown}, which Cadre does not fill in this text"
    if not known:
        return replace(
            at,
            what=what,
            fix="remove it: this text has no placeholder",
            code="placeholder_unknown_none",
            params=(("names", shown),),
        )
    return replace(
        at,
        what=what,
        fix=f"use only {known}",
        code="placeholder_unknown",
        params=(("names", shown), ("known", known)),
    )


def _overrides(tree: Mapping[str, Any]) -> dict[str, Entry]:
    """A coach's texts; a mapping of plural-looking keys without 'other' is still one entry
    (so the loader can say what is missing rather than "unknown key cli.problems.one")."""
    flat: dict[str, Entry] = {}
    for key, value in tree.items():
        if isinstance(value, Mapping) and value and all(k in PLURAL_CATEGORIES for k in value):
            flat[str(key)] = {str(k): "" if v is None else str(v) for k, v in value.items()}
        elif isinstance(value, Mapping):
            flat.update({f"{key}.{k}": v for k, v in _overrides(value).items()})
        else:
            flat[str(key)] = "" if value is None else str(value)
    return flat


#: The sections of command words (`<section>.<name>.word`, `.also`): the mentee's, the mentor's.
#: Each section's texts are those outside `mentor.`, and those inside it.
COMMAND_SECTIONS = ("commands", "mentor.commands")


def _section_of_text(key: str) -> str:
    return "mentor.commands" if key.startswith("mentor.") else "commands"


def _words_followed(
    merged: dict[str, Entry], shipped: Mapping[str, Entry], written: Mapping[str, object]
) -> dict[str, Entry]:
    """The shipped texts with a renamed command's new word where they name the old one
    ("/clore ABCD" becomes "/fermer ABCD" once `mentor.commands.close.word` is "fermer"), so
    help, digests and alerts say what to type. Texts the coach wrote stay as written. A
    word both sections use (/seance) changes only in the texts of the renamed one's side."""
    renamed: list[tuple[str, str, str]] = []  # (section, old word, new word)
    for section in COMMAND_SECTIONS:
        for key, old in shipped.items():
            if (
                key.startswith(f"{section}.")
                and key.endswith(".word")
                and key.count(".") == section.count(".") + 2
            ):
                new = merged.get(key)
                if isinstance(old, str) and isinstance(new, str) and new.strip() and new != old:
                    renamed.append((section, old, new.strip().lstrip("/")))
    if not renamed:
        return merged
    words_in = {
        section: {str(v) for k, v in shipped.items() if k.startswith(f"{section}.") and k.endswith(".word")}
        for section in COMMAND_SECTIONS
    }
    result = dict(merged)
    for key, text in merged.items():
        if key in written or key.startswith(COMMAND_SECTIONS):
            continue
        for section, old, new in renamed:
            other = next(s for s in COMMAND_SECTIONS if s != section)
            if old in words_in[other] and _section_of_text(key) != section:
                continue
            pattern = re.compile(r"/" + re.escape(old) + r"(?![\w])")
            text = (
                {form: pattern.sub("/" + new, value) for form, value in text.items()}
                if isinstance(text, dict)
                else pattern.sub("/" + new, text)
            )
        result[key] = text
    return result


def _command_clashes(
    texts: Mapping[str, Mapping[str, Entry]], written: Mapping[str, Mapping[str, tuple[str, int | None]]]
) -> list[ConfigProblem]:
    """A command word the coach gave that another command of the same side already answers
    to (in any language: every language's words are understood): the first would silently
    take it from the other. Located at the coach's line."""
    problems = []
    for section in COMMAND_SECTIONS:
        owners: dict[str, set[str]] = {}
        for entries in texts.values():
            for key, text in entries.items():
                parts = key.split(".")
                if not key.startswith(f"{section}.") or len(parts) != section.count(".") + 3:
                    continue
                if parts[-1] not in ("word", "also") or not isinstance(text, str):
                    continue
                for word in text.split(",") if parts[-1] == "also" else [text]:
                    if word.strip():
                        owners.setdefault(fold_letters(word.strip().lstrip("/")), set()).add(parts[-2])
        for locale, lines in written.items():
            for key, (path, line) in lines.items():
                parts = key.split(".")
                if not key.startswith(f"{section}.") or parts[-1] not in ("word", "also"):
                    continue
                given = texts[locale].get(key)
                if not isinstance(given, str):
                    continue
                name = parts[-2]
                for word in given.split(",") if parts[-1] == "also" else [given]:
                    others = sorted(owners.get(fold_letters(word.strip().lstrip("/")), set()) - {name})
                    if others:
                        problems.append(
                            ConfigProblem(
                                path,
                                line,
                                key,
                                f"'/{word.strip()}' is already the word of the command {others[0]}",
                                "choose a word no other command uses",
                                code="command_clash",
                                params=(("value", word.strip()), ("other", others[0])),
                            )
                        )
    return problems
