"""Flow definitions from the coach's YAML, validated against an allow-list of checks.

A flow is data: its steps become the states of one `transitions` machine built at start-up.
Check names map to code here; nothing from YAML is ever imported or resolved as a dotted
path (transitions would import such a string).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.config.i18n import Catalogue
from bot.config.yamlsource import line_of, load_yaml_with_lines, located_problems, problem
from bot.domain import Item
from bot.errors import ConfigError, ConfigProblem

REVIEW = "review"
SENT = "sent"
CANCELLED = "cancelled"
RESERVED_STATES = (REVIEW, SENT, CANCELLED)
_KEY_LIKE = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
#: A {name} in a text a flow writes itself: shown as typed, since nothing fills it.
_PLACEHOLDER = re.compile(r"\{([^{}\s]*)\}")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class VagueNudge(_Model):
    """Phrases that make an answer too vague to act on, and the hint that helps rephrase."""

    phrases: tuple[str, ...] = Field(min_length=1)
    hint: str


class Check(_Model):
    """One check from the allow-list; exactly one field is set."""

    kind: Literal["not_empty", "min_length", "max_length", "not_only_question_word", "vague"]
    length: int | None = None
    nudge: VagueNudge | None = None


CHECK_NAMES = ("not_empty", "min_length", "max_length", "not_only_question_word", "vague")
_KNOWN = ", ".join(CHECK_NAMES)


def _parse_check(raw: object) -> Check:
    if isinstance(raw, str):
        if raw in ("not_empty", "not_only_question_word"):
            return Check(kind=raw)  # type: ignore[arg-type]
        raise problem(
            "check_unknown", "'{value}' is not a check; write one of {known}", value=raw, known=_KNOWN
        )
    if isinstance(raw, Mapping) and len(raw) == 1:
        name, value = next(iter(raw.items()))
        if name in ("min_length", "max_length"):
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise problem("check_number", "{name} needs a whole number; write `{name}: 20`", name=name)
            return Check(kind=name, length=value)
        if name == "vague":
            if not isinstance(value, Mapping):
                raise problem(
                    "check_vague",
                    'vague needs phrases and a hint; write `vague: {phrases: ["…"], hint: "…"}`',
                )
            return Check(kind="vague", nudge=VagueNudge.model_validate(value))
        raise problem(
            "check_unknown", "'{value}' is not a check; write one of {known}", value=name, known=_KNOWN
        )
    raise problem(
        "check_shape", "a check is a name or a name with a value; write one of {known}", known=_KNOWN
    )


class StepChoice(_Model):
    value: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_-]+$")
    label: str


Role = Literal["question", "theme"]
"""What a step means to the rest of Cadre: `question` is the one sentence the thread view and
the mentor's answer quote; `theme` (a step with choices) sorts the digest. Any step may
carry one; each role at most once per flow."""


class Step(_Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    prompt: str
    label: str
    checks: tuple[Check, ...] = ()
    choices: tuple[StepChoice, ...] = ()
    role: Role | None = None

    @field_validator("checks", mode="before")
    @classmethod
    def _checks(cls, value: object) -> tuple[Check, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise problem(
                "checks_list", "checks must be a list; write `checks: [not_empty, {min_length: 20}]`"
            )
        return tuple(_parse_check(v) for v in value)

    @field_validator("id")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value in RESERVED_STATES:
            raise problem("step_reserved", "'{value}' is reserved; write another step id", value=value)
        return value


class FlowSpec(_Model):
    """One guided flow: ordered steps, then a review (send / change a step / cancel)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    intro: str = ""
    steps: tuple[Step, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_steps(self) -> FlowSpec:
        ids = [s.id for s in self.steps]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise problem(
                "step_twice",
                "step ids {ids} appear twice; give each step its own id",
                ids=", ".join(duplicates),
            )
        roles = [s.role for s in self.steps if s.role is not None]
        twice = sorted({r for r in roles if roles.count(r) > 1})
        if twice:
            raise problem(
                "role_twice", "role '{value}' is given to two steps; keep it on one step", value=twice[0]
            )
        theme = self.role_step("theme")
        if theme is not None and not theme.choices:
            raise problem(
                "theme_choices",
                "step '{value}' has role theme but no choices; add its choices",
                value=theme.id,
            )
        return self

    def role_step(self, role: Role) -> Step | None:
        """The step that plays this role, if the coach gave it to one."""
        return next((s for s in self.steps if s.role == role), None)

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def step_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.steps)

    def writing_steps(self) -> tuple[Step, ...]:
        """The steps the person writes, numbered "1/4 …" and counted by the intro: every
        step but the theme, a choice that sorts the digest rather than a part of the question."""
        return tuple(s for s in self.steps if s.role != "theme")

    def number_of(self, step_id: str) -> int | None:
        """The 1-based place of a writing step among `writing_steps`; None for the theme."""
        ids = [s.id for s in self.writing_steps()]
        return ids.index(step_id) + 1 if step_id in ids else None


