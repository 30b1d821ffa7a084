"""The journey's share of `cadre run`: its digest lines, the closing review at the planned
end, the retention of reports and reviews.

Nothing here decides a rule: the moments come from bot/journey (pure), the texts from the
desk and the catalogue. What this module adds is when each runs and that each runs once
across processes: the closing review rides on the minute tick (claimed per minute by the
scheduler) and keeps a journey mark; the digest lines ride on the digest slot (claimed per
mentor) and keep their marks once delivered; the purge rides on the daily purge job
(claimed per day).
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.config.settings import Mentor
from bot.domain import Item, Mentee, Outbound, OutboxStatus, UserRef
from bot.journey.compose import full_day, plural
from bot.journey.pause import is_paused
from bot.journey.programme import Programme
from bot.journey.review import FINAL_REVIEW_MARK, final_review_moment, is_final_review_due
from bot.journey.sessions import agenda_moments, no_session_notice_key
from bot.ports import Store
from bot.runtime.journey import deliver_review
from bot.runtime.journey_desk import AGENDA_SENT, JourneyDesk
from bot.runtime.scheduler import DigestNotes

log = logging.getLogger(__name__)

REVIEW_SENT = "review_sent"
"""Audit action: a closing review handed to the outbox (ids and channels only)."""
FILE_FAILED_MARK = "journey:told-failed:"
"""Prefix of the mark that a document which could not be sent was told in the digest."""


@dataclass(frozen=True)
class Followed:
    """One programme of a mentor's, with its mentee when enrolled."""

    programme: Programme
    mentee: Mentee | None


