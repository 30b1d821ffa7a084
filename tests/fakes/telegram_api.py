"""A loopback Telegram Bot API that speaks the real wire format, for hermetic channel tests.

Served by uvicorn on 127.0.0.1 (port chosen by the OS) inside the test's event loop, so the
real python-telegram-bot talks real HTTP to it through `base_url`. It answers the methods
Cadre uses at `/bot<token>/<method>`, accepts JSON, form-encoded and multipart bodies like
the real API, records every call (uploaded files as their bytes), refuses a photo it could
not decode or a caption over 1024 characters as Telegram does, and can be told to fail the
next calls of a method with a 429, 403, 400 or 502 exactly as Telegram words them.

Long polling follows Telegram's rule for two getUpdates at once: the newer one wins, and
the OLDER one, still waiting, is answered 409 "Conflict: terminated by other getUpdates
request" (python-telegram-bot raises telegram.error.Conflict). `poll_from_elsewhere`
is that newer request coming from a client outside the test.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.policy
import itertools
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.parser import BytesParser
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.channels.http_server import WebhookServer

BOT_ID = 700000001
BOT_USERNAME = "cadre_test_bot"

# Form fields that Telegram decodes as JSON (PTB JSON-encodes them in form bodies).
_JSON_FIELDS = {
    "reply_markup",
    "allowed_updates",
    "commands",
    "scope",
    "entities",
    "caption_entities",
    "reply_parameters",
    "link_preview_options",
}
_INT_FIELDS = {"chat_id", "message_id", "offset", "limit", "timeout", "max_connections"}

FAILURES: dict[str, tuple[int, dict[str, Any]]] = {
    "429": (
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 3",
            "parameters": {"retry_after": 3},
        },
    ),
    "403": (
        403,
        {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"},
    ),
    "400": (
        400,
        {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"},
    ),
    "502": (502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}),
    "409": (
        409,
        {
            "ok": False,
            "error_code": 409,
            "description": "Conflict: terminated by other getUpdates request; "
            "make sure that only one bot instance is running",
        },
    ),
}


CAPTION_LIMIT = 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"


@dataclass
class ApiCall:
    """One recorded request: the method and its decoded parameters (files as bytes)."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)


