"""Encryption at rest with one data key per mentee, so that erasing a key erases everywhere.

Envelope encryption: `CADRE_DATA_KEY` (a Fernet key from the environment, never a file) is
the master key. It encrypts nothing but other keys: a random Fernet data key per person
file, and one for the shared files (outbox, invitations, audit, indexes). The data keys,
each wrapped by the master key, live in `<data>/keys.json`.

Why per person: a backup holds every file as it was. Deleting a person's file deletes it
from the live folder only; deleting their data key from keys.json makes every copy of that
file, in every backup taken before, undecryptable — provided backups of keys.json are not
kept longer than the retention period (docs/privacy.md says so).

`EncryptedTinyStore` is TinyStore plus the key ring: files go through `Cipher`s from
`KeyRing.cipher_for`, and erasing a person also destroys their key. A key for a person is
created at their first write, never at a read, so a stranger who writes to the bot leaves
no key behind. Errors name files and key names, never content or key material.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot.domain import UserRef
from bot.errors import CorruptRecordError, StoreError
from bot.storage.atomic import Cipher, is_clear, write_atomic
from bot.storage.tiny import TinyStore, person_name
from bot.storage.tiny.check import RepairLog, folder_labels

log = logging.getLogger(__name__)

KEYS_FILE = "keys.json"
SHARED_KEY = "shared"
JOURNEY_KEY_PREFIX = "journey-"
"""The journey store's keys (one per alias) share the ring; the main store never drops them."""
"""Name of the data key for files that belong to no single person."""

_CHECK = b"cadre-key-check"
_RESTORE_KEYS = (
    f"; restore {KEYS_FILE} from your last backup (see docs/operations.md): every file of the "
    "folder is encrypted with the keys it holds, so `cadre repair` cannot rebuild it"
)
_PERSON_LABEL = re.compile(r"^people/([0-9a-f]{32})\.json$")
_JOURNEY_LABEL = re.compile(r"^journey/([0-9a-f]{32})\.json$")


def generate_key() -> str:
    """A new master key, as `cadre keygen` prints it (url-safe base64, 32 random bytes)."""
    return Fernet.generate_key().decode("ascii")


def master_from_text(text: str) -> MultiFernet:
    """The master key(s) from CADRE_DATA_KEY: comma-separated, the first one encrypts.

    Several keys let an operator rotate: put the new key first, keep the old one after it
    until every wrapped key has been rewritten.
    """
    keys = [part.strip() for part in text.split(",") if part.strip()]
    if not keys:
        raise StoreError("CADRE_DATA_KEY is empty; create one with `cadre keygen`", code="key_invalid")
    try:
        return MultiFernet([Fernet(key.encode("ascii")) for key in keys])
    except (ValueError, UnicodeEncodeError):
        raise StoreError(
            "CADRE_DATA_KEY is not a valid key (32 url-safe base64 bytes); create one with `cadre keygen`",
            code="key_invalid",
        ) from None


def key_name(label: str) -> str:
    """The data key a file uses: its person's hash for person files, the alias's journey
    key for journey files (so the check at start reads them), 'shared' otherwise."""
    match = _PERSON_LABEL.match(label)
    if match:
        return match[1]
    journey = _JOURNEY_LABEL.match(label)
    return f"{JOURNEY_KEY_PREFIX}{journey[1]}" if journey else SHARED_KEY


class KeyRing:
    """Data keys wrapped by the master key, in one small file written atomically."""

    def __init__(self, data_dir: Path, master: MultiFernet, *, read_only: bool = False) -> None:
        self.path = Path(data_dir) / KEYS_FILE
        self._master = master
        # A reader beside the writer never writes the key file: it re-reads it instead.
        self._is_read_only = read_only
        self._mutex = threading.RLock()
        self._wrapped: dict[str, str] = {}
        self._load()

    def _load(self) -> None:
        if not self.path.exists():
            return
        try:
            raw = json.loads(self.path.read_bytes())
            check = raw["check"]
            wrapped = raw["keys"]
        except (OSError, ValueError, KeyError, TypeError):
            raise CorruptRecordError(
                f"{KEYS_FILE}: is not a Cadre key file{_RESTORE_KEYS}", code="keys_file_damaged"
            ) from None
        if (
            not isinstance(check, str)
            or not isinstance(wrapped, dict)
            or not all(isinstance(k, str) and isinstance(v, str) for k, v in wrapped.items())
        ):
            raise CorruptRecordError(
                f"{KEYS_FILE}: record keys: malformed{_RESTORE_KEYS}", code="keys_file_damaged"
            )
        try:
            self._master.decrypt(str(check).encode("ascii"))
        except (InvalidToken, UnicodeEncodeError):
            raise StoreError(
                f"CADRE_DATA_KEY does not open {KEYS_FILE} in this data folder; "
                "set the key this folder was created with",
                code="key_wrong",
                params={"folder": str(self.path.parent)},
            ) from None
        self._wrapped = dict(wrapped)

    def _save(self) -> None:
        document = {
            "version": 1,
            "check": self._master.encrypt(_CHECK).decode("ascii"),
            "keys": dict(sorted(self._wrapped.items())),
        }
        write_atomic(self.path, json.dumps(document, indent=1).encode("utf-8"))

    def names(self) -> set[str]:
        with self._mutex:
            return set(self._wrapped)

    def get(self, name: str) -> Fernet | None:
        with self._mutex:
            wrapped = self._wrapped.get(name)
            if wrapped is None:
                return None
            try:
                return Fernet(self._master.decrypt(wrapped.encode("ascii")))
            except InvalidToken:
                raise CorruptRecordError(f"{KEYS_FILE}: key {name} cannot be unwrapped") from None

    def get_or_create(self, name: str) -> Fernet:
        with self._mutex:
            key = self.get(name)
            if key is not None:
                return key
            if self._is_read_only:
                self._load()  # the writer may have created it since
                key = self.get(name)
                if key is None:
                    raise StoreError(f"{KEYS_FILE}: no key {name[:8]} yet (read-only)")
                return key
            raw = Fernet.generate_key()
            self._wrapped[name] = self._master.encrypt(raw).decode("ascii")
            self._save()  # the key is durable before any file encrypted with it exists
            log.info("data key created name=%s", name[:8])
            return Fernet(raw)

    def destroy(self, name: str) -> bool:
        """Crypto-shredding: without this key, no copy of the file can be read again."""
        if self._is_read_only:
            raise StoreError(f"{KEYS_FILE}: read-only")
        with self._mutex:
            if self._wrapped.pop(name, None) is None:
                return False
            self._save()
            log.info("data key destroyed name=%s", name[:8])
            return True

    def rewrap(self) -> int:
        """Re-encrypt every data key under the first master key (after a rotation)."""
        with self._mutex:
            for name, wrapped in list(self._wrapped.items()):
                self._wrapped[name] = self._master.rotate(wrapped.encode("ascii")).decode("ascii")
            self._save()
            return len(self._wrapped)

    def cipher_for(self, label: str) -> Cipher:
        return KeyCipher(self, key_name(label))


