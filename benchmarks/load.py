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

The mentees' webhooks are built, signed and their connections opened before the clock
starts; a message's time is taken when its bytes are handed to its socket (see
Connection). The fakes share this process's event loop: on a busy machine they add their
own delay to the figures, never remove any. Each line also gives the CPU time `cadre run`
used meanwhile (all its threads): on a shared machine latencies swing with the other
processes, the CPU time much less. Telegram's own limits apply as Cadre enforces them (one
message per second per chat; thirty at once overall, then thirty per second).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
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
    cadre_cpu_s: float = math.nan
    """CPU time (all threads) `cadre run` used from the first mentee's message to the last
    reply: steadier than latencies on a shared machine, and what a change of code moves."""

    def line(self) -> str:
        p50, p99 = percentile(self.latencies_s, 0.5), percentile(self.latencies_s, 0.99)
        verdict = "ok" if p99 <= self.target_s else "over target"
        return (
            f"{self.scenario:<17} flood={self.flood:<4} others={len(self.latencies_s):<3} "
            f"p50={p50 * 1000:7.1f} ms  p99={p99 * 1000:7.1f} ms  "
            f"max={max(self.latencies_s) * 1000:7.1f} ms  "
            f"target p99<={self.target_s * 1000:.0f} ms: {verdict}  "
            f"cadre cpu={self.cadre_cpu_s * 1000:.0f} ms"
        )


def cpu_seconds(pid: int) -> float:
    """User + system CPU time so far of a process and its live children (`cadre run`'s
    store write helpers), from Linux /proc; NaN elsewhere."""
    try:
        pids = [pid]
        for task in Path(f"/proc/{pid}/task").iterdir():
            pids += [int(child) for child in (task / "children").read_text().split()]
        ticks = 0
        for one in pids:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
    except OSError:
        return math.nan
    return ticks / os.sysconf("SC_CLK_TCK")


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


class Connection:
    """One keep-alive HTTP/1.1 connection to `cadre run`, written with pre-built bytes.

    The mentees' requests are built and their connections opened before the clock starts,
    and a request's time is taken as its bytes are handed to the socket: the figure is
    Cadre's, not the time this process's HTTP client needs to get fifty requests out
    (with httpx on the same loop as the fakes, that alone was 100-300 ms for the fiftieth).
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return cls(reader, writer)

    def write(self, request: bytes) -> None:
        self.writer.write(request)

    async def answer(self) -> int:
        """The status of the answer to the request written last (its body read and dropped)."""
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        length = next(
            (int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:")), 0
        )
        await self.reader.readexactly(length)
        return int(lines[0].split()[1])

    async def post(self, request: bytes) -> int:
        self.write(request)
        return await self.answer()

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(OSError):
            await self.writer.wait_closed()


def http_request(port: int, path: str, body: bytes, headers: dict[str, str]) -> bytes:
    head = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", f"Content-Length: {len(body)}"]
    head += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


async def _post_all(connection: Connection, requests: list[bytes]) -> None:
    for request in requests:
        status = await connection.post(request)
        if status != 200:
            raise SystemExit(f"cadre run answered {status} to a flood message")


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
    connections: list[Connection] = []
    cpu_before = cpu_after = math.nan
    try:
        flooding: asyncio.Future[None] | None = None
        if name == "telegram-polling":
            assert isinstance(fake, TimedTelegram)
            for n in range(flood):
                fake.queue_update(_tg_update(1 + n, flooder, f"message numéro {n} du même mentoré"))
            await asyncio.sleep(0.2)  # the flood is in Cadre's hands
            cpu_before = cpu_seconds(process.pid)
            for n, chat in enumerate(others):
                sent_at[chat] = time.monotonic()
                fake.queue_update(_tg_update(10_000 + n, chat, "/aide"))
        else:
            path = f"/webhooks/{'telegram' if is_telegram else 'whatsapp'}"

            def request(ident: str, text: str, update_id: int) -> bytes:
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
                return http_request(port, path, body, headers)

            flood_requests = [
                request(flooder, f"message numéro {n} du même mentoré", 1 + n) for n in range(flood)
            ]
            if flood:
                # the flooder's client: 8 requests in flight, each lane one connection
                lanes = [await Connection.open(port) for _ in range(8)]
                connections += lanes
                flooding = asyncio.ensure_future(
                    asyncio.gather(*(_post_all(lane, flood_requests[i::8]) for i, lane in enumerate(lanes)))
                )
                await asyncio.sleep(0.2)
            requests = [request(ident, "/aide", 10_000 + n) for n, ident in enumerate(others)]
            mentees = [await Connection.open(port) for _ in others]
            connections += mentees
            cpu_before = cpu_seconds(process.pid)
            for ident, connection, one in zip(others, mentees, requests, strict=True):
                sent_at[ident] = time.monotonic()
                connection.write(one)
            statuses = await asyncio.gather(*(connection.answer() for connection in mentees))
            if set(statuses) != {200}:
                raise SystemExit(f"{name}: cadre run answered {sorted(set(statuses))} to the mentees")
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and not all(o in fake.first_reply_at for o in others):
            await asyncio.sleep(0.01)
        cpu_after = cpu_seconds(process.pid)
        if flooding is not None:
            flooding.cancel()
            with contextlib.suppress(asyncio.CancelledError, OSError):
                await flooding
    finally:
        for connection in connections:
            await connection.close()
        process.send_signal(signal.SIGTERM)
        await process.wait()
        await fake.stop()
    missing = [o for o in others if o not in fake.first_reply_at]
    if missing:
        raise SystemExit(f"{name}: {len(missing)} mentees never got their reply")
    latencies = [fake.first_reply_at[o] - sent_at[o] for o in others]
    target = TARGET_BURST_P99_S if name == "whatsapp-50" else TARGET_FLOOD_P99_S
    return Result(name, latencies, target, flood, cpu_after - cpu_before)


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
