"""Rules that read a word's surroundings: addresses written every way, initials, names that
are ordinary words when their context makes them people, organizations named by their legal
form or their trade. Examples written for these tests, taken from no evaluation set."""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import en, fr

__all__ = ["en", "fr"]  # fixtures


def covered(engine: ScreeningEngine, text: str, part: str) -> bool:
    """Whether findings cover every character of `part` (as a suggestion would need)."""
    start = text.index(part)
    chars: set[int] = set()
    for finding in engine.screen(text):
        chars.update(range(finding.start, finding.end))
    return set(range(start, start + len(part))) <= chars


def kinds_of(engine: ScreeningEngine, text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in engine.screen(text)]


# ---------------------------------------------------------------- addresses

FRENCH_ADDRESSES = [
    ("la permanence se tient au 9 av. Gambetta le jeudi", "9 av. Gambetta"),
    ("passez plutôt au 31 r. des Écoles demain", "31 r. des Écoles"),
    ("ma grand-mère vit lieu-dit Coat Bihan, 22160 Callac", "lieu-dit Coat Bihan, 22160 Callac"),
    ("on livre au lieu-dit la Croix Blanche depuis mars", "lieu-dit la Croix Blanche"),
    ("l'entrepôt est ZI des Forges, 71200 Le Creusot", "ZI des Forges, 71200 Le Creusot"),
    ("le siège est 5 impasse des Tilleuls, Auxerre, et c'est loin", "5 impasse des Tilleuls, Auxerre"),
]


@pytest.mark.parametrize(("text", "address"), FRENCH_ADDRESSES)
def test_french_addresses_without_postcode_or_with_abbreviations(
    fr: ScreeningEngine, text: str, address: str
) -> None:
    assert covered(fr, text, address)
    assert ("address", address) in kinds_of(fr, text)


ENGLISH_ADDRESSES = [
    ("they moved the depot to 48 quarry road and I drive an hour", "48 quarry road"),
    ("I rent a room at 3 Linden Crescent, Norwich", "3 Linden Crescent, Norwich"),
    ("my flat is Flat 2, 61 Cedar Avenue, in town", "Flat 2, 61 Cedar Avenue"),
    (
        "the plant at 900 East 14th Street, Tulsa, OK 74120 shuts in May",
        "900 East 14th Street, Tulsa, OK 74120",
    ),
    ("send it to 17 King St E, Toronto, ON M5C 1E9 please", "17 King St E, Toronto, ON M5C 1E9"),
    ("I live at 4 Orchard Close, Cork T12 X2C4 now", "4 Orchard Close, Cork T12 X2C4"),
    ("write to PO Box 881, Dayton, OH 45401 instead", "PO Box 881, Dayton, OH 45401"),
]


@pytest.mark.parametrize(("text", "address"), ENGLISH_ADDRESSES)
def test_english_addresses_in_lower_case_with_units_ordinals_and_codes(
    en: ScreeningEngine, text: str, address: str
) -> None:
    assert covered(en, text, address)
    assert ("address", address) in kinds_of(en, text)


@pytest.mark.parametrize(
    "text",
    [
        "it's a 2 hour drive each way and nobody pays for it",
        "we need 3 lane closures approved before the works",
        "we have 2 new road projects starting in spring",
    ],
)
def test_numbers_before_street_words_that_are_no_address(en: ScreeningEngine, text: str) -> None:
    assert not [f for f in en.screen(text) if f.kind == "address"]


# ---------------------------------------------------------------- people shown by their context


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("mais rose m'a répondu que ce n'était pas son problème", "rose"),
        ("j'ai dû dire à marine que son dossier partait en retard", "marine"),
        ("franchement claire a dit ça devant tout le monde", "claire"),
    ],
)
def test_french_lower_case_first_names_that_are_words_when_a_verb_or_a_listener_says_so(
    fr: ScreeningEngine, text: str, name: str
) -> None:
    assert covered(fr, text, name)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("so frank said my slides were a mess", "frank"),
        ("i need to tell dawn that the rota changed", "dawn"),
        ("ravindra from the night team never hands over properly", "ravindra"),
        ("Hope, our new buyer, keeps missing the cut-off", "Hope"),
        ("My new starter, Summer, is doing great", "Summer"),
        ("Faith runs the Saturday shift on her own", "Faith"),
        ("Will from logistics keeps changing the plan", "Will"),
    ],
)
def test_english_names_that_are_words_when_the_context_says_a_person(
    en: ScreeningEngine, text: str, name: str
) -> None:
    assert covered(en, text, name)


@pytest.mark.parametrize(
    "text",
    [
        "Frank feedback from the team hurt a bit",
        "Grace under fire is what they expect from supervisors",
        "Pat on the back from the area manager, finally",
        "Joy of joys, the printer is broken again",
        "we had a grace period of two weeks",
        "I answered with grace and kept calm",
        "Mark my words, the merger will fall through",
        "The Town Hall meeting ran over by an hour",
        "il gèle à pierre fendre depuis lundi",
        "Pierre par pierre, je remonte la pente",
    ],
)
def test_words_that_are_also_first_names_stay_words_without_a_cue(
    fr: ScreeningEngine, en: ScreeningEngine, text: str
) -> None:
    engine = fr if any(w in text for w in ("gèle", "Pierre")) else en
    assert engine.screen(text) == []


