"""Becoming a mentee: strangers, invitations, and consent to the charter.

An unknown person is refused politely (a few times per hour at most) unless they bring a
valid invitation code; enrolment then asks for consent to the current charter version,
and nothing else happens until it is given. The charter's text is handed in at
construction (read by the composition root), so this module reads no file.

Nothing is written about a person before they accept, not even where they are in the
charter. Where they stand (the charter shown, a refusal waiting for its confirmation) is
held in memory only, per process, bounded and forgotten after `CONSENT_MEMORY_TTL`; the
buttons of the refusal question carry their whole meaning, so a tap works in any process
and after a restart. Losing that memory only ever costs a second look: the whole charter
instead of a short hint, or the refusal question asked again, never a refusal taken
without its confirmation.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import timedelta

from cachetools import TTLCache

from bot.config.i18n import Catalogue
from bot.config.settings import Settings
from bot.core import invitations
from bot.core.commands import CommandWords
from bot.core.replies import Replies
from bot.core.strangers import CodeVerdict, InvitationGuard, StrangerLimiter
from bot.core.turn import remember
from bot.domain import (
    AuditEvent,
    ChatKind,
    Choice,
    Consent,
    Conversation,
    Inbound,
    InboundKind,
    Mentee,
    Outbound,
    chosen,
)
from bot.ports import Clock, OnErased, Store
from bot.schedule.phrasing import describe_duration
from bot.schedule.week import describe_week

log = logging.getLogger(__name__)

ACCEPT, REFUSE = "consent:accept", "consent:refuse"
REREAD, REFUSE_CONFIRMED = "consent:reread", "consent:refuse_confirmed"

CONSENT_MEMORY_TTL = timedelta(hours=1)
"""How long the charter counts as just shown (later: shown whole again) and a refusal as
waiting for its confirmation (later: asked again)."""
CONSENT_MEMORY_MAX = 10_000
"""People remembered at once; the oldest are forgotten first (they see the charter again)."""


@dataclass(frozen=True)
class _Asked:
    """What was last asked of a person who has not accepted yet, and by which message (a
    redelivered refusal must not count as its own confirmation)."""

    is_refusing: bool
    message_id: str


class Onboarding:
    """Strangers in, invitations redeemed, the charter accepted (or the person erased)."""

    def __init__(
        self,
        *,
        settings: Settings,
        catalogue: Catalogue,
        commands: CommandWords,
        store: Store,
        clock: Clock,
        charter: Mapping[str, str],
        on_erased: OnErased,
    ) -> None:
        """`charter` is the charter's plain text per locale (the default locale's as fallback)."""
        self.settings = settings
        self.catalogue = catalogue
        self.commands = commands
        self.store = store
        self.clock = clock
        self.charter = dict(charter)
        self.on_erased = on_erased
        self.strangers = StrangerLimiter()
        self.invitation_guard = InvitationGuard(store)
        self._asked: TTLCache[str, _Asked] = TTLCache(
            maxsize=CONSENT_MEMORY_MAX,
            ttl=CONSENT_MEMORY_TTL.total_seconds(),
            timer=lambda: clock.now().timestamp(),
        )

    @property
    def version(self) -> str:
        return self.settings.charter.version

    def has_current_consent(self, mentee: Mentee) -> bool:
        return mentee.consent is not None and mentee.consent.version == self.version

    def charter_text(self, locale: str) -> str:
        resolved = self.catalogue.resolve_locale(locale)
        return self.charter.get(resolved) or self.charter[self.catalogue.resolve_locale(None)]

    async def stranger(self, inbound: Inbound) -> list[Outbound]:
        """Unknown person: enrol with a valid code, otherwise refuse and keep nothing."""
        locale = self.catalogue.resolve_locale(inbound.language)
        replies = Replies(inbound.user, inbound.message_id, self.catalogue, locale)
        if not self.strangers.allow(inbound.user, self.clock.now()):
            log.info("stranger rate-limited channel=%s", inbound.user.channel)
            return []
        if inbound.chat is ChatKind.GROUP:
            replies.say_key("core.group_refused")
            return replies.messages
        code_text = invitations.code_of(inbound, is_start=self._is_start(inbound))
        if not code_text:
            replies.say_key("core.not_invited")
            return replies.messages
        now_at = self.clock.now()
        verdict = await self.invitation_guard.verdict(inbound.user, now_at)
        if verdict is CodeVerdict.PERSON_LIMITED:
            log.info("invitation attempts exhausted channel=%s", inbound.user.channel)
            return []
        if verdict is CodeVerdict.EVERYONE_LIMITED:
            log.warning("invitation codes paused: too many wrong codes overall this hour")
            replies.say_key("core.invitations_paused")
            return replies.messages
        invitation = await invitations.redeem(self.store, code_text, user_key=inbound.user.key, now_at=now_at)
        if invitation is None:
            await self.invitation_guard.record_failure(inbound.user, now_at)
            replies.say_key("core.invitation_invalid")
            return replies.messages
        self.strangers.forget(inbound.user)
        mentee = Mentee(
            user=inbound.user,
            alias=invitation.alias,
            mentor=invitation.mentor,
            locale=locale,
            enrolled_at=now_at,
        )
        await self.store.save_mentee(mentee)
        await self.store.append_audit(
            AuditEvent(at=now_at, actor="system", action="enrolled", subject=mentee.alias)
        )
        await self.consent(inbound, mentee, None, replies)
        return replies.messages

    async def consent(
        self, inbound: Inbound, mentee: Mentee, conversation: Conversation | None, replies: Replies
    ) -> None:
        """Accepting records consent (and the message id); a refusal is confirmed first, then
        erases the person; anything else gets a short reminder of the choice, the whole
        charter only the first time (or on /start, or when asked to read it again)."""
        key = mentee.user.key
        asked = self._asked.get(key)
        if asked is not None and asked.message_id == inbound.message_id:
            log.info("duplicate inbound before consent ignored channel=%s", inbound.user.channel)
            return
        is_refusing = asked is not None and asked.is_refusing
        answer = self._answer(inbound, replies, is_refusing=is_refusing)
        if answer == REFUSE and is_refusing:
            answer = REFUSE_CONFIRMED  # "Je refuse" again, in answer to "are you sure?"
        if answer == ACCEPT:
            self._asked.pop(key, None)
            await self._accepted(inbound, mentee, conversation, replies)
        elif answer == REFUSE_CONFIRMED:
            self._asked.pop(key, None)
            await self._refused(mentee, replies)
        elif answer == REFUSE:
            self._asked[key] = _Asked(True, inbound.message_id)
            replies.say_key(_again("core.charter_refuse_confirm", mentee), self._refusal_choices(replies))
        elif answer == REREAD or self._is_start(inbound) or asked is None:
            self._asked[key] = _Asked(False, inbound.message_id)
            if answer != REREAD:
                self._say_notice(mentee, replies)
            self._say_charter(mentee, replies)
        elif is_refusing:
            replies.say_key("core.charter_refuse_hint", self._refusal_choices(replies))
        else:
            replies.say_key(_again("core.charter_hint", mentee), self._hint_choices(replies))

    def _answer(self, inbound: Inbound, replies: Replies, *, is_refusing: bool) -> str | None:
        """What the message says to the charter: a button, a number or label of the choices
        last shown, or the natural words ("oui", "ok", "d'accord", "non"…). A tap on "I
        confirm my refusal" counts wherever it comes from: that button is only ever shown
        in answer to a refusal."""
        if inbound.kind is InboundKind.CHOICE and inbound.payload == REFUSE_CONFIRMED:
            return REFUSE_CONFIRMED
        if is_refusing:
            # "oui" or "non" would be ambiguous here: only the choices, or the labels of
            # the charter's own two buttons.
            words = {ACCEPT: replies.t("core.charter_accept"), REFUSE: replies.t("core.charter_refuse")}
            return chosen(inbound, self._refusal_choices(replies), words)
        words = {
            ACCEPT: replies.t("core.charter_accept_words"),
            REFUSE: replies.t("core.charter_refuse_words"),
        }
        return chosen(inbound, self._hint_choices(replies), words)

    def _is_start(self, inbound: Inbound) -> bool:
        return inbound.kind is InboundKind.COMMAND and self.commands.resolve(inbound.text) == "start"

    async def _accepted(
        self, inbound: Inbound, mentee: Mentee, conversation: Conversation | None, replies: Replies
    ) -> None:
        now_at = self.clock.now()
        replies.say_key(_again("core.consent_recorded", mentee))  # kept with the write below
        await self.store.record_consent(
            replace(mentee, consent=Consent(self.version, now_at)),
            remember(conversation or Conversation(mentee.user), inbound.message_id, replies),
            AuditEvent(now_at, mentee.alias, "charter_accepted", mentee.alias, (("version", self.version),)),
        )

    async def _refused(self, mentee: Mentee, replies: Replies) -> None:
        await self.store.erase_user(mentee.user)
        await self.on_erased(mentee.user)
        await self.store.append_audit(
            AuditEvent(
                self.clock.now(), "system", "charter_refused", mentee.alias, (("version", self.version),)
            )
        )
        replies.say_key("core.consent_refused")

    def _say_notice(self, mentee: Mentee, replies: Replies) -> None:
        """First contact: what this is and what is kept; a new version: that it changed."""
        if mentee.consent is not None:
            replies.say_key("core.charter_new_version", version=self.version)
            return
        retention = self.settings.retention
        kept = max(retention.answered_items, retention.closed_items, retention.inactive_mentees)
        replies.say_key(
            "core.notice",
            hours=describe_week(self.settings, replies.locale, self.catalogue),
            kept=describe_duration(kept, self.catalogue, replies.locale),
            drafts=describe_duration(
                min(retention.drafts, self.settings.drafts.expire_after), self.catalogue, replies.locale
            ),
        )

    def _say_charter(self, mentee: Mentee, replies: Replies) -> None:
        replies.say(
            f"{replies.t(_again('core.charter_intro', mentee), version=self.version)}\n\n"
            f"{self.charter_text(mentee.locale)}\n\n{replies.t('core.charter_prompt')}",
            self._charter_choices(replies),
        )

    @staticmethod
    def _charter_choices(replies: Replies) -> tuple[Choice, ...]:
        return (
            Choice(ACCEPT, replies.t("core.charter_accept")),
            Choice(REFUSE, replies.t("core.charter_refuse")),
        )

    def _hint_choices(self, replies: Replies) -> tuple[Choice, ...]:
        """The charter's two choices, numbered as under the charter, then "read it again"."""
        return (*self._charter_choices(replies), Choice(REREAD, replies.t("core.charter_reread")))

    @staticmethod
    def _refusal_choices(replies: Replies) -> tuple[Choice, ...]:
        """Numbered as under the charter: 1 still accepts, 2 still refuses (now for good)."""
        return (
            Choice(ACCEPT, replies.t("core.charter_accept")),
            Choice(REFUSE_CONFIRMED, replies.t("core.charter_refuse_sure")),
            Choice(REREAD, replies.t("core.charter_reread")),
        )


def _again(key: str, mentee: Mentee) -> str:
    """The wording for someone who accepted an earlier charter and reads a new one: they
    continue (their questions are there), they do not begin; `<key>_again` in the catalogue."""
    return f"{key}_again" if mentee.consent is not None else key
