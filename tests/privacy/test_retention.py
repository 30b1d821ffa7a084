"""Retention: the daily purge with a moved clock, legal holds, withdrawal, the audit trail."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from bot.channels.console import CONSOLE_USER
from bot.config.settings import RetentionSettings, Settings
from bot.domain import AuditEvent, ItemStatus, MenteeStatus, Reply, ReplyKind
from bot.privacy.retention import PurgeReport, purge, purge_job, set_legal_hold
from bot.storage import MemoryStore, TinyStore
from tests.conftest import paris
from tests.harness import Harness
from tests.privacy.test_privacy import ANSWER, CANARIES, answer, ask

DAY = timedelta(days=1)


def with_retention(harness: Harness, **durations: timedelta) -> Settings:
    settings = harness.setup.settings
    return settings.model_copy(
        update={"retention": RetentionSettings(**{**settings.retention.model_dump(), **durations})}
    )


@pytest.fixture
async def harness(project: Path) -> Harness:
    """Monday 5 January 2026: one answered question, one closed, a draft left idle."""
    harness = await Harness.start(project / "config", paris("2026-01-05T10:00"), store=MemoryStore())
    await answer(harness.store, await ask(harness), harness.clock.now() + DAY)
    harness.clock.advance(timedelta(minutes=5))
    closed = await ask(harness)
    await harness.store.save_item(
        replace(
            closed,
            status=ItemStatus.CLOSED,
            replies=(Reply(ReplyKind.CLOSE, "", "mentor", harness.clock.now() + DAY),),
        )
    )
    await harness.command("nouvelle")
    await harness.type("Une situation Snarfwidget qui reste en brouillon.")
    return harness


async def run(harness: Harness, settings: Settings, days: int) -> PurgeReport:
    harness.clock.set(paris("2026-01-05T10:00") + timedelta(days=days))
    return await purge(harness.store, settings, harness.clock.now())


async def test_each_kind_of_record_goes_at_its_time(harness: Harness) -> None:
    settings = with_retention(
        harness,
        drafts=timedelta(days=30),
        closed_items=timedelta(days=60),
        answered_items=timedelta(days=120),
        inactive_mentees=timedelta(days=365),
    )
    assert (await run(harness, settings, 29)).drafts_removed == 0
    assert (await run(harness, settings, 31)).drafts_removed == 1
    conversation = await harness.store.get_conversation(CONSOLE_USER)
    assert conversation is not None and conversation.draft is None
    report = await run(harness, settings, 62)
    assert (report.items_redacted, report.people_erased) == (1, 0)
    statuses = {i.status: i for i in await harness.store.items_of(CONSOLE_USER)}
    assert statuses[ItemStatus.CLOSED].answers == () and statuses[ItemStatus.ANSWERED].answers
    report = await run(harness, settings, 122)
    assert report.items_redacted == 1
    answered = statuses[ItemStatus.ANSWERED]
    kept = await harness.store.get_item(answered.id)
    assert kept is not None and kept.answers == () and kept.ref == answered.ref
    assert [r.text for r in kept.replies] == [""], "the mentor's words go too, the shape stays"
    kept_items = repr(await harness.store.items_of(CONSOLE_USER))
    assert not any(c in kept_items for c in CANARIES)
    assert await run(harness, settings, 123) == PurgeReport(audit_removed=0), "idempotent"
    report = await run(harness, settings, 367)
    assert report.people_erased == 1
    assert await harness.store.get_mentee(CONSOLE_USER) is None
    purged = [e for e in await harness.store.audit_events() if e.action == "purged"]
    assert [(e.actor, dict(e.details)) for e in purged] == [("system", {"reason": "inactive"})]


async def test_the_answers_kept_for_a_replay_go_when_the_purge_removes_words(harness: Harness) -> None:
    """A kept review or thread quotes the question: when its item's words go, so do they."""
    settings = with_retention(harness, drafts=timedelta(days=30), closed_items=timedelta(days=60))
    await harness.command("fil")  # the thread, which shows the questions' words
    conversation = await harness.store.get_conversation(CONSOLE_USER)
    assert conversation is not None and any(c in repr(conversation.sent_for) for c in CANARIES)
    assert (await run(harness, settings, 10)) == PurgeReport(audit_removed=0)
    assert (await harness.store.get_conversation(CONSOLE_USER)) == conversation, (
        "nothing due, nothing written"
    )
    await run(harness, settings, 62)
    conversation = await harness.store.get_conversation(CONSOLE_USER)
    assert conversation is not None and conversation.sent_for == ()