class JourneyJobs:
    """The journey's scheduled work; also the digest's DigestJourney."""

    def __init__(
        self,
        *,
        desk: JourneyDesk,
        store: Store,
        channels: Collection[str],
        reviews_dir: Path,
    ) -> None:
        self.desk = desk
        self.store = store
        self.channels = frozenset(channels)
        self.reviews_dir = reviews_dir

    async def _followed(self) -> list[Followed]:
        by_alias = {m.alias: m for m in await self.store.list_mentees()}
        return [Followed(p, by_alias.get(p.alias)) for p in await self.desk.store.list_programmes()]

    @staticmethod
    def _mentor_id(followed: Followed) -> str | None:
        mentee = followed.mentee
        return followed.programme.mentor or (mentee.mentor if mentee is not None else None)

    # ------------------------------------------------------------------ the closing review
    async def final_reviews(self, now_at: datetime) -> int:
        """Closing reviews due now (the planned end day, inside the mentee's hours), each
        built and handed to the outbox once; returns how many."""
        sent = 0
        for followed in await self._followed():
            programme, mentee = followed.programme, followed.mentee
            moment = final_review_moment(programme, self.desk.mentee_hours)
            if mentee is None or moment is None or now_at < moment:
                continue  # the pure check first: most minutes read no record
            records = await self.desk.store.records(programme.alias)
            if not is_final_review_due(programme, records.marks, now_at, self.desk.mentee_hours):
                continue
            items = await self.store.items_of(mentee.user)
            outcome = await self.desk.build_review(
                programme.alias, items, out_dir=self.reviews_dir, at=now_at, key_suffix="final"
            )
            to_mentee, to_mentor = await deliver_review(
                outcome,
                store=self.store,
                settings=self.desk.settings,
                mentee=mentee,
                programme=programme,
                channels=self.channels,
                mentor_hours=self.desk.mentor_hours,
                at=now_at,
            )
            # Kept after the outbox has the messages: a crash in between builds it again at
            # the next tick, and the keys (…:final) make the second hand-over a no-op.
            await self.desk.store.mark_once(programme.alias, FINAL_REVIEW_MARK, now_at)
            await self.desk.audit.record(
                now_at,
                REVIEW_SENT,
                programme.alias,
                mentee=to_mentee.to.channel if to_mentee.to else "-",
                mentor=to_mentor.to.channel if to_mentor.to else "-",
            )
            sent += 1
        if sent:  # counts only: an alias is the coach's word, kept to the audit trail
            log.info("closing reviews handed over count=%d", sent)
        return sent

    # ------------------------------------------------------------------ retention
    async def purge(self, now_at: datetime) -> tuple[int, int]:
        reports, reviews = await self.desk.purge(now_at)
        if reports or reviews:
            log.info("journey purged reports=%d reviews=%d", reports, reviews)
        return reports, reviews

    # ------------------------------------------------------------------ the digest
    async def notes(self, mentor: Mentor, to: UserRef, slot_at: datetime) -> DigestNotes:
        """This mentor's journey lines at this slot: who is on pause, who has no session in
        the coming weeks (told once), documents that could not be sent (told once), and the
        agendas of sessions whose delivery moment has come (each once, before the session)."""
        desk = self.desk
        mine = [f for f in await self._followed() if self._mentor_id(f) == mentor.id]
        paused: list[str] = []
        lines: list[str] = []
        messages: list[Outbound] = []
        marks: list[tuple[str, str]] = []
        horizon = desk.settings.journey.no_session_horizon
        for followed in mine:
            programme, mentee = followed.programme, followed.mentee
            alias = programme.alias
            records = await desk.store.records(alias)
            kept = {key for key, _at in records.marks}
            pause = records.pause
            if pause is not None and is_paused(pause, slot_at, desk.zone):
                paused.append(
                    desk.catalogue.text(
                        "journey.digest.paused_until",
                        desk.locale,
                        alias=alias,
                        day=full_day(pause.until_day, desk.locale),
                    )
                )
            notice = no_session_notice_key(programme, slot_at, desk.zone, horizon)
            if notice is not None and notice not in kept:
                lines.append(
                    plural(
                        desk.catalogue,
                        "journey.digest.no_session",
                        desk.locale,
                        horizon.days // 7,
                        alias=alias,
                        end=full_day(programme.planned_end_day, desk.locale),
                    )
                )
                marks.append((alias, notice))
            if mentee is None:
                continue
            items: list[Item] | None = None
            for session, moment in zip(
                programme.sessions, agenda_moments(programme, desk.mentor_hours), strict=True
            ):
                if moment is None or not moment <= slot_at < session.starts_at:
                    continue
                if items is None:
                    items = await self.store.items_of(mentee.user)
                message, _agenda = desk.agenda_message(programme, session, items, records.agenda)
                if message.key in kept:
                    continue
                messages.append(
                    Outbound(to=to, text=message.text, key=message.key, is_durable=True, about=mentee.user)
                )
                marks.append((alias, message.key))
        failed = await self._failed_files(mentor, {f.programme.alias for f in mine})
        if failed:
            lines.append(
                plural(
                    desk.catalogue,
                    "journey.digest.files_failed",
                    desk.locale,
                    len(failed),
                    keys=", ".join(key for _alias, key in failed),
                )
            )
            marks += [(alias, FILE_FAILED_MARK + key) for alias, key in failed]
        if paused:
            lines.insert(
                0,
                plural(
                    desk.catalogue,
                    "journey.digest.paused",
                    desk.locale,
                    len(paused),
                    aliases=", ".join(paused),
                ),
            )
        return DigestNotes(
            lines=tuple(lines), messages=tuple(messages), is_news=bool(marks), marks=tuple(marks)
        )

    async def _failed_files(self, mentor: Mentor, aliases: set[str]) -> list[tuple[str, str]]:
        """Journey documents the outbox gave up on (refused for good), not yet told:
        (alias, key). Their content stays in the entry and the files in the data folder."""
        found = []
        for entry in await self.store.list_outbox():
            key = entry.outbound.key
            if entry.status is not OutboxStatus.FAILED or entry.outbound.attachment is None:
                continue
            alias = _alias_of(key)
            if alias is None or alias not in aliases:
                continue
            marks = {k for k, _at in (await self.desk.store.records(alias)).marks}
            if FILE_FAILED_MARK + key not in marks:
                found.append((alias, key))
        return found

    async def delivered(self, notes: DigestNotes, at: datetime) -> None:
        for alias, key in notes.marks:
            if await self.desk.store.mark_once(alias, key, at) and key.startswith("journey:agenda:"):
                await self.desk.audit.record(at, AGENDA_SENT, alias, session=key.rsplit(":", 1)[-1])


def _alias_of(key: str) -> str | None:
    """The alias in a journey key ("journey:review:A-17:mentee:…"); None for other keys."""
    parts = key.split(":")
    return parts[2] if len(parts) > 3 and parts[0] == "journey" else None
