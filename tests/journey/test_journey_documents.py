"""Documents: Markdown and PDF say the same thing, the picture is a sober PNG, e-mail goes to a
local SMTP server (aiosmtpd on 127.0.0.1), and a refusing or absent server is told apart."""

from __future__ import annotations

import email
from datetime import date, timedelta
from io import BytesIO
from itertools import pairwise

import pytest
from PIL import Image

from bot.config.i18n import Catalogue, load_catalogue
from bot.documents.mail import MailError, SmtpConfig, SmtpMailer
from bot.documents.markdown import to_markdown
from bot.documents.pdf import to_pdf
from bot.documents.timeline import _month_ticks, draw_timeline
from bot.domain import Attachment, Item, ItemStatus, Reply, ReplyKind, StepAnswer, UserRef
from bot.journey import report as lifecycle
from bot.journey.compose import plural, report_document, review_document
from bot.journey.programme import Programme, Session
from bot.journey.review import build_review
from tests.conftest import PARIS, REPO, paris
from tests.fakes.smtp_server import Recorder, free_port


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(None)


def plan() -> Programme:
    sessions = tuple(Session(n + 1, paris("2027-01-18T14:00") + timedelta(weeks=4 * n)) for n in range(11))
    return Programme(
        "A-17", date(2027, 1, 11), date(2027, 12, 17), sessions, ("Déléguer à l'équipe",), "sponsor-nord"
    )


def items() -> list[Item]:
    found = []
    for n, theme in enumerate(["team", "hierarchy", "team", None, "self", "team"]):
        at = paris("2027-01-20T10:00") + timedelta(days=40 * n)
        found.append(
            Item(
                f"id{n}",
                f"Q{n:03d}",
                UserRef("console", "x"),
                "A-17",
                "mentor",
                "question",
                (StepAnswer("question", f"Comment réagir, étape {n} ?"),),
                at,
                ItemStatus.ANSWERED,
                theme=theme,
                replies=(
                    Reply(ReplyKind.ANSWER, "Essayez d'abord l'écoute.", "mentor", at + timedelta(hours=30)),
                ),
            )
        )
    return found


def validated_report() -> lifecycle.Report:
    report = lifecycle.draft_report(
        "A-17-r1",
        alias="A-17",
        mentor="mentor",
        period_start=date(2027, 1, 11),
        period_end=date(2027, 6, 30),
        text="Des progrès réguliers ; la délégation s'installe.",
        at=paris("2027-07-01T10:00"),
    )
    sent = lifecycle.send_to_mentee(report, paris("2027-07-01T10:01"))
    return lifecycle.validate(sent, paris("2027-07-02T09:30"), sent.sha256)


def test_plurals_follow_each_languages_rule(catalogue: Catalogue) -> None:
    assert plural(catalogue, "journey.doc.days", "fr", 0) == "0 jour"
    assert plural(catalogue, "journey.doc.days", "fr", 1) == "1 jour"
    assert plural(catalogue, "journey.doc.days", "fr", 2) == "2 jours"
    assert plural(catalogue, "journey.doc.days", "en", 0) == "0 days"
    assert plural(catalogue, "journey.doc.days", "en", 1) == "1 day"


def test_the_report_documents_carry_the_exact_text_and_its_proof(catalogue: Catalogue) -> None:
    report = validated_report()
    document = report_document(report, zone=PARIS, locale="fr", catalogue=catalogue)
    markdown = to_markdown(document)
    assert markdown.startswith("# Rapport d'étape · A-17\n")
    assert "Des progrès réguliers ; la délégation s'installe." in markdown
    assert "Période : du lundi 11 janvier 2027 au mercredi 30 juin 2027." in markdown
    assert f"Empreinte SHA-256 du texte validé : {report.sha256}\n" in markdown
    assert "le vendredi 2 juillet 2027, 9 h 30" in markdown
    assert "\n## " in markdown and "\n### " not in markdown  # its sections come right under the title
    pdf = to_pdf(document, created_at=report.updated_at, footer=document.title)
    assert pdf.startswith(b"%PDF-") and b"DejaVu" in pdf
    assert to_pdf(document, created_at=report.updated_at, footer=document.title) == pdf


def test_the_picture_is_a_png_with_french_months(catalogue: Catalogue) -> None:
    review = build_review(plan(), items(), [], at=paris("2027-12-18T10:00"), zone=PARIS)
    picture = draw_timeline(review, zone=PARIS, locale="fr", catalogue=catalogue)
    image = Image.open(BytesIO(picture.png))
    assert image.format == "PNG" and image.size == (1500, 690)
    assert picture.pdf.startswith(b"%PDF-")
    assert draw_timeline(review, zone=PARIS, locale="fr", catalogue=catalogue).png == picture.png
    assert _month_ticks(review.months, "fr")[:3] == ["janv\n2027", "févr", "mars"]
    assert _month_ticks(review.months, "en")[7] == "Aug"


