"""Probe of French person mentions with nothing to mark them, the names taken from Faker.

    python -m benchmarks.screening.probe_french_names [--per-family N] [--seed S] [--explain]

The held-out sets find about 92 % of French person mentions; what they miss are names
typed in lower case, first names that are also words, surnames alone, foreign-origin names
common in France, short forms and initials, names in lists or after a verb of speaking.
The dev sets were read while the name rules were written, so this probe takes its names
from elsewhere: Faker's person providers (MIT; installed with the `test` extra), seeded so
the figures are deterministic:

- French names of France, Belgium, Switzerland and Canada (`fr_FR`, `fr_BE`, `fr_CH`,
  `fr_CA`): first names alone, surnames alone, both, in lower case, capitalised, without
  their accents;
- first names that are also ordinary French words (`fr-first-word`): the French
  providers' first names that the lexicon also knows as a frequent French word ("rose",
  "pierre", "olivier"), chosen from the shipped frequencies, not by hand;
- names of families common in France of other origins, romanised by Faker: Algeria
  (`fr_DZ`), Portugal, Poland, Turkey, Romania, Vietnam, Nigeria (`yo_NG`, `ig_NG`,
  `ha_NG`), Ghana (`tw_GH`), East Africa (`sw`);
- short forms and initials built from the French first names: the first syllable of a
  long first name ("Stéphane" -> "steph"), a compound's initials ("Jean-Pierre" -> "JP"),
  "J.-P. D." and "H. Bouazza".

Each name is set in a frame written for this probe (SMS, no accents, Belgian, Swiss,
Québec and African French, a role before the name, a verb of speaking, a list, a long
paragraph). The clean side is the same frames with what may stand in a person's place and
identifies no one: a role ("la stagiaire"), a team or a document ("la compta", "le
planning"), a town in the frames that take a place, a model named after its author.
An entity counts as found when one person finding covers it; a clean sentence with any
finding is a false alarm.
"""

from __future__ import annotations

import argparse
import random
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

# Frames where a person (or a noun phrase standing for one) fits; {x} is the name.
PERSON_FRAMES = (
    "j'ai vu {x} ce matin, il avait l'air crevé",
    "{x} m'a envoyé le planning hier soir a 23h",
    "{x} a dit en reunion que mon dossier etait pas pret",
    "ma n+1 {x} refuse mes congés d'été",
    "le stagiaire {x} est en arrêt depuis lundi",
    "je vais voir {x} demain pour en parler",
    "on a bossé avec {x} tout le week-end sur la migration",
    "c'est a cause de {x} qu'on a raté la deadline",
    "dixit {x}, on doit tout refaire",
    "jsp quoi faire, {x} me parle plus depuis l'entretien",
    "slt, tu te souviens de {x} ? il part chez un concurrent",
    "franchement {x} me saoule, il coupe la parole a tout le monde",
    "hier {x} m'a reproché de pas répondre assez vite aux mails",
    "Je dois annoncer à {x} que son poste est supprimé.",
    "Mon binôme {x} prend tout le mérite de nos projets.",
    "En réunion il y avait moi, {x} et deux personnes de la compta.",
    "pr info {x} sera absent toute la semaine prochaine",
    "Depuis que {x} est arrivé dans l'équipe, l'ambiance a changé.",
    "J'ai demandé à {x} de relire ma présentation mais il n'a jamais répondu.",
    "elle bosse pour {x} depuis 3 ans et elle en peut plus",
    "tkt j'en ai parlé a {x}, il gère",
    "Il faut que je recadre {x}, il arrive en retard tous les jours.",
    "bon ben {x} a encore pété un câble devant les clients",
    "Ma cheffe, {x}, ne valide jamais mes notes de frais.",
    "J'ai eu un souci avec {x} la semaine passée, il m'a manqué de respect.",  # Belgian
    "{x} m'a dit qu'on allait avoir une nouvelle septante de dossiers",  # Belgian numbers
    "Ça joue pas avec {x}, il me met la pression à chaque séance.",  # Swiss
    "{x} est tanné de ses horaires pis moi aussi",  # Québec
    "Mon boss {x} m'a niaisé devant toute la gang.",  # Québec
    "Le chef de service {x} nous fatigue beaucoup, il crie sur les agents.",  # African French
    "Le DG {x} a dit qu'on va gérer ça au pays.",  # African French
    "Pour le projet on sera quatre : Julie, {x}, Marc et moi.",
    "Je suis en conflit avec un collègue. Il s'appelle {x} et il est là depuis plus longtemps que moi. "
    "Il refuse de partager les infos et quand je demande il dit qu'il n'a pas le temps. "
    "Je ne sais plus comment m'y prendre, mon manager ne veut pas s'en mêler.",
    "cc, {x} veut que je reprenne ses clients sans augmentation, c normal ?",
    "vsy {x} il me prend pour un bolos",  # verlan / SMS
    "jvais appeler {x} ce soir pour lui dire",
    "le nouveau manager {x} veut des reportings tous les jours",
    "{x} est en arrêt maladie et personne ne le remplace",
    "selon {x} je suis pas assez autonome",
    "je remplace {x} pendant son congé mat",
)

