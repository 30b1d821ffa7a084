"""Hard negatives written for these tests (not taken from any evaluation set): words that
look like names and identify nobody, and the names that hide among ordinary words."""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import en, fr

__all__ = ["en", "fr"]  # fixtures


FRENCH_CLEAN = [
    # models, laws and cited authors
    "J'essaie de trier mes tâches avec la matrice d'Eisenhower mais tout me paraît urgent.",
    "La loi de Pareto s'applique bien à mes clients : 20 % font 80 % du boulot.",
    "Mon équipe est coincée quelque part entre le storming et le norming du modèle de Tuckman.",
    "On est en plein triangle de Karpman, moi en sauveur et lui en victime.",
    "Je relis Start with Why, comme dit Simon Sinek tout part du pourquoi.",
    "D'après Mintzberg, mon service ressemble à une bureaucratie professionnelle.",
    "Est-ce l'effet Pygmalion si je crois davantage en certains stagiaires ?",
    "Le principe de Peter me fait peur depuis ma promotion.",
    # places alone
    "Je suis mutée à Rennes en janvier et mon conjoint reste à Nantes.",
    "On ouvre une agence en Bretagne et une autre dans le Var.",
    "Je fais l'aller-retour Lille-Paris trois fois par semaine.",
    # greetings, fillers, feasts, idioms
    "Rebonjour, je reviens vers vous après notre séance de mardi.",
    "Coucou, petite question rapide avant Noël.",
    "Le séminaire de la Saint-Valentin a viré à la Bérézina.",
    "Depuis la prime, c'est Byzance dans l'open space.",
    "Je joue les Cassandre en comité mais personne ne m'écoute.",
    # acronyms and public bodies
    "Le RSSI veut revoir la GPEC avant l'EAE de fin d'année.",
    "La CAF et la CPAM me demandent des papiers que le CSE n'a pas.",
    "J'ai rendez-vous à France Travail puis avec la médecine du travail.",
    "Mon N+1 veut des OKR et un NPS en hausse pour le prochain CODIR.",
    # typos, missing accents, SMS style
    "jsp si je dois en parler a mon manager pcq il est deja sous l'eau",
    "la reunion d'equipe a ete reportee encore une fois, c'est penible",
    # ordinary words that are also first names, in lower case
    "on pose la première pierre du nouveau siège en mars",
    "le rapport est sorti en rose et tout le monde rigole",
    "l'huile d'olive du séminaire était la seule bonne nouvelle",
    # English words in French
    "On a un call de kick-off avec le board demain, et le meeting d'après est annulé.",
]

ENGLISH_CLEAN = [
    "How do I tell my manager that the roadmap is unrealistic?",
    "The team keeps missing deadlines and I don't know why.",
    "Will it look bad if I ask for a raise after only six months?",
    "I keep going back to the Eisenhower matrix but everything feels urgent.",
    "Is this the Peter principle in action, or am I just tired?",
    "As Brené Brown says, clear is kind, but my boss disagrees.",
    "We are moving the office from Manchester to Leeds next spring.",
    "Our HR team wants OKRs, a new NPS survey and a PIP process by Q3.",
    "Happy Monday! Quick question before the January review.",
    "It was a real Waterloo for the sales pitch.",
    "i mark the timesheets every friday and nobody reads them",
]


@pytest.mark.parametrize("text", FRENCH_CLEAN)
def test_french_hard_negatives_are_clean(fr: ScreeningEngine, text: str) -> None:
    assert [(f.kind, f.text) for f in fr.screen(text)] == []


@pytest.mark.parametrize("text", ENGLISH_CLEAN)
def test_english_hard_negatives_are_clean(en: ScreeningEngine, text: str) -> None:
    assert [(f.kind, f.text) for f in en.screen(text)] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("franchement erwan ne lâche rien en réunion", [("person", "erwan")]),
        ("j'ai reparlé avec nguyen de ses horaires", [("person", "nguyen")]),
        ("mon collègue pierre refuse de partager ses fichiers", [("person", "pierre")]),
        ("madame rose m'a convoquée sans prévenir", [("person", "rose")]),
        ("Pierre Lefèvre m'a encore coupé la parole", [("person", "Pierre Lefèvre")]),
        (
            "julien, pierre et marc ne viennent plus au point",
            [("person", "julien"), ("person", "pierre"), ("person", "marc")],
        ),
        ("c'est J.-P. qui valide les congés", [("person", "J.-P.")]),
        ("je bosse à la sncf depuis dix ans", [("organization", "la sncf")]),
        ("mon conseiller au crédit agricole ne répond plus", [("organization", "crédit agricole")]),
        ("Orange m'a proposé un poste à Lyon", [("organization", "Orange")]),
        ("un devis des ets Moreau & fils", [("organization", "ets Moreau & fils")]),
    ],
)
def test_french_names_among_ordinary_words(
    fr: ScreeningEngine, text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(f.kind, f.text) for f in fr.screen(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm covering for Will while he is away", [("person", "Will")]),
        ("my teammate josh never answers", [("person", "josh")]),
        (
            "Between Gwen, Tariq and Dominika nobody owns it",
            [("person", "Gwen"), ("person", "Tariq"), ("person", "Dominika")],
        ),
        (
            "I work at Barclays and my manager Priya blocks everything",
            [("organization", "Barclays"), ("person", "Priya")],
        ),
    ],
)
def test_english_names(en: ScreeningEngine, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(f.kind, f.text) for f in en.screen(text)] == expected


def test_findings_say_whether_they_are_certain(fr: ScreeningEngine) -> None:
    findings = fr.screen("Martine Dubois, martine.dubois@exemple.fr, 06 12 34 56 78")
    assert [(f.kind, f.certain) for f in findings] == [("person", False), ("email", True), ("phone", True)]
