"""The JourneyStore port: memory and TinyDB behave alike; TinyDB is durable and encrypted per alias."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.errors import CorruptRecordError
from bot.journey import report as lifecycle
from bot.journey.pause import Pause
from bot.journey.ports import JourneyStore, ReviewRecord
from bot.journey.programme import Programme, Session
from bot.journey.sessions import AgendaEntry, AgendaSource, SessionNote
from bot.storage.crypto import KeyRing, master_from_text, open_encrypted_store
from bot.storage.journey_memory import MemoryJourneyStore
from bot.storage.postgres.journey import PostgresJourneyStore
from bot.storage.postgres.store import PostgresStore
from bot.storage.tiny.journey import TinyJourneyStore, journey_key_name, journey_name
from tests.conftest import paris

AT = paris("2027-01-10T10:00")
SECRET = "Délégation à CANARY-7"


def plan(alias: str = "A-17") -> Programme:
    sessions = (
        Session(1, paris("2027-01-18T14:00")),
        Session(2, paris("2027-02-08T14:00"), timedelta(hours=1)),
    )
    return Programme(alias, date(2027, 1, 11), date(2027, 12, 17), sessions, ("Déléguer",), "sponsor-nord")


@pytest.fixture(params=["memory", "tiny", "postgres"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[JourneyStore]:
    if request.param == "postgres":
        async with PostgresStore(request.getfixturevalue("postgres_url")) as main:
            yield PostgresJourneyStore(main)
        return
    yield MemoryJourneyStore() if request.param == "memory" else TinyJourneyStore(tmp_path)


async def fill(store: JourneyStore) -> lifecycle.Report:
    await store.save_programme(plan())
    await store.add_agenda_entry(AgendaEntry("A-17", 1, AgendaSource.PROMPT, AT, SECRET))
    await store.save_note(SessionNote("A-17", 1, "Bonne séance", "mentor", AT))
    report = lifecycle.draft_report(
        "A-17-r1",
        alias="A-17",
        mentor="mentor",
        period_start=date(2027, 1, 11),
        period_end=date(2027, 6, 30),
        text="Progrès",
        at=AT,
    )
    sent = lifecycle.send_to_mentee(report, AT)
    validated = lifecycle.validate(sent, AT + timedelta(hours=1), sent.sha256)
    await store.save_report(validated)
    await store.save_review(ReviewRecord("A-17-mentee-1", "A-17", AT, "mentee", ("x.pdf",)))
    await store.save_pause(Pause("A-17", date(2027, 3, 1), AT))
    return validated


async def test_records_round_trip_and_erasure_removes_all(store: JourneyStore) -> None:
    validated = await fill(store)
    await store.save_programme(plan("B-2"))
    records = await store.records("A-17")
    assert records.programme == plan()
    assert records.reports == (validated,) and records.reports[0].validation == validated.validation
    assert [a.text for a in records.agenda] == [SECRET]
    assert records.pause is not None and records.pause.until_day == date(2027, 3, 1)
    assert [p.alias for p in await store.list_programmes()] == ["A-17", "B-2"]
    assert await store.get_report("A-17", "A-17-r1") == validated
    await store.delete_report("A-17", "A-17-r1")
    assert await store.get_report("A-17", "A-17-r1") is None
    await store.erase("A-17")
    assert (await store.records("A-17")).is_empty
    assert [p.alias for p in await store.list_programmes()] == ["B-2"]


async def test_a_mark_is_set_once(store: JourneyStore) -> None:
    assert await store.mark_once("A-17", "journey:prompt:A-17:1", AT)
    assert not await store.mark_once("A-17", "journey:prompt:A-17:1", AT + timedelta(minutes=1))
    assert await store.mark_once("A-17", "journey:prompt:A-17:2", AT)


async def test_a_second_answer_for_a_session_replaces_the_first(store: JourneyStore) -> None:
    await store.add_agenda_entry(AgendaEntry("A-17", 1, AgendaSource.PROMPT, AT, "premier"))
    await store.add_agenda_entry(
        AgendaEntry("A-17", 1, AgendaSource.PROMPT, AT + timedelta(hours=1), "second")
    )
    assert [a.text for a in (await store.records("A-17")).agenda] == ["second"]


async def test_agenda_entries_by_session_oldest_first_and_a_kept_question_moves(store: JourneyStore) -> None:
    kept = AgendaEntry("A-17", 1, AgendaSource.KEPT, AT + timedelta(hours=2), item_ref="Q001")
    await store.add_agenda_entry(kept)
    await store.add_agenda_entry(AgendaEntry("A-17", 1, AgendaSource.PROMPT, AT, "préparer"))
    await store.add_agenda_entry(AgendaEntry("A-17", 2, AgendaSource.KEPT, AT, "un brouillon"))
    assert [e.id for e in await store.agenda_entries("A-17", 1)] == ["prompt:1", "item:Q001"]
    assert [e.session_number for e in await store.agenda_entries("A-17")] == [1, 2, 1]
    moved = AgendaEntry("A-17", 2, AgendaSource.KEPT, AT + timedelta(hours=3), item_ref="Q001")
    await store.add_agenda_entry(moved)
    assert await store.agenda_entries("A-17", 1) == (
        AgendaEntry("A-17", 1, AgendaSource.PROMPT, AT, "préparer"),
    )
    assert [e.id for e in await store.agenda_entries("A-17", 2)] == [f"draft:{AT.isoformat()}", "item:Q001"]
    assert await store.agenda_entries("B-2") == ()


async def test_tiny_files_carry_a_hash_and_survive_a_reopen(tmp_path: Path) -> None:
    await fill(TinyJourneyStore(tmp_path))
    names = [p.name for p in (tmp_path / "journey").iterdir()]
    assert names == [f"{journey_name('A-17')}.json"]
    assert not any(p.name.endswith(".tmp") for p in (tmp_path / "journey").iterdir())
    reopened = TinyJourneyStore(tmp_path)
    assert (await reopened.records("A-17")).programme == plan()


async def test_a_corrupt_file_is_reported_with_its_name_never_dropped(tmp_path: Path) -> None:
    store = TinyJourneyStore(tmp_path)
    await store.save_programme(plan())
    path = tmp_path / "journey" / f"{journey_name('A-17')}.json"
    path.write_text(json.dumps({"records": {"1": {"alias": 3}}}), encoding="utf-8")
    with pytest.raises(CorruptRecordError) as caught:
        await store.records("A-17")
    assert str(caught.value) == f"journey/{journey_name('A-17')}.json: record records: does not decode"


@pytest.mark.parametrize("document", [{"records": {}}, {"x": {"1": {}}}, {}])
async def test_a_file_without_its_record_is_damage_never_no_programme(
    tmp_path: Path, document: object
) -> None:
    store = TinyJourneyStore(tmp_path)
    await store.save_programme(plan())
    label = f"journey/{journey_name('A-17')}.json"
    (tmp_path / label).write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CorruptRecordError) as read:
        await store.records("A-17")
    with pytest.raises(CorruptRecordError) as listed:
        await store.list_programmes()
    assert str(read.value).startswith(label) and str(listed.value).startswith(label)


async def test_encrypted_files_hold_no_clear_text_and_erasure_destroys_the_key(tmp_path: Path) -> None:
    ring = KeyRing(tmp_path, master_from_text(Fernet.generate_key().decode()))
    store = TinyJourneyStore(tmp_path, keys=ring)
    await fill(store)
    raw = (tmp_path / "journey" / f"{journey_name('A-17')}.json").read_bytes()
    assert b"CANARY" not in raw and "Délégation".encode() not in raw
    assert journey_key_name("A-17") in ring.names()
    assert [p.alias for p in await store.list_programmes()] == ["A-17"]
    await store.erase("A-17")
    assert journey_key_name("A-17") not in ring.names()
    assert not (tmp_path / "journey" / f"{journey_name('A-17')}.json").exists()


async def test_reopening_the_encrypted_data_folder_keeps_the_journey_keys(tmp_path: Path) -> None:
    """The main store drops orphan person keys when it opens; the journey's are not orphans."""
    master = Fernet.generate_key().decode()
    main = open_encrypted_store(tmp_path, master)
    await fill(TinyJourneyStore(tmp_path, keys=main.keys))
    await main.close()
    reopened = open_encrypted_store(tmp_path, master)
    assert journey_key_name("A-17") in reopened.keys.names()
    assert (await TinyJourneyStore(tmp_path, keys=reopened.keys).records("A-17")).programme == plan()
    await reopened.close()


