"""The journey under `cadre run` (bot/runtime/journey_jobs.py), over real HTTP on 127.0.0.1.

The service's own channels talk to the fake Bot API and the fake Graph API; the jobs are
woken as the scheduler wakes them (its claimed tick, digest and purge), on a ManualClock.
What is asserted is what the platforms received: multipart uploads whose bytes are the
review's own files, in the platforms' formats.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app import load_setup
from bot.cli.commands.digest import run_digest_preview
from bot.domain import (
    Conversation,
    Item,
    ItemStatus,
    Mentee,
    OutboxStatus,
    Reply,
    ReplyKind,
    StepAnswer,
    UserRef,
)
from bot.journey.pause import Pause
from bot.journey.programme import Programme, Session
from bot.journey.review import FINAL_REVIEW_MARK
from bot.runtime.clock import ManualClock
from bot.runtime.environment import RunEnvironment
from bot.runtime.journey_jobs import JourneyJobs
from bot.runtime.service import Service
from bot.storage import MemoryStore
from bot.storage.journey_memory import MemoryJourneyStore
from tests.conftest import paris
from tests.e2e import clock_sleep, mentor_on
from tests.fakes import whatsapp_payloads as wa
from tests.fakes.graph_api import PHONE_NUMBER_ID, FakeGraphApi
from tests.fakes.graph_api import TOKEN as GRAPH_TOKEN
from tests.fakes.telegram_api import FakeTelegramApi

TG_TOKEN = "123456:TEST-token"
APP_SECRET = "jobs-app-secret"
ALIAS = "A-17"
MENTEE_CHAT, MENTOR_CHAT = 4242, 5151
MENTEE_WA = "33611111111"
TELEGRAM_MENTEE = UserRef("telegram", str(MENTEE_CHAT))


def programme(end: date = date(2027, 3, 6), sessions: tuple[str, ...] = ()) -> Programme:
    starts = sessions or ("2027-01-18T14:00", "2027-02-08T14:00", "2027-03-01T14:00")
    return Programme(
        ALIAS,
        date(2027, 1, 11),
        end,
        tuple(Session(n, paris(s)) for n, s in enumerate(starts, start=1)),
        ("Déléguer davantage",),
        "sponsor-nord",
        mentor="mentor",
    )


def question(number: int, user: UserRef, at_text: str, *, redirected: bool = False) -> Item:
    at = paris(at_text)
    replies = (
        (Reply(ReplyKind.REDIRECT, "En séance", "mentor", at + timedelta(hours=2)),) if redirected else ()
    )
    return Item(
        f"item{number}",
        f"Q{number:03d}",
        user,
        ALIAS,
        "mentor",
        "question",
        (StepAnswer("context", "Une réunion tendue."), StepAnswer("question", f"Que faire, fois {number} ?")),
        at,
        ItemStatus.REDIRECTED if redirected else ItemStatus.WAITING,
        theme="team",
        replies=replies,
    )


class Run:
    """One `cadre run` on the fakes: channels started, jobs woken by hand."""

    def __init__(self, service: Service, store: MemoryStore, journey: MemoryJourneyStore, clock: ManualClock):
        self.service, self.store, self.journey, self.clock = service, store, journey, clock

    @property
    def jobs(self) -> JourneyJobs:
        return self.service.journey_jobs

    async def entries(self, prefix: str) -> list[Any]:
        return [e for e in await self.store.list_outbox() if e.outbound.key.startswith(prefix)]


async def start(
    project: Path,
    tmp_path: Path,
    clock: ManualClock,
    mentee: UserRef,
    *,
    telegram: FakeTelegramApi | None = None,
    graph: FakeGraphApi | None = None,
    store: MemoryStore | None = None,
    journey: MemoryJourneyStore | None = None,
    declared: Programme | None = None,
) -> Run:
    config = mentor_on(project, "telegram", str(MENTOR_CHAT))
    env = RunEnvironment(
        http_port=0,
        telegram_token=TG_TOKEN if telegram else "",
        telegram_base_url=telegram.base_url if telegram else "",
        whatsapp_token=GRAPH_TOKEN if graph else "",
        whatsapp_phone_number_id=PHONE_NUMBER_ID if graph else "",
        whatsapp_app_secret=APP_SECRET if graph else "",
        whatsapp_verify_token="verify" if graph else "",
        whatsapp_api_base_url=graph.base_url if graph else "",
    )
    store = store or MemoryStore()
    journey = journey or MemoryJourneyStore()
    await store.save_mentee(Mentee(mentee, ALIAS, "mentor", "fr", paris("2027-01-05T10:00")))
    await journey.save_programme(declared or programme())
    service = Service(
        load_setup(config),
        store,
        clock,
        env,
        sleep=clock_sleep(clock),
        journey=journey,
        data_dir=tmp_path / "data",
    )
    await service.server.start()
    for channel in service.channels:
        await channel.start(service.on_message, service.outbox.on_status)
    return Run(service, store, journey, clock)


@asynccontextmanager
async def kept_question_run(
    project: Path, tmp_path: Path, telegram: FakeTelegramApi, at: str, *, declared: Programme | None = None
) -> AsyncIterator[Run]:
    """A run on Telegram at `at` whose mentee's question Q001 (25 January) the mentor kept
    for a session; stopped on the way out."""
    clock = ManualClock(paris(at))
    run = await start(project, tmp_path, clock, TELEGRAM_MENTEE, telegram=telegram, declared=declared)
    try:
        await run.store.submit_item(
            question(1, TELEGRAM_MENTEE, "2027-01-25T10:00", redirected=True),
            await _conversation(run, TELEGRAM_MENTEE),
        )
        yield run
    finally:
        await run.service.stop()


def reviews(tmp_path: Path, suffix: str) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (tmp_path / "data" / "reviews").glob(f"*{suffix}")}


# -- the closing review at the planned end ------------------------------------------------


async def test_the_closing_review_goes_out_at_the_planned_end_once_with_its_picture(
    project: Path, tmp_path: Path, fake_telegram: FakeTelegramApi
) -> None:
    """Saturday 6 March 2027: the mentee's hours open at 09:00, the mentor's window is shut
    until Monday 08:00. The mentee gets text, PNG (sendPhoto) and PDF (sendDocument) at
    09:00; the mentor the same on Monday; a second process ticking finds nothing to do."""
    clock = ManualClock(paris("2027-03-06T08:59"))
    run = await start(project, tmp_path, clock, TELEGRAM_MENTEE, telegram=fake_telegram)
    await run.store.submit_item(
        question(1, TELEGRAM_MENTEE, "2027-01-20T10:00"), await _conversation(run, TELEGRAM_MENTEE)
    )
    try:
        await run.service.scheduler.run_tick()
        assert await run.entries("journey:review:") == []  # before the mentee's hours

        clock.set(paris("2027-03-06T09:00"))
        await run.service.scheduler.run_tick()
        await run.service.outbox.flush()
        sent = [c for c in fake_telegram.calls if c.method.startswith("send")]
        assert [(c.method, int(c.params["chat_id"])) for c in sent] == [
            ("sendMessage", MENTEE_CHAT),
            ("sendPhoto", MENTEE_CHAT),
            ("sendDocument", MENTEE_CHAT),
        ]
        assert "voici votre bilan" in sent[0].params["text"]
        png_name, png = sent[1].files["photo"]
        assert png == reviews(tmp_path, "mentee-20270306.png")[png_name] and png.startswith(b"\x89PNG")
        assert sent[1].params["caption"].startswith("Questions par mois et par thème")
        pdf_name, pdf = sent[2].files["document"]
        assert pdf_name == "bilan-A-17-mentee-20270306.pdf" and pdf.startswith(b"%PDF")
        assert pdf == reviews(tmp_path, ".pdf")[pdf_name]
        assert sent[2].params["caption"] == "Bilan de votre accompagnement · A-17"

        waiting = await run.entries("journey:review:A-17:mentor:final")
        assert len(waiting) == 3 and all(e.status is OutboxStatus.PENDING for e in waiting)
        assert all(e.outbound.about == TELEGRAM_MENTEE for e in waiting)  # erasure reaches them
        assert min(e.next_attempt_at for e in waiting) == paris("2027-03-08T08:00")

        # Another process sharing the store and the journey (its own tick claim refused,
        # and its jobs called anyway): nothing more.
        other = JourneyJobs(
            desk=run.jobs.desk, store=run.store, channels=("telegram",), reviews_dir=tmp_path / "other"
        )
        assert await other.final_reviews(clock.now()) == 0
        clock.set(paris("2027-03-06T09:01"))
        await run.service.scheduler.run_tick()
        assert len(await run.entries("journey:review:")) == 6
        assert any(k == FINAL_REVIEW_MARK for k, _ in (await run.journey.records(ALIAS)).marks)

        clock.set(paris("2027-03-08T08:00"))
        await run.service.outbox.flush()
        to_mentor = [
            c
            for c in fake_telegram.calls
            if c.method.startswith("send") and int(c.params["chat_id"]) == MENTOR_CHAT
        ]
        assert [c.method for c in to_mentor] == ["sendMessage", "sendPhoto", "sendDocument"]
        assert "Bilan de l'accompagnement de A-17" in to_mentor[0].params["text"]
        assert (
            to_mentor[2].files["document"][1]
            == reviews(tmp_path, "mentor-20270306.pdf")["bilan-A-17-mentor-20270306.pdf"]
        )
        kinds = [(e.outbound.key, e.status) for e in await run.entries("journey:review:")]
        assert all(status is OutboxStatus.SENT for _key, status in kinds)
        # Once sent, the outbox keeps ids only: no picture, no document at rest.
        assert all(e.outbound.attachment is None for e in await run.entries("journey:review:"))
    finally:
        await run.service.stop()


async def _conversation(run: Run, user: UserRef) -> Conversation:
    return await run.store.get_conversation(user) or Conversation(user=user)


async def test_on_whatsapp_the_review_is_uploaded_then_shown_as_image_and_document(
    project: Path, tmp_path: Path, fake_graph: FakeGraphApi
) -> None:
    """The mentee wrote this morning (their 24-hour window is open): the PNG and the PDF
    are uploaded to /media, then sent as an image and a document by their media ids. An
    upload the server fails (500) is retried later, and nothing is shown before it."""
    clock = ManualClock(paris("2027-03-06T08:30"))
    mentee = UserRef("whatsapp", MENTEE_WA)
    run = await start(project, tmp_path, clock, mentee, graph=fake_graph)
    try:
        await _post(run, wa.text(MENTEE_WA, "/aide", at=clock.now()))
        before = len(fake_graph.calls)
        clock.set(paris("2027-03-06T09:00"))
        await run.service.scheduler.run_tick()
        fake_graph.fail_next_http(1, status=500)  # the first call: the text would go; see below
        await run.service.outbox.flush()
        calls = fake_graph.calls[before:]
        # The text failed (500) and waits; its retry comes later. The picture and document went.
        uploads = [c for c in calls if c.path.endswith("/media")]
        assert [u.form["type"] for u in uploads] == ["image/png", "application/pdf"]
        png_name, _type, png = uploads[0].files["file"]
        assert png == reviews(tmp_path, "mentee-20270306.png")[png_name]
        assert (
            uploads[1].files["file"][2]
            == reviews(tmp_path, "mentee-20270306.pdf")["bilan-A-17-mentee-20270306.pdf"]
        )
        shown = [m for m in fake_graph.messages[-2:]]
        assert shown[0]["type"] == "image" and shown[0]["image"]["id"] in fake_graph.media
        assert (
            shown[1]["type"] == "document"
            and shown[1]["document"]["filename"] == "bilan-A-17-mentee-20270306.pdf"
        )
        text_entry = await run.store.get_outbox("journey:review:A-17:mentee:final")
        assert text_entry is not None
        assert text_entry.status is OutboxStatus.PENDING and text_entry.attempts == 1
        clock.set(text_entry.next_attempt_at)
        await run.service.outbox.flush()
        assert "voici votre bilan" in fake_graph.messages[-1]["text"]["body"]
    finally:
        await run.service.stop()


async def _post(run: Run, message: dict[str, Any]) -> None:
    body = wa.encode(wa.messages(message))
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"http://127.0.0.1:{run.service.server.port}/webhooks/whatsapp",
            content=body,
            headers={"Content-Type": "application/json", "X-Hub-Signature-256": wa.sign(body, APP_SECRET)},
        )
    assert response.status_code == 200
    for channel in run.service.channels:
        await channel.wait_idle()  # type: ignore[attr-defined]


async def test_an_upload_refused_is_retried_or_kept_and_the_coach_is_told_once(
    project: Path, tmp_path: Path, fake_telegram: FakeTelegramApi
) -> None:
    """Telegram answers 502 to the picture (retried with backoff, then delivered) and 403
    to the document (given up: the entry keeps its bytes, `cadre outbox` shows it, the next
    digest tells the mentor once; the file is still in the reviews folder)."""
    clock = ManualClock(paris("2027-03-06T09:00"))
    run = await start(project, tmp_path, clock, TELEGRAM_MENTEE, telegram=fake_telegram)
    try:
        fake_telegram.fail_next("sendPhoto", "502")
        fake_telegram.fail_next("sendDocument", "403")
        await run.service.scheduler.run_tick()
        await run.service.outbox.flush()
        entries = {
            e.outbound.key.rsplit(":", 1)[-1]: e for e in await run.entries("journey:review:A-17:mentee")
        }
        photo = entries["bilan-A-17-mentee-20270306.png"]
        document = entries["bilan-A-17-mentee-20270306.pdf"]
        assert photo.status is OutboxStatus.PENDING and photo.attempts == 1
        assert photo.outbound.attachment is not None  # nothing lost while it waits
        assert document.status is OutboxStatus.FAILED and "blocked" in (document.last_error or "")
        assert document.outbound.attachment is not None
        assert (
            document.outbound.attachment.content
            == reviews(tmp_path, "mentee-20270306.pdf")["bilan-A-17-mentee-20270306.pdf"]
        )

        clock.set(photo.next_attempt_at)
        await run.service.outbox.flush()
        assert [c.files["photo"][1][:8] for c in fake_telegram.calls_to("sendPhoto")] == [
            b"\x89PNG\r\n\x1a\n"
        ] * 2
        assert (await run.store.get_outbox(photo.outbound.key)).status is OutboxStatus.SENT  # type: ignore[union-attr]

        clock.set(paris("2027-03-08T08:00"))  # Monday: the digest slot
        await run.service.digest.run_due(clock.now())
        summary = _digest_summary(fake_telegram)
        assert (
            "1 document n'a pas pu être envoyé "
            "(journey:review:A-17:mentee:final:bilan-A-17-mentee-20270306.pdf)" in summary
        )
        assert "« cadre outbox »" in summary
        clock.set(paris("2027-03-09T08:00"))
        await run.service.digest.run_due(clock.now())
        assert "n'a pas pu être envoyé" not in _digest_summary(fake_telegram)
    finally:
        await run.service.stop()


def _digest_summary(telegram: FakeTelegramApi) -> str:
    """The last digest summary the mentor received ("" when none since the last call)."""
    texts = [
        c.params["text"]
        for c in telegram.calls_to("sendMessage")
        if int(c.params["chat_id"]) == MENTOR_CHAT and c.params["text"].startswith("Bonjour")
    ]
    summary = texts[-1] if texts else ""
    telegram.calls.clear()
    return summary


# -- digest lines ------------------------------------------------------------------------


async def test_the_digest_tells_pauses_agendas_and_a_gap_without_sessions(
    project: Path, tmp_path: Path, fake_telegram: FakeTelegramApi
) -> None:
    """Friday 5 Feb 2027, 08:00: session 2 is on Monday, so its agenda rides on this
    digest (with the question kept for it); the mentee is on pause until 1 March. From
    Tuesday 9 Feb nothing is planned for ten weeks: told once."""
    declared = programme(date(2027, 6, 30), ("2027-01-18T14:00", "2027-02-08T14:00", "2027-04-19T14:00"))
    async with kept_question_run(
        project, tmp_path, fake_telegram, "2027-02-04T18:30", declared=declared
    ) as run:
        clock = run.clock
        await run.journey.save_pause(Pause(ALIAS, date(2027, 3, 1), paris("2027-02-01T10:00")))
        clock.set(paris("2027-02-05T08:00"))
        await run.service.digest.run_due(clock.now())
        summary = _last_to_mentor(fake_telegram, "Bonjour")
        assert "aucune question ne vous attend" in summary
        assert "1 personne accompagnée en pause : A-17 jusqu'au lundi 1er mars 2027." in summary
        agenda = _last_to_mentor(fake_telegram, "Ordre du jour")
        assert agenda.startswith("Ordre du jour · A-17 · séance 2, lundi 8 février 2027")
        assert "Q001" in agenda
        [entry] = await run.entries("journey:agenda:A-17:2")
        assert entry.outbound.about == TELEGRAM_MENTEE and entry.status is OutboxStatus.SENT

        fake_telegram.calls.clear()
        clock.set(paris("2027-02-08T08:00"))  # Monday, the day of the session: no agenda again
        await run.service.digest.run_due(clock.now())
        assert not _last_to_mentor(fake_telegram, "Ordre du jour")

        clock.set(paris("2027-02-09T08:00"))  # the gap: nothing until 19 April
        await run.service.digest.run_due(clock.now())
        told = _last_to_mentor(fake_telegram, "Bonjour")
        assert (
            "A-17 n'a aucune séance prévue dans les 4 semaines qui viennent "
            "(fin du programme : mercredi 30 juin 2027)."
        ) in told
        fake_telegram.calls.clear()
        clock.set(paris("2027-02-10T08:00"))
        await run.service.digest.run_due(clock.now())
        assert "aucune séance prévue" not in _last_to_mentor(fake_telegram, "Bonjour")
        clock.set(paris("2027-03-02T08:00"))  # the pause ended on 1 March


def _last_to_mentor(telegram: FakeTelegramApi, start: str) -> str:
    texts = [
        c.params["text"]
        for c in telegram.calls_to("sendMessage")
        if int(c.params["chat_id"]) == MENTOR_CHAT and c.params["text"].startswith(start)
    ]
    return texts[-1] if texts else ""


async def test_an_agenda_waiting_for_the_mentor_goes_with_the_mentees_erasure(
    project: Path, tmp_path: Path, fake_telegram: FakeTelegramApi
) -> None:
    async with kept_question_run(project, tmp_path, fake_telegram, "2027-02-05T07:00") as run:
        fake_telegram.fail_next("sendMessage", "502", times=5)
        run.clock.set(paris("2027-02-05T08:00"))
        await run.service.digest.run_due(run.clock.now())
        [entry] = await run.entries("journey:agenda:A-17:2")
        assert entry.status is OutboxStatus.PENDING and "Q001" in entry.outbound.text
        await run.store.erase_user(TELEGRAM_MENTEE)
        assert await run.entries("journey:agenda:") == []


# -- retention ----------------------------------------------------------------------------


async def test_the_daily_purge_removes_reviews_past_their_retention_once(
    project: Path, tmp_path: Path, fake_telegram: FakeTelegramApi
) -> None:
    clock = ManualClock(paris("2027-03-06T09:00"))
    run = await start(project, tmp_path, clock, TELEGRAM_MENTEE, telegram=fake_telegram)
    try:
        await run.service.scheduler.run_tick()
        files = sorted((tmp_path / "data" / "reviews").iterdir())
        assert len(files) == 6
        # The mentee still writes, so the purge keeps them (an inactive one is erased whole).
        await run.store.submit_item(
            question(2, TELEGRAM_MENTEE, "2028-02-28T10:00"), await _conversation(run, TELEGRAM_MENTEE)
        )
        clock.set(paris("2028-03-05T03:30"))  # 365 days minus a day: kept
        await run.service.scheduler.run_purge()
        assert all(p.exists() for p in files)
        clock.set(paris("2028-03-06T03:30"))  # claimed today already: nothing runs
        await run.service.store.claim_run(
            run.service.scheduler.PURGE_JOB, paris("2028-03-06T00:00"), clock.now()
        )
        await run.service.scheduler.run_purge()
        assert all(p.exists() for p in files)
        clock.set(paris("2028-03-07T03:30"))
        await run.service.scheduler.run_purge()
        assert not any(p.exists() for p in files)
        assert (await run.journey.records(ALIAS)).reviews == ()
    finally:
        await run.service.stop()


@pytest.mark.parametrize("day", ["2027-03-05", "2027-02-07"])
async def test_no_closing_review_before_the_planned_end(
    project: Path, tmp_path: Path, fake_telegram: FakeTelegramApi, day: str
) -> None:
    clock = ManualClock(paris(f"{day}T12:00"))
    run = await start(project, tmp_path, clock, TELEGRAM_MENTEE, telegram=fake_telegram)
    try:
        await run.service.scheduler.run_tick()
        assert await run.entries("journey:review:") == []
        assert not (tmp_path / "data" / "reviews").exists()
    finally:
        await run.service.stop()


async def test_the_digest_preview_shows_the_journey_lines_and_keeps_nothing(
    project: Path, tmp_path: Path, fake_telegram: FakeTelegramApi
) -> None:
    async with kept_question_run(project, tmp_path, fake_telegram, "2027-02-04T18:30") as run:
        clock = run.clock
        out = io.StringIO()
        setup = run.service.setup
        code = await run_digest_preview(
            setup, run.store, at=paris("2027-02-05T08:00"), mentor=None, stdout=out, journey=run.jobs
        )
        assert code == 0
        assert "Ordre du jour · A-17 · séance 2, lundi 8 février 2027" in out.getvalue()
        assert "aucune question ne vous attend" in out.getvalue()
        assert (await run.journey.records(ALIAS)).marks == ()  # a preview marks nothing
        clock.set(paris("2027-02-05T08:00"))
        await run.service.digest.run_due(clock.now())
        assert _last_to_mentor(fake_telegram, "Ordre du jour")


async def test_on_whatsapp_outside_the_window_the_review_waits_for_one_template_tap(
    project: Path, tmp_path: Path, fake_graph: FakeGraphApi
) -> None:
    """The mentee has not written for days: one approved template goes (not one per file),
    the text, picture and PDF are parked; tapping the template releases all three."""
    clock = ManualClock(paris("2027-03-06T09:00"))
    run = await start(project, tmp_path, clock, UserRef("whatsapp", MENTEE_WA), graph=fake_graph)
    try:
        await run.service.scheduler.run_tick()
        await run.service.outbox.flush()
        assert [m["type"] for m in fake_graph.messages] == ["template"]
        parked = await run.store.parked_for(UserRef("whatsapp", MENTEE_WA))
        assert len(parked) == 3 and all(e.outbound.attachment or e.outbound.text for e in parked)
        clock.set(paris("2027-03-06T11:00"))
        await _post(run, wa.template_button(MENTEE_WA, "open", "Voir", at=clock.now()))
        assert [m["type"] for m in fake_graph.messages] == ["template", "text", "image", "document"]
        assert [c.form["type"] for c in fake_graph.calls if c.path.endswith("/media")] == [
            "image/png",
            "application/pdf",
        ]
    finally:
        await run.service.stop()
