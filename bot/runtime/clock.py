"""The only source of "now". Tests and `cadre console --at` move a controllable clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class SystemClock:
    """Real time, as an aware UTC datetime."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to: deterministic tests without sleeping."""

    def __init__(self, start_at: datetime) -> None:
        if start_at.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start_at.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delay: timedelta) -> datetime:
        self._now += delay
        return self._now

    def set(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = at.astimezone(UTC)


class OffsetClock:
    """Runs at real speed from a chosen start: `cadre console --at` previews an evening."""

    def __init__(self, start_at: datetime) -> None:
        self._offset = start_at.astimezone(UTC) - datetime.now(UTC)

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset
