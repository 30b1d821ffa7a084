"""`cadre bench`: measure the mentee pipeline on this machine and print one table.

Kept thin and import-light: the parser is built for every `cadre` command, so the heavy
modules (engine, spaCy, TinyDB) are only imported once `bench` actually runs. The bench
itself lives in the checkout's top-level `benchmarks/` folder, which is not shipped in the
wheel: from an installed package the command says so and exits 1.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import TextIO

import bot
from bot.app import Setup

CHECKOUT = Path(bot.__file__).resolve().parent.parent
"""The folder holding `bot/`: a checkout has `benchmarks/` beside it, a wheel does not."""


def _steps(text: str) -> tuple[int, ...]:
    try:
        steps = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--steps must be mentee counts separated by commas, e.g. 10,100,1000 (got {text!r})"
        ) from None
    if not steps or any(step <= 0 for step in steps):
        raise argparse.ArgumentTypeError(
            f"--steps must be positive mentee counts, e.g. 10,100,1000 (got {text!r})"
        )
    return steps


def add_bench_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--quick", action="store_true", help="small populations and few questions: a smoke run in seconds"
    )
    parser.add_argument(
        "--steps",
        type=_steps,
        default=None,
        help="population steps in mentees, each with 10 stored questions "
        "(default 10,100,1000; --quick: 5,20)",
    )
    parser.add_argument(
        "--questions",
        type=int,
        default=None,
        help="questions written per step through TinyStore (default 50)",
    )
    parser.add_argument(
        "--baseline-questions",
        type=int,
        default=None,
        help="questions per step through the one-file baseline (default 10)",
    )
    parser.add_argument("--no-baseline", action="store_true", help="skip the one-file baseline")
    parser.add_argument(
        "--no-startup",
        action="store_true",
        help="skip the start-up and model-memory measures (fresh processes)",
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=None,
        help="where the bench's data folders go (default: the current folder; "
        "use the disk that holds your data, not a tmpfs)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the bench's data folders")


def load_pipeline_bench(checkout: Path) -> ModuleType | None:
    """`benchmarks.pipeline` from a checkout, or None when this install has no benchmarks."""
    if not (checkout / "benchmarks" / "pipeline.py").is_file():
        return None
    if str(checkout) not in sys.path:
        sys.path.insert(0, str(checkout))
    return importlib.import_module("benchmarks.pipeline")


def run_bench_command(
    args: argparse.Namespace, setup: Setup, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Table on stdout, progress on stderr (read at call time, so redirections apply)."""
    stdout = stdout if stdout is not None else sys.stdout
    stderr = stderr if stderr is not None else sys.stderr
    pipeline = load_pipeline_bench(CHECKOUT)
    if pipeline is None:
        locale = setup.catalogue.resolve_locale(setup.settings.locale)
        missing = setup.catalogue.text("cli.bench.missing", locale, path=str(CHECKOUT / "benchmarks"))
        stderr.write(missing + "\n")
        return 1

    base = pipeline.BenchOptions.quick() if args.quick else pipeline.BenchOptions()
    options = pipeline.BenchOptions(
        steps=args.steps or base.steps,
        questions=args.questions or base.questions,
        baseline_questions=args.baseline_questions or base.baseline_questions,
        with_baseline=not args.no_baseline,
        with_startup=not args.no_startup,
        work_dir=args.work_dir,
        keep=args.keep,
    )
    report = pipeline.run_bench(setup, options, progress=stderr)
    stdout.write(pipeline.format_report(report) + "\n")
    return 0