# What may stand in a person's place in PERSON_FRAMES and identifies no one
STAND_INS = (
    "la stagiaire",
    "le stagiaire",
    "mon manager",
    "ma cheffe",
    "le directeur",
    "la drh",
    "le client",
    "la compta",
    "le service client",
    "mon binôme",
    "le n+2",
    "tout le monde",
    "personne",
    "l'équipe",
    "le nouveau",
    "la direction",
    "le big boss",
    "les rh",
    "le prestataire",
    "le responsable qualité",
)

# Frames that take a place; filled with a town of the French-speaking providers (clean)
PLACE_FRAMES = (
    "je suis mutée dans le {x} en septembre",
    "on a un client sur {x} qui veut tout pour hier",
    "le site de {x} ferme, on est tous inquiets",
    "jvais bosser a {x} deux jours par semaine",
    "Le déménagement vers {x} me stresse beaucoup.",
    "on ouvre une agence en {x} l'an prochain",
)

# Models, laws and authors named after people, in frames a mentee writes (clean)
EPONYM_LINES = (
    "j'ai relu la pyramide de maslow pour mon entretien",
    "ma manager m'a parlé de la matrice d'eisenhower, ça aide",
    "on est en plein dans le triangle de karpman avec mon n+1",
    "c'est la loi de pareto, 20 % des clients font tout le chiffre",
    "comme dit simon sinek, il faut commencer par le pourquoi",
    "le principe de peter s'applique parfaitement à mon chef",
    "d'apres drucker on gère ce qu'on mesure",
    "on fait du kanban depuis janvier",
    "la courbe du deuil de kubler-ross, j'y suis en plein",
    "le modèle de tuckman dit qu'on est en phase de storming",
)

FRENCH = ("fr_FR", "fr_BE", "fr_CH", "fr_CA")
FOREIGN = {
    "dz": ("fr_DZ",),
    "pt": ("pt_PT",),
    "pl": ("pl_PL",),
    "tr": ("tr_TR",),
    "ro": ("ro_RO",),
    "vi": ("vi_VN",),
    "ng": ("yo_NG", "ig_NG", "ha_NG"),
    "gh": ("tw_GH",),
    "ea": ("sw",),
}
PERSON = frozenset({"person"})


@dataclass(frozen=True)
class Probe:
    """One French sentence and the span that must be found as a person (none when clean)."""

    family: str
    text: str
    start: int = 0
    end: int = 0

    @property
    def is_clean(self) -> bool:
        return self.start == self.end


def _embed(family: str, frame: str, entity: str) -> Probe:
    start = frame.index("{x}")
    text = frame.replace("{x}", entity)
    if start == 0 and entity[:1].islower() and entity[:1].isalpha() and family.endswith("-cap"):
        text = text[0].upper() + text[1:]
    return Probe(family, text, start, start + len(entity))


