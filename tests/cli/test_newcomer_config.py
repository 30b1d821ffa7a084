"""What a coach setting Cadre up ran into in `cadre config check`: every mistake located by
file and line, with a fix, in the coach's language, rather than silently accepted or raised."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main


def check(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--config", str(project / "config"), "config", "check"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, text: str, nth: int = 1) -> int:
    found = [
        number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line == text
    ]
    return found[nth - 1]


def test_a_repeated_settings_block_is_a_located_error_not_a_silent_wipe(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "config" / "cadre.yaml"
    replace(path, "  client_names: []\n", "  client_names: [Plumeau]\n")
    path.write_text(path.read_text(encoding="utf-8") + "\nscreening:\n  client_names: []\n", encoding="utf-8")
    code, out, err = check(project, capsys)
    assert code == 1 and "valide" not in out
    second = line_of(path, "screening:", 2)
    first = line_of(path, "screening:", 1)
    assert f"cadre.yaml:{second}: screening: est écrit deux fois (la première fois ligne {first})" in err
    assert "réunissez les deux" in err


def test_a_repeated_key_in_a_message_override_is_reported_in_english_too(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replace(project / "config" / "cadre.yaml", "locale: fr", "locale: en")
    path = project / "config" / "messages" / "fr.yaml"
    path.write_text(
        'flow:\n  cancelled: "Supprimé."\nmentor:\n  digest: {}\nflow:\n  saved: "Gardé."\n', encoding="utf-8"
    )
    code, _, err = check(project, capsys)
    assert code == 1
    assert "fr.yaml:5: flow: is written twice (first on line 1)" in err


def test_a_repeated_key_in_a_flow_is_reported(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "flows" / "question.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\nsteps: []\n", encoding="utf-8")
    code, _, err = check(project, capsys)
    assert code == 1
    assert "question.yaml:" in err and "steps: est écrit deux fois" in err


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "closures: []",
            "closures: [{from: 2027-02-30, to: 2027-03-02}]",
            "closures.1.from: « 2027-02-30 » n'est pas un jour du calendrier ; vérifiez le mois",
        ),
        ("extra_times: []", "extra_times: [25:00]", "digest.extra_times: « 25:00 » n'est pas une heure"),
        ("reminder_after: 24h", "reminder_after: 99999999999w", "« 99999999999w » dépasse cent ans"),
        ("expire_after: 14d", "expire_after: 0d", "invitations.expire_after: « 0d » n'est pas un délai"),
        (
            "timezone: Europe/Paris",
            "timezone: 12",
            "timezone: n'est pas un texte ; écrivez-le entre guillemets",
        ),
    ],
)
def test_impossible_values_are_located_errors_in_every_command(
    project: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, expected: str
) -> None:
    path = project / "config" / "cadre.yaml"
    replace(path, old, new)
    line = line_of(path, new) if new in path.read_text(encoding="utf-8").splitlines() else None
    code, _, err = check(project, capsys)
    assert code == 1 and expected in err and "Traceback" not in err
    if line is not None:
        assert f"cadre.yaml:{line}:" in err
    assert main(["--config", str(project / "config"), "hours"]) == 1
    assert expected in capsys.readouterr().err


def test_an_impossible_date_is_worded_in_english_too(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "config" / "cadre.yaml"
    replace(path, "locale: fr", "locale: en")
    replace(path, "closures: []", "closures: [{from: 2027-02-30, to: 2027-03-02}]")
    code, _, err = check(project, capsys)
    assert code == 1
    assert "closures.1.from: '2027-02-30' is not a day of the calendar; check the month" in err


def test_two_mentors_with_one_id_name_the_second_and_its_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "config" / "cadre.yaml"
    replace(path, "      console: mentor\n", "      console: mentor\n  - id: mentor\n    name: Claire\n")
    code, _, err = check(project, capsys)
    assert code == 1
    line = line_of(path, "  - id: mentor", 2)
    assert f"cadre.yaml:{line}: mentors.2.id: le mentor 2 a l'identifiant « mentor » du mentor 1" in err


def test_a_telegram_username_is_not_a_chat_id(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "config" / "cadre.yaml"
    replace(path, "      console: mentor\n", '      console: mentor\n      telegram: "@claire"\n')
    code, _, err = check(project, capsys)
    assert code == 1
    assert "« @claire » n'est pas un identifiant de conversation Telegram" in err
    replace(path, '"@claire"', '"-100123456"')
    assert check(project, capsys)[0] == 0


def test_problems_are_listed_from_the_top_of_each_file(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "config" / "cadre.yaml"
    # retention is validated after the others, but written here near the top
    replace(path, "locale: fr\n", "locale: fr\nretention: {drafts: 0d}\n")
    replace(path, "timezone: Europe/Paris", "timezone: Paris")
    replace(path, "expire_after: 14d", "expire_after: 0d")
    _, _, err = check(project, capsys)
    numbers = [int(line.split(":")[1]) for line in err.splitlines()[1:]]
    assert len(numbers) == 3 and numbers == sorted(numbers)


def test_every_problem_code_has_a_french_wording() -> None:
    """A problem without a wording is shown in English under locale fr: each code the
    code raises (`problem("…"` or `code="…"`) is worded in the French catalogue (config problems
    under cli.problem, the data folder's and the database's under cli.store)."""
    import re

    from bot.config.i18n import load_catalogue

    catalogue = load_catalogue(None)
    source = Path(__file__).resolve().parents[2] / "bot"
    found = set()
    for path in source.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'\bproblem\(\s*"([a-z_]+)"', text))
        found |= set(re.findall(r'\bcode="([a-z_]+)"', text))
    assert len(found) > 30
    # a config problem is worded under cli.problem, a data folder's or database's under cli.store
    unworded = sorted(
        c
        for c in found
        if not catalogue.has(f"cli.problem.{c}.what", "fr") and not catalogue.has(f"cli.store.{c}", "fr")
    )
    assert unworded == []


def test_an_unusable_plural_and_a_bad_at_are_french(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "config" / "messages" / "fr.yaml"
    path.write_text('mentor:\n  digest:\n    summary:\n      one: "{count} question"\n', encoding="utf-8")
    code, _, err = check(project, capsys)
    assert code == 1 and "fr.yaml:3: mentor.digest.summary: n'a pas de forme « other » ; ajoutez other" in err
    path.write_text("", encoding="utf-8")
    assert main(["--config", str(project / "config"), "hours", "--at", "demain"]) == 1
    assert "--at: « demain » n'est pas une date et une heure ; écrivez par exemple" in capsys.readouterr().err


def test_a_renamed_mentor_command_is_the_word_help_digests_and_alerts_show(project: Path) -> None:
    from bot.config.i18n import load_catalogue
    from bot.core.commands import CommandWords
    from bot.core.mentor.desk import MENTOR_COMMANDS

    messages = project / "config" / "messages"
    (messages / "fr.yaml").write_text(
        'mentor:\n  commands:\n    close: {word: "fermer"}\ncommands:\n  session: {word: "rdv"}\n',
        encoding="utf-8",
    )
    catalogue = load_catalogue(messages)
    for key in (
        "mentor.help",
        "mentor.digest.item_howto",
        "mentor.digest.alert_howto",
        "mentor.error.alert_action",
    ):
        text = catalogue.text(key, "fr", ref="GVUR", alias="C-8", canned="essayer")
        assert "/fermer" in text and "/clore" not in text, key
    assert "/seance GVUR" in catalogue.text("mentor.digest.item_howto", "fr", ref="GVUR")  # the mentor's own
    assert "/clore" in catalogue.text("mentor.help", "en") or "/close" in catalogue.text("mentor.help", "en")
    words = CommandWords(catalogue, section="mentor.commands", names=MENTOR_COMMANDS)
    assert words.resolve("/fermer") == "close"


def test_a_command_word_taken_from_another_command_is_a_located_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "config" / "messages" / "fr.yaml"
    path.write_text('mentor:\n  commands:\n    close: {word: "reporter"}\n', encoding="utf-8")
    code, _, err = check(project, capsys)
    assert code == 1
    assert "fr.yaml:3: mentor.commands.close.word: « /reporter » est déjà le mot de la commande defer" in err
