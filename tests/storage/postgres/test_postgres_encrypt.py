"""`cadre encrypt` on a PostgreSQL database created in clear: every body sealed in one
transaction, the records read back unchanged with the key, refused while Cadre runs."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest
from cryptography.fernet import Fernet

from bot.domain import Conversation, Invitation
from bot.errors import StoreError
from bot.storage.crypto import master_from_text
from bot.storage.postgres.encrypt_database import SEALED_TABLES, encrypt_database
from bot.storage.postgres.inbox import PostgresInbox
from bot.storage.postgres.journey import PostgresJourneyStore
from bot.storage.postgres.store import PostgresStore
from tests.conftest import run_cadre
from tests.journey_talk import programme
from tests.privacy.test_privacy_canary import UNFLAGGED_WORDS, conversation
from tests.storage.postgres.test_postgres_inbox import entry as inbox_entry
from tests.storage.postgres.test_postgres_store import CANARY, raw_bytes
from tests.storage.records import ANA, MENTOR, T0, entry, item, mentee


def clear_bodies(url: str) -> int:
    """Bodies that parse as JSON as they lie in the tables: the ones still in clear."""
    count = 0
    with psycopg.connect(url) as connection:
        for table in SEALED_TABLES:
            for (body,) in connection.execute(f"SELECT body FROM {table.name} WHERE body IS NOT NULL"):
                count += bytes(body)[:1] in (b"{", b"[", b'"')
    return count


async def test_every_body_is_sealed_and_read_back_unchanged_with_the_key(postgres_url: str) -> None:
    invitation = Invitation("ABCD-EFGH", "Ana", "claire", T0, T0)
    async with PostgresStore(postgres_url) as store:
        await store.save_mentee(mentee())
        await store.submit_item(item(1, text=CANARY), Conversation(user=ANA))
        await store.enqueue(entry("to-mentor", to=MENTOR, text=CANARY, item_ref="R0001"))
        await store.save_invitation(invitation)
        await store.set_identity_link("link-1", "33612345678")
        await PostgresInbox(store).record([inbox_entry("wa:1")])
        await PostgresJourneyStore(store).save_programme(programme("2027-01-18T10:00"))
    assert CANARY.encode() in raw_bytes(postgres_url) and clear_bodies(postgres_url) >= 7
    key = Fernet.generate_key().decode("ascii")

    sealed = encrypt_database(postgres_url, master_from_text(key))

    assert sealed is not None and sealed["people"] == 1 and sealed["outbox"] == 1 and sealed["inbox"] == 1
    assert sealed["journey_records"] == 1 and sealed["invitations"] == 1
    assert CANARY.encode() not in raw_bytes(postgres_url) and clear_bodies(postgres_url) == 0
    async with PostgresStore(postgres_url, data_key=key) as store:
        assert await store.get_mentee(ANA) == mentee()
        assert await store.get_item("item00001") == item(1, text=CANARY)
        assert [e.outbound.text for e in await store.list_outbox()] == [CANARY]
        assert await store.get_invitation("ABCD-EFGH") == invitation
        assert await store.identity_link("link-1") == "33612345678"
        [pending] = await PostgresInbox(store).pending("whatsapp")
        assert json.loads(pending.body)["message"]["text"]["body"] == CANARY
        assert await PostgresJourneyStore(store).get_programme("essai") == programme("2027-01-18T10:00")
    assert encrypt_database(postgres_url, master_from_text(key)) is None, "a second run changes nothing"
    with pytest.raises(StoreError, match="does not open this database"):
        encrypt_database(postgres_url, master_from_text(Fernet.generate_key().decode("ascii")))
    with pytest.raises(StoreError, match="encrypted at rest: set CADRE_DATA_KEY"):
        await PostgresStore(postgres_url).open()


async def test_a_running_cadre_refuses_the_encryption_and_nothing_changes(postgres_url: str) -> None:
    async with PostgresStore(postgres_url) as store:  # holds its liveness lock, as `cadre run` does
        await store.save_mentee(mentee())
        with pytest.raises(StoreError) as refused:
            encrypt_database(postgres_url, master_from_text(Fernet.generate_key().decode("ascii")))
        assert refused.value.code == "db_in_use"
        assert await store.get_mentee(ANA) == mentee()
    assert clear_bodies(postgres_url) == 1


def test_cadre_encrypt_seals_a_database_a_console_session_wrote_in_clear(
    project: Path, postgres_url: str
) -> None:
    env = {"CADRE_DATABASE_URL": postgres_url}
    written = run_cadre(
        project,
        "console",
        "--at",
        "2026-11-23T10:00",
        stdin="\n".join(conversation()) + "\n",
        env=env,
        timeout_s=180,
    )
    assert written.returncode == 0 and "envoyée" in written.stdout, written.stderr
    assert UNFLAGGED_WORDS.encode() in raw_bytes(postgres_url)
    key = Fernet.generate_key().decode("ascii")
    refused = run_cadre(
        project, "console", "--at", "2026-11-23T11:00", stdin="/fil\n", env={**env, "CADRE_DATA_KEY": key}
    )
    assert refused.returncode != 0 and "chiffrez-la avec `cadre encrypt`" in refused.stderr

    done = run_cadre(project, "encrypt", env={**env, "CADRE_DATA_KEY": key})

    assert done.returncode == 0, done.stderr
    assert "chiffrée :" in done.stdout and "enregistrements scellés" in done.stdout
    assert "pg_dump" in done.stdout
    assert UNFLAGGED_WORDS.encode() not in raw_bytes(postgres_url)
    again = run_cadre(project, "encrypt", env={**env, "CADRE_DATA_KEY": key})
    assert again.returncode == 0 and "déjà chiffrée : rien à faire" in again.stdout
    shown = run_cadre(
        project, "console", "--at", "2026-11-23T11:00", stdin="/fil\n", env={**env, "CADRE_DATA_KEY": key}
    )
    assert shown.returncode == 0, shown.stderr
    assert UNFLAGGED_WORDS in shown.stdout, "the mentee reads their question back through the key"


def test_every_sealed_column_of_the_schema_is_encrypted(postgres_url: str) -> None:
    """A migration that adds a table with a `body` must add it to SEALED_TABLES too, or an
    encrypted database would keep that table in clear."""
    with psycopg.connect(postgres_url) as connection:
        rows = connection.execute(
            "SELECT table_name FROM information_schema.columns"
            " WHERE table_schema = 'public' AND column_name = 'body'"
        ).fetchall()
    assert {row[0] for row in rows} == {table.name for table in SEALED_TABLES}
