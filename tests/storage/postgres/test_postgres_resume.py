"""The database gone just after a question was saved: its delivery resumes, nothing is redone.

A mentee sends a question through the real webhook path of one service on PostgreSQL (its
pool, advisory-lock isolation and inbox table). The moment the item and the conversation
are committed, the server stops, for longer than the store's retry window, before anything
of the turn is delivered (sending the acknowledgement reads the WhatsApp window from the
store, and fails). The turn is tried again until the database is back (the inbox entry
stays pending meanwhile), and then only what was not delivered goes out: the engine is not
run a second time (it would see the message id as handled and answer nothing), the
question is stored once, the mentee is told once that it was sent, and the inbox entry
ends handled.

The second test loses the commit's answer instead: the turn's write (the conversation with
the message's id and its answers remembered) reaches the server and commits, then the
server stops before the answer comes back, for longer than the retry window. The service
cannot tell this from a write that never happened, so it handles the message again once
the server is back, as a replay; the engine finds the id handled and gives back the
answers kept with the commit, which go out once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app import load_setup
from bot.domain import Consent, Conversation, Inbound, Item, Mentee, Outbound, UserRef
from bot.errors import StoreUnavailableError
from bot.runtime.clock import ManualClock
from bot.runtime.isolation import LocalIsolation
from bot.storage.postgres.inbox import PostgresInbox
from bot.storage.postgres.isolation import AdvisoryLockIsolation
from bot.storage.postgres.local import LocalPostgres
from bot.storage.postgres.schema import upgrade
from bot.storage.postgres.store import PostgresStore
from tests.channels.whatsapp.test_e2e_whatsapp import body_text, whatsapp_env
from tests.conftest import paris
from tests.e2e import wait_until
from tests.fakes import whatsapp_payloads as wa
from tests.fakes.graph_api import FakeGraphApi
from tests.storage.postgres.services import start_services, stop_services

APP_SECRET = "resume-secret"
MENTEE = "33655555555"
RETRY_S = 1.0
"""The store's and the locks' retry window here: the outage lasts three of them."""
OUTAGE_S = 3 * RETRY_S
ANSWERS = (
    "Mon équipe attend une décision que ma direction repousse depuis un mois.",
    "La motivation de l'équipe et ma crédibilité.",
    "J'ai relancé par écrit, sans réponse.",
    "Comment obtenir une décision sans passer par-dessus ma direction ?",
)
SENT = "envoyée"


@pytest.fixture
def server(postgres_server: LocalPostgres) -> Iterator[LocalPostgres]:
    """A server of its own: stopping the suite's would disturb the other tests."""
    own = LocalPostgres()
    try:
        own.start()
        yield own
    finally:
        own.remove()


class OutageAfterSubmission(PostgresStore):
    """The store, with `outage` run once right after the next submission is committed."""

    outage: Callable[[], Awaitable[None]] | None = None
    submitted = 0

    async def submit_item(self, item: Item, conversation: Conversation) -> None:
        await super().submit_item(item, conversation)
        self.submitted += 1
        if self.outage is not None:
            outage, self.outage = self.outage, None
            await outage()


class AnswerLostAfterCommit(PostgresStore):
    """The store, with the answer of the next conversation write lost after it committed:
    `outage` runs (the server stops), then the call fails as an unreachable store does."""

    outage: Callable[[], Awaitable[None]] | None = None
    committed = 0

    async def save_conversation(self, conversation: Conversation) -> None:
        await super().save_conversation(conversation)
        if self.outage is not None:
            self.committed += 1
            outage, self.outage = self.outage, None
            await outage()
            raise StoreUnavailableError("save_conversation: the server went away (test)")


@dataclass
class Resuming:
    """One service on its own database, the engine's inbounds counted, and the outage to
    hand the store: the server stopped, then started again after OUTAGE_S (`back` is set as
    it starts: the store may reach it before `start` has returned in its thread)."""

    service: Any
    client: httpx.AsyncClient
    handled: list[Inbound]
    back: asyncio.Event
    restarting: list[asyncio.Task[None]]
    server: LocalPostgres

    async def outage(self) -> None:
        await asyncio.to_thread(self.server.stop)

        async def restart() -> None:
            await asyncio.sleep(OUTAGE_S)
            self.back.set()
            await asyncio.to_thread(self.server.start)

        self.restarting.append(asyncio.create_task(restart()))

    async def post(self, message: dict[str, Any]) -> None:
        body = wa.encode(wa.messages(message))
        response = await self.client.post(
            f"http://127.0.0.1:{self.service.server.port}/webhooks/whatsapp",
            content=body,
            headers={"Content-Type": "application/json", "X-Hub-Signature-256": wa.sign(body, APP_SECRET)},
            timeout=60,
        )
        assert response.status_code == 200


