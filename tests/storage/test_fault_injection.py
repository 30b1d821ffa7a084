"""Every file of a real data folder, damaged four ways: refused by name, or repaired with a report.

A folder is filled through the real engine, outbox and inbox (a mentee enrolled with a
question waiting, an invitation, marks, a pending and an archived outbox entry, audit
events, an inbox entry not yet handled, a mentee's accompaniment programme). Then, for
each of its files and each fault (zero bytes, the first half, garbage, the wrong shape,
one wrong field):

- a file the store owns: opening the folder raises DamagedFolderError naming that file,
  and `cadre repair` moves it aside, names it and what it held, after which the folder
  opens — never an empty record taken for the truth;
- a derived file (queue.json, index/): rebuilt at open from the person files, same data.

keys.json (an encrypted folder's data keys) cannot be moved aside: damaged four ways it
stops the start with its name and the backup to restore, and `cadre repair` says the same.

This is the documented fault-injection run (docs/operations.md); it takes about a minute.
"""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.app import build_engine, load_setup
from bot.cli.main import main
from bot.core.invitations import create_invitation
from bot.delivery.outbox import Outbox
from bot.domain import Attachment, Inbound, InboundKind, InboxEntry, Outbound, UserRef
from bot.errors import CorruptRecordError, RetryableSendError
from bot.journey.programme import Programme, Session
from bot.ports import OnMessage, OnStatus
from bot.runtime.clock import ManualClock
from bot.storage import TinyStore
from bot.storage.crypto import KEYS_FILE, open_encrypted_store
from bot.storage.tiny.check import DamagedFolderError
from bot.storage.tiny.inbox import TinyInbox
from bot.storage.tiny.journey import TinyJourneyStore
from tests.conftest import REPO, paris
from tests.crash_child import ANSWERS
from tests.harness import CanaryScreener

MENTEE = UserRef("console", "m1")


class Refusing:
    name = "console"

    async def start(self, on_message: OnMessage, on_status: OnStatus | None = None) -> None: ...

    async def forget(self, user: UserRef) -> None: ...

    async def send(self, outbound: Outbound) -> str | None:
        if outbound.key.startswith("pending"):
            raise RetryableSendError("down")
        return "platform-1"

    async def send_document(self, to: UserRef, document: Attachment, caption: str = "") -> str | None:
        return "platform-file"

    async def send_image(self, to: UserRef, image: Attachment, caption: str = "") -> str | None:
        return "platform-file"

    async def stop(self) -> None: ...


async def _fill(project: Path, data: Path) -> None:
    setup = load_setup(project / "config")
    clock = ManualClock(paris("2026-10-05T10:00"))
    with TinyStore(data) as store:
        engine = build_engine(setup, store=store, clock=clock, screener=CanaryScreener())
        outbox = Outbox(store, {"console": Refusing()}, clock)
        invitation = await create_invitation(
            store, alias="F-1", mentor="mentor", now_at=clock.now(), ttl=timedelta(days=9)
        )
        await create_invitation(
            store, alias="F-2", mentor="mentor", now_at=clock.now(), ttl=timedelta(days=9)
        )
        lines = [invitation.code, "J'accepte", "/nouvelle", *ANSWERS, "1", "1"]
        for n, line in enumerate(lines):
            clock.advance(timedelta(minutes=1))
            await outbox.deliver(
                await engine.handle(Inbound(MENTEE, f"m{n}", InboundKind.TEXT, clock.now(), text=line))
            )
        await store.set_digest_slot("mentor", clock.now())
        await outbox.deliver([Outbound(MENTEE, "archivé", "sent-1", is_durable=True)])
        clock.advance(timedelta(days=40))  # the sent one moves to outbox/<month>.json
        await store.due_outbox(clock.now())
        await outbox.deliver([Outbound(MENTEE, "en attente", "pending-1", is_durable=True)])
        inbox = TinyInbox(data, cipher_for=store.cipher_for)
        [handled, _] = await inbox.record(
            [
                InboxEntry("wa:1", "whatsapp", "336", '{"message": {}}', clock.now()),
                InboxEntry("wa:2", "whatsapp", "336", '{"message": {}}', clock.now()),
            ]
        )
        await inbox.done(handled)  # its key goes to inbox/seen/, the other stays pending
        await TinyJourneyStore(data).save_programme(
            Programme("F-1", date(2026, 10, 5), date(2027, 6, 30), (Session(1, paris("2026-10-19T14:00")),))
        )


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("faults")
    project = root / "project"
    shutil.copytree(REPO / "config", project / "config")
    shutil.copytree(REPO / "flows", project / "flows")
    asyncio.run(_fill(project, root / "data"))
    return project, root / "data"


