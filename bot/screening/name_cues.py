"""The cue words several rule families share: titles, roles, links, heads, frames.

A cue is read by more than one family (a role word makes someone in the person rules
and ends a firm's name in the organization rules), so the shared ones live here, once;
a cue only one family reads stays in that family's module. Package-internal: the
leading underscore says these are no public API.
"""

from __future__ import annotations

import re

from bot.screening.lexicon import (
    CLAUSE_ENDS,
    DAYS,
    ENGLISH_ACTION_VERBS,
    ENGLISH_STOP_WORDS,
    ENGLISH_TITLES,
    LEGAL_FORMS,
    MONTHS,
    POSSESSIVES,
    SENTENCE_WORDS,
    STOP_WORDS,
    TELLING_VERBS,
    TITLES,
    folded_set,
    word_set,
)

# Abbreviations written with dots ("P.S.", "N.B.", "e.g."): no one's initials
_DOTTED_ABBREVIATIONS = folded_set(
    word_set("ps nb rh cv eg ie us uk ue eu am pm sa sos tva vs cf ok rdv pj pv qg ag")
)

_SENTENCE_END = set('.!?…:;\n\r\t•-–—*»«"“”(#>')

_TITLES = folded_set(TITLES) | folded_set(ENGLISH_TITLES)

_LEGAL = folded_set(LEGAL_FORMS)
_STOPS = folded_set(STOP_WORDS) | folded_set(ENGLISH_STOP_WORDS)

_ACTION_EN = folded_set(ENGLISH_ACTION_VERBS)
_TELLING = folded_set(TELLING_VERBS)
_CLAUSE_ENDS = folded_set(CLAUSE_ENDS)

_POSSESSIVES = folded_set(POSSESSIVES)
_DEPARTMENTS = folded_set(
    word_set("""
    compta comptabilité rh paie logistique direction production maintenance qualité cuisine
    accueil réception informatique marketing com communication vente ventes achats service
    équipe boutique agence usine atelier entrepôt dépôt magasin siège bureau labo standard
    accounts finance payroll procurement logistics sales reception warehouse depot kitchen
    office team site shop store lab support helpdesk compliance legal audit hr it ops operations
    juridique recrutement formation facturation trésorerie tresorerie contrôle controle gestion
    sécurité securite expédition expedition ordonnancement méthodes methodes bureau-d-études
    tax loans claims underwriting billing treasury credit risk facilities security admin
    dispatch purchasing recruitment engineering design research
    """)
)

# After a first name, these end the name; a role word there is a surname ("Gabriel Voisin").
_NAME_ENDS = folded_set(DAYS) | folded_set(MONTHS) | _TITLES | _STOPS | folded_set(SENTENCE_WORDS)
_ORG_CUES = folded_set(
    word_set("""
    chez societe entreprise groupe cabinet agence banque filiale enseigne marque mutuelle
    assureur laboratoire editeur boite usine magasin fournisseur prestataire partenaire
    concurrent client cliente clients integrateur distributeur sous-traitant franchise ets
    etablissements etablissement ste startup start-up
    company firm agency bank supplier vendor client customer competitor
    """)
)
_EMPLOYER_VERBS = folded_set(
    word_set("""
    quitte quitter quitté quittes rejoindre rejoins rejoint rejoignez intégrer intègre intégré
    bosse bossé bosser travaille travaillé travailler racheté rachetée rachète
    join joined joining leave left leaving quit work works worked working
    """)
)

# Schools and hospitals named by their town or founder ("University of Exeter")
_INSTITUTIONS = folded_set(
    word_set(
        "university université universite college hospital hôpital hopital polytechnic institute institut"
        " chu chru clinique lycée lycee collège"
    )
)

# "our client is X", "notre fournisseur est X", "the company is X", "ma boîte c'est X"
_CLIENT_NOUNS = folded_set(
    word_set("""
    client customer supplier vendor employer sponsor bank insurer partner competitor
    fournisseur employeur banque assureur prestataire concurrent grossiste distributeur
    transporteur éditeur editeur sous-traitant
    company firm business shop agency startup employer
    boîte boite entreprise société societe agence cabinet magasin boutique labo laboratoire
    resto restaurant affineur imprimeur startup start-up buyer buyers
    mutuelle bailleur opérateur operateur hébergeur hebergeur études etudes
    """)
)

# Before an employer, a client or a supplier ("been at boots", "pitching to lush")
_ORG_LINKS = folded_set(word_set("at for from with by joined join joining chez pour avec"))

_AT_LINKS = folded_set(word_set("pour chez at for with avec"))
_PLACE_LINKS = folded_set(
    word_set("à a au aux en vers sur dans de du depuis près pres près-de in at to from near")
)

# Before a town that is also a name ("moved to Stafford", "the site near Preston"); not
# after a verb of telling ("spoke to Preston", "an email from Stafford")
_TOWN_LINKS = folded_set(word_set("in at to from near around outside past via towards between of"))
# What follows a town's name used as a place: "the Chester office", "Victoria station"
_PLACE_HEADS = folded_set(
    word_set("""
    office offices station airport branch site campus store stores clinic depot hospital
    area region warehouse plant factory centre center council harbour port suburbs unit
    location locations outlet outlets
    """)
)

