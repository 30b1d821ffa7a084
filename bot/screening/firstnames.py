"""Common first names in France, across generations and origins.

Used where the statistical model is weakest: a first name typed in lower case after a
role word ("mon manager julien"), or a name at the start of a sentence. The list is ours,
written by hand from common usage; a coach adds their own through the client list.
"""

from __future__ import annotations

from bot.screening.lexicon import word_set

FIRST_NAMES: frozenset[str] = word_set("""
    adam adèle adrien agathe agnès aicha aïcha alain albert alexandra alexandre alexis alice
    aline alix amandine amélie anaïs andré andrée angélique anne annie anthony antoine
    antonin apolline arnaud arthur astrid aude audrey augustin aurélie aurélien axel axelle
    aymeric baptiste barbara bastien béatrice benoît benoit bernadette bernard bertrand
    blandine brigitte bruno camille capucine carole caroline catherine cécile céline
    chantal charles charlotte chloé christelle christian christiane christine christophe
    claude claudine clémence clément clotilde colette coralie corinne cyril cyrille
    damien daniel danielle david delphine denis denise didier diane dominique dorian
    dylan edith édith edouard édouard éléonore elisa élisa élise elodie élodie eloïse
    emilie émilie emma emmanuel emmanuelle enzo eric éric estelle etienne étienne eugénie
    eva fabien fabienne fabrice fanny farid fatima fatou fernand flavie florence florent
    florian francis franck françoise françois frédéric frédérique gabriel gabrielle
    gaël gaëlle gaétan gaëtan gaspard geneviève georges gérald gérard ghislaine gilbert
    gilles ginette grégoire grégory guillaume gustave guy hélène henri hervé hugo hugues
    inès irène isabelle jacqueline jacques jade jean jeanne jean-baptiste jean-claude
    jean-françois jean-luc jean-marc jean-marie jean-michel jean-paul jean-pierre jeremy
    jérémy jérôme joël joëlle johan jonathan jordan joseph josiane josé julia julie julien
    juliette justine karim karima karine kevin kévin khadija laetitia lætitia laura laure
    laurence laurent léa léna léo léon léonie liliane lina lionel lisa loïc louis louise
    luc lucas lucie lucien lucille ludovic lydie madeleine maël magali malik manon marc
    marcel marguerite margaux marianne marie marie-claire marie-france marie-hélène
    marine marion martine mathieu mathilde matthieu maurice maxime mélanie mélissa
    michel micheline michèle mickaël mireille mohamed mohammed monique morgane muriel
    myriam nadia nadine nathalie nathan nicolas nicole noah noé noémie océane odile
    olivier ophélie pascal pascale patrice patricia patrick paul paule pauline
    philippe quentin rachel rachid raphaël raphaëlle raymond régis rémi rémy renaud
    richard robert roger romain romane rose roxane sabine sabrina samia samir samuel
    sandra sandrine sarah sébastien serge simon simone solène sonia sophie stéphane
    stéphanie suzanne sylvain sylvie tatiana théo thérèse thibault thibaut thierry
    thomas timothée tristan valentin valentine valérie vanessa véronique victor
    victoire vincent virginie xavier yann yannick yasmine yassine yves yvette yvonne
    zoé sofiane mehdi nabil bilal ibrahim amine youssef leïla leila salomé margot
    hortense blanche honorine louison gaston marius lucile rené renée josette huguette
    noël aimée roland gilberte arnaud bérénice maëlle maëva mathis jules timéo ethan
    théa inaya ambre louna mila nina alba ilyes rayan adem aylan sacha aurore olive
    odette marcelle paulette ginette jeannine germaine lucienne colette gisèle
    """)

# First names that are also everyday French words: flagged only away from a sentence start
# or next to another name-like word, so "Claire et nette, la consigne…" stays clean.
AMBIGUOUS_FIRST_NAMES: frozenset[str] = word_set("""
    claire rose marine pierre olive aurore constance prudence victoire blanche
    clément pascal franck patience ange axel jade grâce lucie
    """)