def _files(data: Path) -> list[str]:
    return sorted(
        str(p.relative_to(data))
        for p in data.rglob("*.json")
        if not p.name.startswith(".") and "damaged" not in p.parts
    )


def _wrong_field(raw: bytes) -> bytes:
    """The first field of the first record of the first table turned into a number."""
    document = json.loads(raw)
    if "check" in document:  # keys.json: a wrapped key that is not one
        name = next(iter(document["keys"]))
        document["keys"][name] = 12345
        return json.dumps(document).encode()
    for table in document.values():
        for record in table.values():
            if isinstance(record, dict) and record:
                record[next(iter(record))] = 12345
                return json.dumps(document).encode()
    return b'{"entries": [1, 2]}'


FAULTS: dict[str, Callable[[bytes], bytes]] = {
    "zero bytes": lambda raw: b"",
    "half written": lambda raw: raw[: len(raw) // 2],
    "garbage": lambda raw: b"\x00\xff garbage \x89PNG",
    "wrong shape": lambda raw: b"[1, 2, 3]",
    "one wrong field": _wrong_field,
}
DERIVED = ("queue.json", "index/")


def test_the_folder_covers_every_kind_of_file(filled: tuple[Path, Path]) -> None:
    files = _files(filled[1])
    for prefix in (
        "people/",
        "system.json",
        "outbox.json",
        "outbox/",
        "audit/",
        "queue.json",
        "index/",
        "inbox/pending/",
        "inbox/seen/",
        "journey/",
    ):
        assert any(f.startswith(prefix) for f in files), prefix


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_every_damaged_file_is_refused_by_name_or_repaired_with_a_report(
    filled: tuple[Path, Path], tmp_path: Path, fault: str, capsys: pytest.CaptureFixture[str]
) -> None:
    project, data = filled
    for label in _files(data):
        copy = tmp_path / label.replace("/", "_")
        shutil.copytree(data, copy)
        path = copy / label
        damaged = FAULTS[fault](path.read_bytes())
        if damaged == path.read_bytes():
            continue  # this fault does not change this file (a record without fields)
        path.write_bytes(damaged)
        if label.startswith(DERIVED):
            with TinyStore(copy) as store:  # rebuilt from the person files
                assert [i.ref for i in asyncio.run(store.open_items())], (
                    f"{label} ({fault}): the queue came back"
                )
            continue
        with pytest.raises(DamagedFolderError) as refused:
            TinyStore(copy).release()
        assert label in str(refused.value), f"{label} ({fault}) not named"
        assert "cadre repair" in str(refused.value)
        capsys.readouterr()
        assert main(["--config", str(project / "config"), "--data", str(copy), "repair"]) == 0
        report = capsys.readouterr().out
        assert label in report and "damaged/" in report, f"{label} ({fault}): {report}"
        assert not path.exists() and list((copy / "damaged").rglob(Path(label).name))
        with TinyStore(copy) as store:
            events = asyncio.run(store.audit_events())
            assert any(e.subject == label and e.action == "file_moved_aside" for e in events)
        shutil.rmtree(copy)


def test_a_sound_folder_is_left_alone_by_repair(
    filled: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project, data = filled
    shutil.copytree(data, tmp_path / "data")
    assert main(["--config", str(project / "config"), "--data", str(tmp_path / "data"), "repair"]) == 0
    out = capsys.readouterr().out
    assert "rien à réparer" in out, out
    assert _files(tmp_path / "data") == _files(data)


def test_a_damaged_key_file_stops_the_start_and_points_to_the_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    master = Fernet.generate_key().decode()
    data = tmp_path / "data"

    async def fill() -> None:
        with open_encrypted_store(data, master) as store:
            await create_invitation(
                store, alias="K-1", mentor="mentor", now_at=paris("2026-10-05T10:00"), ttl=timedelta(days=9)
            )

    asyncio.run(fill())
    sound = (data / KEYS_FILE).read_bytes()
    monkeypatch.setenv("CADRE_DATA_KEY", master)
    for fault, damage in sorted(FAULTS.items()):
        (data / KEYS_FILE).write_bytes(damage(sound))
        with pytest.raises(CorruptRecordError) as refused:
            open_encrypted_store(data, master).release()
        assert KEYS_FILE in str(refused.value) and "backup" in str(refused.value), fault
        capsys.readouterr()
        assert main(["--config", str(REPO / "config"), "--data", str(data), "repair"]) == 3, fault
        error = capsys.readouterr().err
        assert KEYS_FILE in error and "sauvegarde" in error, f"{fault}: {error}"
        assert (data / KEYS_FILE).read_bytes() == damage(sound), f"{fault}: repair touched the key file"
    (data / KEYS_FILE).write_bytes(sound)
    open_encrypted_store(data, master).release()  # restored from the backup: it opens
