"""A Cadre process for tests/storage/test_crash_safety.py to kill: mentees write, the mentor answers.

Run as `python -m tests.crash_child CONFIG DATA RUN MENTEES [NAME]` from the repository
root. It opens TinyStore on DATA (taking the folder's lock), or PostgresStore when DATA is a
`postgresql://` URL (several children may then share it: NAME tells their mentees apart,
RUN sets the clock), resumes the outbox, then has MENTEES
new mentees each write one whole question through the real engine while the mentor
answers every third acknowledged one through the real mentor desk and outbox.

Standard output is the evidence the parent checks after a SIGKILL, one line per fact and
flushed at once, each printed only once the fact is true:

    READY                     the store opened and pending outbox entries were resumed
    ACK <ref>                 the engine returned the acknowledgement of item <ref>
    SENT <key>                the channel accepted durable message <key> (inside send())
    ANSWERED <ref> <key>      the outbox returned after sending the mentor's answer
    DONE                      every mentee went through

Screening is the test harness's deterministic CanaryScreener: this is about storage.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta
from pathlib import Path

from bot.app import load_setup
from bot.core.flow.machine import SEND, STEP_CHOICE
from bot.core.onboarding import ACCEPT
from bot.delivery.outbox import Outbox
from bot.domain import Attachment, Conversation, Inbound, InboundKind, Item, Mentee, Outbound, UserRef
from bot.ports import OnMessage, OnStatus
from bot.runtime.clock import ManualClock
from bot.storage import TinyStore
from bot.storage.postgres.store import PostgresStore
from tests.conftest import paris
from tests.harness import CanaryScreener

CHANNEL = "crash"
MENTOR = UserRef("console", "mentor")
ANSWERS = (
    "Deux collaborateurs ne se parlent plus depuis la réorganisation du service.",
    "La confiance de l'équipe et les délais du projet.",
    "Une réunion commune, sans effet durable.",
    "Comment rétablir un dialogue minimal sans prendre parti ?",
)


async def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class PrintingChannel:
    """Accepts every message; a durable one is reported before send() returns."""

    def __init__(self, name: str) -> None:
        self.name = name

    async def start(self, on_message: OnMessage, on_status: OnStatus | None = None) -> None:
        """Nothing to listen to: the child drives the engine itself."""

    async def forget(self, user: UserRef) -> None:
        """Keeps nothing about anyone."""

    async def send(self, outbound: Outbound) -> str | None:
        if outbound.is_durable:
            await say(f"SENT {outbound.key}")
        return f"p:{outbound.key}"

    async def send_document(self, to: UserRef, document: Attachment, caption: str = "") -> str | None:
        return f"p:file:{document.filename}"

    async def send_image(self, to: UserRef, image: Attachment, caption: str = "") -> str | None:
        return f"p:file:{image.filename}"

    async def stop(self) -> None:
        """Nothing to release."""


class Recording:
    """A store that remembers the last item submitted, to print its ref after the ack."""

    last_item: Item | None = None

    async def submit_item(self, item: Item, conversation: Conversation) -> None:
        await super().submit_item(item, conversation)  # type: ignore[misc]
        self.last_item = item


class RecordingStore(Recording, TinyStore):
    """TinyStore, recording."""


class RecordingPostgresStore(Recording, PostgresStore):
    """PostgresStore, recording."""


async def no_sleep(seconds: float) -> None:
    """The outbox's quick retries never wait here: the channel never fails."""


async def main(config_dir: Path, data: str, run: int, mentees: int, name: str) -> None:
    from bot.app import build_engine

    setup = load_setup(config_dir)
    clock = ManualClock(paris("2026-11-23T10:00") + timedelta(hours=run))
    store: RecordingStore | RecordingPostgresStore
    if data.startswith("postgresql://"):
        store = RecordingPostgresStore(data)
        await store.open()
    else:
        store = RecordingStore(Path(data))
    try:
        engine = build_engine(setup, store=store, clock=clock, screener=CanaryScreener())
        channels = {name: PrintingChannel(name) for name in (CHANNEL, MENTOR.channel)}
        outbox = Outbox(store, channels, clock, sleep=no_sleep)
        await outbox.flush()
        await say("READY")
        for index in range(mentees):
            user = UserRef(CHANNEL, f"{name}-m{index}")
            await store.save_mentee(
                Mentee(
                    user=user, alias=f"{name}M{index}", mentor="mentor", locale="fr", enrolled_at=clock.now()
                )
            )
            steps = [
                (InboundKind.CHOICE, "", ACCEPT),
                (InboundKind.COMMAND, "nouvelle", ""),
                *((InboundKind.TEXT, text, "") for text in ANSWERS),
                (InboundKind.CHOICE, "", STEP_CHOICE + "team"),
                (InboundKind.CHOICE, "", SEND),
            ]
            store.last_item = None
            for number, (kind, text, payload) in enumerate(steps):
                clock.advance(timedelta(seconds=1))
                outs = await engine.handle(
                    Inbound(user, f"{user.id}:{number}", kind, clock.now(), text, payload)
                )
                await outbox.deliver(outs)
            item = store.last_item
            if item is None:
                raise SystemExit(f"mentee {index} of run {run} got no acknowledgement")
            await say(f"ACK {item.ref}")
            if index % 3 == 2:
                clock.advance(timedelta(seconds=1))
                outs = await engine.handle(
                    Inbound(
                        MENTOR,
                        f"mentor:{name}:{index}",
                        InboundKind.COMMAND,
                        clock.now(),
                        "repondre",
                        f"{item.ref} Commencez par un échange à trois, cadré et court.",
                    )
                )
                await outbox.deliver(outs)
                keys = [o.key for o in outs if o.is_durable]
                await say(f"ANSWERED {item.ref} {','.join(keys)}")
        await say("DONE")
    finally:
        await store.close()


if __name__ == "__main__":
    run = int(sys.argv[3])
    name = sys.argv[5] if len(sys.argv) > 5 else f"r{run}"
    asyncio.run(main(Path(sys.argv[1]), sys.argv[2], run, int(sys.argv[4]), name))
