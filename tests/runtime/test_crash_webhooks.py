"""SIGKILL `cadre run` at random points while signed WhatsApp webhooks flow: nothing answered
200 is lost, nothing is handled twice.

A real `python -m bot.cli.main run` serves the webhook on 127.0.0.1 against the fake Graph
API of this process. Ten enrolled mentees each write three whole questions (seven
messages each: /nouvelle, four steps, a theme, send) at the same time, every message
retried with the same signed body until it is answered 200, as Meta does. The process is
killed after a seeded-random number of 200s, restarted on the same folder, killed
again... then a last run drains the inbox. Each mentee must end with exactly three items
whose four answers are exactly the four texts in order: a message lost would leave a
draft, one handled twice would shift an answer into the next step or store an item twice.

In the suite it kills 3 times; the documented run (docs/operations.md) kills 30 times:

    CADRE_CRASH_KILLS=30 .venv/bin/python -m pytest -q tests/runtime/test_crash_webhooks.py
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import socket
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import httpx

from benchmarks.process import start_cadre_run
from bot.app import load_setup
from bot.domain import Consent, Mentee, UserRef
from bot.storage import TinyStore
from tests.crash_child import ANSWERS
from tests.fakes import whatsapp_payloads as wa
from tests.fakes.graph_api import PHONE_NUMBER_ID, TOKEN, FakeGraphApi

KILLS = int(os.environ.get("CADRE_CRASH_KILLS", "3"))
MENTEES = 10
ROUNDS = 3
APP_SECRET = "crash-app-secret"
SCRIPT = ("/nouvelle", *ANSWERS, "1", "1")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _enrol(project: Path, data: Path) -> list[str]:
    setup = load_setup(project / "config")
    at = datetime.now(UTC)
    numbers = [f"3361000{n:04d}" for n in range(MENTEES)]
    with TinyStore(data) as store:
        for n, number in enumerate(numbers):
            await store.save_mentee(
                Mentee(
                    user=UserRef("whatsapp", number),
                    alias=f"K-{n}",
                    mentor="mentor",
                    locale="fr",
                    enrolled_at=at,
                    consent=Consent(setup.settings.charter.version, at),
                )
            )
    return numbers


class Traffic:
    """Every mentee's messages, each posted until a 200; counts what was acknowledged."""

    def __init__(self, numbers: list[str], port: int) -> None:
        self.url = f"http://127.0.0.1:{port}/webhooks/whatsapp"
        self.acked: Counter[str] = Counter()
        self.bodies = {
            number: [
                wa.encode(wa.messages(wa.text(number, text, at=datetime.now(UTC))))
                for _ in range(ROUNDS)
                for text in SCRIPT
            ]
            for number in numbers
        }

    @property
    def total(self) -> int:
        return sum(self.acked.values())

    async def send(self, number: str) -> None:
        async with httpx.AsyncClient(timeout=10) as client:
            for index, body in enumerate(self.bodies[number]):
                headers = {
                    "Content-Type": "application/json",
                    "X-Hub-Signature-256": wa.sign(body, APP_SECRET),
                }
                while True:
                    try:
                        response = await client.post(self.url, content=body, headers=headers)
                    except httpx.HTTPError:
                        response = None
                    if response is not None and response.status_code == 200:
                        self.acked[f"{number}:{index}"] += 1
                        break
                    await asyncio.sleep(0.02)  # the process is down or starting: Meta retries


async def _start(project: Path, data: Path, env: dict[str, str], port: int) -> asyncio.subprocess.Process:
    return await start_cadre_run(project / "config", data, env, port)


async def test_sigkill_while_webhooks_flow_loses_and_doubles_nothing(project: Path, tmp_path: Path) -> None:
    rng = random.Random(20261201)
    data = tmp_path / "data"
    numbers = await _enrol(project, data)
    graph = FakeGraphApi()
    await graph.start()
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CADRE_")},
        "CADRE_WHATSAPP_TOKEN": TOKEN,
        "CADRE_WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
        "CADRE_WHATSAPP_APP_SECRET": APP_SECRET,
        "CADRE_WHATSAPP_VERIFY_TOKEN": "verify",
        "CADRE_WHATSAPP_API_BASE_URL": graph.base_url,
        "CADRE_HTTP_PORT": str(port),
    }
    traffic = Traffic(numbers, port)
    senders = [asyncio.create_task(traffic.send(number)) for number in numbers]
    try:
        for _ in range(KILLS):
            process = await _start(project, data, env, port)
            target = traffic.total + rng.randint(1, 12)
            while traffic.total < target and not all(s.done() for s in senders):
                await asyncio.sleep(0.005)
            process.send_signal(signal.SIGKILL)
            assert await process.wait() == -signal.SIGKILL
        process = await _start(project, data, env, port)
        await asyncio.wait_for(asyncio.gather(*senders), 300)
        pending = data / "inbox" / "pending"
        for _ in range(6000):  # the last run drains what the kills left recorded
            if not list(pending.glob("*.json")):
                break
            await asyncio.sleep(0.01)
        process.send_signal(signal.SIGTERM)
        assert await process.wait() == 0
    finally:
        for sender in senders:
            sender.cancel()
        await graph.stop()

    assert traffic.total == MENTEES * ROUNDS * len(SCRIPT), "every message was answered 200 once"
    assert traffic.total > KILLS
    with TinyStore(data) as store:
        for number in numbers:
            user = UserRef("whatsapp", number)
            items = await store.items_of(user)
            assert len(items) == ROUNDS, f"{number}: {len(items)} items for {ROUNDS} questions sent"
            for item in items:
                texts = tuple(a.text for a in item.answers)
                assert texts == (*ANSWERS, "team"), f"{number}: an answer shifted"
            conversation = await store.get_conversation(user)
            assert conversation is not None and conversation.draft is None, f"{number}: a draft is left"
        refs = {i.ref for n in numbers for i in await store.items_of(UserRef("whatsapp", n))}
        assert len(refs) == MENTEES * ROUNDS
