"""A whole twelve-month programme lived through the conversation, on a moved clock.

The mentee and the mentor type on the console (the engine with the journey wired, as
`cadre console` runs it); the coach's steps (declaring the programme, releasing the report,
the closing review) go through the JourneyDesk as `cadre programme|report|review` do.
Launch; before each session a prompt inside the mentee's hours, answered; questions kept
for sessions with /seance; a pause that holds one prompt back; a report drafted with
/rapport, changed at the mentee's request, validated, released (files and an e-mail to a
local SMTP server); the closing review; then /export carries all of it and /effacer
removes all of it.
"""

from __future__ import annotations

import email.utils
import json
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from bot.channels.console import CONSOLE_USER
from bot.delivery.outbox import Outbox
from bot.journey.programme import Programme
from bot.journey.report import ReportState
from bot.journey.sessions import AgendaSource
from bot.runtime.journey_jobs import JourneyJobs
from bot.storage.tiny.journey import TinyJourneyStore
from tests.conftest import paris
from tests.delivery.test_outbox import FakeChannel
from tests.fakes.smtp_server import Recorder
from tests.journey.test_journey_chat import send_question
from tests.journey.test_journey_year import programme
from tests.journey_talk import ALIAS, Talk

START = paris("2027-01-04T09:00")


def year_programme() -> Programme:
    """The desk-level year's programme (tests/journey/test_journey_year.py), for the console mentee."""
    return replace(programme(), alias=ALIAS)


class Year:
    """Hour by hour, as `cadre run`'s jobs would: the session prompts (each answered at
    once) and the mentor's digest with its journey lines (agendas), on a console channel."""

    def __init__(self, talk: Talk, reviews_dir: Path) -> None:
        self.talk = talk
        self.prompted: list[tuple[datetime, int]] = []
        self.mentor_channel = FakeChannel("console")
        outbox = Outbox(talk.store, {"console": self.mentor_channel}, talk.clock)
        jobs = JourneyJobs(
            desk=talk.chat.desk, store=talk.store, channels=("console",), reviews_dir=reviews_dir
        )
        self.digest = talk.digest_service(outbox, jobs)

    def agendas(self) -> dict[int, str]:
        return {
            int(o.key.rsplit(":", 1)[-1]): o.text
            for o in self.mentor_channel.sent
            if o.key.startswith(f"journey:agenda:{ALIAS}:")
        }

    async def run_until(self, until: datetime) -> None:
        talk = self.talk
        while talk.clock.now() < until:
            talk.advance(timedelta(hours=1))
            await self.digest.run_due(talk.clock.now())
            said = await talk.prompts()
            if not said:
                continue
            number = int(said.split()[2])
            self.prompted.append((talk.clock.now(), number))
            thanks = await talk.mentee_types(f"Préparer la séance {number} : où en est la délégation.")
            assert thanks.startswith("Merci, c'est noté pour la séance du")


