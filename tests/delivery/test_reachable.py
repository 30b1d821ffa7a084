"""until_reachable: work tried again while the store is unreachable, other errors passed on."""

from __future__ import annotations

import pytest

from bot.delivery.reachable import until_reachable
from bot.errors import StoreError, StoreUnavailableError


async def test_the_attempt_is_repeated_until_the_store_answers() -> None:
    tries: list[int] = []

    async def attempt() -> str:
        tries.append(len(tries))
        if len(tries) < 3:
            raise StoreUnavailableError("database restarting")
        return "kept"

    assert await until_reachable(attempt, what="test", pause_s=0) == "kept"
    assert len(tries) == 3


async def test_another_store_error_is_not_repeated() -> None:
    tries: list[int] = []

    async def attempt() -> None:
        tries.append(1)
        raise StoreError("constraint")

    with pytest.raises(StoreError, match="constraint"):
        await until_reachable(attempt, what="test", pause_s=0)
    assert tries == [1]
