"""`cadre db upgrade` and `cadre db migrate --from DATA_DIR`: the PostgreSQL store's tools.

Both read CADRE_DATABASE_URL (never a command-line argument, so a password stays out of
shell history and process listings) and name the database by host and name only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from pathlib import Path
from typing import TextIO

from bot.app import Setup
from bot.cli import registry
from bot.cli.registry import Common, Invocation, Subparsers

DATABASE_URL = "CADRE_DATABASE_URL"


def register(sub: Subparsers, common: Common) -> None:
    parser = registry.register(sub, common, "db", "PostgreSQL: apply migrations, copy a data folder", run)
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("upgrade", help="apply the schema migrations this version needs")
    migrate = actions.add_parser("migrate", help="copy a TinyDB data folder into PostgreSQL (idempotent)")
    migrate.add_argument("--from", dest="source", type=Path, required=True, help="the TinyDB data folder")


def _say(setup: Setup, stdout: TextIO, key: str, **params: object) -> None:
    stdout.write(setup.catalogue.text(key, setup.settings.locale, **params) + "\n")


def database_name(setup: Setup, url: str) -> str:
    """The database as the operator reads it, in the configured locale (host and name only)."""
    from bot.cli.store_errors import database_text
    from bot.storage.postgres import schema

    name, host = schema.location(url)
    return database_text(name, host or "", setup.catalogue, setup.settings.locale)


def run_db(args: argparse.Namespace, setup: Setup, *, stdout: TextIO, stderr: TextIO) -> int:
    url = os.environ.get(DATABASE_URL, "").strip()
    if not url:
        _say(setup, stderr, "cli.db.no_url")
        return 2
    from bot.app import require_postgres

    require_postgres()
    if args.action == "upgrade":
        return upgrade_database(setup, url, stdout=stdout)
    return migrate_folder(setup, url, args.source, stdout=stdout, stderr=stderr)


def upgrade_database(setup: Setup, url: str, *, stdout: TextIO) -> int:
    from bot.storage.postgres import schema

    applied = schema.upgrade(url)
    version = schema.latest_version()
    database = database_name(setup, url)
    if applied:
        _say(setup, stdout, "cli.db.upgraded", database=database, count=len(applied), version=version)
    else:
        _say(setup, stdout, "cli.db.current", database=database, version=version)
    return 0


def migrate_folder(setup: Setup, url: str, source: Path, *, stdout: TextIO, stderr: TextIO) -> int:
    from bot.app import open_folder
    from bot.storage.postgres.migrate import KINDS, Tally, copy_records, read_folder
    from bot.storage.postgres.store import PostgresStore
    from bot.storage.tiny import TinyStore

    if not source.is_dir():
        _say(setup, stderr, "cli.db.missing_folder", folder=str(source))
        return 2

    async def copy() -> Tally:
        folder = await open_folder(source)
        try:
            assert isinstance(folder, TinyStore)
            records = await read_folder(folder)
        finally:
            await folder.close()
        data_key = os.environ.get("CADRE_DATA_KEY", "").strip() or None
        async with PostgresStore(url, data_key=data_key) as store:
            return await copy_records(records, store)

    tally = asyncio.run(copy())
    locale = setup.settings.locale
    text = setup.catalogue.text
    header = (
        text("cli.db.header.kind", locale),
        text("cli.db.header.copied", locale),
        text("cli.db.header.present", locale),
    )
    rows = [header] + [
        (text(f"cli.db.kinds.{kind}", locale), str(tally.copied[kind]), str(tally.present[kind]))
        for kind in KINDS
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        stdout.write(f"{row[0].ljust(widths[0])}  {row[1].rjust(widths[1])}  {row[2].rjust(widths[2])}\n")
    _say(setup, stdout, "cli.db.migrated", folder=str(source), database=database_name(setup, url))
    return 0


def run(invocation: Invocation) -> int:
    return run_db(invocation.args, invocation.setup(), stdout=invocation.stdout, stderr=invocation.stderr)