class KeyCipher:
    """The Cipher for one file: looks its key up at each use, creating it only to write."""

    def __init__(self, ring: KeyRing, name: str) -> None:
        self._ring = ring
        self.name = name

    def encrypt(self, data: bytes) -> bytes:
        return self._ring.get_or_create(self.name).encrypt(data)

    def decrypt(self, data: bytes) -> bytes:
        key = self._ring.get(self.name)
        if key is None:
            raise InvalidToken  # the key was destroyed: the file is gone for good
        return key.decrypt(data)


class EncryptedTinyStore(TinyStore):
    """TinyStore whose files are encrypted, and whose erasure destroys the person's key."""

    def __init__(
        self,
        data_dir: str | Path,
        keys: KeyRing,
        *,
        repair: RepairLog | None = None,
        read_only: bool = False,
    ) -> None:
        self.keys = keys
        super().__init__(data_dir, cipher_for=keys.cipher_for, repair=repair, read_only=read_only)
        if not read_only:
            self._drop_orphan_keys()

    async def erase_user(self, user: UserRef) -> None:
        await super().erase_user(user)
        self.keys.destroy(person_name(user.key))

    def _drop_orphan_keys(self) -> None:
        """Keys whose person file is gone: an erasure interrupted after the file went. The
        journey's keys are not person keys: its store destroys them on erasure itself."""
        with self._mutex:
            people = set(self._person_names())
            for name in self.keys.names() - people - {SHARED_KEY}:
                if not name.startswith(JOURNEY_KEY_PREFIX):
                    self.keys.destroy(name)


def refuse_unkeyed_folder(data_dir: Path) -> None:
    """A folder with records and no keys.json is not a new encrypted folder: either it was
    created in clear (every file would read as "cannot be decrypted", and `cadre repair`
    would set them all aside), or its keys.json is lost. Say which, before anything reads."""
    if (data_dir / KEYS_FILE).exists() or not data_dir.is_dir():
        return
    labels = folder_labels(data_dir)
    for label in labels:
        try:
            with open(data_dir / label, "rb") as handle:
                head = handle.read(64)
        except OSError:
            continue
        if is_clear(head):
            raise StoreError(
                f"the data folder {data_dir} holds records stored in clear, so it refuses "
                "CADRE_DATA_KEY; encrypt it with `cadre encrypt` (service stopped), or unset "
                "CADRE_DATA_KEY to keep it in clear (see docs/privacy.md)",
                code="folder_clear",
                params={"folder": str(data_dir)},
            )
    if labels:
        raise StoreError(
            f"the data folder {data_dir} is encrypted but {KEYS_FILE} is missing{_RESTORE_KEYS}",
            code="keys_file_lost",
            params={"folder": str(data_dir)},
        )


def open_encrypted_store(
    data_dir: Path, master_key: str, *, repair: RepairLog | None = None, read_only: bool = False
) -> EncryptedTinyStore:
    """The data folder with its key ring; refuses a key that does not open this folder, and
    a folder created in clear (`cadre encrypt` turns it into an encrypted one)."""
    data_dir = Path(data_dir)
    refuse_unkeyed_folder(data_dir)
    if read_only:
        return EncryptedTinyStore(
            data_dir, KeyRing(data_dir, master_from_text(master_key), read_only=True), read_only=True
        )
    try:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"the data folder {data_dir} cannot be created ({exc.strerror})") from None
    ring = KeyRing(data_dir, master_from_text(master_key))
    return EncryptedTinyStore(data_dir, ring, repair=repair)
