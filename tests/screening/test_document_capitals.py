"""A pasted document that capitalises its common nouns: a capital there says nothing of a name."""

from __future__ import annotations

from bot.screening.engine import ScreeningEngine

TRAINING_SHEET = (
    "Fiche formation à relire avant jeudi\n"
    "Objectifs : Savoir Mener un Entretien de Recadrage\n"
    "Public : Managers de Proximité et Chefs d'Équipe\n"
    "Modalités : Présentiel ou Classe Virtuelle\n"
    "Durée : deux Journées, Évaluation à Chaud en fin de Session\n"
    "je trouve le programme un peu chargé"
)
RELEASE_NOTES = (
    "Release notes for the rota tool, version 4\n"
    "- Bulk Approval of Timesheets for team leads\n"
    "- New Overtime Rules for night shifts\n"
    "- Faster Exports to the payroll spreadsheet\n"
    "- Fixed: Holiday Balance shown twice on the dashboard\n"
    "my manager wants me to present it on friday"
)


def _names(engine: ScreeningEngine, text: str) -> list[str]:
    return [text[f.start : f.end] for f in engine.screen(text) if f.kind in {"person", "organization"}]


def test_a_french_document_of_capitalised_nouns_names_no_one(fr: ScreeningEngine) -> None:
    assert _names(fr, TRAINING_SHEET) == []


def test_an_english_document_of_capitalised_nouns_names_no_one(en: ScreeningEngine) -> None:
    assert _names(en, RELEASE_NOTES) == []


def test_a_person_in_such_a_document_is_still_found(fr: ScreeningEngine) -> None:
    text = TRAINING_SHEET + "\nFormatrice : Gwenaëlle Trouvadec, à contacter avant la Session"
    assert "Gwenaëlle Trouvadec" in " ".join(_names(fr, text))


def test_a_firm_with_its_legal_form_keeps_its_capitals(en: ScreeningEngine) -> None:
    text = RELEASE_NOTES + "\nThe Export Module was built by Larder Works Ltd for the pilot"
    assert any("Larder Works Ltd" in name for name in _names(en, text))


def test_a_firm_after_an_employer_link_keeps_its_capitals(fr: ScreeningEngine) -> None:
    text = TRAINING_SHEET + "\nAnimée par une Consultante chez Marée Conseil depuis trois ans"
    assert any("Marée Conseil" in name for name in _names(fr, text))
