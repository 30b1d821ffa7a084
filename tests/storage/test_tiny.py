"""TinyStore alone: what only the disk needs (reopen, crashes between writes, corrupt files,
the folder lock, erasure down to the bytes, the archive, the indexes). Behaviour every
adapter shares is in test_store_contract.py."""

from __future__ import annotations

import asyncio
import errno
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from hypothesis import HealthCheck, given, settings

from bot.domain import (
    AuditEvent,
    Conversation,
    Invitation,
    Item,
    ItemStatus,
    Mentee,
    OutboxEntry,
    OutboxStatus,
    UserRef,
)
from bot.domain.lru import BoundedDict
from bot.errors import CorruptRecordError, StoreError
from bot.ports import Person
from bot.storage import AtomicJSONStorage, Cipher, TinyStore, atomic, codec
from bot.storage.atomic import encode_json
from bot.storage.tiny import person_name
from bot.storage.tiny import store as store_module
from tests.storage.records import (
    ANA,
    BEN,
    MENTOR,
    REPO,
    T0,
    FernetCipher,
    draft,
    entry,
    fill_with_canary,
    item,
    mentee,
    reopen,
    scan,
)
from tests.storage.strategies import AUDITS, CONVERSATIONS, INVITATIONS, ITEMS, MENTEES, OUTBOX


@pytest.fixture
def tiny(tmp_path: Path) -> Iterator[TinyStore]:
    with TinyStore(tmp_path / "data") as opened:
        yield opened


