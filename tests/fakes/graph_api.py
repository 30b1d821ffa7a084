"""A loopback WhatsApp Cloud (Graph) API that speaks the real wire format, for hermetic tests.

Served by uvicorn on 127.0.0.1 (port chosen by the OS) inside the test's event loop, so the
real heyoo (through `requests`, in a thread) and httpx talk real HTTP to it. It answers
`POST /v23.0/{phone_number_id}/messages` and `/media` like Meta does, checks the bearer
token and the limits the real API enforces (so a renderer bug fails here, not in
production: media types and sizes on upload, an image message only for an uploaded
image), records every call on any path and method (a GET of a media URL would show
up), and can be told to fail the next calls with Graph's real error bodies.
"""

from __future__ import annotations

import contextlib
import email.policy
import itertools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.parser import BytesParser
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.channels.http_server import WebhookServer
from bot.channels.whatsapp.channel import DOCUMENT_TYPES

VERSION = "v23.0"
PHONE_NUMBER_ID = "106540352242922"
TOKEN = "EAAG-test-token"

# code -> (HTTP status, message, error_data.details), as the Cloud API words them.
ERRORS: dict[int, tuple[int, str, str]] = {
    131047: (
        400,
        "(#131047) Re-engagement message",
        "Message failed to send because more than 24 hours have passed since the customer "
        "last replied to this number.",
    ),
    130429: (400, "(#130429) Rate limit hit", "Cloud API message throughput has been reached."),
    131056: (
        400,
        "(#131056) (Business Account, Consumer Account) pair rate limit hit",
        "Message failed to send because there were too many messages sent from this phone "
        "number to the same phone number in a short period of time.",
    ),
    131000: (
        500,
        "(#131000) Something went wrong",
        "Message failed to send because of an unknown error. Please try again later.",
    ),
    131026: (400, "(#131026) Message Undeliverable", "Message Undeliverable."),
    131053: (400, "(#131053) Media upload error", "Unable to upload the media used in the message."),
    131009: (400, "(#131009) Parameter value is not valid", "Parameter value is not valid"),
    100: (400, "(#100) Invalid parameter", "Invalid parameter"),
    190: (401, "Invalid OAuth access token - Cannot parse access token", ""),
}


IMAGE_TYPES = frozenset({"image/png", "image/jpeg"})
#: Media types the Cloud API takes and their size limits (images 5 MB, documents 100 MB).
MEDIA_LIMITS: dict[str, int] = {
    **dict.fromkeys(IMAGE_TYPES, 5 * 1024 * 1024),
    **dict.fromkeys(DOCUMENT_TYPES, 100 * 1024 * 1024),
}


def graph_error(code: int, details: str | None = None) -> tuple[int, dict[str, Any]]:
    """(HTTP status, body) of a Graph error, in the real shape."""
    status, message, default_details = ERRORS[code]
    error: dict[str, Any] = {
        "message": message,
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": f"AbCdEf{code}",
    }
    if details if details is not None else default_details:
        error["error_data"] = {
            "messaging_product": "whatsapp",
            "details": details if details is not None else default_details,
        }
    return status, {"error": error}


@dataclass
class GraphCall:
    """One request as the fake saw it."""

    method: str
    path: str
    headers: dict[str, str]
    json: dict[str, Any] | None = None
    form: dict[str, str] = field(default_factory=dict)
    files: dict[str, tuple[str, str, bytes]] = field(default_factory=dict)


@dataclass
class _Failure:
    status: int
    body: bytes
    content_type: str


