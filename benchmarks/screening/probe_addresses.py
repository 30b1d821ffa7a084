"""Probe of address and e-mail shapes from many countries, built by construction (issue 12).

    python -m benchmarks.screening.probe_addresses [--per-locale N] [--seed S] [--explain]

The dev sets are written by French and British mentees; real mentees also write from Ghana,
the Philippines, Malaysia, Trinidad, Canada or India. This probe asks Faker (seeded, so the
figures are deterministic) for street addresses of ~40 locales, single-line and multi-line,
with and without their postcode, adds e-mail shapes Faker never makes (plus-addressing,
subdomains, country second-level domains, new gTLDs, hyphens, digits, capitals) and sets
each in a short French or English sentence. An entity counts as found when one finding of
the right kind covers it whole, its offsets checked against the text ("whole"); "covered"
allows several findings. Clean sentences (numbers, dates, amounts, flight and order
numbers, roads named alone: "the M25", "la RN7") measure false alarms: any address or
e-mail finding there is one. These are probes of shapes, not a corpus: the held-out sets
stay the measure of real recall.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

LOCALES = [
    "en_GB",
    "en_IE",
    "en_US",
    "en_CA",
    "en_AU",
    "en_NZ",
    "en_IN",
    "en_PH",
    "fil_PH",
    "tl_PH",
    "en_TH",
    "ms_MY",
    "zh_TW",
    "fr_FR",
    "fr_CA",
    "fr_CH",
    "fr_BE",
    "de_DE",
    "de_AT",
    "de_CH",
    "es_ES",
    "es_MX",
    "es_CO",
    "es_AR",
    "es_CL",
    "it_IT",
    "nl_NL",
    "nl_BE",
    "pt_PT",
    "pt_BR",
    "pl_PL",
    "cs_CZ",
    "sk_SK",
    "da_DK",
    "sv_SE",
    "no_NO",
    "fi_FI",
    "ro_RO",
    "hu_HU",
    "en_BD",
    "tw_GH",
    "en_KE",
    "zu_ZA",
]

EN_TEMPLATES = (
    "Please send the parcel to {x} before Friday.",
    "My new address is {x}, do not share it.",
    "We moved last month; you can reach us at\n{x}\nuntil June.",
    "The office is at {x} and opens at nine.",
)
FR_TEMPLATES = (
    "Envoyez le colis à {x} avant vendredi.",
    "Ma nouvelle adresse : {x}, merci de la garder pour vous.",
    "Nous avons déménagé, écrivez-nous au\n{x}\njusqu'en juin.",
)
MAIL_TEMPLATES = (
    "Write to me at {x} if the link breaks.",
    "Mon adresse : {x}. Merci !",
    "Contact: {x}",
    "Send the CV to {x}, she reads everything.",
)
# Shapes of real addresses (RFC 5322 local parts, country second-level domains, new gTLDs)
HANDWRITTEN_MAILS = (
    "kwame.mensah+cadre@gmail.com",
    "ama_owusu@yahoo.com.gh",
    "j.dlamini@mweb.co.za",
    "maria.santos@globe.com.ph",
    "ahmad.razak@student.um.edu.my",
    "priya-sharma99@rediffmail.co.in",
    "Rajesh.KUMAR@Infosys.COM",
    "ops@mail.eu-west.example.org",
    "team@startup.io",
    "hello@cafe-du-coin.paris",
    "contact@atelier.bzh",
    "jean.dupont@orange.fr",
    "t.nguyen@uni.edu.au",
    "kay.ramsaran@tstt.net.tt",
    "info@lodge.alaska.museum",
    "sales@my-shop.store",
    "a.b.c.d@sub.domain.co.uk",
    "first_last-2024@mail.example.technology",
    "o'brien@eircom.ie",
    "nana.yaa.asantewaa@ug.edu.gh",
    "admin@gov.on.ca",
    "x99@qq.com",
    "lee.wei.ming@singnet.com.sg",
    "chioma.okafor@unilag.edu.ng",
)
# Ghana's digital addresses, Philippine and Malaysian street shapes, PO Boxes, lots and blocks
HANDWRITTEN_ADDRESSES = (
    ("gh_digital", "GA-123-4567"),
    ("gh_digital", "AK-039-5028, Kumasi"),
    ("gh_box", "P.O. Box 1234, Accra"),
    ("gh_box", "P. O. Box KS 456, Kumasi"),
    ("ph_lot", "Lot 5 Block 3, Barangay San Isidro, Quezon City 1101"),
    ("ph_lot", "Blk 12 Lot 7 Phase 2, Brgy. Mabini, Cebu City"),
    ("ph_street", "123 Rizal Street, Barangay Poblacion, Makati City 1210"),
    ("my_jalan", "No. 12, Jalan SS 2/24, Taman Bahagia, 47300 Petaling Jaya, Selangor"),
    ("my_jalan", "15 Jalan Ampang, 50450 Kuala Lumpur"),
    ("my_jalan", "Lot 23, Jalan Tun Razak, 50400 Kuala Lumpur"),
    ("tt_street", "14 Frederick Street, Port of Spain"),
    ("tt_street", "LP 45 Cunupia Main Road, Cunupia"),
    ("us_alaska", "2100 W 36th Ave, Anchorage, AK 99503"),
    ("us_alaska", "PO Box 81234, Fairbanks, AK 99708"),
    ("ca_prairie", "10150 102 Street NW, Edmonton, AB T5J 4G8"),
    ("ca_prairie", "Box 220, Swift Current, SK S9H 3V5"),
    ("ca_rural", "RR 2, Site 5, Box 12, Olds, AB T4H 1P3"),
    ("in_street", "Flat 4B, Sai Residency, 12th Cross Road, Indiranagar, Bengaluru 560038"),
    ("in_street", "H.No. 8-2-293, Road No. 14, Banjara Hills, Hyderabad 500034"),
    ("za_street", "25 Jan Smuts Avenue, Parktown, Johannesburg 2193"),
    ("ng_street", "12 Adeola Odeku Street, Victoria Island, Lagos"),
    ("ke_street", "Box 30197-00100, Nairobi"),
)
CLEAN = (
    "The meeting moved to room 214 at 3 pm on 12 March.",
    "Take the M25 then the A3 towards Guildford.",
    "On a pris la RN7 jusqu'à Valence, 450 km en 5 heures.",
    "We drove Route 66 for 2 weeks in 2019.",
    "Flight BA 117 leaves from gate 32 at 10:45.",
    "Votre commande n° 45871 sera livrée le 14 juin.",
    "Order 778120 cost £45.99 including 20% VAT.",
    "The budget is 12 000 euros for 3 people.",
    "Le train de 7 h 42 part du quai 3.",
    "I ran 10 km in 52 minutes on Sunday.",
    "Chapter 12, page 214, line 8.",
    "The 3 lane road was closed for 2 hours.",
    "Il reste 15 places pour la session du 3 mai.",
    "We grew revenue 40% in Q3 2024 to 2.5 million dollars.",
    "Version 3.2.1 shipped on 2024-05-17.",
    "Room 12B is on level 3, next to the lifts.",
    "Le TGV 6123 arrive voie 11 à 14 h 05.",
    "Call back after 5, I have 4 meetings before.",
    "The I-95 was jammed for 30 miles.",
    "J'ai 3 rendez-vous le 12, le 14 et le 20.",
    "She scored 98 out of 100 in the final exam.",
    "Take exit 14 off the N4 towards Sligo.",
    "Ticket #4512 was closed after 3 days.",
    "Nous étions 25 à la réunion de 9 h.",
    "The A1 and the M6 meet near junction 19.",
    "Invoice 2024-118 is due in 30 days.",
    "Le bus 38 passe toutes les 12 minutes.",
    "We need 2 more chairs and 1 table for room 5.",
    "He worked 7 years at the plant before 2015.",
    "La D 906 est fermée entre le km 12 et le km 18.",
)
CLEAN_NUMBERS = (
    "Gate {a} closes at {h}:{m}.",
    "Seat {a}{c} on flight {f} {b}.",
    "Order #{n} shipped on {d} March.",
    "La réunion {a} est prévue le {d} à {h} h {m}.",
    "I paid {b} euros for {a} tickets.",
    "Room {b} on floor {a}, building {c}.",
    "Le dossier {n} compte {b} pages.",
    "We met {a} times between {d} May and {d} June.",
    "Highway {a} was closed for {a} hours.",
    "Il faut {a} personnes pour {b} heures de travail.",
)


@dataclass(frozen=True)
class Probe:
    """One sentence and the span that must be found in it (none for a clean sentence)."""

    group: str  # a locale or a handwritten shape
    kind: str  # "address", "address_code", "address_multiline", "email" or "clean"
    text: str
    start: int = 0
    end: int = 0


def _embed(template: str, entity: str, group: str, kind: str) -> Probe:
    start = template.index("{x}")
    text = template.replace("{x}", entity)
    return Probe(group, kind, text, start, start + len(entity))


def _faker_probes(per_locale: int, seed: int) -> Iterator[Probe]:
    from faker import Faker

    for locale in LOCALES:
        try:
            fake = Faker(locale)
        except AttributeError:
            continue
        fake.seed_instance(seed)
        rng = random.Random(f"{seed}-{locale}")
        templates = FR_TEMPLATES if locale.startswith("fr") else EN_TEMPLATES
        for _ in range(per_locale):
            street = fake.street_address()
            yield _embed(rng.choice(templates), street, locale, "address")
            full = fake.address()
            lines = [line.strip() for line in full.split("\n") if line.strip()]
            yield _embed(rng.choice(templates), ", ".join(lines), locale, "address_code")
            template = rng.choice([t for t in templates if "\n{x}\n" in t])
            yield _embed(template, "\n".join(lines), locale, "address_multiline")
            yield _embed(rng.choice(MAIL_TEMPLATES), fake.email(), locale, "email")


def _clean_probes(seed: int) -> Iterator[Probe]:
    rng = random.Random(seed)
    for text in CLEAN:
        yield Probe("clean", "clean", text)
    for _ in range(200 - len(CLEAN)):
        template = rng.choice(CLEAN_NUMBERS)
        text = template.format(
            a=rng.randint(1, 60),
            b=rng.randint(100, 999),
            c=rng.choice("ABCDEF"),
            d=rng.randint(1, 28),
            f=rng.choice(["AF", "BA", "KL", "EK", "PR"]),
            h=rng.randint(6, 22),
            m=f"{rng.randint(0, 59):02d}",
            n=rng.randint(10000, 999999),
        )
        yield Probe("clean", "clean", text)


def probes(per_locale: int = 10, seed: int = 12) -> list[Probe]:
    """Every probe, in a fixed order for a given seed."""
    found = list(_faker_probes(per_locale, seed))
    rng = random.Random(seed)
    for mail in HANDWRITTEN_MAILS:
        found.append(_embed(rng.choice(MAIL_TEMPLATES), mail, "handwritten", "email"))
    for group, address in HANDWRITTEN_ADDRESSES:
        found.append(_embed(rng.choice(EN_TEMPLATES), address, group, "address"))
    found.extend(_clean_probes(seed))
    return found


# the sentences' own French words (the screener judges a text in its language)
_FRENCH = re.compile(r"\b(?:Envoyez|Ma|Mon|Nous|On|Il|Le|La|J'|Votre|le|la|du|pour)\b")


def _kind_of(probe: Probe) -> str:
    return "email" if probe.kind == "email" else "address"


def judge(probe: Probe, findings: Sequence[tuple[int, int, str, str]]) -> tuple[bool, bool]:
    """(found whole by one finding of its kind, covered by findings of any kind)."""
    kind = _kind_of(probe)
    entity = probe.text[probe.start : probe.end]
    whole = any(
        start <= probe.start and probe.end <= end and found_kind == kind and entity in text
        for start, end, found_kind, text in findings
    )
    return whole, is_covered(probe.start, probe.end, findings)


def is_covered(first: int, last: int, findings: Sequence[tuple[int, int, str, str]]) -> bool:
    """Whether findings of any kind, together, cover every character of [first, last): a
    shape found in pieces is still kept out of the store, though its suggestion reads badly."""
    covered = [False] * (last - first)
    for start, end, _, _ in findings:
        for index in range(max(start, first), min(end, last)):
            covered[index - first] = True
    return all(covered)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--per-locale", type=int, default=10)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--explain", action="store_true", help="print each miss and false alarm")
    args = parser.parse_args(argv)

    from bot.screening.engine import ScreeningEngine

    engines = {lang: ScreeningEngine(locale=lang) for lang in ("fr", "en")}
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    alarms = clean = 0
    for probe in probes(args.per_locale, args.seed):
        lang = "fr" if _FRENCH.search(probe.text) else "en"
        found = [(f.start, f.end, f.kind, f.text) for f in engines[lang].screen(probe.text)]
        for start, end, _, text in found:
            assert probe.text[start:end] == text, (probe.text, start, end, text)
        if probe.kind == "clean":
            clean += 1
            bad = [f for f in found if f[2] in ("address", "email")]
            alarms += bool(bad)
            if bad and args.explain:
                print(f"ALARM {probe.text!r}: {[f[3] for f in bad]}")
            continue
        whole, covered = judge(probe, found)
        row = tally[(probe.group, probe.kind)]
        row[0] += 1
        row[1] += whole
        row[2] += covered
        if not whole and args.explain:
            entity = probe.text[probe.start : probe.end]
            print(f"MISS {probe.group} {probe.kind} {entity!r}: {[f[3] for f in found]}")
    _print(tally)
    print(f"clean sentences wrongly flagged (address or e-mail): {alarms}/{clean}")
    return 0


def _print(tally: dict[tuple[str, str], list[int]]) -> None:
    groups = sorted({group for group, _ in tally})
    kinds = ("address", "address_code", "address_multiline", "email")
    print(f"{'group':14}" + "".join(f"{kind:>19}" for kind in kinds))
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for group in groups:
        cells = []
        for kind in kinds:
            row = tally.get((group, kind))
            if row is None:
                cells.append(f"{'':>19}")
                continue
            for index in range(3):
                totals[kind][index] += row[index]
            cells.append(f"{row[1]:>8}/{row[0]:<3} ({row[2]:>3} cov)")
        print(f"{group:14}" + "".join(cells))
    print(
        f"{'TOTAL whole':14}" + "".join(f"{100 * totals[k][1] / max(1, totals[k][0]):>18.1f}%" for k in kinds)
    )


if __name__ == "__main__":
    sys.exit(main())
