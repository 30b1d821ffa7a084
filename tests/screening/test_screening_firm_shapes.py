"""Firms no list holds, found by the way the text speaks of them (bot.screening.name_orgs):
a firm found in part is reported whole, names of letters and digits, lower-case firms by
their owners' names, partnerships; and what must stay clean in the same frames."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


def found(engine: ScreeningEngine, text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in engine.screen(text)]


def covered(engine: ScreeningEngine, text: str, name: str) -> bool:
    """Whether findings cover every character of `name` in `text` (as the evaluation counts)."""
    start = text.index(name)
    spans = [(f.start, f.end) for f in engine.screen(text)]
    return all(any(a <= k < b for a, b in spans) for k in range(start, start + len(name)))


@pytest.mark.parametrize(
    ("engine", "text", "firm"),
    [
        # the legal form or the company head after a name found in part
        ("fr", "je bosse chez quéméner loarer s.a.s. depuis l'an dernier", "quéméner loarer s.a.s."),
        ("fr", "notre prestataire Tardivel Sàrl. ne rappelle jamais", "Tardivel Sàrl."),
        ("en", "we signed with Pellow Tregaskis Ltd. last spring", "Pellow Tregaskis Ltd."),
        # a trade before its owner's name: the firm, not a person
        ("fr", "on a été rachetés par la plomberie Kerjean en mars", "plomberie Kerjean"),
        ("fr", "je fais les devis pour la menuiserie Kerjean depuis 2019", "menuiserie Kerjean"),
    ],
)
def test_a_firm_found_in_part_is_reported_whole(
    request: pytest.FixtureRequest, engine: str, text: str, firm: str
) -> None:
    screener = request.getfixturevalue(engine)
    assert covered(screener, text, firm)


def test_a_trade_before_a_surname_makes_a_firm(fr: ScreeningEngine) -> None:
    assert ("organization", "plomberie Kerjean") in found(fr, "on a été rachetés par la plomberie Kerjean")


def test_a_firm_found_keeps_its_own_span(fr: ScreeningEngine) -> None:
    assert ("organization", "Halcyon") in found(fr, "le groupe Halcyon recrute des caristes")


@pytest.mark.parametrize(
    ("engine", "text", "firm"),
    [
        ("fr", "je bosse chez vertika42 depuis deux ans", "vertika42"),
        ("fr", "notre client Quorvel21 veut tout pour lundi", "Quorvel21"),
        ("en", "we signed a contract with zelbrix7 in May", "zelbrix7"),
        ("en", "we outsource our payroll to Panterix88 and it is a mess", "Panterix88"),
    ],
)
def test_a_name_of_letters_and_digits_after_a_firm_cue(
    request: pytest.FixtureRequest, engine: str, text: str, firm: str
) -> None:
    assert ("organization", firm) in found(request.getfixturevalue(engine), text)


@pytest.mark.parametrize(
    ("engine", "text"),
    [
        ("en", "I work with Office365 and Windows11 all day"),
        ("fr", "on bosse avec covid19 en tête depuis des mois"),
        ("en", "the report for 2024 is late"),
        ("en", "we work with gpt4 for the drafts"),
    ],
)
def test_products_and_years_with_digits_stay_clean(
    request: pytest.FixtureRequest, engine: str, text: str
) -> None:
    assert found(request.getfixturevalue(engine), text) == []


@pytest.mark.parametrize(
    ("engine", "text", "firm"),
    [
        ("en", "i have been at pengelly plumbing for six years", "pengelly plumbing"),
        ("en", "we were acquired by hartley logistics in the spring", "hartley logistics"),
        ("fr", "on sous-traite tout à kerbrat transports et ça coince", "kerbrat transports"),
        ("en", "i just joined ashworth-pennington as a trainee", "ashworth-pennington"),
        ("fr", "j'ai quitté lagadec-morvan en juin", "lagadec-morvan"),
    ],
)
def test_a_firm_in_lower_case_by_its_owners_names(
    request: pytest.FixtureRequest, engine: str, text: str, firm: str
) -> None:
    assert ("organization", firm) in found(request.getfixturevalue(engine), text)


@pytest.mark.parametrize(
    ("engine", "text"),
    [
        ("en", "we work with bigger group sizes now"),
        ("en", "i work with young partners who need coaching"),
        ("en", "we signed a contract with new solutions in mind"),
        ("en", "we agreed a long-term plan with my manager"),
        ("fr", "j'ai déjeuné avec jean-marc hier"),
        ("fr", "on travaille avec un sous-traitant de Nantes"),
        ("en", "I work at head office on Mondays"),
        ("en", "got an interview with the bank tmrw, super nervous"),
    ],
)
def test_the_same_frames_stay_clean_or_find_a_person(
    request: pytest.FixtureRequest, engine: str, text: str
) -> None:
    kinds = {kind for kind, _ in found(request.getfixturevalue(engine), text)}
    assert "organization" not in kinds


@pytest.mark.parametrize(
    ("engine", "text", "firm"),
    [
        ("en", "I just joined Tregunna, Opie and Polglase as a paralegal", "Tregunna, Opie and Polglase"),
        ("fr", "je bosse chez Kerhervé, Floch et Quéré depuis mars", "Kerhervé, Floch et Quéré"),
    ],
)
def test_a_partnership_of_names_after_a_firm_cue(
    request: pytest.FixtureRequest, engine: str, text: str, firm: str
) -> None:
    assert covered(request.getfixturevalue(engine), text, firm)


def test_first_names_listed_are_people_not_a_partnership(en: ScreeningEngine) -> None:
    kinds = [kind for kind, _ in found(en, "I had lunch with Sarah, Emily and Jack today")]
    assert kinds and set(kinds) == {"person"}


def test_firms_listed_stay_separate(fr: ScreeningEngine) -> None:
    assert ("organization", "Eiffage") in found(fr, "on sous-traite à Vinci, Kervalec et Eiffage")


@pytest.mark.parametrize(
    ("engine", "text", "firm"),
    [
        ("fr", "Depuis que QMBT est notre fournisseur principal, tout arrive en retard", "QMBT"),
        ("fr", "Vorlane est notre plus gros client et il le sait", "Vorlane"),
        ("en", "Brackwell Group hired me last spring", "Brackwell Group"),
        ("en", "Quenby is our main supplier and they keep slipping", "Quenby"),
    ],
)
def test_what_a_firm_is_to_us_names_it(
    request: pytest.FixtureRequest, engine: str, text: str, firm: str
) -> None:
    assert ("organization", firm) in found(request.getfixturevalue(engine), text)


@pytest.mark.parametrize(
    ("engine", "text"),
    [
        ("en", "Sarah hired me two years ago"),
        ("fr", "Julie est notre cliente depuis 2019"),
    ],
)
def test_a_first_name_before_a_firm_predicate_is_someone(
    request: pytest.FixtureRequest, engine: str, text: str
) -> None:
    kinds = [kind for kind, _ in found(request.getfixturevalue(engine), text)]
    assert kinds == ["person"]


@pytest.mark.parametrize(
    ("engine", "text"),
    [
        ("en", "Nobody hired me after the course"),
        ("en", "Retail is our main customer segment"),
        ("fr", "La qualité est notre priorité"),
    ],
)
def test_firm_predicates_after_ordinary_words_stay_clean(
    request: pytest.FixtureRequest, engine: str, text: str
) -> None:
    assert found(request.getfixturevalue(engine), text) == []


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("notre prestataire kerlogot sa a encore livré en retard", "kerlogot sa"),
        ("mon client principal c'est Tanguy SA, et ils veulent tout", "Tanguy SA"),
    ],
)
def test_sa_in_lower_case_closes_a_firm_where_no_noun_follows(
    fr: ScreeningEngine, text: str, firm: str
) -> None:
    assert covered(fr, text, firm)


def test_sa_before_a_noun_is_the_possessive(fr: ScreeningEngine) -> None:
    assert ("person", "Bouvier") in found(fr, "je vois Bouvier sa femme demain")


@pytest.mark.parametrize(
    ("engine", "text", "firm"),
    [
        ("fr", "Depuis que Valmorel Habitat a racheté la résidence, rien ne va", "Valmorel Habitat"),
        ("en", "Kestrel Analytics acquired us last year and froze every hire", "Kestrel Analytics"),
    ],
)
def test_a_firm_that_buys_another_is_a_firm(
    request: pytest.FixtureRequest, engine: str, text: str, firm: str
) -> None:
    assert ("organization", firm) in found(request.getfixturevalue(engine), text)


@pytest.mark.parametrize(
    ("engine", "text"),
    [
        ("en", "Marketing merged with Sales in May"),
        ("fr", "Lundi a racheté les parts du fondateur, dit-on"),
    ],
)
def test_departments_and_words_that_buy_stay_clean(
    request: pytest.FixtureRequest, engine: str, text: str
) -> None:
    assert found(request.getfixturevalue(engine), text) == []
