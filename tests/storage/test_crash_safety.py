"""SIGKILL at random points: what was acknowledged survives, nothing is half there or doubled.

A real child process (tests/crash_child.py) runs the engine, the mentor desk and the outbox
on a TinyStore data folder and prints each fact only once it is true. The test kills it
with SIGKILL after a seeded-random number of output lines, restarts it on the same folder,
and finally checks the folder against everything the children claimed. Nothing sleeps: the
kill point is where the child happens to be when the parent reacts.
"""

from __future__ import annotations

import random
import signal
import subprocess
from pathlib import Path

from bot.domain import ItemStatus
from bot.storage import TinyStore
from tests.crash import Evidence, assert_nothing_lost_or_doubled, kill_after, spawn_child

KILLS = 6


def child(project: Path, data: Path, run: int, mentees: int) -> subprocess.Popen[str]:
    return spawn_child(str(project / "config"), str(data), str(run), str(mentees))


async def test_sigkill_at_random_points_loses_and_doubles_nothing(project: Path, tmp_path: Path) -> None:
    rng = random.Random(20261123)
    data = tmp_path / "data"
    evidence = Evidence()
    for run in range(KILLS):
        facts = rng.randint(1, 60)
        with child(project, data, run, mentees=500) as process:
            lines, stderr = kill_after(process, facts, timeout_s=30)
        assert "READY" in lines, f"run {run} did not start on the killed run's folder: {stderr[-2000:]}"
        resumed = lines[: lines.index("READY")]
        assert all(line.startswith("SENT ") for line in resumed), "only resumed sends come first"
        assert process.returncode == -signal.SIGKILL, f"run {run} ended before the kill: {stderr[-2000:]}"
        evidence.read(lines, was_killed=True)

    # A last run that finishes: it must resume whatever the kills left pending.
    with child(project, data, KILLS, mentees=3) as final:
        out, err = final.communicate(timeout=60)
    assert final.returncode == 0, err[-2000:]
    lines = out.splitlines()
    assert "READY" in lines and lines[-1] == "DONE"
    evidence.read(lines, was_killed=False)
    assert len(evidence.acked) >= KILLS, "the kills came too early to test anything"

    with TinyStore(data) as store:  # opens: no CorruptRecordError, lock free
        await assert_nothing_lost_or_doubled(store, evidence)
        # What a single folder can say more: answers whole, ids unique, the queue in step.
        items = [item for mentee in await store.list_mentees() for item in await store.items_of(mentee.user)]
        assert all(a.text.strip() for item in items for a in item.answers)
        assert len({i.id for i in items}) == len(items)
        waiting = {i.id for i in items if i.status is ItemStatus.WAITING}
        assert {i.id for i in await store.open_items()} == waiting, "the queue disagrees with people"
        assert {e.outbound.key for e in await store.list_outbox()} <= set(evidence.sent)
