"""Store-then-send: a mentor's answer or a digest is never lost and never sent twice.

Every durable Outbound is written to the store (idempotent on its key) before the channel
sees it, and marked SENT with the platform's message id as soon as the channel returns, so
a crash between the two can at worst leave a PENDING entry that a restart sends: the key
makes a second `deliver` of the same message a no-op. Failures are sorted by what can
help:

- RetryableSendError: try again later, with exponential backoff, jitter and a cap; the
  platform's `retry_after_s` hint is a floor. `flush()` sends whatever is due (the
  scheduler calls it every few seconds, and once at start-up).
- FinalSendError: the entry becomes FAILED and stays visible (`cadre outbox`).
- ServiceWindowClosedError (WhatsApp 24-hour rule): the approved template goes out once,
  as its own durable entry, and the message is parked until the person writes again
  (`on_inbound`), which reopens the window.

Non-durable messages (prompts inside a conversation the person is having now) are sent at
once with a few quick retries and not stored: storing every prompt would put conversation
text in the outbox for nothing. One the platform still refuses after them waits in memory
(bot.delivery.held), tried again by `flush()`, and the person's next direct messages wait
behind it.

Logs carry keys, statuses and counts, never text.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from bot.config.settings import DEFAULT_TEMPLATE
from bot.delivery.held import HeldMessages
from bot.delivery.reachable import until_reachable
from bot.domain import Item, Outbound, OutboxEntry, OutboxStatus, UserRef
from bot.domain.ids import moves_forward, pseudonym
from bot.errors import (
    FinalSendError,
    RetryableSendError,
    SendError,
    ServiceWindowClosedError,
    UncertainSendError,
)
from bot.ports import Channel, Clock, Store

log = logging.getLogger(__name__)

UNCERTAIN = "uncertain, not retried (may have been delivered; check with the recipient): "
"""`last_error` prefix of an entry that may have been delivered (see UncertainSendError)."""

TEMPLATE_TOGETHER_DELAY = timedelta(hours=1)
"""Messages parked for one person within this delay of each other share one template."""

ERROR_TEXT_LIMIT = 200

Sleep = Callable[[float], Awaitable[None]]


async def send_through(channel: Channel, outbound: Outbound) -> str | None:
    """A file on its own (its text as the caption) through the port's file calls, so each
    platform uploads it as a picture or a document; anything else through `send`."""
    attachment = outbound.attachment
    if attachment is None or outbound.choices or outbound.template is not None:
        return await channel.send(outbound)
    if attachment.is_image:
        return await channel.send_image(outbound.to, attachment, outbound.text)
    return await channel.send_document(outbound.to, attachment, outbound.text)


def _error_text(error: BaseException) -> str:
    """Send errors carry ids and statuses only (see bot.errors); still, keep them short."""
    return f"{type(error).__name__}: {error}"[:ERROR_TEXT_LIMIT]


def log_key(outbound: Outbound) -> str:
    """Durable keys are built by us from ids; others may embed a platform user id."""
    if outbound.is_durable:
        return outbound.key
    return "h:" + pseudonym(outbound.key, 12)


class OutboxWriter:
    """The one writer of outbox entries: the Outbox stores through it, and the mentor desk
    records an answer with its item through it (the `ReplyOutbox` port)."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def _entry(
        self, outbound: Outbound, at: datetime | None = None, due_at: datetime | None = None
    ) -> OutboxEntry:
        now_at = at if at is not None else self._clock.now()
        return OutboxEntry(
            outbound=replace(outbound, is_stored=False),
            created_at=now_at,
            next_attempt_at=due_at if due_at is not None else now_at,
        )

    async def enqueue(
        self, outbound: Outbound, *, at: datetime | None = None, due_at: datetime | None = None
    ) -> bool:
        """Store a durable message created now (or `at`), due then (or from `due_at`: a
        mentor's window that opens later); False when its key is already stored."""
        return await self._store.enqueue(self._entry(outbound, at, due_at))

    async def record_reply(self, item: Item, outbound: Outbound) -> Outbound | None:
        """The item with its new reply and the message carrying it, in one atomic write."""
        if not await self._store.record_reply(item, self._entry(outbound)):
            log.info("outbox duplicate reply ignored key=%s", outbound.key)
            return None
        return replace(outbound, is_durable=True, is_stored=True)


