"""`cadre bench`: measure the mentee pipeline on this machine and print one table.

Kept thin and import-light: the parser is built for every `cadre` command, so the heavy
modules (engine, spaCy, TinyDB) are only imported once `bench` actually runs. The bench
itself lives in the checkout's top-level `benchmarks/` folder, which is not shipped in the
wheel: from an installed package the command says so and exits 1.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import TextIO

import bot
from bot.app import Setup
from bot.cli import registry
from bot.cli.registry import Common, Invocation, Subparsers

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


def register(sub: Subparsers, common: Common) -> None:
    parser = registry.register(
        sub, common, "bench", "measure throughput, latency, memory and start-up on this machine", run
    )
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
    parser.add_argument(
        "--store",
        choices=["postgres"],
        default=None,
        help="instead of the pipeline: the store under webhooks from 1, 2 and 4 processes on "
        "PostgreSQL at 10,000 and 100,000 stored items, TinyDB side by side, at saturation "
        "and at a fixed offered rate",
    )
    parser.add_argument(
        "--processes", type=_steps, default=None, help="with --store: process counts (default 1,2,4)"
    )
    parser.add_argument(
        "--items", type=_steps, default=None, help="with --store: stored items (default 10000,100000)"
    )
    parser.add_argument(
        "--messages", type=int, default=None, help="with --store: messages per run (default 2000)"
    )
    parser.add_argument(
        "--in-flight",
        type=int,
        default=None,
        help="with --store: webhooks each process keeps in flight in the saturation runs (default 8)",
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=None,
        help="with --store: webhooks per second offered across the processes in the fixed-rate "
        "runs (default 250; 0: saturation runs only)",
    )


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

    if getattr(args, "store", None) == "postgres":
        return _store_bench(args, stdout, stderr)
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


def _store_bench(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """`--store postgres`: benchmarks/stores.py, on CADRE_DATABASE_URL or a throwaway server."""
    stores = importlib.import_module("benchmarks.stores")
    base = stores.StoreBenchOptions.quick() if args.quick else stores.StoreBenchOptions()
    options = stores.StoreBenchOptions(
        sizes=args.items or base.sizes,
        processes=args.processes or base.processes,
        messages=args.messages or base.messages,
        in_flight=args.in_flight or base.in_flight,
        rate=base.rate if args.rate is None else args.rate,
        url=os.environ.get("CADRE_BENCH_DATABASE_URL") or None,
        work_dir=args.work_dir,
    )
    results = stores.run_store_bench(options, progress=stderr)
    stdout.write(stores.format_results(results) + "\n")
    return 0


def run(invocation: Invocation) -> int:
    return run_bench_command(
        invocation.args, invocation.setup(), stdout=invocation.stdout, stderr=invocation.stderr
    )
