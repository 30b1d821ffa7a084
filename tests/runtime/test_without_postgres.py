"""A plain `pip install -e .` has no psycopg (PostgreSQL is the `postgres` extra): the
TinyDB paths must never import it, or the README's first command fails on a fresh machine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

PROBE = """
import asyncio, sys
sys.modules["psycopg"] = None  # importing it now raises ImportError, as without the extra
sys.modules["psycopg_pool"] = None
from bot.app import open_inbox, open_store
from bot.runtime.journey import open_journey_store

async def main(folder):
    store = await open_store(folder)
    try:
        print(type(open_inbox(store)).__name__, type(open_journey_store(folder, store)).__name__)
    finally:
        await store.close()

asyncio.run(main(__import__("pathlib").Path(sys.argv[1])))
"""


def test_the_tinydb_paths_run_without_psycopg(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "data")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["TinyInbox", "TinyJourneyStore"]
