"""Word lists that tell a name from a capitalised word that identifies no one.

Kept apart from the detectors so the coach-facing defaults (the allow-list) are easy to
read and to extend, and so tests can check that a shipped word is never flagged.
"""

from __future__ import annotations

from bot.domain.text import fold_keeping_offsets

fold = fold_keeping_offsets
"""Screening folds character for character, so offsets into the folded text stay valid."""


def word_set(block: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated block (easy to read and edit)."""
    return frozenset(block.split())


def word_list(block: str) -> tuple[str, ...]:
    return tuple(block.split())


# Capitalised in our field but identifying nobody: tools, bodies, acronyms, rituals.
DEFAULT_ALLOW_WORDS: tuple[str, ...] = word_list("""
    WhatsApp Telegram Signal Teams Zoom Meet Skype Slack Excel Word PowerPoint Outlook
    Office Gmail Google LinkedIn Notion Trello Jira Confluence Salesforce SAP Workday
    ChatGPT Copilot IA AI Internet Intranet Wi-Fi Wifi Android iPhone Mac Windows
    Figma Miro Asana Canva Lucca PayFit Webex GitHub GitLab SharePoint OneDrive Dropbox
    DocuSign Calendly Doodle Klaxoon Loom Airtable Zendesk HubSpot Pipedrive PowerBI
    Power BI Looker Qlik Cegid Silae Sage Odoo Trello Basecamp ClickUp Wrike Lumapps
    Mattermost Discord Messenger Instagram TikTok YouTube Twitter Facebook Doctolib
    RGPD GDPR CNIL CODIR COMEX DRH RH N+1 N+2 N+3 N-1 N-2 CSE CHSCT CSSCT CE DG PDG
    CEO CFO CTO COO CIO CDO CMO DAF DSI DSN RSE QVT QVCT KPI KPIs OKR OKRs ROI CA EBITDA
    BFR P&L CDI CDD RTT PSE OPCO CPF BP TMA SLA PMO MOA MOE BU IT SI SMS PDF RDV
    B2B B2C SaaS CRM ERP SIRH SIREN SIRET IBAN RIB BIC NIR TVA ETP FTE SWOT MBTI DISC
    Agile Scrum Kanban Lean Sprint
    Covid Pâques Toussaint Ascension Pentecôte Ramadan Aïd
    Cadre Mentor Coach Ok OK Okay Bonjour Bonsoir Merci Salut Coucou Bravo Hello
    Hiya Howdy G'day Kia Ora Mōrena Morena Whānau Whanau Hui Namaste Salaam Shalom Ciao
    Visio Slides Excel Dashboard Onboarding Offboarding Feedback One-to-one Workshop
    Afterwork Kick-off Team Building Séminaire Plan Process Roadmap Go No-Go Q1 Q2 Q3 Q4
    Urssaf URSSAF Pôle Emploi France Travail Apec APEC Inspection Prud'hommes Médecine
    Travail Etat État Ministère
    CAF CPAM MSA CARSAT Carsat CNAV Cnav DREETS Dreets DIRECCTE Direccte DDETS DGT DGFiP
    DGFIP Insee INSEE Dares DARES Drees DREES ANACT Anact ARACT Aract INRS CNIL Cnil HAS
    ARS OPCO Opco AGEFIPH Agefiph FIPHFP MDPH CDAPH SPST SST CPH Sécu Ameli ameli
    Défenseur Sénat Assemblée Cassation Préfecture Elysée Élysée Matignon Bercy Unédic
    Unedic Agirc-Arrco AGIRC ARRCO CPF MonCompteFormation
    NHS HMRC DWP ACAS Acas HSE Ofsted OFSTED Ofcom Ofgem Ofqual DVLA CQC ICO Jobcentre
    Scrumban ScrumBan SAFe
    """)

DAYS: frozenset[str] = word_set("lundi mardi mercredi jeudi vendredi samedi dimanche")
MONTHS: frozenset[str] = word_set(
    "janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre "
    "décembre decembre"
)

# People named by their role: the word before a name, never a name itself.
ROLE_WORDS: frozenset[str] = word_set("""
    manager managers manageur manageuse managere n+1 n+2 n+3 n-1 n-2 chef cheffe chefs
    contractuel contractuelle vacataire titulaire intérimaire interimaire apprenti apprentie
    directeur directrice directeurs directrices responsable responsables collègue
    collègues collaborateur collaboratrice collaborateurs collaboratrices stagiaire
    stagiaires alternant alternante assistant assistante boss patron patronne supérieur
    supérieure supérieurs adjoint adjointe binôme associé associée drh rh pdg dg ceo daf
    cto cfo client cliente clients clientes interlocuteur interlocutrice homologue
    prédécesseur prédécesseure successeur remplaçant remplaçante consultant consultante
    consultants technicien technicienne commercial commerciale commerciaux développeur
    développeuse comptable juriste coach mentor mentore référent référente tuteur tutrice
    recrue candidat candidate candidats gestionnaire coordinateur coordinatrice vendeur
    vendeuse équipier équipière employé employée employés salarié salariée salariés
    président présidente fondateur fondatrice cofondateur cofondatrice owner lead
    leader leadeuse senior junior ingénieur ingénieure chargé chargée contrôleur auditeur
    auditrice acheteur acheteuse mari femme épouse époux conjoint conjointe fils fille
    frère sœur soeur ami amie voisin voisine sponsor boss team membre membres
    nouveau nouvelle ancien ancienne partenaire fournisseur prestataire délégué déléguée
    représentant représentante élu élue secrétaire office product scrum master ops
    analyste architecte designer recruteur recruteuse chargé·e collaborateur·rice
    infirmier infirmière réceptionniste caissier caissière magasinier magasinière cariste
    cuisinier cuisinière serveur serveuse livreur livreuse préparateur préparatrice
    opérateur opératrice conseiller conseillère animateur animatrice éducateur éducatrice
    formateur formatrice professeur prof médecin pharmacien pharmacienne aide-soignant
    aide-soignante ouvrier ouvrière chauffeur
    """)

# Qualifiers that may sit between a role and the name ("mon manager direct Julien").
ROLE_QUALIFIERS: frozenset[str] = word_set("""
    direct directe actuel actuelle commercial commerciale technique financier financière
    général générale adjoint adjointe principal principale régional régionale rh
    informatique marketing produit projet juridique qualité export grands comptes
    opérationnel opérationnelle hiérarchique fonctionnel fonctionnelle
    """)

TITLES: frozenset[str] = word_set("""
    m m. mr mr. mme mme. mlle mlle. dr dr. pr pr. me me. monsieur madame mademoiselle
    docteur docteure maître maitre professeur professeure
    """)

LEGAL_FORMS: frozenset[str] = word_set("""
    sa sas sasu sarl eurl snc sci scop scp sel selarl selas gie eirl gaec scea earl fils freres cie
    associes gmbh ag inc inc.
    ltd ltd. llc llp plc corp corp. co. bv nv spa srl sl kg ug ab oy as s.a. s.a s.a.s. s.a.s
    s.a.r.l. s.a.r.l pty cc lp pllc incorporated limited
    """)

# Words that are never part of a name, whatever their case.
STOP_WORDS: frozenset[str] = word_set("""
    le la les l' un une des du de d' au aux et ou mais donc or ni car que qu' qui quoi
    dont où ce cet cette ces mon ma mes ton ta tes son sa ses notre nos votre vos leur
    leurs je j' tu il elle on nous vous ils elles me m' te t' se s' lui y en ne n' pas
    plus moins très trop bien mal est sont était été être avoir a ai as ont avait fait
    faire dit dire va vais vont suis es sommes êtes sera serait peut veut doit
    avec sans pour par sur sous dans chez entre vers depuis pendant avant après
    comme si quand lorsque parce puis alors aussi encore déjà toujours jamais
    tout toute tous toutes rien personne chaque autre autres même mêmes quelqu quelque
    ici là oui non ok hier demain aujourd'hui ce c' ça cela ceci voici voilà
    """)

# Openers of ordinary sentences that the small model likes to call a person.
SENTENCE_WORDS: frozenset[str] = word_set("""
    bonjour bonsoir rebonjour rebonsoir merci salut coucou hello bravo hier demain aujourd'hui depuis
    pourtant ensuite enfin bref alors donc mais quand comment pourquoi combien
    tél tel mél mail email cf ps nb rdv réf ref objet re tr fw fwd
    quel quelle quels quelles lequel laquelle qu'est-ce est-ce
    finalement honnêtement franchement concrètement actuellement récemment souvent
    parfois toujours jamais certes cependant néanmoins toutefois d'abord désormais
    """)


# Number words open many ordinary sentences ("Deux personnes…", "Trois mois plus tard…").
NUMBER_WORDS: frozenset[str] = word_set("""
    zéro un une deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze
    quinze seize vingt trente quarante cinquante soixante cent cents mille million millions
    premier première premiers premières second seconde deuxième troisième quatrième
    cinquième dernier dernière derniers dernières plusieurs quelques certains certaines
    nombreux nombreuses beaucoup la plupart moitié tiers quart dizaine douzaine vingtaine
    centaine
    one two three four five six seven eight nine ten first second third last several
    """)


# Business English that French managers capitalise and write every day; the French
# lexicon does not know it, so without this list "notre Business Unit" looks like a name.
ENGLISH_WORDS: frozenset[str] = word_set("""
    business unit units black friday cyber monday post-it post-its team teams lead leads
    sales marketing manager managers board meeting meetings call calls deadline feedback
    reporting process workshop product owner customer success care support growth key
    account accounts head office chief officer people partner talent learning design
    thinking data analytics cloud digital retail supply chain operations operation
    finance legal compliance brand content community open space flex desk remote
    first home staff all hands town hall kick-off kickoff one-to-one weekly daily stand-up
    standup review retro sprint backlog roadmap scale-up start-up startup corporate
    management top middle bottom up down leadership coaching mentoring burn-out burnout
    bore-out happiness chief happiness officer hub lab squad tribe chapter guild agile
    performance pipeline forecast budget budgets quick win wins best practices
    """)


def folded_set(words: frozenset[str] | tuple[str, ...]) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


# English counterparts, used with `locale: en` (and in French text for English titles).
ENGLISH_TITLES: frozenset[str] = word_set(
    "mr mr. mrs mrs. ms ms. miss mx dr dr. prof prof. sir madam rev revd pastor rabbi imam cllr councillor"
)
ENGLISH_ROLE_WORDS: frozenset[str] = word_set("""
    manager managers boss colleague colleagues coworker coworkers co-worker teammate
    teammates lead supervisor director report reports intern interns mentor mentee
    coach client customer peer peers ceo cto cfo vp hr recruiter partner wife husband
    friend assistant analyst engineer developer designer consultant deputy predecessor
    successor counterpart skip-level founder cofounder co-founder hire newbie
    receptionist nurse technician accountant cashier administrator coordinator planner
    trainee apprentice starter volunteer tutor teacher secretary operator caretaker
    bartender advisor adviser specialist paralegal solicitor pharmacist therapist dentist
    midwife officer gm md coo cio hrbp
    """)
ENGLISH_STOP_WORDS: frozenset[str] = word_set("""
    i me my mine we us our you your he him his she her it its they them their the a an
    and or but so if then than that this these those there here what which who whom whose
    when where why how all any both each few more most other some such no nor not only own
    same too very can will just should would could might must shall may do does did done
    is are was were be been being have has had having of at by for with about against
    between into through during before after above below to from up down in out on off
    over under again further once hi hey hello thanks thank please ok okay yes yeah
    also still even ever never always sometimes today tomorrow yesterday tonight
    tmrw tmr tmrow tmrrw tmoro 2moro 2day 2nite tonite
    """)
ENGLISH_CALENDAR: frozenset[str] = word_set("""
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december christmas easter xmas
    thanksgiving halloween new year eve valentine valentine's boxing day weekend
    mondays tuesdays wednesdays thursdays fridays saturdays sundays weekends
    eid ramadan diwali hanukkah passover
    """)

# Workplace and everyday abbreviations in capitals: never someone's initials ("avec la RH",
# "with QA", "the PM said"). Two- and three-letter capitals outside this list, the
# allow-list and the dictionaries may be initials when the context says a person.
ACRONYMS: frozenset[str] = word_set("""
    hr it qa pr pm po vp md ux ui bi bd ar ap cx sm ba da gm hq tl pa ea ta ops sre seo sem
    crm erp sql api aws gcp pc tv uk us usa eu ue un nhs gp ae er icu ed or
    ceo cto cfo coo cio cmo cpo chro svp evp avp dg pdg rh drh daf dsi rrh raf rsi ide idec
    as ase eae ead ess rps rsa cse cssct ce cae pip pdp idp pto wfh wfo ooo eod eow asap
    fyi tbh imo btw aka eta kpi okr roi sla nda sow rfp rfq poc mvp qbr ebr nps csat sat
    ppt pdf csv xls doc docx jpg png url faq sop sops wfm tpe pme eti ge tva ht ttc cdi cdd
    cv lm rdv pj pv ag ca bp cp cm ps nb rtt caf cpam mdph urssaf cnil sncf ratp edf
    bts dut iut but bac mba phd msc bsc hnd gcse nvq cap bep
    dm pv vip usb gps vpn dvd cd ssd hdmi mms tva is cfe bnc bic ir tns tnt
    """)
# Words that end a sentence's subject in English only when a person acts: "Faith runs
# the pantry", "Mark said". Weaker verbs ("is", "has") are not enough for a word that is
# also in the dictionary ("Hope is a strategy").
ENGLISH_ACTION_VERBS: frozenset[str] = word_set("""
    said says told tells asked asks keeps kept wants wanted thinks thought replied replies
    emailed emails messaged texted called calls pinged complained complains promised agreed
    decided refused refuses insisted insists mentioned runs ran manages managed leads led
    sent sends joined quit resigned started shouted yelled snapped blamed blames ignores
    ignored forgot reckons reckoned suggested suggests expects expected booked cancelled
    took takes gave gives wrote writes rang rings phoned laughed cried screamed left
    approved approves covered covers booked
    """)
# Verbs that name someone next: "tell mark that…", "ask rose whether…", "dire à pierre que…"
TELLING_VERBS: frozenset[str] = word_set("""
    tell told telling ask asked asking ping pinged thank thanked email emailed text texted
    message messaged remind reminded warn warned call called ring rang phone phoned
    cc cc'd meet met invite invited spoke speak speaking talked talk talking
    dire dis dit demander demande demandé parler parlé répondre répondu écrire écrit
    appeler appelé appelle prévenir prévenu expliquer expliqué rappeler rappelé
    proposer propose proposé conseiller conseille conseillé suggérer suggère suggéré
    """)
# After a name, what ends a clause (so the name was the verb's object, not a noun's
# modifier): "tell grace that…", "à pierre hier", "ask frank, he…".
CLAUSE_ENDS: frozenset[str] = word_set("""
    that about to if whether why how what when and or but so again yesterday today tomorrow
    tonight later now first too as
    que qu si de pour ce hier demain aujourd ce matin soir et mais ou donc car avant après
    quand comment pourquoi aussi
    """)
# What may start a clause before its subject: "mais pierre m'a dit", "and frank said".
CLAUSE_STARTS: frozenset[str] = word_set("""
    et mais donc car puis alors que qu quand si ou parce comme bref enfin ensuite sinon
    and but so then because when if that cause cuz coz though although while until
    also plus like apparently honestly basically anyway
    ugh urgh argh omg lol ngl tbh ok okay sigh wow yeah oh ah hmm meh ffs
    franchement honnêtement sincèrement apparemment visiblement coup genre bon ben bah
    """)
# A person's place in the firm after the name: "Iyer from the account team",
# "hamish in the warehouse", "Precious on my team".
PLACE_IN_FIRM: frozenset[str] = word_set("from in on at")
POSSESSIVES: frozenset[str] = word_set(
    "my our his her their your mon ma mes notre nos votre vos son sa ses leur"
)
