"""Safe YAML loading that remembers where every key stands, for errors a coach can act on."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

import yaml
from pydantic import BaseModel
from pydantic_core import PydanticCustomError

from bot.errors import ConfigError, ConfigProblem

if TYPE_CHECKING:
    from pydantic import ValidationError


def problem(code: str, english: str, **params: object) -> PydanticCustomError:
    """A validation error a coach can read in their language: `code` names its wording in
    the catalogue (`cli.problem.<code>.what`/`.fix`), `english` ("<what>; write <fix>", with
    {params}) is used where no wording exists. A ValueError, for callers outside pydantic.
    `where` (a dotted path below the validated value) points at the value at fault when a
    check spans several, so the problem gets that value's line."""
    return PydanticCustomError(code, english, {k: str(v) for k, v in params.items()})


YAML_FIX = "check indentation, colons, quotes and brackets (each [ closed by ], each { by })"

#: Errors PyYAML finds past the place to fix: a bracket, a quote or a key left open is
#: only noticed where the next line starts (or at the end of the file).
_OPENED_EARLIER = (
    "while parsing a flow sequence",
    "while parsing a flow mapping",
    "while scanning a quoted scalar",
    "while scanning a simple key",
)


def _yaml_error_line(error: yaml.MarkedYAMLError, text: str) -> int | None:
    """The line to look at: where the unclosed bracket, quote or key opened when that is
    the trouble, else where PyYAML stopped; never past the file's last line."""
    mark = error.problem_mark
    if error.context in _OPENED_EARLIER and error.context_mark is not None:
        mark = error.context_mark
    if mark is None:
        return None
    return max(1, min(mark.line + 1, len(text.splitlines())))


def _tab_line(text: str) -> int | None:
    """The first line indented with a tab: the most common reason a coach's edit stops
    parsing, and the generic "check indentation" does not name it."""
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            return number
    return None


def _open_quote_line(text: str, error: yaml.MarkedYAMLError) -> int | None:
    """The first line, up to where PyYAML stopped, with an odd number of double quotes: a
    quote left open runs on to the next quote, lines below, and PyYAML stops there."""
    mark = error.problem_mark
    if mark is None:
        return None
    for number, line in enumerate(text.splitlines()[: mark.line + 1], start=1):
        code = line.replace('\\"', "")
        if code.lstrip().startswith("#"):
            continue
        if code.count('"') % 2 == 1:
            return number
    return None


def _date_or_text(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    """A date that cannot exist (2027-02-30) stays the text written, so validation reports
    it with its file and line instead of PyYAML raising with neither."""
    try:
        return loader.construct_yaml_timestamp(node)  # type: ignore[arg-type]
    except ValueError:
        return loader.construct_scalar(node)  # type: ignore[arg-type]


#: libyaml's parser, when PyYAML was built with it (its wheels are): the same documents,
#: about fifteen times faster, which was a third of Cadre's start-up with the shipped texts.
_FAST_SAFE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_FAST_SAFE):  # type: ignore[valid-type,misc]
    """How the coach's files are read: fast, impossible dates kept as written."""


class _ExplainingLoader(yaml.SafeLoader):
    """PyYAML's own parser, whose errors the reports below know how to place and word."""


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _date_or_text)
_ExplainingLoader.add_constructor("tag:yaml.org,2002:timestamp", _date_or_text)


def safe_yaml(text: str) -> Any:
    """`text` parsed as `yaml.safe_load` does, with libyaml when PyYAML has it: for the
    texts Cadre ships, whose mistakes are its own and need no line for a coach."""
    return yaml.load(text, Loader=_FAST_SAFE)


def lenient_yaml(text: str) -> Any:
    """`text` parsed as the coach's files are (impossible dates kept as text), for a reader
    that must not fail on the very mistake being reported."""
    return yaml.load(text, Loader=_LineLoader)


def _compose(text: str) -> yaml.Node | None:
    """The document's nodes. A file libyaml refuses is parsed again by PyYAML's own parser,
    whose errors name the problem and its place in the words the reports below expect."""
    try:
        return yaml.compose(text, Loader=_LineLoader)
    except yaml.YAMLError:
        if _FAST_SAFE is yaml.SafeLoader:
            raise
        return yaml.compose(text, Loader=_ExplainingLoader)


