"""What a newcomer ran into in the conversation (issue 14): rights after /arret and across a
new charter version, the charter accepted in natural words, a short hint for anything else
and a refusal confirmed before it takes effect."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.app import build_engine
from bot.channels.console import CONSOLE_USER
from bot.core.onboarding import CONSENT_MEMORY_TTL, REFUSE_CONFIRMED
from bot.domain import Inbound, InboundKind, MenteeStatus
from tests.conftest import paris
from tests.harness import CanaryScreener, Harness


async def withdrawn(project: Path) -> Harness:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("arret")
    assert "c'est noté" in (await harness.type("1")).lower()  # leave, keep the data a while
    mentee = await harness.store.get_mentee(CONSOLE_USER)
    assert mentee is not None and mentee.status is MenteeStatus.WITHDRAWN
    return harness


async def test_a_withdrawn_person_is_told_where_they_stand_and_how_to_come_back(project: Path) -> None:
    harness = await withdrawn(project)
    for said in (
        await harness.type("bonjour"),
        await harness.command("aide"),
        await harness.command("nouvelle"),
    ):
        assert "Vous avez quitté l'accompagnement" in said
        assert "/export" in said and "/effacer" in said
        assert "nouvelle invitation" in said
    conversation = await harness.store.get_conversation(CONSOLE_USER)
    assert conversation is None or conversation.draft is None


async def test_a_withdrawn_person_keeps_their_rights(project: Path) -> None:
    harness = await withdrawn(project)
    await harness.command("export")
    assert [o.attachment.media_type for o in harness.sent[-2:] if o.attachment] == [
        "application/json",
        "text/markdown",
    ]
    assert "Voulez-vous vraiment effacer" in await harness.command("effacer")
    assert "C'est fait" in await harness.type("1")
    assert await harness.store.get_mentee(CONSOLE_USER) is None


@pytest.mark.parametrize(
    "word", ["oui", "Oui !", "ok", "OK", "d'accord", "D’accord", "jaccepte", "J'accepte", "1"]
)
async def test_natural_words_accept_the_charter(project: Path, word: str) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"), consent=False)
    await harness.command("start")
    assert "c'est noté" in (await harness.type(word)).lower()
    mentee = await harness.store.get_mentee(CONSOLE_USER)
    assert mentee is not None and mentee.consent is not None


async def test_a_new_charter_version_does_not_block_export_and_erasure(project: Path) -> None:
    first = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    settings = project / "config" / "cadre.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace('version: "1"', 'version: "2"'), encoding="utf-8"
    )
    harness = await Harness.start(
        project / "config", paris("2026-11-24T10:00"), store=first.store, consent=False
    )
    await harness.command("export")
    assert any(o.attachment is not None for o in harness.sent[-2:])
    assert "Voulez-vous vraiment effacer" in await harness.command("effacer")
    assert "La charte a changé" in await harness.command("nouvelle")


@pytest.mark.parametrize(
    "thanks", ["Merci !", "merci", "Merci beaucoup pour votre réponse, je vais essayer", "Super, merci"]
)
async def test_thanks_get_a_brief_reply_and_an_offer(project: Path, thanks: str) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    said = await harness.type(thanks)
    assert "Avec plaisir" in said
    assert "1/4" not in said and "Construisons" not in said
    conversation = await harness.store.get_conversation(CONSOLE_USER)
    assert conversation is None or conversation.draft is None
    assert "1/4" in await harness.type("1"), "the offer starts a question"


async def test_a_question_that_starts_with_thanks_is_still_a_question(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    long_text = "Merci d'avance : dans mon équipe, deux collaborateurs ne se parlent plus depuis des mois."
    assert "Avec plaisir" not in await harness.type(long_text)


async def test_outside_hours_a_first_text_promises_no_reading(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-21T20:00"))  # Saturday evening
    said = await harness.type("bonjour")
    assert "sera lu" not in said and "sera lue" not in said
    assert "lundi 23 novembre à partir de 8 h" in said


CHARTER_LINE = "Avant de commencer, voici la charte"


async def before_consent(project: Path) -> Harness:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"), consent=False)
    assert CHARTER_LINE in await harness.command("start")
    return harness


async def test_anything_else_than_an_answer_gets_a_short_hint(project: Path) -> None:
    harness = await before_consent(project)
    for said in (
        await harness.type("bonjour"),
        await harness.type("c'est quoi ?"),
        await harness.command("aide"),
    ):
        assert "j'ai besoin de votre réponse à la charte" in said
        assert CHARTER_LINE not in said and "Bienvenue" not in said
        assert len(said.splitlines()) <= 5
        assert "1. J'accepte" in said and "2. Je refuse" in said and "3. Relire la charte" in said
    assert CHARTER_LINE in await harness.type("3")
    assert await harness.store.get_conversation(CONSOLE_USER) is None, "nothing stored before consent"


@pytest.mark.parametrize("refusal", ["2", "Je refuse", "non"])
async def test_a_refusal_is_confirmed_before_it_takes_effect(project: Path, refusal: str) -> None:
    harness = await before_consent(project)
    asked = await harness.type(refusal)
    assert "votre inscription est annulée" in asked and "refusé la charte" not in asked
    assert "2. Je confirme mon refus" in asked
    assert await harness.store.get_mentee(CONSOLE_USER) is not None
    assert await harness.store.get_conversation(CONSOLE_USER) is None
    assert "J'attends votre choix" in await harness.type("oui"), "ambiguous here: asked again"
    assert "refusé la charte" in await harness.type("2")
    assert await harness.store.get_mentee(CONSOLE_USER) is None


async def test_after_a_refusal_one_can_still_accept(project: Path) -> None:
    harness = await before_consent(project)
    await harness.type("2")
    assert "c'est noté" in (await harness.type("1")).lower()
    mentee = await harness.store.get_mentee(CONSOLE_USER)
    assert mentee is not None and mentee.consent is not None


async def test_a_redelivered_refusal_is_not_its_own_confirmation(project: Path) -> None:
    harness = await before_consent(project)
    refusal = Inbound(CONSOLE_USER, "wa:refuse-1", InboundKind.TEXT, harness.clock.now(), text="2")
    assert "votre inscription est annulée" in await harness.push(refusal)
    assert await harness.push(refusal) == ""
    assert await harness.store.get_mentee(CONSOLE_USER) is not None


async def test_a_restart_never_turns_a_refusal_into_a_confirmed_one(project: Path) -> None:
    harness = await before_consent(project)
    await harness.type("2")
    harness.engine = build_engine(
        harness.setup, store=harness.store, clock=harness.clock, screener=CanaryScreener()
    )
    typed = Inbound(CONSOLE_USER, "tg:2", InboundKind.TEXT, harness.clock.now(), text="2")
    assert "votre inscription est annulée" in await harness.push(typed), "asked again"
    assert await harness.store.get_mentee(CONSOLE_USER) is not None
    harness.engine = build_engine(
        harness.setup, store=harness.store, clock=harness.clock, screener=CanaryScreener()
    )
    tap = Inbound(CONSOLE_USER, "tg:3", InboundKind.CHOICE, harness.clock.now(), payload=REFUSE_CONFIRMED)
    assert "refusé la charte" in await harness.push(tap), "the button carries its meaning"
    assert await harness.store.get_mentee(CONSOLE_USER) is None


async def test_the_whole_charter_again_once_the_memory_expires(project: Path) -> None:
    harness = await before_consent(project)
    assert CHARTER_LINE not in await harness.type("bonjour")
    harness.clock.advance(CONSENT_MEMORY_TTL + timedelta(minutes=1))
    assert CHARTER_LINE in await harness.type("bonjour")
