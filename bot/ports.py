"""The seams between the core and the outside: channels, storage, time, screening, isolation.

The core depends on these protocols only; adapters (TinyStore, TelegramChannel…) satisfy
them structurally, so the core never imports a platform SDK or a storage engine.

The Store is split by consumer: each part below is what one side of Cadre needs, and
`Store` is all of them for the adapters that hold everything (memory, TinyDB, PostgreSQL).
Every Store method is a coroutine, so a networked store never blocks the event loop; an
embedded store may do its (short, local) work inline.

Contract common to every Store method (tests/storage/test_store_contract.py runs it against
every adapter):

- Durable when it returns: a write that returned survives a crash (TinyDB: temp file,
  fsync, `os.replace`; PostgreSQL: committed). No write-behind cache. Callers acknowledge
  to a person only after the write has returned.
- Values in and out are the frozen domain values; an adapter never hands out something a
  caller could change behind its back.
- "Absent" is `None` for one record and `[]` for a list, never an exception. Unreadable
  stored data raises `CorruptRecordError` naming the file or table and record, never the
  content. Any other storage failure raises `StoreError`.
- Lists have the order stated on the method; callers rely on it.
- Messages and logs carry ids and counts, never a person's words.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.domain import (
    Attachment,
    AuditEvent,
    Conversation,
    Finding,
    Inbound,
    Invitation,
    Item,
    Mentee,
    Outbound,
    OutboxEntry,
    UserRef,
)


class Clock(Protocol):
    def now(self) -> datetime:
        """Current time, aware, in UTC: the only source of "now" in the core."""
        ...


OnMessage = Callable[[Inbound], Awaitable[None]]
"""What a channel calls for each inbound message, in the order the person sent them."""

OnStatus = Callable[[str, str, str], Awaitable[None]]
"""What a channel calls with (channel name, platform message id, delivery status)."""


OnErased = Callable[[UserRef], Awaitable[None]]
"""Called once a person's erasure has returned from the store: the service forgets them on
every channel (Channel.forget); elsewhere (console, previews) nothing else keeps them."""


async def forget_nowhere(user: UserRef) -> None:
    """The OnErased of a process without platform channels: nothing outside the store to forget."""


class Channel(Protocol):
    """A messaging platform, translated to Inbound and from Outbound.

    Lifecycle: `start` once, then `send` any number of times, `forget` on erasure, `stop`
    once. `send` returns the platform's id for the sent message (used to route a mentor's
    reply back to an item) and raises RetryableSendError or FinalSendError.
    """

    name: str

    async def start(self, on_message: OnMessage, on_status: OnStatus | None = None) -> None:
        """Begin receiving; delivery statuses (sent, delivered, read, failed) go to `on_status`
        for channels whose platform reports them, never for the others."""
        ...

    async def send(self, outbound: Outbound) -> str | None:
        """Text and choices, and an attachment if any (a picture shown inline, any other
        file as a document), its text as the caption when it fits, as messages before it
        when not. The outbox sends a file without choices through the two calls below."""
        ...

    async def send_document(self, to: UserRef, document: Attachment, caption: str = "") -> str | None:
        """A file shown as a document with its file name (a PDF, an export) and its caption,
        uploaded through the platform's real file call; returns the platform's message id.
        A caption longer than the platform shows goes first as its own message. Raises
        RetryableSendError or FinalSendError like `send` when the platform refuses."""
        ...

    async def send_image(self, to: UserRef, image: Attachment, caption: str = "") -> str | None:
        """A picture (PNG or JPEG: `Attachment.is_image`) shown inline, with its caption;
        otherwise as `send_document`."""
        ...

    async def forget(self, user: UserRef) -> None:
        """The person was erased: drop whatever this channel keeps about them (caches, marks).

        Called on every channel for every erasure, whichever channel the person used;
        a channel that keeps nothing does nothing. Idempotent.
        """
        ...

    async def stop(self) -> None: ...


class Screener(Protocol):
    """Finds identifying data in a text (pure; may load a language model once)."""

    def screen(self, text: str) -> list[Finding]: ...


class EventIsolation(Protocol):
    """One person's events are handled one at a time, in arrival order.

    `hold(user)` is an async context manager: while it is held, no other `hold` for the
    same user is entered (in this process for the local lock; across processes for an
    advisory lock). Holds for different people never wait on each other. Waiters enter in
    the order they asked. An implementation releases what it keeps for a person once no
    one holds or waits for them, so its size follows the people active right now.
    """

    def hold(self, user: UserRef) -> AbstractAsyncContextManager[None]: ...


@dataclass(frozen=True)
class Person:
    """One person as the core needs them per message: both read at once (one read)."""

    user: UserRef
    mentee: Mentee | None
    conversation: Conversation | None


class PeopleStore(Protocol):
    """Mentees and their conversations (draft, pending question, idempotency ids)."""

    async def get_person(self, user: UserRef) -> Person:
        """Profile and conversation in one read; either part None when absent (never raises
        for an unknown person: a stranger is a Person with both None)."""
        ...

    async def get_mentee(self, user: UserRef) -> Mentee | None: ...

    async def save_mentee(self, mentee: Mentee) -> None:
        """Insert or replace the profile (keyed by `mentee.user`); the conversation is kept."""
        ...

    async def list_mentees(self) -> list[Mentee]:
        """Every profile, ordered by (enrolled_at, user.key)."""
        ...

    async def get_conversation(self, user: UserRef) -> Conversation | None: ...

    async def save_conversation(self, conversation: Conversation) -> None:
        """Insert or replace (keyed by `conversation.user`); the profile is kept."""
        ...

    async def list_conversations_with_draft(self) -> list[Conversation]:
        """Conversations whose draft is not None, in no particular order. Its cost follows
        the number of drafts, not the number of people (the minute tick calls it)."""
        ...

    async def erase_user(self, user: UserRef) -> None:
        """Remove everything about this person, across every part of the store: profile,
        conversation, items, outbox entries to them, about them or about their items. An invitation
        they used stays used; its `used_by` becomes "erased". Window marks are keyed by a
        pseudonym only their channel can derive, so the channel forgets them (see
        Channel.forget). Idempotent; resumable after a crash (an interrupted erasure is
        finished before the store serves anything else)."""
        ...


class ItemStore(Protocol):
    """Submitted questions and what the mentor did with them."""

    async def submit_item(self, item: Item, conversation: Conversation) -> None:
        """Store a new item and its author's conversation (draft cleared) atomically: after a
        crash either both are there or neither. The conversation must be the item's
        mentee's (StoreError otherwise)."""
        ...

    async def save_item(self, item: Item) -> None:
        """Insert or replace by `item.id`."""
        ...

    async def record_reply(self, item: Item, entry: OutboxEntry) -> bool:
        """Store the item (with its new reply) and enqueue the reply's outbox entry atomically:
        after a crash either the item shows the reply and the entry will be sent, or neither.
        Returns False, changing nothing, when an entry with the same key exists (a repeated
        mentor action is a no-op)."""
        ...

    async def get_item(self, item_id: str) -> Item | None: ...

    async def find_item_by_ref(self, ref: str) -> Item | None:
        """The item with this short reference (refs are unique among stored items)."""
        ...

    async def items_of(self, user: UserRef) -> list[Item]:
        """One person's items, ordered by (submitted_at, id)."""
        ...

    async def open_items(self, mentor: str | None = None) -> list[Item]:
        """Items still waiting (status WAITING), of one mentor or all, ordered by
        (submitted_at, id). Its cost follows the backlog, not the history."""
        ...


