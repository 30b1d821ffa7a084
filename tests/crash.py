"""Shared by the SIGKILL tests (TinyDB and PostgreSQL): the child process, the kill, what the
children claimed, and the checks every store must pass against those claims."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field

from bot.domain import ItemStatus, OutboxStatus
from bot.ports import Store
from tests.conftest import REPO

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


def spawn_child(*args: str) -> subprocess.Popen[str]:
    """tests/crash_child.py with these arguments (config, store, run, mentees[, name])."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.crash_child", *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def kill_after(process: subprocess.Popen[str], facts: int, timeout_s: float) -> tuple[list[str], str]:
    """SIGKILL the child once it has printed `facts` lines; everything it printed, its stderr."""
    assert process.stdout is not None and process.stderr is not None
    lines: list[str] = []
    for line in process.stdout:
        lines.append(line.rstrip("\n"))
        if len(lines) >= facts:
            break
    process.send_signal(signal.SIGKILL)
    lines += process.stdout.read().splitlines()
    process.wait(timeout=timeout_s)
    return lines, process.stderr.read()


async def assert_nothing_lost_or_doubled(store: Store, evidence: Evidence) -> None:
    """Every acknowledged question is there once and whole; every answer and durable message
    went out, once, but the one in flight at a kill (sent, not yet marked sent)."""
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
