"""Names of people and organizations, decided from knowledge rather than from capitals.

Each word is looked up in the screening lexicon (`knowledge`): how often it is a first
name or a surname, how frequent it is in ordinary text, whether it is a place or a model's
name. A word is a name when the data says it is mostly a name ("erwan", "Dubois"), or
when its context says so although it is also an ordinary word ("mon collègue pierre",
"madame Rose", "Pierre Martin", "julien, pierre et marc"). A capitalised word inside a
sentence that no lexicon knows is a name too ("Axelter"). Places alone, models named
after people ("matrice d'Eisenhower"), cited authors ("comme dit Simon Sinek"),
acronyms, sentence starts and English words identify no one.

Organizations come from a sourced list of well-known companies with their usual short
forms ("la sncf", "BNP", "crédit agricole"), from cues ("chez X", "ets X", "X & fils",
"X SARL") and from the coach's client list.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from bot.screening.hits import CLIENT, Hit
from bot.screening.knowledge import Knowledge, WordFacts, knowledge
from bot.screening.lexicon import (
    ACRONYMS,
    CLAUSE_ENDS,
    CLAUSE_STARTS,
    DAYS,
    DEFAULT_ALLOW_WORDS,
    ENGLISH_ACTION_VERBS,
    ENGLISH_CALENDAR,
    ENGLISH_ROLE_WORDS,
    ENGLISH_STOP_WORDS,
    ENGLISH_TITLES,
    LEGAL_FORMS,
    MONTHS,
    NUMBER_WORDS,
    PLACE_IN_FIRM,
    POSSESSIVES,
    ROLE_QUALIFIERS,
    ROLE_WORDS,
    SENTENCE_WORDS,
    STOP_WORDS,
    TELLING_VERBS,
    TITLES,
    fold,
    folded_set,
    word_set,
)

_WORD_RE = re.compile(
    r"(?:[A-Z]\.-?){2,}|[A-Z]\.-[A-Z]\.?|(?:O['’](?=[A-Z]))?[^\W\d_]+(?:-[^\W\d_]+)*(?:\+\d)?|[Nn][+\-]\d"
)
_SENTENCE_END = set('.!?…:;\n\r\t•-–—*»«"“”(#>')
_SPACED_RE = re.compile(
    r"(?<![^\W\d_])[^\W\d_](?P<sep> |\. ?| \. |-|_)(?:[^\W\d_](?P=sep)){2,}[^\W\d_](?![^\W\d_])"
)

_TITLES = folded_set(TITLES) | folded_set(ENGLISH_TITLES)
_ROLES_FR = folded_set(ROLE_WORDS)
_ROLES_EN = folded_set(ENGLISH_ROLE_WORDS)
_QUALIFIERS = folded_set(ROLE_QUALIFIERS)
_LEGAL = folded_set(LEGAL_FORMS)
_STOPS = folded_set(STOP_WORDS) | folded_set(ENGLISH_STOP_WORDS)
_NEVER = (
    folded_set(DAYS)
    | folded_set(MONTHS)
    | _TITLES
    | _STOPS
    | folded_set(SENTENCE_WORDS)
    | folded_set(NUMBER_WORDS)
    | _ROLES_FR
    | _ROLES_EN
)
_CALENDAR_EN = folded_set(ENGLISH_CALENDAR)
_ACRONYMS = folded_set(ACRONYMS)
_ACTION_EN = folded_set(ENGLISH_ACTION_VERBS)
_TELLING = folded_set(TELLING_VERBS)
_CLAUSE_ENDS = folded_set(CLAUSE_ENDS)
_CLAUSE_STARTS = folded_set(CLAUSE_STARTS)
_PLACE_IN_FIRM = folded_set(PLACE_IN_FIRM)
_POSSESSIVES = folded_set(POSSESSIVES)
# "P-A", "J-M": two capitals joined by a hyphen are someone's initials ("A-Z" is a range)
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
_HYPHEN_INITIALS_RE = re.compile(r"^[A-Z]-[A-Z]$")
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
# Prepositions of time that close a phrase: "been at boots since uni"
_TIME_LINKS = folded_set(word_set("since until till during before after for over depuis pendant avant après"))
# Schools and hospitals named by their town or founder ("University of Exeter")
_INSTITUTIONS = folded_set(
    word_set(
        "university université universite college hospital hôpital hopital polytechnic institute institut"
        " chu chru clinique lycée lycee collège"
    )
)
# Cue words that are English only: in French text they open English phrases
_ENGLISH_CUES = folded_set(word_set("company firm agency bank supplier vendor customer competitor"))
# What a firm is the object of: "interview with X", "an offer from X", "the pay at X"
_EMPLOYER_LINKS = folded_set(word_set("at with from for chez avec pour de"))
_EMPLOYER_NOUNS = folded_set(
    word_set("""
    interview interviews interviewed interviewing offer offers offered job jobs role roles
    contract contracts position placement internship apprenticeship pay salary shift shifts
    partner partnering partnered partnership call recruiter career tenure stint
    entretien poste offre stage alternance contrat cdi cdd candidature
    degree degrees diploma associate associates bachelor bachelors master masters mba phd
    studied graduated diplôme diplome licence master études etudes
    """)
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
    """)
)
# "racheté par X", "bought by X": the firm that owns or runs another
_TAKEN_OVER = folded_set(
    word_set("""
    racheté rachetée rachetés rachetées absorbé absorbée géré gérée gérés gérées détenu détenue
    repris reprise racheter rachat absorber bought acquired owned purchased run
    """)
)
# Before an employer, a client or a supplier ("been at boots", "pitching to lush")
_ORG_LINKS = folded_set(word_set("at for from with by joined join joining chez pour avec"))
# After these, a word that is a name of either kind is taken as one ("avec pierre").
_PERSON_LINKS = folded_set(word_set("avec à a pour par de chez contre et with to by for from and"))
# Before a word no lexicon knows, these make it someone: "tell brijesh", "avec wojciech".
_TELL_LINKS = folded_set(
    word_set("with tell told ask asked cc ping pinged thank thanked avec dire dit demander demandé")
)
_AT_LINKS = folded_set(word_set("pour chez at for with avec"))
_PLACE_LINKS = folded_set(
    word_set("à a au aux en vers sur dans de du depuis près pres près-de in at to from near")
)
# After these a dictionary word in lower case is an adjective ("d'être clément")
_COPULAS = folded_set(
    word_set("""
    être etre suis es sommes êtes etes sont sois soit soyez rester reste restez devenir devient
    très tres trop assez si plus moins
    """)
)
# Before a town named like a firm ("à Orange, dans le Vaucluse")
_TOWN_IN = folded_set(word_set("à a en dans vers près pres in near outside around towards to"))
# Before a town that is also a name ("moved to Stafford", "the site near Preston"); not
# after a verb of telling ("spoke to Preston", "an email from Stafford")
_TOWN_LINKS = folded_set(word_set("in at to from near around outside past via towards between of"))
# What follows a town's name used as a place: "the Chester office", "Victoria station"
_PLACE_HEADS = folded_set(
    word_set("""
    office offices station airport branch site campus store stores clinic depot hospital
    area region warehouse plant factory centre center council harbour port suburbs unit
    """)
)
# Before a capitalised word no name file holds, these make it a place ("in Bavaria", "vers
# la Vanoise"): no one is "in" or "near" a person, nor "vers la" one
_PLACE_FRAME_EN = folded_set(word_set("in near outside around across throughout towards inside"))
_PLACE_FRAME_FR = folded_set(word_set("à a vers dans de d sur depuis près pres entre et par"))
# After these a clause opens, its subject next: "found out callum is…", "I reckon tama has…"
_CLAUSE_OPENERS = folded_set(
    word_set("""
    out heard hear think thought know knew guess reckon reckoned realised realized noticed hope
    yesterday today tonight tomorrow morning afternoon evening hier
    """)
)
# What follows two subjects joined by "et"/"and" ("wiremu et tama ont refusé")
_PLURAL_VERBS = folded_set(
    word_set("ont sont étaient avaient veulent font disent vont peuvent doivent m'ont nous ont")
)
# What closes the name of a public body ("the Charity Commission", "la Haute Autorité")
_PUBLIC_HEADS = folded_set(
    word_set("""
    commission authority council executive ombudsman tribunal ministry department
    inspectorate regulator
    autorité autorite commission conseil inspection ministère ministere tribunal
    """)
)
# Cited authors: what comes before their names ("“Drive” by Daniel Pink", "coined by",
# "il citait Crozier")
_CLOSING_QUOTES = frozenset("\"”»’'")
_YEAR_RE = re.compile(r"(?<!\d)(?:1[6-9]|20)\d\d(?!\d)")
_AUTHORING = folded_set(
    word_set("""
    coined written developed devised introduced described proposed popularised popularized
    theorised theorized formulated published conceived invented created named
    théorisé theorise développé developpe décrit decrit proposé propose popularisé popularise
    formulé formule conceptualisé conceptualise inventé invente créé cree publié publie
    nommé nomme baptisé baptise écrit ecrit conçu concu imaginé imagine
    """)
)
# "(Kahn 1990, p. 7)", "(Edmondson & Lei, 2014)", "Kahn (1990)", "Hackman et al.": a reference
_CITED_NAME = r"[A-ZÀ-Ý][\w'’-]+(?:\s+(?:and|et|&)\s+[A-ZÀ-Ý][\w'’-]+)?"
_CITATIONS = (
    re.compile(rf"\(\s*(?P<names>{_CITED_NAME})(?:\s+et\s+al\.?)?,?\s+(?:1[6-9]|20)\d\d"),
    re.compile(rf"(?P<names>{_CITED_NAME})\s+\((?:1[6-9]|20)\d\d[a-z]?[,)]"),
    re.compile(r"(?P<names>[A-ZÀ-Ý][\w'’-]+)\s+et\s+al\b"),
)
# After a cited author's name: "Camus disait que", "Seneca wrote"
_CITE_AFTER = folded_set(word_set("disait écrivait ecrivait affirmait said wrote says writes argued"))
_CITE_CUES = folded_set(
    word_set("by de d par cite cites citait citaient citer citant quoting quotes quoted quote")
)
_QUOTING = folded_set(word_set("cite cites citait citaient citer citant quoting quotes quoted quote"))
_OFTEN = folded_set(word_set("toujours souvent volontiers always often constantly"))
_SCHOLARS = folded_set(
    word_set("""
    clinical psychologist psychologists psychologue psychologues psychiatrist psychiatrists
    psychiatre psychiatres sociologist sociologists sociologue sociologues researcher
    researchers chercheur chercheurs chercheuse chercheuses professor professors professeur
    professeurs author authors auteur auteurs autrice economist economists économiste
    économistes economiste philosopher philosophers philosophe philosophes scientist
    scientists psychoanalyst psychanalyste american américain americain british french
    français francais canadian canadien
    """)
)
# Adjectives of nicknames, written before a first name ("Big Mike", "le Grand Jacques")
_NICKNAME_WORDS = folded_set(word_set("big little lil old young grand petit petite ti tit gros grosse"))
# The initial of a surname after a first name ("Tony D", "Josh K, and me")
_TRAILING_INITIAL_RE = re.compile(r" (?!I\b)[A-Z](?=$|[\s,;:!?)]|\.(?:\s|$))")
# Pronouns that may close a list of people ("dean, holly, mark and someone from HR")
_LIST_PRONOUNS = folded_set(
    word_set("someone somebody others everyone me i myself us moi toi quelqu'un quelqu autres")
)
# A form pasted in a message: "Nom : Kowalczyk Prénom : Agnieszka", "Name: Ravi Menon"
# (capitalised values: "le nom : c'est compliqué" is a sentence)
_LABELLED_RE = re.compile(
    r"(?<![^\W_])(?i:nom(?: de (?:famille|naissance|jeune fille))?|pr[ée]noms?|"
    r"(?:first |last |full |sur|family |given )?name)\s*:[ \t\u00a0]*"
    r"(?P<value>(?!(?i:nom|pr[ée]nom|name|adresse|address|t[ée]l)\b)[A-ZÀ-Ý][\w'’\-]*"
    r"(?:[ \t\u00a0]+(?!(?i:nom|pr[ée]nom|name|adresse|address|t[ée]l|e-?mail|employeur|date)\b)"
    r"[A-ZÀ-Ý][\w'’\-]*){0,2})"
)
# A person's field holding "Surname, First name", the order of forms and directories
# ("Employee: Okafor, Chinedu", "Nom : Lefèvre, Anne"): one name, the field's whole line
_INVERTED_NAME_RE = re.compile(
    r"(?<![^\W_])(?i:name|full name|nom|nom complet|employee|employé|employée|salarié|salariée|"
    r"candidate|candidat|candidate|applicant|patient|tenant|locataire|student|élève|etudiant|étudiant|"
    r"staff member|agent|contact|beneficiary|bénéficiaire)\s*:[ \t\u00a0]*"
    r"(?P<last>[A-ZÀ-Ý][\w'’\-]+),[ \t\u00a0]+(?P<first>[A-ZÀ-Ý][\w'’\-]+)[ \t\u00a0]*(?=$|\n|\r)",
    re.MULTILINE,
)
# A form's employer or bank field: "Employer: Harwell Foods", "Banque : Crédit Mutuel"
_LABELLED_ORG_RE = re.compile(
    r"(?<![^\W_])(?i:employer|company|bank|employeur|entreprise|soci[ée]t[ée]|banque)\s*:[ \t\u00a0]*"
    r"(?P<value>[A-ZÀ-Ý][\w'’&\-]*(?:[ \t\u00a0]+(?:&[ \t\u00a0]+)?[A-ZÀ-Ý][\w'’\-]*){0,3})"
)
# Words that say a word is someone's name: "Blanche (c'est son prénom)"
_NAME_NOUNS = folded_set(
    word_set("prénom prenom prénoms nom name names surname firstname nickname surnom pronounced prononcé")
)
# Indian English puts the honorific after the surname: "Iyer madam", "Deshpande sir"
_HONORIFICS_AFTER = frozenset({"sir", "madam", "maam", "ji", "saab", "sahab"})
_CITE = folded_set(
    word_set(
        "dit disait selon après d'après apres citant cite cité cites citait says said according"
        " quote quotes quoted quoting cites cited citing"
    )
)
_FEASTS = folded_set(word_set("noël noel pâques paques toussaint pentecôte ascension"))
# A street named without its number is a place: the words after these ("rue de Rivoli",
# "boulevard Haussmann", "avenue des Champs-Élysées") name the street, not a person; so do
# the words before an English street type ("Baker Street", "Abbey Road"). "place" and
# "cours" are everyday words too: a capital must follow them ("place Bellecour").
_PLACE_DETERMINERS = word_set("the our their my your its this that")
# "spoke to X", "parlé à X" ("à" folds to "a", which in English is an article: "emailed a
# German colleague")
_TO = {"en": frozenset({"to"}), "fr": frozenset({"à", "a", "to"})}
# "un peu de", "beaucoup de", "plus de": a noun follows
_QUANTITIES = folded_set(word_set("peu beaucoup trop plus moins assez pas tant autant"))
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
# "in jan", "by sept", "end of dec": a month's short form, not Jan or Dec
_MONTH_SHORT = word_set("jan feb mar apr jun jul aug sep sept oct nov dec")
_MONTH_CUES = word_set("in by until till from since next last early mid late end of this before after")
_STREET_HEADS = folded_set(
    word_set("rue avenue av boulevard bd quai impasse allée allee chemin faubourg fbg square esplanade")
)
_STREET_HEADS_CAPITAL = folded_set(word_set("place cours"))
_STREET_LINKS = folded_set(word_set("de du des d la le les l"))
_STREET_TAILS = word_set("street road avenue lane square drive crescent terrace gardens boulevard row mews")
_FEAST_CONTEXT = folded_set(word_set("à a de pour avant après apres depuis père pere joyeux bon d"))
_LIST_JOINS = re.compile(r"^(?:\s*,\s*|\s+(?:et|ou|and|or|&)\s+|\s*,\s*(?:et|ou|and|or)\s+|\s*/\s*)$")
# "s'appelle Victoire", "called Will": the next word is a name, whatever else it means.
_NAMING = folded_set(
    word_set(
        "appelle appelait appellent prenomme prenommee surnomme surnommee nomme nommee named called nicknamed"
    )
)
# What follows a sentence-initial subject: "Pierre m'a dit", "Kerbrat veut", "JD keeps".
_SUBJECT_NEXT = folded_set(
    word_set("""
    m me t te nous vous lui leur l le la les ne n y en se s a est etait avait va veut
    voulait dit disait fait peut pouvait doit devait refuse refusait demande demandait
    pense trouve vient sera serait part arrive prend passe reste parle insiste
    keeps kept is was has had said says wants wanted asked asks told tells will would
    just always never doesn didn can't won't isn wasn thinks thought gets got took takes
    sent sends gave gives made makes came went left emailed called replied mentioned decided
    refused forgot messaged pinged complained promised agreed joined quit resigned started
    stopped tried seems seemed looks needs also still really hasn haven hadn shouldn
    wouldn couldn aren weren talked talks leaves cries cried are have were does did
    """)
)
# What is named after a saint, after the name ("St Luke's Hospital") or before it ("lycée
# saint-antoine"): schools, hospitals, colleges
_SAINT_HEADS = frozenset(
    {"hospital", "hospitals", "college", "school", "academy", "clinic", "hospice", "infirmary"}
    | {"university", "polytechnic", "institute", "convent", "seminary"}
)
_SAINT_FIRST = frozenset(
    {"lycee", "college", "ecole", "clinique", "hopital", "institution", "ehpad", "groupe", "institut"}
)
# "Kahneman in our data team", "Léo de notre service paie": whose department it is
_DEPARTMENT_OWNERS = frozenset({"our", "my", "their", "notre", "mon", "ma", "leur", "nos"})
# Particles inside surnames: "Da Silva", "Le Goff", "Tran Van Minh", "Ben Ali".
_PARTICLES = folded_set(
    word_set(
        "da de du des le la van von der den di del della dos das ben el al bin ibn mac mc ter ní nic ó uí"
    )
)
_DOTTED_ABBREVIATIONS = folded_set(
    word_set("ps nb rh cv eg ie us uk ue eu am pm sa sos tva vs cf ok rdv pj pv qg ag")
)
# @handles, and user names ending in digits ("darkvador_78", "lucie.m92")
_HANDLE_RE = re.compile(
    r"(?<![\w.@])@[^\W\d_][\w.]{1,30}(?<!\.)|(?<![\w@.])[^\W\d_]{2,}(?:[._][^\W\d_]+)*[._]\d{1,4}\b"
)
# Nouns that make a small business's name: "Garage Ribeiro", "Pharmacie du Marché".
_TRADES = folded_set(
    word_set("""
    garage menuiserie pharmacie boulangerie boucherie charcuterie plomberie restaurant hotel
    atelier imprimerie transports librairie fleuriste traiteur brasserie cafe bistrot salon
    auto-ecole taxis ambulances carrosserie maconnerie electricite peinture nettoyage
    clinique coop cooperative labo laboratoire taxi opticien creche ecole
    domaine chateau maison cave cellier ferme mas association asso
    bakery plumbing pharmacy pub cafe salon studio garage builders electrical cleaning
    hardware deli diner barbers butchers bakers florist florists tyres cycles motors
    """)
)
# Trades typed in lower case before a firm's name in capitals ("la coopérative Lascaux
# Gourmand", "au lycée Victor Hugo"); not workshops and studios ("un atelier Excel")
_NAMED_TRADES = folded_set(
    word_set("""
    coopérative cooperative coop association asso camping golf resto restaurant hôtel hotel
    brasserie boulangerie boucherie pharmacie garage clinique librairie imprimerie menuiserie
    lycée lycee collège college institution école ecole crèche creche ehpad auberge gîte gite
    domaine château chateau maison traiteur
    """)
)
# Trades that may be typed in lower case before a surname: "maison bouchard", "cave de Lugny"
_LOWER_TRADES = folded_set(word_set("domaine chateau maison cave cellier association asso garage"))
_ENGLISH_NAME_WORDS = frozenset({"will", "bill", "pat", "art"})
# Doubled-syllable nicknames: "Titi", "Doudou", "Fanfan", "Jojo".
_NICKNAME_RE = re.compile(r"^([^\W\d_]{2,3})\1$")
_IDIOM_FRAMES = folded_set(
    word_set(
        "les des un une vrai vraie veritable real proper total the an playing play plays played jouer joue"
        " like comme son sa"
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
# Verbs whose object is an employer: "joined Summit Health", "a rejoint Novaterm"
_JOIN_VERBS = folded_set(
    word_set("join joined joining quit quitting rejoindre rejoint rejoins intégrer intégré quitter quitté")
)
# Legal forms written in lower case as often as in capitals: "Pennant Mills plc"
_LOWER_LEGAL = frozenset({"plc", "ltd", "llp", "llc", "inc", "gmbh", "pty", "sarl", "eurl", "sasu"})
_WORDLIKE_LEGAL = frozenset(
    {"sa", "as", "ab", "co", "sl", "ag", "oy", "nv", "bv", "kg", "ug", "spa", "sas", "cc"}
)
_TAILS = folded_set(word_set("fils freres associes associés sons brothers partners co cie et-fils"))


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str
    folded: str
    is_initial: bool

    # computed once, when the word is split off (read many times per word)
    is_capitalised: bool = False
    is_all_caps: bool = False

    @property
    def is_initials(self) -> bool:
        return "." in self.text


# Scripts whose one character is a syllable: two of them make a whole name ("王伟", "민수",
# "ゆき"), as five or six letters do in Latin script
_SYLLABIC_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3]{2}")


def _too_short(word: Word) -> bool:
    """Fewer than three letters say too little to be a name on their own ("le", "ok", "rh"),
    except two syllables of a syllabic script."""
    return len(word.folded) < 3 and _SYLLABIC_RE.fullmatch(word.folded) is None


_NAME_PREFIXES = ("Mc", "Mac", "De", "Di", "Da", "Le", "La", "Van", "O'", "O’")


def _is_mixed_case_acronym(text: str) -> bool:
    """ExCo, CoDir, SaaS, BotFather, PowerPoint: capitals inside a word make an acronym or a
    product name, except after a surname prefix (McKenzie, DiCaprio, LeBlanc)."""
    # a capital after a hyphen or an apostrophe starts a part: Anne-Sophie, d'Artagnan
    inner = [c for index, c in enumerate(text) if index > 0 and text[index - 1] not in "-'’"]
    if not any(c.isupper() for c in inner) or text[1:].isupper():
        return False
    return not any(text.startswith(p) and text[len(p) : len(p) + 1].isupper() for p in _NAME_PREFIXES)


_FIRM_WORDS = _LEGAL | _ORG_HEADS | _SECTORS
# Months that are first names too ("June", "April", "Avril")
_NAMED_MONTHS = frozenset({"april", "may", "june", "july", "august", "avril", "juin"})
_BEFORE_ROLE = _POSSESSIVES | _APPOSITION_QUALIFIERS
# The name of a domain in a link or an e-mail address: "arvalia-conseil" of www.arvalia-conseil.fr
_DOMAIN_RE = re.compile(
    r"(?<![\w.-])(?:www\.)?([a-z0-9][a-z0-9-]{3,})\.(?:com|fr|net|org|io|co|uk|ie|be|ch|ca|de|eu|info|biz"
    r"|us|au|nz|za|in|sg|ke|ng|gh|ph|lu|ma|sn|ci|re|app|dev|shop|store|coop|asso)(?:\.[a-z]{2})?(?![\w-])"
)
# The local part of an e-mail address: its words are someone's name, not the firm's domain
_LOCAL_PART_RE = re.compile(r"[\w.+-]+@")
# A journey's words, then where it starts or ends: "commute from Marietta", "vol pour Nice"
_TRAVEL_WORDS = folded_set(
    word_set("""
    commute commutes commuting commuted drive drives driving drove fly flies flying flew flight
    flights train trains bus ferry trip trips journey journeys travel travels travelling
    traveling travelled traveled relocate relocating relocated relocation
    trajet trajets vol vols train trains navette déménager déménagé déménagée aller-retour
    """)
)
_TRAVEL_LINKS = folded_set(word_set("from to into via out of depuis pour vers jusqu"))
_COPULA_NOW = frozenset({"is", "was", "est", "etait"})
_DEGREES = frozenset({"degree", "degrees", "graduate", "graduates", "alumni", "alum"})
# A firm's own article, and what joins the words of its name ("Les Jardins du Lac")
_FIRM_ARTICLES = frozenset({"le", "la", "les", "l", "the"})
_FIRM_JOINS = frozenset({"du", "de", "des", "d", "of", "and", "et", "&"})
# A request after a word opening a sentence: the word is who is asked ("Jhen pls call…")
_PLEASE = frozenset({"please", "pls", "plz", "plse", "svp", "stp"})
# What the land is, after its name ("Sherwood Forest") or before it ("Loch Lomond")
_LAND_HEADS = frozenset(
    {
        "forest",
        "valley",
        "hills",
        "mountains",
        "lake",
        "bay",
        "island",
        "islands",
        "coast",
        "peninsula",
        "desert",
        "canyon",
        "falls",
        "moor",
        "moors",
        "heath",
        "woods",
        "gorge",
        "glen",
        "fjord",
    }
)
_LAND_FIRST = frozenset({"loch", "lake", "mount", "mont", "lac", "cap", "cape", "isle", "glen"})
# Adjectives that may come before "Conseil" in a public body's name ("Haut Conseil")
_BODY_ADJECTIVES = frozenset({"haut", "grand", "petit", "nouveau", "premier", "conseil"})
# Public bodies named head first: "Ministry of Manpower", "Ministère du Travail"
_OF_WORDS = frozenset({"of", "de", "du", "des", "d"})
_BODY_FIRST = frozenset({"ministry", "ministere", "department", "secretariat"})
# A name then one of these makes an adjective of manner: "Gawande-style", "Jobs-like"
# "i was with X for two years", "I've been at X eleven years": a stay counted in years or
# months after "was/been/worked at, with, for" is a job, so X is the employer
# What follows a subject that only a person is ("Ghazni m'a dit", "Elbasan pense que…"), not
# a town ("Elbasan était magnifique", "Elbasan a doublé sa population")
_PERSON_ONLY_FR = folded_set(
    word_set("""
    m me t te nous vous dit disait pense pensait veut voulait voudrait sait savait croit
    trouve demande demandait explique répond répondu propose refuse rappelle appelle écrit
    """)
)
_TENURE_VERBS = frozenset({"was", "were", "been", "worked", "work", "working", "works", "stayed"})
_TENURE_LINKS = frozenset({"at", "with", "for"})
_TENURE_RE = re.compile(
    r"\s+(?:for\s+)?(?:(?:almost|nearly|over|about|around|just|only)\s+)?"
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|a\s+few|a\s+couple\s+of|several|many)\s+(?:years?|yrs?|months?)\b"
    r"|\s+for\s+(?:years|months|ages|decades)\b",
    re.IGNORECASE,
)
# Where one stays years without it being an employer ("at uni for three years", "at sea")
_TENURE_NOT_FIRMS = (
    frozenset({"uni", "school", "home", "church", "sea", "college", "work", "war", "camp", "rehab"})
    | _INSTITUTIONS
)
# What a vocative opening a request is followed by: "Yaw, call the transporter…"
_REQUEST_VERBS = frozenset(
    {"call", "ring", "send", "sort", "check", "fix", "bring", "book", "email", "text", "ping", "tell", "ask"}
    | {"come", "meet", "get", "take", "make", "let", "please", "pls", "can", "could", "remind", "update"}
)
# What kind of place a name is, after it: "Georgia the state"
_PLACE_KINDS = frozenset(
    {"state", "city", "town", "country", "region", "county", "province", "island", "capital", "suburb"}
    | {"village", "river", "lake", "mountain", "valley", "district"}
)
# Verbs whose "to" names the person given to ("I report to Jackson", "handed it to Tyler")
_GIVING = frozenset(
    {"report", "reports", "reported", "reporting", "hand", "hands", "handed", "handing", "give"}
    | {"gives", "gave", "given", "giving", "pass", "passed", "forward", "forwarded", "escalate"}
    | {"escalated", "introduce", "introduced", "listen", "listened", "complain", "complained"}
    | {"explain", "explained", "mention", "mentioned", "apologise", "apologised", "apologize"}
    | {"apologized", "delegate", "delegated", "lend", "lent", "owe", "owed", "answer", "answers"}
)
# What the land a name names is, in lower case after it: "the Amazon region"
# Seasons and months: "Darwin in the wet season", "Florence in the autumn", "Lyon en hiver"
_SEASONS = folded_set(
    word_set(
        "spring summer autumn fall winter season monsoon springtime summertime printemps été hiver automne"
    )
)
_MONTHS = folded_set(
    word_set("""
    january february march april may june july august september october november december
    janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre
    """)
)
# Heads of administrative divisions, after their name ("Baldwin County") or before it
# ("County Durham"): what is named so is land, never someone
_DIVISIONS = frozenset(
    {
        "county",
        "parish",
        "borough",
        "province",
        "prefecture",
        "oblast",
        "governorate",
        "municipality",
        "township",
    }
)
_DIVISION_FIRST = frozenset({"county"})
_REGIONS = frozenset({"region", "rainforest", "basin", "delta", "valley", "river", "coast", "highlands"})
# Prefixes that make English words of English words ("micromanagement")
_PREFIXES = ("micro", "macro", "multi", "over", "under", "inter", "cross", "hyper", "super", "counter")
# What is in a town, not in a person ("the plant in Tracy")
_SITE_NOUNS = _PLACE_HEADS | frozenset(
    {"team", "teams", "school", "schools", "shop", "shops", "farm", "mine", "base", "hub", "lab", "mill"}
)
_MANNER_SUFFIXES = frozenset({"style", "like", "esque", "type", "inspired", "ish"})


