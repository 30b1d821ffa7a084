"""The mentee's rights in conversation: /export, /erase, /stop and the answers they await.

/export sends everything kept about the person as JSON plus Markdown; /erase asks for
confirmation then removes everything; /stop asks whether to keep or erase, then withdraws
or erases.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime

from bot.config.flows import FlowSpec
from bot.config.i18n import Catalogue
from bot.config.settings import Settings
from bot.core.replies import Replies
from bot.core.turn import Turn
from bot.domain import Choice, Conversation, Inbound, InboundKind, Mentee, match_choice
from bot.domain.pending import Confirmation, ConfirmErase, ConfirmStop
from bot.ports import Clock, OnErased, Store
from bot.privacy.audit import ERASE_REFUSED_HOLD, EXPORTED, record
from bot.privacy.export import build_export
from bot.privacy.retention import erase_person, withdraw

YES, NO = "rights:yes", "rights:no"
KEEP, ERASE, STAY = "rights:keep", "rights:erase", "rights:stay"


class RightsDesk:
    """The router's rights handler: export, erase, stop, and the answers to their questions.

    Returns the conversation to save; after an erasure the turn's replies say so, and the
    router saves nothing for a person who no longer exists.
    """

    def __init__(
        self,
        *,
        store: Store,
        clock: Clock,
        settings: Settings,
        catalogue: Catalogue,
        on_erased: OnErased,
        flows: Mapping[str, FlowSpec] | None = None,
    ) -> None:
        self.flows = flows or {}
        self.store = store
        self.on_erased = on_erased
        self.clock = clock
        self.settings = settings
        self.catalogue = catalogue

    async def command(self, turn: Turn, name: str) -> Conversation:
        """/export, /effacer or /arret (`name` is the command's canonical name)."""
        mentee, conversation, replies = turn.mentee, turn.conversation, turn.replies
        if name == "export":
            return await self._export(mentee, conversation, replies)
        if name == "erase":
            replies.say_key(
                "privacy.erase.confirm",
                self._choices(replies, ((YES, "privacy.erase.yes"), (NO, "privacy.erase.no"))),
            )
            return replace(conversation, pending=ConfirmErase())
        if name == "stop":
            days = self.settings.retention.withdrawn_mentees.days
            replies.say_key(
                "privacy.stop.ask",
                self._choices(
                    replies,
                    ((KEEP, "privacy.stop.keep"), (ERASE, "privacy.stop.erase"), (STAY, "privacy.stop.stay")),
                    days=days,
                ),
                days=days,
            )
            return replace(conversation, pending=ConfirmStop())
        replies.say_key("core.unknown_command")
        return conversation

    def _choices(
        self, replies: Replies, options: Iterable[tuple[str, str]], **params: object
    ) -> tuple[Choice, ...]:
        return tuple(Choice(value, replies.t(key, **params)) for value, key in options)

    async def _export(self, mentee: Mentee, conversation: Conversation, replies: Replies) -> Conversation:
        now_at = self.clock.now()
        bundle = await build_export(
            self.store,
            mentee,
            now_at=now_at,
            settings=self.settings,
            catalogue=self.catalogue,
            flows=self.flows,
        )
        as_json, as_markdown = bundle.attachments()
        # Not durable on purpose: an export must not be copied into the outbox on disk.
        replies.say_key("privacy.export.ready")
        replies.messages[-1] = replace(replies.messages[-1], attachment=as_json)
        replies.say_key("privacy.export.readable")
        replies.messages[-1] = replace(replies.messages[-1], attachment=as_markdown)
        await record(
            self.store,
            at=now_at,
            actor=mentee.alias,
            action=EXPORTED,
            subject=mentee.alias,
            items=str(len(await self.store.items_of(mentee.user))),
        )
        return conversation

    def _answer(
        self, inbound: Inbound, options: tuple[tuple[str, str, tuple[str, ...]], ...], replies: Replies
    ) -> str | None:
        """A button's value, or typed text matching a number, a label or a plain yes/no word."""
        if inbound.kind is InboundKind.CHOICE:
            return inbound.payload if any(inbound.payload == v for v, _, _ in options) else None
        choices = [Choice(value, replies.t(key)) for value, key, _ in options]
        found = match_choice(inbound.text, choices, words={value: words for value, _, words in options})
        return found.value if found is not None else None

    async def confirm(self, turn: Turn, pending: Confirmation) -> Conversation:
        """The answer to the question `pending` asked (a button, a number, a label, oui/non)."""
        inbound, mentee, replies = turn.inbound, turn.mentee, turn.replies
        cleared = replace(turn.conversation, pending=None)
        now_at = self.clock.now()
        if isinstance(pending, ConfirmErase):
            answer = self._answer(
                inbound,
                ((YES, "privacy.erase.yes", ("oui", "yes")), (NO, "privacy.erase.no", ("non", "no"))),
                replies,
            )
            if answer == YES:
                return await self._erase(mentee, cleared, replies, now_at)
            replies.say_key("privacy.erase.cancelled" if answer == NO else "privacy.not_confirmed")
            return cleared
        else:
            days = self.settings.retention.withdrawn_mentees.days
            answer = self._answer(
                inbound,
                (
                    (KEEP, "privacy.stop.keep", ()),
                    (ERASE, "privacy.stop.erase", ()),
                    (STAY, "privacy.stop.stay", ()),
                ),
                replies,
            )
            if answer == KEEP:
                withdrawn = await withdraw(self.store, mentee, cleared, now_at=now_at)
                replies.say_key("privacy.stop.kept", days=days)
                return withdrawn
            if answer == ERASE:
                return await self._erase(mentee, cleared, replies, now_at)
            replies.say_key("privacy.stop.stayed" if answer == STAY else "privacy.not_confirmed")
            return cleared

    async def _erase(
        self, mentee: Mentee, conversation: Conversation, replies: Replies, now_at: datetime
    ) -> Conversation:
        if mentee.has_legal_hold:
            await record(
                self.store, at=now_at, actor=mentee.alias, action=ERASE_REFUSED_HOLD, subject=mentee.alias
            )
            replies.say_key("privacy.erase.held")
            return conversation
        await erase_person(self.store, mentee, actor=mentee.alias, now_at=now_at, on_erased=self.on_erased)
        replies.is_erased = True
        replies.say_key("privacy.erase.done")
        return Conversation(user=mentee.user)
