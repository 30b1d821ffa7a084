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


def test_pseudonym_is_stable_sized_and_hides_the_text() -> None:
    import hashlib
    import hmac

    from bot.domain.ids import pseudonym

    assert pseudonym("1001", 16) == hashlib.sha256(b"1001").hexdigest()[:16]
    assert pseudonym("A-17", 32, purpose="journey") == hashlib.sha256(b"journey:A-17").hexdigest()[:32]
    keyed = pseudonym("336", 64, purpose="mark", key=b"secret")
    assert keyed == hmac.new(b"secret", b"mark:336", hashlib.sha256).hexdigest()
    assert "1001" not in pseudonym("1001") and len(pseudonym("1001")) == 32
    assert pseudonym("336", key=b"a") != pseudonym("336", key=b"b")
