"""Batched durable writes: `write_atomic_many`, the helper processes, the FileWriter's batches."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.app import open_inbox
from bot.domain import Consent, InboxEntry, Mentee, UserRef
from bot.storage import TinyStore, atomic
from bot.storage.atomic import FileStamp, file_stamp, write_atomic_many
from bot.storage.tiny import person_name
from bot.storage.tiny.inbox import TinyInbox
from bot.storage.write_helper import WriteHelper, WriteHelpers
from tests.storage.records import FernetCipher

GONE_DEADLINE_S = 20.0
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def helpers() -> Iterator[WriteHelpers]:
    started = WriteHelpers.start(2)
    try:
        yield started
    finally:
        started.close()


def _mentee(n: int) -> Mentee:
    return Mentee(UserRef("whatsapp", f"3360000{n:04d}"), f"Alias-{n}", "mentor", "fr", T0, Consent("v1", T0))


def _is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_gone(pid: int) -> None:
    """Polls a real process (not a test's own work) until the kernel has ended it."""
    deadline = time.monotonic() + GONE_DEADLINE_S
    while _is_running(pid):
        assert time.monotonic() < deadline, f"process {pid} still running"
        time.sleep(0.01)


def test_a_batch_writes_every_file_whole_private_and_stamped(tmp_path: Path) -> None:
    files = [(tmp_path / f"f{n}.json", f'{{"n":{n}}}'.encode()) for n in range(5)]
    outcomes = write_atomic_many(files)
    for (path, data), outcome in zip(files, outcomes, strict=True):
        assert path.read_bytes() == data
        assert path.stat().st_mode & 0o777 == 0o600
        assert outcome == file_stamp(path)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_file_that_cannot_be_written_fails_alone(tmp_path: Path) -> None:
    files = [
        (tmp_path / "a.json", b"a"),
        (tmp_path / "missing" / "b.json", b"b"),
        (tmp_path / "c.json", b"c"),
    ]
    outcomes = write_atomic_many(files)
    assert isinstance(outcomes[1], FileNotFoundError)
    assert isinstance(outcomes[0], FileStamp) and isinstance(outcomes[2], FileStamp)
    assert (tmp_path / "a.json").read_bytes() == b"a" and (tmp_path / "c.json").read_bytes() == b"c"


def test_a_helper_writes_what_the_thread_would(tmp_path: Path, helpers: WriteHelpers) -> None:
    files = [(tmp_path / "a.json", b"one"), (tmp_path / "nowhere" / "b.json", b"two")]
    first, second = helpers.write_many(files)
    assert first == file_stamp(tmp_path / "a.json") and (tmp_path / "a.json").read_bytes() == b"one"
    assert isinstance(second, OSError) and second.errno == 2 and second.strerror
    assert all(pid != os.getpid() and _is_running(pid) for pid in helpers.pids)


def test_a_helper_gone_leaves_its_batches_to_the_thread(tmp_path: Path, helpers: WriteHelpers) -> None:
    for pid in helpers.pids:
        os.kill(pid, signal.SIGKILL)
        _wait_gone(pid)
    for n in range(3):  # every helper is found gone in turn, each batch still written
        (outcome,) = helpers.write_many([(tmp_path / f"after{n}.json", b"kept")])
        assert outcome == file_stamp(tmp_path / f"after{n}.json")
        assert (tmp_path / f"after{n}.json").read_bytes() == b"kept"


def test_a_helper_ignores_the_terminal_s_signals_and_ends_with_its_pipe(tmp_path: Path) -> None:
    helper = WriteHelper.start()
    (ready,) = helper.write_many([(tmp_path / "first.json", b"up")])  # its handlers are set
    assert isinstance(ready, FileStamp)
    os.kill(helper.pid, signal.SIGTERM)
    os.kill(helper.pid, signal.SIGINT)
    (outcome,) = helper.write_many([(tmp_path / "a.json", b"still here")])
    assert isinstance(outcome, FileStamp)
    helper.close()
    assert not _is_running(helper.pid)


PARENT = """
import sys, time
from bot.storage.write_helper import WriteHelpers
helpers = WriteHelpers.start(2)
print(" ".join(map(str, helpers.pids)), flush=True)
time.sleep(600)
"""


def test_helpers_die_with_their_parent() -> None:
    """A SIGKILL of `cadre run` must not leave a helper that could write into a folder a
    restarted process owns."""
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    pids = [int(pid) for pid in parent.stdout.readline().split()]
    assert len(pids) == 2 and all(_is_running(pid) for pid in pids)
    parent.kill()
    parent.wait()
    parent.stdout.close()
    for pid in pids:
        _wait_gone(pid)


async def test_fifty_files_staged_together_go_in_a_few_batches_each_durable_when_answered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batches: list[int] = []
    real = atomic.write_atomic_many

    def counted(files: Sequence[tuple[Path, bytes]]) -> list[FileStamp | OSError]:
        batches.append(len(files))
        return real(files)

    monkeypatch.setattr(atomic, "write_atomic_many", counted)
    with TinyStore(tmp_path / "data") as store:
        people = [_mentee(n) for n in range(50)]

        async def save(mentee: Mentee) -> None:
            await store.save_mentee(mentee)
            path = store.root / "people" / f"{person_name(mentee.user.key)}.json"
            assert mentee.alias in path.read_text(), "answered before its file was on disk"

        await asyncio.gather(*(save(mentee) for mentee in people))
        assert sum(batches) >= 50 and len(batches) <= 10, batches
    with TinyStore(tmp_path / "data") as reopened:
        assert [await reopened.get_mentee(m.user) for m in people] == people


def _children() -> set[int]:
    """This process's live child processes (Linux /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        found |= {int(pid) for pid in (task / "children").read_text().split()}
    return {pid for pid in found if _is_running(pid)}


async def test_a_store_with_helpers_writes_through_them_sealed(tmp_path: Path) -> None:
    cipher = FernetCipher(Fernet.generate_key())
    before = _children()
    store = TinyStore(tmp_path / "data", cipher_for=lambda label: cipher)
    try:
        store.start_helpers()
        helpers = _children() - before
        assert len(helpers) >= 2, "the writer threads' helpers and the inbox's own"
        beside = store.write_helpers
        assert beside is not None and set(beside.pids) < helpers
        await store.save_mentee(_mentee(1))
        raw = (store.root / "people" / f"{person_name(_mentee(1).user.key)}.json").read_bytes()
        assert b"Alias-1" not in raw, "the helper got the bytes already encrypted"
        assert json.loads(cipher.decrypt(raw))
        assert await store.get_mentee(_mentee(1).user) == _mentee(1)
        (sealed,) = beside.write_many([(store.root / "beside.json", cipher.encrypt(b"{}"))])
        assert isinstance(sealed, FileStamp)
    finally:
        await store.close()
    assert not any(_is_running(pid) for pid in helpers), "the helpers end with the store"


async def test_the_inbox_beside_the_store_writes_through_its_helper(tmp_path: Path) -> None:
    """What a webhook's 200 waits for: the pending batch on disk, from the inbox's helper,
    and from the inbox's own thread once that helper is gone."""
    store = TinyStore(tmp_path / "data")
    try:
        store.start_helpers()
        inbox = open_inbox(store)
        beside = store.write_helpers
        assert isinstance(inbox, TinyInbox) and beside is not None

        def entry(key: str) -> InboxEntry:
            return InboxEntry(key=key, channel="whatsapp", person="p1", body='{"k": 1}', received_at=T0)

        assert [e.key for e in await inbox.record([entry("first")])] == ["first"]
        (pid,) = beside.pids
        os.kill(pid, signal.SIGKILL)
        _wait_gone(pid)
        assert [e.key for e in await inbox.record([entry("second")])] == ["second"]
        reopened = TinyInbox(store.root)
        assert [e.key for e in await reopened.pending("whatsapp")] == ["first", "second"]
    finally:
        await store.close()
