"""A turn committed and never delivered: its inbox entry stays pending, the restart sends it.

Through the real WhatsApp webhook path of `cadre run`'s service on TinyDB: a mentee's
`/nouvelle` is handled and its turn committed (the draft opened, the message's id and its
answers kept in the conversation), then delivering the answer fails on the store (as an
outbox write refused by a database gone away would). The entry is not marked done, and the
process dies. The restarted service replays it: the core finds the message handled, gives
back the answers kept with its turn, and the first step's prompt goes out once. The engine
is not run twice over: the draft is the one the first turn opened.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import timedelta
from pathlib import Path

import pytest

from bot.domain import Outbound, UserRef
from bot.errors import StoreError
from bot.storage import TinyStore
from bot.storage.tiny.inbox import TinyInbox
from tests.e2e import wait_until
from tests.fakes.graph_api import FakeGraphApi
from tests.runtime.test_withheld import Platform, Run, _whatsapp, enrol


@pytest.fixture
async def graph() -> AsyncIterator[FakeGraphApi]:
    api = FakeGraphApi()
    await api.start()
    yield api
    await api.stop()


async def enrolled_run(
    project: Path, data: Path, graph: FakeGraphApi
) -> tuple[Platform, str, TinyStore, Run]:
    """A mentee enrolled on WhatsApp, and `cadre run`'s service on their TinyDB folder."""
    platform = await _whatsapp(graph)
    store = TinyStore(data)
    await enrol(project, store, platform)
    return platform, platform.ids[0], store, Run(project, data, platform, store)


async def test_an_answer_whose_delivery_failed_after_the_commit_is_sent_by_the_replay(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, graph: FakeGraphApi
) -> None:
    data = tmp_path / "data"
    platform, who, store, run = await enrolled_run(project, data, graph)

    async def refused(outbounds: Sequence[Outbound]) -> None:
        raise StoreError("outbox write refused (test)")

    monkeypatch.setattr(run.service.outbox, "deliver", refused)
    await run.service.start()
    assert await platform.post(run.port, who, "/nouvelle", 1) == 200
    await run.idle()
    assert not any("1/4" in t for t in platform.texts_to(who)), "the answer left: tested nothing"
    conversation = await store.get_conversation(UserRef("whatsapp", who))
    assert conversation is not None and conversation.draft is not None, "the turn was not committed"
    assert len(await TinyInbox(data, cipher_for=store.cipher_for).pending("whatsapp")) == 1, (
        "the entry was marked done with its answer undelivered"
    )
    await run.crash()

    again = Run(project, data, platform, TinyStore(data))
    await again.service.start()
    try:
        await wait_until(lambda: any("1/4" in t for t in platform.texts_to(who)), "the replayed prompt")
        await again.idle()
        assert sum("1/4" in t for t in platform.texts_to(who)) == 1
        replayed = await again.store.get_conversation(UserRef("whatsapp", who))
        assert replayed is not None and replayed.draft == conversation.draft, "the turn was run again"
    finally:
        await again.service.stop()
        await again.store.close()
    assert await TinyInbox(data).pending("whatsapp") == [], "the replayed entry is done"


async def test_a_prompt_the_platform_refused_past_the_quick_retries_goes_out_at_a_later_flush(
    project: Path, tmp_path: Path, graph: FakeGraphApi
) -> None:
    """A platform failing for longer than the quick retries no longer loses the prompt: it
    waits in memory (never in the outbox) and the outbox's periodic flush sends it once."""
    platform, who, store, run = await enrolled_run(project, tmp_path / "data", graph)
    await run.service.start()
    try:
        graph.fail_next_http(3, status=503)
        assert await platform.post(run.port, who, "/nouvelle", 1) == 200
        await run.idle()
        assert not any("1/4" in t for t in platform.texts_to(who)), "sent at once: tested nothing"
        held = len(run.service.outbox.held)  # the prompt, and what the turn said after it
        assert held >= 1
        assert await store.list_outbox() == [], "a held prompt was written to the outbox"
        run.clock.advance(timedelta(seconds=31))
        assert await run.service.outbox.flush() == held
        assert sum("1/4" in t for t in platform.texts_to(who)) == 1
        assert await run.service.outbox.flush() == 0
    finally:
        await run.service.stop()
        await store.close()