def question_of(item: Item, flow: FlowSpec | None) -> str | None:
    """The item's answer to its flow's `question` step; None when the flow has none."""
    step = flow.role_step("question") if flow is not None else None
    if step is None:
        return None
    return next((a.text for a in item.answers if a.step == step.id), None)


def text_refs(flow: FlowSpec) -> list[tuple[str, str]]:
    """Every (dotted location, value) that may name a catalogue key."""
    refs = [("title", flow.title), ("intro", flow.intro)]
    for index, step in enumerate(flow.steps):
        refs += [(f"steps.{index}.prompt", step.prompt), (f"steps.{index}.label", step.label)]
        for c_index, check in enumerate(step.checks):
            if check.nudge is not None:
                refs.append((f"steps.{index}.checks.{c_index}.vague.hint", check.nudge.hint))
        for c_index, choice in enumerate(step.choices):
            refs.append((f"steps.{index}.choices.{c_index}.label", choice.label))
    return [(where, value) for where, value in refs if value]


def load_flow_file(path: Path, catalogue: Catalogue | None = None) -> FlowSpec:
    data, lines = load_yaml_with_lines(path)
    if not isinstance(data, Mapping):
        raise ConfigError(
            [
                ConfigProblem(
                    str(path),
                    1,
                    "",
                    "is not a flow definition",
                    "start with `id: question`, then title and steps",
                    code="flow_shape",
                )
            ]
        )
    twice = _repeated_step_ids(data, str(path), lines)
    try:
        flow = FlowSpec.model_validate(data)
    except ValidationError as error:
        located = located_problems(error, str(path), lines, unknown="a field of a flow", model=FlowSpec)
        # The model's own duplicate check names no line; the located one replaces it.
        others = [p for p in located if not (twice and p.code == "step_twice")]
        raise ConfigError(twice + others) from None
    problems: list[ConfigProblem] = []
    for where, value in text_refs(flow):
        if _KEY_LIKE.match(value):
            if catalogue is not None and not catalogue.has(value):
                problems.append(
                    ConfigProblem(
                        str(path),
                        line_of(lines, where),
                        where,
                        f"'{value}' looks like a message key but no such key exists",
                        "check the key in bot/config/defaults/messages, or write the text itself",
                        code="flow_key",
                        params=(("value", value),),
                    )
                )
            continue
        named = sorted(set(_PLACEHOLDER.findall(value)))
        if named:
            names = ", ".join("{" + name + "}" for name in named)
            problems.append(
                ConfigProblem(
                    str(path),
                    line_of(lines, where),
                    where,
                    f"uses the placeholder {names}, but a text written in a flow has none",
                    "remove it, or name a message key that fills it",
                    code="flow_placeholder",
                    params=(("names", names),),
                )
            )
    if problems:
        raise ConfigError(problems)
    return flow


def _repeated_step_ids(data: Mapping[str, object], path: str, lines: dict[str, int]) -> list[ConfigProblem]:
    """A step id used again, located at the step that repeats it."""
    steps = data.get("steps")
    seen: set[str] = set()
    problems = []
    for index, step in enumerate(steps if isinstance(steps, list) else []):
        step_id = step.get("id") if isinstance(step, Mapping) else None
        if not isinstance(step_id, str):
            continue
        if step_id in seen:
            where = f"steps.{index}.id"
            problems.append(
                ConfigProblem(
                    path,
                    line_of(lines, where),
                    where,
                    f"the step id '{step_id}' is already used by an earlier step",
                    "give each step its own id",
                    code="step_repeated",
                    params=(("value", step_id),),
                )
            )
        seen.add(step_id)
    return problems


def shipped_flow_files() -> list[Path]:
    folder = resources.files("bot.config").joinpath("defaults", "flows")
    return sorted(Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".yaml"))


def load_flows(directory: Path | None, catalogue: Catalogue | None = None) -> dict[str, FlowSpec]:
    """The coach's flows (every `*.yaml` in `directory`), or the shipped ones if none.

    All problems of all files are collected before raising, so `cadre flows check` reports
    everything in one run.
    """
    files = sorted(directory.glob("*.yaml")) if directory and directory.is_dir() else []
    if not files:
        files = shipped_flow_files()
    flows: dict[str, FlowSpec] = {}
    problems: list[ConfigProblem] = []
    for path in files:
        try:
            flow = load_flow_file(path, catalogue)
        except ConfigError as error:
            problems.extend(error.problems)
            continue
        if flow.id in flows:
            problems.append(
                ConfigProblem(
                    str(path),
                    1,
                    "id",
                    f"flow id '{flow.id}' is used twice",
                    "give each flow file its own id",
                    code="flow_twice",
                    params=(("value", flow.id),),
                )
            )
            continue
        flows[flow.id] = flow
    if problems:
        raise ConfigError(problems)
    return flows
