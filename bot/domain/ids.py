"""Identifiers: one alphabet for what people type, one pseudonym rule, one status ranking.

References (ABCD) and invitation codes (ABCD-EFGH) are read on a phone and typed back by
hand, so they avoid 0/O and 1/I/L.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping

READABLE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def readable_code(length: int) -> str:
    return "".join(secrets.choice(READABLE_ALPHABET) for _ in range(length))


def pseudonym(text: str, length: int = 32, *, purpose: str = "", key: bytes | None = None) -> str:
    """A stable name for `text` that does not show it (file names, marks, log tags): the hex
    SHA-256 of "purpose:text" (or of `text` alone), keyed (HMAC-SHA256) when `key` is given
    so that nobody without the key can test a guess. At most 64 characters."""
    message = (f"{purpose}:{text}" if purpose else text).encode("utf-8")
    if key is None:
        return hashlib.sha256(message).hexdigest()[:length]
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:length]


DELIVERY_RANKS: Mapping[str, int] = {"sent": 1, "delivered": 2, "read": 3, "failed": 4}
"""Platform delivery statuses in the order they happen; "failed" is terminal."""


def moves_forward(previous: str | None, status: str) -> bool:
    """Whether `status` is news after `previous`: statuses only move forward, "failed" ends."""
    rank = DELIVERY_RANKS.get(status)
    if rank is None:
        return False
    return previous is None or (previous != "failed" and rank > DELIVERY_RANKS.get(previous, 0))
