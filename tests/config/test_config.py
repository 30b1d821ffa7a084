"""Settings: defaults merged with the coach's file, every problem located by file and line."""

from __future__ import annotations

import re
from datetime import time, timedelta
from pathlib import Path

import pytest

from bot.config.settings import load_settings, parse_duration, parse_range
from bot.errors import ConfigError


def write(project: Path, text: str) -> Path:
    path = project / "config" / "cadre.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_defaults_are_valid_without_any_coach_file() -> None:
    settings = load_settings(None)
    assert settings.timezone == "Europe/Paris"
    assert settings.hours["monday"] == ((time(8), time(18)),)
    assert settings.hours["saturday"] == ()
    assert settings.drafts.expire_after == timedelta(days=7)


def test_repo_config_is_valid(project: Path) -> None:
    settings = load_settings(project / "config")
    assert settings.mentors, "the repo's config names at least one mentor"


def test_coach_file_overrides_one_key_and_keeps_the_rest(project: Path) -> None:
    write(project, "hours:\n  monday: ['09:00-12:00', '14:00-17:30']\n")
    settings = load_settings(project / "config")
    assert settings.hours["monday"] == ((time(9), time(12)), (time(14), time(17, 30)))
    assert settings.hours["tuesday"] == ((time(8), time(18)),)


def test_bad_time_range_names_file_line_and_fix(project: Path) -> None:
    path = write(
        project,
        "timezone: Europe/Paris\n\nhours:\n  monday: ['08:00-18:00']\n"
        "  tuesday: ['08:00-18:00']\n\n  wednesday: '8h-18h'\n",
    )
    with pytest.raises(ConfigError) as caught:
        load_settings(project / "config")
    message = str(caught.value)
    assert f"{path}:7:" in message
    assert "hours" in message
    assert "'8h-18h' is not a time range" in message
    assert 'write "08:00-18:00"' in message


