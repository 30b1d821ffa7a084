"""Outbox: stored before sent, retried with backoff, never twice, WhatsApp template path."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest

from bot.delivery.outbox import Outbox
from bot.domain import Attachment, Choice, Outbound, OutboxStatus, UserRef
from bot.errors import FinalSendError, RetryableSendError, SendError, ServiceWindowClosedError
from bot.ports import OnMessage, OnStatus
from bot.runtime.clock import ManualClock
from bot.storage import MemoryStore
from tests.conftest import paris
from tests.storage import records

MENTEE = UserRef("telegram", "1001")
WA_MENTEE = UserRef("whatsapp", "33600000000")


class FakeChannel:
    """Records every send; `script` lists errors to raise on the next sends, in order."""

    def __init__(self, name: str = "telegram") -> None:
        self.name = name
        self.sent: list[Outbound] = []
        self.attempts: list[Outbound] = []
        self.script: list[SendError] = []
        self.forgotten: list[UserRef] = []
        self.files: list[tuple[str, str, str]] = []
        self._next_id = 0

    async def start(self, on_message: OnMessage, on_status: OnStatus | None = None) -> None:
        return None

    async def forget(self, user: UserRef) -> None:
        self.forgotten.append(user)

    async def send(self, outbound: Outbound) -> str | None:
        self.attempts.append(outbound)
        if self.script:
            raise self.script.pop(0)
        self.sent.append(outbound)
        self._next_id += 1
        return f"{self.name}-{self._next_id}"

    async def send_document(self, to: UserRef, document: Attachment, caption: str = "") -> str | None:
        self.files.append(("document", document.filename, caption))
        return await self.send(
            Outbound(to=to, text=caption, key=f"file:{document.filename}", attachment=document)
        )

    async def send_image(self, to: UserRef, image: Attachment, caption: str = "") -> str | None:
        self.files.append(("image", image.filename, caption))
        return await self.send(Outbound(to=to, text=caption, key=f"file:{image.filename}", attachment=image))

    async def stop(self) -> None:
        return None


class Sleeps:
    """An injected sleep that records delays instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay_s: float) -> None:
        self.delays.append(delay_s)


@pytest.fixture
def manual() -> ManualClock:
    return ManualClock(paris("2026-11-23T10:00"))


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def telegram() -> FakeChannel:
    return FakeChannel("telegram")


@pytest.fixture
def whatsapp() -> FakeChannel:
    return FakeChannel("whatsapp")


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def outbox(
    store: MemoryStore, telegram: FakeChannel, whatsapp: FakeChannel, manual: ManualClock, sleeps: Sleeps
) -> Iterator[Outbox]:
    yield Outbox(
        store, {"telegram": telegram, "whatsapp": whatsapp}, manual, sleep=sleeps, rng=random.Random(7)
    )


def answer(key: str = "reply:item1:1", to: UserRef = MENTEE) -> Outbound:
    return Outbound(to=to, text="Réponse CANARY", key=key, item_ref="ABCD", is_durable=True)


async def test_durable_is_stored_then_sent_with_platform_id(
    outbox: Outbox, store: MemoryStore, telegram: FakeChannel
) -> None:
    await outbox.deliver([answer()])
    entry = await store.get_outbox("reply:item1:1")
    assert entry is not None and entry.status is OutboxStatus.SENT
    assert entry.platform_message_id == "telegram-1" and entry.attempts == 1
    assert [o.key for o in telegram.sent] == ["reply:item1:1"]


async def test_same_key_twice_is_sent_once(outbox: Outbox, telegram: FakeChannel) -> None:
    await outbox.deliver([answer()])
    await outbox.deliver([answer()])
    assert await outbox.flush() == 0
    assert len(telegram.sent) == 1


async def test_flush_for_one_person_leaves_everyone_elses_entries_alone(
    outbox: Outbox, store: MemoryStore, telegram: FakeChannel, manual: ManualClock
) -> None:
    """A console drains what waits for its person; the other channels' entries keep their
    attempts and their due time for `cadre run`."""
    other = UserRef("telegram", "2002")
    writer = outbox.writer
    for outbound in (answer("reply:a:1"), answer("reply:b:1", to=other), answer("reply:c:1")):
        assert await writer.enqueue(outbound, at=manual.now(), due_at=manual.now())
    assert await outbox.flush_for(MENTEE) == 2
    assert [o.key for o in telegram.sent] == ["reply:a:1", "reply:c:1"]
    untouched = await store.get_outbox("reply:b:1")
    assert untouched is not None and untouched.status is OutboxStatus.PENDING and untouched.attempts == 0
    assert await outbox.flush_for(MENTEE) == 0


