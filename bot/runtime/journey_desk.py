"""The journey's application service: the pure rules of bot/journey put to work.

One object the command line uses today and the router's handlers will use after the
redesign: it screens every text the coach, mentor or mentee writes (nothing flagged is
stored), keeps records through the async `JourneyStore`, audits every step with ids only,
renders documents, writes files owner-only and atomically, and hands released reports to
the mailer. It returns texts from the catalogue for the channel layer to deliver; it never
sends a chat message itself, and it never reads a clock: instants are arguments.

Each text is in its reader's language: what the mentee reads in the mentee's locale (asked
of `mentee_locale` by alias), what the mentor and the coach read in the configured one.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from bot.config.i18n import Catalogue
from bot.config.settings import Settings
from bot.documents.mail import MailError
from bot.documents.markdown import to_markdown
from bot.domain import Attachment, Item
from bot.journey import report as lifecycle
from bot.journey.compose import (
    Document,
    full_day,
    plural,
    report_document,
    report_preview,
    review_document,
    when,
)
from bot.journey.pause import (
    Nudge,
    Pause,
    PauseRefusal,
    is_paused,
    parse_pause_day,
    resume,
    start_pause,
    suppresses,
)
from bot.journey.ports import JourneyAudit, JourneyStore, Mailer, ReviewRecord
from bot.journey.programme import Problem, Programme, Session, held_starts, programme_problems
from bot.journey.report import Report, ReportError
from bot.journey.retention import erase_journey, purge_journey
from bot.journey.review import build_review
from bot.journey.sessions import (
    Agenda,
    AgendaEntry,
    AgendaSource,
    SessionNote,
    agenda_for,
    agenda_moments,
    due_prompts,
    no_session_notice_key,
    note_problem,
    session_for_redirect,
)
from bot.ports import Screener
from bot.schedule.hours import ReadingCalendar
from bot.schedule.phrasing import example_day
from bot.storage.atomic import DIR_MODE, write_atomic

log = logging.getLogger(__name__)


def agenda_key(alias: str, session_number: int) -> str:
    """The agenda's outbox key and its journey mark: one agenda per session, sent once."""
    return f"journey:agenda:{alias}:{session_number}"


ReportAnswer = Literal["validate", "change", "refuse"]

MenteeLocale = Callable[[str], Awaitable[str | None]]
"""The locale of the mentee an alias names, or None when nobody enrolled has it."""

# Audit actions (ids only).
PROGRAMME_DECLARED = "programme_declared"
PROMPT_SENT, PROMPT_ANSWERED, AGENDA_SENT = "session_prompt_sent", "session_prompt_answered", "agenda_sent"
NOTE_WRITTEN, PAUSED, RESUMED = "session_note_written", "paused", "resumed"
REPORT_DRAFTED, REPORT_REVISED, REPORT_SENT = "report_drafted", "report_revised", "report_sent"
REPORT_VALIDATED, REPORT_CHANGE, REPORT_REFUSED = (
    "report_validated",
    "report_change_requested",
    "report_refused",
)
REPORT_RELEASED, REPORT_RELEASE_REFUSED = "report_released", "report_release_refused"
REPORT_MAIL_FAILED, REVIEW_BUILT = "report_mail_failed", "review_built"


@dataclass(frozen=True)
class Flagged:
    """The text held identifying data: nothing was stored. Kinds only, never the words."""

    kinds: tuple[str, ...]


@dataclass(frozen=True)
class Enclosure:
    """A file sent after a message's text: a picture or a document, with its caption."""

    attachment: Attachment
    caption: str = ""


@dataclass(frozen=True)
class Message:
    """A text for one person, to be delivered by the channel layer."""

    alias: str
    to: Literal["mentee", "mentor"]
    text: str
    key: str
    files: tuple[Enclosure, ...] = ()
    session: int | None = None
    """The session a prompt is about (its answer is awaited from the mentee)."""


@dataclass(frozen=True)
class ReleaseOutcome:
    report: Report
    files: tuple[Path, ...]
    mailed_to: str | None
    failure: str | None
    """None when released; else why not ('mail_refused', 'mail_down', 'no_address')."""


@dataclass(frozen=True)
class ReviewOutcome:
    files: tuple[Path, ...]
    to_mentee: Message
    to_mentor: Message


class UnknownAliasError(ReportError):
    """A report or a note for an alias that has no programme."""

    def __init__(self, alias: str) -> None:
        super().__init__(alias, "unknown_alias")


