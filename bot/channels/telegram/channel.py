"""Telegram as a Cadre channel, with python-telegram-bot used as transport only.

PTB's Application would own the loop, persistence and jobs; Cadre already has its own
core, store and scheduler on one asyncio loop. So this module drives a bare `telegram.Bot`:
its own getUpdates loop (or a route on the shared WebhookServer), its own translation to
Inbound (telegram_render), its own rate limiter (telegram_limiter). Inbound media is never
downloaded: getFile is never called.

Privacy: logs carry update ids, chat ids and counts; never text, names, or the token
(httpx logs request URLs, which contain the token, at INFO: silenced below).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hashlib
import hmac
import json
import logging
import os
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeDefault,
    InlineKeyboardMarkup,
    InputFile,
    MaybeInaccessibleMessage,
    Message,
    Update,
)
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.request import HTTPXRequest

from bot.channels.http_server import BodyBudget, BodyRefused, WebhookServer, read_capped_body
from bot.channels.telegram.limiter import RateLimiter, Sleep
from bot.channels.telegram.render import (
    CAPTION_LIMIT,
    CHANNEL,
    keyboard,
    salvaged,
    split_text,
    translate,
    update_words,
    utf16_len,
)
from bot.delivery.inbox import Inbox, MemoryInbox, PersonQueues, handle_then_done, resume_inbox
from bot.domain import Attachment, ChatKind, Inbound, InboundKind, InboxEntry, Outbound, UserRef
from bot.domain.lru import BoundedDict
from bot.errors import (
    ChannelError,
    FinalSendError,
    RetryableSendError,
    SendError,
    StorageFullError,
    StoreError,
    UncertainSendError,
    UndeliveredError,
)
from bot.ports import Clock, OnMessage, OnStatus

# The token is part of every Bot API URL; httpx logs URLs at INFO. PTB logs request
# parameters (message texts) at DEBUG. Neither may reach Cadre's logs.
logging.getLogger("httpx").setLevel(logging.WARNING)
logging.getLogger("httpcore").setLevel(logging.WARNING)
logging.getLogger("telegram").setLevel(logging.INFO)


class _WithholdParameters(logging.Filter):
    """Keep PTB's message templates, drop their parameters and tracebacks.

    PTB passes update contents as log parameters: the raw getUpdates batch at CRITICAL
    when one update fails to parse (telegram/_bot.py, get_updates), an invalid JSON body
    at ERROR (telegram/request/_baserequest.py, parse_json_payload), every request's
    parameters at DEBUG (_bot.py, _do_post). The template alone says what happened.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args or record.exc_info:
            error = record.exc_info[1] if record.exc_info else None
            withheld = f"; {type(error).__name__}" if error is not None else ""
            record.msg = f"{record.msg} [parameters withheld{withheld}]"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


_LIBRARY_FILTER = _WithholdParameters()
# A filter on a logger applies to that logger's own records only, so it goes on each of
# PTB's loggers (created when telegram is imported), named here as well in case a later
# PTB creates them lazily.
for _name in (
    "telegram",
    "telegram.Bot",
    "telegram.ext.ExtBot",
    "telegram.request.BaseRequest",
    "telegram.request.HTTPXRequest",
    *(name for name in logging.root.manager.loggerDict if name.startswith("telegram")),
):
    logging.getLogger(_name).addFilter(_LIBRARY_FILTER)
# Opt in to PTB's future behaviour (time periods as timedelta): otherwise reading a 429's
# retry_after emits a deprecation warning on every flood-control answer.
os.environ.setdefault("PTB_TIMEDELTA", "true")

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES: tuple[str, ...] = ("message", "edited_message", "callback_query")
_SECRET_FORMAT = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_COMMAND_WORD = re.compile(r"^[a-z0-9_]{1,32}$")
_MAX_WEBHOOK_BODY = 1_000_000
_SEND_PROGRESS = 256
_POLL_BACKOFF_MAX_S = 30.0
_GROUPS_REMEMBERED = 2048
"""Groups already told that the bot works in private chats only (answered once each)."""
_ALBUMS_REMEMBERED = 2048
"""Albums (media groups) already refused: one refusal for the photos sent together."""
_STOP_GRACE_S = 5.0
_PARSED_REMEMBERED = 10_000
"""Updates parsed at reception and waiting in a queue: past this, one is parsed again."""
POLLING_TAKEN = (
    "another Cadre process already long polls this Telegram bot (it holds the bot's polling "
    "lock in the database): run one polling process only, or set CADRE_TELEGRAM_WEBHOOK_URL "
    "(webhook mode) so that several processes share the bot"
)
POLLING_CONFLICT = (
    "another client long polls this Telegram bot (Telegram answered 409 Conflict: terminated "
    "by other getUpdates request): polling stopped here and this process reports not ready "
    "rather than fight it for the updates; stop the other client, or set "
    "CADRE_TELEGRAM_WEBHOOK_URL (webhook mode), then restart"
)
PollGuard = Callable[[str], Awaitable[bool]]
"""Takes, for this process's lifetime, the right to poll the bot named by its argument (a
hash of the token, never the token); False when a live process holds it."""


