"""Pure reading of WhatsApp Cloud API webhooks: signature check and payload translation.

Kept apart from the HTTP handler so forged, malformed, batched and odd payloads are tested
without a server. The payload is untrusted JSON: every field is checked for its type, a
piece we don't understand is skipped and counted, never allowed to crash the handler.
Media are named by kind only: their URLs are never fetched (the charter forbids keeping
them, and fetching would download what the mentee should not have sent).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.domain import TEMPLATE_TAP, Inbound, InboundKind, UserRef
from bot.domain.text import strings_in

CHANNEL = "whatsapp"
SIGNATURE_PREFIX = "sha256="
#: Message types that carry a file or something other than words: refused by the core.
MEDIA_TYPES = frozenset({"image", "document", "audio", "voice", "video", "sticker", "contacts", "location"})


class MalformedPayloadError(ValueError):
    """The body is JSON but not a webhook envelope; answered 400."""


@dataclass(frozen=True)
class StatusUpdate:
    """What WhatsApp says happened to a message we sent; `error_codes` only when failed."""

    message_id: str
    status: str
    recipient_id: str
    error_codes: tuple[int, ...] = ()
    raw: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class InboundMessage:
    """An Inbound and what the channel needs beside it (the sender's address for the 24 h rule).

    `wa_id` is the phone number when Meta gives one, else the business-scoped user id;
    `user_id` is the BSUID when the payload carries it (people who use a username may
    come without a phone number; see WhatsAppChannel for how one identity is kept).
    """

    inbound: Inbound
    wa_id: str
    sent_at: datetime
    raw: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)
    """The message object as Meta sent it: what the durable inbox keeps and re-reads."""
    user_id: str = ""


@dataclass
class WebhookBatch:
    """Everything one webhook delivery carried, in payload order; `ignored` counts skips."""

    events: list[InboundMessage | StatusUpdate] = field(default_factory=list)
    ignored: int = 0


def sign(body: bytes, secret: str) -> str:
    """The X-Hub-Signature-256 value Meta computes: HMAC-SHA256 of the raw body."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return SIGNATURE_PREFIX + digest


_SIGNATURE_FORMAT = re.compile(r"^sha256=[0-9a-f]{64}$")


def is_signature_well_formed(header: str | None) -> bool:
    """Whether a header could be Meta's signature at all: checked before reading the body."""
    return header is not None and _SIGNATURE_FORMAT.match(header.strip()) is not None


class StreamingSignature:
    """HMAC-SHA256 of a body fed chunk by chunk as it streams, compared at the end."""

    def __init__(self, secret: str) -> None:
        self._mac = hmac.new(secret.encode("utf-8"), digestmod=hashlib.sha256)
        self._is_keyed = bool(secret)

    def update(self, chunk: bytes) -> None:
        self._mac.update(chunk)

    def matches(self, header: str | None) -> bool:
        """Compared as bytes: a header with non-ASCII characters is refused, not a crash
        of `compare_digest` (which only takes ASCII strings)."""
        if not header or not self._is_keyed:
            return False
        expected = (SIGNATURE_PREFIX + self._mac.hexdigest()).encode("ascii")
        return hmac.compare_digest(expected, header.strip().encode("utf-8", errors="replace"))


def is_signature_valid(body: bytes, header: str | None, secret: str) -> bool:
    """Constant-time check of the signature header against a raw body already in hand."""
    check = StreamingSignature(secret)
    check.update(body)
    return check.matches(header)


def _obj(value: object) -> Mapping[str, object]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _number(value: object) -> str:
    """A phone number as Meta writes it (a string of digits), or as some relays and test
    payloads re-serialise it (a JSON number): the person is the same."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return str(value)
    return _str(value)


def _sent_at(value: object, now_at: datetime) -> datetime:
    """The message's own time, never later than now (a wrong clock must not reopen a window)."""
    raw = value if isinstance(value, int) else _str(value)
    try:
        sent_at = datetime.fromtimestamp(int(raw), UTC)
    except (ValueError, OverflowError, OSError):
        return now_at
    return min(sent_at, now_at)


def parse_payload(data: object, *, phone_number_id: str, now_at: datetime) -> WebhookBatch:
    """Translate a webhook body into messages and status updates, in the order sent.

    Changes addressed to another phone number of the same business account are skipped:
    one Meta app may serve several numbers, and each channel answers for its own.
    """
    if not isinstance(data, dict) or not isinstance(data.get("entry", []), list):
        raise MalformedPayloadError("webhook body is not a WhatsApp envelope")
    batch = WebhookBatch()
    if data.get("object") != "whatsapp_business_account":
        batch.ignored += 1
        return batch
    for entry in _list(data.get("entry")):
        for change in _list(_obj(entry).get("changes")):
            value = _obj(_obj(change).get("value"))
            target = _str(_obj(value.get("metadata")).get("phone_number_id"))
            if target and target != phone_number_id:
                batch.ignored += 1
                continue
            for message in _list(value.get("messages")):
                parsed = parse_message(_obj(message), now_at=now_at)
                if parsed is None:
                    batch.ignored += 1
                else:
                    batch.events.append(parsed)
            for status in _list(value.get("statuses")):
                update = parse_status(_obj(status))
                if update is None:
                    batch.ignored += 1
                else:
                    batch.events.append(update)
    return batch


def parse_message(message: Mapping[str, object], *, now_at: datetime) -> InboundMessage | None:
    """One Cloud API message as an Inbound; None for kinds the core has no use for.

    A message written in a group (it carries `group_id`) is None too: the frame is one to
    one, and read as the sender's own it would take what a group said for their question
    and answer them in private about it.
    """
    if "group_id" in message:
        return None
    user_id = _str(message.get("from_user_id"))
    wa_id = _number(message.get("from")) or user_id
    ident = _str(message.get("id"))
    if not wa_id or not ident:
        return None
    meaning = _meaning(message)
    if meaning is None:
        return None
    kind, text, payload = meaning
    sent_at = _sent_at(message.get("timestamp"), now_at)
    inbound = Inbound(
        user=UserRef(CHANNEL, wa_id),
        message_id=f"wa:{ident}",
        kind=kind,
        received_at=sent_at,
        text=text,
        payload=payload,
        reply_to=_str(_obj(message.get("context")).get("id")) or None,
    )
    return InboundMessage(inbound=inbound, wa_id=wa_id, sent_at=sent_at, user_id=user_id, raw=message)


def _meaning(message: Mapping[str, object]) -> tuple[InboundKind, str, str] | None:
    """(kind, text, payload) of a message, or None for a type we ignore (reaction…)."""
    kind = _str(message.get("type"))
    if kind == "text":
        return _text_or_command(_str(_obj(message.get("text")).get("body")))
    if kind == "edit":
        # An edit of an earlier message: text for the core to screen and to say that
        # edits are not taken into account (as Telegram's edited_message).
        edited = _obj(_obj(message.get("edit")).get("message"))
        body = _str(_obj(edited.get("text")).get("body"))
        for media in MEDIA_TYPES:
            body = body or _str(_obj(edited.get(media)).get("caption"))
        return InboundKind.EDITED, body, ""
    if kind == "interactive":
        interactive = _obj(message.get("interactive"))
        reply_kind = _str(interactive.get("type"))
        if reply_kind not in ("button_reply", "list_reply"):
            return None
        reply = _obj(interactive.get(reply_kind))
        value = _str(reply.get("id"))
        return (InboundKind.CHOICE, _str(reply.get("title")), value) if value else None
    if kind == "button":
        # A template's quick-reply button: the payload set at send time, else its text.
        # Marked as a tap on a template: its purpose is to reopen the service window.
        button = _obj(message.get("button"))
        value = _str(button.get("payload")) or _str(button.get("text"))
        return (InboundKind.CHOICE, _str(button.get("text")), TEMPLATE_TAP + value) if value else None
    if kind in MEDIA_TYPES:
        if kind == "audio" and _obj(message.get("audio")).get("voice") is True:
            kind = "voice"
        return InboundKind.MEDIA, "", kind
    return None


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: Fields of a media object that name the file for Meta, not anything a person wrote.
_MEDIA_TECHNICAL_FIELDS = frozenset({"id", "sha256", "mime_type", "voice", "animated", "url"})


def message_words(message: Mapping[str, object]) -> str:
    """Everything a person wrote in one message, for screening before it is kept: the text
    the core reads (a command with its argument), and what the core never reads but the
    message carries (a caption, a file name, a shared contact or place)."""
    words: list[str] = []
    event = parse_message(message, now_at=_EPOCH)  # the time plays no part in the words
    if event is not None:
        words += [
            event.inbound.text,
            event.inbound.payload if event.inbound.kind is InboundKind.COMMAND else "",
        ]
    for kind in MEDIA_TYPES:
        if kind in message:
            words += strings_in(message[kind], _MEDIA_TECHNICAL_FIELDS)
    return "\n".join(word for word in words if word)


def _text_or_command(text: str) -> tuple[InboundKind, str, str]:
    """A "/word rest" text is a command (word lowercased, rest as payload); else plain text."""
    if text.startswith("/"):
        parts = text[1:].split(maxsplit=1)
        if parts and text[1:2].strip():
            return InboundKind.COMMAND, parts[0].lower(), parts[1].strip() if len(parts) > 1 else ""
    return InboundKind.TEXT, text, ""


def parse_status(status: Mapping[str, object]) -> StatusUpdate | None:
    """A delivery status of a message we sent; None when it names no message."""
    message_id = _str(status.get("id"))
    state = _str(status.get("status"))
    if not message_id or not state:
        return None
    codes = tuple(
        code
        for code in (_obj(error).get("code") for error in _list(status.get("errors")))
        if isinstance(code, int)
    )
    return StatusUpdate(
        message_id=message_id,
        status=state,
        recipient_id=_str(status.get("recipient_id")) or _str(status.get("recipient_user_id")),
        error_codes=codes,
        raw=status,
    )