async def test_waiting_items_stay_while_the_person_remains(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-01-05T10:00"))
    item = await ask(harness)
    settings = with_retention(harness, closed_items=timedelta(days=1), answered_items=timedelta(days=1))
    assert (await run(harness, settings, 200)).items_redacted == 0
    kept = await harness.store.get_item(item.id)
    assert kept is not None and kept.answers == item.answers


async def test_a_legal_hold_suspends_the_purge(harness: Harness) -> None:
    mentee = await harness.store.get_mentee(CONSOLE_USER)
    assert mentee is not None
    await set_legal_hold(harness.store, mentee, is_held=True, actor="operator", now_at=harness.clock.now())
    settings = harness.setup.settings
    report = await run(harness, settings, 800)
    assert (report.people_held, report.people_erased, report.items_redacted, report.drafts_removed) == (
        1,
        0,
        0,
        0,
    )
    assert any(i.answers and ANSWER in repr(i.replies) for i in await harness.store.items_of(CONSOLE_USER))
    held = await harness.store.get_mentee(CONSOLE_USER)
    assert held is not None
    await set_legal_hold(harness.store, held, is_held=False, actor="operator", now_at=harness.clock.now())
    assert (await run(harness, settings, 801)).people_erased == 1


async def test_withdrawn_mentees_are_erased_after_their_delay(harness: Harness) -> None:
    harness.clock.set(paris("2026-03-02T09:00"))
    await harness.command("arret")
    await harness.type("1")
    mentee = await harness.store.get_mentee(CONSOLE_USER)
    assert mentee is not None and mentee.status is MenteeStatus.WITHDRAWN
    settings = harness.setup.settings  # withdrawn_mentees: 30d by default
    harness.clock.set(paris("2026-03-31T09:00"))
    assert (await purge(harness.store, settings, harness.clock.now())).people_erased == 0
    harness.clock.set(paris("2026-04-01T10:00"))  # 30 days of 24 h: summer time began meanwhile
    assert (await purge(harness.store, settings, harness.clock.now())).people_erased == 1
    purged = [e for e in await harness.store.audit_events() if e.action == "purged"]
    assert dict(purged[-1].details) == {"reason": "withdrawn"}


async def test_the_purge_closes_what_a_withdrawn_person_left_waiting(harness: Harness) -> None:
    """People who withdrew before withdrawal closed their questions: out of the digest at
    the next purge, not 30 days later."""
    await ask(harness)
    mentee = await harness.store.get_mentee(CONSOLE_USER)
    assert mentee is not None
    await harness.store.save_mentee(replace(mentee, status=MenteeStatus.WITHDRAWN))
    [waiting] = await harness.store.open_items()
    await purge(harness.store, harness.setup.settings, harness.clock.now())
    assert await harness.store.open_items() == []
    closed = await harness.store.get_item(waiting.id)
    assert closed is not None and closed.status is ItemStatus.CLOSED and closed.replies == ()


async def test_old_audit_events_go_when_the_store_can_prune(harness: Harness) -> None:
    store = harness.store
    await store.append_audit(
        AuditEvent(at=paris("2024-01-01T10:00"), actor="operator", action="exported", subject="ancien")
    )
    report = await run(harness, harness.setup.settings, 1)
    assert report.audit_removed == 1
    assert all(e.subject != "ancien" for e in await store.audit_events())


async def test_audit_retention_prunes_the_files_on_disk(project: Path, tmp_path: Path) -> None:
    """TinyStore drops whole months past the retention and filters the boundary month."""
    with TinyStore(tmp_path / "data") as store:
        harness = await Harness.start(project / "config", paris("2026-01-05T10:00"), store=store)
        for at in ("2024-01-10T10:00", "2024-02-10T10:00", "2025-01-03T10:00", "2025-01-20T10:00"):
            await store.append_audit(
                AuditEvent(at=paris(at), actor="operator", action="exported", subject="x")
            )
        audit_dir = tmp_path / "data" / "audit"
        assert (audit_dir / "2024-01.json").exists()
        settings = with_retention(harness, audit=timedelta(days=365))
        report = await purge(store, settings, harness.clock.now())
        assert report.audit_removed == 3, "2024-01, 2024-02 and 2025-01-03 are older than a year"
        assert not (audit_dir / "2024-01.json").exists() and not (audit_dir / "2024-02.json").exists()
        kept = [e.at for e in await store.audit_events() if e.subject == "x"]
        assert kept == [paris("2025-01-20T10:00")]
        again = await purge(store, settings, harness.clock.now())
        assert again.audit_removed == 0, "idempotent"


async def test_purge_job_reads_the_clock_when_it_runs(harness: Harness) -> None:
    job = purge_job(harness.store, with_retention(harness, drafts=timedelta(days=30)), harness.clock)
    assert (await job()).drafts_removed == 0
    harness.clock.advance(timedelta(days=31))
    assert (await job()).drafts_removed == 1


def test_retention_durations_are_read_from_the_coach_file(project: Path) -> None:
    from bot.config.settings import load_settings

    path = project / "config" / "cadre.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "\nretention:\n  drafts: 10d\n  answered_items: 2w\n",
        encoding="utf-8",
    )
    settings = load_settings(project / "config")
    assert settings.retention.drafts == timedelta(days=10)
    assert settings.retention.answered_items == timedelta(weeks=2)
    assert settings.retention.withdrawn_mentees == timedelta(days=30)
    path.write_text(path.read_text(encoding="utf-8").replace("10d", "ten days"), encoding="utf-8")
    from bot.errors import ConfigError

    with pytest.raises(ConfigError, match=r"retention\.drafts"):
        load_settings(project / "config")