def test_the_writer_listed_with_others_makes_them_people(en: ScreeningEngine, fr: ScreeningEngine) -> None:
    text = "me, sam and anneliese are covering the weekend"
    assert covered(en, text, "sam") and covered(en, text, "anneliese")
    assert covered(fr, "lucas et moi on reprend le dossier", "lucas")


# ---------------------------------------------------------------- initials


@pytest.mark.parametrize(
    ("engine_name", "text", "initials"),
    [
        ("fr", "j'en ai parlé avec JM hier soir", "JM"),
        ("fr", "au final c'est JL qui tranche", "JL"),
        ("fr", "PL et moi on ne se parle plus", "PL"),
        ("fr", "P-Y le chef d'équipe m'ignore", "P-Y"),
        ("en", "I had a word with DK about the rota", "DK"),
        ("en", "RB and I fell out over the budget", "RB"),
        ("en", "the plant manager, everyone calls him Mr K, shouts a lot", "K"),
        ("en", "the email was signed Andrea F. and copied to everyone", "Andrea F."),
        ("en", "R. Oyelaran from payroll never answers", "R. Oyelaran"),
        ("en", "my supervisor t. brannigan was rude again", "t. brannigan"),
    ],
)
def test_initials_where_a_person_is_expected(
    fr: ScreeningEngine, en: ScreeningEngine, engine_name: str, text: str, initials: str
) -> None:
    engine = fr if engine_name == "fr" else en
    assert covered(engine, text, initials)


@pytest.mark.parametrize(
    ("engine_name", "text"),
    [
        ("fr", "j'en ai parlé avec la RH et avec le CSE"),
        ("en", "I raised it with HR and with QA last week"),
        ("en", "PM and I agreed the scope"),
        ("fr", "c'est PDF ou rien pour les notes de frais"),
    ],
)
def test_known_abbreviations_are_no_initials(
    fr: ScreeningEngine, en: ScreeningEngine, engine_name: str, text: str
) -> None:
    engine = fr if engine_name == "fr" else en
    assert engine.screen(text) == []


def test_the_parts_of_one_name_are_found_as_one(en: ScreeningEngine, fr: ScreeningEngine) -> None:
    text = 'Margaret "Peggy" Alderton chairs the board now'
    assert ("person", 'Margaret "Peggy" Alderton') in kinds_of(en, text)
    assert ("person", "Le Moal") in kinds_of(fr, "Le Moal m'a dit que c'était réglé")
    assert ("person", "Siobhán Ní Dhuibhir") in kinds_of(en, "Siobhán Ní Dhuibhir took over the ward")


# ---------------------------------------------------------------- organizations


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("payroll is outsourced to Fenwick Grange plc now", "Fenwick Grange plc"),
        ("Barlow & Trent lost the tender", "Barlow & Trent"),
        ("the warehouse is run by dobbs & mercer staff", "dobbs & mercer"),
        ("I joined Harbourside Foundation in May", "Harbourside Foundation"),
        ("our caterer, Nonna Lucia's Kitchen LLC, is late again", "Nonna Lucia's Kitchen LLC"),
        ("Ashgrove Credit Union wants me to run the branch", "Ashgrove Credit Union"),
        ("I run the floor at The Golden Whisk Bakery", "The Golden Whisk Bakery"),
    ],
)
def test_english_organizations_by_legal_form_pair_head_or_employer_verb(
    en: ScreeningEngine, text: str, org: str
) -> None:
    assert covered(en, text, org)


@pytest.mark.parametrize(
    "text",
    [
        "the European Union rules changed our reporting",
        "I was referred to Occupational Health after the accident",
        "we sell salt & pepper grinders now",
    ],
)
def test_generic_names_closed_by_a_company_word_are_no_company(en: ScreeningEngine, text: str) -> None:
    assert en.screen(text) == []


def test_french_trades_typed_in_lower_case(fr: ScreeningEngine) -> None:
    text = "le négociant maison lavergne a baissé ses prix"
    assert covered(fr, text, "maison lavergne")
    assert ("organization", "Domaine des Ormeaux") in kinds_of(
        fr, "Le Domaine des Ormeaux m'a proposé un poste"
    )


# ---------------------------------------------------------------- hard negatives


