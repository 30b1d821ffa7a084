"""The allow-listed answer checks a coach can put on a flow step."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config.flows import Check, Step
from bot.config.i18n import Quantity
from bot.domain.text import fold, has_words, visible_length

# Words that alone do not make a question, in the languages we ship.
QUESTION_WORDS = frozenset(
    {
        "pourquoi",
        "comment",
        "quoi",
        "quand",
        "qui",
        "où",
        "ou",
        "combien",
        "lequel",
        "laquelle",
        "quel",
        "quelle",
        "quels",
        "quelles",
        "alors",
        "et",
        "et alors",
        "et maintenant",
        "donc",
        "why",
        "how",
        "what",
        "when",
        "who",
        "where",
        "which",
        "so",
        "and",
        "now what",
        "help",
        "aide",
        "conseil",
        "conseils",
        "avis",
        "idée",
        "idées",
        "ideas",
        "advice",
        "thoughts",
    }
)


@dataclass(frozen=True)
class CheckFailure:
    """Which message key to show, with its parameters."""

    key: str
    params: tuple[tuple[str, object], ...] = ()
    is_nudge: bool = False


def _is_only_question_word(text: str) -> bool:
    core = fold(text).strip(" \t\n?!.…,;:¿¡")
    return core in {fold(w) for w in QUESTION_WORDS}


def run_checks(step: Step, text: str, *, is_nudged: bool) -> CheckFailure | None:
    """First failing check, or None. A vagueness nudge is given once; then the answer stands."""
    stripped = text.strip()
    for check in step.checks:
        failure = _run(check, stripped, is_nudged=is_nudged)
        if failure is not None:
            return failure
    return None


def _characters(count: int) -> Quantity:
    return Quantity(count, "flow.check.characters")


def _run(check: Check, text: str, *, is_nudged: bool) -> CheckFailure | None:
    length = len(text)
    if check.kind == "not_empty" and not text:
        return CheckFailure("flow.check.not_empty")
    # Long enough is counted as seen (an accent typed apart is no character); too long, in
    # code points, as stored.
    shown = visible_length(text)
    if check.kind == "min_length" and check.length is not None and shown < check.length:
        return CheckFailure(
            "flow.check.min_length",
            (("length", _characters(shown)), ("minimum", _characters(check.length))),
        )
    if check.kind == "min_length" and check.length is not None and not has_words(text):
        # Thirty emoji are thirty characters, and tell the mentor nothing.
        return CheckFailure("flow.check.no_words", (("minimum", _characters(check.length)),))
    if check.kind == "max_length" and check.length is not None and length > check.length:
        return CheckFailure(
            "flow.check.max_length",
            (("length", _characters(length)), ("maximum", _characters(check.length))),
        )
    if check.kind == "not_only_question_word" and _is_only_question_word(text):
        return CheckFailure("flow.check.question_word")
    if check.kind == "vague" and check.nudge is not None and not is_nudged:
        folded = fold(text)
        words = len(folded.split())
        for phrase in check.nudge.phrases:
            if fold(phrase) in folded and words <= len(fold(phrase).split()) + 12:
                return CheckFailure(check.nudge.hint, is_nudge=True)
    return None