async def test_two_retryable_failures_then_success_honours_backoff(
    outbox: Outbox, store: MemoryStore, telegram: FakeChannel, manual: ManualClock
) -> None:
    telegram.script = [RetryableSendError("telegram 502"), RetryableSendError("telegram 502")]
    start_at = manual.now()
    await outbox.deliver([answer()])
    first = await store.get_outbox("reply:item1:1")
    assert first is not None and first.status is OutboxStatus.PENDING and first.attempts == 1
    first_delay = first.next_attempt_at - start_at
    assert timedelta(seconds=15) <= first_delay <= timedelta(seconds=30)

    manual.advance(first_delay - timedelta(seconds=1))
    assert await outbox.flush() == 0  # not due yet: nothing attempted
    assert len(telegram.attempts) == 1

    manual.set(first.next_attempt_at)
    assert await outbox.flush() == 0  # second failure
    second = await store.get_outbox("reply:item1:1")
    assert second is not None and second.attempts == 2
    second_delay = second.next_attempt_at - manual.now()
    assert timedelta(seconds=30) <= second_delay <= timedelta(seconds=60)

    manual.set(second.next_attempt_at)
    assert await outbox.flush() == 1
    assert await outbox.flush() == 0
    done = await store.get_outbox("reply:item1:1")
    assert done is not None and done.status is OutboxStatus.SENT and done.attempts == 3
    assert len(telegram.sent) == 1 and len(telegram.attempts) == 3


async def test_retry_after_is_a_floor(
    outbox: Outbox, store: MemoryStore, telegram: FakeChannel, manual: ManualClock
) -> None:
    telegram.script = [RetryableSendError("flood control", retry_after_s=600)]
    await outbox.deliver([answer()])
    entry = await store.get_outbox("reply:item1:1")
    assert entry is not None
    assert entry.next_attempt_at - manual.now() >= timedelta(seconds=600)
    manual.advance(timedelta(seconds=599))
    assert await outbox.flush() == 0
    manual.advance(timedelta(seconds=2))
    assert await outbox.flush() == 1


def test_backoff_is_capped(outbox: Outbox) -> None:
    assert outbox.backoff(30) <= timedelta(hours=1)
    assert outbox.backoff(30) >= timedelta(minutes=30)


async def test_final_error_marks_failed_and_keeps_it(
    outbox: Outbox, store: MemoryStore, telegram: FakeChannel
) -> None:
    telegram.script = [FinalSendError("telegram 403 blocked")]
    await outbox.deliver([answer()])
    entry = await store.get_outbox("reply:item1:1")
    assert entry is not None and entry.status is OutboxStatus.FAILED
    assert entry.last_error is not None and "FinalSendError" in entry.last_error
    assert await outbox.flush() == 0
    assert telegram.sent == []


async def test_restart_resumes_pending(
    store: MemoryStore, telegram: FakeChannel, manual: ManualClock
) -> None:
    first = Outbox(store, {}, manual)  # the channel is not running yet: stays pending
    await first.deliver([answer()])
    assert await store.get_outbox("reply:item1:1") is not None
    restarted = Outbox(store, {"telegram": telegram}, manual)
    manual.advance(timedelta(hours=2))
    assert await restarted.flush() == 1
    assert await restarted.flush() == 0
    assert len(telegram.sent) == 1


async def test_reply_recorded_with_its_item_is_sent_once(
    outbox: Outbox, store: MemoryStore, telegram: FakeChannel
) -> None:
    """The desk's path: the outbox writes the item and the entry, then sends that entry."""
    from bot.domain import ItemStatus

    answered = replace(records.item(1, user=MENTEE), status=ItemStatus.ANSWERED)
    stored = await outbox.record_reply(answered, answer())
    assert stored is not None and stored.is_stored
    entry = await store.get_outbox("reply:item1:1")
    assert entry is not None and entry.status is OutboxStatus.PENDING and not entry.outbound.is_stored
    assert await outbox.record_reply(answered, answer()) is None, "same key: a repeated action"
    await outbox.deliver([stored])
    await outbox.deliver([stored])
    await outbox.deliver([answer()])
    assert await outbox.flush() == 0
    assert [o.key for o in telegram.sent] == ["reply:item1:1"]
    saved = await store.get_item(answered.id)
    assert saved is not None and saved.status is ItemStatus.ANSWERED


