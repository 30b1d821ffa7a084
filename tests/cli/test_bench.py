"""`cadre bench`: a smoke run in --quick mode and the shape of its table (never its timings)."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import pytest

from benchmarks.baseline import BaselineTinyStore
from benchmarks.pipeline import BenchReport, StartupResult, StepResult, format_report
from bot.app import load_setup
from bot.cli import main
from bot.cli.commands.bench import _steps, load_pipeline_bench, run_bench_command
from bot.domain import Conversation, UserRef
from bot.storage.postgres.local import LocalPostgres


def test_quick_bench_prints_one_row_per_store_and_step(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    work = tmp_path / "work"
    code = main(
        [
            "--config",
            str(project / "config"),
            "bench",
            "--quick",
            "--no-startup",
            "--steps",
            "3,6",
            "--questions",
            "3",
            "--baseline-questions",
            "2",
            "--work-dir",
            str(work),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["store", "mentees", "items", "msgs"]
    table = [line.split() for line in lines[2:6]]
    assert [(row[0], row[1], row[2]) for row in table] == [
        ("TinyStore", "3", "30"),
        ("TinyStore", "6", "60"),
        ("baseline", "3", "30"),
        ("baseline", "6", "60"),
    ]
    # 3 questions: the first contact of each writer (greeting + charter) then 7 messages each.
    assert table[0][3] == str(3 * 9)
    assert "questions not acknowledged: 0" in out
    assert "growth 30 -> 60 items" in out
    assert "baseline / TinyStore at 60 items" in out
    assert list(work.iterdir()) == [], "the bench's data folders are removed"


def test_report_names_every_target() -> None:
    step = StepResult(
        store="TinyStore",
        mentees=10,
        stored_items=100,
        questions=1,
        acknowledged=1,
        messages=9,
        elapsed_s=0.05,
        latencies_ms=(2.0,) * 9,
        screening_s=0.01,
        screening_calls=4,
        storage_s=0.02,
        storage_by_method=(("submit_item", 0.01),),
        disk_bytes=2048,
        peak_rss_mb=300.0,
    )
    report = BenchReport(
        steps=[step],
        startup=StartupResult(
            ready_s=0.8,
            first_screened_s=5.0,
            model_load_s=4.0,
            model_rss_mb=320.0,
            model_peak_mb=330.0,
            screen_ms=0.3,
        ),
    )
    text = format_report(report)
    assert "target >= 250" in text and "target <= 30" in text
    assert "cadre console: ready (first output) 0.80 s [target <= 1 s: ok]" in text
    assert "first answer screened 5.00 s [target <= 2 s: MISSED]" in text
    assert "resident memory 320 MB with the model loaded [target <= 250 MB: MISSED]" in text
    assert "peak 330 MB while loading" in text


def test_steps_option_explains_a_bad_value() -> None:
    assert _steps("10,100,1000") == (10, 100, 1000)
    for bad in ("ten", "0,5", ""):
        with pytest.raises(argparse.ArgumentTypeError, match=r"e\.g\. 10,100,1000"):
            _steps(bad)


async def test_baseline_store_round_trips_a_conversation(tmp_path: Path, project: Path) -> None:
    load_setup(project / "config")
    store = BaselineTinyStore(tmp_path)
    user = UserRef("bench", "x")
    await store.save_conversation(Conversation(user=user, seen_ids=("a",)))
    await store.save_conversation(Conversation(user=user, seen_ids=("a", "b")))
    assert await store.get_conversation(user) == Conversation(user=user, seen_ids=("a", "b"))
    store.release()


def test_bench_says_where_it_looked_when_the_checkout_has_no_benchmarks(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An installed wheel has no benchmarks/ folder: the command says so instead of crashing."""
    import io

    from bot.cli.commands import bench

    assert load_pipeline_bench(tmp_path) is None
    monkeypatch.setattr(bench, "CHECKOUT", tmp_path)
    args = argparse.Namespace(quick=True)
    out, err = io.StringIO(), io.StringIO()
    code = run_bench_command(args, load_setup(project / "config"), stdout=out, stderr=err)
    assert code == 1
    assert out.getvalue() == ""
    assert str(tmp_path / "benchmarks") in err.getvalue()
    assert "benchmarks/" in err.getvalue()


@pytest.mark.slow
def test_store_bench_states_its_load_and_finds_no_double_effect(
    project: Path, capsys: pytest.CaptureFixture[str], postgres_server: LocalPostgres
) -> None:
    """`--store postgres` on a small history: each store and process count at saturation
    and at the offered rate, the load in every row, no double effect, the target line.

    The bench's server runs as its own user when the suite runs as root: its folder is not
    under pytest's, whose root another pytest session may close to others at any time."""
    with tempfile.TemporaryDirectory(prefix="cadre-bench-test-") as work:
        code = _store_bench(project, Path(work))
    out, err = capsys.readouterr()
    assert code == 0, err[-2000:]
    rows = [line.split() for line in out.splitlines() if line.lstrip().startswith(("PostgreSQL ", "TinyDB "))]
    shapes = sorted((row[0], row[2], " ".join(row[3:-7])) for row in rows)  # 7 columns after the load
    assert shapes == [
        ("PostgreSQL", "1", "120/s offered"),
        ("PostgreSQL", "1", "4 in flight/proc"),
        ("PostgreSQL", "2", "120/s offered"),
        ("PostgreSQL", "2", "4 in flight/proc"),
        ("TinyDB", "1", "120/s offered"),
        ("TinyDB", "1", "4 in flight/proc"),
    ]
    assert all(row[-1] == "0" for row in rows), "a double effect"
    assert "PostgreSQL, 2 processes, 200 items: saturation" in out
    assert "at 120/s offered" in out


def _store_bench(project: Path, work: Path) -> int:
    return main(
        [
            "--config",
            str(project / "config"),
            "bench",
            "--store",
            "postgres",
            "--items",
            "200",
            "--processes",
            "1,2",
            "--messages",
            "60",
            "--in-flight",
            "4",
            "--rate",
            "120",
            "--work-dir",
            str(work),
        ]
    )
