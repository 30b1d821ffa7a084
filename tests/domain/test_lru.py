"""BoundedDict: memory bounded, the least recently written key leaving first."""

from __future__ import annotations

import pytest

from bot.domain.lru import BoundedDict


def test_oldest_written_key_leaves_first() -> None:
    seen: BoundedDict[str, int] = BoundedDict(2)
    seen["a"] = 1
    seen["b"] = 2
    seen["a"] = 3  # rewritten: now the newest
    seen["c"] = 4
    assert list(seen.items()) == [("a", 3), ("c", 4)]


def test_reading_does_not_refresh() -> None:
    seen: BoundedDict[str, int] = BoundedDict(2)
    seen["a"] = 1
    seen["b"] = 2
    assert seen.get("a") == 1
    seen["c"] = 3
    assert "a" not in seen and list(seen) == ["b", "c"]


def test_limit_must_be_positive() -> None:
    with pytest.raises(ValueError, match="'limit' must be at least 1"):
        BoundedDict[str, int](0)
