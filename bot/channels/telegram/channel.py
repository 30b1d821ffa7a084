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
import hmac
import json
import logging
import os
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

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
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.request import HTTPXRequest

from bot.channels.http_server import WebhookServer
from bot.channels.telegram.limiter import RateLimiter, Sleep
from bot.channels.telegram.render import (
    CAPTION_LIMIT,
    CHANNEL,
    keyboard,
    split_text,
    translate,
    utf16_len,
)
from bot.domain import Inbound, Outbound, UserRef
from bot.errors import ChannelError, FinalSendError, RetryableSendError, SendError
from bot.ports import Clock, OnMessage, OnStatus

# The token is part of every Bot API URL; httpx logs URLs at INFO. PTB logs request
# parameters (message texts) at DEBUG. Neither may reach Cadre's logs.
logging.getLogger("httpx").setLevel(logging.WARNING)
logging.getLogger("httpcore").setLevel(logging.WARNING)
logging.getLogger("telegram").setLevel(logging.INFO)
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
_SEEN_UPDATES = 2048
_SEND_PROGRESS = 256
_POLL_BACKOFF_MAX_S = 30.0
_STOP_GRACE_S = 5.0
_EMPTY_KEYBOARD = json.dumps({"inline_keyboard": []})


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
    if isinstance(exc, TimedOut):
        return RetryableSendError("telegram request timed out")
    if isinstance(exc, NetworkError):
        return RetryableSendError(f"telegram unreachable or failing ({type(exc).__name__})")
    return RetryableSendError(f"telegram error ({type(exc).__name__})")


