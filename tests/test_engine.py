"""The engine: idempotency, restarts, reminders, away notices, screening, enrolment."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from bot.app import build_engine
from bot.channels.console import CONSOLE_USER
from bot.domain import (
    Inbound,
    InboundKind,
    ItemStatus,
    Reply,
    ReplyKind,
    UserRef,
)
from bot.engine.invitations import create_invitation
from tests.conftest import paris
from tests.harness import CanaryScreener, Harness

QUESTION = [
    "Dans mon équipe, deux collaborateurs ne se parlent plus depuis la réorganisation.",
    "La confiance de l'équipe et le respect des délais du projet.",
    "Une réunion commune, sans effet durable.",
    "Comment rétablir un dialogue minimal sans prendre parti ?",
    "1",
]


def test_duplicate_inbound_has_one_effect(project: Path) -> None:
    harness = Harness(project / "config", paris("2026-11-23T10:00"))
    inbound = Inbound(CONSOLE_USER, "wa:dup-1", InboundKind.COMMAND, harness.clock.now(), "nouvelle")
    first = harness.push(inbound)
    second = harness.push(inbound)
    assert "1/4" in first
    assert second == ""


def test_draft_survives_a_restart_at_the_exact_step(project: Path) -> None:
    harness = Harness(project / "config", paris("2026-11-23T10:00"))
    harness.command("nouvelle")
    harness.type(QUESTION[0])
    harness.type(QUESTION[1])
    # A new engine on the same store, as after a process restart.
    harness.engine = build_engine(
        harness.setup, store=harness.store, clock=harness.clock, screener=CanaryScreener()
    )
    said = harness.type(QUESTION[2])
    assert "4/4" in said
    draft = harness.store.get_conversation(CONSOLE_USER).draft  # type: ignore[union-attr]
    assert draft is not None and draft.step == "question"
    assert draft.answer("context") == QUESTION[0]


def test_reminder_once_then_expiry(project: Path) -> None:
    harness = Harness(project / "config", paris("2026-11-23T10:00"))
    harness.command("nouvelle")
    harness.type(QUESTION[0])
    harness.clock.advance(timedelta(hours=23))
    assert harness.tick() == ""
    harness.clock.advance(timedelta(hours=2))
    reminded = harness.tick()
    assert "vous attend" in reminded and "2/4" in reminded
    harness.clock.advance(timedelta(hours=1))
    assert harness.tick() == "", "the reminder is sent once"
    harness.clock.advance(timedelta(days=7))
    expired = harness.tick()
    assert "supprimé" in expired
    assert harness.store.get_conversation(CONSOLE_USER).draft is None  # type: ignore[union-attr]


def test_answer_after_reminder_resets_the_idle_time(project: Path) -> None:
    harness = Harness(project / "config", paris("2026-11-23T10:00"))
    harness.command("nouvelle")
    harness.clock.advance(timedelta(days=6, hours=23))
    harness.type(QUESTION[0])
    harness.clock.advance(timedelta(hours=2))
    assert "supprimé" not in harness.tick()


def test_away_notice_once_per_closed_period(project: Path) -> None:
    harness = Harness(project / "config", paris("2026-11-20T19:00"))  # Friday evening
    first = harness.type("bonjour")
    assert "plages de lecture de votre mentor sont fermées" in first
    assert "lundi 23 novembre" in first
    harness.command("annuler")
    harness.clock.advance(timedelta(hours=20))  # Saturday: same closed period
    assert "fermées" not in harness.type("re-bonjour")
    harness.command("annuler")
    harness.clock.set(paris("2026-11-23T19:00"))  # Monday evening: a new closed period
    assert "fermées" in harness.type("bonsoir")


def test_no_away_notice_inside_the_window(project: Path) -> None:
    harness = Harness(project / "config", paris("2026-11-23T10:00"))
    assert "fermées" not in harness.type("bonjour")


def test_identifying_answer_is_refused_and_never_stored(project: Path) -> None:
    harness = Harness(project / "config", paris("2026-11-23T10:00"))
    harness.command("nouvelle")
    said = harness.type("Mon collègue CANARY-Durand refuse de venir aux réunions d'équipe.")
    assert "n'a pas été enregistrée" in said
    assert "« CANARY-Durand »" in said
    assert "[personne]" in said
    conversation = harness.store.get_conversation(CONSOLE_USER)
    assert conversation is not None and conversation.draft is not None
    assert conversation.draft.answers == ()
    assert "CANARY" not in repr(conversation)
    said = harness.type("Utiliser la proposition")
    assert "2/4" in said
    draft = harness.store.get_conversation(CONSOLE_USER).draft  # type: ignore[union-attr]
    assert draft is not None
    assert draft.answer("context") == ("Mon collègue [personne] refuse de venir aux réunions d'équipe.")


def test_rewrite_is_screened_again(project: Path) -> None:
    harness = Harness(project / "config", paris("2026-11-23T10:00"))
    harness.command("nouvelle")
    harness.type("Mon collègue CANARY-A refuse de venir aux réunions d'équipe.")
    harness.type("Je réécris")
    said = harness.type("Mon collègue CANARY-B refuse toujours de venir aux réunions.")
    assert "n'a pas été enregistrée" in said


def test_media_refused_and_draft_prompt_repeated(project: Path) -> None:
    harness = Harness(project / "config", paris("2026-11-23T10:00"))
    harness.command("nouvelle")
    said = harness.push(Inbound(CONSOLE_USER, "m1", InboundKind.MEDIA, harness.clock.now(), payload="photo"))
    assert "ni photo" in said and "1/4" in said


def test_edited_message_does_not_reach_the_draft(project: Path) -> None:
    harness = Harness(project / "config", paris("2026-11-23T10:00"))
    harness.command("nouvelle")
    said = harness.push(
        Inbound(CONSOLE_USER, "e1", InboundKind.TEXT, harness.clock.now(), text=QUESTION[0], payload="edited")
    )
    assert "modifications" in said
    assert harness.store.get_conversation(CONSOLE_USER).draft.answers == ()  # type: ignore[union-attr]


def test_free_text_starts_a_question_and_is_kept_as_context(project: Path) -> None:
    harness = Harness(project / "config", paris("2026-11-23T10:00"))
    said = harness.type(QUESTION[0])
    assert "point de départ" in said and "2/4" in said


def test_sent_item_is_queued_with_what_the_digest_needs(project: Path) -> None:
    harness = Harness(project / "config", paris("2026-11-23T10:00"))
    harness.command("nouvelle")
    for line in QUESTION:
        harness.type(line)
    said = harness.type("1")
    assert "aujourd'hui" in said
    items = harness.store.open_items("mentor")
    assert len(items) == 1
    item = items[0]
    assert item.alias == "essai" and item.flow == "question" and item.theme == "team"
    assert [a.step for a in item.answers] == ["context", "stake", "tried", "question", "theme"]
    assert item.submitted_at == harness.clock.now()
    assert item.ref in said
    assert harness.store.get_conversation(CONSOLE_USER).draft is None  # type: ignore[union-attr]


def test_thread_shows_status_and_mentor_answers(project: Path) -> None:
    harness = Harness(project / "config", paris("2026-11-23T10:00"))
    harness.command("nouvelle")
    for line in QUESTION:
        harness.type(line)
    harness.type("1")
    item = harness.store.open_items()[0]
    harness.store.save_item(
        replace(
            item,
            status=ItemStatus.ANSWERED,
            replies=(
                Reply(
                    ReplyKind.ANSWER,
                    "Proposez un entretien à trois.",
                    "mentor",
                    harness.clock.now() + timedelta(days=1),
                ),
            ),
        )
    )
    said = harness.command("fil")
    assert "répondue" in said and "Proposez un entretien à trois." in said
    assert "Comment rétablir" in said


def test_stranger_refused_and_nothing_kept(project: Path) -> None:
    harness = Harness(project / "config", paris("2026-11-23T10:00"))
    stranger = UserRef("telegram", "999")
    said = harness.push(
        Inbound(stranger, "s1", InboundKind.TEXT, harness.clock.now(), text="Bonjour, je voudrais de l'aide")
    )
    assert "invitées" in said
    assert harness.store.get_mentee(stranger) is None
    assert harness.store.get_conversation(stranger) is None


def test_invitation_enrols_once(project: Path) -> None:
    harness = Harness(project / "config", paris("2026-11-23T10:00"))
    invitation = create_invitation(
        harness.store, alias="A-17", mentor="mentor", now_at=harness.clock.now(), ttl=timedelta(days=14)
    )
    newcomer, other = UserRef("telegram", "1001"), UserRef("telegram", "1002")
    said = harness.push(
        Inbound(
            newcomer,
            "i1",
            InboundKind.COMMAND,
            harness.clock.now(),
            "start",
            invitation.code.replace("-", ""),
        )
    )
    assert "charte" in said
    mentee = harness.store.get_mentee(newcomer)
    assert mentee is not None and mentee.alias == "A-17" and mentee.consent is None
    said = harness.push(Inbound(other, "i2", InboundKind.TEXT, harness.clock.now(), text=invitation.code))
    assert "n'est pas valable" in said
    assert harness.store.get_mentee(other) is None


def test_expired_invitation_refused(project: Path) -> None:
    harness = Harness(project / "config", paris("2026-11-23T10:00"))
    invitation = create_invitation(
        harness.store, alias="A-18", mentor="mentor", now_at=harness.clock.now(), ttl=timedelta(days=1)
    )
    harness.clock.advance(timedelta(days=2))
    said = harness.push(
        Inbound(
            UserRef("whatsapp", "33600"), "x", InboundKind.TEXT, harness.clock.now(), text=invitation.code
        )
    )
    assert "n'est pas valable" in said


def test_nothing_stored_before_consent_and_refusal_keeps_nothing(project: Path) -> None:
    harness = Harness(project / "config", paris("2026-11-23T10:00"), consent=False)
    said = harness.type("Dans mon équipe, un conflit dure depuis des semaines entre deux personnes.")
    assert "charte" in said
    assert harness.store.get_conversation(CONSOLE_USER) is None
    said = harness.type("Je refuse")
    assert "refusé la charte" in said
    assert harness.store.get_mentee(CONSOLE_USER) is None


def test_new_charter_version_asks_again(project: Path) -> None:
    harness = Harness(project / "config", paris("2026-11-23T10:00"))
    settings = harness.setup.settings.model_copy(
        update={"charter": harness.setup.settings.charter.model_copy(update={"version": "2"})}
    )
    harness.engine.settings = settings
    said = harness.type("bonjour")
    assert "La charte a changé (version 2)" in said
    harness.type("1")
    mentee = harness.store.get_mentee(CONSOLE_USER)
    assert mentee is not None and mentee.consent is not None
    assert mentee.consent.version == "2"


def test_english_mentee_gets_english_texts(project: Path) -> None:
    harness = Harness(project / "config", paris("2026-11-23T10:00"))
    mentee = harness.store.get_mentee(CONSOLE_USER)
    assert mentee is not None
    harness.store.save_mentee(replace(mentee, locale="en"))
    said = harness.command("question")
    assert "1/4 · The situation" in said


def test_unknown_command_and_help(project: Path) -> None:
    harness = Harness(project / "config", paris("2026-11-23T10:00"))
    assert "Je ne connais pas" in harness.command("frobnicate")
    help_text = harness.command("aide")
    assert "/nouvelle" in help_text and "lit les messages du lundi au vendredi, de 8 h à 18 h." in help_text


def test_a_second_flow_is_offered_and_runs(project: Path) -> None:
    (project / "flows" / "feedback.yaml").write_text(
        """id: feedback
