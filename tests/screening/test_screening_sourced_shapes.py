"""E-mails and addresses in the shapes public references give them, found whole (issue 12).

The shapes come from sources the rules were not written from (the probe
`benchmarks/screening/probe_sourced.py` names them: python-email-validator's and
Wikipedia's examples, RFC 5322, libpostal's parser tests, UPU model addresses); the
sentences around them are written for these tests. Each family has its hard negatives:
image names, package versions, code, times and prices after "@". A handle ("@jdupont") is
a person, as the labelling guide says, never an e-mail. Every finding's offsets are
checked against the text (`found`), and a suggestion replaces the identifier whole.
"""

from __future__ import annotations

import io
import json

import pytest

from bot.config.i18n import load_catalogue
from bot.screening import ScreeningEngine
from bot.screening.check_report import run_check
from bot.screening.suggest import suggest
from tests.screening_engines import en, found, fr

__all__ = ["en", "fr"]  # fixtures

PLACEHOLDERS = {"email": "[e-mail]", "address": "[adresse]", "person": "[personne]", "url": "[lien]"}


def _whole(engine: ScreeningEngine, text: str, entity: str, kind: str) -> None:
    """One finding of `kind` spans exactly `entity` where it stands in `text`."""
    found(engine, text)
    start = text.index(entity)
    spans = [(f.start, f.end, f.kind) for f in engine.screen(text)]
    assert (start, start + len(entity), kind) in spans, spans


@pytest.mark.parametrize(
    "mail",
    [
        "user+mailbox/department=shipping@example.tld",  # RFC 5322 atext in the local part
        "mailhost!username@example.org",
        '"quoted with space"@example.com',  # a quoted local part
        '"unnecessarily.quoted.local.part"@example.com',
        "юзер@екзампл.ком",  # RFC 6531: internationalised local part and domain
        "伊昭傑@郵件.商務",
        "jeff@臺網中心.tw",
        "Pelé@example.com",
        "медведь@с-балалайкой.рф",
        "राम@मोहन.ईन्फो",  # vowel signs the normalised view drops
        "θσερ@εχαμπλε.ψομ",  # Greek letters the normalised view maps to Latin ones
    ],
)
def test_addresses_of_the_standards_are_found_whole(en: ScreeningEngine, mail: str) -> None:
    _whole(en, f"Write to me at {mail} if the link breaks.", mail, "email")


@pytest.mark.parametrize(
    ("text", "link"),
    [
        (
            "Ping me: [lena.k@posteo.de](mailto:lena.k@posteo.de) if needed.",
            "[lena.k@posteo.de](mailto:lena.k@posteo.de)",
        ),
        (
            "Le lien [contact](mailto:paul.martin@free.fr) ne marche pas.",
            "[contact](mailto:paul.martin@free.fr)",
        ),
        ("Write to <mailto:ana.silva@uol.com.br> instead.", "<mailto:ana.silva@uol.com.br>"),
    ],
)
def test_a_mailto_link_is_found_with_its_markup(en: ScreeningEngine, text: str, link: str) -> None:
    _whole(en, text, link, "email")
    suggested = suggest(text, en.screen(text), PLACEHOLDERS)
    assert "mailto" not in suggested and "](" not in suggested, suggested


def test_chez_before_a_plain_domain_needs_an_address_shaped_local_part(fr: ScreeningEngine) -> None:
    _whole(
        fr,
        "Écris-moi : marie.lefebvre chez laposte.net si tu veux.",
        "marie.lefebvre chez laposte.net",
        "email",
    )
    _whole(fr, "C'est jp_martin chez free.fr pour le devis.", "jp_martin chez free.fr", "email")
    # an ordinary sentence: "chez" a firm's domain, no address's local part
    assert not [k for k, _ in found(fr, "Je bosse chez free.fr depuis mars.") if k == "email"]
    assert not [k for k, _ in found(fr, "Il est passé chez Orange.fr hier.") if k == "email"]


def test_an_address_cut_by_a_line_break_after_its_last_dot_is_found(fr: ScreeningEngine) -> None:
    text = "Envoie à nathalie.girard@wanadoo.\nfr stp"
    _whole(fr, text, "nathalie.girard@wanadoo.\nfr", "email")
    # a line that starts with a word after a domain's dot is the next sentence
    assert ("email", "paul@acme.\nIl") not in found(fr, "Écris à paul@acme.\nIl répondra.")