class OutboxStore(Protocol):
    """Messages stored before they are sent (the outbox is their only writer)."""

    async def enqueue(self, entry: OutboxEntry) -> bool:
        """Store the entry unless one with the same `outbound.key` exists, in the active
        outbox or its archive; returns whether it was stored. Idempotent on the key."""
        ...

    async def save_outbox(self, entry: OutboxEntry) -> None:
        """Replace the entry with the same key (insert if absent)."""
        ...

    async def get_outbox(self, key: str) -> OutboxEntry | None:
        """The entry with this key, active or archived (archived ones carry no text)."""
        ...

    async def due_outbox(self, now_at: datetime) -> list[OutboxEntry]:
        """PENDING entries with next_attempt_at <= now_at, ordered by (next_attempt_at,
        created_at, key). Never PARKED ones. May archive long-finished entries as it goes."""
        ...

    async def list_outbox(self) -> list[OutboxEntry]:
        """The active outbox (pending, parked, and finished within the keep window), ordered
        by (next_attempt_at, created_at, key)."""
        ...

    async def claim_outbox(self, key: str, now_at: datetime) -> OutboxEntry | None:
        """The PENDING entry with this key, reserved for the caller to send now; None when it
        is not pending or another sender holds it (another process, with a shared store). The
        reservation ends with the entry's next `save_outbox`; a sender that dies leaves it to
        lapse, and the entry is sent again (at-least-once)."""
        ...

    async def parked_for(self, user: UserRef) -> list[OutboxEntry]:
        """This person's PARKED entries, ordered by (created_at, key). Called on every
        inbound message: its cost must not follow the size of the outbox."""
        ...

    async def by_platform_id(
        self, channel: str, message_id: str, *, to: UserRef | None = None
    ) -> OutboxEntry | None:
        """The entry the platform knows by this id on this channel, active or archived; in
        the chat `to` when given (Telegram numbers messages per chat: two chats each have
        a message 5), else the latest one (WhatsApp's ids are unique on their own)."""
        ...


class ReplyOutbox(Protocol):
    """The outbox as the mentor desk sees it. The outbox is the only writer of entries, so
    the desk hands it the answered item and the message together (one atomic write)."""

    async def record_reply(self, item: Item, outbound: Outbound) -> Outbound | None:
        """Store the item and enqueue `outbound` atomically. Returns the outbound to hand
        back with the turn's replies (marked as already stored, so delivering it sends the
        stored entry), or None when an entry with that key exists (a repeated action)."""
        ...


