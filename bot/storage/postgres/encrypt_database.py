"""`cadre encrypt` on PostgreSQL: a database created in clear, encrypted in place.

The TinyDB data folder has had `cadre encrypt` since encryption at rest came; a firm that
started on PostgreSQL without CADRE_DATA_KEY had no way to set one afterwards (the store
refuses a key on a database holding clear records, so that clear and sealed bodies never
mix). This is that way.

Every sealed column of the schema (`body`, see the migrations) is rewritten with the data
key its store reads it with (the person, the outbox entry's subject, the journey's alias,
or the shared key), the same envelope as every write (bot/storage/postgres/sealing.py),
and the key check row is written last, all in ONE transaction: an interruption leaves the
database in clear exactly as it was, never half sealed. The tables are locked for the
transaction and a running `cadre run` (its liveness lock, bot/storage/postgres/liveness.py)
refuses the run, so no process writes a clear body beside the sealed ones.

What it does not reach: dumps taken before (they stay in clear; docs/scaling.md says to
replace them) and the server's own write-ahead log until it is recycled.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot.errors import CorruptRecordError, StoreError
from bot.storage.crypto import JOURNEY_KEY_PREFIX
from bot.storage.postgres import schema
from bot.storage.postgres.liveness import LIVENESS_CLASS
from bot.storage.postgres.sealing import SHARED_KEY, key_check_token


@dataclass(frozen=True)
class SealedTable:
    """A table with a sealed `body`: the columns naming a row, and the SQL giving its key's
    name (the one its store passes to the sealer) for a row aliased `t`."""

    name: str
    row_id: tuple[str, ...]
    key_name_sql: str
    where: str = ""


SEALED_TABLES = (
    SealedTable("people", ("person",), "t.person"),
    SealedTable("conversations", ("person",), "t.person"),
    SealedTable("items", ("id",), "t.person"),
    SealedTable("replies", ("item_id", "position"), "(SELECT i.person FROM items i WHERE i.id = t.item_id)"),
    SealedTable("outbox", ("key",), "t.subject"),
    SealedTable("invitations", ("code",), f"'{SHARED_KEY}'"),
    SealedTable("identity_links", ("link_key",), f"'{SHARED_KEY}'"),
    SealedTable("secrets", ("name",), f"'{SHARED_KEY}'"),
    SealedTable("inbox", ("sequence",), f"'{SHARED_KEY}'", where="t.body IS NOT NULL"),
    SealedTable("journey_records", ("name",), f"'{JOURNEY_KEY_PREFIX}' || t.name"),
)


class _Keys:
    """The data keys of this run: the ones the database has (unwrapped), the new ones made."""

    def __init__(self, connection: Any, master: MultiFernet) -> None:
        self._connection = connection
        self._master = master
        self._keys: dict[str, Fernet] = {}
        for name, wrapped in connection.execute("SELECT name, wrapped FROM data_keys").fetchall():
            try:
                self._keys[str(name)] = Fernet(master.decrypt(str(wrapped).encode("ascii")))
            except InvalidToken:
                raise StoreError(
                    "CADRE_DATA_KEY does not open this database's data keys; set the key it was created with",
                    code="db_key_wrong",
                ) from None

    def of(self, name: str) -> Fernet:
        key = self._keys.get(name)
        if key is None:
            fresh = Fernet.generate_key()
            self._connection.execute(
                "INSERT INTO data_keys (name, wrapped) VALUES (%s, %s)",
                (name, self._master.encrypt(fresh).decode("ascii")),
            )
            key = self._keys[name] = Fernet(fresh)
        return key


def encrypt_database(url: str, master: MultiFernet) -> Counter[str] | None:
    """Seal every clear body of the database at `url`; the count of rows per table, or
    None when it is encrypted already (with this key: another key is refused)."""
    import psycopg

    try:
        return _encrypt(psycopg.connect(url), url, master)
    except psycopg.Error as exc:
        raise StoreError(
            f"cannot encrypt the database {schema.describe(url)}: {type(exc).__name__}",
            code="db_encrypt_failed",
            params={**schema.named(url), "reason": type(exc).__name__},
        ) from None


def _encrypt(connection: Any, url: str, master: MultiFernet) -> Counter[str] | None:
    with connection:
        exists = connection.execute(schema.QUERY_TABLE_EXISTS, (schema.VERSION_TABLE,)).fetchone()
        rows = connection.execute(schema.QUERY_VERSIONS).fetchall() if exists and exists[0] else []
        schema.check_rows(url, bool(exists and exists[0]), rows)
        _refuse_while_running(connection)  # before waiting for their locks, and after
        tables = ", ".join(table.name for table in SEALED_TABLES)
        connection.execute("SET LOCAL lock_timeout = '10s'")
        connection.execute(f"LOCK TABLE data_keys, key_check, {tables} IN ACCESS EXCLUSIVE MODE")
        _refuse_while_running(connection)
        check = connection.execute("SELECT token FROM key_check").fetchone()
        if check is not None:
            try:
                master.decrypt(str(check[0]).encode("ascii"))
            except InvalidToken:
                raise StoreError(
                    "CADRE_DATA_KEY does not open this database; set the key it was created with",
                    code="db_key_wrong",
                ) from None
            return None
        keys = _Keys(connection, master)
        sealed: Counter[str] = Counter()
        for table in SEALED_TABLES:
            sealed[table.name] = _seal_table(connection, table, keys)
        connection.execute("INSERT INTO key_check (id, token) VALUES (true, %s)", (key_check_token(master),))
        connection.commit()
    return sealed


def _refuse_while_running(connection: Any) -> None:
    """A `cadre run` holds its liveness lock for as long as it lives: one held means a
    process would go on writing clear bodies, or read sealed ones without the key."""
    row = connection.execute(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND granted",
        (LIVENESS_CLASS,),
    ).fetchone()
    running = int(row[0]) if row else 0
    if running:
        raise StoreError(
            f"{running} Cadre process(es) use this database: stop every `cadre run` first, then encrypt",
            code="db_in_use",
            params={"count": running},
        )


def _seal_table(connection: Any, table: SealedTable, keys: _Keys) -> int:
    ids = ", ".join(f"t.{column}" for column in table.row_id)
    where = f" WHERE {table.where}" if table.where else ""
    rows = connection.execute(
        f"SELECT {ids}, t.body, {table.key_name_sql} FROM {table.name} t{where}"
    ).fetchall()
    width = len(table.row_id)
    updates: list[tuple[object, ...]] = []
    for row in rows:
        row_id, body, key_name = row[:width], bytes(row[width]), row[width + 1]
        record = ":".join(str(part) for part in row_id)
        if key_name is None:
            raise CorruptRecordError(f"{table.name}: record {record[:16]}: has no owner to take a key from")
        try:
            json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise CorruptRecordError(f"{table.name}: record {record[:16]}: is not clear JSON") from None
        updates.append((keys.of(str(key_name)).encrypt(body), *row_id))
    if updates:
        match = " AND ".join(f"{column} = %s" for column in table.row_id)
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {table.name} SET body = %s WHERE {match}", updates)
    return len(updates)