class FakeGraphApi:
    """The Cloud API endpoints Cadre uses, plus a recorder for everything else."""

    def __init__(self, phone_number_id: str = PHONE_NUMBER_ID, token: str = TOKEN) -> None:
        self.phone_number_id = phone_number_id
        self.token = token
        self.calls: list[GraphCall] = []
        self.media: dict[str, GraphCall] = {}
        self._failures: list[_Failure] = []
        self._ids = itertools.count(1)
        self._http: WebhookServer | None = None
        self.port = 0

    # -- control ---------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/{VERSION}"

    @property
    def messages(self) -> list[dict[str, Any]]:
        """JSON bodies of the accepted and refused POSTs to /messages, in order."""
        return [c.json for c in self.calls if c.path.endswith("/messages") and c.json is not None]

    def fail_next(self, count: int = 1, *, code: int = 131047) -> None:
        """The next `count` calls answer Graph error `code` with its real HTTP status."""
        status, body = graph_error(code)
        for _ in range(count):
            self._failures.append(_Failure(status, json.dumps(body).encode(), "application/json"))

    def fail_next_http(self, count: int = 1, *, status: int = 500, text: str | None = None) -> None:
        """The next `count` calls answer a bare HTTP error (a proxy's HTML page when `text`)."""
        for _ in range(count):
            if text is None:
                body = {
                    "error": {
                        "message": "An unexpected error has occurred. Please retry your request later.",
                        "type": "OAuthException",
                        "is_transient": True,
                        "code": 2,
                        "fbtrace_id": "AtRaNsIeNt",
                    }
                }
                failure = _Failure(status, json.dumps(body).encode(), "application/json")
            else:
                failure = _Failure(status, text.encode(), "text/html")
            self._failures.append(failure)

    async def start(self) -> None:
        """Serve on 127.0.0.1 with the project's own in-loop server (port chosen by the OS)."""
        self._http = WebhookServer("127.0.0.1", 0)
        for route in (
            Route(f"/{VERSION}/{{number}}/messages", self._messages, methods=["POST"]),
            Route(f"/{VERSION}/{{number}}/media", self._upload, methods=["POST"]),
            Route("/{rest:path}", self._anything),
        ):
            self._http.add_route(route)
        await self._http.start()
        self.port = self._http.port

    async def stop(self) -> None:
        if self._http is not None:
            http, self._http = self._http, None
            await http.stop()

    # -- endpoints -------------------------------------------------------------------

    async def _record(self, request: Request) -> GraphCall:
        call = GraphCall(
            method=request.method,
            path=request.url.path,
            headers={k.lower(): v for k, v in request.headers.items()},
        )
        body = await request.body()
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("application/json") and body:
            with contextlib.suppress(ValueError):
                call.json = json.loads(body)
        elif content_type.startswith("multipart/form-data"):
            call.form, call.files = _parse_multipart(content_type, body)
        self.calls.append(call)
        return call

    def _refusal(self, call: GraphCall, number: str) -> Response | None:
        if self._failures:
            failure = self._failures.pop(0)
            return Response(failure.body, failure.status, media_type=failure.content_type)
        if call.headers.get("authorization") != f"Bearer {self.token}":
            return _error(190)
        if number != self.phone_number_id:
            return _error(100, "Unsupported post request: unknown phone number id")
        return None

    async def _messages(self, request: Request) -> Response:
        call = await self._record(request)
        refusal = self._refusal(call, request.path_params["number"])
        if refusal is not None:
            return refusal
        payload = call.json or {}
        problem = _validate_message(payload, self.media)
        if problem:
            return _error(131009, problem)
        to = str(payload.get("to") or payload["recipient"])
        contact = {"input": to, "wa_id": to} if "to" in payload else {"input": to, "user_id": to}
        message: dict[str, Any] = {"id": f"wamid.HBgL{next(self._ids):06d}FAKE"}
        if payload.get("type") == "template":
            message["message_status"] = "accepted"
        return JSONResponse(
            {
                "messaging_product": "whatsapp",
                "contacts": [contact],
                "messages": [message],
            }
        )

    async def _upload(self, request: Request) -> Response:
        call = await self._record(request)
        refusal = self._refusal(call, request.path_params["number"])
        if refusal is not None:
            return refusal
        if call.form.get("messaging_product") != "whatsapp" or "file" not in call.files:
            return _error(100, "messaging_product and file are required")
        _name, content_type, data = call.files["file"]
        declared = call.form.get("type", "")
        limit = MEDIA_LIMITS.get(declared)
        if limit is None or declared != content_type:
            return _error(131053, f"Unsupported or mismatched media type {declared!r}")
        if len(data) > limit:
            return _error(131053, "Media file is too large")
        media_id = f"{next(self._ids) + 900000000000000}"
        self.media[media_id] = call
        return JSONResponse({"id": media_id})

    async def _anything(self, request: Request) -> Response:
        await self._record(request)
        return _error(100, "Unsupported request")


