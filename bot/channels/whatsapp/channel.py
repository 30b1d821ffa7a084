"""The WhatsApp Cloud API channel: heyoo to send, a signed webhook on the shared server to receive.

heyoo (the design's choice) is a thin synchronous wrapper with three habits we can't ship
as they are, so it is wrapped rather than trusted:

- it hard-codes Graph API v14/v15 URLs: we point `url`, `base_url` and `v15_base_url` of
  our instance at the configured base (`CADRE_WHATSAPP_API_BASE_URL`, tests' fake);
- it logs phone numbers and whole response bodies through the *root* logger
  (`logging.info(...)`): its module-level `logging` name is rebound to a dedicated
  "heyoo" logger set to CRITICAL that does not propagate, so nothing reaches our logs;
- it calls `requests` with no timeout and returns the response JSON even on errors,
  dropping the HTTP status: its module-level `requests` name is rebound to a guard
  (GraphTransport, bot/channels/whatsapp/transport.py) that sends through kept-alive
  urllib3 pools with our timeouts, records the status for the call in flight and
  refuses any GET (we never download media). Each call also runs in a thread under
  `asyncio.wait_for`.

What heyoo lacks is sent as raw payloads through heyoo's own generic calls:
`send_reply_button` (posts any `interactive` object: reply buttons *and* lists) and
`send_custom_json` (templates without the empty `components` heyoo's `send_template`
adds, documents and images by uploaded media id). heyoo's own `send_document` drops the
file name when given a media id (its `link` flag is inverted), both it and `send_image`
post `"caption": null` and address only phone numbers, never a business-scoped user id.
Media upload is the one call made with httpx directly, to the same base URL: heyoo's
`upload_media` needs a file on disk, guesses the type from its name, never closes it, and
returns None on errors, hiding the Graph error code.

Errors follow Graph's codes: 131047 (more than 24 h since the user wrote) is
ServiceWindowClosedError; throughput and pair rate limits, 5xx, timeouts and connection
errors are RetryableSendError; any other refusal is FinalSendError. Exception messages and
log lines carry ids, codes and counts only; a phone number appears as a keyed hash.
"""

from __future__ import annotations

import asyncio
import contextvars
import dataclasses
import functools
import hmac
import json
import logging
import re
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import heyoo
import httpx
import requests
import urllib3
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot.channels.http_server import BodyRefused, WebhookServer, read_capped_body
from bot.channels.whatsapp.render import (
    CAPTION_LIMIT,
    DEFAULT_API_BASE_URL,
    ButtonsPart,
    ListPart,
    Part,
    TextPart,
    interactive_object,
    render,
)
from bot.channels.whatsapp.transport import (
    DEFAULT_SEND_TIMEOUT_S,
    EXCHANGE,
    Exchange,
    GraphTransport,
    never_reached,
)
from bot.channels.whatsapp.webhook import (
    CHANNEL,
    InboundMessage,
    StatusUpdate,
    StreamingSignature,
    is_signature_well_formed,
    message_words,
    parse_message,
    parse_payload,
    parse_status,
)
from bot.config.settings import DEFAULT_TEMPLATE
from bot.delivery.inbox import (
    STALE_EVENT_TTL,
    Inbox,
    MemoryInbox,
    PersonQueues,
    handle_then_done,
    resume_inbox,
)
from bot.domain import Attachment, Inbound, InboundKind, InboxEntry, Outbound, UserRef
from bot.domain.ids import moves_forward, pseudonym
from bot.domain.lru import BoundedDict
from bot.domain.threads import start_threads
from bot.errors import (
    ChannelError,
    FinalSendError,
    RetryableSendError,
    ServiceWindowClosedError,
    StorageFullError,
    StoreError,
    UncertainSendError,
    UndeliveredError,
)
from bot.ports import Clock, MarkStore, OnMessage, OnStatus

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/whatsapp"
#: WhatsApp's customer-service window: free-form messages only this long after the user wrote.
SERVICE_WINDOW_TTL = timedelta(hours=24)
#: Closed a little early, so a send racing the deadline is not refused by the API.
SERVICE_WINDOW_MARGIN_DELAY = timedelta(minutes=1)
#: Graph: "Re-engagement message", more than 24 hours since the user's last message.
WINDOW_CLOSED_CODE = 131047
#: Graph codes worth retrying: unknown/service errors (1, 2, 131000, 131016, 133004),
#: application and account rate limits (4, 80007), throughput (130429), pair rate (131056).
RETRYABLE_CODES = frozenset({1, 2, 4, 80007, 130429, 131000, 131016, 131056, 133004})
#: Meta's webhook bodies are small; anything bigger is not Meta and is not read to the end.
MAX_BODY_BYTES = 3 * 1024 * 1024
#: People whose unsaved window time is remembered in memory at most.
RECENT_IDS_LIMIT = 10_000
#: Messages whose last delivery status is remembered, to forward statuses only forwards.
STATUS_MEMORY_LIMIT = 10_000
#: Threads for heyoo's blocking sends.
SEND_THREADS = 32
#: People handled at once: more than the send threads, so that fifty people writing
#: together all read and write their files meanwhile (a send waits for a free thread,
#: not the whole handling for a free slot); one hanging send still holds one thread only.
PEOPLE_AT_ONCE = 64
#: How long `stop()` lets queued webhook work finish before cancelling it.
STOP_DRAIN_DELAY_S = 5.0

