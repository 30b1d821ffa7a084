"""Builders of WhatsApp Cloud API webhook bodies in the real format, and Meta's signature.

Shapes follow Meta's webhook reference: object "whatsapp_business_account", entry[] with the
business account id, changes[] with field "messages" and a value holding messaging_product,
metadata (display number, phone number id), contacts and messages, or statuses.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from tests.fakes.graph_api import PHONE_NUMBER_ID

WABA_ID = "102290129340398"
DISPLAY_NUMBER = "15550783881"
#: 10:00 in Paris on the shared test clock's day (tests/conftest.py).
DEFAULT_AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

Json = dict[str, Any]
_ids = itertools.count(1)


def sign(body: bytes, secret: str) -> str:
    """X-Hub-Signature-256 as Meta sends it: "sha256=" + hex HMAC-SHA256 of the raw body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def encode(payload: Mapping[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def wamid() -> str:
    return f"wamid.HBgLMzM2MTIzNDU2NzgVAgASGBQz{next(_ids):08d}AA=="


def _base(wa_id: str, kind: str, at: datetime | None, ident: str | None, context_id: str | None) -> Json:
    message: Json = {
        "from": wa_id,
        "id": ident or wamid(),
        "timestamp": str(int((at or DEFAULT_AT).timestamp())),
        "type": kind,
    }
    if context_id:
        message["context"] = {"from": DISPLAY_NUMBER, "id": context_id}
    return message


def text(
    wa_id: str,
    body: str,
    *,
    at: datetime | None = None,
    ident: str | None = None,
    context_id: str | None = None,
) -> Json:
    message = _base(wa_id, "text", at, ident, context_id)
    message["text"] = {"body": body}
    return message


def _reply(wa_id: str, kind: str, content: Json, context_id: str | None, at: datetime | None) -> Json:
    """A tap answering one of our messages: `kind` is both the message type and its key
    (interactive replies nest one level deeper, under "interactive")."""
    message = _base(wa_id, "button" if kind == "button" else "interactive", at, None, context_id or wamid())
    if kind == "button":
        message["button"] = content
    else:
        message["interactive"] = {"type": kind, kind: content}
    return message


def button_reply(
    wa_id: str, reply_id: str, title: str, *, context_id: str | None = None, at: datetime | None = None
) -> Json:
    return _reply(wa_id, "button_reply", {"id": reply_id, "title": title}, context_id, at)


def username_text(
    user_id: str,
    body: str,
    *,
    phone: str | None = None,
    at: datetime | None = None,
    ident: str | None = None,
) -> Json:
    """A text from someone who uses a WhatsApp username: `from_user_id` holds their
    business-scoped user id (BSUID, "US.13491208655302741918"), and `from` (their phone
    number) is present only when Meta still shares it."""
    message: Json = {
        "from_user_id": user_id,
        "id": ident or wamid(),
        "timestamp": str(int((at or DEFAULT_AT).timestamp())),
        "type": "text",
        "text": {"body": body},
    }
    if phone is not None:
        message = {"from": phone, **message}
    return message


def list_reply(
    wa_id: str, reply_id: str, title: str, *, context_id: str | None = None, at: datetime | None = None
) -> Json:
    return _reply(wa_id, "list_reply", {"id": reply_id, "title": title, "description": ""}, context_id, at)


def template_button(
    wa_id: str, payload: str, button_text: str, *, context_id: str | None = None, at: datetime | None = None
) -> Json:
    """A tap on a template's quick-reply button (message type "button")."""
    return _reply(wa_id, "button", {"payload": payload, "text": button_text}, context_id, at)


_MEDIA: dict[str, Json] = {
    "image": {
        "image": {
            "caption": "",
            "mime_type": "image/jpeg",
            "sha256": "b64sha=",
            "id": "1479537139650973",
        }
    },
    "document": {
        "document": {
            "filename": "contrat.pdf",
            "mime_type": "application/pdf",
            "sha256": "b64sha=",
            "id": "1479537139650974",
        }
    },
    "audio": {
        "audio": {
            "mime_type": "audio/mpeg",
            "sha256": "b64sha=",
            "id": "1479537139650975",
            "voice": False,
        }
    },
    "voice": {
        "audio": {
            "mime_type": "audio/ogg; codecs=opus",
            "sha256": "b64sha=",
            "id": "1479537139650976",
            "voice": True,
        }
    },
    "video": {"video": {"mime_type": "video/mp4", "sha256": "b64sha=", "id": "1479537139650977"}},
    "sticker": {
        "sticker": {
            "mime_type": "image/webp",
            "sha256": "b64sha=",
            "id": "1479537139650978",
            "animated": False,
        }
    },
    "location": {
        "location": {
            "latitude": 48.8566,
            "longitude": 2.3522,
            "name": "Bureau",
            "address": "1 rue X",
        }
    },
    "contacts": {
        "contacts": [
            {
                "name": {"formatted_name": "Jean Dupont", "first_name": "Jean"},
                "phones": [{"phone": "+33 6 00 00 00 01", "type": "CELL"}],
            }
        ]
    },
}
MEDIA_KINDS = tuple(_MEDIA)


def media(wa_id: str, kind: str, *, at: datetime | None = None) -> Json:
    """A media message; "voice" is an audio message with voice=true, as WhatsApp sends it."""
    wire_kind = "audio" if kind == "voice" else kind
    message = _base(wa_id, wire_kind, at, None, None)
    message.update(json.loads(json.dumps(_MEDIA[kind])))
    return message


def reaction(wa_id: str, message_id: str, emoji: str = "👍") -> Json:
    message = _base(wa_id, "reaction", None, None, None)
    message["reaction"] = {"message_id": message_id, "emoji": emoji}
    return message


def status(
    message_id: str,
    state: str,
    recipient_id: str,
    *,
    at: datetime | None = None,
    error_code: int | None = None,
) -> Json:
    update: Json = {
        "id": message_id,
        "status": state,
        "timestamp": str(int((at or DEFAULT_AT).timestamp())),
        "recipient_id": recipient_id,
    }
    if state in ("sent", "delivered", "read"):
        update["conversation"] = {"id": "c0ffee", "origin": {"type": "service"}}
        update["pricing"] = {"billable": True, "pricing_model": "PMP", "category": "service"}
    if error_code is not None:
        update["errors"] = [{"code": error_code, "title": "Re-engagement message"}]
    return update


def change(
    messages: Iterable[Json] = (),
    statuses: Iterable[Json] = (),
    *,
    phone_number_id: str = PHONE_NUMBER_ID,
    profile_name: str = "Camille",
) -> Json:
    """One changes[] item: value with metadata, the senders' contacts, messages/statuses."""
    messages = list(messages)
    statuses = list(statuses)
    value: Json = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": DISPLAY_NUMBER, "phone_number_id": phone_number_id},
    }
    if messages:
        contacts: list[Json] = []
        for m in {(m.get("from"), m.get("from_user_id")): m for m in messages}.values():
            contact: Json = {"profile": {"name": profile_name}}
            if "from_user_id" in m:
                contact["profile"]["username"] = "@camille.r"
                contact["user_id"] = m["from_user_id"]
            if "from" in m:
                contact["wa_id"] = m["from"]
            contacts.append(contact)
        value["contacts"] = contacts
        value["messages"] = messages
    if statuses:
        value["statuses"] = statuses
    return {"value": value, "field": "messages"}


def webhook(*entries: Iterable[Json]) -> Json:
    """The whole body: each argument is one entry's list of changes."""
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": WABA_ID, "changes": list(changes)} for changes in entries],
    }


def messages(*items: Json, phone_number_id: str = PHONE_NUMBER_ID) -> Json:
    """The common case: one entry, one change, these messages."""
    return webhook([change(items, phone_number_id=phone_number_id)])


def statuses(*items: Json) -> Json:
    return webhook([change(statuses=items)])
