"""Probe of false alarms on real English prose that no rule was written from.

    python -m benchmarks.screening.probe_english_prose [--source S] [--limit N] [--words]

The held-out sets flag English clean messages more often than French ones. Their writers
are people, the dev sets' too: rules tuned on them learn those people's sentences. This
probe takes English sentences written by others for another purpose, the docstrings of
the standard library and the long descriptions of the installed distributions
(`*.dist-info/METADATA`), keeps prose (no code, no links, no markup), screens each with
`locale: en` and counts how many come out flagged, by the rule that found the span and the
shape of the word. Such prose names authors, projects and firms now and then (a real
finding, not a false alarm): `--words` prints the flagged words to the terminal so they
can be told apart while tuning; nothing is logged or kept. The dev sets and the held-out
sets stay the measure; this shows which kinds of words make clean English flagged.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import pkgutil
import random
import re
import sys
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.parser import Parser
from importlib import metadata

from bot.screening.engine import ScreeningEngine
from bot.screening.names import NameDetector

# a sentence of prose: a capital first, only letters, digits and ordinary punctuation,
# an end stop; split where a stop is followed by a space and a capital
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
_PROSE_RE = re.compile(r"[A-Z][A-Za-z0-9 ,;:'\"()?!.\-]+[.!?]")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'-]*")
# what marks code or markup, not prose: "foo()", "a.b", "x_y", "--flag", "``x``", "e.g."
_CODE_RE = re.compile(r"\w\(|\w\.\w|_|--|``|\be\.g\b|\bi\.e\b|\betc\b|\bvs\b", re.IGNORECASE)
_STDLIB_SKIP = ("test", "idlelib", "tkinter", "turtledemo", "lib2to3", "ensurepip", "antigravity", "this")

# the rules of the name detector whose hits are counted apart (any other: "other")
_RULES = (
    "_clients",
    "_organizations",
    "_spaced",
    "_labelled",
    "_people",
    "_initial_and_surname",
    "_org_cues",
    "_unknown_after_link",
    "_institutions",
    "_saint_institutions",
    "_firm_in_apposition",
    "_school_before_degree",
    "_employer_by_tenure",
    "_vocative",
    "_named_by_domain",
    "_org_frames",
    "_person_frames",
    "_listed_with_orgs",
    "_initials_by_frame",
    "_listed_heads",
)


@dataclass(frozen=True)
class Sentence:
    source: str
    text: str


def _prose(paragraph: str) -> Iterator[str]:
    """The prose sentences of a paragraph: 6 to 40 words, most of them in lower case."""
    flat = " ".join(paragraph.split())
    if not flat or _CODE_RE.search(flat) or any(c in flat for c in "=<>{}[]*#`/\\|@$%&~^"):
        return
    for sentence in _SENTENCE_SPLIT_RE.split(flat):
        if not _PROSE_RE.fullmatch(sentence):
            continue
        words = _WORD_RE.findall(sentence)
        if not 6 <= len(words) <= 40:
            continue
        if sum(w.islower() for w in words) < 0.7 * len(words):
            continue
        yield sentence


def _paragraphs(text: str) -> Iterator[str]:
    """Blank-line separated blocks, without indented (code) ones."""
    for block in re.split(r"\n\s*\n", text):
        lines = block.splitlines()
        if lines and not any(line.startswith(("    ", "\t", ">>>", "...")) for line in lines):
            yield block


def stdlib_sentences() -> Iterator[Sentence]:
    """Docstrings of the standard library's modules, classes and functions."""
    seen: set[str] = set()
    names = sorted(m.name for m in pkgutil.iter_modules() if m.name in sys.stdlib_module_names)
    for name in names:
        if name.startswith(("_", *_STDLIB_SKIP)):
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                module = importlib.import_module(name)
        except Exception:  # a module that cannot import here has no docstring to read
            continue
        objects = [
            module,
            *(v for _, v in inspect.getmembers(module) if inspect.isclass(v) or inspect.isroutine(v)),
        ]
        for obj in objects:
            doc = inspect.getdoc(obj) or ""
            for paragraph in _paragraphs(doc):
                for sentence in _prose(paragraph):
                    if sentence not in seen:
                        seen.add(sentence)
                        yield Sentence("stdlib", sentence)


def metadata_sentences() -> Iterator[Sentence]:
    """The long descriptions of the installed distributions (README text)."""
    seen: set[str] = set()
    for dist in sorted(metadata.distributions(), key=lambda d: d.metadata["Name"] or ""):
        raw = dist.read_text("METADATA") or ""
        body = Parser().parsestr(raw).get_payload()
        if not isinstance(body, str):
            continue
        for paragraph in _paragraphs(body):
            for sentence in _prose(paragraph):
                if sentence not in seen:
                    seen.add(sentence)
                    yield Sentence("metadata", sentence)


# frames written for this probe, for the words English capitalises by custom: languages,
# currencies and holidays (Unicode CLDR through Babel, python-holidays) and job titles
# (Faker's en_US job provider)
VOCABULARY_FRAMES: dict[str, tuple[str, ...]] = {
    "language": (
        "I've started evening classes in {} so I can talk to the new clients.",
        "Half of the team speaks {} at lunch and I feel left out.",
        "The job ad asks for fluent {} and I only have the basics.",
    ),
    "currency": (
        "My contract is paid in {} now and the exchange rate keeps falling.",
        "They quoted the bonus in {} which made it hard to compare.",
    ),
    "holiday": (
        "I asked for the day after {} off and my manager said no.",
        "Everyone is away over {} so the rota is a mess.",
        "We always get a rush of orders just before {}.",
    ),
    "job": (
        "I've been offered a {} position but the pay is lower.",
        "My new title is {} and nobody knows what it means.",
        "Should I apply for the {} opening even if I lack one skill?",
    ),
}


