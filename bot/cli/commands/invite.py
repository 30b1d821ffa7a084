"""`cadre invite`: create a single-use invitation and print the ways to use it."""

from __future__ import annotations

import os
from typing import TextIO

from bot.app import Setup
from bot.core.invitations import create_invitation
from bot.ports import Clock, Store
from bot.schedule.phrasing import format_day


async def run_invite(
    setup: Setup, store: Store, clock: Clock, *, alias: str, mentor: str | None, stdout: TextIO
) -> int:
    settings, catalogue = setup.settings, setup.catalogue
    locale = settings.locale
    mentor_id = mentor or (settings.mentors[0].id if settings.mentors else "mentor")
    if settings.mentor(mentor_id) is None:
        known = ", ".join(m.id for m in settings.mentors) or "-"
        stdout.write(
            catalogue.text("cli.invite.unknown_mentor", locale, mentor=mentor_id, known=known) + "\n"
        )
        return 1
    invitation = await create_invitation(
        store,
        alias=alias.strip(),
        mentor=mentor_id,
        now_at=clock.now(),
        ttl=settings.invitations.expire_after,
    )
    until = format_day(invitation.expires_at.astimezone(settings.zone).date(), locale)
    lines = [
        catalogue.text("cli.invite.created", locale, alias=invitation.alias, mentor=mentor_id, until=until),
        catalogue.text("cli.invite.code", locale, code=invitation.code),
        catalogue.text("cli.invite.console", locale, code=invitation.code),
    ]
    bot_name = os.environ.get("CADRE_TELEGRAM_BOT_USERNAME")
    if bot_name:
        lines.append(
            catalogue.text(
                "cli.invite.telegram", locale, bot=bot_name.lstrip("@"), code=invitation.code.replace("-", "")
            )
        )
    number = os.environ.get("CADRE_WHATSAPP_NUMBER")
    if number:
        lines.append(
            catalogue.text("cli.invite.whatsapp", locale, number=number.lstrip("+"), code=invitation.code)
        )
    stdout.write("\n".join(lines) + "\n")
    return 0
