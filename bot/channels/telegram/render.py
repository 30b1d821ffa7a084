"""Pure translation between Telegram's objects and Cadre's Inbound / Outbound.

Kept apart from the network code so every rule (what is a command, what counts as media,
where a long text is cut) is tested without a server, and so the channel module stays
about transport. Nothing here logs or raises with user text in the message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from telegram import (
    CallbackQuery,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)

from bot.domain import ChatKind, Choice, Inbound, InboundKind, UserRef
from bot.domain.text import strings_in
from bot.errors import FinalSendError

CHANNEL = "telegram"
#: Telegram's limit for a message text (and the unit is UTF-16 code units, not code points).
TEXT_LIMIT = 4096
#: Telegram's limit for a document caption.
CAPTION_LIMIT = 1024
#: Telegram's limit for callback_data, in bytes.
CALLBACK_DATA_LIMIT = 64

# Attributes of Message that carry media, most specific first: Telegram also fills
# `document` for an animation and `location` for a venue, and the payload should name what
# the person actually sent.
MEDIA_KINDS: tuple[str, ...] = (
    "animation",
    "venue",
    "photo",
    "document",
    "voice",
    "audio",
    "video",
    "video_note",
    "sticker",
    "contact",
    "location",
)
# Content a person sends on purpose that is neither text nor a file: refused like media
# (payload "other") rather than silently dropped, so the mentee gets the charter reminder.
OTHER_CONTENT: tuple[str, ...] = ("dice", "poll", "game", "story", "invoice", "paid_media", "checklist")

#: Marks, in a message read in part (`salvaged`), the content the library refused: it
#: reaches the message's api_kwargs, where `_media_kind` reads it.
UNREADABLE_CONTENT = "cadre_unreadable_content"

_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@[A-Za-z0-9_]{1,64})?(?:\s+(.*))?$", re.DOTALL)


def parse_command(text: str) -> tuple[str, str] | None:
    """("cmd", "args") for "/cmd args" or "/cmd@bot args"; None when it is not a command.

    A path such as "/home/x" is not a command: Telegram would not highlight it either.
    """
    match = _COMMAND.match(text.strip())
    if match is None:
        return None
    return match.group(1).lower(), (match.group(2) or "").strip()


@dataclass(frozen=True)
class Translation:
    """An update's meaning: the Inbound to hand to the core, or why it was ignored.

    `callback` is set for a button press so the channel can answer it and remove the
    keyboard; `ignored` names the update kind for the log line (never its content).
    """

    inbound: Inbound | None
    callback: CallbackQuery | None = None
    ignored: str = ""
    album: str = ""
    """The media group a photo or file belongs to: Telegram sends each item of an album
    as an update of its own, and the person sent one thing."""


def _user_for(chat: Chat) -> UserRef:
    return UserRef(CHANNEL, str(chat.id))


def _is_one_to_one(chat: Chat) -> bool:
    return chat.type == Chat.PRIVATE


def _media_kind(message: Message) -> str | None:
    for kind in MEDIA_KINDS:
        if getattr(message, kind, None):
            return kind
    for kind in OTHER_CONTENT:
        if getattr(message, kind, None):
            return "other"
    unreadable = message.api_kwargs.get(UNREADABLE_CONTENT)
    if isinstance(unreadable, str):
        return unreadable if unreadable in MEDIA_KINDS else "other"
    return None


def _language(message: Message | CallbackQuery) -> str | None:
    user = message.from_user
    return user.language_code if user is not None else None


def _reply_to(message: Message) -> str | None:
    replied = message.reply_to_message
    return str(replied.message_id) if replied is not None else None


#: Fields of an update that name the people of the chat (the sender's own account) or
#: the platform's objects, not anything a person wrote in the message.
_NOT_WORDS = frozenset(
    {
        "id",
        "from",
        "chat",
        "sender_chat",
        "entities",
        "caption_entities",
        "reply_markup",
        "file_id",
        "file_unique_id",
        "mime_type",
        "type",
        "language_code",
        "chat_instance",
        "inline_message_id",
        "data",
        "link_preview_options",
    }
)


def update_words(data: Mapping[str, object]) -> str:
    """Every word one update carries, for screening before it is kept: the text or caption
    the core reads (a command with its argument), and what comes beside it (the message it
    replies to or quotes, the bot's message under a tapped button, a forward, a shared
    contact or place). Button data (ours) and the sender's own account are not words; the
    chat a message was forwarded or quoted from is (a channel or group named after a client)."""
    words = strings_in(data, _NOT_WORDS) + _origin_chat_words(data)
    return "\n".join(word for word in words if word)


def _origin_chat_words(data: Mapping[str, object]) -> list[str]:
    """The names of the chats a message comes from (`forward_origin`, `external_reply`):
    under "chat" and "sender_chat", keys skipped everywhere else as the conversation's own."""
    words: list[str] = []
    for key in ("message", "edited_message"):
        message = data.get(key)
        if not isinstance(message, Mapping):
            continue
        for field in ("forward_origin", "external_reply"):
            origin = message.get(field)
            places = (origin, origin.get("origin")) if isinstance(origin, Mapping) else ()
            for place in places:
                if isinstance(place, Mapping):
                    for name in ("chat", "sender_chat"):
                        words += strings_in(place.get(name), _NOT_WORDS)
    return words


