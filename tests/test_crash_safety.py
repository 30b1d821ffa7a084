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
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.domain import ItemStatus, OutboxStatus
from bot.storage import TinyStore
from tests.conftest import REPO

KILLS = 6
STEPS = ("context", "stake", "tried", "question", "theme")


@dataclass
class Evidence:
    """What the children printed, across every run."""

    acked: list[str] = field(default_factory=list)
    sent: Counter[str] = field(default_factory=Counter)
    answered: dict[str, list[str]] = field(default_factory=dict)
    in_flight: set[str] = field(default_factory=set)
    """Keys whose SENT was a killed run's last word: the one send that may be repeated."""

    def read(self, lines: list[str], *, was_killed: bool) -> None:
        for line in lines:
            word, _, rest = line.partition(" ")
            if word == "ACK":
                self.acked.append(rest)
            elif word == "SENT":
                self.sent[rest] += 1
            elif word == "ANSWERED":
                ref, _, keys = rest.partition(" ")
                self.answered[ref] = keys.split(",") if keys else []
        if was_killed and lines and lines[-1].startswith("SENT "):
            self.in_flight.add(lines[-1].removeprefix("SENT "))


def child(project: Path, data: Path, run: int, mentees: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.crash_child",
            str(project / "config"),
            str(data),
            str(run),
            str(mentees),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


async def test_sigkill_at_random_points_loses_and_doubles_nothing(project: Path, tmp_path: Path) -> None:
    rng = random.Random(20261123)
    data = tmp_path / "data"
    evidence = Evidence()
    for run in range(KILLS):
        kill_after = rng.randint(1, 60)
        lines: list[str] = []
        with child(project, data, run, mentees=500) as process:
            assert process.stdout is not None and process.stderr is not None
            for line in process.stdout:
                lines.append(line.rstrip("\n"))
                if len(lines) >= kill_after:
                    break
            process.send_signal(signal.SIGKILL)
            lines += process.stdout.read().splitlines()
            process.wait(timeout=30)
            stderr = process.stderr.read()
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
        mentees = await store.list_mentees()
        items = [item for mentee in mentees for item in await store.items_of(mentee.user)]

        for ref in evidence.acked:
            found = await store.find_item_by_ref(ref)
            assert found is not None, f"acknowledged item {ref} was lost"

        for item in items:  # never half there
            assert [a.step for a in item.answers] == list(STEPS), item.ref
            assert all(a.text.strip() for a in item.answers), item.ref
        assert len({i.id for i in items}) == len(items)
        assert len({i.ref for i in items}) == len(items), "a reference was given twice"
        per_mentee = Counter(item.mentee for item in items)
        assert max(per_mentee.values()) == 1, "one question was stored twice"

        waiting = {i.id for i in items if i.status is ItemStatus.WAITING}
        assert {i.id for i in await store.open_items()} == waiting, "the queue disagrees with people"

        for ref, keys in evidence.answered.items():
            answered = await store.find_item_by_ref(ref)
            assert answered is not None and answered.status is ItemStatus.ANSWERED, ref
            assert len(answered.replies) == 1 and all(evidence.sent[key] >= 1 for key in keys)

        # The outbox: every durable message went out once; only the one in flight at a kill
        # (sent, not yet marked sent) may have gone out a second time after the restart.
        outbox = await store.list_outbox()
        assert all(e.status is OutboxStatus.SENT for e in outbox), "a pending entry did not resume"
        assert {e.outbound.key for e in outbox} <= set(evidence.sent)
        doubled = {key for key, count in evidence.sent.items() if count > 1}
        assert doubled <= evidence.in_flight, f"sent twice outside the crash window: {doubled}"
        assert all(count <= 2 for count in evidence.sent.values())
