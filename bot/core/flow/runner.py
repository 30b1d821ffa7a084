"""The flow runner: a draft moved through one coach-written flow, answer by answer.

Each answer is checked (the flow's allow-listed checks), screened for identifying data,
then kept; the machine says which state comes next and the prompt is the one of the state
it lands in. At the review the person sends, changes a step or cancels; sending writes the
item and the cleared conversation in one store write, and only then is it acknowledged.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Protocol

from transitions import MachineError

from bot.config.flows import CANCELLED, REVIEW, SENT, FlowSpec, Step
from bot.config.i18n import Catalogue
from bot.core.flow.checks import run_checks
from bot.core.flow.machine import (
    CANCEL,
    EDIT,
    EDIT_STEP,
    PICK_FLOW,
    REWRITE,
    SEND,
    STEP_CHOICE,
    USE_SUGGESTION,
    VOUCH,
    FlowMachine,
    review_trigger,
)
from bot.core.items import submit
from bot.core.replies import Replies
from bot.core.turn import Turn
from bot.domain import (
    AuditEvent,
    Choice,
    Conversation,
    Draft,
    InboundKind,
    StepAnswer,
    UserRef,
    chosen,
    is_choice_number,
    match_choice,
)
from bot.domain.pending import ConfirmCancel, DraftOrNew, DraftQuestion, Nudged
from bot.ports import AuditStore, Clock, ItemStore, Screener
from bot.schedule.hours import ReadingCalendar
from bot.schedule.phrasing import describe_reading, format_day
from bot.screening.lexicon import fold
from bot.screening.review import Review, review

log = logging.getLogger(__name__)


DISCARD, KEEP = "draft:discard", "draft:keep"
RESUME, REPLACE = "draft:resume", "draft:replace"

VOUCHED_ACTION = "screening_vouched"
"""The audit action of an answer kept because its writer said its words name no one real."""


class RunnerStore(ItemStore, AuditStore, Protocol):
    """What the runner writes: items, and the audit of answers kept on the writer's word."""


@dataclass(frozen=True)
class _Held:
    """An answer whose only findings are words that may be names, kept in memory (never on
    disk) until the person says whether they name a real person or company."""

    step: str
    text: str
    words: tuple[str, ...]


