"""`cadre invite`: create a single-use invitation and print the ways to use it.

One alias, one person: an alias already enrolled, or with an invitation still pending,
is refused; one whose person left (/arret, data kept) can be invited again, and their
code brings them back as they were. An alias the screening reads as a person's name gets
a warning (aliases are meant to identify no one). The Telegram link needs the bot's username: from
CADRE_TELEGRAM_BOT_USERNAME, else asked of the Bot API (getMe) when a token is set.

The links follow the channels of the environment that counts: the running service's when
the command goes through its admin socket (its channels are what the mentee will reach),
else the command's own. So one environment gives the same lines either way, and the
console's line is printed only when the console is the channel (no Telegram, no WhatsApp).
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Mapping
from typing import TextIO

from bot.app import Setup, build_screener
from bot.cli import registry
from bot.cli.registry import Common, OperatorCall, Subparsers
from bot.core.invitations import create_invitation
from bot.domain import MenteeStatus
from bot.domain.ids import pseudonym
from bot.errors import ChannelError
from bot.ports import Clock, Screener, Store
from bot.privacy.export import find_by_alias
from bot.runtime.environment import RunEnvironment
from bot.schedule.phrasing import format_day

log = logging.getLogger(__name__)
GET_ME_TIMEOUT_S = 10.0


def alias_mark(alias: str) -> str:
    """Where the pending invitation of an alias is remembered (a hash: marks are not people)."""
    digest = pseudonym(alias.strip().casefold(), 24)
    return f"invitation.alias.{digest}"


async def run_invite(
    setup: Setup,
    store: Store,
    clock: Clock,
    *,
    alias: str,
    mentor: str | None,
    stdout: TextIO,
    screener: Screener | None = None,
    env: Mapping[str, str] | None = None,
) -> int:
    """`env`: the environment whose channels the links follow (this process's by default:
    the service's own when it runs the command for its admin socket)."""
    env = os.environ if env is None else env
    settings, catalogue = setup.settings, setup.catalogue
    locale = settings.locale
    mentor_id = mentor or (settings.mentors[0].id if settings.mentors else "mentor")
    if settings.mentor(mentor_id) is None:
        known = ", ".join(m.id for m in settings.mentors) or "-"
        stdout.write(
            catalogue.text("cli.invite.unknown_mentor", locale, mentor=mentor_id, known=known) + "\n"
        )
        return 1
    alias = alias.strip()
    now_at = clock.now()
    pending = await store.get_invitation(await store.identity_link(alias_mark(alias)) or "")
    is_pending = pending is not None and pending.used_by is None and pending.expires_at > now_at
    enrolled = await find_by_alias(store, alias)
    # Someone who left (/arret, data kept) may be invited again: their code brings them back.
    is_returning = bool(enrolled) and all(m.status is MenteeStatus.WITHDRAWN for m in enrolled)
    if (enrolled and not is_returning) or is_pending:
        shown = pending.alias if is_pending and pending is not None else alias
        stdout.write(catalogue.text("cli.invite.alias_taken", locale, alias=shown) + "\n")
        return 1
    invitation = await create_invitation(
        store,
        alias=alias,
        mentor=mentor_id,
        now_at=now_at,
        ttl=settings.invitations.expire_after,
    )
    await store.set_identity_link(alias_mark(alias), invitation.code)
    until = format_day(invitation.expires_at.astimezone(settings.zone).date(), locale)
    lines = [
        catalogue.text("cli.invite.created", locale, alias=invitation.alias, mentor=mentor_id, until=until),
        catalogue.text("cli.invite.code", locale, code=invitation.code),
    ]
    if is_returning:
        lines.insert(1, catalogue.text("cli.invite.returning", locale, alias=enrolled[0].alias))
    findings = (screener or build_screener(settings)).screen(alias)
    if any(finding.kind == "person" for finding in findings):
        lines.insert(1, catalogue.text("cli.invite.real_name", locale, alias=alias))
    channels = _channels(env)
    bot_name = env.get("CADRE_TELEGRAM_BOT_USERNAME") or await _bot_username(env)
    if bot_name:
        lines.append(
            catalogue.text(
                "cli.invite.telegram", locale, bot=bot_name.lstrip("@"), code=invitation.code.replace("-", "")
            )
        )
    number = env.get("CADRE_WHATSAPP_NUMBER", "").strip()
    if number:
        lines.append(
            catalogue.text("cli.invite.whatsapp", locale, number=number.lstrip("+"), code=invitation.code)
        )
    elif channels.has_whatsapp:
        lines.append(catalogue.text("cli.invite.whatsapp_no_number", locale, code=invitation.code))
    if not channels.has_telegram and not channels.has_whatsapp:
        lines.append(catalogue.text("cli.invite.console", locale, code=invitation.code))
    stdout.write("\n".join(lines) + "\n")
    return 0


def _channels(env: Mapping[str, str]) -> RunEnvironment:
    """The channels `cadre run` starts from this environment (its own rules)."""
    try:
        return RunEnvironment.from_mapping(env)
    except ChannelError:  # a bad port: `cadre run` refuses it; the channels are still these
        return RunEnvironment.from_mapping({**env, "CADRE_HTTP_PORT": "8080"})


async def _bot_username(env: Mapping[str, str]) -> str | None:
    """The bot's username from getMe, when a token is set; None if it cannot be had."""
    token = env.get("CADRE_TELEGRAM_TOKEN", "").strip()
    if not token:
        return None
    from telegram import Bot
    from telegram.error import TelegramError

    async def ask() -> str | None:
        base_url = env.get("CADRE_TELEGRAM_BASE_URL") or "https://api.telegram.org/bot"
        async with Bot(token, base_url=base_url) as bot:
            return bot.username

    try:
        return await asyncio.wait_for(ask(), GET_ME_TIMEOUT_S)
    except (TelegramError, TimeoutError, OSError) as exc:
        log.warning("telegram getMe failed (%s): no Telegram link", type(exc).__name__)
        return None


def register(sub: Subparsers, common: Common) -> None:
    parser = registry.register_operator(sub, common, "invite", "create a single-use invitation", run)
    parser.add_argument("--alias", required=True, help="the mentee's alias (never a real name)")
    parser.add_argument("--mentor", default=None, help="mentor id (default: the first mentor)")
    # Dated like the console's --at, so a rehearsed year can invite again someone who left.
    parser.add_argument("--at", help=registry.AT_HELP)


async def run(call: OperatorCall) -> int:
    return await run_invite(
        call.setup, call.store, call.clock, alias=call.args.alias, mentor=call.args.mentor, stdout=call.stdout
    )
