"""The engine: idempotency, restarts, reminders, away notices, screening, enrolment."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from bot.app import build_engine
from bot.channels.console import CONSOLE_USER
from bot.core.invitations import create_invitation
from bot.core.strangers import code_guesser
from bot.domain import (
    Inbound,
    InboundKind,
    ItemStatus,
    Reply,
    ReplyKind,
    UserRef,
)
from bot.storage import TinyStore
from tests.conftest import paris
from tests.harness import CanaryScreener, Harness

QUESTION = [
    "Dans mon équipe, deux collaborateurs ne se parlent plus depuis la réorganisation.",
    "La confiance de l'équipe et le respect des délais du projet.",
    "Une réunion commune, sans effet durable.",
    "Comment rétablir un dialogue minimal sans prendre parti ?",
    "1",
]


async def test_duplicate_inbound_has_one_effect(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    inbound = Inbound(CONSOLE_USER, "wa:dup-1", InboundKind.COMMAND, harness.clock.now(), "nouvelle")
    first = await harness.push(inbound)
    second = await harness.push(inbound)
    assert "1/4" in first
    assert second == ""


async def test_draft_survives_a_restart_at_the_exact_step(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("nouvelle")
    await harness.type(QUESTION[0])
    await harness.type(QUESTION[1])
    # A new engine on the same store, as after a process restart.
    harness.engine = build_engine(
        harness.setup, store=harness.store, clock=harness.clock, screener=CanaryScreener()
    )
    said = await harness.type(QUESTION[2])
    assert "4/4" in said
    draft = (await harness.store.get_conversation(CONSOLE_USER)).draft  # type: ignore[union-attr]
    assert draft is not None and draft.step == "question"
    assert draft.answer("context") == QUESTION[0]


async def test_reminder_once_then_expiry(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("nouvelle")
    await harness.type(QUESTION[0])
    harness.clock.advance(timedelta(hours=23))
    assert await harness.tick() == ""
    harness.clock.advance(timedelta(hours=2))
    reminded = await harness.tick()
    assert "vous attend" in reminded and "2/4" in reminded
    harness.clock.advance(timedelta(hours=1))
    assert await harness.tick() == "", "the reminder is sent once"
    harness.clock.advance(timedelta(days=7))
    expired = await harness.tick()
    assert "supprimé" in expired
    assert (await harness.store.get_conversation(CONSOLE_USER)).draft is None  # type: ignore[union-attr]


async def test_answer_after_reminder_resets_the_idle_time(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("nouvelle")
    harness.clock.advance(timedelta(days=6, hours=23))
    await harness.type(QUESTION[0])
    harness.clock.advance(timedelta(hours=2))
    assert "supprimé" not in (await harness.tick())


async def test_away_notice_once_per_closed_period(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-20T19:00"))  # Friday evening
    first = await harness.type("bonjour")
    assert "plages de lecture de votre mentor sont fermées" in first
    assert "lundi 23 novembre" in first
    await harness.command("annuler")
    harness.clock.advance(timedelta(hours=20))  # Saturday: same closed period
    assert "fermées" not in (await harness.type("re-bonjour"))
    await harness.command("annuler")
    harness.clock.set(paris("2026-11-23T19:00"))  # Monday evening: a new closed period
    assert "fermées" in (await harness.type("bonsoir"))


async def test_no_away_notice_inside_the_window(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    assert "fermées" not in (await harness.type("bonjour"))


async def test_identifying_answer_is_refused_and_never_stored(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("nouvelle")
    said = await harness.type("Mon collègue CANARY-Durand refuse de venir aux réunions d'équipe.")
    assert "n'a pas été enregistrée" in said
    assert "« CANARY-Durand »" in said
    assert "[personne]" in said
    conversation = await harness.store.get_conversation(CONSOLE_USER)
    assert conversation is not None and conversation.draft is not None
    assert conversation.draft.answers == ()
    assert "CANARY" not in repr(conversation)
    said = await harness.type("Utiliser la proposition")
    assert "2/4" in said
    draft = (await harness.store.get_conversation(CONSOLE_USER)).draft  # type: ignore[union-attr]
    assert draft is not None
    assert draft.answer("context") == ("Mon collègue [personne] refuse de venir aux réunions d'équipe.")


async def test_rewrite_is_screened_again(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("nouvelle")
    await harness.type("Mon collègue CANARY-A refuse de venir aux réunions d'équipe.")
    await harness.type("Je réécris")
    said = await harness.type("Mon collègue CANARY-B refuse toujours de venir aux réunions.")
    assert "n'a pas été enregistrée" in said


async def test_media_refused_and_draft_prompt_repeated(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("nouvelle")
    said = await harness.push(
        Inbound(CONSOLE_USER, "m1", InboundKind.MEDIA, harness.clock.now(), payload="photo")
    )
    assert "ni photo" in said and "1/4" in said


async def test_edited_message_does_not_reach_the_draft(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("nouvelle")
    said = await harness.push(
        Inbound(CONSOLE_USER, "e1", InboundKind.EDITED, harness.clock.now(), text=QUESTION[0])
    )
    assert "modifications" in said
    assert (await harness.store.get_conversation(CONSOLE_USER)).draft.answers == ()  # type: ignore[union-attr]


async def test_free_text_starts_a_question_and_is_kept_as_context(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    said = await harness.type(QUESTION[0])
    assert "point de départ" in said and "2/4" in said


async def test_sent_item_is_queued_with_what_the_digest_needs(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("nouvelle")
    for line in QUESTION:
        await harness.type(line)
    said = await harness.type("1")
    assert "aujourd'hui" in said
    items = await harness.store.open_items("mentor")
    assert len(items) == 1
    item = items[0]
    assert item.alias == "essai" and item.flow == "question" and item.theme == "team"
    assert [a.step for a in item.answers] == ["context", "stake", "tried", "question", "theme"]
    assert item.submitted_at == harness.clock.now()
    assert item.ref in said
    assert (await harness.store.get_conversation(CONSOLE_USER)).draft is None  # type: ignore[union-attr]


async def test_thread_shows_status_and_mentor_answers(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("nouvelle")
    for line in QUESTION:
        await harness.type(line)
    await harness.type("1")
    item = (await harness.store.open_items())[0]
    await harness.store.save_item(
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
    said = await harness.command("fil")
    assert "répondue" in said and "Proposez un entretien à trois." in said
    assert "Comment rétablir" in said


async def test_stranger_refused_and_nothing_kept(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    stranger = UserRef("telegram", "999")
    said = await harness.push(
        Inbound(stranger, "s1", InboundKind.TEXT, harness.clock.now(), text="Bonjour, je voudrais de l'aide")
    )
    assert "invitées" in said
    assert await harness.store.get_mentee(stranger) is None
    assert await harness.store.get_conversation(stranger) is None


async def test_invitation_enrols_once(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    invitation = await create_invitation(
        harness.store, alias="A-17", mentor="mentor", now_at=harness.clock.now(), ttl=timedelta(days=14)
    )
    newcomer, other = UserRef("telegram", "1001"), UserRef("telegram", "1002")
    said = await harness.push(
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
    mentee = await harness.store.get_mentee(newcomer)
    assert mentee is not None and mentee.alias == "A-17" and mentee.consent is None
    said = await harness.push(
        Inbound(other, "i2", InboundKind.TEXT, harness.clock.now(), text=invitation.code)
    )
    assert "n'est pas valable" in said
    assert await harness.store.get_mentee(other) is None


async def test_a_crash_between_redemption_and_enrolment_does_not_burn_the_code(project: Path) -> None:
    """The code is marked used (system.json) and the process dies before the mentee is
    written (their own file): the inbox replays the message, and the same person is
    enrolled; anyone else, or the same person once erased, is still refused."""
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    invitation = await create_invitation(
        harness.store, alias="A-19", mentor="mentor", now_at=harness.clock.now(), ttl=timedelta(days=14)
    )
    newcomer, other = UserRef("whatsapp", "33611"), UserRef("whatsapp", "33622")
    assert await harness.store.redeem_invitation(
        invitation.code, user_key=newcomer.key, now_at=harness.clock.now()
    )  # ...and the process died here
    said = await harness.push(
        Inbound(newcomer, "w1", InboundKind.TEXT, harness.clock.now(), text=invitation.code)
    )
    assert "charte" in said and "n'est pas valable" not in said
    mentee = await harness.store.get_mentee(newcomer)
    assert mentee is not None and mentee.alias == "A-19"
    said = await harness.push(
        Inbound(other, "w2", InboundKind.TEXT, harness.clock.now(), text=invitation.code)
    )
    assert "n'est pas valable" in said and await harness.store.get_mentee(other) is None
    await harness.store.erase_user(newcomer)
    said = await harness.push(
        Inbound(newcomer, "w3", InboundKind.TEXT, harness.clock.now(), text=invitation.code)
    )
    assert "n'est pas valable" in said and await harness.store.get_mentee(newcomer) is None


async def test_expired_invitation_refused(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    invitation = await create_invitation(
        harness.store, alias="A-18", mentor="mentor", now_at=harness.clock.now(), ttl=timedelta(days=1)
    )
    harness.clock.advance(timedelta(days=2))
    said = await harness.push(
        Inbound(
            UserRef("whatsapp", "33600"), "x", InboundKind.TEXT, harness.clock.now(), text=invitation.code
        )
    )
    assert "n'est pas valable" in said


async def test_nothing_stored_before_consent_and_refusal_keeps_nothing(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"), consent=False)
    said = await harness.type("Dans mon équipe, un conflit dure depuis des semaines entre deux personnes.")
    assert "charte" in said
    assert await harness.store.get_conversation(CONSOLE_USER) is None
    said = await harness.type("Je refuse")
    assert "Que choisissez-vous ?" in said and "refusé la charte" not in said
    assert await harness.store.get_conversation(CONSOLE_USER) is None
    said = await harness.type("Je confirme mon refus")
    assert "refusé la charte" in said
    assert await harness.store.get_mentee(CONSOLE_USER) is None


async def test_new_charter_version_asks_again(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    settings = harness.setup.settings.model_copy(
        update={"charter": harness.setup.settings.charter.model_copy(update={"version": "2"})}
    )
    harness.engine.onboarding.settings = settings
    said = await harness.type("bonjour")
    assert "La charte a changé (version 2)" in said
    await harness.type("1")
    mentee = await harness.store.get_mentee(CONSOLE_USER)
    assert mentee is not None and mentee.consent is not None
    assert mentee.consent.version == "2"


async def test_english_mentee_gets_english_texts(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    mentee = await harness.store.get_mentee(CONSOLE_USER)
    assert mentee is not None
    await harness.store.save_mentee(replace(mentee, locale="en"))
    said = await harness.command("question")
    assert "1/4 · The situation" in said


async def test_unknown_command_and_help(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    assert "Je ne connais pas" in (await harness.command("frobnicate"))
    help_text = await harness.command("aide")
    assert "/nouvelle" in help_text and "lit les messages du lundi au vendredi, de 8 h à 18 h." in help_text


async def test_a_second_flow_is_offered_and_runs(project: Path) -> None:
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
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    said = await harness.command("nouvelle")
    assert "Que voulez-vous préparer ?" in said
    assert "1. Nouvelle question" in said and "2. Retour après séance" in said
    said = await harness.type("2")
    assert "Qu'avez-vous retenu de la séance ?" in said
    said = await harness.type("La reformulation aide mon équipe.")
    assert "▸ Retenu : La reformulation aide mon équipe." in said
    await harness.type("Envoyer")
    assert [i.flow for i in await harness.store.open_items()] == ["feedback"]


async def test_free_text_still_starts_the_default_flow_when_several_exist(project: Path) -> None:
    (project / "flows" / "feedback.yaml").write_text(
        'id: feedback\ntitle: "Retour"\nsteps:\n  - {id: a, prompt: "p", label: "l"}\n', encoding="utf-8"
    )
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    assert "1/4" in (await harness.type("bonjour"))


async def test_a_typed_number_or_label_counts_as_the_offered_choice(project: Path) -> None:
    """Channels that show choices as numbered text send plain text back."""
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"), consent=False)

    async def raw(text: str) -> str:
        return await harness.push(
            Inbound(
                CONSOLE_USER, f"raw:{len(harness.sent)}", InboundKind.TEXT, harness.clock.now(), text=text
            )
        )

    assert "charte" in (await raw("bonjour"))
    assert "c'est noté" in (await raw("1"))
    await harness.command("nouvelle")
    for line in QUESTION[:4]:
        await raw(line)
    assert "Voici votre question" in (await raw("mon équipe"))
    assert "envoyée" in (await raw("1."))


async def test_a_stranger_hammering_the_bot_gets_silence_and_nothing_is_kept(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    stranger = UserRef("whatsapp", "33699999999")
    answers = [
        await harness.push(
            Inbound(stranger, f"x{i}", InboundKind.TEXT, harness.clock.now(), text=f"ABCD-EFG{i}")
        )
        for i in range(8)
    ]
    assert all("n'est pas valable" in a for a in answers[:5])
    assert answers[5:] == ["", "", ""], "code guessing is cut off after five attempts"
    invitation = await create_invitation(
        harness.store, alias="Z-1", mentor="mentor", now_at=harness.clock.now(), ttl=timedelta(days=1)
    )
    blocked = await harness.push(
        Inbound(stranger, "x9", InboundKind.TEXT, harness.clock.now(), text=invitation.code)
    )
    assert blocked == "" and await harness.store.get_mentee(stranger) is None
    harness.clock.advance(timedelta(hours=1))
    assert "charte" in await harness.push(
        Inbound(stranger, "x10", InboundKind.TEXT, harness.clock.now(), text=invitation.code)
    )


async def test_the_welcome_states_the_configured_retention(project: Path) -> None:
    settings = project / "config" / "cadre.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + "\nretention:\n  answered_items: 180d\n  closed_items: 90d\n"
        + "  inactive_mentees: 180d\n  drafts: 14d\n",
        encoding="utf-8",
    )
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"), consent=False)
    welcome = (await harness.command("start")).replace("\xa0", " ")  # Babel's no-break space
    assert "douze mois" not in welcome
    assert "au plus 6 mois après" in welcome
    assert "laissée sans suite est effacée après une semaine" in welcome  # drafts.expire_after


async def test_the_welcome_with_the_default_retention_says_one_year(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"), consent=False)
    assert "au plus un an après" in await harness.command("start")


async def test_a_stranger_writing_an_eight_letter_word_is_told_it_is_by_invitation(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    stranger = UserRef("whatsapp", "33611223344")
    for word in ("vacances", "Vacances", "merci ok"):
        inbound = Inbound(stranger, f"s-{word}", InboundKind.TEXT, harness.clock.now(), text=word)
        said = await harness.push(inbound)
        assert "uniquement les personnes invitées" in said, word
    code = Inbound(stranger, "s-code", InboundKind.TEXT, harness.clock.now(), text="WXYZ-2345")
    said = await harness.push(code)
    assert "pas valable" in said


async def test_the_away_notice_says_why_the_window_is_closed(project: Path) -> None:
    settings = project / "config" / "cadre.yaml"
    text = settings.read_text(encoding="utf-8").replace(
        "closures: []", 'closures:\n  - {from: 2026-12-24, to: 2027-01-01, label: "Fêtes"}'
    )
    settings.write_text(text, encoding="utf-8")
    harness = await Harness.start(project / "config", paris("2026-12-28T10:00"))
    said = await harness.type("bonjour")
    assert "sont fermées (fermeture « Fêtes », du jeudi 24 décembre au vendredi 1er janvier 2027)" in said


async def test_first_contact_states_the_office_hours(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"), consent=False)
    said = await harness.type("bonjour")
    assert "plages de lecture (du lundi au vendredi, de 8 h à 18 h)" in said


async def _guess(harness: Harness, who: UserRef, n: int) -> str:
    return await harness.push(
        Inbound(who, f"g{who.id}-{n}", InboundKind.TEXT, harness.clock.now(), text=f"ZZZZ-ZZZ{n}")
    )


async def test_a_restart_gives_a_code_guesser_no_fresh_tries(project: Path, tmp_path: Path) -> None:
    guesser = UserRef("whatsapp", "33698989898")
    with TinyStore(tmp_path / "data") as store:
        harness = await Harness.start(project / "config", paris("2026-11-23T10:00"), store=store)
        assert all(["n'est pas valable" in await _guess(harness, guesser, n) for n in range(5)])
    with TinyStore(tmp_path / "data") as store:  # a new process: in-memory counts are gone
        restarted = await Harness.start(project / "config", paris("2026-11-23T10:10"), store=store)
        invitation = await create_invitation(
            store, alias="Z-2", mentor="mentor", now_at=restarted.clock.now(), ttl=timedelta(days=1)
        )
        code = Inbound(guesser, "g-valid", InboundKind.TEXT, restarted.clock.now(), text=invitation.code)
        assert await restarted.push(code) == ""
        assert await store.get_mentee(guesser) is None
        kept = await store.failed_codes(restarted.clock.now() - timedelta(hours=1))
        assert len(kept) == 5 and not any(guesser.id in who for who, _ in kept), "a hash, never the id"
        key = await store.code_guard_key()
        assert {who for who, _ in kept} == {code_guesser(guesser, key)}, "the folder's key survived"
    with TinyStore(tmp_path / "other") as elsewhere:
        other_key = await elsewhere.code_guard_key()
    assert other_key != key and code_guesser(guesser, other_key) != code_guesser(guesser, key), (
        "keyed per folder: a list of phone numbers hashed elsewhere matches nothing here"
    )


async def test_many_guessers_together_pause_codes_for_everyone(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    for person in range(6):
        for n in range(5):
            await _guess(harness, UserRef("telegram", f"70{person}"), n)
    invitation = await create_invitation(
        harness.store, alias="Z-3", mentor="mentor", now_at=harness.clock.now(), ttl=timedelta(days=1)
    )
    newcomer = UserRef("telegram", "8080")
    said = await harness.push(
        Inbound(newcomer, "n1", InboundKind.TEXT, harness.clock.now(), text=invitation.code)
    )
    assert "dans une heure" in said and await harness.store.get_mentee(newcomer) is None
    harness.clock.advance(timedelta(hours=1))
    said = await harness.push(
        Inbound(newcomer, "n2", InboundKind.TEXT, harness.clock.now(), text=invitation.code)
    )
    assert "charte" in said
