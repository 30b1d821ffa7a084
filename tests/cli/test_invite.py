"""`cadre invite`: one invitation per alias, a warning for what looks like a real name, the
bot's username found by itself, and invitations that can be tried on the console."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app import load_setup
from bot.cli.commands.console import run_console
from bot.cli.commands.invite import run_invite
from bot.runtime.clock import ManualClock
from bot.storage import MemoryStore
from tests.conftest import paris
from tests.fakes.telegram_api import BOT_USERNAME, FakeTelegramApi


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("CADRE_TELEGRAM_BOT_USERNAME", "CADRE_TELEGRAM_TOKEN", "CADRE_TELEGRAM_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    yield


def invite(project: Path, store: MemoryStore, alias: str) -> tuple[int, str]:
    out = io.StringIO()
    code = asyncio.run(
        run_invite(
            load_setup(project / "config"),
            store,
            ManualClock(paris("2026-11-23T10:00")),
            alias=alias,
            mentor=None,
            stdout=out,
        )
    )
    return code, out.getvalue()


def test_the_same_alias_cannot_be_invited_twice(project: Path, clean_env: None) -> None:
    store = MemoryStore()
    assert invite(project, store, "C-1")[0] == 0
    code, out = invite(project, store, "c-1")
    assert code == 1
    assert "« C-1 » a déjà une invitation en cours" in out


def test_an_alias_that_looks_like_a_real_name_is_warned_about(project: Path, clean_env: None) -> None:
    code, out = invite(project, MemoryStore(), "Martine Dubois")
    assert code == 0
    assert "ressemble à un vrai nom" in out
    assert "ressemble" not in invite(project, MemoryStore(), "C-2")[1]


async def test_the_bots_username_comes_from_get_me_when_a_token_is_set(
    project: Path, clean_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = FakeTelegramApi()
    await api.start()
    try:
        monkeypatch.setenv("CADRE_TELEGRAM_TOKEN", api.token)
        monkeypatch.setenv("CADRE_TELEGRAM_BASE_URL", api.base_url)
        code, out = await asyncio.to_thread(invite, project, MemoryStore(), "C-3")
    finally:
        await api.stop()
    assert code == 0
    assert f"https://t.me/{BOT_USERNAME}?start=" in out


def test_an_invitation_can_be_tried_on_the_console(project: Path, clean_env: None) -> None:
    store = MemoryStore()
    _, out = invite(project, store, "C-4")
    code = next(line.split(" : ", 1)[1] for line in out.splitlines() if line.startswith("Code : "))
    screen = io.StringIO()
    asyncio.run(
        run_console(
            load_setup(project / "config"),
            store,
            ManualClock(paris("2026-11-23T10:00")),
            stdin=io.StringIO(f"bonjour\n/start {code}\n"),
            stdout=screen,
            is_interactive=False,
            data_dir=project / "data",
            is_encrypted=True,
            is_invited=True,
        )
    )
    said = screen.getvalue()
    assert "uniquement les personnes invitées" in said  # before the code
    assert "Acceptez-vous cette charte ?" in said  # after it
    assert [m.alias for m in asyncio.run(store.list_mentees())] == ["C-4"]


WHATSAPP = {
    "CADRE_WHATSAPP_TOKEN": "t",
    "CADRE_WHATSAPP_PHONE_NUMBER_ID": "1",
    "CADRE_WHATSAPP_APP_SECRET": "s",
    "CADRE_WHATSAPP_VERIFY_TOKEN": "v",
}


def invite_in(project: Path, env: dict[str, str]) -> str:
    out = io.StringIO()
    setup = load_setup(project / "config")
    clock = ManualClock(paris("2026-11-23T10:00"))
    code = asyncio.run(run_invite(setup, MemoryStore(), clock, alias="W-3", mentor=None, stdout=out, env=env))
    assert code == 0
    return out.getvalue()


def test_the_links_follow_the_channels_of_the_environment(project: Path) -> None:
    both = invite_in(
        project,
        {
            **WHATSAPP,
            "CADRE_TELEGRAM_TOKEN": "1:x",
            "CADRE_TELEGRAM_BOT_USERNAME": "cadre_bot",
            "CADRE_WHATSAPP_NUMBER": "+33612345678",
        },
    )
    assert "https://t.me/cadre_bot?start=" in both and "https://wa.me/33612345678?text=" in both
    assert "Console" not in both, "a firm on Telegram and WhatsApp is not sent to the console"
    unnumbered = invite_in(project, WHATSAPP)
    assert "https://wa.me" not in unnumbered and "CADRE_WHATSAPP_NUMBER" in unnumbered
    assert "Console" not in unnumbered
    alone = invite_in(project, {})
    assert "cadre console --invited" in alone and "WhatsApp" not in alone


async def test_through_the_admin_socket_the_services_environment_gives_the_same_lines(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.cli.main import operator_handler

    for name, value in {**WHATSAPP, "CADRE_WHATSAPP_NUMBER": "33612345678"}.items():
        monkeypatch.setenv(name, value)
    for name in ("CADRE_TELEGRAM_TOKEN", "CADRE_TELEGRAM_BOT_USERNAME"):
        monkeypatch.delenv(name, raising=False)
    setup = load_setup(project / "config")
    handle = operator_handler(setup, MemoryStore(), project / "data", ManualClock(paris("2026-11-23T10:00")))
    code, output = await handle(["invite", "--alias", "W-3"], "")
    assert code == 0
    assert "https://wa.me/33612345678?text=" in output and "Console" not in output
