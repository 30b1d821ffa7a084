"""Direct messages whose quick retries failed, held in memory and tried again later.

A prompt or an acknowledgement is not stored (bot.delivery.outbox): without this, a
platform down for longer than the quick retries would lose it, and the person who has just
written would hear nothing back. Such a message waits here instead, in memory only (nothing
of a conversation goes to disk for it), and the outbox's periodic flush tries it again with
the outbox's own backoff. Once a message waits for a person, the next direct messages to
that person wait behind it, so a prompt never overtakes the one said before it.

A held message is given up after `keep_for` (by then the person has written again or gone
on with their day), and a person's queue holds `per_person` messages at most (the oldest
go first). A restart loses what is held: a pending inbox entry replayed then sends its
turn's kept answers again, which is the store's share of the same promise.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain import Outbound, UserRef
from bot.errors import RetryableSendError, SendError
from bot.ports import Clock

log = logging.getLogger(__name__)

KEEP_FOR = timedelta(hours=1)
PER_PERSON = 20

Backoff = Callable[[int, float | None], timedelta]
Send = Callable[[Outbound], Awaitable[None]]
LogKey = Callable[[Outbound], str]


@dataclass
class HeldMessage:
    outbound: Outbound
    held_at: datetime
    attempts: int
    due_at: datetime


class HeldMessages:
    """Per person, in the order said; only the head of each queue is ever tried."""

    def __init__(
        self,
        clock: Clock,
        backoff: Backoff,
        log_key: LogKey,
        *,
        keep_for: timedelta = KEEP_FOR,
        per_person: int = PER_PERSON,
    ) -> None:
        self._clock = clock
        self._backoff = backoff
        self._log_key = log_key
        self._keep_for = keep_for
        self._per_person = per_person
        self._queues: dict[UserRef, deque[HeldMessage]] = {}
        self._flushing: set[UserRef] = set()

    def __len__(self) -> int:
        return sum(len(queue) for queue in self._queues.values())

    def is_waiting_for(self, user: UserRef) -> bool:
        return bool(self._queues.get(user))

    def hold(self, outbound: Outbound, attempts: int = 0, retry_after_s: float | None = None) -> None:
        """Hold a message behind what already waits for its person; a message already held
        (the same key: a replay's kept answer) is not held twice."""
        queue = self._queues.setdefault(outbound.to, deque())
        if any(held.outbound.key == outbound.key for held in queue):
            return
        now_at = self._clock.now()
        queue.append(HeldMessage(outbound, now_at, attempts, now_at + self._backoff(attempts, retry_after_s)))
        while len(queue) > self._per_person:
            dropped = queue.popleft()
            log.warning("held message given up, too many waiting key=%s", self._log_key(dropped.outbound))
        log.info("outbound held for a later try key=%s waiting=%d", self._log_key(outbound), len(queue))

    async def flush(self, send: Send, user: UserRef | None = None) -> int:
        """Try the due heads (of every person, or of `user`); returns how many were sent."""
        sent = 0
        for person in [user] if user is not None else list(self._queues):
            if person in self._flushing or person not in self._queues:
                continue
            self._flushing.add(person)
            try:
                sent += await self._flush_person(person, send)
            finally:
                self._flushing.discard(person)
                if not self._queues.get(person):
                    self._queues.pop(person, None)
        return sent

    async def _flush_person(self, person: UserRef, send: Send) -> int:
        queue = self._queues[person]
        sent = 0
        while queue:
            now_at = self._clock.now()
            head = queue[0]
            if now_at - head.held_at >= self._keep_for:
                queue.popleft()
                log.warning("held message given up, too old key=%s", self._log_key(head.outbound))
                continue
            if head.due_at > now_at:
                break
            try:
                await send(head.outbound)
            except RetryableSendError as error:
                head.attempts += 1
                head.due_at = now_at + self._backoff(head.attempts + 1, error.retry_after_s)  # growing
                log.info(
                    "held message not sent yet key=%s attempts=%d",
                    self._log_key(head.outbound),
                    head.attempts,
                )
                break
            except SendError as error:
                queue.popleft()
                log.warning(
                    "held message not sent key=%s error=%s",
                    self._log_key(head.outbound),
                    type(error).__name__,
                )
                continue
            queue.popleft()
            sent += 1
            log.info("held message sent key=%s attempts=%d", self._log_key(head.outbound), head.attempts + 1)
            if queue:  # what waited behind it is due now: the platform answers again
                queue[0].due_at = min(queue[0].due_at, now_at)
        return sent
