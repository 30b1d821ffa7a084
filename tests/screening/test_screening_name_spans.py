"""A person's whole name in one finding across naming customs: patronymics ("binti",
"bin", "a/l") and a generation's suffix ("Jr.", "III"), so the suggestion replaces the
whole name.

Examples written for these tests (none copied from a labelled set).
"""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import en, found, fr

__all__ = ["en", "fr"]  # fixtures


@pytest.mark.parametrize(
    ("text", "name", "start"),
    [
        ("On the rota: Nurul Huda binti Rahman and me.", "Nurul Huda binti Rahman", 13),
        ("I shadowed Ahmad bin Ismail for a week", "Ahmad bin Ismail", 11),
        ("my manager Kavitha a/p Suresh wants the report", "Kavitha a/p Suresh", 11),
        ("The founder's grandson, Bobby Marsh Jr., runs sales now", "Bobby Marsh Jr.", 24),
        ("I report to Harold Penn III since May", "Harold Penn III", 12),
    ],
)
def test_a_name_is_found_whole(en: ScreeningEngine, text: str, name: str, start: int) -> None:
    findings = en.screen(text)
    assert [(f.kind, f.text, f.start) for f in findings if f.kind == "person"] == [("person", name, start)]


@pytest.mark.parametrize(
    "text",
    [
        "we left the boxes by the bin behind the depot",
        "chapter II of the handbook covers leave",
        "phase III starts in May",
    ],
)
def test_links_and_numerals_alone_name_no_one(en: ScreeningEngine, text: str) -> None:
    assert [f for f in found(en, text) if f[0] == "person"] == []


def test_a_french_name_keeps_its_span(fr: ScreeningEngine) -> None:
    assert ("person", "Karim Ben Salah") in found(fr, "j'ai vu Karim Ben Salah hier")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Bien à vous. R. Le Bihan, directeur", "R. Le Bihan"),
        ("le devis signé par J. De Almeida est arrivé", "J. De Almeida"),
        ("Cordialement, A. Du Pont", "A. Du Pont"),
    ],
)
def test_an_initial_then_a_particle_and_a_surname_is_a_person(
    fr: ScreeningEngine, text: str, name: str
) -> None:
    assert ("person", name) in found(fr, text)


@pytest.mark.parametrize(
    "text", ["Section B. Le Mans reste loin", "Annexe A. La procédure change", "voir p. 12"]
)
def test_a_labelled_letter_before_an_article_is_no_initial(fr: ScreeningEngine, text: str) -> None:
    assert [f for f in found(fr, text) if f[0] == "person"] == []


@pytest.mark.parametrize(
    ("text", "firm", "start"),
    [
        ("Merci. R. Le Bihan, SCI Les Jardins du Port", "SCI Les Jardins du Port", 20),
        ("je fais les saisons pour Camping Les Oliviers SARL à côté", "Camping Les Oliviers SARL", 25),
        ("la commande de Boulangerie Le Fournil SARL", "Boulangerie Le Fournil SARL", 15),
    ],
)
def test_a_firm_is_found_with_its_own_article_and_legal_form(
    fr: ScreeningEngine, text: str, firm: str, start: int
) -> None:
    findings = [(f.kind, f.text, f.start) for f in fr.screen(text) if f.kind == "organization"]
    assert findings == [("organization", firm, start)]


def test_a_legal_form_after_a_name_still_closes_it(fr: ScreeningEngine) -> None:
    assert ("organization", "Berthier SAS") in found(fr, "la facture de Berthier SAS, Lyon, est payée")


