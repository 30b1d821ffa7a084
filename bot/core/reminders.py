"""Draft reminders and expiry: the minute tick's work for people who left a draft open."""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.config.i18n import Catalogue
from bot.config.settings import Settings
from bot.core.flow.runner import FlowRunner
from bot.core.journey import JourneyHandler
from bot.core.replies import Replies
from bot.core.turn import unconfirmed
from bot.domain import Outbound, UserRef
from bot.domain.ids import pseudonym
from bot.ports import Clock, PeopleStore
from bot.schedule.phrasing import format_day

log = logging.getLogger(__name__)


class Reminders:
    """One reminder after `drafts.reminder_after` idle, expiry after `drafts.expire_after`.

    A paused mentee (/pause) gets no reminder until the pause ends; expiry still applies."""

    def __init__(
        self,
        *,
        settings: Settings,
        catalogue: Catalogue,
        store: PeopleStore,
        clock: Clock,
        runner: FlowRunner,
        journey: JourneyHandler,
    ) -> None:
        self.settings = settings
        self.catalogue = catalogue
        self.store = store
        self.clock = clock
        self.runner = runner
        self.journey = journey

    async def due(self) -> list[UserRef]:
        """People whose draft may need a reminder or has expired (cheap: drafts only)."""
        return [c.user for c in await self.store.list_conversations_with_draft()]

    async def remind(self, user: UserRef) -> list[Outbound]:
        """Remind or expire this person's draft if its time has come; [] otherwise.

        Called under the person's EventIsolation hold, so a message of theirs arriving at
        the same minute is handled before or after, never in between.
        """
        person = await self.store.get_person(user)
        conversation, mentee = person.conversation, person.mentee
        if conversation is None or conversation.draft is None or mentee is None:
            return []
        draft = conversation.draft
        now_at = self.clock.now()
        drafts = self.settings.drafts
        idle_delay = now_at - draft.updated_at
        day = format_day(draft.started_at.astimezone(self.settings.zone).date(), mentee.locale)
        key = f"draft:{user.key}:{draft.started_at.isoformat()}"
        if idle_delay >= drafts.expire_after:
            await self.store.save_conversation(unconfirmed(replace(conversation, draft=None)))
            replies = Replies(user, f"{key}:exp", self.catalogue, mentee.locale)
            replies.say_key("flow.draft.expired", day=day)
            log.info("draft expired user=%s", _short(user))
            return replies.messages
        if (
            idle_delay >= drafts.reminder_after
            and not draft.is_reminded
            and not await self.journey.is_paused(mentee, now_at)
        ):
            reminded = replace(conversation, draft=replace(draft, is_reminded=True))
            await self.store.save_conversation(unconfirmed(reminded))
            replies = Replies(user, f"{key}:rem", self.catalogue, mentee.locale)
            replies.say_key("flow.draft.reminder", day=day)
            if draft.flow in self.runner.flows:
                self.runner.prompt(draft, replies)
            log.info("draft reminder user=%s", _short(user))
            return replies.messages
        return []


def _short(user: UserRef) -> str:
    """A non-identifying tag for logs: channel plus a hash prefix, never the platform id."""
    return f"{user.channel}:{pseudonym(user.key, 8)}"
