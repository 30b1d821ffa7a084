"""Abuse protection for people who are not enrolled: the only thing kept about them.

An unknown person gets a polite refusal, but a script hammering the bot must not get an
answer per message: messages are counted in memory only, under a hash of the platform
id, forgotten after the window. Wrong invitation codes are the one thing counted on disk
(InvitationGuard), because a restart must not hand a guesser fresh tries; there the
sender is a keyed hash (HMAC-SHA-256) under the store's own secret, created once per data
folder or database: without that secret, a copy of the table cannot be matched against a
list of phone numbers.
"""

from __future__ import annotations

import logging
from collections import deque
from datetime import datetime, timedelta
from enum import Enum
from typing import Protocol

from bot.domain import UserRef
from bot.domain.ids import pseudonym
from bot.domain.lru import BoundedDict

log = logging.getLogger(__name__)

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
        self._seen: BoundedDict[str, deque[datetime]] = BoundedDict(max_tracked)

    def allow(self, user: UserRef, now_at: datetime) -> bool:
        """Record one attempt; False once this person has used up the window's attempts."""
        key = pseudonym(user.key, 24)
        times = self._seen.pop(key, deque())
        while times and now_at - times[0] >= self._window:
            times.popleft()
        is_allowed = len(times) < self._attempts
        if is_allowed:
            times.append(now_at)
        self._seen[key] = times
        return is_allowed

    def forget(self, user: UserRef) -> None:
        """Once enrolled, a person is no longer a stranger."""
        self._seen.pop(pseudonym(user.key, 24), None)


CODE_FAILURES_PER_PERSON = 5
"""Wrong invitation codes one person may send per window before their codes are ignored."""
CODE_FAILURES_OVERALL = 30
"""Wrong codes from everyone together per window: past it, codes wait for the window to pass."""


class CodeVerdict(Enum):
    OPEN = "open"
    PERSON_LIMITED = "person_limited"
    EVERYONE_LIMITED = "everyone_limited"


class FailedCodes(Protocol):
    """The slice of the InvitationStore this guard needs (bot.ports)."""

    async def failed_codes(self, since_at: datetime) -> list[tuple[str, datetime]]: ...

    async def add_failed_code(self, who: str, at: datetime, *, forget_before: datetime) -> None: ...

    async def code_guard_key(self) -> bytes: ...


class InvitationGuard:
    """Wrong invitation codes, counted in the store so that a restart gives no fresh tries.

    Two limits: per person (a 64-bit hash of their platform id) and overall, so that many
    accounts guessing together are stopped too. Only failures are kept, each dropped once
    the window has passed: at most CODE_FAILURES_OVERALL per window, whatever the traffic.
    Codes have 31^8 (~8.5e11) values: 30 guesses an hour leave an attacker about one
    chance in 3e10 per hour and per code.
    """

    def __init__(
        self,
        store: FailedCodes,
        *,
        per_person: int = CODE_FAILURES_PER_PERSON,
        overall: int = CODE_FAILURES_OVERALL,
        window: timedelta = WINDOW,
    ) -> None:
        self._store = store
        self._per_person = per_person
        self._overall = overall
        self._window = window
        self._key: bytes | None = None

    async def _guesser(self, user: UserRef) -> str:
        if self._key is None:
            self._key = await self._store.code_guard_key()
        return code_guesser(user, self._key)

    async def verdict(self, user: UserRef, now_at: datetime) -> CodeVerdict:
        failures = [
            (who, at)
            for who, at in await self._store.failed_codes(now_at - self._window)
            if now_at - at < self._window
        ]
        if len(failures) >= self._overall:
            return CodeVerdict.EVERYONE_LIMITED
        me = await self._guesser(user)
        mine = sum(1 for who, _ in failures if who == me)
        return CodeVerdict.PERSON_LIMITED if mine >= self._per_person else CodeVerdict.OPEN

    async def record_failure(self, user: UserRef, now_at: datetime) -> None:
        who = await self._guesser(user)
        await self._store.add_failed_code(who, now_at, forget_before=now_at - self._window)


def code_guesser(user: UserRef, key: bytes) -> str:
    """Who sent a wrong code, as the store keeps it: a keyed hash, never the platform id."""
    return pseudonym(user.key, 16, key=key)
