"""What a message in the other language costs: each set's halves screened under both locales.

    python -m benchmarks.screening.cross_language [--sets 'heldout*']

A firm set to French gets English messages too, and `cadre check` without `--locale`
judges with the configured language. For every set and language this prints the figures
(messages with data fully caught / clean messages flagged) in its own locale and in the
other one, with the engine following each message's language (the default) and without
(`follow_language=False`): counts and shares only, never a word, so held-out sets may be
read this way.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from benchmarks.screening.evaluate import DATA, Report, ScreenerFor, evaluate, load_examples
from benchmarks.screening.scoreboard import LANGS, set_folders
from bot.screening.engine import ScreeningEngine


def _cell(report: Report) -> str:
    return f"{report.fully_caught:.1%} / {report.false_alarm:.1%}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.screening.cross_language", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--sets", default="heldout*", help="folder pattern under benchmarks/data/")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    folders = set_folders(args.sets)
    if not folders:
        print(f"no labelled set matches {args.sets!r} under {DATA}", file=sys.stderr)
        return 1
    engines = {
        (locale, follow): ScreeningEngine(locale=locale, follow_language=follow)
        for locale in LANGS
        for follow in (True, False)
    }

    def as_(locale: str, follow: bool) -> ScreenerFor:
        """Every message under `locale`, whatever its own language."""
        engine = engines[(locale, follow)]
        return lambda _lang: engine

    print("| set | text | own locale | other locale, following | other locale, fixed |")
    print("|---|---|---|---|---|")
    for folder in folders:
        for lang in LANGS:
            examples = load_examples(folder, lang=lang)
            if not examples:
                continue
            other = LANGS[1 - LANGS.index(lang)]
            own = evaluate(as_(lang, True), examples)
            following = evaluate(as_(other, True), examples)
            fixed = evaluate(as_(other, False), examples)
            print(f"| {folder.name} | {lang} | {_cell(own)} | {_cell(following)} | {_cell(fixed)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
