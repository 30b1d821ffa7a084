"""Builders of Telegram Bot API Update JSON in the real format: a person's message, a button tap.

Shapes follow the Bot API reference (Update, Message, CallbackQuery, User, Chat); what the
channel reads is there, what it does not (names, dates) is plausible and fixed.
"""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]
DATE = 1_790_000_000
BOT: Json = {"id": 1, "is_bot": True, "first_name": "Cadre"}


def user(chat_id: int, language: str = "fr") -> Json:
    """A person writing from a private chat (in a private chat, the chat id is theirs)."""
    return {"id": chat_id, "is_bot": False, "first_name": "Mentee", "language_code": language}


def bot_message(message_id: int, chat_id: int, text: str = "…") -> Json:
    """A message the bot sent: what a reply or a button tap points back to."""
    return {
        "message_id": message_id,
        "date": DATE,
        "chat": {"id": chat_id, "type": "private"},
        "from": BOT,
        "text": text,
    }


def message(update_id: int, chat_id: int, *, chat_type: str = "private", **content: Any) -> Json:
    """An update with a message from `chat_id`; `content` is its text, entities, reply…"""
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id * 10,
            "date": DATE,
            "chat": {"id": chat_id, "type": chat_type},
            "from": user(chat_id),
            **content,
        },
    }


def callback(update_id: int, chat_id: int, data: str, *, message_id: int = 77) -> Json:
    """A tap on the inline button `data` under the bot's message `message_id`."""
    return {
        "update_id": update_id,
        "callback_query": {
            "id": f"cb{update_id}",
            "from": user(chat_id),
            "chat_instance": "ci",
            "data": data,
            "message": bot_message(message_id, chat_id, "Choose"),
        },
    }
