"""One of two processes SIGKILLed at random points on one PostgreSQL, below the webhooks.

tests/crash_child.py runs the real engine, mentor desk and outbox; two of them share the
database, each with its own mentees and the same clock. One is killed after a seeded-random
number of facts, the other finishes; then the killed one's successor starts on the same
database. At the end the database must hold every acknowledged question once, and every
durable message must have gone out once, except the one a killed process had sent and not
yet marked sent (at-least-once, by design).

The same promise through the real `cadre run`, its webhooks, inbox and digests is
tests/storage/postgres/test_postgres_crash_webhooks.py. Here the suite kills 5 times (this
test was the suite's slowest); the documented run kills 20 times:

    CADRE_PG_CHILD_KILLS=20 .venv/bin/python -m pytest -q tests/storage/postgres/test_postgres_crash.py
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
from pathlib import Path

from bot.storage.postgres.store import PostgresStore
from tests.crash import Evidence, assert_nothing_lost_or_doubled, kill_after, spawn_child

KILLS = int(os.environ.get("CADRE_PG_CHILD_KILLS", "5"))


def child(project: Path, url: str, run: int, mentees: int, name: str) -> subprocess.Popen[str]:
    return spawn_child(str(project / "config"), url, str(run), str(mentees), name)


async def test_one_of_two_processes_killed_at_random_loses_and_doubles_nothing(
    project: Path, postgres_url: str
) -> None:
    rng = random.Random(20261201)
    evidence = Evidence()
    for run in range(KILLS):
        facts = rng.randint(1, 40)
        with (
            child(project, postgres_url, run, mentees=500, name=f"k{run}") as killed,
            child(project, postgres_url, run, mentees=2, name=f"s{run}") as survivor,
        ):
            lines, stderr = kill_after(killed, facts, timeout_s=60)
            out, err = survivor.communicate(timeout=120)
        assert killed.returncode == -signal.SIGKILL, f"run {run} ended before the kill: {stderr[-2000:]}"
        assert "READY" in lines, f"run {run} did not start: {stderr[-2000:]}"
        evidence.read(lines, was_killed=True)
        assert survivor.returncode == 0, err[-2000:]
        assert out.splitlines()[-1] == "DONE"
        evidence.read(out.splitlines(), was_killed=False)

    with child(project, postgres_url, KILLS, mentees=1, name="last") as final:
        out, err = final.communicate(timeout=120)
    assert final.returncode == 0, err[-2000:]
    evidence.read(out.splitlines(), was_killed=False)
    assert len(evidence.acked) >= KILLS, "the kills came too early to test anything"

    async with PostgresStore(postgres_url) as store:
        await assert_nothing_lost_or_doubled(store, evidence)
