"""The Store on TinyDB files in one data folder, shaped so a write never grows with history.

Layout (every file a TinyDB document written by AtomicJSONStorage)::

    <data>/                           the folder itself is flock'ed by the one writer
    <data>/.lock                      the writer's pid, for the "already in use" message
    <data>/people/<h>.json            one per person, h = sha256(user key)[:32]:
                                      tables profile, conversation, items (by item id),
                                      outgoing (replies recorded with their item, until
                                      the outbox holds them)
    <data>/queue.json                 open items only: id -> person, mentor, submitted_at, ref
    <data>/index/<xx>.json            item id -> person and ref -> item, sharded by hash so
                                      each shard stays a few KB however many items exist
    <data>/outbox.json                pending and recently finished messages
    <data>/outbox/<YYYY-MM>.json      finished messages moved out after OUTBOX_KEEP
    <data>/system.json                invitations, marks (digest slots, last-inbound
                                      windows), erasures in progress
    <data>/audit/<YYYY-MM>.json       audit trail by month

Why this shape: writing for one mentee rewrites that mentee's file and a few small
indexes, so cost follows one person's history, not everyone's. Person files are the
source of truth; the queue and the shards are derived and are repaired from them at
start-up, which is what makes `submit_item` crash-safe: the person file (item plus
conversation, draft cleared) is written in one atomic write first, then the indexes; a
SIGKILL in between is healed on the next open. File names carry a hash, never a platform
id. Errors and logs name files and ids, never content.

Writes leave the event loop: each is staged in a FileWriter (bot/storage/tiny/writer.py)
and written by a worker thread, later reads of that file seeing the staged content, and
a method returns once all it wrote is durable. Where a crash must find two files in an
order, the method awaits the first before staging the second. The rare operations that
rewrite many files in an order (erasure, archiving the outbox, pruning the audit) first
let every staged write finish, then run on the loop with direct writes, as they always
did.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import functools
import json
import logging
import os
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from tinydb import TinyDB
from tinydb.table import Table

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
from bot.domain.about import is_audit_about
from bot.domain.ids import pseudonym
from bot.domain.lru import BoundedDict
from bot.domain.time import parse_aware
from bot.errors import CorruptRecordError, StoreBusyError, StoreError
from bot.ports import Person
from bot.storage import codec
from bot.storage.atomic import (
    DIR_MODE,
    IDENTITY,
    TEMP_SUFFIX,
    AtomicJSONStorage,
    Cipher,
    FileStamp,
    encode_json,
    file_stamp,
    fsync_dir,
    remove_durably,
    write_atomic,
)
from bot.storage.records import (
    ERASED,
    is_redeemable,
    item_order,
    outbox_order,
    parked_order,
)
from bot.storage.tiny.check import DamagedFolderError, RepairLog, check_folder, move_aside
from bot.storage.tiny.writer import DELETED, Content, FileWriter
from bot.storage.write_helper import WriteHelpers

log = logging.getLogger(__name__)

Data = dict[str, dict[str, Any]]
CipherFor = Callable[[str], Cipher]
"""Given a file's label (e.g. 'people/<h>.json'), the cipher for it: one key per mentee."""

OUTBOX_KEEP = timedelta(days=7)
"""How long a sent or failed message stays in outbox.json (idempotency and routing window)."""

SHARD_CHARS = 2
"""256 index shards: at 10,000 items each holds ~40 ids and ~40 refs."""

_ONE = "1"
PID_FILE = ".lock"

DOCUMENTS_KEPT = 1024
"""Parsed files the writer keeps (system.json and the people writing now, mostly): a
few tens of MB at most, however many people the folder holds."""


@dataclass
class _Document:
    """A file's document as last read or written by this store, and which version it is:
    `stamp` None while the write of writer version `version` is not yet on disk."""

    data: Data
    version: int
    stamp: FileStamp | None


def _copy(data: Data) -> Data:
    """A copy whose tables can be changed freely. Records are shared: the store replaces
    a record, never changes one in place."""
    return {table: dict(records) for table, records in data.items()}


class _Table(Table):
    """Document ids are our record ids (item id, outbox key, code), not TinyDB counters."""

    document_id_class = str  # type: ignore[assignment]


class _TinyDB(TinyDB):
    """TinyDB whose tables read our string ids, for anyone opening a file with its API."""

    table_class = _Table


def person_name(user_key: str) -> str:
    """A person's file stem: stable, fixed length, and no platform id in the folder listing."""
    return pseudonym(user_key, 32)


def _is_derived(label: str) -> bool:
    """queue.json and index/: rebuilt from the person files at every open to write."""
    return label == "queue.json" or label.startswith("index/")


def _shard(key: str) -> str:
    return pseudonym(key, SHARD_CHARS)


def _month(at: datetime) -> str:
    return codec.encode_at(at)[:7]


CODE_GUARD_SECRET = "code_guard"
"""system.json `secrets` (and PostgreSQL `secrets`): the invitation guard's hash key."""
SECRET_BYTES = 32

DIGEST_MARK = "digest:last:"
"""system.json marks: the last digest slot per mentor lives at DIGEST_MARK + mentor id; a
last-inbound window lives at its window key verbatim (the channel's pseudonym)."""


