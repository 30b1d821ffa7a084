"""Single-use enrolment codes: the only way a person becomes a mentee."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot.domain import Invitation
from bot.domain.ids import readable_code
from bot.ports import InvitationStore


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
