"""Records to `body` bytes and back, encrypted with the owner's data key when one is set.

The envelope is the one the TinyDB store uses (bot/crypto.py): a Fernet data key per
person, wrapped by CADRE_DATA_KEY; here the wrapped keys live in the `data_keys` table.
Reads join that table, so a record whose key was destroyed (an erasure, including in a
restored backup taken before it, once the key is gone from the live database) cannot be
opened; writes lock the key row `FOR SHARE`, so an erasure in another process, which
deletes the key first, either waits for the write or makes it create a fresh key for
what is then a new record.

Without CADRE_DATA_KEY the body is the codec's JSON in clear, as TinyDB writes it.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from psycopg import AsyncConnection

from bot.errors import CorruptRecordError, StoreError

SHARED_KEY = "shared"
_CHECK = b"cadre-key-check"


def to_bytes(document: object) -> bytes:
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class Sealer:
    """Seals and opens bodies; `master` None means no encryption at rest."""

    def __init__(self, master: MultiFernet | None) -> None:
        self._master = master
        self._opened: dict[str, Fernet] = {}
        self._mutex = threading.Lock()

    @property
    def is_encrypted(self) -> bool:
        return self._master is not None

    def _unwrap(self, wrapped: str, name: str) -> Fernet:
        with self._mutex:
            key = self._opened.get(wrapped)
        if key is not None:
            return key
        assert self._master is not None
        try:
            key = Fernet(self._master.decrypt(wrapped.encode("ascii")))
        except InvalidToken:
            raise CorruptRecordError(
                f"data_keys: key {name[:8]} cannot be unwrapped with CADRE_DATA_KEY"
            ) from None
        with self._mutex:
            if len(self._opened) > 4096:
                self._opened.clear()
            self._opened[wrapped] = key
        return key

    # ------------------------------------------------------------------ the key check
    async def check(self, connection: AsyncConnection[Any], *, has_records: bool) -> None:
        """Refuse a key that did not create this database, and a database that wants one."""
        row = await (await connection.execute("SELECT token FROM key_check")).fetchone()
        if self._master is None:
            if row is not None:
                raise StoreError(
                    "this database is encrypted at rest: set CADRE_DATA_KEY to the key it was created with",
                    code="db_key_missing",
                )
            return
        if row is None:
            if has_records:
                raise StoreError(
                    "this database holds records stored in clear; CADRE_DATA_KEY can only be set "
                    "on a new database: encrypt it with `cadre encrypt`, every `cadre run` stopped",
                    code="db_clear",
                )
            await connection.execute(
                "INSERT INTO key_check (id, token) VALUES (true, %s) ON CONFLICT (id) DO NOTHING",
                (key_check_token(self._master),),
            )
            return
        try:
            self._master.decrypt(str(row[0]).encode("ascii"))
        except InvalidToken:
            raise StoreError(
                "CADRE_DATA_KEY does not open this database; set the key it was created with",
                code="db_key_wrong",
            ) from None

    # ------------------------------------------------------------------ writing
    async def key_for_write(self, connection: AsyncConnection[Any], name: str) -> Fernet | None:
        """The data key `name`, created on first use; held FOR SHARE until the transaction ends."""
        if self._master is None:
            return None
        cursor = await connection.execute("SELECT wrapped FROM data_keys WHERE name = %s FOR SHARE", (name,))
        row = await cursor.fetchone()
        if row is None:
            fresh = self._master.encrypt(Fernet.generate_key()).decode("ascii")
            await connection.execute(
                "INSERT INTO data_keys (name, wrapped) VALUES (%s, %s) ON CONFLICT (name) DO NOTHING",
                (name, fresh),
            )
            cursor = await connection.execute(
                "SELECT wrapped FROM data_keys WHERE name = %s FOR SHARE", (name,)
            )
            row = await cursor.fetchone()
            if row is None:  # pragma: no cover - the insert above or a concurrent one made it
                raise StoreError(f"data_keys: key {name[:8]} could not be created")
        return self._unwrap(str(row[0]), name)

    @staticmethod
    def seal(key: Fernet | None, document: object) -> bytes:
        data = to_bytes(document)
        return data if key is None else key.encrypt(data)

    # ------------------------------------------------------------------ reading
    def open(self, body: bytes, wrapped: str | None, *, table: str, record: str, name: str) -> object:
        """The decoded JSON document of one body; a missing key or bad bytes are reported."""
        data = bytes(body)
        if self._master is not None:
            if wrapped is None:
                raise CorruptRecordError(f"{table}: record {record}: its data key is gone (erased)")
            try:
                data = self._unwrap(wrapped, name).decrypt(data)
            except InvalidToken:
                raise CorruptRecordError(f"{table}: record {record}: does not decrypt") from None
        try:
            return json.loads(data)
        except (ValueError, UnicodeDecodeError):
            raise CorruptRecordError(f"{table}: record {record}: is not valid JSON") from None


def key_check_token(master: MultiFernet) -> str:
    """The `key_check` row's token: what proves, at each start, that a key made this database."""
    return master.encrypt(_CHECK).decode("ascii")


def master_or_none(text: str | None) -> MultiFernet | None:
    """The master key(s) from CADRE_DATA_KEY as bot/crypto.py reads them, or None when unset."""
    if text is None or not text.strip():
        return None
    from bot.storage.crypto import master_from_text

    return master_from_text(text)
