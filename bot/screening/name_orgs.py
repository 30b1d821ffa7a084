"""Organizations: listed companies and brands, firms by their cues, legal forms, institutions.

A firm is found from the sourced company and brand lists ("la sncf", "BNP"), from
grammatical cues many writers use ("chez X", "ets X", "X & fils", "X SARL", "racheté
par X", "the company is X"), from a legal form or a company head that closes a name,
from a school's or hospital's name, a domain in a link, and from the coach's client list.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from bot.screening.hits import CLIENT, Hit
from bot.screening.lexicon import (
    ENGLISH_CALENDAR,
    ENGLISH_ROLE_WORDS,
    NUMBER_WORDS,
    ROLE_WORDS,
    fold,
    folded_set,
    word_set,
)
from bot.screening.name_cues import (
    _AT_LINKS,
    _CLIENT_NOUNS,
    _DEPARTMENTS,
    _DETERMINERS,
    _EMPLOYER_VERBS,
    _FIRM_FATES_EN,
    _FIRM_FATES_FR,
    _FIRM_PARTS_EN,
    _FIRM_PARTS_FR,
    _INSTITUTIONS,
    _LEGAL,
    _NAME_ENDS,
    _ORG_CUES,
    _ORG_HEADS,
    _ORG_LINKS,
    _PARENT_OF_EN,
    _PARENT_OF_FR,
    _PLACE_LINKS,
    _SAINTS,
    _SECTORS,
    _SENTENCE_END,
    _STOPS,
    _WEAK_ORG_HEADS,
)
from bot.screening.name_initials import InitialRules
from bot.screening.name_words import Word, _gap, _joined, _too_short, split_words

# Who is "at" a firm: "my friend at Mars", "someone at Monster", "my husband's at JLR"
_PEOPLE_AT = frozenset(
    {"someone", "somebody", "friend", "friends", "mate", "mates", "contact", "contacts", "people"}
    | {"husband", "wife", "partner", "brother", "sister", "cousin", "dad", "mum", "mom", "son"}
    | {"daughter", "father", "mother", "uncle", "aunt", "colleague", "colleagues", "guy", "guys"}
    | {"folks", "recruiter", "recruiters", "counterpart", "counterparts", "boss", "bosses"}
)
# What only a firm does, after its name: "Halcyon is hiring", "la SG me propose un poste"
_FIRM_PREDICATES_EN: tuple[str, ...] = (
    "is hiring",
    "are hiring",
    "is recruiting",
    "are recruiting",
    "went bust",
    "went bankrupt",
    "went under",
    "was acquired",
    "was bought",
    "was taken over",
    "is laying off",
    "are laying off",
    "laid off",
    "offered me a job",
    "offered me a role",
    "offered me a position",
    "offered me a contract",
    # what a rival firm does to one's staff: "Stena Drilling are poaching two of my reps"
    "is poaching",
    "are poaching",
    "keeps poaching",
    "keep poaching",
    "poached",
    # what a firm does to another: "Horizon Santé a racheté la clinique", "Kestrel acquired us"
    "acquired",
    "has acquired",
    "bought out",
    "merged with",
)
_FIRM_PREDICATES_FR: tuple[str, ...] = (
    "recrute",
    "recrutent",
    "embauche",
    "embauchent",
    "licencie",
    "licencient",
    "a fait faillite",
    "a ete rachete",
    "a ete rachetee",
    "me propose un poste",
    "m a propose un poste",
    "me propose un cdi",
    "m a propose un cdi",
    "a rachete",
    "vient de racheter",
    "a fusionne avec",
    "m a embauche",
    "m a embauchee",
    "m a recrute",
    "m a recrutee",
)
# Being a firm's client or supplier: "JRG est notre fournisseur", "Acme is our main client"
_PARTY_NOUNS_FR = (
    "client",
    "fournisseur",
    "prestataire",
    "sous-traitant",
    "employeur",
    "concurrent",
    "assureur",
)
_PARTY_NOUNS_EN = ("client", "customer", "supplier", "vendor", "employer", "competitor", "insurer")
# One's own party named after a copula: "mon employeur c'est Bic", "our main client is X"
_NAMED_PARTIES = folded_set(
    frozenset(_PARTY_NOUNS_FR + _PARTY_NOUNS_EN)
    | word_set("esn boite boîte mécène mecene partenaire financeur partner sponsor")
)
_OWN_DETERMINERS = folded_set(word_set("mon ma notre nos leur le la my our their the"))
_COPULAS = frozenset({"est", "is", "was", "etait"})
_FIRM_PREDICATES_FR += tuple(
    f"{verb} notre {adjective}{noun}"
    for verb in ("est", "etait")
    for adjective in ("", "principal ", "plus gros ", "nouveau ")
    for noun in _PARTY_NOUNS_FR
)
_FIRM_PREDICATES_EN += (
    "hired me",
    "hired us",
    "took me on",
    # "Shopee offered me senior role", "X offered me a permanent contract"
    *(
        f"{verb} me {qualifier}{noun}"
        for verb in ("offered", "offers", "has offered")
        for qualifier in ("", "a senior ", "senior ", "a permanent ", "a full-time ", "a better ")
        for noun in ("role", "job", "position", "contract", "post")
    ),
    *(
        f"{verb} {determiner} {adjective}{noun}"
        for verb in ("is", "was")
        # "X is the only vendor who…", "X was our only supplier"
        for determiner in ("our", "the only", "our only")
        for adjective in ("", "main ", "biggest ", "largest ", "new ", "key ")
        for noun in _PARTY_NOUNS_EN
    ),
)
# Verbs whose "to" names a client: "we supply dashboards to X", "on livre la pulpe à X"
_SALE_VERBS = frozenset(
    {"supply", "supplies", "supplied", "supplying", "sell", "sells", "sold", "selling", "ship"}
    | {"ships", "shipped", "shipping", "invoice", "invoiced", "invoicing", "deliver", "delivers"}
    | {"delivered", "delivering", "livre", "livrons", "livrent", "livrer", "vend", "vendons"}
    | {"vendent", "vendu", "vendre", "facture", "facturons", "facturer"}  # folded: "livré" is "livre"
    # what one hands to a provider: "we outsource payroll to X", "on sous-traite tout à X"
    | {"outsource", "outsources", "outsourced", "outsourcing", "subcontract", "subcontracts"}
    | {"subcontracted", "subcontracting", "sous-traite", "sous-traitons", "sous-traitent"}
)
# A known name opening with one of these counts only capitalised: "works at home" is no
# shop called "At Home"
_PREPOSITIONS = frozenset({"at", "a", "in", "on", "for", "with", "to", "from", "by", "of", "chez", "de"})
# Ages after "a job at": "my first job at nineteen"
_NUMBERS = folded_set(NUMBER_WORDS) | folded_set(
    word_set("sixteen seventeen eighteen nineteen twenty thirty forty fifty")
)
# Time spent at an employer: "six years at TfL", "dix ans chez Canon", "two years with
# Deloitte". A count and a unit of time before the link say a stay, as a verb of working does.
_TIME_UNITS = folded_set(word_set("year years month months decade ans mois années annees"))
_COUNTS = _NUMBERS | folded_set(
    word_set("""
    one two three four five six seven eight nine ten eleven twelve fifteen few several many
    couple last
    """)
)
_STAY_LINKS = folded_set(word_set("at with chez"))
# What "of"/"de" links to a firm: its parent, its fate, its officers
_OWNERS_OF_EN = _PARENT_OF_EN | _FIRM_FATES_EN
_OWNERS_OF_FR = _PARENT_OF_FR | _FIRM_PARTS_FR | _FIRM_FATES_FR
# Verbs of working, before "at" or "chez" and the employer ("works at octopus")
_WORKING = frozenset(
    {"work", "works", "worked", "working", "job", "employed", "temping", "interning", "intern"}
    | {"bosse", "bosses", "bossait", "bossé", "bosser", "travaille", "travailles", "travaillait"}
    | {"taffe", "taffes", "taffait", "embauché", "embauchée", "stage", "alternance"}
)
# Being somewhere since a date: "je suis chez X depuis", "je bosse à la X depuis"
_STAYING = folded_set(
    word_set("suis es est etait étais était sommes etais bosse bossais travaille travaillais")
)
# A name with digits in it: "Atelier2000", "ZX81", "3F"
_GLUED_RE = re.compile(r"(?<![\w@./-])(?:[A-Z][A-Za-z]*\d+[A-Za-z\d]*|\d+[A-Z]+)(?![\w@-])")
_GLUED_NEXT_RE = re.compile(r"[ \u00a0]([A-Z][\w-]+)")
_TRADE_GLUED_RE = re.compile(r"([A-Z][a-zà-ÿ]{3,})\d{2,}")
# A name of letters and digits after a firm's cue, in any case ("chez novoka89", "our
# client Norino70", "a contract with zenta49"): its letters no word of either language
_GLUED_ANY_RE = re.compile(r"(?<![\w@./-])([^\W\d_]{4,})(\d{1,3})(?![\w@-])")
# Cues a firm's name follows, where a name of letters and digits is the firm's
_GLUED_CUE_RE = re.compile(
    r"(?:\b(?:at|for|from|with|by|against|joined|left|chez|pour|avec|par|rejoint|quitt[eé]"
    r"|client|cliente|customer|supplier|vendor|employer|prestataire|fournisseur|employeur"
    r"|boite|boîte|société|societe|company|firm|agence|agency)[ \u00a0]*,?"
    r"|\b(?:face|outsource\w*|subcontract\w*|sous-trait\w*)\s+(?:\w+\s+){0,3}(?:à|a|to))[ \u00a0]+$",
    re.IGNORECASE,
)
_LEGAL_CAPS = frozenset(
    {"SARL", "SAS", "SASU", "EURL", "SA", "SCOP", "SCI", "LTD", "Ltd", "Inc", "LLC", "GmbH"}
)
# What comes right before an employer's name
_GLUED_FRAME_RE = re.compile(
    r"(?:\bchez|\brejoin\w*|\brejoint|\bquitt\w*|\bintégr\w*"
    r"|\b(?:approch|rachet|recrut|débauch|chass|démarch)\w*\s+par"
    r"|\b(?:work|works|worked|working|job|bosse|travaille)\s+(?:at|for|chez|pour)"
    r"|\bjoin(?:ed|ing)?|\bleft|\bquit|\bbought\s+by|\bacquired\s+by)\s+$",
    re.IGNORECASE,
)
# Letters that make a number a time, a unit or an ordinal ("9AM", "2H", "3e")
_UNIT_LETTERS = frozenset(
    {"am", "pm", "h", "hr", "hrs", "min", "mn", "k", "m", "g", "kg", "km", "e", "er", "eme", "ème"}
    | {"st", "nd", "rd", "th", "x", "j", "s", "d", "mo", "go", "gb", "mb", "ko", "kb", "t", "q"}
)
# Particles between a firm noun and its qualifier: "l'agence d'intérim", "the client in Leeds"
_PLACE_QUALIFIERS = frozenset({"de", "d", "du", "des", "in", "of", "en", "à", "a"})
# Two initials joined by "&" ("L&T", "J&T", "AT&T"), and what announces them as a firm
_LETTER_PAIR_RE = re.compile(r"(?<![\w&])([A-Z]{1,2}&[A-Z]{1,2})(?![\w&])")
_LETTER_PAIR_CUE_RE = re.compile(
    r"\b(?:at|with|for|joined|left|from|chez|avec|pour|rejoint|quitté|partner|supplier|vendor"
    r"|client|customer|carrier|courier|partenaire|prestataire|fournisseur|transporteur"
    r"|offer|interview|offre|entretien)(?:[ \u00a0]+(?:the|le|la|les|l'))?[ \u00a0]+$",
    re.IGNORECASE,
)
# Pairs of initials that name a function, a document, a ward or a trade, not a firm
_GENERIC_PAIRS = frozenset(
    {"R&D", "Q&A", "M&A", "P&L", "T&C", "T&CS", "B&B", "F&B", "H&S", "A&E", "L&D", "D&I", "R&R"}
    | {"S&P", "O&M", "G&A", "C&B", "E&O", "T&E", "A&R", "B&W", "R&B", "C&I", "F&A", "P&C", "I&C"}
    | {"Q&R", "E&I", "D&B", "S&OP", "DE&I", "EH&S", "HR&D"}
)
# What follows a place's name and still names a place: "Leeds Central", "Lyon Centre"
_PLACE_WORDS = folded_set(
    word_set("""
    centre center central city town north south east west nord sud est ouest ville gare
    airport aéroport aeroport station port harbour docks county region région metropole
    bridge street road park square avenue quay wharf hill rue place quai
    """)
)
# Whose employee one is: "salarié de X", "employée chez X"
_EMPLOYEE_NOUNS = folded_set(
    word_set("salarié salariée salariés salariées employé employée employés employées intérimaire")
)
_WORK_LINKS = frozenset({"pour", "chez", "a", "au", "for", "at", "with", "avec"})
_STAYING_EN = folded_set(word_set("im am m been was work works worked working"))
# Where or when one works, after "at"/"chez": no employer
_NOT_WORKPLACES = frozenset(
    {"home", "work", "night", "nights", "weekend", "weekends", "school", "uni", "university", "college"}
    | {"lunch", "dinner", "breakfast", "noon", "midnight", "dawn", "scale", "speed", "pace", "random"}
    | {"times", "least", "most", "all", "once", "first", "last", "best", "worst", "risk", "heart"}
    | {"ease", "length", "hand", "sea", "church", "hospital", "desk", "office", "site", "height"}
    | {"christmas", "easter", "full", "capacity", "cost", "odds", "war", "peace", "rest"}
    | {"head", "hq", "headquarters", "base", "depot", "branch", "plant", "factory", "store"}
    | {"moi", "toi", "lui", "elle", "nous", "vous", "eux", "elles", "soi", "ma", "mes", "mon"}
)


def _by_first_word(phrases: tuple[str, ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Phrases split into words, grouped by their first word (most words never open one)."""
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        parts = tuple(phrase.split())
        grouped.setdefault(parts[0], []).append(parts)
    return {first: tuple(group) for first, group in grouped.items()}


