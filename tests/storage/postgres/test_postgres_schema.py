"""Migrations on a real PostgreSQL: applied in order once, checked at start, constraints hold."""

from __future__ import annotations

import threading

import psycopg
import pytest

from bot.errors import StoreError
from bot.storage.postgres import schema


def test_upgrade_applies_every_migration_once(empty_postgres_url: str) -> None:
    applied = schema.upgrade(empty_postgres_url)
    assert [m.version for m in applied] == [m.version for m in schema.migrations()]
    assert schema.upgrade(empty_postgres_url) == []
    with psycopg.connect(empty_postgres_url) as connection:
        rows = connection.execute("SELECT version, checksum FROM cadre_schema ORDER BY version").fetchall()
    assert rows == [(m.version, m.checksum) for m in schema.migrations()]
    schema.require_current(empty_postgres_url)


def test_a_database_without_the_schema_refuses_to_start_and_names_the_command(
    empty_postgres_url: str,
) -> None:
    with pytest.raises(StoreError, match=r"has no Cadre schema yet.*run `cadre db upgrade`"):
        schema.require_current(empty_postgres_url)


def test_a_database_behind_the_code_names_its_version(postgres_url: str) -> None:
    latest = schema.latest_version()
    with psycopg.connect(postgres_url) as connection:
        connection.execute("DELETE FROM cadre_schema WHERE version = %s", (latest,))
    expected = "has no Cadre schema yet" if latest == 1 else f"is at schema version {latest - 1}"
    with pytest.raises(StoreError, match=rf"{expected}, this Cadre needs version {latest}"):
        schema.require_current(postgres_url)


def test_a_database_ahead_of_the_code_refuses(postgres_url: str) -> None:
    with psycopg.connect(postgres_url) as connection:
        connection.execute("INSERT INTO cadre_schema (version, name, checksum) VALUES (9999, 'future', 'x')")
    with pytest.raises(StoreError, match="newer than this Cadre"):
        schema.require_current(postgres_url)
    with pytest.raises(StoreError, match="newer than this Cadre"):
        schema.upgrade(postgres_url)


def test_an_edited_migration_is_refused(postgres_url: str) -> None:
    with psycopg.connect(postgres_url) as connection:
        connection.execute("UPDATE cadre_schema SET checksum = 'edited' WHERE version = 1")
    with pytest.raises(StoreError, match=r"0001_initial\.sql was changed after it was applied"):
        schema.upgrade(postgres_url)


def test_two_processes_upgrading_at_once_apply_each_file_once(empty_postgres_url: str) -> None:
    results: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(len(schema.upgrade(empty_postgres_url)))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    # The upgrade holds its lock throughout: one process applies every file, once.
    assert sorted(results) == [0, 0, len(schema.migrations())]


@pytest.mark.parametrize(
    ("statement", "constraint"),
    [
        (
            "INSERT INTO inbound (person, message_id, received_at) VALUES ('p', 'm1', now())",
            "inbound_pkey",
        ),
        (
            "INSERT INTO digest_slots (mentor, slot_at, claimed_until)"
            " VALUES ('coach', '2026-11-23T18:00Z', now())",
            "digest_slots_pkey",
        ),
        (
            "INSERT INTO outbox (key, person, subject, channel, status, created_at, next_attempt_at, body)"
            " VALUES ('k', 'p', 'p', 'console', 'pending', now(), now(), '')",
            "outbox_pkey",
        ),
        (
            "INSERT INTO job_runs (job, slot, claimed_until) VALUES ('purge', '2026-11-23', now())",
            "job_runs_pkey",
        ),
    ],
)
def test_the_rules_that_several_processes_share_are_constraints(
    postgres_url: str, statement: str, constraint: str
) -> None:
    with psycopg.connect(postgres_url) as connection:
        connection.execute(statement)
        with pytest.raises(psycopg.errors.UniqueViolation) as caught:
            connection.execute(statement)
    assert caught.value.diag.constraint_name == constraint


def test_a_database_is_described_without_its_password() -> None:
    described = schema.describe("postgresql://cadre:s3cret@db.example:5432/cadre")
    assert described == "cadre on db.example"
    assert "s3cret" not in described