class MarkStore(Protocol):
    """Small typed values that outlive a restart."""

    async def digest_slot(self, mentor_id: str) -> datetime | None:
        """The last digest slot handled for this mentor; None before the first."""
        ...

    async def set_digest_slot(self, mentor_id: str, slot_at: datetime) -> None: ...

    async def claim_digest_slot(self, mentor_id: str, slot_at: datetime, now_at: datetime) -> bool:
        """Whether the caller may deliver this mentor's digest for this slot: False once the
        slot was handled (`set_digest_slot` at or after it), or while another process that
        claimed it may still be delivering it."""
        ...

    async def claim_run(self, job: str, slot_at: datetime, now_at: datetime) -> bool:
        """Whether the caller runs `job` (the draft tick, the purge) for the slot starting at
        `slot_at`: True for one caller per (job, slot) among every process sharing the store.
        A store only one process uses answers True the first time it is asked.

        A store shared by several processes claims under a lease: until `finish_run`, a run
        whose lease ran out (its process died, or its work failed) is claimable again, so a
        peer may retry it; once finished, the slot is never claimable again."""
        ...

    async def finish_run(self, job: str, slot_at: datetime) -> None:
        """The run of `job` for `slot_at` did its work: no process claims the slot again,
        however late it asks. Called only after the work succeeded."""
        ...

    async def prune_runs(self, before_at: datetime) -> int:
        """Forget claimed runs of slots that started before `before_at` (no job asks for so
        old a slot again); every slot at or after it stays claimed. Returns how many went."""
        ...

    async def last_inbound(self, window: str) -> datetime | None:
        """When the person behind this window key last wrote (WhatsApp's 24 h rule). The key
        is the channel's pseudonym of the person, never a platform id."""
        ...

    async def set_last_inbound(self, window: str, at: datetime | None) -> None:
        """Record (or, with None, forget) when the person behind this window key last wrote."""
        ...

    async def identity_link(self, key: str) -> str | None:
        """The identity a channel tied to this keyed name (a WhatsApp business-scoped user id
        and the identity first seen with it); None when there is none."""
        ...

    async def set_identity_link(self, key: str, identity: str | None) -> None:
        """Tie (or, with None, untie) this keyed name to an identity."""
        ...


class InvitationStore(Protocol):
    async def save_invitation(self, invitation: Invitation) -> None:
        """Insert or replace by code."""
        ...

    async def get_invitation(self, code: str) -> Invitation | None: ...

    async def redeem_invitation(self, code: str, *, user_key: str, now_at: datetime) -> Invitation | None:
        """Mark the invitation used by this person, atomically: of two people redeeming the
        same code at once, one gets it. None (nothing changed) when the code is unknown,
        already used or expired at `now_at`."""
        ...

    async def failed_codes(self, since_at: datetime) -> list[tuple[str, datetime]]:
        """Wrong invitation codes received at or after `since_at`: (who, at), `who` being
        the guard's hash of the sender (bot.core.strangers), never a platform id."""
        ...

    async def add_failed_code(self, who: str, at: datetime, *, forget_before: datetime) -> None:
        """Count one wrong code, durably (a restart must not give fresh tries), and drop
        those older than `forget_before` in the same write: the record stays one window."""
        ...

    async def code_guard_key(self) -> bytes:
        """The secret of the guard's keyed hash: random, created on first use, then the same
        for every process on this data folder or database (and kept by its backups)."""
        ...


class ConsentStore(Protocol):
    async def record_consent(self, mentee: Mentee, conversation: Conversation, event: AuditEvent) -> None:
        """The person accepted the charter: the audit event first, then the profile (with its
        consent) and the conversation in one write, so the trail never lacks a consent the
        profile shows."""
        ...


class AuditStore(Protocol):
    """Who did what to which record, when: ids and aliases, never words."""

    async def append_audit(self, event: AuditEvent) -> None:
        """Append; never replaces (two equal events are both kept)."""
        ...

    async def audit_events(self, since_at: datetime | None = None) -> list[AuditEvent]:
        """Events at or after `since_at` (all when None), ordered by `at` (stable)."""
        ...

    async def audit_about(self, alias: str, refs: frozenset[str] = frozenset()) -> list[AuditEvent]:
        """Events whose subject is the alias or one of the refs, or whose actor is the alias,
        ordered by `at`."""
        ...

    async def prune_audit(self, before_at: datetime) -> int:
        """Remove events strictly older than `before_at`; returns how many went."""
        ...


class Store(
    PeopleStore, ItemStore, OutboxStore, MarkStore, InvitationStore, ConsentStore, AuditStore, Protocol
):
    """Everything Cadre keeps, shaped by the domain (no generic key-value bag)."""

    async def close(self) -> None:
        """Release the data (folder lock, connections) for another process; idempotent."""
        ...
