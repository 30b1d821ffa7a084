"""Retention and erasure of the journey's records.

Reports go `retention.reports` after their release (or, never released, after their last
change); reviews go `retention.reviews` after they were built, with their files. Erasure
takes everything of one alias. File removal is injected (`remove`), so the rule stays a
function of the store and the instant; the default removes a path if it is still there.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from bot.config.settings import Settings
from bot.journey.ports import JourneyStore


def remove_file(name: str) -> None:
    Path(name).unlink(missing_ok=True)


async def purge_journey(
    store: JourneyStore, settings: Settings, at: datetime, *, remove: Callable[[str], None] = remove_file
) -> tuple[int, int]:
    """(reports removed, reviews removed)."""
    retention = settings.retention
    reports = reviews = 0
    for programme in await store.list_programmes():
        records = await store.records(programme.alias)
        for report in records.reports:
            if (report.released_at or report.updated_at) + retention.reports <= at:
                await store.delete_report(programme.alias, report.id)
                reports += 1
        for review in records.reviews:
            if review.built_at + retention.reviews <= at:
                for name in review.files:
                    remove(name)
                await store.delete_review(programme.alias, review.id)
                reviews += 1
    return reports, reviews


async def erase_journey(
    store: JourneyStore, alias: str, *, remove: Callable[[str], None] = remove_file
) -> None:
    """Every record of the alias, review files first (their names are in the records)."""
    for review in (await store.records(alias)).reviews:
        for name in review.files:
            remove(name)
    await store.erase(alias)