def _plain(word: str) -> str:
    """The word without its accents, as a phone keyboard often leaves it."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _faker(locale: str, seed: int) -> Any:
    """A seeded Faker of the locale (typed Any: its providers' methods are dynamic)."""
    import warnings

    from faker import Faker

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fake = Faker(locale)
    fake.seed_instance(seed)
    return fake


def _first(fake: Any) -> str:
    male = fake.random.random() < 0.5
    return str(fake.first_name_male() if male else fake.first_name_female())


def _names(locales: Sequence[str], count: int, seed: int) -> Iterator[tuple[str, str]]:
    """(first name, surname) pairs, one locale after another, seeded."""
    fakers = [_faker(loc, seed) for loc in locales]
    for n in range(count):
        fake = fakers[n % len(fakers)]
        yield _first(fake), str(fake.last_name())


def _cased(rng: random.Random, family: str, name: str) -> Iterator[tuple[str, str]]:
    """The name in lower case, capitalised, and (when it has accents) lower case without them."""
    yield f"{family}-lower", name.lower()
    yield f"{family}-cap", name
    plain = _plain(name).lower()
    if plain != name.lower() and rng.random() < 0.5:
        yield f"{family}-lower", plain


def _short_form(first: str) -> str | None:
    """A first name's usual short form: a compound's initials ("Jean-Pierre" -> "JP"), or the
    first syllable of a long one up to its consonant ("Stéphane" -> "Steph", "Sébastien" ->
    "Seb"); None when the name is too short to be cut."""
    if "-" in first:
        return "".join(part[0] for part in first.split("-") if part).upper()
    plain = _plain(first)
    if len(plain) < 6:
        return None
    vowels = "aeiouy"
    seen_vowel = False
    for k, c in enumerate(plain.lower()):
        if c in vowels:
            seen_vowel = True
        elif seen_vowel and k >= 2:
            cut = first[: k + 1]
            if plain.lower()[k : k + 2] in ("ph", "ch"):
                cut = first[: k + 2]
            return cut
    return None


def _initials(first: str, last: str, rng: random.Random) -> str:
    """ "J.-P. D.", "H. Bouazza", "JCD": initials standing for a person."""
    parts = [p for p in first.split("-") if p]
    dotted = ".-".join(p[0].upper() for p in parts) + "."
    shape = rng.randrange(3)
    if shape == 0:
        return f"{dotted} {last[0].upper()}."
    if shape == 1:
        return f"{dotted} {last}"
    letters = "".join(p[0].upper() for p in parts) + last[0].upper()
    return letters + (last[1].upper() if len(parts) == 1 else "")


def _is_word_name(first: str) -> bool:
    """A first name the lexicon also knows as a frequent French word ("rose", "pierre")."""
    from bot.screening.knowledge import knowledge

    facts = knowledge().facts(first)
    return facts.is_lexicon and facts.fr >= 3.0


def _places(seed: int) -> set[str]:
    """Départements and regions of France, Swiss cantons, Canadian provinces (Faker's address
    providers: their towns are made of surnames, so not used)."""
    places: set[str] = set()
    for locale, method in (
        ("fr_FR", "department_name"),
        ("fr_FR", "region"),
        ("fr_CH", "canton_name"),
        ("fr_CA", "province"),
    ):
        fake = _faker(locale, seed)
        places.update(str(getattr(fake, method)()) for _ in range(60))  # the method by its name
    return places


def probes(per_family: int, seed: int) -> Iterator[Probe]:
    """Every probe sentence, seeded."""
    rng = random.Random(seed)

    def frame() -> str:
        return rng.choice(PERSON_FRAMES)

    french = list(_names(FRENCH, per_family * 3, seed))
    for first, _last in french[:per_family]:
        for family, name in _cased(rng, "fr-first", first):
            yield _embed(family, frame(), name)
    for _first_name, last in french[per_family : 2 * per_family]:
        for family, name in _cased(rng, "fr-surname", last):
            yield _embed(family, frame(), name)
    for first, last in french[2 * per_family :]:
        for family, name in _cased(rng, "fr-full", f"{first} {last}"):
            yield _embed(family, frame(), name)
    word_names = sorted({f for f, _ in _names(FRENCH, 4000, seed + 1) if _is_word_name(f)})
    for first in rng.sample(word_names, min(per_family, len(word_names))):
        for family, name in _cased(rng, "fr-first-word", first):
            yield _embed(family, frame(), name)
    for key, locales in FOREIGN.items():
        pairs = list(_names(locales, per_family, seed))
        for n, (first, last) in enumerate(pairs):
            name = (first, last, f"{first} {last}")[n % 3]
            if key == "vi" and n % 3 == 2:
                name = f"{last} {first}"  # Vietnamese order: family name first
            for family, cased in _cased(rng, f"{key}", name):
                yield _embed(family, frame(), cased)
    cut = [s for s in (_short_form(f) for f, _ in _names(FRENCH, 600, seed + 2)) if s]
    for short in rng.sample(sorted(set(cut)), min(per_family, len(set(cut)))):
        family = "short-form"
        if short.isupper():
            yield _embed(family, frame(), short)
        else:
            yield _embed(family, frame(), short.lower())
            yield _embed(family, frame(), short)
    for first, last in french[:per_family]:
        yield _embed("initials", frame(), _initials(first, last, rng))
    # clean side
    for frame_text in PERSON_FRAMES:
        if "Julie" in frame_text:
            continue  # its other names are people
        for stand_in in rng.sample(STAND_INS, 4):
            yield Probe("clean-stand-in", frame_text.replace("{x}", stand_in))
    towns = sorted(_places(seed))
    for town in rng.sample(towns, min(per_family * 2, len(towns))):
        place_frame = rng.choice(PLACE_FRAMES)
        yield Probe("clean-town", place_frame.replace("{x}", rng.choice((town, town.lower()))))
    for line in EPONYM_LINES:
        yield Probe("clean-eponym", line)


def run(per_family: int, seed: int, explain: bool) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """(caught, probes) per data family and (flagged, sentences) per clean family."""
    from bot.screening.engine import ScreeningEngine

    engine = ScreeningEngine(locale="fr")
    data: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    clean: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for probe in probes(per_family, seed):
        found = engine.screen(probe.text)
        if probe.is_clean:
            row = clean[probe.family]
            row[1] += 1
            row[0] += bool(found)
            if found and explain:
                print(f"ALARM {probe.family} {probe.text!r}: {[(f.kind, f.text) for f in found]}")
            continue
        row = data[probe.family]
        row[1] += 1
        hit = any(f.start <= probe.start and probe.end <= f.end and f.kind in PERSON for f in found)
        row[0] += hit
        if not hit and explain:
            print(f"MISS {probe.family} {probe.text[probe.start : probe.end]!r} in {probe.text!r}")
    return data, clean


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--per-family", type=int, default=40, help="names per family (default 40)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--explain", action="store_true", help="print each miss and false alarm")
    args = parser.parse_args(argv)
    data, clean = run(args.per_family, args.seed, args.explain)
    total = [0, 0]
    print(f"{'family':18}{'caught':>12}")
    for family in sorted(data):
        caught, count = data[family]
        total = [total[0] + caught, total[1] + count]
        print(f"{family:18}{caught:>6}/{count:<5} {100 * caught / max(1, count):5.1f} %")
    print(f"{'TOTAL':18}{total[0]:>6}/{total[1]:<5} {100 * total[0] / max(1, total[1]):5.1f} %")
    print(f"{'clean family':18}{'flagged':>12}")
    for family in sorted(clean):
        flagged, count = clean[family]
        print(f"{family:18}{flagged:>6}/{count:<5}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