def salvaged(data: Mapping[str, object]) -> dict[str, object] | None:
    """A message, edit or button press reduced to what Cadre reads, for an update the
    library refuses whole; None for any other kind, or when not even that is there.

    python-telegram-bot refuses an update when one object in it lacks a field it holds
    required: a poll from a Bot API server older than the library (`persistent_id`, Bot
    API 9.6), a replied-to message a client or a relay cut down to its id. Skipping the
    update would leave the person unanswered. Kept: ids, chat, sender, text or caption,
    album, the replied-to message's id, a button's data; content the library could not
    read is named in UNREADABLE_CONTENT so that it is refused like media, never dropped.
    """
    update_id = data.get("update_id")
    for key in ("message", "edited_message"):
        message = data.get(key)
        if isinstance(message, dict):
            kept = _salvaged_message(message)
            return None if kept is None else {"update_id": update_id, key: kept}
    query = data.get("callback_query")
    if not isinstance(query, dict):
        return None
    sender = _salvaged_user(query.get("from"))
    if sender is None or not isinstance(query.get("id"), str):
        return None
    button: dict[str, object] = {
        "id": query["id"],
        "from": sender,
        "chat_instance": str(query.get("chat_instance") or ""),
    }
    if isinstance(query.get("data"), str):
        button["data"] = query["data"]
    under = query.get("message")
    chat = _salvaged_chat(under.get("chat")) if isinstance(under, dict) else None
    if isinstance(under, dict) and chat is not None and isinstance(under.get("message_id"), int):
        button["message"] = {"message_id": under["message_id"], "date": _date(under), "chat": chat}
    return {"update_id": update_id, "callback_query": button}


def _date(message: Mapping[str, object]) -> int:
    date = message.get("date")
    return date if isinstance(date, int) and date >= 0 else 0


def _salvaged_chat(chat: object) -> dict[str, object] | None:
    """Its id and type; a chat without a type is private only when its id is a person's
    (positive), as Telegram numbers them: a group's content is never taken for a mentee's."""
    if not isinstance(chat, dict) or not isinstance(chat.get("id"), int):
        return None
    kind = chat.get("type")
    if not isinstance(kind, str):
        kind = Chat.PRIVATE if chat["id"] > 0 else Chat.GROUP
    return {"id": chat["id"], "type": kind}


def _salvaged_user(user: object) -> dict[str, object] | None:
    if not isinstance(user, dict) or not isinstance(user.get("id"), int):
        return None
    kept: dict[str, object] = {"id": user["id"], "is_bot": user.get("is_bot") is True, "first_name": ""}
    if isinstance(user.get("language_code"), str):
        kept["language_code"] = user["language_code"]
    return kept


def _salvaged_message(message: Mapping[str, object]) -> dict[str, object] | None:
    chat = _salvaged_chat(message.get("chat"))
    if chat is None or not isinstance(message.get("message_id"), int):
        return None
    kept: dict[str, object] = {"message_id": message["message_id"], "date": _date(message), "chat": chat}
    sender = _salvaged_user(message.get("from"))
    if sender is not None:
        kept["from"] = sender
    for name in ("text", "caption", "media_group_id"):
        if isinstance(message.get(name), str):
            kept[name] = message[name]
    replied = message.get("reply_to_message")
    if isinstance(replied, dict) and isinstance(replied.get("message_id"), int):
        kept["reply_to_message"] = {"message_id": replied["message_id"], "date": 0, "chat": chat}
    content = next((kind for kind in (*MEDIA_KINDS, *OTHER_CONTENT) if message.get(kind)), None)
    if content is not None:
        kept[UNREADABLE_CONTENT] = content
    return kept