@pytest.mark.parametrize(
    ("text", "firm", "start"),
    [
        ("I did nights at St Brigid's Hospital for years", "St Brigid's Hospital", 16),
        ("she teaches at St. Aloysius Memorial College now", "St. Aloysius Memorial College", 15),
        ("I trained at Saint Columba's Infirmary", "Saint Columba's Infirmary", 13),
    ],
)
def test_an_institution_named_after_a_saint_is_an_organization(
    en: ScreeningEngine, text: str, firm: str, start: int
) -> None:
    findings = [(f.kind, f.text, f.start) for f in en.screen(text)]
    assert findings == [("organization", firm, start)]


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("mon fils est au lycée saint-exupéry de lyon", "lycée saint-exupéry de lyon"),
        ("je suis aide-soignante à la clinique Sainte-Odile", "clinique Sainte-Odile"),
    ],
)
def test_a_french_institution_named_after_a_saint_is_an_organization(
    fr: ScreeningEngine, text: str, firm: str
) -> None:
    assert ("organization", firm) in found(fr, text)


@pytest.mark.parametrize(
    ("engine", "text"),
    [
        ("en", "St Patrick's Day at school was chaos"),
        ("en", "the saint's day falls in the school holidays"),
        ("fr", "on fête la saint-jean au collège vendredi"),
        ("fr", "le lycée ferme pour la Sainte-Barbe ?"),
    ],
)
def test_a_saints_day_near_a_school_names_no_organization(
    fr: ScreeningEngine, en: ScreeningEngine, engine: str, text: str
) -> None:
    screener = fr if engine == "fr" else en
    assert [f for f in found(screener, text) if f[0] == "organization"] == []


@pytest.mark.parametrize(
    ("text", "name", "start"),
    [
        ("The form says:\nEmployee: Mensah, Kwabena\nStart date: 3 May", "Mensah, Kwabena", 25),
        ("Applicant: Oyelaran, Titilayo", "Oyelaran, Titilayo", 11),
    ],
)
def test_a_name_field_written_surname_first_is_one_person(
    en: ScreeningEngine, text: str, name: str, start: int
) -> None:
    findings = [(f.kind, f.text, f.start) for f in en.screen(text) if f.kind == "person"]
    assert findings == [("person", name, start)]


def test_a_french_name_field_written_surname_first_is_one_person(fr: ScreeningEngine) -> None:
    assert ("person", "Lefèvre, Anne") in found(fr, "Salarié : Lefèvre, Anne\nService : compta")


@pytest.mark.parametrize(
    "text", ["Contact: Acme, Inc", "Status: Pending, Approved", "Candidat : Paris, Lyon"]
)
def test_a_field_of_two_words_that_are_no_surname_and_first_name_is_no_person(
    en: ScreeningEngine, text: str
) -> None:
    assert [f for f in found(en, text) if f[0] == "person"] == []


def test_a_firms_head_on_the_next_line_does_not_join_the_name_above(en: ScreeningEngine) -> None:
    text = "Employee: Okafor, Chinedu\nBank: Barclays"
    assert found(en, text) == [("person", "Okafor, Chinedu"), ("organization", "Barclays")]


@pytest.mark.parametrize(
    ("engine", "text", "name"),
    [
        ("en", "Drucker in our finance team keeps moving my deadlines", "Drucker"),
        ("en", "honestly, Maslow from our payroll team never answers", "Maslow"),
        ("fr", "Maslow de notre équipe RH m'a rappelé hier", "Maslow"),
        ("en", "Tessaly from our finance team called", "Tessaly"),
    ],
)
def test_a_name_opening_a_clause_before_a_department_of_ours_is_a_colleague(
    fr: ScreeningEngine, en: ScreeningEngine, engine: str, text: str, name: str
) -> None:
    screener = fr if engine == "fr" else en
    assert ("person", name) in found(screener, text)


@pytest.mark.parametrize(
    ("engine", "text"),
    [
        ("en", "we apply Pareto in our team every quarter"),
        ("en", "Maslow in the HR literature is everywhere"),
        ("fr", "on applique Pareto dans notre équipe"),
        ("fr", "bref, Maslow de la pyramide, on connaît"),
    ],
)
def test_an_author_used_as_a_model_stays_clean(
    fr: ScreeningEngine, en: ScreeningEngine, engine: str, text: str
) -> None:
    screener = fr if engine == "fr" else en
    assert [f for f in found(screener, text) if f[0] == "person"] == []
