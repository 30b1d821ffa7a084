"""The mentor's digest: which items a slot carries, in which order, and how they read.

Pure: items, flows, a catalogue and instants in, Outbounds out. Nothing here reads a clock,
the store or a channel, so the ordering and the window rules are tested with plain values
and the same code serves `cadre digest --preview`, the console and the scheduler.

Why one message per item after a short summary: a mentor answers an item by replying to
its message on Telegram or WhatsApp, so each item needs its own platform message id (kept
by the outbox) to route that reply back. Keys are derived from the mentor and the slot, so
building the same digest twice cannot send it twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from bot.config.flows import FlowSpec, Step
from bot.config.i18n import Catalogue
from bot.domain import Choice, Item, ItemStatus, Outbound, UserRef
from bot.schedule.hours import NoOpeningError, ReadingCalendar
from bot.schedule.phrasing import describe_wait, format_clock, format_day

MENTOR_PAYLOAD = "mentor"
"""Prefix of the mentor's button payloads: "mentor:<action>:<ref>"."""

ITEM_ACTIONS = ("answer", "defer", "close", "redirect")
ALERT_ACTIONS = ("answer", "close")
"""An alert is not a question: the mentor writes to the person, or files it as read."""
"""The buttons under each item, in the order they are shown."""

BUTTON_CHANNELS = frozenset({"telegram", "whatsapp"})
"""Channels that show choices as buttons; elsewhere the item says which command to type."""

NEXT_SLOT_LOOKAHEAD = timedelta(days=8)
"""A week plus a day covers every weekly rhythm; longer gaps (closures) use next_opening."""


@dataclass(frozen=True)
class Digest:
    """What one mentor receives at one slot: items already filtered and ordered."""

    mentor: str
    slot_at: datetime
    built_at: datetime
    items: tuple[Item, ...]

    @property
    def flagged_count(self) -> int:
        return sum(1 for item in self.items if item.is_flagged)

    @property
    def alert_count(self) -> int:
        return sum(1 for item in self.items if item.is_alert)


def slot_key(slot_at: datetime) -> str:
    """The slot as a UTC ISO instant: stable whatever the zone or the offset of the day."""
    return slot_at.astimezone(UTC).isoformat()


def summary_key(mentor: str, slot_at: datetime) -> str:
    return f"digest:{mentor}:{slot_key(slot_at)}:summary"


def item_key(mentor: str, slot_at: datetime, item: Item) -> str:
    return f"digest:{mentor}:{slot_key(slot_at)}:{item.id}"


def digest_order(item: Item) -> tuple[bool, str, datetime, str]:
    """Flagged (safety alerts) first, then grouped by alias, oldest first within an alias."""
    return (not item.is_flagged, item.alias.casefold(), item.submitted_at, item.id)


def select_items(items: Iterable[Item], mentor: str, slot_at: datetime, as_of: datetime) -> list[Item]:
    """Waiting items of `mentor` the slot carries, in digest order.

    An item deferred to a later opening stays out until that opening; an item submitted
    after `as_of` does not exist yet for this digest (a preview at a past instant).
    """
    chosen = [
        item
        for item in items
        if item.mentor == mentor
        and item.status is ItemStatus.WAITING
        and item.submitted_at <= as_of
        and (item.deferred_until is None or item.deferred_until <= slot_at)
    ]
    return sorted(chosen, key=digest_order)


def build_digest(
    mentor: str, slot_at: datetime, items: Iterable[Item], *, as_of: datetime | None = None
) -> Digest:
    built_at = as_of if as_of is not None else slot_at
    return Digest(
        mentor=mentor,
        slot_at=slot_at,
        built_at=built_at,
        items=tuple(select_items(items, mentor, slot_at, built_at)),
    )


def next_slot(
    calendar: ReadingCalendar, after_at: datetime, extra_times: Sequence[time] = ()
) -> datetime | None:
    """The first digest slot strictly after `after_at`, or None if no window ever opens.

    Slots within the coming week are scanned directly; beyond (a long closure) the next
    opening is by definition the next slot, since extra times only count inside windows.
    """
    slots = calendar.digest_slots_between(after_at, after_at + NEXT_SLOT_LOOKAHEAD, extra_times)
    if slots:
        return slots[0]
    try:
        return calendar.next_opening(after_at)
    except NoOpeningError:
        return None


def latest_slot(
    calendar: ReadingCalendar, after_at: datetime, until_at: datetime, extra_times: Sequence[time] = ()
) -> datetime | None:
    """The most recent slot in (after, until]: the one a late start-up catches up on."""
    slots = calendar.digest_slots_between(after_at, until_at, extra_times)
    return slots[-1] if slots else None


