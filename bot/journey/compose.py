"""The journey's documents as plain blocks, in the reader's language.

A report or a review is composed once as a list of blocks (heading, paragraph, bullets,
table, picture); bot/documents renders the same blocks as Markdown and as PDF, so both
files always say the same thing. Every word comes from the catalogue; dates and times use
the schedule's phrasing (French typography in French). A sponsor report holds only its
validated text and its frame (period, validation time and hash): never an item's words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date

from bot.config.i18n import Catalogue
from bot.journey.programme import Programme, Session
from bot.journey.report import Report
from bot.journey.review import NO_THEME, Review
from bot.schedule.phrasing import format_clock, format_day


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    is_quote: bool = False


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Picture:
    png: bytes
    caption: str


Block = Heading | Paragraph | Bullets | Table | Picture


@dataclass(frozen=True)
class Document:
    title: str
    blocks: tuple[Block, ...]
    stem: str
    """File name without extension: alias and date, never a real name."""


def plural(catalogue: Catalogue, key: str, locale: str, count: int, **params: object) -> str:
    """The form of `key` the language's own plural rule (CLDR) calls for: French says
    "1 séance" and "0 séance", English "0 sessions". The catalogue chooses it."""
    return catalogue.text(key, locale, count=count, **params)


def theme_label(catalogue: Catalogue, theme: str, locale: str) -> str:
    if theme == NO_THEME:
        return catalogue.text("mentor.digest.no_theme", locale)
    key = f"flow.question.theme.{theme}"
    return catalogue.text(key, locale) if catalogue.has(key, locale) else theme


def full_day(day: date, locale: str) -> str:
    """'lundi 18 janvier 2027': documents are read long after, so the year is always there."""
    return format_day(day, locale, reference=date.min)


def when(at: datetime, zone: ZoneInfo, locale: str) -> str:
    local = at.astimezone(zone)
    return f"{full_day(local.date(), locale)}, {format_clock(local.time(), locale)}"


def session_line(session: Session, zone: ZoneInfo, locale: str, catalogue: Catalogue) -> str:
    return catalogue.text(
        "journey.doc.session_line", locale, number=session.number, when=when(session.starts_at, zone, locale)
    )


def duration_text(delay: timedelta | None, catalogue: Catalogue, locale: str) -> str:
    if delay is None:
        return catalogue.text("journey.doc.none", locale)
    hours = round(delay.total_seconds() / 3600)
    if hours < 48:
        return plural(catalogue, "journey.doc.hours", locale, max(hours, 0))
    return plural(catalogue, "journey.doc.days", locale, round(hours / 24))


def report_document(report: Report, *, zone: ZoneInfo, locale: str, catalogue: Catalogue) -> Document:
    """The sponsor's copy: frame, the validated text word for word, the validation proof."""
    t = catalogue.text
    validated = report.validation
    blocks: list[Block] = [
        Paragraph(
            t(
                "journey.doc.report.period",
                locale,
                start=full_day(report.period_start, locale),
                end=full_day(report.period_end, locale),
            )
        ),
        Heading(t("journey.doc.report.text_heading", locale), 2),
        *(Paragraph(part) for part in report.text.split("\n\n") if part.strip()),
        Heading(t("journey.doc.report.proof_heading", locale), 2),
        Paragraph(
            t("journey.doc.report.proof", locale, when=when(validated.at, zone, locale) if validated else "-")
        ),
        Paragraph(t("journey.doc.report.fingerprint", locale, sha256=validated.sha256 if validated else "-")),
    ]
    return Document(
        t("journey.doc.report.title", locale, alias=report.alias),
        tuple(blocks),
        f"rapport-{report.alias}-{report.period_end:%Y%m%d}-v{report.version}",
    )


