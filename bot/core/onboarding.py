"""Becoming a mentee: strangers, invitations, and consent to the charter.

An unknown person is refused politely (a few times per hour at most) unless they bring a
valid invitation code; enrolment then asks for consent to the current charter version,
and nothing else happens until it is given. The charter's text is handed in at
construction (read by the composition root), so this module reads no file.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace

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
    as_choice,
)
from bot.domain.text import fold_letters
from bot.ports import Clock, OnErased, Store
from bot.schedule.phrasing import describe_duration
from bot.schedule.week import describe_week

log = logging.getLogger(__name__)

ACCEPT, REFUSE = "consent:accept", "consent:refuse"


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
        code_text = ""
        if inbound.kind is InboundKind.COMMAND and self.commands.resolve(inbound.text) == "start":
            code_text = inbound.payload
        elif inbound.kind is InboundKind.TEXT and invitations.looks_like_code(inbound.text):
            code_text = inbound.text
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

    def _charter_word(self, inbound: Inbound, replies: Replies) -> Inbound:
        """ "oui", "ok", "d'accord", "jaccepte"… accept the charter (a refusal stays explicit:
        its button, its number or its label)."""
        if inbound.kind is not InboundKind.TEXT:
            return inbound
        words = {fold_letters(w) for w in replies.t("core.charter_accept_words").split(",")}
        if fold_letters(inbound.text) in words:
            return replace(inbound, kind=InboundKind.CHOICE, payload=ACCEPT)
        return inbound

    async def consent(
        self, inbound: Inbound, mentee: Mentee, conversation: Conversation | None, replies: Replies
    ) -> None:
        """Accepting records consent (and the message id); refusing erases the person;
        anything else shows the notice and the charter again."""
        now_at = self.clock.now()
        choices = (
            Choice(ACCEPT, replies.t("core.charter_accept")),
            Choice(REFUSE, replies.t("core.charter_refuse")),
        )
        inbound = self._charter_word(as_choice(inbound, choices), replies)
        details = (("version", self.version),)
        if inbound.kind is InboundKind.CHOICE and inbound.payload == ACCEPT:
            await self.store.record_consent(
                replace(mentee, consent=Consent(self.version, now_at)),
                remember(conversation or Conversation(mentee.user), inbound.message_id),
                AuditEvent(now_at, mentee.alias, "charter_accepted", mentee.alias, details),
            )
            replies.say_key("core.consent_recorded")
            return
        if inbound.kind is InboundKind.CHOICE and inbound.payload == REFUSE:
            await self.store.erase_user(mentee.user)
            await self.on_erased(mentee.user)
            await self.store.append_audit(
                AuditEvent(now_at, "system", "charter_refused", mentee.alias, details)
            )
            replies.say_key("core.consent_refused")
            return
        if mentee.consent is None:
            retention = self.settings.retention
            kept = max(retention.answered_items, retention.closed_items, retention.inactive_mentees)
            replies.say_key(
                "core.notice",
                hours=describe_week(self.settings, replies.locale, self.catalogue),
                kept=describe_duration(kept, replies.locale),
                drafts=describe_duration(
                    min(retention.drafts, self.settings.drafts.expire_after), replies.locale
                ),
            )
        else:
            replies.say_key("core.charter_new_version", version=self.version)
        replies.say(
            f"{replies.t('core.charter_intro', version=self.version)}\n\n"
            f"{self.charter_text(mentee.locale)}\n\n{replies.t('core.charter_prompt')}",
            choices,
        )
