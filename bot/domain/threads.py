"""Thread pools whose threads all exist before the first burst of work.

`ThreadPoolExecutor` starts a thread only when work finds none idle, and the caller waits
for it to come up: fifty people writing at once to a service just started would pay for
the pool's threads on the event loop, in the middle of their burst. A pool started here
pays once, at start-up.
"""

from __future__ import annotations

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor, wait

START_TIMEOUT_S = 5.0
"""How long a thread waits for the others to come up; past it they stop waiting."""


def start_threads(pool: ThreadPoolExecutor, threads: int) -> None:
    """Bring up `threads` threads of a pool nobody uses yet: each task waits at a barrier
    until all have started, so none is idle when the next is submitted and the pool starts
    one more each time. Returns once every task is done (the threads stay, idle)."""
    barrier = threading.Barrier(threads, timeout=START_TIMEOUT_S)
    tasks = [pool.submit(barrier.wait) for _ in range(threads)]
    wait(tasks)
    for task in tasks:
        with contextlib.suppress(threading.BrokenBarrierError):
            task.result()  # a barrier broken by a slow start: the pool starts the rest later
