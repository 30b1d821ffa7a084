"""Two Cadre processes on one PostgreSQL database cannot both long-poll one Telegram bot.

Telegram itself cannot be asked which process polls: it answers 409 to the OLDER long poll
when a newer one arrives, so a probe would cut the running poller off. The process that
polls holds the bot's polling right as a session lock in the database (the key a hash of
the token); a second process refuses to start polling and names webhook mode; once the
first process is gone (its database session ends with it), another may poll.
"""

from __future__ import annotations

import psycopg
import pytest

from bot.app import exclusive_guard
from bot.channels.telegram.channel import TelegramChannel
from bot.domain import Inbound
from bot.errors import ChannelError
from bot.runtime.clock import ManualClock
from bot.storage.postgres.liveness import EXCLUSIVE_CLASS
from bot.storage.postgres.store import PostgresStore
from tests.channels.telegram.test_telegram import MENU
from tests.conftest import paris
from tests.fakes.telegram_api import FakeTelegramApi


async def ignore(inbound: Inbound) -> None:
    """Nothing is sent to the bot here."""


def polling_locks(url: str) -> int:
    with psycopg.connect(url) as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND granted",
            (EXCLUSIVE_CLASS,),
        ).fetchone()
    return int(row[0]) if row else -1


async def test_a_second_process_refuses_to_poll_the_same_bot_until_the_first_is_gone(
    postgres_url: str, fake_telegram: FakeTelegramApi
) -> None:
    clock = ManualClock(paris("2026-11-23T10:00"))

    def channel(store: PostgresStore) -> TelegramChannel:
        return TelegramChannel(
            fake_telegram.token,
            clock=clock,
            base_url=fake_telegram.base_url,
            poll_timeout_s=1,
            menu=MENU,
            poll_guard=exclusive_guard(store),
        )

    first_store = await PostgresStore(postgres_url).open()
    first = channel(first_store)
    await first.start(ignore)
    try:
        assert polling_locks(postgres_url) == 1
        async with PostgresStore(postgres_url) as second_store:
            second = channel(second_store)
            with pytest.raises(ChannelError, match=r"another Cadre process.*CADRE_TELEGRAM_WEBHOOK_URL"):
                await second.start(ignore)
            await second.stop()
        assert first._poll_task is not None and not first._poll_task.done(), "the first one polls on"
        assert len(fake_telegram.calls_to("deleteWebhook")) == 1, "the refused one touched nothing"
    finally:
        await first.stop()
        await first_store.close()  # the process is gone: its session, and the lock, with it
    assert polling_locks(postgres_url) == 0
    async with PostgresStore(postgres_url) as third_store:
        third = channel(third_store)
        await third.start(ignore)
        try:
            assert third._poll_task is not None and not third._poll_task.done()
        finally:
            await third.stop()