def polling_right(token: str) -> str:
    """The name of the right to long-poll the bot of `token` (a hash: the token stays here)."""
    return "telegram-polling:" + hashlib.sha256(token.encode("utf-8")).hexdigest()


_EMPTY_KEYBOARD = json.dumps({"inline_keyboard": []})


#: httpx failures that happen before the request leaves: retrying cannot duplicate a message.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
#: Bot API calls answer in well under a second; a document upload may take longer.
_CONNECT_TIMEOUT_S = 5.0


def _retry_after_s(exc: RetryAfter) -> float:
    """Seconds from a 429, whichever type this PTB version returns (int or timedelta)."""
    value: Any = exc.retry_after
    return float(value.total_seconds()) if hasattr(value, "total_seconds") else float(value)


def _send_error(exc: TelegramError) -> SendError:
    """Map PTB's errors onto Cadre's retry decision. Messages carry no user text.

    Telegram's own descriptions ("Forbidden: bot was blocked by the user") are kept for
    final errors because they tell the operator what happened; they never echo content.
    """
    if isinstance(exc, RetryAfter):
        seconds = _retry_after_s(exc)
        return RetryableSendError(f"telegram flood control: retry in {seconds:g}s", seconds)
    if isinstance(exc, Forbidden):
        return FinalSendError(f"telegram refused: {exc.message[:200]}")
    if isinstance(exc, BadRequest):  # a NetworkError subclass in PTB: test it first
        return FinalSendError(f"telegram rejected the request: {exc.message[:200]}")
    if isinstance(exc, ChatMigrated):
        return FinalSendError("telegram chat migrated to a supergroup")
    if isinstance(exc, InvalidToken):
        return FinalSendError("telegram token rejected (check CADRE_TELEGRAM_TOKEN)")
    if isinstance(exc, NetworkError) and not isinstance(exc, TimedOut) and exc.__cause__ is None:
        # An HTTP error status (502, 503…): Telegram answered, and did not take the message.
        return RetryableSendError(f"telegram failing ({exc.message[:100]})")
    if isinstance(exc, TimedOut | NetworkError):
        if isinstance(exc.__cause__, _NOT_SENT):
            return RetryableSendError(f"telegram unreachable ({type(exc.__cause__).__name__})")
        return UncertainSendError(
            f"telegram: no answer after sending ({type(exc.__cause__ or exc).__name__}); "
            "it may have been delivered"
        )
    return RetryableSendError(f"telegram error ({type(exc).__name__})")


def read_update(data: Mapping[str, object], bot: Bot) -> Update | None:
    """The update as the library reads it; when it refuses the whole (a field it holds
    required is missing somewhere), the part Cadre reads (`salvaged`), so the person is
    answered. Raises when not even that part is there."""
    try:
        return Update.de_json(dict(data), bot)
    except Exception as exc:
        reduced = salvaged(data)
        if reduced is None:
            raise
        update = Update.de_json(reduced, bot)
        log.warning(
            "telegram update read in part update_id=%s (%s)", data.get("update_id"), type(exc).__name__
        )
        return update


def inbox_words(body: str) -> str:
    """The words of one inbox entry's body (an update's JSON), for ScreenedInbox."""
    data = json.loads(body)
    return update_words(data) if isinstance(data, dict) else ""


