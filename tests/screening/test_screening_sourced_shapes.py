"""E-mails and addresses in the shapes public references give them, found whole (issue 12).

The shapes come from sources the rules were not written from (the probe
`benchmarks/screening/probe_sourced.py` names them: python-email-validator's and
Wikipedia's examples, RFC 5322, libpostal's parser tests, UPU model addresses); the
sentences around them are written for these tests. Each family has its hard negatives:
image names, package versions, code, times and prices after "@". A handle ("@jdupont") is
a person, as the labelling guide says, never an e-mail. Every finding's offsets are
checked against the text (`found`), and a suggestion replaces the identifier whole.
"""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from bot.screening.suggest import suggest
from tests.screening_engines import en, found, fr

__all__ = ["en", "fr"]  # fixtures

PLACEHOLDERS = {"email": "[e-mail]", "address": "[adresse]", "person": "[personne]", "url": "[lien]"}


def _whole(engine: ScreeningEngine, text: str, entity: str, kind: str) -> None:
    """One finding of `kind` spans exactly `entity` where it stands in `text`."""
    found(engine, text)
    start = text.index(entity)
    spans = [(f.start, f.end, f.kind) for f in engine.screen(text)]
    assert (start, start + len(entity), kind) in spans, spans


@pytest.mark.parametrize(
    "mail",
    [
        "user+mailbox/department=shipping@example.tld",  # RFC 5322 atext in the local part
        "mailhost!username@example.org",
        '"quoted with space"@example.com',  # a quoted local part
        '"unnecessarily.quoted.local.part"@example.com',
        "юзер@екзампл.ком",  # RFC 6531: internationalised local part and domain
        "伊昭傑@郵件.商務",
        "jeff@臺網中心.tw",
        "Pelé@example.com",
        "медведь@с-балалайкой.рф",
    ],
)
def test_addresses_of_the_standards_are_found_whole(en: ScreeningEngine, mail: str) -> None:
    _whole(en, f"Write to me at {mail} if the link breaks.", mail, "email")


@pytest.mark.parametrize(
    ("text", "link"),
    [
        (
            "Ping me: [lena.k@posteo.de](mailto:lena.k@posteo.de) if needed.",
            "[lena.k@posteo.de](mailto:lena.k@posteo.de)",
        ),
        (
            "Le lien [contact](mailto:paul.martin@free.fr) ne marche pas.",
            "[contact](mailto:paul.martin@free.fr)",
        ),
        ("Write to <mailto:ana.silva@uol.com.br> instead.", "<mailto:ana.silva@uol.com.br>"),
    ],
)
def test_a_mailto_link_is_found_with_its_markup(en: ScreeningEngine, text: str, link: str) -> None:
    _whole(en, text, link, "email")
    suggested = suggest(text, en.screen(text), PLACEHOLDERS)
    assert "mailto" not in suggested and "](" not in suggested, suggested


def test_chez_before_a_plain_domain_needs_an_address_shaped_local_part(fr: ScreeningEngine) -> None:
    _whole(
        fr,
        "Écris-moi : marie.lefebvre chez laposte.net si tu veux.",
        "marie.lefebvre chez laposte.net",
        "email",
    )
    _whole(fr, "C'est jp_martin chez free.fr pour le devis.", "jp_martin chez free.fr", "email")
    # an ordinary sentence: "chez" a firm's domain, no address's local part
    assert not [k for k, _ in found(fr, "Je bosse chez free.fr depuis mars.") if k == "email"]
    assert not [k for k, _ in found(fr, "Il est passé chez Orange.fr hier.") if k == "email"]


def test_an_address_cut_by_a_line_break_after_its_last_dot_is_found(fr: ScreeningEngine) -> None:
    text = "Envoie à nathalie.girard@wanadoo.\nfr stp"
    _whole(fr, text, "nathalie.girard@wanadoo.\nfr", "email")
    # a line that starts with a word after a domain's dot is the next sentence
    assert ("email", "paul@acme.\nIl") not in found(fr, "Écris à paul@acme.\nIl répondra.")


def test_an_anti_spam_tail_belongs_to_the_address(en: ScreeningEngine) -> None:
    text = "It's chris.taylor@yahoo.com.REMOVE-THIS on the list."
    _whole(en, text, "chris.taylor@yahoo.com.REMOVE-THIS", "email")


@pytest.mark.parametrize(
    "text",
    [
        "J'ai exporté le logo en logo@2x.png et rapport@3x.jpg pour l'écran.",
        "The icons are icon@2x.png and icon@3x.png in the assets folder.",
        "Le fichier s'appelle plan@final.pdf sur le drive.",
        "Run npm i react@18.2.0 before the demo.",
        "In numpy, C = A@B.T gives the product.",
        "RDV @ 15h30 en salle 2, café @ 2,50 €.",
        "Lunch @ 12:30, then the review @ 2pm.",
        "Merci @ tous pour la réunion.",
    ],
)
def test_file_names_versions_code_and_times_are_no_emails(
    fr: ScreeningEngine, en: ScreeningEngine, text: str
) -> None:
    for engine in (fr, en):
        assert not [k for k, _ in found(engine, text) if k in ("email", "url")], text


def test_a_handle_is_a_person_not_an_email(en: ScreeningEngine) -> None:
    assert ("person", "@kwame_mensah") in found(en, "Ping @kwame_mensah on Slack about it.")
    assert not [k for k, _ in found(en, "Ping @kwame_mensah on Slack about it.") if k == "email"]


@pytest.mark.parametrize(
    ("text", "mail"),
    [
        ("my gmail is sarah.k@gmail if you need it", "sarah.k@gmail"),  # a provider's name
        ("mon mail c'est jean.dupont@orange tu peux", "jean.dupont@orange"),
        ("ping sarah.connor@cyberdyne about it", "sarah.connor@cyberdyne"),  # a person's local part
        ("Mon mail : jdupont@acme pour le devis", "jdupont@acme"),  # announced
    ],
)
def test_an_address_without_its_top_level_domain_is_found(fr: ScreeningEngine, text: str, mail: str) -> None:
    _whole(fr, text, mail, "email")


@pytest.mark.parametrize(
    "text",
    [
        "ssh user@host then run the script",
        "ssh deploy@prod-server:22 puis relance",
        "git push origin@main ce soir",
        "y = self.weights@inputs, rien de plus",
        "on se voit demain@14h",
    ],
)
def test_commands_code_and_times_without_a_domain_are_no_emails(fr: ScreeningEngine, text: str) -> None:
    assert not [k for k, _ in found(fr, text) if k == "email"], text
