"""Load and validate the coach's settings: shipped defaults with `config/cadre.yaml` over them.

Coach YAML is untrusted input: safe-loaded, validated by pydantic models that forbid
unknown keys, and every problem is reported at once with the file, the line, what is wrong
and what to write instead.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import date, time, timedelta
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from bot.config.holiday_regions import holiday_countries, holiday_subdivisions
from bot.config.yamlsource import load_yaml_with_lines, located_problems, problem, safe_yaml
from bot.errors import ConfigError, ConfigProblem

DEFAULT_TEMPLATE = "cadre_answer_waiting"
"""The approved WhatsApp template announcing that an answer is waiting (`whatsapp.template`)."""

_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")
_DURATION = re.compile(r"^\s*(\d+)\s*(m|h|d|w)\s*$")
_DURATION_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
#: A hundred years in each unit: past it a delay means nothing, and dates computed with it
#: would overflow at run time rather than be refused here.
_DURATION_LIMITS = {"m": 36500 * 24 * 60, "h": 36500 * 24, "d": 36500, "w": 36500 // 7}


def parse_clock(value: object) -> time:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        # YAML 1.1 reads an unquoted 25:00 as the base-60 number 1500: show it as written.
        value = f"{value // 60:02d}:{value % 60:02d}"
    text = str(value)
    match = _CLOCK.match(text)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise problem("clock", "'{value}' is not a time of day; write \"13:00\"", value=text)
    return time(int(match[1]), int(match[2]))


def parse_range(value: object) -> tuple[time, time]:
    text = str(value)
    match = _RANGE.match(text)
    if not match:
        raise problem("range", "'{value}' is not a time range; write \"08:00-18:00\"", value=text)
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
        raise problem(
            "range_impossible", "'{value}' has an impossible time; write \"08:00-18:00\"", value=text
        )
    start = time(h1, m1)
    end = time(23, 59, 59) if h2 == 24 else time(h2, m2)
    if end <= start:
        raise problem(
            "range_backwards",
            "'{value}' ends before it starts; write the earlier time first, e.g. \"08:00-18:00\"",
            value=text,
        )
    return start, end


def parse_duration(value: object) -> timedelta:
    if isinstance(value, timedelta):
        return value
    text = str(value)
    match = _DURATION.match(text)
    if not match:
        raise problem(
            "duration", '\'{value}\' is not a duration; write e.g. "30m", "24h", "7d" or "2w"', value=text
        )
    amount, unit = int(match[1]), match[2]
    if amount == 0:
        raise problem("duration_zero", '\'{value}\' is no delay at all; write e.g. "24h" or "7d"', value=text)
    if amount > _DURATION_LIMITS[unit]:
        raise problem(
            "duration_too_long", "'{value}' is longer than a hundred years; write e.g. \"365d\"", value=text
        )
    return timedelta(**{_DURATION_UNITS[unit]: amount})


MIN_PROMPT_BEFORE, MAX_PROMPT_BEFORE = timedelta(hours=1), timedelta(days=14)


def _duration_text(delay: timedelta) -> str:
    """'3d', '36h', '90m': a duration written back the way the coach writes one."""
    minutes = int(delay.total_seconds() // 60)
    if minutes % (24 * 60) == 0:
        return f"{minutes // (24 * 60)}d"
    if minutes % 60 == 0:
        return f"{minutes // 60}h"
    return f"{minutes}m"


def _as_list(value: object) -> object:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[Weekday, ...] = get_args(Weekday)
TimeRangeValue = Annotated[tuple[time, time], BeforeValidator(parse_range)]
DurationValue = Annotated[timedelta, BeforeValidator(parse_duration)]
"""A delay written "30m", "24h", "7d" or "2w" in the YAML."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HolidaySettings(_Model):
    country: str | None = "FR"
    subdivision: str | None = None

    @field_validator("country")
    @classmethod
    def _known_country(cls, value: str | None) -> str | None:
        if value is not None and value not in holiday_countries():
            raise problem(
                "country",
                "'{value}' is not a country code the holidays package knows; "
                'write an ISO code such as "FR" or null for none',
                value=value,
            )
        return value

    @field_validator("subdivision", mode="before")
    @classmethod
    def _known_subdivision(cls, value: object, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        country = info.data.get("country")
        subdivisions = holiday_subdivisions(country)
        if str(value) not in subdivisions:
            known = ", ".join(sorted(subdivisions)[:12]) or "null"
            raise problem(
                "subdivision",
                "'{value}' is not a subdivision of {country}; write one of {known}… or null",
                value=value,
                country=country,
                known=known,
            )
        return str(value)


class Closure(_Model):
    first_day: date = Field(alias="from")
    last_day: date = Field(alias="to")
    label: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> Closure:
        if self.last_day < self.first_day:
            raise problem(
                "closure_backwards",
                "'to' is before 'from'; write the first day in 'from' and the last in 'to'",
            )
        return self


class DigestSettings(_Model):
    extra_times: tuple[time, ...] = ()

    @field_validator("extra_times", mode="before")
    @classmethod
    def _clocks(cls, value: object) -> tuple[time, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise problem("clock_list", 'must be a list of times; write ["13:00"]')
        return tuple(parse_clock(v) for v in value)


class Mentor(_Model):
    id: str = Field(min_length=1, pattern=r"^[a-z0-9_-]+$")
    name: str = ""
    channels: dict[Literal["console", "telegram", "whatsapp"], str] = {}

    @field_validator("channels", mode="before")
    @classmethod
    def _ids_as_text(cls, value: object) -> object:
        if isinstance(value, Mapping):
            return {k: str(v) for k, v in value.items()}
        return value

    @field_validator("channels")
    @classmethod
    def _telegram_chat_id(cls, value: dict[str, str]) -> dict[str, str]:
        """Telegram knows a mentor by their chat id, a number (docs/telegram.md): a
        `@username` would never match anyone, and the mentor would never get a digest."""
        chat = value.get("telegram")
        if chat is not None and not re.fullmatch(r"-?\d+", chat.strip()):
            raise problem(
                "telegram_chat",
                "'{value}' is not a Telegram chat id; write the number read in the log line "
                '`telegram inbound … chat=<id>`, e.g. telegram: "123456789"',
                value=chat,
            )
        return value


class DraftSettings(_Model):
    reminder_after: DurationValue = timedelta(hours=24)
    expire_after: DurationValue = timedelta(days=7)

    @model_validator(mode="after")
    def _order(self) -> DraftSettings:
        if self.expire_after <= self.reminder_after:
            raise problem(
                "draft_delays",
                "expire_after must be longer than reminder_after; write e.g. "
                'reminder_after: "24h" and expire_after: "7d"',
            )
        return self


class InvitationSettings(_Model):
    expire_after: DurationValue = timedelta(days=14)


class FlowSettings(_Model):
    directory: str = "../flows"
    default: str = "question"


class ScreeningSettings(_Model):
    client_names: tuple[str, ...] = ()
    allow_words: tuple[str, ...] = ()


class ConsoleSettings(_Model):
    """`alias`: the console person's alias; unset, the catalogue's word in the configured
    locale (`cli.console.alias`), so an English trial is not named in French."""

    alias: str | None = None
    mentor: str | None = None


class WhatsAppSettings(_Model):
    """The approved template sent past the 24-hour customer-service window."""

    template: str = Field(default=DEFAULT_TEMPLATE, pattern=r"^[a-z0-9_]+$")
    template_language: str = Field(default="fr", pattern=r"^[a-z]{2}(_[A-Z]{2})?$")


def _as_text(value: object) -> object:
    """`version: 2` (a YAML number) means the text "2"."""
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


class CharterSettings(_Model):
    version: Annotated[str, BeforeValidator(_as_text)] = "1"


SafetyCategory = Literal["suicide", "violence", "medical", "harassment", "distress"]


class SafetySettings(_Model):
    """The coach's phrases added to the shipped lexicon (syntax: bot/config/defaults/safety.yaml)."""

    extra_phrases: dict[SafetyCategory, tuple[str, ...]] = {}

    @field_validator("extra_phrases", mode="before")
    @classmethod
    def _phrases(cls, value: object) -> object:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            return value
        cleaned: dict[object, list[object]] = {}
        for category, phrases in value.items():
            listed = [] if phrases is None else phrases if isinstance(phrases, list) else [phrases]
            for phrase in listed:
                if not re.search(r"[^\W\d_]{2,}", str(phrase)):
                    raise problem(
                        "phrase_empty",
                        "'{value}' has no word to look for; write a few words, e.g. \"je n'en peux plus\"",
                        value=phrase,
                    )
            cleaned[category] = listed
        return cleaned


class RetentionSettings(_Model):
    """How long each kind of record is kept; see docs/privacy.md for what each one counts from."""

    drafts: DurationValue = timedelta(days=30)
    closed_items: DurationValue = timedelta(days=365)
    answered_items: DurationValue = timedelta(days=365)
    inactive_mentees: DurationValue = timedelta(days=365)
    withdrawn_mentees: DurationValue = timedelta(days=30)
    audit: DurationValue = timedelta(days=365)
    reports: DurationValue = timedelta(days=365)
    """A sponsor report, counted from its release (or its last change when never released)."""
    reviews: DurationValue = timedelta(days=365)
    """A closing review kept in the data folder, counted from when it was built."""


class JourneySettings(_Model):
    """The accompaniment as a journey (docs/journey.md): programmes, prompts, reports."""

    directory: str = "programmes"
    """Folder of the programme files, one `<alias>.yaml` each, relative to config/."""
    prompt_before: DurationValue = timedelta(days=3)
    no_session_horizon: DurationValue = timedelta(weeks=4)
    mentee_hours: dict[Weekday, Annotated[tuple[TimeRangeValue, ...], BeforeValidator(_as_list)]] = {
        day: ((time(9), time(19)),) for day in WEEKDAYS[:6]
    }
    """When the bot may write to a mentee on its own initiative (prompts)."""
    sponsors: dict[str, str] = {}
    """Sponsor label -> the e-mail address released reports are sent to."""

    @field_validator("prompt_before")
    @classmethod
    def _prompt_delay(cls, value: timedelta) -> timedelta:
        """A prompt is useful between an hour and two weeks before: closer, nobody can
        prepare; further, the previous session is hardly over."""
        if not MIN_PROMPT_BEFORE <= value <= MAX_PROMPT_BEFORE:
            raise problem(
                "prompt_before",
                'prompt_before must be between 1h and 14d (got {value}); write e.g. "3d"',
                value=_duration_text(value),
            )
        return value

    @field_validator("sponsors", mode="before")
    @classmethod
    def _addresses(cls, value: object) -> object:
        if value is None:
            return {}
        if isinstance(value, Mapping):
            for label, address in value.items():
                if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", str(address)):
                    raise problem(
                        "sponsor_address",
                        "the address of '{value}' is not an e-mail address; write e.g. rh@example.org",
                        value=label,
                    )
        return value


class Settings(_Model):
    """Everything a coach can tune in `config/cadre.yaml`."""

    timezone: str = "Europe/Paris"
    locale: Literal["fr", "en"] = "fr"
    hours: dict[Weekday, Annotated[tuple[TimeRangeValue, ...], BeforeValidator(_as_list)]]
    holidays: HolidaySettings = HolidaySettings()
    closures: tuple[Closure, ...] = ()
    digest: DigestSettings = DigestSettings()
    mentors: tuple[Mentor, ...] = ()
    drafts: DraftSettings = DraftSettings()
    invitations: InvitationSettings = InvitationSettings()
    flows: FlowSettings = FlowSettings()
    screening: ScreeningSettings = ScreeningSettings()
    console: ConsoleSettings = ConsoleSettings()
    charter: CharterSettings = CharterSettings()
    whatsapp: WhatsAppSettings = WhatsAppSettings()
    safety: SafetySettings = SafetySettings()
    retention: RetentionSettings = RetentionSettings()
    journey: JourneySettings = JourneySettings()

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise problem(
                "timezone", "'{value}' is not a time zone; write e.g. \"Europe/Paris\"", value=value
            ) from None
        return value

    @field_validator("hours", mode="before")
    @classmethod
    def _hours_shape(cls, value: object) -> object:
        if not isinstance(value, Mapping):
            raise problem("hours_shape", 'must map weekdays to ranges; write `monday: ["08:00-18:00"]`')
        return value

    @field_validator("hours", mode="after")
    @classmethod
    def _hours_sorted(
        cls, value: dict[str, tuple[tuple[time, time], ...]]
    ) -> dict[str, tuple[tuple[time, time], ...]]:
        return {day: tuple(sorted(ranges)) for day, ranges in value.items()}

    @model_validator(mode="after")
    def _mentors_unique(self) -> Settings:
        ids = [m.id for m in self.mentors]
        for index, mentor_id in enumerate(ids):
            if mentor_id in ids[:index]:
                raise problem(
                    "mentor_twice",
                    "mentor {number} has the id '{value}' of mentor {first}; give each mentor its own id",
                    value=mentor_id,
                    number=index + 1,
                    first=ids.index(mentor_id) + 1,
                    where=f"mentors.{index}.id",
                )
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def mentor(self, mentor_id: str) -> Mentor | None:
        return next((m for m in self.mentors if m.id == mentor_id), None)


def shipped_settings_text() -> str:
    return resources.files("bot.config").joinpath("defaults", "cadre.yaml").read_text(encoding="utf-8")


def deep_merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """The coach's values win; mappings merge key by key, lists are replaced whole."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_settings(config_dir: Path | None) -> Settings:
    """Shipped defaults, the coach's `cadre.yaml` merged over them, validated."""
    base = safe_yaml(shipped_settings_text()) or {}
    path = config_dir / "cadre.yaml" if config_dir else None
    coach: Any = {}
    lines: dict[str, int] = {}
    if path is not None and path.is_file():
        coach, lines = load_yaml_with_lines(path)
        coach = coach or {}
        if not isinstance(coach, Mapping):
            raise ConfigError(
                [
                    ConfigProblem(
                        str(path),
                        1,
                        "",
                        "is not a mapping of settings",
                        "start with a line such as `timezone: Europe/Paris`",
                        code="settings_shape",
                    )
                ]
            )
    try:
        return Settings.model_validate(deep_merge(base, coach))
    except ValidationError as error:
        raise ConfigError(
            located_problems(
                error,
                str(path or "bot/config/defaults/cadre.yaml"),
                lines,
                unknown="a setting Cadre knows",
                model=Settings,
            )
        ) from None


def flows_directory(settings: Settings, config_dir: Path | None) -> Path:
    """`flows.directory` (default `../flows`), relative to the configuration folder: with
    `--config config`, `flows/` beside it. Kept relative when the folder was given relative,
    so problems name `flows/question.yaml` as they name `config/cadre.yaml`."""
    directory = Path(settings.flows.directory)
    if directory.is_absolute() or config_dir is None:
        return directory
    return Path(os.path.normpath(config_dir / directory))
