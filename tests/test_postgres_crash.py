"""One of two processes SIGKILLed at random points, 20 times, on one PostgreSQL.

tests/crash_child.py runs the real engine, mentor desk and outbox; two of them share the
database, each with its own mentees and the same clock. One is killed after a seeded-random
number of facts, the other finishes; then the killed one's successor starts on the same
database. At the end the database must hold every acknowledged question once, and every
durable message must have gone out once, except the one a killed process had sent and not
yet marked sent (at-least-once, by design).
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

from bot.domain import ItemStatus, OutboxStatus
from bot.storage.postgres.store import PostgresStore
from tests.conftest import REPO
from tests.test_crash_safety import STEPS, Evidence

KILLS = 20


def child(project: Path, url: str, run: int, mentees: int, name: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.crash_child",
            str(project / "config"),
            url,
            str(run),
            str(mentees),
            name,
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


async def test_one_of_two_processes_killed_20_times_loses_and_doubles_nothing(
    project: Path, postgres_url: str
) -> None:
    rng = random.Random(20261201)
    evidence = Evidence()
    for run in range(KILLS):
        kill_after = rng.randint(1, 40)
        lines: list[str] = []
        with (
            child(project, postgres_url, run, mentees=500, name=f"k{run}") as killed,
            child(project, postgres_url, run, mentees=2, name=f"s{run}") as survivor,
        ):
            assert killed.stdout is not None and killed.stderr is not None
            for line in killed.stdout:
                lines.append(line.rstrip("\n"))
                if len(lines) >= kill_after:
                    break
            killed.send_signal(signal.SIGKILL)
            lines += killed.stdout.read().splitlines()
            killed.wait(timeout=60)
            stderr = killed.stderr.read()
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
        mentees = await store.list_mentees()
        items = [item for mentee in mentees for item in await store.items_of(mentee.user)]
        for ref in evidence.acked:
            assert await store.find_item_by_ref(ref) is not None, f"acknowledged item {ref} was lost"
        for item in items:  # never half there
            assert [a.step for a in item.answers] == list(STEPS), item.ref
        assert len({i.ref for i in items}) == len(items), "a reference was given twice"
        assert max(Counter(item.mentee for item in items).values()) == 1, "one question was stored twice"
        for ref, keys in evidence.answered.items():
            answered = await store.find_item_by_ref(ref)
            assert answered is not None and answered.status is ItemStatus.ANSWERED, ref
            assert len(answered.replies) == 1 and all(evidence.sent[key] >= 1 for key in keys)
        outbox = await store.list_outbox()
        assert all(e.status is OutboxStatus.SENT for e in outbox), "a pending entry did not resume"
        doubled = {key for key, count in evidence.sent.items() if count > 1}
        assert doubled <= evidence.in_flight, f"sent twice outside the crash window: {doubled}"
        assert all(count <= 2 for count in evidence.sent.values())
