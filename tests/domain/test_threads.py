"""start_threads: a pool's threads all up before its first work."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from bot.domain.threads import start_threads


def _alive(prefix: str) -> int:
    return sum(1 for thread in threading.enumerate() if thread.name.startswith(prefix))


def _double(n: int) -> int:
    return n * 2


def test_every_thread_of_the_pool_is_up_and_idle_afterwards() -> None:
    pool = ThreadPoolExecutor(max_workers=6, thread_name_prefix="test-started")
    try:
        assert _alive("test-started") == 0
        start_threads(pool, 6)
        assert _alive("test-started") == 6
        results = [pool.submit(_double, n) for n in range(12)]
        assert [r.result() for r in results] == [n * 2 for n in range(12)]
        assert _alive("test-started") == 6, "work runs on the threads already there"
    finally:
        pool.shutdown(wait=True)
