"""Two `cadre run` services on one PostgreSQL: 50 mentees, a mentor, redelivered webhooks.

Each service has its own pool, its own advisory-lock isolation and its own webhook server,
as two processes behind a load balancer would; the load balancer here sends each webhook
to one of them at random, and redelivers a third of them to the other one at the same
time. What must hold: every question stored once, every acknowledgement, answer and
digest sent once.

Each service records webhooks in the database's inbox, as `cadre run` does: the first
contact (the invitation code) is redelivered too, and its welcome goes out once, although
nothing about the person is stored before consent: the inbox's unique key refuses the
second copy, whichever process it reaches and however close together.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app import load_setup
from bot.core.invitations import create_invitation
from bot.domain import Item, ItemStatus, UserRef
from bot.runtime.clock import ManualClock
from bot.runtime.isolation import LocalIsolation
from bot.runtime.service import Service
from bot.storage.postgres.isolation import AdvisoryLockIsolation
from bot.storage.postgres.store import PostgresStore
from tests.channels.whatsapp.test_e2e_whatsapp import body_text, whatsapp_env
from tests.conftest import paris
from tests.e2e import mentor_on, wait_until
from tests.fakes import whatsapp_payloads as wa
from tests.fakes.graph_api import FakeGraphApi
from tests.storage.postgres.services import start_services, stop_services

APP_SECRET = "two-services-secret"
MENTOR = "33622222222"
MENTEES = 50
ANSWERED = 10
REDELIVERED_SHARE = 0.33
ANSWERS = (
    "Deux personnes de mon équipe ne se parlent plus depuis la réorganisation.",
    "La confiance de l'équipe et les délais du projet.",
    "Une réunion commune, sans effet.",
    "Comment rétablir un dialogue minimal sans prendre parti ?",
)


class Balancer:
    """Sends a webhook to one service, sometimes to both at once (a redelivery)."""

    def __init__(self, services: list[Service], rng: random.Random, client: httpx.AsyncClient) -> None:
        self.services = services
        self.rng = rng
        self.redelivered = 0
        self.client = client  # one client: a new one per webhook costs more than the webhook

    async def post(self, message: dict[str, Any], *, both: bool = False) -> None:
        body = wa.encode(wa.messages(message))
        first = self.rng.randrange(len(self.services))
        targets = [first]
        if both or self.rng.random() < REDELIVERED_SHARE:
            targets.append(1 - first)
            self.redelivered += 1
        responses = await asyncio.gather(
            *(
                self.client.post(
                    f"http://127.0.0.1:{self.services[t].server.port}/webhooks/whatsapp",
                    content=body,
                    headers={
                        "Content-Type": "application/json",
                        "X-Hub-Signature-256": wa.sign(body, APP_SECRET),
                    },
                    timeout=60,
                )
                for t in targets
            )
        )
        assert [r.status_code for r in responses] == [200] * len(targets)


@pytest.mark.slow
async def test_two_services_fifty_mentees_a_mentor_and_redeliveries_double_nothing(
    graph: FakeGraphApi, project: Path, postgres_url: str
) -> None:
    config_dir = mentor_on(project, "whatsapp", MENTOR)
    clock = ManualClock(paris("2026-11-23T10:00"))
    env = whatsapp_env(graph, APP_SECRET)
    setup = load_setup(config_dir)
    stores = [await PostgresStore(postgres_url).open() for _ in range(2)]
    isolations = [await AdvisoryLockIsolation(postgres_url, local=LocalIsolation()).open() for _ in range(2)]
    services = await start_services(setup, stores, isolations, clock, env)
    # No keep-alive: a connection the server closed while idle would fail the next post.
    client = httpx.AsyncClient(limits=httpx.Limits(max_keepalive_connections=0))
    balancer = Balancer(services, random.Random(20261123), client)
    mentees = [f"3361{n:07d}" for n in range(MENTEES)]
    try:
        codes = [
            (
                await create_invitation(
                    stores[0], alias=f"T-{n}", mentor="mentor", now_at=clock.now(), ttl=timedelta(days=7)
                )
            ).code
            for n in range(MENTEES)
        ]

        seen_count = 0
        by_recipient: dict[str, list[str]] = {}

        def texts_to(wa_id: str) -> list[str]:
            """What the fake Graph API received for one number (indexed as it grows)."""
            nonlocal seen_count
            messages = graph.messages
            for message in messages[seen_count:]:
                by_recipient.setdefault(str(message.get("to")), []).append(body_text(message))
            seen_count = len(messages)
            return by_recipient.get(wa_id, [])

        async def write_a_question(wa_id: str, code: str) -> None:
            steps = [
                (wa.text(wa_id, code, at=clock.now()), "Acceptez-vous cette charte"),
                (wa.button_reply(wa_id, "consent:accept", "J'accepte", at=clock.now()), "c'est noté"),
                (wa.text(wa_id, "/nouvelle", at=clock.now()), "1/4"),
                *(
                    (wa.text(wa_id, answer, at=clock.now()), expect)
                    for answer, expect in zip(ANSWERS, ("2/4", "3/4", "4/4", "thème"), strict=True)
                ),
                (wa.list_reply(wa_id, "pick:team", "Mon équipe", at=clock.now()), "Voici votre question"),
                (wa.button_reply(wa_id, "review:send", "Envoyer", at=clock.now()), "envoyée"),
            ]
            for number, (message, expect) in enumerate(steps):
                before = len(texts_to(wa_id))
                # the first contact always reaches both services at once
                await balancer.post(message, both=number == 0)

                # a person reads the bot's answer before writing on
                def arrived(expect: str = expect, before: int = before) -> bool:
                    return any(expect in t for t in texts_to(wa_id)[before:])

                await wait_until(
                    arrived,
                    f"{expect!r} to {wa_id}",
                    timeout_s=120,
                )

        await asyncio.gather(*(write_a_question(m, c) for m, c in zip(mentees, codes, strict=True)))

        await wait_until(
            lambda: all(any("envoyée" in t for t in texts_to(m)) for m in mentees), "every acknowledgement"
        )
        items = await stores[0].open_items("mentor")
        assert len(items) == MENTEES
        assert Counter(i.mentee.id for i in items) == Counter({m: 1 for m in mentees})
        for wa_id in mentees:
            assert sum("envoyée" in t for t in texts_to(wa_id)) == 1, f"{wa_id}: acknowledged twice"
            welcomes = sum("Acceptez-vous cette charte" in t for t in texts_to(wa_id))
            assert welcomes == 1, f"{wa_id}: welcomed {welcomes} times"
        assert balancer.redelivered > MENTEES

        # The mentor writes (opening the WhatsApp window), then both services reach the
        # window's next opening at once: one digest.
        await balancer.post(wa.text(MENTOR, "/aide", at=clock.now()))
        await wait_until(lambda: any("/liste" in t for t in texts_to(MENTOR)), "the help to the mentor")
        clock.set(paris("2026-11-24T08:00"))
        before = len(texts_to(MENTOR))
        await asyncio.gather(*(service.digest.run_due(clock.now()) for service in services))
        digest = texts_to(MENTOR)[before:]
        assert digest, "no digest"
        assert len(digest) == len(set(digest)), "a digest message went out twice"

        # The mentor answers ten items by replying to their copies; every reply redelivered.
        entries = [e for e in await stores[1].list_outbox() if e.outbound.to == UserRef("whatsapp", MENTOR)]
        copies = {e.outbound.item_ref: e for e in entries if e.outbound.item_ref and e.platform_message_id}
        chosen = [i for i in items if i.ref in copies][:ANSWERED]
        assert len(chosen) == ANSWERED
        balancer.rng = random.Random(1)
        for item in chosen:
            answer = f"Pour {item.ref} : proposez un entretien à trois, centré sur le travail commun."
            await balancer.post(
                wa.text(MENTOR, answer, at=clock.now(), context_id=copies[item.ref].platform_message_id)
            )
        for item in chosen:

            def answered(item: Item = item) -> bool:
                return any(f"Pour {item.ref}" in t for t in texts_to(item.mentee.id))

            await wait_until(
                answered,
                f"the answer to {item.ref}",
                timeout_s=120,
            )
        for service in services:  # every accepted webhook handled, redeliveries included
            for channel in service.channels:
                await channel.wait_idle()  # type: ignore[attr-defined]
        for item in chosen:
            stored = await stores[0].get_item(item.id)
            assert stored is not None and stored.status is ItemStatus.ANSWERED, item.ref
            assert len(stored.replies) == 1, f"{item.ref}: answered twice"
            delivered = sum(f"Pour {item.ref}" in t for t in texts_to(item.mentee.id))
            assert delivered == 1, f"{item.ref}: delivered {delivered} times"
    finally:
        await client.aclose()
        await stop_services(services, isolations, stores)