async def test_an_already_stored_key_is_not_sent_again_by_deliver(
    outbox: Outbox, store: MemoryStore, telegram: FakeChannel, manual: ManualClock
) -> None:
    """Only the writer's own mark says "stored this turn": a plain duplicate waits its turn."""
    from bot.domain import OutboxEntry

    later = manual.now() + timedelta(minutes=5)
    await store.enqueue(OutboxEntry(answer(), created_at=manual.now(), next_attempt_at=later))
    await outbox.deliver([answer()])
    assert telegram.sent == []
    manual.advance(timedelta(minutes=5))
    assert await outbox.flush() == 1
    assert len(telegram.sent) == 1


async def test_whatsapp_template_then_answer_on_inbound(
    outbox: Outbox, store: MemoryStore, whatsapp: FakeChannel, manual: ManualClock
) -> None:
    whatsapp.script = [ServiceWindowClosedError("whatsapp 131047")]
    await outbox.deliver([answer(to=WA_MENTEE)])
    parked = await store.get_outbox("reply:item1:1")
    assert parked is not None and parked.status is OutboxStatus.PARKED
    assert parked.last_error is None, "parked is a state of its own, not an error note"
    assert await store.due_outbox(manual.now() + timedelta(days=3650)) == []
    assert [e.outbound.key for e in await store.parked_for(WA_MENTEE)] == ["reply:item1:1"]
    assert await store.parked_for(MENTEE) == []
    assert [(o.key, o.template, o.text) for o in whatsapp.sent] == [
        ("reply:item1:1:template", "cadre_answer_waiting", "")
    ]
    manual.advance(timedelta(days=2))
    assert await outbox.flush() == 0  # parked: nothing until the person writes
    await outbox.deliver([answer(to=WA_MENTEE)])  # a second delivery neither resends nor re-templates
    assert len(whatsapp.sent) == 1

    assert await outbox.on_inbound(WA_MENTEE) == 1
    assert [o.key for o in whatsapp.sent] == ["reply:item1:1:template", "reply:item1:1"]
    sent = await store.get_outbox("reply:item1:1")
    assert sent is not None and sent.status is OutboxStatus.SENT
    assert await store.parked_for(WA_MENTEE) == []
    assert await outbox.on_inbound(WA_MENTEE) == 0


async def test_template_is_sent_once_even_if_window_closes_again(
    outbox: Outbox, whatsapp: FakeChannel
) -> None:
    whatsapp.script = [ServiceWindowClosedError("closed")]
    await outbox.deliver([answer(to=WA_MENTEE)])
    whatsapp.script = [ServiceWindowClosedError("closed again")]
    assert await outbox.on_inbound(WA_MENTEE) == 0
    assert [o.key for o in whatsapp.sent] == ["reply:item1:1:template"]
    assert await outbox.on_inbound(WA_MENTEE) == 1


async def test_non_durable_quick_retries_not_stored(
    outbox: Outbox, store: MemoryStore, telegram: FakeChannel, sleeps: Sleeps
) -> None:
    telegram.script = [RetryableSendError("timeout"), RetryableSendError("429", retry_after_s=2)]
    prompt = Outbound(to=MENTEE, text="1/4 · La situation", key="telegram:99#0")
    await outbox.deliver([prompt])
    assert [o.key for o in telegram.sent] == ["telegram:99#0"]
    assert sleeps.delays == [0.5, 2]
    assert await store.list_outbox() == []


async def test_non_durable_refused_after_quick_retries_waits_in_memory_for_the_flush(
    outbox: Outbox, store: MemoryStore, telegram: FakeChannel, manual: ManualClock
) -> None:
    telegram.script = [RetryableSendError("502")] * 3
    await outbox.deliver([Outbound(to=MENTEE, text="Question envoyée", key="k#0")])
    assert telegram.sent == [] and len(outbox.held) == 1
    assert await store.list_outbox() == []  # held in memory, never written
    assert await outbox.flush() == 0  # not due yet: the outbox's backoff
    manual.advance(timedelta(seconds=30))
    assert await outbox.flush() == 1
    assert [o.key for o in telegram.sent] == ["k#0"] and len(outbox.held) == 0


