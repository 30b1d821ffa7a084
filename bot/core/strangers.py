"""Abuse protection for people who are not enrolled: the only thing kept about them.

An unknown person gets a polite refusal, but a script hammering the bot must not get an
answer per message: messages are counted in memory only, under a hash of the platform
id, forgotten after the window. Wrong invitation codes are the one thing counted on disk
(InvitationGuard), because a restart must not hand a guesser fresh tries.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from collections import OrderedDict, deque
from datetime import datetime, timedelta
from enum import Enum
from typing import Protocol

from bot.domain import UserRef

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


CODE_FAILURES_PER_PERSON = 5
"""Wrong invitation codes one person may send per window before their codes are ignored."""
CODE_FAILURES_OVERALL = 30
"""Wrong codes from everyone together per window: past it, codes wait for the window to pass."""
GUARD_MARK = "invitations.failed_attempts"


class CodeVerdict(Enum):
    OPEN = "open"
    PERSON_LIMITED = "person_limited"
    EVERYONE_LIMITED = "everyone_limited"


class MarkStore(Protocol):
    def get_mark(self, name: str) -> str | None: ...

    def set_mark(self, name: str, value: str) -> None: ...


class InvitationGuard:
    """Wrong invitation codes, counted on disk so that a restart gives no fresh tries.

    Two limits: per person (a hash of their platform id, salted with a random value kept
    beside it) and overall, so that many accounts guessing together are stopped too. Only
    failures are written, each pruned once the window has passed: the mark holds at most
    CODE_FAILURES_OVERALL times, whatever the traffic. Codes have 31^8 (~8.5e11) values:
    30 guesses an hour leave an attacker about one chance in 3e10 per hour and per code.
    """

    def __init__(
        self,
        marks: MarkStore,
        *,
        per_person: int = CODE_FAILURES_PER_PERSON,
        overall: int = CODE_FAILURES_OVERALL,
        window: timedelta = WINDOW,
    ) -> None:
        self._marks = marks
        self._per_person = per_person
        self._overall = overall
        self._window = window

    def verdict(self, user: UserRef, now_at: datetime) -> CodeVerdict:
        salt, failures = self._load(now_at)
        if len(failures) >= self._overall:
            return CodeVerdict.EVERYONE_LIMITED
        mine = sum(1 for person, _ in failures if person == _hash(salt, user))
        return CodeVerdict.PERSON_LIMITED if mine >= self._per_person else CodeVerdict.OPEN

    def record_failure(self, user: UserRef, now_at: datetime) -> None:
        salt, failures = self._load(now_at)
        failures.append((_hash(salt, user), now_at))
        document = {
            "salt": salt,
            "failures": [[person, at.isoformat()] for person, at in failures[-self._overall :]],
        }
        self._marks.set_mark(GUARD_MARK, json.dumps(document, separators=(",", ":")))

    def _load(self, now_at: datetime) -> tuple[str, list[tuple[str, datetime]]]:
        """(salt, failures still inside the window); an unreadable mark restarts the count."""
        raw = self._marks.get_mark(GUARD_MARK)
        salt, failures = secrets.token_hex(16), []
        if raw:
            try:
                document = json.loads(raw)
                salt = str(document["salt"])
                failures = [(str(person), datetime.fromisoformat(at)) for person, at in document["failures"]]
            except (ValueError, KeyError, TypeError):
                log.warning("invitation attempts mark unreadable: count restarted mark=%s", GUARD_MARK)
        recent = [(p, at) for p, at in failures if at.tzinfo is not None and now_at - at < self._window]
        return salt, recent


def _hash(salt: str, user: UserRef) -> str:
    return hashlib.sha256(f"{salt}:{user.key}".encode()).hexdigest()[:24]