@pytest.mark.parametrize(
    ("engine_name", "text"),
    [
        ("en", "They're moving me to the site near Timaru and my partner stays in Christchurch"),
        ("en", "I might go back to Nova Scotia if the transfer falls through"),
        ("en", "We're robbing Peter to pay Paul with this budget"),
        ("en", "Keeping up with the Joneses is exhausting in this office"),
        ("en", "According to Covey, begin with the end in mind"),
        ("en", "We did a Myers-Briggs workshop and it divided the team"),
        ("en", "Hiya, quick one about my review"),
        ("fr", "Il faut rendre à César ce qui est à César"),
        ("fr", "La pédagogie Montessori intéresse l'équipe de la crèche"),
        ("fr", "Joyeux Noël à toute l'équipe"),
        ("fr", "on part en salon à Düsseldorf puis à Cracovie"),
    ],
)
def test_places_abroad_idioms_and_cited_authors_identify_nobody(
    fr: ScreeningEngine, en: ScreeningEngine, engine_name: str, text: str
) -> None:
    engine = fr if engine_name == "fr" else en
    assert engine.screen(text) == []


# ---------------------------------------------------------------- identifiers


def test_a_country_code_before_an_area_code_in_brackets(en: ScreeningEngine) -> None:
    text = "call me on +1 (415) 555-0134 after six"
    assert ("phone", "+1 (415) 555-0134") in kinds_of(en, text)


def test_an_iban_with_every_character_spaced_out(en: ScreeningEngine) -> None:
    iban = "GB82WEST12345698765432"
    spaced = " ".join(iban)
    assert ("iban", spaced) in kinds_of(en, f"the money went to {spaced}, please check")


def test_a_department_after_a_name_and_speaking_to_someone_named_like_a_town(
    fr: ScreeningEngine, en: ScreeningEngine
) -> None:
    assert covered(fr, "Dédé de la compta ne me salue plus", "Dédé")
    assert covered(en, "Kez from payroll sorted it in the end", "Kez")
    assert covered(fr, "j'ai parlé à Lorette de ma demande de mutation", "Lorette")
    assert fr.screen("je pars à Lorette en septembre") == []


def test_initials_after_a_past_participle_but_not_after_a_noun(fr: ScreeningEngine) -> None:
    assert covered(fr, "j'ai prévenu GB hier soir", "GB")
    assert fr.screen("toutes les clés USB sont interdites") == []


def test_organizations_listed_together_and_their_branches(fr: ScreeningEngine) -> None:
    text = "deux cabinets me démarchent, fiducial et in extenso"
    assert covered(fr, text, "in extenso")
    assert fr.screen("je l'ai lu in extenso hier soir") == []
    assert ("organization", "Crédit Agricole Normandie Seine") in kinds_of(
        fr, "on a un prêt au Crédit Agricole Normandie Seine depuis mai"
    )


def test_a_grouped_north_american_number_with_its_trunk_prefix(en: ScreeningEngine) -> None:
    assert ("phone", "1-800-555-0134") in kinds_of(en, "the helpline is 1-800-555-0134 all week")
    assert en.screen("we shipped 18005550134 units") == []


def test_an_announced_company_name_goes_on_after_de(fr: ScreeningEngine) -> None:
    text = "notre prestataire Réseaux Télécom du Vexin a coupé la ligne"
    assert covered(fr, text, "Réseaux Télécom du Vexin")
    signature = "Bien à vous,\nNadia Ferrat\nCabinet Verneuil d'Orgères\n12 rue des Forges, 27000 Évreux"
    assert covered(fr, signature, "Cabinet Verneuil d'Orgères")


@pytest.mark.parametrize(
    "text",
    [
        "It was a Freudian slip during the review",
        "The whole process is pure Heath Robinson",
        "He's a bit of a Walter Mitty about his sales figures",
        "As Mintzberg said, strategy emerges",
        "Like Sisyphus I restart the same audit each year",
        "Our rota system is positively Kafkaesque",
    ],
)
def test_english_idioms_and_cited_authors(en: ScreeningEngine, text: str) -> None:
    assert en.screen(text) == []


def test_the_start_of_a_social_security_number_after_its_announcement(fr: ScreeningEngine) -> None:
    spoken = "un, quatre-vingt-onze, zéro sept, soixante-quinze"
    assert ("nir", spoken) in kinds_of(fr, f"mon numéro de sécu commence par {spoken}, je crois")
    assert ("nir", "2 94 11 13") in kinds_of(fr, "sécurité sociale : 2 94 11 13 et la suite sur la carte")
    assert fr.screen("la sécu m'a remboursé 1250000 centimes") == []


@pytest.mark.parametrize(
    "text",
    [
        "Coffee, my only friend, keeps me going",
        "Fine, my boss said, do it your way",
        "Back from leave and the inbox is full",
        "Welcome, our new starters, to the induction",
    ],
)
def test_an_appositive_cue_needs_a_real_first_name(en: ScreeningEngine, text: str) -> None:
    assert en.screen(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Pour DW7S : proposez un entretien à trois, centré sur le travail commun.",
        "Sur TH5W, je maintiens ce que j'ai dit : un point par semaine suffit.",
        "Notre offre B2B passe en 4G puis en 5G l'an prochain.",
    ],
)
def test_letters_glued_to_digits_are_codes_not_initials(fr: ScreeningEngine, text: str) -> None:
    """An item's reference ("DW7S") in a mentor's answer was taken for someone's initials."""
    assert fr.screen(text) == []