def test_an_anti_spam_tail_belongs_to_the_address(en: ScreeningEngine) -> None:
    text = "It's chris.taylor@yahoo.com.REMOVE-THIS on the list."
    _whole(en, text, "chris.taylor@yahoo.com.REMOVE-THIS", "email")


@pytest.mark.parametrize(
    "text",
    [
        "J'ai exporté le logo en logo@2x.png et rapport@3x.jpg pour l'écran.",
        "The icons are icon@2x.png and icon@3x.png in the assets folder.",
        "Le fichier s'appelle plan@final.pdf sur le drive.",
        "Run npm i react@18.2.0 before the demo.",
        "In numpy, C = A@B.T gives the product.",
        "RDV @ 15h30 en salle 2, café @ 2,50 €.",
        "Lunch @ 12:30, then the review @ 2pm.",
        "Merci @ tous pour la réunion.",
    ],
)
def test_file_names_versions_code_and_times_are_no_emails(
    fr: ScreeningEngine, en: ScreeningEngine, text: str
) -> None:
    for engine in (fr, en):
        assert not [k for k, _ in found(engine, text) if k in ("email", "url")], text


def test_a_handle_is_a_person_not_an_email(en: ScreeningEngine) -> None:
    assert ("person", "@kwame_mensah") in found(en, "Ping @kwame_mensah on Slack about it.")
    assert not [k for k, _ in found(en, "Ping @kwame_mensah on Slack about it.") if k == "email"]


@pytest.mark.parametrize(
    ("text", "mail"),
    [
        ("my gmail is sarah.k@gmail if you need it", "sarah.k@gmail"),  # a provider's name
        ("mon mail c'est jean.dupont@orange tu peux", "jean.dupont@orange"),
        ("ping sarah.connor@cyberdyne about it", "sarah.connor@cyberdyne"),  # a person's local part
        ("Mon mail : jdupont@acme pour le devis", "jdupont@acme"),  # announced
        ("c'est jean.dupont arobase gmail, tu peux", "jean.dupont arobase gmail"),  # spelt
        ("drop me a line at sam AT gmail", "sam AT gmail"),
        ("mets jean.dupont%40gmail.com dans le formulaire", "jean.dupont%40gmail.com"),  # from a link
        ("écris sur j.smith@acme.com/j.smith@gmail.com", "j.smith@gmail.com"),  # two, joined
    ],
)
def test_an_address_without_its_top_level_domain_is_found(fr: ScreeningEngine, text: str, mail: str) -> None:
    _whole(fr, text, mail, "email")


@pytest.mark.parametrize(
    "text",
    [
        "ssh user@host then run the script",
        "ssh deploy@prod-server:22 puis relance",
        "git push origin@main ce soir",
        "y = self.weights@inputs, rien de plus",
        "on se voit demain@14h",
        "j'ai demandé à un ami at gmail, rien",
        "I asked a friend at gmail about it",
    ],
)
def test_commands_code_and_times_without_a_domain_are_no_emails(fr: ScreeningEngine, text: str) -> None:
    assert not [k for k, _ in found(fr, text) if k == "email"], text


@pytest.mark.parametrize(
    ("lang", "address"),
    [
        # libpostal's parser tests
        ("en", "473 Boston Rd, Wilbraham, MA"),  # a state closes the town
        ("en", "103 BEAL PKWY SE, FT WALTON BEACH, FL"),  # in capitals
        ("en", "912-914 8TH ST, CLARKSTON, WA 99403"),
        ("en", "660 Nostrand Ave, Brooklyn, N.Y., 11216"),  # a dotted state
        ("en", "16 1/2 Windward Road, Kingston 2, Jamaica"),  # a fraction in the number
        ("en", "30 W 26th St 6th Fl"),
        ("en", "318 Upper Street, N1 2XQ London"),  # the town after the postcode
        ("en", "Stocks Ln, Knutsford, Cheshire East WA16 9EX, UK"),  # a country after it
        ("en", "Triftstraße 67 13353 Berlin Deutschland"),
        ("en", "Nieuwe Binnenweg 17-19, Oude Westen, Rotterdam"),  # a range of numbers
        ("en", "Storgatan 1, 1 trappa upp, 112 01 Stockholm Sweden"),  # Swedish floor and code
        ("en", "Paseo de la Castellana, 185 - 5º, 28046 Madrid"),  # a Spanish floor
        # UPU model addresses
        ("fr", "2, rue de l'Indépendance 16000 ALGER ALGERIA"),
        ("en", "P.O. Box No. 24\nKABUL\n1001\nAFGHANISTAN"),
        # the previous round's leftovers
        ("fr", "Rue 10 x 15, Médina, Dakar"),  # Dakar's grid
        ("fr", "Sicap Liberté 6, Villa 1234, Dakar"),
        ("fr", "Lot 12, Hay Nahda, Rabat"),  # a Moroccan district
        ("fr", "Imm. 4, Appt 12, Hay Salam, Agadir"),
        ("en", "No. 45, 2nd Main Road, Jayanagar 4th Block, Bengaluru - 560011"),
        ("en", "Nørrebrogade 12, 3. tv"),  # a Danish floor and side
        ("fr", "Boîte postale 1234, Libreville"),
    ],
)
def test_addresses_of_public_references_are_found_whole(
    fr: ScreeningEngine, en: ScreeningEngine, lang: str, address: str
) -> None:
    engine = fr if lang == "fr" else en
    template = (
        "Envoyez le colis à {} avant vendredi." if lang == "fr" else "My new address is {}, do not share it."
    )
    text = template.format(address)
    _whole(engine, text, address, "address")
    suggested = suggest(text, engine.screen(text), PLACEHOLDERS)
    assert suggested == template.format("[adresse]"), suggested