class Outbox:
    """Delivers Outbounds through the channels, durably for those marked `is_durable`."""

    def __init__(
        self,
        store: Store,
        channels: Mapping[str, Channel],
        clock: Clock,
        *,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
        base_delay: timedelta = timedelta(seconds=30),
        max_delay: timedelta = timedelta(hours=1),
        quick_attempts: int = 3,
        quick_delay_s: float = 0.5,
        quick_max_delay_s: float = 5.0,
        template_name: str = DEFAULT_TEMPLATE,
    ) -> None:
        self._store = store
        self.writer = OutboxWriter(store, clock)
        self._channels = channels
        self._clock = clock
        self._sleep = sleep
        self._rng = rng if rng is not None else random.Random()
        self._base_delay = base_delay
        self._max_delay = max_delay
        self._quick_attempts = quick_attempts
        self._quick_delay_s = quick_delay_s
        self._quick_max_delay_s = quick_max_delay_s
        self._template_name = template_name
        self._in_flight: set[str] = set()
        self.held = HeldMessages(clock, self.backoff, log_key)

    # ------------------------------------------------------------------ entry points
    async def deliver(self, outbounds: Sequence[Outbound]) -> None:
        """Store then send the durable ones; send the others directly. Never raises SendError."""
        for outbound in outbounds:
            if outbound.is_durable:
                await self._deliver_durable(outbound)
            else:
                await self._send_direct(outbound)

    async def flush(self) -> int:
        """Attempt every due entry (restart, retries) and the held direct messages; returns
        how many were sent now."""
        sent = await self.held.flush(self._send_held)
        for entry in await self._store.due_outbox(self._clock.now()):
            if await self._attempt(entry.outbound.key):
                sent += 1
        if sent:
            log.info("outbox flushed sent=%d", sent)
        return sent

    async def flush_for(self, user: UserRef) -> int:
        """Attempt the due entries addressed to one person; returns how many were sent now.
        A console drains what waits for its own person (a report sent with `cadre report
        send`) and leaves the entries of the channels it does not run alone."""
        sent = await self.held.flush(self._send_held, user)
        for entry in await self._store.due_outbox(self._clock.now()):
            if entry.outbound.to == user and await self._attempt(entry.outbound.key):
                sent += 1
        if sent:
            log.info("outbox flushed for one person sent=%d", sent)
        return sent

    async def on_inbound(self, user: UserRef) -> int:
        """The person wrote: their service window is open, send what was parked for them."""
        parked = await self._store.parked_for(user)
        now_at = self._clock.now()
        sent = 0
        for entry in parked:
            await self._store.save_outbox(
                replace(entry, status=OutboxStatus.PENDING, next_attempt_at=now_at, last_error=None)
            )
            if await self._attempt(entry.outbound.key):
                sent += 1
        if parked:
            log.info("outbox unparked count=%d sent=%d", len(parked), sent)
        return sent

    async def record_status(self, channel: str, platform_message_id: str, status: str) -> bool:
        """A platform delivery status (sent < delivered < read; failed is terminal).

        Returns whether the entry changed. A late "delivered" after "read" is ignored; a
        "failed" makes the entry FAILED so it shows in `cadre outbox`.
        """
        if not moves_forward(None, status):
            return False
        entry = await self._store.by_platform_id(channel, platform_message_id)
        if entry is None or not moves_forward(entry.delivery_status, status):
            return False
        updated = replace(entry, delivery_status=status)
        if status == "failed":
            updated = replace(
                updated, status=OutboxStatus.FAILED, last_error="platform reported delivery failed"
            )
        await self._store.save_outbox(updated)
        log.info("outbox delivery status key=%s status=%s", entry.outbound.key, status)
        return True

    async def on_status(self, channel: str, platform_message_id: str, status: str) -> None:
        """The OnStatus a channel is started with: delivery statuses reach the entry here."""
        await self.record_status(channel, platform_message_id, status)

    # ------------------------------------------------------------------ durable path
    async def _deliver_durable(self, outbound: Outbound) -> None:
        # A stored one (an answer recorded with its item this turn) is sent from its entry.
        if not outbound.is_stored and not await self.writer.enqueue(outbound):
            log.info("outbox duplicate ignored key=%s", outbound.key)
            return
        await self._attempt(outbound.key)

    async def record_reply(self, item: Item, outbound: Outbound) -> Outbound | None:
        """See OutboxWriter.record_reply (the ReplyOutbox port)."""
        return await self.writer.record_reply(item, outbound)

    async def _attempt(self, key: str) -> bool:
        """One try for one stored entry; the store is re-read so a finished entry is skipped."""
        if key in self._in_flight:
            return False
        entry = await self._store.claim_outbox(key, self._clock.now())
        if entry is None:  # finished, or another process is sending it
            return False
        self._in_flight.add(key)
        try:
            return await self._attempt_entry(entry)
        finally:
            self._in_flight.discard(key)

    async def _attempt_entry(self, entry: OutboxEntry) -> bool:
        outbound = entry.outbound
        attempts = entry.attempts + 1
        channel = self._channels.get(outbound.to.channel)
        if channel is None:
            await self._retry_later(entry, attempts, "channel not running", None)
            return False
        try:
            platform_id = await send_through(channel, outbound)
        except ServiceWindowClosedError as error:
            if outbound.template is not None:  # a template refused too: nothing else to try
                await self._store.save_outbox(
                    replace(
                        entry, status=OutboxStatus.FAILED, attempts=attempts, last_error=_error_text(error)
                    )
                )
                log.warning("outbox template refused key=%s", outbound.key)
                return False
            await self._park(entry, attempts, error)
            return False
        except RetryableSendError as error:
            await self._retry_later(entry, attempts, _error_text(error), error.retry_after_s)
            return False
        except UncertainSendError as error:
            # Maybe delivered: a retry could make it twice. Kept visible in `cadre outbox`.
            await self._store.save_outbox(
                replace(
                    entry,
                    status=OutboxStatus.FAILED,
                    attempts=attempts,
                    last_error=UNCERTAIN + _error_text(error),
                )
            )
            log.error("outbox uncertain key=%s attempts=%d: not retried", outbound.key, attempts)
            return False
        except FinalSendError as error:
            await self._store.save_outbox(
                replace(entry, status=OutboxStatus.FAILED, attempts=attempts, last_error=_error_text(error))
            )
            log.warning(
                "outbox failed key=%s attempts=%d error=%s", outbound.key, attempts, type(error).__name__
            )
            return False
        except Exception as error:  # a channel bug must not lose the message
            await self._retry_later(entry, attempts, _error_text(error), None)
            log.exception("outbox channel raised key=%s", outbound.key)
            return False
        # Once the channel has it, the words are not kept: ids suffice for dedupe and routing.
        # The platform has it: dropping this mark would send it again once the claim expires,
        # so a store that cannot be reached now is waited for.
        sent = replace(
            entry.without_content(),
            status=OutboxStatus.SENT,
            attempts=attempts,
            last_error=None,
            platform_message_id=platform_id,
            delivery_status=entry.delivery_status or "sent",
        )
        await until_reachable(lambda: self._store.save_outbox(sent), what="outbox sent mark")
        log.info("outbox sent key=%s attempts=%d", outbound.key, attempts)
        return True

    def backoff(self, attempts: int, retry_after_s: float | None = None) -> timedelta:
        """Exponential from `base_delay`, capped, half of it jittered; never under retry_after."""
        ceiling = min(
            self._max_delay.total_seconds(), self._base_delay.total_seconds() * 2 ** max(attempts - 1, 0)
        )
        delay_s = ceiling / 2 + self._rng.uniform(0, ceiling / 2)
        if retry_after_s is not None:
            delay_s = max(delay_s, retry_after_s)
        return timedelta(seconds=delay_s)

    async def _retry_later(
        self, entry: OutboxEntry, attempts: int, error: str, retry_after_s: float | None
    ) -> None:
        delay = self.backoff(attempts, retry_after_s)
        await self._store.save_outbox(
            replace(entry, attempts=attempts, last_error=error, next_attempt_at=self._clock.now() + delay)
        )
        log.info(
            "outbox retry key=%s attempts=%d in_s=%.0f", entry.outbound.key, attempts, delay.total_seconds()
        )

    async def _park(self, entry: OutboxEntry, attempts: int, error: SendError) -> None:
        """Hold the message for on_inbound and send the template (its own durable entry),
        once for messages written together: a review's text, picture and document, or a
        digest's items, are one announcement, not one each. A message written later (an
        answer days after) announces itself again."""
        outbound = entry.outbound
        already = [
            e
            for e in await self._store.parked_for(outbound.to)
            if e.outbound.key != outbound.key
            and abs(e.created_at - entry.created_at) < TEMPLATE_TOGETHER_DELAY
        ]
        await self._store.save_outbox(
            replace(entry, status=OutboxStatus.PARKED, attempts=attempts, last_error=None)
        )
        log.info("outbox parked key=%s reason=%s", outbound.key, type(error).__name__)
        if already:
            return
        template = Outbound(
            to=outbound.to,
            text="",
            key=f"{outbound.key}:template",
            template=self._template_name,
            is_durable=True,
        )
        await self._deliver_durable(template)

    # ------------------------------------------------------------------ direct path
    async def _send_direct(self, outbound: Outbound) -> bool:
        channel = self._channels.get(outbound.to.channel)
        if channel is None:
            log.warning("outbound dropped: channel not running key=%s", log_key(outbound))
            return False
        if self.held.is_waiting_for(outbound.to):  # never overtake what waits for them
            self.held.hold(outbound)
            return False
        for attempt in range(1, self._quick_attempts + 1):
            try:
                await send_through(channel, outbound)
                return True
            except RetryableSendError as error:
                if attempt == self._quick_attempts:
                    log.warning(
                        "outbound not sent after quick retries key=%s attempts=%d",
                        log_key(outbound),
                        attempt,
                    )
                    self.held.hold(outbound, retry_after_s=error.retry_after_s)
                    return False
                delay_s = min(self._quick_max_delay_s, self._quick_delay_s * 2 ** (attempt - 1))
                if error.retry_after_s is not None:
                    delay_s = max(delay_s, min(error.retry_after_s, self._quick_max_delay_s))
                await self._sleep(delay_s)
            except SendError as error:
                log.warning("outbound not sent key=%s error=%s", log_key(outbound), type(error).__name__)
                return False
        return False

    async def _send_held(self, outbound: Outbound) -> None:
        """One later try of a held message; a channel no longer running gives it up."""
        channel = self._channels.get(outbound.to.channel)
        if channel is None:
            raise FinalSendError(f"channel not running: {outbound.to.channel}")
        await send_through(channel, outbound)


def entry_is_parked(entry: OutboxEntry) -> bool:
    return entry.status is OutboxStatus.PARKED


def describe_next_attempt(entry: OutboxEntry) -> datetime | None:
    """For listings: a parked entry has no meaningful next attempt."""
    return None if entry_is_parked(entry) else entry.next_attempt_at