def test_every_problem_reported_at_once(project: Path) -> None:
    write(project, "timezone: Mars/Olympus\nlocale: de\nunknown_key: 1\ndrafts:\n  reminder_after: soon\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(project / "config")
    problems = caught.value.problems
    wheres = {p.where for p in problems}
    assert {"timezone", "locale", "unknown_key", "drafts.reminder_after"} <= wheres
    lines = {p.where: p.line for p in problems}
    assert lines["timezone"] == 1
    assert lines["unknown_key"] == 3
    assert lines["drafts.reminder_after"] == 5


def test_invalid_yaml_gives_the_line(project: Path) -> None:
    path = write(project, "timezone: Europe/Paris\nhours:\n  monday: [08:00-18:00\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(project / "config")
    assert str(path) in str(caught.value)
    assert caught.value.problems[0].line is not None


def test_unknown_holiday_subdivision_suggests_known_ones(project: Path) -> None:
    write(project, "holidays:\n  country: FR\n  subdivision: XX\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(project / "config")
    assert "not a subdivision of FR" in str(caught.value)
    assert caught.value.problems[0].line == 3


def test_closure_order_checked(project: Path) -> None:
    write(project, "closures:\n  - {from: 2026-12-31, to: 2026-12-20}\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(project / "config")
    assert "'to' is before 'from'" in str(caught.value)


@pytest.mark.parametrize("text", ["8h-18h", "08:00", "18:00-08:00", "25:00-26:00", ""])
def test_parse_range_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="write"):
        parse_range(text)


def test_parse_duration() -> None:
    assert parse_duration("90m") == timedelta(minutes=90)
    assert parse_duration("2w") == timedelta(weeks=2)
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration("tomorrow")


def test_coach_adds_a_canned_reply_but_not_unknown_keys(project: Path) -> None:
    from bot.config.i18n import load_catalogue

    messages = project / "config" / "messages"
    (messages / "fr.yaml").write_text(
        'mentor:\n  canned:\n    reading: "Je vous conseille un chapitre sur la délégation."\n',
        encoding="utf-8",
    )
    catalogue = load_catalogue(messages)
    assert catalogue.section("mentor.canned", "fr")["reading"].startswith("Je vous conseille")
    (messages / "fr.yaml").write_text('flow:\n  cancelld: "typo"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_catalogue(messages)
    assert "fr.yaml:2: flow.cancelld: is not a known message key" in str(caught.value)


def test_whatsapp_template_is_configured_and_the_environment_overrides_it(project: Path) -> None:
    from bot.app import load_setup
    from bot.runtime.environment import RunEnvironment
    from bot.runtime.service import template_name

    write(project, "whatsapp:\n  template: reponse_en_attente\n  template_language: fr\n")
    setup = load_setup(project / "config")
    assert template_name(RunEnvironment(), setup) == "reponse_en_attente"
    assert template_name(RunEnvironment(whatsapp_template="autre"), setup) == "autre"
    write(project, "whatsapp:\n  template: Réponse!\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(project / "config")
    assert caught.value.problems[0].line == 2


def test_shipped_config_has_no_closure_a_coach_did_not_ask_for(project: Path) -> None:
    assert load_settings(project / "config").closures == ()


def test_every_example_in_the_shipped_config_comments_is_accepted(project: Path) -> None:
    """The comments show what to write: uncommented, each example must load."""
    shipped = (project / "config" / "cadre.yaml").read_text(encoding="utf-8")
    closure = next(line for line in shipped.splitlines() if line.startswith("#   - {from:"))
    settings = load_settings(write(project, f"closures:\n{closure[1:]}\n").parent)
    assert len(settings.closures) == 1
    holidays_comment = shipped.split("holidays:")[0].rsplit("\n\n", 1)[-1]
    suggested = re.findall(r'"([^"]+)"', holidays_comment)
    assert suggested, "the holidays comment names subdivisions"
    for subdivision in suggested:
        write(project, f'holidays:\n  country: FR\n  subdivision: "{subdivision}"\n')
        assert load_settings(project / "config").holidays.subdivision == subdivision


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('timezone: Europe/Paris\nhours:\n  monday: ["08:00-12:00", "14:00-18:00"\n  tuesday: []\n', 3),
        ('timezone: "Europe/Paris\nlocale: fr\n', 1),
        ("# only\n# comments\nlocale: fr\n{}\n", 4),
    ],
)
def test_a_yaml_error_names_the_line_that_opened_it_never_one_past_the_end(
    project: Path, text: str, line: int
) -> None:
    write(project, text)
    with pytest.raises(ConfigError) as caught:
        load_settings(project / "config")
    problem = caught.value.problems[0]
    assert problem.line == line <= len(text.splitlines())
    assert "brackets" in problem.fix or (problem.code == "yaml_quote" and "close it" in problem.fix)


def test_an_unknown_key_close_to_a_known_one_is_named(project: Path) -> None:
    write(project, "timzone: Europe/Paris\nclosures:\n  - {from: 2026-12-24, to: 2027-01-01, labl: Fêtes}\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(project / "config")
    fixes = {p.where: p.fix for p in caught.value.problems}
    assert fixes["timzone"] == "did you mean `timezone`? Otherwise remove it"
    assert fixes["closures.0.labl"] == "did you mean `label`? Otherwise remove it"
    write(project, "zzz: 1\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(project / "config")
    assert caught.value.problems[0].fix == "remove it or check its spelling"


def test_list_positions_are_shown_counting_from_one(project: Path) -> None:
    write(project, "closures:\n  - {from: 2026-12-24, to: 2026-12-20}\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(project / "config")
    assert caught.value.problems[0].where == "closures.0"
    assert ": closures.1: 'to' is before 'from'" in str(caught.value)


def test_the_flows_folder_is_beside_the_config_folder_and_named_as_given() -> None:
    from bot.config.settings import flows_directory

    settings = load_settings(None)
    assert flows_directory(settings, Path("config")) == Path("flows")
    assert flows_directory(settings, Path("/srv/cadre/config")) == Path("/srv/cadre/flows")
