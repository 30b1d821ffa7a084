"""Accuracy of a screener on labelled sets: what the frame promises, measured.

An entity counts as caught when findings (of any kind) cover every character of it: a
suggestion built from those findings then leaves nothing of it behind. A message with
identifying data is fully caught when all its entities are. A clean message is a false
alarm as soon as one finding appears in it: the mentee is then asked to rewrite for
nothing.

    python -m benchmarks.screening.evaluate PATH [PATH…] [--lang fr|en] [--explain]

PATH is a JSONL file or a folder of them (every `*.jsonl` inside, e.g. benchmarks/data/dev/).
A line is `{"id", "text", "entities": [{"start", "end", "kind"}], "lang"?, "family"?}`
(labelling guide: benchmarks/data/GUIDE.md). Each message is screened with the locale of
its `lang` field (French when absent); `--lang` keeps only the messages in that language.
The report gives figures per kind and per family and lists the ids of missed messages
and false alarms; `--explain` also prints the words concerned (for development sets only:
never read a held-out set's words, or it stops being held out).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from bot.domain import Finding
from bot.ports import Screener

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "benchmarks" / "data"
REGRESSION_SET = REPO / "tests" / "data" / "screening_eval.jsonl"
DEV_DIR = DATA / "dev"
DEV2_DIR = DATA / "dev2"
DEV3_DIR = DATA / "dev3"
DEV4_DIR = DATA / "dev4"
NO_FAMILY = "-"


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    entities: tuple[Entity, ...]
    lang: str = "fr"
    family: str = NO_FAMILY


@dataclass(frozen=True)
class Slice:
    """One family's (or one language's) messages: how many, how many went wrong."""

    messages: int
    wrong: int
    has_data: bool

    @property
    def share(self) -> float:
        """Fully caught share for a family with data, flagged share for a clean one."""
        if not self.messages:
            return 1.0 if self.has_data else 0.0
        if self.has_data:
            return (self.messages - self.wrong) / self.messages
        return self.wrong / self.messages


@dataclass(frozen=True)
class Report:
    """Figures of one screener on one set (shares between 0 and 1)."""

    messages: int
    with_data: int
    clean: int
    fully_caught: float
    false_alarm: float
    recall: dict[str, float] = field(default_factory=dict)
    support: dict[str, int] = field(default_factory=dict)
    kind_agreement: float = 0.0
    missed_ids: tuple[str, ...] = ()
    false_alarm_ids: tuple[str, ...] = ()
    families: dict[str, Slice] = field(default_factory=dict)
    missed_words: tuple[tuple[str, str], ...] = ()
    alarm_words: tuple[tuple[str, str], ...] = ()

    @property
    def overall_recall(self) -> float:
        total = sum(self.support.values())
        if not total:
            return 1.0
        return sum(self.recall[k] * n for k, n in self.support.items()) / total


def _read(path: Path) -> Iterable[Example]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            raw = json.loads(line)
            entities = tuple(Entity(int(e["start"]), int(e["end"]), str(e["kind"])) for e in raw["entities"])
            yield Example(
                str(raw.get("id", f"{path.stem}:{number}")),
                str(raw["text"]),
                entities,
                str(raw.get("lang") or "fr"),
                str(raw.get("family") or NO_FAMILY),
            )


def jsonl_files(path: Path) -> list[Path]:
    """The labelled files a path stands for: itself, or the `*.jsonl` of a folder."""
    if path.is_dir():
        return sorted(path.glob("*.jsonl"))
    return [path]


def load_examples(*paths: Path, lang: str | None = None) -> list[Example]:
    """Examples of every file (or folder of files), optionally of one language only."""
    examples: list[Example] = []
    for path in paths or (REGRESSION_SET,):
        for file in jsonl_files(path):
            examples.extend(e for e in _read(file) if lang is None or e.lang == lang)
    return examples


def _covered(entity: Entity, findings: Sequence[Finding]) -> bool:
    covered = [False] * (entity.end - entity.start)
    for finding in findings:
        for index in range(max(entity.start, finding.start), min(entity.end, finding.end)):
            covered[index - entity.start] = True
    return all(covered)


ScreenerFor = Callable[[str], Screener]


def evaluate(screener: Screener | ScreenerFor, examples: Iterable[Example]) -> Report:
    """Score `screener` (or one screener per language, `screener(lang)`) on `examples`."""
    pick: ScreenerFor
    if hasattr(screener, "screen"):
        one = cast(Screener, screener)

        def same(_lang: str) -> Screener:
            return one

        pick = same
    else:
        pick = screener
    caught: dict[str, int] = {}
    support: dict[str, int] = {}
    family_counts: dict[str, list[int]] = {}
    family_has_data: dict[str, bool] = {}
    agreeing = caught_total = messages = with_data = clean = fully = alarms = 0
    missed: list[str] = []
    alarm_ids: list[str] = []
    missed_words: list[tuple[str, str]] = []
    alarm_words: list[tuple[str, str]] = []
    for example in examples:
        messages += 1
        findings = pick(example.lang).screen(example.text)
        counts = family_counts.setdefault(example.family, [0, 0])
        counts[0] += 1
        family_has_data[example.family] = family_has_data.get(example.family, False) or bool(example.entities)
        if not example.entities:
            clean += 1
            if findings:
                alarms += 1
                counts[1] += 1
                alarm_ids.append(example.id)
                alarm_words.extend((example.id, f"{f.kind}:{f.text}") for f in findings)
            continue
        with_data += 1
        all_caught = True
        for entity in example.entities:
            support[entity.kind] = support.get(entity.kind, 0) + 1
            if _covered(entity, findings):
                caught[entity.kind] = caught.get(entity.kind, 0) + 1
                caught_total += 1
                if any(
                    f.kind == entity.kind and f.start < entity.end and entity.start < f.end for f in findings
                ):
                    agreeing += 1
            else:
                all_caught = False
                missed_words.append((example.id, f"{entity.kind}:{example.text[entity.start : entity.end]}"))
        if all_caught:
            fully += 1
        else:
            missed.append(example.id)
            counts[1] += 1
    return Report(
        messages=messages,
        with_data=with_data,
        clean=clean,
        fully_caught=fully / with_data if with_data else 1.0,
        false_alarm=alarms / clean if clean else 0.0,
        recall={k: caught.get(k, 0) / n for k, n in sorted(support.items())},
        support=dict(sorted(support.items())),
        kind_agreement=agreeing / caught_total if caught_total else 1.0,
        missed_ids=tuple(missed),
        false_alarm_ids=tuple(alarm_ids),
        families={
            name: Slice(counts[0], counts[1], family_has_data[name])
            for name, counts in sorted(family_counts.items())
        },
        missed_words=tuple(missed_words),
        alarm_words=tuple(alarm_words),
    )


def format_report(report: Report, name: str = "screener", explain: bool = False) -> str:
    lines = [
        f"{name}: {report.messages} messages ({report.with_data} with data, {report.clean} clean)",
        f"  messages with data fully caught: {report.fully_caught:.1%}",
        f"  clean messages wrongly flagged:  {report.false_alarm:.1%}",
        f"  overall entity recall:           {report.overall_recall:.1%}",
        f"  kind agreement on caught:        {report.kind_agreement:.1%}",
        "  per kind (entity recall):",
    ]
    for kind, value in report.recall.items():
        lines.append(f"    {kind:<22} {value:6.1%}  (n={report.support[kind]})")
    if len(report.families) > 1 or NO_FAMILY not in report.families:
        lines.append("  per family (with data: fully caught; clean: flagged):")
        for family, part in report.families.items():
            what = "caught " if part.has_data else "flagged"
            shown = part.messages - part.wrong if part.has_data else part.wrong
            lines.append(f"    {family:<22} {what} {part.share:6.1%}  ({shown}/{part.messages})")
    lines.append(f"  missed ({len(report.missed_ids)}): {' '.join(report.missed_ids)}")
    lines.append(f"  false alarms ({len(report.false_alarm_ids)}): {' '.join(report.false_alarm_ids)}")
    if explain:
        lines.append("  missed entities:")
        lines.extend(f"    {i}  {w}" for i, w in report.missed_words)
        lines.append("  false-alarm findings:")
        lines.extend(f"    {i}  {w}" for i, w in report.alarm_words)
    return "\n".join(lines)


def screeners() -> ScreenerFor:
    """One ScreeningEngine per language, built on first use."""
    from bot.screening.engine import ScreeningEngine

    built: dict[str, Screener] = {}

    def for_lang(lang: str) -> Screener:
        if lang not in built:
            built[lang] = ScreeningEngine(locale=lang)
        return built[lang]

    return for_lang


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.screening.evaluate", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "paths", nargs="*", type=Path, help="JSONL files or folders (default: the regression set)"
    )
    parser.add_argument("--lang", choices=("fr", "en"), help="only the messages in this language")
    parser.add_argument("--explain", action="store_true", help="print the missed and wrongly flagged words")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    examples = load_examples(*args.paths, lang=args.lang)
    if not examples:
        print("no labelled message found", file=sys.stderr)
        return 1
    pick = screeners()
    report = evaluate(pick, examples)
    print(format_report(report, "cadre", explain=args.explain))
    langs = sorted({e.lang for e in examples})
    if len(langs) > 1:
        for lang in langs:
            part = evaluate(pick, [e for e in examples if e.lang == lang])
            print(
                f"  [{lang}] fully caught {part.fully_caught:.1%}, clean flagged {part.false_alarm:.1%} "
                f"({part.with_data} with data, {part.clean} clean)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
