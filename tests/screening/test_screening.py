"""Detectors, evasion, allow-list, client list, suggestion and robustness of the screener."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.config.i18n import load_catalogue
from bot.domain import Finding
from bot.ports import Screener
from bot.screening import KINDS, ScreeningEngine, suggest
from bot.screening.identifiers import card_ok, iban_ok, luhn_ok, nir_ok, phone_ok, siret_ok
from bot.screening.normalise import normalise


@pytest.fixture(scope="session")
def engine() -> ScreeningEngine:
    return ScreeningEngine(client_names=["Acme Industries", "Zéphyr"], allow_words=["Kiosque"])


def kinds_and_texts(engine: ScreeningEngine, text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in engine.screen(text)]


def nir_with_key(body: str) -> str:
    numeric = body.replace("2A", "19").replace("2B", "18")
    return f"{body}{97 - int(numeric) % 97:02d}"


# ---------------------------------------------------------------- contract


def test_engine_satisfies_the_screener_port(engine: ScreeningEngine) -> None:
    screener: Screener = engine
    assert screener.screen("") == []
    contract = "person organization email phone iban card nir siret address url"  # ARCHITECTURE.md
    assert set(KINDS) == set(contract.split())
    assert ScreeningEngine.KINDS == KINDS


def test_findings_are_sorted_non_overlapping_and_point_into_the_text(
    engine: ScreeningEngine,
) -> None:
    text = (
        "Mon manager Julien Dupont (julien.dupont@acme.fr, 06 12 34 56 78) travaille "
        "chez Durand Conseil SAS au 12 rue de la Paix, 75002 Paris."
    )
    findings = engine.screen(text)
    assert findings == sorted(findings, key=lambda f: f.start)
    for left, right in itertools.pairwise(findings):
        assert left.end <= right.start
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
        assert finding.kind in KINDS
    assert {f.kind for f in findings} == {"person", "email", "phone", "organization", "address"}


# ---------------------------------------------------------------- validated identifiers


@pytest.mark.parametrize(
    "number",
    [
        "06 12 34 56 78",
        "06.12.34.56.78",
        "06-12-34-56-78",
        "0612345678",
        "+33 6 12 34 56 78",
        "+33 (0)6 12 34 56 78",
        "0033 6 12 34 56 78",
        "01 42 68 53 00",
        "+44 20 7946 0958",
        "+1 415 555 2671",
    ],
)
def test_phone_formats(engine: ScreeningEngine, number: str) -> None:
    text = f"Appelez-moi au {number} demain."
    assert kinds_and_texts(engine, text) == [("phone", number)]


def test_figures_dates_and_times_are_not_phones(engine: ScreeningEngine) -> None:
    text = (
        "Le 12/03/2024 à 8 h, budget de 150 000 € pour 12 personnes, soit 15 % de plus "
        "qu'en 2023 ; réunion de 9h30 à 11 h, 2 500 000 000 € de CA."
    )
    assert engine.screen(text) == []


def test_iban_with_valid_key_is_flagged_and_wrong_key_is_not(engine: ScreeningEngine) -> None:
    assert iban_ok("FR7630006000011234567890189")
    assert not iban_ok("FR7630006000011234567890188")
    good = "Mon IBAN : FR76 3000 6000 0112 3456 7890 189 merci"
    assert kinds_and_texts(engine, good) == [("iban", "FR76 3000 6000 0112 3456 7890 189")]
    assert engine.screen("Mon IBAN : DE88370400440532013000") == []
    assert kinds_and_texts(engine, "IBAN DE89370400440532013000.") == [("iban", "DE89370400440532013000")]


def test_a_french_iban_with_a_broken_key_is_still_an_account(engine: ScreeningEngine) -> None:
    # FR76 + the bank's digits: a typo in the key (or a digit dropped) identifies it still
    assert kinds_and_texts(engine, "IBAN FR76 3000 6000 0112 3456 7890 188") == [
        ("iban", "FR76 3000 6000 0112 3456 7890 188")
    ]


def test_card_luhn(engine: ScreeningEngine) -> None:
    assert luhn_ok("4111111111111111") and card_ok("4111111111111111")
    assert not card_ok("4111111111111112")
    assert kinds_and_texts(engine, "carte 4111 1111 1111 1111 ok") == [("card", "4111 1111 1111 1111")]
    assert engine.screen("carte 4111 1111 1111 1112") == []


def test_nir_with_key_including_corsica(engine: ScreeningEngine) -> None:
    mainland = nir_with_key("1850578006084")
    corsica = nir_with_key("269052A123456")
    assert nir_ok(mainland) and nir_ok(corsica)
    assert not nir_ok(mainland[:-2] + f"{(int(mainland[-2:]) + 1) % 100:02d}")
    spaced = (
        f"{corsica[0]} {corsica[1:3]} {corsica[3:5]} {corsica[5:7]} {corsica[7:10]} "
        f"{corsica[10:13]} {corsica[13:]}"
    )
    assert kinds_and_texts(engine, f"Sécu : {mainland}.") == [("nir", mainland)]
    assert kinds_and_texts(engine, f"Sécu : {spaced}.") == [("nir", spaced)]


def test_siren_and_siret_luhn(engine: ScreeningEngine) -> None:
    assert siret_ok("732829320") and siret_ok("73282932000074")
    assert not siret_ok("732829321")
    assert kinds_and_texts(engine, "SIRET 732 829 320 00074.") == [("siret", "732 829 320 00074")]
    assert kinds_and_texts(engine, "SIREN 732829320.") == [("siret", "732829320")]
    assert engine.screen("SIREN 732 829 321.") == []


def test_phone_validator_rejects_short_and_foreign_shapes() -> None:
    assert phone_ok("0612345678") and phone_ok("+33612345678")
    assert not phone_ok("061234567") and not phone_ok("12345678")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("écris à jean.dupont@acme.fr stp", "jean.dupont@acme.fr"),
        ("écris à jean.dupont arobase acme point fr stp", "jean.dupont arobase acme point fr"),
        ("écris à jean[at]acme[dot]fr stp", "jean[at]acme[dot]fr"),
        ("écris à jean (at) acme.com stp", "jean (at) acme.com"),
        ("écris à jean at acme dot com stp", "jean at acme dot com"),
        ("écris à jean＠acme.fr stp", "jean＠acme.fr"),
    ],
)
def test_emails_and_their_disguises(engine: ScreeningEngine, text: str, expected: str) -> None:
    assert kinds_and_texts(engine, text) == [("email", expected)]


def test_urls_and_bare_domains(engine: ScreeningEngine) -> None:
    text = "Voir https://intranet.acme.fr/rh?x=1, www.exemple.com et dupont-conseil.fr."
    assert kinds_and_texts(engine, text) == [
        ("url", "https://intranet.acme.fr/rh?x=1"),
        ("url", "www.exemple.com"),
        ("url", "dupont-conseil.fr"),
    ]
    assert engine.screen("Le point de 9 h, le fichier rapport.pdf et etc.") == []


def test_postal_addresses(engine: ScreeningEngine) -> None:
    assert kinds_and_texts(engine, "Rendez-vous au 12 bis rue de la Paix, 75002 Paris demain.") == [
        ("address", "12 bis rue de la Paix, 75002 Paris")
    ]
    assert kinds_and_texts(engine, "au 3, avenue des Champs-Élysées pour le séminaire") == [
        ("address", "3, avenue des Champs-Élysées")
    ]
    assert engine.screen("J'ai suivi 2 cours de management et 3 places de parking.") == []


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hier, Julien Dupont m'a recadré.", ("person", "Julien Dupont")),
        ("J'en ai parlé à M. Durand hier.", ("person", "Durand")),
        ("J'en ai parlé à Mme Lefèvre hier.", ("person", "Lefèvre")),
        ("Le Dr Martin me suit.", ("person", "Martin")),
        ("mon manager julien ne répond pas", ("person", "julien")),
        ("mon N+1 sophie martin ne répond pas", ("person", "sophie martin")),
        ("la cheffe de projet zoé me court-circuite", ("person", "zoé")),
        ("Je travaille chez Capgemini depuis un an.", ("organization", "Capgemini")),
        ("Le client Durand Conseil refuse.", ("organization", "Durand Conseil")),
        ("On bosse avec Martin et Fils SARL.", ("organization", "Martin et Fils SARL")),
        ("Je quitte Berger S.A.R.L. demain.", ("organization", "Berger S.A.R.L.")),
        ("Notre partenaire Acme GmbH livre tard.", ("organization", "Acme GmbH")),
    ],
)
def test_names_people_and_organizations(
    engine: ScreeningEngine, text: str, expected: tuple[str, str]
) -> None:
    assert expected in kinds_and_texts(engine, text)


@pytest.mark.parametrize(
    "text",
    [
        "Lundi, mon manager m'a repris devant l'équipe.",
        "Directeur commercial depuis mars, je gère 12 personnes sur Teams.",
        "Le CODIR et le COMEX ont validé ; la DRH et les RH suivent, mon N+1 aussi.",
        "Sur WhatsApp et Zoom, personne ne respecte le RGPD ni la CNIL.",
        "Bonjour, merci pour votre retour. Quelle posture adopter ?",
        "La Direction Financière et le Service Client ne se parlent plus.",
        "Notre Business Unit prépare le Black Friday avec des Post-it.",
        "Manager, Directeur, Responsable : trois titres pour le même poste.",
        "En Septembre, le Comité de Direction se réunit à Lyon.",
        "Dois-je accepter ? Pouvez-vous m'aider ?",
    ],
)
def test_ordinary_coaching_prose_is_clean(engine: ScreeningEngine, text: str) -> None:
    assert engine.screen(text) == []


def test_allow_list_from_the_coach() -> None:
    text = "On lance le projet avec Novalis la semaine prochaine."
    assert [f.text for f in ScreeningEngine().screen(text)] == ["Novalis"]
    assert ScreeningEngine(allow_words=["novalis"]).screen(text) == []


def test_client_list_matches_any_case_and_accents(engine: ScreeningEngine) -> None:
    found = kinds_and_texts(engine, "on a perdu acme  industries et le dossier zephyr.")
    assert ("organization", "acme  industries") in found
    assert ("organization", "zephyr") in found


def test_client_names_role_and_title_rules() -> None:
    screener = ScreeningEngine(client_names=["Acme"])
    found = kinds_and_texts(screener, "Mon manager Julien chez Acme, M. Durand, 06 12 34 56 78.")
    assert ("person", "Julien") in found and ("organization", "Acme") in found
    assert ("person", "Durand") in found and ("phone", "06 12 34 56 78") in found


def test_a_client_name_is_certain_so_never_kept_on_the_writer_word() -> None:
    """docs/screening.md: client names are always flagged; vouching is for uncertain words."""
    from bot.screening.review import review

    screener = ScreeningEngine(client_names=["Renault", "Plumeau"])
    for text in (
        "Chez Plumeau, mon équipe doit produire des rapports quotidiens.",
        "chez plumeau et Renault",
    ):
        found = screener.screen(text)
        assert found and all(f.kind == "organization" and f.certain for f in found), found
        verdict = review(screener, text, {}, vouched=("Plumeau", "plumeau", "Renault"))
        assert not verdict.is_clean and not verdict.can_vouch


def test_allowed_words_are_never_flagged_whatever_rule_takes_them_for_a_firm() -> None:
    """`cadre screening report` recommends allow_words for harmless firm-looking words:
    they must then pass, in any case, while a client name listed too stays flagged."""
    plain = ScreeningEngine()
    texts = ("Le projet Orion avance et Orion prend tout notre temps.", "Je travaille chez Hermès.")
    assert all(f.kind == "organization" for t in texts for f in plain.screen(t)), "the premise"
    allowed = ScreeningEngine(allow_words=["orion", "HERMÈS", "Plumeau"], client_names=["Plumeau"])
    assert [allowed.screen(t) for t in (*texts, "Chez ORION et hermès.")] == [[], [], []]
    assert [f.text for f in allowed.screen("Chez Plumeau et Orion, Martin Dupont.")] == [
        "Plumeau",
        "Martin Dupont",
    ]


def test_an_imperative_with_its_pronoun_is_a_verb_not_a_name() -> None:
    """Mentor phrasing: "Racontez-moi" was taken for a person's name."""
    plain = ScreeningEngine()
    for text in (
        "Racontez-moi la suite.",
        "Écrivez-moi à l'adresse habituelle pour caler un appel.",
        "Dis-toi que c'est normal.",
    ):
        assert plain.screen(text) == [], text
    assert [f.text for f in plain.screen("Parlez-moi de Julien Moreau.")] == ["Julien Moreau"]