def review_document(
    review: Review,
    programme: Programme,
    *,
    audience: str,
    picture_png: bytes | None,
    zone: ZoneInfo,
    locale: str,
    catalogue: Catalogue,
) -> Document:
    """The closing review, for the mentee ("vous") or for their mentor."""
    t = catalogue.text
    blocks: list[Block] = [
        Paragraph(
            t(
                f"journey.doc.review.intro_{audience}",
                locale,
                alias=review.alias,
                start=full_day(review.start_day, locale),
                end=full_day(review.planned_end_day, locale),
            )
        ),
        Heading(t("journey.doc.review.objectives", locale), 2),
        Bullets(review.objectives)
        if review.objectives
        else Paragraph(t("journey.doc.review.no_objective", locale)),
        Heading(t("journey.doc.review.sessions", locale), 2),
        Paragraph(
            plural(
                catalogue,
                "journey.doc.review.sessions_held",
                locale,
                len(review.sessions_held),
                planned=len(review.sessions_planned),
            )
        ),
    ]
    if review.sessions_held:
        blocks.append(Bullets(tuple(session_line(s, zone, locale, catalogue) for s in review.sessions_held)))
    blocks.append(Heading(t("journey.doc.review.questions", locale), 2))
    blocks.append(
        Paragraph(plural(catalogue, "journey.doc.review.question_count", locale, review.question_count))
    )
    if picture_png is not None:
        blocks.append(Picture(picture_png, t("journey.doc.review.picture_caption", locale)))
    if review.themes:
        blocks.append(_theme_table(review, locale, catalogue))
    blocks.append(Heading(t("journey.doc.review.times", locale), 2))
    blocks.append(
        Bullets(
            (
                t(
                    "journey.doc.review.answer_median",
                    locale,
                    delay=duration_text(review.median_answer_delay, catalogue, locale),
                ),
                t(
                    "journey.doc.review.answer_longest",
                    locale,
                    delay=duration_text(review.longest_answer_delay, catalogue, locale),
                ),
                t(
                    "journey.doc.review.waiting",
                    locale,
                    delay=duration_text(review.median_wait_delay, catalogue, locale),
                ),
            )
        )
    )
    if review.notes:
        blocks.append(Heading(t("journey.doc.review.notes", locale), 2))
        for note in review.notes:
            blocks.append(Paragraph(t("journey.doc.review.note_header", locale, number=note.session_number)))
            blocks.append(Paragraph(note.text, is_quote=True))
    blocks.append(Heading(t("journey.doc.review.thread", locale), 2))
    if not review.thread:
        blocks.append(Paragraph(t("journey.doc.review.no_question", locale)))
    for entry in review.thread:
        blocks.append(
            Heading(
                t(
                    "journey.doc.review.entry",
                    locale,
                    ref=entry.ref,
                    when=when(entry.submitted_at, zone, locale),
                    theme=theme_label(catalogue, entry.theme, locale),
                ),
                3,
            )
        )
        for answer in entry.answers:
            if answer.step == "theme":
                continue
            label_key = f"flow.question.{answer.step}.label"
            label = t(label_key, locale) if catalogue.has(label_key, locale) else answer.step
            blocks.append(
                Paragraph(f"{label} : {answer.text}" if locale == "fr" else f"{label}: {answer.text}")
            )
        for replied_at, text in entry.replies:
            blocks.append(
                Paragraph(
                    t("journey.doc.review.reply", locale, when=when(replied_at, zone, locale), text=text),
                    True,
                )
            )
    if audience == "mentor":
        blocks.append(Paragraph(t("journey.doc.review.sponsor", locale, sponsor=programme.sponsor)))
    local_day = review.built_at.astimezone(zone).date()
    return Document(
        t(f"journey.doc.review.title_{audience}", locale, alias=review.alias),
        tuple(blocks),
        f"bilan-{review.alias}-{audience}-{local_day:%Y%m%d}",
    )


def _theme_table(review: Review, locale: str, catalogue: Catalogue) -> Table:
    headers = (
        catalogue.text("journey.doc.review.month", locale),
        *(theme_label(catalogue, theme, locale) for theme in review.themes),
    )
    rows: list[tuple[str, ...]] = []
    for month in review.months:
        counts = [review.count(month, theme) for theme in review.themes]
        if any(counts):
            rows.append((month_label(month.year, month.month, locale), *(str(c) for c in counts)))
    return Table(headers, tuple(rows))


def month_label(year: int, month: int, locale: str) -> str:
    """'janvier 2027' / 'January 2027' (Babel's stand-alone month names)."""
    return format_date(date(year, month, 1), "LLLL y", locale=catalogue_locale(locale))


def catalogue_locale(locale: str) -> str:
    return "en" if locale.startswith("en") else "fr"


def report_preview(report: Report, catalogue: Catalogue, locale: str) -> str:
    """What the mentee receives to validate: the period and the exact text, nothing else."""
    return catalogue.text(
        "journey.report.to_mentee",
        locale,
        start=full_day(report.period_start, locale),
        end=full_day(report.period_end, locale),
        text=report.text,
    )
