"""On PostgreSQL too, nothing the screening flagged is ever in a table, encrypted or not.

The same two journeys as tests/runtime/test_withheld.py (a flagged answer refused; a crash
between the record and the handling), with the service on a PostgresStore and its inbox
table: after each step, every row of every table of the database (a dump) is searched for
the flagged words, with no data key set.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from bot.ports import Store
from bot.storage.postgres.store import PostgresStore
from tests.runtime.test_withheld import (
    Dump,
    OpenStore,
    Platform,
    enrol,
    refused_and_never_kept,
    written_again_after_a_crash,
)
from tests.runtime.test_withheld import platform as platform  # the fixture, both channels


def _cell(value: object) -> bytes:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False).encode()
    return str(value).encode()


def _postgres(url: str) -> tuple[OpenStore, Dump]:
    async def open_store() -> Store:
        return await PostgresStore(url).open()

    async def dump() -> bytes:
        """Every cell of every table of the public schema, raw bytes for bytea columns."""
        cells: list[bytes] = []
        async with await psycopg.AsyncConnection.connect(url) as conn:
            cursor = await conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            )
            for (table,) in await cursor.fetchall():
                rows = await conn.execute(sql.SQL("SELECT * FROM {}").format(sql.Identifier(table)))
                cells += [_cell(value) for row in await rows.fetchall() for value in row]
        assert cells, "the dump read the tables"
        return b"\n".join(cells)

    return open_store, dump


@pytest.fixture
async def database(postgres_url: str, project: Path, platform: Platform) -> AsyncIterator[str]:
    async with PostgresStore(postgres_url) as store:
        await enrol(project, store, platform)
    yield postgres_url


async def test_a_flagged_answer_is_in_no_table(
    project: Path, tmp_path: Path, platform: Platform, database: str
) -> None:
    await refused_and_never_kept(project, tmp_path / "data", platform, *_postgres(database))


async def test_a_crash_before_handling_asks_again_and_keeps_no_flagged_row(
    project: Path, tmp_path: Path, platform: Platform, database: str
) -> None:
    await written_again_after_a_crash(project, tmp_path / "data", platform, *_postgres(database))
