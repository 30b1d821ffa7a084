"""The mentee's side of the core: one event in, the bot's answers out.

`Engine.handle` is the only entry point for channels. It serialises events per person
(one lock per conversation), is idempotent on the inbound message id, and writes
everything it must keep before returning the acknowledgement that says it was kept.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Protocol
from uuid import uuid4

from transitions import MachineError

from bot.config import Settings
from bot.domain import (
    AuditEvent,
    Choice,
    Consent,
    Conversation,
    Draft,
    Finding,
    Inbound,
    InboundKind,
    Item,
    Mentee,
    MenteeStatus,
    Outbound,
    StepAnswer,
    UserRef,
    as_choice,
    match_choice,
)
from bot.engine import invitations
from bot.engine.checks import run_checks
from bot.engine.commands import CommandWords
from bot.engine.flowspec import CANCELLED, REVIEW, SENT, FlowSpec, Step
from bot.engine.machine import FlowMachine
from bot.engine.replies import Replies
from bot.engine.strangers import StrangerLimiter
from bot.i18n import Catalogue
from bot.ports import Clock, Screener, Store
from bot.schedule.hours import ReadingCalendar
from bot.schedule.hours_report import closed_reason
from bot.schedule.phrasing import describe_duration, describe_reading, format_day
from bot.schedule.week import describe_week
from bot.screening import suggest

log = logging.getLogger(__name__)

SEEN_IDS_KEPT = 64
_REF_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

# Choice values the engine emits (buttons come back with these payloads).
ACCEPT, REFUSE = "consent:accept", "consent:refuse"
SEND, EDIT, CANCEL = "review:send", "review:edit", "review:cancel"
EDIT_STEP = "edit:"
USE_SUGGESTION, REWRITE = "screen:use", "screen:rewrite"
PICK_FLOW = "flow:"
STEP_CHOICE = "pick:"


@dataclass(frozen=True)
class MentorHandler:
    """The mentor's desk plugs in here; mentees never reach it (see bot.engine.mentor)."""

    is_mentor: Callable[[UserRef], bool]
    handle: Callable[[Inbound], list[Outbound]]


RightsHandler = Callable[[str, Inbound, Mentee, Conversation, Replies], Conversation]


class SafetyCheck(Protocol):
    """Detects distress, danger or urgency in a text; returns the category or None."""

    def detect(self, text: str) -> str | None: ...

    def respond(self, category: str, locale: str) -> str: ...


