"""Read-only commands work while a console or `cadre run` holds the data folder."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli import main
from bot.errors import StoreError
from bot.storage import TinyStore


@pytest.mark.parametrize(
    "command",
    [
        ["digest", "--preview", "--at", "2026-11-23T08:00"],
        ["outbox"],
        ["audit"],
        ["hours", "--at", "2026-11-23T08:00"],
    ],
)
def test_read_only_commands_do_not_need_the_writers_lock(
    project: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    data = project / "data"
    base = ["--config", str(project / "config"), "--data", str(data)]
    with TinyStore(data):  # the console, holding the folder
        code = main([*base, *command])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "already in use" not in captured.err


def test_a_read_only_store_refuses_to_write(project: Path) -> None:
    from bot.domain import UserRef

    with TinyStore(project / "data"):
        reader = TinyStore(project / "data", read_only=True)
        assert asyncio.run(reader.get_mentee(UserRef("console", "local"))) is None
        with pytest.raises(StoreError, match="read-only"):
            asyncio.run(reader.set_identity_link("x", "y"))
        reader.release()


def test_a_writer_told_the_folder_is_busy_is_told_in_the_coachs_language(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = project / "data"
    with TinyStore(data):
        code = main(["--config", str(project / "config"), "--data", str(data), "invite", "--alias", "C-9"])
    err = capsys.readouterr().err
    assert code == 3
    assert "déjà utilisé par un autre processus cadre" in err
    assert "already in use" not in err
