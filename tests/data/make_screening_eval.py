"""Generate tests/data/screening_eval.jsonl: labelled French mentee messages.

Run once and commit the output (tests read the file, not Faker, so a Faker upgrade never
moves the figures):

    .venv/bin/python tests/data/make_screening_eval.py

Messages are built from hand-written templates about management situations. Slots in
braces are filled with Faker fr_FR values (names, companies, numbers) or with ordinary
figures (percentages, hours, budgets) for the clean messages; the generator records the
character span and kind of every identifying slot it fills. Some identifiers are written
the way people disguise them (spaced-out digits, "arobase", zero-width characters,
Cyrillic look-alikes) because the screener must see through that too.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from faker import Faker

SEED = 20240611
OUT = Path(__file__).with_name("screening_eval.jsonl")

fake = Faker("fr_FR")
Faker.seed(SEED)
rng = random.Random(SEED)

ROLES_M = [
    "manager",
    "N+1",
    "chef de service",
    "directeur",
    "responsable",
    "collègue",
    "collaborateur",
    "boss",
    "patron",
    "adjoint",
    "binôme",
    "stagiaire",
]
ROLES_F = [
    "manageuse",
    "N+1",
    "cheffe de projet",
    "directrice",
    "responsable",
    "collègue",
    "collaboratrice",
    "patronne",
    "adjointe",
    "assistante",
    "stagiaire",
]
TOOLS = ["Teams", "Zoom", "WhatsApp", "Slack", "Excel", "Outlook", "PowerPoint", "Jira"]
BODIES = ["CODIR", "COMEX", "CSE", "la DRH", "les RH", "mon N+1", "mon N+2", "la DG"]
DEPTS = [
    "la Direction Financière",
    "le Service Client",
    "les Ressources Humaines",
    "la Direction Commerciale",
    "le Contrôle de Gestion",
    "la Qualité",
    "les Achats",
    "le Marketing",
    "la Logistique",
    "le Juridique",
    "la Direction Générale",
]
CITIES = ["Paris", "Lyon", "Nantes", "Lille", "Bordeaux", "Rennes", "Toulouse", "Grenoble"]
BRAND_A = [
    "Nova",
    "Axel",
    "Veri",
    "Lumi",
    "Opti",
    "Cora",
    "Ten",
    "Solu",
    "Alti",
    "Kine",
    "Data",
    "Bio",
    "Agri",
    "Ecla",
    "Horiz",
    "Mira",
    "Pro",
    "Sigma",
    "Velo",
    "Zeph",
]
BRAND_B = [
    "lis",
    "tek",
    "via",
    "nova",
    "gen",
    "sys",
    "ria",
    "com",
    "log",
    "tis",
    "line",
    "mind",
    "lab",
    "pharm",
    "cia",
    "go",
    "nix",
    "ware",
    "ter",
    "vea",
]
ORG_WORDS = [
    "Conseil",
    "Logistique",
    "Industrie",
    "Distribution",
    "Ingénierie",
    "Services",
    "Transports",
    "Informatique",
    "Bâtiment",
    "Assurances",
    "Santé",
    "Énergie",
]

Filled = tuple[str, str | None]


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def person_full() -> Filled:
    return f"{fake.first_name()} {fake.last_name()}", "person"


def person_first() -> Filled:
    return fake.first_name(), "person"


def person_first_lower() -> Filled:
    return fake.first_name().lower(), "person"


def person_last() -> Filled:
    return fake.last_name(), "person"


def person_upper_last() -> Filled:
    return f"{fake.last_name().upper()} {fake.first_name()}", "person"


def brand() -> str:
    return rng.choice(BRAND_A) + rng.choice(BRAND_B)


def org() -> Filled:
    style = rng.random()
    if style < 0.35:
        return fake.company(), "organization"
    if style < 0.55:
        return f"{fake.last_name()} {rng.choice(ORG_WORDS)}", "organization"
    if style < 0.7:
        return f"{brand()} {rng.choice(['SAS', 'SA', 'SARL', 'GmbH', 'Inc.', 'Ltd'])}", "organization"
    if style < 0.8:
        return f"Groupe {fake.last_name()}", "organization"
    return brand(), "organization"


def email() -> Filled:
    style = rng.random()
    if style < 0.5:
        return fake.email(), "email"
    first = strip_accents(fake.first_name().lower()).replace(" ", "")
    last = strip_accents(fake.last_name().lower()).replace(" ", "-")
    return f"{first}.{last}@{fake.domain_name()}", "email"


def email_disguised() -> Filled:
    user = strip_accents(fake.first_name().lower())
    last = strip_accents(fake.last_name().lower()).replace(" ", "")
    domain, tld = fake.domain_word(), rng.choice(["fr", "com", "net"])
    forms = [
        f"{user}.{last} arobase {domain} point {tld}",
        f"{user}.{last}[at]{domain}[dot]{tld}",
        f"{user} (at) {domain}.{tld}",
        f"{user}.{last} at {domain} dot {tld}",
        f"{user}{last}＠{domain}.{tld}",
    ]
    return rng.choice(forms), "email"


def phone() -> Filled:
    return fake.phone_number(), "phone"


def phone_mobile() -> Filled:
    digits = "0" + rng.choice("67") + "".join(str(rng.randint(0, 9)) for _ in range(8))
    sep = rng.choice([" ", ".", "-", ""])
    if sep:
        return sep.join(digits[i : i + 2] for i in range(0, 10, 2)), "phone"
    return digits, "phone"


def phone_disguised() -> Filled:
    digits = "0" + rng.choice("67") + "".join(str(rng.randint(0, 9)) for _ in range(8))
    forms = [
        " ".join(digits),
        "\u200b".join(digits[i : i + 2] for i in range(0, 10, 2)),
        "O" + digits[1:],
        "+33 (0)" + digits[1] + " " + " ".join(digits[i : i + 2] for i in range(2, 10, 2)),
    ]
    return rng.choice(forms), "phone"


def phone_intl() -> Filled:
    return rng.choice(
        [
            "+44 20 7946 0" + str(rng.randint(100, 999)),
            f"+32 2 {rng.randint(200, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            f"+41 22 {rng.randint(300, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            "+1 415 555 " + str(rng.randint(1000, 9999)),
            "+49 30 " + str(rng.randint(1000000, 9999999)),
        ]
    ), "phone"


def iban() -> Filled:
    raw = fake.iban()
    if rng.random() < 0.6:
        raw = " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))
    return raw, "iban"


def card() -> Filled:
    number = fake.credit_card_number(card_type=rng.choice(["visa16", "mastercard", "amex"]))
    if rng.random() < 0.5 and len(number) == 16:
        number = " ".join(number[i : i + 4] for i in range(0, 16, 4))
    return number, "card"


def nir() -> Filled:
    raw = fake.ssn()
    if rng.random() < 0.5:
        raw = f"{raw[0]} {raw[1:3]} {raw[3:5]} {raw[5:7]} {raw[7:10]} {raw[10:13]} {raw[13:]}"
    return raw, "nir"


def nir_corsica() -> Filled:
    sex, year, month = rng.choice("12"), rng.randint(50, 99), rng.randint(1, 12)
    dept = rng.choice(["2A", "2B"])
    commune, order = rng.randint(1, 366), rng.randint(1, 999)
    body = f"{sex}{year:02d}{month:02d}{dept}{commune:03d}{order:03d}"
    numeric = body.replace("2A", "19").replace("2B", "18")
    key = 97 - int(numeric) % 97
    return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}", "nir"


def siret() -> Filled:
    return (fake.siret() if rng.random() < 0.6 else fake.siren()), "siret"


def address() -> Filled:
    while True:
        street = fake.street_address()
        if street[:1].isdigit():
            break
    style = rng.random()
    if style < 0.4:
        return street, "address"
    city = fake.city() if rng.random() < 0.5 else rng.choice(CITIES)
    return f"{street}, {fake.postcode()} {city}", "address"


def url() -> Filled:
    return (fake.url().rstrip("/") if rng.random() < 0.6 else fake.domain_name()), "url"


def disguise_name(value: Filled) -> Filled:
    """Zero-width space or a Cyrillic look-alike inside a name."""
    text, kind = value
    if len(text) < 4:
        return value
    if rng.random() < 0.5:
        cut = rng.randint(1, len(text) - 2)
        return text[:cut] + "\u200b" + text[cut:], kind
    look = {"a": "а", "e": "е", "o": "о", "c": "с", "p": "р"}
    for index, char in enumerate(text):
        if char in look:
            return text[:index] + look[char] + text[index + 1 :], kind
    return value


def clean(values: list[str]) -> Callable[[], Filled]:
    return lambda: (rng.choice(values), None)


SLOTS: dict[str, Callable[[], Filled]] = {
    "full": person_full,
    "first": person_first,
    "firstl": person_first_lower,
    "last": person_last,
    "upperlast": person_upper_last,
    "fullx": lambda: disguise_name(person_full()),
    "org": org,
    "orgx": lambda: disguise_name(org()),
    "email": email,
    "emailx": email_disguised,
    "phone": phone,
    "mobile": phone_mobile,
    "phonex": phone_disguised,
    "phonei": phone_intl,
    "iban": iban,
    "card": card,
    "nir": nir,
    "nirc": nir_corsica,
    "siret": siret,
    "address": address,
    "url": url,
    # ordinary values
    "n": lambda: (str(rng.randint(2, 40)), None),
    "pct": lambda: (f"{rng.randint(2, 95)} %", None),
    "hour": lambda: (rng.choice(["8 h", "9h30", "18 h", "14 h 30", "7h45", "midi", "17h"]), None),
    "day": clean(["lundi", "mardi", "mercredi", "jeudi", "vendredi"]),
    "Day": clean(["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi"]),
    "month": clean(["janvier", "mars", "avril", "juin", "septembre", "novembre"]),
    "Month": clean(["Janvier", "Mars", "Avril", "Juin", "Septembre", "Novembre"]),
    "money": lambda: (
        rng.choice(
            [
                f"{rng.randint(2, 900)} 000 €",
                f"{rng.randint(2, 90)} k€",
                f"{rng.randint(1, 9)},{rng.randint(1, 9)} M€",
                f"{rng.randint(100, 9000)} euros",
            ]
        ),
        None,
    ),
    "dur": clean(["deux semaines", "trois mois", "six mois", "un an", "quinze jours", "dix ans"]),
    "rolem": clean(ROLES_M),
    "rolef": clean(ROLES_F),
    "tool": clean(TOOLS),
    "body": clean(BODIES),
    "dept": clean(DEPTS),
    "date": lambda: (f"{rng.randint(1, 28)}/{rng.randint(1, 12):02d}", None),
    "year": lambda: (str(rng.randint(2015, 2026)), None),
    "city": clean(CITIES),
}

# ---------------------------------------------------------------- templates with data

DATA_TEMPLATES = [
    "Mon manager {first} m'a repris devant toute l'équipe {day} dernier et je ne sais pas comment réagir.",
    "Depuis {dur}, {full} ne répond plus à mes mails et le projet prend du retard.",
    "J'ai un souci avec mon N+1 {firstl} qui annule nos points à la dernière minute.",
    "Ma collègue {first} pleure après chaque réunion d'équipe, je me sens démuni.",
    "Le client {org} exige une remise de {pct} sinon il part chez un concurrent.",
    "On travaille avec {org} depuis {year} et la relation se dégrade.",
    "Je suis chez {org} depuis {dur} et on vient d'annoncer une réorganisation.",
    "{full} a été nommé directeur de la BU et veut tout changer en {dur}.",
    "Mme {last} de la comptabilité bloque toutes mes notes de frais.",
    "M. {last} m'a proposé un poste à {city} mais je ne suis pas sûr de vouloir bouger.",
    "Mon boss {firstl} veut que je sois joignable le soir sur WhatsApp.",
    "J'ai recruté {full} en {month} et la période d'essai se passe mal.",
    "La réunion avec {org} a tourné court : ils veulent renégocier le contrat.",
    "Je vous laisse mon numéro si besoin : {mobile}.",
    "Vous pouvez me joindre au {phone} après {hour}.",
    "Mon adresse perso c'est {email}, ce sera plus simple.",
    "Écrivez-moi plutôt sur {emailx} car ma boîte pro est surveillée.",
    "Mon portable : {phonex}, appelez-moi quand vous voulez.",
    "Pour le remboursement de la formation, voici mon IBAN : {iban}.",
    "La RH me demande mon numéro de sécu {nir} pour la mutuelle, c'est normal ?",
    "Notre SIRET est le {siret}, le prestataire le réclame avant de signer.",
    "Le séminaire aura lieu au {address}, je crains l'ambiance.",
    "J'ai payé la formation avec ma carte {card} et on refuse de me rembourser.",
    "Jetez un œil à {url}, c'est là que notre concurrent publie ses offres.",
    "Mon bureau est au {address} et le trajet me prend {dur} par semaine.",
    "{first} et {first} se disputent devant les clients, je dois trancher.",
    "Le DG, {full}, a annoncé {pct} de baisse de budget sans prévenir personne.",
    "Je dois faire l'entretien annuel de {full} {day} à {hour} et j'appréhende.",
    "Notre fournisseur {org} livre systématiquement en retard.",
    "La cheffe de projet {firstl} me court-circuite auprès du CODIR.",
    "{upperlast} m'a envoyé un message agressif sur Teams hier soir.",
    "J'ai appelé le {phonei} pour parler au siège, personne ne décroche.",
    "Mon collaborateur {first} {last} demande une rupture conventionnelle.",
    "On m'a mis en copie d'un mail de {email} qui critique mon équipe.",
    "Le cabinet {org} nous accompagne sur la transformation mais je doute de leur méthode.",
    "{org} vient de racheter notre division et tout le monde s'inquiète.",
    "Le prestataire réclame le paiement sur {iban} avant la fin du mois.",
    "Ma stagiaire {firstl} ne vient plus depuis {dur}.",
    "Je travaille pour {org} et mon périmètre va doubler.",
    "Mon N+2 {full} me demande de licencier deux personnes.",
    "Dr {last}, le médecin du travail, me conseille de lever le pied.",
    "Voici le lien vers notre intranet : {url}, vous verrez l'organigramme.",
    "Le fichier est sur {url} si vous voulez voir les chiffres.",
    "Notre filiale {org} a perdu {pct} de chiffre d'affaires.",
    "Mon numéro de sécurité sociale est {nirc}, la mutuelle dit qu'il est faux.",
    "Le SIREN de ma boîte c'est {siret}, utile pour la convention de formation ?",
    "{fullx} refuse de travailler avec moi depuis le séminaire.",
    "On a perdu l'appel d'offres face à {orgx}.",
    "Mon chef {firstl} {last} ne m'a pas augmenté depuis {dur}.",
    "Je pense proposer à {first} de reprendre le pilotage du projet.",
    "Hier, {first} m'a dit qu'elle voulait quitter l'équipe.",
    "Chez {org}, on ne parle jamais des erreurs, on les cache.",
    "Mon adjoint, {first}, attend une promotion que je ne peux pas lui donner.",
    "Envoyez le compte rendu à {email} et à {email}, merci.",
    "Le fondateur de {org}, {full}, veut que je reporte directement à lui.",
    "Rendez-vous au {address} {day} à {hour} pour l'atelier.",
    "Tél du client : {mobile}, il rappelle tous les jours.",
    "La carte de l'entreprise ({card}) a été utilisée pour des dépenses perso.",
    "Je coache {full} en interne et {full} m'a demandé de l'aide aussi.",
    "Mon manager direct {firstl} m'a dit de ne pas en parler à la DRH.",
    "Bonjour, c'est {first}, je reviens vers vous après notre séance de {month}.",
    "J'ai croisé {full} à la machine à café, il m'a ignoré.",
    "Pendant le point de {hour}, {first} a levé les yeux au ciel quand j'ai parlé.",
    "Depuis que {full} est arrivée, l'équipe se divise en deux clans.",
    "Est-ce que je dois prévenir {first} avant d'en parler à {body} ?",
    "On a signé avec {org} pour {money}, mais le périmètre est flou.",
    "Le contrat avec {org} arrive à échéance en {month}.",
    "Les gens de {org} nous appellent dix fois par jour.",
    "Mme {last} et M. {last} ne se parlent plus depuis le séminaire.",
    "Mon nouveau DAF, {full}, refuse toutes les embauches.",
    "Je remplace {full} pendant son congé et je découvre des dossiers en retard.",
    "Réponse de {first} : « ce n'est pas mon problème ».",
    "Je l'ai dit à {firstl} en face à face, rien n'a changé.",
    "Petite précision : mon mail pro est {email} si vous préférez.",
    "Mon fixe au bureau : {phone} (le matin seulement).",
    "Si jamais, mon numéro perso est le {mobile}, sinon WhatsApp.",
    "L'ancien site de l'équipe est toujours en ligne sur {url}.",
    "Nos locaux déménagent au {address} en {month}.",
    "Le virement de la prime doit arriver sur le compte {iban}.",
    "On m'a demandé la carte {card} pour réserver l'hôtel du séminaire.",
    "Pour l'attestation, mon NIR : {nir}.",
    "Le fournisseur nous a transmis son SIRET ({siret}) sans le contrat.",
    "Notre directrice générale {full} veut un reporting quotidien.",
    "Avec {first}, on a décidé de tester le binôme sur {dur}.",
    "C'est {full} qui a obtenu le poste que je visais.",
    "Je quitte {org} pour rejoindre {org} en {month}.",
    "{org} nous a proposé une mission de {dur}, je ne sais pas si on a la capacité.",
]

CLEAN_SENTENCES = [
    "Mon manager m'a repris devant toute l'équipe {day} dernier.",
    "Depuis {dur}, un collaborateur ne répond plus à mes mails.",
    "Le CODIR a validé une baisse de budget de {pct}.",
    "{Day}, j'ai une réunion de recadrage à {hour} et j'appréhende.",
    "Mon équipe compte {n} personnes réparties sur deux sites.",
    "Le client principal exige une remise de {pct} sur le prochain contrat.",
    "Je n'arrive pas à dire non à mon N+1 quand il ajoute des tâches le vendredi à {hour}.",
    "Notre DRH veut que chaque manager fasse ses entretiens avant fin {month}.",
    "On a un budget de {money} pour la formation cette année.",
    "Ma collègue pleure après chaque réunion, je ne sais pas quoi faire.",
    "En réunion {tool}, personne n'allume sa caméra.",
    "Directeur commercial depuis {dur}, je découvre le management à distance.",
    "Le COMEX annonce une réorganisation pour {month} {year}.",
    "Sur {tool}, mon équipe m'écrit à toute heure, même le dimanche.",
    "{Month} a été très dur : {n} départs dans l'équipe.",
    "Concrètement, je passe {pct} de mon temps en réunion.",
    "Mon chef de service refuse toute demande de télétravail.",
    "Les RH m'ont demandé de préparer un plan de formation pour {n} personnes.",
    "{dept} nous impose un nouveau reporting hebdomadaire sur {tool}.",
    "J'ai l'impression que {dept} ne comprend pas nos contraintes terrain.",
    "Le projet a pris {dur} de retard et le client s'impatiente.",
    "Une stagiaire m'a confié qu'elle se sentait mise à l'écart.",
    "Je dois annoncer à l'équipe que le budget passe de {money} à {money}.",
    "Mardi, le CSE a soulevé la question de la charge de travail.",
    "Franchement, je ne sais plus comment motiver mes commerciaux.",
    "Mon N+2 m'a laissé entendre qu'une promotion était possible en {year}.",
    "Les objectifs ont augmenté de {pct} alors que l'effectif baisse.",
    "On a perdu un gros client le {date} et l'ambiance est tendue.",
    "La période d'essai de mon nouvel adjoint se termine dans {dur}.",
    "J'hésite à recadrer un collaborateur senior qui a {n} ans d'ancienneté.",
    "Le prestataire informatique livre toujours en retard.",
    "Notre fournisseur principal a augmenté ses prix de {pct}.",
    "Je commence à {hour} et je finis rarement avant 20 h.",
    "Le séminaire d'équipe est prévu à {city} en {month}.",
    "Mon manager direct me demande d'être joignable le soir.",
    "Sur les {n} entretiens annuels, {n} se sont mal passés.",
    "Le RGPD nous oblige à revoir la gestion des fichiers clients.",
    "Depuis la fusion, deux cultures d'entreprise s'affrontent.",
    "Ma directrice attend un plan d'action pour {Day} prochain.",
    "J'ai proposé un point hebdomadaire de {n} minutes, sans succès.",
    "Le PDG a annoncé un plan d'économies de {money}.",
    "Hier, un salarié a claqué la porte en pleine réunion.",
    "Notre équipe de {n} personnes gère {pct} du chiffre d'affaires.",
    "Je manage des personnes plus âgées que moi et je manque de légitimité.",
    "Le nouveau logiciel {tool} n'est adopté que par {pct} de l'équipe.",
    "La Direction Générale demande un retour sous {dur}.",
    "Pendant le Ramadan, j'aimerais adapter les horaires de réunion.",
    "À Noël, on organise toujours un repas d'équipe qui se passe mal.",
    "Le Service Client reçoit {n} réclamations par jour.",
    "Mon binôme part en congé maternité en {month}.",
    "Un consultant externe doit auditer notre service en {month}.",
    "Le télétravail est limité à {n} jours par semaine depuis {year}.",
    "Un client nous a menacés de rompre le contrat si le délai n'est pas tenu.",
    "On m'a confié une équipe de {n} techniciens sans formation préalable.",
    "La réunion du {date} à {hour} a été annulée sans explication.",
    "Je vais devoir choisir entre deux candidats internes pour le poste.",
    "Les KPI du trimestre sont à {pct} de l'objectif.",
    "Mon N+1 valide tout par SMS, jamais par écrit officiel.",
    "L'inspection du travail est passée le mois dernier.",
    "Notre chiffre d'affaires a baissé de {money} sur l'année.",
    "Le Comité de Direction se réunit tous les {day}s à {hour}.",
    "Notre Business Unit a dépassé ses objectifs de {pct}.",
    "Le Plan Stratégique {year} prévoit {n} recrutements.",
    "L'équipe Marketing refuse de partager ses tableaux Excel.",
    "Le Reporting mensuel me prend une journée entière.",
    "Un One-to-one par semaine, c'est trop ou pas assez ?",
    "J'ai passé {dur} en Belgique pour monter la nouvelle agence.",
    "Les Achats et la Finance se renvoient la balle depuis {month}.",
    "Mon équipe Support gère {n} tickets par jour.",
    "Notre Responsable Qualité part à la retraite en {month}.",
    "Au Comex du {date}, le sujet n'a même pas été abordé.",
    "Le Directeur Régional veut une réponse avant {hour}.",
    "On passe de {n} à {n} ETP sans baisse de charge.",
    "Le Groupe impose un gel des salaires pour {year}.",
    "Le Siège veut centraliser toutes les décisions.",
    "J'anime un Comité de Pilotage chaque mois avec {n} participants.",
    "Notre Direction des Systèmes d'Information a {dur} de retard.",
    "La Médecine du Travail a recommandé un aménagement de poste.",
    "On fait une rétrospective tous les quinze jours, avec Post-it et tableau blanc.",
    "Ma Manager m'a félicitée en public puis critiquée en privé.",
    "Le Président a promis une prime de {money} à toute l'équipe.",
    "Mes Chefs d'Équipe ne se parlent plus.",
    "Je pars en congé du {date} au {date}, qui décide en mon absence ?",
    "Le taux d'absentéisme est passé de {pct} à {pct} en {dur}.",
    "Le Black Friday approche et l'équipe logistique est épuisée.",
]

CLEAN_STAKES = [
    "J'ai peur de perdre la confiance de l'équipe.",
    "Pour moi, l'enjeu c'est ma crédibilité de manager.",
    "Si ça continue, je risque l'épuisement.",
    "Je veux garder de bonnes relations sans tout accepter.",
    "Il y a un vrai risque de départs dans les {dur} qui viennent.",
    "Mon évaluation annuelle dépend de ce dossier.",
    "C'est aussi une question d'équité entre les membres de l'équipe.",
    "Je ne veux pas devenir le manager que j'ai détesté.",
    "",
    "",
]

CLEAN_TRIED = [
    "J'ai déjà essayé d'en parler en tête-à-tête, sans résultat.",
    "J'ai envisagé d'en parler aux RH mais j'hésite.",
    "J'ai tenté de fixer des règles claires en réunion d'équipe.",
    "J'ai proposé un point mensuel, accepté puis oublié.",
    "Rien pour l'instant, je voulais d'abord prendre du recul.",
    "J'ai lu deux livres sur la délégation, sans vraiment appliquer.",
    "",
    "",
]

CLEAN_QUESTIONS = [
    "Comment aborder la conversation sans braquer tout le monde ?",
    "Est-ce que je dois en parler à mon N+1 ou gérer seul ?",
    "Quelle posture adopter lors de la prochaine réunion ?",
    "Comment poser des limites sans paraître rigide ?",
    "Par où commencer ?",
    "Comment prioriser quand tout est urgent ?",
    "Quelle méthode pour déléguer davantage ?",
    "Dois-je accepter ou refuser ?",
    "Comment annoncer la nouvelle à l'équipe ?",
    "Qu'est-ce que je pourrais faire différemment ?",
]

_SLOT_RE = re.compile(r"\{(\w+)\}")


def render(template: str) -> tuple[str, list[dict[str, object]]]:
    """Fill a template left to right, recording the span of every identifying slot."""
    out = ""
    entities: list[dict[str, object]] = []
    cursor = 0
    for match in _SLOT_RE.finditer(template):
        out += template[cursor : match.start()]
        value, kind = SLOTS[match.group(1)]()
        if kind is not None:
            entities.append({"start": len(out), "end": len(out) + len(value), "kind": kind})
        out += value
        cursor = match.end()
    out += template[cursor:]
    return out, entities


def shift(entities: list[dict[str, object]], offset: int) -> list[dict[str, object]]:
    return [
        {**e, "start": int(str(e["start"])) + offset, "end": int(str(e["end"])) + offset} for e in entities
    ]


def compose(parts: list[tuple[str, list[dict[str, object]]]]) -> tuple[str, list[dict[str, object]]]:
    text = ""
    entities: list[dict[str, object]] = []
    for piece, found in parts:
        if not piece:
            continue
        if text:
            text += " "
        entities.extend(shift(found, len(text)))
        text += piece
    return text, entities


def clean_message() -> tuple[str, list[dict[str, object]]]:
    parts = [render(rng.choice(CLEAN_SENTENCES))]
    if rng.random() < 0.5:
        parts.append(render(rng.choice(CLEAN_SENTENCES)))
    parts.append(render(rng.choice(CLEAN_STAKES)))
    parts.append(render(rng.choice(CLEAN_TRIED)))
    if rng.random() < 0.7:
        parts.append(render(rng.choice(CLEAN_QUESTIONS)))
    return compose(parts)


def data_message(template: str) -> tuple[str, list[dict[str, object]]]:
    parts = []
    if rng.random() < 0.5:
        parts.append(render(rng.choice(CLEAN_SENTENCES)))
    parts.append(render(template))
    if rng.random() < 0.4:
        parts.append(render(rng.choice(CLEAN_STAKES)))
    if rng.random() < 0.5:
        parts.append(render(rng.choice(CLEAN_QUESTIONS)))
    return compose(parts)


def main() -> None:
    rows: list[dict[str, object]] = []
    for round_ in range(5):
        for template in DATA_TEMPLATES:
            if round_ == 4 and rng.random() < 0.5:
                continue
            rows.append(dict(zip(("text", "entities"), data_message(template), strict=True)))
    for _ in range(220):
        rows.append(dict(zip(("text", "entities"), clean_message(), strict=True)))
    rng.shuffle(rows)
    with OUT.open("w", encoding="utf-8") as handle:
        for number, row in enumerate(rows, start=1):
            record = {"id": f"m{number:04d}", "text": row["text"], "entities": row["entities"]}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} messages to {OUT}")


if __name__ == "__main__":
    main()
