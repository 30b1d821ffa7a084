"""Shared fixtures: no internet, a controllable clock, a repo-shaped config folder."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import pytest_asyncio
from hypothesis import HealthCheck, settings

from bot.config.i18n import Catalogue, load_catalogue
from bot.runtime.clock import ManualClock
from tests.fakes.graph_api import FakeGraphApi
from tests.fakes.smtp_server import Recorder, running_smtp
from tests.fakes.telegram_api import FakeTelegramApi

pytest_plugins = ["tests.pg"]

settings.register_profile(
    "cadre", deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.load_profile("cadre")
"""Property tests judge behaviour, not time: a loaded machine (CI's two cores) must not fail
them by a deadline or a "too slow" health check, which would be timed unit tests in disguise."""

REPO = Path(__file__).resolve().parent.parent
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection outside loopback fails loudly: tests are hermetic."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in ("localhost", "::1") or self.family == socket.AF_UNIX
        ):
            raise OSError(f"test tried to reach {host}: tests must not use the network")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded)


def paris(text: str) -> datetime:
    """'2026-11-21T20:00' as Paris wall-clock time."""
    return datetime.fromisoformat(text).replace(tzinfo=PARIS)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(paris("2026-11-23T10:00"))


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    """A copy of the repo's config/ and flows/ that a test may edit."""
    shutil.copytree(REPO / "config", tmp_path / "config")
    shutil.copytree(REPO / "flows", tmp_path / "flows")
    yield tmp_path


@pytest_asyncio.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegramApi]:
    """The loopback Bot API (tests/fakes/telegram_api.py), started for one test."""
    fake = FakeTelegramApi("123456:TEST-token")
    await fake.start()
    yield fake
    await fake.stop()


@pytest_asyncio.fixture
async def fake_graph() -> AsyncIterator[FakeGraphApi]:
    """The loopback Graph API (tests/fakes/graph_api.py), started for one test."""
    fake = FakeGraphApi()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
def smtp() -> Iterator[tuple[Recorder, int]]:
    """A local SMTP server on 127.0.0.1 and its port."""
    with running_smtp() as server:
        yield server


@pytest.fixture
async def graph() -> AsyncIterator[FakeGraphApi]:
    """The fake Graph API (WhatsApp Cloud) on 127.0.0.1."""
    fake = FakeGraphApi()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    """The shipped message catalogue (French default, English)."""
    return load_catalogue(None)


def run_cadre(
    project: Path, *args: str, stdin: str = "", env: Mapping[str, str] | None = None, timeout_s: float = 120
) -> subprocess.CompletedProcess[str]:
    """`cadre ARGS` in a real process on the project's config/ and data/, unencrypted
    unless `env` sets CADRE_DATA_KEY; `env` adds variables (e.g. CADRE_DATABASE_URL)."""
    variables = {
        **os.environ,
        "CADRE_CONFIG_DIR": str(project / "config"),
        "CADRE_DATA_DIR": str(project / "data"),
    }
    variables.pop("CADRE_DATA_KEY", None)
    variables.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        text=True,
        capture_output=True,
        env=variables,
        cwd=project,
        timeout=timeout_s,
        check=False,
    )
