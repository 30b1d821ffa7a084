"""`cadre config check` and how configuration problems are shown to a coach.

A problem's English wording lives with the code that finds it (exceptions stay English);
the coach reads it in the configured language: `cli.problem.<code>` in the catalogue
words it, with the values the problem names ("« 24/12/2026 » n'est pas une date"). A
problem without a wording in that language is shown in English rather than hidden.

Beyond errors, the check warns about choices Cadre accepts but a coach rarely means: a
maximum length below the minimum, digest times outside every window, overlapping ranges,
a week without any reading hours, no mentor.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from datetime import time
from pathlib import Path
from typing import TextIO

import yaml
from babel.dates import get_day_names
from babel.lists import format_list

from bot.app import Setup, load_setup
from bot.config.i18n import Catalogue, load_catalogue
from bot.config.settings import WEEKDAYS
from bot.config.yamlsource import lenient_yaml
from bot.errors import ConfigError, ConfigProblem
from bot.schedule.phrasing import format_clock

#: The language the problems' own wording is written in.
SOURCE_LOCALE = "en"


def coach_locale(config_dir: Path) -> str:
    """The locale the coach configured, read leniently: the file may be the broken one."""
    try:
        data = lenient_yaml((config_dir / "cadre.yaml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError):
        return "fr"
    locale = data.get("locale") if isinstance(data, dict) else None
    return locale if locale in ("fr", "en") else "fr"


def problem_catalogue(config_dir: Path) -> Catalogue:
    """The coach's catalogue when it loads, else the shipped one (it may be what is wrong)."""
    try:
        return load_catalogue(config_dir / "messages")
    except ConfigError:
        return load_catalogue(None)


def render_problem(problem: ConfigProblem, catalogue: Catalogue, locale: str) -> str:
    position = f"{problem.file}:{problem.line}" if problem.line else problem.file
    where = f" {problem.place}:" if problem.where else ""
    what, fix = problem.what, problem.fix
    if catalogue.resolve_locale(locale) != SOURCE_LOCALE and problem.code:
        last = problem.where.rsplit(".", 1)[-1]
        for key in (f"cli.problem.{problem.code}_{last}", f"cli.problem.{problem.code}"):
            if catalogue.has(f"{key}.what", locale):
                params = dict(problem.params)
                if problem.code == "literal_error" and "expected" in params:
                    params["expected"] = _alternatives(params["expected"], catalogue, locale)
                if "kinds" in params:
                    params["kinds"] = _kinds(params["kinds"], catalogue, locale)
                what = catalogue.text(f"{key}.what", locale, **params)
                fix = catalogue.text(f"{key}.fix", locale, **params) if catalogue.has(f"{key}.fix") else ""
                break
    separator = catalogue.text("cli.problem_fix_separator", locale)
    return f"{position}:{where} {what}{separator + fix if fix else ''}"


def _alternatives(expected: str, catalogue: Catalogue, locale: str) -> str:
    """Pydantic's "'fr' or 'en'" as the locale writes a choice: « fr » ou « en »."""
    options = re.findall(r"'((?:[^'\\]|\\.)*)'", expected)
    if not options:
        return expected
    quoted = [catalogue.text("cli.problem_value", locale, value=option) for option in options]
    return format_list(quoted, style="or", locale=catalogue.resolve_locale(locale))


def _kinds(kinds: str, catalogue: Catalogue, locale: str) -> str:
    """Screening's kinds ("person,email") as the locale names them: nom de personne, adresse e-mail."""
    named = [catalogue.text(f"screening.kind.{kind}", locale) for kind in kinds.split(",") if kind]
    return format_list(named, locale=catalogue.resolve_locale(locale)) if named else kinds


def in_file_order(problems: list[ConfigProblem]) -> list[ConfigProblem]:
    """Each file's problems from its top to its bottom (files in the order first met), so
    the coach fixes them going down the file; a problem without a line comes first."""
    files = list(dict.fromkeys(problem.file for problem in problems))
    return sorted(problems, key=lambda p: (files.index(p.file), p.line or 0))


def report_problems(error: ConfigError, config_dir: Path, stderr: TextIO) -> None:
    catalogue = problem_catalogue(config_dir)
    locale = coach_locale(config_dir)
    stderr.write(catalogue.text("cli.problems", locale, count=len(error.problems)) + "\n")
    for problem in in_file_order(error.problems):
        stderr.write(f"  {render_problem(problem, catalogue, locale)}\n")


def is_missing(config_dir: Path, stderr: TextIO) -> bool:
    """Says so when the configuration folder does not exist: a check would otherwise pass
    on the shipped defaults and the coach believe their folder was read."""
    if config_dir.is_dir():
        return False
    catalogue = load_catalogue(None)
    stderr.write(catalogue.text("cli.config_missing", coach_locale(config_dir), path=str(config_dir)) + "\n")
    return True


def run_config_check(config_dir: Path, *, stdout: TextIO, stderr: TextIO) -> int:
    """Exit 0 when the configuration loads (warnings included), 1 with every problem."""
    if is_missing(config_dir, stderr):
        return 1
    setup = load_setup(config_dir)
    locale = setup.settings.locale
    stdout.write(setup.catalogue.text("cli.config_ok", locale, path=str(config_dir)) + "\n")
    for warning in config_warnings(setup):
        stdout.write(f"  {setup.catalogue.text('cli.warning.prefix', locale)}{warning}\n")
    return 0


def config_warnings(setup: Setup) -> list[str]:
    """Accepted, but probably not meant."""
    settings, catalogue = setup.settings, setup.catalogue
    locale = settings.locale
    warnings: list[str] = []
    for flow in setup.flows.values():
        for step in flow.steps:
            lengths = {check.kind: check.length for check in step.checks if check.length is not None}
            smallest, largest = lengths.get("min_length"), lengths.get("max_length")
            if smallest is not None and largest is not None and largest < smallest:
                warnings.append(
                    catalogue.text(
                        "cli.warning.lengths",
                        locale,
                        flow=flow.id,
                        step=step.id,
                        maximum=largest,
                        minimum=smallest,
                    )
                )
    names = get_day_names("wide", locale=locale)
    ranges_by_day = [settings.hours.get(day, ()) for day in WEEKDAYS]
    for index, ranges in enumerate(ranges_by_day):
        if _overlap(ranges):
            warnings.append(catalogue.text("cli.warning.overlap", locale, day=names[index]))
    if not any(ranges_by_day):
        warnings.append(catalogue.text("cli.warning.no_hours", locale))
    else:
        for extra in settings.digest.extra_times:
            if not any(start <= extra < end for ranges in ranges_by_day for start, end in ranges):
                warnings.append(
                    catalogue.text("cli.warning.digest_time", locale, time=format_clock(extra, locale))
                )
    if not settings.mentors:
        warnings.append(catalogue.text("cli.warning.no_mentor", locale))
    return warnings


def _overlap(ranges: Sequence[tuple[time, time]]) -> bool:
    ordered = sorted(ranges)
    return any(later[0] < earlier[1] for earlier, later in itertools.pairwise(ordered))