def report_key(report: Report) -> str:
    """The outbox key of the message that shows this version of the report to the mentee:
    once that entry is sent, the mentee has seen the text they may answer by typing."""
    return f"journey:report:{report.id}:v{report.version}"


class JourneyDesk:
    def __init__(
        self,
        *,
        store: JourneyStore,
        screener: Screener,
        catalogue: Catalogue,
        settings: Settings,
        audit: JourneyAudit,
        mentee_hours: ReadingCalendar,
        mentor_hours: ReadingCalendar,
        mailer: Mailer | None = None,
        mentee_locale: MenteeLocale | None = None,
    ) -> None:
        """`mentee_locale`: where the mentee's language is read (without it, every text is
        in the configured locale)."""
        self.store = store
        self.screener = screener
        self.catalogue = catalogue
        self.settings = settings
        self.audit = audit
        self.mentee_hours = mentee_hours
        self.mentor_hours = mentor_hours
        self.mailer = mailer
        self.zone = settings.zone
        self.locale = catalogue.resolve_locale(settings.locale)
        self._mentee_locale = mentee_locale

    # ------------------------------------------------------------------ helpers
    def _flagged(self, text: str) -> Flagged | None:
        kinds = tuple(sorted({finding.kind for finding in self.screener.screen(text)}))
        return Flagged(kinds) if kinds else None

    def kind_names(self, flagged: Flagged, locale: str | None = None) -> str:
        """'adresse e-mail, nom de personne': the kinds in the reader's words (`locale`,
        by default the configured one)."""
        return ", ".join(self._t(f"screening.kind.{kind}", locale) for kind in flagged.kinds)

    def _t(self, key: str, locale: str | None = None, /, **params: object) -> str:
        """The catalogue's text in `locale`, by default the configured one (the mentor's)."""
        return self.catalogue.text(key, locale or self.locale, **params)

    def _when(self, at: datetime, locale: str | None = None) -> str:
        return when(at, self.zone, locale or self.locale)

    async def mentee_locale(self, alias: str) -> str:
        """The language of the mentee `alias` names: what the desk writes for them is in it."""
        found = await self._mentee_locale(alias) if self._mentee_locale is not None else None
        return self.catalogue.resolve_locale(found or self.locale)

    async def _programme(self, alias: str) -> Programme:
        programme = await self.store.get_programme(alias)
        if programme is None:
            raise UnknownAliasError(alias)
        return programme

    # ------------------------------------------------------------------ programme
    async def declare(
        self, programme: Programme, *, at: datetime, known_aliases: Collection[str] | None = None
    ) -> list[Problem]:
        """Validate and keep a programme; nothing is kept when there is any problem."""
        kept = await self.store.get_programme(programme.alias)
        problems = programme_problems(
            programme,
            now_at=at,
            zone=self.zone,
            screener=self.screener,
            known_aliases=known_aliases,
            held=held_starts(kept),
        )
        if problems:
            return problems
        await self.store.save_programme(programme)
        await self.audit.record(
            at, PROGRAMME_DECLARED, programme.alias, sessions=str(len(programme.sessions))
        )
        return []

    # ------------------------------------------------------------------ sessions
    async def keep_for_session(self, alias: str, at: datetime) -> tuple[Session | None, str]:
        """An item kept for the next session: which one, and the sentence that says so."""
        programme = await self.store.get_programme(alias)
        session = session_for_redirect(programme, at) if programme is not None else None
        locale = await self.mentee_locale(alias)
        if session is None:
            return None, self._t("journey.session.kept_none", locale)
        return session, self._t(
            "journey.session.kept",
            locale,
            number=session.number,
            when=self._when(session.starts_at, locale),
        )

    async def due_prompts(self, after_at: datetime, until_at: datetime) -> list[Message]:
        """Session prompts due in (after_at, until_at]; each goes out once; a pause holds
        them back (a prompt held back by a pause is not sent late afterwards)."""
        found = []
        for programme in await self.store.list_programmes():
            records = await self.store.records(programme.alias)
            for prompt in due_prompts(
                programme,
                after_at=after_at,
                until_at=until_at,
                default_delay=self.settings.journey.prompt_before,
                mentee_hours=self.mentee_hours,
                mentor_hours=self.mentor_hours,
            ):
                if suppresses(records.pause, Nudge.SESSION_PROMPT, prompt.due_at, self.zone):
                    continue
                if not await self.store.mark_once(programme.alias, prompt.key, until_at):
                    continue
                session = programme.session(prompt.session_number)
                assert session is not None
                locale = await self.mentee_locale(programme.alias)
                found.append(
                    Message(
                        programme.alias,
                        "mentee",
                        self._t(
                            "journey.session.prompt",
                            locale,
                            number=session.number,
                            when=self._when(session.starts_at, locale),
                        ),
                        prompt.key,
                        session=session.number,
                    )
                )
                await self.audit.record(until_at, PROMPT_SENT, programme.alias, session=str(session.number))
        return found

    async def answer_prompt(
        self, alias: str, session_number: int, text: str, at: datetime
    ) -> AgendaEntry | Flagged:
        """The mentee's answer to a session prompt, screened: kept as the session's agenda
        entry (a later answer replaces it), or nothing kept and the kinds found returned."""
        flagged = self._flagged(text)
        if flagged is not None:
            return flagged
        programme = await self._programme(alias)
        session = programme.session(session_number)
        if session is None:
            raise ReportError(alias, "unknown_session")
        answer = AgendaEntry(alias, session_number, AgendaSource.PROMPT, at, text.strip())
        await self.store.add_agenda_entry(answer)
        await self.audit.record(at, PROMPT_ANSWERED, alias, actor=alias, session=str(session_number))
        return answer

    def prompt_thanks(self, session: Session, locale: str) -> str:
        return self._t("journey.session.prompt_thanks", locale, when=self._when(session.starts_at, locale))

    async def due_agendas(
        self, after_at: datetime, until_at: datetime, items_by_alias: Mapping[str, Sequence[Item]]
    ) -> list[Message]:
        """Agendas whose delivery moment (the mentor's first opening on the working day
        before the session) falls in (after_at, until_at]; each once."""
        found = []
        for programme in await self.store.list_programmes():
            records = await self.store.records(programme.alias)
            for session, moment in zip(
                programme.sessions, agenda_moments(programme, self.mentor_hours), strict=True
            ):
                if moment is None or not after_at < moment <= until_at or session.starts_at <= until_at:
                    continue
                key = agenda_key(programme.alias, session.number)
                if not await self.store.mark_once(programme.alias, key, until_at):
                    continue
                message, agenda = self.agenda_message(
                    programme, session, items_by_alias.get(programme.alias, ()), records.agenda
                )
                found.append(message)
                await self.audit.record(
                    until_at,
                    AGENDA_SENT,
                    programme.alias,
                    session=str(session.number),
                    items=str(len(agenda.item_refs)),
                )
        return found

    def agenda_message(
        self, programme: Programme, session: Session, items: Sequence[Item], entries: Sequence[AgendaEntry]
    ) -> tuple[Message, Agenda]:
        """The session's agenda as the mentor reads it (from this mentee's items only)."""
        agenda = agenda_for(programme, session, items, entries)
        # Words the mentee kept with /seance answer the prompt too (it tells them to).
        own_words = any(entry.item_ref is None for entry in agenda.kept)
        lines = [
            self._t(
                "journey.session.agenda_title",
                alias=programme.alias,
                number=session.number,
                when=self._when(session.starts_at),
            ),
            self._t("journey.session.agenda_answer", alias=programme.alias, text=agenda.answer.text)
            if agenda.answer is not None
            else ""
            if own_words
            else self._t("journey.session.agenda_no_answer", alias=programme.alias),
            *(
                self._t("journey.session.agenda_kept", alias=programme.alias, text=entry.text)
                for entry in agenda.kept
                if entry.item_ref is None
            ),
            plural(
                self.catalogue,
                "journey.session.agenda_items",
                self.locale,
                len(agenda.item_refs),
                refs=", ".join(agenda.item_refs),
            )
            if agenda.item_refs
            else self._t("journey.session.agenda_no_item"),
        ]
        key = agenda_key(programme.alias, session.number)
        return Message(programme.alias, "mentor", "\n".join(line for line in lines if line), key), agenda

    async def no_session_notices(self, at: datetime) -> list[Message]:
        """For the digest: programmes with nothing planned in the horizon, each told once."""
        horizon = self.settings.journey.no_session_horizon
        found = []
        for programme in await self.store.list_programmes():
            key = no_session_notice_key(programme, at, self.zone, horizon)
            if key is None or not await self.store.mark_once(programme.alias, key, at):
                continue
            found.append(
                Message(
                    programme.alias,
                    "mentor",
                    self._t(
                        "journey.session.no_session_notice",
                        alias=programme.alias,
                        weeks=horizon.days // 7,
                        end=full_day(programme.planned_end_day, self.locale),
                    ),
                    key,
                )
            )
        return found

    async def write_note(
        self,
        alias: str,
        session_number: int,
        text: str,
        *,
        mentor: str,
        at: datetime,
        actor: str | None = None,
    ) -> Message | Flagged | str:
        """The mentor's note after a session: the message for the mentee, the flag, or why
        not (a catalogue text)."""
        programme = await self._programme(alias)
        problem = note_problem(programme, session_number, at)
        if problem is not None:
            return self._t(f"journey.note.{problem}", alias=alias, number=session_number)
        flagged = self._flagged(text)
        if flagged is not None:
            return flagged
        note = SessionNote(alias, session_number, text.strip(), mentor, at)
        await self.store.save_note(note)
        await self.audit.record(at, NOTE_WRITTEN, alias, actor=actor, session=str(session_number))
        return Message(
            alias,
            "mentee",
            self._t(
                "journey.session.note_to_mentee",
                await self.mentee_locale(alias),
                number=session_number,
                text=note.text,
            ),
            f"journey:note:{alias}:{session_number}",
        )

    # ------------------------------------------------------------------ pause
    async def pause(self, alias: str, text: str, at: datetime) -> str:
        """The mentee's /pause DATE: the answer to give them."""
        locale = await self.mentee_locale(alias)
        today = at.astimezone(self.zone).date()
        until_day = parse_pause_day(text, today)
        if until_day is None:
            return self._t("journey.pause.unreadable", locale, example=example_day(today, locale))
        outcome = start_pause(alias, until_day, at, self.zone)
        if isinstance(outcome, PauseRefusal):
            return self._t(f"journey.pause.{outcome.value}", locale)
        await self.store.save_pause(outcome)
        await self.audit.record(at, PAUSED, alias, actor=alias, until=until_day.isoformat())
        return self._t("journey.pause.started", locale, day=full_day(until_day, locale))

    async def resume(self, alias: str, at: datetime) -> str:
        locale = await self.mentee_locale(alias)
        current = (await self.store.records(alias)).pause
        if current is None or not is_paused(current, at, self.zone):
            return self._t("journey.pause.not_paused", locale)
        await self.store.save_pause(resume(current, at))
        await self.audit.record(at, RESUMED, alias, actor=alias)
        return self._t("journey.pause.resumed", locale)

    async def current_pause(self, alias: str, at: datetime) -> Pause | None:
        current = (await self.store.records(alias)).pause
        return current if is_paused(current, at, self.zone) else None

    async def is_suppressed(self, alias: str, nudge: Nudge, at: datetime) -> bool:
        return suppresses((await self.store.records(alias)).pause, nudge, at, self.zone)

    async def paused_line(self, at: datetime) -> str | None:
        """For the digest summary: who is paused now, or None."""
        paused = [
            p.alias for p in await self.store.list_programmes() if await self.current_pause(p.alias, at)
        ]
        if not paused:
            return None
        return plural(
            self.catalogue, "journey.pause.digest_line", self.locale, len(paused), aliases=", ".join(paused)
        )

    # ------------------------------------------------------------------ reports
    async def draft_report(
        self,
        alias: str,
        *,
        mentor: str,
        period_start: date,
        period_end: date,
        text: str,
        at: datetime,
        actor: str | None = None,
    ) -> Report | Flagged:
        """A new report; `actor`: the mentor in the chat (None: the operator's command)."""
        programme = await self._programme(alias)
        flagged = self._flagged(text)
        if flagged is not None:
            return flagged
        records = await self.store.records(alias)
        report = lifecycle.draft_report(
            f"{programme.alias}-r{len(records.reports) + 1}",
            alias=alias,
            mentor=mentor,
            period_start=period_start,
            period_end=period_end,
            text=text.strip(),
            at=at,
        )
        await self.store.save_report(report)
        await self.audit.record(
            at, REPORT_DRAFTED, alias, actor=actor, report=report.id, sha256=report.sha256[:16]
        )
        return report

    async def _report(self, alias: str, report_id: str) -> Report:
        await self._programme(alias)
        report = await self.store.get_report(alias, report_id)
        if report is None:
            raise ReportError(report_id, "unknown")
        return report

    async def revise_report(
        self, alias: str, report_id: str, text: str, at: datetime, *, actor: str | None = None
    ) -> Report | Flagged:
        report = await self._report(alias, report_id)
        flagged = self._flagged(text)
        if flagged is not None:
            return flagged
        revised = lifecycle.revise(report, text.strip(), at)
        await self.store.save_report(revised)
        await self.audit.record(
            at,
            REPORT_REVISED,
            alias,
            actor=actor,
            report=report_id,
            version=str(revised.version),
            sha256=revised.sha256[:16],
        )
        return revised

    async def send_report(
        self, alias: str, report_id: str, at: datetime, *, actor: str | None = None
    ) -> tuple[Report, Message]:
        """To the mentee for validation: the exact text, and the hash that their answer
        will carry back (a choice payload), so a text changed meanwhile is never validated."""
        report = lifecycle.send_to_mentee(await self._report(alias, report_id), at)
        await self.store.save_report(report)
        await self.audit.record(
            at, REPORT_SENT, alias, actor=actor, report=report_id, version=str(report.version)
        )
        text = report_preview(report, self.catalogue, await self.mentee_locale(alias))
        return report, Message(alias, "mentee", text, report_key(report))

    async def answer_report(
        self,
        alias: str,
        report_id: str,
        answer: ReportAnswer,
        *,
        seen_sha256: str,
        at: datetime,
        comment: str = "",
    ) -> tuple[Report, Message, Message] | Flagged:
        """The mentee's answer: (report, what the mentee reads, what the mentor reads)."""
        report = await self._report(alias, report_id)
        locale = await self.mentee_locale(alias)
        if answer == "validate":
            changed = lifecycle.validate(report, at, seen_sha256)
            assert changed.validation is not None
            action = REPORT_VALIDATED
            mentee_text = self._t("journey.report.validated", locale, when=self._when(at, locale))
            mentor_text = self._t(
                "journey.report.to_mentor_validated", alias=alias, id=report_id, when=self._when(at)
            )
        elif answer == "change":
            flagged = self._flagged(comment)
            if flagged is not None:
                return flagged
            changed = lifecycle.request_change(report, at, seen_sha256, comment.strip())
            action = REPORT_CHANGE
            mentee_text = self._t("journey.report.change_sent", locale)
            mentor_text = self._t(
                "journey.report.to_mentor_change", alias=alias, id=report_id, comment=comment.strip()
            )
        else:
            changed = lifecycle.refuse(report, at, seen_sha256)
            action = REPORT_REFUSED
            mentee_text = self._t("journey.report.refused_by_mentee", locale)
            mentor_text = self._t("journey.report.to_mentor_refused", alias=alias, id=report_id)
        await self.store.save_report(changed)
        await self.audit.record(at, action, alias, actor=alias, report=report_id, sha256=changed.sha256[:16])
        key = f"journey:report:{report_id}:v{changed.version}:{answer}"
        return changed, Message(alias, "mentee", mentee_text, key), Message(alias, "mentor", mentor_text, key)

    def refusal_text(self, error: ReportError, locale: str | None = None) -> str:
        """Why a step was refused, in `locale` (by default the configured one)."""
        return self._t(f"journey.report.refused.{error.reason}", locale)

    def report_files(self, report: Report) -> tuple[Document, bytes, str]:
        from bot.documents.pdf import to_pdf  # fpdf2 costs half a second: not at every start

        document = report_document(report, zone=self.zone, locale=self.locale, catalogue=self.catalogue)
        stamp = report.validation.at if report.validation is not None else report.updated_at
        pdf = to_pdf(document, created_at=stamp, footer=document.title)
        return document, pdf, to_markdown(document)

    async def release_report(
        self, alias: str, report_id: str, *, out_dir: Path, at: datetime
    ) -> ReleaseOutcome:
        """Only a validated text leaves. Files first (owner-only, atomic), then the e-mail
        when SMTP is configured; a refused or unreachable server leaves the report
        validated but unreleased, the files in place, and says why."""
        programme = await self._programme(alias)
        report = await self._report(alias, report_id)
        problem = lifecycle.release_problem(report)
        if problem is not None:
            await self.audit.record(at, REPORT_RELEASE_REFUSED, alias, report=report_id, reason=problem)
            raise ReportError(report_id, problem)
        document, pdf, markdown = self.report_files(report)
        out_dir.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        pdf_path, md_path = out_dir / f"{document.stem}.pdf", out_dir / f"{document.stem}.md"
        write_atomic(pdf_path, pdf)
        write_atomic(md_path, markdown.encode("utf-8"))
        files = (pdf_path, md_path)
        mailed_to = None
        if self.mailer is not None:
            address = self.settings.journey.sponsors.get(programme.sponsor)
            if address is None:
                await self.audit.record(at, REPORT_MAIL_FAILED, alias, report=report_id, reason="no_address")
                return ReleaseOutcome(report, files, None, "no_address")
            try:
                await self.mailer.send(
                    to=address,
                    subject=self._t("journey.mail.subject", alias=alias),
                    body=self._t(
                        "journey.mail.body",
                        alias=alias,
                        start=full_day(report.period_start, self.locale),
                        end=full_day(report.period_end, self.locale),
                    ),
                    attachments=(
                        Attachment(pdf_path.name, "application/pdf", pdf),
                        Attachment(md_path.name, "text/markdown", markdown.encode("utf-8")),
                    ),
                )
            except MailError as error:
                await self.audit.record(at, REPORT_MAIL_FAILED, alias, report=report_id, reason=error.reason)
                return ReleaseOutcome(report, files, None, f"mail_{error.reason}")
            mailed_to = address
        done = lifecycle.released(report, at)
        await self.store.save_report(done)
        await self.audit.record(
            at,
            REPORT_RELEASED,
            alias,
            report=report_id,
            sha256=done.sha256[:16],
            mailed=str(mailed_to is not None),
        )
        return ReleaseOutcome(done, files, mailed_to, None)

    # ------------------------------------------------------------------ closing review
    async def build_review(
        self, alias: str, items: Sequence[Item], *, out_dir: Path, at: datetime, key_suffix: str = ""
    ) -> ReviewOutcome:
        """Two documents (mentee, mentor) with the picture, from this mentee's items only.
        The messages' keys end with `key_suffix` (the closing review at the planned end uses
        "final", so a rebuilt one is never sent twice), by default with the instant. Each
        copy, its picture and its message are in its reader's language."""
        programme = await self._programme(alias)
        # fpdf2 and matplotlib cost about a second and a half to import: only when a closing
        # review is drawn, never at the start of a console or a service
        from bot.documents.pdf import to_pdf
        from bot.documents.timeline import draw_timeline

        records = await self.store.records(alias)
        review = build_review(programme, items, records.notes, at=at, zone=self.zone)
        locales: dict[Literal["mentee", "mentor"], str] = {
            "mentee": await self.mentee_locale(alias),
            "mentor": self.locale,
        }
        pictures = {
            locale: draw_timeline(review, zone=self.zone, locale=locale, catalogue=self.catalogue)
            for locale in sorted(set(locales.values()))
        }
        out_dir.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        files: list[Path] = []
        messages = []
        for audience, locale in locales.items():
            picture = pictures[locale]
            document = review_document(
                review,
                programme,
                audience=audience,
                picture_png=picture.png,
                zone=self.zone,
                locale=locale,
                catalogue=self.catalogue,
            )
            png_name = f"{document.stem}.png"
            pdf = to_pdf(document, created_at=at, footer=document.title)
            markdown = to_markdown(document, picture_name=png_name)
            paths = (out_dir / f"{document.stem}.pdf", out_dir / f"{document.stem}.md", out_dir / png_name)
            for path, content in zip(paths, (pdf, markdown.encode("utf-8"), picture.png), strict=True):
                write_atomic(path, content)
            files.extend(paths)
            await self.store.save_review(
                ReviewRecord(
                    f"{alias}-{audience}-{at.astimezone(self.zone):%Y%m%d%H%M}",
                    alias,
                    at,
                    audience,
                    tuple(str(p) for p in paths),
                )
            )
            messages.append(
                Message(
                    alias,
                    audience,
                    self._t(f"journey.delivery.review_{audience}", locale, alias=alias),
                    f"journey:review:{alias}:{audience}:{key_suffix or at.isoformat()}",
                    (
                        Enclosure(
                            Attachment(png_name, "image/png", picture.png),
                            self._t("journey.doc.review.picture_caption", locale),
                        ),
                        Enclosure(Attachment(f"{document.stem}.pdf", "application/pdf", pdf), document.title),
                    ),
                )
            )
        await self.audit.record(at, REVIEW_BUILT, alias, items=str(review.question_count))
        return ReviewOutcome(tuple(files), messages[0], messages[1])

    # ------------------------------------------------------------------ retention
    async def purge(self, at: datetime) -> tuple[int, int]:
        return await purge_journey(self.store, self.settings, at)

    async def erase(self, alias: str) -> None:
        await erase_journey(self.store, alias)
