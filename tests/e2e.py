"""Shared pieces of the end-to-end channel tests: a mentor on a channel, waiting, sleeping."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

from bot.runtime.clock import ManualClock


def mentor_on(project: Path, channel: str, account: str) -> Path:
    """The repo's config with the default mentor also reachable on `channel`."""
    path = project / "config" / "cadre.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "      console: mentor", f'      console: mentor\n      {channel}: "{account}"'
        ),
        encoding="utf-8",
    )
    return project / "config"


async def wait_until(predicate: Callable[[], bool], what: str, timeout_s: float = 15) -> None:
    """Poll a condition the service reaches over real HTTP; fail with what was awaited."""
    for _ in range(int(timeout_s / 0.01)):
        if predicate():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


def clock_sleep(clock: ManualClock) -> Callable[[float], Awaitable[None]]:
    """Rate limits and retries wait on the test clock, not in real time."""

    async def sleep(seconds: float) -> None:
        clock.advance(timedelta(seconds=seconds))
        await asyncio.sleep(0)

    return sleep