def load_yaml_with_lines(path: Path) -> tuple[Any, dict[str, int]]:
    """Parse `path` safely; return the data and {dotted.path: line (1-based)}.

    List elements are addressed by index: `closures.0.from`.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(
            [ConfigProblem(str(path), None, "", "is not UTF-8 text", "save the file as UTF-8", code="utf8")]
        ) from None
    except OSError as error:
        raise ConfigError(
            [
                ConfigProblem(
                    str(path),
                    None,
                    "",
                    f"cannot be read ({error.strerror})",
                    "check the path and permissions",
                    code="unreadable",
                    params=(("reason", str(error.strerror)),),
                )
            ]
        ) from None
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as error:
        tab, quote = _tab_line(text), _open_quote_line(text, error)
        if quote is not None and tab is None:
            raise ConfigError(
                [
                    ConfigProblem(
                        str(path),
                        quote,
                        "",
                        "has a double quote that is not closed on its line",
                        'close it before the end of the line: "…"',
                        code="yaml_quote",
                    )
                ]
            ) from None
        if tab is not None:
            raise ConfigError(
                [
                    ConfigProblem(
                        str(path),
                        tab,
                        "",
                        "a tab is used for indentation, which YAML does not accept",
                        "indent with spaces only (replace the tab by two spaces)",
                        code="yaml_tab",
                    )
                ]
            ) from None
        raise ConfigError(
            [
                ConfigProblem(
                    str(path),
                    _yaml_error_line(error, text),
                    "",
                    f"is not valid YAML ({error.problem})",
                    YAML_FIX,
                    code="yaml",
                )
            ]
        ) from None
    except yaml.YAMLError as error:
        raise ConfigError(
            [
                ConfigProblem(
                    str(path),
                    None,
                    "",
                    f"is not valid YAML ({error})",
                    YAML_FIX,
                    code="yaml",
                )
            ]
        ) from None
    lines: dict[str, int] = {}
    if node is not None:
        duplicates = _duplicate_keys(node, "", str(path))
        if duplicates:
            raise ConfigError(duplicates)
        _collect_lines(node, "", lines)
    data = yaml.load(text, Loader=_LineLoader) if node is not None else None
    return data, lines


def _duplicate_keys(node: yaml.Node, prefix: str, path: str) -> list[ConfigProblem]:
    """A key written twice in one mapping: YAML keeps the last silently, so a second
    `screening:` block would wipe the first's settings and the check still pass."""
    problems: list[ConfigProblem] = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            name = str(key_node.value)
            key = f"{prefix}{name}"
            line = key_node.start_mark.line + 1
            if name in seen and name != "<<":
                problems.append(
                    ConfigProblem(
                        path,
                        line,
                        key,
                        f"is written twice (first on line {seen[name]}): only the last would count",
                        "merge the two into one and remove the other",
                        code="duplicate_key",
                        params=(("first", str(seen[name])),),
                    )
                )
            else:
                seen.setdefault(name, line)
            problems.extend(_duplicate_keys(value_node, f"{key}.", path))
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            problems.extend(_duplicate_keys(child, f"{prefix}{index}.", path))
    return problems


def _collect_lines(node: yaml.Node, prefix: str, lines: dict[str, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = f"{prefix}{key_node.value}"
            lines[key] = key_node.start_mark.line + 1
            _collect_lines(value_node, f"{key}.", lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            key = f"{prefix}{index}"
            lines.setdefault(key, child.start_mark.line + 1)
            _collect_lines(child, f"{key}.", lines)


def line_of(lines: dict[str, int], dotted: str) -> int | None:
    """The line of `dotted`, or of its nearest ancestor that has one."""
    parts = dotted.split(".")
    while parts:
        found = lines.get(".".join(parts))
        if found is not None:
            return found
        parts.pop()
    return None


def nearest(word: str, known: list[str]) -> str | None:
    """The known word `word` is most likely a misspelling of, if any is close."""
    found = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return found[0] if found else None


def _models_in(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in get_args(annotation) for model in _models_in(arg)]


def _keys_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The keys the model accepts at `loc` (list positions skipped); [] when unknown."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return []
        if isinstance(part, int):
            continue
        fields = {field.alias or name: field for name, field in current.model_fields.items()}
        field = fields.get(part)
        models = _models_in(field.annotation) if field is not None else []
        current = models[0] if len(models) == 1 else None
    if current is None:
        return []
    return [field.alias or name for name, field in current.model_fields.items()]


#: Pydantic's ways of saying a value is no date.
_DATE_ERRORS = ("date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact")


def located_problems(
    error: ValidationError,
    path: str,
    lines: dict[str, int],
    *,
    unknown: str,
    model: type[BaseModel] | None = None,
) -> list[ConfigProblem]:
    """Pydantic's errors as problems a coach can act on: file, line, what, what to write.

    Validators phrase their messages "<what is wrong>; write <the fix>"; `unknown` says what
    an unexpected key is not (e.g. "a setting Cadre knows"); with the validated `model`, an
    unexpected key close to a known one is answered with that one ("did you mean …").
    """
    problems = []
    for detail in error.errors():
        dotted = ".".join(str(p) for p in detail["loc"])
        message = str(detail["msg"]).removeprefix("Value error, ")
        fix = ""
        code = detail["type"]
        context = detail.get("ctx") or {}
        params = tuple((str(k), str(v)) for k, v in context.items() if k not in ("error", "where"))
        if "where" in context:
            # A check over several values (a model validator) names the one at fault.
            dotted = ".".join(part for part in (dotted, str(context["where"])) if part)
        if detail["type"] == "extra_forbidden":
            message, fix = f"is not {unknown}", "remove it or check its spelling"
            *parent, key = detail["loc"]
            known = _keys_at(model, tuple(parent)) if model is not None else []
            suggestion = nearest(str(key), known)
            if suggestion is not None:
                fix = f"did you mean `{suggestion}`? Otherwise remove it"
                code = "extra_forbidden_near"
                params += (("suggestion", suggestion),)
        elif detail["type"] == "missing":
            fix = "add it"
        elif code in _DATE_ERRORS:
            written = str(detail.get("input", ""))
            if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", written):
                code = "date_impossible"
                message = f"'{written}' is not a day of the calendar"
                fix = "check the month (1 to 12) and the day (e.g. February has 28 or 29)"
            else:
                message, fix = f"'{written}' is not a date", "write the year first, e.g. 2026-12-24"
        elif code == "string_type":
            message, fix = "is not a text", "write it between quotes"
        elif "; write" in message:
            message, _, fix = message.partition("; ")
        if "input" in detail and not isinstance(detail["input"], dict | list):
            params += (("input", str(detail["input"])),)
        problems.append(
            ConfigProblem(path, line_of(lines, dotted), dotted, message, fix, code=code, params=params)
        )
    return problems
