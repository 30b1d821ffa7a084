"""`cadre programme …`, `cadre report …`, `cadre review`: the coach's side of the journey.

    cadre programme check                 validate config/programmes/*.yaml (file:line, fix)
    cadre programme load                  validate against the known aliases and keep them
    cadre programme show --alias A-17     the programme, its prompt and agenda moments, reports
    cadre programme note --alias A-17 --session 2 [--file F]   the mentor's note, to the mentee
    cadre report draft --alias A-17 --from 2027-01-11 --to 2027-06-30 [--file F]
    cadre report revise --alias A-17 --id A-17-r1 [--file F]
    cadre report send --alias A-17 --id A-17-r1      queue the text to the mentee for validation
    cadre report release --alias A-17 --id A-17-r1 [--out DIR]
    cadre review --alias A-17 [--out DIR] [--send]   the closing review (PDF, Markdown, PNG);
                                          --send gives each their copy (picture + PDF)

Texts come from the catalogue; messages to people go through the outbox that every running
channel drains. Exit codes: 0 done, 1 refused (the output says why).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from bot.app import Setup
from bot.channels.console import ConsoleChannel
from bot.domain import Choice
from bot.journey.compose import full_day, plural, when
from bot.journey.ports import JourneyStore
from bot.journey.programme import held_starts
from bot.journey.programme_files import LoadedProgramme, load_programmes, programmes_directory
from bot.journey.report import ReportError
from bot.journey.sessions import agenda_delivery_moment, prompts
from bot.ports import Clock, Screener, Store
from bot.runtime.environment import RunEnvironment
from bot.runtime.journey import Route, build_journey_desk, deliver_review, mentee_of, queue
from bot.runtime.journey_chat import ANSWERS, report_payload
from bot.runtime.journey_desk import Flagged, JourneyDesk


def _parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


class JourneyCommands:
    def __init__(
        self,
        setup: Setup,
        store: Store,
        journey: JourneyStore,
        clock: Clock,
        screener: Screener,
        *,
        data_dir: Path,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
    ) -> None:
        self.setup = setup
        self.store = store
        self.journey = journey
        self.clock = clock
        self.screener = screener
        self.data_dir = data_dir
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.locale = setup.catalogue.resolve_locale(setup.settings.locale)
        self.desk: JourneyDesk = build_journey_desk(setup, store=store, journey=journey, screener=screener)

    def say(self, key: str, **params: object) -> None:
        self.stdout.write(self.setup.catalogue.text(key, self.locale, **params) + "\n")

    def say_count(self, key: str, count: int, **params: object) -> None:
        self.stdout.write(plural(self.setup.catalogue, key, self.locale, count, **params) + "\n")

    def _folder(self) -> Path | None:
        return programmes_directory(self.setup.config_dir, self.setup.settings.journey.directory)

    async def known_aliases(self) -> set[str]:
        """Enrolled mentees: a programme is loaded once its mentee has joined."""
        return {m.alias for m in await self.store.list_mentees()}

    # ------------------------------------------------------------------ programme
    async def _programmes(self, at: datetime, known_aliases: set[str] | None = None) -> list[LoadedProgramme]:
        held = {p.alias: held_starts(p) for p in await self.journey.list_programmes()}
        return load_programmes(
            self._folder(),
            zone=self.setup.settings.zone,
            now_at=at,
            screener=self.screener,
            known_aliases=known_aliases,
            sponsors=tuple(self.setup.settings.journey.sponsors),
            held=held,
        )

    def _folder_missing(self) -> bool:
        """A folder that does not exist (a typo in journey.directory) is said, not read as
        "0 programmes": the coach would believe their files were checked."""
        folder = self._folder()
        if folder is None or folder.is_dir():
            return False
        self.say("journey.cli.programmes_missing", path=str(folder))
        return True

    async def check(self) -> int:
        if self._folder_missing():
            return 1
        loaded = await self._programmes(self.clock.now())
        self.say_count("journey.cli.programmes_ok", len(loaded), path=str(self._folder()))
        return 0

    async def load(self) -> int:
        if self._folder_missing():
            return 1
        at = self.clock.now()
        loaded = await self._programmes(at, await self.known_aliases())
        for entry in loaded:
            problems = await self.desk.declare(entry.programme, at=at)
            assert not problems  # the loader ran the same checks with file and line
        self.say_count("journey.cli.programmes_loaded", len(loaded))
        return 0

    async def show(self, alias: str) -> int:
        programme = await self.journey.get_programme(alias)
        if programme is None:
            self.say("journey.cli.no_programme", alias=alias, path=str(self._folder()))
            return 1
        zone, locale = self.setup.settings.zone, self.locale
        self.say(
            "journey.cli.show_header",
            alias=alias,
            start=full_day(programme.start_day, locale),
            end=full_day(programme.planned_end_day, locale),
            sponsor=programme.sponsor,
        )
        if programme.objectives:
            self.say("journey.cli.show_objectives")
            for objective in programme.objectives:
                self.stdout.write(f"  - {objective}\n")
        else:
            self.say("journey.cli.show_no_objective")
        self.say_count("journey.cli.show_sessions", len(programme.sessions))
        prompt_at = {
            p.session_number: p.due_at
            for p in prompts(
                programme,
                self.setup.settings.journey.prompt_before,
                self.desk.mentee_hours,
                self.desk.mentor_hours,
            )
        }
        for session in programme.sessions:
            agenda_at = agenda_delivery_moment(session, self.desk.mentor_hours)
            self.say(
                "journey.cli.show_session",
                number=session.number,
                when=when(session.starts_at, zone, locale),
                prompt=when(prompt_at[session.number], zone, locale),
                agenda=when(agenda_at, zone, locale) if agenda_at else "-",
            )
        records = await self.journey.records(alias)
        pause = await self.desk.current_pause(alias, self.clock.now())
        if pause is not None:
            self.say("journey.cli.show_pause", day=full_day(pause.until_day, locale))
        if records.reports:
            self.say("journey.cli.show_reports")
            for report in records.reports:
                self.say(
                    "journey.cli.show_report",
                    id=report.id,
                    start=full_day(report.period_start, locale),
                    end=full_day(report.period_end, locale),
                    state=self.setup.catalogue.text(f"journey.cli.state.{report.state.value}", locale),
                    version=report.version,
                )
        return 0

    async def note(self, args: argparse.Namespace) -> int:
        mentee = await mentee_of(self.store, args.alias)
        programme = await self.journey.get_programme(args.alias)
        if mentee is None or programme is None:
            self.say("journey.cli.unknown_alias", alias=args.alias)
            return 1
        text = self._text(args.file)
        if text is None:
            return 1
        at = self.clock.now()
        mentor = args.mentor or programme.mentor or mentee.mentor
        outcome = await self.desk.write_note(args.alias, args.session, text, mentor=mentor, at=at)
        if isinstance(outcome, Flagged):
            self.say("journey.note.flagged", kinds=self.desk.kind_names(outcome))
            return 1
        if isinstance(outcome, str):
            self.stdout.write(outcome + "\n")
            return 1
        await queue(self.store, mentee.user, outcome, at=at)
        self.say("journey.session.note_saved", alias=args.alias, number=args.session)
        return 0

    # ------------------------------------------------------------------ reports
    def _text(self, path: Path | None) -> str | None:
        """The file's text, or stdin's; None (and the person told) when there is none."""
        text = path.read_text(encoding="utf-8") if path is not None else self.stdin.read()
        if text.strip():
            return text
        self.say("journey.cli.no_text")
        return None

    def _refused(self, report_id: str, error: ReportError) -> int:
        self.say("journey.cli.report_refused", id=report_id, why=self.desk.refusal_text(error))
        return 1

    async def draft(self, args: argparse.Namespace) -> int:
        start, end = _parse_day(args.period_start), _parse_day(args.period_end)
        for value, parsed in ((args.period_start, start), (args.period_end, end)):
            if parsed is None:
                self.say("journey.cli.bad_day", text=value)
                return 1
        assert start is not None and end is not None
        programme = await self.journey.get_programme(args.alias)
        if programme is None:
            self.say("journey.cli.unknown_alias", alias=args.alias)
            return 1
        text = self._text(args.file)
        if text is None:
            return 1
        mentor = args.mentor or programme.mentor or self.setup.settings.mentors[0].id
        try:
            outcome = await self.desk.draft_report(
                args.alias, mentor=mentor, period_start=start, period_end=end, text=text, at=self.clock.now()
            )
        except ReportError as error:
            return self._refused(args.alias, error)
        if isinstance(outcome, Flagged):
            self.say("journey.cli.report_flagged", kinds=self.desk.kind_names(outcome))
            return 1
        self.say("journey.cli.report_drafted", id=outcome.id, alias=args.alias, version=outcome.version)
        return 0

    async def revise(self, args: argparse.Namespace) -> int:
        text = self._text(args.file)
        if text is None:
            return 1
        try:
            outcome = await self.desk.revise_report(args.alias, args.id, text, self.clock.now())
        except ReportError as error:
            return self._refused(args.id, error)
        if isinstance(outcome, Flagged):
            self.say("journey.cli.report_flagged", kinds=self.desk.kind_names(outcome))
            return 1
        self.say("journey.cli.report_revised", id=outcome.id, version=outcome.version)
        return 0

    async def send(self, args: argparse.Namespace) -> int:
        mentee = await mentee_of(self.store, args.alias)
        if mentee is None:
            self.say("journey.cli.unknown_alias", alias=args.alias)
            return 1
        at = self.clock.now()
        try:
            report, message = await self.desk.send_report(args.alias, args.id, at)
        except ReportError as error:
            return self._refused(args.id, error)
        choices = tuple(
            Choice(
                report_payload(report, answer),
                self.setup.catalogue.text(f"journey.report.choice.{answer}", mentee.locale),
            )
            for answer in ANSWERS
        )
        await queue(self.store, mentee.user, message, at=at, choices=choices)
        self.say("journey.cli.report_sent", id=report.id, alias=args.alias)
        return 0

    async def release(self, args: argparse.Namespace) -> int:
        out_dir = args.out or self.data_dir / "reports"
        try:
            outcome = await self.desk.release_report(
                args.alias, args.id, out_dir=out_dir, at=self.clock.now()
            )
        except ReportError as error:
            return self._refused(args.id, error)
        pdf, markdown = (str(p) for p in outcome.files)
        if outcome.failure == "no_address":
            programme = await self.journey.get_programme(args.alias)
            self.say("journey.cli.report_no_address", sponsor=programme.sponsor if programme else "-")
            return 1
        if outcome.failure is not None:
            reason = outcome.failure.removeprefix("mail_")
            self.say(
                "journey.cli.report_mail_failed",
                pdf=pdf,
                why=self.setup.catalogue.text(f"journey.mail.{reason}", self.locale),
            )
            return 1
        if outcome.mailed_to is None and self.desk.mailer is None:
            # "transmis" would be untrue: no e-mail can leave, the files are the coach's to hand over.
            self.say("journey.cli.report_released_files_only", id=args.id, pdf=pdf, markdown=markdown)
            return 0
        self.say("journey.cli.report_released", id=args.id, pdf=pdf, markdown=markdown)
        if outcome.mailed_to is not None:
            self.say("journey.cli.report_mailed", address=outcome.mailed_to)
        return 0

    # ------------------------------------------------------------------ review
    async def review(self, args: argparse.Namespace) -> int:
        mentee = await mentee_of(self.store, args.alias)
        programme = await self.journey.get_programme(args.alias)
        if programme is None or (args.send and mentee is None):
            self.say("journey.cli.unknown_alias", alias=args.alias)
            return 1
        at = self.clock.now()
        items = await self.store.items_of(mentee.user) if mentee is not None else []
        out_dir = args.out or self.data_dir / "reviews"
        outcome = await self.desk.build_review(args.alias, items, out_dir=out_dir, at=at)
        self.say(
            "journey.cli.review_written", alias=args.alias, files=", ".join(str(p) for p in outcome.files)
        )
        if not args.send:
            return 0
        assert mentee is not None
        env = RunEnvironment.from_mapping(os.environ)
        configured = [
            name
            for name, is_set in (("telegram", env.has_telegram), ("whatsapp", env.has_whatsapp))
            if is_set
        ]
        # The console "receives" a file by writing it: into the reviews folder, where the
        # review's own copy already is, so retention and erasure reach it too.
        console = ConsoleChannel(io.StringIO(), self.stdout, clock=self.clock, exports_dir=out_dir)
        to_mentee, to_mentor = await deliver_review(
            outcome,
            store=self.store,
            settings=self.setup.settings,
            mentee=mentee,
            programme=programme,
            channels=configured,
            mentor_hours=self.desk.mentor_hours,
            at=at,
            console=console,
        )
        self.say(
            "journey.delivery.review_sent",
            alias=args.alias,
            mentee=self._route(to_mentee),
            mentor=self._route(to_mentor),
        )
        return 0

    def _route(self, route: Route) -> str:
        if route.to is None:
            return self.setup.catalogue.text("journey.delivery.to_nobody", self.locale)
        if route.send_at is not None and route.send_at > self.clock.now():
            return self.setup.catalogue.text(
                "journey.delivery.mentor_later",
                self.locale,
                channel=route.to.channel,
                when=when(route.send_at, self.setup.settings.zone, self.locale),
            )
        return self.setup.catalogue.text("journey.delivery.to_channel", self.locale, channel=route.to.channel)

    async def run(self, args: argparse.Namespace) -> int:
        """`cadre programme|report|review ACTION …`, as parsed."""
        if args.command == "programme":
            if args.action == "check":
                return await self.check()
            if args.action == "load":
                return await self.load()
            if args.action == "note":
                return await self.note(args)
            return await self.show(args.alias)
        if args.command == "report":
            step = {
                "draft": self.draft,
                "revise": self.revise,
                "send": self.send,
                "release": self.release,
            }[args.action]
            return await step(args)
        return await self.review(args)