class Engine:
    """Channel-agnostic conversation engine for mentees (and a door to the mentor desk)."""

    def __init__(
        self,
        *,
        settings: Settings,
        catalogue: Catalogue,
        flows: Mapping[str, FlowSpec],
        store: Store,
        clock: Clock,
        screener: Screener,
        calendar: ReadingCalendar,
        charter_dir: Path | None = None,
    ) -> None:
        self.settings = settings
        self.catalogue = catalogue
        self.flows = dict(flows)
        self.machines = {flow_id: FlowMachine(flow) for flow_id, flow in self.flows.items()}
        self.store = store
        self.clock = clock
        self.screener = screener
        self.calendar = calendar
        self.commands = CommandWords(catalogue)
        self.mentor_handler: MentorHandler | None = None
        self._charter_dir = charter_dir
        # Rights commands (export, erase, stop) plug in here; see bot.privacy.
        self.rights: RightsHandler | None = None
        # Distress detection plugs in here; see bot.safety.
        self.safety: SafetyCheck | None = None
        self._locks: dict[str, asyncio.Lock] = {}
        self.strangers = StrangerLimiter()
        # The conversation an item write already stored during the event being handled
        # (handle_now never awaits, so one event at a time uses it).
        self._written: Conversation | None = None

    # ------------------------------------------------------------------ entry points
    async def handle(self, inbound: Inbound) -> list[Outbound]:
        """Handle one event for one person, never two at once for the same person."""
        lock = self._locks.setdefault(inbound.user.key, asyncio.Lock())
        async with lock:
            return self.handle_now(inbound)

    def handle_now(self, inbound: Inbound) -> list[Outbound]:
        inbound = encodable(inbound)
        if self.mentor_handler is not None and self.mentor_handler.is_mentor(inbound.user):
            return self.mentor_handler.handle(inbound)
        conversation = self.store.get_conversation(inbound.user)
        if conversation is not None and inbound.message_id in conversation.seen_ids:
            log.info("duplicate inbound ignored channel=%s", inbound.user.channel)
            return []
        mentee = self.store.get_mentee(inbound.user)
        if mentee is None:
            return self._stranger(inbound)
        locale = mentee.locale
        replies = Replies(inbound.user, inbound.message_id, self.catalogue, locale)
        conversation = conversation or Conversation(user=inbound.user)
        if mentee.status is MenteeStatus.WITHDRAWN:
            conversation = self._remember(conversation, inbound)
            self.store.save_conversation(conversation)
            return []
        if not self.has_current_consent(mentee):
            self._consent(inbound, mentee, replies)
            return replies.messages
        inbound = as_choice(inbound, conversation.offered)
        # Only a pending confirmation can end in erasure (the rights desk handles it).
        may_erase = (conversation.pending or "").startswith("confirm_")
        self._written = None
        conversation = self._settled(self._dispatch(inbound, mentee, conversation, replies), inbound, replies)
        if conversation == self._written:
            return replies.messages  # already stored with the item it came with
        if not may_erase or self.store.get_mentee(inbound.user) is not None:
            self.store.save_conversation(conversation)
        return replies.messages

    def _settled(self, conversation: Conversation, inbound: Inbound, replies: Replies) -> Conversation:
        """The conversation as it is stored after this event: choices shown, id remembered."""
        offered = next(
            (m.choices for m in reversed(replies.messages) if m.to == inbound.user and m.choices), ()
        )
        return self._remember(replace(conversation, offered=offered), inbound)

    def tick(self) -> list[Outbound]:
        """Draft reminders and expiry; called by the scheduler and the console loop."""
        now_at = self.clock.now()
        out: list[Outbound] = []
        drafts = self.settings.drafts
        for conversation in self.store.list_conversations_with_draft():
            draft = conversation.draft
            mentee = self.store.get_mentee(conversation.user)
            if draft is None or mentee is None:
                continue
            idle_delay = now_at - draft.updated_at
            day = format_day(draft.started_at.astimezone(self.settings.zone).date(), mentee.locale)
            key = f"draft:{conversation.user.key}:{draft.started_at.isoformat()}"
            if idle_delay >= drafts.expire_after:
                self.store.save_conversation(replace(conversation, draft=None))
                replies = Replies(conversation.user, f"{key}:exp", self.catalogue, mentee.locale)
                replies.say_key("flow.draft.expired", day=day)
                log.info("draft expired user=%s", _short(conversation.user))
            elif idle_delay >= drafts.reminder_after and not draft.is_reminded:
                self.store.save_conversation(replace(conversation, draft=replace(draft, is_reminded=True)))
                replies = Replies(conversation.user, f"{key}:rem", self.catalogue, mentee.locale)
                replies.say_key("flow.draft.reminder", day=day)
                self._prompt(draft, self.flows[draft.flow], replies)
                log.info("draft reminder user=%s", _short(conversation.user))
            else:
                continue
            out += replies.messages
        return out

    # ------------------------------------------------------------------ strangers & consent
    def _stranger(self, inbound: Inbound) -> list[Outbound]:
        """Unknown person: enrol with a valid code, otherwise refuse and keep nothing."""
        locale = self.catalogue.resolve_locale(inbound.language)
        replies = Replies(inbound.user, inbound.message_id, self.catalogue, locale)
        if not self.strangers.allow(inbound.user, self.clock.now()):
            log.info("stranger rate-limited channel=%s", inbound.user.channel)
            return []
        if inbound.kind is InboundKind.MEDIA and inbound.payload == "group":
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
        invitation = invitations.redeem(self.store, code_text, user_key=inbound.user.key, now_at=now_at)
        if invitation is None:
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
        self.store.save_mentee(mentee)
        self.store.append_audit(
            AuditEvent(at=now_at, actor="system", action="enrolled", subject=mentee.alias)
        )
        self._consent(inbound, mentee, replies)
        return replies.messages

    def has_current_consent(self, mentee: Mentee) -> bool:
        return mentee.consent is not None and mentee.consent.version == self.settings.charter.version

    def charter_text(self, locale: str) -> str:
        """The charter as plain text: messages are not Markdown on every channel."""
        return self._charter_source(locale).replace("**", "")

    def _charter_source(self, locale: str) -> str:
        name = f"{self.catalogue.resolve_locale(locale)}.md"
        if self._charter_dir is not None and (self._charter_dir / name).is_file():
            return (self._charter_dir / name).read_text(encoding="utf-8").strip()
        shipped = resources.files("bot").joinpath("defaults", "charter", name)
        if not shipped.is_file():
            shipped = resources.files("bot").joinpath("defaults", "charter", "fr.md")
        return shipped.read_text(encoding="utf-8").strip()

    def _consent(self, inbound: Inbound, mentee: Mentee, replies: Replies) -> None:
        version = self.settings.charter.version
        now_at = self.clock.now()
        choices = (
            Choice(ACCEPT, replies.t("core.charter_accept")),
            Choice(REFUSE, replies.t("core.charter_refuse")),
        )
        inbound = as_choice(inbound, choices)
        if inbound.kind is InboundKind.CHOICE and inbound.payload == ACCEPT:
            self.store.save_mentee(replace(mentee, consent=Consent(version, now_at)))
            # Remember the acceptance's id: a redelivered webhook must not be handled again.
            conversation = self.store.get_conversation(mentee.user) or Conversation(mentee.user)
            self.store.save_conversation(self._remember(conversation, inbound))
            self.store.append_audit(
                AuditEvent(
                    at=now_at,
                    actor=mentee.alias,
                    action="charter_accepted",
                    subject=mentee.alias,
                    details=(("version", version),),
                )
            )
            replies.say_key("core.consent_recorded")
            return
        if inbound.kind is InboundKind.CHOICE and inbound.payload == REFUSE:
            self.store.erase_user(mentee.user)
            self.store.append_audit(
                AuditEvent(
                    at=now_at,
                    actor="system",
                    action="charter_refused",
                    subject=mentee.alias,
                    details=(("version", version),),
                )
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
            replies.say_key("core.charter_new_version", version=version)
        replies.say(
            f"{replies.t('core.charter_intro', version=version)}\n\n"
            f"{self.charter_text(mentee.locale)}\n\n{replies.t('core.charter_prompt')}",
            choices,
        )

    # ------------------------------------------------------------------ dispatch
    def _dispatch(
        self, inbound: Inbound, mentee: Mentee, conversation: Conversation, replies: Replies
    ) -> Conversation:
        if inbound.kind is InboundKind.MEDIA:
            key = "core.group_refused" if inbound.payload == "group" else "core.media_refused"
            replies.say_key(key)
            if conversation.draft is not None:
                self._prompt(conversation.draft, self.flows[conversation.draft.flow], replies)
            return conversation
        if inbound.kind is InboundKind.TEXT and inbound.payload == "edited":
            replies.say_key("core.edited_ignored")
            return conversation
        if inbound.kind is InboundKind.COMMAND:
            return self._command(inbound, mentee, conversation, replies)
        if inbound.kind is InboundKind.TEXT and self.safety is not None:
            category = self.safety.detect(inbound.text)
            if category is not None:
                return self._safety_redirect(category, inbound, mentee, conversation, replies)
        if (
            self.rights is not None
            and (conversation.pending or "").startswith("confirm_")
            and inbound.kind in (InboundKind.CHOICE, InboundKind.TEXT)
        ):
            # A rights question (erase? keep or erase on leaving?) awaits this answer.
            return self.rights("confirm", inbound, mentee, conversation, replies)
        draft = conversation.draft
        if draft is not None and draft.flow in self.flows:
            return self._in_flow(inbound, mentee, conversation, draft, replies)
        if inbound.kind is InboundKind.CHOICE:
            flow_id = inbound.payload.removeprefix(PICK_FLOW)
            if inbound.payload.startswith(PICK_FLOW) and flow_id in self.flows:
                return self._start_flow(conversation, replies, first_text="", flow_id=flow_id)
            replies.say_key("flow.stale_choice")
            return conversation
        conversation = self._away_notice(conversation, replies)
        return self._start_flow(conversation, replies, first_text=inbound.text)

    def _command(
        self, inbound: Inbound, mentee: Mentee, conversation: Conversation, replies: Replies
    ) -> Conversation:
        name = self.commands.resolve(inbound.text)
        if name == "question":
            if conversation.draft is not None:
                replies.say_key("core.draft_resumed")
                self._prompt(conversation.draft, self.flows[conversation.draft.flow], replies)
                return conversation
            wanted = inbound.payload.strip().lower()
            if wanted in self.flows:
                return self._start_flow(conversation, replies, first_text="", flow_id=wanted)
            if len(self.flows) > 1:
                replies.say(
                    replies.t("flow.pick_flow"),
                    tuple(
                        Choice(f"{PICK_FLOW}{flow.id}", self._text(flow.title, replies))
                        for flow in sorted(
                            self.flows.values(), key=lambda f: f.id != self.settings.flows.default
                        )
                    ),
                )
                return conversation
            return self._start_flow(conversation, replies, first_text="")
        if name == "cancel":
            if conversation.draft is None:
                replies.say_key("flow.nothing_to_cancel")
                return conversation
            replies.say_key("flow.cancelled")
            return replace(conversation, draft=None)
        if name in ("help", "start"):
            replies.say_key("core.help", hours=describe_week(self.settings, replies.locale, self.catalogue))
            if conversation.draft is not None:
                self._prompt(conversation.draft, self.flows[conversation.draft.flow], replies)
            return conversation
        if name == "thread":
            self._thread(mentee, replies)
            return conversation
        if name in ("export", "erase", "stop") and self.rights is not None:
            return self.rights(name, inbound, mentee, conversation, replies)
        replies.say_key("core.unknown_command")
        return conversation

    # ------------------------------------------------------------------ flows
    def _start_flow(
        self, conversation: Conversation, replies: Replies, *, first_text: str, flow_id: str | None = None
    ) -> Conversation:
        """Start a flow; free text that already fits the first step is kept as its answer."""
        flow = self.flows[flow_id or self.settings.flows.default]
        now_at = self.clock.now()
        machine = self.machines[flow.id]
        draft = Draft(flow=flow.id, step=machine.first_step, answers=(), started_at=now_at, updated_at=now_at)
        if flow.intro:
            replies.say(self._text(flow.intro, replies))
        first_step = flow.steps[0]
        text = first_text.strip()
        if text and not first_step.choices and run_checks(first_step, text, is_nudged=False) is None:
            findings = self.screener.screen(text)
            if not findings:
                replies.say_key("flow.start_from_text")
                return replace(conversation, draft=self._accept(draft, first_step, text, replies))
        self._prompt(draft, flow, replies)
        return replace(conversation, draft=draft)

    def _in_flow(
        self, inbound: Inbound, mentee: Mentee, conversation: Conversation, draft: Draft, replies: Replies
    ) -> Conversation:
        flow = self.flows[draft.flow]
        if draft.step == REVIEW:
            return self._review(inbound, mentee, conversation, draft, flow, replies)
        step = flow.step(draft.step)
        if step is None:  # the coach removed this step since: resume at the review
            draft = replace(draft, step=REVIEW)
            self._prompt(draft, flow, replies)
            return replace(conversation, draft=draft)
        if inbound.kind is InboundKind.CHOICE:
            return replace(conversation, draft=self._step_choice(inbound.payload, draft, step, flow, replies))
        if step.choices:
            value = self._match_choice(step, inbound.text, replies)
            if value is None:
                replies.say_key("flow.check.pick_choice")
                self._prompt(draft, flow, replies)
                return conversation
            return replace(conversation, draft=self._accept(draft, step, value, replies))
        return self._answer(conversation, draft, step, inbound.text, replies)

    def _step_choice(self, payload: str, draft: Draft, step: Step, flow: FlowSpec, replies: Replies) -> Draft:
        if payload == USE_SUGGESTION and draft.suggestion is not None:
            return self._accept(draft, step, draft.suggestion, replies)
        if payload == REWRITE:
            replies.say(self._text(step.prompt, replies))
            return draft
        if payload.startswith(STEP_CHOICE) and step.choices:
            value = payload.removeprefix(STEP_CHOICE)
            if any(c.value == value for c in step.choices):
                return self._accept(draft, step, value, replies)
        replies.say_key("flow.stale_choice")
        self._prompt(draft, flow, replies)
        return draft

    def _match_choice(self, step: Step, text: str, replies: Replies) -> str | None:
        """A step's choice typed as its number, its label or its value."""
        choices = [Choice(c.value, self._text(c.label, replies)) for c in step.choices]
        found = match_choice(text, choices)
        if found is not None:
            return found.value
        typed = text.strip().casefold()
        return next((c.value for c in choices if c.value == typed), None)

    def _answer(
        self, conversation: Conversation, draft: Draft, step: Step, text: str, replies: Replies
    ) -> Conversation:
        """Check, screen, then keep the answer; a vagueness nudge is given once per step."""
        nudge_mark = f"nudged:{step.id}"
        failure = run_checks(step, text, is_nudged=conversation.pending == nudge_mark)
        if failure is not None:
            replies.say(replies.t(failure.key, **dict(failure.params)))
            pending = nudge_mark if failure.is_nudge else conversation.pending
            return replace(conversation, pending=pending)
        text = text.strip()
        findings = self.screener.screen(text)
        if findings:
            refused = self._refuse_identifying(draft, step, text, findings, replies)
            return replace(conversation, draft=refused)
        return replace(conversation, draft=self._accept(draft, step, text, replies), pending=None)

    def _refuse_identifying(
        self, draft: Draft, step: Step, text: str, findings: list[Finding], replies: Replies
    ) -> Draft:
        """Name what was found, keep nothing of the answer, offer a placeholder version.

        The suggestion is kept in the draft only if screening finds nothing in it.
        """
        kinds = self.catalogue.section("screening.kind", replies.locale)
        placeholders = self.catalogue.section("screening.placeholder", replies.locale)
        lines = [replies.t("flow.identifying.found")]
        for finding in findings:
            lines.append(
                replies.t(
                    "flow.identifying.finding", kind=kinds.get(finding.kind, finding.kind), words=finding.text
                )
            )
        suggestion = suggest(text, findings, placeholders)
        is_clean = bool(suggestion.strip()) and not self.screener.screen(suggestion)
        if is_clean:
            lines.append(replies.t("flow.identifying.suggestion", suggestion=suggestion))
            lines.append(replies.t("flow.identifying.rewrite_prompt"))
            replies.say(
                "\n".join(lines),
                (
                    Choice(USE_SUGGESTION, replies.t("flow.identifying.use_suggestion")),
                    Choice(REWRITE, replies.t("flow.identifying.rewrite")),
                ),
            )
        else:
            lines.append(replies.t("flow.identifying.rewrite_only"))
            replies.say("\n".join(lines))
        log.info("answer refused by screening findings=%d", len(findings))
        return replace(draft, suggestion=suggestion if is_clean else None, updated_at=self.clock.now())

    def _accept(self, draft: Draft, step: Step, text: str, replies: Replies) -> Draft:
        machine = self.machines[draft.flow]
        following = machine.fire(draft.step, "next", is_editing=draft.is_editing)
        accepted = replace(
            draft,
            step=following,
            answers=draft.with_answer(step.id, text),
            updated_at=self.clock.now(),
            is_editing=False,
            suggestion=None,
            is_reminded=False,
        )
        self._prompt(accepted, self.flows[draft.flow], replies)
        return accepted

    def _review(
        self,
        inbound: Inbound,
        mentee: Mentee,
        conversation: Conversation,
        draft: Draft,
        flow: FlowSpec,
        replies: Replies,
    ) -> Conversation:
        payload = inbound.payload if inbound.kind is InboundKind.CHOICE else ""
        if not payload and inbound.kind is InboundKind.TEXT:
            payload = self._typed_review_choice(inbound.text, draft, flow, replies)
        machine = self.machines[flow.id]
        if payload == SEND:
            return self._submit(inbound, mentee, conversation, draft, flow, replies)
        if payload == CANCEL:
            machine.fire(REVIEW, "cancel")
            replies.say_key("flow.cancelled")
            return replace(conversation, draft=None)
        if payload == EDIT:
            replies.say(
                replies.t("flow.review.pick_step"),
                tuple(Choice(f"{EDIT_STEP}{s.id}", self._text(s.label, replies)) for s in flow.steps),
            )
            return conversation
        if payload.startswith(EDIT_STEP):
            step_id = payload.removeprefix(EDIT_STEP)
            try:
                state = machine.fire(REVIEW, f"edit_{step_id}")
            except (MachineError, AttributeError):
                replies.say_key("flow.stale_choice")
                self._prompt(draft, flow, replies)
                return conversation
            editing = replace(draft, step=state, is_editing=True, updated_at=self.clock.now())
            self._prompt(editing, flow, replies)
            return replace(conversation, draft=editing)
        self._prompt(draft, flow, replies)
        return conversation

    def _typed_review_choice(self, text: str, draft: Draft, flow: FlowSpec, replies: Replies) -> str:
        """The review's choices typed as text, or a step's label to change that step."""
        found = match_choice(text, self._review_choices(replies))
        if found is not None:
            return found.value
        typed = text.strip().casefold()
        for step in flow.steps:
            if typed == self._text(step.label, replies).casefold():
                return f"{EDIT_STEP}{step.id}"
        return ""

    def _submit(
        self,
        inbound: Inbound,
        mentee: Mentee,
        conversation: Conversation,
        draft: Draft,
        flow: FlowSpec,
        replies: Replies,
    ) -> Conversation:
        machine = self.machines[flow.id]
        if machine.fire(REVIEW, "send") != SENT:
            return conversation
        now_at = self.clock.now()
        order = {step_id: index for index, step_id in enumerate(flow.step_ids())}
        answers = tuple(sorted(draft.answers, key=lambda a: order.get(a.step, len(order))))
        item = Item(
            id=uuid4().hex,
            ref=self._new_ref(),
            mentee=mentee.user,
            alias=mentee.alias,
            mentor=mentee.mentor,
            flow=flow.id,
            answers=tuple(StepAnswer(a.step, a.text) for a in answers),
            submitted_at=now_at,
            theme=draft.answer("theme"),
        )
        cleared = self._settled(replace(conversation, draft=None, pending=None), inbound, replies)
        # The acknowledgement below is only produced once this write has returned.
        self.store.submit_item(item, cleared)
        self._written = cleared
        log.info("item submitted ref=%s flow=%s", item.ref, flow.id)
        reading = describe_reading(self.calendar, now_at, replies.locale, self.catalogue, subject="question")
        replies.say_key("flow.ack", ref=item.ref, reading=reading)
        return cleared

    def _new_ref(self) -> str:
        while True:
            ref = "".join(secrets.choice(_REF_ALPHABET) for _ in range(4))
            if self.store.find_item_by_ref(ref) is None:
                return ref

    # ------------------------------------------------------------------ prompting
    def _text(self, text_or_key: str, replies: Replies) -> str:
        if self.catalogue.has(text_or_key, replies.locale):
            return replies.t(text_or_key)
        return text_or_key

    def _prompt(self, draft: Draft, flow: FlowSpec, replies: Replies) -> None:
        if draft.step == REVIEW:
            lines = [replies.t("flow.review.header")]
            for step in flow.steps:
                answer = draft.answer(step.id)
                if answer is None:
                    continue
                lines.append(
                    replies.t(
                        "flow.review.line",
                        label=self._text(step.label, replies),
                        answer=self._display_answer(step, answer, replies),
                    )
                )
            lines.append("")
            lines.append(replies.t("flow.review.prompt"))
            replies.say("\n".join(lines), self._review_choices(replies))
            return
        current_step = flow.step(draft.step)
        if current_step is None or draft.step in (SENT, CANCELLED):
            return
        self._prompt_step(draft, current_step, replies)

    def _prompt_step(self, draft: Draft, step: Step, replies: Replies) -> None:
        text = self._text(step.prompt, replies)
        current = draft.answer(step.id)
        if draft.is_editing and current is not None:
            text += "\n" + replies.t(
                "flow.current_answer", answer=self._display_answer(step, current, replies)
            )
        choices = tuple(Choice(f"{STEP_CHOICE}{c.value}", self._text(c.label, replies)) for c in step.choices)
        replies.say(text, choices)

    @staticmethod
    def _review_choices(replies: Replies) -> tuple[Choice, ...]:
        return (
            Choice(SEND, replies.t("flow.review.send")),
            Choice(EDIT, replies.t("flow.review.edit")),
            Choice(CANCEL, replies.t("flow.review.cancel")),
        )

    def _display_answer(self, step: Step, answer: str, replies: Replies) -> str:
        for choice in step.choices:
            if choice.value == answer:
                return self._text(choice.label, replies)
        return answer

    def _safety_redirect(
        self, category: str, inbound: Inbound, mentee: Mentee, conversation: Conversation, replies: Replies
    ) -> Conversation:
        """Answer at once with where to find help; stop the flow; keep none of the text.

        The mentor's next digest shows, first, that this mentee was sent the safety
        message: a flagged item with no content (the words may be health data).
        """
        assert self.safety is not None
        replies.say(self.safety.respond(category, replies.locale))
        now_at = self.clock.now()
        alert = Item(
            id=uuid4().hex,
            ref=self._new_ref(),
            mentee=mentee.user,
            alias=mentee.alias,
            mentor=mentee.mentor,
            flow="safety",
            answers=(),
            submitted_at=now_at,
            is_flagged=True,
            theme=category,
        )
        cleared = self._settled(replace(conversation, draft=None, pending=None), inbound, replies)
        self.store.submit_item(alert, cleared)
        self._written = cleared
        log.warning("safety message sent category=%s ref=%s", category, alert.ref)
        return cleared

    # ------------------------------------------------------------------ misc
    def _away_notice(self, conversation: Conversation, replies: Replies) -> Conversation:
        """One notice per closed period, like an away message, never one per message."""
        now_at = self.clock.now()
        period = self.calendar.closed_period_key(now_at)
        if period is None or conversation.away_period == period:
            return conversation
        reading = describe_reading(self.calendar, now_at, replies.locale, self.catalogue)
        day = now_at.astimezone(self.calendar.zone).date()
        if self.calendar.day_is_closed(day) in ("closure", "holiday"):
            why = closed_reason(self.calendar, now_at, self.catalogue, replies.locale)
            replies.say_key("core.away_because", reading=reading, why=why)
        else:
            replies.say_key("core.away", reading=reading)
        return replace(conversation, away_period=period)

    def _thread(self, mentee: Mentee, replies: Replies) -> None:
        items = sorted(self.store.items_of(mentee.user), key=lambda i: i.submitted_at)
        if not items:
            replies.say_key("core.thread.empty")
            return
        lines = [replies.t("core.thread.header", count=len(items))]
        zone = self.settings.zone
        for item in items:
            day = format_day(item.submitted_at.astimezone(zone).date(), replies.locale)
            status = replies.t(f"core.thread.status.{item.status.value}")
            lines.append("")
            lines.append(replies.t("core.thread.item", ref=item.ref, day=day, status=status))
            question = next(
                (a.text for a in item.answers if a.step == "question"),
                item.answers[-1].text if item.answers else "",
            )
            lines.append(replies.t("core.thread.question", question=question))
            for reply in item.replies:
                if reply.text:
                    reply_day = format_day(reply.at.astimezone(zone).date(), replies.locale)
                    lines.append(replies.t("core.thread.reply", day=reply_day, text=reply.text))
        replies.say("\n".join(lines))

    def _remember(self, conversation: Conversation, inbound: Inbound) -> Conversation:
        """Record the inbound id so a redelivered webhook has no second effect."""
        if inbound.message_id in conversation.seen_ids:
            return conversation
        seen = (*conversation.seen_ids, inbound.message_id)[-SEEN_IDS_KEPT:]
        return replace(conversation, seen_ids=seen)


def encodable(inbound: Inbound) -> Inbound:
    """Lone surrogates (possible through JSON escapes) can't be stored as UTF-8: replace them."""
    text = inbound.text.encode("utf-8", "replace").decode("utf-8")
    payload = inbound.payload.encode("utf-8", "replace").decode("utf-8")
    if text == inbound.text and payload == inbound.payload:
        return inbound
    return replace(inbound, text=text, payload=payload)


def _short(user: UserRef) -> str:
    """A non-identifying tag for logs: channel plus a hash prefix, never the platform id."""
    import hashlib

    return f"{user.channel}:{hashlib.sha256(user.key.encode()).hexdigest()[:8]}"
