"""Load the coach's programmes: `config/programmes/<alias>.yaml`, one mentee per file.

Same rules as the rest of the coach's YAML: safe-loaded, validated by pydantic models that
forbid unknown keys, then checked as a programme (`programme_problems`): every problem is
reported at once with the file, the line, what is wrong and what to write instead.

A file looks like this (docs/journey.md has the whole story)::

    alias: A-17
    start: 2027-01-11
    end: 2027-12-17
    sponsor: sponsor-nord
    objectives:
      - "Poser un cadre clair aux réunions d'équipe"
    sessions:                 # a rhythm…
      first: "2027-01-18 14:00"
      every: 3w
      except: [2027-08-09]
      moved: {2027-05-03: "2027-05-04 10:00"}
    # …or a list: sessions: ["2027-01-18 14:00", {at: "2027-02-08 10:00", duration: 90m}]
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationError, field_validator

from bot.config.settings import parse_duration
from bot.config.yamlsource import line_of, load_yaml_with_lines, located_problems, nearest, problem
from bot.errors import ConfigError, ConfigProblem
from bot.journey.programme import (
    DEFAULT_SESSION_DURATION,
    Problem,
    Programme,
    Rhythm,
    Session,
    expand_rhythm,
    numbered,
    programme_problems,
    rhythm_problems,
)
from bot.ports import Screener

_LOCAL_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M")


def parse_local_moment(value: object) -> datetime:
    """'2027-01-18 14:00' (local, no zone): the zone is applied by the caller.

    Year first, as every date a coach writes in YAML (closures, `start:`): "03/06/2027" is
    the 3rd of June to a French reader and the 6th of March to an American one, and a
    session moved to the wrong month is worse than a refusal that says how to write it."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None) if value.tzinfo is None else value
    text = str(value).strip()
    for pattern in _LOCAL_FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    raise problem(
        "session_moment", "'{value}' is not a date and time; write \"2027-01-18 14:00\"", value=text
    )


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SessionEntry(_Model):
    at: datetime
    duration: timedelta = DEFAULT_SESSION_DURATION

    @field_validator("at", mode="before")
    @classmethod
    def _moment(cls, value: object) -> datetime:
        return parse_local_moment(value)

    @field_validator("duration", mode="before")
    @classmethod
    def _length(cls, value: object) -> timedelta:
        return parse_duration(value)


class RhythmEntry(_Model):
    first: datetime
    every: timedelta
    until: date | None = None
    duration: timedelta = DEFAULT_SESSION_DURATION
    skipped: tuple[date, ...] = Field(default=(), alias="except")
    moved: dict[date, datetime] = {}

    @field_validator("first", mode="before")
    @classmethod
    def _moment(cls, value: object) -> datetime:
        return parse_local_moment(value)

    @field_validator("every", "duration", mode="before")
    @classmethod
    def _length(cls, value: object) -> timedelta:
        return parse_duration(value)

    @field_validator("moved", mode="before")
    @classmethod
    def _moments(cls, value: object) -> object:
        if isinstance(value, Mapping):
            return {k: parse_local_moment(v) for k, v in value.items()}
        return value

    @field_validator("every")
    @classmethod
    def _whole_days(cls, value: timedelta) -> timedelta:
        if value < timedelta(days=1) or value % timedelta(days=1):
            minutes = int(value.total_seconds() // 60)
            written = f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}m"
            raise problem(
                "whole_days",
                '\'{value}\' is not a whole number of days; write e.g. "3w" or "21d"',
                value=written,
            )
        return value


class ProgrammeFile(_Model):
    alias: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_-]+$")
    mentor: str | None = None
    start: date
    end: date
    sponsor: str
    objectives: tuple[str, ...] = ()
    prompt_before: timedelta | None = None
    sessions: Annotated[
        Annotated[RhythmEntry, Tag("rhythm")] | Annotated[tuple[SessionEntry, ...], Tag("list")],
        Discriminator(lambda value: "rhythm" if isinstance(value, Mapping) else "list"),
    ]

    @field_validator("prompt_before", mode="before")
    @classmethod
    def _prompt(cls, value: object) -> timedelta | None:
        return None if value is None else parse_duration(value)

    @field_validator("sessions", mode="before")
    @classmethod
    def _entries(cls, value: object) -> object:
        if isinstance(value, list):
            return [v if isinstance(v, Mapping) else {"at": v} for v in value]
        if not isinstance(value, Mapping):
            raise problem(
                "sessions_shape",
                "must be a list of dates or a rhythm; write  sessions: {first: …, every: 3w}",
            )
        return value


@dataclass(frozen=True)
class LoadedProgramme:
    programme: Programme
    path: Path


