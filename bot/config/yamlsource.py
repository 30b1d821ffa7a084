"""Safe YAML loading that remembers where every key stands, for errors a coach can act on."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from bot.errors import ConfigError, ConfigProblem

if TYPE_CHECKING:
    from pydantic import ValidationError


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records the line of each mapping key, by dotted path."""


def load_yaml_with_lines(path: Path) -> tuple[Any, dict[str, int]]:
    """Parse `path` safely; return the data and {dotted.path: line (1-based)}.

    List elements are addressed by index: `closures.0.from`.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(
            [ConfigProblem(str(path), None, "", "is not UTF-8 text", "save the file as UTF-8")]
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
                )
            ]
        ) from None
    try:
        node = yaml.compose(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(
            [
                ConfigProblem(
                    str(path),
                    line,
                    "",
                    f"is not valid YAML ({error.problem})",
                    "check indentation, colons and quotes",
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
                    "check indentation, colons and quotes",
                )
            ]
        ) from None
    lines: dict[str, int] = {}
    if node is not None:
        _collect_lines(node, "", lines)
    data = yaml.load(text, Loader=_LineLoader) if node is not None else None
    return data, lines


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


def located_problems(
    error: ValidationError, path: str, lines: dict[str, int], *, unknown: str
) -> list[ConfigProblem]:
    """Pydantic's errors as problems a coach can act on: file, line, what, what to write.

    Validators phrase their messages "<what is wrong>; write <the fix>"; `unknown` says what
    an unexpected key is not (e.g. "a setting Cadre knows").
    """
    problems = []
    for detail in error.errors():
        dotted = ".".join(str(p) for p in detail["loc"])
        message = str(detail["msg"]).removeprefix("Value error, ")
        fix = ""
        if detail["type"] == "extra_forbidden":
            message, fix = f"is not {unknown}", "remove it or check its spelling"
        elif detail["type"] == "missing":
            fix = "add it"
        elif "; write" in message:
            message, _, fix = message.partition("; ")
        problems.append(ConfigProblem(path, line_of(lines, dotted), dotted, message, fix))
    return problems