def test_a_zip_plus_four_code_is_no_siren(en: ScreeningEngine) -> None:
    text = "The office is at 351 NW North St, Chehalis, WA 98532-1900 and opens at nine."
    assert not [k for k, _ in found(en, text) if k == "siret"]
    _whole(en, text, "351 NW North St, Chehalis, WA 98532-1900", "address")


@pytest.mark.parametrize(
    "text",
    [
        "Lot 12, Lyon : livraison retardée.",  # a delivery's lot, not a home
        "Je suis passé par Hay Riad hier.",  # a district named alone (a place, or a name)
        "On fait 3 x 20 minutes de gainage.",
        "The meeting moved to Room 5, London office.",
        "Le rapport fait 12 pages, 3 annexes, Paris le 4 mai.",
    ],
)
def test_lots_districts_and_counts_alone_are_no_addresses(fr: ScreeningEngine, text: str) -> None:
    assert not [k for k, _ in found(fr, text) if k == "address"], text


def test_a_town_after_an_address_is_never_cut(fr: ScreeningEngine) -> None:
    # "Grand" is a commune of the Vosges: the country or town after an address is taken whole
    # or not at all
    text = "Envoyez le colis à angle rue 6 x rue 11, Grand Dakar avant vendredi."
    spans = [f.text for f in fr.screen(text) if f.kind == "address"]
    assert spans and all(not span.endswith("Grand") for span in spans), spans


@pytest.mark.parametrize(
    "address",
    [
        # libpostal's addresses as a phone types them
        "21, kingswood road sw2 4je, london",
        "912-914 8th st, clarkston, wa 99403",
        "unit 26 roper close, canterbury, ct2 7ep",
        "flat 14, ziggurat building, 60-66 saffron hill, london, ec1n 8qx, united kingdom",
        "318 upper street, n1 2xq london",
        "2120 e hill street #104 signal hill ca 90755",
        "332 menzies street, victoria, bc v8v 2g9",
    ],
)
def test_lower_case_addresses_with_their_postcode_are_found_whole(en: ScreeningEngine, address: str) -> None:
    _whole(en, f"my new address is {address} so send it there", address, "address")


@pytest.mark.parametrize(
    "text",
    [
        "we grew 3 times more in ca 12000 new users lol",
        "i had 2 calls with the la team and 1 with ny 10 mins ago",
        "scored 4 out of 5 on the m1 2ab form, whatever that is",
        "we moved 2 desks to the london office, nw1 is nicer",
    ],
)
def test_lower_case_numbers_near_codes_are_no_addresses(en: ScreeningEngine, text: str) -> None:
    assert not [k for k, _ in found(en, text) if k == "address"], text


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("my new address is 100-106 leonard st so send it there", "100-106 leonard st"),
        ("my new address is 16 1/2 windward road so send it there", "16 1/2 windward road"),
        ("my new address is 30 w 26th st so send it there", "30 w 26th st"),
        ("my address is 92-10 roosevelt avenue jackson heights queens 11372 so send it", None),
    ],
)
def test_a_lower_case_street_is_found_with_its_whole_number(
    en: ScreeningEngine, text: str, address: str | None
) -> None:
    if address is None:  # the word after the ZIP is no town: not taken in
        spans = [f.text for f in en.screen(text) if f.kind == "address"]
        assert "92-10 roosevelt avenue jackson heights queens 11372" in spans, spans
        return
    _whole(en, text, address, "address")