def _error(code: int, details: str | None = None) -> Response:
    status, body = graph_error(code, details)
    return JSONResponse(body, status_code=status)


def _parse_multipart(
    content_type: str, body: bytes
) -> tuple[dict[str, str], dict[str, tuple[str, str, bytes]]]:
    message = BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    form: dict[str, str] = {}
    files: dict[str, tuple[str, str, bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if not isinstance(name, str) or not isinstance(payload, bytes):
            continue
        filename = part.get_filename()
        if filename is None:
            form[name] = payload.decode("utf-8")
        else:
            files[name] = (filename, part.get_content_type(), payload)
    return form, files


def _validate_message(payload: Mapping[str, Any], media: Mapping[str, GraphCall]) -> str:
    """The first rule of the real API this payload breaks, or ""."""
    if payload.get("messaging_product") != "whatsapp":
        return "messaging_product must be whatsapp"
    if "to" in payload and "recipient" in payload:
        return "to and recipient are mutually exclusive"
    if "recipient" in payload:
        # A business-scoped user id, for people who use a username.
        if not re.fullmatch(r"[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]+", str(payload["recipient"])):
            return "recipient must be a business-scoped user id"
    elif not str(payload.get("to", "")).isdigit():
        return "to must be a phone number"
    kind = payload.get("type", "text")
    if kind == "text":
        body = payload.get("text", {}).get("body", "")
        return "" if 0 < len(body) <= 4096 else "text.body must be 1..4096 characters"
    if kind == "template":
        template = payload.get("template", {})
        has_language = bool(template.get("language", {}).get("code"))
        return "" if template.get("name") and has_language else "template name and language"
    if kind in ("document", "image"):
        shown = payload.get(kind, {})
        uploaded = media.get(str(shown.get("id")))
        if uploaded is None:
            return f"{kind}.id must be an uploaded media id"
        if kind == "image" and uploaded.form.get("type") not in IMAGE_TYPES:
            return "image.id must be an uploaded image (image/png or image/jpeg)"
        if "caption" in shown and not isinstance(shown["caption"], str):
            return "caption must be a string"
        return "" if len(shown.get("caption", "")) <= 1024 else "caption over 1024"
    if kind == "interactive":
        return _validate_interactive(payload.get("interactive", {}))
    return f"unsupported type {kind}"


def _validate_interactive(interactive: Mapping[str, Any]) -> str:
    body = interactive.get("body", {}).get("text", "")
    action = interactive.get("action", {})
    if interactive.get("type") == "button":
        buttons = action.get("buttons", [])
        titles = [b.get("reply", {}).get("title", "") for b in buttons]
        ids = [b.get("reply", {}).get("id", "") for b in buttons]
        if not 0 < len(body) <= 1024:
            return "button body must be 1..1024 characters"
        if not 1 <= len(buttons) <= 3:
            return "1..3 buttons"
        if any(not 0 < len(t) <= 20 for t in titles) or len(set(titles)) != len(titles):
            return "button titles must be unique, 1..20 characters"
        if any(not 0 < len(i) <= 256 for i in ids) or len(set(ids)) != len(ids):
            return "button ids must be unique, 1..256 characters"
        return ""
    if interactive.get("type") == "list":
        rows = [row for section in action.get("sections", []) for row in section.get("rows", [])]
        if not 0 < len(body) <= 4096:
            return "list body must be 1..4096 characters"
        if not 0 < len(action.get("button", "")) <= 20:
            return "list button must be 1..20 characters"
        if not 1 <= len(rows) <= 10:
            return "1..10 rows"
        for row in rows:
            if not 0 < len(row.get("title", "")) <= 24 or len(row.get("description", "")) > 72:
                return "row title 1..24, description up to 72 characters"
            if not 0 < len(row.get("id", "")) <= 200:
                return "row id 1..200 characters"
        return ""
    return "interactive type must be button or list"