# ---------------------------------------------------------------- evasion and offsets


def test_zero_width_characters_do_not_hide_data_and_offsets_stay_original(
    engine: ScreeningEngine,
) -> None:
    text = "Tél : 06\u200b12\u200b34\u200b56\u200b78, mail jean\u200b.dupont@acme\u200b.fr"
    found = engine.screen(text)
    assert [f.kind for f in found] == ["phone", "email"]
    assert found[0].text == "06\u200b12\u200b34\u200b56\u200b78"
    assert found[1].text == "jean\u200b.dupont@acme\u200b.fr"
    for finding in found:
        assert text[finding.start : finding.end] == finding.text


def test_look_alike_letters_and_spaced_digits(engine: ScreeningEngine) -> None:
    cyrillic = "j\u0435\u0430n@\u0430cme.fr"  # Cyrillic е and а
    assert kinds_and_texts(engine, f"mail : {cyrillic}") == [("email", cyrillic)]
    assert kinds_and_texts(engine, "tel 0 6 1 2 3 4 5 6 7 8 svp") == [("phone", "0 6 1 2 3 4 5 6 7 8")]
    assert kinds_and_texts(engine, "tel O6 12 34 56 78 svp") == [("phone", "O6 12 34 56 78")]
    assert kinds_and_texts(engine, "tel ０６ １２ ３４ ５６ ７８ svp") == [
        ("phone", "０６ １２ ３４ ５６ ７８")
    ]
    name = "Ju\u200blien Du\u0440ont"  # zero-width space, Cyrillic р
    assert any(f.kind == "person" and f.text == name for f in engine.screen(f"Hier, {name} m'a recadré."))