def test_check_jsonl_offsets_stay_exact_on_these_shapes(fr: ScreeningEngine) -> None:
    """`cadre check --jsonl` reports offsets into the text as given, through the look-alike
    and combining-mark normalisation, and each finding covers its identifier whole."""
    texts = {
        "idn": "Écris à राम@मोहन.ईन्फो ou θσερ@εχαμπλε.ψομ​ stp",
        "link": "Le lien [contact](mailto:paul.martin@free.fr) ne marche pas.",
        "chez": "Écris-moi : marie.lefebvre chez laposte.net si tu veux.",
        "grid": "Envoyez le colis à Rue 10 x 15, Médina, Dakar avant vendredi.",
        "lower": "my new address is 21, kingswood road sw2 4je, london so send it there",
    }
    wanted = {
        "idn": ["राम@मोहन.ईन्फो", "θσερ@εχαμπλε.ψομ"],
        "link": ["[contact](mailto:paul.martin@free.fr)"],
        "chez": ["marie.lefebvre chez laposte.net"],
        "grid": ["Rue 10 x 15, Médina, Dakar"],
        "lower": ["21, kingswood road sw2 4je, london"],
    }
    stdin = "".join(json.dumps({"id": key, "text": text}) + "\n" for key, text in texts.items())
    out = io.StringIO()
    catalogue = load_catalogue(None)
    code = run_check(io.StringIO(stdin), out, jsonl=True, engine=fr, catalogue=catalogue, locale="fr")
    assert code == 0
    for line in out.getvalue().splitlines():
        record = json.loads(line)
        text = texts[record["id"]]
        for finding in record["findings"]:
            assert text[finding["start"] : finding["end"]] == finding["text"]
        reported = [f["text"] for f in record["findings"] if f["kind"] in ("email", "address")]
        assert reported == wanted[record["id"]], (record["id"], reported)


@pytest.mark.parametrize(
    ("lang", "address"),
    [
        # Google's i18n envelope formats (street and town shapes as Faker's locales give them)
        ("en", "Sivertsenstubben 37, 0025 Livdal"),  # no street word: the code's leading zero
        ("en", "Masonpad 2, 1234 AB Boksum"),  # a Dutch code's letters
        ("en", "Podléšková 89, 100 00 Vamberk"),  # a Czech code's space
        ("en", "Steckelring 3/3, 53225 Sonneberg"),  # five digits, a capitalised town
        ("en", "Gulbrandsenmoen 6C\n0107 Jonstad"),  # the code on the next line
        ("en", "Industristigen 79, SE-11455 Malmö"),  # the country's letters before the code
        ("fr", "avenue Romain Blanc, CH-2544 Mercier-la-Ville"),
        ("en", "Viale Annamaria, 12 Appartamento 9\n39049 Roccaverano KR"),  # an Italian province
        ("en", "ulica Widokowa 80, 00-950 Dębica"),
        ("en", "Bulevardul Marin Nr. 50, 200716  Cobadin"),
        ("en", "Avenida calle 37 # 2M-9 Sur, Titiribí, Vaupés, 111221"),
        ("en", "Block 07 Lot 65 Castro Village Phase 5, Peridot Drive, Kim Ville, 1135 Mindoro Occidental"),
    ],
)
def test_addresses_in_their_countrys_envelope_format_are_found_whole(
    fr: ScreeningEngine, en: ScreeningEngine, lang: str, address: str
) -> None:
    engine = fr if lang == "fr" else en
    _whole(engine, f"My new address is {address}, do not share it.", address, "address")


@pytest.mark.parametrize(
    "text",
    [
        "Windows 10, 2024 Edition is what IT installed.",
        "Sprint 12, 3400 points burned, Review on Friday.",
        "Chapter 3, 1984 Orwell is on my list.",
    ],
)
def test_a_number_then_a_year_and_a_capital_is_no_address(en: ScreeningEngine, text: str) -> None:
    assert not [k for k, _ in found(en, text) if k == "address"], text


def test_a_brazilian_cep_is_never_cut(en: ScreeningEngine) -> None:
    text = "My new address is 257, Almeida Alegre-BA, 70002-900, do not share it."
    spans = [f.text for f in en.screen(text) if f.kind == "address"]
    assert all(not span.endswith("70002") for span in spans), spans
