"""CADRE_DATABASE_URL without the `postgres` extra: one line naming the pip command, in the
configured locale, never a ModuleNotFoundError traceback."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bot.cli import main


@pytest.mark.parametrize("command", [["db", "upgrade"], ["run"], ["purge"]])
def test_the_missing_extra_is_named_in_one_line(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    monkeypatch.setenv("CADRE_DATABASE_URL", "postgresql://cadre@127.0.0.1:1/cadre")
    monkeypatch.delenv("CADRE_DATA_KEY", raising=False)
    for module in [name for name in sys.modules if name.startswith(("psycopg", "bot.storage.postgres"))]:
        monkeypatch.delitem(sys.modules, module)
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if not installed: import raises
    code = main(["--config", str(project / "config"), "--data", str(project / "data"), *command])
    captured = capsys.readouterr()
    assert code == 2
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and 'pip install -e ".[postgres]"' in lines[0], captured.err
    assert "l'extra « postgres »" in lines[0] and "Traceback" not in captured.err