def test_normalise_maps_every_character_back() -> None:
    text = "ﬁn J\u200bé\u0301 ０６ а"
    norm = normalise(text)
    assert norm.text == "fin Jé 06 a"
    start, end = norm.to_original(4, 6)
    assert text[start:end] == "J\u200bé\u0301"


# ---------------------------------------------------------------- suggestion


def test_suggest_uses_the_catalogue_placeholders(engine: ScreeningEngine) -> None:
    catalogue = load_catalogue(None)
    text = "Mon manager Julien Dupont : julien.dupont@acme.fr ou 06 12 34 56 78."
    fr = suggest(text, engine.screen(text), catalogue.section("screening.placeholder", "fr"))
    assert fr == "Mon manager [personne] : [e-mail] ou [téléphone]."
    en = suggest(text, engine.screen(text), catalogue.section("screening.placeholder", "en"))
    assert en == "Mon manager [person] : [e-mail] ou [phone]."
    for kind in KINDS:
        assert catalogue.text(f"screening.placeholder.{kind}", "fr").startswith("[")
        assert catalogue.text(f"screening.kind.{kind}", "en") != f"screening.kind.{kind}"


def test_suggest_merges_overlaps_and_prefers_the_specific_kind() -> None:
    text = "contact: jean.dupont@acme.fr"
    findings = [
        Finding(9, 28, "email", text[9:28]),
        Finding(20, 28, "url", text[20:28]),
        Finding(9, 13, "person", "jean"),
    ]
    assert suggest(text, findings, {"email": "[e-mail]", "url": "[lien]"}) == "contact: [e-mail]"
    assert suggest("abc", [Finding(0, 1, "weird", "a")], {}) == "[…]bc"


