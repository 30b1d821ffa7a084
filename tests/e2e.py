"""Shared pieces of the end-to-end channel tests: a mentor on a channel, waiting, sleeping."""

from __future__ import annotations

import asyncio
import contextlib
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


async def post_chunked_until_answered(
    port: int, path: str, headers: dict[str, str], *, total_bytes: int, chunk_bytes: int = 64 * 1024
) -> tuple[int, int]:
    """POST a chunked body of `total_bytes` over a raw socket, stopping when the server answers.

    Returns (HTTP status, bytes of body sent before the answer came): a server that refuses
    early answers long before the whole body is written.
    """
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Transfer-Encoding: chunked"]
    head += [f"{name}: {value}" for name, value in headers.items()]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode("ascii"))
    answer = asyncio.ensure_future(reader.readline())
    sent = 0
    chunk = b"{" + b" " * (chunk_bytes - 1)
    try:
        while sent < total_bytes and not answer.done():
            writer.write(f"{len(chunk):x}\r\n".encode("ascii") + chunk + b"\r\n")
            try:
                await asyncio.wait_for(writer.drain(), 1)
            except (ConnectionError, TimeoutError):
                break
            sent += len(chunk)
            await asyncio.sleep(0)
        if sent >= total_bytes and not answer.done():
            writer.write(b"0\r\n\r\n")
        status_line = await asyncio.wait_for(answer, 10)
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()
    return int(status_line.split()[1]), sent
