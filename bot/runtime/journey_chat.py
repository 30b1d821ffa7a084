"""The journey in the conversation: the core's JourneyHandler on the JourneyDesk.

The mentee keeps a question for the next session (/seance), answers a session prompt,
pauses and resumes (/pause, /reprendre), and validates, asks to change or refuses a
sponsor report; the mentor drafts a report (/rapport A-17) and leaves a note after a
session (/note A-17). Every text is screened by the desk before anything is kept (nothing
flagged is written anywhere: the person is told the kinds found and rewrites), and every
step is audited by the desk with ids only.

What the mentee writes for the mentor (a change comment, a validation) is queued in the
outbox for the mentor's next reading window, never sent outside it. A report's buttons
carry the first characters of the text's SHA-256: an answer about a text that has changed
since is never taken; the current text is shown again with fresh buttons.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import replace
from datetime import datetime, timedelta

from bot.config.i18n import Catalogue
from bot.config.settings import Mentor, Settings
from bot.core.journey import JOURNEY_PAYLOAD, SessionSlot
from bot.core.replies import Replies
from bot.core.turn import MentorTurn, Turn
from bot.domain import (
    Choice,
    Conversation,
    ItemStatus,
    Mentee,
    MenteeStatus,
    Outbound,
    OutboxEntry,
    OutboxStatus,
    UserRef,
    match_choice,
)
from bot.domain.pending import NoteText, ReportComment, ReportText, SessionPrompted
from bot.journey.compose import report_preview
from bot.journey.compose import when as session_when
from bot.journey.pause import is_paused
from bot.journey.programme import Programme
from bot.journey.report import Report, ReportError, ReportState
from bot.journey.rights import JourneyKept
from bot.journey.sessions import AgendaEntry, AgendaSource, session_for_redirect
from bot.ports import Clock, EventIsolation, Store
from bot.privacy.audit import mentor_actor
from bot.privacy.export import ExportSection, find_by_alias
from bot.runtime.journey_desk import Flagged, JourneyDesk, Message, ReportAnswer, report_key
from bot.runtime.scheduler import RECIPIENT_PREFERENCE, in_window_at
from bot.schedule.hours import ReadingCalendar

log = logging.getLogger(__name__)

REPORT_PAYLOAD = f"{JOURNEY_PAYLOAD}report:"
SHA_SHOWN = 16
"""Hex digits of the text's SHA-256 a report's buttons carry (Telegram allows 64 bytes)."""
ANSWERS: tuple[ReportAnswer, ...] = ("validate", "change", "refuse")
PROMPT_LOOK_BACK = timedelta(days=1)
"""A prompt due while the service was down is still sent within a day (once: marked)."""
SESSION_KEPT = "session_kept"


def report_payload(report: Report, answer: str) -> str:
    return f"{REPORT_PAYLOAD}{report.id}:{report.sha256[:SHA_SHOWN]}:{answer}"


def parse_report_payload(payload: str) -> tuple[str, str, str] | None:
    """'journey:report:A-17-r1:<sha>:validate' → ('A-17-r1', '<sha>', 'validate')."""
    if not payload.startswith(REPORT_PAYLOAD):
        return None
    parts = payload.removeprefix(REPORT_PAYLOAD).rsplit(":", 2)
    if len(parts) != 3 or parts[2] not in ANSWERS or not parts[0]:
        return None
    return parts[0], parts[1], parts[2]


class JourneyChat:
    """The core's JourneyHandler (bot.core.journey) and its KeptElsewhere for rights."""

    def __init__(
        self,
        *,
        desk: JourneyDesk,
        store: Store,
        clock: Clock,
        settings: Settings,
        catalogue: Catalogue,
        mentor_hours: ReadingCalendar,
        channels: Collection[str],
    ) -> None:
        """`channels`: the running channels' names, to reach a mentor on one of them."""
        self.desk = desk
        self.records = desk.store
        self.store = store
        self.clock = clock
        self.settings = settings
        self.catalogue = catalogue
        self.mentor_hours = mentor_hours
        self.channels = frozenset(channels)
        self.zone = settings.zone
        self.kept = JourneyKept(desk.store, catalogue=catalogue, zone=settings.zone)

    # ------------------------------------------------------------------ helpers
    def _flagged_text(self, replies: Replies, flagged: Flagged) -> None:
        replies.say_key("journey.chat.flagged", kinds=self.desk.kind_names(flagged, replies.locale))

    def _mentor(self, mentor_id: str) -> Mentor | None:
        return next((m for m in self.settings.mentors if m.id == mentor_id), None)

    def _mentor_account(self, mentor: Mentor) -> UserRef | None:
        for name in RECIPIENT_PREFERENCE:
            if name in mentor.channels and name in self.channels:
                return UserRef(name, mentor.channels[name])
        return None

    async def _to_mentor(self, mentee: Mentee, message: Message, at: datetime) -> bool:
        """Queued for the mentor's next reading window (now when it is open)."""
        mentor = self._mentor(mentee.mentor)
        account = self._mentor_account(mentor) if mentor is not None else None
        if account is None:
            log.warning("journey message for mentor not queued: no running channel mentor=%s", mentee.mentor)
            return False
        due_at = in_window_at(self.mentor_hours, at)
        # About the mentee (their comment, their answer): their erasure removes it while it waits.
        outbound = Outbound(
            to=account, text=message.text, key=message.key, is_durable=True, about=mentee.user
        )
        return await self.store.enqueue(OutboxEntry(outbound=outbound, created_at=at, next_attempt_at=due_at))

    async def _programme(self, mentee: Mentee) -> Programme | None:
        return await self.records.get_programme(mentee.alias)

    def _report_choices(self, report: Report, replies: Replies) -> tuple[Choice, ...]:
        return tuple(
            Choice(report_payload(report, answer), replies.t(f"journey.report.choice.{answer}"))
            for answer in ANSWERS
        )

    # ------------------------------------------------------------------ mentee commands
    async def command(self, turn: Turn, name: str) -> Conversation:
        now_at = self.clock.now()
        mentee, replies = turn.mentee, turn.replies
        argument = turn.inbound.payload.strip()
        if name == "pause":
            replies.say(await self.desk.pause(mentee.alias, argument, now_at))
            return turn.conversation
        if name == "resume":
            replies.say(await self.desk.resume(mentee.alias, now_at))
            return turn.conversation
        return await self._keep_for_session(turn, argument, now_at)

    async def _keep_for_session(self, turn: Turn, argument: str, now_at: datetime) -> Conversation:
        """/seance [text]: the text, else the draft being written, else the last question
        sent, goes on the next session's agenda; the mentee is told which session."""
        mentee, conversation, replies = turn.mentee, turn.conversation, turn.replies
        programme = await self._programme(mentee)
        if programme is None:
            replies.say_key("journey.chat.no_programme")
            return conversation
        session = programme.next_session(now_at)
        if session is None:
            replies.say_key("journey.chat.no_session")
            return conversation
        when = session_when(session.starts_at, self.zone, replies.locale)
        if argument:
            flagged = self.desk._flagged(argument)
            if flagged is not None:
                self._flagged_text(replies, flagged)
                return conversation
            entry = AgendaEntry(mentee.alias, session.number, AgendaSource.KEPT, now_at, argument)
            await self.records.add_agenda_entry(entry)
            await self.desk.audit.record(
                now_at, SESSION_KEPT, mentee.alias, actor=mentee.alias, session=str(session.number)
            )
            replies.say_key("journey.chat.text_kept", number=session.number, when=when)
            return conversation
        draft = conversation.draft
        if draft is not None and draft.answers:
            # Every answer of a draft was screened when it was accepted.
            text = "\n".join(a.text for a in draft.answers if a.text.strip())
            entry = AgendaEntry(mentee.alias, session.number, AgendaSource.KEPT, now_at, text)
            await self.records.add_agenda_entry(entry)
            await self.desk.audit.record(
                now_at,
                SESSION_KEPT,
                mentee.alias,
                actor=mentee.alias,
                session=str(session.number),
                source="draft",
            )
            replies.say_key("journey.chat.draft_kept", number=session.number, when=when)
            return replace(conversation, draft=None, pending=None)
        items = sorted(await self.store.items_of(mentee.user), key=lambda i: i.submitted_at)
        if not items:
            replies.say_key("journey.chat.nothing_to_keep", number=session.number, when=when)
            return conversation
        item = items[-1]
        entry = AgendaEntry(mentee.alias, session.number, AgendaSource.KEPT, now_at, item_ref=item.ref)
        await self.records.add_agenda_entry(entry)
        if item.status is ItemStatus.WAITING:
            # Kept for the session, it leaves the mentor's digest: no written answer awaited.
            await self.store.save_item(replace(item, status=ItemStatus.REDIRECTED))
        await self.desk.audit.record(
            now_at, SESSION_KEPT, mentee.alias, actor=mentee.alias, session=str(session.number), ref=item.ref
        )
        replies.say_key("journey.chat.question_kept", ref=item.ref, number=session.number, when=when)
        return conversation

    # ------------------------------------------------------------------ report answers
    async def choice(self, turn: Turn) -> Conversation:
        parsed = parse_report_payload(turn.inbound.payload)
        if parsed is None:
            turn.replies.say_key("journey.chat.unknown_choice")
            return turn.conversation
        report_id, sha, answer = parsed
        return await self._answer_report(turn, report_id, sha, answer)

    async def _answer_report(self, turn: Turn, report_id: str, sha: str, answer: str) -> Conversation:
        mentee, conversation, replies = turn.mentee, turn.conversation, turn.replies
        now_at = self.clock.now()
        report = await self.records.get_report(mentee.alias, report_id)
        if report is None:
            replies.say_key("journey.chat.report_gone")
            return replace(conversation, pending=None)
        if not report.sha256.startswith(sha) or len(sha) < SHA_SHOWN:
            if report.state is ReportState.SENT:
                # The text changed since these buttons: the current one, asked again.
                replies.say_key("journey.chat.report_changed")
                replies.say(
                    report_preview(report, self.catalogue, replies.locale),
                    self._report_choices(report, replies),
                )
            else:
                replies.say_key("journey.chat.report_replaced")
            return replace(conversation, pending=None)
        if report.state is not ReportState.SENT:
            error = ReportError(report.id, f"answer_from_{report.state.value}")
            why = self.desk.refusal_text(error, replies.locale)
            replies.say_key("journey.chat.report_not_waiting", why=why)
            return replace(conversation, pending=None)
        if answer == "change":
            replies.say_key("journey.report.ask_comment")
            return replace(conversation, pending=ReportComment(report.id, sha))
        outcome = await self.desk.answer_report(
            mentee.alias,
            report.id,
            "validate" if answer == "validate" else "refuse",
            seen_sha256=report.sha256,
            at=now_at,
        )
        assert not isinstance(outcome, Flagged)  # only a comment is screened
        _changed, to_mentee, to_mentor = outcome
        replies.say(to_mentee.text)
        await self._to_mentor(mentee, to_mentor, now_at)
        return replace(conversation, pending=None)

    async def _comment(self, turn: Turn, pending: ReportComment) -> Conversation:
        mentee, conversation, replies = turn.mentee, turn.conversation, turn.replies
        now_at = self.clock.now()
        report = await self.records.get_report(mentee.alias, pending.report_id)
        if report is None:
            replies.say_key("journey.chat.report_gone")
            return replace(conversation, pending=None)
        if not report.sha256.startswith(pending.sha) or report.state is not ReportState.SENT:
            replies.say_key("journey.chat.report_replaced")
            return replace(conversation, pending=None)
        outcome = await self.desk.answer_report(
            mentee.alias,
            report.id,
            "change",
            seen_sha256=report.sha256,
            at=now_at,
            comment=turn.inbound.text,
        )
        if isinstance(outcome, Flagged):
            self._flagged_text(replies, outcome)
            return conversation  # still waiting for the comment, rewritten
        _changed, to_mentee, to_mentor = outcome
        replies.say(to_mentee.text)
        await self._to_mentor(mentee, to_mentor, now_at)
        return replace(conversation, pending=None)

    # ------------------------------------------------------------------ awaited texts
    async def text(self, turn: Turn) -> Conversation | None:
        pending = turn.conversation.pending
        if isinstance(pending, ReportComment):
            return await self._comment(turn, pending)
        if isinstance(pending, SessionPrompted):
            named = await self._named_answer(turn)
            if named is not None:
                # "2" or "Je valide" answers the prompt or the report: neither is guessed.
                return self._which_answer(turn, named[0])
            return await self._prompt_answer(turn, pending)
        if pending is None and len(turn.inbound.text) <= 60:
            return await self._typed_report_answer(turn)
        return None

    async def _prompt_answer(self, turn: Turn, pending: SessionPrompted) -> Conversation | None:
        mentee, conversation, replies = turn.mentee, turn.conversation, turn.replies
        now_at = self.clock.now()
        programme = await self._programme(mentee)
        session = programme.session(pending.session) if programme is not None else None
        if session is None or session.starts_at <= now_at:
            return None  # the session is under way or gone: the text is a new question
        outcome = await self.desk.answer_prompt(mentee.alias, session.number, turn.inbound.text, now_at)
        if isinstance(outcome, Flagged):
            self._flagged_text(replies, outcome)
            return conversation
        replies.say(self.desk.prompt_thanks(session, replies.locale))
        return replace(conversation, pending=None)

    async def _named_answer(self, turn: Turn) -> tuple[Report, str, bool] | None:
        """The report waiting for the mentee's answer, the answer the text names, and
        whether it names it by its label ("Je valide") rather than by its number ("1")."""
        text = turn.inbound.text
        if not text.strip():
            return None
        waiting = [
            r for r in (await self.records.records(turn.mentee.alias)).reports if r.state is ReportState.SENT
        ]
        if not waiting:
            return None
        offered = [Choice(answer, turn.replies.t(f"journey.report.choice.{answer}")) for answer in ANSWERS]
        by_label = match_choice(text, offered, is_numbered=False)
        found = by_label or match_choice(text, offered)
        return (waiting[-1], found.value, by_label is not None) if found is not None else None

    async def _typed_report_answer(self, turn: Turn) -> Conversation | None:
        """On a channel without buttons, a label ("Je valide") answers the report waiting for
        the mentee (it was sent from the mentor's turn, so its choices are not the
        conversation's); a bare "1", "2" or "3" does only when nothing else is asked of the
        mentee: other choices shown since (the text matched none of them) make it ambiguous."""
        named = await self._named_answer(turn)
        if named is None:
            return None
        report, answer, is_label = named
        if not await self._was_shown(report):
            # Nothing is answered unseen: the report comes first, with its choices.
            return self._which_answer(turn, report, "journey.chat.report_unseen")
        if not is_label and turn.conversation.offered:
            return self._which_answer(turn, report)
        return await self._answer_report(turn, report.id, report.sha256[:SHA_SHOWN], answer)

    async def _was_shown(self, report: Report) -> bool:
        """This version reached the mentee: its message left the outbox. (A tap carries the
        text's hash from that very message; a typed answer has only this to go on.)"""
        entry = await self.store.get_outbox(report_key(report))
        return entry is not None and entry.status is OutboxStatus.SENT

    def _which_answer(
        self, turn: Turn, report: Report, why: str = "journey.chat.report_which"
    ) -> Conversation:
        """A bare number while another question is open, or an answer to a report the mentee
        has not received yet (`why`): nothing is taken; the report is shown with its
        choices, which become the ones a next number names."""
        replies = turn.replies
        replies.say_key(why, text=turn.inbound.text.strip())
        replies.say(
            report_preview(report, self.catalogue, replies.locale), self._report_choices(report, replies)
        )
        return turn.conversation

    # ------------------------------------------------------------------ mentor
    async def _mentee_for(self, mentor: Mentor, alias: str) -> tuple[Mentee, Programme] | None:
        """The mentor's own mentee with a programme under this alias, or None (an unknown
        alias and another mentor's mentee get the same answer)."""
        found = await find_by_alias(self.store, alias)
        if len(found) != 1 or found[0].mentor != mentor.id:
            return None
        programme = await self.records.get_programme(found[0].alias)
        if programme is None or (programme.mentor is not None and programme.mentor != mentor.id):
            return None
        return found[0], programme

    async def mentor_command(self, turn: MentorTurn, name: str, argument: str) -> Conversation:
        mentor, conversation, replies = turn.mentor, turn.conversation, turn.replies
        alias, _, rest = argument.strip().partition(" ")
        alias = alias.strip(" :,.")
        if not alias:
            replies.say_key(f"journey.chat.{name}_usage")
            return conversation
        found = await self._mentee_for(mentor, alias)
        if found is None:
            replies.say_key("journey.chat.unknown_alias", alias=alias)
            return replace(conversation, pending=None)
        mentee, programme = found
        if name == "report":
            if not rest.strip():
                replies.say_key("journey.chat.report_ask", alias=mentee.alias)
                return replace(conversation, pending=ReportText(mentee.alias))
            return await self._report_text(turn, mentee, programme, rest)
        number_text, _, text = rest.strip().partition(" ")
        now_at = self.clock.now()
        if number_text.isdigit():
            number = int(number_text)
        else:
            held = programme.held_sessions(now_at)
            if not held:
                replies.say_key("journey.chat.note_no_session", alias=mentee.alias)
                return conversation
            number, text = held[-1].number, rest.strip()
        if not text.strip():
            replies.say_key("journey.chat.note_ask", alias=mentee.alias, number=number)
            return replace(conversation, pending=NoteText(mentee.alias, number))
        return await self._note_text(turn, mentee, number, text)

    async def mentor_text(self, turn: MentorTurn) -> Conversation | None:
        mentor, conversation, replies = turn.mentor, turn.conversation, turn.replies
        pending = conversation.pending
        if not isinstance(pending, ReportText | NoteText):
            return None
        found = await self._mentee_for(mentor, pending.alias)
        if found is None:
            replies.say_key("journey.chat.unknown_alias", alias=pending.alias)
            return replace(conversation, pending=None)
        mentee, programme = found
        if isinstance(pending, ReportText):
            return await self._report_text(turn, mentee, programme, turn.inbound.text)
        return await self._note_text(turn, mentee, pending.session, turn.inbound.text)

    async def _report_text(
        self, turn: MentorTurn, mentee: Mentee, programme: Programme, text: str
    ) -> Conversation:
        """A new report, or the open one revised (a change the mentee asked for), then sent
        to the mentee with the three choices."""
        mentor, conversation, replies = turn.mentor, turn.conversation, turn.replies
        now_at = self.clock.now()
        actor = mentor_actor(mentor.id)
        reports = (await self.records.records(mentee.alias)).reports
        open_states = (ReportState.DRAFT, ReportState.SENT, ReportState.CHANGE_REQUESTED)
        current = next((r for r in reversed(reports) if r.state in open_states), None)
        try:
            if current is not None:
                outcome = await self.desk.revise_report(mentee.alias, current.id, text, now_at, actor=actor)
            else:
                closed = [
                    r.period_end for r in reports if r.state in (ReportState.VALIDATED, ReportState.RELEASED)
                ]
                start = max(closed) + timedelta(days=1) if closed else programme.start_day
                end = max(now_at.astimezone(self.zone).date(), start)
                outcome = await self.desk.draft_report(
                    mentee.alias,
                    mentor=mentor.id,
                    period_start=start,
                    period_end=end,
                    text=text,
                    at=now_at,
                    actor=actor,
                )
            if isinstance(outcome, Flagged):
                replies.say_key(
                    "journey.chat.report_flagged", kinds=self.desk.kind_names(outcome, replies.locale)
                )
                return replace(conversation, pending=ReportText(mentee.alias))
            if outcome.state is not ReportState.DRAFT:
                # The same text as the one already sent: nothing new to validate.
                replies.say_key("journey.chat.report_unchanged", id=outcome.id, alias=mentee.alias)
                return replace(conversation, pending=None)
            sent, message = await self.desk.send_report(mentee.alias, outcome.id, now_at, actor=actor)
        except ReportError as error:
            replies.say_key("journey.chat.report_refused", why=self.desk.refusal_text(error, replies.locale))
            return replace(conversation, pending=None)
        if mentee.status is MenteeStatus.ACTIVE:
            mentee_replies = Replies(mentee.user, message.key, self.catalogue, mentee.locale)
            # Under the version's own key, as `cadre report send` queues it: once that entry
            # is sent, the mentee has seen this text (a typed answer then counts).
            replies.messages.append(
                Outbound(
                    to=mentee.user,
                    text=report_preview(sent, self.catalogue, mentee.locale),
                    key=message.key,
                    choices=self._report_choices(sent, mentee_replies),
                    is_durable=True,
                )
            )
        replies.say_key("journey.chat.report_sent", id=sent.id, alias=mentee.alias, version=sent.version)
        return replace(conversation, pending=None)

    async def _note_text(self, turn: MentorTurn, mentee: Mentee, number: int, text: str) -> Conversation:
        mentor, conversation, replies = turn.mentor, turn.conversation, turn.replies
        outcome = await self.desk.write_note(
            mentee.alias, number, text, mentor=mentor.id, at=self.clock.now(), actor=mentor_actor(mentor.id)
        )
        if isinstance(outcome, Flagged):
            replies.say_key("journey.chat.note_flagged", kinds=self.desk.kind_names(outcome, replies.locale))
            return replace(conversation, pending=NoteText(mentee.alias, number))
        if isinstance(outcome, str):
            replies.say(outcome)
            return replace(conversation, pending=None)
        if mentee.status is MenteeStatus.ACTIVE:
            replies.messages.append(
                Outbound(to=mentee.user, text=outcome.text, key=outcome.key, is_durable=True)
            )
        replies.say_key("journey.session.note_saved", alias=mentee.alias, number=number)
        return replace(conversation, pending=None)

    # ------------------------------------------------------------------ nudges and rights
    async def is_paused(self, mentee: Mentee, at: datetime) -> bool:
        return is_paused((await self.records.records(mentee.alias)).pause, at, self.zone)

    async def next_session(self, mentee: Mentee, at: datetime) -> SessionSlot | None:
        programme = await self._programme(mentee)
        session = session_for_redirect(programme, at) if programme is not None else None
        return SessionSlot(session.number, session.starts_at) if session is not None else None

    async def export_section(self, mentee: Mentee) -> ExportSection | None:
        return await self.kept.export_section(mentee)

    async def erase(self, mentee: Mentee) -> None:
        await self.kept.erase(mentee)

    # ------------------------------------------------------------------ the prompt job
    async def send_prompts(self, isolation: EventIsolation) -> list[Outbound]:
        """Session prompts due now (each once: marked in the journey's records): the prompt
        goes out and the mentee's next text becomes its answer. Under the mentee's hold, so
        a message of theirs arriving meanwhile is handled before or after, not during."""
        now_at = self.clock.now()
        out: list[Outbound] = []
        for message in await self.desk.due_prompts(now_at - PROMPT_LOOK_BACK, now_at):
            found = await find_by_alias(self.store, message.alias)
            if len(found) != 1 or found[0].status is not MenteeStatus.ACTIVE or message.session is None:
                continue
            mentee = found[0]
            text = message.text
            async with isolation.hold(mentee.user):
                conversation = await self.store.get_conversation(mentee.user) or Conversation(mentee.user)
                if conversation.draft is not None:
                    # The next texts belong to the question being written: the answer comes
                    # with /seance, said so, rather than swallowed by the draft.
                    text += "\n\n" + self.catalogue.text("journey.chat.prompt_during_draft", mentee.locale)
                elif conversation.pending is None or isinstance(conversation.pending, SessionPrompted):
                    await self.store.save_conversation(
                        replace(conversation, pending=SessionPrompted(message.session))
                    )
            out.append(Outbound(to=mentee.user, text=text, key=message.key, is_durable=True))
        return out