# ---------------------------------------------------------------- robustness


def test_hundred_kilobytes_do_not_blow_up(engine: ScreeningEngine) -> None:
    block = "Le CODIR a validé le budget de 150 000 € pour 2025. Mon manager veut un point à 8 h. "
    text = block * (100_000 // len(block)) + "Appelez Julien Dupont au 06 12 34 56 78."
    found = engine.screen(text)
    assert ("phone", "06 12 34 56 78") in [(f.kind, f.text) for f in found]
    assert any(f.kind == "person" and "Julien" in f.text for f in found)


def test_odd_unicode_never_crashes(engine: ScreeningEngine) -> None:
    samples = [
        "\u202eJulien Dupont\u202c 06 12 34 56 78",  # RTL override
        "e\u0301\u0301\u0301 \u0301 début par une marque",
        "😀👩‍💼 mon manager 👨🏽‍💻 julien 🇫🇷",
        "\x00\x01\x07 contrôle \x1b[31m rouge \x7f",
        "مدير فريق محمد 06 12 34 56 78",
        "\ud800 lone surrogate",
        "\ufeff\u2028\u2029\u00ad\u034f",
    ]
    for text in samples:
        for finding in engine.screen(text):
            assert text[finding.start : finding.end] == finding.text


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_valid_offsets(text: str) -> None:
    engine = ScreeningEngine()
    previous_end = 0
    for finding in engine.screen(text):
        assert 0 <= finding.start < finding.end <= len(text)
        assert finding.start >= previous_end
        assert text[finding.start : finding.end] == finding.text
        previous_end = finding.end
