"""Reading stored instants back: pure, no clock (the core never asks for "now" here)."""

from __future__ import annotations

from datetime import datetime


def parse_aware(text: str | None) -> datetime | None:
    """A stored ISO instant; None when blank, unreadable or naive (treated as unknown)."""
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None
