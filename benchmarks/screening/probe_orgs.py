"""Probe of organisations no list holds, found by the way the text speaks of them.

    python -m benchmarks.screening.probe_orgs [--explain] [--limit N] [--group G]

The company and brand lists were tuned on the dev sets, and the held-out sets find fewer
firms than the dev sets do: mentees name their own employer, a client, a supplier, a small
local firm, names no list holds. This probe takes its names from sources the rules were
not written from and sets each one in frames of employer, client, supplier and firm talk
written for it (SMS, lower case, no accents, long sentences), in French and English:

- `faker`: Faker's company providers (`fr_FR`, `fr_CH`, `fr_BE` in French frames; `en_US`,
  `en_GB`, `en_AU`, `en_CA`, `en_IN` in English ones): surnames with a legal form, "et Fils",
  "X, Y and Z", "X-Y", a surname alone (seeded);
- `invented`: invented start-up names (seeded syllables), alone, in CamelCase, with a digit,
  or with a company head ("Consulting", "Solutions", "Conseil", "Logistique"…);
- `small`: small firms named after a Faker surname and their trade ("garage Dupuis",
  "boulangerie Lemoine", "ets Martin", "Martin & fils", "Dupuis Transports");
- `abbrev`: two to four capitals drawn at random, no workplace abbreviation of the
  lexicon (after a firm's cue, or with a legal form).

Each name comes as written (`as-is`) and in lower case (`lower`); a name counts as caught
when findings of any kind cover every character of it (as `evaluate` counts). The clean
side (`clean`) sets the same frames with what must stay clean in a firm's place: roles,
sectors, towns, tools and public bodies; any finding there is a false alarm. It measures
coverage of frames and shapes, not real text: the held-out sets stay the measure.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from dataclasses import dataclass

from bot.screening.engine import ScreeningEngine
from bot.screening.knowledge import Knowledge, knowledge

SEED = 13

# {} is the firm; frames of employer, client, supplier and firm talk
FRAMES_FR = (
    "je bosse chez {} depuis 3 ans et j'en peux plus",
    "Chez {} on a encore changé d'organigramme ce mois-ci.",
    "Le client {} nous met une pression énorme sur les délais.",
    "notre prestataire {} a encore livré en retard, je fais quoi ?",
    "On a été rachetés par {} en janvier et tout a changé.",
    "Bonjour, je viens d'être embauchée chez {} comme cheffe de projet.",
    "jsp si je dois rester chez {}, mon manager me bloque",
    "J'ai un entretien jeudi avec {} pour un poste de responsable achats.",
    "la boite {} a perdu son plus gros contrat du coup ambiance tendue",
    "Mon ancien employeur, {}, ne m'a toujours pas payé mes congés.",
    "On travaille avec {} sur la refonte du site, et leur chef de projet ne répond jamais.",
    "j ai quitte {} en mars et je regrette un peu",
    "Depuis que {} est notre fournisseur principal, les commandes arrivent cassées.",
    "ma boite sous-traite tout a {} et on perd la main sur la qualite",
    "J'hésite entre rester et partir chez {} qui m'offre 10 % de plus.",
    "On répond à un appel d'offres face à {}, et mon N+1 veut baisser nos prix.",
    "je fais une mission chez {} pour 6 mois, c'est galère avec l'équipe",
    "Le contrat avec {} se termine en juin et personne ne sait ce qu'on deviendra.",
    "Après dix ans dans la maison, j'ai signé avec {} la semaine dernière, sans en parler à ma cheffe.",
    "stp aide moi a preparer mon entretien annuel, {} fait des entretiens super formels",
)
FRAMES_EN = (
    "I work at {} and my manager keeps changing priorities.",
    "i work for {} and honestly the workload is insane",
    "Our client {} wants the whole report redone by Friday.",
    "We signed a contract with {} last month and now they want more.",
    "We were acquired by {} in the spring and half my team left.",
    "I just joined {} as a junior analyst, any advice?",
    "{} hired me six months ago and I still have no onboarding plan.",
    "Should I take the offer from {} or stay where I am?",
    "our supplier {} keeps missing deadlines and I get the blame",
    "My previous employer, {}, still owes me two weeks of pay.",
    "At {} we have a meeting culture that kills any deep work.",
    "I left {} in March and I'm starting to regret it.",
    "We're pitching against {} for the account next week.",
    "got an interview with {} tmrw, super nervous",
    "My boss wants me to handle the {} account on top of everything else.",
    "We outsource our payroll to {} and the errors are piling up.",
    "I've been at {} for nine years and I feel stuck, is it time to move on?",
    "The merger with {} means my role might disappear, what should I ask HR?",
    "We subcontract the deliveries to {}, and their drivers are rude to our customers.",
    "I spent the whole week on a proposal for {} and my lead rewrote it without telling me.",
)

# a second round of frames, written after the rules, to check what they learnt holds
# (`--frames second`): other cues, other registers
FRAMES_FR_2 = (
    "je suis en stage chez {} et mon tuteur ne me parle pas",
    "mon client principal c'est {}, et ils veulent tout pour hier",
    "{} m'a proposé un CDI mais le salaire est bas",
    "on bosse en direct pour {} depuis la fusion",
    "Franchement depuis que je suis chez {} je dors mal.",
    "notre fournisseur {} a augmenté ses prix de 12 %",
    "Je dois relancer {} pour la facture de mars, ils ne répondent plus.",
    "on est en concurrence avec {} sur ce marché",
    "ma cheffe veut qu'on signe avec {} avant l'été",
    "il bossait chez {} avant de nous rejoindre",
)
FRAMES_EN_2 = (
    "I'm an intern at {} and nobody explains anything",
    "I freelance for {} and they pay me late every month",
    "{} offered me a role but the commute is brutal",
    "we partner with {} on the new platform",
    "Honestly since I started at {} I barely sleep.",
    "our vendor {} raised prices again",
    "I need to chase {} about the March invoice, they went silent.",
    "we lost the tender to {} last week",
    "my manager wants us to sign with {} before summer",
    "she worked at {} before joining us",
)

# what must stay clean in a firm's place: roles, sectors, towns, tools, public bodies
CLEAN_FR = (
    "le client",
    "un grand groupe",
    "une start-up",
    "une PME",
    "une boîte de Lyon",
    "une agence à Nantes",
    "mon manager",
    "la DRH",
    "la CAF",
    "l'URSSAF",
    "France Travail",
    "la mairie",
    "l'hôpital",
    "la banque",
    "un cabinet de conseil",
    "un sous-traitant",
    "la concurrence",
    "mon ancien employeur",
    "la sécurité sociale",
    "l'inspection du travail",
    "un grossiste de Bordeaux",
    "le service achats",
    "une boîte du secteur",
    "un outil comme Excel",
    "l'équipe sur Teams",
    "le siège",
    "une entreprise de transport",
    "un labo pharmaceutique",
    "la médecine du travail",
    "une asso",
)
CLEAN_EN = (
    "the client",
    "a big corporate",
    "a start-up",
    "a small firm",
    "a company in Leeds",
    "an agency in Toronto",
    "my manager",
    "HR",
    "the council",
    "the NHS",
    "the IRS",
    "the hospital",
    "the bank",
    "a consulting firm",
    "a subcontractor",
    "the competition",
    "my old employer",
    "the local school",
    "a wholesaler in Manchester",
    "the procurement team",
    "a firm in retail",
    "a tool like Excel",
    "the team on Slack",
    "head office",
    "a logistics company",
    "a pharma company",
    "the government",
    "a charity",
    "a recruitment agency",
    "the union",
)

# syllables of invented start-up names (no list holds them)
_SYLLABLES = (
    "no",
    "va",
    "zen",
    "tri",
    "ka",
    "lo",
    "mi",
    "ra",
    "te",
    "qu",
    "ix",
    "on",
    "el",
    "vo",
    "ly",
    "ta",
    "ri",
    "sa",
    "be",
    "to",
    "ne",
    "ar",
    "ko",
    "si",
    "da",
    "fy",
    "lu",
    "ma",
    "ve",
    "ro",
)
_HEADS_FR = (
    "Conseil",
    "Solutions",
    "Technologies",
    "Groupe",
    "Logistique",
    "Industries",
    "Transports",
    "Partners",
)
_HEADS_EN = (
    "Consulting",
    "Solutions",
    "Technologies",
    "Group",
    "Logistics",
    "Industries",
    "Partners",
    "Associates",
)
_TRADES_FR = (
    "garage",
    "boulangerie",
    "ets",
    "plomberie",
    "menuiserie",
    "pharmacie",
    "transports",
    "cabinet",
    "agence",
)
_TRADES_EN = ("Bakery", "Plumbing", "Motors", "Builders", "Electrical", "Logistics", "Cleaning", "Dental")
_LEGAL_FR = ("SARL", "SAS", "SA", "EURL", "SCI")
_LEGAL_EN = ("Ltd", "LLC", "Inc", "plc", "Pty Ltd", "GmbH")
_LOCALES_FR = ("fr_FR", "fr_CH", "fr_BE")
_LOCALES_EN = ("en_US", "en_GB", "en_AU", "en_CA", "en_IN")


@dataclass(frozen=True)
class Probe:
    group: str
    lang: str
    form: str
    name: str
    text: str


def _invented(rng: random.Random) -> str:
    word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
    return word.capitalize()


def _names(rng: random.Random, per_locale: int) -> list[tuple[str, str, str]]:
    """(group, lang, name) drawn with the fixed seed."""
    from faker import Faker

    out: list[tuple[str, str, str]] = []
    for lang, locales in (("fr", _LOCALES_FR), ("en", _LOCALES_EN)):
        for index, locale in enumerate(locales):
            fake = Faker(locale)
            fake.seed_instance(SEED + index)  # one seed per locale: en_AU draws as en_US does
            seen: set[str] = set()
            while len(seen) < per_locale:
                seen.add(fake.company())
            out.extend(("faker", lang, name) for name in sorted(seen))
    for lang, heads, legal in (("fr", _HEADS_FR, _LEGAL_FR), ("en", _HEADS_EN, _LEGAL_EN)):
        for n in range(40):
            word = _invented(rng)
            shape = n % 5
            if shape == 0:
                name = word
            elif shape == 1:
                name = word + _invented(rng)  # CamelCase
            elif shape == 2:
                name = f"{word} {rng.choice(heads)}"
            elif shape == 3:
                name = f"{word}{rng.randint(2, 99)}"
            else:
                name = f"{word} {rng.choice(legal)}"
            out.append(("invented", lang, name))
    for lang, locale in (("fr", "fr_FR"), ("en", "en_GB")):
        fake = Faker(locale)
        fake.seed_instance(SEED + 1)
        for n in range(40):
            surname = fake.last_name()
            shape = n % 4
            if lang == "fr":
                if shape == 0:
                    name = f"{rng.choice(_TRADES_FR)} {surname}"
                elif shape == 1:
                    name = f"{surname} & fils"
                elif shape == 2:
                    name = f"{surname} {rng.choice(('Transports', 'Conseil', 'Rénovation', 'Immobilier'))}"
                else:
                    name = f"Groupe {surname}"
            else:
                if shape == 0:
                    name = f"{surname} {rng.choice(_TRADES_EN)}"
                elif shape == 1:
                    name = f"{surname} & Sons"
                elif shape == 2:
                    name = f"{surname} {rng.choice(_HEADS_EN)}"
                else:
                    name = f"{surname} & Co"
            out.append(("small", lang, name))
    letters = "ABCDEFGHIJKLMNOPRSTUVW"
    table = knowledge()
    for lang, legal in (("fr", _LEGAL_FR), ("en", _LEGAL_EN)):
        for n in range(30):
            caps = ""
            while not caps or _is_known(table, caps):
                caps = "".join(rng.choice(letters) for _ in range(rng.randint(2, 4)))
            out.append(("abbrev", lang, caps if n % 2 else f"{caps} {rng.choice(legal)}"))
    return out


def _is_known(table: Knowledge, caps: str) -> bool:
    """Capitals that are a word, a frequent abbreviation or a public body ("UN", "EU",
    "OR"): clean by the guide, so no firm to find."""
    f = table.folded_facts(caps.lower())
    return f.is_lexicon or f.is_lexicon_en or max(f.fr, f.en) >= 3.0 or caps.lower() in table.public_acronyms


def probes(per_locale: int = 25, second: bool = False) -> list[Probe]:
    rng = random.Random(SEED)
    out: list[Probe] = []
    frames_fr, frames_en = (FRAMES_FR_2, FRAMES_EN_2) if second else (FRAMES_FR, FRAMES_EN)
    for group, lang, name in _names(rng, per_locale):
        frames = frames_fr if lang == "fr" else frames_en
        frame = rng.choice(frames)
        out.append(Probe(group, lang, "as-is", name, frame.format(name)))
        if group != "abbrev":
            lower = name.lower()
            out.append(Probe(group, lang, "lower", lower, rng.choice(frames).format(lower)))
    for lang, frames, fillers in (("fr", frames_fr, CLEAN_FR), ("en", frames_en, CLEAN_EN)):
        for frame in frames:
            for filler in fillers:
                text = frame.format(filler)
                if frame.startswith("{}"):
                    text = text[0].upper() + text[1:]
                out.append(Probe("clean", lang, "-", filler, text))
    return out


def _covered(text: str, name: str, findings: list[tuple[int, int]]) -> bool:
    start = text.find(name)
    if start < 0:  # a frame that opens with the name capitalises it
        start = text.lower().find(name.lower())
    return all(any(a <= k < b for a, b in findings) for k in range(start, start + len(name)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--group", help="only this group")
    parser.add_argument("--explain", action="store_true", help="print each miss and each false alarm")
    parser.add_argument("--limit", type=int, default=40, help="lines printed per group")
    parser.add_argument(
        "--frames", choices=("first", "second"), default="first", help="the frames the rules saw, or others"
    )
    args = parser.parse_args(argv)
    engines = {"fr": ScreeningEngine(locale="fr"), "en": ScreeningEngine(locale="en")}
    totals: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    shown: dict[tuple[str, str, str], int] = defaultdict(int)
    for probe in probes(second=args.frames == "second"):
        if args.group and probe.group != args.group:
            continue
        key = (probe.group, probe.lang, probe.form)
        findings = engines[probe.lang].screen(probe.text)
        totals[key][0] += 1
        if probe.group == "clean":
            hit = bool(findings)
        else:
            hit = _covered(probe.text, probe.name, [(f.start, f.end) for f in findings])
        if hit:
            totals[key][1] += 1
        report = hit if probe.group == "clean" else not hit
        if args.explain and report and shown[key] < args.limit:
            shown[key] += 1
            found = "; ".join(f"{f.kind}:{f.text}" for f in findings)
            print(f"  {probe.group} {probe.lang} {probe.form}  {probe.text}  -> {found}")
    for (group, lang, form), (n, hits) in sorted(totals.items()):
        verb = "flagged" if group == "clean" else "caught "
        print(f"{group:9} {lang} {form:6} {verb} {hits:4} / {n:4}  {100 * hits / n:5.1f} %")
    for lang in ("fr", "en"):
        n = sum(v[0] for k, v in totals.items() if k[1] == lang and k[0] != "clean")
        hits = sum(v[1] for k, v in totals.items() if k[1] == lang and k[0] != "clean")
        if n:
            print(f"{'firms':9} {lang} {'all':6} caught  {hits:4} / {n:4}  {100 * hits / n:5.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
