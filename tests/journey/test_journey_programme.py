"""Programmes: rhythm expansion and every problem a coach can make, with file and line."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.journey.programme import Programme, Rhythm, Session, expand_rhythm, programme_problems
from bot.journey.programme_files import load_programme_file, load_programmes
from tests.conftest import PARIS, paris
from tests.harness import CanaryScreener

NOW = paris("2026-12-01T10:00")


def rhythm(**changes: object) -> Rhythm:
    base: dict[str, object] = {
        "first_at": paris("2027-01-18T14:00"),
        "every_delay": timedelta(weeks=3),
        "last_day": date(2027, 12, 17),
    }
    base.update(changes)
    return Rhythm(**base)  # type: ignore[arg-type]


def programme(sessions: tuple[Session, ...], **changes: object) -> Programme:
    base: dict[str, object] = {
        "alias": "A-17",
        "start_day": date(2027, 1, 11),
        "planned_end_day": date(2027, 12, 17),
        "sessions": sessions,
        "objectives": ("Poser un cadre clair aux réunions",),
        "sponsor": "sponsor-nord",
    }
    base.update(changes)
    return Programme(**base)  # type: ignore[arg-type]


def test_a_rhythm_keeps_the_wall_time_across_daylight_saving_and_applies_exceptions() -> None:
    sessions = expand_rhythm(
        rhythm(
            skipped_days=(date(2027, 8, 16),),
            moved=((date(2027, 5, 3), paris("2027-05-04T10:00")),),
        ),
        PARIS,
    )
    local = [s.starts_at.astimezone(PARIS) for s in sessions]
    assert [s.number for s in sessions] == list(range(1, len(sessions) + 1))
    assert local[0].isoformat() == "2027-01-18T14:00:00+01:00"
    assert paris("2027-04-12T14:00") in local  # after the March change: still 14:00 local
    assert paris("2027-05-04T10:00") in local and paris("2027-05-03T14:00") not in local
    assert all(s.date() != date(2027, 8, 16) for s in local)
    assert len(sessions) == 15


def test_an_exception_off_the_rhythm_is_reported_with_the_nearest_date(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "A-17.yaml",
        "alias: A-17\nstart: 2027-01-11\nend: 2027-12-17\nsponsor: s\n"
        'sessions:\n  first: "2027-01-18 14:00"\n  every: 3w\n  except:\n    - 2027-08-09\n',
    )
    with pytest.raises(ConfigError) as caught:
        load_programme_file(path, zone=PARIS, now_at=NOW)
    assert str(caught.value).endswith(
        "A-17.yaml:9: sessions.except.1: 2027-08-09 is not a date of the rhythm; "
        "write one of the rhythm's dates, e.g. 2027-08-16"
    )


def test_a_valid_programme_has_no_problem() -> None:
    sessions = expand_rhythm(rhythm(), PARIS)
    assert programme_problems(programme(sessions), now_at=NOW, zone=PARIS, known_aliases={"A-17"}) == []


def test_past_overlapping_and_reversed_dates_are_each_reported() -> None:
    sessions = (
        Session(1, paris("2026-11-02T14:00")),
        Session(2, paris("2027-02-01T14:00")),
        Session(3, paris("2027-02-01T15:00")),
    )
    problems = programme_problems(
        programme(sessions, planned_end_day=date(2027, 1, 1)), now_at=NOW, zone=PARIS
    )
    text = " | ".join(f"{p.where}: {p.what}; {p.fix}" for p in problems)
    assert "sessions.0: the session of 2026-11-02 14:00 is in the past" in text
    assert "end: the planned end 2027-01-01 is before the start 2027-01-11" in text
    assert "overlaps the session of 2027-02-01 14:00 (declared at sessions.2)" in text  # shown from 1


def test_unknown_alias_and_identifying_objective_are_refused_without_the_words() -> None:
    sessions = expand_rhythm(rhythm(), PARIS)
    problems = programme_problems(
        programme(sessions, objectives=("Travailler avec CANARYDupont",)),
        now_at=NOW,
        zone=PARIS,
        screener=CanaryScreener(),
        known_aliases={"B-2"},
    )
    wheres = {p.where: p.what for p in problems}
    assert wheres["alias"].startswith("no mentee has the alias 'A-17'")
    assert wheres["objectives.0"] == "contains identifying data (person at characters 16-28)"
    assert all("CANARY" not in p.what + p.fix for p in problems)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_programme_file_with_a_rhythm_loads(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "A-17.yaml",
        "alias: A-17\nstart: 2027-01-11\nend: 2027-12-17\nsponsor: sponsor-nord\n"
        'objectives:\n  - "Déléguer davantage"\nprompt_before: 2d\n'
        'sessions:\n  first: "2027-01-18 14:00"\n  every: 3w\n  except: [2027-08-16]\n',
    )
    loaded = load_programme_file(path, zone=PARIS, now_at=NOW)
    assert loaded.alias == "A-17" and len(loaded.sessions) == 15
    assert loaded.prompt_delay == timedelta(days=2)
    assert loaded.objectives == ("Déléguer davantage",)


def test_every_problem_of_a_programme_file_names_its_line_and_the_fix(tmp_path: Path) -> None:
    write(
        tmp_path,
        "B-2.yaml",
        "alias: B-2\nstart: 2027-01-11\nend: 2027-12-17\nsponsor: sponsor-nord\nsessions:\n"
        '  - "2026-01-18 14:00"\n'
        '  - {at: "2027-02-08 10:00", duration: 2h}\n'
        '  - "2027-02-08 11:00"\n'
        "colour: blue\n",
    )
    with pytest.raises(ConfigError) as caught:
        load_programmes(tmp_path, zone=PARIS, now_at=NOW)
    assert [str(p).split(str(tmp_path))[1] for p in caught.value.problems] == [
        "/B-2.yaml:9: colour: is not a field of a programme; remove it or check its spelling"
    ]
    (tmp_path / "B-2.yaml").write_text(
        (tmp_path / "B-2.yaml").read_text().replace("colour: blue\n", ""), encoding="utf-8"
    )
    with pytest.raises(ConfigError) as caught:
        load_programmes(tmp_path, zone=PARIS, now_at=NOW, known_aliases={"A-17"})
    lines = [str(p).split(str(tmp_path))[1] for p in caught.value.problems]
    assert lines[0] == (
        "/B-2.yaml:1: alias: no mentee has the alias 'B-2'; "
        "invite them first (cadre invite --alias B-2), then load once they joined"
    )
    assert any(
        line.startswith("/B-2.yaml:6: sessions.1: the session of 2026-01-18 14:00 is in the past")
        for line in lines
    )
    assert any(
        line.startswith(
            "/B-2.yaml:8: sessions.3: overlaps the session of 2027-02-08 10:00 (declared at sessions.2)"
        )
        for line in lines
    )


def test_a_bad_date_and_a_misnamed_file_are_reported(tmp_path: Path) -> None:
    write(
        tmp_path,
        "C-3.yaml",
        'alias: C-4\nstart: 2027-01-11\nend: 2027-12-17\nsponsor: s\nsessions:\n  - "2027-02-30 11:00"\n',
    )
    with pytest.raises(ConfigError) as caught:
        load_programmes(tmp_path, zone=PARIS, now_at=NOW)
    message = str(caught.value)
    assert (
        "C-3.yaml:6: sessions.1.at: '2027-02-30 11:00' is not a date and time; write \"2027-01-18 14:00\""
        in message
    )
    write(
        tmp_path,
        "C-3.yaml",
        'alias: C-4\nstart: 2027-01-11\nend: 2027-12-17\nsponsor: s\nsessions:\n  - "2027-02-03 11:00"\n',
    )
    with pytest.raises(ConfigError) as caught:
        load_programmes(tmp_path, zone=PARIS, now_at=datetime(2026, 12, 1, tzinfo=UTC))
    assert "C-3.yaml:1: alias: the file is named 'C-3' but declares 'C-4'; rename it C-4.yaml" in str(
        caught.value
    )


def test_no_folder_means_no_programme(tmp_path: Path) -> None:
    assert load_programmes(tmp_path / "missing", zone=PARIS, now_at=NOW) == []