# What links or closes the parts of one person's name in many naming customs: a patronymic
# ("Siti Aisyah binti Osman", "Ahmad bin Ismail", "Ravi a/l Muthu") and a generation's
# suffix ("Ricky Delgado Jr.", "John Smith III")
_PATRONYMIC_RE = re.compile(r"[ \u00a0]+(?:bin|binti|bint|ibn|bte|a/l|a/p|s/o|d/o)[ \u00a0]+(?=[A-ZÀ-Ý])")
_NEXT_NAME_RE = re.compile(r"[A-ZÀ-Ý][\w'’-]+")
_GENERATION_RE = re.compile(r",?[ \u00a0]+(?:Jr\.?|Sr\.?|Jnr\.?|Snr\.?|III|II|IV)(?![\w-])")


def _with_lineage(hits: list[Hit], text: str) -> list[Hit]:
    """A person's name with its patronymic and its generation's suffix, so the finding (and
    its suggestion) covers the whole name: "Siti Aisyah binti Osman" is one person, not
    "Siti Aisyah" and "Osman"; "Ricky Delgado Jr." keeps its "Jr."."""
    people = sorted((h for h in hits if h.kind == "person"), key=lambda h: h.start)
    if not people:
        return hits
    others = [h for h in hits if h.kind != "person"]
    joined: list[Hit] = []
    for hit in people:
        if joined and joined[-1].end >= hit.start:
            last = joined[-1]
            joined[-1] = Hit(last.start, max(last.end, hit.end), "person")
            continue
        joined.append(hit)
    out: list[Hit] = []
    for hit in joined:
        link = _PATRONYMIC_RE.match(text, hit.end)
        if link:
            after = _NEXT_NAME_RE.match(text, link.end())
            if after:
                nxt = next((h for h in joined if h.start == after.start()), None)
                hit = Hit(hit.start, nxt.end if nxt else after.end(), "person")
        suffix = _GENERATION_RE.match(text, hit.end)
        if suffix and text[hit.start : hit.start + 1].isupper():
            hit = Hit(hit.start, suffix.end(), "person")
        if out and out[-1].end >= hit.start:
            out[-1] = Hit(out[-1].start, max(out[-1].end, hit.end), "person")
            continue
        out.append(hit)
    return others + out


def split_words(text: str) -> list[Word]:
    """Words with their offsets and whether each starts a sentence."""
    words: list[Word] = []
    for match in _WORD_RE.finditer(text):
        start = match.start()
        if (start > 0 and text[start - 1].isdigit()) or text[match.end() : match.end() + 1].isdigit():
            continue  # letters glued to digits are a code ("DW7S", "B2B", "4G"), never a name
        index = start - 1
        while index >= 0 and text[index] in " \u00a0":
            index -= 1
        is_initial = index < 0 or text[index] in _SENTENCE_END
        raw = match.group(0)
        letters = [c for c in raw if c.isalpha()]
        all_caps = len(letters) >= 2 and all(c.isupper() for c in letters)
        words.append(Word(start, match.end(), raw, fold(raw), is_initial, raw[:1].isupper(), all_caps))
    return words


def load_model() -> Knowledge:
    """Load the screening lexicon (kept under this name for callers that warm it up)."""
    return knowledge()


def _gap(text: str, left: Word, right: Word) -> str:
    return text[left.end : right.start]


def _joined(text: str, left: Word, right: Word, extra: str = "") -> bool:
    """Whether two words belong to the same phrase (only spaces or a comma between)."""
    gap = _gap(text, left, right)
    return len(gap) <= 3 and not gap.strip(" ,\u00a0'’" + extra)