class _RecentIds:
    """A bounded memory of update ids: at-least-once delivery must mean one on_message."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._ids: OrderedDict[int, None] = OrderedDict()

    def add(self, update_id: int) -> bool:
        """True when the id is new (and remember it), False for a duplicate."""
        if update_id in self._ids:
            return False
        self._ids[update_id] = None
        if len(self._ids) > self._size:
            self._ids.popitem(last=False)
        return True


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
        poll_timeout_s: float = 10,
        sleep: Sleep = asyncio.sleep,
        request_timeout_s: float = 10,
    ) -> None:
        if not token:
            raise ChannelError("telegram token is empty (set CADRE_TELEGRAM_TOKEN)")
        self._token = token
        self._clock = clock
        self._base_url = base_url or "https://api.telegram.org/bot"
        self._webhook_url = webhook_url
        self._secret_token = secret_token
        self._server = server
        self._menu = _checked_menu(menu)
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
        self._tasks: set[asyncio.Task[None]] = set()
        self._chat_locks: dict[int, asyncio.Lock] = {}
        self._seen = _RecentIds(_SEEN_UPDATES)
        self._progress: OrderedDict[str, int] = OrderedDict()
        self._ignored: dict[str, int] = {}
        if webhook_url is not None:
            if server is None:
                raise ChannelError("telegram webhook mode needs the shared HTTP server")
            if secret_token is None or not _SECRET_FORMAT.match(secret_token):
                raise ChannelError(
                    "telegram webhook mode needs CADRE_TELEGRAM_WEBHOOK_SECRET: 1 to 256 "
                    "characters among A-Z a-z 0-9 _ -"
                )
            if not webhook_url.startswith("https://") and not _is_loopback_url(webhook_url):
                raise ChannelError(
                    "telegram only delivers webhooks over HTTPS: "
                    "CADRE_TELEGRAM_WEBHOOK_URL must start with https://"
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
                connection_pool_size=8,
                read_timeout=self._request_timeout_s,
                write_timeout=self._request_timeout_s,
                connect_timeout=self._request_timeout_s,
            ),
            get_updates_request=HTTPXRequest(
                connection_pool_size=1,
                read_timeout=self._request_timeout_s,
                connect_timeout=self._request_timeout_s,
            ),
        )
        try:
            await bot.initialize()
        except InvalidToken as exc:
            await _quiet_shutdown(bot)
            raise ChannelError("telegram token rejected (check CADRE_TELEGRAM_TOKEN)") from exc
        except TelegramError as exc:
            await _quiet_shutdown(bot)
            raise ChannelError(
                f"telegram Bot API unreachable at start ({type(exc).__name__}); "
                "check the network or CADRE_TELEGRAM_BASE_URL"
            ) from exc
        self._bot = bot
        self._on_message = on_message
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
        if self._poll_task is not None:
            task, self._poll_task = self._poll_task, None
            if self._is_idle:
                task.cancel()
            done, _ = await asyncio.wait({task}, timeout=_STOP_GRACE_S)
            if not done:
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await self._acknowledge()
        if self._tasks:
            _, pending = await asyncio.wait(self._tasks, timeout=_STOP_GRACE_S)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending)
        self._on_message = None
        if self._bot is not None:
            await _quiet_shutdown(self._bot)
            self._bot = None
        log.info("telegram channel stopped")

    async def _acknowledge(self) -> None:
        """Confirm handled updates to Telegram so a restart does not redeliver them."""
        bot = self._bot
        if bot is None or self._offset is None or self._offset == self._acked_offset:
            return
        try:
            # Confirms everything below the offset; what it returns stays unconfirmed.
            await bot.get_updates(offset=self._offset, timeout=0, limit=1)
            self._acked_offset = self._offset
        except TelegramError as exc:
            log.warning("telegram final acknowledgement failed (%s)", type(exc).__name__)

    async def _publish_menu(self, bot: Bot) -> None:
        """French menu for everyone, English for clients set to English."""
        for locale, items in self._menu.items():
            commands = [BotCommand(word, description) for word, description in items]
            language = None if locale == "fr" else locale
            await bot.set_my_commands(commands, scope=BotCommandScopeDefault(), language_code=language)
            log.info("telegram menu set locale=%s commands=%d", locale, len(commands))

    def _report_health(self, is_ok: bool) -> None:
        """/healthz on the shared server shows whether Telegram is reachable."""
        if self._server is not None:
            self._server.report_health(CHANNEL, is_ok)

    # -- inbound ---------------------------------------------------------------------

    async def _poll(self, bot: Bot) -> None:
        """getUpdates loop; an update is acknowledged (offset) only after it was handled.

        `_is_idle` marks the moments (waiting on Telegram, backing off) where stop() may
        cancel at once; otherwise stop() lets the update being handled finish.
        """
        backoff_s = 1.0
        while not self._is_stopping:
            self._is_idle = True
            try:
                updates = await bot.get_updates(
                    offset=self._offset,
                    timeout=max(1, round(self._poll_timeout_s)),
                    allowed_updates=list(ALLOWED_UPDATES),
                )
                self._acked_offset = self._offset
            except RetryAfter as exc:
                await asyncio.sleep(_retry_after_s(exc))
                continue
            except TimedOut:
                continue
            except Exception as exc:  # network, token revoked, conflict, unparsable batch
                self._report_health(False)
                log.warning("telegram polling failed (%s); retrying in %gs", type(exc).__name__, backoff_s)
                await asyncio.sleep(backoff_s)
                backoff_s = min(backoff_s * 2, _POLL_BACKOFF_MAX_S)
                continue
            finally:
                self._is_idle = False
            backoff_s = 1.0
            self._report_health(True)
            for update in updates:
                if self._is_stopping:
                    break  # not acknowledged: Telegram delivers it again at the next start
                try:
                    await self._handle(update)
                except Exception as exc:
                    log.warning(
                        "telegram update failed update_id=%d (%s)",
                        update.update_id,
                        type(exc).__name__,
                    )
                self._offset = update.update_id + 1

    async def _handle(self, update: Update) -> None:
        """Translate, answer a button press, and hand the Inbound to the core exactly once."""
        if not self._seen.add(update.update_id):
            log.info("telegram duplicate update ignored update_id=%d", update.update_id)
            return
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
        log.info(
            "telegram inbound update_id=%d chat=%s kind=%s",
            update.update_id,
            translation.inbound.user.id,
            translation.inbound.kind.value,
        )
        await self._deliver(translation.inbound)

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
        except Exception as exc:  # the core's bug must not stop the channel
            log.exception(
                "telegram handler failed message_id=%s (%s)", inbound.message_id, type(exc).__name__
            )

    async def _webhook(self, request: Request) -> Response:
        """Authenticate, parse, answer at once; the update is handled in a task."""
        secret = self._secret_token or ""
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            log.warning("telegram webhook refused: bad or missing secret token")
            return JSONResponse({"ok": False}, status_code=403)
        bot = self._bot
        if bot is None or self._on_message is None:
            return JSONResponse({"ok": False}, status_code=503)
        declared = request.headers.get("content-length", "0")
        if declared.isdigit() and int(declared) > _MAX_WEBHOOK_BODY:
            return JSONResponse({"ok": False}, status_code=413)
        body = await request.body()
        if len(body) > _MAX_WEBHOOK_BODY:
            return JSONResponse({"ok": False}, status_code=413)
        try:
            data = json.loads(body)
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("not an update")
            update = Update.de_json(data, bot)
        except Exception as exc:
            log.warning("telegram webhook body rejected (%s)", type(exc).__name__)
            return JSONResponse({"ok": False}, status_code=400)
        task = asyncio.create_task(self._handle_in_order(update))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return JSONResponse({"ok": True})

    async def _handle_in_order(self, update: Update) -> None:
        """Webhook updates of one chat are handled one at a time, in arrival order."""
        chat = update.effective_chat
        key = chat.id if chat is not None else 0
        lock = self._chat_locks.setdefault(key, asyncio.Lock())
        try:
            async with lock:
                await self._handle(update)
        finally:
            if not lock.locked() and self._chat_locks.get(key) is lock:
                del self._chat_locks[key]

    # -- outbound --------------------------------------------------------------------

    async def send(self, outbound: Outbound) -> str | None:
        """Send text (split if long), buttons on the last part, and an attachment if any.

        A retried Outbound (same key) resumes after the parts already delivered, so a
        failure in the middle of a long text does not repeat its beginning.
        """
        bot = self._bot
        if bot is None:
            raise RetryableSendError("telegram channel not started")
        if outbound.to.channel != CHANNEL:
            raise FinalSendError(f"recipient is on channel {outbound.to.channel!r}, not telegram")
        try:
            chat_id = int(outbound.to.id)
        except ValueError:
            raise FinalSendError("telegram recipient id is not a chat id") from None
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

    def _remember_progress(self, key: str, parts_done: int) -> None:
        if parts_done == 0:
            return
        self._progress[key] = parts_done
        self._progress.move_to_end(key)
        while len(self._progress) > _SEND_PROGRESS:
            self._progress.popitem(last=False)

    def _plan(
        self, outbound: Outbound, markup: InlineKeyboardMarkup | None
    ) -> list[Callable[[Bot, int], Awaitable[Message]]]:
        """The API calls an Outbound becomes, in order; the keyboard rides on the last."""
        text = outbound.text
        attachment = outbound.attachment
        parts: list[Callable[[Bot, int], Awaitable[Message]]] = []
        if attachment is not None:
            caption_fits = bool(text) and utf16_len(text) <= CAPTION_LIMIT
            caption = text if caption_fits else None
            document_markup = markup if caption_fits or not text else None

            async def send_document(bot: Bot, chat_id: int) -> Message:
                return await bot.send_document(
                    chat_id=chat_id,
                    document=InputFile(attachment.content, filename=attachment.filename),
                    caption=caption,
                    reply_markup=document_markup,
                )

            parts.append(send_document)
            if caption_fits or not text:
                return parts
        chunks = split_text(text)
        for index, chunk in enumerate(chunks):
            is_last = index == len(chunks) - 1
            parts.append(_text_part(chunk, markup if is_last else None))
        return parts


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
