"""Operator commands while `cadre run` holds the data folder, through its admin socket.

The service runs in this loop (WhatsApp against the fake Graph API, a TinyStore holding the
folder's lock); the CLI runs in a thread exactly as an operator would type it. Before the
socket, each of these exited 3 "already in use".
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import stat
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest

from bot.app import load_setup
from bot.cli.main import main, operator_handler
from bot.domain import Consent, Mentee, UserRef
from bot.privacy.audit import ERASED, HOLD_RELEASED, HOLD_SET, OPERATOR
from bot.runtime import admin
from bot.runtime.clock import ManualClock
from bot.runtime.environment import RunEnvironment
from bot.runtime.service import run_service
from bot.storage import TinyStore
from tests.conftest import paris
from tests.fakes.graph_api import PHONE_NUMBER_ID, TOKEN, FakeGraphApi


@dataclass
class Running:
    config: Path
    data: Path
    store: TinyStore

    async def cadre(self, *argv: str, stdin: str = "") -> tuple[int, str]:
        """`cadre --config C --data D argv...` in a thread, its exit code and stdout."""

        def call() -> tuple[int, str]:
            out = io.StringIO()
            with contextlib.redirect_stdout(out), mock.patch("sys.stdin", io.StringIO(stdin)):
                code = main(["--config", str(self.config), "--data", str(self.data), *argv])
            return code, out.getvalue()

        return await asyncio.to_thread(call)


@pytest.fixture
async def running(project: Path, tmp_path: Path) -> AsyncIterator[Running]:
    graph = FakeGraphApi()
    await graph.start()
    data = tmp_path / "data"
    store = TinyStore(data)
    setup = load_setup(project / "config")
    clock = ManualClock(paris("2026-11-23T10:00"))
    at = clock.now()
    await store.save_mentee(
        Mentee(
            UserRef("whatsapp", "33655555555"),
            "A-1",
            "mentor",
            "fr",
            at,
            Consent(setup.settings.charter.version, at),
        )
    )
    env = RunEnvironment(
        http_port=0,
        whatsapp_token=TOKEN,
        whatsapp_phone_number_id=PHONE_NUMBER_ID,
        whatsapp_app_secret="s",
        whatsapp_verify_token="v",
        whatsapp_api_base_url=graph.base_url,
    )
    stop = asyncio.Event()
    handler = operator_handler(setup, store, data, clock)
    service = asyncio.create_task(
        run_service(setup, store, clock, env, stdout=io.StringIO(), stop=stop, admin=(data, handler))
    )
    for _ in range(12000):  # the service loads the language model first: seconds on a busy machine
        if admin.socket_path(data).exists() or service.done():
            break
        await asyncio.sleep(0.01)
    assert admin.socket_path(data).exists(), "the service never opened its admin socket"
    yield Running(project / "config", data, store)
    stop.set()
    await service
    await store.close()
    await graph.stop()


async def test_operator_commands_work_while_the_service_runs(running: Running) -> None:
    code, out = await running.cadre("invite", "--alias", "B-2")
    assert code == 0, out
    assert "Code" in out
    code, out = await running.cadre("outbox")
    assert code == 0
    code, out = await running.cadre("hold", "--alias", "A-1")
    assert code == 0, out
    code, out = await running.cadre("hold", "--alias", "A-1", "--release")
    assert code == 0, out
    code, out = await running.cadre("erase", "--alias", "A-1", "--yes")
    assert code == 0, out
    assert await running.store.get_mentee(UserRef("whatsapp", "33655555555")) is None
    code, out = await running.cadre("audit")
    assert code == 0 and "A-1" in out, "the same audit trail as from the command line"
    actions = [(e.actor, e.action, e.subject) for e in await running.store.audit_events()]
    for action in (HOLD_SET, HOLD_RELEASED, ERASED):
        assert (OPERATOR, action, "A-1") in actions, actions
    code, out = await running.cadre("digest", "--preview")
    assert code == 0, out


async def test_export_writes_its_files_while_the_service_runs(running: Running, tmp_path: Path) -> None:
    code, out = await running.cadre("export", "--alias", "A-1", "--out", str(tmp_path / "exports"))
    assert code == 0, out
    assert list((tmp_path / "exports").iterdir())


async def test_the_socket_is_private_to_the_folder_owner(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    mode = stat.S_IMODE(admin.socket_path(running.data).stat().st_mode)
    assert mode == 0o600
    monkeypatch.setattr(admin, "_peer_uid", lambda sock: 4242)
    code, out = await running.cadre("invite", "--alias", "C-3")
    assert code == 77 and "owner" in out


async def test_a_command_that_is_not_an_operator_command_is_refused(running: Running) -> None:
    answer = await asyncio.to_thread(admin.call_admin, running.data, ["run"])
    assert answer is not None and answer[0] == 2


def test_without_a_service_the_cli_opens_the_folder_itself(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    TinyStore(data).release()
    (data / admin.SOCKET_NAME).write_bytes(b"")  # left by a process that died
    assert main(["--config", str(project / "config"), "--data", str(data), "invite", "--alias", "D-4"]) == 0
    assert "Code" in capsys.readouterr().out
    with TinyStore(data) as store:  # the CLI opened the folder itself, and released it
        assert store.root == data


async def test_a_closing_review_is_sent_while_the_service_runs(running: Running) -> None:
    """`cadre review --send` through the socket: the mentee's copy waits in the outbox the
    service drains, the mentor (on the console here) gets the files written and named."""
    from datetime import date

    from bot.journey.programme import Programme, Session
    from bot.storage.tiny.journey import TinyJourneyStore

    programme = Programme(
        "A-1", date(2026, 9, 1), date(2026, 11, 20), (Session(1, paris("2026-10-05T14:00")),), (), "s"
    )
    await TinyJourneyStore(running.data).save_programme(programme)
    code, out = await running.cadre("review", "--alias", "A-1", "--send")
    assert code == 0, out
    assert "[→ mentor] Bilan de l'accompagnement de A-1" in out
    assert out.rstrip().endswith(
        "message sur whatsapp pour la personne accompagnée, message sur console pour le mentor."
    )
    keys = sorted(e.outbound.key for e in await running.store.list_outbox())
    mentee_keys = [k for k in keys if k.startswith("journey:review:A-1:mentee:")]
    assert len(mentee_keys) == 3 and sum(k.endswith((".png", ".pdf")) for k in mentee_keys) == 2
    assert not [k for k in keys if k.startswith("journey:review:A-1:mentor:")]  # the console had it


async def test_programmes_and_reports_are_worked_on_while_the_service_runs(
    running: Running, tmp_path: Path
) -> None:
    """`cadre programme load|show|note` and `cadre report draft|revise|send|release` used to
    exit "already in use" while the service held the folder; the text of a draft or a
    note is read on the operator's side (stdin or --file) and travels with the command."""
    from bot.runtime.journey_desk import PROGRAMME_DECLARED, REPORT_DRAFTED, REPORT_REVISED, REPORT_SENT

    folder = running.config / "programmes"
    folder.mkdir(exist_ok=True)
    (folder / "A-1.yaml").write_text(
        "alias: A-1\nstart: 2026-11-24\nend: 2027-11-01\nsponsor: sponsor-nord\n"
        'objectives:\n  - "Mieux déléguer"\nsessions:\n  first: "2026-12-01 14:00"\n  every: 5w\n',
        encoding="utf-8",
    )
    code, out = await running.cadre("programme", "load")
    assert (code, out.strip()) == (0, "1 programme enregistré."), out
    code, out = await running.cadre("programme", "show", "--alias", "A-1")
    assert code == 0 and out.startswith("Programme de A-1 · du "), out
    code, out = await running.cadre("programme", "note", "--alias", "A-1", "--session", "1", stdin="Bien")
    assert code == 1 and "n'a pas encore eu lieu" in out, out
    period = ("--from", "2026-11-24", "--to", "2027-05-31")
    code, out = await running.cadre("report", "draft", "--alias", "A-1", *period, stdin="Elle délègue.")
    assert code == 0 and out.startswith("Rapport A-1-r1 rédigé pour A-1 (version 1)."), out
    revision = tmp_path / "revision.txt"
    revision.write_text("Elle délègue davantage.", encoding="utf-8")
    code, out = await running.cadre(
        "report", "revise", "--alias", "A-1", "--id", "A-1-r1", "--file", str(revision)
    )
    assert code == 0, out
    code, out = await running.cadre("report", "release", "--alias", "A-1", "--id", "A-1-r1")
    assert code == 1 and "pas encore été envoyé à la personne accompagnée" in out, out
    code, out = await running.cadre("report", "send", "--alias", "A-1", "--id", "A-1-r1")
    assert (code, out.strip()) == (0, "Rapport A-1-r1 envoyé à A-1 pour validation."), out
    sent = [
        e for e in await running.store.list_outbox() if e.outbound.key.startswith("journey:report:A-1-r1")
    ]
    assert sent and "Elle délègue davantage." in sent[0].outbound.text, "the revised text, read by the CLI"
    actions = [(e.actor, e.action, e.subject) for e in await running.store.audit_events()]
    for action in (PROGRAMME_DECLARED, REPORT_DRAFTED, REPORT_REVISED, REPORT_SENT):
        assert (OPERATOR, action, "A-1") in actions, (action, actions)


async def test_a_data_folder_too_long_for_a_socket_is_said_at_start(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = tmp_path / ("d" * (admin.MAX_SOCKET_PATH - len(str(tmp_path))))
    data.mkdir()

    async def handler(argv: list[str], text: str) -> tuple[int, str]:
        return 0, ""

    server = admin.AdminServer(data, handler)
    with caplog.at_level("WARNING", logger="bot.runtime.admin"):
        assert await server.start() is False
    assert not admin.socket_path(data).exists()
    [record] = [r for r in caplog.records if r.name == "bot.runtime.admin"]
    assert "admin socket not started" in record.getMessage()
    assert "already in use" in record.getMessage() and str(admin.MAX_SOCKET_PATH) in record.getMessage()
