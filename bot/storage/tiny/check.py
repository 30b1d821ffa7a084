"""Every file of a data folder read whole before the service starts, or the start refused.

A file that cannot be read whole (zero bytes, half-written, garbage, the wrong shape, one
wrong field) is never taken as empty: that is how a mentee became a stranger, or a
pending answer vanished, with nothing but a warning. `check_folder` decodes every record
of every file the store and the inbox own; `TinyStore` refuses to open on any damage and
names each file and what to do. `cadre repair` (RepairLog) moves each damaged file aside
to `<data>/damaged/<stamp>/`, keeping its relative path, and reports what it held.

The accompaniment journey's files (journey/<h>.json, one per mentee alias) are checked
and moved aside the same way: a journey file read as "no programme" is a programme that
vanished.

Derived files (queue.json, index/) are not damage: they are rebuilt from the person
files at every open. keys.json is never moved: without it nothing can be read, so only a
backup helps.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from bot.errors import CorruptRecordError
from bot.journey.ports import JourneyRecords
from bot.storage import codec
from bot.storage.atomic import DIR_MODE, AtomicJSONStorage, Cipher, fsync_dir

CipherFor = Callable[[str], Cipher]


class FileKind(StrEnum):
    """What a file holds, so a report can say what is lost with it."""

    PERSON = "person"
    SYSTEM = "system"
    OUTBOX = "outbox"
    OUTBOX_ARCHIVE = "outbox_archive"
    AUDIT = "audit"
    INBOX_PENDING = "inbox_pending"
    INBOX_SEEN = "inbox_seen"
    JOURNEY = "journey"


@dataclass(frozen=True)
class Damage:
    label: str
    problem: str
    kind: FileKind
    moved_to: str | None = None
    code: str = ""
    """The problem's wording in the catalogues (`cli.store.<code>`, with `params`)."""
    params: tuple[tuple[str, object], ...] = ()


class DamagedFolderError(CorruptRecordError):
    """The folder has files that cannot be read whole: the start stops, naming each."""

    def __init__(self, root: Path, damages: list[Damage]) -> None:
        self.root = root
        self.damages = damages
        lines = [f"  {damage.problem}" for damage in damages]
        super().__init__(
            f"the data folder {root} has {len(damages)} damaged file(s), so Cadre does not start "
            "(nothing is dropped silently):\n"
            + "\n".join(lines)
            + "\nRestore these files from your last backup (see docs/operations.md), or run "
            "`cadre repair` to move them aside and see what is lost.",
            code="damaged_folder",
            params={"folder": str(root), "count": len(damages)},
        )


@dataclass
class RepairLog:
    """Given to TinyStore to move damaged files aside instead of refusing to open."""

    stamp: str
    moved: list[Damage] = field(default_factory=list)


def _labels(root: Path) -> list[tuple[str, FileKind]]:
    found: list[tuple[str, FileKind]] = []
    for label, kind in (("system.json", FileKind.SYSTEM), ("outbox.json", FileKind.OUTBOX)):
        if (root / label).exists():
            found.append((label, kind))
    for folder, kind in (
        ("people", FileKind.PERSON),
        ("outbox", FileKind.OUTBOX_ARCHIVE),
        ("audit", FileKind.AUDIT),
        ("inbox/pending", FileKind.INBOX_PENDING),
        ("inbox/seen", FileKind.INBOX_SEEN),
        ("journey", FileKind.JOURNEY),
    ):
        directory = root / folder
        if directory.is_dir():
            found += [
                (f"{folder}/{p.name}", kind)
                for p in sorted(directory.glob("*.json"))
                if not p.name.startswith(".")
            ]
    return found


def folder_labels(root: Path) -> list[str]:
    """Every file the store and the inbox own, derived ones included (queue.json, index/):
    what `cadre encrypt` rewrites, and what tells a clear folder from an encrypted one."""
    labels = [label for label, _ in _labels(root)]
    if (root / "queue.json").exists():
        labels.append("queue.json")
    index = root / "index"
    if index.is_dir():
        labels += [f"index/{p.name}" for p in sorted(index.glob("*.json")) if not p.name.startswith(".")]
    return labels


def _table(data: dict[str, dict[str, Any]], name: str) -> dict[str, Any]:
    return data.get(name, {})


TABLES: dict[FileKind, frozenset[str]] = {
    FileKind.PERSON: frozenset({"profile", "conversation", "items", "outgoing"}),
    FileKind.SYSTEM: frozenset({"invitations", "marks", "erasing", "failed_codes", "links", "secrets"}),
    FileKind.OUTBOX: frozenset({"entries"}),
    FileKind.OUTBOX_ARCHIVE: frozenset({"entries"}),
    FileKind.AUDIT: frozenset({"events"}),
    FileKind.INBOX_PENDING: frozenset({"entry"}),
    FileKind.INBOX_SEEN: frozenset({"keys"}),
    FileKind.JOURNEY: frozenset({"records"}),
}

