"""A dict bounded in size, the least recently written key leaving first.

Channels and guards remember recent ids (delivery statuses, message groups, strangers)
only to dedupe or rate-limit: memory must not follow the number of people ever seen.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class BoundedDict(OrderedDict[K, V]):
    """An OrderedDict where writing a key makes it the newest and, past `limit` keys, the
    oldest are dropped. Reading does not refresh a key."""

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError(f"'limit' must be at least 1 (got {limit})")
        super().__init__()
        self.limit = limit

    def __setitem__(self, key: K, value: V) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > self.limit:
            self.popitem(last=False)
