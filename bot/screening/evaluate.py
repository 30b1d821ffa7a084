"""Accuracy of a screener on a labelled set: what the frame promises, measured.

An entity counts as caught when findings (of any kind) cover every character of it: a
suggestion built from those findings then leaves nothing of it behind. A message with
identifying data is fully caught when all its entities are. A clean message is a false
alarm as soon as one finding appears in it: the mentee is then asked to rewrite for
nothing.

    python -m bot.screening.evaluate [tests/data/screening_eval.jsonl]
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.domain import Finding
from bot.ports import Screener

DEFAULT_EVAL_PATH = Path(__file__).resolve().parents[2] / "tests" / "data" / "screening_eval.jsonl"


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

    @property
    def overall_recall(self) -> float:
        total = sum(self.support.values())
        if not total:
            return 1.0
        return sum(self.recall[k] * n for k, n in self.support.items()) / total


def load_examples(path: Path = DEFAULT_EVAL_PATH) -> list[Example]:
    examples: list[Example] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            raw = json.loads(line)
            entities = tuple(Entity(int(e["start"]), int(e["end"]), str(e["kind"])) for e in raw["entities"])
            examples.append(Example(str(raw["id"]), str(raw["text"]), entities))
    return examples


def _covered(entity: Entity, findings: Sequence[Finding]) -> bool:
    covered = [False] * (entity.end - entity.start)
    for finding in findings:
        for index in range(max(entity.start, finding.start), min(entity.end, finding.end)):
            covered[index - entity.start] = True
    # Whitespace left between two findings reveals nothing.
    return all(covered)


def evaluate(screener: Screener, examples: Iterable[Example]) -> Report:
    caught: dict[str, int] = {}
    support: dict[str, int] = {}
    agreeing = 0
    caught_total = 0
    messages = with_data = clean = fully = alarms = 0
    missed: list[str] = []
    alarm_ids: list[str] = []
    for example in examples:
        messages += 1
        findings = screener.screen(example.text)
        if not example.entities:
            clean += 1
            if findings:
                alarms += 1
                alarm_ids.append(example.id)
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
        if all_caught:
            fully += 1
        else:
            missed.append(example.id)
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
    )


def format_report(report: Report, name: str = "screener") -> str:
    lines = [
        f"{name}: {report.messages} messages ({report.with_data} with data, {report.clean} clean)",
        f"  messages with data fully caught: {report.fully_caught:.1%}",
        f"  clean messages wrongly flagged:  {report.false_alarm:.1%}",
        f"  overall entity recall:           {report.overall_recall:.1%}",
        f"  kind agreement on caught:        {report.kind_agreement:.1%}",
    ]
    for kind, value in report.recall.items():
        lines.append(f"  recall {kind:<13} {value:6.1%}  (n={report.support[kind]})")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    from bot.screening.engine import ScreeningEngine

    args = list(sys.argv[1:] if argv is None else argv)
    path = Path(args[0]) if args else DEFAULT_EVAL_PATH
    report = evaluate(ScreeningEngine(), load_examples(path))
    print(format_report(report, "cadre"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
