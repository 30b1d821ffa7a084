"""Every held-out set in one table, per language and per kind: the figures issue 12 is judged by.

    python -m benchmarks.screening.scoreboard [--sets 'heldout*'] [--lang fr|en]

One line per set and language (messages with data fully caught, clean messages flagged),
then the pooled figures of each language over all the sets, each kind's entity recall per
set and pooled, and each family's figure pooled (fully caught for a family with data,
flagged for a clean one: the families of benchmarks/data/GUIDE.md). It prints counts and
shares only, never an id nor a word: a held-out set read that way stays held out
(`evaluate --explain` is for development sets). `--sets` takes a folder pattern under
benchmarks/data/ (`'dev*'` for the development sets).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.screening.evaluate import DATA, Report, ScreenerFor, Slice, evaluate, load_examples, screeners

LANGS = ("fr", "en")


@dataclass(frozen=True)
class Row:
    name: str
    lang: str
    report: Report


def set_folders(pattern: str, data: Path = DATA) -> list[Path]:
    """The set folders matching `pattern`, in their natural order (heldout, heldout2…heldout10)."""

    def order(path: Path) -> tuple[str, int]:
        stem = path.name.rstrip("0123456789")
        number = path.name[len(stem) :]
        return stem, int(number) if number else 1

    return sorted((p for p in data.glob(pattern) if p.is_dir() and any(p.glob("*.jsonl"))), key=order)


def score(
    folders: Sequence[Path], langs: Sequence[str], pick: ScreenerFor
) -> tuple[list[Row], dict[str, Report]]:
    """Each set's report per language, and their pooling (each message screened once)."""
    rows: list[Row] = []
    pooled: dict[str, Report] = {}
    for lang in langs:
        reports = []
        for folder in folders:
            examples = load_examples(folder, lang=lang)
            if examples:
                reports.append(evaluate(pick, examples))
                rows.append(Row(folder.name, lang, reports[-1]))
        if reports:
            pooled[lang] = pool(reports)
    return rows, pooled


def pool(reports: Sequence[Report]) -> Report:
    """The figures of several sets as one: shares weighted by what each set holds."""
    with_data = sum(r.with_data for r in reports)
    clean = sum(r.clean for r in reports)
    support: dict[str, int] = {}
    caught: dict[str, float] = {}
    for r in reports:
        for kind, n in r.support.items():
            support[kind] = support.get(kind, 0) + n
            caught[kind] = caught.get(kind, 0.0) + r.recall[kind] * n
    families: dict[str, Slice] = {}
    for r in reports:
        for name, part in r.families.items():
            known = families.get(name, Slice(0, 0, part.has_data))
            families[name] = Slice(
                known.messages + part.messages, known.wrong + part.wrong, known.has_data or part.has_data
            )
    return Report(
        messages=sum(r.messages for r in reports),
        with_data=with_data,
        clean=clean,
        fully_caught=sum(r.fully_caught * r.with_data for r in reports) / with_data if with_data else 1.0,
        false_alarm=sum(r.false_alarm * r.clean for r in reports) / clean if clean else 0.0,
        recall={kind: caught[kind] / n for kind, n in sorted(support.items())},
        support=dict(sorted(support.items())),
        families=dict(sorted(families.items())),
    )


def _pct(share: float) -> str:
    return f"{share:.1%}"


def _line(name: str, lang: str, r: Report, *, bold: bool) -> str:
    mark = "**" if bold else ""
    caught, flagged = f"{mark}{_pct(r.fully_caught)}{mark}", f"{mark}{_pct(r.false_alarm)}{mark}"
    return f"| {name} | {lang} | {r.with_data} | {r.clean} | {caught} | {flagged} |"


def format_scoreboard(rows: Sequence[Row], pooled: dict[str, Report]) -> str:
    lines = [
        "| set | lang | with data | clean | fully caught | clean flagged |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(_line(row.name, row.lang, row.report, bold=False))
    for lang, report in pooled.items():
        lines.append(_line("**all**", lang, report, bold=True))
    kinds = sorted({kind for r in pooled.values() for kind in r.support})
    lines += ["", "Entity recall per kind (n entities):", ""]
    lines.append("| set | lang | " + " | ".join(kinds) + " |")
    lines.append("|---|---|" + "---|" * len(kinds))
    for name, lang, report in [(row.name, row.lang, row.report) for row in rows] + [
        ("**all**", lang, report) for lang, report in pooled.items()
    ]:
        cells = [
            f"{_pct(report.recall[kind])} ({report.support[kind]})" if kind in report.support else "–"
            for kind in kinds
        ]
        lines.append(f"| {name} | {lang} | " + " | ".join(cells) + " |")
    lines += _family_table(pooled)
    return "\n".join(lines)


def _family_table(pooled: dict[str, Report]) -> list[str]:
    """Each family pooled over the sets, one column per language: with data first (fully
    caught, messages missed of all), then clean (flagged, messages flagged of all)."""
    langs = list(pooled)
    names = {name: part.has_data for r in pooled.values() for name, part in r.families.items()}
    if not names:
        return []
    lines = ["", "Per family, pooled (with data: fully caught; clean: flagged; wrong/messages):", ""]
    lines.append("| family | " + " | ".join(langs) + " |")
    lines.append("|---|" + "---|" * len(langs))
    for name in sorted(names, key=lambda n: (not names[n], n)):
        cells = []
        for lang in langs:
            part = pooled[lang].families.get(name)
            cells.append(f"{_pct(part.share)} ({part.wrong}/{part.messages})" if part else "–")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.screening.scoreboard", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--sets", default="heldout*", help="folder pattern under benchmarks/data/")
    parser.add_argument("--lang", choices=LANGS, help="one language only")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    folders = set_folders(args.sets)
    if not folders:
        print(f"no labelled set matches {args.sets!r} under {DATA}", file=sys.stderr)
        return 1
    rows, pooled = score(folders, [args.lang] if args.lang else LANGS, screeners())
    print(format_scoreboard(rows, pooled))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