async def test_a_held_message_is_not_overtaken_by_the_next_prompts(
    outbox: Outbox, telegram: FakeChannel, manual: ManualClock
) -> None:
    telegram.script = [RetryableSendError("502")] * 3
    await outbox.deliver([Outbound(to=MENTEE, text="ack", key="k#0")])
    await outbox.deliver(
        [Outbound(to=MENTEE, text="next", key="k2#0"), Outbound(to=MENTEE, text="n", key="k2#1")]
    )
    other = UserRef("telegram", "2002")
    await outbox.deliver([Outbound(to=other, text="someone else", key="k3#0")])
    assert [o.key for o in telegram.sent] == ["k3#0"]  # another person never waits
    await outbox.deliver([Outbound(to=MENTEE, text="ack", key="k#0")])  # a replay's kept answer
    manual.advance(timedelta(seconds=30))
    assert await outbox.flush() == 3
    assert [o.key for o in telegram.sent] == ["k3#0", "k#0", "k2#0", "k2#1"]


async def test_a_held_message_still_refused_is_tried_later_then_given_up_after_an_hour(
    outbox: Outbox, telegram: FakeChannel, manual: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    telegram.script = [RetryableSendError("502")] * 5
    await outbox.deliver([Outbound(to=MENTEE, text="CANARY prompt", key="k#0")])
    manual.advance(timedelta(seconds=30))
    assert await outbox.flush() == 0 and len(telegram.attempts) == 4
    manual.advance(timedelta(seconds=20))  # its backoff grew: not due yet
    assert await outbox.flush() == 0 and len(telegram.attempts) == 4
    manual.advance(timedelta(minutes=2))
    assert await outbox.flush() == 0 and len(telegram.attempts) == 5
    manual.advance(timedelta(hours=1))
    assert await outbox.flush() == 0 and len(outbox.held) == 0
    assert telegram.sent == [] and len(telegram.attempts) == 5
    assert "too old" in caplog.text and "CANARY" not in caplog.text


async def test_a_final_refusal_is_not_held(outbox: Outbox, telegram: FakeChannel) -> None:
    telegram.script = [FinalSendError("403 blocked")]
    await outbox.deliver([Outbound(to=MENTEE, text="t", key="k#0")])
    assert len(outbox.held) == 0 and telegram.sent == []


async def test_flush_for_one_person_sends_only_theirs(
    outbox: Outbox, telegram: FakeChannel, manual: ManualClock
) -> None:
    other = UserRef("telegram", "2002")
    telegram.script = [RetryableSendError("502")] * 6
    await outbox.deliver([Outbound(to=MENTEE, text="a", key="k#0")])
    await outbox.deliver([Outbound(to=other, text="b", key="k3#0")])
    manual.advance(timedelta(seconds=30))
    assert await outbox.flush_for(other) == 1
    assert [o.key for o in telegram.sent] == ["k3#0"] and outbox.held.is_waiting_for(MENTEE)


async def test_delivery_status_only_moves_forward(outbox: Outbox, store: MemoryStore) -> None:
    await outbox.deliver([answer(to=WA_MENTEE)])
    assert await outbox.record_status("whatsapp", "whatsapp-1", "read")
    assert not (await outbox.record_status("whatsapp", "whatsapp-1", "delivered"))
    entry = await store.get_outbox("reply:item1:1")
    assert entry is not None and entry.delivery_status == "read"
    assert await outbox.record_status("whatsapp", "whatsapp-1", "failed")
    assert not (await outbox.record_status("whatsapp", "whatsapp-1", "read"))
    failed = await store.get_outbox("reply:item1:1")
    assert failed is not None and failed.status is OutboxStatus.FAILED
    assert not (await outbox.record_status("whatsapp", "unknown", "read"))


async def test_logs_carry_no_text(
    outbox: Outbox, telegram: FakeChannel, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    telegram.script = [RetryableSendError("502"), FinalSendError("403")]
    await outbox.deliver([answer(), Outbound(to=MENTEE, text="CANARY prompt", key="k#1")])
    await outbox.deliver([answer("reply:item2:1")])
    assert "CANARY" not in caplog.text
    assert "reply:item1:1" in caplog.text


async def test_statuses_reach_the_entry_through_on_status(outbox: Outbox, store: MemoryStore) -> None:
    """`on_status` is the OnStatus a channel is started with (bot.ports)."""
    await outbox.deliver([answer(to=WA_MENTEE)])
    await outbox.on_status("whatsapp", "whatsapp-1", "delivered")
    entry = await store.get_outbox("reply:item1:1")
    assert entry is not None and entry.delivery_status == "delivered"


PNG = Attachment("frise.png", "image/png", b"\x89PNG\r\n\x1a\n")
PDF = Attachment("bilan.pdf", "application/pdf", b"%PDF-1.7")


async def test_a_file_on_its_own_goes_through_the_ports_file_calls(
    store: MemoryStore, manual: ManualClock, telegram: FakeChannel
) -> None:
    """A picture through send_image, any other file through send_document, each with its
    text as the caption; a file with choices stays one `send` (the channel renders both)."""
    outbox = Outbox(store, {"telegram": telegram}, manual)
    await outbox.deliver(
        [
            Outbound(MENTEE, "Frise", "r:png", attachment=PNG, is_durable=True),
            Outbound(MENTEE, "Bilan", "r:pdf", attachment=PDF, is_durable=True),
            Outbound(MENTEE, "Export", "x", attachment=PDF, choices=(Choice("ok", "OK"),)),
        ]
    )
    assert telegram.files == [("image", "frise.png", "Frise"), ("document", "bilan.pdf", "Bilan")]
    assert [o.key for o in telegram.sent] == ["file:frise.png", "file:bilan.pdf", "x"]
    entry = await store.get_outbox("r:png")
    assert entry is not None and entry.status is OutboxStatus.SENT and entry.platform_message_id
    assert entry.outbound.attachment is None  # the bytes are not kept once sent


async def test_a_file_the_platform_refuses_keeps_its_bytes_until_it_goes(
    store: MemoryStore, manual: ManualClock, telegram: FakeChannel
) -> None:
    outbox = Outbox(store, {"telegram": telegram}, manual, rng=random.Random(1))
    telegram.script = [RetryableSendError("telegram failing (Bad Gateway)")]
    await outbox.deliver([Outbound(MENTEE, "Frise", "r:png", attachment=PNG, is_durable=True)])
    waiting = await store.get_outbox("r:png")
    assert (
        waiting is not None and waiting.status is OutboxStatus.PENDING and waiting.outbound.attachment == PNG
    )
    manual.set(waiting.next_attempt_at)
    assert await outbox.flush() == 1
    telegram.script = [FinalSendError("telegram refused: Forbidden: bot was blocked by the user")]
    await outbox.deliver([Outbound(MENTEE, "Bilan", "r:pdf", attachment=PDF, is_durable=True)])
    failed = await store.get_outbox("r:pdf")
    assert failed is not None and failed.status is OutboxStatus.FAILED and failed.outbound.attachment == PDF


class ClosedWindow(FakeChannel):
    """WhatsApp with the person's 24-hour window closed until `is_open`: templates only."""

    def __init__(self) -> None:
        super().__init__("whatsapp")
        self.is_open = False

    async def send(self, outbound: Outbound) -> str | None:
        if not self.is_open and outbound.template is None:
            raise ServiceWindowClosedError("whatsapp service window closed")
        return await super().send(outbound)


async def test_messages_written_together_share_one_template_a_later_one_gets_its_own(
    store: MemoryStore, manual: ManualClock
) -> None:
    """A closed WhatsApp window: a review's text, picture and PDF are one announcement; an
    answer written two days later announces itself again."""
    whatsapp = ClosedWindow()
    outbox = Outbox(store, {"whatsapp": whatsapp}, manual)
    await outbox.deliver(
        [
            Outbound(WA_MENTEE, "Voici votre bilan", "r", is_durable=True),
            Outbound(WA_MENTEE, "Frise", "r:png", attachment=PNG, is_durable=True),
            Outbound(WA_MENTEE, "Bilan", "r:pdf", attachment=PDF, is_durable=True),
        ]
    )
    assert [o.key for o in whatsapp.sent] == ["r:template"]
    assert len(await store.parked_for(WA_MENTEE)) == 3
    manual.advance(timedelta(days=2))
    await outbox.deliver([Outbound(WA_MENTEE, "Réponse", "reply:1", is_durable=True)])
    assert [o.key for o in whatsapp.sent] == ["r:template", "reply:1:template"]
    whatsapp.is_open = True  # the person wrote
    assert await outbox.on_inbound(WA_MENTEE) == 4
    # Released in (created, key) order: delivered at one instant here, so by key.
    assert [o.key for o in whatsapp.sent[2:]] == ["r", "file:bilan.pdf", "file:frise.png", "reply:1"]
    assert sorted(whatsapp.files[-2:]) == [
        ("document", "bilan.pdf", "Bilan"),
        ("image", "frise.png", "Frise"),
    ]
