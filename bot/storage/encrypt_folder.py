"""`cadre encrypt`: turn a data folder kept in clear into an encrypted one, in place.

A folder created without CADRE_DATA_KEY refuses the key afterwards (bot.storage.crypto,
`refuse_unkeyed_folder`): its files would read as "cannot be decrypted". This rewrites
each of them encrypted, under the key ring the encrypted store uses (one data key per
person, the journey's per alias, the shared one for the rest), so the next open with the
key sees a folder as if it had been encrypted from the start.

Safe to interrupt: the folder is first opened as a store (the lock taken, every file read
whole, the derived files rebuilt), each file is then replaced atomically, and a file
already encrypted is left as it is. A run cut short leaves files of both kinds; the
encrypted store refuses such a folder by name ("run `cadre encrypt` again") and a second
run finishes it. Nothing of the files' content is logged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from bot.errors import StoreError
from bot.storage.atomic import AtomicJSONStorage, Cipher, is_clear
from bot.storage.crypto import KEYS_FILE, KeyRing, master_from_text
from bot.storage.tiny import TinyStore
from bot.storage.tiny.check import DamagedFolderError, check_folder, folder_labels

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Encrypted:
    """What a run did: files rewritten encrypted, files found encrypted already."""

    converted: int
    already: int


class _EitherCipher:
    """Reads a file in clear or encrypted (the folder being converted), writes encrypted."""

    def __init__(self, inner: Cipher) -> None:
        self._inner = inner

    def encrypt(self, data: bytes) -> bytes:
        return self._inner.encrypt(data)

    def decrypt(self, data: bytes) -> bytes:
        return data if is_clear(data) else self._inner.decrypt(data)


async def encrypt_folder(data_dir: Path, master_key: str) -> Encrypted:
    """Encrypt every file of the folder the store and the inbox own; idempotent."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise StoreError(
            f"the data folder {data_dir} does not exist",
            code="folder_missing",
            params={"folder": str(data_dir)},
        )
    master = master_from_text(master_key)
    if not (data_dir / KEYS_FILE).exists() and not any(
        is_clear((data_dir / label).read_bytes()) for label in folder_labels(data_dir)
    ):
        from bot.storage.crypto import refuse_unkeyed_folder

        refuse_unkeyed_folder(data_dir)  # records without keys.json and none in clear: it is lost
    ring = KeyRing(data_dir, master)  # an existing keys.json must open with this key
    # Opening takes the lock, reads every file whole (a damaged one stops here, before any
    # change) and rebuilds the derived files.
    store = TinyStore(data_dir, cipher_for=lambda label: _EitherCipher(ring.cipher_for(label)))
    converted = already = 0
    try:
        for label in folder_labels(data_dir):
            path = data_dir / label
            raw = path.read_bytes()
            if not is_clear(raw):
                already += 1
                continue
            AtomicJSONStorage(path, cipher=ring.cipher_for(label), label=label).write_plain(raw)
            converted += 1
    finally:
        await store.close()
    damages = check_folder(data_dir, ring.cipher_for)
    if damages:  # pragma: no cover - each file was just written by the cipher that reads it
        raise DamagedFolderError(data_dir, damages)
    log.info("data folder encrypted files=%d already=%d", converted, already)
    return Encrypted(converted, already)
