"""`cadre config check`: every problem located and worded in the coach's language, and the
doubtful choices Cadre accepts reported as warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main


def check(project: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["--config", str(project / "config"), *extra, "config", "check"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def append(project: Path, text: str) -> None:
    path = project / "config" / "cadre.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")


def set_setting(project: Path, old: str, new: str) -> None:
    path = project / "config" / "cadre.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_repo_config_is_valid_without_warnings(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = check(project, capsys)
    assert (code, err) == (0, "")
    assert out.startswith("Configuration valide")
    assert "Attention" not in out


def test_problems_are_reported_in_the_coachs_language(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_setting(project, "timezone: Europe/Paris", "timezone: Paris")
    code, _, err = check(project, capsys)
    assert code == 1
    assert err.startswith("1 problème :")
    assert "n'est pas un fuseau horaire" in err and "écrivez par exemple « Europe/Paris »" in err
    set_setting(project, "locale: fr", "locale: en")
    _, _, english = check(project, capsys)
    assert english.startswith("1 problem:") and "is not a time zone" in english


def test_an_unquoted_charter_version_is_accepted(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_setting(project, 'version: "1"', "version: 2")
    code, _, err = check(project, capsys)
    assert (code, err) == (0, "")


def test_a_config_folder_that_does_not_exist_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--config", str(tmp_path / "nowhere"), "config", "check"])
    captured = capsys.readouterr()
    assert code == 1
    assert "Configuration valide" not in captured.out
    assert "nowhere" in captured.err and "n'existe pas" in captured.err


def test_a_duplicated_step_id_names_its_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flow = project / "flows" / "question.yaml"
    text = flow.read_text(encoding="utf-8")
    flow.write_text(text.replace("  - id: stake\n", "  - id: context\n"), encoding="utf-8")
    line = text.splitlines().index("  - id: stake") + 1
    code, _, err = check(project, capsys)
    assert code == 1
    assert f"question.yaml:{line}: steps.2.id:" in err


def test_no_steps_and_a_french_date_get_a_fix_not_pydantics_wording(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow = project / "flows" / "question.yaml"
    flow.write_text("id: question\ntitle: Question\nsteps: []\n", encoding="utf-8")
    code, _, err = check(project, capsys)
    assert code == 1
    assert "List should" not in err
    assert "steps: un parcours doit avoir au moins une étape" in err
    set_setting(project, "closures: []", 'closures:\n  - {from: 24/12/2026, to: 2027-01-01, label: "Fêtes"}')
    code, _, err = check(project, capsys)
    assert code == 1
    assert "Input should" not in err
    assert "« 24/12/2026 » n'est pas une date ; écrivez l'année d'abord, par exemple 2026-12-24" in err


def test_doubtful_choices_are_warned_about(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flow = project / "flows" / "question.yaml"
    flow.write_text(
        flow.read_text(encoding="utf-8").replace("max_length: 2000", "max_length: 10"), encoding="utf-8"
    )
    set_setting(project, 'monday: ["08:00-18:00"]', 'monday: ["08:00-12:00", "11:00-18:00"]')
    set_setting(project, "extra_times: []", 'extra_times: ["20:00"]')
    code, out, _ = check(project, capsys)
    assert code == 0
    assert "max_length (10) est plus petit que min_length (30)" in out and "parcours question" in out
    assert "20 h" in out and "en dehors de toute plage" in out
    assert "lundi" in out and "se chevauchent" in out


def test_a_week_without_hours_and_no_mentor_are_warned_about(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "config" / "cadre.yaml"
    text = path.read_text(encoding="utf-8")
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday"):
        text = text.replace(f'{day}: ["08:00-18:00"]', f"{day}: []")
    mentors = text[text.index("mentors:") : text.index("drafts:")]
    path.write_text(text.replace(mentors, "mentors: []\n\n"), encoding="utf-8")
    code, out, _ = check(project, capsys)
    assert code == 0
    assert "aucune plage de lecture de la semaine" in out
    assert "aucun mentor" in out


def test_french_problems_are_french_throughout(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_setting(project, "locale: fr", "locale: de")
    append(project, "timzone: Europe/Paris\n")
    code, _, err = check(project, capsys)
    assert code == 1
    assert "locale: « de » n'est pas une valeur possible ; écrivez « fr » ou « en »" in err
    assert (
        "timzone: n'est pas un réglage connu ici ; vouliez-vous écrire « timezone » ? Sinon, supprimez-le"
        in err
    )
    set_setting(project, "locale: de", "locale: fr")
    set_setting(project, "timzone: Europe/Paris", "")
    flow = project / "flows" / "question.yaml"
    text = flow.read_text(encoding="utf-8")
    assert "    role: theme\n" in text and "min_length: 30" in text
    broken = text.replace("    role: theme\n", "    role: thema\n").replace(
        "min_length: 30", "min_length: trente"
    )
    flow.write_text(broken, encoding="utf-8")
    _, _, err = check(project, capsys)
    assert "role: « thema » n'est pas une valeur possible ; écrivez « question » ou « theme »" in err
    assert "écrivez par exemple « min_length: 20 »" in err and "  min_length" not in err
    assert " or " not in err


def test_problems_name_config_and_flow_files_alike(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    flow = project / "flows" / "question.yaml"
    flow.write_text(flow.read_text(encoding="utf-8").replace("min_length: 30", "min_length: x"), "utf-8")
    here = Path.cwd()
    os.chdir(project)
    try:
        code = main(["--config", "config", "config", "check"])
    finally:
        os.chdir(here)
    err = capsys.readouterr().err
    assert code == 1
    assert err.splitlines()[1].startswith("  flows/question.yaml:"), err


def test_a_stray_brace_in_an_override_is_reported_not_raised(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "config" / "messages" / "fr.yaml").write_text(
        'flow:\n  ack: "Question {ref} envoyée {"\n', encoding="utf-8"
    )
    code, _, err = check(project, capsys)
    assert code == 1
    assert (
        "fr.yaml:2: flow.ack: contient une accolade qui n'ouvre ni ne ferme aucun paramètre ; "
        "écrivez {{ ou }} pour une accolade, ou {nom} pour un paramètre" in err
    )


def test_a_tab_is_named_with_its_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A tab is the likeliest reason an edited file stops parsing: say it, not "check the indentation"."""
    set_setting(project, '  tuesday: ["08:00-18:00"]', '\ttuesday: ["08:00-18:00"]')
    code, _, err = check(project, capsys)
    line = next(
        number
        for number, text in enumerate((project / "config" / "cadre.yaml").read_text().splitlines(), start=1)
        if text.startswith("\ttuesday")
    )
    assert code == 1
    assert f"cadre.yaml:{line}: une tabulation sert d'indentation, ce que YAML refuse ; " in err
    assert "remplacez la tabulation par deux espaces" in err