def test_the_review_for_the_mentee_holds_only_their_thread_and_the_picture(catalogue: Catalogue) -> None:
    review = build_review(plan(), items(), [], at=paris("2027-12-18T10:00"), zone=PARIS)
    picture = draw_timeline(review, zone=PARIS, locale="fr", catalogue=catalogue)
    mentee = review_document(
        review,
        plan(),
        audience="mentee",
        picture_png=picture.png,
        zone=PARIS,
        locale="fr",
        catalogue=catalogue,
    )
    markdown = to_markdown(mentee, picture_name="bilan.png")
    assert "![Questions par mois et par thème" in markdown and "(bilan.png)" in markdown
    assert "11 séances tenues sur 11 prévues." in markdown
    assert "6 questions posées entre les séances." in markdown
    assert "| Mois | Mon équipe | Ma hiérarchie | Ma posture | non précisé |" in markdown
    assert "Question : Comment réagir, étape 0 ?" in markdown
    assert "Délai de réponse médian : 30 heures" in markdown
    assert "sponsor-nord" not in markdown  # the sponsor label is in the mentor's copy only
    # no heading level is skipped: the title "#", its sections "##", a question's entry "###"
    levels = [len(line) - len(line.lstrip("#")) for line in markdown.splitlines() if line.startswith("#")]
    assert levels[0] == 1 and 2 in levels and all(b - a <= 1 for a, b in pairwise(levels))
    mentor = review_document(
        review, plan(), audience="mentor", picture_png=None, zone=PARIS, locale="fr", catalogue=catalogue
    )
    assert "Commanditaire (libellé) : sponsor-nord" in to_markdown(mentor)
    assert to_pdf(mentee, created_at=review.built_at, footer="x").startswith(b"%PDF-")


# ---------------------------------------------------------------- SMTP
def config(port: int) -> SmtpConfig:
    return SmtpConfig(host="127.0.0.1", port=port, sender="cadre@example.org", security="none", timeout_s=5)


ATTACHMENTS = (Attachment("rapport.pdf", "application/pdf", b"%PDF-1.4 test"),)


async def test_a_report_reaches_the_local_smtp_server_with_its_attachment(smtp: tuple[Recorder, int]) -> None:
    recorder, port = smtp
    await SmtpMailer(config(port)).send(
        to="rh@example.org", subject="Rapport d'étape · A-17", body="Bonjour", attachments=ATTACHMENTS
    )
    (message,) = recorder.messages
    assert message["To"] == "rh@example.org"
    assert (
        str(email.header.make_header(email.header.decode_header(message["Subject"])))
        == "Rapport d'étape · A-17"
    )
    parts = [p for p in message.walk() if p.get_filename()]
    assert [p.get_filename() for p in parts] == ["rapport.pdf"]
    assert parts[0].get_payload(decode=True) == b"%PDF-1.4 test"


async def test_a_refusing_server_and_a_down_server_are_told_apart(smtp: tuple[Recorder, int]) -> None:
    recorder, port = smtp
    recorder.answer = "554 5.7.1 refused"
    with pytest.raises(MailError) as refused:
        await SmtpMailer(config(port)).send(
            to="rh@example.org", subject="s", body="b", attachments=ATTACHMENTS
        )
    assert refused.value.reason == "refused" and "rh@example.org" not in str(refused.value)
    with pytest.raises(MailError) as down:
        await SmtpMailer(config(free_port())).send(to="rh@example.org", subject="s", body="b", attachments=())
    assert down.value.reason == "down"


def test_smtp_settings_come_from_the_environment() -> None:
    assert SmtpConfig.from_env({}) is None
    found = SmtpConfig.from_env(
        {"CADRE_SMTP_HOST": "smtp.example.org", "CADRE_SMTP_FROM": "cadre@example.org"}
    )
    assert found is not None and found.port == 587 and found.security == "starttls"
    tls = SmtpConfig.from_env(
        {"CADRE_SMTP_HOST": "h", "CADRE_SMTP_FROM": "a@b.c", "CADRE_SMTP_SECURITY": "tls"}
    )
    assert tls is not None and tls.port == 465


def test_the_journey_texts_exist_in_both_languages_with_the_same_placeholders() -> None:
    import yaml

    from bot.config.i18n import flatten, placeholders

    root = REPO / "bot" / "config" / "defaults" / "messages"
    french = flatten(yaml.safe_load((root / "fr" / "journey.yaml").read_text(encoding="utf-8")))
    english = flatten(yaml.safe_load((root / "en" / "journey.yaml").read_text(encoding="utf-8")))
    assert set(french) == set(english)
    assert {k: placeholders(v) for k, v in french.items()} == {k: placeholders(v) for k, v in english.items()}
    plural_keys = {k.rsplit(".", 1)[0] for k in french if k.endswith((".one", ".other"))}
    assert all(f"{k}.one" in french and f"{k}.other" in french for k in plural_keys)