class DigestRenderer:
    """Turns a Digest into the summary message and one message per item.

    Step labels and choice labels come from the flow definitions through the catalogue,
    so a coach who renames a step sees the new label in the mentor's digest too.
    """

    def __init__(self, catalogue: Catalogue, flows: Mapping[str, FlowSpec], *, zone_name: str) -> None:
        from zoneinfo import ZoneInfo

        self._catalogue = catalogue
        self._flows = dict(flows)
        self._zone = ZoneInfo(zone_name)

    def _t(self, key: str, locale: str, **params: object) -> str:
        return self._catalogue.text(key, locale, **params)

    def _label(self, text_or_key: str, locale: str) -> str:
        if self._catalogue.has(text_or_key, locale):
            return self._catalogue.text(text_or_key, locale)
        return text_or_key

    def _step(self, item: Item, step_id: str) -> Step | None:
        flow = self._flows.get(item.flow)
        return flow.step(step_id) if flow is not None else None

    def _theme_step(self, item: Item) -> Step | None:
        """The step whose answer sorts the digest (role: theme in the flow)."""
        flow = self._flows.get(item.flow)
        return flow.role_step("theme") if flow is not None else None

    def _value_label(self, step: Step | None, value: str, locale: str) -> str:
        if step is not None:
            for choice in step.choices:
                if choice.value == value:
                    return self._label(choice.label, locale)
        return value

    def waited(self, item: Item, as_of: datetime, locale: str) -> str:
        """'3 jours', '22 heures', to the nearest unit (days until three weeks: 10 days are
        not "une semaine")."""
        return describe_wait(as_of - item.submitted_at, self._catalogue, locale)

    def theme(self, item: Item, locale: str) -> str:
        if item.theme is None:
            return self._t("mentor.digest.no_theme", locale)
        return self._value_label(self._theme_step(item), item.theme, locale)

    def item_text(self, item: Item, number: int, count: int, as_of: datetime, locale: str) -> str:
        lines = [
            self._t(
                "mentor.digest.item_header",
                locale,
                number=number,
                count=count,
                ref=item.ref,
                alias=item.alias,
            )
        ]
        if item.is_alert:
            # Not a question: no theme, no answers, nothing of what was written.
            local = item.submitted_at.astimezone(self._zone)
            lines.append(
                self._t(
                    "mentor.digest.alert",
                    locale,
                    alias=item.alias,
                    day=format_day(local.date(), locale),
                    time=format_clock(local.time(), locale),
                )
            )
            lines.append(self._t("mentor.digest.alert_howto", locale, ref=item.ref, alias=item.alias))
            return "\n".join(lines)
        lines.append(
            self._t(
                "mentor.digest.item_meta",
                locale,
                theme=self.theme(item, locale),
                waited=self.waited(item, as_of, locale),
            )
        )
        theme_step = self._theme_step(item)
        for answer in item.answers:
            if theme_step is not None and answer.step == theme_step.id:
                continue
            step = self._step(item, answer.step)
            label = self._label(step.label, locale) if step is not None else answer.step
            lines.append(
                self._t(
                    "mentor.digest.answer_line",
                    locale,
                    label=label,
                    answer=self._value_label(step, answer.text, locale),
                )
            )
        lines.append(self._t("mentor.digest.item_howto", locale, ref=item.ref))
        return "\n".join(lines)

    def item_choices(self, item: Item, locale: str) -> tuple[Choice, ...]:
        actions = ALERT_ACTIONS if item.is_alert else ITEM_ACTIONS
        return tuple(
            Choice(f"{MENTOR_PAYLOAD}:{action}:{item.ref}", self._t(f"mentor.action.{action}", locale))
            for action in actions
        )

    def summary_text(self, digest: Digest, locale: str, mentor_name: str, notes: Sequence[str] = ()) -> str:
        local = digest.slot_at.astimezone(self._zone)
        count = len(digest.items) - digest.alert_count
        lines = [
            self._t(
                "mentor.digest.summary"
                if count
                else ("mentor.digest.summary_none" if notes else "mentor.digest.summary_no_question"),
                locale,
                name=mentor_name,
                count=count,
                day=format_day(local.date(), locale),
                time=format_clock(local.time(), locale),
            )
        ]
        if digest.alert_count:
            lines.append(self._t("mentor.digest.summary_alerts", locale, count=digest.alert_count))
        lines.extend(notes)
        if digest.items:
            lines.append(self._t("mentor.digest.summary_howto", locale))
        return "\n".join(lines)

    def render(
        self,
        digest: Digest,
        *,
        to: UserRef,
        locale: str,
        mentor_name: str,
        has_buttons: bool,
        notes: Sequence[str] = (),
        is_news: bool = False,
    ) -> list[Outbound]:
        """Summary first (with `notes`, lines other parts add), then one durable message per
        item; nothing for an empty digest unless `is_news` (something to tell anyway)."""
        if not digest.items and not is_news:
            return []
        out = [
            Outbound(
                to=to,
                text=self.summary_text(digest, locale, mentor_name, notes),
                key=summary_key(digest.mentor, digest.slot_at),
                is_durable=True,
            )
        ]
        count = len(digest.items)
        for number, item in enumerate(digest.items, start=1):
            out.append(
                Outbound(
                    to=to,
                    text=self.item_text(item, number, count, digest.built_at, locale),
                    key=item_key(digest.mentor, digest.slot_at, item),
                    choices=self.item_choices(item, locale) if has_buttons else (),
                    item_ref=item.ref,
                    is_durable=True,
                )
            )
        return out
