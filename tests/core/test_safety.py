"""Safety: the lexicon's matching, its false alarms, the coach's phrases, the redirect end to end."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import yaml

from bot.app import load_setup
from bot.channels.console import CONSOLE_USER
from bot.config.i18n import load_catalogue
from bot.config.settings import load_settings
from bot.core.safety import CATEGORIES, SafetyLexicon, build_safety, normalise, shipped_phrases
from bot.errors import ConfigError
from bot.schedule.digest import build_digest
from bot.storage import TinyStore
from tests.conftest import PARIS, REPO, paris
from tests.core.test_engine import QUESTION
from tests.harness import Harness


@pytest.fixture(scope="module")
def lexicon() -> SafetyLexicon:
    return build_safety(load_settings(REPO / "config"), load_catalogue(REPO / "config" / "messages"))


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # Indirect wording, as people write when they are not well.
        ("je n'en peux plus, j'ai envie de tout arrêter", "distress"),
        ("plus envie de me lever le matin", "distress"),
        ("je pense à en finir", "suicide"),
        ("I can't go on", "distress"),
        ("mon manager me harcèle", "harassment"),
        ("il m'a menacé", "violence"),
        # Robust to case, accents, curly apostrophes, missing apostrophes, doubled letters.
        ("Il m’a MENACÉ !", "violence"),
        ("jen peux plus", "distress"),
        ("je n en peux plus.", "distress"),
        ("Mon N+1 me harcelle depuis des mois", "harassment"),
        ("J'ai envie de me suicider", "suicide"),
        ("je me sens suicidaire", "suicide"),
        ("je veux mettre fin à mes jours", "suicide"),
        ("I cant go on like this", "distress"),
        ("I want to kill myself", "suicide"),
        ("my boss keeps harassing me", "harassment"),
        ("J'ai une douleur dans la poitrine depuis ce matin", "medical"),
        ("j'ai subi du harcèlement moral pendant deux ans", "harassment"),
        ("il m'a menacé de mort", "violence"),
        # Precedence: the most serious help is named first.
        ("je n'en peux plus, je pense au suicide", "suicide"),
    ],
)
def test_signals_are_detected(lexicon: SafetyLexicon, text: str, category: str) -> None:
    assert lexicon.detect(text) == category


@pytest.mark.parametrize(
    "text",
    [
        # Ordinary coaching prose: none of these is a safety matter (docs/privacy.md).
        "Faut-il arrêter le projet avant la fin du trimestre ?",
        "En réunion on a surtout tué le temps, on a tué le temps pendant une heure.",
        "J'ai une deadline urgente vendredi.",
        "Un client urgent m'a appelé trois fois.",
        "Ce dossier me tue, il revient chaque semaine.",
        "C'est urgent, j'ai besoin d'un avis avant lundi.",
        "Ce qui m'a frappé, c'est sa réaction en comité.",
        "Mon collaborateur me menace de démissionner s'il n'a pas d'augmentation.",
        "La menace d'un plan social pèse sur l'équipe.",
        "Je n'en peux plus de ses retards sur le projet.",
        "Je veux en finir avec ce dossier avant l'été.",
        "J'ai envie de tout arrêter sur ce projet pour repartir sur de bonnes bases.",
        "Une collaboratrice est en burn-out, comment organiser son retour ?",
        "Je prépare une formation sur la prévention du harcèlement pour mes managers.",
        "It hit me that the deal is falling apart.",
        "We are breaking down the roadmap into smaller steps.",
        "Dans mon équipe, deux collaborateurs ne se parlent plus depuis la réorganisation.",
    ],
)
def test_coaching_prose_is_not_an_alarm(lexicon: SafetyLexicon, text: str) -> None:
    assert lexicon.detect(text) is None


def test_normalisation_folds_case_accents_apostrophes_and_elision() -> None:
    assert normalise("J’ai ENVIE, d’arrêter") == ["j", "ai", "envie", "§", "d", "areter"]
    assert normalise("jai") == normalise("j'ai") == normalise("J ai")
    assert normalise("can't") == normalise("cannot") == ["can", "t"]
    assert normalise("œuvre harcelle") == ["oeuvre", "harcele"]


def test_every_shipped_category_has_an_answer_in_both_languages(lexicon: SafetyLexicon) -> None:
    assert set(shipped_phrases()) == set(CATEGORIES)
    for category in CATEGORIES:
        fr, en = lexicon.respond(category, "fr"), lexicon.respond(category, "en")
        assert fr != en and not fr.startswith("safety.") and not en.startswith("safety.")
        assert "112" in fr and "112" in en, "every answer names the European emergency number"
    assert "3114" in lexicon.respond("suicide", "fr")
    assert "15" in lexicon.respond("medical", "fr")
    assert "3919" in lexicon.respond("violence", "fr")
    assert "médecin du travail" in lexicon.respond("harassment", "fr")
    assert "114" in lexicon.respond("distress", "fr")


def test_only_numbers_we_are_sure_of(lexicon: SafetyLexicon) -> None:
    import re

    allowed = {"3114", "15", "112", "114", "17", "3919"}
    for category in (*CATEGORIES, "default"):
        for locale in ("fr", "en"):
            numbers = set(re.findall(r"\b\d{2,}\b", lexicon.respond(category, locale)))
            assert numbers <= allowed, (category, locale, numbers)


def test_coach_extends_the_lexicon(project: Path) -> None:
    path = project / "config" / "cadre.yaml"
    tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    tree["safety"] = {"extra_phrases": {"distress": ["je craque complètement", "plus la force §"]}}
    path.write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    setup = load_setup(project / "config")
    lexicon = build_safety(setup.settings, setup.catalogue)
    assert lexicon.detect("Honnêtement je CRAQUE complètement") == "distress"
    assert lexicon.detect("Je n'ai plus la force.") == "distress"
    assert lexicon.detect("Je n'ai plus la force de vente qu'il faudrait") is None


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"joy": ["super"]}, "safety.extra_phrases.joy"),
        ({"distress": ["* §"]}, "no word to look for"),
    ],
)
def test_coach_mistakes_are_reported_with_the_fix(project: Path, extra: object, message: str) -> None:
    path = project / "config" / "cadre.yaml"
    tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    tree["safety"] = {"extra_phrases": extra}
    path.write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(project / "config")
    assert message in str(caught.value)


def test_a_phrase_that_matches_anything_is_refused() -> None:
    catalogue = load_catalogue(None)
    with pytest.raises(ConfigError, match="3 letters"):
        SafetyLexicon({"distress": ["ha*"]}, catalogue)


async def test_redirect_sunday_23h_end_to_end(
    project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Sunday 23:00, window closed: immediate answer, draft gone, no words on disk, a flag
    that Monday's digest shows before an older ordinary question."""
    caplog.set_level(logging.DEBUG)
    store = TinyStore(tmp_path / "data")
    harness = await Harness.start(project / "config", paris("2026-11-20T17:00"), store=store)
    await harness.command("nouvelle")
    for line in QUESTION:
        await harness.type(line)
    assert "envoyée" in (await harness.type("1"))
    harness.clock.set(paris("2026-11-22T23:00"))
    assert harness.clock.now().astimezone(PARIS).strftime("%A %H:%M") == "Sunday 23:00"
    await harness.command("nouvelle")
    await harness.type("Mon équipe Zanzibarienne ne suit plus les décisions prises en comité.")
    draft_bytes = b"".join(p.read_bytes() for p in (tmp_path / "data" / "people").glob("*.json"))
    assert b"Zanzibarienne" in draft_bytes, "the draft was on disk before"
    said = await harness.type("Je n'en peux plus, j'ai envie de tout arrêter. Zorglubesque.")
    assert said.startswith("Merci de l'avoir écrit")
    assert "3114" in said and "15" in said and "lundi" not in said
    conversation = await store.get_conversation(CONSOLE_USER)
    assert conversation is not None and conversation.draft is None
    alerts = [i for i in await store.open_items() if i.flow == "safety"]
    assert len(alerts) == 1
    alert = alerts[0]
    assert alert.is_flagged and alert.is_alert and alert.theme is None and alert.answers == ()
    digest = build_digest("mentor", paris("2026-11-23T08:00"), await store.open_items())
    assert [i.flow for i in digest.items] == ["safety", "question"]
    store.release()
    disk = b"".join(p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file())
    for word in ("Zorglubesque", "tout arr", "Zanzibarienne"):
        assert word.encode() not in disk
    for record in caplog.records:
        assert "Zorglubesque" not in record.getMessage()