def translate(update: Update, received_at: datetime) -> Translation:
    """Map one Update to what the core understands; never downloads or keeps media."""
    message_id = f"tg:{update.update_id}"

    def inbound(
        user: UserRef,
        kind: InboundKind,
        *,
        text: str = "",
        payload: str = "",
        reply_to: str | None = None,
        language: str | None = None,
        chat: ChatKind = ChatKind.PRIVATE,
    ) -> Inbound:
        return Inbound(
            user=user,
            message_id=message_id,
            kind=kind,
            received_at=received_at,
            text=text,
            payload=payload,
            reply_to=reply_to,
            language=language,
            chat=chat,
        )

    if update.callback_query is not None:
        query = update.callback_query
        chat = query.message.chat if query.message is not None else None
        user = _user_for(chat) if chat is not None else UserRef(CHANNEL, str(query.from_user.id))
        if chat is not None and not _is_one_to_one(chat):
            return Translation(
                inbound(user, InboundKind.MEDIA, chat=ChatKind.GROUP, language=_language(query)),
                callback=query,
            )
        if query.data is None:
            # A game's button (game_short_name) or a client that sent no data: none of
            # ours, which all carry their value. Answered, so the spinner stops; no choice.
            return Translation(None, callback=query, ignored="callback_without_data")
        return Translation(
            inbound(user, InboundKind.CHOICE, payload=query.data, language=_language(query)),
            callback=query,
        )

    for message, is_edit in ((update.message, False), (update.edited_message, True)):
        if message is None:
            continue
        user = _user_for(message.chat)
        language = _language(message)
        reply_to = _reply_to(message)
        if not _is_one_to_one(message.chat):
            if message.text is None and _media_kind(message) is None:
                # Pins, topics, members joining: nobody wrote to the bot.
                return Translation(None, ignored="group_service_message")
            return Translation(inbound(user, InboundKind.MEDIA, chat=ChatKind.GROUP, language=language))
        if is_edit:
            # The core says edits are not taken into account and keeps nothing of them:
            # an edit must never slip an unscreened text past it.
            body = message.text or message.caption or ""
            return Translation(
                inbound(user, InboundKind.EDITED, text=body, reply_to=reply_to, language=language)
            )
        media = _media_kind(message)
        if media is not None:
            return Translation(
                inbound(user, InboundKind.MEDIA, payload=media, reply_to=reply_to, language=language),
                album=message.media_group_id or "",
            )
        if message.text is not None:
            command = parse_command(message.text)
            if command is not None:
                word, args = command
                return Translation(
                    inbound(
                        user,
                        InboundKind.COMMAND,
                        text=word,
                        payload=args,
                        reply_to=reply_to,
                        language=language,
                    )
                )
            return Translation(
                inbound(user, InboundKind.TEXT, text=message.text, reply_to=reply_to, language=language)
            )
        return Translation(None, ignored="service_message")

    return Translation(None, ignored=_update_kind(update))


def _update_kind(update: Update) -> str:
    """The name of the first field set on an update we don't handle, for counting."""
    for name in (
        "channel_post",
        "edited_channel_post",
        "inline_query",
        "chosen_inline_result",
        "shipping_query",
        "pre_checkout_query",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_member",
        "chat_join_request",
        "message_reaction",
        "message_reaction_count",
        "business_message",
    ):
        if getattr(update, name, None) is not None:
            return name
    return "unknown"


def keyboard(choices: Sequence[Choice]) -> InlineKeyboardMarkup | None:
    """One button per row, so long labels stay readable on a phone.

    Raises FinalSendError when a value cannot be callback data: retrying would not help,
    the flow definition has to change.
    """
    if not choices:
        return None
    rows: list[list[InlineKeyboardButton]] = []
    for index, choice in enumerate(choices):
        size = len(choice.value.encode("utf-8"))
        if not 1 <= size <= CALLBACK_DATA_LIMIT:
            raise FinalSendError(
                f"choice #{index + 1} value is {size} bytes; Telegram callback data must be "
                f"1 to {CALLBACK_DATA_LIMIT} bytes (shorten the choice value)"
            )
        if not choice.label.strip():
            raise FinalSendError(f"choice #{index + 1} has an empty label (give it a label)")
        rows.append([InlineKeyboardButton(text=choice.label, callback_data=choice.value)])
    return InlineKeyboardMarkup(rows)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: emoji outside the BMP count twice."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Cut a long text into messages Telegram accepts, at the most natural boundary.

    Paragraphs first (blank line), then lines, then a hard cut that never splits a
    surrogate pair. Separators at a cut are dropped; nothing else is changed.
    """
    if utf16_len(text) <= limit:
        return [text] if text else []
    chunks: list[str] = []
    for piece in _pack(text.split("\n\n"), "\n\n", limit):
        if utf16_len(piece) <= limit:
            chunks.append(piece)
            continue
        for line_piece in _pack(piece.split("\n"), "\n", limit):
            if utf16_len(line_piece) <= limit:
                chunks.append(line_piece)
            else:
                chunks.extend(_hard_split(line_piece, limit))
    return [chunk for chunk in chunks if chunk]


def _pack(parts: list[str], separator: str, limit: int) -> list[str]:
    """Greedily join consecutive parts while the result fits; oversize parts stand alone."""
    packed: list[str] = []
    current: str | None = None
    for part in parts:
        if current is None:
            current = part
        elif utf16_len(current) + utf16_len(separator) + utf16_len(part) <= limit:
            current = current + separator + part
        else:
            packed.append(current)
            current = part
    if current is not None:
        packed.append(current)
    return packed


def _hard_split(text: str, limit: int) -> list[str]:
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for char in text:
        width = 2 if ord(char) > 0xFFFF else 1
        if size + width > limit:
            chunks.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    if current:
        chunks.append("".join(current))
    return chunks