class TelegramChannel:
    """Telegram Bot API adapter satisfying `bot.ports.Channel`.

    Long polling by default; webhook mode when `webhook_url` is given (then `server` and
    `secret_token` are required and the route is registered here, in the constructor,
    because the shared server refuses routes once started). `sleep` drives the rate
    limiter's waits: tests pass one that moves their clock instead of sleeping.
    """

    name = CHANNEL

    def __init__(
        self,
        token: str,
        *,
        clock: Clock,
        base_url: str | None = None,
        webhook_url: str | None = None,
        secret_token: str | None = None,
        server: WebhookServer | None = None,
        menu: Mapping[str, Sequence[tuple[str, str]]] = {},
        menu_locale: str = "fr",
        poll_timeout_s: float = 10,
        sleep: Sleep = asyncio.sleep,
        request_timeout_s: float = 20,
        inbox: Inbox | None = None,
        poll_guard: PollGuard | None = None,
    ) -> None:
        if not token:
            raise ChannelError("telegram token is empty (set CADRE_TELEGRAM_TOKEN)")
        self._token = token
        self._poll_guard = poll_guard
        self._is_conflicted = False
        self._clock = clock
        self._base_url = base_url or "https://api.telegram.org/bot"
        self._webhook_url = webhook_url
        self._secret_token = secret_token
        self._server = server
        self._menu = _checked_menu(menu)
        self._menu_locale = menu_locale
        self._poll_timeout_s = poll_timeout_s
        self._request_timeout_s = request_timeout_s
        self._limiter = RateLimiter(now=lambda: clock.now().timestamp(), sleep=sleep)
        self._bot: Bot | None = None
        self._on_message: OnMessage | None = None
        self._poll_task: asyncio.Task[None] | None = None
        self._is_stopping = False
        self._is_idle = False
        self._offset: int | None = None
        self._acked_offset: int | None = None
        self._inbox: Inbox = inbox if inbox is not None else MemoryInbox()
        self._queues: PersonQueues | None = None
        self._progress: BoundedDict[str, int] = BoundedDict(_SEND_PROGRESS)
        self._parsed: BoundedDict[str, Update] = BoundedDict(_PARSED_REMEMBERED)
        self._ignored: dict[str, int] = {}
        self._unparseable = 0
        # Groups already told the bot works one to one: a group is answered once (per run).
        self._answered_groups: BoundedDict[str, None] = BoundedDict(_GROUPS_REMEMBERED)
        # Albums already refused (chat, media group): an album is refused once (per run).
        self._refused_albums: BoundedDict[tuple[str, str], None] = BoundedDict(_ALBUMS_REMEMBERED)
        if webhook_url is not None:
            if server is None:
                raise ChannelError("telegram webhook mode needs the shared HTTP server")
            if secret_token is None or not _SECRET_FORMAT.match(secret_token):
                raise ChannelError(
                    "telegram webhook mode needs CADRE_TELEGRAM_WEBHOOK_SECRET: 1 to 256 "
                    "characters among A-Z a-z 0-9 _ -",
                    key="cli.run.telegram_webhook_secret",
                )
            if not webhook_url.startswith("https://") and not _is_loopback_url(webhook_url):
                raise ChannelError(
                    "telegram only delivers webhooks over HTTPS: "
                    "CADRE_TELEGRAM_WEBHOOK_URL must start with https://",
                    key="cli.run.telegram_webhook_https",
                )
            server.add_route(Route(WEBHOOK_PATH, self._webhook, methods=["POST"]))

    # -- lifecycle -------------------------------------------------------------------

    async def start(self, on_message: OnMessage, on_status: OnStatus | None = None) -> None:
        """Check the token, publish the command menu, then poll or register the webhook.

        The Bot API reports no delivery statuses, so `on_status` is never called.
        """
        if self._bot is not None:
            raise ChannelError("telegram channel already started")
        bot = Bot(
            self._token,
            base_url=self._base_url,
            request=HTTPXRequest(
                connection_pool_size=32,
                read_timeout=self._request_timeout_s,
                write_timeout=self._request_timeout_s,
                connect_timeout=_CONNECT_TIMEOUT_S,
            ),
        )
        try:
            await bot.initialize()
        except InvalidToken as exc:
            await _quiet_shutdown(bot)
            raise ChannelError(
                "telegram token rejected (check CADRE_TELEGRAM_TOKEN)", key="cli.run.telegram_token_rejected"
            ) from exc
        except TelegramError as exc:
            await _quiet_shutdown(bot)
            raise ChannelError(
                f"telegram Bot API unreachable at start ({type(exc).__name__}); "
                "check the network or CADRE_TELEGRAM_BASE_URL",
                key="cli.run.telegram_unreachable",
                params={"error": type(exc).__name__},
            ) from exc
        self._bot = bot
        self._on_message = on_message
        self._queues = PersonQueues(self._handle_entry)
        replay = await resume_inbox(self._inbox, CHANNEL, self._queues)
        if replay:
            log.info("telegram updates replayed from the inbox count=%d", len(replay))
        try:
            await self._publish_menu(bot)
            if self._webhook_url is not None:
                await bot.set_webhook(
                    url=self._webhook_url,
                    secret_token=self._secret_token,
                    allowed_updates=list(ALLOWED_UPDATES),
                )
                self._report_health(True)
                log.info("telegram webhook registered")
            else:
                await self._refuse_a_second_poller(bot)
                await bot.delete_webhook(drop_pending_updates=False)
                self._is_stopping = False
                self._poll_task = asyncio.create_task(self._poll(bot), name="telegram-poll")
                log.info("telegram polling started")
        except TelegramError as exc:
            await self.stop()
            raise ChannelError(f"telegram channel could not start ({type(exc).__name__})") from exc

    async def forget(self, user: UserRef) -> None:
        """Nothing to drop: per-chat send locks go when idle, update ids name no one."""

    async def stop(self) -> None:
        """Stop polling and pending handlers, close HTTP clients; the webhook stays set."""
        self._is_stopping = True
        if self._queues is not None:
            self._queues.close()
        if self._poll_task is not None:
            task, self._poll_task = self._poll_task, None
            if self._is_idle:
                task.cancel()
            done, _ = await asyncio.wait({task}, timeout=_STOP_GRACE_S)
            if not done:
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            if not self._is_conflicted:  # a getUpdates now would cut the other client off
                await self._acknowledge()
        queues, self._queues = self._queues, None
        if queues is not None:  # what is not finished stays in the inbox for the next start
            await queues.stop(_STOP_GRACE_S)
        self._on_message = None
        if self._bot is not None:
            await _quiet_shutdown(self._bot)
            self._bot = None
        log.info("telegram channel stopped")

    async def _refuse_a_second_poller(self, bot: Bot) -> None:
        """Take the bot's polling right before polling: a second Cadre process refuses to start.

        Asking Telegram cannot tell: it answers 409 to the OLDER long poll when a newer one
        arrives, so a probe would only cut the running poller off. Processes sharing a
        PostgreSQL database hold the right as a session lock there (`poll_guard`); a TinyDB
        folder is held by one process anyway. A client outside Cadre polling the same token
        is told by Telegram's 409, and `_poll` then stops (see POLLING_CONFLICT).
        """
        if self._poll_guard is None:
            return
        try:
            is_ours = await self._poll_guard(polling_right(self._token))
        except StoreError as exc:
            await _quiet_shutdown(bot)
            self._bot = None
            raise ChannelError(f"telegram polling lock not taken ({type(exc).__name__}): retry") from None
        if not is_ours:
            await _quiet_shutdown(bot)
            self._bot = None
            raise ChannelError(POLLING_TAKEN)

    async def _acknowledge(self) -> None:
        """Confirm handled updates to Telegram so a restart does not redeliver them."""
        bot = self._bot
        if bot is None or self._offset is None or self._offset == self._acked_offset:
            return
        try:
            # Confirms everything below the offset; what it returns stays unconfirmed.
            await self._fetch_updates(bot, timeout_s=0, limit=1)
            self._acked_offset = self._offset
        except TelegramError as exc:
            log.warning("telegram final acknowledgement failed (%s)", type(exc).__name__)

    async def _publish_menu(self, bot: Bot) -> None:
        """The configured locale's menu for everyone (`menu_locale`: with `locale: en` a
        client set to German sees English), each other locale's for clients set to it."""
        for locale, items in self._menu.items():
            commands = [BotCommand(word, description) for word, description in items]
            language = None if locale == self._menu_locale else locale
            await bot.set_my_commands(commands, scope=BotCommandScopeDefault(), language_code=language)
            log.info("telegram menu set locale=%s commands=%d", locale, len(commands))

    def _report_health(self, is_ok: bool) -> None:
        """/healthz on the shared server shows whether Telegram is reachable."""
        if self._server is not None:
            self._server.report_health(CHANNEL, is_ok)

    # -- inbound ---------------------------------------------------------------------

    async def _poll(self, bot: Bot) -> None:
        """getUpdates loop; an update is acknowledged (offset) only once it is in the inbox.

        Handling happens from the inbox, per chat: a chat flooding the bot waits on its
        own rate limit while every other chat is answered.

        `_is_idle` marks the moments (waiting on Telegram, backing off) where stop() may
        cancel at once; otherwise stop() lets the update being handled finish.
        """
        backoff_s = 1.0
        while not self._is_stopping:
            self._is_idle = True
            try:
                batch = await self._fetch_updates(bot, timeout_s=max(1, round(self._poll_timeout_s)))
                self._acked_offset = self._offset
            except RetryAfter as exc:
                await asyncio.sleep(_retry_after_s(exc))
                continue
            except TimedOut:
                continue
            except Conflict:  # a newer getUpdates, from outside Cadre, terminated ours
                self._is_conflicted = True
                self._report_health(False)
                log.error("telegram polling stopped: %s", POLLING_CONFLICT)
                return
            except Exception as exc:  # network, token revoked, not JSON
                self._report_health(False)
                log.warning("telegram polling failed (%s); retrying in %gs", type(exc).__name__, backoff_s)
                await asyncio.sleep(backoff_s)
                backoff_s = min(backoff_s * 2, _POLL_BACKOFF_MAX_S)
                continue
            finally:
                self._is_idle = False
            backoff_s = 1.0
            self._report_health(True)
            acked_before = self._offset
            # Each update parsed on its own: one the library cannot read is counted and
            # acknowledged (its offset passed) instead of stopping polling for good.
            parsed = [(raw, self._parse(raw, bot)) for raw in batch]
            updates = [(raw, update) for raw, update in parsed if update is not None]
            if not updates:
                continue
            # The body kept is the update as Telegram sent it (not re-serialised by PTB).
            entries = [self._entry(raw, update) for raw, update in updates]
            try:
                fresh = await self._inbox.record(entries)
            except StorageFullError:
                log.error("telegram inbox full: %d update(s) handled unrecorded", len(entries))
                fresh = entries
            except StoreError as exc:
                # Not acknowledged: the same updates come back at the next getUpdates.
                self._offset = acked_before
                log.error("telegram inbox not written (%s); retrying in %gs", type(exc).__name__, backoff_s)
                await asyncio.sleep(backoff_s)
                continue
            self._offset = max(self._offset or 0, updates[-1][1].update_id + 1)  # confirmed at the next call
            self._submit(fresh, [update for _, update in updates])

    async def _fetch_updates(self, bot: Bot, *, timeout_s: float, limit: int = 100) -> list[Any]:
        """getUpdates as raw JSON, so that one update the library cannot parse is skipped.

        `Bot.get_updates` parses the whole batch at once: one update it does not understand
        (a Bot API server older or newer than the library) raises for all of them, the offset
        never moves and polling is stuck on that update for good. The request goes through
        the same PTB request objects (timeouts, error mapping: RetryAfter, TimedOut…).
        """
        parameters = {
            "offset": self._offset,
            "timeout": timeout_s,
            "limit": limit,
            "allowed_updates": list(ALLOWED_UPDATES),
        }
        # `do_api_request` returns the JSON unparsed. It warns when asked for a method the
        # Bot class has ("use Bot.get_updates"): the Bot API's method names are
        # case-insensitive, and the lowercase name is one the class does not have.
        result = await bot.do_api_request(
            "getupdates",
            api_kwargs={key: value for key, value in parameters.items() if value is not None},
            read_timeout=self._request_timeout_s + timeout_s,
        )
        if not isinstance(result, list):
            raise ChannelError("telegram getUpdates did not return a list")
        return result

    def _parse(self, raw: object, bot: Bot) -> Update | None:
        """One update, or None (counted, acknowledged) when the library cannot read it."""
        update_id = raw.get("update_id") if isinstance(raw, dict) else None
        try:
            return read_update(raw, bot) if isinstance(raw, dict) else None
        except Exception as exc:
            self._unparseable += 1
            log.warning(
                "telegram update unparseable update_id=%s (%s) total=%d",
                update_id,
                type(exc).__name__,
                self._unparseable,
            )
            return None
        finally:
            if isinstance(update_id, int) and self._webhook_url is None:
                self._offset = max(self._offset or 0, update_id + 1)

    @property
    def unparseable_count(self) -> int:
        """Updates skipped because the library could not parse them, since start."""
        return self._unparseable

    async def _handle(self, update: Update, *, is_replay: bool = False) -> None:
        """Translate, answer a button press, and hand the Inbound to the core (`is_replay`:
        read back from the inbox, see Inbound.is_replay)."""
        translation = translate(update, self._clock.now())
        if translation.callback is not None:
            await self._settle_callback(translation.callback.id, translation.callback.message)
        if translation.inbound is None:
            count = self._ignored.get(translation.ignored, 0) + 1
            self._ignored[translation.ignored] = count
            log.info(
                "telegram update ignored update_id=%d kind=%s total=%d",
                update.update_id,
                translation.ignored,
                count,
            )
            return
        if translation.inbound.chat is ChatKind.GROUP:
            group = translation.inbound.user.id
            if group in self._answered_groups:
                log.info("telegram group already answered update_id=%d chat=%s", update.update_id, group)
                return
            self._answered_groups[group] = None
        if translation.album:
            album = (translation.inbound.user.id, translation.album)
            if album in self._refused_albums:
                log.info("telegram album already refused update_id=%d chat=%s", update.update_id, album[0])
                return
            self._refused_albums[album] = None
        log.info(
            "telegram inbound update_id=%d chat=%s kind=%s",
            update.update_id,
            translation.inbound.user.id,
            translation.inbound.kind.value,
        )
        await self._deliver(dataclasses.replace(translation.inbound, is_replay=is_replay))

    async def _settle_callback(self, query_id: str, message: MaybeInaccessibleMessage | None) -> None:
        """Stop the button's spinner and remove the keyboard so a choice is made once."""
        bot = self._bot
        if bot is None:
            return
        try:
            await bot.answer_callback_query(query_id)
        except TelegramError as exc:
            log.warning("telegram answerCallbackQuery failed (%s)", type(exc).__name__)
        if isinstance(message, Message):
            try:
                await bot.edit_message_reply_markup(
                    chat_id=message.chat.id,
                    message_id=message.message_id,
                    # PTB serialises an empty InlineKeyboardMarkup as "{}"; the explicit empty
                    # keyboard is what the Bot API documents and accepts.
                    api_kwargs={"reply_markup": _EMPTY_KEYBOARD},
                )
            except TelegramError as exc:
                log.warning("telegram keyboard removal failed (%s)", type(exc).__name__)

    async def _deliver(self, inbound: Inbound) -> None:
        on_message = self._on_message
        if on_message is None:
            return
        try:
            await on_message(inbound)
        except UndeliveredError:
            raise  # the entry stays pending (bot.delivery.inbox.handle_then_done)
        except Exception as exc:  # the core's bug must not stop the channel
            log.exception(
                "telegram handler failed message_id=%s (%s)", inbound.message_id, type(exc).__name__
            )

    async def _webhook(self, request: Request) -> Response:
        """Authenticate, parse, record in the inbox, then answer 200; handled from there."""
        secret = self._secret_token or ""
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            log.warning("telegram webhook refused: bad or missing secret token")
            return JSONResponse({"ok": False}, status_code=403)
        bot = self._bot
        if bot is None or self._on_message is None:
            return JSONResponse({"ok": False}, status_code=503)
        try:
            body = await read_capped_body(request, _MAX_WEBHOOK_BODY, self._server_budget())
        except BodyRefused as refused:
            log.warning("telegram webhook refused: body over %d bytes or budget", _MAX_WEBHOOK_BODY)
            return JSONResponse({"ok": False}, status_code=refused.status)
        try:
            data = json.loads(body)
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("not an update")
        except Exception as exc:
            log.warning("telegram webhook body rejected (%s)", type(exc).__name__)
            return JSONResponse({"ok": False}, status_code=400)
        update = self._parse(data, bot)
        if update is None:  # an update, but not one this library reads: acknowledged, skipped
            return JSONResponse({"ok": True})
        try:
            fresh = await self._inbox.record([self._entry(data, update)])
        except StorageFullError:
            log.error("telegram inbox full: update %d handled unrecorded", update.update_id)
            fresh = [self._entry(data, update)]
        except StoreError as exc:
            log.error("telegram inbox not written (%s): Telegram will retry", type(exc).__name__)
            return JSONResponse({"ok": False}, status_code=503)
        self._submit(fresh, [update])
        return JSONResponse({"ok": True})

    def _server_budget(self) -> BodyBudget:
        assert self._server is not None  # webhook mode always has one (checked at construction)
        return self._server.body_budget

    def _entry(self, data: Mapping[str, object], update: Update) -> InboxEntry:
        chat = update.effective_chat
        return InboxEntry(
            key=f"tg:{update.update_id}",
            channel=CHANNEL,
            person=str(chat.id if chat is not None else 0),
            body=json.dumps(data, ensure_ascii=False),
            received_at=self._clock.now(),
        )

    def _submit(self, entries: Sequence[InboxEntry], updates: Sequence[Update] = ()) -> None:
        """Hand recorded entries to their chats' queues, with the updates already parsed
        from them (handled in this process, they are not parsed a second time)."""
        by_key = {f"tg:{update.update_id}": update for update in updates}
        for entry in entries:
            update = by_key.get(entry.key)
            if update is not None:
                self._parsed[entry.key] = update
        if self._queues is not None:
            self._queues.submit(entries)

    async def _handle_entry(self, entry: InboxEntry) -> None:
        """One recorded update: one chat's updates in order, other chats at the same time.
        A withheld update read back after a restart has no body: the core asks the sender
        to write it again (a group is not answered: the bot talks one to one only)."""

        async def handle() -> None:
            bot = self._bot
            if entry.is_withheld and not entry.body:
                if not entry.person.startswith("-"):
                    user = UserRef(CHANNEL, entry.person)
                    log.info("telegram withheld update replayed key=%s chat=%s", entry.key, entry.person)
                    await self._deliver(
                        Inbound(user, entry.key, InboundKind.WITHHELD, received_at=entry.received_at)
                    )
            elif bot is not None:
                update = self._parsed.pop(entry.key, None) or read_update(json.loads(entry.body), bot)
                if update is not None:
                    await self._handle(update, is_replay=entry.is_replay)

        await handle_then_done(self._inbox, entry, handle)

    async def wait_idle(self) -> None:
        """Until every recorded update has been handled (tests, graceful shutdown)."""
        if self._queues is not None:
            await self._queues.wait_idle()

    # -- outbound --------------------------------------------------------------------

    async def send(self, outbound: Outbound) -> str | None:
        """Send text (split if long), buttons on the last part, and an attachment if any.

        A retried Outbound (same key) resumes after the parts already delivered, so a
        failure in the middle of a long text does not repeat its beginning.
        """
        bot, chat_id = self._target(outbound.to)
        markup = keyboard(outbound.choices)
        parts = self._plan(outbound, markup)
        if not parts:
            raise FinalSendError("nothing to send: empty text and no attachment")
        done = self._progress.get(outbound.key, 0)
        message_id: str | None = None
        for index, part in enumerate(parts):
            if index < done:
                continue
            await self._limiter.acquire(chat_id)
            try:
                message = await part(bot, chat_id)
            except TelegramError as exc:
                self._remember_progress(outbound.key, index)
                error = _send_error(exc)
                log.warning(
                    "telegram send failed chat=%d key=%s part=%d/%d (%s)",
                    chat_id,
                    outbound.key,
                    index + 1,
                    len(parts),
                    type(exc).__name__,
                )
                raise error from None
            message_id = str(message.message_id)
        self._progress.pop(outbound.key, None)
        log.info("telegram sent chat=%d key=%s parts=%d", chat_id, outbound.key, len(parts))
        return message_id

    async def send_document(self, to: UserRef, document: Attachment, caption: str = "") -> str | None:
        """sendDocument, multipart: the bytes as an InputFile with their file name."""
        return await self._send_file(to, document, caption)

    async def send_image(self, to: UserRef, image: Attachment, caption: str = "") -> str | None:
        """sendPhoto, multipart: shown inline (Telegram recompresses it for the preview)."""
        return await self._send_file(to, image, caption)

    async def _send_file(self, to: UserRef, attachment: Attachment, caption: str) -> str | None:
        if utf16_len(caption) > CAPTION_LIMIT:  # the text first, in parts, then the file
            key = "file:" + hashlib.sha256(attachment.content).hexdigest()[:16]
            return await self.send(Outbound(to=to, text=caption, key=key, attachment=attachment))
        bot, chat_id = self._target(to)
        await self._limiter.acquire(chat_id)
        what = "photo" if attachment.is_image else "document"
        try:
            message = await _file_part(attachment, caption or None, None)(bot, chat_id)
        except TelegramError as exc:
            log.warning("telegram %s not sent chat=%d (%s)", what, chat_id, type(exc).__name__)
            raise _send_error(exc) from None
        log.info("telegram %s sent chat=%d bytes=%d", what, chat_id, len(attachment.content))
        return str(message.message_id)

    def _target(self, to: UserRef) -> tuple[Bot, int]:
        bot = self._bot
        if bot is None:
            raise RetryableSendError("telegram channel not started")
        if to.channel != CHANNEL:
            raise FinalSendError(f"recipient is on channel {to.channel!r}, not telegram")
        try:
            return bot, int(to.id)
        except ValueError:
            raise FinalSendError("telegram recipient id is not a chat id") from None

    def _remember_progress(self, key: str, parts_done: int) -> None:
        if parts_done == 0:
            return
        self._progress[key] = parts_done

    def _plan(
        self, outbound: Outbound, markup: InlineKeyboardMarkup | None
    ) -> list[Callable[[Bot, int], Awaitable[Message]]]:
        """The API calls an Outbound becomes, in order; the keyboard rides on the last. A
        file takes the text as its caption when it fits; a longer text goes first, in
        parts, and the file after it (as on WhatsApp)."""
        text = outbound.text
        attachment = outbound.attachment
        if attachment is not None and (not text or utf16_len(text) <= CAPTION_LIMIT):
            return [_file_part(attachment, text or None, markup)]
        chunks = split_text(text)
        parts: list[Callable[[Bot, int], Awaitable[Message]]] = []
        for index, chunk in enumerate(chunks):
            is_last = index == len(chunks) - 1 and attachment is None
            parts.append(_text_part(chunk, markup if is_last else None))
        if attachment is not None:
            parts.append(_file_part(attachment, None, markup))
        return parts


