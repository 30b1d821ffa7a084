"""The `cadre check` contract: plain report and JSON lines, malformed lines included."""

from __future__ import annotations

import io
import json

import pytest

from bot.config.i18n import Catalogue, load_catalogue
from bot.screening import ScreeningEngine
from bot.screening.check_report import run_check


@pytest.fixture(scope="module")
def engine() -> ScreeningEngine:
    return ScreeningEngine()


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(None)


def check(
    stdin: str, engine: ScreeningEngine, catalogue: Catalogue, *, jsonl: bool, locale: str = "fr"
) -> tuple[int, str]:
    out = io.StringIO()
    code = run_check(io.StringIO(stdin), out, jsonl=jsonl, engine=engine, catalogue=catalogue, locale=locale)
    return code, out.getvalue()


def test_jsonl_one_line_per_input_with_offsets_into_text(
    engine: ScreeningEngine, catalogue: Catalogue
) -> None:
    text = "Écris à l'équipe\u200b : jean.dupont@acme.fr ou 06 12 34 56 78."
    lines = [json.dumps({"id": 7, "text": text}), json.dumps({"id": "b", "text": "Rien ici."})]
    code, out = check("\n".join(lines) + "\n", engine, catalogue, jsonl=True)
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == [7, "b"]
    assert records[1]["findings"] == []
    findings = records[0]["findings"]
    assert [f["kind"] for f in findings] == ["email", "phone"]
    for finding in findings:
        assert set(finding) == {"start", "end", "kind", "text"}
        assert text[finding["start"] : finding["end"]] == finding["text"]


def test_jsonl_malformed_lines_are_reported_and_processing_continues(
    engine: ScreeningEngine, catalogue: Catalogue
) -> None:
    stdin = "\n".join(
        [
            "{not json",
            "[1, 2]",
            json.dumps({"id": "keep-me", "text": 42}),
            json.dumps({"id": 3, "text": "M. Durand au 0612345678"}),
            "",
        ]
    )
    code, out = check(stdin, engine, catalogue, jsonl=True)
    assert code == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 4
    assert records[0]["id"] is None and "error" in records[0]
    assert records[1]["id"] is None and "error" in records[1]
    assert records[2]["id"] == "keep-me" and "error" in records[2]
    assert records[3]["id"] == 3
    assert [f["kind"] for f in records[3]["findings"]] == ["person", "phone"]
    assert "0612345678" not in records[2]["error"]


def test_jsonl_missing_id_is_null(engine: ScreeningEngine, catalogue: Catalogue) -> None:
    code, out = check('{"text": "rien"}\n', engine, catalogue, jsonl=True)
    assert code == 0
    assert json.loads(out) == {"id": None, "findings": []}


def test_plain_report_names_kinds_words_and_suggests(engine: ScreeningEngine, catalogue: Catalogue) -> None:
    code, out = check("Mon manager Julien : julien@acme.fr\n", engine, catalogue, jsonl=False)
    assert code == 0
    assert "2 éléments identifiants trouvés" in out
    assert "nom de personne : « Julien »" in out
    assert "adresse e-mail : « julien@acme.fr »" in out
    assert "Mon manager [personne] : [e-mail]" in out


def test_plain_report_clean_and_english(engine: ScreeningEngine, catalogue: Catalogue) -> None:
    assert check("Le CODIR a validé.", engine, catalogue, jsonl=False) == (0, "Rien d'identifiant trouvé.\n")
    _, out = check("Call 06 12 34 56 78", engine, catalogue, jsonl=False, locale="en")
    assert "1 identifying item found:" in out and "phone number" in out and "[phone]" in out