_PREDICATES_BY_FIRST_EN = _by_first_word(_FIRM_PREDICATES_EN)
_PREDICATES_BY_FIRST_FR = _by_first_word(_FIRM_PREDICATES_FR)
# What one works on for a client: "the Nest account", "le contrat Veolia"
_WORKED_ON_DETERMINERS = frozenset({"the", "our", "their", "this", "that"})
_WORKED_ON_EN = frozenset({"account", "accounts", "contract", "contracts", "tender", "bid", "rfp", "renewal"})
_WORKED_ON_FR = frozenset({"compte", "contrat", "marché", "marche"})

# Cue words that are English only: in French text they open English phrases
_ENGLISH_CUES = folded_set(word_set("company firm agency bank supplier vendor customer competitor"))

# Before a town named like a firm ("à Orange, dans le Vaucluse")
_TOWN_IN = folded_set(word_set("à a en dans vers près pres in near outside around towards to"))

# What is named after a saint, after the name ("St Luke's Hospital") or before it ("lycée
# saint-antoine"): schools, hospitals, colleges
_SAINT_HEADS = frozenset(
    {"hospital", "hospitals", "college", "school", "academy", "clinic", "hospice", "infirmary"}
    | {"university", "polytechnic", "institute", "convent", "seminary"}
)
_SAINT_FIRST = frozenset(
    {"lycee", "college", "ecole", "clinique", "hopital", "institution", "ehpad", "groupe", "institut"}
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
# Nouns of a group of firms or a company in the wide sense: "le groupe Les Bistrots Lyonnais",
# "la compagnie Les Semeurs d'Orage". One capitalised word after them is as often a
# programme or a team ("le groupe Erasmus"): the name needs its own article or two words.
_GROUP_NOUNS = folded_set(
    word_set("compagnie groupe agence troupe enseigne scierie fondation chaîne chaine")
    # a shop named by two words, joined by "&" too: "la boutique Fil & Bobine"
    | word_set("boutique")
)
# Trades that may be typed in lower case before a surname: "maison bouchard", "cave de Lugny"
_LOWER_TRADES = folded_set(word_set("domaine chateau maison cave cellier association asso garage"))

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

# The name of a domain in a link or an e-mail address: "arvalia-conseil" of www.arvalia-conseil.fr
_DOMAIN_RE = re.compile(
    r"(?<![\w.-])(?:www\.)?([a-z0-9][a-z0-9-]{3,})\.(?:com|fr|net|org|io|co|uk|ie|be|ch|ca|de|eu|info|biz"
    r"|us|au|nz|za|in|sg|ke|ng|gh|ph|lu|ma|sn|ci|re|app|dev|shop|store|coop|asso)(?:\.[a-z]{2})?(?![\w-])"
)
# The local part of an e-mail address: its words are someone's name, not the firm's domain
_LOCAL_PART_RE = re.compile(r"[\w.+-]+@")

_DEGREES = frozenset({"degree", "degrees", "graduate", "graduates", "alumni", "alum"})
# A firm's own article, and what joins the words of its name ("Les Jardins du Lac")
_FIRM_ARTICLES = frozenset({"le", "la", "les", "l", "the"})
_FIRM_JOINS = frozenset({"du", "de", "des", "d", "of", "and", "et", "&"})


# What closes a firm's name after it was found, and what a firm typed in lower case after
# a cue ends with: a company head ("Kazen Groupe", "dean plumbing") or a legal form, dotted
# or not, in capitals or lower case ("coulon faivre s.a.s.", "Botteron Sàrl.", "pall inc");
# "sa" and "co" in lower case are words ("chez Bouvier sa fille")
_SPAN_HEADS = (
    _SECTORS
    | _ORG_HEADS
    | folded_set(
        word_set("groupe associés partenaires logistique transports electrical renovation rénovation")
    )
    # trades that close a small firm's name in English ("Protea Staffing", "Harrington
    # Brothers Roofing", "Northgate Telecom"): they only grow a name found already
    | folded_set(
        word_set("""
        staffing telecom telecoms roofing fabrics bridal linen ferries drilling scaffolding
        glazing joinery landscaping catering couriers printing packaging textiles plastics
        metals timber interiors tours coaches dairy fisheries seafoods rehab
        renovations prints printers spraying staging studios builders haulage removals
        electrics motors
        """)
    )
)
_SPAN_LEGAL_RE = re.compile(
    r"[ \u00a0]+(?:(?i:s\.a\.r\.l\.?|s\.à\.r\.l\.?|s\.a\.s\.u?\.?|s\.a\.|e\.u\.r\.l\.?|sàrl\.?"
    r"|s\.à[ \u00a0]r\.l\.?|sarl|sasu?|eurl|ltd\.?|llc|llp|inc\.?|plc|gmbh"
    r"|pty(?:\.?[ \u00a0]ltd\.?)?|corp\.?"
    # abroad: Polish, Czech and Slovak, Italian, Malaysian and Singaporean, South African
    r"|sp\.[ \u00a0]?z[ \u00a0]?o\.[ \u00a0]?o\.?|s\.r\.o\.?|s\.p\.a\.?|s\.r\.l\.?"
    r"|sdn\.?[ \u00a0]bhd\.?|pte\.?[ \u00a0]ltd\.?"
    # "cc" closes a name where a clause goes on, not where it copies someone ("cc finance")
    r"|cc(?=[ \u00a0]*(?:[,;:.!?)]|$)|[ \u00a0]+(?:and|is|are|was|has|have|who|which|in|on|for)\b))"
    r"|SA|AG|BV|NV|SCI|SNC|GIE|CIC|Co\.)(?![\w-])"
)
# "Pixel & Houblon", "southside physio & rehab": "&" joins one more word of a firm's name
_SPAN_AMP_RE = re.compile(r"[ \u00a0]*&[ \u00a0]*([^\W\d_][\w'’-]*)")
# "at Halcyon Group Monday to Friday": a day, a month, a feast ends a firm's name
_CALENDAR_EN = folded_set(ENGLISH_CALENDAR)
# Compass points name regions, capitalised after a name: "Grand Est", "Sud Ouest"
_COMPASS = frozenset({"est", "ouest", "nord", "sud"})
# A capitalised word before a firm found, or "Friends of" before it
_SPAN_BEFORE_OF_RE = re.compile(r"(?<![\w'’-])([^\W\d_][\w'’-]+)([ \u00a0]+of)?[ \u00a0]+$")
# Where a word opens a sentence or a line: nothing but spaces since a stop or a new line
_SENTENCE_OPENS_RE = re.compile(r"(?:^|[\n.!?:;«\"“(])[ \t\u00a0]*$")
# A place after a firm found: "ADMR de Quimperlé", "Ressourcerie du Pays Albigeois"
_SPAN_OF_RE = re.compile(r"[ \u00a0]+(?:de|du|des|of)[ \u00a0]+(?=[A-ZÀ-Ý])|[ \u00a0]+d['’](?=[A-ZÀ-Ý])")
_LOWER_SA_RE = re.compile(r"([ \u00a0]+sa)(?:(?=[ \u00a0]*(?:[,;:!?)]|\.(?!\w)|$))|[ \u00a0]+([^\W\d_]+))")
_SPAN_WORD_RE = re.compile(r"[ \u00a0]+([^\W\d_][\w'’-]*)")
_SPAN_NEXT_RE = re.compile(r"([^\W\d_][\w'’-]*)")
_SPAN_BEFORE_RE = re.compile(r"(?<![\w-])([^\W\d_][\w-]*)[ \u00a0]+$")
# What a partnership's names follow: a verb's or a firm noun's cue ("joined Baker, Tilly and
# Hale", "le cabinet Fidal, Martin et Roux")
_PARTNER_CUES = folded_set(
    word_set("""
    at for with by from to against joined join left quit chez pour avec par rejoint quitté
    client customer supplier vendor employer firm company cabinet prestataire fournisseur
    employeur
    """)
)
# Cues before a firm in lower case (with "to"/"à" after a verb of selling or outsourcing)
_LOWER_FIRM_CUES = (
    _ORG_LINKS
    | _CLIENT_NOUNS
    | _JOIN_VERBS
    | folded_set(word_set("against left par rachetés rachetée racheté acquired"))
)
# Trades and firm nouns that open a small firm's name before its owner's ("plomberie Lefort",
# "groupe Bailly", "cabinet Legrand", "agence Renard")
_SPAN_OPENERS = _TRADES | folded_set(
    word_set("groupe group cabinet agence ets etablissements societe ste entreprise transports")
    | word_set("moulin moulins fiduciaire")
)
# A signature's firm line: one to six words, the first capitalised, no sentence in it
_SIGNATURE_FIRM_RE = re.compile(r"[ \t]*[A-ZÀ-Ý][^\W\d_]*(?:[ \u00a0'’&-]+[^\W_][\w'’.-]*){0,5}[ \t]*")
# A signature's title and firm on one line: "Chargée RH – Sonatel", "Sales Lead | Velmont"
_TITLE_FIRM_RE = re.compile(r"[ \t]*([^\W\d_][^–—|\n]*?)[ \t\u00a0]+[–—|-][ \t\u00a0]+([^–—|\n]+?)[ \t]*")
# What a signature's contact line holds: a number, an e-mail, a link
_CONTACT_RE = re.compile(r"\d{2}|@|www\.|https?://")
_SIGNATURE_ROLES = folded_set(ROLE_WORDS) | folded_set(ENGLISH_ROLE_WORDS)
_ROLE_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of `text`."""
    spans: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


# French trades ending in "-erie" name the shop, not the craft: "Fromagerie Lhuillier",
# "Scierie Mathieu", "Crêperie Le Goff" (capitalised before a surname only)
_TRADE_SUFFIX = "erie"


class OrganizationRules(InitialRules):
    """The organization rules: company lists, cues, legal forms, heads, institutions, clients."""

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

    def _firm_spans(self, words: list[Word], text: str, hits: list[Hit]) -> list[Hit]:
        """A firm found in part is reported whole: the company head or the legal form after
        it ("kazen groupe", "coulon faivre s.a.s.", "Botteron Sàrl."), the trade or firm
        noun before its owner's name ("plomberie Lefort", "groupe Bailly": then a firm, not
        a person), and a partnership's names listed as one ("Fontaine, Gilles and Evrard"
        after a firm's cue). Only hits already found grow: no new word is accused alone."""
        out: list[Hit] = []
        for hit in hits:
            if hit.kind not in ("person", "organization"):
                out.append(hit)
                continue
            start, end, kind = hit.start, hit.end, hit.kind
            for _ in range(6):
                legal = _SPAN_LEGAL_RE.match(text, end)
                if legal:
                    end, kind = legal.end(), "organization"
                    continue
                head = _SPAN_WORD_RE.match(text, end)
                if head and fold(head.group(1)) in _SPAN_HEADS and not head.group(1).isupper():
                    end, kind = head.end(), "organization"
                    continue
                # "bouvier sa," "vallet sa pour…": "sa" in lower case closes a firm where no
                # noun follows it (the possessive always has one: "Bouvier sa femme")
                lower_sa = _LOWER_SA_RE.match(text, end)
                if lower_sa and (lower_sa.group(2) is None or fold(lower_sa.group(2)) in _STOPS):
                    end, kind = lower_sa.end(1), "organization"
                    continue
                # one more of its owners' names before the legal form: "quéméner loarer s.a.s."
                if head and fold(head.group(1)) not in _STOPS and _SPAN_LEGAL_RE.match(text, head.end()):
                    end = head.end()
                    continue
                amp = _SPAN_AMP_RE.match(text, end)
                if amp and fold(amp.group(1)) not in _STOPS:
                    end, kind = amp.end(), "organization"
                    continue
                if kind == "organization":
                    grown = self._firm_name_goes_on(text, end)
                    if grown is not None:
                        end = grown
                        continue
                break
            before = _SPAN_BEFORE_RE.search(text, 0, start)
            # a firm already found keeps its span ("le groupe Halcyon": Halcyon); a person
            # after a trade is the firm's owner ("plomberie Lefort"), unless a common first
            # name ("in my group Sarah is…": someone)
            if before and self._opens_firm(before.group(1)) and hit.kind == "person":
                first = split_words(text[start:end])
                if not first or self._first(self.facts(first[0])) < 3.5:
                    start, kind = before.start(1), "organization"
            elif (
                # a firm noun in capitals belongs to the name: "Groupe Kéolis Poitiers"
                before
                and hit.kind == "organization"
                and before.group(1)[:1].isupper()
                and fold(before.group(1)) in _SPAN_OPENERS
            ):
                start = before.start(1)
            if kind == "organization":
                others = [h for h in hits if h is not hit and h.end <= start]
                start = self._firm_name_starts(text, start, max((h.end for h in others), default=0))
            out.append(Hit(start, end, kind) if (start, end, kind) != tuple(hit) else hit)
        out.extend(list(self._partnerships(words, text, out)))
        return out

    def _signature_firms(self, text: str, hits: list[Hit]) -> Iterator[Hit]:
        """A signature names its firm on the line after the job title and before the
        contact lines: "Philippe Aubert / Directeur d'agence / Banque Populaire Alsace /
        12 place…", "Samia Haddad | Talent Partner / Alan / +33 6…". The firm's line is
        short, capitalised, holds no role; the title line above it holds a role and
        follows (or shares) a line with someone's name; the line below holds a number, an
        address or a link. A clean message has no contact line, so none is flagged by it."""
        lines = _lines(text)
        people = [h for h in hits if h.kind == "person"]
        for i in range(1, len(lines) - 1):
            start, end = lines[i]
            line = text[start:end]
            if not _CONTACT_RE.search(text, *lines[i + 1]):
                continue
            shared = self._firm_after_title(text, lines, i, people)
            if shared is not None:
                yield shared
                continue
            if not _SIGNATURE_FIRM_RE.fullmatch(line):
                continue
            if self._has_role(line) or any(
                h.start < end and h.end > start for h in hits if h.kind != "person"
            ):
                continue
            title_start, title_end = lines[i - 1]
            if not self._has_role(text[title_start:title_end]) or any(
                c.isdigit() for c in text[title_start:title_end]
            ):
                continue
            # someone's name on the title's line ("Samia Haddad | Talent Partner") or above it
            named_from = lines[i - 2][0] if i >= 2 else title_start
            if any(named_from <= h.start and h.end <= title_end for h in people):
                yield Hit(start, end, "organization")

    def _firm_after_title(
        self, text: str, lines: list[tuple[int, int]], i: int, people: list[Hit]
    ) -> Hit | None:
        """The firm of a signature whose title and firm share a line, set apart by a dash or
        a bar ("Chargée RH – Sonatel", "Responsable qualité - Plastiques du Jura SAS",
        "Account Manager | Velmont"), under a line naming someone and above a contact line
        (checked by the caller): the part after the separator, when the part before holds
        a role and the part after none, is short and capitalised."""
        start, end = lines[i]
        line = text[start:end]
        match = _TITLE_FIRM_RE.fullmatch(line)
        if match is None or not self._has_role(match.group(1)) or self._has_role(match.group(2)):
            return None
        if not _SIGNATURE_FIRM_RE.fullmatch(match.group(2)) or any(c.isdigit() for c in match.group(1)):
            return None
        named = split_words(match.group(2))
        if named[0].folded in _NOT_WORKPLACES or named[0].folded in _DEPARTMENTS:
            return None  # "Responsable logistique – Site de Lyon", "… – Service Paie"
        if self._k.folded_facts(" ".join(w.folded for w in named)).is_place:
            return None  # "Chef de secteur – Bretagne"
        above_start, above_end = lines[i - 1]
        if not any(above_start <= h.start and h.end <= above_end for h in people):
            return None
        return Hit(start + match.start(2), start + match.end(2), "organization")

    def _has_role(self, line: str) -> bool:
        """Whether a line names a job ("Branch Manager", "Responsable maintenance"), in
        either language: a French signature's title is often English ("Talent Partner")."""
        return any(fold(w) in _SIGNATURE_ROLES for w in _ROLE_WORD_RE.findall(line))

    def _opens_firm(self, word: str) -> bool:
        """A trade or firm noun before its owner's name: "plomberie Lefort", "Fromagerie
        Lhuillier" (a capitalised "-erie" is a shop's sign, whatever its trade)."""
        folded = fold(word)
        return folded in _SPAN_OPENERS or (
            word[:1].isupper() and folded.endswith(_TRADE_SUFFIX) and len(folded) > 6
        )

    def _firm_name_starts(self, text: str, start: int, floor: int) -> int:
        """Where a firm's name found from `start` really starts, when capitalised words
        stand before it mid-sentence: "tell Gulf Coast Gasket & Seal", "for Friends of
        Eastville Park". Not a sentence's or a line's first word, a role ("Branch Manager
        Bank of Ireland"), a function word, a common first name, nor a word another finding
        holds (before `floor`: "Musa Danjuma of Danjuma & Sons" is someone of a firm); an
        "of" joins one word only."""
        for _ in range(3):
            before = _SPAN_BEFORE_OF_RE.search(text, 0, start)
            if before is None or before.start(1) < floor or not self._is_name_part(before.group(1)):
                return start
            if fold(before.group(1)) in _SIGNATURE_ROLES or _SENTENCE_OPENS_RE.search(
                text, 0, before.start(1)
            ):
                return start
            start = before.start(1)
            if before.group(2):
                return start
        return start

    def _is_name_part(self, name: str) -> bool:
        """A capitalised word that may carry on a firm's name: no function word, day,
        month or title, no common first name unless a place ("Lorraine", "Florence")."""
        folded = fold(name)
        if not name[:1].isupper() or (folded in _NAME_ENDS and folded not in _COMPASS):
            return False
        if folded in _CALENDAR_EN:
            return False
        facts = self._k.folded_facts(folded)
        first = self._first(facts) >= 3.5 and self._first(facts) >= self._surname(facts)
        return not first or facts.is_place

    def _firm_name_goes_on(self, text: str, end: int) -> int | None:
        """Where a firm's name found up to `end` really ends, when capitalised words follow
        it: "Caisse d'Épargne Grand Est Europe", "Banque Populaire Alsace Lorraine", "ADMR
        de Quimperlé". Not a function word, a day, a month or a title, not a common first
        name ("chez Orange Marie m'a dit")."""
        joined = _SPAN_OF_RE.match(text, end)
        at = joined.end() if joined else end
        word = (_SPAN_NEXT_RE if joined else _SPAN_WORD_RE).match(text, at)
        if word is None:
            return None
        return word.end() if self._is_name_part(word.group(1)) else None

    def _is_first_name_first(self, word: Word) -> bool:
        """A common first name more often than a surname ("Sarah", not "Taylor", "Morris")."""
        f = self.facts(word)
        return self._first(f) >= 3.5 and self._first(f) >= self._surname(f)

    def _partnerships(self, words: list[Word], text: str, hits: list[Hit]) -> Iterator[Hit]:
        """ "Fontaine, Gilles and Evrard", "Baker, Tilly & Co": three names in capitals, a
        comma and "and"/"et"/"&", after a firm's cue or with a firm found among them, name one
        partnership (law, accounting, engineering firms). A list of first names is people."""
        firms = [h for h in hits if h.kind == "organization"]
        named = [h for h in hits if h.kind in ("person", "organization")]
        for i in range(1, len(words) - 3):
            a, b = words[i], words[i + 1]
            if _gap(text, a, b).strip() != ",":
                continue
            k = i + 2
            link = words[k]
            if _gap(text, b, link) != " " and _gap(text, b, link).strip() == "&":
                third = link  # "Baker, Tilly & Co"
            elif link.folded in ("and", "et") and _gap(text, b, link) == " " and k + 1 < len(words):
                third = words[k + 1]
            else:
                continue
            parts = (a, b, third)
            if not all(w.is_capitalised and not self.is_blocked(w) for w in parts):
                continue
            if any(
                (self.facts(w).is_place and not self.is_maybe_name(w)) or w.folded in self._roles
                for w in parts
            ):
                continue
            if any((w.folded,) in self._k.organizations.phrases for w in parts):
                continue  # "à Vinci, Kervalec et Eiffage": firms listed, each its own
            if sum(self._is_first_name_first(w) for w in parts) >= 2 and not any(
                f.start <= a.start < f.end for f in firms
            ):
                continue  # "Sarah, Tom and Jake": people
            # one of the names found already: the list is no run of capitalised words
            if not any(h.start <= w.start < h.end for h in named for w in parts):
                continue
            prev = words[i - 1].folded
            cued = prev in _PARTNER_CUES or any(f.start <= a.start < f.end for f in firms)
            if cued:
                yield Hit(a.start, third.end, "organization")

    def _named_trade(self, words: list[Word], i: int, text: str) -> bool:
        """A trade in lower case, then a name in capitals ("la coopérative Terres Vives")."""
        word = words[i]
        group = word.folded in _GROUP_NOUNS
        if (word.folded not in _NAMED_TRADES and not group) or word.is_capitalised or i + 1 >= len(words):
            return False
        nxt = words[i + 1]
        if not nxt.is_capitalised or nxt.is_all_caps or _gap(text, word, nxt) != " ":
            return False
        if nxt.folded in ("le", "la", "les", "l"):
            return i + 2 < len(words) and words[i + 2].is_capitalised
        if group and (self.facts(nxt).is_place or self._is_town(nxt)):
            return False  # "une boutique Paris Nord": where the shop is
        if group and not (
            i + 2 < len(words)
            and words[i + 2].is_capitalised
            and _gap(text, nxt, words[i + 2]).strip(" ") in ("", "&")
            and not self.is_blocked(words[i + 2])
        ):
            return False
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
            if _gap(text, noun, words[i + 1]).strip() != ",":
                continue
            if noun.folded not in _CLIENT_NOUNS and not self._firm_noun_before(words, i, text):
                continue
            j = i + 1
            first = j + 1 if words[j].folded in _FIRM_ARTICLES and words[j].is_capitalised else j
            if (
                words[j].folded in _FIRM_ARTICLES
                and not words[j].is_capitalised
                and j + 1 < count
                and words[j + 1].is_capitalised
                and (words[j + 1].is_all_caps or words[j + 1].folded in _SPAN_OPENERS)
                and _gap(text, words[j], words[j + 1]) in (" ", "'", "’")
            ):
                # "notre client, la BRED, …", "le mécène, la Fondation Rhodanienne, …": the
                # article is not the name
                j = first = j + 1
            stop = first
            while stop < count and stop - j < 5 and stop not in taken:
                w = words[stop]
                gap = _gap(text, words[stop - 1], w) if stop > j else " "
                if gap.strip() == "&" and "\n" not in gap and w.is_capitalised:
                    stop += 1  # "une petite agence lilloise, Pixel & Houblon, …"
                    continue
                if stop > j and gap != " ":
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
            if stop == first and first < count:
                stop = self._lower_firm_named(words, first, text, taken)
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

    def _lower_firm_named(self, words: list[Word], first: int, text: str, taken: set[int]) -> int:
        """The end of a firm's name typed in lower case in apposition, when it closes with a
        company head: "an outside appraisal firm, maritime restoration group, …"; three or
        four words, none a stop word, the last no department ("chase the supplier, chase
        finance, chase legal"); `first` when there is none."""
        for stop in range(first + 2, min(first + 4, len(words)) + 1):
            run = words[first:stop]
            if any(k in taken for k in range(first, stop)) or any(
                w.is_capitalised or w.folded in _STOPS or len(w.folded) < 3 for w in run
            ):
                return first
            if not all(_gap(text, a, b) == " " for a, b in itertools.pairwise(run)):
                return first
            if run[-1].folded in _SPAN_HEADS:
                return stop if len(run) >= 3 and run[-1].folded not in _DEPARTMENTS else first
        return first

    def _firm_noun_before(self, words: list[Word], i: int, text: str) -> bool:
        """Whether a firm noun ends its phrase at words[i], past up to three lower-case words
        or a place that qualify it: "le bailleur principal", "une agence d'intérim locale",
        "une petite agence lilloise", "the client in Copenhagen", "an outside appraisal
        firm". No punctuation, stop word (other than a particle) or first name between."""
        for back in range(i - 1, max(i - 4, -1), -1):
            between = words[back + 1 : i + 1]
            if _gap(text, words[back], words[back + 1]) not in (" ", "'", "’"):
                return False
            if words[back].folded in _CLIENT_NOUNS and not words[back].is_capitalised:
                return all(self._qualifies_firm_noun(w) for w in between)
        return False

    def _qualifies_firm_noun(self, word: Word) -> bool:
        """A word that may qualify a firm noun before its name is given: an ordinary
        lower-case word ("principal", "lilloise", "d'intérim"), a particle, or a place
        ("in Copenhagen")."""
        if word.folded in _PLACE_QUALIFIERS:
            return True
        if word.is_capitalised:
            return self.facts(word).is_place or self._is_town(word)
        return word.folded not in _STOPS and self.is_ordinary(word)

    def _org_frames(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        """Frames that name a firm whatever word it is named by, even an ordinary one
        ("Monster", "Nest") or an abbreviation no list holds ("JLR"): someone's employer
        ("my friend at Halcyon", "my husband's at JLR"), a firm's parent ("a subsidiary of
        X", "une filiale de X"), what only a firm has ("Monster's HR", "le PDG de X") and
        an account or a contract one works on ("the Nest account", "le contrat Veolia")."""
        count = len(words)
        for i in range(count):
            j = self._org_frame_at(words, i, text)
            if j is None or j in taken or j >= count:
                continue
            stop = self._firm_run(words, j, text, taken)
            if stop is not None:
                yield Hit(words[j].start, words[stop - 1].end, "organization")
        yield from self._firm_subjects(words, text, taken)
        yield from self._workplace_in_lower_case(words, text, taken)
        yield from self._lower_firm_after_cue(words, text, taken)
        yield from self._employer_since(words, text, taken)
        yield from self._employee_of(words, text, taken)
        yield from self._letter_pairs(text)
        yield from self._glued_to_digits(text)
        # "Monster's HR", "Halcyon's recruiters": a capitalised word owning what only a firm has
        for i in range(count - 2):
            word, mark, part = words[i], words[i + 1], words[i + 2]
            if i in taken or not word.is_capitalised or mark.text != "s":
                continue
            if _gap(text, word, mark) not in ("'", "’") or _gap(text, mark, part) != " ":
                continue
            if part.folded not in _FIRM_PARTS_EN or self._lang != "en":
                continue
            if self._is_firm_word(word, lower_ok=False) and self._first(self.facts(word)) < 3.0:
                yield Hit(word.start, word.end, "organization")

    def _lower_firm_after_cue(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        """After a firm's cue ("at", "for", "with", "chez", "avec", "acquired by", "our
        supplier", "sous-traite tout à"), a firm typed in lower case by its owners' names: a
        surname and a company head ("dean plumbing", "stokes logistics", "martin transports")
        or two surnames joined by a hyphen ("doyle-king", "guiot-dupont"). A frequent word
        before the head is a kind of firm, not its name ("young partners", "new solutions"),
        and a first name joined to another is a person's ("jean-marc")."""
        count = len(words)
        for i in range(count - 1):
            j = i + 1
            cue = words[i]
            if cue.folded not in _LOWER_FIRM_CUES and cue.folded not in ("to", "a", "à"):
                continue
            if j in taken or words[j].is_capitalised or not _joined(text, cue, words[j]):
                continue
            if cue.folded not in _LOWER_FIRM_CUES and not self._sold_to(words, i, text):
                continue
            cand = words[j]
            if not self._is_plain_firm_word(cand) or cand.folded in _NOT_WORKPLACES:
                continue
            nxt = words[j + 1] if j + 1 < count else None
            if (
                nxt is not None
                and nxt.folded in _SPAN_HEADS
                and not nxt.is_capitalised
                and _gap(text, cand, nxt) == " "
                and "-" not in cand.folded
                and self._is_owner_name(cand)
            ):
                yield Hit(cand.start, nxt.end, "organization")
                continue
            parts = cand.folded.split("-")
            if len(parts) != 2 or any(len(p) < 3 for p in parts):
                continue
            f = self.facts(cand)
            if f.is_lexicon or f.is_lexicon_en or f.is_place or max(f.fr, f.en) >= 3.0:
                continue  # "sous-traitant", "long-term", "saint-malo"
            judged = [self._k.folded_facts(p) for p in parts]
            if sum(self._first(g) >= 3.5 for g in judged) >= 1 and self._first(judged[0]) >= 3.5:
                continue  # "jean-marc", "marie-claire": a person, left to the person rules
            if all(self._surname(g) >= 2.6 or self._first(g) >= 2.9 for g in judged) and any(
                not (g.is_lexicon or g.is_lexicon_en) for g in judged
            ):
                yield Hit(cand.start, cand.end, "organization")

    def _is_owner_name(self, word: Word) -> bool:
        """A lower-case word that may be a firm's owner before its head: a surname or a
        word no lexicon knows, not a word frequent in text ("young", "key", "new")."""
        f = self.facts(word)
        if max(f.fr, f.en) >= 4.8:
            return False
        # mostly a name by the data ("dean", "frost"), not a word that is also a surname
        # ("bigger", "bright")
        return (self.is_maybe_name(word) and self.excess(f) < 1.0) or self.is_unknown(word)

    def _workplace_in_lower_case(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        """ "my partner works at octopus and…", "je bosse chez alan depuis…": after a verb of
        working and "at"/"chez", a word in lower case that closes its phrase is the
        employer even when it is an ordinary word; not where or when one works ("at home",
        "at night", "at weekends", "at pace", "chez moi"), a place, a role or a department."""
        for i in range(1, len(words) - 1):
            verb, link, firm = words[i - 1], words[i], words[i + 1]
            if i + 1 in taken or firm.is_capitalised or link.folded not in ("at", "chez"):
                continue
            if verb.folded not in _WORKING or not (_joined(text, verb, link) and _joined(text, link, firm)):
                continue
            if firm.folded in _NOT_WORKPLACES or not self._is_plain_firm_word(firm):
                continue
            if self._org_after_link(words, i + 1, 1, text):
                yield Hit(firm.start, firm.end, "organization")

    def _glued_to_digits(self, text: str) -> Iterator[Hit]:
        """Firms whose name holds digits, which the split into words leaves out as codes
        ("B2B", "4G"): after a frame that names an employer ("chez Atelier2000", "approchée
        par 3F", "joined ZX81"), before a sector word or a legal form ("ZX81 Conseil",
        "Atelier2000 SARL"), or a trade glued to a number ("Garage2000"); never a time, a
        unit or an ordinal ("work at 9AM", "pour 2H")."""
        for match in _GLUED_RE.finditer(text):
            token = match.group(0)
            letters = "".join(c for c in token if c.isalpha()).lower()
            if letters in _UNIT_LETTERS:
                continue
            before = text[max(0, match.start() - 40) : match.start()]
            after = _GLUED_NEXT_RE.match(text, match.end())
            nxt = after.group(1) if after else ""
            head = fold(nxt) in _SECTORS or fold(nxt) in _ORG_HEADS or nxt in _LEGAL_CAPS
            glued_trade = _TRADE_GLUED_RE.fullmatch(token)
            trade = glued_trade is not None and fold(glued_trade.group(1)) in _TRADES
            if _GLUED_FRAME_RE.search(before) or head or trade:
                end = after.end() if head and after is not None else match.end()
                yield Hit(match.start(), end, "organization")
        for match in _GLUED_ANY_RE.finditer(text):
            before = text[max(0, match.start() - 40) : match.start()]
            if not _GLUED_CUE_RE.search(before):
                continue
            f = self._k.folded_facts(fold(match.group(1)))
            # "with Office365", "avec covid19", "Windows11": a product of a word, not a firm
            if f.is_lexicon or f.is_lexicon_en or max(f.fr, f.en) >= 3.0:
                continue
            yield Hit(match.start(), match.end(), "organization")

    def _employer_since(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        """ "je suis chez desjardins depuis 2020", "je suis à la BCGE depuis 2019", "im at aib
        since 2020": being at a place since a date is an employer's frame, so the word
        between is the employer even in lower case or as an abbreviation no list holds;
        not an ordinary word ("chez
        mes parents", "au chômage"), a place, a role, a known abbreviation ("à la CAF")."""
        english = self._lang == "en"
        staying, since = (_STAYING_EN, "since") if english else (_STAYING, "depuis")
        count = len(words)
        for i in range(count - 3):
            if words[i].folded not in staying:
                continue
            j = i + 1
            link = words[j].folded
            if english:
                if link != "at":
                    continue
                link = "chez"  # "im at aib since 2020": the same frame as "chez"
            elif link == "a" and j + 1 < count and words[j + 1].folded in ("la", "l"):
                j += 1
            elif link not in ("chez", "au"):
                continue
            k = j + 1
            if k + 1 >= count or k in taken or words[k + 1].folded != since:
                continue
            if not all(_joined(text, a, b) for a, b in itertools.pairwise(words[i : k + 2])):
                continue
            firm = words[k]
            if firm.is_all_caps:
                f = self.facts(firm)  # rare in text too: "au SMIC depuis" is a wage
                ok = not self._is_acronym(firm) and not self.is_blocked(firm) and max(f.fr, f.en) < 3.0
            elif firm.is_capitalised:
                ok = False  # left to the frames for capitalised names
            else:
                f = self.facts(firm)  # a word no dictionary holds: "chez desjardins", not "chez mamie"
                ok = (
                    link == "chez"
                    and firm.folded not in _NOT_WORKPLACES
                    and self._is_plain_firm_word(firm)
                    and not (self._is_lexicon(f) or f.is_lexicon_en)
                )
            if ok:
                yield Hit(firm.start, firm.end, "organization")
        # "je bosse pour la BCGE", "I work for DBS": after a verb of working, an abbreviation
        # no list holds and rare in text is the employer, with or without a date
        for i in range(count - 2):
            if words[i].folded not in _WORKING or words[i + 1].folded not in _WORK_LINKS:
                continue
            k = i + 2
            if words[k].folded in _FIRM_ARTICLES and not words[k].is_capitalised and k + 1 < count:
                k += 1
            firm = words[k]
            if k in taken or not firm.is_all_caps or len(firm.folded) > 5 or self.is_blocked(firm):
                continue
            if not all(_joined(text, a, b) for a, b in itertools.pairwise(words[i : k + 1])):
                continue
            f = self.facts(firm)
            if not self._is_acronym(firm) and max(f.fr, f.en) < 3.0:
                yield Hit(firm.start, firm.end, "organization")

    def _letter_pairs(self, text: str) -> Iterator[Hit]:
        """Firms named by two initials and "&" ("works at L&T", "the logistics partner J&T",
        "un contrat avec P&G"), after a link to an employer or a firm noun; the pairs that
        name a function, a document or a ward are no firm ("works in R&D", "at A&E", "the
        P&L", "our L&D team")."""
        for match in _LETTER_PAIR_RE.finditer(text):
            if match.group(1).upper() in _GENERIC_PAIRS:
                continue
            if _LETTER_PAIR_CUE_RE.search(text, max(0, match.start() - 30), match.start()):
                yield Hit(match.start(1), match.end(1), "organization")

    def _employee_of(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        """ "je suis salarié de La Méridionale", "salariée de Saveurs du Sud Distribution",
        "employé chez Dumas Frères": an employee noun names whose employee one is, so the
        capitalised name after it is the employer, its capitalised article too. A single
        dictionary word needs that article ("salarié de La Poste"; "employée de Mairie" is a
        post), and the name passes the tests of any firm's frame (no place, department,
        role, known abbreviation: "salarié de Lyon", "employé de la DRH")."""
        count = len(words)
        for i in range(count - 2):
            if words[i].folded not in _EMPLOYEE_NOUNS or words[i].is_capitalised:
                continue
            link = words[i + 1]
            if link.folded not in ("de", "d", "du", "chez") or not _joined(text, words[i], link):
                continue
            j = i + 2
            article = words[j].folded in _FIRM_ARTICLES and words[j].is_capitalised and link.folded != "du"
            first = j + 1 if article else j
            if first >= count or first in taken or not words[first].is_capitalised:
                continue
            if not all(_joined(text, a, b) for a, b in itertools.pairwise(words[i + 1 : first + 1])):
                continue
            if self._is_first_name_first(words[first]):
                continue  # "l'employée de Sarah": someone's, left to the rules for people
            stop = self._firm_run(words, first, text, taken)
            if stop is None:
                continue
            # "Saveurs du Sud Distribution": a particle between capitalised words
            while (
                stop + 1 < count
                and words[stop].folded in _FIRM_JOINS
                and not words[stop].is_capitalised
                and words[stop + 1].is_capitalised
                and _joined(text, words[stop - 1], words[stop])
                and _joined(text, words[stop], words[stop + 1])
            ):
                grown = self._firm_run(words, stop + 1, text, taken)
                if grown is None:
                    break
                stop = grown
            run = words[first:stop]
            ordinary = all(self.is_ordinary(w) or w.folded in _FIRM_JOINS for w in run)
            if not article and ordinary and len(run) < 3:
                continue  # "employée de Mairie", "salariés de Grande Distribution": a post, a sector
            yield Hit(words[j].start, words[stop - 1].end, "organization")

    def _is_plain_firm_word(self, word: Word) -> bool:
        """A lower-case word that may name a firm after a verb of working: no stop word,
        place, role, department, known abbreviation, or blocked word."""
        folded = word.folded
        if self.is_blocked(word) or len(folded) < 3 or folded in _STOPS or folded in _NUMBERS:
            return False  # "my first job at nineteen": an age
        if folded in _DEPARTMENTS or folded in self._roles or folded in self._titles:
            return False
        f = self.facts(word)
        return not (f.is_place or self._is_town(word) or self._first(f) >= 3.5)

    def _firm_subjects(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        """Capitalised words before what only a firm does ("I hear Halcyon is hiring", "la
        SG me propose un poste", "Veldora went bust") or opening "At X we…": the firm.
        A lone ordinary word opening the sentence stays clean ("Retail is hiring")."""
        count = len(words)
        for i in range(1, count):
            if not self._firm_predicate(words, i, text):
                continue
            j = i
            while j > 0 and i - j < 4 and j - 1 not in taken:
                before = words[j - 1]
                gap = _gap(text, before, words[j])
                # "Boudreaux Sound & Staging is the only vendor": "&" inside the name
                if not before.is_capitalised or (gap not in (" ", " ") and gap.strip(" ") != "&"):
                    break
                j -= 1
            if j == i or not all(self._is_firm_word(w, lower_ok=False) for w in words[j:i]):
                continue
            if j > 0 and (words[j - 1].folded in _PLACE_LINKS or words[j - 1].folded == "d"):
                continue  # "l'usine d'Évian recrute": where the plant is
            lone = i - j == 1 and words[j].is_initial
            if lone and (self.is_ordinary(words[j]) or words[j].folded in _STOPS):
                continue
            if i - j == 1 and self._first(self.facts(words[j])) >= 3.5 and not words[j].is_all_caps:
                continue  # "Sarah hired me", "Julie est notre cliente": someone, the person rules'

            yield Hit(words[j].start, words[i - 1].end, "organization")
        # "At Halcyon we never…": where we work, opening the sentence
        for i in range(count - 2):
            at = words[i]
            if at.folded != "at" or not at.is_initial or not _joined(text, at, words[i + 1]):
                continue
            stop = self._firm_run(words, i + 1, text, taken)
            if stop is None or stop >= count or not words[i + 1].is_capitalised:
                continue
            if words[stop].folded in ("we", "our") and _gap(text, words[stop - 1], words[stop]).strip() in (
                "",
                ",",
            ):
                yield Hit(words[i + 1].start, words[stop - 1].end, "organization")

    def _firm_predicate(self, words: list[Word], i: int, text: str) -> bool:
        """Whether words[i:] say what only a firm does: hire, lay off, go bust, be bought,
        offer someone a post."""
        phrases = (_PREDICATES_BY_FIRST_EN if self._lang == "en" else _PREDICATES_BY_FIRST_FR).get(
            words[i].folded
        )
        if not phrases:
            return False
        seq = tuple(w.folded for w in words[i : i + 6])
        return any(seq[: len(p)] == p for p in phrases)

    def _org_frame_at(self, words: list[Word], i: int, text: str) -> int | None:
        """The index of the word a firm frame ending at words[i] announces, if any."""
        word = words[i]
        if i + 1 >= len(words) or not _joined(text, word, words[i + 1]):
            return None
        prev = words[i - 1] if i > 0 else None
        if word.folded in ("to", "a", "à") and self._sold_to(words, i, text):
            return i + 1
        if self._party_named(words, i):
            return i + 1
        if self._lang == "en":
            if word.folded == "at" and prev is not None:
                owner = prev
                if prev.text == "s" and i > 1 and _gap(text, words[i - 2], prev) in ("'", "’"):
                    owner = words[i - 2]  # "my husband's at JLR"
                if owner.folded in _PEOPLE_AT or (owner.folded in self._roles and owner is prev):
                    return i + 1
            if (
                word.folded == "from"
                and prev is not None
                and i + 2 < len(words)
                and words[i + 1].folded == "the"
                and words[i + 2].is_all_caps
                and (prev.folded in _PEOPLE_AT or prev.folded in self._roles or prev.is_capitalised)
            ):
                return i + 2  # "the delegate from the AMWU", "Craig from the CFMEU"
            if word.folded == "from" and prev is not None and self._from_firm(words, i):
                return i + 1  # "an engineer from Lotus", "Heather Nakashima from CooperVision"
            if word.folded == "of" and prev is not None and prev.folded in _OWNERS_OF_EN:
                return i + 1  # "a subsidiary of X", "the collapse of X"
            if word.folded in _WORKED_ON_DETERMINERS and i + 2 < len(words):
                # "the Nest account", "our KCB contract": the words before the noun
                for size in (1, 2, 3):
                    k = i + 1 + size
                    if k >= len(words):
                        break
                    if words[k].folded in _WORKED_ON_EN and not words[k].is_capitalised:
                        if all(w.is_capitalised for w in words[i + 1 : k]):
                            return i + 1
                        break
                    if not words[k].is_capitalised:
                        break
            return None
        # French: "une filiale de X", "le PDG de X", "le compte X", "la faillite de X"
        if word.folded in ("de", "du", "d") and prev is not None and prev.folded in _OWNERS_OF_FR:
            return i + 1
        if word.folded in _WORKED_ON_FR and prev is not None and prev.folded in ("le", "du", "au", "l"):
            return i + 1
        return None

    def _from_firm(self, words: list[Word], i: int) -> bool:
        """Whether "from" at words[i] names where someone works: after a role or a person
        noun ("an engineer from Lotus", "someone from UniMelb") or after someone's full name
        ("Heather Nakashima from CooperVision"), a capitalised word is their firm; where they
        come from is a place, which `_is_firm_word` leaves out ("a guy from Leeds")."""
        nxt = words[i + 1]
        if not nxt.is_capitalised or self._is_first_name_first(nxt) or nxt.folded in _NOT_WORKPLACES:
            return False  # "my mate from Uni", "someone from Head Office"
        prev = words[i - 1]
        if prev.folded in _PEOPLE_AT or (prev.folded in self._roles and not prev.is_capitalised):
            return True
        return (
            i >= 2
            and prev.is_capitalised
            and words[i - 2].is_capitalised
            and not words[i - 2].is_initial
            and self._is_first_name_first(words[i - 2])
        )

    def _party_named(self, words: list[Word], i: int) -> bool:
        """ "mon employeur c'est Bic", "notre plus gros client, c'est X", "our main supplier
        is X": a copula after one's own employer, client or supplier names it (the reverse
        of "X est notre fournisseur"); a common first name after it is someone's."""
        word = words[i]
        if word.folded not in _COPULAS or i + 1 >= len(words):
            return False
        nxt = words[i + 1]
        if nxt.is_capitalised and self._is_first_name_first(nxt):
            return False
        k = i - 1
        if word.folded == "est" and k >= 0 and words[k].folded == "c":
            k -= 1  # "c'est", "c est"
        for back in range(k, max(k - 3, 0) - 1, -1):
            if words[back].folded in _NAMED_PARTIES:
                return back > 0 and any(w.folded in _OWN_DETERMINERS for w in words[max(back - 3, 0) : back])
            if words[back].folded in _STOPS and words[back].folded not in _OWN_DETERMINERS:
                return False
        return False

    def _sold_to(self, words: list[Word], i: int, text: str) -> bool:
        """Whether "to" at words[i] closes a sale or a delivery, up to three words back
        ("we supply dashboards to X", "on livre la pulpe à X"): what follows is a client,
        unless it is a first name (left to the rules for people)."""
        nxt = words[i + 1]
        if self._first(self.facts(nxt)) >= 3.5:
            return False
        for j in range(i - 1, max(-1, i - 4), -1):
            if _gap(text, words[j], words[j + 1]).strip(" \u00a0'’"):
                return False
            if words[j].folded in _SALE_VERBS:
                return True
        return False

    def _is_firm_word(self, word: Word, lower_ok: bool) -> bool:
        """Whether a word after a firm's frame may be the firm: not a place, a role, a
        department, a title, a known abbreviation ("HR", "IT") or a blocked word."""
        if self.is_blocked(word) or len(word.folded) < 2:
            return False
        folded = word.folded
        if folded in _DEPARTMENTS or folded in self._roles or folded in self._titles or folded in _STOPS:
            return False
        if word.is_all_caps and self._is_acronym(word):
            return False
        if self.facts(word).is_place or self._is_town(word):
            return False
        if word.is_capitalised:
            return True
        return lower_ok and self.is_unknown(word)

    def _firm_run(self, words: list[Word], j: int, text: str, taken: set[int]) -> int | None:
        """The end (exclusive) of the firm's name opening at words[j], or None: one word the
        frame may take, then capitalised words joined by a space or "&" ("Jaguar Land
        Rover", "Marks & Spencer")."""
        first = words[j]
        if not self._is_firm_word(first, lower_ok=True) and not self._place_led_name(words, j, text):
            return None
        stop = j + 1
        if first.is_capitalised:
            while stop < len(words) and stop - j < 4 and stop not in taken:
                w = words[stop]
                gap = _gap(text, words[stop - 1], w)
                if gap.strip() not in ("", "&") or "\n" in gap or not w.is_capitalised or self.is_blocked(w):
                    break
                if w.folded in self._roles or w.folded in _DEPARTMENTS:
                    break
                stop += 1
        return stop

    def _place_led_name(self, words: list[Word], j: int, text: str) -> bool:
        """A firm's name opening with a place, after a firm's frame: "from Vistula Parcel",
        "racheté par France Thermes", "Corsica Linea". The place is capitalised and the next
        word too, on the same line, and that word names no place, compass point, department
        or role ("from Leeds Central", "de Lyon Nord" are where)."""
        first = words[j]
        if not first.is_capitalised or first.is_all_caps or j + 1 >= len(words):
            return False
        if not (self.facts(first).is_place or self._is_town(first)):
            return False
        nxt = words[j + 1]
        if not nxt.is_capitalised or nxt.is_all_caps or _gap(text, first, nxt) != " ":
            return False
        if nxt.folded in _COMPASS or nxt.folded in _DEPARTMENTS or nxt.folded in self._roles:
            return False
        if self._k.folded_facts(f"{first.folded} {nxt.folded}").is_place:
            return False
        f = self.facts(nxt)
        if self._first(self.facts(first)) >= 3.5 and self._surname(f) >= 2.5 and not self.is_ordinary(nxt):
            return False  # "France Dupont", "Florence Martin": someone's first name and surname
        return not (f.is_place or self._is_town(nxt) or self.is_blocked(nxt) or nxt.folded in _PLACE_WORDS)

    def _clients(self, text: str) -> Iterator[Hit]:
        if self._client_re is None:
            return
        for match in self._client_re.finditer(fold(text)):
            yield Hit(match.start(), match.end(), CLIENT)

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
            if words[i].folded not in orgs.firsts or i in clean or self._after_title(words, i, text):
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
                if orgs.phrases[key] == "ordinary" and key[0] in _PREPOSITIONS and not span[0].is_capitalised:
                    continue  # "works at home" is no shop called "At Home"
                if orgs.phrases[key] == "tool" and not (
                    self._cued_as_org(words, i)
                    # "an offer from Notion", "an interview with Target": a listed brand that
                    # is also an everyday word, named where a job or an offer comes from
                    or (i > 0 and span[0].is_capitalised and self._employer_link(words, i - 1, text))
                ):
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

    def _after_title(self, words: list[Word], i: int, text: str) -> bool:
        """ "Mr Schneider", "Dr Pearson", "M. Leclerc": after a personal title a firm's name
        is a surname (a firm's name holding the title, "Mr Bricolage", starts at the title)."""
        if i == 0:
            return False
        prev = words[i - 1]
        return (
            prev.folded in self._titles
            and (prev.is_capitalised or len(prev.folded) > 2)
            and _gap(text, prev, words[i]) in (" ", ". ")
        )

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
            if stop - start < 2 and self._lower_country_branch(words[start - 1], nxt):
                stop += 1  # "chez orange cameroun": a brand typed in lower case, then its country
                continue  # "crédit agricole pyrénées gascogne": a region of two words
            if stop > start and not words[stop - 1].is_capitalised:
                break  # after a branch in lower case, only its region's second word
            if stop == start and self._lower_division(words[stop - 1], nxt):
                stop += 1  # "uber eats", "nestlé waters", "edf hydro", "air france cargo"
                break
            if not nxt.is_capitalised or nxt.is_initial or nxt.folded in _LEGAL:
                break
            if self.is_blocked(nxt) and not self.facts(nxt).is_place:
                break  # a region stays: "Crédit Agricole Centre France"
            if nxt.is_all_caps and self._is_acronym(nxt):
                break
            stop += 1
        return stop

    def _lower_country_branch(self, brand: Word, nxt: Word) -> bool:
        """A place no dictionary holds, typed in lower case right after a brand typed in lower
        case ("orange cameroun", "uber london"): the brand's branch there, as "Crédit Agricole
        Centre France" is with capitals; a word ("orange mardi", "uber cher") stays out."""
        if brand.is_capitalised or nxt.is_capitalised or len(nxt.folded) < 4:
            return False
        f = self.facts(nxt)
        return f.is_place and not self._is_lexicon(f) and not f.is_lexicon_en

    def _lower_division(self, brand: Word, nxt: Word) -> bool:
        """A division's name typed in lower case right after a brand typed in lower case:
        "uber eats", "nestlé waters", "edf hydro", "air france cargo". Divisions are named
        by an English word or a coined one, rare in running text; a frequent word, a French
        word no English dictionary holds, a role, a department or a stop word is the
        sentence going on ("chez orange mardi", "chez lidl caissière", "edf depuis")."""
        if brand.is_capitalised or nxt.is_capitalised or len(nxt.folded) < 4 or nxt.folded in _STOPS:
            return False
        if nxt.folded in _DEPARTMENTS or nxt.folded in self._roles or nxt.folded in _NOT_WORKPLACES:
            return False
        f = self.facts(nxt)
        frequency = f.en if self._lang == "en" else f.fr
        if frequency >= 4.3 or self._first(f) >= 3.5 or nxt.folded in _CALENDAR_EN:
            return False
        return f.is_lexicon_en or not (self._is_lexicon(f) or f.is_place)

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
        if size == 1 and self._capital_is_grammar_en(first):
            return False  # "since April": English capitalises months and days (name_english)
        if first.is_capitalised and not first.is_initial:
            return True
        return first.is_capitalised and self._subject_next(words, i + size - 1, text)

    def _stay_at(self, words: list[Word], i: int, text: str) -> bool:
        """A count and a unit of time before "at"/"chez"/"with" ("six years at TfL", "dix ans
        chez Canon"): a stay somewhere, said as "worked at" says it; the candidate then passes
        the same tests (no place, no department, no common first name)."""
        if words[i].folded not in _STAY_LINKS or i < 1 or words[i - 1].folded not in _TIME_UNITS:
            return False
        if re.search(r"\d\s*$", text[: words[i - 1].start]):
            return True  # "12 years at", "3 ans chez": digits are no words
        return i >= 2 and words[i - 2].folded in _COUNTS

    def _is_first_name_here(self, cand: Word, link: Word) -> bool:
        """A first name after "bosser avec", "travailler pour": a person one works with or
        for, more often than a firm named after its founder (those are in the company
        lists, taken before): a first name of the data that no dictionary holds as a word.
        After "avec" (one works with people, for firms), a capitalised name of the files
        too, even a word's or a surname ("bossé avec Martial", "avec Vieira")."""
        f = self.facts(cand)
        if f.is_place:
            return False
        if (
            self._lang == "fr"
            and link.folded == "avec"
            and cand.is_capitalised
            and not cand.is_all_caps
            and max(self._first(f), self._surname(f)) >= 1.5
            and not f.is_eponym
        ):
            return True
        return (
            self._first(f) >= 2.0
            and not f.is_lexicon
            and not f.is_lexicon_en
            and self._first(f) >= self._surname(f) - 0.5
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
            # "notre mutuelle c'est alan": after a firm's noun and "c'est", a first name too
            copula = employer and self._lang == "fr" and word.folded in ("est", "etait", "c")
            joins = word.folded in _JOIN_VERBS and nxt is not None and nxt.is_capitalised
            worked_with = (
                word.folded in _AT_LINKS and i > 0 and words[i - 1].folded in _EMPLOYER_VERBS
            ) or self._stay_at(words, i, text)
            after_verb = worked_with or (joins and nxt is not None and not nxt.is_initial) or employer
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
                announced = False
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
                elif (
                    employer
                    and nxt.folded in ("le", "la", "l")
                    and j + 2 < count
                    and words[j + 1].folded in _ORG_CUES
                    and not words[j + 1].is_capitalised
                    and _joined(text, words[j + 1], words[j + 2])
                ):
                    j += 2  # "racheté par le groupe hersant": the firm's noun, then its name
                    announced = True
                cand = words[j]
                # "Ets. Martin", "Sté. Durand": a dot only after an abbreviation
                dot = "." if words[j - 1].folded in ("ets", "ste", "etabl") else ""
                if not _joined(text, words[j - 1], cand, dot):
                    continue
                # "notre mutuelle c'est alan": a first name no French dictionary holds
                named = copula and self._first(self.facts(cand)) >= 3.5 and not self.facts(cand).is_lexicon
                # "racheté par France Thermes": a country opening a firm's name, announced
                place_led = employer and self._place_led_name(words, j, text)
                if (self.is_blocked(cand) and not place_led) or (
                    self.is_ordinary(cand) and not cand.is_capitalised and not named
                ):
                    continue
                if self._lang == "fr" and word.folded in _ENGLISH_CUES and not cand.is_capitalised:
                    continue  # "customer centricity" in a French message: English words
                if cand.is_all_caps and self._is_acronym(cand):
                    continue  # "an offer from HR", "a call from IT"
                if worked_with and self._is_first_name_here(cand, word):
                    continue  # "on a bossé avec Youba Haddad", "elle bosse pour Aurélie": someone
                if employer and (
                    cand.folded in _DEPARTMENTS
                    or cand.folded in self._roles
                    or cand.folded == "head"
                    or (self._first(self.facts(cand)) >= 3.5 and not copula and not place_led)  # "with Sarah"
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
                    or named
                    or (announced and not self.is_ordinary(cand) and not _too_short(cand))
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
                        if (
                            not cand.is_capitalised
                            and not nxt_word.is_capitalised
                            and (nxt_word.folded in _ORG_HEADS or nxt_word.folded in _WEAK_ORG_HEADS)
                            and _gap(text, words[stop - 1], nxt_word) == " "
                        ):
                            stop += 1  # "racheté par zenvia labs": a company head in lower case
                            break
                        single = (  # "Point P", not "chez Acme, M. Durand" nor "at Acme I left"
                            len(nxt_word.text) == 1
                            and nxt_word.text.isupper()
                            and nxt_word.text != "I"
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
                    if (
                        before.folded in _TRADES
                        and not before.is_capitalised
                        and _gap(text, before, words[j]) == " "
                    ):
                        j -= 1  # "menuiserie guillou et fils": the trade opens the firm's name
                        break
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
