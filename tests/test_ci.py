"""CI runs exactly the README's test command: one line a newcomer can paste."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def readme_test_command() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("Run the checks and the tests") :]
    found = re.search(r"```sh\n(.+?)\n```", section, re.S)
    assert found is not None, "the README shows the test command in a sh block"
    return found.group(1)


def test_the_readme_test_command_is_one_line_running_every_check() -> None:
    command = readme_test_command()
    assert "\n" not in command
    steps = [step.strip() for step in command.split("&&")]
    assert steps[-4:] == [
        ".venv/bin/ruff check",
        ".venv/bin/ruff format --check",
        ".venv/bin/mypy",
        ".venv/bin/python -m pytest -q -n 2",
    ]
    assert '.venv/bin/pip install -q -e ".[dev]"' in steps


def test_ci_runs_exactly_the_readme_command() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = [line for line in script if line and not line.startswith(("#", "set ", "cd "))]
    assert commands == [readme_test_command()]


def test_mypy_covers_bot_and_tests() -> None:
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'files = ["bot", "tests"]' in pyproject and "strict = true" in pyproject
