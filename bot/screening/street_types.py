"""Street-type words of English-speaking countries, as their postal services list them.

Sources (facts, not copied prose): USPS Publication 28, appendix C1 (street suffixes and
their standard abbreviations), Royal Mail's Programmers' Guide thoroughfare types, Canada
Post's street types, Australia Post's street types, and the road words of Indian,
Malaysian and Philippine addresses. Left out on purpose: the suffixes that are everyday
capitalised words before which a number is common ("3 Key Points", "Section 2 Course",
"24 Hour Station", "Level 4 Center", "5 Star Club"); a street of that kind is still found
when its postcode follows (any words then make a street).
"""

from __future__ import annotations

# USPS Publication 28, appendix C1 (primary names and standard abbreviations), safe ones
USPS = """
Alley Aly Anex Arcade Avenue Ave Bayou Beach Bend Bluff Bluffs Boulevard Blvd Bridge Brook
Brooks Burg Bypass Byp Canyon Cape Causeway Cswy Circle Circles Cir Cliff Cliffs Corner Corners
Court Courts Ct Cove Coves Creek Crescent Cres Crest Crossing Xing Crossroad Crossroads Dale
Drive Drives Dr Estate Estates Expressway Expy Extension Extensions Falls Ferry Flat Flats Ford
Forge Forges Fork Forks Freeway Fwy Garden Gardens Gateway Glen Glens Green Greens Grove Groves
Harbor Harbour Haven Heights Hts Highway Hwy Hill Hills Hollow Inlet Island Islands Junction
Knoll Knolls Lake Lakes Landing Lane Ln Loaf Loop Manor Manors Meadow Meadows Mews Mills
Motorway Mountain Orchard Overpass Parkway Parkways Pkwy Passage Path Pike Pines Place Pl
Plain Plains Plaza Prairie Ranch Rapid Rapids Ridge Ridges River Road Roads Rd Route Row Shoal
Shoals Shores Skyway Spur Spurs Square Squares Sq Stravenue Stream Street Streets St Summit
Terrace Ter Throughway Trafficway Trail Trl Tunnel Turnpike Underpass Valley Valleys Viaduct
View Views Village Villages Ville Vista Walk Walks Way Ways Wharf Quay Embankment Park Parade
"""
# Royal Mail, Canada Post, Australia Post thoroughfares not in Publication 28
UK_CA_AU = """
Close Rise Vale Chase Wynd Brae Approach Broadway Circuit Esplanade Promenade Steps Tollway
Roadway Retreat Glade Concession Sideroad Crossway Boardwalk Cul-de-sac Gate
"""
# Indian, Malaysian and Philippine road words that follow the name ("Mukherjee Marg")
SOUTH_ASIA = "Marg Nagar Ganj Chowk Gali Colony Layout Cross Bagh Vihar Enclave Puram"
EN_STREET_TYPES: tuple[str, ...] = tuple(dict.fromkeys((USPS + UK_CA_AU + SOUTH_ASIA).split()))
# Malay road words that come before the name ("15 Jalan Ampang", "Lorong 3")
MALAY_PREFIX_TYPES: tuple[str, ...] = ("Jalan", "Jln", "Lorong", "Lrg", "Persiaran", "Lebuh", "Lebuhraya")
# Spanish, Italian, Portuguese and Polish street words that come before the name, its
# number after it ("Paseo Abel Codina 35", "Viale Nanni, 5", "Rua do Leal, S/N", "al. Miarki
# 93/80"): the usual street words of those countries' addresses (facts)
LATIN = """
Calle C/ Avenida Avda. Paseo Pasaje Pasadizo Plaza Camino Carretera Ronda Travesía Callejón
Periférico Calzada Glorieta Via Viale Piazza Piazzale Corso Vicolo Strada Contrada Borgo Rua
Travessa Largo Praça Alameda Estrada Rodovia Ladeira Viaduto Beco ul. al. os. pl.
Av. Carrera Cra Cra. Kra. Transversal Diagonal Str. Strada Bulevardul Calea Aleea Șoseaua
Soseaua Splaiul Piața Intrarea vul. ulitsa Jl. Jln. Urbanización Rambla Acceso Cañada Cuesta
Andador Privada Retorno Peatonal Ampliación Continuación Prolongación Cerrada Viaducto Circuito
ulica aleja Aleja plac osiedle Av
"""
LATIN_PREFIX_TYPES: tuple[str, ...] = tuple(LATIN.split())
# Nordic, Icelandic, Finnish, Hungarian and Czech street words, glued to the name or after
# it ("Storgatan 12", "Karl Johans gate 22", "Mannerheimintie 5", "Andrássy út 60", "Váci
# utca 8", "Vinohradská 34"), the number after them: the usual street words of those
# countries' addresses (facts). The short or common ones only before a postcode.
NORDIC_DISTINCT_SUFFIXES: tuple[str, ...] = (
    "gatan",
    "gaten",
    "vägen",
    "veien",
    "vegen",
    "gade",
    "gränd",
    "stræde",
    "katu",
    "kuja",
    "vegur",
    "stígur",
    "gata",
    "utca",
    "útja",
    "ulice",
    "třída",
    "náměstí",
)
NORDIC_CODED_SUFFIXES: tuple[str, ...] = (
    "gate",
    "väg",
    "vei",
    "vej",
    "vejen",
    "torg",
    "torget",
    "ntie",
    "polku",
    "út",
    "tér",
    "ská",
    "cká",
    "ova",
)