# "(Kahn 1990, p. 7)", "(Edmondson & Lei, 2014)", "Kahn (1990)", "Hackman et al.": a reference
_CITED_NAME = r"[A-ZÀ-Ý][\w'’-]+(?:\s+(?:and|et|&)\s+[A-ZÀ-Ý][\w'’-]+)?"

# Before these capitals name a thing, never someone's initials
# (by language: "a" folded is also the French "à", after which people are named)
_DETERMINERS = {
    "en": folded_set(word_set("the a an every each any no per this that these those our my your their its")),
    "fr": folded_set(
        word_set(
            "le la les un une ce cet cette ces chaque mon ma mes ton ta tes notre nos votre vos leur leurs"
        )
    ),
}
# What opens an apposition naming someone's role ("Violette, l'assistante…")
_APPOSITION_ARTICLES = {"en": frozenset({"the"}), "fr": frozenset({"le", "la", "l"})}
# Adjectives between that article and the role ("notre nouvelle directrice", "our new intern")
_APPOSITION_QUALIFIERS = folded_set(
    word_set("""
    nouveau nouvelle nouvel ancien ancienne futur future seul seule meilleur meilleure
    new old former only best senior junior other autre
    """)
)
_SAINTS = {"st": "saint", "ste": "sainte", "saint": "saint", "sainte": "sainte"}
# before a place typed in lower case (French; the English ones are _TOWN_LINKS)
_LOWER_PLACE_LINKS = folded_set(word_set("à a vers sur dans en près pres depuis"))

# "s'appelle Victoire", "called Will": the next word is a name, whatever else it means.
_NAMING = folded_set(
    word_set(
        "appelle appelait appellent prenomme prenommee surnomme surnommee nomme nommee named called nicknamed"
    )
)

# Particles inside surnames: "Da Silva", "Le Goff", "Tran Van Minh", "Ben Ali".
_PARTICLES = folded_set(
    word_set(
        "da de du des le la van von der den di del della dos das ben el al bin ibn mac mc ter ní nic ó uí"
    )
)

# Sector words that follow a founder's name in a company's name: "Martel Logistique".
_SECTORS = folded_set(
    word_set("""
    logistique sante assurances assurance ingenierie energie conseil conseils distribution
    informatique industrie industries transports transport batiment consulting services
    solutions technologies technologie systemes immobilier finance gestion communication
    construction renovation nettoyage securite formation medical sarl sas associes
    logistics consulting solutions services group holdings technologies systems partners
    """)
)
# Words that close a company's name in English: "Meridian Care Group", "Atlas Freight".
_ORG_HEADS = folded_set(
    word_set("""
    group trust labs freight hotels builders haulage consulting logistics holdings
    solutions systems technologies partners associates ventures studios foods
    foundation capital homes motors pharma analytics brewery distillery winery vineyards
    properties estates recruitment airlines airways kitchen kitchens bakery cafe shuttles
    plumbing garage salon dental clinic pharmacy
    hospice hospitals clinics physiotherapy physio academy nursery trattoria pizzeria bistro
    pictures films productions
    architects publishing publishers solicitors attorneys accountants engineers surveyors
    contractors carry
    """)
)
# Heads that also close public or generic names ("European Union", "Occupational Health"):
# a company only with a word no dictionary holds before them ("Kilbride Credit Union")
_WEAK_ORG_HEADS = folded_set(
    word_set("""
    union health care energy media digital software retail engineering construction insurance
    bank school
    repair repairs parts tyres tires autos spares supplies hardware removals cleaners
    """)
)

# A firm's parent: "a subsidiary of X", "une filiale de X"
_PARENT_OF_EN = frozenset({"subsidiary", "subsidiaries", "division", "offshoot", "spin-off", "spinoff"})
_PARENT_OF_FR = frozenset({"filiale", "filiales", "succursale", "succursales"})
# What only a firm has: "Monster's HR", "le PDG de X", "les actionnaires de X"
_FIRM_PARTS_EN = frozenset(
    {"hr", "payroll", "recruiters", "recruitment", "headquarters", "hq", "ceo", "cfo", "coo", "board"}
    | {"shareholders", "employees", "workforce", "graduate", "careers", "pension", "intranet"}
)
_FIRM_PARTS_FR = frozenset(
    {"pdg", "drh", "rh", "dg", "siege", "actionnaires", "salaries", "recruteurs", "comex", "codir"}
)
# What befalls a firm, and only a firm: "la faillite de X", "the takeover of X"
_FIRM_FATES_EN = frozenset({"collapse", "bankruptcy", "takeover", "liquidation", "demerger"})
_FIRM_FATES_FR = frozenset({"faillite", "liquidation", "rachat", "redressement", "fusion", "mutuelle"})

# Initials someone signs with ("il signe ses consignes « MFC »", "signs off as JLB"): after a
# verb of signing and up to three lower-case words, in quotes or not
_SIGNED_RE = re.compile(
    r"\b(?:sign(?:e|es|ent|ait|aient|é|ée|er)|signs|signed|signing)\b(?:\s+[a-zà-ÿ']+){0,3}\s*[«\"“]?\s*$",
    re.IGNORECASE,
)
