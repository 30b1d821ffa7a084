"""`cadre hours`: the one-line JSON contract and the short human report."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime

import pytest

from bot.cli.commands.hours import run_hours
from bot.config.i18n import Catalogue
from bot.schedule.hours import DEFAULT_WEEKLY, Closure, ReadingCalendar
from tests.conftest import paris


@pytest.fixture(scope="module")
def cal() -> ReadingCalendar:
    return ReadingCalendar(
        "Europe/Paris", DEFAULT_WEEKLY, "FR", "57", [Closure(date(2026, 12, 21), date(2027, 1, 2), "hiver")]
    )


def run(
    cal: ReadingCalendar, at: datetime, catalogue: Catalogue, *, as_json: bool = False, locale: str = "fr"
) -> tuple[int, str]:
    out = io.StringIO()
    code = run_hours(cal, at, as_json=as_json, catalogue=catalogue, locale=locale, stdout=out)
    return code, out.getvalue()


def test_json_is_exactly_one_line_with_open_and_next_opening(
    cal: ReadingCalendar, catalogue: Catalogue
) -> None:
    code, out = run(cal, paris("2026-11-27T18:00"), catalogue, as_json=True)
    assert code == 0
    assert out == '{"open": false, "next_opening": "2026-11-30T08:00:00+01:00"}\n'
    code, out = run(cal, datetime(2026, 11, 23, 9, 0, tzinfo=UTC), catalogue, as_json=True)
    assert json.loads(out) == {"open": True, "next_opening": "2026-11-24T08:00:00+01:00"}


def test_json_offset_follows_summer_time(cal: ReadingCalendar, catalogue: Catalogue) -> None:
    _code, out = run(cal, paris("2026-03-27T18:30"), catalogue, as_json=True)
    assert json.loads(out)["next_opening"] == "2026-03-30T08:00:00+02:00"


def test_plain_report_when_open(cal: ReadingCalendar, catalogue: Catalogue) -> None:
    code, out = run(cal, paris("2026-11-23T10:15"), catalogue)
    assert code == 0
    assert out == (
        "Le lundi 23 novembre à 10 h 15 (Europe/Paris) : ouvert, jusqu'à 18 h.\n"
        "Prochaine ouverture : mardi 24 novembre à 8 h.\n"
    )
    _code, out = run(cal, paris("2026-11-23T10:15"), catalogue, locale="en")
    assert out == (
        "On Monday 23 November at 10:15 (Europe/Paris): open until 18:00.\n"
        "Next opening: Tuesday 24 November at 8:00.\n"
    )


@pytest.mark.parametrize(
    ("at", "reason"),
    [
        ("2026-11-23T19:00", "(en dehors des plages de lecture)"),
        ("2026-11-28T10:00", "(pas de plage de lecture ce jour-là)"),
        ("2027-03-26T10:00", "(jour férié : Vendredi saint)"),
        ("2026-12-23T10:00", "(fermeture « hiver », du lundi 21 décembre au samedi 2 janvier 2027)"),
    ],
)
def test_plain_report_names_why_it_is_closed(
    cal: ReadingCalendar, catalogue: Catalogue, at: str, reason: str
) -> None:
    code, out = run(cal, paris(at), catalogue)
    assert code == 0
    assert f": fermé {reason}.\n" in out
    assert "Prochaine ouverture : " in out


def test_plain_report_in_english_names_the_holiday(cal: ReadingCalendar, catalogue: Catalogue) -> None:
    _code, out = run(cal, paris("2026-12-26T10:00"), catalogue, locale="en")
    assert 'closed (closure "hiver", from Monday 21 December to Saturday 2 January 2027)' in out
    unclosed = ReadingCalendar("Europe/Paris", DEFAULT_WEEKLY, "FR", "57")
    _code, out = run(unclosed, paris("2026-12-25T10:00"), catalogue, locale="en")
    assert "closed (public holiday: Christmas Day)." in out
    assert "Next opening: Monday 28 December at 8:00." in out


def test_closure_without_label(catalogue: Catalogue) -> None:
    cal = ReadingCalendar(
        "Europe/Paris", DEFAULT_WEEKLY, "FR", closures=[Closure(date(2026, 11, 23), date(2026, 11, 24))]
    )
    _code, out = run(cal, paris("2026-11-23T10:00"), catalogue)
    assert "fermé (fermeture du lundi 23 novembre au mardi 24 novembre)." in out


def test_hours_that_never_open_exit_non_zero(catalogue: Catalogue) -> None:
    cal = ReadingCalendar("Europe/Paris", {}, None)
    code, out = run(cal, paris("2026-11-23T10:00"), catalogue, as_json=True)
    assert code == 1
    assert out == '{"open": false, "next_opening": null}\n'
    code, out = run(cal, paris("2026-11-23T10:00"), catalogue)
    assert code == 1
    assert "Aucune plage de lecture" in out