title: "Retour après séance"
steps:
  - id: learned
    prompt: "Qu'avez-vous retenu de la séance ?"
    label: "Retenu"
    checks: [not_empty, {min_length: 5}]
""",
        encoding="utf-8",
    )
    harness = Harness(project / "config", paris("2026-11-23T10:00"))
    said = harness.command("nouvelle")
    assert "Que voulez-vous préparer ?" in said
    assert "1. Nouvelle question" in said and "2. Retour après séance" in said
    said = harness.type("2")
    assert "Qu'avez-vous retenu de la séance ?" in said
    said = harness.type("La reformulation aide mon équipe.")
    assert "▸ Retenu : La reformulation aide mon équipe." in said
    harness.type("Envoyer")
    assert [i.flow for i in harness.store.open_items()] == ["feedback"]


def test_free_text_still_starts_the_default_flow_when_several_exist(project: Path) -> None:
    (project / "flows" / "feedback.yaml").write_text(
        'id: feedback\ntitle: "Retour"\nsteps:\n  - {id: a, prompt: "p", label: "l"}\n', encoding="utf-8"
    )
    harness = Harness(project / "config", paris("2026-11-23T10:00"))
    assert "1/4" in harness.type("bonjour")


def test_a_typed_number_or_label_counts_as_the_offered_choice(project: Path) -> None:
    """Channels that show choices as numbered text send plain text back."""
    harness = Harness(project / "config", paris("2026-11-23T10:00"), consent=False)

    def raw(text: str) -> str:
        return harness.push(
            Inbound(
                CONSOLE_USER, f"raw:{len(harness.sent)}", InboundKind.TEXT, harness.clock.now(), text=text
            )
        )

    assert "charte" in raw("bonjour")
    assert "c'est noté" in raw("1")
    harness.command("nouvelle")
    for line in QUESTION[:4]:
        raw(line)
    assert "Voici votre question" in raw("mon équipe")
    assert "envoyée" in raw("1.")


def test_a_stranger_hammering_the_bot_gets_silence_and_nothing_is_kept(project: Path) -> None:
    harness = Harness(project / "config", paris("2026-11-23T10:00"))
    stranger = UserRef("whatsapp", "33699999999")
    answers = [
        harness.push(Inbound(stranger, f"x{i}", InboundKind.TEXT, harness.clock.now(), text=f"ABCD-EFG{i}"))
        for i in range(8)
    ]
    assert all("n'est pas valable" in a for a in answers[:5])
    assert answers[5:] == ["", "", ""], "code guessing is cut off after five attempts"
    invitation = create_invitation(
        harness.store, alias="Z-1", mentor="mentor", now_at=harness.clock.now(), ttl=timedelta(days=1)
    )
    blocked = harness.push(
        Inbound(stranger, "x9", InboundKind.TEXT, harness.clock.now(), text=invitation.code)
    )
    assert blocked == "" and harness.store.get_mentee(stranger) is None
    harness.clock.advance(timedelta(hours=1))
    assert "charte" in harness.push(
        Inbound(stranger, "x10", InboundKind.TEXT, harness.clock.now(), text=invitation.code)
    )


def test_first_contact_states_the_office_hours(project: Path) -> None:
    harness = Harness(project / "config", paris("2026-11-23T10:00"), consent=False)
    said = harness.type("bonjour")
    assert "plages de lecture (du lundi au vendredi, de 8 h à 18 h)" in said


def test_the_welcome_states_the_configured_retention(project: Path) -> None:
    settings = project / "config" / "cadre.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + "\nretention:\n  answered_items: 180d\n  closed_items: 90d\n"
        + "  inactive_mentees: 180d\n  drafts: 14d\n",
        encoding="utf-8",
    )
    harness = Harness(project / "config", paris("2026-11-23T10:00"), consent=False)
    welcome = harness.command("start").replace("\xa0", " ")  # Babel's no-break space
    assert "douze mois" not in welcome
    assert "au plus 6 mois après" in welcome
    assert "laissée sans suite est effacée au bout de 1 semaine" in welcome  # drafts.expire_after


def test_the_welcome_with_the_default_retention_says_one_year(project: Path) -> None:
    harness = Harness(project / "config", paris("2026-11-23T10:00"), consent=False)
    assert "au plus 1\xa0an après" in harness.command("start")


def test_a_stranger_writing_an_ordinary_eight_letter_word_is_told_it_is_by_invitation(project: Path) -> None:
    harness = Harness(project / "config", paris("2026-11-23T10:00"))
    stranger = UserRef("whatsapp", "33611223344")
    for word in ("vacances", "Vacances", "merci ok"):
        said = harness.push(Inbound(stranger, f"s-{word}", InboundKind.TEXT, harness.clock.now(), text=word))
        assert "uniquement les personnes invitées" in said, word
    said = harness.push(Inbound(stranger, "s-code", InboundKind.TEXT, harness.clock.now(), text="WXYZ-2345"))
    assert "pas valable" in said


def test_the_away_notice_says_why_the_window_is_closed(project: Path) -> None:
    settings = project / "config" / "cadre.yaml"
    text = settings.read_text(encoding="utf-8").replace(
        "closures: []", 'closures:\n  - {from: 2026-12-24, to: 2027-01-01, label: "Fêtes"}'
    )
    settings.write_text(text, encoding="utf-8")
    harness = Harness(project / "config", paris("2026-12-28T10:00"))
    said = harness.type("bonjour")
    assert "sont fermées (fermeture « Fêtes », du jeudi 24 décembre au vendredi 1er janvier 2027)" in said