class FlowRunner:
    """Starts, continues, reviews and submits drafts; says each step's prompt."""

    def __init__(
        self,
        *,
        flows: Mapping[str, FlowSpec],
        default_flow: str,
        catalogue: Catalogue,
        store: RunnerStore,
        clock: Clock,
        screener: Screener,
        calendar: ReadingCalendar,
    ) -> None:
        self.flows = dict(flows)
        self.machines = {flow_id: FlowMachine(flow) for flow_id, flow in self.flows.items()}
        self.default_flow = default_flow
        self.catalogue = catalogue
        self.store = store
        self.clock = clock
        self.screener = screener
        self.calendar = calendar
        self._held: dict[UserRef, _Held] = {}

    # ------------------------------------------------------------------ ways in
    def has_draft(self, conversation: Conversation) -> bool:
        return conversation.draft is not None and conversation.draft.flow in self.flows

    def rehomed(self, turn: Turn) -> Conversation:
        """A draft whose flow the coach removed or renamed since it was started: moved into the
        default flow with the answers whose step is still there (then realigned like any draft
        on a changed flow), so what the mentee wrote is not overwritten by a fresh draft. When
        no answer fits, the draft is dropped and the mentee is shown what they had written."""
        conversation, replies = turn.conversation, turn.replies
        draft = conversation.draft
        if draft is None or draft.flow in self.flows or draft.step in (SENT, CANCELLED):
            return conversation
        target = self.flows[self.default_flow]
        kept = tuple(answer for answer in draft.answers if target.step(answer.step) is not None)
        day = format_day(draft.started_at.astimezone(self.calendar.zone).date(), replies.locale)
        log.info(
            "draft moved off a removed flow flow=%s to=%s answers=%d kept=%d",
            draft.flow,
            target.id,
            len(draft.answers),
            len(kept),
        )
        if not kept:
            if draft.answers:
                written = "\n".join(f"• {answer.text}" for answer in draft.answers)
                replies.say_key("flow.draft.flow_gone", day=day, answers=written)
            return replace(conversation, draft=None, pending=None)
        replies.say_key("flow.draft.flow_changed", day=day, title=replies.text_or_key(target.title))
        moved = replace(draft, flow=target.id, answers=kept, suggestion=None)
        return replace(conversation, draft=self._realigned(moved), pending=None)

    def ask_which(self, turn: Turn, wanted: str = "") -> Conversation:
        """/nouvelle: start the named flow, or offer the flows to pick; with a draft holding
        answers, first ask whether to resume it or replace it (written work is not dropped,
        nor silently resumed when a new question was asked for)."""
        conversation, replies = turn.conversation, turn.replies
        draft = conversation.draft
        if draft is not None and draft.answers and draft.flow in self.flows:
            day = format_day(draft.started_at.astimezone(self.calendar.zone).date(), replies.locale)
            replies.say_key("flow.draft.which", self._draft_or_new_choices(replies), day=day)
            return replace(conversation, pending=DraftOrNew(wanted))
        if wanted in self.flows:
            return self.start(turn, flow_id=wanted)
        if len(self.flows) > 1:
            ordered = sorted(self.flows.values(), key=lambda f: f.id != self.default_flow)
            replies.say(
                replies.t("flow.pick_flow"),
                tuple(Choice(f"{PICK_FLOW}{f.id}", replies.text_or_key(f.title)) for f in ordered),
            )
            return replace(conversation, draft=None)
        return self.start(turn)

    def resume(self, conversation: Conversation, replies: Replies) -> None:
        """The person comes back to an open draft: say so and ask the step again."""
        assert conversation.draft is not None
        replies.say_key("core.draft_resumed")
        self.prompt(conversation.draft, replies)

    def picked(self, turn: Turn) -> Conversation:
        """A choice outside any draft: a flow picked from the list, or a stale button."""
        flow_id = turn.inbound.payload.removeprefix(PICK_FLOW)
        if turn.inbound.payload.startswith(PICK_FLOW) and flow_id in self.flows:
            return self.start(turn, flow_id=flow_id)
        turn.replies.say_key("flow.stale_choice")
        return turn.conversation

    def cancel(self, turn: Turn) -> Conversation:
        """/annuler: a draft with answers is dropped only once the person confirms."""
        draft = turn.conversation.draft
        if draft is None:
            turn.replies.say_key("flow.nothing_to_cancel")
            return turn.conversation
        if not draft.answers:
            turn.replies.say_key("flow.cancelled")
            return replace(turn.conversation, draft=None, pending=None)
        turn.replies.say_key("flow.cancel.confirm", self._cancel_choices(turn.replies))
        return replace(turn.conversation, pending=ConfirmCancel())

    def _answered(self, turn: Turn, asked: DraftQuestion) -> Conversation:
        """The answer to "drop this draft?" or "resume or replace it?"; anything else keeps
        the draft and asks its step again (nothing written is lost on a misunderstanding)."""
        replies = turn.replies
        conversation = replace(turn.conversation, pending=None)
        if isinstance(asked, ConfirmCancel):
            words = {
                DISCARD: replies.t("flow.cancel.discard_words"),
                KEEP: replies.t("flow.cancel.keep_words"),
            }
            answer = chosen(turn.inbound, self._cancel_choices(replies), words)
            if answer == DISCARD:
                replies.say_key("flow.cancelled")
                return replace(conversation, draft=None)
            replies.say_key("flow.cancel.kept")
            assert conversation.draft is not None
            self.prompt(conversation.draft, replies)
            return conversation
        if chosen(turn.inbound, self._draft_or_new_choices(replies)) == REPLACE:
            replies.say_key("flow.draft.replaced")
            return self.ask_which(turn.with_conversation(replace(conversation, draft=None)), asked.flow)
        self.resume(conversation, replies)
        return conversation

    @staticmethod
    def _cancel_choices(replies: Replies) -> tuple[Choice, ...]:
        return (
            Choice(DISCARD, replies.t("flow.cancel.discard")),
            Choice(KEEP, replies.t("flow.cancel.keep")),
        )

    @staticmethod
    def _draft_or_new_choices(replies: Replies) -> tuple[Choice, ...]:
        return (
            Choice(RESUME, replies.t("flow.draft.resume")),
            Choice(REPLACE, replies.t("flow.draft.replace")),
        )

    def start(self, turn: Turn, *, first_text: str = "", flow_id: str | None = None) -> Conversation:
        """Start a flow; free text that already fits the first step is kept as its answer."""
        flow = self.flows[flow_id or self.default_flow]
        replies = turn.replies
        now_at = self.clock.now()
        machine = self.machines[flow.id]
        draft = Draft(flow=flow.id, step=machine.first_step, answers=(), started_at=now_at, updated_at=now_at)
        if flow.intro:
            replies.say(self._intro(flow, replies))
        first_step = flow.steps[0]
        text = first_text.strip()
        fits = bool(text) and not first_step.choices and run_checks(first_step, text, is_nudged=False) is None
        if fits and not self.screener.screen(text):
            replies.say_key("flow.start_from_text")
            return replace(turn.conversation, draft=self._accept(draft, first_step, text, replies))
        self.prompt(draft, replies)
        return replace(turn.conversation, draft=draft)

    async def continue_draft(self, turn: Turn) -> Conversation:
        """The person's next message while a draft is open."""
        draft = turn.conversation.draft
        assert draft is not None
        if isinstance(turn.conversation.pending, ConfirmCancel | DraftOrNew):
            return self._answered(turn, turn.conversation.pending)
        flow = self.flows[draft.flow]
        if draft.step == REVIEW:
            return await self._review(turn, draft, flow)
        realigned = self._realigned(draft)
        if realigned is not draft:  # the coach changed the flow since: this text answers where it resumes
            turn = replace(turn, conversation=replace(turn.conversation, draft=realigned))
            return await self.continue_draft(turn)
        step = flow.step(draft.step)
        assert step is not None
        inbound = turn.inbound
        if inbound.kind is InboundKind.CHOICE and inbound.payload == VOUCH:
            return await self._vouched(turn, draft, step)
        offered = turn.conversation.offered
        typed_number = inbound.kind is InboundKind.TEXT and is_choice_number(inbound.text)
        if offered and typed_number and not step.choices:
            # a bare number beside choices (the screening's) picks one, never answers the step
            turn.replies.say(turn.replies.t("flow.check.pick_number", count=len(offered)), offered)
            return turn.conversation
        self._held.pop(inbound.user, None)
        if inbound.kind is InboundKind.CHOICE:
            return replace(
                turn.conversation, draft=self._step_choice(inbound.payload, draft, step, turn.replies)
            )
        if step.choices:
            value = self._match_choice(step, inbound.text, turn.replies)
            if value is None:
                turn.replies.say_key("flow.check.pick_choice")
                self.prompt(draft, turn.replies)
                return turn.conversation
            return replace(turn.conversation, draft=self._accept(draft, step, value, turn.replies))
        return self._answer(turn, draft, step, inbound.text)

    def _realigned(self, draft: Draft) -> Draft:
        """The draft where its flow stands now: a step the coach removed or renamed since the
        draft stopped on it (or a review reached with steps the flow has gained) resumes at
        the first step of the flow still without an answer, the answers given kept."""
        flow = self.flows[draft.flow]
        if draft.step in (SENT, CANCELLED) or flow.step(draft.step) is not None:
            return draft
        unanswered = next((s.id for s in flow.steps if draft.answer(s.id) is None), REVIEW)
        if draft.step == REVIEW and unanswered == REVIEW:
            return draft
        log.info(
            "draft realigned on its changed flow flow=%s step=%s resumed=%s", flow.id, draft.step, unanswered
        )
        return replace(draft, step=unanswered, is_editing=False)

    # ------------------------------------------------------------------ answers
    def _step_choice(self, payload: str, draft: Draft, step: Step, replies: Replies) -> Draft:
        if payload == USE_SUGGESTION and draft.suggestion is not None:
            return self._accept(draft, step, draft.suggestion, replies)
        if payload == REWRITE:
            replies.say(self._step_prompt(self.flows[draft.flow], step, replies))
            return draft
        if payload.startswith(STEP_CHOICE) and step.choices:
            value = payload.removeprefix(STEP_CHOICE)
            if any(c.value == value for c in step.choices):
                return self._accept(draft, step, value, replies)
        replies.say_key("flow.stale_choice")
        self.prompt(draft, replies)
        return draft

    @staticmethod
    def _match_choice(step: Step, text: str, replies: Replies) -> str | None:
        """A step's choice typed as its number, its label or its value."""
        choices = [Choice(c.value, replies.text_or_key(c.label)) for c in step.choices]
        found = match_choice(text, choices, words={c.value: (c.value,) for c in choices})
        return found.value if found is not None else None

    def _answer(self, turn: Turn, draft: Draft, step: Step, text: str) -> Conversation:
        """Check, screen, then keep the answer; a vagueness nudge is given once per step."""
        conversation, replies = turn.conversation, turn.replies
        failure = run_checks(step, text, is_nudged=conversation.pending == Nudged(step.id))
        if failure is not None:
            replies.say(replies.t(failure.key, **dict(failure.params)))
            pending = Nudged(step.id) if failure.is_nudge else conversation.pending
            return replace(conversation, pending=pending)
        text = text.strip()
        placeholders = self.catalogue.section("screening.placeholder", replies.locale)
        verdict = review(self.screener, text, placeholders, vouched=draft.kept_words)
        if not verdict.is_clean:
            if verdict.can_vouch:
                self._held[turn.inbound.user] = _Held(step.id, text, verdict.uncertain_words)
            return replace(conversation, draft=self._refuse_identifying(draft, verdict, replies))
        return replace(conversation, draft=self._accept(draft, step, text, replies), pending=None)

    async def _vouched(self, turn: Turn, draft: Draft, step: Step) -> Conversation:
        """ "Neither a real person nor a real company": the held answer is kept as written,
        and the audit trail records that it was (ids and a count, never the words)."""
        held = self._held.pop(turn.inbound.user, None)
        if held is None or held.step != step.id:
            # held in another process, or lost in a restart: nothing of it was stored
            turn.replies.say_key("flow.identifying.vouch_lost")
            self.prompt(draft, turn.replies)
            return turn.conversation
        alias = turn.mentee.alias
        details = (("flow", draft.flow), ("step", step.id), ("words", str(len(held.words))))
        await self.store.append_audit(AuditEvent(self.clock.now(), alias, VOUCHED_ACTION, alias, details))
        log.info("answer kept on the writer's word words=%d", len(held.words))
        turn.replies.say_key("flow.identifying.vouched")
        kept = tuple(dict.fromkeys((*draft.kept_words, *(fold(w.strip()) for w in held.words))))
        draft = replace(draft, kept_words=kept)
        return replace(
            turn.conversation, draft=self._accept(draft, step, held.text, turn.replies), pending=None
        )

    def _refuse_identifying(self, draft: Draft, verdict: Review, replies: Replies) -> Draft:
        """Name what was found (each once), keep nothing of the answer, offer a placeholder
        version; when every finding is only a word that may be a name, ask rather than accuse.

        The suggestion is kept in the draft only if screening finds nothing in it.
        """
        can_vouch = verdict.can_vouch
        kinds = self.catalogue.section("screening.kind", replies.locale)
        lines = [replies.t("flow.identifying.maybe_found" if can_vouch else "flow.identifying.found")]
        for kind, words in dict.fromkeys((f.kind, f.text) for f in verdict.findings):
            lines.append(replies.t("flow.identifying.finding", kind=kinds.get(kind, kind), words=words))
        suggestion = verdict.suggestion or ""
        is_clean = bool(suggestion.strip())
        vouch = (Choice(VOUCH, replies.t("flow.identifying.vouch")),) if can_vouch else ()
        if is_clean:
            lines.append(replies.t("flow.identifying.suggestion", suggestion=suggestion))
            lines.append(
                replies.t("flow.identifying.vouch_prompt" if can_vouch else "flow.identifying.rewrite_prompt")
            )
            replies.say(
                "\n".join(lines),
                (
                    Choice(USE_SUGGESTION, replies.t("flow.identifying.use_suggestion")),
                    Choice(REWRITE, replies.t("flow.identifying.rewrite")),
                    *vouch,
                ),
            )
        else:
            lines.append(replies.t("flow.identifying.rewrite_only"))
            replies.say("\n".join(lines), vouch)
        log.info("answer refused by screening findings=%d", len(verdict.findings))
        return replace(draft, suggestion=suggestion if is_clean else None, updated_at=self.clock.now())

    def _accept(self, draft: Draft, step: Step, text: str, replies: Replies) -> Draft:
        following = self.machines[draft.flow].fire(draft.step, "next", is_editing=draft.is_editing)
        accepted = replace(
            draft,
            step=following,
            answers=draft.with_answer(step.id, text),
            updated_at=self.clock.now(),
            is_editing=False,
            suggestion=None,
            is_reminded=False,
        )
        log.info("step answered flow=%s step=%s next=%s", draft.flow, step.id, following)
        self.prompt(accepted, replies)
        return accepted

    # ------------------------------------------------------------------ review and submit
    async def _review(self, turn: Turn, draft: Draft, flow: FlowSpec) -> Conversation:
        inbound, replies = turn.inbound, turn.replies
        payload = inbound.payload if inbound.kind is InboundKind.CHOICE else ""
        picking = any(c.value.startswith(EDIT_STEP) for c in turn.conversation.offered)
        if not payload and inbound.kind is InboundKind.TEXT:
            payload = self._typed_review_choice(inbound.text, flow, replies, is_picking=picking)
        machine = self.machines[flow.id]
        trigger = review_trigger(payload)
        if payload == EDIT or trigger is None:
            if payload != EDIT:
                # said, and asked again where the mentee stands: the picker's numbers are
                # not the review's (a "1" there would send the question)
                replies.say_key("flow.check.pick_choice")
            if payload == EDIT or picking:
                replies.say(
                    replies.t("flow.review.pick_step"),
                    tuple(Choice(f"{EDIT_STEP}{s.id}", replies.text_or_key(s.label)) for s in flow.steps),
                )
            else:
                self.prompt(draft, replies)
            return turn.conversation
        try:
            state = machine.fire(REVIEW, trigger)
        except (MachineError, AttributeError):
            replies.say_key("flow.stale_choice")
            self.prompt(draft, replies)
            return turn.conversation
        if state == SENT:
            return await self._submit(turn, draft, flow)
        if state == CANCELLED:
            return self.cancel(turn)
        editing = replace(draft, step=state, is_editing=True, updated_at=self.clock.now())
        self.prompt(editing, replies)
        return replace(turn.conversation, draft=editing)

    def _typed_review_choice(self, text: str, flow: FlowSpec, replies: Replies, *, is_picking: bool) -> str:
        """The review's choices typed as text, or a step's label to change that step. While the
        step picker is shown, a number is the picker's, never the review's."""
        found = match_choice(text, self._review_choices(replies), is_numbered=not is_picking)
        if found is None:
            steps = [Choice(f"{EDIT_STEP}{s.id}", replies.text_or_key(s.label)) for s in flow.steps]
            found = match_choice(text, steps, is_numbered=False)
        return found.value if found is not None else ""

    async def _submit(self, turn: Turn, draft: Draft, flow: FlowSpec) -> Conversation:
        now_at = self.clock.now()
        order = {step_id: index for index, step_id in enumerate(flow.step_ids())}
        answers = tuple(sorted(draft.answers, key=lambda a: order.get(a.step, len(order))))
        theme_step = flow.role_step("theme")
        item, cleared = await submit(
            self.store,
            turn,
            flow=flow.id,
            answers=tuple(StepAnswer(a.step, a.text) for a in answers),
            now_at=now_at,
            theme=draft.answer(theme_step.id) if theme_step is not None else None,
        )
        log.info("item submitted ref=%s flow=%s", item.ref, flow.id)
        reading = describe_reading(
            self.calendar, now_at, turn.replies.locale, self.catalogue, subject="question"
        )
        turn.replies.say_key("flow.ack", ref=item.ref, reading=reading)
        return cleared

    # ------------------------------------------------------------------ prompts
    def prompt(self, draft: Draft, replies: Replies) -> None:
        """What the state the draft is in asks for: a step's prompt, or the review."""
        flow = self.flows[draft.flow]
        draft = self._realigned(draft)
        if draft.step == REVIEW:
            lines = [replies.t("flow.review.header")]
            for step in flow.steps:
                answer = draft.answer(step.id)
                if answer is not None:
                    lines.append(
                        replies.t(
                            "flow.review.line",
                            label=replies.text_or_key(step.label),
                            answer=self._display_answer(step, answer, replies),
                        )
                    )
            lines += ["", replies.t("flow.review.prompt")]
            replies.say("\n".join(lines), self._review_choices(replies))
            return
        current_step = flow.step(draft.step)
        if current_step is None or draft.step in (SENT, CANCELLED):
            return
        text = self._step_prompt(flow, current_step, replies)
        current = draft.answer(current_step.id)
        if draft.is_editing and current is not None:
            shown = self._display_answer(current_step, current, replies)
            text += "\n" + replies.t("flow.current_answer", answer=shown)
        choices = tuple(
            Choice(f"{STEP_CHOICE}{c.value}", replies.text_or_key(c.label)) for c in current_step.choices
        )
        replies.say(text, choices)

    @staticmethod
    def _intro(flow: FlowSpec, replies: Replies) -> str:
        """The intro, naming as many steps as the flow has to write (in words up to twelve)."""
        count = len(flow.writing_steps())
        words = replies.t("flow.count_words").split(",")
        steps = words[count - 1].strip() if 0 < count <= len(words) else str(count)
        return replies.t(flow.intro, count=count, steps=steps)  # a text, not a key: as written

    @staticmethod
    def _step_prompt(flow: FlowSpec, step: Step, replies: Replies) -> str:
        """A step's prompt, numbered among the steps to write ("2/6 · …"): the numbers follow
        the flow, whatever steps the coach adds. A number written in an older text is dropped."""
        prompt = replies.text_or_key(step.prompt)
        number = flow.number_of(step.id)
        if number is None:
            return prompt
        prompt = re.sub(r"^\s*\d+\s*/\s*\d+\s*·\s*", "", prompt)
        return replies.t("flow.step_numbered", number=number, count=len(flow.writing_steps()), prompt=prompt)

    @staticmethod
    def _review_choices(replies: Replies) -> tuple[Choice, ...]:
        return (
            Choice(SEND, replies.t("flow.review.send")),
            Choice(EDIT, replies.t("flow.review.edit")),
            Choice(CANCEL, replies.t("flow.review.cancel")),
        )

    @staticmethod
    def _display_answer(step: Step, answer: str, replies: Replies) -> str:
        for choice in step.choices:
            if choice.value == answer:
                return replies.text_or_key(choice.label)
        return answer
