"""Identifiers people read and type: one alphabet, and the one rule for delivery statuses.

References (ABCD) and invitation codes (ABCD-EFGH) are read on a phone and typed back by
hand, so they avoid 0/O and 1/I/L.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping

READABLE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def readable_code(length: int) -> str:
    return "".join(secrets.choice(READABLE_ALPHABET) for _ in range(length))


DELIVERY_RANKS: Mapping[str, int] = {"sent": 1, "delivered": 2, "read": 3, "failed": 4}
"""Platform delivery statuses in the order they happen; "failed" is terminal."""


def moves_forward(previous: str | None, status: str) -> bool:
    """Whether `status` is news after `previous`: statuses only move forward, "failed" ends."""
    rank = DELIVERY_RANKS.get(status)
    if rank is None:
        return False
    return previous is None or (previous != "failed" and rank > DELIVERY_RANKS.get(previous, 0))
