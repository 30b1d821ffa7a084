"""The core's one entry point: an inbound message in, what to say out.

The router reads the person once, drops a message it has already handled (webhooks come
at least once), sends strangers and people without consent to onboarding, mentors to the
desk, and everyone else's message to the one handler that owns it: a command to its
handler, a distress signal to safety, an awaited confirmation to the rights desk, an open
draft to the flow runner. Every handler is given at construction; none is optional. It
writes the conversation once, after the handler, unless the handler stored it with an
item or the person no longer exists. Callers keep one person's messages one at a time
(EventIsolation, in the service).

A message already handled is ignored, unless it is a replay (`Inbound.is_replay`: read
back from the inbox after a kill or a stop, or tried again after a failed commit): then
the answers kept with its turn (`Conversation.sent_for`, written in the turn's own write)
are returned again, because the process that handled it may have died between the commit
and the send. At-least-once: the answer caught mid-send arrives twice. A turn whose answer
quoted flagged words kept none of them; its replay asks the person to write their message
again (`core.withheld_lost`). The mentor desk keeps its turns the same way, but only those
whose answers are all confirmations, prompts or errors said by their catalogue key (see
bot.core.mentor.desk.KEPT_FOR_REPLAY): a listing, a note or a report quotes a mentee,
whose erasure must take their words along; such a turn's replay still sends nothing.
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
from bot.core.turn import Turn, remember, remembered_answers, settled, unconfirmed
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
from bot.domain.pending import AfterSafety, Confirmation, ConfirmErase, ConfirmStop, ReportComment
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
            return self._handled_before(inbound, conversation, mentee)
        if mentee is None:
            return await self.onboarding.stranger(inbound)
        replies = Replies(inbound.user, inbound.message_id, self.catalogue, mentee.locale)
        conversation = conversation or Conversation(user=inbound.user)
        is_withdrawn = mentee.status is MenteeStatus.WITHDRAWN
        has_old_consent = mentee.consent is not None and not self.onboarding.has_current_consent(mentee)
        if is_withdrawn or has_old_consent:
            # Export and erasure stay open at any time: after /arret, and while a new charter
            # version waits to be read (then leaving too, keeping the data, without accepting it).
            turn = Turn(as_choice(inbound, conversation.offered), mentee, conversation, replies)
            handled = await self._rights_only(turn, may_stop=not is_withdrawn)
            if handled is not None:
                if not replies.is_erased:
                    await self.store.save_conversation(settled(handled, turn))
                return replies.messages
            is_start = inbound.kind is InboundKind.COMMAND and self.commands.resolve(inbound.text) == "start"
            code = invitations.code_of(inbound, is_start=is_start) if is_withdrawn else ""
            if code and await invitations.rejoin(self.store, mentee, code, now_at=self.clock.now()):
                replies.say_key("core.rejoined")
                await self.store.save_conversation(
                    remember(unconfirmed(conversation), inbound.message_id, replies)
                )
                return replies.messages
            if is_withdrawn:
                # A code that does not bring them back is said to be one, not met with "send a code".
                replies.say_key("core.invitation_invalid" if code else "core.withdrawn")
                await self.store.save_conversation(
                    remember(unconfirmed(conversation), inbound.message_id, replies)
                )
                return replies.messages
            if isinstance(conversation.pending, Confirmation):
                # The charter is asked now: a "oui" from here on answers it, not the erasure.
                conversation = unconfirmed(conversation)
                await self.store.save_conversation(conversation)
        if not self.onboarding.has_current_consent(mentee):
            stored = conversation if person.conversation is not None else None
            await self.onboarding.consent(inbound, mentee, stored, replies)
            return replies.messages
        turn = Turn(as_choice(inbound, conversation.offered), mentee, conversation, replies)
        handled = await self._dispatch(turn)
        if replies.stored is not None or replies.is_erased:
            return replies.messages  # stored with its item, or nobody left to store it for
        await self.store.save_conversation(settled(handled, turn))
        return replies.messages

    def _handled_before(
        self, inbound: Inbound, conversation: Conversation, mentee: Mentee | None
    ) -> list[Outbound]:
        """A message whose id the conversation knows: a platform's duplicate has no effect;
        a replay gets the answers kept with its turn again (they may never have left)."""
        kept = remembered_answers(conversation, inbound.message_id) if inbound.is_replay else None
        if kept is None:
            log.info("duplicate inbound ignored channel=%s", inbound.user.channel)
            return []
        if kept.is_withheld:
            log.info("replayed inbound answered again, withheld channel=%s", inbound.user.channel)
            locale = self.catalogue.resolve_locale(mentee.locale if mentee is not None else None)
            replies = Replies(inbound.user, f"{inbound.message_id}:again", self.catalogue, locale)
            replies.say_key("core.withheld_lost")
            return replies.messages
        log.info(
            "replayed inbound answered again channel=%s replies=%d", inbound.user.channel, len(kept.outbounds)
        )
        return list(kept.outbounds)

    async def tick(self) -> list[Outbound]:
        """Draft reminders and expiry for everyone (the console; the service isolates each)."""
        out: list[Outbound] = []
        for user in await self.reminders.due():
            out += await self.reminders.remind(user)
        return out

    async def _rights_only(self, turn: Turn, *, may_stop: bool) -> Conversation | None:
        """/export, /effacer, /arret when `may_stop`, and the answers to their questions; None
        for anything else."""
        inbound, conversation = turn.inbound, turn.conversation
        commands = ("export", "erase", "stop") if may_stop else ("export", "erase")
        if inbound.kind is InboundKind.COMMAND:
            name = self.commands.resolve(inbound.text)
            if name is not None and name in commands:
                return await self.rights.command(turn.with_conversation(unconfirmed(conversation)), name)
            return None
        pending = conversation.pending
        if inbound.kind not in (InboundKind.CHOICE, InboundKind.TEXT):
            return None
        if isinstance(pending, ConfirmErase) or (may_stop and isinstance(pending, ConfirmStop)):
            assert pending is not None
            return await self.rights.confirm(turn, pending)
        return None

    # ------------------------------------------------------------------ dispatch
    async def _dispatch(self, turn: Turn) -> Conversation:
        turn = turn.with_conversation(self.flows.rehomed(turn))
        asked = turn.conversation.pending
        # Only this very message answers an erasure or withdrawal question: whatever else it
        # is (a command, a photo, a distress message, a report's button), the question is
        # dropped, so a later "oui" cannot answer it (/effacer and /arret ask it again).
        turn = turn.with_conversation(unconfirmed(turn.conversation))
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
        if isinstance(asked, ConfirmErase | ConfirmStop):
            return await self.rights.confirm(turn, asked)
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
