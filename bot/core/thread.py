"""/fil: the person's own questions and the mentor's replies, oldest first (theirs only)."""

from __future__ import annotations

from collections.abc import Mapping
from zoneinfo import ZoneInfo

from bot.config.flows import FlowSpec, question_of
from bot.core.turn import Turn
from bot.ports import ItemStore
from bot.schedule.phrasing import format_day


class ThreadView:
    def __init__(self, *, store: ItemStore, flows: Mapping[str, FlowSpec], zone: ZoneInfo) -> None:
        self.store = store
        self.flows = dict(flows)
        self.zone = zone

    async def show(self, turn: Turn) -> None:
        replies = turn.replies
        # Alerts are not questions: the safety message sent is no step of the thread.
        items = [item for item in await self.store.items_of(turn.mentee.user) if not item.is_alert]
        if not items:
            replies.say_key("core.thread.empty")
            return
        lines = [replies.t("core.thread.header", count=len(items))]
        for item in items:
            day = format_day(item.submitted_at.astimezone(self.zone).date(), replies.locale)
            status = replies.t(f"core.thread.status.{item.status.value}")
            lines.append("")
            lines.append(replies.t("core.thread.item", ref=item.ref, day=day, status=status))
            question = question_of(item, self.flows.get(item.flow))
            if question is None:  # a flow without a question step: its last answer
                question = item.answers[-1].text if item.answers else ""
            lines.append(replies.t("core.thread.question", question=question))
            for reply in item.replies:
                if reply.text:
                    reply_day = format_day(reply.at.astimezone(self.zone).date(), replies.locale)
                    lines.append(replies.t("core.thread.reply", day=reply_day, text=reply.text))
        replies.say("\n".join(lines))
