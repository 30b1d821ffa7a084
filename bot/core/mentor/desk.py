"""The mentor's desk: answer, defer, close or redirect an item, whenever the mentor likes.

Only people listed as mentors in `config/cadre.yaml` (by their channel id) reach this
desk; the router asks `is_mentor` first, so a mentee typing "/clore ABCD" simply gets the
mentee experience. A mentor names an item three ways, most explicit first: by replying to
the item's message (the outbox remembers which platform message carried which item), by a
pending "Answer" button, or by its reference at the start of the text or after a command.

The answer and the item are written together by the outbox (its only writer, through the
`ReplyOutbox` port) in one atomic store write: after a crash either the item shows the
answer and the entry will be sent, or neither; a second identical action finds the same
key and sends nothing.
The mentor may act outside the reading window: only the bot's unsolicited messages
(digests) respect it.

The mentor is bound by the mentee's rule: an answer or a canned reply is screened
(`review()`) before anything is stored or sent. Found data is named to the mentor, who
rewrites (the next text is the answer), takes the anonymised suggestion, or, when every
finding is only a word that may be a name, confirms it names no real person or company
(audited with ids and a count). The refused text is held in memory only, never stored.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace

from bot.config.flows import FlowSpec, question_of
from bot.config.i18n import Catalogue
from bot.config.settings import Mentor, Settings
from bot.core.commands import CommandWords
from bot.core.journey import MENTOR_COMMANDS as JOURNEY_COMMANDS
from bot.core.journey import JourneyHandler
from bot.core.replies import Replies
from bot.core.turn import MentorTurn, remember, remembered_answers
from bot.domain import (
    AuditEvent,
    Choice,
    Conversation,
    Inbound,
    InboundKind,
    Item,
    ItemStatus,
    MenteeStatus,
    Outbound,
    Reply,
    ReplyKind,
    UserRef,
    is_choice_number,
)
from bot.domain.ids import READABLE_ALPHABET
from bot.domain.pending import AwaitingAnswer, Pending
from bot.domain.text import fold_letters
from bot.ports import Clock, ReplyOutbox, Screener, Store
from bot.privacy.audit import mentor_actor
from bot.schedule.digest import BUTTON_CHANNELS, MENTOR_PAYLOAD, DigestRenderer, build_digest
from bot.schedule.hours import NoOpeningError, ReadingCalendar
from bot.schedule.phrasing import format_clock, format_day
from bot.screening.review import Review, review

log = logging.getLogger(__name__)

KEPT_FOR_REPLAY = ("mentor.confirm.", "mentor.prompt.", "mentor.error.", "mentor.help", "mentor.digest.empty")
"""The catalogue keys of the mentor's answers a replay may send again: they name items by
reference and mentees by alias, never quote them. An unknown reference echoes what the
mentor typed (unscreened), so it is left out."""


def is_kept_for_replay(key: str) -> bool:
    return key.startswith(KEPT_FOR_REPLAY) and key != "mentor.error.unknown_ref"


MENTOR_COMMANDS = (
    "answer",
    "defer",
    "close",
    "redirect",
    "canned",
    "help",
    "list",
    "cancel",
    *JOURNEY_COMMANDS,
)
"""The mentor's commands; their words are the catalogue's (`mentor.commands.*`), in every
shipped language, since a mentor may switch the bot's locale mid-month."""

ALERT_COMMANDS = ("answer", "close", "suggested", "vouch")
"""What an alert takes: a message to the person (screened like any answer), or filing it."""
ITEM_COMMANDS = ("answer", "defer", "close", "redirect", "canned", "suggested", "vouch")
VOUCHED_ACTION = "screening_vouched"


@dataclass(frozen=True)
class _Held:
    """A refused answer, in memory only: what 'take the suggestion' or 'confirm' sends."""

    ref: str
    kind: ReplyKind
    text: str
    suggestion: str | None
    can_vouch: bool
    words: int


def parse_payload(payload: str) -> tuple[str, str, str] | None:
    """'mentor:answer:ABCD' → ('answer', 'ABCD', ''); 'mentor:canned:ABCD:key' keeps key."""
    parts = payload.split(":", 3)
    if len(parts) < 3 or parts[0] != MENTOR_PAYLOAD or parts[1] not in ITEM_COMMANDS:
        return None
    return parts[1], parts[2].upper(), parts[3] if len(parts) == 4 else ""


