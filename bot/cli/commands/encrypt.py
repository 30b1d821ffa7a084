"""`cadre encrypt`: encrypt a data folder, or with CADRE_DATABASE_URL the PostgreSQL database,
created in clear, with CADRE_DATA_KEY (docs/privacy.md, docs/scaling.md).

Run with the service stopped: it takes the folder's lock, as `cadre repair` does; on
PostgreSQL it refuses while a `cadre run` is connected and seals in one transaction.
"""

from __future__ import annotations

import asyncio
import os

from bot.cli import registry
from bot.cli.commands.db import DATABASE_URL, database_name
from bot.cli.registry import Common, Invocation, Subparsers


def register(sub: Subparsers, common: Common) -> None:
    registry.register(
        sub,
        common,
        "encrypt",
        "encrypt a data folder (or the CADRE_DATABASE_URL database) kept in clear with CADRE_DATA_KEY "
        "(service stopped)",
        run,
    )


def run(invocation: Invocation) -> int:
    from bot.storage.encrypt_folder import encrypt_folder

    setup = invocation.setup()
    locale = setup.settings.locale
    text = setup.catalogue.text
    key = os.environ.get("CADRE_DATA_KEY", "").strip()
    if not key:
        invocation.stderr.write(text("cli.encrypt.no_key", locale) + "\n")
        return 2
    url = os.environ.get(DATABASE_URL, "").strip()
    if url:
        return encrypt_database_command(invocation, url, key)
    done = asyncio.run(encrypt_folder(invocation.data_dir, key))
    folder = str(invocation.data_dir)
    if done.converted == 0:
        invocation.stdout.write(text("cli.encrypt.already", locale, folder=folder) + "\n")
        return 0
    invocation.stdout.write(text("cli.encrypt.done", locale, folder=folder, count=done.converted) + "\n")
    invocation.stdout.write(text("cli.encrypt.backups", locale) + "\n")
    return 0


def encrypt_database_command(invocation: Invocation, url: str, key: str) -> int:
    from bot.app import require_postgres

    require_postgres()
    from bot.storage.crypto import master_from_text
    from bot.storage.postgres.encrypt_database import encrypt_database

    setup = invocation.setup()
    locale, text = setup.settings.locale, setup.catalogue.text
    database = database_name(setup, url)
    sealed = encrypt_database(url, master_from_text(key))
    if sealed is None:
        invocation.stdout.write(text("cli.encrypt.db_already", locale, database=database) + "\n")
        return 0
    count = sum(sealed.values())
    invocation.stdout.write(text("cli.encrypt.db_done", locale, database=database, count=count) + "\n")
    invocation.stdout.write(text("cli.encrypt.db_backups", locale) + "\n")
    return 0