_JOURNEY_RECORD = "1"
"""A journey file holds one record, "1": the alias's JourneyRecords."""
_RECORDS: TypeAdapter[JourneyRecords] = TypeAdapter(JourneyRecords)


def decode_journey(data: dict[str, dict[str, Any]], *, label: str) -> JourneyRecords:
    """A journey file's records; anything else (no record, another table) is damage, never
    "no programme": the journey store and the check at start read it the same way."""
    records = data.get("records")
    unexpected = sorted(set(data) - TABLES[FileKind.JOURNEY])
    if unexpected:
        raise CorruptRecordError(f"{label}: has a table {unexpected[0]!r} a journey file never has")
    if not isinstance(records, dict) or set(records) != {_JOURNEY_RECORD}:
        raise CorruptRecordError(f"{label}: does not hold one journey record")
    try:
        return _RECORDS.validate_python(records[_JOURNEY_RECORD])
    except ValidationError:
        raise CorruptRecordError(f"{label}: record records: does not decode") from None


def journey_document(records: JourneyRecords) -> dict[str, dict[str, Any]]:
    """What a journey file holds, as `decode_journey` reads it back."""
    return {"records": {_JOURNEY_RECORD: _RECORDS.dump_python(records, mode="json")}}


def _decode(label: str, kind: FileKind, data: dict[str, dict[str, Any]]) -> None:
    """Decode every record the way the store will, so the first use cannot fail."""
    if kind is FileKind.JOURNEY:
        decode_journey(data, label=label)
        return
    unexpected = sorted(set(data) - TABLES[kind])
    if unexpected:
        raise CorruptRecordError(f"{label}: has a table {unexpected[0]!r} a {kind.value} file never has")
    if kind is FileKind.PERSON:
        for raw in _table(data, "profile").values():
            codec.decode_mentee(raw, source=label)
        for raw in _table(data, "conversation").values():
            codec.decode_conversation(raw, source=label)
        for item_id, raw in _table(data, "items").items():
            codec.decode_item(raw, source=label, record=item_id)
        for key, raw in _table(data, "outgoing").items():
            codec.decode_outbox(raw, source=label, record=key)
    elif kind is FileKind.SYSTEM:
        for code, raw in _table(data, "invitations").items():
            codec.decode_invitation(raw, source=label, record=f"invitation {code[:2]}…")
        for number, raw in _table(data, "failed_codes").items():
            codec.decode_failed_code(raw, source=label, record=f"failed code {number}")
        for name, raw in _table(data, "secrets").items():
            codec.decode_secret(raw, source=label, record=name)
        for name, raw in _table(data, "marks").items():
            if not isinstance(raw, dict) or not isinstance(raw.get("value"), str):
                raise CorruptRecordError(f"{label}: record mark {name}: field 'value' must be a string")
    elif kind in (FileKind.OUTBOX, FileKind.OUTBOX_ARCHIVE):
        for key, raw in _table(data, "entries").items():
            codec.decode_outbox(raw, source=label, record=key)
    elif kind is FileKind.AUDIT:
        for number, raw in _table(data, "events").items():
            codec.decode_audit(raw, source=label, record=number)
    elif kind is FileKind.INBOX_PENDING:
        stem = Path(label).stem
        records = _table(data, "entry")
        if not stem.isdigit() or not records or not all(key.isdigit() for key in records):
            raise CorruptRecordError(f"{label}: is not a batch of inbox entries")
        for sequence, raw in batch_sequences(stem, records):
            codec.decode_inbox(raw, source=label, sequence=sequence)


_LEGACY_ONE = "1"
"""Inbox files written before batches held one event under record "1", the file's stem
being its sequence; a batch's records are keyed by their own sequence."""


def batch_sequences(stem: str, records: dict[str, Any]) -> list[tuple[int, Any]]:
    """(sequence, raw record) of an inbox pending file, old single-event files included."""
    first = int(stem)
    return [(first if key == _LEGACY_ONE else int(key), raw) for key, raw in records.items()]


def check_folder(root: Path, cipher_for: CipherFor) -> list[Damage]:
    """Every damaged file of the folder, each with the reason; an empty list when sound."""
    damages: list[Damage] = []
    for label, kind in _labels(root):
        storage = AtomicJSONStorage(root / label, cipher=cipher_for(label), label=label)
        try:
            data = storage.read()
            if data is None:
                raise CorruptRecordError(f"{label}: has disappeared while being checked")
            _decode(label, kind, data)
        except CorruptRecordError as error:
            damages.append(
                Damage(label, str(error), kind, code=error.code, params=tuple(error.params.items()))
            )
    return damages


def move_aside(root: Path, damages: list[Damage], log: RepairLog) -> None:
    """Each damaged file to `damaged/<stamp>/<label>`, durably; recorded in `log`."""
    for damage in damages:
        target = root / "damaged" / log.stamp / damage.label
        target.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        os.replace(root / damage.label, target)
        fsync_dir(target.parent)
        fsync_dir((root / damage.label).parent)
        log.moved.append(replace(damage, moved_to=str(target.relative_to(root))))
