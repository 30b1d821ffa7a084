"""The one alphabet of references and codes, and the one rule for delivery statuses."""

from __future__ import annotations

from bot.domain.ids import READABLE_ALPHABET, moves_forward, readable_code


def test_readable_codes_avoid_look_alike_characters() -> None:
    codes = {readable_code(8) for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == 8 and set(c) <= set(READABLE_ALPHABET) for c in codes)
    assert not set("0O1IL") & set(READABLE_ALPHABET)


def test_delivery_statuses_only_move_forward_and_failed_ends() -> None:
    assert moves_forward(None, "sent") and moves_forward("sent", "read")
    assert not moves_forward("read", "delivered") and not moves_forward("read", "read")
    assert moves_forward("read", "failed") and not moves_forward("failed", "read")
    assert not moves_forward(None, "typing") and not moves_forward("sent", "unknown")
