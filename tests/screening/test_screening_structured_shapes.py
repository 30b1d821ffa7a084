"""Structured identifiers in the shapes people of many countries write them, found whole.

Sentences written for these tests (issue 12): e-mails wrapped, split by a space, spelt out
or in a mailto link; addresses of Latin America, the Nordic countries, Eastern Europe,
Japan, India and Africa; and the clean shapes that look like them (versions, references,
file names, "@ 15h"). Every finding's offsets are checked against the text.
"""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from bot.screening.suggest import suggest
from tests.screening_engines import en, found, fr

__all__ = ["en", "fr"]  # fixtures


def _whole(engine: ScreeningEngine, text: str, entity: str, kind: str) -> None:
    """One finding of `kind` spans exactly `entity` where it stands in `text`."""
    start = text.index(entity)
    spans = [(f.start, f.end, f.kind) for f in engine.screen(text)]
    assert (start, start + len(entity), kind) in spans, spans


@pytest.mark.parametrize(
    "mail",
    [
        "jdupont@gmail .com",  # a space before the last dot
        "j.dlamini@mweb.co. za",  # a space after it
        "jean.dupont @ gmail.com",
        "kofi_sharma at ug dot edu dot gh",  # a country's domain after words spelt out
        "nilsson1996 AT mtn DOT com DOT gh",
        "herrera1966[at]safari[point]africa",
        "jean-owusu{at}lodge{dot}alaska{dot}museum",
        "Mateus.NGUYEN arobase ug.edu.gh",
        "priya point boateng arobase unilag point edu point ng",
        "minh_boateng chez yahoo point co point uk",  # "chez" in a fully disguised address
        "mailto:ama.owusu@ug.edu.gh?subject=RDV",  # the link is the address
        "jdupont(a)gmail.com",
        "juan.perez arroba gmail punto com",  # Spanish
        "maria.silva arroba uol ponto com ponto br",  # Portuguese
        "john.smith@gmail,com",  # a comma for the last dot
        "jean@@gmail.com",
        "j o h n . s m i t h @ g m a i l . c o m",  # every character spaced out
    ],
)
def test_disguised_and_split_emails_are_found_whole(en: ScreeningEngine, mail: str) -> None:
    _whole(en, f"Write to me at {mail} if the link breaks.", mail, "email")


def test_an_email_in_quotes_and_before_a_sentence_is_found_whole(fr: ScreeningEngine) -> None:
    _whole(fr, "Mon adresse : 'jean.owusu@outlook.fr' merci", "jean.owusu@outlook.fr", "email")
    _whole(fr, "ecris moi a n.pham@gmail.com. je check pas", "n.pham@gmail.com", "email")
    _whole(fr, "Écris à herrera1966@safari.africa. Merci !", "herrera1966@safari.africa", "email")


def test_spelt_at_before_a_real_address_is_not_the_address(en: ScreeningEngine) -> None:
    text = "you can email me at noor.rahman.nyc@icloud.com or here"
    _whole(en, text, "noor.rahman.nyc@icloud.com", "email")


def test_a_dotted_handle_is_a_person_not_an_email(en: ScreeningEngine) -> None:
    assert found(en, "Follow @camila.rodriguez on Instagram for the photos.") == [
        ("person", "@camila.rodriguez")
    ]


@pytest.mark.parametrize(
    "address",
    [
        "Rua das Flores, 242 - Centro, Curitiba - PR, 47946-552",  # Brazil, CEP last
        "Av. Paulista, 1578, Bela Vista, São Paulo - SP, CEP 01310-200",
        "Calle Hidalgo 396, Col. Americana, 47158 Ciudad de México, CDMX",  # Mexico, colonia
        "Av. Reforma 240, Col. Centro, C.P. 95937, Monterrey, N.L.",
        "Calle 45 # 12-34, Bogotá",  # Colombian grid
        "Carrera 101A # 72-59 Apto 318, Bogotá",
        "Av. Santa Fe 1860, piso 3, C1123AAN Buenos Aires",  # Argentine CPA
        "Kungsgatan 47, 921 14 Uppsala",  # Sweden
        "Karl Johans gate 22, 0159 Oslo",  # Norway: the street word apart
        "Aleksanterinkatu 39 B 25, 00603 Helsinki",  # Finland: stair and flat
        "Laugavegur 4, 101 Reykjavík",  # Iceland: three-digit code
        "Andrássy út 55, 1377 Budapest",
        "Vinohradská 34, 182 00 Praha 7",
        "Str. Mihai Eminescu nr. 142, Cluj-Napoca",
        "Strada Victoriei 63, 559589 Timișoara",
        "ul. Marszałkowska 84/92, 00-514 Warszawa",
        "1-2-3 Shibuya, Shibuya-ku, Tokyo 150-0002",  # Japan: chōme-ban-gō
        "Umeda 2-9-1, Kita-ku, Osaka",
        "D-33, Lajpat Nagar, New Delhi 110070",  # India: a block's letter
        "Flat 4B, Sector 21, Noida 201301",
        "Ngong Road, P.O. Box 30197-00100, Nairobi",  # Kenya: a street before its box
        "Apt 4B, 1200 W Main St, Springfield, IL 62704",
        "1200 W Main St #4B, Springfield, IL 62704",  # a unit after the street
        "#12, 3rd Cross, Indiranagar, Bengaluru 560038",
        "Carrera 7 No. 71-21, Torre B, Piso 9, Bogotá",
        "Jl. Sudirman No. 25, Jakarta Selatan 12190",  # Indonesia
        "Glorieta de Macarena López 140 Puerta 0",  # a door makes it an address mid-sentence
        "Peatonal Norte Iglesias 727 Edif. 490, Depto. 458",
        "Urbanización Natalia Aguirre 203 Piso 8, Albacete, 22132",  # the code after the town
        "14 Frederick Street, Port of Spain",  # a town of several words, never cut
        "LP 45 Cunupia Main Road",  # Trinidad's light pole
    ],
)
def test_world_addresses_are_found_whole(en: ScreeningEngine, address: str) -> None:
    _whole(en, f"Please send the parcel to {address} before Friday.", address, "address")