class TinyStore:
    """The Store protocol on a data folder; one instance per folder per machine (flock)."""

    def __init__(
        self,
        data_dir: str | Path,
        *,
        cipher_for: CipherFor | None = None,
        outbox_keep: timedelta = OUTBOX_KEEP,
        repair: RepairLog | None = None,
        read_only: bool = False,
    ) -> None:
        """Refuses a folder with any file that cannot be read whole (DamagedFolderError),
        unless `repair` is given: then those files are moved aside and listed in it.
        `read_only`: a reader beside the one writer (a preview, a listing): no lock, no
        repair at open, every write refused. Each file is replaced atomically by the
        writer, so every read sees a whole file."""
        self.root = Path(data_dir)
        self.is_read_only = read_only
        self._is_open = True
        self.cipher_for: CipherFor = cipher_for or (lambda label: IDENTITY)
        self._outbox_keep = outbox_keep
        self._dbs: dict[str, _TinyDB] = {}
        # The writer's parsed documents (see _read): None in a read-only store, whose
        # files another process replaces.
        self._documents: BoundedDict[str, _Document] | None = (
            None if read_only else BoundedDict(DOCUMENTS_KEPT)
        )
        self._mutex = threading.RLock()
        self._lock_fd: int | None = None
        # People with a draft: built at open (which reads every person file anyway) and
        # kept by the one writer, so the minute tick reads only their files.
        self._with_draft: set[str] = set()
        self._runs: set[tuple[str, datetime]] = set()
        # Parked outbox keys per person (user key), kept by the one writer, so an inbound
        # message asks "anything parked for them?" without reading the outbox.
        self._parked: dict[str, set[str]] = {}
        # (channel, platform id) -> outbox keys (one per chat: Telegram numbers messages
        # per chat), built on first use from the outbox and its archive, then kept by every
        # write: a delivery status or a mentor's reply-to finds its entry directly.
        self._platform_ids: dict[tuple[str, str], list[str]] | None = None
        # Subject or actor -> the audit months naming them, built on first use by reading
        # every month once, then kept by every append: `audit_about` (an export, the daily
        # retention pass for each mentee) reads only the months that name the person.
        self._audit_index: dict[str, set[str]] | None = None
        # Writes staged by the method running now (taken by its `_settle`), and whether it
        # writes directly instead (start-up recovery, and the ordered many-file operations).
        self._writer: FileWriter | None = None
        self._beside_helpers: WriteHelpers | None = None
        self._staged: list[asyncio.Future[None]] = []
        self._is_direct = True
        # Reply keys being recorded: a second record_reply of one key waits for the first.
        self._recording: dict[str, asyncio.Future[bool]] = {}
        if read_only:
            return
        for folder in (
            self.root,
            self.root / "people",
            self.root / "index",
            self.root / "outbox",
            self.root / "audit",
        ):
            try:
                folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"the data folder {self.root} cannot be created ({exc.strerror})") from None
        self._lock_fd = self._take_lock()
        try:
            damages = check_folder(self.root, self.cipher_for)
            if damages and repair is None:
                raise DamagedFolderError(self.root, damages)
            if damages and repair is not None:
                move_aside(self.root, damages, repair)
            self.recover()
        except BaseException:
            self.release()
            raise
        self._writer = FileWriter(self._storage, on_written=self._on_written, on_failed=self._forget)
        self._is_direct = False

    # ------------------------------------------------------------------ lifecycle
    def _take_lock(self) -> int:
        """flock on the data folder itself: a folder in use cannot be removed, `.lock` can.

        `.lock` only tells the next process which pid holds the folder; deleting it (a
        cleanup script, an operator) must not let a second writer in, so the lock is never
        on that file.
        """
        fd = os.open(self.root, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                holder = self._holder()
                pid = f" (pid {holder})" if holder.isdigit() else ""
                raise StoreBusyError(
                    f"the data folder {self.root} is already in use by another cadre "
                    f"process{pid}; stop it first, or point this one at another folder "
                    "with --data",
                    folder=str(self.root),
                    pid=holder if holder.isdigit() else "",
                ) from None
            raise StoreError(f"the data folder {self.root} cannot be locked ({exc.strerror})") from None
        with contextlib.suppress(OSError):
            write_atomic(self.root / PID_FILE, f"{os.getpid()}\n".encode("ascii"))
        return fd

    def _holder(self) -> str:
        try:
            return (self.root / PID_FILE).read_text(encoding="ascii", errors="replace").strip()
        except OSError:
            return ""

    def start_threads(self) -> None:
        """The writer's threads up before the first messages (`cadre run`; a one-off command
        starts only the threads its few writes need)."""
        if self._writer is not None:
            self._writer.start_threads()

    def start_helpers(self) -> None:
        """Helper processes write the files from now on, the folder's lock held with them
        (`cadre run`: see bot/storage/write_helper.py): one per writer thread, and one for
        the inbox beside the store (`write_helpers`); idempotent."""
        if self._writer is None or self._lock_fd is None:
            return
        self._writer.start_helpers(keep_fds=(self._lock_fd,))
        if self._beside_helpers is None:
            self._beside_helpers = WriteHelpers.start(1, keep_fds=(self._lock_fd,))

    @property
    def write_helpers(self) -> WriteHelpers | None:
        """The helper for the inbox beside the store, once started: its own, so that the
        write a webhook's 200 waits for never queues behind a batch of person files."""
        return self._beside_helpers

    async def close(self) -> None:
        """Release the folder for another process; the store cannot be used afterwards."""
        if self._writer is not None:
            await self._writer.drain()
        self.release()

    def release(self) -> None:
        """`close` for synchronous callers (context manager, crash tests); idempotent."""
        with self._mutex:
            if self._writer is not None:
                self._writer.flush_now()
                self._writer.close()
                self._writer = None
            if self._beside_helpers is not None:
                self._beside_helpers.close()
                self._beside_helpers = None
            self._is_open = False
            for db in self._dbs.values():
                db.close()
            self._dbs.clear()
            if self._documents is not None:
                self._documents.clear()
            if self._lock_fd is not None:
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
                os.close(self._lock_fd)
                self._lock_fd = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()

    # ------------------------------------------------------------------ files
    def _db(self, label: str) -> _TinyDB:
        """The open TinyDB for a file, cached; reads still go to disk every time."""
        if not self._is_open:
            raise StoreError(f"the store on {self.root} is closed")
        db = self._dbs.get(label)
        if db is None:
            db = _TinyDB(
                self.root / label, storage=AtomicJSONStorage, cipher=self.cipher_for(label), label=label
            )
            self._dbs[label] = db
        return db

    def _storage(self, label: str) -> AtomicJSONStorage:
        storage = self._db(label).storage
        assert isinstance(storage, AtomicJSONStorage)
        return storage

    def _read(self, label: str, *, is_copied: bool = True) -> Data:
        """The file's document, for the caller to change and write back (its own copy;
        `is_copied=False` for a caller that only looks: see `_view`).

        The writer keeps the documents it read or wrote last (DOCUMENTS_KEPT of them), each
        with the stamp of its file: a read that finds the file unchanged (one `stat`)
        costs no read, no decryption and no parsing. A file changed behind the store's
        back (edited by hand, damaged) has another stamp and is read again, with the same
        refusals as ever. What is staged is read as staged.
        """
        if not self._is_open:
            raise StoreError(f"the store on {self.root} is closed")
        kept = self._documents.get(label) if self._documents is not None else None
        if self._writer is not None and self._writer.is_staged(label):
            if not self._writer.will_exist(label):
                return {}
            if kept is not None and kept.version == self._writer.staged_version(label):
                return _copy(kept.data) if is_copied else kept.data
            return dict(json.loads(self._writer.staged(label) or b"{}"))
        if self.is_read_only and not (self.root / label).is_file():
            return {}  # the writer has not created it yet
        storage = self._storage(label)
        if kept is not None and kept.stamp is not None and file_stamp(storage.path) == kept.stamp:
            return _copy(kept.data) if is_copied else kept.data
        try:
            data, stamp = storage.read_stamped()
        except CorruptRecordError as error:
            if not _is_derived(label):
                raise
            # Derived from the person files: the next open to write rebuilds it.
            raise CorruptRecordError(
                f"{error} in the data folder {self.root}; it is derived from the person files "
                "and rebuilt when the folder is next opened to write (`cadre run`, `cadre repair`)",
                code="derived_unreadable",
                params={"folder": str(self.root), "problem": str(error), "label": label},
            ) from None
        if data is None or stamp is None:
            self._forget(label)
            return {}
        if self._documents is not None:
            self._documents[label] = _Document(data, 0, stamp)
            return _copy(data) if is_copied else data
        return data

    def _view(self, label: str) -> Data:
        """The file's document for a caller that only reads it (never changes it): no copy,
        which for system.json would copy every window mark of the folder at each look."""
        return self._read(label, is_copied=False)

    def _write(self, label: str, data: Data) -> None:
        """One atomic write of the whole file: several tables change together or not at all.
        Staged (durable at the method's `_settle`), or written now in a direct section."""
        self._refuse_if_read_only(label)
        kept = _copy(data)  # the caller may go on changing `data` without writing it
        if self._writes_now():
            try:
                stamp = self._storage(label).write_plain(encode_json(data, label=label))
            except BaseException:
                self._forget(label)
                raise
            if self._documents is not None:
                self._documents[label] = _Document(kept, 0, stamp)
        else:
            # Encoded when written, from the kept copy: a file changed many times while
            # one write of it is in flight (system.json's marks) is encoded once.
            self._stage(label, functools.partial(encode_json, kept, label=label))
            if self._documents is not None:
                assert self._writer is not None
                self._documents[label] = _Document(kept, self._writer.staged_version(label), None)

    def _stage(self, label: str, content: Content) -> None:
        assert self._writer is not None  # not a direct section (see _writes_now)
        if content is DELETED:
            self._forget(label)
        self._staged.append(self._writer.stage(label, content))

    def _on_written(self, label: str, version: int, stamp: FileStamp) -> None:
        """The writer put this version on disk: the document kept for it now has its stamp."""
        kept = self._documents.get(label) if self._documents is not None else None
        if kept is not None and kept.version == version:
            kept.stamp = stamp

    def _forget(self, label: str) -> None:
        """No document kept for this file (removed, or its write failed: the disk is the truth)."""
        if self._documents is not None:
            self._documents.pop(label, None)

    def _writes_now(self) -> bool:
        """Direct sections, and synchronous callers (seeding a bench folder, no loop)."""
        if self._is_direct or self._writer is None:
            return True
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return True
        return False

    async def _settle(self) -> None:
        """Until every write the calling method staged is durable (call it right after the
        synchronous part that staged them: no other method has run in between)."""
        staged, self._staged = self._staged, []
        if staged:
            await asyncio.gather(*staged)

    async def _quiesce(self) -> None:
        """Before a direct section: every staged write durable, so the disk is the truth."""
        if self._writer is not None:
            await self._writer.drain()

    @contextlib.contextmanager
    def _direct(self) -> Iterator[None]:
        """Writes go straight to disk, in program order (no await may happen inside)."""
        self._is_direct = True
        try:
            yield
        finally:
            self._is_direct = self._writer is None

    def _refuse_if_read_only(self, label: str) -> None:
        if self.is_read_only:
            raise StoreError(f"{label}: the store on {self.root} is read-only (another process writes)")

    def _remove_file(self, label: str) -> None:
        self._refuse_if_read_only(label)
        if not self._writes_now():
            self._stage(label, DELETED)
            return
        self._forget(label)
        db = self._dbs.pop(label, None)
        if db is not None:
            db.close()
        remove_durably(self.root / label)

    def _with_staged(self, labels: Iterable[str], folder: str) -> list[str]:
        """Files of a folder as the next reads will find them: staged ones included."""
        found = set(labels)
        if self._writer is not None:
            for label, exists in self._writer.staged_labels().items():
                if label.startswith(folder + "/") and label.count("/") == folder.count("/") + 1:
                    (found.add if exists else found.discard)(label)
        return sorted(found)

    @staticmethod
    def _person_label(name: str) -> str:
        return f"people/{name}.json"

    def _person_names(self) -> list[str]:
        return [Path(label).stem for label in self._labels("people")]

    def _labels(self, folder: str) -> list[str]:
        """Files of a folder, oldest month first."""
        on_disk = (
            f"{folder}/{p.name}" for p in (self.root / folder).glob("*.json") if not p.name.startswith(".")
        )
        return self._with_staged(on_disk, folder)

    # ------------------------------------------------------------------ decoding helpers
    def _profile(self, label: str, data: Data) -> Mentee | None:
        raw = data.get("profile", {}).get(_ONE)
        return None if raw is None else codec.decode_mentee(raw, source=label)

    def _conversation(self, label: str, data: Data) -> Conversation | None:
        raw = data.get("conversation", {}).get(_ONE)
        return None if raw is None else codec.decode_conversation(raw, source=label)

    def _items(self, label: str, data: Data) -> list[Item]:
        return [
            codec.decode_item(raw, source=label, record=item_id)
            for item_id, raw in data.get("items", {}).items()
        ]

    # ------------------------------------------------------------------ people
    async def get_person(self, user: UserRef) -> Person:
        """Profile and conversation from one read of the person file."""
        with self._mutex:
            label = self._person_label(person_name(user.key))
            data = self._read(label)
            return Person(user, self._profile(label, data), self._conversation(label, data))

    async def get_mentee(self, user: UserRef) -> Mentee | None:
        with self._mutex:
            label = self._person_label(person_name(user.key))
            return self._profile(label, self._read(label))

    async def save_mentee(self, mentee: Mentee) -> None:
        with self._mutex:
            label = self._person_label(person_name(mentee.user.key))
            data = self._read(label)
            data["profile"] = {_ONE: codec.encode_mentee(mentee)}
            self._write(label, data)
        await self._settle()

    async def list_mentees(self) -> list[Mentee]:
        with self._mutex:
            found: list[Mentee] = []
            for name in self._person_names():
                label = self._person_label(name)
                mentee = self._profile(label, self._read(label))
                if mentee is not None:
                    found.append(mentee)
            return sorted(found, key=lambda m: (m.enrolled_at, m.user.key))

    # ------------------------------------------------------------------ conversations
    async def get_conversation(self, user: UserRef) -> Conversation | None:
        with self._mutex:
            label = self._person_label(person_name(user.key))
            return self._conversation(label, self._read(label))

    async def save_conversation(self, conversation: Conversation) -> None:
        with self._mutex:
            label = self._person_label(person_name(conversation.user.key))
            data = self._read(label)
            data["conversation"] = {_ONE: codec.encode_conversation(conversation)}
            self._write(label, data)
            self._note_draft(conversation)
        await self._settle()

    def _note_draft(self, conversation: Conversation) -> None:
        name = person_name(conversation.user.key)
        if conversation.draft is None:
            self._with_draft.discard(name)
        else:
            self._with_draft.add(name)

    async def list_conversations_with_draft(self) -> list[Conversation]:
        with self._mutex:
            found: list[Conversation] = []
            for name in sorted(self._with_draft):
                label = self._person_label(name)
                conversation = self._conversation(label, self._read(label))
                if conversation is not None and conversation.draft is not None:
                    found.append(conversation)
            return found

    # ------------------------------------------------------------------ items
    async def submit_item(self, item: Item, conversation: Conversation) -> None:
        """Person file first (item + conversation, one write), then the derived indexes."""
        with self._mutex:
            name = person_name(item.mentee.key)
            if person_name(conversation.user.key) != name:
                raise StoreError(f"item {item.id}: conversation belongs to another person")
            label = self._person_label(name)
            data = self._read(label)
            data.setdefault("items", {})[item.id] = codec.encode_item(item)
            data["conversation"] = {_ONE: codec.encode_conversation(conversation)}
            self._write(label, data)
            self._note_draft(conversation)
        await self._settle()  # the person file is the truth: durable before its indexes
        with self._mutex:
            self._index_item(item, name)
        await self._settle()

    async def save_item(self, item: Item) -> None:
        with self._mutex:
            name = person_name(item.mentee.key)
            label = self._person_label(name)
            data = self._read(label)
            data.setdefault("items", {})[item.id] = codec.encode_item(item)
            self._write(label, data)
        await self._settle()
        with self._mutex:
            self._index_item(item, name)
        await self._settle()

    async def record_reply(self, item: Item, entry: OutboxEntry) -> bool:
        """Person file first (item + the entry under `outgoing`, one write), then the outbox.

        A crash between the two leaves the entry in the person file only; `recover` moves
        it to the outbox at the next open, so the reply is sent once. Entries already in
        the outbox are dropped from `outgoing` by the same write.
        """
        key = entry.outbound.key
        while (earlier := self._recording.get(key)) is not None:
            with contextlib.suppress(Exception):
                await asyncio.shield(earlier)  # its outcome decides what the check finds
        with self._mutex:
            if self._outbox_has(key, entry.created_at):
                return False
            name = person_name(item.mentee.key)
            label = self._person_label(name)
            data = self._read(label)
            data.setdefault("items", {})[item.id] = codec.encode_item(item)
            outgoing = data.setdefault("outgoing", {})
            active = self._read("outbox.json").get("entries", {})
            for done in [k for k in outgoing if k in active]:
                del outgoing[done]
            outgoing[key] = codec.encode_outbox(entry)
            self._write(label, data)
            self._index_item(item, name)
        recorded = self._recording[key] = asyncio.get_running_loop().create_future()
        try:
            await self._settle()  # the person file is durable before the outbox names it
            with self._mutex:
                outbox = self._read("outbox.json")
                outbox.setdefault("entries", {})[key] = codec.encode_outbox(entry)
                self._write("outbox.json", outbox)
                self._note_outbox(entry)
            await self._settle()
        except BaseException as error:
            recorded.set_exception(error if isinstance(error, Exception) else StoreError("cancelled"))
            recorded.exception()
            raise
        finally:
            del self._recording[key]
        recorded.set_result(True)
        return True

    def _index_item(self, item: Item, name: str) -> None:
        """Bring the shards and the queue in line with one item; writes only what changed."""
        id_label = f"index/{_shard(item.id)}.json"
        data = self._read(id_label)
        wanted = {"person": name, "ref": item.ref}
        if data.get("ids", {}).get(item.id) != wanted:
            data.setdefault("ids", {})[item.id] = wanted
            self._write(id_label, data)
        ref_label = f"index/{_shard('ref:' + item.ref)}.json"
        data = self._read(ref_label)
        wanted = {"item": item.id, "person": name}
        if data.get("refs", {}).get(item.ref) != wanted:
            data.setdefault("refs", {})[item.ref] = wanted
            self._write(ref_label, data)
        queue = self._read("queue.json")
        open_ = queue.setdefault("open", {})
        if item.status is ItemStatus.WAITING:
            entry = {
                "person": name,
                "mentor": item.mentor,
                "submitted_at": codec.encode_at(item.submitted_at),
                "ref": item.ref,
            }
            if open_.get(item.id) != entry:
                open_[item.id] = entry
                self._write("queue.json", queue)
        elif open_.pop(item.id, None) is not None:
            self._write("queue.json", queue)

    def _index_entry(self, label: str, table: str, key: str, *fields: str) -> list[str] | None:
        """The named fields of one index entry, or None; a malformed entry is reported."""
        entry = self._read(label).get(table, {}).get(key)
        if entry is None:
            return None
        values = [entry.get(f) for f in fields] if isinstance(entry, dict) else []
        if len(values) != len(fields) or not all(isinstance(v, str) for v in values):
            raise CorruptRecordError(
                f"{label}: record {table} entry: malformed "
                "(delete the index folder and restart to rebuild it)"
            )
        return [str(v) for v in values]

    def _load_item(self, item_id: str, name: str) -> Item | None:
        label = self._person_label(name)
        raw = self._read(label).get("items", {}).get(item_id)
        return None if raw is None else codec.decode_item(raw, source=label, record=item_id)

    async def get_item(self, item_id: str) -> Item | None:
        with self._mutex:
            entry = self._index_entry(f"index/{_shard(item_id)}.json", "ids", item_id, "person")
            return None if entry is None else self._load_item(item_id, entry[0])

    async def find_item_by_ref(self, ref: str) -> Item | None:
        with self._mutex:
            entry = self._index_entry(f"index/{_shard('ref:' + ref)}.json", "refs", ref, "item", "person")
            return None if entry is None else self._load_item(entry[0], entry[1])

    async def items_of(self, user: UserRef) -> list[Item]:
        with self._mutex:
            label = self._person_label(person_name(user.key))
            return sorted(self._items(label, self._read(label)), key=item_order)

    async def open_items(self, mentor: str | None = None) -> list[Item]:
        with self._mutex:
            by_person: dict[str, list[str]] = {}
            for item_id, entry in self._read("queue.json").get("open", {}).items():
                person = entry.get("person") if isinstance(entry, dict) else None
                if not isinstance(person, str):
                    raise CorruptRecordError(
                        "queue.json: record open entry: malformed "
                        "(delete queue.json and restart to rebuild it)"
                    )
                if mentor is None or entry.get("mentor") == mentor:
                    by_person.setdefault(person, []).append(item_id)
            found: list[Item] = []
            for name, ids in by_person.items():
                label = self._person_label(name)
                items = self._read(label).get("items", {})
                for item_id in ids:
                    raw = items.get(item_id)
                    if raw is None:
                        continue  # healed at the next open; never shown half-there
                    item = codec.decode_item(raw, source=label, record=item_id)
                    if item.status is ItemStatus.WAITING and (mentor is None or item.mentor == mentor):
                        found.append(item)
            return sorted(found, key=item_order)

    # ------------------------------------------------------------------ outbox
    def _outbox_entries(self, label: str) -> Iterator[OutboxEntry]:
        for key, raw in self._read(label).get("entries", {}).items():
            yield codec.decode_outbox(raw, source=label, record=key)

    def _outbox_has(self, key: str, created_at: datetime, active: Data | None = None) -> bool:
        """Whether the key is in the active outbox or the archive months it could be in."""
        data = active if active is not None else self._read("outbox.json")
        if key in data.get("entries", {}):
            return True
        recent = {_month(created_at), _month(created_at - timedelta(days=31))}
        return any(key in self._read(f"outbox/{month}.json").get("entries", {}) for month in recent)

    def _note_outbox(self, entry: OutboxEntry) -> None:
        """Keep the in-memory parked set and platform-id index in line with one write."""
        key, user_key = entry.outbound.key, entry.outbound.to.key
        parked = self._parked.get(user_key, set())
        if entry.status is OutboxStatus.PARKED:
            parked.add(key)
            self._parked[user_key] = parked
        elif key in parked:
            parked.discard(key)
            if not parked:
                del self._parked[user_key]
        if self._platform_ids is not None and entry.platform_message_id is not None:
            keys = self._platform_ids.setdefault((entry.outbound.to.channel, entry.platform_message_id), [])
            if key not in keys:
                keys.append(key)

    def _put_outbox(self, entries: list[OutboxEntry]) -> None:
        data = self._read("outbox.json")
        for entry in entries:
            data.setdefault("entries", {})[entry.outbound.key] = codec.encode_outbox(entry)
        self._write("outbox.json", data)
        for entry in entries:
            self._note_outbox(entry)

    async def enqueue(self, entry: OutboxEntry) -> bool:
        with self._mutex:
            data = self._read("outbox.json")
            if self._outbox_has(entry.outbound.key, entry.created_at, data):
                return False
            data.setdefault("entries", {})[entry.outbound.key] = codec.encode_outbox(entry)
            self._write("outbox.json", data)
            self._note_outbox(entry)
        await self._settle()
        return True

    async def save_outbox(self, entry: OutboxEntry) -> None:
        with self._mutex:
            self._put_outbox([entry])
        await self._settle()

    async def get_outbox(self, key: str) -> OutboxEntry | None:
        with self._mutex:
            return self._find_outbox(key)

    def _find_outbox(self, key: str) -> OutboxEntry | None:
        for label in ["outbox.json", *reversed(self._labels("outbox"))]:
            raw = self._read(label).get("entries", {}).get(key)
            if raw is not None:
                return codec.decode_outbox(raw, source=label, record=key)
        return None

    async def due_outbox(self, now_at: datetime) -> list[OutboxEntry]:
        """Pending entries whose time has come; also moves long-finished ones to the archive."""
        with self._mutex:
            entries = list(self._outbox_entries("outbox.json"))
        if self._archivable(entries, now_at):
            await self._quiesce()
            with self._mutex, self._direct():
                entries = list(self._outbox_entries("outbox.json"))
                self._archive_outbox(entries, now_at)
        with self._mutex:
            return sorted(
                (e for e in entries if e.status is OutboxStatus.PENDING and e.next_attempt_at <= now_at),
                key=outbox_order,
            )

    def _archive_outbox(self, entries: list[OutboxEntry], now_at: datetime) -> None:
        """Keeps outbox.json small: archive first, then drop, so a crash duplicates, never loses.

        The archive keeps what dedupe and reply routing need (key, recipient, item ref,
        platform id, status), never the words: a sent message needs no copy on disk.
        """
        old = self._archivable(entries, now_at)
        if not old:
            return
        by_month: dict[str, list[OutboxEntry]] = {}
        for entry in old:
            by_month.setdefault(_month(entry.created_at), []).append(entry)
        for month, moved in by_month.items():
            label = f"outbox/{month}.json"
            archive = self._read(label)
            for entry in moved:
                archive.setdefault("entries", {})[entry.outbound.key] = codec.encode_outbox(
                    entry.without_content()
                )
            self._write(label, archive)
        data = self._read("outbox.json")
        for entry in old:
            data.get("entries", {}).pop(entry.outbound.key, None)
        self._write("outbox.json", data)
        log.info("outbox archived count=%d", len(old))

    def _archivable(self, entries: list[OutboxEntry], now_at: datetime) -> list[OutboxEntry]:
        return [
            e
            for e in entries
            if e.status in (OutboxStatus.SENT, OutboxStatus.FAILED)
            and e.created_at <= now_at - self._outbox_keep
        ]

    async def list_outbox(self) -> list[OutboxEntry]:
        """The active outbox: pending and parked entries, and those finished within OUTBOX_KEEP."""
        with self._mutex:
            return sorted(self._outbox_entries("outbox.json"), key=outbox_order)

    async def parked_for(self, user: UserRef) -> list[OutboxEntry]:
        """No file read unless something is parked for this person (the usual case)."""
        with self._mutex:
            keys = self._parked.get(user.key)
            if not keys:
                return []
            raw = self._read("outbox.json").get("entries", {})
            found = [
                codec.decode_outbox(raw[key], source="outbox.json", record=key) for key in keys if key in raw
            ]
            return sorted((e for e in found if e.status is OutboxStatus.PARKED), key=parked_order)

    async def by_platform_id(
        self, channel: str, message_id: str, *, to: UserRef | None = None
    ) -> OutboxEntry | None:
        with self._mutex:
            if self._platform_ids is None:
                self._platform_ids = {}
                for label in [*self._labels("outbox"), "outbox.json"]:
                    for entry in self._outbox_entries(label):
                        if entry.platform_message_id is not None:
                            pair = (entry.outbound.to.channel, entry.platform_message_id)
                            keys = self._platform_ids.setdefault(pair, [])
                            if entry.outbound.key not in keys:
                                keys.append(entry.outbound.key)
            found = [self._find_outbox(key) for key in self._platform_ids.get((channel, message_id), [])]
            matching = [
                e
                for e in found
                if e is not None
                and e.platform_message_id == message_id
                and (to is None or e.outbound.to == to)
            ]
            return max(matching, key=lambda e: (e.created_at, e.outbound.key)) if matching else None

    # ------------------------------------------------------------------ invitations, marks
    async def save_invitation(self, invitation: Invitation) -> None:
        with self._mutex:
            data = self._read("system.json")
            data.setdefault("invitations", {})[invitation.code] = codec.encode_invitation(invitation)
            self._write("system.json", data)
        await self._settle()

    async def get_invitation(self, code: str) -> Invitation | None:
        with self._mutex:
            raw = self._read("system.json").get("invitations", {}).get(code)
            if raw is None:
                return None
            return codec.decode_invitation(raw, source="system.json", record="invitation")

    async def redeem_invitation(self, code: str, *, user_key: str, now_at: datetime) -> Invitation | None:
        """Check and mark in one read-modify-write of system.json (one writer process)."""
        with self._mutex:
            data = self._read("system.json")
            raw = data.get("invitations", {}).get(code)
            invitation = None
            if raw is not None:
                invitation = codec.decode_invitation(raw, source="system.json", record="invitation")
            if not is_redeemable(invitation, now_at):
                return None
            assert invitation is not None
            used = replace(invitation, used_by=user_key, used_at=now_at)
            data["invitations"][code] = codec.encode_invitation(used)
            self._write("system.json", data)
        await self._settle()
        return used

    async def failed_codes(self, since_at: datetime) -> list[tuple[str, datetime]]:
        with self._mutex:
            found: list[tuple[str, datetime]] = []
            for number, raw in self._read("system.json").get("failed_codes", {}).items():
                who, at = codec.decode_failed_code(raw, source="system.json", record=f"failed code {number}")
                if at >= since_at:
                    found.append((who, at))
            return found

    async def add_failed_code(self, who: str, at: datetime, *, forget_before: datetime) -> None:
        with self._mutex:
            data = self._read("system.json")
            kept = [
                raw
                for raw in data.get("failed_codes", {}).values()
                if codec.decode_failed_code(raw, source="system.json", record="failed code")[1]
                >= forget_before
            ]
            kept.append(codec.encode_failed_code(who, at))
            data["failed_codes"] = {str(n): raw for n, raw in enumerate(kept, start=1)}
            self._write("system.json", data)
        await self._settle()

    async def code_guard_key(self) -> bytes:
        """In system.json's `secrets` table, beside the failed codes it keys (encrypted with
        the shared data key when the folder is)."""
        with self._mutex:
            data = self._read("system.json")
            raw = data.get("secrets", {}).get(CODE_GUARD_SECRET)
            if raw is not None:
                return codec.decode_secret(raw, source="system.json", record=CODE_GUARD_SECRET)
            key = secrets.token_bytes(SECRET_BYTES)
            data.setdefault("secrets", {})[CODE_GUARD_SECRET] = codec.encode_secret(key)
            self._write("system.json", data)
        await self._settle()
        return key

    async def set_code_guard_key(self, key: bytes) -> None:
        """`cadre db migrate` the other way round and tests: adopt a given secret."""
        with self._mutex:
            data = self._read("system.json")
            data.setdefault("secrets", {})[CODE_GUARD_SECRET] = codec.encode_secret(key)
            self._write("system.json", data)
        await self._settle()

    def _mark(self, name: str) -> datetime | None:
        document = self._view("system.json").get("marks", {}).get(name)
        if document is None:
            return None
        value = document.get("value") if isinstance(document, dict) else None
        if not isinstance(value, str):
            raise CorruptRecordError("system.json: record mark: field 'value' must be a string")
        parsed = parse_aware(value)
        if value and parsed is None:
            log.warning("system.json: unreadable mark treated as absent")
        return parsed

    def _set_mark(self, name: str, at: datetime | None) -> None:
        data = self._read("system.json")
        marks = data.setdefault("marks", {})
        if at is None:
            if marks.pop(name, None) is None:
                return
        else:
            marks[name] = {"value": codec.encode_at(at)}
        self._write("system.json", data)

    async def claim_outbox(self, key: str, now_at: datetime) -> OutboxEntry | None:
        """One process owns the folder: the entry, if it is still pending."""
        with self._mutex:
            entry = self._find_outbox(key)
            return entry if entry is not None and entry.status is OutboxStatus.PENDING else None

    async def claim_run(self, job: str, slot_at: datetime, now_at: datetime) -> bool:
        """One process owns the folder: the first ask per slot since it opened wins."""
        with self._mutex:
            if (job, slot_at) in self._runs:
                return False
            self._runs.add((job, slot_at))
            return True

    async def finish_run(self, job: str, slot_at: datetime) -> None:
        """One process owns the folder: its claim already holds until it closes."""

    async def prune_runs(self, before_at: datetime) -> int:
        with self._mutex:
            old = {run for run in self._runs if run[1] < before_at}
            self._runs -= old
            return len(old)

    async def claim_digest_slot(self, mentor_id: str, slot_at: datetime, now_at: datetime) -> bool:
        """One process owns the folder: claimable until the slot is marked handled."""
        with self._mutex:
            handled_at = self._mark(DIGEST_MARK + mentor_id)
            return handled_at is None or handled_at < slot_at

    async def digest_slot(self, mentor_id: str) -> datetime | None:
        with self._mutex:
            return self._mark(DIGEST_MARK + mentor_id)

    async def set_digest_slot(self, mentor_id: str, slot_at: datetime) -> None:
        with self._mutex:
            self._set_mark(DIGEST_MARK + mentor_id, slot_at)
        await self._settle()

    async def last_inbound(self, window: str) -> datetime | None:
        with self._mutex:
            return self._mark(window)

    async def set_last_inbound(self, window: str, at: datetime | None) -> None:
        with self._mutex:
            self._set_mark(window, at)
        await self._settle()

    async def identity_link(self, key: str) -> str | None:
        with self._mutex:
            document = self._view("system.json").get("links", {}).get(key)
        value = document.get("value") if isinstance(document, dict) else None
        return value if isinstance(value, str) and value else None

    async def set_identity_link(self, key: str, identity: str | None) -> None:
        with self._mutex:
            data = self._read("system.json")
            links = data.setdefault("links", {})
            if identity is None:
                if links.pop(key, None) is None:
                    return
            else:
                links[key] = {"value": identity}
            self._write("system.json", data)
        await self._settle()

    async def record_consent(self, mentee: Mentee, conversation: Conversation, event: AuditEvent) -> None:
        """Audit first, then profile and conversation in one write of the person file."""
        if conversation.user != mentee.user:
            raise StoreError("consent: conversation belongs to another person")
        with self._mutex:
            self._append_audit(event)
        await self._settle()  # the audit is durable before the consent it records
        with self._mutex:
            label = self._person_label(person_name(mentee.user.key))
            data = self._read(label)
            data["profile"] = {_ONE: codec.encode_mentee(mentee)}
            data["conversation"] = {_ONE: codec.encode_conversation(conversation)}
            self._write(label, data)
            self._note_draft(conversation)
        await self._settle()

    # ------------------------------------------------------------------ audit
    async def append_audit(self, event: AuditEvent) -> None:
        """Into the month's file: a month of events is rewritten, never the whole trail."""
        with self._mutex:
            self._append_audit(event)
        await self._settle()

    def _append_audit(self, event: AuditEvent) -> None:
        label = f"audit/{_month(event.at)}.json"
        data = self._read(label)
        events = data.setdefault("events", {})
        number = max((int(k) for k in events if k.isdigit()), default=0) + 1
        events[str(number)] = codec.encode_audit(event)
        self._write(label, data)
        if self._audit_index is not None:
            for name in (event.subject, event.actor):
                self._audit_index.setdefault(name, set()).add(label)

    def _audit_months(self, since_at: datetime | None) -> list[str]:
        labels = self._labels("audit")
        if since_at is None:
            return labels
        first = f"audit/{_month(since_at)}.json"
        return [label for label in labels if label >= first]

    def _audit(self, labels: list[str]) -> Iterator[AuditEvent]:
        for label in labels:
            for number, raw in self._read(label).get("events", {}).items():
                yield codec.decode_audit(raw, source=label, record=number)

    async def audit_events(self, since_at: datetime | None = None) -> list[AuditEvent]:
        """Reads only the months from `since_at` on."""
        with self._mutex:
            found = self._audit(self._audit_months(since_at))
            return sorted((e for e in found if since_at is None or e.at >= since_at), key=lambda e: e.at)

    async def audit_about(self, alias: str, refs: frozenset[str] = frozenset()) -> list[AuditEvent]:
        with self._mutex:
            if self._audit_index is None:
                self._audit_index = {}
                for label in self._labels("audit"):
                    for event in self._audit([label]):
                        for name in (event.subject, event.actor):
                            self._audit_index.setdefault(name, set()).add(label)
            index = self._audit_index
            labels = sorted({label for name in (alias, *refs) for label in index.get(name, ())})
            found = self._audit(labels)
            return sorted((e for e in found if is_audit_about(e, alias, refs)), key=lambda e: e.at)

    async def prune_audit(self, before_at: datetime) -> int:
        """Whole months before the cutoff's go at once; the cutoff's month is filtered."""
        await self._quiesce()
        with self._mutex, self._direct():
            cutoff = f"audit/{_month(before_at)}.json"
            removed = 0
            for label in self._labels("audit"):
                if label > cutoff:
                    break
                data = self._read(label)
                events = data.get("events", {})
                gone = [
                    number
                    for number, raw in events.items()
                    if codec.decode_audit(raw, source=label, record=number).at < before_at
                ]
                if not gone:
                    continue
                removed += len(gone)
                if len(gone) == len(events):
                    self._remove_file(label)
                    continue
                for number in gone:
                    del events[number]
                self._write(label, data)
            if removed:
                self._audit_index = None  # rebuilt at the next use, without the pruned months
                log.info("audit pruned count=%d", removed)
            return removed

    # ------------------------------------------------------------------ rights
    async def erase_user(self, user: UserRef) -> None:
        """Remove the person file and every derived trace; resumable if interrupted."""
        await self._quiesce()
        with self._mutex, self._direct():
            name = person_name(user.key)
            system = self._read("system.json")
            system.setdefault("erasing", {})[name] = {}
            self._write("system.json", system)
            self._erase(name)

    def _erase(self, name: str) -> None:
        """Indexes and outbox before the person file: until that goes, nothing is lost."""
        self._with_draft.discard(name)
        for user_key in [k for k in self._parked if person_name(k) == name]:
            del self._parked[user_key]
        self._platform_ids = None  # rebuilt on next use, without this person's entries
        label = self._person_label(name)
        data = self._read(label) if (self.root / label).exists() else {}
        refs = {str(raw.get("ref")) for raw in data.get("items", {}).values() if isinstance(raw, dict)}
        for outbox_label in ["outbox.json", *self._labels("outbox")]:
            outbox = self._read(outbox_label)
            entries = outbox.get("entries", {})
            gone = [key for key, raw in entries.items() if self._outbox_is_about(raw, name, refs)]
            if gone:
                for key in gone:
                    del entries[key]
                self._write(outbox_label, outbox)
        self._drop_index_entries(lambda person: person == name)
        self._remove_file(label)
        system = self._read("system.json")
        changed = False
        invitations = system.get("invitations", {})
        for code, raw in invitations.items():
            used_by = raw.get("used_by")
            if isinstance(used_by, str) and person_name(used_by) == name:
                invitations[code] = {**raw, "used_by": ERASED}  # records are shared with _read's keeping
                changed = True
        if system.get("erasing", {}).pop(name, None) is not None:
            changed = True
        if changed:
            self._write("system.json", system)
        log.info("person erased file=%s", name)

    @staticmethod
    def _outbox_is_about(raw: Any, name: str, refs: set[str]) -> bool:
        outbound = raw.get("outbound", {}) if isinstance(raw, dict) else {}
        to = outbound.get("to", {}) if isinstance(outbound, dict) else {}
        if isinstance(to, dict) and person_name(f"{to.get('channel')}:{to.get('id')}") == name:
            return True
        about = outbound.get("about") if isinstance(outbound, dict) else None
        if isinstance(about, dict) and person_name(f"{about.get('channel')}:{about.get('id')}") == name:
            return True
        return isinstance(outbound, dict) and outbound.get("item_ref") in refs

    def _drop_index_entries(self, doomed: Callable[[str], bool]) -> None:
        for shard_label in self._labels("index"):
            shard = self._read(shard_label)
            changed = False
            for table in ("ids", "refs"):
                entries = shard.get(table, {})
                for key in [k for k, e in entries.items() if doomed(str(e.get("person")))]:
                    del entries[key]
                    changed = True
            if changed:
                self._write(shard_label, shard)
        queue = self._read("queue.json")
        open_ = queue.get("open", {})
        gone = [k for k, e in open_.items() if doomed(str(e.get("person")))]
        for key in gone:
            del open_[key]
        if gone:
            self._write("queue.json", queue)

    # ------------------------------------------------------------------ recovery
    def recover(self) -> None:
        """Make the derived files agree with the person files, after any crash.

        Finishes interrupted erasures, deletes stray temporary files (they may hold a
        person's words), then rebuilds the shards and the queue from the person files and
        rewrites only those that differ. Reads every person file once: start-up cost
        follows total history, write cost does not.
        """
        with self._mutex:
            self._remove_temp_files()
            for name in list(self._read("system.json").get("erasing", {})):
                log.warning("finishing an interrupted erasure file=%s", name)
                self._erase(name)
            ids: dict[str, dict[str, dict[str, str]]] = {}
            refs: dict[str, dict[str, dict[str, str]]] = {}
            queue: dict[str, dict[str, str]] = {}
            self._with_draft.clear()
            outbox = self._read_derived_outbox()
            for name in self._person_names():
                label = self._person_label(name)
                data = self._read(label)
                self._recover_outgoing(label, data, outbox)
                conversation = self._conversation(label, data)
                if conversation is not None and conversation.draft is not None:
                    self._with_draft.add(name)
                for item in self._items(label, data):
                    ids.setdefault(f"index/{_shard(item.id)}.json", {})[item.id] = {
                        "person": name,
                        "ref": item.ref,
                    }
                    refs.setdefault(f"index/{_shard('ref:' + item.ref)}.json", {})[item.ref] = {
                        "item": item.id,
                        "person": name,
                    }
                    if item.status is ItemStatus.WAITING:
                        queue[item.id] = {
                            "person": name,
                            "mentor": item.mentor,
                            "submitted_at": codec.encode_at(item.submitted_at),
                            "ref": item.ref,
                        }
            repaired = 0
            for label in sorted(set(self._labels("index")) | set(ids) | set(refs)):
                current = self._read_derived(label)
                wanted: Data = {"ids": ids.get(label, {}), "refs": refs.get(label, {})}
                if current is None or {t: current.get(t, {}) for t in ("ids", "refs")} != wanted:
                    if wanted["ids"] or wanted["refs"]:
                        self._write(label, wanted)
                    else:
                        self._remove_file(label)
                    repaired += 1
            current_queue = self._read_derived("queue.json")
            if current_queue is None or current_queue.get("open", {}) != queue:
                current_queue = {**(current_queue or {}), "open": queue}
                self._write("queue.json", current_queue)
                repaired += 1
            if repaired:
                log.warning("indexes repaired from person files files=%d", repaired)

    def _read_derived_outbox(self) -> Data:
        """The active outbox at start-up, and the parked set derived from it."""
        outbox = self._read("outbox.json")
        self._parked.clear()
        self._platform_ids = None
        for entry in self._outbox_entries("outbox.json"):
            self._note_outbox(entry)
        return outbox

    def _recover_outgoing(self, label: str, data: Data, outbox: Data) -> None:
        """Replies recorded with their item but not yet in the outbox (a crash in between)
        go to the outbox now; then the person file's `outgoing` table is emptied."""
        outgoing = data.get("outgoing", {})
        if not outgoing:
            return
        moved = 0
        for key, raw in outgoing.items():
            entry = codec.decode_outbox(raw, source=label, record=key)
            if not self._outbox_has(key, entry.created_at, outbox):
                outbox.setdefault("entries", {})[key] = codec.encode_outbox(entry)
                self._note_outbox(entry)
                moved += 1
        if moved:
            self._write("outbox.json", outbox)
            log.warning("replies moved to the outbox after a crash count=%d", moved)
        data["outgoing"] = {}
        self._write(label, data)

    def _read_derived(self, label: str) -> Data | None:
        """An index file at start-up; None when unreadable, which its caller rewrites (or
        removes) from the person files, the truth: reporting it rebuilt and leaving the
        unreadable file for the next reader (a preview) is how `queue.json: cannot be
        decrypted` outlived every open."""
        try:
            return self._read(label)
        except CorruptRecordError:
            log.warning("unreadable index rebuilt file=%s", label)
            return None

    def _remove_temp_files(self) -> None:
        folders: Iterable[Path] = (
            self.root,
            self.root / "people",
            self.root / "index",
            self.root / "outbox",
            self.root / "audit",
        )
        for folder in folders:
            stray = [p for p in folder.glob(f".*{TEMP_SUFFIX}") if p.is_file()]
            for path in stray:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
            if stray:
                fsync_dir(folder)
                log.warning("stray temporary files removed count=%d", len(stray))
