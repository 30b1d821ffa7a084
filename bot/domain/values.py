"""Values the core exchanges with channels and the store.

All frozen: a value handed to a channel or the store can't be changed behind the
engine's back. Datetimes named `*_at` are timezone-aware UTC.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from bot.domain.pending import Pending
from bot.domain.text import fold_letters


@dataclass(frozen=True, order=True)
class UserRef:
    """A person as one channel knows them; `key` is stable and used by the store."""

    channel: str
    id: str

    @property
    def key(self) -> str:
        return f"{self.channel}:{self.id}"


class InboundKind(StrEnum):
    """EDITED: a text the person changed after sending (not taken into account).
    WITHHELD: a message received before a restart whose words were not kept, because
    screening found identifying data in them (bot.delivery.inbox): no text, the person is
    asked to write it again without those data."""

    TEXT = "text"
    CHOICE = "choice"
    COMMAND = "command"
    MEDIA = "media"
    EDITED = "edited"
    WITHHELD = "withheld"


class ChatKind(StrEnum):
    """Where the message was written: Cadre only talks one to one."""

    PRIVATE = "private"
    GROUP = "group"


@dataclass(frozen=True)
class Inbound:
    """The only thing the core receives.

    `message_id` is the platform's id for this delivery: handling is idempotent on it
    because webhooks arrive at least once. For a choice, `payload` is the choice's value;
    for a command, `text` is the command word (without slash) and `payload` its argument;
    for media, `payload` names the media kind (photo, voice…) and nothing is downloaded.
    `reply_to` is the platform id of the bot message this one replies to, if any. `chat`
    says whether it came from a one-to-one chat or a group (refused).
    """

    user: UserRef
    message_id: str
    kind: InboundKind
    received_at: datetime
    text: str = ""
    payload: str = ""
    reply_to: str | None = None
    language: str | None = None
    chat: ChatKind = ChatKind.PRIVATE
    is_replay: bool = field(default=False, compare=False)
    """Read back from the inbox (a restart, a peer's pick-up) or tried again after a failed
    commit: it may have been handled already, with answers that never left (a kill or an
    outage between the commit and the send). The core sends those answers again
    (`Conversation.sent_for`); a fresh message whose id is known is a duplicate, ignored.
    How the message came, not part of it: left out of comparisons."""


#: Payload prefix of a tap on a message template's button (WhatsApp's 24-hour rule): the
#: tap reopens the service window; it is no answer to the conversation.
TEMPLATE_TAP = "template:"


def is_template_tap(inbound: Inbound) -> bool:
    return inbound.kind is InboundKind.CHOICE and inbound.payload.startswith(TEMPLATE_TAP)


@dataclass(frozen=True)
class Choice:
    """One button: `value` comes back in Inbound.payload, `label` is shown."""

    value: str
    label: str


def _typed(text: str) -> str:
    return text.strip().casefold().rstrip(".")


def is_choice_number(text: str) -> bool:
    """A text that is only a number, as typed to pick a line of a numbered list ("2", "2."):
    while choices are shown, it is a pick (perhaps of a line that is not there), never words."""
    typed = _typed(text)
    return typed.isascii() and typed.isdigit()


def match_choice(
    text: str,
    choices: Sequence[Choice],
    *,
    words: Mapping[str, Sequence[str]] | None = None,
    is_numbered: bool = True,
) -> Choice | None:
    """The choice a typed number or label names (any case, a trailing dot ignored), or one
    of the extra `words` given for its value (e.g. "oui", or the value itself).

    Channels without buttons show choices as numbered lines, so text must be able to
    stand for a choice wherever one is offered. `is_numbered=False` for labels that are
    not shown as a numbered list (their numbers would stand for other choices).
    """
    typed = _typed(text)
    letters = fold_letters(text)
    extra = words or {}
    for index, choice in enumerate(choices, start=1):
        if typed == choice.label.casefold() or (is_numbered and typed == str(index)):
            return choice
        if letters and letters in {fold_letters(w) for w in extra.get(choice.value, ())}:
            return choice
    return None


def as_choice(inbound: Inbound, offered: Sequence[Choice]) -> Inbound:
    """A text naming one of the `offered` choices becomes that choice; others pass as they are."""
    if inbound.kind is not InboundKind.TEXT or not offered:
        return inbound
    choice = match_choice(inbound.text, offered)
    if choice is None:
        return inbound
    return replace(inbound, kind=InboundKind.CHOICE, payload=choice.value, text=choice.label)


IMAGE_TYPES = frozenset({"image/png", "image/jpeg"})
"""Pictures every channel shows inline (Telegram photos, WhatsApp images)."""


def chosen(inbound: Inbound, choices: Sequence[Choice], words: Mapping[str, str] | None = None) -> str | None:
    """The value of the choice an answer names: its button, its number or label typed, or
    one of the comma-separated `words` the catalogue gives for that value; None otherwise."""
    if inbound.kind is InboundKind.CHOICE:
        return inbound.payload if any(c.value == inbound.payload for c in choices) else None
    if inbound.kind is not InboundKind.TEXT:
        return None
    extra = {value: listed.split(",") for value, listed in (words or {}).items()}
    found = match_choice(inbound.text, choices, words=extra)
    return found.value if found is not None else None


@dataclass(frozen=True)
class Attachment:
    """A file the bot sends (exports, reviews, their picture); never something received."""

    filename: str
    media_type: str
    content: bytes

    @property
    def is_image(self) -> bool:
        """Sent as a picture shown inline (Channel.send_image), not as a file to open."""
        return self.media_type.split(";")[0].strip().lower() in IMAGE_TYPES


@dataclass(frozen=True)
class Outbound:
    """The only thing the core emits.

    `key` makes delivery idempotent through the outbox. `item_ref` ties a mentor's copy of
    an item to the item, so a platform reply to that message can be routed back to it.
    `is_durable` marks messages that must go through the outbox (answers, digests).
    `about` names the mentee whose words a message to someone else holds (a session's
    agenda, a closing review sent to the mentor): erasing that mentee removes it too.

    `is_stored` marks a durable message the outbox has already written in this turn (a
    mentor's answer, stored with its item): delivering it sends that entry, never a copy.
    """

    to: UserRef
    text: str
    key: str
    choices: tuple[Choice, ...] = ()
    item_ref: str | None = None
    attachment: Attachment | None = None
    is_durable: bool = False
    template: str | None = None
    about: UserRef | None = None
    is_stored: bool = False


@dataclass(frozen=True)
class Finding:
    """Identifying data found in a text: character offsets into that text.

    `certain` tells a structured identifier (e-mail, phone, IBAN, card, NIR, SIREN/SIRET,
    address, URL: never storable, whatever the writer says) from a word that may be a
    person or an organization (`certain=False`): the writer may keep that word by
    answering that it names neither a real person nor a real company. The default is the
    strict one, so a finding built without it is never kept on the writer's word.
    """

    start: int
    end: int
    kind: str
    text: str
    certain: bool = True


@dataclass(frozen=True)
class StepAnswer:
    """One answer of a flow: the step's name and the mentee's (screened) text."""

    step: str
    text: str


@dataclass(frozen=True)
class Draft:
    """A question being written. Persisted after every accepted answer so it survives restarts.

    `suggestion` holds the placeholder version offered after screening (it contains no
    identifying data by construction); the flagged raw text is never kept. `kept_words`
    are the words (folded) the writer said name no real person or company: not asked
    about again in this draft's later answers.
    """

    flow: str
    step: str
    answers: tuple[StepAnswer, ...]
    started_at: datetime
    updated_at: datetime
    is_reminded: bool = False
    is_editing: bool = False
    suggestion: str | None = None
    kept_words: tuple[str, ...] = ()

    def answer(self, step: str) -> str | None:
        for answer in self.answers:
            if answer.step == step:
                return answer.text
        return None

    def with_answer(self, step: str, text: str) -> tuple[StepAnswer, ...]:
        kept = [a for a in self.answers if a.step != step]
        kept.append(StepAnswer(step, text))
        return tuple(kept)


@dataclass(frozen=True)
class SentFor:
    """What the bot answered to one inbound message, kept with the turn that answered it.

    Written in the same write as the turn (the conversation, or the item with it), so a
    process killed between that commit and the send leaves answers it can send again when
    the message is replayed, at no extra write. `is_withheld`: an answer quoted words the
    screening flagged, so none of this turn's answers was kept; a replay asks the person to
    write their message again (`core.withheld_lost`) instead."""

    message_id: str
    outbounds: tuple[Outbound, ...] = ()
    is_withheld: bool = False


@dataclass(frozen=True)
class Conversation:
    """Per-user state the engine needs between messages.

    `away_period` is the opening (ISO) the last away notice announced, so one notice is sent
    per closed period. `seen_ids` keeps the last inbound ids for idempotency. `pending` is
    what the conversation waits for outside a flow step (bot.domain.pending). `offered`
    holds the choices last shown, so a number or label typed on a channel without buttons
    still counts as a choice. `replies_seen_at` is when the person last read their thread:
    a mentor's reply after it is new to them. `sent_for` holds the answers of the last few
    turns (bot.core.turn.SENT_FOR_KEPT), for a replayed message whose answers never left.
    """

    user: UserRef
    draft: Draft | None = None
    away_period: str | None = None
    seen_ids: tuple[str, ...] = ()
    pending: Pending | None = None
    offered: tuple[Choice, ...] = ()
    replies_seen_at: datetime | None = None
    sent_for: tuple[SentFor, ...] = ()


class ItemStatus(StrEnum):
    WAITING = "waiting"
    ANSWERED = "answered"
    CLOSED = "closed"
    REDIRECTED = "redirected"


class ItemKind(StrEnum):
    """QUESTION: a question the mentee wrote. ALERT: the safety message was sent to them;
    the alert holds none of their words and is never listed among their questions."""

    QUESTION = "question"
    ALERT = "alert"


SAFETY_FLOW = "safety"
"""The flow name alerts were stored under before they were a kind of their own."""


class ReplyKind(StrEnum):
    ANSWER = "answer"
    REDIRECT = "redirect"
    CANNED = "canned"
    CLOSE = "close"


@dataclass(frozen=True)
class Reply:
    """What the mentor did with an item; `text` is what the mentee receives."""

    kind: ReplyKind
    text: str
    mentor: str
    at: datetime


@dataclass(frozen=True)
class Item:
    """A submitted question waiting for (or having had) the mentor's attention."""

    id: str
    ref: str
    mentee: UserRef
    alias: str
    mentor: str
    flow: str
    answers: tuple[StepAnswer, ...]
    submitted_at: datetime
    status: ItemStatus = ItemStatus.WAITING
    is_flagged: bool = False
    theme: str | None = None
    replies: tuple[Reply, ...] = ()
    deferred_until: datetime | None = None
    kind: ItemKind = ItemKind.QUESTION

    @property
    def is_alert(self) -> bool:
        return self.kind is ItemKind.ALERT


class MenteeStatus(StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class Consent:
    """Acceptance of one charter version at one moment."""

    version: str
    accepted_at: datetime


@dataclass(frozen=True)
class Mentee:
    """An enrolled person. Known by alias everywhere a mentor or a log could see them."""

    user: UserRef
    alias: str
    mentor: str
    locale: str
    enrolled_at: datetime
    consent: Consent | None = None
    status: MenteeStatus = MenteeStatus.ACTIVE
    has_legal_hold: bool = False


@dataclass(frozen=True)
class Invitation:
    """A single-use enrolment code created by the coach."""

    code: str
    alias: str
    mentor: str
    created_at: datetime
    expires_at: datetime
    used_by: str | None = None
    used_at: datetime | None = None


class OutboxStatus(StrEnum):
    """PARKED: held back by a platform rule (WhatsApp's 24 h window) until the person writes."""

    PENDING = "pending"
    PARKED = "parked"
    SENT = "sent"
    FAILED = "failed"


@dataclass(frozen=True)
class OutboxEntry:
    """A message stored before it is sent, retried until the channel accepts it."""

    outbound: Outbound
    created_at: datetime
    next_attempt_at: datetime
    status: OutboxStatus = OutboxStatus.PENDING
    attempts: int = 0
    last_error: str | None = None
    platform_message_id: str | None = None
    delivery_status: str | None = None

    def without_content(self) -> OutboxEntry:
        """What is kept once sent: ids for dedupe and reply routing, never the words."""
        outbound = replace(self.outbound, text="", choices=(), attachment=None)
        return replace(self, outbound=outbound)


@dataclass(frozen=True)
class AuditEvent:
    """Who did what to which record, when: ids only, never content."""

    at: datetime
    actor: str
    action: str
    subject: str
    details: tuple[tuple[str, str], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class InboxEntry:
    """One platform event in the durable inbox (bot.delivery.inbox): `person` orders
    handling, `body` is the platform's JSON for the event, re-read by its channel.

    `is_withheld`: screening found identifying data in the event's words, so its body is
    never written: it is kept in memory only, and a copy read back from the inbox has an
    empty body (the sender is asked to write again, see WITHHELD)."""

    key: str
    channel: str
    person: str
    body: str
    received_at: datetime
    sequence: int = 0
    is_withheld: bool = False
    is_replay: bool = field(default=False, compare=False)
    """Read back from the inbox (not handed over by this process's own `record`): it may
    have been handled before a kill or a stop (see Inbound.is_replay). How this process
    came by the entry, not part of it: never written, left out of comparisons."""

    def durable(self) -> InboxEntry:
        """What may be written of this entry: without its body when it is withheld."""
        return replace(self, body="") if self.is_withheld and self.body else self
