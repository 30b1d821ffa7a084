"""/fil: the person's own questions and what their mentor did with each, oldest first
(theirs only); and, when they come back, that a reply is waiting to be read.

A mentor's answer is shown as the mentor's words; closing a question or taking it to the
next session is shown as what happened, not as an answer (its notice was the bot's).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.config.flows import FlowSpec, question_of
from bot.core.replies import Replies
from bot.core.turn import Turn
from bot.domain import Conversation, Item, Reply, ReplyKind, UserRef
from bot.ports import Clock, ItemStore
from bot.schedule.phrasing import format_day

WORDS = (ReplyKind.ANSWER, ReplyKind.CANNED)
"""Replies that carry the mentor's words; the others are notices of what was done."""


class ThreadView:
    def __init__(
        self, *, store: ItemStore, flows: Mapping[str, FlowSpec], zone: ZoneInfo, clock: Clock
    ) -> None:
        self.store = store
        self.flows = dict(flows)
        self.zone = zone
        self.clock = clock

    async def questions(self, user: UserRef) -> list[Item]:
        # Alerts are not questions: the safety message sent is no step of the thread.
        return [item for item in await self.store.items_of(user) if not item.is_alert]

    async def show(self, turn: Turn) -> Conversation:
        """The thread; every reply read from now on is no longer new."""
        replies = turn.replies
        items = await self.questions(turn.mentee.user)
        if not items:
            replies.say_key("core.thread.empty")
            return turn.conversation
        seen_at = turn.conversation.replies_seen_at
        lines = [replies.t("core.thread.header", count=len(items))]
        for item in items:
            day = self._day(item.submitted_at, replies)
            status = replies.t(f"core.thread.status.{item.status.value}")
            lines.append("")
            lines.append(replies.t("core.thread.item", ref=item.ref, day=day, status=status))
            question = question_of(item, self.flows.get(item.flow))
            if question is None:  # a flow without a question step: its last answer
                question = item.answers[-1].text if item.answers else ""
            lines.append(replies.t("core.thread.question", question=question))
            lines += [self._reply_line(reply, seen_at, replies) for reply in item.replies]
        replies.say("\n".join(lines))
        return replace(turn.conversation, replies_seen_at=self.clock.now())

    async def news(self, user: UserRef, conversation: Conversation | None, replies: Replies) -> None:
        """The person comes back: say which questions got a reply since they last read the
        thread (where the reply's own message may not have reached their screen)."""
        seen_at = conversation.replies_seen_at if conversation is not None else None
        refs = [
            item.ref
            for item in await self.questions(user)
            if any(_is_new(reply, seen_at) for reply in item.replies if reply.kind in WORDS)
        ]
        if refs:
            replies.say_key("core.thread.news", count=len(refs), refs=", ".join(refs))

    def _reply_line(self, reply: Reply, seen_at: datetime | None, replies: Replies) -> str:
        day = self._day(reply.at, replies)
        if reply.kind in WORDS:
            key = "core.thread.reply_new" if _is_new(reply, seen_at) else "core.thread.reply"
            return replies.t(key, day=day, text=reply.text)
        return replies.t(f"core.thread.notice.{reply.kind.value}", day=day)

    def _day(self, at: datetime, replies: Replies) -> str:
        return format_day(at.astimezone(self.zone).date(), replies.locale)


def _is_new(reply: Reply, seen_at: datetime | None) -> bool:
    return seen_at is None or reply.at > seen_at
