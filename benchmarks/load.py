"""Load run: does one person flooding the bot slow down everyone else?

A real `cadre run` process (real engine, real screening, TinyStore and the durable inbox
on disk under the current folder) serves 51 enrolled mentees. This process plays the
platforms: the loopback fakes of the Bot API and the Graph API (tests/fakes) receive
Cadre's replies and note when each chat's first reply arrived; it also plays the
mentees, posting signed webhooks (or queuing updates for Telegram polling).

Scenarios, each on a fresh data folder:

- telegram-polling, telegram-webhook, whatsapp: one mentee sends FLOOD messages as fast
  as they are accepted; while the flood is in flight, 50 others each send /aide. What is
  printed is the others' reply latency (from their message to their reply reaching the
  platform): target p99 <= 1 s.
- whatsapp-50: 50 mentees write /aide at the same moment, no flood: target p99 <= 100 ms.

    .venv/bin/python -m benchmarks.load            # every scenario (~1-2 min)
    .venv/bin/python -m benchmarks.load --flood 200 --only whatsapp-50

The fakes and the load share this process's event loop: on a busy machine they add their
own delay to the figures, never remove any. Telegram's own limits apply as Cadre enforces
them (one message per second per chat, thirty per second overall).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import shutil
import signal
import socket
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from starlette.requests import Request
from starlette.responses import Response

from benchmarks.process import CadreDidNotStart, start_cadre_run
from bot.app import load_setup
from bot.domain import Consent, Mentee, UserRef
from bot.storage import TinyStore
from tests.fakes import whatsapp_payloads as wa
from tests.fakes.graph_api import PHONE_NUMBER_ID, TOKEN, FakeGraphApi
from tests.fakes.telegram_api import FakeTelegramApi

CHECKOUT = Path(__file__).resolve().parent.parent
OTHERS = 50
DEFAULT_FLOOD = 500
APP_SECRET = "load-app-secret"
TG_TOKEN = "123456:LOAD-token"
TG_SECRET = "load-secret"
TARGET_FLOOD_P99_S = 1.0
TARGET_BURST_P99_S = 0.1
SCENARIOS = ("telegram-polling", "telegram-webhook", "whatsapp", "whatsapp-50")


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


class TimedTelegram(FakeTelegramApi):
    """The Bot API fake, noting when each chat received its first message."""

    def __init__(self) -> None:
        super().__init__(token=TG_TOKEN)
        self.first_reply_at: dict[str, float] = {}

    async def _api_sendMessage(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        self.first_reply_at.setdefault(str(params["chat_id"]), time.monotonic())
        return await super()._api_sendMessage(params, files)


class TimedGraph(FakeGraphApi):
    """The Graph API fake, noting when each recipient received their first message."""

    def __init__(self) -> None:
        super().__init__()
        self.first_reply_at: dict[str, float] = {}

    async def _messages(self, request: Request) -> Response:
        response = await super()._messages(request)
        payload = self.calls[-1].json or {}
        self.first_reply_at.setdefault(str(payload.get("to")), time.monotonic())
        return response


@dataclass
class Result:
    scenario: str
    latencies_s: list[float]
    target_s: float
    flood: int

    def line(self) -> str:
        p50, p99 = percentile(self.latencies_s, 0.5), percentile(self.latencies_s, 0.99)
        verdict = "ok" if p99 <= self.target_s else "over target"
        return (
            f"{self.scenario:<17} flood={self.flood:<4} others={len(self.latencies_s):<3} "
            f"p50={p50 * 1000:7.1f} ms  p99={p99 * 1000:7.1f} ms  "
            f"max={max(self.latencies_s) * 1000:7.1f} ms  "
            f"target p99<={self.target_s * 1000:.0f} ms: {verdict}"
        )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _enrol(data: Path, channel: str, ids: list[str]) -> None:
    setup = load_setup(CHECKOUT / "config")
    at = datetime.now(UTC)
    with TinyStore(data) as store:
        for n, ident in enumerate(ids):
            consent = Consent(setup.settings.charter.version, at)
            await store.save_mentee(Mentee(UserRef(channel, ident), f"L-{n}", "mentor", "fr", at, consent))


async def _start_cadre(data: Path, env: dict[str, str], port: int) -> asyncio.subprocess.Process:
    try:
        return await start_cadre_run(
            CHECKOUT / "config", data, env, port, probe="/readyz", timeout_s=60, is_stderr_kept=False
        )
    except CadreDidNotStart as error:
        raise SystemExit(str(error)) from None


def _tg_update(update_id: int, chat: str, text: str) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": int(chat), "type": "private"},
            "from": {"id": int(chat), "is_bot": False, "first_name": "M", "language_code": "fr"},
            "text": text,
        },
    }


async def _post_all(client: httpx.AsyncClient, requests: list[tuple[str, bytes, dict[str, str]]]) -> None:
    for url, body, headers in requests:
        await client.post(url, content=body, headers=headers)


async def run_scenario(name: str, flood: int, work: Path) -> Result:
    data = work / name
    port = _free_port()
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("CADRE_")}
    base_env["CADRE_HTTP_PORT"] = str(port)
    is_telegram = name.startswith("telegram")
    flooder = "700000" if is_telegram else "33670000000"
    others = [str(800000 + n) if is_telegram else f"3368000{n:04d}" for n in range(OTHERS)]
    flood = 0 if name == "whatsapp-50" else flood
    await _enrol(data, "telegram" if is_telegram else "whatsapp", [flooder, *others])
    fake: TimedTelegram | TimedGraph = TimedTelegram() if is_telegram else TimedGraph()
    await fake.start()
    if isinstance(fake, TimedTelegram):
        base_env |= {"CADRE_TELEGRAM_TOKEN": TG_TOKEN, "CADRE_TELEGRAM_BASE_URL": fake.base_url}
        if name == "telegram-webhook":
            base_env |= {
                "CADRE_TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{port}/webhooks/telegram",
                "CADRE_TELEGRAM_WEBHOOK_SECRET": TG_SECRET,
            }
    else:
        base_env |= {
            "CADRE_WHATSAPP_TOKEN": TOKEN,
            "CADRE_WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
            "CADRE_WHATSAPP_APP_SECRET": APP_SECRET,
            "CADRE_WHATSAPP_VERIFY_TOKEN": "verify",
            "CADRE_WHATSAPP_API_BASE_URL": fake.base_url,
        }
    process = await _start_cadre(data, base_env, port)
    sent_at: dict[str, float] = {}
    try:
        async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=100)) as client:
            flooding: asyncio.Future[None] | None = None
            if name == "telegram-polling":
                assert isinstance(fake, TimedTelegram)
                for n in range(flood):
                    fake.queue_update(_tg_update(1 + n, flooder, f"message numéro {n} du même mentoré"))
                await asyncio.sleep(0.2)  # the flood is in Cadre's hands
                for n, chat in enumerate(others):
                    sent_at[chat] = time.monotonic()
                    fake.queue_update(_tg_update(10_000 + n, chat, "/aide"))
            else:
                url = f"http://127.0.0.1:{port}/webhooks/{'telegram' if is_telegram else 'whatsapp'}"

                def request(ident: str, text: str, update_id: int) -> tuple[str, bytes, dict[str, str]]:
                    if is_telegram:
                        body = json.dumps(_tg_update(update_id, ident, text)).encode()
                        headers = {
                            "Content-Type": "application/json",
                            "X-Telegram-Bot-Api-Secret-Token": TG_SECRET,
                        }
                    else:
                        body = wa.encode(wa.messages(wa.text(ident, text, at=datetime.now(UTC))))
                        headers = {
                            "Content-Type": "application/json",
                            "X-Hub-Signature-256": wa.sign(body, APP_SECRET),
                        }
                    return url, body, headers

                flood_requests = [
                    request(flooder, f"message numéro {n} du même mentoré", 1 + n) for n in range(flood)
                ]
                if flood:
                    lanes = [flood_requests[i::8] for i in range(8)]  # the flooder's client: 8 in flight
                    flooding = asyncio.ensure_future(_flood(client, lanes))
                    await asyncio.sleep(0.2)

                async def one(n: int, ident: str) -> None:
                    target = request(ident, "/aide", 10_000 + n)
                    sent_at[ident] = time.monotonic()
                    await client.post(target[0], content=target[1], headers=target[2])

                await asyncio.gather(*(one(n, ident) for n, ident in enumerate(others)))
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline and not all(o in fake.first_reply_at for o in others):
                await asyncio.sleep(0.01)
            if flooding is not None:
                flooding.cancel()
    finally:
        process.send_signal(signal.SIGTERM)
        await process.wait()
        await fake.stop()
    missing = [o for o in others if o not in fake.first_reply_at]
    if missing:
        raise SystemExit(f"{name}: {len(missing)} mentees never got their reply")
    latencies = [fake.first_reply_at[o] - sent_at[o] for o in others]
    target = TARGET_BURST_P99_S if name == "whatsapp-50" else TARGET_FLOOD_P99_S
    return Result(name, latencies, target, flood)


async def _flood(client: httpx.AsyncClient, lanes: list[list[tuple[str, bytes, dict[str, str]]]]) -> None:
    await asyncio.gather(*(_post_all(client, lane) for lane in lanes))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.split("\n")[0])
    parser.add_argument("--flood", type=int, default=DEFAULT_FLOOD, help="messages from the flooding mentee")
    parser.add_argument("--only", choices=SCENARIOS, action="append", help="run only these scenarios")
    parser.add_argument("--work-dir", type=Path, default=Path.cwd(), help="where the data folders go")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="cadre-load-", dir=args.work_dir))
    try:
        for name in args.only or SCENARIOS:
            result = asyncio.run(run_scenario(name, args.flood, work))
            print(result.line(), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
