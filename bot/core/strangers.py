"""Abuse protection for people who are not enrolled: the only thing kept about them.

An unknown person gets a polite refusal, but a script hammering the bot (or guessing
invitation codes) must not get an answer per message. Attempts are counted in memory
only, under a hash of the platform id, forgotten after the window, never written to disk.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict, deque
from datetime import datetime, timedelta

from bot.domain import UserRef

ATTEMPTS_PER_WINDOW = 5
WINDOW = timedelta(hours=1)
MAX_TRACKED = 10_000


class StrangerLimiter:
    """Allows a few attempts per person and window; then silence until the window passes."""

    def __init__(
        self, attempts: int = ATTEMPTS_PER_WINDOW, window: timedelta = WINDOW, max_tracked: int = MAX_TRACKED
    ) -> None:
        self._attempts = attempts
        self._window = window
        self._max_tracked = max_tracked
        self._seen: OrderedDict[str, deque[datetime]] = OrderedDict()

    def allow(self, user: UserRef, now_at: datetime) -> bool:
        """Record one attempt; False once this person has used up the window's attempts."""
        key = hashlib.sha256(user.key.encode()).hexdigest()[:24]
        times = self._seen.pop(key, deque())
        while times and now_at - times[0] >= self._window:
            times.popleft()
        is_allowed = len(times) < self._attempts
        if is_allowed:
            times.append(now_at)
        self._seen[key] = times
        while len(self._seen) > self._max_tracked:
            self._seen.popitem(last=False)
        return is_allowed

    def forget(self, user: UserRef) -> None:
        """Once enrolled, a person is no longer a stranger."""
        self._seen.pop(hashlib.sha256(user.key.encode()).hexdigest()[:24], None)