#: A business-scoped user id: country code, optional "ENT" (linked portfolios), then an
#: alphanumeric id ("US.13491208655302741918", "US.ENT.11815799212886844830").
BSUID_FORMAT = re.compile(r"^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$")


@dataclasses.dataclass(frozen=True)
class _LinkNames:
    identity_of: str
    bsuid_of: str


def _tame_heyoo() -> None:
    """Make heyoo quiet and bounded, once per process (see the module docstring)."""
    quiet = logging.getLogger("heyoo")
    quiet.setLevel(logging.CRITICAL)
    quiet.propagate = False
    if not any(isinstance(handler, logging.NullHandler) for handler in quiet.handlers):
        quiet.addHandler(logging.NullHandler())
    # heyoo calls `logging.info(...)`, i.e. the root logger: rebinding its module-level name
    # is the only way to keep phone numbers and response bodies out of the process's logs.
    heyoo.logging = quiet
    if not isinstance(heyoo.requests, GraphTransport):
        heyoo.requests = GraphTransport(requests, max_connections=SEND_THREADS)


def _error_of(body: Mapping[str, object]) -> tuple[int | None, int | None, str]:
    error = body.get("error")
    if not isinstance(error, dict):
        return None, None, ""
    code, subcode, trace = error.get("code"), error.get("error_subcode"), error.get("fbtrace_id")
    return (
        code if isinstance(code, int) else None,
        subcode if isinstance(subcode, int) else None,
        trace if isinstance(trace, str) else "",
    )


def raise_for_graph_error(body: object, status: int | None, what: str) -> None:
    """Raise the SendError a Graph API answer means; return when it is a success.

    Only the HTTP status, Graph code, subcode and trace id go into the message: Graph's
    own `message` and `error_data.details` may quote the recipient.
    """
    answer = body if isinstance(body, dict) else {}
    code, subcode, trace = _error_of(answer)
    if status is not None and 200 <= status < 300 and code is None:
        return
    reason = f"whatsapp {what} refused: HTTP {status}, code {code}"
    if subcode is not None:
        reason += f", subcode {subcode}"
    if trace:
        reason += f", trace {trace}"
    if code == WINDOW_CLOSED_CODE:
        raise ServiceWindowClosedError(reason)
    if code in RETRYABLE_CODES or status is None or status == 429 or status >= 500:
        raise RetryableSendError(reason)
    raise FinalSendError(reason)


# Document types the Cloud API accepts; other text formats (JSON, Markdown) go as plain text.
DOCUMENT_TYPES = frozenset(
    {
        "text/plain",
        "application/pdf",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    }
)


def document_media_type(media_type: str) -> str:
    """A type WhatsApp accepts for a document: exports (JSON, Markdown) travel as text/plain."""
    base = media_type.split(";")[0].strip().lower()
    return base if base in DOCUMENT_TYPES else "text/plain"


