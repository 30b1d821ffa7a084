"""The core's one entry point: an inbound message in, what to say out.

The router reads the person once, drops a message it has already handled (webhooks come
at least once), sends strangers and people without consent to onboarding, mentors to the
desk, and everyone else's message to the one handler that owns it: a command to its
handler, a distress signal to safety, an awaited confirmation to the rights desk, an open
draft to the flow runner. Every handler is given at construction; none is optional. It
writes the conversation once, after the handler, unless the handler stored it with an
item or the person no longer exists. Callers keep one person's messages one at a time
(EventIsolation, in the service).
"""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.config.i18n import Catalogue
from bot.core import invitations
from bot.core.commands import CommandWords
from bot.core.flow.machine import PICK_FLOW
from bot.core.flow.runner import FlowRunner
from bot.core.journey import JOURNEY_PAYLOAD, MENTEE_COMMANDS, JourneyHandler
from bot.core.mentor.desk import MentorDesk
from bot.core.onboarding import Onboarding
from bot.core.reminders import Reminders
from bot.core.replies import Replies
from bot.core.rights import RightsDesk
from bot.core.safety import SafetyRedirect
from bot.core.thread import ThreadView
from bot.core.turn import Turn, remember, settled
from bot.domain import (
    ChatKind,
    Choice,
    Conversation,
    Inbound,
    InboundKind,
    Mentee,
    MenteeStatus,
    Outbound,
    as_choice,
)
from bot.domain.pending import AfterSafety, ConfirmErase, ConfirmStop, ReportComment
from bot.domain.text import fold_words, printable
from bot.ports import Clock, Store
from bot.schedule.hours import ReadingCalendar
from bot.schedule.phrasing import closed_reason, describe_when, example_day
from bot.schedule.week import describe_week

log = logging.getLogger(__name__)
#: Longer than this, a message that thanks is a question that starts politely.
THANKS_MAX_WORDS = 10