class FakeTelegramApi:
    """Start with `await api.start()`; point PTB at `api.base_url`; inspect `api.calls`."""

    def __init__(self, token: str = "123456:TEST-token") -> None:
        self.token = token
        self.calls: list[ApiCall] = []
        self.webhook_url = ""
        self.webhook_secret: str | None = None
        self._updates: list[dict[str, Any]] = []
        self._new_updates = asyncio.Event()
        self._failures: dict[str, list[str | None]] = {}
        self._message_ids = itertools.count(1000)
        self._http: WebhookServer | None = None
        self._is_closing = False
        self._polls = 0  # getUpdates calls so far: a waiting one ends once a newer one comes
        self._waiting = 0  # getUpdates calls waiting for an update now
        self.port = 0

    # -- test controls ------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """What TelegramChannel's `base_url` takes: PTB appends the token itself."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def is_long_polling(self) -> bool:
        """A getUpdates is waiting for an update (what `poll_from_elsewhere` cuts off)."""
        return self._waiting > 0

    def poll_from_elsewhere(self) -> None:
        """Another client's getUpdates on this token: the long poll in progress, if any, is
        answered 409 as Telegram answers it."""
        self._polls += 1
        self._new_updates.set()

    def queue_update(self, update: Mapping[str, Any]) -> None:
        """Make an Update (real JSON shape) available to the next getUpdates."""
        self._updates.append(dict(update))
        self._new_updates.set()

    def fail_next(self, method: str, kind: str, times: int = 1, *, after: int = 0) -> None:
        """Answer `times` calls of `method` with failure `kind` ("429", "403", "400", "502"),
        once `after` further calls have succeeded (to fail the middle of a split text)."""
        self._failures.setdefault(method, []).extend([None] * after + [kind] * times)

    def reset(self) -> None:
        """Forget calls, queued updates, failures and the webhook between tests."""
        self.calls.clear()
        self._updates.clear()
        self._failures.clear()
        self.webhook_url = ""
        self.webhook_secret = None

    def calls_to(self, method: str) -> list[ApiCall]:
        return [call for call in self.calls if call.method == method]

    async def wait_for_call(self, method: str, count: int = 1, timeout_s: float = 5) -> None:
        deadline = time.monotonic() + timeout_s
        while len(self.calls_to(method)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} call(s) to {method}")
            await asyncio.sleep(0.01)

    # -- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        """Serve on 127.0.0.1 with the project's own in-loop server (port chosen by the OS)."""
        self._is_closing = False
        self._http = WebhookServer("127.0.0.1", 0)
        self._http.add_route(Route("/bot{token}/{method}", self._endpoint, methods=["POST"]))
        await self._http.start()
        self.port = self._http.port

    async def stop(self) -> None:
        if self._http is None:
            return
        self._is_closing = True
        self._new_updates.set()  # wake a long poll in progress
        await self._http.stop()
        self._http = None

    # -- the API ----------------------------------------------------------------------------

    async def _endpoint(self, request: Request) -> Response:
        if request.path_params["token"] != self.token:
            return JSONResponse(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status_code=401
            )
        # "All methods in the Bot API are case-insensitive" (Bot API, Making requests).
        method = _METHODS.get(request.path_params["method"].lower(), request.path_params["method"])
        params, files = await _decode(request)
        self.calls.append(ApiCall(method, params, files))
        pending = self._failures.get(method)
        failure = pending.pop(0) if pending else None
        if failure is not None:
            status, body = FAILURES[failure]
            return JSONResponse(body, status_code=status)
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return JSONResponse({"ok": False, "error_code": 404, "description": "Not Found"}, status_code=404)
        result = await handler(params, files)
        if isinstance(result, Response):  # the method's own refusal (a bad upload)
            return result
        return JSONResponse({"ok": True, "result": result})

    async def _api_getMe(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Cadre",
            "username": BOT_USERNAME,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _api_getUpdates(self, params: dict[str, Any], files: Any) -> list[dict[str, Any]] | Response:
        self._polls += 1
        mine = self._polls
        self._new_updates.set()  # an older long poll still waiting wakes up, and is refused
        offset = params.get("offset")
        if offset is not None:
            # Telegram forgets every update below the offset: that is the acknowledgement.
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        allowed = params.get("allowed_updates")
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        while True:
            if self._polls != mine:
                status, body = FAILURES["409"]
                return JSONResponse(body, status_code=status)
            ready = [u for u in self._updates if _is_allowed(u, allowed)]
            if ready or time.monotonic() >= deadline or self._is_stopping():
                return ready[: int(params.get("limit") or 100)]
            self._new_updates.clear()
            self._waiting += 1
            try:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self._new_updates.wait(), timeout=max(0.0, deadline - time.monotonic())
                    )
            finally:
                self._waiting -= 1
            if self._is_stopping():
                return []

    def _is_stopping(self) -> bool:
        return self._http is None or self._is_closing

    def _message(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": params["chat_id"], "type": "private"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Cadre"},
            **content,
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message

    async def _api_sendMessage(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        return self._message(params, text=params["text"])

    async def _api_sendDocument(
        self, params: dict[str, Any], files: dict[str, tuple[str, bytes]]
    ) -> dict[str, Any] | Response:
        if "document" not in files:
            return _bad_request("there is no document in the request")
        if len(params.get("caption", "")) > CAPTION_LIMIT:
            return _bad_request("message caption is too long")
        name, data = files["document"]
        document = {
            "file_id": f"DOC{len(data)}",
            "file_unique_id": "U1",
            "file_name": name,
            "file_size": len(data),
        }
        content: dict[str, Any] = {"document": document}
        if params.get("caption"):
            content["caption"] = params["caption"]
        return self._message(params, **content)

    async def _api_sendPhoto(
        self, params: dict[str, Any], files: dict[str, tuple[str, bytes]]
    ) -> dict[str, Any] | Response:
        """Like Telegram: the upload must be a picture it can decode (PNG or JPEG here)."""
        if "photo" not in files:
            return _bad_request("there is no photo in the request")
        if len(params.get("caption", "")) > CAPTION_LIMIT:
            return _bad_request("message caption is too long")
        _name, data = files["photo"]
        if not data.startswith((PNG_SIGNATURE, JPEG_SIGNATURE)):
            return _bad_request("IMAGE_PROCESS_FAILED")
        sizes = [
            {"file_id": f"PHOTO{i}", "file_unique_id": f"P{i}", "width": w, "height": h}
            for i, (w, h) in enumerate(((90, 51), (320, 180), (1280, 720)))
        ]
        content: dict[str, Any] = {"photo": sizes}
        if params.get("caption"):
            content["caption"] = params["caption"]
        return self._message(params, **content)

    async def _api_answerCallbackQuery(self, params: dict[str, Any], files: Any) -> bool:
        return True

    async def _api_editMessageReplyMarkup(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        message = self._message(params)
        message["message_id"] = params["message_id"]
        message["text"] = "…"
        return message

    async def _api_setMyCommands(self, params: dict[str, Any], files: Any) -> bool:
        return True

    async def _api_deleteWebhook(self, params: dict[str, Any], files: Any) -> bool:
        self.webhook_url = ""
        return True

    async def _api_setWebhook(self, params: dict[str, Any], files: Any) -> bool:
        self.webhook_url = params["url"]
        self.webhook_secret = params.get("secret_token")
        return True

    async def _api_getWebhookInfo(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": 0,
        }

    async def _api_getFile(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        # Present so a regression is visible in `calls` rather than as a 404.
        return {"file_id": params.get("file_id", ""), "file_unique_id": "U"}


def _bad_request(description: str) -> Response:
    return JSONResponse(
        {"ok": False, "error_code": 400, "description": f"Bad Request: {description}"}, status_code=400
    )


_METHODS = {
    name.removeprefix("_api_").lower(): name.removeprefix("_api_")
    for name in dir(FakeTelegramApi)
    if name.startswith("_api_")
}


def _is_allowed(update: Mapping[str, Any], allowed: list[str] | None) -> bool:
    if not allowed:
        return True
    return any(kind in update for kind in allowed)


async def _decode(request: Request) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    """Parameters as the real API reads them: JSON body, query string, or form fields."""
    params: dict[str, Any] = dict(request.query_params)
    files: dict[str, tuple[str, bytes]] = {}
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/json"):
        body = await request.body()
        if body:
            params.update(json.loads(body))
        return params, files
    body = await request.body()
    fields: list[tuple[str, str | tuple[str, bytes]]] = []
    if content_type.startswith("application/x-www-form-urlencoded"):
        fields.extend(parse_qsl(body.decode(), keep_blank_values=True))
    elif content_type.startswith("multipart/form-data"):
        # Parsed with the standard library: the fake needs no python-multipart.
        head = f"Content-Type: {content_type}\r\n\r\n".encode()
        parsed = BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
        for part in parsed.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_filename()
            payload = part.get_payload(decode=True) or b""
            if not isinstance(name, str) or not isinstance(payload, bytes):
                continue
            if filename is not None:
                fields.append((name, (filename, payload)))
            else:
                fields.append((name, payload.decode()))
    for name, value in fields:
        if isinstance(value, tuple):
            files[name] = value
        elif name in _JSON_FIELDS:
            params[name] = json.loads(value)
        elif name in _INT_FIELDS:
            params[name] = int(value)
        else:
            params[name] = value
    return params, files