class NameDetector:
    """Finds people and organizations in a normalised text, for one language."""

    def __init__(
        self,
        client_names: Sequence[str] = (),
        allow_words: Sequence[str] = (),
        locale: str = "fr",
    ) -> None:
        self._lang = "en" if locale.startswith("en") else "fr"
        self._roles = _ROLES_EN | _ROLES_FR if self._lang == "en" else _ROLES_FR
        self._never = _NEVER | _CALENDAR_EN if self._lang == "en" else _NEVER
        # French titles ("Me", "M") are words in English; English ones are used in French
        self._titles = folded_set(ENGLISH_TITLES) if self._lang == "en" else _TITLES
        # in English "a" is the article ("a STAR answer", "a arvo"), not a typed "à"
        self._person_links = _PERSON_LINKS - {"a"} if self._lang == "en" else _PERSON_LINKS
        self._knowledge: Knowledge | None = None  # the process-wide table, once looked up
        self._coach_allow = folded_set(tuple(allow_words))
        self._allow = folded_set(DEFAULT_ALLOW_WORDS) | self._coach_allow
        names = sorted({fold(n.strip()) for n in client_names if n and n.strip()}, key=len, reverse=True)
        self._client_re = (
            re.compile(
                r"(?<![^\W_])(?:"
                + "|".join(r"\s+".join(re.escape(p) for p in n.split()) for n in names)
                + r")(?![^\W_])"
            )
            if names
            else None
        )

    @property
    def _k(self) -> Knowledge:
        if self._knowledge is None:
            self._knowledge = knowledge()
        return self._knowledge

    # ------------------------------------------------------------ what the data says

    def facts(self, word: Word) -> WordFacts:
        found = self._k.folded_facts(word.folded)
        if self._lang == "en" and found.is_commune:
            found = replace(found, is_place=False)  # a French village is no place in English text
        if "-" not in word.folded or found.first_fr or found.surname_fr or found.first_en:
            return found
        pieces = word.folded.split("-")
        head = self._k.folded_facts(pieces[0])
        if (
            len(pieces) == 2
            and max(head.first_fr, head.first_en) >= 4.5
            and 2 <= len(pieces[1]) <= 4
            and pieces[1] not in _STOPS
            and pieces[1] not in _NEVER
            and pieces[1] not in ("ci", "la", "là")  # "Celle-ci", "celui-là"
            and not found.is_lexicon
            and not (self._lang == "en" and self._k.folded_facts(pieces[1]).is_lexicon_en)  # "joy-free"
        ):
            # "jean-mi", "yann-ber", "marie-jo": a first name and a short second one
            return replace(found, first_fr=head.first_fr, first_en=head.first_en, is_lexicon=False)
        if not word.is_capitalised and any(
            self._k.folded_facts(p).is_lexicon
            or (self._lang == "en" and self._k.folded_facts(p).is_lexicon_en)
            for p in word.folded.split("-")
        ):
            return found  # "court-circuite", "joy-free": ordinary words joined, not a compound name
        # "Élisabeth-Éléonore", "torres-chevallier": a compound of first names or of
        # surnames is one too, though no file counts it
        pieces = word.folded.split("-")
        if len(pieces) < 2 or any(len(p) < 3 or p in _STOPS or p in _PARTICLES for p in pieces):
            return found
        parts = [self._k.folded_facts(p) for p in pieces]
        first = min(max(p.first_fr, p.first_en) for p in parts)
        surname = min(max(p.surname_fr, p.surname_en) for p in parts)
        if first < 3.0 and surname < 2.3:
            return found
        return replace(
            found,
            first_fr=first if first >= 3.0 else 0.0,
            first_en=first if first >= 3.0 else 0.0,
            surname_fr=surname if surname >= 2.3 else 0.0,
            surname_en=surname if surname >= 2.3 else 0.0,
            is_lexicon=False,
            is_lexicon_en=False,
            is_place=found.is_place,
        )

    def is_town(self, name: str) -> bool:
        """Whether the data knows `name` ("Galway", "Aix-en-Provence", the suburb "Rosebank")
        as a place; the towns and villages that are places only where the text says so
        count too: an address's line says so."""
        folded = fold(name)
        return self._k.facts(folded).is_place or self._k.is_cued_town(folded)

    def _zipf(self, f: WordFacts) -> float:
        """Frequency in the text's language (zipf)."""
        return f.fr if self._lang == "fr" else f.en

    def _is_lexicon(self, f: WordFacts) -> bool:
        """An ordinary word of the text's language per a dictionary (French) or frequency."""
        return f.is_lexicon if self._lang == "fr" else f.is_lexicon_en

    def _first(self, f: WordFacts) -> float:
        """First-name frequency, as log10 of a count of people."""
        intl = 1.2 + 0.3 * f.first_intl if f.first_intl else 0.0
        if self._lang == "fr":
            return max(f.first_fr, min(intl, 3.2))
        return max(f.first_en, f.first_fr - 0.5, min(intl, 4.0))

    def _surname(self, f: WordFacts) -> float:
        return f.surname_fr if self._lang == "fr" else max(f.surname_en, f.surname_fr - 0.5)

    def excess(self, f: WordFacts) -> float:
        """Ordinary use beyond the name use, in zipf units: > 0.3 mostly an ordinary word."""
        cal = self._k.calibration
        lang = self._lang
        total = 0.0
        first, surname = self._first(f), self._surname(f)
        if first > 0:
            total += 10 ** (cal[f"first_{lang}"] + first)
        if surname > 0:
            total += 10 ** (cal[f"surname_{lang}"] + surname)
        zipf = self._zipf(f)
        own = (zipf - math.log10(total)) if total > 0 else (9.0 if zipf > 0 else 0.0)
        if lang == "fr" and f.en >= 4.5 and not f.is_lexicon:
            # an English word in a French message ("meeting", "will")
            own = max(own, f.en - 3.5 - max(0.0, f.first_en - 4.5))
        return own

    def is_blocked(self, word: Word) -> bool:
        """Never part of a name whatever the context: function words, days, titles, roles."""
        return (
            word.folded in self._never
            or word.folded in self._allow
            or len(word.folded) < 2
            or ("-" in word.folded and word.folded.rsplit("-", 1)[1] in _STOPS)
            or ("-" in word.folded and word.folded.rsplit("-", 1)[1] in ("ci", "la", "meme"))  # celle-ci
            # an imperative and its pronoun ("Racontez-moi", "Dis-toi"): a verb, never a name
            or ("-" in word.folded and word.folded.rsplit("-", 1)[1] in ("moi", "toi"))
            or ("-" in word.folded and all(p in self._never for p in word.folded.split("-")))
            # a public body ("IRS told me to wait", "Centrelink called"): no one
            or (word.is_all_caps and word.folded in self._k.public_acronyms)
            or word.folded in self._k.public_names
        )

    def name_strength(self, word: Word) -> float:
        f = self.facts(word)
        return max(self._first(f), self._surname(f))

    def is_mostly_name(self, word: Word) -> bool:
        """The data alone says this word is a name ("erwan", "dubois", "julien")."""
        if self.is_blocked(word) or len(word.folded) < 3:
            return False
        f = self.facts(word)
        first, surname = self._first(f), self._surname(f)
        if first < 2.7 and surname < 2.5:
            return False
        if first < 3.3 and surname < 2.5 and (self._is_lexicon(f) or self._zipf(f) >= 3.2):
            return False
        if f.is_place and first < 4.0 and surname < 3.0:
            return False
        if word.is_capitalised and self._is_famous_place(word, f):
            # "Madrid", "Sydney", "India": text names the place ten times as often as the
            # people of that name explain; a cue still makes it someone ("Sydney said")
            return False
        if (
            self._lang == "en"
            and not word.is_capitalised
            and (f.is_lexicon_en or (f.is_lexicon and f.fr >= 4.0))
        ):
            return False  # English writers capitalise names; a lower-case dictionary word is a word
        if (
            self._lang == "en"
            and not word.is_capitalised
            and f.first_en == 0
            and f.first_fr < 2.0
            and not f.first_intl
        ):
            return False  # only ever a surname: rarely typed alone in lower case ("noone", "loo")
        # English keeps names out of its dictionary's lower-case words, so a name outside it
        # may be frequent in text and still be a name ("oliver", "fiona")
        limit = 0.35 if self._is_lexicon(f) else 1.6 if self._lang == "en" else 0.9
        return self.excess(f) < limit

    def _is_famous_place(self, word: Word, f: WordFacts) -> bool:
        """A place (or a town named like people) whose text frequency is ten times what its
        name use explains ("Madrid", "Sydney", "India", "Adelaide"; not "Florence",
        "Jackson", "Austin"; not a dictionary word, whose frequency is the word's: "Ange")."""
        # a town named like people counts when text names it often (zipf 3.8: a few times in
        # a million words): "Adelaide", not the small town "Skye" of a colleague's name
        town = word.folded in self._k.name_towns and max(f.fr, f.en) >= 3.8
        return (f.is_place or town) and not (f.is_lexicon or f.is_lexicon_en) and self.excess(f) >= 1.0

    def is_maybe_name(self, word: Word) -> bool:
        """A name in the data, even if also an ordinary word ("pierre", "rose", "martin")."""
        if self.is_blocked(word) or len(word.folded) < 2:
            return False
        f = self.facts(word)
        return self._first(f) >= 2.9 or self._surname(f) >= 2.6

    def _is_cued_name(self, f: WordFacts) -> bool:
        """Enough of a name for a cue to make it one: in some name file, and if it is also
        a word of the text's language, a common first name ("Hope, our head…"; not
        "Coffee, my only friend" nor "Fine, my boss said")."""
        if not self._is_any_name(f):
            return False
        return (
            not (self._is_lexicon(f) or (f.is_lexicon_en and self._lang == "en"))
            or max(self._first(f), f.first_fr, f.first_en) >= 3.3
        )

    def _is_any_name(self, f: WordFacts) -> bool:
        """A name in some file, in either language ("Bill" in a French message)."""
        return max(f.first_fr, f.first_en, f.surname_fr, f.surname_en) >= 2.5 or f.first_intl >= 3

    def is_unknown(self, word: Word) -> bool:
        """No lexicon knows it as an ordinary word (a rare name, a company, a brand)."""
        if self.is_blocked(word) or _too_short(word):
            return False
        f = self.facts(word)
        if f.is_place or f.is_eponym:
            return False
        if not word.is_capitalised and any(
            self._k.facts(part).is_lexicon or self._k.facts(part).is_lexicon_en
            for part in word.folded.split("-")[: 2 if "-" in word.folded else 0]
        ):
            return False  # "court-circuite": ordinary words joined by a hyphen
        zipf = self._zipf(f)
        if self._lang == "en":
            if not word.is_capitalised and self._is_compound_word(word.folded, f):
                return False  # "offsite", "workstream": two everyday words run together
            if word.is_initial and self._is_prefixed_word(word.folded, f):
                return False  # "Micromanagement is…": a sentence's capital says nothing
            return not f.is_lexicon_en and zipf < 3.4 and f.fr < 4.5
        if f.is_lexicon:
            return False
        return zipf < 3.4 and f.en < 3.8

    def _is_compound_word(self, folded: str, f: WordFacts) -> bool:
        """Two frequent English dictionary words run together, and no name: "offsite",
        "workstream", "headcount" (not "rosebank": a place; not "jackson": a name)."""
        if len(folded) < 6 or not folded.isalpha() or self._is_any_name(f) or f.first_intl:
            return False
        for cut in range(3, len(folded) - 2):
            head, tail = self._k.folded_facts(folded[:cut]), self._k.folded_facts(folded[cut:])
            if head.is_lexicon_en and tail.is_lexicon_en and min(head.en, tail.en) >= 4.0:
                return True
        return self._is_prefixed_word(folded, f)

    def _is_prefixed_word(self, folded: str, f: WordFacts) -> bool:
        """A prefix before a frequent English word, in a word English text uses and no file
        holds as a name ("micromanagement", "overcommunication"): the word lists hold few
        such derivations."""
        if len(folded) < 9 or f.en <= 0 or not folded.isalpha() or self._is_any_name(f) or f.first_intl:
            return False
        for prefix in _PREFIXES:
            if folded.startswith(prefix):
                tail = self._k.folded_facts(folded[len(prefix) :])
                if tail.is_lexicon_en and tail.en >= 4.0:
                    return True
        return False

    def is_ordinary(self, word: Word) -> bool:
        """An everyday word of the language (or of English), whatever names it may also be."""
        f = self.facts(word)
        return self.excess(f) >= 0.9 and (self._zipf(f) >= 3.0 or f.en >= 4.0 or self._is_lexicon(f))

    def _is_acronym(self, word: Word) -> bool:
        """RH, PME, NPS: a common abbreviation (a known one, a dictionary word, or very
        frequent in text), not someone's initials ("JP", "MC" are frequent too)."""
        f = self.facts(word)
        return (
            word.folded in _ACRONYMS
            or word.folded in self._allow
            or self._is_lexicon(f)
            or f.is_place
            or max(f.fr, f.en) >= 4.3
        )

    # ------------------------------------------------------------ detection

    def detect(self, text: str) -> list[Hit]:
        words = self._title_case_lowered(split_words(text), text)
        clean = self._suppressed(words, text)
        hits: list[Hit] = []
        hits.extend(self._clients(text))
        orgs, org_words = self._organizations(words, text, clean)
        hits.extend(orgs)
        hits.extend(self._spaced(text))
        hits.extend(Hit(m.start(), m.end(), "person") for m in _HANDLE_RE.finditer(text))
        hits.extend(self._labelled(text))
        taken = clean | org_words
        hits.extend(
            self._with_initial(self._with_nickname(self._with_particles(h, words, text), words, text), text)
            for h in self._people(words, text, taken)
            if not self._is_typo(h, words, text)
        )
        hits.extend(self._initial_and_surname(words, text, taken))
        hits.extend(self._org_cues(words, text, taken))
        hits.extend(self._unknown_after_link(words, text, taken))
        hits.extend(self._institutions(words, text))
        hits.extend(self._saint_institutions(words, text))
        hits.extend(self._firm_in_apposition(words, text, taken))
        hits.extend(self._school_before_degree(words, text, taken))
        hits.extend(self._employer_by_tenure(words, text, taken))
        hits.extend(self._vocative(words, text, taken))
        hits.extend(self._named_by_domain(words, text, taken))
        hits.extend(self._listed_with_orgs(words, text, hits, clean))
        hits = _with_lineage(hits, text)
        return [h for h in hits if h.kind == CLIENT or not self._is_coach_allowed(text[h.start : h.end])]

    def _is_coach_allowed(self, span: str) -> bool:
        """The coach's `screening.allow_words` hold the whole span, or each of its words:
        such a span is never flagged, whichever rule found it (a person, a firm)."""
        if not self._coach_allow:
            return False
        spanned = split_words(span)
        return fold(span.strip()) in self._coach_allow or (
            bool(spanned) and all(w.folded in self._coach_allow for w in spanned)
        )

    def _title_case_lowered(self, words: list[Word], text: str) -> list[Word]:
        """Words of a title-cased line read as if in lower case: in "Re: Q3 Headcount
        Planning – Final V2" or "Lunar New Year Rota And Bonus Questions" every word has
        its capital, so a capital says nothing of a name (a name there still counts by
        what the data says of it: "Meeting With Sarah Jones"). A line is title-cased when
        four of its content words or more have a capital, all but one at most, and three in
        four of those are dictionary words (not a signature: "Jean Dupont, Acme Conseil")."""
        if sum(1 for w in words if w.is_capitalised) < 4:
            return words
        out = list(words)
        line_start = 0
        for line in text.split("\n"):
            line_end = line_start + len(line)
            in_line = [n for n, w in enumerate(words) if line_start <= w.start < line_end]
            line_start = line_end + 1
            if any(c in line for c in ",|·•"):
                continue  # parts of a signature ("Theatre Nurse, Clinique du Parc Lyon")
            index = [n for n in in_line if words[n].folded not in _STOPS and len(words[n].folded) >= 3]
            capitals = [n for n in index if words[n].is_capitalised and not words[n].is_all_caps]
            if len(capitals) < 4 or len(index) - len(capitals) > 1:
                continue
            ordinary = 0
            for n in capitals:
                f = self.facts(words[n])
                ordinary += f.is_lexicon or f.is_lexicon_en
            if ordinary * 4 < len(capitals) * 3 or any(
                words[n].folded in self._roles or words[n].folded in _FIRM_WORDS for n in index
            ):
                continue  # a signature's job line: "Senior Account Manager | Lee Valley Foods Ltd"
            for n in capitals:
                if n != in_line[0]:  # the line's first word keeps its capital: a sentence start
                    out[n] = replace(words[n], is_capitalised=False)
        return out

    def _with_nickname(self, hit: Hit, words: list[Word], text: str) -> Hit:
        """What is written before a first name as part of it: a nickname's adjective ("Big
        Mike", "le Grand Jacques", "Ti Jean") or a short form no dictionary holds ("Manu
        Ferrer")."""
        if hit.kind != "person":
            return hit
        index = next((n for n, w in enumerate(words) if w.start == hit.start), None)
        if not index or _gap(text, words[index - 1], words[index]) != " ":
            return hit
        prev = words[index - 1]
        if not prev.is_capitalised or prev.is_all_caps or prev.folded in self._titles:
            return hit
        if prev.folded in _NICKNAME_WORDS:
            return Hit(prev.start, hit.end, hit.kind)
        f = self.facts(prev)
        if (
            self.is_blocked(prev)
            or len(prev.folded) < 3
            or prev.folded in self._roles
            or f.is_lexicon
            or f.is_lexicon_en
            or f.is_place
            or f.is_eponym
            or max(f.fr, f.en) >= 4.0
        ):
            return hit
        return Hit(prev.start, hit.end, hit.kind)

    @staticmethod
    def _with_initial(hit: Hit, text: str) -> Hit:
        """A first name and the initial of a surname after it: "Tony D", "Josh K" (not "Tom
        and I": "I" is the writer)."""
        if hit.kind != "person" or not text[hit.start : hit.start + 1].isupper():
            return hit
        match = _TRAILING_INITIAL_RE.match(text, hit.end)
        return Hit(hit.start, hit.end + 2, hit.kind) if match else hit

    def _with_particles(self, hit: Hit, words: list[Word], text: str) -> Hit:
        """A surname with the particles before it, the first capitalised: "Van der Merwe",
        "De Souza", "Von Trapp" (a sentence may open with them, so no title is needed)."""
        index = next((i for i, w in enumerate(words) if w.start == hit.start), None)
        if index is None or hit.kind != "person":
            return hit
        j = index
        while (
            j > 0
            and index - j < 2
            and words[j - 1].folded in _PARTICLES
            and _gap(text, words[j - 1], words[j]) == " "
        ):
            j -= 1
        while j < index and not words[j].is_capitalised and not words[j].is_initial:
            j += 1  # "la femme de Souza": the first particle must be capitalised (or open the text)
        if j == index or words[j].folded in ("le", "la", "el", "al", "des"):
            return hit  # "Le Gall" is a particle's job for _people; "La Rochelle", "El Niño"
        return Hit(words[j].start, hit.end, hit.kind)

    def _is_town(self, word: Word) -> bool:
        return word.is_capitalised and (self.facts(word).is_place or self._k.is_cued_town(word.folded))

    def _is_town_here(self, words: list[Word], i: int, text: str) -> bool:
        """Whether a town (one the data knows, or one whose name is also a name) is used as
        a place here: after "in", "to", "from"… (not after a verb of telling: "spoke to
        Preston"), listed with another place ("Sydney and Adelaide"), before what a place
        has ("the Chester office", "Victoria station") or before its region ("Victoria,
        British Columbia")."""
        word = words[i]
        if not self._is_town(word):
            return False
        prev = words[i - 1] if i > 0 else None
        nxt = words[i + 1] if i + 1 < len(words) else None
        if prev is not None and _joined(text, prev, word) and not word.is_initial:
            if prev.folded in _TOWN_LINKS and not (
                i > 1
                and (
                    # "spoke to Preston", not "met in Jackson": one tells someone, not in them
                    (words[i - 2].folded in _TELLING and prev.folded not in _PLACE_FRAME_EN)
                    # "I report to Jackson", "handed the keys to Tyler": one gives to people
                    or (prev.folded == "to" and self._gives_to(words, i))
                    or words[i - 2].folded in _ORG_CUES
                    or self._employer_before(words, i)
                )
            ):
                return True
            gap = _gap(text, prev, word).strip()
            j = i - 2 if prev.folded in ("and", "or") else i - 1 if gap in (",", "&") else -1
            if j >= 0 and self._is_town(words[j]):
                before = words[j]
                if self.facts(before).is_place or (j > 0 and words[j - 1].folded in _TOWN_LINKS):
                    return True  # "between Sydney and Adelaide", "in Austin and Charlotte"
        if nxt is not None and _gap(text, word, nxt) == " " and nxt.folded in _PLACE_HEADS:
            return True
        if (
            nxt is not None
            and nxt.folded == "head"
            and i + 2 < len(words)
            and words[i + 2].folded in ("office", "offices")
        ):
            return True  # "Sydney head office"
        return (
            nxt is not None
            and _gap(text, word, nxt).strip() == ","
            and nxt.is_capitalised
            and self.facts(nxt).is_place
            and not self.is_maybe_name(nxt)
        )

    @staticmethod
    def _gives_to(words: list[Word], i: int) -> bool:
        """Whether "to" before words[i] follows a verb of giving or reporting, up to three
        words back ("report to", "handed the keys to", "gave it back to")."""
        for j in range(i - 2, max(-1, i - 6), -1):
            if words[j].folded in _GIVING:
                return True
            if words[j].is_capitalised and not words[j].is_initial:
                return False
        return False

    def _employer_before(self, words: list[Word], i: int) -> bool:
        """ "my old manager at Argos", "an offer from Tesco", "le poste chez X": the word
        after names someone's employer, not a place, whatever village shares its name."""
        return (
            i > 1
            and words[i - 1].folded in _EMPLOYER_LINKS
            and (words[i - 2].folded in self._roles or words[i - 2].folded in _EMPLOYER_NOUNS)
        )

    def _is_typo(self, hit: Hit, words: list[Word], text: str) -> bool:
        """A one-word finding that no name file knows and that one edit turns into a frequent
        word of the language: a typo ("Wrking from home", "la persone"), unless a title, a
        role or a naming verb announces it ("Mr Wrking")."""
        index = next((i for i, w in enumerate(words) if w.start == hit.start), None)
        if index is None or words[index].end != hit.end or hit.kind != "person":
            return False
        word = words[index]
        if len(word.folded) < 6 or not word.folded.isalpha() or word.is_all_caps:
            return False
        f = self.facts(word)
        # a common misspelling is frequent itself ("recieved"): the word it misses must be
        # far more frequent still
        zipf = max(f.fr, f.en)
        if self._is_any_name(f) or f.first_intl or zipf >= 3.5:
            return False
        prev = words[index - 1] if index > 0 else None
        if prev is not None and (
            prev.folded in self._titles or prev.folded in _NAMING or self._role_before(words, index, text)
        ):
            return False
        # a long word one edit from a dictionary word is a typo even if that word is rarer
        # ("appraisel", "autocorect"): names that long are seldom one edit from a word
        floor = 4.5 if len(word.folded) < 8 else 3.0
        return self._k.is_typo_of_word(word.folded, self._lang, min_zipf=max(floor, zipf + 1.5))

    def _is_bare_unknown(self, word: Word) -> bool:
        """A lower-case word that no dictionary, name file or place list holds, rare in
        text, and no typo of a frequent word: a firm's or a brand's name ("monzo")."""
        if word.is_capitalised or len(word.folded) < 4 or not word.folded.isalpha() or self.is_blocked(word):
            return False
        f = self.facts(word)
        # (in English text the French lemma table counts only for words frequent in French:
        # it holds English brands' plurals, "currys")
        french = f.is_lexicon and (self._lang == "fr" or f.fr >= 3.0)
        if french or f.is_lexicon_en or f.is_place or f.is_eponym:
            return False
        # a first name is the person detector's ("with priya"); a surname alone is a firm here
        if max(f.first_fr, f.first_en) >= 2.5 or f.first_intl:
            return False
        if max(f.fr, f.en) >= 3.0 or word.folded in self._k.idioms:
            return False
        if not any(c in "aeiouy" for c in word.folded):
            return False  # "tmrw", "bfr": shorthand, not a brand
        return not self._k.is_typo_of_word(word.folded, self._lang, min_zipf=4.5)

    def _institutions(self, words: list[Word], text: str) -> Iterator[Hit]:
        """ "University of Exeter", "Université de Lille", "Bristol University", "King's
        College": a school or hospital named by its town or founder is an employer."""
        count = len(words)
        for i, word in enumerate(words):
            if word.folded not in _INSTITUTIONS:
                continue
            j = i + 1
            if not word.is_capitalised:
                # "le chu de lille", "l'hôpital de Rennes": in lower case, only before its town
                if (
                    j + 1 < count
                    and words[j].folded in ("de", "d", "of")
                    and _joined(text, word, words[j], "'’")
                    and _joined(text, words[j], words[j + 1], "'’")
                    and self.facts(words[j + 1]).is_place
                ):
                    yield Hit(word.start, words[j + 1].end, "organization")
                continue
            if (
                j < count
                and word.is_all_caps
                and words[j].is_capitalised
                and not words[j].is_all_caps
                and _gap(text, word, words[j]) == " "
                and not self.is_blocked(words[j])
                and not self.facts(words[j]).is_place
            ):
                yield Hit(word.start, words[j].end, "organization")  # "CHU Dupuytren"
                continue
            if (
                j + 1 < count
                and words[j].folded in ("of", "de", "du", "d")
                and _joined(text, word, words[j], "'’")
            ):
                head = self.facts(words[j + 1])
                # a town or a founder's name, not a trade ("College of Nurses" is a regulator)
                named = head.is_place or not (head.is_lexicon or head.is_lexicon_en)
                k = j + 1
                while (
                    named
                    and k < count
                    and k - j <= 3
                    and words[k].is_capitalised
                    and _joined(text, words[k - 1], words[k], "'’")
                ):
                    k += 1
                if k > j + 1:
                    yield Hit(word.start, words[k - 1].end, "organization")
                    continue
            if i > 0 and words[i - 1].is_capitalised and _gap(text, words[i - 1], word) == " ":
                before = words[i - 1]
                if self.facts(before).is_place or (not self.is_blocked(before) and self.is_unknown(before)):
                    yield Hit(before.start, word.end, "organization")

    def _saint_institutions(self, words: list[Word], text: str) -> Iterator[Hit]:
        """A school, a hospital or a college named after a saint: "St Luke's Hospital",
        "St. Gregorios Mission Hospital", "Saint Joseph's College", "le lycée saint-antoine
        de brive", "la clinique Sainte-Anne". The saint's name alone is no one, and the whole
        names an employer or a school, in many countries' naming."""
        count = len(words)
        for i, word in enumerate(words):
            folded = word.folded
            if folded in _SAINT_HEADS and word.is_capitalised:
                # back over the name's words to the saint: "St. Gregorios Mission Hospital"
                j = i
                while j > 0 and i - j < 5:
                    before = words[j - 1]
                    gap = _gap(text, before, words[j])
                    if before.folded in _SAINTS and before.is_capitalised and gap in (" ", ". ", "-"):
                        yield Hit(before.start, word.end, "organization")
                        break
                    if (
                        before.text == "s"
                        and gap == " "
                        and j > 1
                        and _gap(text, words[j - 2], before) in ("'", "’")
                        and words[j - 2].is_capitalised
                    ):
                        j -= 2  # "St Luke's Hospital": the saint's possessive
                        continue
                    if not before.is_capitalised or gap not in (" ", "-") or self.is_blocked(before):
                        break
                    j -= 1
            elif folded in _SAINT_FIRST and i + 1 < count:
                # "lycée saint-antoine de brive", "collège Sainte-Marie": the saint after
                nxt = words[i + 1]
                head, _, rest = nxt.folded.partition("-")
                if head not in _SAINTS or not rest or _gap(text, word, nxt) != " ":
                    continue
                end = nxt.end
                if (
                    i + 3 < count
                    and words[i + 2].folded in ("de", "d")
                    and _joined(text, nxt, words[i + 2])
                    and _joined(text, words[i + 2], words[i + 3], "'’")
                    and (self.facts(words[i + 3]).is_place or self._k.is_short_town(words[i + 3].folded))
                ):
                    end = words[i + 3].end  # "de brive": its town
                yield Hit(word.start, end, "organization")

    def _named_trade(self, words: list[Word], i: int, text: str) -> bool:
        """A trade in lower case, then a name in capitals ("la coopérative Terres Vives")."""
        word = words[i]
        if word.folded not in _NAMED_TRADES or word.is_capitalised or i + 1 >= len(words):
            return False
        nxt = words[i + 1]
        if not nxt.is_capitalised or nxt.is_all_caps or _gap(text, word, nxt) != " ":
            return False
        if nxt.folded in ("le", "la", "les", "l"):
            return i + 2 < len(words) and words[i + 2].is_capitalised
        return not self.is_blocked(nxt)

    def _listed_with_orgs(
        self, words: list[Word], text: str, hits: list[Hit], clean: set[int]
    ) -> Iterator[Hit]:
        """Capitalised words listed beside a firm found ("Santam and Old Mutual Insure",
        "Apollo Hospitals and KIMS", "Airtel et Zamtel"): firms too, unless a common first
        name, a place or a known abbreviation ("Orange and HR", "Airtel in Lusaka")."""
        orgs = sorted((h for h in hits if h.kind in ("organization", CLIENT)), key=lambda h: h.start)
        if not orgs:
            return
        starts = {w.start: n for n, w in enumerate(words)}
        ends = {w.end: n for n, w in enumerate(words)}
        count = len(words)
        for hit in orgs:
            last, first = ends.get(hit.end), starts.get(hit.start)
            # the run after the firm: "Santam and [Old Mutual Insure]"
            begin = self._list_step(words, text, last, 1) if last is not None else None
            if begin is not None:
                stop = begin
                while (
                    stop < count
                    and stop - begin < 4
                    and self._is_org_part(words[stop], clean, stop)
                    and (stop == begin or _gap(text, words[stop - 1], words[stop]) in (" ", "-"))
                ):
                    stop += 1
                if stop > begin and self._is_listed_org(words[begin:stop]):
                    yield Hit(words[begin].start, words[stop - 1].end, "organization")
            # the run before it: "[KIMS] and Apollo Hospitals"
            end = self._list_step(words, text, first, -1) if first is not None else None
            if (
                end is not None
                and first is not None
                and words[first].is_all_caps
                and words[first].folded in _LEGAL
            ):
                end = None  # "R. Le Bihan, SCI Les Jardins": a signature's name, then the firm
            if end is not None:
                begin = end
                while (
                    begin > 0
                    and end - begin < 3
                    and self._is_org_part(words[begin - 1], clean, begin - 1)
                    and _gap(text, words[begin - 1], words[begin]) in (" ", "-")
                ):
                    begin -= 1
                if self._is_org_part(words[begin], clean, begin) and self._is_listed_org(
                    words[begin : end + 1]
                ):
                    yield Hit(words[begin].start, words[end].end, "organization")

    def _list_step(self, words: list[Word], text: str, i: int, step: int) -> int | None:
        """The index of the word listed next to words[i] in direction `step` (a comma, a
        slash, "and", "et", "or", "ou" between), or None."""
        j = i + step
        if not 0 <= j < len(words):
            return None
        left, right = (words[i], words[j]) if step > 0 else (words[j], words[i])
        if self._listed(text, left, right):
            return j
        k = j + step
        if words[j].folded in ("and", "et", "or", "ou") and 0 <= k < len(words):
            before, after = (words[i], words[k]) if step > 0 else (words[k], words[i])
            if _gap(text, before, words[j]).strip() in ("", ",") and _gap(text, words[j], after) == " ":
                return k
        return None

    def _is_org_part(self, word: Word, clean: set[int], index: int) -> bool:
        if not word.is_capitalised or index in clean or self.is_blocked(word):
            return False
        f = self.facts(word)
        # a sentence's first word only if no dictionary holds it ("(Safaricom and Airtel")
        return not word.is_initial or word.is_all_caps or not (f.is_lexicon or f.is_lexicon_en)

    def _is_listed_org(self, run: list[Word]) -> bool:
        """Whether a capitalised run listed beside a firm may be a firm itself."""
        head = run[0]
        f = self.facts(head)
        if head.is_all_caps and len(head.folded) <= 4 and self._is_acronym(head):
            return False  # "Orange and HR"
        if len(run) == 1 and (f.is_place or f.is_eponym or self._k.is_cued_town(head.folded)):
            return False  # "Airtel, Lusaka"
        if self._first(f) >= 3.5 and len(run) <= 2 and not head.is_all_caps:
            return False  # "Airtel and Sarah", "BNP et Julie Martin": people
        if any(self._first(self.facts(w)) >= 3.5 and not self._is_lexicon(self.facts(w)) for w in run[1:]):
            return False  # "DUPONT Julien, MARTIN Anne": people, surname first
        return not all(self._is_lexicon(self.facts(w)) and not w.is_all_caps for w in run)

    def _is_rare_word(self, word: Word) -> bool:
        """A dictionary word rarely written ("lupin"), listed after a firm: a firm too."""
        f = self.facts(word)
        return (
            len(word.folded) >= 4
            and not self.is_blocked(word)
            and max(f.fr, f.en) < 3.0
            and not f.is_place
            and max(f.first_fr, f.first_en) < 2.5
        )

    def _unknown_after_link(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        """ "leaving the bank for monzo", "the manager from greggs", "claims from bupa and
        petsy": after a preposition that takes a firm, a word no lexicon knows is one."""
        for i in range(1, len(words)):
            word, prev = words[i], words[i - 1]
            if i in taken or prev.folded not in _ORG_LINKS or not _joined(text, prev, word):
                continue
            if not self._is_bare_unknown(word):
                continue
            yield Hit(word.start, word.end, "organization")
            if (
                i + 2 < len(words)
                and words[i + 1].folded in ("and", "et", "or", "ou", "&")
                and i + 2 not in taken
                and not words[i + 2].is_capitalised
                and (self._is_bare_unknown(words[i + 2]) or self._is_rare_word(words[i + 2]))
            ):
                yield Hit(words[i + 2].start, words[i + 2].end, "organization")

    def _named_by_domain(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        """Capitalised words spelling the domain of a link or an e-mail address in the same
        message are the firm it belongs to: "Arvalia Conseil" beside www.arvalia-conseil.fr,
        "Coop Val d'Oust" beside …@coop-valdoust.fr (a signature names its firm twice)."""
        if "." not in text:
            return
        hosts = _LOCAL_PART_RE.sub(" ", fold(text))
        labels = {m.group(1).replace("-", "") for m in _DOMAIN_RE.finditer(hosts)}
        labels = {label for label in labels if len(label) >= 5}
        if not labels:
            return
        count = len(words)
        for i in range(count):
            if i in taken or not words[i].is_capitalised or "@" in text[words[i].start - 1 : words[i].start]:
                continue
            joined = ""
            for j in range(i, min(count, i + 4)):
                w = words[j]
                if j > i and (_gap(text, words[j - 1], w) not in (" ", "'", "’", " & ", "-") or j in taken):
                    break
                if text[w.end : w.end + 1] in ".@" and text[w.end + 1 : w.end + 2].isalnum():
                    break  # the link or the address itself
                joined += w.folded.replace("-", "").replace("'", "")
                if joined in labels:
                    yield Hit(words[i].start, w.end, "organization")
                    break

    def _school_before_degree(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        """ "a CMU degree", "my UCT diploma", "les alumni de l'ESSEC" aside: capitals that
        are no known abbreviation, after a determiner and before a degree, name the school
        (a field would be a known abbreviation or a word: "an HR degree", "a STEM degree")."""
        for i in range(1, len(words) - 1):
            word, nxt, prev = words[i], words[i + 1], words[i - 1]
            if (
                i in taken
                or not word.is_all_caps
                or not 3 <= len(word.folded) <= 5
                or nxt.folded not in _DEGREES
                or prev.folded not in _DETERMINERS[self._lang]
                or not _joined(text, prev, word)
                or not _joined(text, word, nxt)
                or self._is_acronym(word)
            ):
                continue
            yield Hit(word.start, word.end, "organization")

    def _firm_in_apposition(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        """ "Mon ancien employeur, Habitat, a fermé…", "our supplier, Northgate, is late":
        capitalised words set between commas after what names a firm (an employer, a
        supplier, an agency) are that firm, even when they are ordinary words; not a place
        ("l'agence, Lyon, ferme")."""
        count = len(words)
        for i in range(count - 1):
            noun = words[i]
            if noun.folded not in _CLIENT_NOUNS or _gap(text, noun, words[i + 1]).strip() != ",":
                continue
            j = i + 1
            first = j + 1 if words[j].folded in _FIRM_ARTICLES and words[j].is_capitalised else j
            stop = first
            while stop < count and stop - j < 5 and stop not in taken:
                w = words[stop]
                if stop > j and _gap(text, words[stop - 1], w) != " ":
                    break
                # "Les Jardins du Lac": in lower case only a particle between capitalised words
                if not w.is_capitalised and not (
                    w.folded in _FIRM_JOINS
                    and stop + 1 < count
                    and words[stop + 1].is_capitalised
                    and _gap(text, w, words[stop + 1]) in (" ", "'", "’")
                ):
                    break
                stop += 1
            if stop == first or first >= count or self.is_blocked(words[first]):
                continue
            close = text[words[stop - 1].end : words[stop - 1].end + 2].strip()[:1]
            if close not in (",", ".", ")", "!", "?", ";", ""):
                continue  # "notre client, Monsieur Durand a dit": not set apart
            run = words[j:stop]
            phrase = " ".join(w.folded for w in run)
            if self._k.folded_facts(phrase).is_place or (len(run) == 1 and self._is_town(run[0])):
                continue
            if len(run) == 1 and self._first(self.facts(run[0])) >= 3.5:
                continue  # "my partner, Sam, says": someone, left to the rules for people
            if all(w.is_all_caps and self._is_acronym(w) for w in run):
                continue  # "notre banque, BNP…" is found by the list; "le client, RH, …" is no firm
            yield Hit(run[0].start, run[-1].end, "organization")

    def _employer_by_tenure(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        """ "before this i was with grab for two years", "i've been at zurich eleven years":
        what one was at, with or for, for a count of years or months, is an employer, even an
        ordinary word or a town; not a determiner, a frequent word ("at home for two years")
        nor a place of study or life ("at uni", "at sea")."""
        count = len(words)
        for i in range(1, count - 1):
            link, verb = words[i], words[i - 1]
            if link.folded not in _TENURE_LINKS or verb.folded not in _TENURE_VERBS:
                continue
            j = i + 1
            first = words[j]
            if j in taken or not _joined(text, link, first) or self.is_blocked(first):
                continue
            if first.folded in _TENURE_NOT_FIRMS or first.folded in self._roles:
                continue
            stop = j + 1  # "li & fung", "Direct Line": joined by "&" or capitalised together
            while stop < count and stop - j < 4 and stop not in taken:
                gap = _gap(text, words[stop - 1], words[stop])
                if gap.strip() == "&" or (gap == " " and first.is_capitalised and words[stop].is_capitalised):
                    stop += 1
                    continue
                break
            if not _TENURE_RE.match(text, words[stop - 1].end):
                continue
            if stop - j == 1 and max(self.facts(first).en, self.facts(first).fr) >= 4.7:
                continue
            yield Hit(first.start, words[stop - 1].end, "organization")

    def _vocative(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        """ "Yaw, call the transporter…": a capitalised word opening a sentence or a quote,
        set off by a comma before a request, is whom it is addressed to; only a rare word
        or one the name files hold ("Pearl, ring me"), not "Honestly, call it…"."""
        for i in range(len(words) - 1):
            word, nxt = words[i], words[i + 1]
            if i in taken or not word.is_initial or not word.is_capitalised or word.is_all_caps:
                continue
            if _gap(text, word, nxt) != ", " or nxt.folded not in _REQUEST_VERBS or nxt.is_capitalised:
                continue
            if self.is_blocked(word) or word.folded in self._roles or word.folded in self._titles:
                continue
            f = self.facts(word)
            zipf = max(f.en, f.fr)
            named = max(f.first_en, f.first_fr) >= 3.5 or f.first_intl >= 3
            if f.is_place or f.is_eponym or not (zipf < 3.5 or (named and zipf < 4.5)):
                continue
            yield Hit(word.start, word.end, "person")

    def _labelled(self, text: str) -> Iterator[Hit]:
        """The value of a form's name field ("Nom : Kowalczyk", "Name: Ravi Menon")."""
        for match in _LABELLED_RE.finditer(text):
            head = split_words(match.group("value"))[:1]
            if head and not self.is_blocked(head[0]) and not self.facts(head[0]).is_place:
                yield Hit(match.start("value"), match.end("value"), "person")
        for match in _INVERTED_NAME_RE.finditer(text):
            last, first = split_words(match.group("last"))[0], split_words(match.group("first"))[0]
            if not any(
                self.is_blocked(w) or self.facts(w).is_place or w.folded in _LEGAL for w in (last, first)
            ):
                yield Hit(match.start("last"), match.end("first"), "person")
        for match in _LABELLED_ORG_RE.finditer(text):
            head = split_words(match.group("value"))[:1]
            if head and not self.is_blocked(head[0]):
                yield Hit(match.start("value"), match.end("value"), "organization")

    def _clients(self, text: str) -> Iterator[Hit]:
        if self._client_re is None:
            return
        for match in self._client_re.finditer(fold(text)):
            yield Hit(match.start(), match.end(), CLIENT)

    def _spaced(self, text: str) -> Iterator[Hit]:
        """ "M a r t i n e", "M.a.r.t.i.n.e": letters spaced out to hide a name."""
        last_end = -1
        for match in _SPACED_RE.finditer(text):
            letters = "".join(c for c in match.group(0) if c.isalpha())
            start = match.start()
            if last_end >= 0 and 0 < start - last_end <= 4 and not text[last_end:start].strip():
                # "K e v i n  O s e i": letters spaced out right after a spaced-out name are
                # its surname, whatever the data knows of them
                last_end = match.end()
                yield Hit(start, match.end(), "person")
                continue
            # "à M a r t i n e": the preposition is no letter of the name
            for skip in (1, 0) if letters[:1].lower() in ("à", "a", "y") else (0, 1):
                word = letters[skip:]
                if len(word) < 4:
                    break
                f = self._k.facts(word)
                if self._first(f) >= 2.5 or self._surname(f) >= 2.5 or (not f.is_known and skip == 0):
                    offset = (
                        start
                        if skip == 0
                        else start + len(match.group(0)) - len(match.group(0)[1:].lstrip(" .-_"))
                    )
                    last_end = match.end()
                    yield Hit(offset, match.end(), "person")
                    break

    def _suppressed(self, words: list[Word], text: str) -> set[int]:
        """Words that are a model's name, a cited author or an idiom ("loi de Pareto")."""
        k = self._k
        out: set[int] = self._cited_authors(words, text)
        count = len(words)
        # what the checks below need, looked up once ("the Charity Commission", "la
        # Saint-Patrick", "Bloom's taxonomy")
        has_body = any(w.folded in _PUBLIC_HEADS for w in words)
        has_saint = any(w.folded in _SAINTS or w.folded.startswith(("saint-", "st-")) for w in words)
        has_possessive = "'s" in text or "’s" in text
        for i, word in enumerate(words):
            nxt = words[i + 1] if i + 1 < count else None
            # comme dit Simon Sinek / as Brené Brown says
            if nxt is not None and f"{word.folded} {nxt.folded}" in k.authors:
                out.update((i, i + 1))
                continue
            # robbing Peter to pay Paul, rendre à César, the full monty: an idiom of several words
            for phrase in k.idiom_phrases.get(word.folded, ()):
                if i + len(phrase) <= count and all(
                    words[i + m].folded == part for m, part in enumerate(phrase)
                ):
                    out.update(range(i, i + len(phrase)))
                    break
            if i in out:
                continue
            # "st etienne", "ste foy", "saint quentin": a Saint-… commune typed without its hyphen
            if (
                word.folded in _SAINTS
                and nxt is not None
                and _gap(text, word, nxt) in (" ", ". ", ".")
                and k.folded_facts(f"{_SAINTS[word.folded]}-{nxt.folded}").is_place
            ):
                out.update((i, i + 1))
                continue
            # Nova Scotia, Sri Lanka, New South Wales: a place of several words (in lower case
            # after "in", "à"…: "out in milton keynes")
            lower_place = (
                not word.is_capitalised
                and i > 0
                and (words[i - 1].folded in _TOWN_LINKS or words[i - 1].folded in _LOWER_PLACE_LINKS)
            )
            if (
                (word.is_capitalised or lower_place)
                and i not in out
                and (i == 0 or words[i - 1].folded not in self._titles)
            ):
                for size in (4, 3, 2):
                    span = words[i : i + size]
                    if (
                        len(span) == size
                        and all(_gap(text, a, b) == " " for a, b in itertools.pairwise(span))
                        and (
                            span[-1].is_capitalised
                            or (lower_place and not any(w.is_capitalised for w in span))
                        )
                        and k.folded_facts(" ".join(w.folded for w in span)).is_place
                    ):
                        out.update(range(i, i + size))
                        break
                if i in out:
                    continue
            # "in Sherwood Forest", "near Loch Lomond", "across Death Valley": a name before
            # (or after) what the land is, after a word that opens a place
            if (
                word.is_capitalised
                and not word.is_all_caps
                and nxt is not None
                and nxt.is_capitalised
                and i > 0
                and (
                    words[i - 1].folded in _TOWN_LINKS
                    or words[i - 1].folded in _PLACE_LINKS
                    or words[i - 1].folded in ("across", "through", "into", "over")
                )
                and _gap(text, word, nxt) == " "
                and (nxt.folded in _LAND_HEADS or word.folded in _LAND_FIRST)
            ):
                out.update((i, i + 1))
                continue
            if self._town_in_season(words, i, text):
                out.add(i)  # "Darwin in the wet season", "Florence in the autumn": the town then
                continue
            division = self._division_name(words, i, text)
            if division is not None:
                out.update(division)  # "Baldwin County", "Caldwell Parish", "County Durham"
                continue
            if self._before_region(words, i, text):
                out.add(i)  # "the Amazon region", "the Jordan valley": a name of the land
                continue
            type_span = self._famous_as_type(words, i, text)
            if type_span is not None:
                out.update(type_span)
                continue
            street = self._street_name(words, i, text)
            if street is not None:
                out.update(street)
                continue
            body = self._public_body(words, i, text) if has_body else None
            if body is not None:
                out.update(body)
                continue
            feast = self._feast_day(words, i, text) if has_saint else None
            if feast is not None:
                out.update(feast)
                continue
            named_model = self._the_named_model(words, i, text) if self._lang == "en" else None
            if named_model is not None:
                out.update(named_model)  # "the Flynn effect", "the Ivy Lee method"
                continue
            if has_possessive and self._owns_a_model(words, i, text):
                out.add(i)
                continue
            # Dunning-Kruger, Hersey-Blanchard: two model authors joined by a hyphen
            if "-" in word.folded and all(p in k.eponym_names for p in word.folded.split("-")):
                out.add(i)
                continue
            f = self.facts(word)
            distinctive = self._first(f) < 3.0 and self._surname(f) < 2.6
            prev = words[i - 1] if i > 0 else None
            framed = prev is not None and prev.folded in _IDIOM_FRAMES
            if word.folded in k.idioms and (
                distinctive
                or framed
                or (nxt is not None and nxt.folded in k.idioms)
                or (i > 1 and words[i - 1].folded in ("and", "et") and i - 2 in out)
                or (  # Hobson's choice
                    nxt is not None
                    and nxt.folded == "s"
                    and i + 2 < count
                    and words[i + 2].folded in k.idioms
                )
            ):
                out.add(i)
                if nxt is not None and nxt.folded in k.idioms:
                    out.add(i + 1)
                continue
            # théorème de Thalès, courbe de Gauss, loi de Murphy: a capitalised name right
            # after a model word (and "de") that is not a common first name
            if (
                word.is_capitalised
                and i > 1
                and words[i - 1].folded in ("de", "d", "du", "of")
                and words[i - 2].folded in k.model_words
                and self._first(f) < 3.5
            ):
                out.add(i)
                continue
            # loi El Khomri, méthode Coué, plan Marshall: a model word, then its name directly
            if (
                word.is_capitalised
                and not word.is_all_caps
                and i > 0
                and not words[i - 1].is_capitalised
                and words[i - 1].folded in k.model_words
                and _gap(text, words[i - 1], word) == " "
                and not f.is_place
            ):
                # the name after a particle says whether it is a first name ("loi El Khomri")
                named = words[i + 1] if word.folded in _PARTICLES and nxt is not None else word
                if self._first(self.facts(named)) < 3.5:
                    out.update(self._author_names(words, i, text)[:3])
                    continue
            if (word.folded in k.eponym_names or f.is_eponym) and not self._cued_as_org(words, i):
                near_model = any(words[j].folded in k.model_words for j in range(max(0, i - 4), i))
                # "Myers-Briggs test", "Kotter's eight steps"
                model_after = any(words[j].folded in k.model_words for j in range(i + 1, min(count, i + 5)))
                cited = (
                    i > 0
                    and (
                        words[i - 1].folded in _CITE
                        or (i > 1 and words[i - 1].folded in ("to", "a") and words[i - 2].folded in _CITE)
                        # "As Drucker said", "comme disait Crozier"
                        or (
                            words[i - 1].folded in ("as", "comme") and nxt is not None and nxt.folded in _CITE
                        )
                    )
                ) or (  # "Camus disait qu'il faut…", "Seneca wrote that…"
                    nxt is not None and nxt.folded in _CITE_AFTER and word.is_capitalised
                )
                if (
                    distinctive
                    and not (near_model or model_after or cited)
                    and self._author_as_colleague(words, i, text)
                ):
                    continue  # "Kahneman in our data team": a colleague named like the author
                if near_model or model_after or distinctive or cited:
                    out.add(i)
                    if (
                        i + 2 < count
                        and words[i + 1].folded in ("et", "and")
                        and (words[i + 2].folded in k.eponym_names)
                    ):
                        out.add(i + 2)
        return out

    def _town_in_season(self, words: list[Word], i: int, text: str) -> bool:
        """A town the data knows, then "in (the)" and a season or a month ("Darwin in the wet
        season is brutal", "Florence in the autumn", "Paris en hiver"): a place at a time of
        year; one is not "in the autumn" as a person is."""
        word = words[i]
        if not word.is_capitalised or word.is_all_caps or i + 2 >= len(words):
            return False
        if not (self.facts(word).is_place or self._k.is_cued_town(word.folded)):
            return False
        if not self._clause_start(words, i, text):
            return False  # "I met Florence in the summer": whom one met
        j = i + 1
        if words[j].folded not in ("in", "en", "au") or not _joined(text, word, words[j]):
            return False
        j += 1
        if words[j].folded in ("the", "le", "l") and j + 1 < len(words):
            j += 1
        if words[j].folded in ("wet", "dry", "rainy", "holiday") and j + 1 < len(words):
            j += 1
        if not ((words[j].folded in _SEASONS and not words[j].is_capitalised) or words[j].folded in _MONTHS):
            return False
        return not self._person_acts_next(words, j, text)  # "Florence en mars m'a dit non"

    def _division_name(self, words: list[Word], i: int, text: str) -> range | None:
        """ "Baldwin County", "Caldwell Parish", "Hunan Province", "County Durham": capitalised
        words joined to the head of an administrative division name that division, whatever
        names they are made of (a person is not a county); not when a firm's head or a legal
        form follows ("Orange County Choppers Ltd"), nor after a title ("Mr Butler")."""
        word = words[i]
        if not word.is_capitalised or word.is_all_caps or (i > 0 and words[i - 1].folded in self._titles):
            return None
        if word.folded in _DIVISION_FIRST:
            j = i + 1
            while (
                j < len(words)
                and j - i <= 2
                and words[j].is_capitalised
                and _joined(text, words[j - 1], words[j])
            ):
                j += 1
            return range(i, j) if j > i + 1 and not self._firm_follows(words, j) else None
        j = i
        while j < len(words) and j - i < 3 and words[j].is_capitalised and not words[j].is_all_caps:
            if j > i and not _joined(text, words[j - 1], words[j]):
                return None
            if words[j].folded in _DIVISIONS and j > i:
                return None if self._firm_follows(words, j + 1) else range(i, j + 1)
            j += 1
        return None

    @staticmethod
    def _firm_follows(words: list[Word], j: int) -> bool:
        return j < len(words) and (words[j].folded in _ORG_HEADS or words[j].folded in _WEAK_ORG_HEADS)

    def _before_region(self, words: list[Word], i: int, text: str) -> bool:
        """ "a year in the Amazon region", "farms in the Jordan valley": a capitalised word
        between "the" and what the land is, in lower case, names the land; not when a role
        or a department follows ("the Amazon region manager"), nor a firm's name that is no
        word nor place ("the Tesco region")."""
        if i == 0 or i + 1 >= len(words) or words[i - 1].folded != "the":
            return False
        word, land = words[i], words[i + 1]
        if not word.is_capitalised or word.is_all_caps or land.is_capitalised or land.folded not in _REGIONS:
            return False
        if not (_joined(text, words[i - 1], word) and _joined(text, word, land)):
            return False
        f = self.facts(word)
        if word.folded in self._k.organizations.firsts and not (f.is_place or f.is_lexicon_en):
            return False  # "the Tesco region": a firm's own region, the firm's name
        after = words[i + 2] if i + 2 < len(words) else None
        return not (
            after is not None
            and _joined(text, land, after)
            and (after.folded in self._roles or after.folded in _DEPARTMENTS)
        )

    def _famous_as_type(self, words: list[Word], i: int, text: str) -> range | None:
        """A famous name used as a type of person (antonomasia): "un Léonard de Vinci du
        tableur", "un Mozart de la finance", "a Picasso of spreadsheets": an indefinite
        article, the capitalised name, then "de"/"of" and a word in lower case."""
        count = len(words)
        word = words[i]
        articles = ("a", "an") if self._lang == "en" else ("un", "une")  # a French "a" is "à"
        if i == 0 or not word.is_capitalised or word.is_all_caps or words[i - 1].folded not in articles:
            return None
        if not _joined(text, words[i - 1], word) or words[i - 1].is_capitalised:
            return None  # "Un Martin…" opening a sentence may be a count ("Un Martin, deux Durand")
        j = i + 1
        # "Léonard de Vinci": the name's own particle and second part
        if (
            j + 1 < count
            and words[j].folded in _PARTICLES
            and words[j + 1].is_capitalised
            and _gap(text, words[j], words[j + 1]) == " "
        ):
            j += 2
        if j + 1 >= count or words[j].folded not in _OF_WORDS or _gap(text, words[j - 1], words[j]) != " ":
            return None
        k = j + 1
        if words[k].folded in ("la", "l", "le", "les", "the") and k + 1 < count:
            k += 1
        noun = words[k]
        if noun.is_capitalised or not (self.facts(noun).is_lexicon or self.facts(noun).is_lexicon_en):
            return None
        if noun.folded in _DEPARTMENTS:
            return None  # "un Martin de la compta": someone of a department
        return range(i, j)

    def _public_body(self, words: list[Word], i: int, text: str) -> range | None:
        """A public body named by what it does: capitalised dictionary words closed by a
        body's head ("the Charity Commission", "la Haute Autorité de Santé", "the Low Pay
        Commission"): it names no one, whatever first name one of its words may be."""
        word = words[i]
        if not word.is_capitalised or word.is_all_caps or (i > 0 and words[i - 1].is_capitalised):
            return None
        j = i
        count = len(words)
        if word.folded in _BODY_FIRST and i + 2 < count and words[i + 1].folded in _OF_WORDS:
            # "the Ministry of Manpower", "le ministère du Travail": what a ministry is of
            # names its remit, not a firm nor a person
            j = i + 2
            if words[j].folded in ("la", "l", "the") and j + 1 < count:
                j += 1
            end = j
            while end < count and end - j < 3 and words[end].is_capitalised and not words[end].is_all_caps:
                if end > j and _gap(text, words[end - 1], words[end]) != " ":
                    break
                end += 1
            if end > j:
                return range(i, end)
            return None
        while j < count and j - i < 6:
            w = words[j]
            if w.folded in _PUBLIC_HEADS and w.is_capitalised and j > i:
                if w.folded in ("conseil", "conseils") and any(
                    words[m].folded not in _BODY_ADJECTIVES for m in range(i, j)
                ):
                    return None  # French puts a body's nouns after "Conseil": "Sillage Conseil" is a firm
                return range(i, j + 1)
            f = self.facts(w)
            if (
                w.is_capitalised
                and not w.is_all_caps
                and (f.is_lexicon or f.is_lexicon_en)
                and not f.is_place
            ):
                pass
            elif not (j > i and w.folded in ("of", "for", "and", "de", "du", "des", "d", "et")):
                return None
            if j + 1 < count and _gap(text, w, words[j + 1]) not in (" ", "'", "’"):
                return None
            j += 1
        return None

    def _feast_day(self, words: list[Word], i: int, text: str) -> range | None:
        """A saint's day: "la Saint-Patrick" (a feminine article before a saint's name is
        the feast, "la [fête de] Saint-…"), "St Patrick's Day", "Saint George's Day"."""
        word = words[i]
        count = len(words)
        if (
            word.folded.startswith(("saint-", "st-"))
            and word.is_capitalised
            and i > 0
            and words[i - 1].folded == "la"
            and _joined(text, words[i - 1], word)
        ):
            return range(i, i + 1)
        if (
            word.folded in _SAINTS
            and word.is_capitalised
            and i + 3 < count
            and words[i + 1].is_capitalised
            and words[i + 2].folded == "s"
            and _gap(text, words[i + 1], words[i + 2]) in ("'", "’")
            and words[i + 3].folded == "day"
        ):
            return range(i, i + 4)
        return None

    def _the_named_model(self, words: list[Word], i: int, text: str) -> range | None:
        """ "the Flynn effect", "the Overton window", "the Ivy Lee method": "the", one or two
        capitalised words, then a model's word in lower case. English puts no article before
        someone's name, so the name there qualifies the model (an eponym); not a word the
        organization lists open ("the Gartner hype cycle" is the firm's)."""
        if i == 0 or words[i - 1].folded != "the" or not _joined(text, words[i - 1], words[i]):
            return None
        models = self._k.model_words
        for size in (1, 2):
            if i + size >= len(words):
                return None
            span, head = words[i : i + size], words[i + size]
            if not all(w.is_capitalised and not w.is_all_caps and not self.is_blocked(w) for w in span):
                return None
            if not all(_gap(text, a, b) == " " for a, b in itertools.pairwise([*span, head])):
                return None
            if head.is_capitalised or head.folded not in models:
                continue
            if self._opens_a_known_organization(words, i):
                return None
            return range(i, i + size)
        return None

    def _opens_a_known_organization(self, words: list[Word], i: int) -> bool:
        """A known organization's whole name starts at word i ("Gartner", "Ivy Collection"): a
        first word shared with one ("Ivy" in "the Ivy Lee method") is not enough."""
        orgs = self._k.organizations
        for size in orgs.sizes.get(words[i].folded, ()):
            if tuple(w.folded for w in words[i : i + size]) in orgs.phrases:
                return True
        return False

    def _owns_a_model(self, words: list[Word], i: int, text: str) -> bool:
        """A name whose possessive opens a model ("Bloom's taxonomy", "Herzberg's hygiene
        factors"), unless it is a common first name ("Sarah's framework" is hers)."""
        word = words[i]
        count = len(words)
        if not word.is_capitalised or i + 2 >= count or words[i + 1].folded != "s":
            return False
        if _gap(text, word, words[i + 1]) not in ("'", "’") or self._first(self.facts(word)) >= 3.5:
            return False
        models = self._k.model_words
        return any(words[j].folded in models for j in range(i + 2, min(count, i + 5)))

    def _cited_authors(self, words: list[Word], text: str) -> set[int]:
        """Authors named as such: after a title in quotes ("“Drive” by Daniel Pink", "« Le
        Prince » de Machiavel"), after a verb of authorship when a year or a profession says
        it is a reference ("coined in 1978 by the psychologists …", "théorisé par le
        sociologue …"), after a verb of quoting ("il citait toujours X et Y", "quoting X")."""
        out: set[int] = set()
        count = len(words)
        has_year = _YEAR_RE.search(text) is not None
        # each citation form has a cheap sign: a bracketed year, "et al"
        signs = (has_year and "(" in text, has_year and "(" in text, " et al" in text)
        for pattern, sign in zip(_CITATIONS, signs, strict=True):
            if not sign:
                continue
            for match in pattern.finditer(text):
                start, end = match.span("names")
                out.update(n for n, w in enumerate(words) if start <= w.start and w.end <= end)
        if not any(w.folded in _CITE_CUES for w in words):
            return out
        quotes = any(q in text for q in _CLOSING_QUOTES)
        for i in range(1, count):
            prev = words[i - 1]
            if prev.folded in ("by", "de", "d", "par"):
                quoted = (
                    quotes
                    and i > 1
                    and bool(_gap(text, words[i - 2], prev).strip(" ")[-1:] in _CLOSING_QUOTES)
                )
                authored = (
                    prev.folded in ("by", "par")
                    and i > 1
                    and any(w.folded in _AUTHORING for w in words[max(0, i - 5) : i - 1])
                    and (has_year or any(w.folded in _SCHOLARS for w in words[i : i + 2]))
                )
                if not (quoted or authored):
                    continue
            elif prev.folded in _QUOTING:
                pass
            elif not (
                i > 1
                and prev.folded in _OFTEN
                and words[i - 2].folded in _QUOTING
                and _gap(text, words[i - 2], prev) == " "
            ):
                continue
            if not _joined(text, prev, words[i]):
                continue
            j = i
            if words[j].folded in ("le", "la", "l", "the") and not words[j].is_capitalised:
                j += 1
            while j < count and words[j].folded in _SCHOLARS and not words[j].is_capitalised:
                j += 1  # "by clinical psychologists Pauline Clance", "par le sociologue Crozier"
            run = self._author_names(words, j, text)
            out.update(run)
        return out

    def _author_names(self, words: list[Word], j: int, text: str) -> list[int]:
        """The names from words[j]: capitalised words, initials and particles, and a second
        author after "and", "et", "&" ("Fisher and Ury", "Pauline R. Clance and Suzanne A.
        Imes")."""
        run: list[int] = []
        count = len(words)
        while j < count and len(run) < 8:
            word = words[j]
            joined = not run or _gap(text, words[j - 1], word) in (" ", ". ", "-")
            if not joined:
                break
            initial = len(word.text) == 1 and word.text.isupper() and text[word.end : word.end + 1] == "."
            particle = word.folded in _PARTICLES and (
                run or (word.is_capitalised and j + 1 < count and words[j + 1].is_capitalised)
            )
            if (word.is_capitalised and not self.is_blocked(word)) or initial or particle:
                run.append(j)
                j += 1
                continue
            if (
                run
                and word.folded in ("and", "et", "&")
                and j + 1 < count
                and words[j + 1].is_capitalised
                and _gap(text, word, words[j + 1]) == " "
            ):
                j += 1
                continue
            break
        if run and words[run[-1]].folded in _PARTICLES:
            run.pop()
        return run

    def _is_lower_place_here(self, words: list[Word], i: int, text: str) -> bool:
        """A town in lower case after "in", "to", "à"… (not after a verb of telling: "parlé à
        florence", "spoke to austin")."""
        word, prev = words[i], words[i - 1]
        if word.is_capitalised or not _joined(text, prev, word):
            return False
        if prev.folded not in _TOWN_LINKS and prev.folded not in _LOWER_PLACE_LINKS:
            return False
        if i > 1 and words[i - 2].folded in _TELLING:
            return False
        f = self.facts(word)
        if prev.folded in ("to", "à", "a"):
            # one says things to people: after "to", "à" only a town no common first name
            # ("moving to leeds"; "i said to jordan" is someone)
            return f.is_place and self._first(f) < 3.5
        return f.is_place or self._k.is_cued_town(word.folded) or self._k.is_short_town(word.folded)

    def _is_elided_word(self, word: Word, nxt: Word | None = None) -> bool:
        """ "jhabite", "jsuis", "jbosse": j (je) glued to a frequent French word; before a
        negation a verb opening with a vowel too ("jose pas", "jaime pas": j'ose, j'aime)."""
        folded = word.folded
        if len(folded) < 4 or folded[0] != "j" or word.is_capitalised:
            return False
        rest = self._k.folded_facts(folded[1:])
        if folded[1] in "aeiouy":
            return (
                nxt is not None
                and nxt.folded in ("pas", "plus", "jamais", "rien")
                and rest.is_lexicon
                and rest.fr >= 3.5
            )
        return len(folded) >= 5 and rest.is_lexicon and rest.fr >= 3.0

    def _is_place_compound(self, word: Word) -> bool:
        """Places joined by hyphens ("Paris-Lyon"), or a place and a word in lower case
        ("London-centric", "Lyon-based")."""
        parts = word.text.split("-")
        folded = word.folded.split("-")
        if len(parts) != len(folded):
            return False
        places = [self._k.folded_facts(p).is_place for p in folded]
        if all(places):
            return True
        if not any(is_place and part[:1].isupper() for part, is_place in zip(parts, places, strict=True)):
            return False
        return all(
            (is_place and part[:1].isupper())
            or (part[:1].islower() and self._is_plain_word(self._k.folded_facts(f)))
            for part, f, is_place in zip(parts, folded, places, strict=True)
        )

    def _is_plain_word(self, f: WordFacts) -> bool:
        """A lower-case part of a compound that is no first name ("centric", "based")."""
        return self._first(f) < 3.0 and self._surname(f) < 3.0

    def _is_plain_place(self, f: WordFacts) -> bool:
        """A place the name files hardly know: no common first name, no common surname (for
        a compound, "Saint-Étienne", the facts of the whole, not those of its parts)."""
        return f.is_place and self._first(f) < 3.0 and self._surname(f) < 3.0

    def _is_branch_head(self, word: Word) -> bool:
        """A capitalised word no name file, dictionary or place list holds, so before a
        place it names a firm's branch ("Olam Ghana"), not someone from there."""
        return (
            word.is_capitalised
            and not word.is_all_caps
            and self.is_unknown(word)
            and self._is_nameless(self.facts(word))
            and not self._k.is_cued_town(word.folded)
        )

    def _is_nameless(self, f: WordFacts) -> bool:
        """No name file holds it at all, in either language, and it is no known place or
        model: a capitalised word that can only be what its context says ("Vanoise")."""
        return (
            max(f.first_fr, f.first_en) < 2.0
            and max(f.surname_fr, f.surname_en) < 2.5  # (a few hundred people: noise in a surname file)
            and not f.first_intl
            and not f.is_place
            and not f.is_eponym
        )

    def _in_place_frame(self, words: list[Word], i: int, text: str) -> bool:
        """After what only a place follows: "en Vanoise", "vers la Patagonie", "aux
        Minguettes", "de la Part-Dieu"; "in Bavaria", "across Patagonia" (not "to", "from",
        "at", "with": one writes to people and works at firms; never after an employer's
        cue)."""
        if i == 0 or not _joined(text, words[i - 1], words[i]) or self._employer_before(words, i):
            return False
        prev = words[i - 1].folded
        if self._lang == "en":
            if prev == "the" and i > 1 and words[i - 2].folded in _PLACE_FRAME_EN | {"from", "to", "into"}:
                # "from the Karoo to the coast": the phrase must end there ("from the Acme
                # team" names a firm's team)
                nxt = words[i + 1] if i + 1 < len(words) else None
                return nxt is None or bool(_gap(text, words[i], nxt).strip()) or nxt.folded in _STOPS
            return prev in _PLACE_FRAME_EN
        if prev in ("en", "aux"):
            return True
        if prev in ("du", "des") and not (i > 1 and words[i - 2].is_capitalised):
            return True  # "les villages du Vermandois" (not "Joachim du Bellay")
        return (
            prev in ("la", "le", "les", "l")
            and i > 1
            and words[i - 2].folded in _PLACE_FRAME_FR
            and _joined(text, words[i - 2], words[i - 1], "'’")
        )

    def _listed_with_place(self, words: list[Word], i: int, text: str, any_place: bool = False) -> bool:
        """Whether words[i] is listed with a plain place ("Nancy et Metz", "Sydney, Perth");
        with `any_place`, with any place the data knows (for a word no name file holds:
        "Manchester, or Bavaria")."""
        count = len(words)
        for j in (i - 1, i + 1, i - 2, i + 2):
            if not 0 <= j < count or not words[j].is_capitalised or words[j].is_all_caps:
                continue
            left, right = min(i, j), max(i, j)
            if right - left == 1:
                if _gap(text, words[left], words[right]).strip() not in (",", "/"):
                    continue
            elif not (
                words[left + 1].folded in ("et", "and", "or", "ou")
                and _gap(text, words[left], words[left + 1]) in (" ", ", ")
                and _gap(text, words[left + 1], words[right]) == " "
            ):
                continue
            facts = self.facts(words[j])
            if self._is_plain_place(facts) or (any_place and facts.is_place):
                return True
        return False

    def _street_name(self, words: list[Word], i: int, text: str) -> range | None:
        """The words naming a street that words[i] opens ("rue de [Rivoli]", "[Baker Street]"),
        None when it opens none."""
        word = words[i]
        count = len(words)
        if word.folded in _STREET_HEADS or (word.folded in _STREET_HEADS_CAPITAL and i + 1 < count):
            j = i + 1
            while j < count and j - i <= 3 and words[j].folded in _STREET_LINKS:
                j += 1
            if j >= count or not words[j].is_capitalised or not _joined(text, words[j - 1], words[j], "'’"):
                return None
            if word.folded in _STREET_HEADS_CAPITAL and not word.is_capitalised and j == i + 2:
                return None  # "la place de Martin dans l'équipe": a place of his, no square
            stop = j + 1
            while (
                stop < count
                and stop - j < 3
                and words[stop].is_capitalised
                and _gap(text, words[stop - 1], words[stop]) in (" ", "-")
            ):
                stop += 1
            return range(j, stop)
        if word.is_capitalised:
            stop = i
            while (
                stop < count
                and stop - i < 3
                and words[stop].is_capitalised
                and words[stop].folded not in _STREET_TAILS
                and (stop == i or _gap(text, words[stop - 1], words[stop]) == " ")
            ):
                stop += 1
            if (
                stop > i
                and stop < count
                and _gap(text, words[stop - 1], words[stop]) == " "
                and words[stop].text.istitle()
                and words[stop].folded in _STREET_TAILS
                and (i == 0 or words[i - 1].folded not in self._titles)
                # "Harcourt Lane Bank": a firm named after its street
                and not (stop + 1 < count and words[stop + 1].is_capitalised)
            ):
                return range(i, stop + 1)
        return None

    def _organizations(self, words: list[Word], text: str, clean: set[int]) -> tuple[list[Hit], set[int]]:
        """Known organizations, longest match first; ordinary-word names need a capital or a
        cue, or a known organization listed beside them ("fiducial et in extenso")."""
        orgs = self._k.organizations
        hits: list[Hit] = []
        used: set[int] = set()
        waiting: list[tuple[int, int]] = []  # ordinary-word names without a cue: (first, size)
        i = 0
        count = len(words)
        while i < count:
            if words[i].folded not in orgs.firsts or i in clean:
                i += 1
                continue
            matched = 0
            for size in orgs.sizes[words[i].folded]:
                if size > count - i:
                    continue
                span = words[i : i + size]
                if any(not _joined(text, a, b, "&-.") for a, b in itertools.pairwise(span)):
                    continue
                key = tuple(w.folded for w in span)
                if key not in orgs.phrases:
                    continue
                if orgs.phrases[key] == "ordinary" and not self._org_word_counts(words, i, size, text):
                    waiting.append((i, size))
                    continue
                if orgs.phrases[key] == "tool" and not self._cued_as_org(words, i):
                    continue
                matched = size
                break
            if matched:
                stop = self._org_tail(words, i + matched, text)
                hits.append(Hit(words[i].start, words[stop - 1].end, "organization"))
                used.update(range(i, stop))
                i = stop
            else:
                i += 1
        for first, size in waiting:
            last = first + size - 1
            if any(j in used for j in range(first, last + 1)):
                continue
            before = first - 1 if first > 0 else None
            after = last + 1 if last + 1 < count else None
            listed = (
                before is not None and before in used and self._listed(text, words[before], words[first])
            ) or (after is not None and after in used and self._listed(text, words[last], words[after]))
            if not listed and first > 1 and words[first - 1].folded in ("et", "and", "ou", "or"):
                listed = first - 2 in used and _gap(text, words[first - 2], words[first - 1]) == " "
            if listed:
                hits.append(Hit(words[first].start, words[last].end, "organization"))
                used.update(range(first, last + 1))
        return hits, used

    @staticmethod
    def _listed(text: str, left: Word, right: Word) -> bool:
        return bool(_LIST_JOINS.match(_gap(text, left, right)))

    def _org_tail(self, words: list[Word], stop: int, text: str) -> int:
        """After a known organization, the capitalised words of a branch or a department:
        "Crédit Agricole Centre France", "EDF R&D", "Orange Business Services"."""
        count = len(words)
        start = stop
        while stop < count and stop - start < 3 and _gap(text, words[stop - 1], words[stop]) == " ":
            nxt = words[stop]
            if (
                len(nxt.text) == 1
                and nxt.text.isupper()
                and stop + 1 < count
                and _gap(text, nxt, words[stop + 1]) == "&"
                and len(words[stop + 1].text) == 1
            ):
                stop += 2  # R&D
                continue
            if not nxt.is_capitalised or nxt.is_initial or nxt.folded in _LEGAL:
                break
            if self.is_blocked(nxt) and not self.facts(nxt).is_place:
                break  # a region stays: "Crédit Agricole Centre France"
            if nxt.is_all_caps and self._is_acronym(nxt):
                break
            stop += 1
        return stop

    def _cued_as_org(self, words: list[Word], i: int) -> bool:
        prev = words[i - 1] if i > 0 else None
        if prev is None:
            return False
        if prev.folded in _ORG_CUES or prev.folded in _EMPLOYER_VERBS:
            return True
        before = words[i - 2] if i > 1 else None
        return prev.folded in _AT_LINKS and before is not None and before.folded in _EMPLOYER_VERBS

    def _org_word_counts(self, words: list[Word], i: int, size: int, text: str) -> bool:
        """An organization named by an ordinary word ("Orange", "Free"): capitalised inside
        a sentence, announced ("chez orange", "bosse pour free"), or a sentence's subject."""
        first = words[i]
        if size > 1 and first.folded in ("le", "la", "les", "l") and not words[i + 1].is_capitalised:
            return False  # "tout le monde", "le monde est petit": not the newspaper
        if self._cued_as_org(words, i) or self._org_after_link(words, i, size, text):
            return True
        if (
            size == 1
            and i > 0
            and words[i - 1].folded in _TOWN_IN
            and self._k.folded_facts(first.folded).is_place
        ):
            return False  # "le séminaire aura lieu à Orange": the town
        if first.is_all_caps:
            return len(first.folded) >= 3
        if first.is_capitalised and not first.is_initial:
            return True
        return first.is_capitalised and self._subject_next(words, i + size - 1, text)

    def _employer_link(self, words: list[Word], i: int, text: str) -> bool:
        """Whether words[i] links a word naming a job, an offer or a client to the firm that
        follows: "interview with Reliance", "an offer from LEYE", "a call from AKQA",
        "partner with Goose Island", "the pay at clanmil", "our client is Innocent"."""
        word = words[i]
        if i == 0 or not _joined(text, words[i - 1], word):
            return False
        prev = words[i - 1]
        if prev.folded == "s" and i > 1 and _gap(text, words[i - 2], prev) in ("'", "’"):
            prev = words[i - 2]  # "my associate's at CCAC", "a master's from Kingsford"
        if word.folded in ("par", "by"):
            return prev.folded in _TAKEN_OVER  # "racheté par Dentalvie", "bought by Serco"
        if word.folded not in _EMPLOYER_LINKS and word.folded not in ("is", "was", "est", "etait"):
            return False
        if word.folded in _EMPLOYER_LINKS:
            return prev.folded in _EMPLOYER_NOUNS
        if word.folded in ("is", "was", "est", "etait"):
            if prev.folded == "c" and word.folded in ("est", "etait"):
                # "le fournisseur de fruits c'est pomona", "le grossiste c est cerp"
                return any(w.folded in _CLIENT_NOUNS for w in words[max(0, i - 7) : i - 1])
            return prev.folded in _CLIENT_NOUNS
        return False

    def _org_after_link(self, words: list[Word], i: int, size: int, text: str) -> bool:
        """A known company named by an ordinary word, in lower case after a preposition that
        takes an employer, a client or a supplier, and closing its phrase: "been at boots 9
        yrs", "partnering with wise for", "works offshore for shell and"; not "for next
        week", "with wise words", "at target level" ("to" takes verbs too: "had to shell
        out")."""
        if i == 0 or not _joined(text, words[i - 1], words[i]):
            return False
        prev = words[i - 1]
        if prev.folded not in _ORG_LINKS:
            return False
        last = words[i + size - 1]
        after = words[i + size] if i + size < len(words) else None
        if after is None or _gap(text, last, after).strip(" \u00a0"):
            return True  # the phrase ends: a comma, a full stop, a number, the message's end
        return (
            after.folded in _STOPS
            or after.folded in _CLAUSE_STARTS
            or after.folded in _CLAUSE_ENDS
            or after.folded in _TIME_LINKS
            or after.folded in _SUBJECT_NEXT
            or after.folded in _ORG_HEADS
            or after.folded in _WEAK_ORG_HEADS
            or after.folded in _DEPARTMENTS
        )

    def _subject_next(self, words: list[Word], i: int, text: str) -> bool:
        """Whether words[i] is followed by what follows a subject ("m'a dit", "veut", "keeps")."""
        if i + 1 >= len(words):
            return False
        nxt = words[i + 1]
        gap = text[words[i].end : nxt.start]
        return gap in (" ", "\u00a0") and nxt.folded in _SUBJECT_NEXT and not nxt.is_capitalised

    def _initial_and_surname(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        """ "M. Okafor" in English, "J. Martin", "j. hendricks": an initial, a dot, a surname."""
        for i, word in enumerate(words[:-1]):
            if len(word.text) != 1 or not word.text.isalpha() or text[word.end : word.end + 2] != ". ":
                continue
            if (self._lang == "fr" and word.text in ("M", "m")) or (
                i > 0 and _gap(text, words[i - 1], word) == "."
            ):
                continue  # "M. Durand" is a title (handled as such); "e.g. Smith", "A.B. Smith"
            nxt = words[i + 1]
            if (
                word.text.isupper()
                and nxt.folded in _PARTICLES
                and nxt.is_capitalised
                and not nxt.is_all_caps
                and nxt.start == word.end + 2
                and i + 2 < len(words)
                and words[i + 2].is_capitalised
                and not words[i + 2].is_all_caps
                and len(words[i + 2].folded) >= 2
                and _gap(text, nxt, words[i + 2]) in (" ", "'", "’")
                and not (  # "Plan B. Le Mans…", "Section C. La suite": a letter ends a label
                    i > 0
                    and words[i - 1].is_capitalised
                    and _gap(text, words[i - 1], word) == " "
                    and self.is_ordinary(words[i - 1])
                )
            ):
                # "P. Le Roux", "J. De Souza", "K. Van Dyke": an initial, a particle, a surname
                # (the surname may be a word: "Roux", "Bois")
                yield Hit(word.start, words[i + 2].end, "person")
                continue
            if i + 1 in taken or nxt.start != word.end + 2 or self.is_blocked(nxt) or len(nxt.folded) < 3:
                continue
            if word.text.isupper() and nxt.is_capitalised and not nxt.is_all_caps:
                named = not self.is_ordinary(nxt) and (self.is_maybe_name(nxt) or self.is_unknown(nxt))
            elif word.text.islower() and not nxt.is_capitalised:
                named = self._is_plain_surname(nxt) or self._is_foreign_word(nxt)
            else:
                named = False
            if named:
                yield Hit(word.start, nxt.end, "person")

    def _clause_start(self, words: list[Word], i: int, text: str) -> bool:
        """Whether words[i] may open a clause: first, after punctuation, a comma or "mais"."""
        word = words[i]
        if i == 0 or word.is_initial:
            return True
        prev = words[i - 1]
        return prev.folded in _CLAUSE_STARTS or "," in _gap(text, prev, word)

    def _acts_next(self, words: list[Word], i: int, text: str) -> bool:
        """Whether words[i] is followed by what only a person does ("said", "m'a dit")."""
        if i + 1 >= len(words):
            return False
        nxt = words[i + 1]
        if text[words[i].end : nxt.start] not in (" ", "\u00a0") or nxt.is_capitalised:
            return False
        if self._lang == "en":
            return nxt.folded in _ACTION_EN
        return nxt.folded in _SUBJECT_NEXT and nxt.folded not in (
            "l",
            "le",
            "la",
            "les",
            "en",
            "y",
            "se",
            "s",
        )

    def _person_acts_next(self, words: list[Word], i: int, text: str) -> bool:
        """What only a person does next ("said", "m'a dit", "pense"), not what a town may be
        or do ("était magnifique", "a doublé", "was lovely")."""
        if self._lang == "en":
            return self._acts_next(words, i, text)
        if i + 1 >= len(words) or text[words[i].end : words[i + 1].start] not in (" ", "\u00a0"):
            return False
        return words[i + 1].folded in _PERSON_ONLY_FR

    def _cued_person(self, words: list[Word], i: int, text: str) -> bool:
        """What surrounds words[i] says a person: "Iyer from the account team", "Hope, our
        head of science", "my new starter, Summer, is…", "Bill, notre consultant"."""
        count = len(words)
        word = words[i]
        nxt = words[i + 1] if i + 1 < count else None
        after = words[i + 2] if i + 2 < count else None
        if nxt is not None and after is not None:
            gap = _gap(text, word, nxt)
            if (
                self._lang == "en"
                and gap == " "
                and nxt.folded in _PLACE_IN_FIRM
                and _gap(text, nxt, after) == " "
                and (
                    (
                        after.folded in ("the", "my", "our")
                        and not (nxt.folded == "on" and after.folded == "the")
                    )
                    # "Will from procurement", "Naidoo from WFM", "Sandy on reception"
                    or (
                        nxt.folded in ("from", "on")
                        and (after.is_all_caps or not after.is_capitalised)
                        and after.folded not in _STOPS
                    )
                )
                and not self.facts(after).is_place
            ):
                return True
            if self._department_after(words, i, text):
                return True
            if gap.strip() in (",", "(") and (
                nxt.folded in _POSSESSIVES or (self._lang == "en" and nxt.folded == "the")
            ):
                return True  # "Hope, our head of science", "Bill, notre consultant", "RK (our plant head)"
            if gap.strip() == "(" and (nxt.folded in self._roles or after.folded in self._roles):
                return True  # "Pickersgill (store manager) told me"
            if (
                self._lang == "fr"
                and gap == " "
                and nxt.folded in ("le", "la")
                and after.folded in self._roles
                and _gap(text, nxt, after) == " "
            ):
                return True  # "Mimi la comptable est partie", "Ti Jean le coursier"
            if gap.strip() == "(":
                close = text.find(")", word.end)
                inside = text[word.end : close if close > 0 else word.end + 60]
                if any(w.folded in _NAME_NOUNS for w in split_words(inside)[:10]):
                    return True  # "Blanche (c'est son prénom) pleure", "Ash (real name, yes)"
        if (
            self._lang == "en"
            and nxt is not None
            and _gap(text, word, nxt) == " "
            and nxt.folded in _HONORIFICS_AFTER
            and word.is_capitalised
            and not self.is_ordinary(word)
        ):
            return True  # "Iyer madam from corporate HR", "Deshpande sir is my manager"
        if i >= 2 and "," in _gap(text, words[i - 1], word) and _gap(text, words[i - 1], word).strip() == ",":
            closes = nxt is None or "," in _gap(text, word, nxt) or self._acts_next(words, i, text)
            for j in range(i - 2, max(-1, i - 5), -1):
                if words[j].folded in _POSSESSIVES and i >= 3:
                    spaced = all(_gap(text, words[m], words[m + 1]) == " " for m in range(j, i - 1))
                    return closes and spaced and not self.is_blocked(words[i - 1])
                if (
                    words[j].folded in _APPOSITION_ARTICLES[self._lang]
                    and words[i - 1].folded in self._roles
                    and nxt is not None
                    and "," in _gap(text, word, nxt)
                ):
                    # "the GM, JB, does site visits", "la comptable, Olive, part": an article,
                    # a role, then who holds it between commas
                    return all(_gap(text, words[m], words[m + 1]) == " " for m in range(j, i - 1))
        return False

    def _named_by_apposition(self, word: Word, f: WordFacts, words: list[Word], i: int, text: str) -> bool:
        """A capitalised word that some name file holds, or no dictionary does, before an
        apposition naming a role; not a place that is no common first name ("Lyon, la
        directrice régionale…" is where she works), not a model's name."""
        return (
            not word.is_all_caps
            # English capitalises "Fine, my boss said": there only what a cue alone makes a name
            # (an interjection, "Bon, …", "Ah, …", is far more a word than a name)
            and (
                self.is_unknown(word) or (self.is_maybe_name(word) and self.excess(f) < 2.3)
                if self._lang == "fr"
                else self._is_cued_name(f) or self.is_unknown(word)
            )
            and not f.is_eponym
            and (not f.is_place or self._first(f) >= 3.5)
            and self._role_apposition(words, i, text)
        )

    def _author_as_colleague(self, words: list[Word], i: int, text: str) -> bool:
        """An author's or a model's name opening a clause with a department after it is a
        colleague: "Kahneman in our data team keeps…", "Maslow de notre équipe RH m'a dit";
        not "we apply Pareto in our team" (an object), nor "Maslow in the literature"."""
        return (
            words[i].is_capitalised
            and not words[i].is_all_caps
            and self._clause_start(words, i, text)
            and self._department_after(words, i, text)
        )

    def _department_after(self, words: list[Word], i: int, text: str) -> bool:
        """ "Nanou de la compta", "FX des achats", "Kev from accounts", "tajay in loans":
        someone's department right after the name."""
        count = len(words)
        if i + 2 >= count:
            return False
        nxt, after = words[i + 1], words[i + 2]
        if _gap(text, words[i], nxt) != " " or nxt.folded not in ("de", "du", "des", "d", "from", "in"):
            return False
        if after.folded in _DEPARTMENTS:
            return True
        # "de la compta", "from the night team", "in field sales", "from the regional
        # office": a determiner (or, after "in", a word in lower case), up to one more word
        # in lower case, then the department
        if not (
            after.folded in ("la", "l", "the")
            or (after.folded in _DEPARTMENT_OWNERS and not after.is_capitalised)
            or (nxt.folded == "in" and not after.is_capitalised)
        ):
            return False
        for j in range(i + 3, min(count, i + 5)):
            w = words[j]
            if _gap(text, words[j - 1], w) != " " or w.is_capitalised:
                return False
            if w.folded in _DEPARTMENTS:
                return True
            if w.folded in _STOPS:
                return False
        return False

    def _after_travel(self, words: list[Word], i: int, text: str, depth: int = 0) -> bool:
        """Whether words[i] is where a journey starts or ends: "commute from Marietta to…",
        "my flight from Shannon", "drives in from Lunenburg and Bridgewater", "flying into
        Logan", "le trajet depuis Vierzon": one travels from and to places, not people."""
        if i < 2 or text[words[i].end : words[i].end + 2] in ("'s", "’s"):
            return False
        prev = words[i - 1]
        if not _joined(text, prev, words[i]):
            return False
        if prev.folded in ("and", "or", "et", "ou") and depth == 0:
            return i > 2 and self._after_travel(words, i - 2, text, 1)  # "from Lunenburg and Bridgewater"
        if prev.folded not in _TRAVEL_LINKS:
            return False
        j = i - 2
        if words[j].folded in ("in", "out", "back", "home", "up", "down", "over") and j > 0:
            j -= 1  # "drives in from", "flew back from"
        if words[j].folded in _TRAVEL_WORDS:
            return True
        # "from Marietta to Decatur": the journey's other end is a known place
        return (
            prev.folded in ("from", "de", "depuis")
            and i + 2 < len(words)
            and words[i + 1].folded in ("to", "a")
            and words[i + 2].is_capitalised
            and (self.facts(words[i + 2]).is_place or self._is_town(words[i + 2]))
        )

    def _named_as_place(self, words: list[Word], i: int, text: str) -> bool:
        """ "Georgia the state", "Florence, the city, not my colleague": a place the data
        knows, followed by what kind of place it is, is that place."""
        if i + 2 >= len(words) or not (self.facts(words[i]).is_place or self._is_town(words[i])):
            return False
        article, kind = words[i + 1], words[i + 2]
        if not (
            article.folded == "the"
            and _gap(text, words[i], article).strip() in ("", ",")
            and _joined(text, article, kind)
            and kind.folded in _PLACE_KINDS
        ):
            return False
        # the kind closes the phrase: not "Georgia, the state manager, said no"
        after = text[kind.end : kind.end + 2].strip()[:1]
        return after in ("", ",", ".", ";", ")", "!", "?") or (
            i + 3 < len(words) and words[i + 3].folded in ("not", "itself")
        )

    def _site_in(self, words: list[Word], i: int, text: str) -> bool:
        """ "the plant in Tracy", "our office in Alexandria", "school in Karen": a site, a
        team or a school is in a place, not in a person; not "in Tracy's team" (whose it is)
        nor before a surname ("the office in Karen Lee's name")."""
        if self._lang != "en" or i < 2 or words[i - 1].folded != "in":
            return False
        site = words[i - 2]
        if site.folded not in _SITE_NOUNS or not _joined(text, site, words[i - 1]):
            return False
        if not _joined(text, words[i - 1], words[i]) or text[words[i].end : words[i].end + 1] in ("'", "’"):
            return False
        nxt = words[i + 1] if i + 1 < len(words) else None
        return not (nxt is not None and nxt.is_capitalised and _gap(text, words[i], nxt) == " ")

    def _role_predicate(self, words: list[Word], i: int, text: str) -> bool:
        """Whether "is/was my (new) <role>" follows words[i]: "Ivy is my new assistant
        manager", "Violette est notre comptable" (not "Change is my manager's word")."""
        count = len(words)
        if i + 3 >= count or words[i + 1].folded not in _COPULA_NOW:
            return False
        if _gap(text, words[i], words[i + 1]) != " ":
            return False
        det = words[i + 2]
        if not (det.folded in _POSSESSIVES or det.folded in _APPOSITION_ARTICLES[self._lang]):
            return False
        for j in range(i + 3, min(count, i + 6)):
            w = words[j]
            if not _joined(text, words[j - 1], w) or w.is_capitalised:
                return False
            if w.folded in self._roles:
                return text[w.end : w.end + 2] not in ("'s", "’s")
            if w.folded not in _QUALIFIERS and w.folded not in _APPOSITION_QUALIFIERS:
                return False
        return False

    def _role_apposition(self, words: list[Word], i: int, text: str) -> bool:
        """Whether a comma, a determiner or a possessive and a role word follow words[i]:
        "Violette, l'assistante du service, …", "Modeste, notre technicien…", "Pearl, our
        receptionist": an apposition that says who the word is, so a name even when it is
        also an ordinary word (a thing is not someone's assistant)."""
        count = len(words)
        if i + 2 >= count or _gap(text, words[i], words[i + 1]).strip() != ",":
            return False
        det = words[i + 1]
        if not (det.folded in _POSSESSIVES or det.folded in _APPOSITION_ARTICLES[self._lang]):
            return False
        j = i + 2
        while j < count and j - i <= 4 and _joined(text, words[j - 1], words[j]):
            w = words[j]
            if w.folded in self._roles:
                # closed by a second comma before the clause goes on: "Bon, le directeur a
                # dit non" is an interjection before the subject
                return any(
                    _gap(text, words[m], words[m + 1]).strip() in (",", "(", ")", "-", "–", "—")
                    for m in range(j, min(count - 1, j + 8))
                )
            if w.folded not in _QUALIFIERS and w.folded not in _APPOSITION_QUALIFIERS:
                return False
            j += 1
        return False

    def _people(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        count = len(words)
        person = [False] * count
        for i in range(count):
            if i not in taken:
                person[i] = self._is_person_here(words, i, text)
        # Lists: "julien, pierre et marc" — a name's neighbours that are names too.
        # "me, tom and priyanka", "JB et moi": the writer listed with others
        for i in range(count):
            if words[i].folded not in ("me", "moi", "i", "toi") or (
                words[i].is_all_caps and words[i].folded != "i"
            ):
                continue
            for j in self._list_neighbours(words, i, text):
                left, right = sorted((words[i], words[j]), key=lambda w: w.start)
                if words[i].folded == "i" and _gap(text, left, right).strip() == ",":
                    continue  # "…and PF, I am not sure": a clause ends before "I"
                if words[i].folded == "i" and j < i and text[words[i].end : words[i].end + 1] in ("'", "’"):
                    continue  # "she sits in Leeds and I'm in Hull": "I'm" opens a clause
                if self._lang == "en" and words[j].is_capitalised and self._is_town_here(words, j, text):
                    continue  # "between Leeds and me": a place
                if not person[j] and j not in taken and self._is_list_name(words[j]):
                    person[j] = True
                elif (
                    not person[j]
                    and j not in taken
                    and not words[j].is_capitalised
                    and self._is_name_shaped(words[j])
                    and self._lang == "en"
                ):
                    person[j] = True  # "thandeka and i both applied", "jiwoo and me"
        # "dean, holly, mark and someone from HR": three first names listed are people,
        # though each alone would be a word (two joins at least: commas, "and", "et")
        joins = text.count(",") + sum(text.count(j) for j in (" and ", " et ", " or ", " ou "))
        memo: dict[int, bool] = {}

        def listed(j: int) -> bool:
            if j not in memo:
                memo[j] = self._is_listed_first_name(words[j])
            return memo[j]

        seen: set[int] = set()
        for i in range(count if joins >= 2 else 0):
            if (
                person[i]
                or i in taken
                or i in seen
                or not any(True for _ in self._list_neighbours(words, i, text))
            ):
                continue
            if not listed(i):
                continue
            run = {i}
            frontier = [i]
            mixed = False  # "trust, faith, hope and joy": a word listed with them
            while frontier:
                k = frontier.pop()
                for j in self._list_neighbours(words, k, text):
                    if j in run:
                        continue
                    if j not in taken and listed(j):
                        run.add(j)
                        frontier.append(j)
                    elif not self.is_blocked(words[j]) and words[j].folded not in _LIST_PRONOUNS:
                        mixed = True
            seen |= run
            if len(run) >= 3 and not mixed:
                for j in run:
                    person[j] = True
        changed = True
        while changed:
            changed = False
            for i in range(count):
                if not person[i]:
                    continue
                for j in self._list_neighbours(words, i, text):
                    if not person[j] and j not in taken and self._is_list_name(words[j]):
                        person[j] = True
                        changed = True
        i = 0
        while i < count:
            if not person[i]:
                i += 1
                continue
            start = i
            # "Da Silva", "Le Goff": a particle before a surname belongs to it
            if (
                i > 0
                and i - 1 not in taken
                and words[i - 1].folded in _PARTICLES
                and words[i - 1].is_capitalised
                and (
                    not words[i - 1].is_initial
                    or (i > 1 and (person[i - 2] or words[i - 2].folded in self._titles))
                    # "Le Bihan m'a dit", "Dos Santos Rui": at a sentence start too, before a
                    # surname that is no ordinary word nor place
                    or (
                        not self.facts(words[i]).is_lexicon
                        and not self.facts(words[i]).is_lexicon_en
                        and not self.facts(words[i]).is_place
                        and not self._k.folded_facts(f"{words[i - 1].folded} {words[i].folded}").is_place
                    )
                )
            ) or (
                # "Mr de Wit", "Mme van der Berg": a lower-case particle after a title
                i > 1
                and i - 1 not in taken
                and words[i - 1].folded in _PARTICLES
                and words[i - 2].folded in self._titles
                and _gap(text, words[i - 2], words[i - 1]).strip(" .") == ""
            ):
                start = i - 1
            # "constance ferrand", "marc weiss": a first name before a surname belongs to it,
            # even when alone it would be an ordinary word
            while (
                start > 0
                and start - 1 not in taken
                and not person[start - 1]
                and _gap(text, words[start - 1], words[start]) == " "
                and words[start - 1].is_capitalised == words[start].is_capitalised
                and not self.is_blocked(words[start - 1])
                and self._first(self.facts(words[start - 1])) >= 3.0
                and (
                    self._surname(self.facts(words[start])) >= 2.3
                    # "avec Modeste Nzambi": a surname no file holds, in capitals like the first name
                    or (words[start].is_capitalised and self.is_unknown(words[start]))
                )
            ):
                start -= 1
            stop = i + 1
            kind = "person"
            cue = words[start - 1] if start > 0 else None
            named = cue is not None and (
                cue.folded in _NAMING
                or (
                    cue.folded in ("him", "her")
                    and start > 1
                    and words[start - 2].folded in ("calls", "call")
                )
            )
            while stop < count and stop not in taken and self._name_continues(words, stop, text):
                nxt = words[stop]
                if person[stop]:
                    stop += 1
                    continue
                if len(nxt.text) == 1 and nxt.text.isupper() and text[nxt.end : nxt.end + 1] == ".":
                    stop += 1  # "Steeve L.", "A.-L. B.": a name and an initial
                    continue
                if named and nxt.is_capitalised and (len(nxt.text) == 1 or not self.is_blocked(nxt)):
                    stop += 1  # "qu'on appelle Mamie Jo", "calls him Big T": the nickname whole
                    continue
                # "de Sousa", "de la Fontaine", "van der Berg": up to two particles
                after = stop + 1
                if after < count and nxt.folded in _PARTICLES and words[after].folded in _PARTICLES:
                    after += 1
                if (
                    nxt.folded in _PARTICLES
                    and after < count
                    and words[after].is_capitalised
                    and not self.is_blocked(words[after])
                    and after not in taken
                ):
                    stop = after + 1
                    continue
                if nxt.folded in _PARTICLES and nxt.is_capitalised:
                    stop += 1
                    continue
                if words[stop - 1].folded in _PARTICLES and nxt.is_capitalised and not self.is_blocked(nxt):
                    # (stop is not in taken: the loop's condition)
                    stop += 1
                    continue
                if (
                    stop == start + 1
                    and not words[start].is_initial
                    and nxt.is_capitalised
                    and not nxt.is_all_caps
                    and self.facts(nxt).is_place
                    and (stop + 1 >= count or not words[stop + 1].is_capitalised)
                    and self._is_branch_head(words[start])
                ):
                    stop += 1  # "an opening at Olam Ghana": a firm no list holds and its country
                    kind = "organization"
                    continue
                if kind == "organization" and nxt.is_all_caps and len(nxt.folded) <= 4:
                    stop += 1  # "Kanté Conseil RH", "Durand Services IT": the firm's field
                    continue
                if nxt.is_capitalised and not nxt.is_all_caps and nxt.folded in _SECTORS:
                    stop += 1  # "Martel Logistique", "Kanté Conseil": a firm named after someone
                    kind = "organization"
                    continue
                if (
                    nxt.is_capitalised
                    and words[stop - 1].is_capitalised
                    and nxt.folded not in _NAME_ENDS
                    and nxt.folded not in self._allow
                    and self._surname(self.facts(nxt)) >= 2.0
                ):
                    stop += 1  # Gabriel Voisin, Thérèse Pires: an ordinary word as surname
                    continue
                if (
                    nxt.is_capitalised
                    and not nxt.is_all_caps
                    and words[stop - 1].is_capitalised
                    and self._first(self.facts(words[stop - 1])) >= 4.0
                    and nxt.folded not in _NAME_ENDS
                    and not self.is_blocked(nxt)
                    and not self._is_lexicon(self.facts(nxt))
                    and not self.facts(nxt).is_lexicon_en
                    and not self.facts(nxt).is_place
                ):
                    stop += 1  # "Jacques Ribéry": a surname that is frequent in text, famous
                    continue
                if self.is_blocked(nxt) or nxt.folded in _LEGAL:
                    break
                if nxt.is_capitalised and not nxt.is_all_caps and not self.is_ordinary(nxt):
                    stop += 1
                    continue
                if nxt.is_all_caps and len(nxt.folded) >= 3 and self.is_maybe_name(nxt):
                    stop += 1
                    continue
                if not nxt.is_capitalised and not words[i].is_capitalised and self._is_surname_like(nxt):
                    stop += 1
                    continue
                if not nxt.is_capitalised and self._first(self.facts(words[stop - 1])) >= 3.0:
                    # "julie voisin", "julien de lévy": after a first name in lower case, a
                    # surname even if it is an ordinary word (the name is flagged already)
                    if self._is_plain_surname(nxt) or self._is_foreign_word(nxt):
                        stop += 1
                        continue
                    if (
                        nxt.folded in _PARTICLES
                        and stop + 1 < count
                        and stop + 1 not in taken
                        and _gap(text, nxt, words[stop + 1]) in (" ", "'", "’")
                        and self._is_plain_surname(words[stop + 1])
                    ):
                        stop += 2
                        continue
                break
            end = words[stop - 1].end
            if len(words[stop - 1].text) == 1 and text[end : end + 1] == ".":
                end += 1
            yield Hit(words[start].start, end, kind)
            i = stop

    def _name_continues(self, words: list[Word], stop: int, text: str) -> bool:
        """Whether words[stop] may continue the name before it: a space between them, or the
        closing quote of a nickname before a surname ('Margaret "Peggy" Alderton')."""
        gap = _gap(text, words[stop - 1], words[stop])
        if gap in (" ", "\u00a0"):
            return True
        nxt = words[stop]
        return (
            gap in ('" ', "” ", "' ", "’ ", "» ")
            and nxt.is_capitalised
            and not self.is_blocked(nxt)
            and not self.is_ordinary(nxt)
            and (self.is_maybe_name(nxt) or self.is_unknown(nxt))
        )

    def _list_neighbours(self, words: list[Word], i: int, text: str) -> Iterator[int]:
        """Indexes of the words listed next to words[i]: "julien, pierre et marc"."""
        count = len(words)
        for j in (i - 1, i + 1):
            if 0 <= j < count:
                left, right = (words[j], words[i]) if j < i else (words[i], words[j])
                if _LIST_JOINS.match(_gap(text, left, right)):
                    yield j
        for j, mid in ((i - 2, i - 1), (i + 2, i + 1)):
            if 0 <= j < count and words[mid].folded in ("et", "ou", "and", "or"):
                left, right = (words[j], words[mid]) if j < i else (words[mid], words[j])
                if (
                    _gap(text, left, right) == " "
                    and _gap(text, *sorted((words[mid], words[i]), key=lambda w: w.start)) == " "
                ):
                    yield j

    def _is_listed_first_name(self, word: Word) -> bool:
        """A common first name, whatever else it means ("holly", "mark", "dean")."""
        if self.is_blocked(word) or len(word.folded) < 3:
            return False
        f = self.facts(word)
        return self._first(f) >= 3.5 and not f.is_place and not f.is_eponym

    def _is_list_name(self, word: Word) -> bool:
        if self.is_blocked(word):
            return False
        f = self.facts(word)
        if f.is_place and self._first(f) < 4.0:
            return False  # "from Manchester to Glasgow and I"
        if word.is_all_caps and len(word.folded) <= 3:
            return not self._is_acronym(word)  # "JB et Titi"
        if word.is_capitalised:
            return self.is_maybe_name(word) or self.is_unknown(word)
        return (
            self.is_mostly_name(word)
            or (self._first(f) >= 3.0 and self.excess(f) < 1.5)
            # a first name no dictionary holds ("priyanka")
            or (self._first(f) >= 2.3 and not f.is_lexicon and not f.is_lexicon_en and self._zipf(f) < 3.5)
        )

    def _is_foreign_word(self, word: Word) -> bool:
        """A lower-case word of four letters or more that no lexicon or frequency list
        holds: in a message, most often a name from elsewhere ("vamakshi", "wojciech")."""
        if len(word.folded) < 4 or self.is_blocked(word) or not word.folded.isalpha():
            return False
        f = self.facts(word)
        return max(f.fr, f.en) < 2.0 and not f.is_lexicon and not f.is_lexicon_en and not f.is_place

    def _is_plain_surname(self, word: Word) -> bool:
        if self.is_blocked(word) or word.folded in _NAME_ENDS or word.folded in _PARTICLES:
            return False
        f = self.facts(word)
        return self._surname(f) >= 2.3 and self.excess(f) < 2.5

    def _is_surname_like(self, word: Word) -> bool:
        f = self.facts(word)
        return self._surname(f) >= 2.0 and self.excess(f) < 0.6

    def _is_person_here(self, words: list[Word], i: int, text: str) -> bool:
        word = words[i]
        prev = words[i - 1] if i > 0 else None
        linked = prev is not None and _joined(text, prev, word, ".")
        if word.is_initials:
            letters = word.folded.replace(".", "").replace("-", "")
            return "-" in word.text or letters not in _DOTTED_ABBREVIATIONS
        capitalised_inside = word.is_capitalised and not word.is_initial
        if (
            self._lang == "en"
            and word.folded in _ENGLISH_NAME_WORDS
            and i + 1 < len(words)
            and _gap(text, word, words[i + 1]) == " "
            and words[i + 1].folded in _ACTION_EN
            and words[i + 1].folded.endswith("s")
            and self._role_before(words, i, text)
        ):
            return True  # "my line manager will says yes": no modal before "says"
        if (
            self._lang == "en"
            and capitalised_inside
            and word.folded in _ENGLISH_NAME_WORDS
            and not word.is_all_caps
        ):
            return True  # "covering for Will": a modal is never capitalised mid-sentence
        if (
            self._lang == "en"
            and word.is_capitalised
            and word.folded in _ENGLISH_NAME_WORDS
            and (self._cued_person(words, i, text) or self._acts_next(words, i, text))
        ):
            return True  # "Will from procurement keeps…"
        if (
            prev is not None
            and linked
            and prev.folded in self._titles
            and len(word.text) == 1
            and word.text.isupper()
            and (prev.is_capitalised or len(prev.folded) > 2)
        ):
            return True  # "Mr D", "Mme B.": a title and an initial
        if _HYPHEN_INITIALS_RE.match(word.text) and word.text != "A-Z":
            return True  # "P-A le fils du patron"
        if (
            word.is_capitalised
            and not word.is_all_caps
            and word.folded in _NAMED_MONTHS
            and i >= 2
            and words[i - 1].folded in self._roles
            and (
                words[i - 2].folded in _BEFORE_ROLE or words[i - 2].folded in _APPOSITION_ARTICLES[self._lang]
            )
            and _gap(text, words[i - 1], word).strip() == ","
            and i + 1 < len(words)
            and _gap(text, word, words[i + 1]).strip() == ","
        ):
            return True  # "The new hire, June, starts in May": a month named as who holds a role
        if self.is_blocked(word) or text[word.end : word.end + 2] in ("'t", "’t"):
            return False  # "doesn't", "can't": a contraction, whatever names it resembles
        if (
            word.folded in _MONTH_SHORT
            and word.is_capitalised
            and prev is not None
            and prev.folded in _MONTH_CUES
            and not (i + 1 < len(words) and words[i + 1].is_capitalised)
        ):
            return False  # "starts in Jan, 3 days a week" (not "in Jan Kowalski's team")
        f = self.facts(word)
        if (
            self._lang == "en"
            and text[word.end : word.end + 2] in ("'s", "’s")
            and len(word.folded) >= 3
            and not f.is_lexicon_en
            and not f.is_place
            and not f.is_eponym
            and f.en < 4.0
            and word.folded not in self._k.idioms
        ):
            return True  # "callum's daughter", "Kasia's mum": only people and firms own things
        if (
            word.is_capitalised
            and not word.is_all_caps
            and prev is not None
            and prev.folded in _PARTICLES
            and prev.folded not in ("le", "la", "les", "de", "du", "des", "di", "da", "el", "al")
            and not prev.is_capitalised
            and prev.is_initial
            and (self._acts_next(words, i, text) or self._subject_next(words, i, text))
            and not f.is_place
        ):
            return True  # "van Wyk keeps booking…": a surname's particle typed in lower case
        if (
            self._lang == "en"
            and word.is_capitalised
            and not word.is_all_caps
            and i + 2 < len(words)
            and words[i + 1].folded == "the"
            and words[i + 2].folded in self._roles
            and _gap(text, word, words[i + 1]) == " "
            and not f.is_place
            and not (f.is_lexicon_en or f.is_lexicon)  # "Bill the client for it?": a verb
        ):
            return True  # "MacIsaac the owner wants…", "Dave the plumber"
        if (
            word.is_capitalised
            and prev is not None
            and prev.folded in _PARTICLES
            and prev.is_capitalised
            and _gap(text, prev, word) == " "
            and (not prev.is_initial or (i > 1 and words[i - 2].folded in self._titles))
            and not f.is_place
            and not self._k.folded_facts(f"{prev.folded} {word.folded}").is_place
            and self._surname(f) >= 2.0
        ):
            return True  # "que Da Silva ne répond", "M. Le Gall": a particle and a surname
        if (
            word.is_capitalised
            and not word.is_all_caps
            and (f.is_place or self._is_town(word))
            and max(self._first(f), self._surname(f)) >= 3.0
            and self._department_after(words, i, text)
        ):
            return True  # "Carlisle from the regional office": a town has no office of its own
        if word.is_capitalised and not word.is_all_caps and self._after_travel(words, i, text):
            return False  # "commute from Marietta to Decatur", "flying into Logan at 6am"
        if word.is_capitalised and not word.is_all_caps and self._named_as_place(words, i, text):
            return False  # "Georgia the state, not the country", "Florence, the city,"
        if word.is_capitalised and not word.is_all_caps and self._site_in(words, i, text):
            return False  # "the plant in Tracy", "the kids' school in Karen": a site is in a town
        if f.is_eponym and word.is_capitalised and self._cited_pair(words, i, text):
            return False  # "Hersey and Blanchard", "Kolb et Lewin": two authors cited together
        if word.folded in _FEASTS:
            nxt = words[i + 1] if i + 1 < len(words) else None
            is_subject = nxt is not None and (nxt.folded == "qui" or self._subject_next(words, i, text))
            named = (
                self._role_before(words, i, text)
                or (
                    nxt is not None
                    and nxt.is_capitalised
                    and _gap(text, word, nxt) == " "
                    and self.is_maybe_name(nxt)
                )
                or (prev is not None and prev.folded in _TITLES)
            )
            if not named and not (
                word.is_capitalised and is_subject and (prev is None or prev.folded not in _FEAST_CONTEXT)
            ):
                return False
        if (
            capitalised_inside
            and prev is not None
            and prev.folded in _TO[self._lang]
            and i > 1
            and words[i - 2].folded in _TELLING
            and self._is_any_name(f)
        ):
            return True  # "j'ai parlé à Ange", "I spoke to Florence": one speaks to people
        if (
            (f.is_place or self._k.is_short_town(word.folded))
            and capitalised_inside
            and prev is not None
            and (
                prev.folded in _PLACE_LINKS
                or (prev.folded == "d" and _gap(text, prev, word) in ("'", "’"))
                # "entre Chamonix et Annecy", "l'usine d Évian" (typed without apostrophe):
                # between people too, so only a place that is no common name
                or (prev.folded in ("entre", "d", "between") and not self.is_maybe_name(word))
            )
            and not self._employer_before(words, i)
        ):
            return False  # "muté à Lyon", "le dépôt de Vitry" (Vitry-sur-Seine), "l'agence d'Ivry"
        if self._lang == "en" and word.is_capitalised and self._is_town_here(words, i, text):
            return False  # "the commute from Stafford", "the Chester office", "Sydney and Adelaide"
        if (
            capitalised_inside
            and not word.is_all_caps
            and self._is_nameless(f)
            and (
                self._in_place_frame(words, i, text)
                or self._listed_with_place(words, i, text, any_place=True)
            )
        ):
            return False  # "en Vanoise", "vers la Patagonie", "Manchester, or Bavaria"
        if (
            f.is_place
            and word.is_capitalised
            and self._first(f) >= 3.5
            and self._subject_next(words, i, text)
            # "India was lovely": a place named far more often than its people is a person
            # only by what a person does
            and (not self._is_famous_place(word, f) or self._person_acts_next(words, i, text))
        ):
            return True  # "Lorraine a levé les yeux": the region does not raise its eyes
        if "-" in word.folded and self._is_place_compound(word):
            return False  # Marseille-Toulouse, Paris-Lyon, London-centric, Lyon-based
        if "-" in word.folded and word.folded.rsplit("-", 1)[1] in _MANNER_SUFFIXES and word.is_capitalised:
            return False  # "Gawande-style checklists", "a Jobs-like keynote": a manner, not someone
        if (
            self._lang == "en"
            and capitalised_inside
            and prev is not None
            and prev.folded in _PLACE_DETERMINERS
            and i + 1 < len(words)
            and words[i + 1].folded in _PLACE_HEADS
            and _gap(text, word, words[i + 1]) == " "
            and self._first(f) < 3.5
            and (i + 2 >= len(words) or words[i + 2].folded not in ("manager", "team", "lead", "head"))
        ):
            return False  # "the Cotswolds site", "our Camden office": a place's name before what it has
        if (
            prev is not None
            and linked
            and prev.folded in _PARTICLES
            and word.is_capitalised
            and i > 1
            and words[i - 2].folded in self._titles
            and (words[i - 2].is_capitalised or len(words[i - 2].folded) > 2)
            and _gap(text, words[i - 2], prev).strip(" .") == ""
        ):
            return True  # "Mr de Wit", "M. van Damme"
        # M. Durand, madame dubois, Mr smith: after a title anything but a function word
        if (
            prev is not None
            and linked
            and prev.folded in self._titles
            and (prev.is_capitalised or len(prev.folded) > 2)
            # "Good morning sir/madam, hope you…": a title then a comma is someone addressed
            and "," not in _gap(text, prev, word)
        ):
            return not self.is_ordinary(word) or self.is_maybe_name(word) or word.is_capitalised
        # "her name is Honey", "known to all as JBW", "the new receptionist is Summer": a
        # capitalised word named as someone
        if (
            self._lang == "en"
            and prev is not None
            and linked
            and capitalised_inside
            and i > 1
            and not f.is_place
            and not f.is_eponym
            and (
                (prev.folded in ("is", "was") and words[i - 2].folded in ("name", "nickname"))
                or (prev.folded == "as" and words[i - 2].folded in ("known", "all", "everyone", "everybody"))
                or (
                    prev.folded in ("is", "was")
                    and words[i - 2].folded in self._roles
                    and not word.is_all_caps
                    and (self._first(f) >= 3.0 or not f.is_lexicon_en)  # not "my boss is Great"
                )
            )
        ):
            return not (word.is_all_caps and self._is_acronym(word))
        # s'appelle Victoire, called Will, calls him Big T, qu'on appelle Mamie Jo
        if prev is not None and linked and prev.folded in _NAMING:
            # in lower case an everyday word is the verb's adverb or particle ("called back",
            # "je t'appelle vite"), unless it is a name as much as a word ("appelle camille")
            return (
                word.is_capitalised
                or not self.is_ordinary(word)
                or (self.is_maybe_name(word) and self.excess(f) < 1.5)
            )
        if (
            prev is not None
            and i > 1
            and prev.folded in ("him", "her", "them")
            and words[i - 2].folded in _NAMING | {"calls", "call"}
            and word.is_capitalised
        ):
            return True
        # mon collègue pierre, ma manager Zoé, my teammate josh, mon chef, JB,
        if self._role_before(words, i, text):
            if word.is_all_caps and len(word.folded) <= 3:
                return not self._is_acronym(word)
            if word.is_capitalised:
                if not self._is_lexicon(f) and not f.is_lexicon_en and not f.is_place:
                    return True  # "my manager Rhys", "mon binôme Manu": in no dictionary of words
                if _NICKNAME_RE.match(word.folded):
                    return True  # "mon binôme Lolo", "ma collègue Jojo"
                return not self.is_ordinary(word) or self.is_maybe_name(word)
            if _too_short(word):
                return False
            if self._lang == "en" and f.is_lexicon_en:
                # "my manager mark", not "the master key" nor "boss said": English names
                return f.first_en >= 4.0
            return (
                self.is_mostly_name(word)
                # an ordinary word after a role is a name only if it is a first name too
                # ("mon collègue pierre"; not "mon ami masse", "le chef trouve")
                or (self._first(f) >= 3.0 and self.excess(f) < 1.2)
                or (self.is_maybe_name(word) and not self.is_ordinary(word))
                or (
                    self.is_unknown(word)
                    # "a client stakeholder": a frequent English word no name file holds
                    and (self._lang == "fr" or self._zipf(f) < 3.0 or self._first(f) > 0)
                )
            )
        if (
            not word.is_capitalised
            and prev is not None
            and _gap(text, prev, word) == " "
            and (
                prev.folded in _DETERMINERS[self._lang]
                or (prev.folded == "de" and i > 1 and words[i - 2].folded in _QUANTITIES)
            )
            and self._is_lexicon(f)
        ) or (
            self._lang == "fr"
            and not word.is_capitalised
            and prev is not None
            and prev.folded == "l"
            and _gap(text, prev, word) in ("'", "’")
            and self._is_lexicon(f)
        ):
            return False  # "on a planté un olivier", "un peu de clémence": a noun after its determiner
        at_place = (
            f.is_place and prev is not None and (prev.folded in _PLACE_LINKS or prev.folded in ("et", "and"))
        )
        if prev is not None and linked and prev.folded in self._person_links and not at_place:
            if word.is_capitalised and self._surname(f) >= 3.0 and self.excess(f) < 2.0:
                return True  # "avec Barre", "pour Guérin"
            if (
                self.is_maybe_name(word)
                and self._first(f) >= 3.5
                and (word.is_capitalised or self.excess(f) < 1.2)
                # "handled it with grace": an English dictionary word in lower case needs more
                and (word.is_capitalised or self._lang == "fr" or not f.is_lexicon_en)
            ):
                return True
            if (
                self._first(f) >= 2.5
                and not self._is_lexicon(f)
                and self._zipf(f) < 3.5
                and len(word.folded) >= 3
            ):
                return True  # "with priya", "à anh": a first name no dictionary knows as a word
            if prev.folded in _TELL_LINKS and self._is_foreign_word(word):
                return True  # "tell brijesh", "1:1 with aarna": a word no lexicon knows at all
        person_cued = prev is not None and linked and prev.folded in self._person_links
        if word.is_capitalised and not word.is_all_caps and f.is_place and not person_cued:
            if self._is_plain_place(f) or (
                "-" in word.folded and self._is_plain_place(self._k.folded_facts(word.folded))
            ):
                return False  # "Saint-Étienne a perdu le contrat", "Denver or Houston?"
            if self._listed_with_place(words, i, text):
                return False  # "Sydney and Melbourne", "Nancy, Metz ou Reims"
        if (
            word.is_all_caps
            and not self._acts_next(words, i, text)  # "JBM m'a dit"
            and (self._in_acronym_list(words, i, text) or self._among_acronyms(words, i, text))
        ):
            return False  # "BOSIET, HUET, HSE, CACES": a list of abbreviations
        if word.is_all_caps:
            nxt = words[i + 1] if i + 1 < len(words) else None
            if (
                len(word.folded) >= 3
                and nxt is not None
                and _gap(text, word, nxt) == " "
                and nxt.is_capitalised
                and not nxt.is_all_caps
                and self._first(self.facts(nxt)) >= 3.5
                and not (len(word.folded) <= 4 and self._is_acronym(word))
                and word.folded not in self._allow
            ):
                return True  # DUPONT Julien
            if len(word.folded) <= 3:
                if self._is_acronym(word):
                    return False
                # "JB me dit", "mardi JB me dit": initials that act, never after a determiner
                # ("la DRH me dit", "mon DG a dit")
                if prev is not None and prev.folded in _DETERMINERS[self._lang] and _joined(text, prev, word):
                    return False  # "every AC in the valley", "la DRH", "our CSR team": a thing
                starts = word.is_initial or (
                    len(word.folded) == 2 and prev is not None and prev.folded not in _STOPS
                )
                return (starts and self._subject_next(words, i, text)) or self._initials_cued(words, i, text)
            if word.folded in self._k.eponym_names:
                return False
            if self._lang == "en" and f.is_lexicon_en:
                return False  # "a STAR answer", "the GROW model": a word in capitals, not a name
            return self.is_mostly_name(word) and self.name_strength(word) >= 3.0
        if capitalised_inside:
            if (
                (self.is_unknown(word) or self._is_cued_name(f))
                and (not f.is_place or self._first(f) >= 4.0)
                and not f.is_eponym
                and self._cued_person(words, i, text)
            ):
                return True  # "Ma meilleure réceptionniste, Olive, veut…", "my new starter, Summer, is"
            if self._named_by_apposition(word, f, words, i, text):
                return True  # "…et Modeste, notre technicien, n'ose pas"
            if (
                f.is_place
                and self._lang == "fr"
                and self.excess(f) < 1.0
                and (self._first(f) >= 3.5 or self._surname(f) >= 3.0)
            ):
                return True  # a commune that is also a common name, not after "à", "de", "en"
            if f.is_place and (self._first(f) < 4.0 or self._lang == "en"):
                nxt = words[i + 1] if i + 1 < len(words) else None
                return (
                    self._first(f) >= 3.0
                    and nxt is not None
                    and _gap(text, word, nxt) == " "
                    and nxt.is_capitalised
                    and self.is_mostly_name(nxt)
                )  # "Luce Auger": a first name that is also a commune, before a surname
            if _is_mixed_case_acronym(word.text):
                return False  # ExCo, CoDir, SaaS
            if (
                word.folded in self._k.far_places
                and not person_cued
                and not self._employer_before(words, i)
                and not self._acts_next(words, i, text)
                and not (
                    prev is not None
                    and prev.folded in _TO[self._lang]
                    and i > 1
                    and words[i - 2].folded in _TELLING
                )
            ):
                return False  # "our team visited Elbasan": a town no name file holds, no one's cue
            if self._lang == "en":
                # English capitalises names, not ordinary words, mid-sentence; a dictionary
                # word there is a name only if it is a common one ("Bill", "Rose", "Mark")
                if not f.is_lexicon_en:
                    # a word no first-name file holds, far more frequent in text than its
                    # surname use explains, is a thing, a brand or a place ("the Brexit
                    # paperwork", "the Harvard course")
                    return not (
                        self._zipf(f) >= 3.5
                        and self.excess(f) >= 1.5
                        and not (f.first_en or f.first_fr or f.first_intl)
                    )
                if (
                    prev is not None
                    and prev.is_capitalised
                    and not prev.is_initial
                    and _gap(text, prev, word) == " "
                    and self.facts(prev).is_lexicon_en
                    and max(self.facts(prev).first_en, self.facts(prev).surname_en) < 3.5
                ):
                    return False  # "a Town Hall meeting": words of a title-cased phrase
                census = max(f.first_en, f.surname_en)
                return census >= 3.5 and self.excess(f) < 2.0
            if self.is_maybe_name(word) and self.excess(f) < 1.0:
                return True
            if self.is_unknown(word) or _NICKNAME_RE.match(word.folded):
                return True
            return self.is_mostly_name(word)
        if word.is_capitalised:  # sentence start
            nxt = words[i + 1] if i + 1 < len(words) else None
            if (
                (self.is_unknown(word) or self._is_cued_name(f))
                and (not f.is_place or self._first(f) >= 4.0)
                and not f.is_eponym
                and self._cued_person(words, i, text)
            ):
                return True  # "Hope, our head of science, …", "Iyer from the account team"
            if f.is_eponym and self._author_as_colleague(words, i, text):
                return True  # "Kahneman in our data team (no relation)": a colleague, not the author
            if self._named_by_apposition(word, f, words, i, text):
                return True  # "Violette, l'assistante du service, filtre…", "Pétillon, le directeur"
            if (
                (self.is_maybe_name(word) or self.is_unknown(word))
                and not f.is_eponym
                and (not f.is_place or self._first(f) >= 3.5)
                and self._role_predicate(words, i, text)
            ):
                return True  # "Ivy is my new assistant manager", "Capucine est notre comptable"
            if f.is_place and self._first(f) >= 3.5 and self._department_after(words, i, text):
                return True  # "Colombe de la compta": a town has no accounts department
            if (
                nxt is not None
                and nxt.folded in _PLEASE
                and _gap(text, word, nxt).strip(" ,") == ""
                and (self.is_unknown(word) or self._is_cued_name(f))
                and not f.is_place
                and not f.is_eponym
            ):
                return True  # '"Jhen pls call the merchant"', "Karim svp rappelle-moi": someone asked
            if word.folded in self._k.far_places and not self._person_acts_next(words, i, text):
                return False  # "Elbasan was lovely", "Ghazni a doublé": a town no name file holds
            if self._lang == "en" and f.is_lexicon_en:
                # English capitalises every sentence start: a dictionary word there ("Frank
                # feedback", "Grace under pressure", "Pat on the back") is a name only when
                # a surname follows or the next word is what a person does ("Faith runs")
                if (
                    nxt is not None
                    # "Visiting Austin next week": a word no name file holds opens no name
                    and (self._is_any_name(f) or self.is_maybe_name(word))
                    and _gap(text, word, nxt) == " "
                    and nxt.is_capitalised
                    and not nxt.is_all_caps
                    and nxt.folded not in _NAME_ENDS
                    and (
                        self.is_mostly_name(nxt)
                        or (self.is_unknown(nxt) and not self.facts(nxt).is_lexicon_en)
                    )
                    and not self.facts(nxt).is_eponym
                    and nxt.folded not in self._k.idioms
                ):
                    return True
                return self._first(f) >= 3.5 and self._acts_next(words, i, text)
            if (
                nxt is not None
                and _gap(text, word, nxt) == " "
                and nxt.is_capitalised
                and not nxt.is_all_caps
                and (self.is_maybe_name(word) or self.is_unknown(word))
                and (self.is_maybe_name(nxt) or self.is_unknown(nxt))
                and nxt.folded not in _NAME_ENDS
            ):
                return True  # "Pierre Martin a dit", "(Ngozi Adeyemi)", a signature's first line
            if self.is_mostly_name(word):
                return True
            if _NICKNAME_RE.match(word.folded) and self._zipf(f) < 3.5:
                return True  # "Titi (Thierry) part", "Fanfan et moi"
            if (
                (self._subject_next(words, i, text) or self._acts_next(words, i, text))
                and ((self.is_maybe_name(word) and self.excess(f) < 1.5) or self.is_unknown(word))
                # "Madrid was lovely": a famous place is someone only by what a person does
                and not (self._is_famous_place(word, f) and not self._person_acts_next(words, i, text))
            ):
                return True
            return self._first(f) >= 4.5 and self.excess(f) < 1.0 and not f.is_place
        if prev is not None and self._is_lower_place_here(words, i, text):
            return False  # "moving to leeds", "i'm in austin lol", "mutée a nancy"
        if word.folded in _MONTH_SHORT and (
            (prev is not None and prev.folded in _MONTH_CUES)
            or (i + 1 < len(words) and words[i + 1].text.isdigit())
        ):
            return False  # "in jan", "by sept", "dec 2025"
        if self._lang == "fr" and self._is_elided_word(word, words[i + 1] if i + 1 < len(words) else None):
            return False  # "jhabite", "jbosse": "j'habite", "je bosse" typed without apostrophe
        # lower case: what the data says is mostly a name, or a common first name (or a word
        # no lexicon knows) where its context makes it someone
        if (
            self._lang == "fr"
            and prev is not None
            and prev.folded in _COPULAS
            and f.is_lexicon
            and not (i + 1 < len(words) and words[i + 1].folded in ("qui", "que", "qu"))
        ):
            return False  # "être clément avec lui", "reste aimable": an adjective, not "c'est olive qui"
        if (
            prev is not None
            and prev.folded in ("est", "etait")
            and i > 1
            and words[i - 2].folded == "c"
            and i + 1 < len(words)
            and words[i + 1].folded in ("qui", "qu")
            and self._first(f) >= 3.0
            and not f.is_place
        ):
            return True  # "c'est olive qui gère le planning": someone who acts
        if self.is_mostly_name(word):
            return True
        return self._lower_name_in_context(words, i, text)

    def _lower_name_in_context(self, words: list[Word], i: int, text: str) -> bool:
        """ "mais pierre m'a dit", "frank said", "thabo is my best agent", "tell mark that",
        "dire à pierre que", "kavya from the bench": a lower-case name shown by its context."""
        word = words[i]
        f = self.facts(word)
        if len(word.folded) < 3 or (f.is_place and self._first(f) < 4.5) or f.is_eponym:
            return False
        common_first = self._first(f) >= 4.0 and self.excess(f) < 2.0
        # a word no dictionary of the text's language holds, rare in text: "kavya", "thabo"
        # (English only: French typos, "persone", "olala", are as rare and as unlisted)
        unlisted = self._is_unlisted(f)
        foreign = self._is_foreign_word(word) or (
            unlisted and len(word.folded) >= 4 and word.folded.isalpha()
        )
        if self._paired_subjects(words, i, text):
            return True  # "macca and jono had a row": two such words, then their verb
        if (
            self._lang == "fr"
            and (i == 0 or word.is_initial)
            and self._acts_next(words, i, text)
            and any(c in "aeiouy" for c in word.folded)
            and self._is_name_shaped(word)
        ):
            return True  # "stef nous pique nos caristes": a word no lexicon holds, then its verb
        if (
            self._first(f) + f.first_intl > 0
            and max(self._first(f), f.first_intl) >= 3.0
            and self._zipf(f) < 4.0
            and self._role_apposition(words, i, text)
        ):
            return True  # "felicity, the other assistant, …": a name some file holds, then who
        if not (common_first or foreign):
            return False
        sentence_start = i == 0 or word.is_initial
        if self._clause_start(words, i, text) and (
            self._acts_next(words, i, text)
            or (foreign and sentence_start and self._subject_next(words, i, text))
        ):
            return True
        if foreign and unlisted and self._subject_next(words, i, text) and self._opens_clause(words, i, text):
            return True  # "found out callum is getting…", "dev does video, imani does design"
        prev = words[i - 1] if i > 0 else None
        if prev is not None and _joined(text, prev, word):
            telling = prev.folded in _TELLING or (
                i > 1 and prev.folded in _TO[self._lang] and words[i - 2].folded in _TELLING
            )
            nxt = words[i + 1] if i + 1 < len(words) else None
            ends = nxt is None or nxt.folded in _CLAUSE_ENDS or bool(_gap(text, word, nxt).strip())
            # "told grace the numbers were wrong": the person, then what was told
            ends = ends or (
                self._lang == "en"
                and prev.folded in _TELLING
                and nxt is not None
                and nxt.folded in ("the", "a", "an", "my", "our", "your", "this", "these")
            )
            if telling and ends:
                return True
        if not self._cued_person(words, i, text):
            return False
        if self._clause_start(words, i, text):
            return True
        # "ngl kenzie (our founder) rewrote it": a word no dictionary holds, then who it is in
        # brackets (after a comma a lower-case word is too often shorthand: "tday, my head")
        nxt = words[i + 1] if i + 1 < len(words) else None
        return (
            foreign
            and unlisted
            and nxt is not None
            and _gap(text, word, nxt).strip() == "("
            and (prev is None or prev.folded not in _DETERMINERS[self._lang])
        )

    def _is_unlisted(self, f: WordFacts) -> bool:
        """In English text, a word no English dictionary holds and rare in text ("kavya",
        "thabo"; French typos, "persone", "olala", are as rare and as unlisted)."""
        return self._lang == "en" and not f.is_lexicon_en and f.en < 3.2 and f.fr < 4.0

    def _is_name_shaped(self, word: Word) -> bool:
        """A lower-case word that is, in this language, most likely someone's name when a
        subject is expected: no lexicon holds it at all, or (English) no English one does."""
        if self._is_foreign_word(word):
            return True
        if len(word.folded) < 4 or not word.folded.isalpha() or self.is_blocked(word):
            return False
        f = self.facts(word)
        if self._lang == "en":
            shaped = self._is_unlisted(f)
        else:
            shaped = not f.is_lexicon and not f.is_lexicon_en and not f.is_place and max(f.fr, f.en) < 3.0
        return shaped and not (
            len(word.folded) >= 6 and self._k.is_typo_of_word(word.folded, self._lang, min_zipf=3.5)
        )  # "autocorect and i": a typo

    def _is_unlisted_name(self, word: Word) -> bool:
        """A name in some file that no dictionary holds as a word ("brodie")."""
        f = self.facts(word)
        return self._is_any_name(f) and not f.is_lexicon and not f.is_lexicon_en and not f.is_place

    def _among_acronyms(self, words: list[Word], i: int, text: str) -> bool:
        """A word in capitals of three letters or more in a message where two others are known
        abbreviations ("NAO en février, BDESE à jour, CSSCT en mars, élu au CSE"), unless a
        role, a title or a cue for initials announces someone ("mon chef JBM")."""
        word = words[i]
        if len(word.folded) < 3 or word.is_initials:
            return False

        def before_first_name(n: int) -> bool:  # "LEROUX Julien": a surname first
            after = words[n + 1] if n + 1 < len(words) else None
            return (
                after is not None
                and after.is_capitalised
                and not after.is_all_caps
                and self._first(self.facts(after)) >= 3.0
            )

        if before_first_name(i):
            return False
        known = sum(
            1
            for n, w in enumerate(words)
            if n != i
            and w.is_all_caps
            and len(w.folded) >= 2
            and self._is_acronym(w)
            and not before_first_name(n)
        )
        if known < 2:
            return False
        prev = words[i - 1] if i > 0 else None
        if prev is not None and (
            prev.folded in self._titles or prev.folded in self._person_links or prev.folded in _TELLING
        ):
            return False  # "avec JBM", "told KVR"
        return not (self._role_before(words, i, text) or self._initials_cued(words, i, text))

    def _in_acronym_list(self, words: list[Word], i: int, text: str) -> bool:
        """Whether words[i], in capitals, is one of three or more words in capitals listed
        together ("BOSIET, HUET, HSE"), one of them a known abbreviation, none followed by a
        first name ("DUPONT Julien, MARTIN Anne" are people)."""
        seen = {i}
        todo = [i]
        while todo:
            j = todo.pop()
            for n in self._list_neighbours(words, j, text):
                if n not in seen and words[n].is_all_caps:
                    seen.add(n)
                    todo.append(n)
        if len(seen) < 3 or not any(self._is_acronym(words[n]) for n in seen):
            return False
        for n in seen:
            after = words[n + 1] if n + 1 < len(words) else None
            if (
                after is not None
                and _gap(text, words[n], after) == " "
                and after.is_capitalised
                and not after.is_all_caps
                and self._first(self.facts(after)) >= 3.0
            ):
                return False
        return True

    def _opens_clause(self, words: list[Word], i: int, text: str) -> bool:
        """Whether words[i] opens a clause inside a sentence: after a comma or a semicolon,
        or after what introduces a clause ("found out", "heard", "reckon", "que"): a subject
        is expected there."""
        if i == 0:
            return False
        prev = words[i - 1]
        gap = _gap(text, prev, words[i]).strip()
        if gap in (",", ";"):
            return True
        return not gap and (prev.folded in _CLAUSE_OPENERS or prev.folded in ("that", "que", "qu"))

    def _paired_subjects(self, words: list[Word], i: int, text: str) -> bool:
        """Two words no lexicon holds joined by "and"/"et" at a sentence start, then what
        follows a subject: "macca and jono had…", "wiremu et tama ont…"."""
        count = len(words)
        for first in (i, i - 2):
            second = first + 2
            if first < 0 or second >= count or words[first + 1].folded not in ("and", "et", "&"):
                continue
            if not self._clause_start(words, first, text):
                continue
            pair = (words[first], words[second])
            if any(w.is_capitalised for w in pair):
                continue
            gaps = (_gap(text, words[first], words[first + 1]), _gap(text, words[first + 1], words[second]))
            if gaps != (" ", " "):
                continue
            nxt = words[second + 1] if second + 1 < count else None
            if not (
                self._subject_next(words, second, text)
                or (nxt is not None and _gap(text, words[second], nxt) == " " and nxt.folded in _PLURAL_VERBS)
            ):
                continue
            if self._is_name_shaped(words[i]) and all(
                self._is_name_shaped(w) or self._is_unlisted_name(w) for w in pair
            ):
                return True
        return False

    def _initials_cued(self, words: list[Word], i: int, text: str) -> bool:
        """Capitals that are no known abbreviation, where a person is expected: "avec JP",
        "c'est JP", "JP and I", "JP et moi", "calls him KVR"."""
        word = words[i]
        prev = words[i - 1] if i > 0 else None
        if prev is not None and _joined(text, prev, word):
            if prev.folded in ("and", "et", "or", "ou"):
                # "Marc et JP", not "basic, HRA, special allowance and PF": a list of people
                before = words[i - 2] if i > 1 else None
                if before is not None and before.is_capitalised and not before.is_all_caps:
                    return True
            elif prev.folded in ("de", "d") and len(word.folded) >= 3:
                pass  # "des objectifs de DMT", "on parle de RCC": an acronym; "le bureau de JP" stays
            elif prev.folded in self._person_links or prev.folded in _TELLING or prev.folded in _NAMING:
                return True
            if i > 1 and prev.folded in ("est", "s") and words[i - 2].folded in ("c", "it", "that"):
                return True
            if (
                i > 1
                and prev.folded in ("him", "her", "l", "tous", "toutes", "all", "everyone")
                and words[i - 2].folded in _NAMING | {"calls", "call"}
            ):
                return True  # "calls him KVR", "qu'on appelle tous JMB", "we all call… , known as"
        nxt_word = words[i + 1] if i + 1 < len(words) else None
        if (
            prev is not None
            and _gap(text, prev, word) == " "
            and not prev.is_capitalised
            and prev.folded not in _STOPS
            and len(prev.folded) >= 4
            # after a past participle ("recadré", "warned"), not after a noun ("clé USB")
            and (prev.text.endswith("é") or prev.text.endswith("ed") or prev.folded in _TELLING)
            and (
                nxt_word is None
                or nxt_word.folded in _CLAUSE_ENDS
                or bool(_gap(text, word, nxt_word).strip(" \u00a0"))
            )
        ):
            return True  # "j'ai recadré JC hier", "I warned DK, then…"
        if i + 2 < len(words):
            nxt, after = words[i + 1], words[i + 2]
            if (
                nxt.folded in ("et", "and")
                and after.folded in ("moi", "i", "me")
                and _joined(text, word, nxt)
            ):
                return True
        return self._cued_person(words, i, text)

    def _cited_pair(self, words: list[Word], i: int, text: str) -> bool:
        """Whether another model author's name is joined to words[i] by 'and', 'et' or '&'."""
        for j in (i - 1, i + 1):
            if not 0 <= j < len(words):
                continue
            left, right = (words[j], words[i]) if j < i else (words[i], words[j])
            if _gap(text, left, right).strip() in ("&", "et", "and", "-") and (
                words[j].is_capitalised and self.facts(words[j]).is_eponym
            ):
                return True
        for j in (i - 2, i + 2):
            if (
                0 <= j < len(words)
                and words[(i + j) // 2].folded in ("et", "and")
                and words[j].is_capitalised
                and self.facts(words[j]).is_eponym
            ):
                return True
        return False

    def _role_before(self, words: list[Word], i: int, text: str) -> bool:
        """Whether a role word ("collègue", "manager", "N+1") announces words[i]."""
        j = i - 1
        steps = 0
        while j >= 0 and steps < 3:
            w = words[j]
            if not _joined(text, w, words[j + 1]):
                return False
            if w.folded in self._roles:
                return True
            if w.folded in _QUALIFIERS:
                j -= 1
                steps += 1
                continue
            # la cheffe de projet maggie, le responsable des achats Martin
            if (
                j > 1
                and words[j - 1].folded in ("de", "d", "du", "des")
                and w.folded not in _STOPS
                and self.is_ordinary(w)
            ):
                j -= 2
                steps += 1
                continue
            return False
        return False

    @staticmethod
    def _opens_after_comma(words: list[Word], i: int, text: str) -> bool:
        """Whether a legal form in capitals after a comma opens a firm's name that follows in
        capitals ("Merci. P. Roux, SCI Les Hauts du Parc"), rather than closing the name
        before it."""
        nxt = words[i + 1] if i + 1 < len(words) else None
        return (
            i > 0
            and _gap(text, words[i - 1], words[i]).strip() == ","
            and nxt is not None
            and nxt.is_capitalised
            and _gap(text, words[i], nxt) == " "
        )

    def _org_cues(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        """chez Acme, la société Durand Conseil, ets Martin, Martin & fils, Durand SARL."""
        count = len(words)
        for i, word in enumerate(words):
            nxt = words[i + 1] if i + 1 < count else None
            # Meridian Care Group, Kestrel Labs: capitalised words closed by a company head
            is_head = word.folded in _ORG_HEADS or word.folded in _WEAK_ORG_HEADS
            if is_head and word.is_capitalised and not word.is_all_caps and i > 0:
                j = i
                owned = False  # "Marco's Trattoria", "St Aldric's Primary School": one possessive
                while j > 0 and i - j < 4:
                    before = words[j - 1]
                    if (
                        not owned
                        and j > 1
                        and before.text == "s"
                        and _gap(text, words[j - 2], before) in ("'", "’")
                        and _gap(text, before, words[j]) == " "
                        and words[j - 2].is_capitalised
                        and not self.is_blocked(words[j - 2])
                        and words[j - 2].folded not in self._roles
                    ):
                        owned = True
                        j -= 2
                        continue
                    if (
                        before.is_capitalised
                        and _gap(text, before, words[j]).strip(" \u00a0\t") in ("", "&")
                        and not self.is_blocked(before)
                        and before.folded not in self._roles
                    ):
                        j -= 1
                        continue
                    break
                sentence_start = j == 0 or text[: words[j].start].rstrip()[-1:] in _SENTENCE_END
                weak = word.folded in _WEAK_ORG_HEADS and all(
                    self._is_lexicon(self.facts(w))
                    or self.facts(w).is_lexicon_en
                    or (self.facts(w).is_place and w.folded not in self._k.world_places)
                    for w in words[j:i]
                )
                # at a sentence start, one word before the head must be one no dictionary holds
                # ("Northpoint Dental is hiring"; not "Group work is…")
                lone = sentence_start and i - j < 2 and self._is_lexicon(self.facts(words[j]))
                if j < i and not lone and not weak:
                    start = words[j].start
                    if j > 0 and words[j - 1].text == "The" and not words[j - 1].is_initial:
                        start = words[j - 1].start  # "at The Copper Kettle Café"
                    yield Hit(start, word.end, "organization")
            # Hollis & Grant, Marks & Spencer, whyte & mackay: two names joined by "&"
            if nxt is not None and _gap(text, word, nxt).strip() == "&" and i + 1 not in taken:
                pair = (word, nxt)
                if all(
                    len(w.folded) >= 3 and not self.is_blocked(w) and not self.facts(w).is_eponym
                    for w in pair
                ):
                    capitals = all(w.is_capitalised for w in pair) and not all(
                        self.is_ordinary(w) and not self.is_maybe_name(w) for w in pair
                    )
                    lower = all(self.is_maybe_name(w) and not self.is_ordinary(w) for w in pair)
                    if capitals or lower:
                        yield Hit(word.start, nxt.end, "organization")
            is_trade = (
                (word.folded in _TRADES and word.is_capitalised)
                or (
                    word.folded in _LOWER_TRADES
                    and nxt is not None
                    and not nxt.is_capitalised
                    and ((self.is_maybe_name(nxt) and not self.is_ordinary(nxt)) or self.is_unknown(nxt))
                )
                # "la coopérative Lascaux Gourmand", "l'association Les Jardins du Parc": a
                # trade in lower case, then the firm's name in capitals
                or self._named_trade(words, i, text)
            )
            # EURL Benali Conseil, GAEC du Bois Joli: a legal form in capitals opens a name too
            is_form = (
                word.is_all_caps
                and len(word.folded) >= 3
                and word.folded in _LEGAL
                # not the tail of "Berthier SAS"; after a comma it opens a name again:
                # "P. Roux, SCI Les Hauts du Parc"
                and (i == 0 or not words[i - 1].is_capitalised or self._opens_after_comma(words, i, text))
            )
            is_trade = is_trade or is_form
            employer = self._employer_link(words, i, text)
            joins = word.folded in _JOIN_VERBS and nxt is not None and nxt.is_capitalised
            after_verb = (
                (word.folded in _AT_LINKS and i > 0 and words[i - 1].folded in _EMPLOYER_VERBS)
                or (joins and nxt is not None and not nxt.is_initial)
                or employer
            )
            if (
                is_trade
                and i > 1
                and words[i - 1].folded == "s"
                and text[words[i - 1].start - 1 : words[i - 1].start] in ("'", "’")
                and words[i - 2].is_capitalised
            ):
                yield Hit(words[i - 2].start, word.end, "organization")  # O'Connell's Bakery
            if (
                (word.folded in _ORG_CUES or is_trade or after_verb)
                and nxt is not None
                and i + 1 not in taken
            ):
                j = i + 1
                if is_trade and nxt.folded in ("du", "de", "des", "d") and j + 1 < count:
                    j += 1
                elif (
                    is_trade
                    and nxt.folded in ("le", "la", "les", "l")
                    and nxt.is_capitalised
                    and j + 1 < count
                    and words[j + 1].is_capitalised
                ):
                    j += 1  # Boulangerie Le Fournil: the firm's own article
                elif (
                    employer
                    and nxt.folded in ("le", "la", "les", "the")
                    and nxt.is_capitalised
                    and j + 1 < count
                    and words[j + 1].is_capitalised
                    and _gap(text, nxt, words[j + 1]) == " "
                ):
                    j += 1  # "la boîte c'est Les Films du Lac": the firm's own article
                cand = words[j]
                # "Ets. Martin", "Sté. Durand": a dot only after an abbreviation
                dot = "." if words[j - 1].folded in ("ets", "ste", "etabl") else ""
                if not _joined(text, words[j - 1], cand, dot):
                    continue
                if self.is_blocked(cand) or (self.is_ordinary(cand) and not cand.is_capitalised):
                    continue
                if self._lang == "fr" and word.folded in _ENGLISH_CUES and not cand.is_capitalised:
                    continue  # "customer centricity" in a French message: English words
                if cand.is_all_caps and self._is_acronym(cand):
                    continue  # "an offer from HR", "a call from IT"
                if employer and (
                    cand.folded in _DEPARTMENTS
                    or cand.folded in self._roles
                    or cand.folded == "head"
                    or self._first(self.facts(cand)) >= 3.5  # "an interview with Sarah": someone
                ):
                    continue  # "a call with Finance", "the offer from Head Office"
                if (
                    cand.is_capitalised
                    and self.facts(cand).is_place
                    and word.folded not in ("ets", "chez")
                    and not is_trade
                    and not (word.is_capitalised and word.folded in _ORG_CUES)  # "Cabinet Verneuil"
                    and not (  # "the shop is Kirkby Cycles": a town and more, announced as a firm
                        employer
                        and j + 1 < count
                        and words[j + 1].is_capitalised
                        and _gap(text, cand, words[j + 1]) == " "
                    )
                ):
                    continue
                if (
                    cand.is_capitalised
                    or self.is_unknown(cand)
                    or word.folded in ("ets", "etablissements", "ste")
                    or (is_trade and word.folded in _LOWER_TRADES)  # "maison bouchard": checked above
                ):
                    stop = j + 1
                    while stop < count and stop - j <= 4:
                        nxt_word = words[stop]
                        if (
                            (is_trade or cand.is_capitalised)
                            and nxt_word.folded in ("d", "de", "du", "des")
                            and stop + 1 < count
                            and words[stop + 1].is_capitalised
                            and _joined(text, nxt_word, words[stop + 1], "'’")
                            and not self.is_blocked(words[stop + 1])
                        ):
                            stop += 2  # Coop Val d'Oust, Le Fournil d'Anaïs
                            continue
                        if (
                            nxt_word.folded in ("et", "and")
                            and stop + 1 < count
                            and words[stop + 1].folded in _TAILS
                        ):
                            stop += 2
                            continue
                        single = (  # "Point P", not "chez Acme, M. Durand"
                            len(nxt_word.text) == 1
                            and nxt_word.text.isupper()
                            and _gap(text, words[stop - 1], nxt_word) == " "
                            and text[nxt_word.end : nxt_word.end + 1] != "."
                        )
                        if not (
                            _joined(text, words[stop - 1], nxt_word, "&")
                            and (nxt_word.is_capitalised or nxt_word.folded in _TAILS)
                            and (single or not self.is_blocked(nxt_word))
                        ):
                            break
                        stop += 1
                    keep_cue = (
                        is_trade
                        or word.folded in ("ets", "etablissements", "ste")
                        or (word.is_capitalised and not word.is_initial)
                        # "Groupe Saveurs d'Antan" on a signature's line: the cue is the name's
                        or (
                            word.is_capitalised
                            and word.folded not in _AT_LINKS
                            and word.folded not in _EMPLOYER_VERBS
                            and word.folded not in _JOIN_VERBS
                        )
                    )
                    start = word.start if keep_cue else words[i + 1].start if employer else cand.start
                    yield Hit(start, words[stop - 1].end, "organization")
            # Durand SARL, Martin & fils, Quéré et associés, Hargreaves & Sons Plumbing
            is_tail = (
                word.folded in _TAILS
                and i > 0
                and (
                    _gap(text, words[i - 1], word).strip() in ("&", "et", "and")
                    or (i > 1 and words[i - 1].folded in ("et", "and"))
                )
            )
            # a legal form of two or three letters that is also a word ("As", "Co", "Sa")
            # counts only in capitals: "Durand SA", "Acme AG"
            is_legal = word.folded in _LEGAL and (word.is_all_caps or word.folded not in _WORDLIKE_LEGAL)
            lower_ok = not word.text.islower() or word.folded in _LOWER_LEGAL
            if is_form and i > 0 and self._opens_after_comma(words, i, text):
                is_legal = False  # "Roux, SCI Les Hauts": the form opens the next name
            if is_tail or (is_legal and i > 0 and lower_ok):
                j = i - 1 if i > 1 and words[i - 1].folded in ("et", "and") else i
                while j > 0 and i - j < 6 and words[j - 1].end >= words[j].start - 5:
                    before = words[j - 1]
                    if (
                        before.folded in ("le", "la", "les", "du", "des")
                        and before.is_capitalised
                        and j > 1
                        and words[j - 2].is_capitalised
                        and not self.is_blocked(words[j - 2])
                        and _gap(text, words[j - 2], before) == " "
                        and _gap(text, before, words[j]) == " "
                    ):
                        j -= 2  # "Camping Les Marmottes SARL": the firm's own article
                        continue
                    if (
                        before.folded == "s"
                        and j > 1
                        and text[before.start - 1 : before.start] in ("'", "’")
                        and words[j - 2].is_capitalised
                    ):
                        j -= 2  # "Mama Rosa's Kitchen LLC", "Sipho's Shuttles CC"
                        continue
                    if self.is_blocked(before) or not (
                        before.is_capitalised or self.is_maybe_name(before) or self.is_unknown(before)
                    ):
                        break
                    j -= 1
                if j < i:
                    stop = i + 1
                    while (
                        stop < count
                        and stop - i <= 2
                        and words[stop].is_capitalised
                        and (_gap(text, words[stop - 1], words[stop]) == " ")
                        and not self.is_blocked(words[stop])
                    ):
                        stop += 1
                    end = words[stop - 1].end
                    if text[end : end + 1] == "." and words[stop - 1].folded in ("inc", "ltd", "corp", "co"):
                        end += 1
                    yield Hit(words[j].start, end, "organization")
