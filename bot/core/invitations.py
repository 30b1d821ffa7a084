"""Single-use enrolment codes: the only way a person becomes a mentee."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

from bot.domain import Inbound, InboundKind, Invitation, Mentee, MenteeStatus
from bot.domain.ids import readable_code
from bot.ports import InvitationStore, Store
from bot.privacy.audit import REJOINED, SYSTEM, record
from bot.privacy.retention import withdrawn_at


def new_code() -> str:
    raw = readable_code(8)
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(text: str) -> str | None:
    """'abcd efgh', 'ABCD-EFGH' → 'ABCD-EFGH'; None when it can't be a code."""
    compact = re.sub(r"[\s_-]", "", text.strip().upper())
    if len(compact) != 8 or not compact.isalnum() or not compact.isascii():
        return None
    return f"{compact[:4]}-{compact[4:]}"


def looks_like_code(text: str) -> bool:
    """Whether a free text is written like a code ("ABCD-EFGH", "abcd efgh", "K7QF2M9X"),
    not like a word that happens to have eight letters ("vacances", "merci ok")."""
    if normalise_code(text) is None:
        return False
    stripped = text.strip()
    has_separator = len(stripped) == 9 and stripped[4] in " -_"
    return has_separator or any(c.isdigit() for c in stripped) or stripped.isupper()


async def create_invitation(
    store: InvitationStore, *, alias: str, mentor: str, now_at: datetime, ttl: timedelta
) -> Invitation:
    code = new_code()
    while await store.get_invitation(code) is not None:
        code = new_code()
    invitation = Invitation(code=code, alias=alias, mentor=mentor, created_at=now_at, expires_at=now_at + ttl)
    await store.save_invitation(invitation)
    return invitation


async def redeem(
    store: InvitationStore, code_text: str, *, user_key: str, now_at: datetime
) -> Invitation | None:
    """Mark a valid invitation used by this person; None if unknown, expired, or used by
    someone else.

    Only a stranger redeems, so the code already marked used by this very person means
    their enrolment did not happen after all: the process died between the redemption
    and the enrolment (two files), and the inbox replays the message. That person gets it
    again; anyone else, or anyone after an erasure (which replaces `used_by`), does not.
    """
    code = normalise_code(code_text)
    if code is None:
        return None
    kept = await store.get_invitation(code)
    if kept is not None and kept.used_by == user_key:
        return kept
    return await store.redeem_invitation(code, user_key=user_key, now_at=now_at)


def code_of(inbound: Inbound, *, is_start: bool) -> str:
    """The code a message offers: after /start (`is_start`: the command is /start in one
    of its words), or a text written like a code alone; "" when it offers none."""
    if inbound.kind is InboundKind.COMMAND and is_start:
        return inbound.payload
    if inbound.kind is InboundKind.TEXT and looks_like_code(inbound.text):
        return inbound.text
    return ""


async def rejoin(store: Store, mentee: Mentee, code_text: str, *, now_at: datetime) -> Mentee | None:
    """A withdrawn mentee comes back with a new invitation made for their own alias (the
    coach's `cadre invite --alias` after their /arret): active again, under the mentor the
    invitation names, with what was kept of them. None, changing nothing, for any other
    code: an invitation for someone else stays theirs."""
    code = normalise_code(code_text)
    if code is None or mentee.status is not MenteeStatus.WITHDRAWN:
        return None
    invitation = await store.get_invitation(code)
    if invitation is None or invitation.alias.strip().casefold() != mentee.alias.strip().casefold():
        return None
    if invitation.created_at < await withdrawn_at(store, mentee, mentee.enrolled_at):
        return None  # the code they joined with, or an older one: only a new invitation
    redeemed = await redeem(store, code, user_key=mentee.user.key, now_at=now_at)
    if redeemed is None:
        return None
    back = replace(mentee, status=MenteeStatus.ACTIVE, mentor=redeemed.mentor)
    await store.save_mentee(back)
    await record(store, at=now_at, actor=SYSTEM, action=REJOINED, subject=mentee.alias)
    return back
