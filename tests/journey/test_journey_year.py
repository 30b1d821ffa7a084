"""A whole twelve-month programme on a moved clock, through the JourneyDesk.

Launch, prompts before each session inside the mentee's hours, agendas to the mentor on
the working day before, questions kept for sessions, a no-session notice once, a pause,
a note, a report drafted, changed at the mentee's request, validated and released (files,
then e-mail to a local SMTP server that is first down), the closing review with its
picture; then export, retention and erasure remove all of it.
"""

from __future__ import annotations

import email
import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import Setup, load_setup
from bot.domain import Item, ItemStatus, Mentee, Reply, ReplyKind, StepAnswer, UserRef
from bot.journey.ports import JourneyStore
from bot.journey.programme import Programme, Rhythm, expand_rhythm
from bot.journey.report import ReportError, ReportState
from bot.journey.rights import export_section
from bot.journey.sessions import ANSWER_TIME
from bot.privacy.export import build_export
from bot.runtime.clock import ManualClock
from bot.runtime.journey import build_journey_desk
from bot.runtime.journey_desk import Flagged, JourneyDesk, Message
from bot.storage import MemoryStore
from bot.storage.tiny.journey import TinyJourneyStore
from tests.conftest import PARIS, paris
from tests.fakes.smtp_server import Recorder, free_port
from tests.harness import CanaryScreener

ALIAS = "A-17"
USER = UserRef("telegram", "4242")
START = paris("2027-01-04T09:00")


@pytest.fixture
def setup(project: Path) -> Setup:
    with (project / "config" / "cadre.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\njourney:\n  sponsors:\n    sponsor-nord: rh@example.org\n")
    return load_setup(project / "config")


def programme() -> Programme:
    rhythm = Rhythm(
        first_at=paris("2027-01-18T14:00"),
        every_delay=timedelta(weeks=3),
        last_day=date(2027, 12, 10),
        skipped_days=(date(2027, 7, 26),),  # summer: six weeks without a session
    )
    return Programme(
        ALIAS,
        date(2027, 1, 11),
        date(2027, 12, 17),
        expand_rhythm(rhythm, PARIS),
        ("Déléguer davantage", "Tenir un cadre en réunion"),
        "sponsor-nord",
        mentor="mentor",
    )


def question(number: int, at: datetime, theme: str | None) -> Item:
    return Item(
        f"item{number}",
        f"Q{number:03d}",
        USER,
        ALIAS,
        "mentor",
        "question",
        (StepAnswer("context", "Une réunion tendue."), StepAnswer("question", f"Que faire, fois {number} ?")),
        at,
        ItemStatus.WAITING,
        theme=theme,
    )


def answered(item: Item, at: datetime) -> Item:
    return Item(
        **{
            **item.__dict__,
            "status": ItemStatus.ANSWERED,
            "replies": (Reply(ReplyKind.ANSWER, "Commencez par l'écoute.", "mentor", at),),
        }
    )


def kept(item: Item, at: datetime) -> Item:
    return Item(
        **{
            **item.__dict__,
            "status": ItemStatus.REDIRECTED,
            "replies": (Reply(ReplyKind.REDIRECT, "En séance", "mentor", at),),
        }
    )


class Year:
    """The clock, the desk and what the channels would have delivered, hour after hour."""

    def __init__(self, setup: Setup, journey: JourneyStore, port: int) -> None:
        self.clock = ManualClock(START)
        self.store = MemoryStore()
        self.journey = journey
        env = {"CADRE_SMTP_HOST": "127.0.0.1", "CADRE_SMTP_PORT": str(port)}
        env |= {"CADRE_SMTP_FROM": "cadre@example.org", "CADRE_SMTP_SECURITY": "none"}
        self.desk: JourneyDesk = build_journey_desk(
            setup, store=self.store, journey=journey, screener=CanaryScreener(), env=env
        )
        self.items: list[Item] = []
        self.to_mentee: list[tuple[datetime, Message]] = []
        self.to_mentor: list[tuple[datetime, Message]] = []

    async def run_until(self, until: datetime) -> None:
        while self.clock.now() < until:
            after_at = self.clock.now()
            now_at = self.clock.advance(timedelta(hours=1))
            for message in await self.desk.due_prompts(after_at, now_at):
                self.to_mentee.append((now_at, message))
            agendas = await self.desk.due_agendas(after_at, now_at, {ALIAS: self.items})
            notices = await self.desk.no_session_notices(now_at) if now_at.astimezone(PARIS).hour == 8 else []
            for message in [*agendas, *notices]:
                self.to_mentor.append((now_at, message))


