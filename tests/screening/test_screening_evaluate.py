"""The evaluation command the held-out run relies on: folders, languages, families, ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.screening.evaluate import evaluate, format_report, load_examples, main
from bot.domain import Finding


def _write(folder: Path) -> None:
    fr = [
        {
            "id": "f1",
            "lang": "fr",
            "family": "lowercase-name",
            "text": "demande à erwan",
            "entities": [{"start": 10, "end": 15, "kind": "person"}],
        },
        {"id": "f2", "lang": "fr", "family": "clean-place", "text": "muté à Lyon", "entities": []},
    ]
    en = [
        {"id": "e1", "lang": "en", "family": "clean-eponym", "text": "the Pareto principle", "entities": []},
    ]
    (folder / "fr.jsonl").write_text("\n".join(json.dumps(r) for r in fr) + "\n", encoding="utf-8")
    (folder / "en.jsonl").write_text("\n".join(json.dumps(r) for r in en) + "\n", encoding="utf-8")


class _Flags:
    """A screener that flags every text whole: each clean message becomes a false alarm."""

    def screen(self, text: str) -> list[Finding]:
        return [Finding(0, len(text), "person", text, False)]


def test_a_folder_is_read_whole_and_filtered_by_language(tmp_path: Path) -> None:
    _write(tmp_path)
    assert [e.id for e in load_examples(tmp_path)] == ["e1", "f1", "f2"]
    assert [e.id for e in load_examples(tmp_path, lang="fr")] == ["f1", "f2"]
    assert {e.family for e in load_examples(tmp_path)} == {"lowercase-name", "clean-place", "clean-eponym"}


def test_figures_per_family_and_ids_of_what_went_wrong(tmp_path: Path) -> None:
    _write(tmp_path)
    report = evaluate(_Flags(), load_examples(tmp_path))
    assert report.fully_caught == 1.0 and report.false_alarm == 1.0
    assert report.false_alarm_ids == ("e1", "f2")
    assert report.families["clean-place"].share == 1.0
    assert report.families["lowercase-name"].share == 1.0
    text = format_report(report)
    assert "clean-eponym" in text and "false alarms (2): e1 f2" in text
    assert "Pareto" not in text  # without --explain, no message words are printed


def test_the_command_prints_per_language_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path)
    assert main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "[fr] fully caught 100.0%, clean flagged 0.0%" in out
    assert "[en]" in out and "erwan" not in out


def test_the_scoreboard_orders_sets_pools_languages_and_prints_no_word(tmp_path: Path) -> None:
    from benchmarks.screening.scoreboard import format_scoreboard, score, set_folders

    for name in ("heldout10", "heldout", "heldout2", "dev"):
        (tmp_path / name).mkdir()
        _write(tmp_path / name)
    (tmp_path / "heldout3").mkdir()  # no labelled file: not a set
    folders = set_folders("heldout*", tmp_path)
    assert [f.name for f in folders] == ["heldout", "heldout2", "heldout10"]
    rows, pooled = score(folders, ("fr", "en"), lambda _lang: _Flags())
    assert [(row.name, row.lang) for row in rows][:3] == [
        ("heldout", "fr"),
        ("heldout2", "fr"),
        ("heldout10", "fr"),
    ]
    assert pooled["fr"].with_data == 3 and pooled["fr"].clean == 3 and pooled["fr"].false_alarm == 1.0
    assert pooled["en"].with_data == 0 and pooled["en"].clean == 3
    table = format_scoreboard(rows, pooled)
    assert "| **all** | fr | 3 | 3 | **100.0%** | **100.0%** |" in table
    # families pooled over the three sets, with data first: each clean line flagged
    assert pooled["fr"].families["clean-place"].messages == 3
    assert "| lowercase-name | 100.0% (0/3) | – |" in table
    assert "| clean-eponym | – | 100.0% (3/3) |" in table
    assert table.index("| lowercase-name |") < table.index("| clean-eponym |")
    for word in ("erwan", "Lyon", "Pareto", "f1", "e1"):
        assert word not in table
