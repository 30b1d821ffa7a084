"""The JourneyStore on PostgreSQL (table `journey_records`, migration 0003), beside a PostgresStore.

One row per alias, named by a hash (bot.storage.tiny.journey.journey_name), its body the
alias's JourneyRecords as JSON, sealed with the alias's own data key when CADRE_DATA_KEY
is set. Every change is one transaction that first takes a transaction-scoped advisory
lock on the row's name, then reads, applies the shared pure change (bot.journey.records)
and writes: two processes marking the same prompt at once are serialised, and exactly one
of them sees the mark as new. Erasure deletes the key and the row in one transaction.
Errors and logs carry row names and counts only (the store's `_run` reports by SQLSTATE).
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import TypeAdapter, ValidationError

from bot.errors import CorruptRecordError
from bot.journey import records as ops
from bot.journey.ports import JourneyRecords
from bot.journey.programme import Programme
from bot.storage.crypto import JOURNEY_KEY_PREFIX
from bot.storage.postgres.store import Conn, PostgresStore
from bot.storage.tiny.journey import journey_name

log = logging.getLogger(__name__)

TABLE = "journey_records"
_RECORDS: TypeAdapter[JourneyRecords] = TypeAdapter(JourneyRecords)
_SELECT = (
    "SELECT j.body, k.wrapped, j.name FROM journey_records j LEFT JOIN data_keys k ON k.name = %s || j.name"
)


class PostgresJourneyStore(ops.RecordsStore):
    """The journey's records in the store's database (its pool, retries and data keys)."""

    def __init__(self, store: PostgresStore) -> None:
        self._store = store

    def _decode(self, row: tuple[Any, ...]) -> JourneyRecords:
        body, wrapped, name = row
        document = self._store._open(
            body, wrapped, table=TABLE, record=str(name), key_name=JOURNEY_KEY_PREFIX + str(name)
        )
        try:
            return _RECORDS.validate_python(document)
        except ValidationError:
            raise CorruptRecordError(f"{TABLE}: record {name}: does not decode") from None

    async def _load(self, c: Conn, alias: str) -> JourneyRecords:
        cursor = await c.execute(_SELECT + " WHERE j.name = %s", (JOURNEY_KEY_PREFIX, journey_name(alias)))
        row = await cursor.fetchone()
        return ops.empty(alias) if row is None else self._decode(row)

    async def _update(self, alias: str, change: ops.Change) -> bool:
        name = journey_name(alias)

        async def body(c: Conn) -> bool:
            await c.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (f"journey:{name}",))
            changed = change(await self._load(c, alias))
            if changed is None:
                return False
            sealed = await self._store._seal(
                c, JOURNEY_KEY_PREFIX + name, _RECORDS.dump_python(changed, mode="json")
            )
            await c.execute(
                "INSERT INTO journey_records (name, updated_at, body) VALUES (%s, now(), %s)"
                " ON CONFLICT (name) DO UPDATE SET updated_at = excluded.updated_at, body = excluded.body",
                (name, sealed),
            )
            return True

        return await self._store._run("journey_update", body)

    async def records(self, alias: str) -> JourneyRecords:
        async def body(c: Conn) -> JourneyRecords:
            return await self._load(c, alias)

        return await self._store._run("journey_records", body)

    async def list_programmes(self) -> list[Programme]:
        """Every readable row's programme; a row whose key is gone (erased) is skipped."""

        async def body(c: Conn) -> list[Programme]:
            cursor = await c.execute(_SELECT + " ORDER BY j.name", (JOURNEY_KEY_PREFIX,))
            found = []
            for row in await cursor.fetchall():
                if self._store.is_encrypted and row[1] is None:
                    continue
                programme = self._decode(row).programme
                if programme is not None:
                    found.append(programme)
            return sorted(found, key=lambda p: p.alias)

        return await self._store._run("journey_list_programmes", body)

    async def erase(self, alias: str) -> None:
        """The key first, then the row, in one transaction."""
        name = journey_name(alias)

        async def body(c: Conn) -> None:
            await c.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (f"journey:{name}",))
            await c.execute("DELETE FROM data_keys WHERE name = %s", (JOURNEY_KEY_PREFIX + name,))
            await c.execute("DELETE FROM journey_records WHERE name = %s", (name,))

        await self._store._run("journey_erase", body)
        log.info("journey erased row=%s", name[:8])