def _message_id(body: object, status: int | None, what: str) -> str:
    """The wamid of a sent message, or the SendError the answer means."""
    raise_for_graph_error(body, status, what)
    answer = body if isinstance(body, dict) else {}
    messages = answer.get("messages")
    if isinstance(messages, list) and messages and isinstance(messages[0], dict):
        ident = messages[0].get("id")
        if isinstance(ident, str) and ident:
            return ident
    # Accepted but unreadable: retrying could send twice, so don't.
    raise FinalSendError(f"whatsapp {what}: HTTP {status} without a message id")


def inbox_words(body: str) -> str:
    """The words of one inbox entry's body (as `_entry` writes it), for ScreenedInbox."""
    data = json.loads(body)
    message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(message, dict):
        return ""  # a delivery status: nobody wrote anything
    return message_words(message)


class WhatsAppChannel:
    """WhatsApp Cloud API as a `bot.ports.Channel`.

    Routes are registered on the shared WebhookServer at construction, so the server may
    start before or after `start()`; until `start()` a signed POST gets 503 and Meta
    retries later. A webhook is answered 200 once it is verified, parsed and every event
    recorded in the durable inbox; events are then handled from there, in order per
    person, several people at once (one hanging send never holds up someone else).
    """

    name = CHANNEL

    def __init__(
        self,
        *,
        token: str,
        phone_number_id: str,
        app_secret: str,
        verify_token: str,
        server: WebhookServer,
        clock: Clock,
        marks: MarkStore,
        api_base_url: str = DEFAULT_API_BASE_URL,
        template_name: str = DEFAULT_TEMPLATE,
        template_language: str = "fr",
        send_timeout_s: float = DEFAULT_SEND_TIMEOUT_S,
        list_button_label: str = "Choisir",
        inbox: Inbox | None = None,
    ) -> None:
        for setting, value in (
            ("CADRE_WHATSAPP_TOKEN", token),
            ("CADRE_WHATSAPP_PHONE_NUMBER_ID", phone_number_id),
            ("CADRE_WHATSAPP_APP_SECRET", app_secret),
            ("CADRE_WHATSAPP_VERIFY_TOKEN", verify_token),
        ):
            if not value.strip():
                raise ChannelError(f"{setting} must be set for the WhatsApp channel (got '')")
        if not api_base_url.startswith(("https://", "http://")):
            raise ChannelError(
                "CADRE_WHATSAPP_API_BASE_URL must be an http(s) URL such as "
                f"{DEFAULT_API_BASE_URL} (got {api_base_url!r})",
                key="cli.run.whatsapp_base_url",
                params={"value": api_base_url, "default": DEFAULT_API_BASE_URL},
            )
        if send_timeout_s <= 0:
            raise ChannelError(f"send_timeout_s must be positive (got {send_timeout_s})")
        _tame_heyoo()
        self._token = token
        self._phone_number_id = phone_number_id
        self._app_secret = app_secret
        self._verify_token = verify_token
        self._server = server
        self._clock = clock
        self._marks = marks
        self._api_base_url = api_base_url.rstrip("/")
        self._template_name = template_name
        self._template_language = template_language
        self._send_timeout_s = float(send_timeout_s)
        self._list_button_label = list_button_label

        self._wa = heyoo.WhatsApp(token, phone_number_id)
        self._wa.base_url = self._api_base_url
        self._wa.v15_base_url = self._api_base_url
        self._wa.url = f"{self._api_base_url}/{phone_number_id}/messages"

        self._on_message: OnMessage | None = None
        self._on_status: OnStatus | None = None
        self._inbox: Inbox = inbox if inbox is not None else MemoryInbox()
        self._queues: PersonQueues | None = None
        # heyoo blocks a thread per call: its own pool, so one hanging send never takes the
        # threads every other person's reply needs (asyncio's default pool has cpu+4).
        self._executor = ThreadPoolExecutor(max_workers=SEND_THREADS, thread_name_prefix="whatsapp-send")
        self._statuses: BoundedDict[str, str] = BoundedDict(STATUS_MEMORY_LIMIT)
        # Inbound times whose mark could not be written (disk full): the window the user has
        # just opened must not look closed because the disk refused to record it.
        self._unsaved_inbound: BoundedDict[str, datetime] = BoundedDict(RECENT_IDS_LIMIT)
        self._noting: dict[str, datetime] = {}  # wa_id -> a window mark being written
        self._hashes: BoundedDict[tuple[str, str], str] = BoundedDict(RECENT_IDS_LIMIT)
        server.add_route(Route(WEBHOOK_PATH, self._webhook, methods=["GET", "POST"]))

    # -- Channel -----------------------------------------------------------------------

    async def start(self, on_message: OnMessage, on_status: OnStatus | None = None) -> None:
        """Replay what the inbox holds from before (a crash, a stop), then accept webhooks.
        `on_status` receives (channel, wamid, status) for our sent messages, forward only."""
        if self._queues is not None:
            raise ChannelError("the WhatsApp channel is already started")
        self._on_message = on_message
        self._on_status = on_status
        self._queues = PersonQueues(self._handle_entry, max_people=PEOPLE_AT_ONCE)
        start_threads(self._executor, SEND_THREADS)  # not in the first burst of messages
        replay = await resume_inbox(self._inbox, CHANNEL, self._queues)
        self._server.report_health(CHANNEL, True)
        log.info("whatsapp channel started (webhook %s), %d event(s) replayed", WEBHOOK_PATH, len(replay))

    async def stop(self) -> None:
        """Let work in hand finish briefly, then cancel: what is left stays in the inbox."""
        queues, self._queues = self._queues, None
        if queues is None:
            return
        self._server.report_health(CHANNEL, False)
        await queues.stop(STOP_DRAIN_DELAY_S)
        self._on_message = None
        log.info("whatsapp channel stopped")

    async def send(self, outbound: Outbound) -> str | None:
        """Send one Outbound; return the wamid of its first message.

        A template outbound is always sent as the approved template (allowed at any
        time). Anything else needs the user's 24-hour window open, checked locally first
        so no API call is wasted; the API's own 131047 maps to the same error.
        """
        wa_id = self._recipient(outbound.to)
        if outbound.template is not None:
            return await self._send_template(wa_id, outbound.template or self._template_name)
        if not await self.is_window_open(outbound.to):
            raise ServiceWindowClosedError(
                f"whatsapp service window closed for {self._tag(wa_id)}: send the template"
            )
        attachment = outbound.attachment
        caption: str | None = None
        parts: list[Part] = []
        if attachment is not None and not outbound.choices and len(outbound.text) <= CAPTION_LIMIT:
            caption = outbound.text or None
        elif outbound.text or outbound.choices:
            parts = render(outbound.text, outbound.choices, self._list_button_label)
        ids = [await self._send_part(wa_id, part) for part in parts]
        if attachment is not None:
            ids.append(await self._send_media(wa_id, attachment, caption))
        if not ids:
            raise FinalSendError(f"whatsapp: outbound {outbound.key} has nothing to send")
        log.info("whatsapp sent %d message(s) to %s, first %s", len(ids), self._tag(wa_id), ids[0])
        return ids[0]

    async def send_document(self, to: UserRef, document: Attachment, caption: str = "") -> str | None:
        """Upload (POST /{phone-number-id}/media), then a "document" message with its file name."""
        return await self._send_file(to, document, caption)

    async def send_image(self, to: UserRef, image: Attachment, caption: str = "") -> str | None:
        """Upload, then an "image" message: shown inline in the chat."""
        return await self._send_file(to, image, caption)

    async def _send_file(self, to: UserRef, attachment: Attachment, caption: str) -> str | None:
        if len(caption) > CAPTION_LIMIT:  # the text first, in parts, then the file
            return await self.send(Outbound(to=to, text=caption, key="file", attachment=attachment))
        wa_id = self._recipient(to)
        if not await self.is_window_open(to):
            raise ServiceWindowClosedError(
                f"whatsapp service window closed for {self._tag(wa_id)}: send the template"
            )
        ident = await self._send_media(wa_id, attachment, caption or None)
        log.info("whatsapp file sent to %s: %s", self._tag(wa_id), ident)
        return ident

    # -- extras the app and tests use --------------------------------------------------

    async def is_window_open(self, user: UserRef) -> bool:
        """Whether free-form messages may go to this user now (they wrote < 24 h ago)."""
        stored_at = await self._marks.last_inbound(self._mark_name(user.id))
        seen_at = self._unsaved_inbound.get(user.id)
        candidates = [at for at in (stored_at, seen_at, self._noting.get(user.id)) if at is not None]
        if not candidates:
            return False
        last_at = max(candidates)
        return self._clock.now() - last_at < SERVICE_WINDOW_TTL - SERVICE_WINDOW_MARGIN_DELAY

    async def forget(self, user: UserRef) -> None:
        """Drop this user's marks on erasure (window, BSUID link): only this channel can
        derive their keyed names."""
        if user.channel != CHANNEL:
            return
        self._unsaved_inbound.pop(user.id, None)
        await self._marks.set_last_inbound(self._mark_name(user.id), None)
        link = self._link_names(user.id)
        user_id = await self._marks.identity_link(link.bsuid_of)
        if user_id:
            await self._marks.set_identity_link(self._link_names(user_id).identity_of, None)
        await self._marks.set_identity_link(link.bsuid_of, None)

    async def wait_idle(self) -> None:
        """Wait until every accepted webhook has been handled (tests, graceful shutdown)."""
        if self._queues is not None:
            await self._queues.wait_idle()

    @property
    def heyoo_urls(self) -> tuple[str, ...]:
        """Every URL heyoo would use, to prove none points at the real Graph API in tests."""
        return (self._wa.url, self._wa.base_url, self._wa.v15_base_url)

    # -- sending -----------------------------------------------------------------------

    def _recipient(self, user: UserRef) -> str:
        if user.channel != CHANNEL:
            raise FinalSendError(f"whatsapp channel cannot send to a {user.channel!r} user")
        if not user.id.isdigit() and not BSUID_FORMAT.match(user.id):
            raise FinalSendError(
                "whatsapp recipient must be a wa_id made of digits or a business-scoped user id"
            )
        return user.id

    def _envelope(self, wa_id: str, kind: str) -> dict[str, object]:
        """The start of every message body: a phone number goes in "to", a business-scoped
        user id (someone who uses a username) in "recipient"."""
        address = "to" if wa_id.isdigit() else "recipient"
        return {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            address: wa_id,
            "type": kind,
        }

    async def _send_part(self, wa_id: str, part: Part) -> str:
        if isinstance(part, TextPart):
            payload = self._envelope(wa_id, "text")
            payload["text"] = {"preview_url": False, "body": part.body}
            return await self._call_heyoo(functools.partial(self._wa.send_custom_json, payload), "text")
        assert isinstance(part, ButtonsPart | ListPart)
        what = "buttons" if isinstance(part, ButtonsPart) else "list"
        payload = self._envelope(wa_id, "interactive")
        payload["interactive"] = interactive_object(part)
        return await self._call_heyoo(functools.partial(self._wa.send_custom_json, payload), what)

    async def _send_template(self, wa_id: str, name: str) -> str:
        payload = self._envelope(wa_id, "template")
        payload["template"] = {"name": name, "language": {"code": self._template_language}}
        ident = await self._call_heyoo(functools.partial(self._wa.send_custom_json, payload), "template")
        log.info("whatsapp template %s sent to %s: %s", name, self._tag(wa_id), ident)
        return ident

    async def _send_media(self, wa_id: str, attachment: Attachment, caption: str | None) -> str:
        """Upload the bytes, then the message that shows them: "image" for a picture,
        "document" (with its file name) for anything else."""
        kind = "image" if attachment.is_image else "document"
        media_type = attachment.media_type.lower() if attachment.is_image else None
        media_id = await self._upload(attachment, media_type or document_media_type(attachment.media_type))
        media: dict[str, str] = {"id": media_id}
        if kind == "document":
            media["filename"] = attachment.filename
        if caption:
            media["caption"] = caption
        payload = self._envelope(wa_id, kind)
        payload[kind] = media
        return await self._call_heyoo(functools.partial(self._wa.send_custom_json, payload), kind)

    async def _upload(self, attachment: Attachment, media_type: str) -> str:
        """POST /{phone_number_id}/media (multipart) with httpx; the media id."""
        url = f"{self._api_base_url}/{self._phone_number_id}/media"
        try:
            async with httpx.AsyncClient(timeout=self._send_timeout_s) as client:
                response = await client.post(
                    url,
                    headers={"Authorization": f"Bearer {self._token}"},
                    data={"messaging_product": "whatsapp", "type": media_type},
                    files={"file": (attachment.filename, attachment.content, media_type)},
                )
        except httpx.HTTPError as exc:
            raise RetryableSendError(f"whatsapp media upload failed: {type(exc).__name__}") from exc
        try:
            body: object = response.json()
        except ValueError:
            body = {}
        raise_for_graph_error(body, response.status_code, "media upload")
        media_id = body.get("id") if isinstance(body, dict) else None
        if not isinstance(media_id, str) or not media_id:
            raise FinalSendError(f"whatsapp media upload: HTTP {response.status_code} without id")
        return media_id

    def _exchange(self, call: Callable[[], object]) -> tuple[object, int | None]:
        """Run one heyoo call in this (worker) thread, returning its answer and HTTP status."""
        exchange = Exchange(self._send_timeout_s)
        token = EXCHANGE.set(exchange)
        try:
            try:
                result = call()
            except ValueError:  # heyoo calls .json() on a body that is not JSON (proxy page)
                result = None
        finally:
            EXCHANGE.reset(token)
        return result, exchange.status

    async def _call_heyoo(self, call: Callable[[], object], what: str) -> str:
        try:
            # A little longer than urllib3's own timeout, so its cleaner error wins the race.
            context = contextvars.copy_context()  # carries EXCHANGE into the thread
            loop = asyncio.get_running_loop()
            result, status = await asyncio.wait_for(
                loop.run_in_executor(self._executor, context.run, self._exchange, call),
                self._send_timeout_s + 1,
            )
        except TimeoutError as exc:
            raise UncertainSendError(
                f"whatsapp {what}: no answer within {self._send_timeout_s:g}s after sending; "
                "it may have been delivered"
            ) from exc
        except urllib3.exceptions.HTTPError as exc:
            if never_reached(exc):
                raise RetryableSendError(f"whatsapp {what} failed: {type(exc).__name__}") from exc
            raise UncertainSendError(
                f"whatsapp {what}: {type(exc).__name__} after sending; it may have been delivered"
            ) from exc
        return _message_id(result, status, what)

    # -- receiving ---------------------------------------------------------------------

    async def _webhook(self, request: Request) -> Response:
        if request.method == "POST":
            return await self._receive(request)
        return self._verify(request)

    def _verify(self, request: Request) -> Response:
        """Meta's subscription handshake: echo the challenge when the verify token matches."""
        params = request.query_params
        token = params.get("hub.verify_token", "")
        challenge = params.get("hub.challenge")
        is_token_ok = hmac.compare_digest(token.encode("utf-8"), self._verify_token.encode("utf-8"))
        if params.get("hub.mode") == "subscribe" and is_token_ok and challenge is not None:
            log.info("whatsapp webhook verified")
            return PlainTextResponse(challenge)
        log.warning("whatsapp webhook verification refused")
        return PlainTextResponse("forbidden", status_code=403)

    async def _receive(self, request: Request) -> Response:
        """Signature shape first, then the body streamed through the HMAC under the caps.

        A request without a well-formed signature is refused before one byte of its body
        is read; a signed one is hashed as it streams and dropped past MAX_BODY_BYTES.
        """
        signature = request.headers.get("x-hub-signature-256")
        if not is_signature_well_formed(signature):
            log.warning("whatsapp webhook refused: %s signature", "malformed" if signature else "missing")
            return PlainTextResponse("forbidden", status_code=403)
        check = StreamingSignature(self._app_secret)
        try:
            body = await read_capped_body(
                request, MAX_BODY_BYTES, self._server.body_budget, on_chunk=check.update
            )
        except BodyRefused as refused:
            log.warning("whatsapp webhook refused: body over %d bytes or budget", MAX_BODY_BYTES)
            text = "too large" if refused.status == 413 else "busy"
            return PlainTextResponse(text, status_code=refused.status)
        if not check.matches(signature):
            log.warning("whatsapp webhook refused: wrong signature (%d bytes)", len(body))
            return PlainTextResponse("forbidden", status_code=403)
        queues = self._queues
        if self._on_message is None or queues is None:
            return PlainTextResponse("not ready", status_code=503)
        now_at = self._clock.now()
        try:
            data = json.loads(body.decode("utf-8"))
            batch = parse_payload(data, phone_number_id=self._phone_number_id, now_at=now_at)
        except (UnicodeDecodeError, ValueError, RecursionError):
            # JSONDecodeError and whatsapp_webhook.MalformedPayloadError are ValueErrors.
            log.warning("whatsapp webhook refused: malformed body (%d bytes)", len(body))
            return PlainTextResponse("malformed", status_code=400)
        current = [event for event in batch.events if not self._is_stale(event, now_at)]
        entries = [self._entry(event, now_at) for event in current]
        try:
            fresh = await self._inbox.record(entries)
        except StorageFullError:
            # Nothing can be kept: handled from memory, so the person is told just that.
            log.error("whatsapp webhook: inbox full, %d event(s) handled unrecorded", len(entries))
            fresh = entries
        except StoreError as error:
            log.error("whatsapp webhook: inbox not written (%s), Meta will retry", type(error).__name__)
            return PlainTextResponse("not recorded", status_code=503)
        queues.submit(fresh)
        log.info(
            "whatsapp webhook: %d event(s) recorded, %d duplicate(s), %d stale, %d ignored",
            len(fresh),
            len(entries) - len(fresh),
            len(batch.events) - len(current),
            batch.ignored,
        )
        return PlainTextResponse("ok")

    def _is_stale(self, event: InboundMessage | StatusUpdate, now_at: datetime) -> bool:
        """The stated policy for very old signed messages (see STALE_EVENT_TTL)."""
        return isinstance(event, InboundMessage) and now_at - event.sent_at > STALE_EVENT_TTL

    @staticmethod
    def _entry(event: InboundMessage | StatusUpdate, now_at: datetime) -> InboxEntry:
        if isinstance(event, InboundMessage):
            key, person, body = event.inbound.message_id, event.wa_id, {"message": event.raw}
        else:
            key = f"wa-status:{event.message_id}:{event.status}"
            person, body = event.recipient_id or event.message_id, {"status": event.raw}
        return InboxEntry(key=key, channel=CHANNEL, person=person, body=json.dumps(body), received_at=now_at)

    def _event_of(self, entry: InboxEntry) -> InboundMessage | StatusUpdate | None:
        """The event an inbox entry holds, read the way the webhook read it."""
        data = json.loads(entry.body)
        if "message" in data:
            return parse_message(data["message"], now_at=entry.received_at)
        return parse_status(data["status"])

    async def _handle_entry(self, entry: InboxEntry) -> None:
        async def handle() -> None:
            event = (
                self._withheld_event(entry) if entry.is_withheld and not entry.body else self._event_of(entry)
            )
            if isinstance(event, InboundMessage) and entry.is_replay:
                event = dataclasses.replace(event, inbound=dataclasses.replace(event.inbound, is_replay=True))
            if event is not None:
                await self._handle(event)

        await handle_then_done(self._inbox, entry, handle)

    def _withheld_event(self, entry: InboxEntry) -> InboundMessage:
        """A message read back without its words (screening flagged them, a restart came
        before it was handled): the core asks the sender to write it again. `person` is
        the address the message came from (phone number or BSUID), identified as usual."""
        user_id = "" if entry.person.isdigit() else entry.person
        inbound = Inbound(
            UserRef(CHANNEL, entry.person), entry.key, InboundKind.WITHHELD, received_at=entry.received_at
        )
        log.info("whatsapp withheld message replayed key=%s from %s", entry.key, self._tag(entry.person))
        return InboundMessage(inbound=inbound, wa_id=entry.person, sent_at=entry.received_at, user_id=user_id)

    async def _handle(self, event: InboundMessage | StatusUpdate) -> None:
        """One event; a failure is logged by type only (its message may quote the user)."""
        try:
            if isinstance(event, InboundMessage):
                event = await self._identify(event)
                # The window mark is written while the core works (one fsync less on the
                # way to the reply): the window check sees it in memory meanwhile, and it
                # is durable before the entry is done (a crash before that replays it).
                self._noting[event.wa_id] = event.sent_at
                noting = asyncio.ensure_future(self._note_inbound(event))
                try:
                    if self._on_message is not None:
                        await self._on_message(event.inbound)
                finally:
                    await noting
                    self._noting.pop(event.wa_id, None)
            else:
                await self._forward_status(event)
        except Exception as exc:
            ident = event.inbound.message_id if isinstance(event, InboundMessage) else event.message_id
            log.error("whatsapp: handling %s failed: %s", ident, type(exc).__name__)
            if isinstance(exc, UndeliveredError):
                raise  # the entry stays pending (bot.delivery.inbox.handle_then_done)

    async def _identify(self, event: InboundMessage) -> InboundMessage:
        """One identity per person, whichever of phone number and BSUID a message carries.

        The first message that names a BSUID fixes the identity: the phone number when it
        came along, else the BSUID. Later messages with that BSUID (with or without the
        phone number, which Meta drops once a username is used) keep that identity.
        """
        if not event.user_id:
            return event
        link = self._link_names(event.user_id)
        identity = await self._marks.identity_link(link.identity_of) or ""
        if not identity:
            identity = event.wa_id
            await self._marks.set_identity_link(link.identity_of, identity)
            await self._marks.set_identity_link(self._link_names(identity).bsuid_of, event.user_id)
        if identity == event.wa_id:
            return event
        inbound = dataclasses.replace(event.inbound, user=UserRef(CHANNEL, identity))
        return dataclasses.replace(event, inbound=inbound, wa_id=identity)

    async def _note_inbound(self, event: InboundMessage) -> None:
        """Record when the user last wrote (forward only), before the core may answer.

        A mark that cannot be written is logged and remembered in memory: the message is
        still handed to the core, which tells the person when nothing could be kept.
        """
        name = self._mark_name(event.wa_id)
        try:
            previous_at = await self._marks.last_inbound(name)
            if previous_at is not None and previous_at >= event.sent_at:
                return
            await self._marks.set_last_inbound(name, event.sent_at)
            self._unsaved_inbound.pop(event.wa_id, None)
        except StoreError as error:
            unsaved_at = self._unsaved_inbound.pop(event.wa_id, event.sent_at)
            self._unsaved_inbound[event.wa_id] = max(unsaved_at, event.sent_at)
            log.error(
                "whatsapp window mark not written for %s (%s)", self._tag(event.wa_id), type(error).__name__
            )

    async def _forward_status(self, update: StatusUpdate) -> None:
        if update.status == "failed":
            log.info("whatsapp message %s failed, codes %s", update.message_id, list(update.error_codes))
            if WINDOW_CLOSED_CODE in update.error_codes and update.recipient_id:
                # The API accepted then refused: our mark was wrong, trust Meta's clock.
                self._unsaved_inbound.pop(update.recipient_id, None)
                await self._marks.set_last_inbound(self._mark_name(update.recipient_id), None)
        if not self._advance_status(update.message_id, update.status):
            return
        if self._on_status is not None:
            await self._on_status(CHANNEL, update.message_id, update.status)

    def _advance_status(self, message_id: str, status: str) -> bool:
        """Whether `status` moves this message forward (sent < delivered < read; failed ends)."""
        if not moves_forward(self._statuses.get(message_id), status):
            return False
        self._statuses[message_id] = status
        return True

    # -- naming people without naming them ---------------------------------------------

    def _keyed_hash(self, purpose: str, wa_id: str) -> str:
        """Remembered for recent people: a message asks for several of them (window mark,
        identity link, log tag), each an HMAC."""
        found = self._hashes.get((purpose, wa_id))
        if found is None:
            found = pseudonym(wa_id, 64, purpose=purpose, key=self._app_secret.encode("utf-8"))
            self._hashes[(purpose, wa_id)] = found
        return found

    def _link_names(self, address: str) -> _LinkNames:
        """Marks tying a BSUID to the identity first seen with it, and back (for erasure)."""
        return _LinkNames(
            identity_of=f"whatsapp.identity.{self._keyed_hash('identity', address)[:32]}",
            bsuid_of=f"whatsapp.bsuid.{self._keyed_hash('bsuid', address)[:32]}",
        )

    def _mark_name(self, wa_id: str) -> str:
        """Where the last inbound time lives: keyed, so the store holds no phone number."""
        return f"whatsapp.last_inbound.{self._keyed_hash('mark', wa_id)[:32]}"

    def _tag(self, wa_id: str) -> str:
        """A stable pseudonym for log lines."""
        return f"wa#{self._keyed_hash('log', wa_id)[:8]}"
