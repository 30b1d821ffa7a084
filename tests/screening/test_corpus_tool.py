"""The corpus tool rebuilds every markup-sourced set exactly, and its checks can fail."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from benchmarks.screening import corpus

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data"
SOURCED = {path.parent.name: path.parent for path in DATA.glob("*/src")}


def tag_of(folder: Path) -> str:
    """The tag a set's ids carry ("fr-d9-0001": "d9"), as its writer converted it."""
    first = next(path for path in sorted(folder.glob("*.jsonl")))
    with first.open(encoding="utf-8") as handle:
        return str(json.loads(handle.readline())["id"]).split("-")[1]


@pytest.mark.parametrize("name", sorted(SOURCED))
def test_markup_sources_rebuild_the_committed_jsonl(name: str) -> None:
    folder = SOURCED[name]
    for lang in corpus.LANGS:
        rows = corpus.convert(folder, lang, tag_of(SOURCED[name]))
        committed = (folder / f"{lang}.jsonl").read_text(encoding="utf-8").splitlines()
        assert [json.dumps(row, ensure_ascii=False) for row in rows] == committed


@pytest.mark.parametrize("name", sorted(SOURCED))
def test_every_sourced_set_validates(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert corpus.validate(SOURCED[name], tag_of(SOURCED[name]), counts_only=True) == 0
    assert capsys.readouterr().out.rstrip().endswith("OK")


def test_offsets_are_computed_from_the_markup() -> None:
    text, entities = corpus.convert_line(
        "Voir [[person:Erwan Le Gall]] chez [[organization:la sncf]]", random.Random(0)
    )
    assert [text[e["start"] : e["end"]] for e in entities] == ["Erwan Le Gall", "la sncf"]
    assert [e["kind"] for e in entities] == ["person", "organization"]


def test_generated_values_pass_their_own_checksums() -> None:
    r = random.Random(1)
    assert corpus.iban_ok(corpus.fr_iban(r)) and corpus.iban_ok(corpus.gb_iban(r))
    assert corpus.nir_ok(corpus.nir(r))
    assert corpus.check_value("siret", corpus.siret(r)) and corpus.check_value("card", corpus.card(r))


def test_a_broken_row_is_reported() -> None:
    row: dict[str, Any] = {
        "id": "fr-x-0001",
        "lang": "fr",
        "family": "lowercase-name",
        "text": "vu avec paul",
        "entities": [],
    }
    assert "fr-x-0001: data family without entities" in corpus.row_errors(row, "fr", "x")
    row["entities"] = [{"start": 8, "end": 13, "kind": "person"}]
    assert any("span out of text" in error for error in corpus.row_errors(row, "fr", "x"))


def test_unknown_markup_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "fr_01.txt").write_text(
        "# persona\nlowercase-name:: vu [[persn:paul]]\n", encoding="utf-8"
    )
    with pytest.raises(corpus.MarkupError, match=r"fr_01\.txt:2: bad kind persn"):
        corpus.convert(tmp_path, "fr", "x")