class Router:
    """Dispatch and idempotency; the work is the handlers'."""

    def __init__(
        self,
        *,
        store: Store,
        clock: Clock,
        calendar: ReadingCalendar,
        commands: CommandWords,
        onboarding: Onboarding,
        flows: FlowRunner,
        desk: MentorDesk,
        rights: RightsDesk,
        safety: SafetyRedirect,
        thread: ThreadView,
        reminders: Reminders,
        journey: JourneyHandler,
    ) -> None:
        self.store = store
        self.clock = clock
        self.calendar = calendar
        self.commands = commands
        self.onboarding = onboarding
        self.flows = flows
        self.desk = desk
        self.rights = rights
        self.safety = safety
        self.thread = thread
        self.reminders = reminders
        self.journey = journey

    @property
    def catalogue(self) -> Catalogue:
        return self.onboarding.catalogue

    def has_current_consent(self, mentee: Mentee) -> bool:
        return self.onboarding.has_current_consent(mentee)

    def charter_text(self, locale: str) -> str:
        return self.onboarding.charter_text(locale)

    # ------------------------------------------------------------------ entry points
    async def handle(self, inbound: Inbound) -> list[Outbound]:
        """The replies to one inbound message; logged with its channel, kind and their count."""
        replies = await self._handle(received(inbound))
        log.info(
            "inbound handled channel=%s kind=%s replies=%d",
            inbound.user.channel,
            inbound.kind.value,
            len(replies),
        )
        return replies

    async def _handle(self, inbound: Inbound) -> list[Outbound]:
        if self.desk.is_mentor(inbound.user):
            return await self.desk.handle(inbound)
        person = await self.store.get_person(inbound.user)
        conversation, mentee = person.conversation, person.mentee
        if conversation is not None and inbound.message_id in conversation.seen_ids:
            log.info("duplicate inbound ignored channel=%s", inbound.user.channel)
            return []
        if mentee is None:
            return await self.onboarding.stranger(inbound)
        replies = Replies(inbound.user, inbound.message_id, self.catalogue, mentee.locale)
        conversation = conversation or Conversation(user=inbound.user)
        is_withdrawn = mentee.status is MenteeStatus.WITHDRAWN
        has_old_consent = mentee.consent is not None and not self.onboarding.has_current_consent(mentee)
        if is_withdrawn or has_old_consent:
            # Export and erasure stay open at any time: after /arret, and while a new charter
            # version waits to be read.
            turn = Turn(as_choice(inbound, conversation.offered), mentee, conversation, replies)
            handled = await self._rights_only(turn)
            if handled is not None:
                if not replies.is_erased:
                    await self.store.save_conversation(settled(handled, turn))
                return replies.messages
            is_start = inbound.kind is InboundKind.COMMAND and self.commands.resolve(inbound.text) == "start"
            code = invitations.code_of(inbound, is_start=is_start) if is_withdrawn else ""
            if code and await invitations.rejoin(self.store, mentee, code, now_at=self.clock.now()):
                replies.say_key("core.rejoined")
                await self.store.save_conversation(remember(conversation, inbound.message_id))
                return replies.messages
            if is_withdrawn:
                replies.say_key("core.withdrawn")
                await self.store.save_conversation(remember(conversation, inbound.message_id))
                return replies.messages
        if not self.onboarding.has_current_consent(mentee):
            await self.onboarding.consent(inbound, mentee, person.conversation, replies)
            return replies.messages
        turn = Turn(as_choice(inbound, conversation.offered), mentee, conversation, replies)
        handled = await self._dispatch(turn)
        if replies.stored is not None or replies.is_erased:
            return replies.messages  # stored with its item, or nobody left to store it for
        await self.store.save_conversation(settled(handled, turn))
        return replies.messages

    async def tick(self) -> list[Outbound]:
        """Draft reminders and expiry for everyone (the console; the service isolates each)."""
        out: list[Outbound] = []
        for user in await self.reminders.due():
            out += await self.reminders.remind(user)
        return out

    async def _rights_only(self, turn: Turn) -> Conversation | None:
        """/export, /effacer and the answer to the erasure question; None for anything else."""
        inbound, conversation = turn.inbound, turn.conversation
        if inbound.kind is InboundKind.COMMAND:
            name = self.commands.resolve(inbound.text)
            if name in ("export", "erase"):
                return await self.rights.command(turn, name)
            return None
        if isinstance(conversation.pending, ConfirmErase) and inbound.kind in (
            InboundKind.CHOICE,
            InboundKind.TEXT,
        ):
            return await self.rights.confirm(turn, conversation.pending)
        return None

    # ------------------------------------------------------------------ dispatch
    async def _dispatch(self, turn: Turn) -> Conversation:
        turn = turn.with_conversation(self.flows.rehomed(turn))
        inbound, conversation, replies = turn.inbound, turn.conversation, turn.replies
        if inbound.kind is InboundKind.MEDIA:
            replies.say_key("core.group_refused" if inbound.chat is ChatKind.GROUP else "core.media_refused")
            if self.flows.has_draft(conversation):
                assert conversation.draft is not None
                self.flows.prompt(conversation.draft, replies)
            return conversation
        if inbound.kind is InboundKind.EDITED:
            replies.say_key("core.edited_ignored")
            return conversation
        if inbound.kind is InboundKind.COMMAND:
            return await self._command(turn)
        if inbound.kind is InboundKind.TEXT:
            category = self.safety.detect(inbound.text)
            if category is not None:
                return await self.safety.redirect(turn, category)
        if inbound.kind is InboundKind.CHOICE and inbound.payload.startswith(JOURNEY_PAYLOAD):
            return await self.journey.choice(turn)
        if isinstance(conversation.pending, ConfirmErase | ConfirmStop):
            return await self.rights.confirm(turn, conversation.pending)
        if inbound.kind is InboundKind.TEXT and (
            isinstance(conversation.pending, ReportComment) or not self.flows.has_draft(conversation)
        ):
            # A change comment the mentee was asked for, a session prompt's answer, a
            # report's answer typed: the journey's; anything else goes on to the flows.
            handled = await self.journey.text(turn)
            if handled is not None:
                return handled
        if self.flows.has_draft(conversation):
            return await self.flows.continue_draft(turn)
        if inbound.kind is InboundKind.CHOICE:
            return self.flows.picked(turn)
        ask = Choice(f"{PICK_FLOW}{self.onboarding.settings.flows.default}", replies.t("core.thanks_ask"))
        if inbound.kind is InboundKind.TEXT and isinstance(conversation.pending, AfterSafety):
            return self.safety.follow_up(turn, ask)
        if inbound.kind is InboundKind.TEXT and self._is_thanks(inbound.text, replies):
            replies.say(replies.t("core.thanks"), (ask,))
            return conversation
        away = turn.with_conversation(self._away_notice(turn))
        return self.flows.start(away, first_text=inbound.text)

    @staticmethod
    def _is_thanks(text: str, replies: Replies) -> bool:
        """A thank-you or an acknowledgement ("Merci !", "Merci beaucoup, je vais essayer"),
        not a question that happens to start with thanks: short, and thanking."""
        words = fold_words(text)
        thanks = {w for phrase in replies.t("core.thanks_words").split(",") for w in fold_words(phrase)}
        return 0 < len(words) <= THANKS_MAX_WORDS and any(w in thanks for w in words)

    async def _command(self, turn: Turn) -> Conversation:
        name = self.commands.resolve(turn.inbound.text)
        conversation, replies = turn.conversation, turn.replies
        if name == "question":
            return self.flows.ask_which(turn, turn.inbound.payload.strip().lower())
        if name == "cancel":
            return self.flows.cancel(turn)
        if name in ("help", "start"):
            today = self.clock.now().astimezone(self.calendar.zone).date()
            replies.say_key(
                "core.help",
                hours=describe_week(self.onboarding.settings, replies.locale, self.catalogue),
                pause_day=example_day(today, replies.locale),
            )
            if self.flows.has_draft(conversation):
                assert conversation.draft is not None
                self.flows.prompt(conversation.draft, replies)
            return conversation
        if name == "thread":
            return await self.thread.show(turn)
        if name in ("export", "erase", "stop"):
            return await self.rights.command(turn, name)
        if name in MENTEE_COMMANDS:
            return await self.journey.command(turn, name)
        typed = turn.inbound.text.lstrip("/").split("@")[0]
        nearest = self.commands.nearest(typed, replies.locale) if typed else None
        if nearest is None:
            replies.say_key("core.unknown_command")
        else:
            replies.say_key("core.unknown_command_near", word=nearest)  # never echoes what was typed
        if self.flows.has_draft(conversation):  # where they were, so they need not scroll up
            assert conversation.draft is not None
            self.flows.prompt(conversation.draft, replies)
        return conversation

    def _away_notice(self, turn: Turn) -> Conversation:
        """One notice per closed period, like an away message, never one per message."""
        now_at = self.clock.now()
        period = self.calendar.closed_period_key(now_at)
        if period is None or turn.conversation.away_period == period:
            return turn.conversation
        # Only the moment the mentor reads again: this text opens a draft, which nobody reads
        # unless it is sent.
        when = describe_when(self.calendar, now_at, turn.replies.locale, self.catalogue)
        day = now_at.astimezone(self.calendar.zone).date()
        if self.calendar.day_is_closed(day) in ("closure", "holiday"):
            why = closed_reason(self.calendar, now_at, self.catalogue, turn.replies.locale)
            turn.replies.say_key("core.away_because", when=when, why=why)
        else:
            turn.replies.say_key("core.away", when=when)
        return replace(turn.conversation, away_period=period)


def received(inbound: Inbound) -> Inbound:
    """The inbound as every handler, the flows and the screening see it, whatever the channel:
    lone surrogates (possible through JSON escapes), which can't be stored as UTF-8, replaced;
    control characters, terminal escapes and bidirectional overrides, which would reach the
    mentor's screen and act on it, removed (bot.domain.text.printable)."""
    text = printable(inbound.text.encode("utf-8", "replace").decode("utf-8"))
    payload = printable(inbound.payload.encode("utf-8", "replace").decode("utf-8"))
    if text == inbound.text and payload == inbound.payload:
        return inbound
    return replace(inbound, text=text, payload=payload)