class MentorDesk:
    """Handles a configured mentor's messages; returns what to send (mentor and mentees)."""

    def __init__(
        self,
        *,
        settings: Settings,
        catalogue: Catalogue,
        flows: Mapping[str, FlowSpec],
        store: Store,
        clock: Clock,
        calendar: ReadingCalendar,
        screener: Screener,
        journey: JourneyHandler,
        outbox: ReplyOutbox,
    ) -> None:
        self.settings = settings
        self.journey = journey
        self.outbox = outbox
        self.catalogue = catalogue
        self.store = store
        self.screener = screener
        self._held: dict[str, _Held] = {}
        self.clock = clock
        self.calendar = calendar
        self.locale = catalogue.resolve_locale(settings.locale)
        self.flows = dict(flows)
        self.renderer = DigestRenderer(catalogue, flows, zone_name=settings.timezone)
        self.words = CommandWords(catalogue, section="mentor.commands", names=MENTOR_COMMANDS)
        self._by_account: dict[tuple[str, str], Mentor] = {
            (channel, ident): mentor
            for mentor in settings.mentors
            for channel, ident in mentor.channels.items()
        }

    # ------------------------------------------------------------------ identity
    def is_mentor(self, user: UserRef) -> bool:
        return (user.channel, user.id) in self._by_account

    def mentor_of(self, user: UserRef) -> Mentor | None:
        return self._by_account.get((user.channel, user.id))

    # ------------------------------------------------------------------ entry point
    async def handle(self, inbound: Inbound) -> list[Outbound]:
        """One mentor event in, confirmations (and mentee messages) out; idempotent on id."""
        mentor = self.mentor_of(inbound.user)
        if mentor is None:
            return []
        conversation = await self.store.get_conversation(inbound.user) or Conversation(inbound.user)
        if inbound.message_id in conversation.seen_ids:
            kept = remembered_answers(conversation, inbound.message_id) if inbound.is_replay else None
            if kept is not None and not kept.is_withheld:
                log.info("replayed mentor inbound answered again mentor=%s", mentor.id)
                return list(kept.outbounds)
            log.info("duplicate mentor inbound ignored mentor=%s", mentor.id)
            return []
        replies = Replies(inbound.user, inbound.message_id, self.catalogue, self.locale)
        conversation = await self._dispatch(inbound, mentor, conversation, replies)
        # Kept for a replay only when every answer to the mentor is a confirmation, a prompt
        # or an error said by its catalogue key: what renders an item, a note or a report
        # holds a mentee's words, which their erasure must take along, not leave here.
        kept_for = replies if replies.is_said_by(is_kept_for_replay) else None
        await self.store.save_conversation(remember(conversation, inbound.message_id, kept_for))
        return replies.messages

    async def _dispatch(
        self, inbound: Inbound, mentor: Mentor, conversation: Conversation, replies: Replies
    ) -> Conversation:
        if inbound.kind is InboundKind.MEDIA:
            replies.say_key("mentor.error.media")
            return conversation
        if inbound.kind is InboundKind.CHOICE:
            return await self._choice(inbound, mentor, conversation, replies)
        word, argument = "", ""
        if inbound.kind is InboundKind.COMMAND:
            word, argument = inbound.text, inbound.payload
        elif inbound.text.startswith("/") and len(inbound.text) > 1:
            word, _, argument = inbound.text[1:].partition(" ")
        if word:
            return await self._command(inbound, word, argument.strip(), mentor, conversation, replies)
        return await self._text(inbound, mentor, conversation, replies)

    # ------------------------------------------------------------------ ways in
    async def _choice(
        self, inbound: Inbound, mentor: Mentor, conversation: Conversation, replies: Replies
    ) -> Conversation:
        parsed = parse_payload(inbound.payload)
        if parsed is None:
            replies.say_key("mentor.error.unrecognised")
            return conversation
        action, ref, extra = parsed
        item = await self._item(ref, mentor, replies)
        if item is None:
            return conversation
        return await self._on_item(action, item, extra, inbound, mentor, conversation, replies)

    async def _command(
        self,
        inbound: Inbound,
        word: str,
        argument: str,
        mentor: Mentor,
        conversation: Conversation,
        replies: Replies,
    ) -> Conversation:
        action = self.words.resolve(word)
        if action is None:  # a typo: say so first, or the help alone hides what went wrong
            nearest = self.words.nearest(word, self.locale)
            if nearest is None:
                replies.say_key("mentor.error.unknown_command")
            else:
                replies.say_key("mentor.error.unknown_command_near", word=nearest)  # never echoes the typed
        if action is None or action == "help":
            replies.say_key("mentor.help", canned=", ".join(self._canned_words()))
            return conversation
        if action == "list":
            replies.messages.extend(
                await self.waiting_messages(inbound.user, mentor, f"list:{inbound.message_id}")
            )
            if not replies.messages:
                replies.say_key("mentor.digest.empty")
            await self._say_postponed(mentor, replies)
            return conversation
        if action in JOURNEY_COMMANDS:
            turn = MentorTurn(inbound, mentor, conversation, replies)
            return await self.journey.mentor_command(turn, action, argument)
        if action == "cancel":
            replies.say_key(
                "mentor.confirm.cancelled" if conversation.pending else "mentor.error.nothing_pending"
            )
            return replace(conversation, pending=None)
        ref, _, rest = argument.partition(" ")
        if not ref:
            replies.say_key(
                "mentor.error.missing_ref", example=f"/{self.words.word(action, self.locale)} ABCD"
            )
            return conversation
        item = await self._item(ref.strip(" :,.").upper(), mentor, replies)
        if item is None:
            return conversation
        return await self._on_item(action, item, rest.strip(), inbound, mentor, conversation, replies)

    async def _on_item(
        self,
        action: str,
        item: Item,
        text: str,
        inbound: Inbound,
        mentor: Mentor,
        conversation: Conversation,
        replies: Replies,
    ) -> Conversation:
        """An action on one item, from a button or a command: without its text, "answer"
        waits for the next message and "canned" offers the canned replies."""
        if item.status is not ItemStatus.WAITING and not (action == "answer" and self._is_repeat(item, text)):
            self._not_waiting(item, replies)
            return replace(conversation, pending=None)
        if item.is_alert and action not in ALERT_COMMANDS:
            replies.say_key("mentor.error.alert_action", ref=item.ref)
            return conversation
        if action == "answer" and not text:
            replies.say_key("mentor.prompt.answer", ref=item.ref)
            return replace(conversation, pending=AwaitingAnswer(item.ref))
        if action == "canned" and not text:
            await self._offer_canned(item, replies)
            return conversation
        pending = await self._act(action, item, mentor, text, inbound, replies)
        return replace(conversation, pending=pending)

    async def _text(
        self, inbound: Inbound, mentor: Mentor, conversation: Conversation, replies: Replies
    ) -> Conversation:
        text = inbound.text.strip()
        handled = await self.journey.mentor_text(MentorTurn(inbound, mentor, conversation, replies))
        if handled is not None:
            return handled
        if inbound.reply_to:
            entry = await self.store.by_platform_id(inbound.user.channel, inbound.reply_to, to=inbound.user)
            if entry is not None and entry.outbound.item_ref is not None:
                item = await self._item(entry.outbound.item_ref, mentor, replies)
                pending = None
                if item is not None:
                    pending = await self._answer(item, mentor, text, ReplyKind.ANSWER, inbound, replies)
                return replace(conversation, pending=pending)
        if isinstance(conversation.pending, AwaitingAnswer):
            typed, _, after = text.partition(" ")
            named = typed.rstrip(":,.-").upper()
            awaited = conversation.pending.ref
            if named == awaited and after.strip():
                text = after.strip()  # typed as every answer, "K7QF …": the words, not the reference
            elif len(named) == REF_LENGTH and await self._owned(named, mentor) is not None:
                # another item named: the answer is that item's, never the awaited one's
                conversation = replace(conversation, pending=None)
            elif _looks_like_ref(typed.rstrip(":,.-")):
                # a reference that names none of the mentor's items (mistyped, or its mentee erased
                # it): meant for another question, so never sent to the awaited one's mentee
                replies.say_key("mentor.error.unknown_ref_awaiting", ref=named, awaited=awaited)
                return conversation
        if isinstance(conversation.pending, AwaitingAnswer):
            held = self._held.get(mentor.id)
            offered = self._held_choices(held, replies) if held is not None else ()
            if (
                held is not None
                and held.ref == conversation.pending.ref
                and offered
                and is_choice_number(text)
            ):
                # a number beside the refusal's choices picks one (that is not there): not an answer
                replies.say(replies.t("mentor.screening.pick_choice", ref=held.ref), offered)
                return conversation
            item = await self._item(conversation.pending.ref, mentor, replies)
            pending = None
            if item is not None:
                pending = await self._answer(item, mentor, text, ReplyKind.ANSWER, inbound, replies)
            return replace(conversation, pending=pending)
        token, _, rest = text.partition(" ")
        token = token.rstrip(":,.-")
        item = await self._owned(token.upper(), mentor) if len(token) == REF_LENGTH else None
        if item is not None and await self._has_left(item, replies):
            return replace(conversation, pending=None)
        if item is not None:  # "y655 réponse…" names Y655 as well as "Y655 réponse…" does
            if not rest.strip():
                replies.say_key("mentor.error.missing_text", ref=item.ref)
                return conversation
            pending = await self._answer(item, mentor, rest.strip(), ReplyKind.ANSWER, inbound, replies)
            return replace(conversation, pending=pending)
        if _looks_like_ref(token):
            replies.say_key("mentor.error.unknown_ref", ref=token.upper())
            return conversation
        replies.say_key("mentor.error.unrecognised")
        return conversation

    # ------------------------------------------------------------------ actions
    async def _act(
        self, action: str, item: Item, mentor: Mentor, text: str, inbound: Inbound, replies: Replies
    ) -> Pending | None:
        """Do it; what the conversation waits for next (a rewrite after a refusal)."""
        if action == "answer":
            return await self._answer(item, mentor, text, ReplyKind.ANSWER, inbound, replies)
        if action == "canned":
            return await self._send_canned(item, mentor, text.split(" ")[0], inbound, replies)
        if action in ("suggested", "vouch"):
            return await self._held_answer(action, item, mentor, inbound, replies)
        if action == "defer":
            await self._defer(item, mentor, replies)
        elif action == "close" and item.is_alert:
            await self.store.save_item(replace(item, status=ItemStatus.CLOSED, deferred_until=None))
            await self._audit(mentor, "item_closed", item)
            replies.say_key("mentor.confirm.alert_closed", ref=item.ref, alias=item.alias)
        elif action == "close":
            closed = self.catalogue.text(
                "mentor.to_mentee.closed", await self._mentee_locale(item), ref=item.ref
            )
            await self._finish(
                item, mentor, ItemStatus.CLOSED, ReplyKind.CLOSE, closed, "mentor.confirm.closed", replies
            )
        elif action == "redirect":
            await self._finish(
                item,
                mentor,
                ItemStatus.REDIRECTED,
                ReplyKind.REDIRECT,
                await self._redirected_text(item),
                "mentor.confirm.redirected",
                replies,
            )
        return None

    async def _redirected_text(self, item: Item) -> str:
        """What the mentee reads when their question goes to a session: which one and when
        ("votre séance 3, lundi 1er mars à 14 h"), or only "your next session" when none is
        planned."""
        mentee = await self.store.get_mentee(item.mentee)
        locale = mentee.locale if mentee is not None else self.locale
        now_at = self.clock.now()
        session = await self.journey.next_session(mentee, now_at) if mentee is not None else None
        if session is None:
            return self.catalogue.text("mentor.to_mentee.redirected", locale, ref=item.ref)
        zone = self.settings.zone
        local = session.starts_at.astimezone(zone)
        return self.catalogue.text(
            "mentor.to_mentee.redirected_to_session",
            locale,
            ref=item.ref,
            number=session.number,
            day=format_day(local.date(), locale, reference=now_at.astimezone(zone).date()),
            time=format_clock(local.time(), locale),
        )

    async def _answer(
        self,
        item: Item,
        mentor: Mentor,
        text: str,
        kind: ReplyKind,
        inbound: Inbound,
        replies: Replies,
        *,
        vouched: bool = False,
    ) -> Pending | None:
        """The text goes to the mentee framed as the mentor's answer; the item is ANSWERED.

        Screened first: a text with findings is neither stored nor sent, the mentor is
        asked to rewrite it (the next text is the answer), unless they `vouched` for it.
        """
        self._held.pop(mentor.id, None)
        if not text:
            replies.say_key("mentor.error.missing_text", ref=item.ref)
            return None
        if self._is_repeat(item, text):
            replies.say_key("mentor.confirm.already_answered", ref=item.ref)
            log.info("duplicate mentor answer ignored ref=%s", item.ref)
            return None
        if item.status is not ItemStatus.WAITING:
            self._not_waiting(item, replies)
            return None
        if not vouched:
            placeholders = self.catalogue.section("screening.placeholder", await self._mentee_locale(item))
            verdict = review(self.screener, text, placeholders)
            if not verdict.is_clean:
                self._refuse(item, mentor, text, kind, verdict, replies)
                return AwaitingAnswer(item.ref)
        locale = await self._mentee_locale(item)
        question = question_of(item, self.flows.get(item.flow))
        if item.is_alert:
            body = self.catalogue.text("mentor.to_mentee.alert_answer", locale, text=text)
            await self._record(item, mentor, ItemStatus.ANSWERED, kind, text, body, replies)
            replies.say_key("mentor.confirm.alert_answered", alias=item.alias)
            return None
        if question:
            body = self.catalogue.text(
                "mentor.to_mentee.answer", locale, ref=item.ref, question=question, text=text
            )
        else:
            body = self.catalogue.text("mentor.to_mentee.answer_plain", locale, ref=item.ref, text=text)
        await self._record(item, mentor, ItemStatus.ANSWERED, kind, text, body, replies)
        replies.say_key("mentor.confirm.answered", ref=item.ref, alias=item.alias)
        return None

    def _refuse(
        self, item: Item, mentor: Mentor, text: str, kind: ReplyKind, verdict: Review, replies: Replies
    ) -> None:
        """Name what was found; offer the suggestion, a rewrite, and (names only) a confirmation."""
        kinds = self.catalogue.section("screening.kind", self.locale)
        lines = [replies.t("mentor.screening.maybe_found" if verdict.can_vouch else "mentor.screening.found")]
        lines += [
            replies.t("mentor.screening.finding", kind=kinds.get(kind, kind), words=words)
            for kind, words in dict.fromkeys((f.kind, f.text) for f in verdict.findings)
        ]
        if verdict.suggestion is not None:
            lines.append(replies.t("mentor.screening.suggestion", suggestion=verdict.suggestion))
        lines.append(replies.t("mentor.screening.rewrite_prompt", ref=item.ref))
        words = len(verdict.uncertain_words)
        held = _Held(item.ref, kind, text, verdict.suggestion, verdict.can_vouch, words)
        self._held[mentor.id] = held
        replies.say("\n".join(lines), self._held_choices(held, replies))
        log.info("mentor answer refused by screening ref=%s findings=%d", item.ref, len(verdict.findings))

    @staticmethod
    def _held_choices(held: _Held, replies: Replies) -> tuple[Choice, ...]:
        """What a refused answer offers: its anonymised version, and (names only) a confirmation."""
        choices: list[Choice] = []
        if held.suggestion is not None:
            choices.append(
                Choice(f"{MENTOR_PAYLOAD}:suggested:{held.ref}", replies.t("mentor.screening.use_suggestion"))
            )
        if held.can_vouch:
            choices.append(Choice(f"{MENTOR_PAYLOAD}:vouch:{held.ref}", replies.t("mentor.screening.vouch")))
        return tuple(choices)

    async def _held_answer(
        self, action: str, item: Item, mentor: Mentor, inbound: Inbound, replies: Replies
    ) -> Pending | None:
        """The suggestion taken, or the refused text confirmed as naming no real person or company."""
        held = self._held.get(mentor.id)
        if held is None or held.ref != item.ref:
            # refused in another process, or lost in a restart: nothing of it was stored
            replies.say_key("mentor.screening.lost", ref=item.ref)
            return AwaitingAnswer(item.ref)
        if action == "suggested" and held.suggestion is not None:
            return await self._answer(item, mentor, held.suggestion, held.kind, inbound, replies)
        if action == "suggested" or not held.can_vouch:  # a structured identifier: never kept
            replies.say_key("mentor.screening.lost", ref=item.ref)
            return AwaitingAnswer(item.ref)
        await self._audit(mentor, VOUCHED_ACTION, item, (("words", str(held.words)),))
        log.info("mentor answer kept on the mentor's word ref=%s words=%d", item.ref, held.words)
        return await self._answer(item, mentor, held.text, held.kind, inbound, replies, vouched=True)

    async def _send_canned(
        self, item: Item, mentor: Mentor, key: str, inbound: Inbound, replies: Replies
    ) -> Pending | None:
        texts = self.catalogue.section("mentor.canned", await self._mentee_locale(item))
        found = self._canned_key(key)
        if found is None or found not in texts:
            replies.say_key("mentor.error.unknown_canned", canned=", ".join(self._canned_words()))
            return None
        return await self._answer(item, mentor, texts[found], ReplyKind.CANNED, inbound, replies)

    async def _offer_canned(self, item: Item, replies: Replies) -> None:
        texts = self.catalogue.section("mentor.canned", self.locale)
        replies.say_key(
            "mentor.prompt.canned",
            tuple(
                Choice(f"{MENTOR_PAYLOAD}:canned:{item.ref}:{key}", _shorten(text))
                for key, text in sorted(texts.items())
            ),
            ref=item.ref,
        )

    async def _defer(self, item: Item, mentor: Mentor, replies: Replies) -> None:
        if item.status is not ItemStatus.WAITING:
            self._not_waiting(item, replies)
            return
        try:
            opening = self.calendar.next_opening(self.clock.now())
        except NoOpeningError:
            replies.say_key("mentor.error.no_window", ref=item.ref)
            return
        await self.store.save_item(replace(item, deferred_until=opening))
        await self._audit(mentor, "item_deferred", item)
        local = opening.astimezone(self.settings.zone)
        replies.say_key(
            "mentor.confirm.deferred",
            ref=item.ref,
            day=format_day(local.date(), self.locale),
            time=format_clock(local.time(), self.locale),
        )

    async def _finish(
        self,
        item: Item,
        mentor: Mentor,
        status: ItemStatus,
        kind: ReplyKind,
        body: str,
        confirm_key: str,
        replies: Replies,
    ) -> None:
        """Close or redirect: the mentee gets `body`, a message from the catalogue."""
        if item.status is not ItemStatus.WAITING:
            self._not_waiting(item, replies)
            return
        await self._record(item, mentor, status, kind, body, body, replies)
        replies.say_key(confirm_key, ref=item.ref, alias=item.alias)

    async def _record(
        self,
        item: Item,
        mentor: Mentor,
        status: ItemStatus,
        kind: ReplyKind,
        reply_text: str,
        body: str,
        replies: Replies,
    ) -> None:
        """The item and the message to the mentee in one atomic store write."""
        now_at = self.clock.now()
        outbound = Outbound(
            to=item.mentee,
            text=body,
            key=f"reply:{item.id}:{len(item.replies) + 1}",
            item_ref=item.ref,
            is_durable=True,
        )
        reply = Reply(kind=kind, text=reply_text, mentor=mentor.id, at=now_at)
        stored = await self.outbox.record_reply(
            replace(item, status=status, replies=(*item.replies, reply), deferred_until=None), outbound
        )
        await self._audit(mentor, f"item_{status.value}", item)
        log.info("mentor action ref=%s kind=%s key=%s", item.ref, kind.value, outbound.key)
        if stored is not None:  # None: the same action was already recorded, nothing to send
            replies.messages.append(stored)

    # ------------------------------------------------------------------ helpers
    async def waiting_messages(self, to: UserRef, mentor: Mentor, key_prefix: str) -> list[Outbound]:
        """The items waiting now, as a digest would show them (for /liste and the console).

        Durable so that replying to one of these messages routes to its item too.
        """
        now_at = self.clock.now()
        digest = build_digest(mentor.id, now_at, await self.store.open_items(mentor.id), as_of=now_at)
        rendered = self.renderer.render(
            digest,
            to=to,
            locale=self.locale,
            mentor_name=mentor.name or mentor.id,
            has_buttons=to.channel in BUTTON_CHANNELS,
        )
        return [replace(o, key=f"{key_prefix}:{index}") for index, o in enumerate(rendered)]

    async def _say_postponed(self, mentor: Mentor, replies: Replies) -> None:
        """The items /reporter took out of the list until a later opening: named, with when
        they come back, so that an empty list does not read as nothing left to answer."""
        now_at = self.clock.now()
        later = sorted(
            (
                item
                for item in await self.store.open_items(mentor.id)
                if item.status is ItemStatus.WAITING
                and item.deferred_until is not None
                and item.deferred_until > now_at
            ),
            key=lambda item: (item.deferred_until or now_at, item.ref),
        )
        if not later:
            return
        today = now_at.astimezone(self.settings.zone).date()
        lines = []
        for item in later:
            assert item.deferred_until is not None
            local = item.deferred_until.astimezone(self.settings.zone)
            lines.append(
                replies.t(
                    "mentor.digest.postponed_item",
                    ref=item.ref,
                    day=format_day(local.date(), self.locale, reference=today),
                    time=format_clock(local.time(), self.locale),
                )
            )
        replies.say_key("mentor.digest.postponed", count=len(later), items="\n".join(lines))

    async def _owned(self, ref: str, mentor: Mentor) -> Item | None:
        item = await self.store.find_item_by_ref(ref)
        return item if item is not None and item.mentor == mentor.id else None

    async def _item(self, ref: str, mentor: Mentor, replies: Replies) -> Item | None:
        """The mentor's own item by reference; another mentor's item is 'unknown', not 'forbidden'."""
        item = await self._owned(ref.upper(), mentor)
        if item is None:
            replies.say_key("mentor.error.unknown_ref", ref=ref[:12])
        elif await self._has_left(item, replies):
            return None
        return item

    async def _has_left(self, item: Item, replies: Replies) -> bool:
        """Whether the item's author has withdrawn: then nothing is sent to them nor changed,
        and the mentor is told why (the item was closed when they left)."""
        mentee = await self.store.get_mentee(item.mentee)
        if mentee is not None and mentee.status is not MenteeStatus.WITHDRAWN:
            return False
        replies.say_key("mentor.error.mentee_left", ref=item.ref, alias=item.alias)
        return True

    @staticmethod
    def _is_repeat(item: Item, text: str) -> bool:
        """The same answer sent again (a double tap, a resent message): nothing more goes out."""
        return any(r.kind in (ReplyKind.ANSWER, ReplyKind.CANNED) and r.text == text for r in item.replies)

    def _not_waiting(self, item: Item, replies: Replies) -> None:
        """The one rule: an item answered, closed or taken to a session is settled; no action
        (answer, defer, close, redirect, canned reply) changes it any more."""
        status = self.catalogue.text(f"mentor.status.{item.status.value}", self.locale)
        replies.say_key("mentor.error.not_waiting", ref=item.ref, status=status)

    async def _mentee_locale(self, item: Item) -> str:
        mentee = await self.store.get_mentee(item.mentee)
        return mentee.locale if mentee is not None else self.locale

    def _canned_words(self) -> list[str]:
        """What the mentor types for each canned reply, in their language (`mentor.canned_word`;
        a coach's own reply without one is typed by its key)."""
        words = self.catalogue.section("mentor.canned_word", self.locale)
        return sorted(words.get(key, key) for key in self.catalogue.section("mentor.canned", self.locale))

    def _canned_key(self, typed: str) -> str | None:
        """The canned reply a typed word names, in any shipped language, or by its key."""
        keys = self.catalogue.section("mentor.canned", self.locale)
        wanted = fold_letters(typed)
        for locale in self.catalogue.locales:
            words = self.catalogue.section("mentor.canned_word", locale)
            for key in keys:
                if wanted in (fold_letters(key), fold_letters(words.get(key, key))):
                    return key
        return None

    async def _audit(
        self, mentor: Mentor, action: str, item: Item, details: tuple[tuple[str, str], ...] = ()
    ) -> None:
        await self.store.append_audit(
            AuditEvent(
                at=self.clock.now(),
                actor=mentor_actor(mentor.id),
                action=action,
                subject=item.ref,
                details=details,
            )
        )


REF_LENGTH = 4


def _looks_like_ref(token: str) -> bool:
    """A reference typed in any case ("y655", "Y655"), told from an ordinary first word: in
    the alphabet and either written in capitals or holding a digit."""
    return (
        len(token) == REF_LENGTH
        and all(c in READABLE_ALPHABET for c in token.upper())
        and (token.isupper() or any(c.isdigit() for c in token))
    )


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