@pytest.mark.parametrize(
    "address",
    [
        "Quartier Bonapriso, BP 1234 Douala",
        "Avenue Cheikh Anta Diop, BP 5005 Dakar",
        "08 BP 1234 Abidjan 08",  # the post office's number before and after
    ],
)
def test_african_boxes_are_found_whole_in_french(fr: ScreeningEngine, address: str) -> None:
    _whole(fr, f"Envoyez le colis à {address} avant vendredi.", address, "address")


def test_the_suggestion_replaces_a_world_address_whole(en: ScreeningEngine) -> None:
    text = "Send it to Calle Hidalgo 396, Col. Americana, 47158 Ciudad de México, CDMX today."
    placeholders = {"address": "[address]", "person": "[person]"}
    assert suggest(text, en.screen(text), placeholders) == "Send it to [address] today."


def test_a_bracketed_letter_with_spaces_is_no_at(en: ScreeningEngine) -> None:
    # "(a)" with spaces is a list's letter: the domain after it is a link, not an e-mail
    assert found(en, "See (a) google.com for the list.") == [("url", "google.com")]


def test_a_philippine_extension_belongs_to_the_phone(en: ScreeningEngine) -> None:
    _whole(en, "Call me on +63 917 123 4567 loc. 12 after lunch.", "+63 917 123 4567 loc. 12", "phone")


def test_what_stands_before_a_street_joins_it(fr: ScreeningEngine) -> None:
    text = "Écrivez à Room 1203, 12/F, Fortune Gate Centre, 88 Hung To Road, Kwun Tong, Kowloon merci"
    _whole(fr, text, "Room 1203, 12/F, Fortune Gate Centre, 88 Hung To Road, Kwun Tong, Kowloon", "address")
    text = "Rendez-vous au Domaine de la Colle, lieu-dit Les Plans, 06480 La Colle-sur-Loup demain"
    _whole(fr, text, "Domaine de la Colle, lieu-dit Les Plans, 06480 La Colle-sur-Loup", "address")
    _whole(
        fr,
        "Écrivez à Via Garibaldi 22, 18039 Ventimiglia (IM) merci",
        "Via Garibaldi 22, 18039 Ventimiglia (IM)",
        "address",
    )


def test_a_firm_named_before_its_street_stays_a_firm(fr: ScreeningEngine) -> None:
    text = "Joignez-moi au Domaine du Grand Chêne, 4 route de Sancerre, 18700 Oizon svp"
    _whole(fr, text, "4 route de Sancerre, 18700 Oizon", "address")
    text = "Château Lescure SAS\n15 route de Saint-Émilion, 33330 Vignonet"
    _whole(fr, text, "15 route de Saint-Émilion, 33330 Vignonet", "address")


def test_an_address_stops_at_the_line_after_its_postcode(en: ScreeningEngine) -> None:
    text = "Address: 18 Kloof Nek Road, Tamboerskloof, Cape Town 8001\nBank: Standard Bank"
    _whole(en, text, "18 Kloof Nek Road, Tamboerskloof, Cape Town 8001", "address")


@pytest.mark.parametrize(
    "text",
    [
        "Réunion @ 15h en salle B, on fait le point.",
        "Prix @ 3 € l'unité, à valider avec la compta.",
        "Run ssh user@host and restart the service.",
        "Le script deploy.sh plante, et le fichier notes.md est vide.",
        "We moved to ASP.NET last year.",
        "Windows build 10.0.19045.3693 broke the VPN.",
        "Build 18.20.1892825 fixes 52 bugs.",
        "Order ref 2024/118/07 is attached.",
        "Selon l'article L1234-5 du code du travail, le préavis est dû.",
        "Je suis chez le médecin point barre, pas dispo.",
        "I'll be there at the end. Com'on, don't worry.",
        "Sortie 3, 2024 Lyon",  # a French word ending like a Finnish road, no postcode shape
        "BP 2024 Annual Report is on the intranet.",
        "J'écoute Calle 13 en boucle depuis lundi.",
        "We follow the 3-2-1 rule for backups.",
        "The server is at 192.168.1.254 on the VPN.",
        "Plaza Mayor 2 times a week is enough.",
        "email me@home,it works",  # a comma before a short word is no dot
    ],
)
def test_lookalikes_of_structured_data_stay_clean(
    en: ScreeningEngine, fr: ScreeningEngine, text: str
) -> None:
    structured = {"email", "phone", "iban", "card", "nir", "siret", "url", "address"}
    for engine in (en, fr):
        assert not [f for f in found(engine, text) if f[0] in structured]
