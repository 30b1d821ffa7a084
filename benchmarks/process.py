"""`cadre run` as a real child process, started and awaited the same way by the load run
(benchmarks/load.py) and the crash test over webhooks (tests/runtime/test_crash_webhooks.py)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import IO

import httpx

CHECKOUT = Path(__file__).resolve().parent.parent


class CadreDidNotStart(RuntimeError):
    """The child exited, or its probe never answered 200 in time; carries its stderr's tail."""


async def start_cadre_run(
    config_dir: Path,
    data_dir: Path,
    env: Mapping[str, str],
    port: int,
    *,
    probe: str = "/healthz",
    timeout_s: float = 30,
    is_stderr_kept: bool = True,
    stderr_log: Path | None = None,
) -> asyncio.subprocess.Process:
    """`python -m bot.cli.main run` on these folders, returned once `probe` answers 200 on
    127.0.0.1:`port`. Its stdout is dropped; its stderr is piped for the failure message
    (`is_stderr_kept=False` drops it too: a long run must not fill an unread pipe;
    `stderr_log` appends it to that file instead, for a test to show after a failure)."""
    stderr: int | IO[bytes] = asyncio.subprocess.PIPE if is_stderr_kept else asyncio.subprocess.DEVNULL
    if stderr_log is not None:
        stderr = stderr_log.open("ab")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli.main",
        "--config",
        str(config_dir),
        "--data",
        str(data_dir),
        "run",
        cwd=CHECKOUT,
        env=dict(env),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=stderr,
    )
    if not isinstance(stderr, int):
        stderr.close()  # the child has its own descriptor
    deadline = asyncio.get_running_loop().time() + timeout_s
    async with httpx.AsyncClient() as client:
        while asyncio.get_running_loop().time() < deadline and process.returncode is None:
            try:
                if (await client.get(f"http://127.0.0.1:{port}{probe}")).status_code == 200:
                    return process
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.01)  # polling a real process's readiness, not a test's wait
    if process.returncode is None:
        process.kill()
    raw = await process.stderr.read() if process.stderr is not None else b""
    if stderr_log is not None:
        raw = stderr_log.read_bytes()
    tail = raw.decode("utf-8", errors="replace")[-2000:]
    raise CadreDidNotStart(f"cadre run did not become ready on {probe} (exit {process.returncode}): {tail}")
