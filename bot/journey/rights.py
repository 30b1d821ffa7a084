"""The journey's part of the mentee's right of access: everything it keeps, as JSON and text.

Erasure: `JourneyStore.erase(alias)` removes every record (and the alias's data key when
encrypted); `erase_journey` deletes the review files first. `JourneyKept` gives both to
the rights and retention code as a `KeptElsewhere`.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from pydantic import TypeAdapter

from bot.config.i18n import Catalogue
from bot.domain import Mentee
from bot.journey.compose import when
from bot.journey.ports import JourneyRecords, JourneyStore
from bot.journey.retention import erase_journey
from bot.privacy.export import ExportSection

_RECORDS: TypeAdapter[JourneyRecords] = TypeAdapter(JourneyRecords)


def export_data(records: JourneyRecords) -> Any:
    """Plain JSON values (dates as ISO strings), every field of every record."""
    return _RECORDS.dump_python(records, mode="json")


def export_markdown(records: JourneyRecords, *, catalogue: Catalogue, locale: str, zone: ZoneInfo) -> str:
    def t(key: str, **params: object) -> str:
        return catalogue.text(f"journey.export.{key}", locale, **params)

    lines = [f"## {t('title')}", ""]
    programme = records.programme
    if programme is None:
        lines += [t("no_programme"), ""]
    else:
        lines += [
            t("programme", start=programme.start_day.isoformat(), end=programme.planned_end_day.isoformat()),
            "",
            *(f"- {objective}" for objective in programme.objectives),
            "",
            *(
                "- "
                + catalogue.text(
                    "journey.doc.session_line", locale, number=s.number, when=when(s.starts_at, zone, locale)
                )
                for s in programme.sessions
            ),
            "",
        ]
    for entry in records.agenda:
        heading = t(
            f"agenda_{entry.source.value}", number=entry.session_number, at=when(entry.added_at, zone, locale)
        )
        lines.append(f"- {heading} {entry.item_ref if entry.item_ref is not None else entry.text}")
    for note in records.notes:
        heading = t("note", number=note.session_number, at=when(note.written_at, zone, locale))
        lines.append(f"- {heading} {note.text}")
    for report in records.reports:
        validated = when(report.validation.at, zone, locale) if report.validation else "-"
        lines += [
            "",
            f"### {t('report', id=report.id, state=report.state.value, validated=validated)}",
            "",
            report.text,
        ]
        if report.change_comment:
            lines += ["", f"> {t('comment')} {report.change_comment}"]
    for review in records.reviews:
        lines.append(f"- {t('review', audience=review.audience, at=when(review.built_at, zone, locale))}")
    if records.pause is not None:
        lines.append(f"- {t('pause', day=records.pause.until_day.isoformat())}")
    return "\n".join(lines).rstrip() + "\n"


def export_section(
    records: JourneyRecords, *, catalogue: Catalogue, locale: str, zone: ZoneInfo
) -> ExportSection:
    """The journey's part of the export, under "journey" in the JSON."""
    return ExportSection(
        "journey",
        export_data(records),
        export_markdown(records, catalogue=catalogue, locale=locale, zone=zone),
    )


class JourneyKept:
    """bot.privacy.export.KeptElsewhere on the journey's records: what /export, /effacer,
    withdrawal's erasure and the retention purge of a mentee do to their journey."""

    def __init__(self, store: JourneyStore, *, catalogue: Catalogue, zone: ZoneInfo) -> None:
        self.store = store
        self.catalogue = catalogue
        self.zone = zone

    async def export_section(self, mentee: Mentee) -> ExportSection | None:
        records = await self.store.records(mentee.alias)
        if records.is_empty:
            return None
        return export_section(records, catalogue=self.catalogue, locale=mentee.locale, zone=self.zone)

    async def erase(self, mentee: Mentee) -> None:
        """Every record of the alias, its review files first."""
        await erase_journey(self.store, mentee.alias)
