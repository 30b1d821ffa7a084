"""Schema migrations: ordered SQL files and a version table, applied by `cadre db upgrade`.

Why plain SQL rather than Alembic: Alembic drives SQLAlchemy, which Cadre does not use
(the store speaks psycopg directly), and its value, autogenerating a migration from
models, needs the models it does not have. A database administrator reviews and applies
these files as they are; the runner is the few lines below: files `NNNN_name.sql` applied
in order, each in its own transaction together with its row in `cadre_schema`, under an
advisory lock so two processes upgrading at once apply each file once. An applied file
that has since been edited is refused (its checksum is kept), because the databases
already upgraded would silently differ from the new ones.

At start-up the store only checks (`require_current`): a database behind the code, or
ahead of it, refuses to start and names what to run.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from bot.errors import StoreError

log = logging.getLogger(__name__)

VERSION_TABLE = "cadre_schema"
UPGRADE_LOCK = 0x43414452  # 'CADR': the advisory lock key taken while upgrading

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode("utf-8")).hexdigest()


def migrations() -> list[Migration]:
    """The migrations shipped with this build, in order; gaps or duplicates are a build error."""
    found: list[Migration] = []
    folder = resources.files("bot.storage.postgres") / "migrations"
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match is None:
            continue
        found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    expected = list(range(1, len(found) + 1))
    if [m.version for m in found] != expected:
        raise StoreError(
            f"migrations must be numbered 0001 upwards without gaps (got {[m.version for m in found]})"
        )
    return found


def latest_version() -> int:
    return migrations()[-1].version


def location(url: str) -> tuple[str, str | None]:
    """The database's name ("" for the server's default) and host (None: the local
    socket), never the password: what `describe` and the command line's wording name."""
    parts = urlsplit(url)
    return parts.path.lstrip("/"), parts.hostname or None


def named(url: str) -> dict[str, object]:
    """The database as an error's params (`db_name`, `db_host`: the command line words it)."""
    name, host = location(url)
    return {"db_name": name, "db_host": host or ""}


def describe(url: str) -> str:
    """A database named for a human (in English, for logs): host and name, never the password."""
    name, host = location(url)
    return f"{name or '(default)'} on {host or 'local socket'}"


_CREATE_VERSION_TABLE = f"""
CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (
    version     integer PRIMARY KEY,
    name        text NOT NULL,
    checksum    text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
)
"""


def _applied(rows: list[tuple[Any, ...]]) -> dict[int, str]:
    return {int(version): str(checksum) for version, checksum in rows}


def _check_applied(applied: dict[int, str], known: list[Migration]) -> None:
    by_version = {m.version: m for m in known}
    for version, checksum in sorted(applied.items()):
        migration = by_version.get(version)
        if migration is None:
            raise StoreError(
                f"the database has schema version {version}, newer than this Cadre "
                f"(which knows up to {known[-1].version}): upgrade Cadre, never downgrade a database"
            )
        if migration.checksum != checksum:
            raise StoreError(
                f"migration {version:04d}_{migration.name}.sql was changed after it was applied; "
                "restore the file as released and add a new migration instead"
            )


def upgrade(url: str) -> list[Migration]:
    """Apply every migration the database lacks; returns those applied (none when current)."""
    import psycopg

    known = migrations()
    done: list[Migration] = []
    try:
        with psycopg.connect(url, autocommit=True) as connection:
            # Held for the whole upgrade (released when the connection closes): of processes
            # upgrading at once, one applies every missing file, the others then find none.
            connection.execute("SELECT pg_advisory_lock(%s)", (UPGRADE_LOCK,))
            with connection.transaction():
                connection.execute("SELECT pg_advisory_xact_lock(%s)", (UPGRADE_LOCK,))
                connection.execute(_CREATE_VERSION_TABLE)
            for migration in known:
                with connection.transaction():
                    connection.execute("SELECT pg_advisory_xact_lock(%s)", (UPGRADE_LOCK,))
                    rows = connection.execute(f"SELECT version, checksum FROM {VERSION_TABLE}").fetchall()
                    applied = _applied(rows)
                    _check_applied(applied, known)
                    if migration.version in applied:
                        continue
                    connection.execute(migration.sql.encode("utf-8"))
                    connection.execute(
                        f"INSERT INTO {VERSION_TABLE} (version, name, checksum) VALUES (%s, %s, %s)",
                        (migration.version, migration.name, migration.checksum),
                    )
                done.append(migration)
                log.info("schema migration applied version=%d", migration.version)
    except psycopg.Error as exc:
        raise StoreError(
            f"cannot upgrade the database {describe(url)}: {type(exc).__name__}",
            code="db_upgrade_failed",
            params={**named(url), "reason": type(exc).__name__},
        ) from None
    return done


def _behind_message(url: str, current: int, wanted: int) -> str:
    at = f"is at schema version {current}" if current else "has no Cadre schema yet"
    return (
        f"the database {describe(url)} {at}, this Cadre needs version {wanted}: "
        "run `cadre db upgrade` (with the same CADRE_DATABASE_URL), then start again"
    )


def check_rows(url: str, table_exists: bool, rows: list[tuple[Any, ...]]) -> None:
    """Raise unless the applied versions are exactly the shipped ones."""
    known = migrations()
    applied = _applied(rows) if table_exists else {}
    _check_applied(applied, known)
    current = max(applied, default=0)
    missing = [m.version for m in known if m.version not in applied]
    if missing:
        raise StoreError(
            _behind_message(url, current, known[-1].version),
            code="db_behind" if current else "db_empty",
            params={**named(url), "current": current, "wanted": known[-1].version},
        )


QUERY_TABLE_EXISTS = "SELECT to_regclass(%s) IS NOT NULL"
QUERY_VERSIONS = f"SELECT version, checksum FROM {VERSION_TABLE}"


def require_current(url: str) -> None:
    """The start-up check, synchronous (the command line); the store has an async twin."""
    import psycopg

    try:
        with psycopg.connect(url) as connection:
            row = connection.execute(QUERY_TABLE_EXISTS, (VERSION_TABLE,)).fetchone()
            exists = bool(row and row[0])
            rows = connection.execute(QUERY_VERSIONS).fetchall() if exists else []
    except psycopg.Error as exc:
        raise StoreError(
            f"cannot reach the database {describe(url)}: {type(exc).__name__}",
            code="db_unreachable",
            params={**named(url), "reason": type(exc).__name__},
        ) from None
    check_rows(url, exists, rows)