@asynccontextmanager
async def resuming(
    store: PostgresStore,
    graph: FakeGraphApi,
    project: Path,
    server: LocalPostgres,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[Resuming]:
    """The mentee enrolled, the service started on `store` (opened here), stopped after."""
    setup = load_setup(project / "config")
    clock = ManualClock(paris("2026-11-23T10:00"))
    await store.open()
    consent = Consent(setup.settings.charter.version, clock.now())
    await store.save_mentee(Mentee(UserRef("whatsapp", MENTEE), "R-1", "mentor", "fr", clock.now(), consent))
    lock = await AdvisoryLockIsolation(
        store.url, local=LocalIsolation(), retry_s=RETRY_S, wait_s=2 * RETRY_S
    ).open()
    [service] = await start_services(setup, [store], [lock], clock, whatsapp_env(graph, APP_SECRET))
    handled: list[Inbound] = []
    engine_handle = service.engine.handle

    async def counted(inbound: Inbound) -> list[Outbound]:
        handled.append(inbound)
        return await engine_handle(inbound)

    monkeypatch.setattr(service.engine, "handle", counted)
    client = httpx.AsyncClient(limits=httpx.Limits(max_keepalive_connections=0))
    run = Resuming(service, client, handled, asyncio.Event(), [], server)
    try:
        yield run
    finally:
        for task in run.restarting:
            await task
        await client.aclose()
        await stop_services([service], [lock], [store])


@pytest.mark.slow
async def test_delivery_resumes_after_the_saved_question_without_handling_it_again(
    graph: FakeGraphApi,
    project: Path,
    server: LocalPostgres,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.delivery.reachable")
    url = server.create_database("resume")
    upgrade(url)
    store = OutageAfterSubmission(url, retry_s=RETRY_S)
    user = UserRef("whatsapp", MENTEE)

    def texts_to(wa_id: str) -> list[str]:
        return [body_text(m) for m in graph.messages if m.get("to") == wa_id]

    async with resuming(store, graph, project, server, monkeypatch) as run:

        async def post(message: dict[str, Any], expect: str) -> None:
            before = len(texts_to(MENTEE))
            await run.post(message)
            await wait_until(
                lambda: any(expect in t for t in texts_to(MENTEE)[before:]), repr(expect), timeout_s=60
            )

        now = run.service.clock.now()
        await post(wa.text(MENTEE, "/nouvelle", at=now), "1/4")
        for answer, expect in zip(ANSWERS, ("2/4", "3/4", "4/4", "thème"), strict=True):
            await post(wa.text(MENTEE, answer, at=now), expect)
        await post(wa.list_reply(MENTEE, "pick:team", "Mon équipe", at=now), "Voici votre question")
        store.outage = run.outage
        send = wa.button_reply(MENTEE, "review:send", "Envoyer", at=now)
        await post(send, SENT)
        assert run.back.is_set(), "the acknowledgement went out before the database was back"
        for channel in run.service.channels:
            await channel.wait_idle()

        retried = [r for r in caplog.records if "message tried again" in r.getMessage()]
        assert retried, "the turn never met the outage: the test tested nothing"
        assert store.submitted == 1, "the question was submitted again"
        handled = [inbound.message_id for inbound in run.handled]
        assert handled.count(f"wa:{send['id']}") == 1, "the engine handled the saved message a second time"
        assert sum(SENT in t for t in texts_to(MENTEE)) == 1, "the acknowledgement went out twice"
        [item] = await store.open_items("mentor")
        assert item.mentee == user
        assert ANSWERS[-1] in [answer.text for answer in item.answers]
        assert await PostgresInbox(store).pending("whatsapp") == [], "the event left pending"


@pytest.mark.slow
async def test_a_reply_whose_commit_answer_was_lost_is_sent_once_when_the_server_is_back(
    graph: FakeGraphApi,
    project: Path,
    server: LocalPostgres,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.delivery.reachable")
    url = server.create_database("lost")
    upgrade(url)
    store = AnswerLostAfterCommit(url, retry_s=RETRY_S)

    def prompts() -> int:
        return sum("1/4" in body_text(m) for m in graph.messages if m.get("to") == MENTEE)

    async with resuming(store, graph, project, server, monkeypatch) as run:
        store.outage = run.outage
        message = wa.text(MENTEE, "/nouvelle", at=run.service.clock.now())
        await run.post(message)
        await wait_until(lambda: prompts() >= 1, "the first step's prompt", timeout_s=90)
        assert run.back.is_set(), "the prompt went out before the database was back"
        for channel in run.service.channels:
            await channel.wait_idle()
        retried = [r for r in caplog.records if "message tried again" in r.getMessage()]
        assert retried, "the turn never met the outage: the test tested nothing"
        assert store.committed == 1, "the commit whose answer was lost never happened"
        assert [i.message_id for i in run.handled] == [f"wa:{message['id']}"] * 2, "not handled again"
        assert [i.is_replay for i in run.handled] == [False, True], "the second try is a replay"
        assert prompts() == 1, "the answer kept with the commit went out twice (or not at all)"
        conversation = await store.get_conversation(UserRef("whatsapp", MENTEE))
        assert conversation is not None and conversation.draft is not None, "the turn's draft lost"
        assert await PostgresInbox(store).pending("whatsapp") == [], "the event left pending"