async def test_a_twelve_month_programme(setup: Setup, tmp_path: Path, smtp: tuple[Recorder, int]) -> None:
    recorder, port = smtp
    journey = TinyJourneyStore(tmp_path / "data")
    year = Year(setup, journey, free_port())  # SMTP down for the first release attempt
    desk = year.desk
    plan = programme()
    assert len(plan.sessions) == 15

    # Launch: a programme for an unknown alias or with a session in the past is refused.
    refused = await desk.declare(plan, at=year.clock.now(), known_aliases={"B-2"})
    assert [p.where for p in refused] == ["alias"]
    assert await desk.declare(plan, at=year.clock.now(), known_aliases={ALIAS}) == []
    await year.store.save_mentee(Mentee(USER, ALIAS, "mentor", "fr", START))

    # January: the first prompt comes at 14 h a day before the agenda leaves for the mentor
    # (Friday 08:00 for Monday's session 1): Wednesday, four days before the session.
    await year.run_until(paris("2027-01-13T18:00"))
    (prompted_at, prompt), *_ = year.to_mentee
    assert prompted_at == paris("2027-01-13T14:00")
    assert prompt.text.startswith("Votre séance 1 a lieu lundi 18 janvier 2027, 14 h.")
    assert isinstance(
        await desk.answer_prompt(ALIAS, 1, "Je viens avec CANARY-Martin", year.clock.now()), Flagged
    )
    assert await desk.answer_prompt(ALIAS, 1, "La délégation d'un dossier", year.clock.now())
    # The agenda of Friday 08:00 carries the answer.
    assert year.to_mentor == []
    await year.run_until(paris("2027-01-15T18:00"))
    ((agenda_at, agenda),) = year.to_mentor
    assert agenda_at == paris("2027-01-15T08:00")
    assert agenda.text.splitlines()[1] == "Ce que A-17 souhaite apporter : La délégation d'un dossier"

    # February: a question kept for session 3 appears in its agenda; /seance says which session.
    first = question(1, paris("2027-01-25T10:00"), "team")
    year.items.append(answered(first, paris("2027-01-26T09:00")))
    second = question(2, paris("2027-02-02T10:00"), "hierarchy")
    year.items.append(kept(second, paris("2027-02-10T09:00")))
    session, sentence = await desk.keep_for_session(ALIAS, paris("2027-02-10T09:00"))
    assert session is not None and session.number == 3
    assert sentence == "Gardé pour la séance 3, lundi 1er mars 2027, 14 h."
    await year.run_until(paris("2027-03-01T08:00"))
    agenda_three = next(m for at, m in year.to_mentor if m.key == "journey:agenda:A-17:3")
    assert "1 question gardée pour la séance : Q002" in agenda_three.text

    # A note after session 2, refused before it was held.
    early = await desk.write_note(ALIAS, 4, "Bien", mentor="mentor", at=year.clock.now())
    assert early == "La séance 4 de A-17 n'a pas encore eu lieu : la note pourra être écrite après."
    note = await desk.write_note(ALIAS, 2, "Cap sur l'écoute active.", mentor="mentor", at=year.clock.now())
    assert isinstance(note, Message) and note.text.endswith("Cap sur l'écoute active.")

    # Questions over the spring, answered within a day or two.
    for n, (day, theme) in enumerate(
        [("2027-03-10", "team"), ("2027-04-02", "self"), ("2027-04-20", None), ("2027-05-12", "team")],
        start=3,
    ):
        item = question(n, paris(f"{day}T11:00"), theme)
        year.items.append(answered(item, paris(f"{day}T11:00") + timedelta(hours=26)))

    # July: the report of the first half, drafted, changed at the mentee's request, validated.
    await year.run_until(paris("2027-07-01T10:00"))
    with pytest.raises(ReportError) as unknown:
        await desk.draft_report(
            "Z-9",
            mentor="mentor",
            period_start=date(2027, 1, 11),
            period_end=date(2027, 6, 30),
            text="x",
            at=year.clock.now(),
        )
    assert desk.refusal_text(unknown.value) == "aucun programme n'est enregistré pour cet alias"
    report = await desk.draft_report(
        ALIAS,
        mentor="mentor",
        period_start=date(2027, 1, 11),
        period_end=date(2027, 6, 30),
        text="Progrès nets sur la délégation ; le cadre des réunions se met en place.",
        at=year.clock.now(),
    )
    assert not isinstance(report, Flagged)
    with pytest.raises(ReportError) as unvalidated:
        await desk.release_report(ALIAS, report.id, out_dir=tmp_path / "reports", at=year.clock.now())
    assert desk.refusal_text(unvalidated.value) == (
        "il n'a pas encore été envoyé à la personne accompagnée pour validation"
    )
    report, to_validate = await desk.send_report(ALIAS, report.id, year.clock.now())
    assert "Progrès nets sur la délégation" in to_validate.text
    changed = await desk.answer_report(
        ALIAS, report.id, "change", seen_sha256=report.sha256, at=year.clock.now(), comment="Retirer « nets »"
    )
    assert not isinstance(changed, Flagged)
    assert changed[2].text == "A-17 demande une modification du rapport A-17-r1 : Retirer « nets »"
    revised = await desk.revise_report(
        ALIAS,
        report.id,
        "Progrès sur la délégation ; le cadre des réunions se met en place.",
        year.clock.now(),
    )
    assert not isinstance(revised, Flagged) and revised.version == 2
    with pytest.raises(ReportError) as stale:
        await desk.answer_report(ALIAS, report.id, "validate", seen_sha256=report.sha256, at=year.clock.now())
    assert stale.value.reason == "answer_from_draft"
    revised, _ = await desk.send_report(ALIAS, report.id, year.clock.now())
    year.clock.advance(timedelta(hours=20))
    outcome = await desk.answer_report(
        ALIAS, report.id, "validate", seen_sha256=revised.sha256, at=year.clock.now()
    )
    assert not isinstance(outcome, Flagged)
    validated = outcome[0]
    assert validated.state is ReportState.VALIDATED and validated.validation is not None
    assert validated.validation.sha256 == revised.sha256

    # Release: the SMTP server is down, so it stays unreleased with its files; then it goes.
    down = await desk.release_report(ALIAS, report.id, out_dir=tmp_path / "reports", at=year.clock.now())
    assert down.failure == "mail_down" and down.report.state is ReportState.VALIDATED
    assert all(path.exists() for path in down.files)
    assert (await journey.get_report(ALIAS, report.id)).state is ReportState.VALIDATED  # type: ignore[union-attr]
    year_up = build_journey_desk(
        setup,
        store=year.store,
        journey=journey,
        screener=CanaryScreener(),
        env={
            "CADRE_SMTP_HOST": "127.0.0.1",
            "CADRE_SMTP_PORT": str(port),
            "CADRE_SMTP_FROM": "cadre@example.org",
            "CADRE_SMTP_SECURITY": "none",
        },
    )
    released = await year_up.release_report(
        ALIAS, report.id, out_dir=tmp_path / "reports", at=year.clock.now()
    )
    assert released.failure is None and released.mailed_to == "rh@example.org"
    assert released.report.state is ReportState.RELEASED
    (mail,) = recorder.messages
    attached = {p.get_filename(): p.get_payload(decode=True) for p in mail.walk() if p.get_filename()}
    assert set(attached) == {"rapport-A-17-20270630-v2.pdf", "rapport-A-17-20270630-v2.md"}
    markdown_bytes = attached["rapport-A-17-20270630-v2.md"]
    assert isinstance(markdown_bytes, bytes)
    markdown = markdown_bytes.decode("utf-8")
    assert "Progrès sur la délégation ; le cadre des réunions se met en place." in markdown
    assert "Que faire" not in markdown  # no item text unless it is in the validated text
    assert f"Empreinte SHA-256 du texte validé : {revised.sha256}" in markdown
    with pytest.raises(ReportError):
        await desk.revise_report(ALIAS, report.id, "Autre texte", year.clock.now())
    assert email.utils.parseaddr(mail["To"])[1] == "rh@example.org"

    # Summer: a pause until 30 August holds back the prompt of session 10 (16 August).
    answer = await desk.pause(ALIAS, "30/08", paris("2027-07-20T10:00"))
    assert answer.startswith(
        "C'est noté : plus de rappels ni d'invitations à préparer les séances jusqu'au lundi 30 août 2027."
    )
    assert await desk.paused_line(paris("2027-08-02T08:00")) == "Mentoré en pause : A-17"
    await year.run_until(paris("2027-12-17T18:00"))
    prompted = [m.key for _at, m in year.to_mentee]
    assert "journey:prompt:A-17:10" not in prompted
    assert len(prompted) == 14
    assert await desk.paused_line(paris("2027-09-01T08:00")) is None
    # The six weeks without a session in summer: the coach is told once.
    notices = [m for _at, m in year.to_mentor if m.key.startswith("journey:no_session")]
    assert [n.text for n in notices] == [
        "A-17 n'a aucune séance prévue dans les 4 semaines qui viennent "
        "(fin du programme : vendredi 17 décembre 2027)."
    ]
    assert len([m for _at, m in year.to_mentor if m.key.startswith("journey:agenda")]) == 15
    # Every prompt came inside the mentee's hours, a day or more before its session's agenda,
    # and every agenda at the mentor's opening.
    assert all(desk.mentee_hours.is_open(at) for at, _m in year.to_mentee)
    agenda_sent = {
        m.key.rsplit(":", 1)[1]: at for at, m in year.to_mentor if m.key.startswith("journey:agenda")
    }
    assert all(
        agenda_sent[m.key.rsplit(":", 1)[1]] - at >= ANSWER_TIME for at, m in year.to_mentee if m.session
    )
    assert all(
        at.astimezone(PARIS).hour == 8 for at, m in year.to_mentor if m.key.startswith("journey:agenda")
    )

    # The closing review with its picture: the mentee's own items only.
    review = await desk.build_review(ALIAS, year.items, out_dir=tmp_path / "reviews", at=year.clock.now())
    names = sorted(p.name for p in review.files)
    assert names == [
        "bilan-A-17-mentee-20271217.md",
        "bilan-A-17-mentee-20271217.pdf",
        "bilan-A-17-mentee-20271217.png",
        "bilan-A-17-mentor-20271217.md",
        "bilan-A-17-mentor-20271217.pdf",
        "bilan-A-17-mentor-20271217.png",
    ]
    assert [f.attachment.media_type for f in review.to_mentee.files] == ["image/png", "application/pdf"]
    mentee_md = (tmp_path / "reviews" / "bilan-A-17-mentee-20271217.md").read_text(encoding="utf-8")
    assert "15 séances tenues sur 15 prévues." in mentee_md
    assert "6 questions posées entre les séances." in mentee_md
    assert "Cap sur l'écoute active." in mentee_md

    # Export carries the journey; erasure removes it, review files included.
    mentee = await year.store.get_mentee(USER)
    assert mentee is not None
    section = export_section(
        await journey.records(ALIAS),
        catalogue=setup.catalogue,
        locale=mentee.locale,
        zone=setup.settings.zone,
    )
    bundle = await build_export(
        year.store,
        mentee,
        now_at=year.clock.now(),
        settings=setup.settings,
        catalogue=setup.catalogue,
        sections=[section],
    )
    exported = json.loads(bundle.json_bytes)["journey"]
    assert exported["programme"]["alias"] == ALIAS and len(exported["programme"]["sessions"]) == 15
    assert exported["reports"][0]["validation"]["sha256"] == revised.sha256
    assert exported["notes"][0]["text"] == "Cap sur l'écoute active."
    assert "## Parcours d'accompagnement" in bundle.markdown

    # Retention: a year after its release the report goes, and so does the review.
    assert await desk.purge(year.clock.now()) == (0, 0)
    assert await desk.purge(year.clock.now() + timedelta(days=366)) == (1, 2)
    assert not (tmp_path / "reviews" / "bilan-A-17-mentee-20271217.png").exists()

    # Nothing the screening flagged reached the disk.
    assert not any(b"CANARY" in path.read_bytes() for path in tmp_path.rglob("*") if path.is_file())

    await desk.erase(ALIAS)
    assert (await journey.records(ALIAS)).is_empty
    assert not list((tmp_path / "data" / "journey").glob("*.json"))