def _programme_of(
    spec: ProgrammeFile, zone: ZoneInfo, at: datetime
) -> tuple[Programme, list[str], list[Problem]]:
    """The programme, for each of its sessions the dotted path it was declared at, and the
    problems of the rhythm itself."""
    rhythm_issues: list[Problem] = []
    if isinstance(spec.sessions, RhythmEntry):
        rhythm_spec = spec.sessions
        rhythm = Rhythm(
            first_at=rhythm_spec.first.replace(tzinfo=zone),
            every_delay=rhythm_spec.every,
            last_day=rhythm_spec.until or spec.end,
            duration=rhythm_spec.duration,
            skipped_days=rhythm_spec.skipped,
            moved=tuple((d, m.replace(tzinfo=zone)) for d, m in rhythm_spec.moved.items()),
        )
        sessions = expand_rhythm(rhythm, zone)
        rhythm_issues = rhythm_problems(rhythm, zone)
        moved_at = {m.replace(tzinfo=zone): d for d, m in rhythm_spec.moved.items()}
        paths = [
            f"sessions.moved.{moved_at[s.starts_at.astimezone(zone)]}"
            if s.starts_at.astimezone(zone) in moved_at
            else "sessions.first"
            for s in sessions
        ]
    else:
        declared = [
            (Session(0, entry.at.replace(tzinfo=zone), entry.duration), f"sessions.{index}")
            for index, entry in enumerate(spec.sessions)
        ]
        ordered = sorted(declared, key=lambda pair: pair[0].starts_at)
        sessions = numbered([s for s, _p in ordered])
        paths = [p for _s, p in ordered]
    programme = Programme(
        alias=spec.alias,
        start_day=spec.start,
        planned_end_day=spec.end,
        sessions=sessions,
        objectives=tuple(o.strip() for o in spec.objectives if o.strip()),
        sponsor=spec.sponsor.strip(),
        mentor=spec.mentor,
        prompt_delay=spec.prompt_before,
        declared_at=at,
    )
    return programme, paths, rhythm_issues


def load_programme_file(
    path: Path,
    *,
    zone: ZoneInfo,
    now_at: datetime,
    screener: Screener | None = None,
    known_aliases: Collection[str] | None = None,
    sponsors: Collection[str] = (),
    held: Collection[datetime] = (),
) -> Programme:
    data, lines = load_yaml_with_lines(path)
    if not isinstance(data, Mapping):
        raise ConfigError(
            [
                ConfigProblem(
                    str(path),
                    1,
                    "",
                    "is not a programme",
                    "start with a line such as  alias: A-17",
                    code="programme_shape",
                )
            ]
        )
    try:
        spec = ProgrammeFile.model_validate(data)
    except ValidationError as error:
        raise ConfigError(
            [
                _with_suggestion(_untagged(found, lines))
                for found in located_problems(error, str(path), lines, unknown="a field of a programme")
            ]
        ) from None
    programme, paths, rhythm_issues = _programme_of(spec, zone, now_at)
    problems = rhythm_issues + programme_problems(
        programme,
        now_at=now_at,
        zone=zone,
        screener=screener,
        known_aliases=known_aliases,
        session_paths=paths,
        sponsors=sponsors,
        held=held,
    )
    if path.stem != programme.alias:
        problems.insert(
            0,
            Problem(
                "alias",
                f"the file is named '{path.stem}' but declares '{programme.alias}'",
                f"rename it {programme.alias}.yaml",
                "programme_file_name",
                (("stem", path.stem), ("alias", programme.alias)),
            ),
        )
    if problems:
        raise ConfigError(
            [
                ConfigProblem(str(path), line_of(lines, p.where), p.where, p.what, p.fix, p.code, p.params)
                for p in problems
            ]
        )
    return programme


def _untagged(found: ConfigProblem, lines: dict[str, int]) -> ConfigProblem:
    """Drop the union's tag pydantic puts in the path ("sessions.list.3" is "sessions.3"),
    keeping the problem's code and values so the coach still reads it in their language."""
    where = found.where
    for tag in ("rhythm", "list"):
        where = where.replace(f"sessions.{tag}", "sessions")
    if where == found.where:
        return found
    return replace(found, line=line_of(lines, where), where=where)


def _fields(model: type[_Model]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]


def _with_suggestion(found: ConfigProblem) -> ConfigProblem:
    """A misspelt key answered with the nearest known one, as in cadre.yaml (`objectifs` →
    `objectives`); inside `sessions`, the keys of a rhythm or of a listed session."""
    if found.code != "extra_forbidden":
        return found
    *parent, key = found.where.split(".")
    if not parent:
        known = _fields(ProgrammeFile)
    elif parent[0] == "sessions":
        known = _fields(SessionEntry) if len(parent) > 1 and parent[1].isdigit() else _fields(RhythmEntry)
    else:
        return found
    suggestion = nearest(key, known)
    if suggestion is None:
        return found
    return replace(
        found,
        fix=f"did you mean `{suggestion}`? Otherwise remove it",
        code="extra_forbidden_near",
        params=(*found.params, ("suggestion", suggestion)),
    )


def programmes_directory(config_dir: Path | None, directory: str) -> Path | None:
    if config_dir is None:
        return None
    folder = Path(directory)
    return folder if folder.is_absolute() else config_dir / folder


def load_programmes(
    folder: Path | None,
    *,
    zone: ZoneInfo,
    now_at: datetime,
    screener: Screener | None = None,
    known_aliases: Collection[str] | None = None,
    sponsors: Collection[str] = (),
    held: Mapping[str, Collection[datetime]] | None = None,
) -> list[LoadedProgramme]:
    """Every programme file of the folder (none when it does not exist), all problems at once.
    `held` gives, by alias, the session starts of the programmes already loaded."""
    if folder is None or not folder.is_dir():
        return []
    loaded: list[LoadedProgramme] = []
    problems: list[ConfigProblem] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            programme = load_programme_file(
                path,
                zone=zone,
                now_at=now_at,
                screener=screener,
                known_aliases=known_aliases,
                sponsors=sponsors,
                held=(held or {}).get(path.stem, ()),
            )
        except ConfigError as error:
            problems.extend(error.problems)
            continue
        loaded.append(LoadedProgramme(programme, path))
    if problems:
        raise ConfigError(problems)
    return loaded
