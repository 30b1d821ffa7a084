"""The CLI is one registry: every command names its handler where it registers, and the
operator / read-only sets are derived from those registrations."""

from __future__ import annotations

import argparse
import ast
import importlib
import io
from contextlib import redirect_stdout
from pathlib import Path

import pytest

cli_main = importlib.import_module("bot.cli.main")  # the module (bot.cli.main is also its function's name)

MAIN = Path(str(cli_main.__file__))


def test_every_command_and_action_has_a_handler() -> None:
    def without_handler(parser: argparse.ArgumentParser, path: str, inherited: object) -> list[str]:
        handler = parser.get_default("handler") or inherited
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            return [] if callable(handler) else [path]
        return [
            m
            for name, child in subs[0].choices.items()
            for m in without_handler(child, f"{path} {name}", handler)
        ]

    missing = [m for name, p in cli_main._commands().items() for m in without_handler(p, name, None)]
    assert missing == []


def test_operator_and_read_only_sets_come_from_the_registrations() -> None:
    assert {
        "invite",
        "export",
        "erase",
        "hold",
        "audit",
        "purge",
        "digest",
        "outbox",
        "review",
        "programme",
        "report",
    } == cli_main.OPERATOR_COMMANDS
    assert {"digest", "outbox"} == cli_main.READ_ONLY_COMMANDS
    assert cli_main.READ_ONLY_COMMANDS <= cli_main.OPERATOR_COMMANDS
    assert {"console"} == cli_main._CONVERSATIONS


def test_main_dispatches_without_an_if_chain_on_command_names() -> None:
    tree = ast.parse(MAIN.read_text(encoding="utf-8"))
    compared = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Compare)
        and isinstance(node.left, ast.Name | ast.Attribute)
        and "command" in ast.unparse(node.left)
        and any(isinstance(c, ast.Constant) and isinstance(c.value, str) for c in node.comparators)
    ]
    assert [ast.unparse(n) for n in compared] == []


def test_every_command_module_registers_itself() -> None:
    commands = MAIN.parent / "commands"
    registering = {p.stem for p in commands.glob("*.py") if "def register(" in p.read_text(encoding="utf-8")}
    assert registering == {m.__name__.rsplit(".", 1)[1] for m in cli_main.COMMANDS}


def test_an_operator_command_refuses_others_on_the_admin_socket() -> None:
    with pytest.raises(SystemExit):
        cli_main.parse_operator_command(["console"])
    assert cli_main.parse_operator_command(["outbox", "--all"]).all is True


def test_help_lists_every_command() -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli_main.main([]) == 0
    assert all(f"    {name}" in out.getvalue() for name in cli_main._commands())