async def test_postgres_rows_are_sealed_per_alias_and_erasure_deletes_key_and_row(postgres_url: str) -> None:
    async with PostgresStore(postgres_url, data_key=Fernet.generate_key().decode()) as main:
        store = PostgresJourneyStore(main)
        await fill(store)
        await store.save_programme(plan("B-2"))
        async with main.transaction("read") as c:
            rows = await (await c.execute("SELECT name, body FROM journey_records ORDER BY name")).fetchall()
            keys = await (await c.execute("SELECT name FROM data_keys")).fetchall()
        assert sorted(r[0] for r in rows) == sorted([journey_name("A-17"), journey_name("B-2")])
        assert not any(b"CANARY" in bytes(r[1]) or b"A-17" in bytes(r[1]) for r in rows)
        assert {journey_key_name("A-17"), journey_key_name("B-2")} <= {k[0] for k in keys}
        await store.erase("A-17")
        async with main.transaction("read") as c:
            left = await (await c.execute("SELECT name FROM journey_records")).fetchall()
            keys = await (await c.execute("SELECT name FROM data_keys")).fetchall()
        assert [r[0] for r in left] == [journey_name("B-2")]
        assert journey_key_name("A-17") not in {k[0] for k in keys}
        assert [p.alias for p in await store.list_programmes()] == ["B-2"]


async def test_postgres_marks_are_set_once_across_processes(postgres_url: str) -> None:
    async with PostgresStore(postgres_url) as one, PostgresStore(postgres_url) as two:
        stores = [PostgresJourneyStore(one), PostgresJourneyStore(two)]
        results = await asyncio.gather(
            *(stores[n % 2].mark_once("A-17", "journey:prompt:A-17:3", AT) for n in range(8))
        )
        assert sorted(results) == [False] * 7 + [True]
        await stores[0].add_agenda_entry(AgendaEntry("A-17", 3, AgendaSource.PROMPT, AT, "préparer"))
        assert [e.text for e in await stores[1].agenda_entries("A-17", 3)] == ["préparer"]
