"""The journey in the conversation (bot/runtime/journey_chat.py behind bot/core/journey.py).

/seance, session prompts and their answers, /pause and /reprendre, the sponsor report
drafted by /rapport and answered by the mentee, the mentor's note, and the journey's part
of /export and /effacer; bad input gets a clear catalogue answer.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.channels.console import CONSOLE_USER
from bot.cli.commands.privacy import run_purge
from bot.delivery.outbox import Outbox
from bot.domain import Choice, ItemStatus
from bot.domain.pending import (
    NoteText,
    ReportComment,
    ReportText,
    SessionPrompted,
    parse_pending,
    pending_text,
)
from bot.journey.pause import Pause, is_paused
from bot.journey.report import ReportState
from bot.journey.sessions import AgendaSource
from bot.runtime.clock import ManualClock
from bot.runtime.journey import queue
from bot.runtime.journey_chat import parse_report_payload, report_payload
from bot.runtime.journey_desk import Flagged
from bot.runtime.scheduler import CadreScheduler
from tests.conftest import PARIS, paris
from tests.delivery.test_outbox import FakeChannel
from tests.journey_talk import ALIAS, Talk, programme

START = paris("2027-01-12T10:00")  # a Tuesday
SESSIONS = ("2027-01-18T14:00", "2027-02-08T14:00", "2027-03-01T14:00")


async def talk_with_programme(project: Path, *starts: str) -> Talk:
    talk = await Talk.begin(project / "config", START)
    await talk.journey.save_programme(programme(*(starts or SESSIONS)))
    return talk


async def send_question(talk: Talk, question: str = "Comment déléguer un dossier sensible ?") -> str:
    """The shipped question flow, answered step by step, then sent."""
    await talk.mentee_types("/nouvelle")
    for answer in (
        "Mon équipe attend mes arbitrages sur chaque dossier.",
        "Je perds un temps fou et je bloque l'équipe.",
        "J'ai essayé de fixer des seuils de décision.",
        question,
    ):
        await talk.mentee_types(answer)
    while True:
        choices = talk.choices.get(CONSOLE_USER, ())
        values = [c.value for c in choices]
        send = next((i for i, v in enumerate(values, start=1) if v.endswith("send") or "send" in v), None)
        if send is not None:
            return await talk.mentee_types(str(send))
        await talk.mentee_types("1")  # a theme, or a choice before the summary


# ---------------------------------------------------------------- pending and payloads
@pytest.mark.parametrize(
    "pending",
    [SessionPrompted(3), ReportComment("A-17:x-r2", "0123abcd"), ReportText("A:17"), NoteText("A:17", 4)],
)
def test_journey_pendings_round_trip_their_stored_form(pending: object) -> None:
    assert parse_pending(pending_text(pending)) == pending  # type: ignore[arg-type]


def test_a_report_payload_carries_id_sha_prefix_and_answer_within_telegram_limits() -> None:
    from bot.journey import report as lifecycle

    report = lifecycle.draft_report(
        "A-17-r12",
        alias="A-17",
        mentor="m",
        period_start=date(2027, 1, 1),
        period_end=date(2027, 6, 1),
        text="Progrès",
        at=START,
    )
    payload = report_payload(report, "validate")
    assert len(payload.encode()) <= 64
    assert parse_report_payload(payload) == ("A-17-r12", report.sha256[:16], "validate")
    assert parse_report_payload("journey:report:A-17-r12:abc:maybe") is None


def test_is_paused_is_one_rule_with_its_end_day_exclusive_and_resumption() -> None:
    pause = Pause("A-17", date(2027, 3, 1), paris("2027-02-10T10:00"))
    assert not is_paused(None, START, PARIS)
    assert is_paused(pause, paris("2027-02-28T23:59"), PARIS)
    assert not is_paused(pause, paris("2027-03-01T00:00"), PARIS)
    resumed = Pause(pause.alias, pause.until_day, pause.started_at, resumed_at=paris("2027-02-20T09:00"))
    assert not is_paused(resumed, paris("2027-02-21T10:00"), PARIS)


# ---------------------------------------------------------------- /seance
async def test_seance_without_a_programme_says_so(project: Path) -> None:
    talk = await Talk.begin(project / "config", START)
    said = await talk.mentee_types("/seance")
    assert said.startswith("Aucun programme d'accompagnement n'est enregistré pour vous")
    assert await talk.journey.agenda_entries(ALIAS) == ()


async def test_seance_keeps_the_last_question_for_the_next_session_and_says_when(project: Path) -> None:
    talk = await talk_with_programme(project)
    await send_question(talk)
    (item,) = await talk.store.items_of(CONSOLE_USER)
    said = await talk.mentee_types("/seance")
    assert said == (
        f"Votre question {item.ref} est gardée pour votre séance 1, lundi 18 janvier 2027, 14 h : "
        "vous en parlerez de vive voix plutôt que par écrit."
    )
    (entry,) = await talk.journey.agenda_entries(ALIAS, 1)
    assert (entry.source, entry.item_ref, entry.text) == (AgendaSource.KEPT, item.ref, "")
    kept = await talk.store.get_item(item.id)
    assert kept is not None and kept.status is ItemStatus.REDIRECTED
    assert item.ref not in [i.ref for i in await talk.store.open_items("mentor")]
    audit = [e for e in await talk.store.audit_about(ALIAS) if e.action == "session_kept"]
    assert [dict(e.details) for e in audit] == [{"session": "1", "ref": item.ref}]


async def test_seance_during_a_draft_keeps_the_draft_words_and_closes_it(project: Path) -> None:
    talk = await talk_with_programme(project)
    await talk.mentee_types("/nouvelle")
    await talk.mentee_types("Mon équipe attend mes arbitrages sur chaque dossier.")
    said = await talk.mentee_types("/seance")
    assert said.startswith("Votre brouillon est gardé pour votre séance 1, lundi 18 janvier 2027, 14 h")
    (entry,) = await talk.journey.agenda_entries(ALIAS, 1)
    assert entry.text == "Mon équipe attend mes arbitrages sur chaque dossier." and entry.item_ref is None
    conversation = await talk.store.get_conversation(CONSOLE_USER)
    assert conversation is not None and conversation.draft is None


async def test_seance_with_words_screens_them_and_keeps_nothing_flagged(project: Path) -> None:
    talk = await talk_with_programme(project)
    said = await talk.mentee_types("/seance Le cas de CANARY-Durand")
    assert said.startswith("Ce texte contient des données identifiantes (")
    assert await talk.journey.agenda_entries(ALIAS) == ()
    assert "CANARY" not in json.dumps(repr(await talk.journey.records(ALIAS)))
    said = await talk.mentee_types("/seance Le point sur mes priorités")
    assert said == "C'est noté pour votre séance 1, lundi 18 janvier 2027, 14 h."


async def test_the_mentors_seance_tells_the_mentee_which_session_and_when(project: Path) -> None:
    talk = await talk_with_programme(project)
    await send_question(talk)
    (item,) = await talk.store.items_of(CONSOLE_USER)
    said = await talk.mentor_types(f"/seance {item.ref}")
    assert said.startswith(f"{item.ref} renvoyée à la prochaine séance.")
    assert talk.last_to(CONSOLE_USER).text == (
        f"Votre mentor propose d'aborder votre question {item.ref} lors de votre séance 1, lundi 18 janvier"
        " à 14 h : elle mérite un échange de vive voix. Notez ce qui évolue d'ici là."
    )
    # In the mentee's language, the year said when it is not this one.
    mentee = await talk.store.get_mentee(CONSOLE_USER)
    assert mentee is not None
    await talk.store.save_mentee(replace(mentee, locale="en"))
    talk.move_to(paris("2027-12-20T10:00"))
    await talk.journey.save_programme(programme(*SESSIONS, "2028-01-10T09:30", end_day=date(2028, 6, 30)))
    await send_question(talk, "How do I delegate a sensitive file?")
    second = max(await talk.store.items_of(CONSOLE_USER), key=lambda i: i.submitted_at)
    await talk.mentor_types(f"/seance {second.ref}")
    assert talk.last_to(CONSOLE_USER).text == (
        f"Your mentor suggests taking your question {second.ref} to your session 4 on Monday 10 January"
        " 2028 at 9:30: it deserves a conversation. Note what changes until then."
    )


async def test_seance_after_the_last_session_or_with_nothing_to_keep(project: Path) -> None:
    talk = await talk_with_programme(project)
    said = await talk.mentee_types("/seance")
    assert said.startswith("Vous n'avez pas de question en cours à garder.")
    assert "votre séance 1, lundi 18 janvier 2027, 14 h" in said
    talk.move_to(paris("2027-03-02T10:00"))
    said = await talk.mentee_types("/seance Un sujet")
    assert said.startswith("Aucune séance n'est prévue pour l'instant : rien n'a été gardé.")


# ---------------------------------------------------------------- session prompts
async def test_the_prompt_goes_once_in_the_mentees_hours_and_its_answer_is_screened(project: Path) -> None:
    talk = await talk_with_programme(project)
    # Four days before at 14 h: three days before is the Friday of the mentor's agenda.
    talk.move_to(paris("2027-01-13T13:59"))
    assert await talk.prompts() == ""
    talk.move_to(paris("2027-01-13T14:00"))
    prompt = await talk.prompts()
    assert prompt.startswith("Votre séance 1 a lieu lundi 18 janvier 2027, 14 h.")
    # The agenda leaves on Friday 15, the working day before: not "la veille" (Sunday).
    assert (
        "votre mentor le recevra avant la séance, avec son ordre du jour" in prompt and "veille" not in prompt
    )
    assert await talk.prompts() == "", "a prompt goes out once"
    said = await talk.mentee_types("Je voudrais parler de CANARY-Paul")
    assert said.startswith("Ce texte contient des données identifiantes (")
    assert await talk.journey.agenda_entries(ALIAS) == ()
    said = await talk.mentee_types("Le point sur la délégation")
    assert said == "Merci, c'est noté pour la séance du lundi 18 janvier 2027, 14 h."
    (entry,) = await talk.journey.agenda_entries(ALIAS, 1)
    assert (entry.source, entry.text) == (AgendaSource.PROMPT, "Le point sur la délégation")
    conversation = await talk.store.get_conversation(CONSOLE_USER)
    assert conversation is not None and conversation.pending is None
    # The next text is a question again: the flow starts.
    assert (await talk.mentee_types("Une autre question")).startswith("Construisons votre question")


async def test_a_prompt_answer_after_the_session_began_is_a_new_question(project: Path) -> None:
    talk = await talk_with_programme(project)
    talk.move_to(paris("2027-01-13T14:00"))
    assert await talk.prompts()
    talk.move_to(paris("2027-01-18T15:00"))
    said = await talk.mentee_types("Comment tenir le cadre en réunion ?")
    assert "Merci, c'est noté" not in said
    assert await talk.journey.agenda_entries(ALIAS) == ()


async def test_the_pause_example_of_the_help_and_of_a_refusal_works_as_typed(project: Path) -> None:
    """12 January: the day /aide shows, and the one the unreadable-date message shows, are
    accepted as typed (a fixed « /pause 31/08 » was more than six months ahead)."""
    talk = await talk_with_programme(project)
    help_text = await talk.mentee_types("/aide")
    assert "/pause 11/02 — plus de rappels" in help_text
    unreadable = await talk.mentee_types("/pause bientôt")
    assert unreadable == "Je n'ai pas compris la date. Écrivez par exemple « /pause 11/02 »."
    said = await talk.mentee_types("/pause 11/02")
    assert said.startswith(
        "C'est noté : plus de rappels ni d'invitations à préparer les séances jusqu'au jeudi 11"
    )


async def test_a_pause_holds_prompts_and_reminders_back_and_resume_lets_them_go(project: Path) -> None:
    talk = await talk_with_programme(project)
    assert (await talk.mentee_types("/pause 2027-13-45")).startswith("Je n'ai pas compris la date.")
    assert (await talk.mentee_types("/pause")).startswith("Je n'ai pas compris la date.")
    assert (await talk.mentee_types("/pause 10/01/2027")).startswith("Cette date est déjà passée")
    assert (await talk.mentee_types("/pause 2027-12-31")).startswith("Une pause dure au plus six mois")
    said = await talk.mentee_types("/pause 01/02")
    assert said.startswith(
        "C'est noté : plus de rappels ni d'invitations à préparer les séances"
        " jusqu'au lundi 1er février 2027."
    )
    # A draft left open is not recalled during the pause; the prompt of session 1 is held back.
    await talk.mentee_types("/nouvelle")
    await talk.mentee_types("Mon équipe attend mes arbitrages sur chaque dossier.")
    talk.move_to(paris("2027-01-13T14:00"))
    assert await talk.ticks() == ""
    assert await talk.prompts() == ""
    talk.move_to(paris("2027-01-13T16:00"))
    assert await talk.prompts() == "", "a prompt held back by a pause is not sent late"
    assert (await talk.mentee_types("/reprendre")) == "Rappels et invitations reprennent dès maintenant."
    assert (await talk.ticks()).startswith("Votre question commencée le mardi 12 janvier vous attend.")
    assert (await talk.mentee_types("/reprendre")) == "Aucune pause n'est en cours."
    # Session 2's prompt, a day before Friday's agenda (Wednesday 14 h), goes out again.
    talk.move_to(paris("2027-02-03T14:00"))
    assert (await talk.prompts()).startswith("Votre séance 2 a lieu lundi 8 février 2027, 14 h.")
    events = [e.action for e in await talk.store.audit_about(ALIAS)]
    assert "paused" in events and "resumed" in events


# ---------------------------------------------------------------- the sponsor report
async def test_the_report_is_drafted_changed_and_validated_through_the_chat(project: Path) -> None:
    talk = await talk_with_programme(project)
    assert (await talk.mentor_types("/rapport B-99 Un texte")) == (
        "Aucune personne que vous accompagnez n'a de programme sous l'alias B-99."
    )
    assert (await talk.mentor_types("/rapport")).startswith("Écrivez « /rapport A-17 »")
    said = await talk.mentor_types(f"/rapport {ALIAS}")
    assert said.startswith(f"Écrivez le rapport d'étape pour {ALIAS}")
    assert (await talk.mentor_types("Progrès net avec CANARY-Lemoine")).startswith(
        "Le rapport contient des données identifiantes ("
    )
    assert (await talk.journey.records(ALIAS)).reports == ()
    said = await talk.mentor_types("La délégation progresse nettement.")
    assert said.startswith(f"Rapport {ALIAS}-r1 (version 1) envoyé à {ALIAS} pour validation.")
    to_mentee = talk.last_to(CONSOLE_USER)
    assert "La délégation progresse nettement." in to_mentee.text and to_mentee.is_durable
    assert [c.label for c in to_mentee.choices] == ["Je valide", "Demander une modification", "Je refuse"]
    (report,) = (await talk.journey.records(ALIAS)).reports
    assert to_mentee.choices[0].value == f"journey:report:{report.id}:{report.sha256[:16]}:validate"
    old_validate = to_mentee.choices[0].value

    # The mentee asks for a change; the comment is screened; it waits for the mentor's window.
    talk.move_to(paris("2027-01-12T19:30"))
    assert (await talk.mentee_types("2")).startswith("Quelle modification souhaitez-vous ?")
    assert (await talk.mentee_types("Retirez CANARY-Paul")).startswith("Ce texte contient des données")
    said = await talk.mentee_types("Dites plutôt « progresse ».")
    assert said.startswith("Votre demande a été transmise à votre mentor.")
    ((due_at, text),) = await talk.mentor_outbox()
    assert due_at == paris("2027-01-13T08:00") and "Dites plutôt « progresse »." in text
    changed = await talk.journey.get_report(ALIAS, report.id)
    assert changed is not None and changed.state is ReportState.CHANGE_REQUESTED

    # The mentor revises; the old buttons no longer validate anything.
    talk.move_to(paris("2027-01-13T09:00"))
    said = await talk.mentor_types(f"/rapport {ALIAS} La délégation progresse.")
    assert said.startswith(f"Rapport {ALIAS}-r1 (version 2) envoyé")
    said = await talk.tap(CONSOLE_USER, old_validate)
    assert said.startswith("Le texte de ce rapport a changé depuis le message auquel vous répondez.")
    assert "La délégation progresse." in said
    current = await talk.journey.get_report(ALIAS, report.id)
    assert current is not None and current.state is ReportState.SENT and current.validation is None
    said = await talk.mentee_types("Je valide")
    assert said.startswith("Merci : vous avez validé ce texte le mercredi 13 janvier 2027, 9 h.")
    validated = await talk.journey.get_report(ALIAS, report.id)
    assert validated is not None and validated.is_validated
    assert validated.validation is not None and validated.validation.sha256 == validated.sha256
    assert validated.validation.at == paris("2027-01-13T09:00")
    # A second tap on the now validated report is refused with why.
    said = await talk.tap(CONSOLE_USER, report_payload(validated, "refuse"))
    assert said == "Votre réponse n'a pas été prise en compte : il est déjà validé."
    actions = [e.action for e in await talk.store.audit_about(ALIAS)]
    for step in (
        "report_drafted",
        "report_sent",
        "report_change_requested",
        "report_revised",
        "report_validated",
    ):
        assert step in actions
    details = json.dumps([dict(e.details) for e in await talk.store.audit_about(ALIAS)])
    assert "progresse" not in details and "CANARY" not in details
    # Who did what: the mentor's steps under mentor:<id>, the mentee's under their alias.
    actors = {e.action: e.actor for e in await talk.store.audit_about(ALIAS)}
    assert actors["report_drafted"] == actors["report_sent"] == actors["report_revised"] == "mentor:mentor"
    assert actors["report_change_requested"] == actors["report_validated"] == ALIAS


async def test_a_report_not_yet_shown_is_not_answered_by_typing_and_comes_first(project: Path) -> None:
    """`cadre report send` queues the report; until that entry has left the outbox, a "1"
    or a "Je valide" validates nothing unseen: the report is shown, with its choices."""
    talk = await talk_with_programme(project)
    desk, now_at = talk.chat.desk, talk.clock.now()
    drafted = await desk.draft_report(
        ALIAS,
        mentor="mentor",
        period_start=date(2027, 1, 11),
        period_end=date(2027, 1, 12),
        text="La délégation progresse.",
        at=now_at,
    )
    assert not isinstance(drafted, Flagged)
    report, message = await desk.send_report(ALIAS, drafted.id, now_at)
    choices = tuple(Choice(report_payload(report, a), a) for a in ("validate", "change", "refuse"))
    await queue(talk.store, CONSOLE_USER, message, at=now_at, choices=choices)
    talk.choices.pop(CONSOLE_USER, None)  # typed, as on Telegram or WhatsApp
    said = await talk.mentee_types("Je valide")
    assert said.startswith(
        "Votre message « Je valide » n'a pas été pris comme réponse : ce rapport d'étape ne vous"
        " avait pas encore été montré. Le voici"
    )
    assert "La délégation progresse." in said
    waiting = await talk.journey.get_report(ALIAS, report.id)
    assert waiting is not None and waiting.state is ReportState.SENT and waiting.validation is None
    assert "report_validated" not in [e.action for e in await talk.store.audit_about(ALIAS)]
    # Now it has been read: its "1" validates, recorded under the mentee's alias.
    assert (await talk.mentee_types("1")).startswith("Merci : vous avez validé ce texte")
    (validated,) = [e for e in await talk.store.audit_about(ALIAS) if e.action == "report_validated"]
    assert validated.actor == ALIAS


async def test_a_refused_report_and_an_answer_about_an_erased_report(project: Path) -> None:
    talk = await talk_with_programme(project)
    await talk.mentor_types(f"/rapport {ALIAS} Des progrès globaux.")
    (report,) = (await talk.journey.records(ALIAS)).reports
    assert (await talk.mentee_types("3")) == "C'est noté : ce rapport ne sera pas transmis."
    refused = await talk.journey.get_report(ALIAS, report.id)
    assert refused is not None and refused.state is ReportState.REFUSED
    await talk.journey.delete_report(ALIAS, report.id)
    said = await talk.tap(CONSOLE_USER, report_payload(report, "validate"))
    assert said == "Ce rapport n'existe plus (il a été effacé ou remplacé) : il n'y a rien à valider."
    assert (await talk.tap(CONSOLE_USER, "journey:nothing")) == "Ce choix n'est plus valable."


async def test_a_typed_number_answers_the_report_only_when_nothing_else_is_asked(project: Path) -> None:
    talk = await talk_with_programme(project)
    await talk.mentor_types(f"/rapport {ALIAS} Des progrès globaux.")
    (report,) = (await talk.journey.records(ALIAS)).reports
    # Since the report came, the bot asked something else ("Poser une question" offered):
    # a "3" typed, which names none of those choices, is not taken as a refusal of the report.
    said = await talk.mentee_types("Merci !")
    assert [c.label for c in talk.choices[CONSOLE_USER]] == ["Poser une question"]
    said = await talk.mentee_types("3")
    assert said.startswith(
        "Votre message « 3 » n'a pas été pris comme réponse au rapport d'étape : une autre question"
    )
    assert "Des progrès globaux." in said
    waiting = await talk.journey.get_report(ALIAS, report.id)
    assert waiting is not None and waiting.state is ReportState.SENT
    # The report asked again is now the question: its "1" validates.
    assert [c.label for c in talk.choices[CONSOLE_USER]] == [
        "Je valide",
        "Demander une modification",
        "Je refuse",
    ]
    assert (await talk.mentee_types("1")).startswith("Merci : vous avez validé ce texte")
    validated = await talk.journey.get_report(ALIAS, report.id)
    assert validated is not None and validated.is_validated


async def test_a_number_while_a_session_prompt_waits_is_neither_the_prompts_nor_the_reports(
    project: Path,
) -> None:
    talk = await talk_with_programme(project)
    talk.move_to(paris("2027-01-13T14:00"))
    assert await talk.prompts()
    await talk.mentor_types(f"/rapport {ALIAS} Des progrès globaux.")
    (report,) = (await talk.journey.records(ALIAS)).reports
    # Typed rather than tapped, as on Telegram or WhatsApp: the channel sends the text "2".
    talk.choices.pop(CONSOLE_USER)
    said = await talk.mentee_types("2")
    assert said.startswith("Votre message « 2 » n'a pas été pris comme réponse au rapport d'étape")
    assert await talk.journey.agenda_entries(ALIAS) == ()
    waiting = await talk.journey.get_report(ALIAS, report.id)
    assert waiting is not None and waiting.state is ReportState.SENT
    # The prompt still waits for its answer; the report's choices are the ones on screen.
    said = await talk.mentee_types("Le point sur la délégation")
    assert said == "Merci, c'est noté pour la séance du lundi 18 janvier 2027, 14 h."
    (entry,) = await talk.journey.agenda_entries(ALIAS, 1)
    assert entry.text == "Le point sur la délégation"
    assert (await talk.mentee_types("Je refuse")) == "C'est noté : ce rapport ne sera pas transmis."


async def test_numbers_typed_in_a_question_flow_stay_the_flows_while_a_report_waits(project: Path) -> None:
    talk = await talk_with_programme(project)
    await talk.mentor_types(f"/rapport {ALIAS} Des progrès globaux.")
    await send_question(talk)  # its theme and its summary are answered by numbers
    assert len(await talk.store.items_of(CONSOLE_USER)) == 1
    (report,) = (await talk.journey.records(ALIAS)).reports
    assert report.state is ReportState.SENT


async def test_another_mentors_mentee_is_an_unknown_alias(project: Path) -> None:
    talk = await talk_with_programme(project)
    other = programme(*SESSIONS)
    await talk.journey.save_programme(type(other)(**{**other.__dict__, "mentor": "someone-else"}))
    said = await talk.mentor_types(f"/rapport {ALIAS} Un texte.")
    assert said == f"Aucune personne que vous accompagnez n'a de programme sous l'alias {ALIAS}."


# ---------------------------------------------------------------- the mentor's note
async def test_a_note_after_a_session_reaches_the_mentee_screened(project: Path) -> None:
    talk = await talk_with_programme(project)
    assert (await talk.mentor_types(f"/note {ALIAS} Bravo")).startswith(
        f"{ALIAS} n'a encore eu aucune séance"
    )
    talk.move_to(paris("2027-01-18T17:00"))
    assert (await talk.mentor_types(f"/note {ALIAS}")).startswith(
        f"Écrivez la note pour {ALIAS} après la séance 1"
    )
    assert (await talk.mentor_types("Merci CANARY-Jean")).startswith(
        "La note contient des données identifiantes"
    )
    said = await talk.mentor_types("Belle séance : gardez le cap sur la délégation.")
    assert said == f"Note enregistrée pour {ALIAS}, séance 1."
    note = talk.last_to(CONSOLE_USER)
    assert (
        note.text
        == "Note de votre mentor après la séance 1 :\nBelle séance : gardez le cap sur la délégation."
    )
    assert (await talk.mentor_types(f"/note {ALIAS} 2 Trop tôt")).startswith(
        f"La séance 2 de {ALIAS} n'a pas encore eu lieu"
    )


# ---------------------------------------------------------------- rights
async def test_export_carries_the_journey_and_erasure_removes_it(project: Path, tmp_path: Path) -> None:
    talk = await talk_with_programme(project)
    await talk.mentee_types("/seance Le point sur mes priorités")
    await talk.mentor_types(f"/rapport {ALIAS} Des progrès globaux.")
    await talk.mentee_types("1")
    await talk.mentee_types("/pause 01/02")
    await talk.mentee_types("/export")
    exported = [o for o in talk.sent if o.to == CONSOLE_USER and o.attachment is not None]
    data = json.loads(exported[-2].attachment.content)  # type: ignore[union-attr]
    journey = data["journey"]
    assert journey["programme"]["alias"] == ALIAS
    assert [e["text"] for e in journey["agenda"]] == ["Le point sur mes priorités"]
    assert journey["reports"][0]["text"] == "Des progrès globaux." and journey["reports"][0]["validation"]
    assert journey["pause"]["until_day"] == "2027-02-01"
    markdown = exported[-1].attachment.content.decode()  # type: ignore[union-attr]
    assert "Parcours d'accompagnement" in markdown and "Le point sur mes priorités" in markdown
    await talk.mentee_types("/effacer")
    said = await talk.mentee_types("1")
    assert "effac" in said.lower()
    assert (await talk.journey.records(ALIAS)).is_empty
    assert await talk.store.get_mentee(CONSOLE_USER) is None


# ---------------------------------------------------------------- the scheduled job
async def test_the_prompt_job_runs_once_per_minute_across_two_processes(project: Path) -> None:
    talk = await talk_with_programme(project)
    talk.move_to(paris("2027-01-13T14:00"))
    channels = [FakeChannel("console"), FakeChannel("console")]
    schedulers = []
    for channel in channels:
        outbox = Outbox(talk.store, {"console": channel}, talk.clock)
        digest = talk.digest_service(outbox)
        schedulers.append(
            CadreScheduler(
                settings=talk.setup.settings,
                clock=talk.clock,
                digest=digest,
                outbox=outbox,
                runs=talk.store,
                prompts=lambda: talk.chat.send_prompts(talk.isolation),
            )
        )
    await schedulers[0].start(paused=True)
    try:
        assert schedulers[0].scheduler is not None
        assert "journey-prompts" in {job.id for job in schedulers[0].scheduler.get_jobs()}
    finally:
        await schedulers[0].stop()
    for scheduler in schedulers:
        await scheduler.run_prompts()
    sent = [o for channel in channels for o in channel.sent if o.key.startswith("journey:prompt:")]
    assert [o.key for o in sent] == [f"journey:prompt:{ALIAS}:1"]
    assert sent[0].to == CONSOLE_USER and sent[0].text.startswith("Votre séance 1 a lieu")
    conversation = await talk.store.get_conversation(CONSOLE_USER)
    assert conversation is not None and conversation.pending == SessionPrompted(1)
    talk.advance(timedelta(minutes=1))
    for scheduler in schedulers:
        await scheduler.run_prompts()
    assert len([o for channel in channels for o in channel.sent if o.key.startswith("journey:")]) == 1


async def test_withdrawal_then_the_retention_purge_erases_the_journey_too(project: Path) -> None:
    talk = await talk_with_programme(project)
    await talk.mentee_types("/seance Le point sur mes priorités")
    await talk.mentee_types("/arret")
    said = await talk.mentee_types("1")  # keep for now: withdrawn
    assert said.startswith("C'est noté : vous avez quitté l'accompagnement")
    assert not (await talk.journey.records(ALIAS)).is_empty
    later = talk.clock.now() + talk.setup.settings.retention.withdrawn_mentees + timedelta(days=1)
    out = io.StringIO()
    await run_purge(talk.setup, talk.store, ManualClock(later), stdout=out, journey=talk.journey)
    assert await talk.store.get_mentee(CONSOLE_USER) is None
    assert (await talk.journey.records(ALIAS)).is_empty


async def test_a_prompt_during_a_draft_leaves_the_draft_its_texts_and_points_to_seance(project: Path) -> None:
    talk = await talk_with_programme(project)
    await talk.mentee_types("/nouvelle")
    await talk.mentee_types("Mon équipe attend mes arbitrages sur chaque dossier.")
    talk.move_to(paris("2027-01-13T14:00"))
    prompt = await talk.prompts()
    assert prompt.endswith(
        "Vous êtes en train d'écrire une question : terminez-la d'abord. Pour la séance, écrivez ensuite"
        " « /seance » suivi de ce que vous voulez y apporter."
    )
    said = await talk.mentee_types("Je perds un temps fou et je bloque l'équipe.")
    assert said.startswith("3/4"), "the draft goes on"
    said = await talk.mentee_types("/seance La délégation")
    assert said == "C'est noté pour votre séance 1, lundi 18 janvier 2027, 14 h."
    # The prompt's own advice followed: the agenda does not say the mentee left it unanswered.
    (agenda,) = await talk.chat.desk.due_agendas(paris("2027-01-14T00:00"), paris("2027-01-15T08:00"), {})
    assert f"Gardé par {ALIAS} pour la séance : La délégation" in agenda.text
    assert "n'a pas répondu" not in agenda.text


# ---------------------------------------------------------------- each reader's language
async def test_an_english_mentee_reads_english_while_the_french_mentor_reads_french(project: Path) -> None:
    talk = await talk_with_programme(project)
    mentee = await talk.store.get_mentee(CONSOLE_USER)
    assert mentee is not None and talk.setup.settings.locale == "fr"
    await talk.store.save_mentee(replace(mentee, locale="en"))

    said = await talk.mentee_types("/seance My priorities")
    assert said == "Noted for your session 1, Monday 18 January 2027, 14:00."
    talk.move_to(paris("2027-01-13T14:00"))
    assert (await talk.prompts()).startswith("Your session 1 takes place on Monday 18 January 2027, 14:00.")
    assert (await talk.mentee_types("Talk about CANARY-Paul")).startswith("This text contains")
    said = await talk.mentee_types("Delegation")
    assert said == "Thank you, noted for the session of Monday 18 January 2027, 14:00."
    said = await talk.mentee_types("/pause 01/02")
    assert said.startswith(
        "Noted: no more reminders or invitations to prepare sessions until Monday 1 February 2027."
    )
    assert (await talk.mentee_types("/reprendre")) == "Reminders and invitations resume now."

    said = await talk.mentor_types(f"/rapport {ALIAS} La délégation progresse.")
    assert said.startswith(f"Rapport {ALIAS}-r1 (version 1) envoyé à {ALIAS} pour validation.")
    assert [c.label for c in talk.last_to(CONSOLE_USER).choices] == [
        "I validate",
        "Ask for a change",
        "I refuse",
    ]
    said = await talk.mentee_types("1")
    assert said.startswith("Thank you: you validated this text on Wednesday 13 January 2027, 14:00.")
    ((_due_at, to_mentor),) = await talk.mentor_outbox()
    assert to_mentor == f"{ALIAS} a validé le rapport {ALIAS}-r1 le mercredi 13 janvier 2027, 14 h."

    talk.move_to(paris("2027-01-18T17:00"))
    said = await talk.mentor_types(f"/note {ALIAS} 1 Belle séance.")
    assert said == f"Note enregistrée pour {ALIAS}, séance 1."
    assert talk.last_to(CONSOLE_USER).text == "Your mentor's note after session 1:\nBelle séance."

    review = await talk.chat.desk.build_review(ALIAS, [], out_dir=project / "reviews", at=talk.clock.now())
    assert review.to_mentee.text.startswith("Your accompaniment is coming to its end: here is your review.")
    assert review.to_mentee.files[0].caption.startswith("Questions per month and theme")
    assert review.to_mentor.text.startswith(f"Bilan de l'accompagnement de {ALIAS} :")
    assert review.to_mentor.files[0].caption.startswith("Questions par mois et par thème")