def vocabulary_sentences() -> Iterator[Sentence]:
    """Words English capitalises by custom, in frames of workplace talk."""
    import holidays
    from babel import Locale

    rng = random.Random(31)
    english = Locale("en")
    words: dict[str, list[str]] = {
        "language": sorted({n for n in english.languages.values() if "(" not in n}),
        "currency": sorted({n for n in english.currencies.values() if "(" not in n}),
        "holiday": sorted(
            {
                name
                for code in ("US", "GB", "IE", "CA", "AU", "NZ", "IN", "NG", "KE", "GH", "ZA", "PH", "SG")
                for name in holidays.country_holidays(code, years=2026, language="en_US").values()
                if "(" not in name and ";" not in name
            }
        ),
        "job": sorted(_faker_jobs()),
    }
    for kind, frames in VOCABULARY_FRAMES.items():
        for word in words[kind]:
            yield Sentence("vocabulary", rng.choice(frames).format(word))


def _faker_jobs() -> set[str]:
    from faker.providers.job import Provider as BaseJobs
    from faker.providers.job.en_US import Provider as UsJobs

    return {j for j in (*UsJobs.jobs, *BaseJobs.jobs) if "," not in j and "/" not in j}


SOURCES: dict[str, Callable[[], Iterator[Sentence]]] = {
    "stdlib": stdlib_sentences,
    "metadata": metadata_sentences,
    "vocabulary": vocabulary_sentences,
}


def _shape(span: str, text: str, start: int) -> str:
    """What the flagged span looks like: where it stands and how it is written."""
    first = text[:start].rstrip()
    initial = not first or first[-1] in ".!?:\"'("
    if span.isupper() and len(span) > 1:
        return "all-caps"
    if span[:1].islower():
        return "lower-case"
    words = span.split()
    return ("initial-" if initial else "mid-") + ("one-word" if len(words) == 1 else "several-words")


class _RuleTally:
    """Which rule of the name detector found each span (wraps the detector's methods)."""

    def __init__(self) -> None:
        self.last: dict[tuple[int, int], str] = {}

    def install(self) -> None:
        for rule in _RULES:
            original = getattr(NameDetector, rule)
            setattr(NameDetector, rule, self._wrap(rule, original))

    def _wrap(self, rule: str, original: Callable[..., object]) -> Callable[..., object]:
        tally = self

        def wrapped(*args: object, **kwargs: object) -> object:
            out = original(*args, **kwargs)
            if rule == "_organizations":  # (hits, taken words)
                hits, words = out  # type: ignore[misc]
                tally._note(rule, hits)
                return hits, words
            if not isinstance(out, list):
                out = list(out)  # type: ignore[call-overload]
            tally._note(rule, out)
            return out

        return wrapped

    def _note(self, rule: str, hits: object) -> None:
        for hit in hits:  # type: ignore[attr-defined]
            self.last.setdefault((hit.start, hit.end), rule)

    def rule_of(self, start: int, end: int) -> str:
        for (s, e), rule in self.last.items():
            if s <= start < e or start <= s < end:
                return rule
        return "structured"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--source", choices=sorted(SOURCES), help="only this source")
    parser.add_argument("--limit", type=int, default=4000, help="sentences per source (seeded sample)")
    parser.add_argument("--words", action="store_true", help="print the flagged words (terminal only)")
    args = parser.parse_args(argv)
    tally = _RuleTally()
    tally.install()
    engine = ScreeningEngine(locale="en")
    rng = random.Random(13)
    grand = [0, 0]
    for source, collect in SOURCES.items():
        if args.source and source != args.source:
            continue
        sentences = list(collect())
        if len(sentences) > args.limit:
            sentences = rng.sample(sentences, args.limit)
        flagged = 0
        by_rule: Counter[str] = Counter()
        by_shape: Counter[str] = Counter()
        by_kind: Counter[str] = Counter()
        words: Counter[str] = Counter()
        for sentence in sentences:
            tally.last.clear()
            findings = engine.screen(sentence.text)
            if not findings:
                continue
            flagged += 1
            for f in findings:
                by_kind[f.kind] += 1
                by_rule[tally.rule_of(f.start, f.end)] += 1
                by_shape[_shape(f.text, sentence.text, f.start)] += 1
                if args.words:
                    words[f"{f.kind}:{f.text}  [{tally.rule_of(f.start, f.end)}]"] += 1
        grand[0] += len(sentences)
        grand[1] += flagged
        share = 100 * flagged / max(1, len(sentences))
        print(f"{source:9} flagged {flagged:5} / {len(sentences):5}  {share:5.1f} %")
        print("  by kind:  " + ", ".join(f"{k} {n}" for k, n in by_kind.most_common()))
        print("  by rule:  " + ", ".join(f"{k} {n}" for k, n in by_rule.most_common()))
        print("  by shape: " + ", ".join(f"{k} {n}" for k, n in by_shape.most_common()))
        for word, n in words.most_common():
            print(f"    {n:3}  {word}")
    print(f"all       flagged {grand[1]:5} / {grand[0]:5}  {100 * grand[1] / max(1, grand[0]):5.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