async def test_a_twelve_month_programme_through_the_chat(
    project: Path, tmp_path: Path, smtp: tuple[Recorder, int]
) -> None:
    recorder, port = smtp
    with (project / "config" / "cadre.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\njourney:\n  sponsors:\n    sponsor-nord: rh@example.org\n")
    env = {
        "CADRE_SMTP_HOST": "127.0.0.1",
        "CADRE_SMTP_PORT": str(port),
        "CADRE_SMTP_FROM": "cadre@example.org",
        "CADRE_SMTP_SECURITY": "none",
    }
    data = tmp_path / "data"
    talk = await Talk.begin(project / "config", START, journey=TinyJourneyStore(data), env=env)
    desk = talk.chat.desk
    year = Year(talk, tmp_path / "data" / "reviews")

    # Before the launch there is no programme: /seance says so.
    assert (await talk.mentee_types("/seance")).startswith("Aucun programme d'accompagnement")
    # Launch: the coach declares the programme (cadre programme load).
    plan = year_programme()
    assert len(plan.sessions) == 15
    assert await desk.declare(plan, at=talk.clock.now(), known_aliases={ALIAS}) == []

    # January: the first prompt at 14 h, a day before the mentor's Friday agenda (three days
    # before would be that Friday); an answer naming someone is refused and kept nowhere,
    # the rewritten one is kept.
    await year.run_until(paris("2027-01-13T13:00"))
    talk.advance(timedelta(hours=1))
    assert (await talk.prompts()).startswith("Votre séance 1 a lieu lundi 18 janvier 2027, 14 h.")
    assert (await talk.mentee_types("Parler de CANARY-Martin")).startswith("Ce texte contient des données")
    assert await talk.mentee_types("Préparer la séance 1 : où en est la délégation.")
    year.prompted.append((talk.clock.now(), 1))
    await year.run_until(paris("2027-01-16T09:00"))
    assert year.prompted == [(paris("2027-01-13T14:00"), 1)]
    # After session 1, a question sent, then kept for session 2 with /seance.
    await year.run_until(paris("2027-01-25T10:00"))
    await send_question(talk, "Comment déléguer un dossier sensible ?")
    said = await talk.mentee_types("/seance")
    assert said.endswith(
        "séance 2, lundi 8 février 2027, 14 h : vous en parlerez de vive voix plutôt que par écrit."
    )
    # The mentor leaves a note after session 1.
    assert (await talk.mentor_types(f"/note {ALIAS} 1 Cap sur l'écoute active.")) == (
        f"Note enregistrée pour {ALIAS}, séance 1."
    )

    # March: a pause until 1 April holds back the prompt of session 4 (22 March).
    await year.run_until(paris("2027-03-10T10:00"))
    assert (await talk.mentee_types("/pause 01/04")).startswith("C'est noté : plus de rappels")
    await year.run_until(paris("2027-04-02T10:00"))
    assert 4 not in [n for _at, n in year.prompted]
    assert (await talk.mentee_types("/reprendre")) == "Aucune pause n'est en cours."

    # Spring: more questions; one kept for the next session as it is being written.
    for day in ("2027-04-20T11:00", "2027-05-12T11:00"):
        await year.run_until(paris(day))
        await send_question(talk)
    await talk.mentee_types("/nouvelle")
    await talk.mentee_types("Une réunion d'équipe tourne à l'affrontement.")
    assert (await talk.mentee_types("/seance")).startswith("Votre brouillon est gardé pour votre séance 7")

    # July: the report of the first half, by chat: drafted, changed, validated, released.
    await year.run_until(paris("2027-07-01T10:00"))
    assert (await talk.mentor_types("/rapport Z-9 Texte")).startswith("Aucune personne que vous accompagnez")
    await talk.mentor_types(f"/rapport {ALIAS}")
    said = await talk.mentor_types("Progrès nets sur la délégation ; le cadre des réunions se met en place.")
    assert said.startswith(f"Rapport {ALIAS}-r1 (version 1) envoyé")
    assert (await talk.mentee_types("2")).startswith("Quelle modification souhaitez-vous ?")
    assert (await talk.mentee_types("Retirer « nets »")).startswith("Votre demande a été transmise")
    (report,) = (await talk.journey.records(ALIAS)).reports
    assert report.state is ReportState.CHANGE_REQUESTED and report.change_comment == "Retirer « nets »"
    unvalidated = await talk.journey.get_report(ALIAS, report.id)
    assert unvalidated is not None
    await talk.mentor_types(
        f"/rapport {ALIAS} Progrès sur la délégation ; le cadre des réunions se met en place."
    )
    talk.advance(timedelta(hours=20))
    said = await talk.mentee_types("1")
    assert said.startswith("Merci : vous avez validé ce texte le vendredi 2 juillet 2027, 6 h.")
    validated = await talk.journey.get_report(ALIAS, report.id)
    assert validated is not None and validated.is_validated and validated.version == 2
    released = await desk.release_report(ALIAS, report.id, out_dir=tmp_path / "reports", at=talk.clock.now())
    assert released.failure is None and released.mailed_to == "rh@example.org"
    assert sorted(p.name for p in released.files) == [
        "rapport-essai-20270701-v2.md",
        "rapport-essai-20270701-v2.pdf",
    ]
    (mail,) = recorder.messages
    assert email.utils.parseaddr(mail["To"])[1] == "rh@example.org"
    attached = {p.get_filename(): p.get_payload(decode=True) for p in mail.walk() if p.get_filename()}
    markdown = attached["rapport-essai-20270701-v2.md"]
    assert isinstance(markdown, bytes)
    assert "Progrès sur la délégation ; le cadre des réunions se met en place." in markdown.decode()
    assert "Comment déléguer" not in markdown.decode(), "no item text in a report"
    assert f"{validated.sha256}" in markdown.decode()

    # The rest of the year: every prompt but the paused one, all inside the mentee's hours.
    await year.run_until(paris("2027-12-17T18:00"))
    assert [n for _at, n in year.prompted] == [n for n in range(1, 16) if n != 4]
    assert all(desk.mentee_hours.is_open(at) for at, _n in year.prompted)
    agenda = await talk.journey.agenda_entries(ALIAS)
    assert len([e for e in agenda if e.source is AgendaSource.PROMPT]) == 14
    kept = [(e.session_number, e.item_ref is not None) for e in agenda if e.source is AgendaSource.KEPT]
    assert kept == [(2, True), (7, False)]
    # Each session's agenda reached the mentor once, the working day before, in the digest.
    agendas = year.agendas()
    assert sorted(agendas) == list(range(1, 16))
    (first_item,) = [i for i in await talk.store.items_of(CONSOLE_USER) if i.ref in agendas[2]]
    assert f"1 question gardée pour la séance : {first_item.ref}" in agendas[2]
    assert f"Gardé par {ALIAS} pour la séance : Une réunion d'équipe tourne à l'affrontement." in agendas[7]
    # Every answered prompt made its session's agenda; the paused one's says there was none.
    for number, text in agendas.items():
        brought = f"Ce que {ALIAS} souhaite apporter : Préparer la séance {number} : où en est la délégation."
        assert (brought in text) is (number != 4), number

    # The closing review with its picture, from the mentee's own items.
    items = await talk.store.items_of(CONSOLE_USER)
    review = await desk.build_review(ALIAS, items, out_dir=tmp_path / "reviews", at=talk.clock.now())
    assert len(review.files) == 6 and all(p.exists() for p in review.files)
    mentee_md = (tmp_path / "reviews" / "bilan-essai-mentee-20271217.md").read_text(encoding="utf-8")
    assert "3 questions posées entre les séances." in mentee_md
    assert "Cap sur l'écoute active." in mentee_md

    # /export carries the whole journey; /effacer removes it, review files included.
    await talk.mentee_types("/export")
    exported = [o for o in talk.sent if o.to == CONSOLE_USER and o.attachment is not None]
    journey = json.loads(exported[-2].attachment.content)["journey"]  # type: ignore[union-attr]
    assert len(journey["programme"]["sessions"]) == 15
    assert len(journey["agenda"]) == 16 and len(journey["reviews"]) == 2
    assert journey["reports"][0]["validation"]["sha256"] == validated.sha256
    assert journey["notes"][0]["text"] == "Cap sur l'écoute active."
    await talk.mentee_types("/effacer")
    await talk.mentee_types("1")
    assert (await talk.journey.records(ALIAS)).is_empty
    assert not list((data / "journey").glob("*.json"))
    assert not any(p.exists() for p in review.files)
    assert await talk.store.get_mentee(CONSOLE_USER) is None
    # Nothing the screening flagged ever reached the disk.
    assert not any(b"CANARY" in p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
