"""`cadre encrypt`: encrypt a data folder created in clear, with CADRE_DATA_KEY (docs/privacy.md).

Run with the service stopped: it takes the folder's lock, as `cadre repair` does.
"""

from __future__ import annotations

import asyncio
import os

from bot.cli import registry
from bot.cli.registry import Common, Invocation, Subparsers


def register(sub: Subparsers, common: Common) -> None:
    registry.register(
        sub,
        common,
        "encrypt",
        "encrypt a data folder kept in clear with CADRE_DATA_KEY (service stopped)",
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
    done = asyncio.run(encrypt_folder(invocation.data_dir, key))
    folder = str(invocation.data_dir)
    if done.converted == 0:
        invocation.stdout.write(text("cli.encrypt.already", locale, folder=folder) + "\n")
        return 0
    invocation.stdout.write(text("cli.encrypt.done", locale, folder=folder, count=done.converted) + "\n")
    invocation.stdout.write(text("cli.encrypt.backups", locale) + "\n")
    return 0
