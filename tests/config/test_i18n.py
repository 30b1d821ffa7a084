"""Message catalogues: plural forms chosen by each locale's CLDR rules, and validated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.config.i18n import load_catalogue
from bot.errors import ConfigError
from tests.conftest import REPO

SHIPPED = REPO / "bot" / "config" / "defaults" / "messages"


def test_plural_entries_follow_each_locales_rules() -> None:
    catalogue = load_catalogue(None)
    assert catalogue.text("cli.problems", "fr", count=1) == "1 problème :"
    assert catalogue.text("cli.problems", "fr", count=0) == "0 problème :"  # French: 0 is "one"
    assert catalogue.text("cli.problems", "fr", count=3) == "3 problèmes :"
    assert catalogue.text("cli.problems", "en", count=1) == "1 problem:"
    assert catalogue.text("cli.problems", "en", count=0) == "0 problems:"


def test_no_lazy_plural_is_left_in_the_shipped_texts() -> None:
    lazy = re.compile(r"\w\((?:s|e|es|x)\)|·e")
    for path in SHIPPED.rglob("*.yaml"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            assert not lazy.search(line), f"{path.relative_to(SHIPPED)}:{number}: {line.strip()}"


def test_the_away_notices_never_give_the_mentor_a_grammatical_gender() -> None:
    """'votre mentor… il lit de nouveau' was wrong for a woman mentor, and a coach rewriting
    core.away ('elle') left core.away_because saying 'il': the shipped wording needs none."""
    catalogue = load_catalogue(None)
    for key in ("core.away", "core.away_because"):
        said = catalogue.text(key, "fr", when="lundi à 9 h", why="congés")
        assert said.endswith("la lecture des questions envoyées reprend lundi à 9 h.")
        assert not re.search(r"\b(?:il|elle)\b", said)
        assert " they " in catalogue.text(key, "en", when="on Monday at 9:00", why="leave")
    # nor the mentor's own texts, nor the mentee's about them: no masculine participle
    for key in ("journey.chat.report_sent", "journey.session.kept_none"):
        said = catalogue.text(key, "fr")
        assert said != key and not re.search(r"\b(?:prévenu|informé)\b", said)


def test_a_coach_may_override_a_plural_with_the_locales_categories(tmp_path: Path) -> None:
    (tmp_path / "fr.yaml").write_text(
        'cli:\n  problems:\n    one: "Un souci :"\n    other: "{count} soucis :"\n', encoding="utf-8"
    )
    catalogue = load_catalogue(tmp_path)
    assert catalogue.text("cli.problems", "fr", count=1) == "Un souci :"
    assert catalogue.text("cli.problems", "fr", count=2) == "2 soucis :"


@pytest.mark.parametrize(
    ("override", "problem"),
    [
        ('cli:\n  problems:\n    one: "Un souci :"\n', "needs an 'other' form"),
        (
            'cli:\n  problems:\n    one: "x"\n    two: "y"\n    other: "{count} z"\n',
            "'two' is not a plural category of fr (use one, many, other)",
        ),
    ],
)
def test_the_loader_validates_plural_forms(tmp_path: Path, override: str, problem: str) -> None:
    (tmp_path / "fr.yaml").write_text(override, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_catalogue(tmp_path)
    assert problem in str(caught.value)
    assert "fr.yaml:2: cli.problems" in str(caught.value)


def test_a_sentence_with_several_counts_gives_each_its_plural() -> None:
    from bot.config.i18n import Quantity

    catalogue = load_catalogue(None)
    purged = catalogue.text(
        "privacy.cli.purged",
        "fr",
        drafts=Quantity(0, "privacy.cli.purged_drafts"),
        items=Quantity(2, "privacy.cli.purged_items"),
        people=Quantity(1, "privacy.cli.purged_people"),
        held=Quantity(0, "privacy.cli.purged_held"),
        audit=Quantity(5, "privacy.cli.purged_audit"),
    )
    assert purged == (
        "Purge : 0 brouillon supprimé, 2 questions expurgées, 1 personne effacée, "
        "0 sous conservation légale ; journal : 5 événements supprimés."
    )


def test_a_one_character_answer_is_told_so_in_the_singular() -> None:
    from bot.config.flows import Step
    from bot.core.flow.checks import run_checks

    catalogue = load_catalogue(None)
    step = Step.model_validate({"id": "context", "prompt": "p", "label": "l", "checks": [{"min_length": 20}]})
    failure = run_checks(step, "a", is_nudged=False)
    assert failure is not None
    said = catalogue.text(failure.key, "fr", **dict(failure.params))
    assert said == "C'est un peu court (1 caractère). Développez un peu : au moins 20 caractères."


MENTEE_SECTIONS = (
    "core.",
    "flow.",
    "privacy.export.",
    "privacy.erase.",
    "privacy.stop.",
    "safety.",
    "hours.",
)


@pytest.mark.parametrize(("locale", "coach"), [("fr", "votre coach"), ("en", "your coach")])
def test_the_mentee_hears_of_one_person_their_mentor(locale: str, coach: str) -> None:
    catalogue = load_catalogue(None)
    for section in MENTEE_SECTIONS:
        for key, text in catalogue.section(section.rstrip("."), locale).items():
            assert coach not in text.casefold(), f"{section}{key}"
            assert "leur coach" not in text and "their coach" not in text, f"{section}{key}"
    charter = (SHIPPED.parent / "charter" / f"{locale}.md").read_text(encoding="utf-8")
    assert coach not in charter.casefold()


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_each_step_has_one_name(locale: str) -> None:
    """The review's label is the name the step's prompt gives it ("3/4 · Vos pistes.")."""
    catalogue = load_catalogue(None)
    for step in ("context", "stake", "tried", "question"):
        prompt = catalogue.text(f"flow.question.{step}.prompt", locale)
        label = catalogue.text(f"flow.question.{step}.label", locale)
        assert label.casefold() in prompt.casefold(), step


def test_no_english_word_on_a_french_screen() -> None:
    catalogue = load_catalogue(None)
    for key in ("cli.flows_ok", "cli.config_ok", "cli.warning.lengths"):
        text = catalogue.text(
            key, "fr", flows="question", path="config", flow="q", step="s", maximum=1, minimum=2
        )
        assert not re.search(r"\b(?:flows?|valid|step)\b", text, re.IGNORECASE), key


def test_the_french_charter_uses_no_gendered_form_for_the_mentee() -> None:
    charter = (SHIPPED.parent / "charter" / "fr.md").read_text(encoding="utf-8")
    for gendered in ("prévenu", "l'auteur", "informé", "seul ", "prêt"):
        assert gendered not in charter


def test_counts_are_written_as_each_language_writes_numbers() -> None:
    from bot.config.i18n import Quantity

    catalogue = load_catalogue(None)
    length, maximum = Quantity(100_000, "flow.check.characters"), Quantity(2000, "flow.check.characters")
    french = catalogue.text("flow.check.max_length", "fr", length=length, maximum=maximum)
    assert french.startswith("C'est trop long (100\u202f000 caractères, au plus 2\u202f000 caractères)")
    english = catalogue.text("flow.check.max_length", "en", length=length, maximum=maximum)
    assert english.startswith("That's too long (100,000 characters, 2,000 characters at most)")


@pytest.mark.parametrize("text", ["Question {ref} envoyée {", "Question {ref} envoyée }"])
def test_a_lone_brace_in_an_override_is_a_located_problem(tmp_path: Path, text: str) -> None:
    (tmp_path / "fr.yaml").write_text(f'flow:\n  ack: "{text}"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_catalogue(tmp_path)
    assert "fr.yaml:2: flow.ack: has a brace that opens or closes no placeholder; write {{ or }}" in str(
        caught.value
    )


def test_a_doubled_brace_shows_as_one_even_in_a_text_without_placeholders(tmp_path: Path) -> None:
    (tmp_path / "fr.yaml").write_text('flow:\n  cancelled: "Brouillon supprimé {{ok}}"\n', encoding="utf-8")
    assert load_catalogue(tmp_path).text("flow.cancelled", "fr") == "Brouillon supprimé {ok}"


def test_a_placeholder_the_code_does_not_fill_is_a_located_problem(tmp_path: Path) -> None:
    (tmp_path / "fr.yaml").write_text(
        'flow:\n  cancelled: "Bonjour {prenom}, à bientôt."\ncli:\n  config_ok: "{path} {chemin} {0}"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_catalogue(tmp_path)
    problems = {p.where: p for p in caught.value.problems}
    assert problems["flow.cancelled"].line == 2
    assert "uses the placeholder {prenom}" in problems["flow.cancelled"].what
    assert problems["cli.config_ok"].what.endswith("{0}, {chemin}, which Cadre does not fill in this text")
    assert problems["cli.config_ok"].fix == "use only {path}"


def test_a_plural_text_may_write_its_count(tmp_path: Path) -> None:
    (tmp_path / "fr.yaml").write_text(
        'cli:\n  problems:\n    one: "Un souci :"\n    other: "{count} soucis :"\n', encoding="utf-8"
    )
    assert load_catalogue(tmp_path).text("cli.problems", "fr", count=4) == "4 soucis :"


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_the_shipped_override_file_loads_as_is_and_with_its_example_uncommented(
    tmp_path: Path, locale: str
) -> None:
    shipped = (REPO / "config" / "messages" / f"{locale}.yaml").read_text(encoding="utf-8")
    (tmp_path / f"{locale}.yaml").write_text(shipped, encoding="utf-8")
    assert load_catalogue(tmp_path).text("flow.cancelled", locale) == load_catalogue(None).text(
        "flow.cancelled", locale
    )
    example = re.findall(r"^# (flow:|  cancelled: .*)$", shipped, flags=re.MULTILINE)
    assert len(example) == 2, "the file shows an example to uncomment"
    uncommented = shipped
    for line in example:
        uncommented = uncommented.replace(f"# {line}\n", f"{line}\n")
    (tmp_path / f"{locale}.yaml").write_text(uncommented, encoding="utf-8")
    expected = example[1].split(": ", 1)[1].strip('"')
    assert load_catalogue(tmp_path).text("flow.cancelled", locale) == expected


def test_a_misspelt_key_is_answered_with_the_nearest_one(tmp_path: Path) -> None:
    (tmp_path / "fr.yaml").write_text('flow:\n  canceled: "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_catalogue(tmp_path)
    assert caught.value.problems[0].fix == "did you mean `flow.cancelled`? Otherwise remove it"