# --------------------------------------------------------------------------- round trips in stores
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(m=MENTEES, c=CONVERSATIONS, i=ITEMS, o=OUTBOX, inv=INVITATIONS, a=AUDITS)
async def test_every_record_kind_round_trips_through_tinystore(
    m: Mentee, c: Conversation, i: Item, o: OutboxEntry, inv: Invitation, a: AuditEvent
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        with TinyStore(folder) as first:
            await first.save_mentee(m)
            await first.save_conversation(c)
            await first.submit_item(i, replace(c, user=i.mentee))
            assert await first.enqueue(o)
            await first.save_invitation(inv)
            await first.append_audit(a)
        with TinyStore(folder) as again:
            assert await again.get_mentee(m.user) == m
            assert await again.get_item(i.id) == i
            assert await again.find_item_by_ref(i.ref) == i
            assert await again.get_conversation(i.mentee) == replace(c, user=i.mentee)
            if c.user != i.mentee:
                assert await again.get_conversation(c.user) == c
            assert await again.get_outbox(o.outbound.key) == o
            assert await again.get_invitation(inv.code) == inv
            assert await again.audit_events() == [a]


# --------------------------------------------------------------------------- items
async def test_queue_holds_only_open_items(tiny: TinyStore) -> None:
    for n in range(5):
        await tiny.submit_item(item(n), Conversation(ANA))
    for n in range(4):
        got = await tiny.get_item(item(n).id)
        assert got is not None
        await tiny.save_item(replace(got, status=ItemStatus.CLOSED))
    queue = json.loads((tiny.root / "queue.json").read_bytes())
    assert list(queue["open"]) == [item(4).id]
    assert "question" not in (tiny.root / "queue.json").read_text(), "indexes hold no content"


# --------------------------------------------------------------------------- outbox
async def test_finished_outbox_entries_move_to_a_monthly_archive(tmp_path: Path) -> None:
    with TinyStore(tmp_path / "data", outbox_keep=timedelta(days=7)) as tiny:
        old = replace(entry("old", to=MENTOR, at=T0), status=OutboxStatus.SENT, platform_message_id="777")
        await tiny.enqueue(old)
        await tiny.enqueue(entry("pending", at=T0))
        await tiny.due_outbox(T0 + timedelta(days=1))
        assert {e.outbound.key for e in await tiny.list_outbox()} == {"old", "pending"}
        await tiny.due_outbox(T0 + timedelta(days=8))
        assert [e.outbound.key for e in await tiny.list_outbox()] == ["pending"]
        archive = tiny.root / "outbox" / "2026-11.json"
        assert archive.exists()
        archived = old.without_content()
        assert archived.outbound.text == "" and old.outbound.text
        assert old.outbound.text.encode() not in archive.read_bytes(), "no words in archives"
        assert await tiny.by_platform_id("telegram", "777") == archived
        assert await tiny.get_outbox("old") == archived
        assert archived.outbound.item_ref == old.outbound.item_ref
        assert not await tiny.enqueue(replace(old, created_at=T0 + timedelta(days=9))), (
            "a redelivered key stays a duplicate after archiving"
        )


# --------------------------------------------------------------------------- invitations…
async def test_audit_files_are_named_by_utc_month(tiny: TinyStore) -> None:
    await tiny.append_audit(AuditEvent(datetime(2026, 1, 31, 23, 30, tzinfo=UTC), "a", "b", "c"))
    await tiny.append_audit(AuditEvent(datetime(2026, 2, 1, 0, 30, tzinfo=UTC), "a", "b", "c"))
    assert sorted(p.name for p in (tiny.root / "audit").iterdir()) == ["2026-01.json", "2026-02.json"]


async def test_audit_about_reads_only_the_months_naming_the_person(
    tiny: TinyStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    for month in range(1, 13):
        at = datetime(2026, month, 15, tzinfo=UTC)
        await tiny.append_audit(AuditEvent(at, "operator", "export", f"Alias{month}"))
    await tiny.append_audit(AuditEvent(datetime(2026, 3, 1, tzinfo=UTC), "operator", "answered", "R0042"))
    assert [e.subject for e in await tiny.audit_about("Alias1")] == ["Alias1"]  # builds the index
    later = AuditEvent(datetime(2026, 12, 20, tzinfo=UTC), "Alias5", "erase_request", "Alias5")
    await tiny.append_audit(later)  # kept in the index by the append
    read: list[str] = []
    real_read = tiny._read

    def counting(label: str) -> dict[str, dict[str, object]]:
        read.append(label)
        return real_read(label)

    monkeypatch.setattr(tiny, "_read", counting)
    found = await tiny.audit_about("Alias5", frozenset({"R0042"}))
    assert [(e.subject, e.action) for e in found] == [
        ("R0042", "answered"),
        ("Alias5", "export"),
        ("Alias5", "erase_request"),
    ]
    assert sorted(read) == ["audit/2026-03.json", "audit/2026-05.json", "audit/2026-12.json"]


# --------------------------------------------------------------------------- erasure
async def test_erase_user_leaves_no_byte_on_disk(tiny: TinyStore) -> None:
    await fill_with_canary(tiny)
    await tiny.due_outbox(T0)
    assert scan(tiny.root, b"CANARY"), "the canary was written, so the scan can see it"
    await tiny.erase_user(ANA)
    assert scan(tiny.root, b"CANARY") == []
    assert scan(tiny.root, ANA.id.encode()) == []
    assert scan(tiny.root, person_name(ANA.key).encode()) == []
    assert not (tiny.root / "people" / f"{person_name(ANA.key)}.json").exists()
    tiny = reopen(tiny)
    assert scan(tiny.root, b"CANARY") == [] and await tiny.get_mentee(ANA) is None
    tiny.release()


async def test_interrupted_erasure_finishes_at_next_open(
    tiny: TinyStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    await fill_with_canary(tiny)

    def crash(self: TinyStore, doomed: Callable[[str], bool]) -> None:
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(TinyStore, "_drop_index_entries", crash)
    with pytest.raises(KeyboardInterrupt):
        await tiny.erase_user(ANA)
    monkeypatch.undo()
    tiny = reopen(tiny)
    assert scan(tiny.root, b"CANARY") == []
    assert await tiny.find_item_by_ref("R0001") is None and await tiny.get_mentee(BEN) is not None
    tiny.release()


# --------------------------------------------------------------------------- durability
async def test_reopening_sees_everything(tiny: TinyStore) -> None:
    await fill_with_canary(tiny)
    await tiny.set_digest_slot("claire", T0)
    await tiny.append_audit(AuditEvent(T0, "coach", "invite", "K7Q2"))
    tiny = reopen(tiny)
    assert await tiny.get_mentee(ANA) == mentee(ANA, alias="CANARY-7f3a-alias")
    assert [i.id for i in await tiny.open_items("claire")] == [item(1).id, item(2).id]
    assert await tiny.find_item_by_ref("R0002") == item(2, BEN, text="Ben's question")
    assert len(await tiny.list_conversations_with_draft()) == 1
    assert {e.outbound.key for e in await tiny.list_outbox()} == {"to-ana", "mentor-copy", "to-ben"}
    assert await tiny.digest_slot("claire") == T0 and len(await tiny.audit_events()) == 1
    assert await tiny.get_invitation("K7Q2") is not None
    tiny.release()


async def test_crash_between_person_file_and_queue_loses_nothing(
    tiny: TinyStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    await tiny.save_conversation(Conversation(ANA, draft=draft()))

    def crash(self: TinyStore, it: Item, name: str) -> None:
        raise KeyboardInterrupt("SIGKILL here")

    monkeypatch.setattr(TinyStore, "_index_item", crash)
    with pytest.raises(KeyboardInterrupt):
        await tiny.submit_item(item(1), Conversation(ANA))
    monkeypatch.undo()
    assert await tiny.open_items() == [], "before recovery the queue does not know the item"
    tiny = reopen(tiny)
    assert await tiny.open_items("claire") == [item(1)]
    assert await tiny.find_item_by_ref("R0001") == item(1) and await tiny.get_item(item(1).id) == item(1)
    assert await tiny.get_conversation(ANA) == Conversation(ANA), "draft cleared in the same write"
    tiny.release()


async def test_real_sigkill_between_writes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    script = f"""
import asyncio, os, signal
from datetime import datetime, UTC
from bot.domain import Conversation, Item, StepAnswer, UserRef
from bot.storage.tiny import TinyStore
TinyStore._index_item = lambda self, item, name: os.kill(os.getpid(), signal.SIGKILL)
store = TinyStore({str(data)!r})
user = UserRef("telegram", "1")
asyncio.run(store.submit_item(Item("i1", "ABCD", user, "A", "claire", "question",
                       (StepAnswer("q", "t"),), datetime(2026, 1, 1, tzinfo=UTC)),
                  Conversation(user)))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, timeout=60, check=False
    )
    assert done.returncode == -9, done.stderr.decode()
    with TinyStore(data) as store:
        assert [i.ref for i in await store.open_items()] == ["ABCD"]


async def test_queue_entry_pointing_at_nothing_is_dropped(tiny: TinyStore) -> None:
    await tiny.submit_item(item(1), Conversation(ANA))
    queue_path = tiny.root / "queue.json"
    queue = json.loads(queue_path.read_bytes())
    queue["open"]["ghost"] = {
        "person": "0" * 32,
        "mentor": "claire",
        "submitted_at": "2026-01-01T00:00:00+00:00",
        "ref": "GH05",
    }
    queue_path.write_text(json.dumps(queue))
    assert await tiny.open_items() == [item(1)], "a dangling entry is never shown"
    tiny = reopen(tiny)
    assert list(json.loads(queue_path.read_bytes())["open"]) == [item(1).id]
    tiny.release()


async def test_answered_item_left_in_queue_by_a_crash_is_removed(
    tiny: TinyStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    await tiny.submit_item(item(1), Conversation(ANA))
    monkeypatch.setattr(TinyStore, "_index_item", lambda self, it, name: None)
    await tiny.save_item(replace(item(1), status=ItemStatus.ANSWERED))
    monkeypatch.undo()
    assert await tiny.open_items() == []
    tiny = reopen(tiny)
    assert json.loads((tiny.root / "queue.json").read_bytes())["open"] == {}
    tiny.release()


async def test_unreadable_index_is_rebuilt_at_open(tiny: TinyStore) -> None:
    await tiny.submit_item(item(1), Conversation(ANA))
    for shard in (tiny.root / "index").iterdir():
        shard.write_bytes(b"{broken")
    (tiny.root / "queue.json").write_bytes(b"")
    tiny = reopen(tiny)
    assert await tiny.find_item_by_ref("R0001") == item(1) and await tiny.open_items() == [item(1)]
    tiny.release()


async def test_corrupt_person_file_names_the_file(tiny: TinyStore) -> None:
    await tiny.save_mentee(mentee())
    path = tiny.root / "people" / f"{person_name(ANA.key)}.json"
    path.write_bytes(b'{"profile": {"1": {"alias": "CANARY"')
    name = re.escape(f"people/{person_name(ANA.key)}.json")
    with pytest.raises(CorruptRecordError, match=name) as caught:
        await tiny.get_mentee(ANA)
    assert "CANARY" not in str(caught.value)
    tiny.release()
    with pytest.raises(CorruptRecordError, match=person_name(ANA.key)):
        TinyStore(tiny.root)


async def test_corrupt_record_names_file_and_item(tiny: TinyStore) -> None:
    await tiny.submit_item(item(1), Conversation(ANA))
    path = tiny.root / "people" / f"{person_name(ANA.key)}.json"
    data = json.loads(path.read_bytes())
    data["items"][item(1).id]["status"] = "CANARY"
    path.write_text(json.dumps(data))
    name = re.escape(f"people/{person_name(ANA.key)}.json: record item00001")
    with pytest.raises(CorruptRecordError, match=name) as caught:
        await tiny.get_item(item(1).id)
    assert "CANARY" not in str(caught.value)


async def test_second_store_on_same_folder_is_refused(tiny: TinyStore) -> None:
    with pytest.raises(StoreError, match="already in use by another cadre process") as caught:
        TinyStore(tiny.root)
    assert f"pid {os.getpid()}" in str(caught.value) and str(tiny.root) in str(caught.value)
    tiny.release()
    with TinyStore(tiny.root) as again:
        assert await again.list_mentees() == []


async def test_closed_store_refuses_work(tiny: TinyStore) -> None:
    tiny.release()
    with pytest.raises(StoreError, match="closed"):
        await tiny.get_mentee(ANA)
    tiny.release()  # closing twice is harmless


async def test_folder_and_files_are_private_and_no_temp_is_left(tmp_path: Path) -> None:
    with TinyStore(tmp_path / "new" / "data") as tiny:
        await fill_with_canary(tiny)
        await tiny.append_audit(AuditEvent(T0, "coach", "invite", "K7Q2"))
        await tiny.set_digest_slot("claire", T0)
        root = tiny.root
    assert root.stat().st_mode & 0o777 == 0o700
    for path in root.rglob("*"):
        if path.is_dir():
            assert path.stat().st_mode & 0o777 == 0o700, path.name
        else:
            assert path.stat().st_mode & 0o777 == 0o600, path.name
            assert not path.name.endswith(".tmp")
    names = " ".join(p.name for p in root.rglob("*"))
    assert ANA.id not in names and BEN.id not in names, "no platform id in file names"


def test_stray_temp_file_is_removed_at_open(tiny: TinyStore) -> None:
    stray = tiny.root / "people" / ".abc.json.123.tmp"
    stray.write_bytes(b"CANARY half-written")
    tiny = reopen(tiny)
    assert not stray.exists()
    tiny.release()


async def test_encryption_at_rest_plugs_in_per_file(tmp_path: Path) -> None:
    keys: dict[str, bytes] = {}

    def cipher_for(label: str) -> Cipher:
        return FernetCipher(keys.setdefault(label, Fernet.generate_key()))

    with TinyStore(tmp_path / "data", cipher_for=cipher_for) as tiny:
        await fill_with_canary(tiny)
        assert scan(tiny.root, b"CANARY") == []
        assert any(label.startswith("people/") for label in keys)
    with TinyStore(tmp_path / "data", cipher_for=cipher_for) as tiny:
        assert await tiny.get_mentee(ANA) == mentee(ANA, alias="CANARY-7f3a-alias")


async def test_write_for_one_mentee_touches_only_their_file_and_small_indexes(tiny: TinyStore) -> None:
    for n in range(30):
        await tiny.submit_item(item(n, BEN), Conversation(BEN))
    before = {p: p.stat().st_mtime_ns for p in tiny.root.rglob("*.json")}
    await tiny.save_conversation(Conversation(ANA, draft=draft()))
    await tiny.submit_item(item(99), Conversation(ANA))
    changed = {
        p.relative_to(tiny.root).parts[0]
        for p in tiny.root.rglob("*.json")
        if before.get(p) != p.stat().st_mtime_ns
    }
    assert changed <= {"people", "index", "queue.json"}
    assert tiny.root.joinpath("people", f"{person_name(BEN.key)}.json") in before
    assert before[tiny.root / "people" / f"{person_name(BEN.key)}.json"] == (
        (tiny.root / "people" / f"{person_name(BEN.key)}.json").stat().st_mtime_ns
    )


def test_bench_script_runs_small(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.storage", "--quick", "--data", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert b"median submit_item" in done.stdout


async def test_drafts_are_found_after_reopening_and_follow_clear_and_erase(tmp_path: Path) -> None:
    other = UserRef("whatsapp", "33600000009")
    with TinyStore(tmp_path / "data") as tiny:
        await tiny.save_conversation(Conversation(ANA, draft=draft()))
        await tiny.save_conversation(Conversation(other, draft=draft("autre")))
    with TinyStore(tmp_path / "data") as tiny:
        assert {c.user for c in await tiny.list_conversations_with_draft()} == {ANA, other}
        await tiny.save_conversation(Conversation(ANA))
        assert [c.user for c in await tiny.list_conversations_with_draft()] == [other]
        await tiny.erase_user(other)
        assert await tiny.list_conversations_with_draft() == []


async def test_audit_files_are_by_month_and_pruning_removes_whole_months(tiny: TinyStore) -> None:
    for days in (40, 0, 10):
        await tiny.append_audit(AuditEvent(T0 + timedelta(days=days), "coach", "export", f"item{days}"))
    assert sorted(p.name for p in (tiny.root / "audit").iterdir()) == [
        "2026-11.json",
        "2026-12.json",
        "2027-01.json",
    ]
    assert await tiny.prune_audit(T0 + timedelta(days=20)) == 2
    assert sorted(p.name for p in (tiny.root / "audit").iterdir()) == ["2027-01.json"]
    assert await tiny.audit_events(since_at=T0 + timedelta(days=39)) == [
        AuditEvent(T0 + timedelta(days=40), "coach", "export", "item40")
    ]


async def test_a_reply_recorded_before_a_crash_reaches_the_outbox_at_open(
    tiny: TinyStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """record_reply writes the person file (item + reply entry) first: a crash before the
    outbox write leaves the entry there, and the next open sends it."""
    await tiny.submit_item(item(1), Conversation(ANA))
    answered = replace(item(1), status=ItemStatus.ANSWERED)
    reply = entry("reply:item00001:1", to=ANA, text="CANARY answer", item_ref="R0001")
    real_write = TinyStore._write

    def crash_on_outbox(self: TinyStore, label: str, data: dict[str, dict[str, object]]) -> None:
        if label == "outbox.json":
            raise KeyboardInterrupt("SIGKILL here")
        real_write(self, label, data)

    monkeypatch.setattr(TinyStore, "_write", crash_on_outbox)
    with pytest.raises(KeyboardInterrupt):
        await tiny.record_reply(answered, reply)
    monkeypatch.undo()
    assert await tiny.get_outbox(reply.outbound.key) is None, "the crash came before the outbox"
    tiny = reopen(tiny)
    assert await tiny.get_item(item(1).id) == answered
    assert await tiny.get_outbox(reply.outbound.key) == reply, "moved to the outbox at open"
    person = json.loads((tiny.root / "people" / f"{person_name(ANA.key)}.json").read_bytes())
    assert person.get("outgoing") == {}, "the person file no longer holds the entry"
    assert not await tiny.record_reply(answered, reply), "and it stays one entry"
    tiny.release()


async def test_entries_parked_before_the_parked_status_read_as_parked(tiny: TinyStore) -> None:
    """Data written by earlier versions: pending plus a sentinel error meant parked."""
    legacy = replace(entry("old-parked", to=BEN), last_error=codec.LEGACY_PARKED)
    raw = {"entries": {"old-parked": codec.encode_outbox(legacy)}}
    assert raw["entries"]["old-parked"]["status"] == "pending"
    tiny.release()
    AtomicJSONStorage(tiny.root / "outbox.json", label="outbox.json").write(raw)
    tiny = TinyStore(tiny.root)
    [parked] = await tiny.parked_for(BEN)
    assert parked.status is OutboxStatus.PARKED and parked.outbound.key == "old-parked"
    assert await tiny.due_outbox(T0 + timedelta(days=3650)) == []
    tiny.release()


async def test_parked_for_reads_no_file_when_nothing_is_parked(
    tiny: TinyStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Called on every inbound message: the usual answer costs no read of the outbox."""
    for n in range(20):
        await tiny.enqueue(entry(f"k{n}", to=ANA))
    await tiny.enqueue(replace(entry("parked", to=BEN), status=OutboxStatus.PARKED))
    reads: list[str] = []
    real_read = TinyStore._read

    def counting(self: TinyStore, label: str) -> dict[str, dict[str, object]]:
        reads.append(label)
        return real_read(self, label)

    monkeypatch.setattr(TinyStore, "_read", counting)
    assert await tiny.parked_for(ANA) == []
    assert reads == []
    assert [e.outbound.key for e in await tiny.parked_for(BEN)] == ["parked"]
    assert reads == ["outbox.json"]


async def test_an_unreadable_mark_reads_as_absent(tiny: TinyStore, caplog: pytest.LogCaptureFixture) -> None:
    await tiny.set_last_inbound("whatsapp.last_inbound.k1", T0)
    system = json.loads((tiny.root / "system.json").read_bytes())
    assert system["marks"]["whatsapp.last_inbound.k1"] == {"value": "2026-11-23T09:00:00+00:00"}
    system["marks"]["whatsapp.last_inbound.k1"] = {"value": "2026-11-23T09:00:00"}  # naive: not ours
    tiny.release()
    AtomicJSONStorage(tiny.root / "system.json", label="system.json").write(system)
    tiny = TinyStore(tiny.root)
    assert await tiny.last_inbound("whatsapp.last_inbound.k1") is None
    assert "unreadable mark" in caplog.text
    tiny.release()


async def test_marks_written_by_earlier_versions_are_read(tiny: TinyStore) -> None:
    """The digest slot lived under 'digest:last:<mentor>' as an ISO string: same place."""
    system = {"marks": {"digest:last:claire": {"value": "2026-11-23T07:00:00+00:00"}}}
    tiny.release()
    AtomicJSONStorage(tiny.root / "system.json", label="system.json").write(system)
    tiny = TinyStore(tiny.root)
    assert await tiny.digest_slot("claire") == datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
    tiny.release()


def test_a_removed_lock_file_does_not_let_a_second_store_in(tmp_path: Path) -> None:
    with TinyStore(tmp_path / "data") as first:
        (first.root / ".lock").unlink()
        with pytest.raises(StoreError, match="already in use by another cadre process"):
            TinyStore(first.root)


# --------------------------------------------------------------------------- documents kept
def _count_file_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    real = AtomicJSONStorage.read_stamped

    def counting(self: AtomicJSONStorage) -> Any:
        reads.append(self.label)
        return real(self)

    monkeypatch.setattr(AtomicJSONStorage, "read_stamped", counting)
    return reads


async def test_the_writer_reads_its_own_writes_without_reading_the_file(
    tiny: TinyStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    await tiny.save_mentee(mentee())
    reads = _count_file_reads(monkeypatch)
    await tiny.save_conversation(Conversation(ANA))
    await tiny.set_last_inbound("whatsapp.last_inbound.k1", T0)
    assert reads == ["system.json"]  # it did not exist yet
    await tiny.set_last_inbound("whatsapp.last_inbound.k2", T0)
    assert await tiny.get_person(ANA) == Person(ANA, mentee(), Conversation(ANA))
    assert await tiny.last_inbound("whatsapp.last_inbound.k1") == T0
    assert reads == ["system.json"]
    reopened = reopen(tiny)
    assert await reopened.get_mentee(ANA) == mentee()
    reopened.release()


async def test_a_file_replaced_behind_the_store_is_read_again(tiny: TinyStore) -> None:
    await tiny.save_mentee(mentee(alias="Ana"))
    assert (await tiny.get_mentee(ANA)) == mentee(alias="Ana")
    label = f"people/{person_name(ANA.key)}.json"
    document = json.loads((tiny.root / label).read_bytes())
    document["profile"]["1"] = codec.encode_mentee(mentee(alias="Ida"))  # same size, new inode
    AtomicJSONStorage(tiny.root / label, label=label).write(document)
    assert await tiny.get_mentee(ANA) == mentee(alias="Ida")


async def test_a_failed_write_leaves_reads_on_what_the_disk_holds(
    tiny: TinyStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    await tiny.save_mentee(mentee(alias="Ana"))

    def failing(files: Sequence[tuple[Path, bytes]]) -> list[OSError]:
        return [OSError(errno.EIO, "test") for _ in files]

    monkeypatch.setattr(atomic, "write_atomic_many", failing)
    with pytest.raises(StoreError, match=r"cannot be written \(test\)"):
        await tiny.save_mentee(mentee(alias="Ida"))
    monkeypatch.undo()
    assert await tiny.get_mentee(ANA) == mentee(alias="Ana")


async def test_what_a_caller_changes_after_writing_is_not_kept(tiny: TinyStore) -> None:
    """`_read` hands out a copy and `_write` keeps its own: a document changed after its
    write (recovery does) is not what the next read finds."""
    await tiny.save_mentee(mentee())
    with tiny._mutex:
        data = tiny._read("system.json")
        data.setdefault("marks", {})["m"] = {"value": codec.encode_at(T0)}
        tiny._write("system.json", data)
        data["marks"]["m"] = {"value": codec.encode_at(T0 + timedelta(days=1))}
        data["marks"]["other"] = {"value": codec.encode_at(T0)}
    await tiny._settle()
    assert await tiny.last_inbound("m") == T0 and await tiny.last_inbound("other") is None


async def test_a_reader_beside_the_writer_sees_each_new_write(tiny: TinyStore) -> None:
    await tiny.save_mentee(mentee(alias="Ana"))
    reader = TinyStore(tiny.root, read_only=True)
    assert await reader.get_mentee(ANA) == mentee(alias="Ana")
    await tiny.save_mentee(mentee(alias="Ida"))
    assert await reader.get_mentee(ANA) == mentee(alias="Ida")


async def test_more_files_than_kept_still_read_right(
    tiny: TinyStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept: BoundedDict[str, Any] = BoundedDict(2)
    monkeypatch.setattr(tiny, "_documents", kept)
    people = [UserRef("whatsapp", f"3361234{n:04d}") for n in range(5)]
    for n, user in enumerate(people):
        await tiny.save_mentee(mentee(user, alias=f"M{n}"))
    assert [m.alias for m in await tiny.list_mentees()] == [f"M{n}" for n in range(5)]
    assert len(kept) == 2


async def test_many_changes_of_one_file_while_it_is_written_are_encoded_once(
    tiny: TinyStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fifty window marks set at once: system.json is encoded once per write that reaches
    the disk, not once per change (each would encode every mark of the folder)."""
    encoded: list[str] = []
    real = encode_json

    def counting(data: object, *, label: str) -> bytes:
        encoded.append(label)
        return real(data, label=label)

    monkeypatch.setattr(store_module, "encode_json", counting)
    names = [f"whatsapp.last_inbound.k{n}" for n in range(50)]
    await asyncio.gather(*(tiny.set_last_inbound(name, T0) for name in names))
    assert 1 <= len(encoded) <= 3 and set(encoded) == {"system.json"}
    reopened = reopen(tiny)
    assert [await reopened.last_inbound(name) for name in names] == [T0] * 50
    reopened.release()


async def test_a_change_json_cannot_carry_fails_its_write_and_reads_go_back_to_the_disk(
    tiny: TinyStore,
) -> None:
    await tiny.set_last_inbound("m", T0)
    with tiny._mutex:
        data = tiny._read("system.json")
        data["marks"]["m"] = {"value": float("nan")}
        tiny._write("system.json", data)
    with pytest.raises(StoreError, match="cannot carry"):
        await tiny._settle()
    assert await tiny.last_inbound("m") == T0


async def test_an_unreadable_derived_file_is_rewritten_at_open_not_only_reported(tmp_path: Path) -> None:
    """An unreadable queue.json or index shard with nothing to hold was logged "rebuilt" at
    every open and left as it was, so a reader (a digest preview) still met it."""
    from bot.errors import CorruptRecordError

    data = tmp_path / "data"
    TinyStore(data).release()
    (data / "queue.json").write_bytes(b"\x80garbage")
    (data / "index" / "ab.json").write_bytes(b"{not json")
    TinyStore(data).release()
    assert json.loads((data / "queue.json").read_bytes()) == {"open": {}}
    assert not (data / "index" / "ab.json").exists(), "an empty shard is removed"
    reader = TinyStore(data, read_only=True)
    assert await reader.open_items() == []
    (data / "queue.json").write_bytes(b"\x00garbage")
    with pytest.raises(CorruptRecordError) as refused:
        await reader.open_items()
    assert refused.value.code == "derived_unreadable" and str(data) in str(refused.value)
    assert "rebuilt when the folder is next opened to write" in str(refused.value)