def _file_part(
    attachment: Attachment, caption: str | None, markup: InlineKeyboardMarkup | None
) -> Callable[[Bot, int], Awaitable[Message]]:
    """sendPhoto for a picture, sendDocument for any other file; both multipart uploads."""
    upload = InputFile(attachment.content, filename=attachment.filename)

    async def send_file(bot: Bot, chat_id: int) -> Message:
        if attachment.is_image:
            return await bot.send_photo(chat_id=chat_id, photo=upload, caption=caption, reply_markup=markup)
        return await bot.send_document(chat_id=chat_id, document=upload, caption=caption, reply_markup=markup)

    return send_file


def _text_part(chunk: str, markup: InlineKeyboardMarkup | None) -> Callable[[Bot, int], Awaitable[Message]]:
    async def send_text(bot: Bot, chat_id: int) -> Message:
        return await bot.send_message(chat_id=chat_id, text=chunk, reply_markup=markup)

    return send_text


def _checked_menu(
    menu: Mapping[str, Sequence[tuple[str, str]]],
) -> dict[str, tuple[tuple[str, str], ...]]:
    """Refuse at construction what setMyCommands would refuse at start, naming the fix."""
    checked: dict[str, tuple[tuple[str, str], ...]] = {}
    for locale, items in menu.items():
        for word, description in items:
            if not _COMMAND_WORD.match(word):
                raise ChannelError(
                    f"telegram menu ({locale}): command {word!r} must be 1 to 32 characters "
                    "among a-z 0-9 _ (lowercase, no slash)"
                )
            if not 1 <= len(description) <= 256:
                raise ChannelError(
                    f"telegram menu ({locale}): the description of {word!r} must be 1 to 256 "
                    f"characters (got {len(description)})"
                )
        checked[locale] = tuple(items)
    return checked


def _is_loopback_url(url: str) -> bool:
    """Plain HTTP is tolerated only towards this machine (a local Bot API server, tests)."""
    return url.startswith(("http://127.0.0.1", "http://localhost", "http://[::1]"))


async def _quiet_shutdown(bot: Bot) -> None:
    """Close PTB's HTTP clients; a failure here must not hide the reason we stop."""
    try:
        await bot.shutdown()
    except Exception as exc:
        log.warning("telegram client shutdown failed (%s)", type(exc).__name__)
