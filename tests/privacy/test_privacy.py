"""Rights end to end on the console harness: export, erase, stop; consent; operator commands."""

from __future__ import annotations

import asyncio
import io
import json
import stat
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.channels.console import CONSOLE_USER, ConsoleChannel
from bot.cli import main
from bot.cli.commands.privacy import run_audit, run_erase, run_export, run_hold
from bot.core.flow.runner import VOUCHED_ACTION
from bot.domain import (
    Attachment,
    AuditEvent,
    Inbound,
    InboundKind,
    Item,
    ItemStatus,
    Mentee,
    MenteeStatus,
    Outbound,
    OutboxEntry,
    Reply,
    ReplyKind,
    UserRef,
)
from bot.ports import Store
from bot.privacy.audit import (
    AUDIT_LISTED,
    ERASE_REFUSED_HOLD,
    ERASED,
    EXPORTED,
    HOLD_RELEASED,
    HOLD_SET,
    PURGED,
    WITHDRAWN,
)
from bot.privacy.retention import set_legal_hold
from bot.runtime.clock import ManualClock
from bot.runtime.journey_chat import SESSION_KEPT
from bot.runtime.journey_desk import (
    AGENDA_SENT,
    NOTE_WRITTEN,
    PAUSED,
    PROGRAMME_DECLARED,
    PROMPT_ANSWERED,
    PROMPT_SENT,
    REPORT_CHANGE,
    REPORT_DRAFTED,
    REPORT_MAIL_FAILED,
    REPORT_REFUSED,
    REPORT_RELEASE_REFUSED,
    REPORT_RELEASED,
    REPORT_REVISED,
    REPORT_SENT,
    REPORT_VALIDATED,
    RESUMED,
    REVIEW_BUILT,
)
from bot.runtime.journey_jobs import REVIEW_SENT
from bot.storage import MemoryStore, TinyStore
from tests.conftest import paris
from tests.harness import Harness

# Canary strings: none starts with CANARY, so the test screener lets them through.
CONTEXT = "Dans le service Quuxfrond, deux responsables se disputent les mêmes ressources."
STAKE = "La crédibilité de mon arbitrage auprès de Wibblethorpe et de la direction."
TRIED = "Une réunion à trois, sans effet durable sur la répartition."
QUESTION = "Comment arbitrer sans paraître prendre parti pour l'un des deux ?"
ANSWER = "Posez les critères Blorptastic avant de trancher, devant les deux."
DRAFT = "Un nouveau sujet Snarfwidget : mon équipe refuse le nouvel outil de planification."
CANARIES = ("Quuxfrond", "Wibblethorpe", "Blorptastic", "Snarfwidget")


async def ask(harness: Harness) -> Item:
    """A whole question, sent: the four steps, the theme, then Send."""
    await harness.command("nouvelle")
    for line in (CONTEXT, STAKE, TRIED, QUESTION, "1", "1"):
        await harness.type(line)
    return (await harness.store.items_of(CONSOLE_USER))[-1]


async def answer(store: Store, item: Item, at: datetime) -> Item:
    """What the mentor desk does: outbox first, then the item, then its audit event."""
    await store.enqueue(
        OutboxEntry(
            Outbound(
                to=item.mentee, text=ANSWER, key=f"answer:{item.ref}", item_ref=item.ref, is_durable=True
            ),
            created_at=at,
            next_attempt_at=at,
        )
    )
    answered = replace(
        item, status=ItemStatus.ANSWERED, replies=(Reply(ReplyKind.ANSWER, ANSWER, "mentor", at),)
    )
    await store.save_item(answered)
    event = AuditEvent(at=at, actor="mentor:mentor", action="item_answered", subject=item.ref)
    await store.append_audit(event)
    return answered


async def full_history(harness: Harness) -> Item:
    item = await answer(harness.store, await ask(harness), harness.clock.now() + timedelta(hours=2))
    harness.clock.advance(timedelta(days=1))
    await harness.command("nouvelle")
    await harness.type(DRAFT)
    return item


def disk_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


# --------------------------------------------------------------------------- export
async def test_export_holds_every_kind_of_record(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    item = await full_history(harness)
    await harness.command("export")
    sent = harness.sent[-2:]
    assert [o.attachment.media_type for o in sent if o.attachment] == ["application/json", "text/markdown"]
    assert not any(o.is_durable for o in sent), "an export never goes into the outbox on disk"
    as_json, as_markdown = (o.attachment for o in sent)
    assert isinstance(as_json, Attachment) and isinstance(as_markdown, Attachment)
    data = json.loads(as_json.content)
    assert data["format"] == "cadre-export/1"
    assert data["mentee"]["alias"] == "essai" and data["mentee"]["user"] == {
        "channel": "console",
        "id": "local",
    }
    assert data["consent"]["version"] == "1" and data["consent"]["accepted_at"]
    assert "consent" not in data["mentee"], "the consent is given once, not also as a null"
    assert data["conversation"]["draft"]["answers"][0]["text"] == DRAFT
    [exported_item] = data["items"]
    assert exported_item["ref"] == item.ref
    assert [a["text"] for a in exported_item["answers"]][:4] == [CONTEXT, STAKE, TRIED, QUESTION]
    assert exported_item["replies"][0]["text"] == ANSWER
    assert [e["outbound"]["text"] for e in data["outbox"]] == [ANSWER]
    actions = {(e["actor"], e["action"]) for e in data["audit"]}
    assert ("essai", "charter_accepted") in actions and ("mentor:mentor", "item_answered") in actions
    markdown = as_markdown.content.decode("utf-8")
    for canary in CANARIES:
        assert canary in markdown
    assert "Charte version 1 acceptée" in markdown
    events = await harness.store.audit_events()
    assert (events[-1].actor, events[-1].action, events[-1].subject) == ("essai", "exported", "essai")
    assert not any(c in repr(events) for c in CANARIES), "the trail holds ids, never words"


async def _readable_export(harness: Harness) -> str:
    await harness.command("export")
    attachment = harness.sent[-1].attachment
    assert attachment is not None and attachment.media_type == "text/markdown"
    return attachment.content.decode("utf-8")


async def test_the_readable_export_is_written_for_a_person_in_their_language(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await full_history(harness)
    markdown = await _readable_export(harness)
    for internal in (
        "active",
        "waiting",
        "answered",
        "**context**",
        "**theme**",
        "team",
        "canned",
        "answer (",
    ):
        assert internal not in markdown, internal
    assert "charter_accepted" not in markdown and "version=1" not in markdown
    assert "- Pseudonyme : essai" in markdown and "- Statut : dans l'accompagnement" in markdown
    assert "- Langue : français" in markdown
    assert "- **Situation** : " + CONTEXT in markdown
    assert "- **Thème** : Mon équipe" in markdown
    assert "· répondue" in markdown
    assert "Réponse de votre mentor, le lundi 23 novembre 2026 à 12 h :" in markdown
    assert "Vous avez accepté la charte (version 1)" in markdown
    assert ": " not in markdown.replace(" : ", "")  # every French colon has its space


#: Every action the code writes to the audit trail, each worded in the export.
AUDITED_ACTIONS = (
    "enrolled",
    "charter_accepted",
    "charter_refused",
    "item_deferred",
    *(f"item_{status.value}" for status in ItemStatus if status is not ItemStatus.WAITING),
    VOUCHED_ACTION,
    *(EXPORTED, ERASED, ERASE_REFUSED_HOLD, WITHDRAWN, HOLD_SET, HOLD_RELEASED, PURGED, AUDIT_LISTED),
    *(PROGRAMME_DECLARED, PROMPT_SENT, PROMPT_ANSWERED, AGENDA_SENT, NOTE_WRITTEN, PAUSED, RESUMED),
    *(REPORT_DRAFTED, REPORT_REVISED, REPORT_SENT, REPORT_VALIDATED, REPORT_CHANGE, REPORT_REFUSED),
    *(REPORT_RELEASED, REPORT_RELEASE_REFUSED, REPORT_MAIL_FAILED, REVIEW_BUILT, REVIEW_SENT, SESSION_KEPT),
)


@pytest.mark.parametrize("locale", ["fr", "en"])
async def test_every_audited_action_is_worded_in_the_readable_export(project: Path, locale: str) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    mentee = await harness.store.get_mentee(CONSOLE_USER)
    assert mentee is not None
    await harness.store.save_mentee(replace(mentee, locale=locale))
    details = (("report", "essai-r1"), ("session", "2"), ("version", "2"), ("words", "3"))
    for action in AUDITED_ACTIONS:
        for actor in ("essai", "mentor:mentor"):
            await harness.store.append_audit(AuditEvent(harness.clock.now(), actor, action, "essai", details))
    markdown = await _readable_export(harness)
    for action in AUDITED_ACTIONS:
        assert f"{action.replace('_', ' ')} (essai)" not in markdown, action  # the untranslated fallback
    assert "{" not in markdown
    vouched = "ni une personne ni une entreprise réelle" if locale == "fr" else "no real person or company"
    assert markdown.count(vouched) == 2  # once as the mentee's, once as the mentor's
    assert ("Votre mentor a confirmé" if locale == "fr" else "Your mentor confirmed") in markdown


async def test_the_readable_export_in_english(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await full_history(harness)
    mentee = await harness.store.get_mentee(CONSOLE_USER)
    assert mentee is not None
    await harness.store.save_mentee(replace(mentee, locale="en"))
    markdown = await _readable_export(harness)
    assert "- Alias: essai" in markdown and "- Language: English" in markdown
    assert "- **Theme**: My team" in markdown
    assert "Pseudonyme" not in markdown


async def test_console_channel_writes_attachments_to_the_exports_folder(tmp_path: Path) -> None:
    out = io.StringIO()
    channel = ConsoleChannel(
        io.StringIO(), out, clock=ManualClock(paris("2026-11-23T10:00")), exports_dir=tmp_path / "exports"
    )
    await channel.send(
        Outbound(CONSOLE_USER, "Voici", "k1", attachment=Attachment("../x.json", "application/json", b"{}"))
    )
    written = tmp_path / "exports" / "x.json"
    assert written.read_bytes() == b"{}"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert str(written) in out.getvalue()


# --------------------------------------------------------------------------- erasure
async def test_erasure_leaves_no_trace_of_the_person_on_disk(project: Path, tmp_path: Path) -> None:
    store = TinyStore(tmp_path / "data")
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"), store=store)
    await full_history(harness)
    assert all(c.encode() in disk_bytes(tmp_path / "data") for c in CANARIES)
    said = await harness.command("effacer")
    assert "définitif" in said and "1. Oui, tout effacer" in said
    said = await harness.type("1")
    assert "tout ce qui vous concernait a été effacé" in said
    assert await store.get_mentee(CONSOLE_USER) is None and await store.items_of(CONSOLE_USER) == []
    assert await store.get_conversation(CONSOLE_USER) is None
    [erasure] = [e for e in await store.audit_events() if e.action == "erased"]
    assert (erasure.actor, erasure.subject, erasure.details) == ("essai", "essai", (("reason", "request"),))
    # Afterwards the person is a stranger: refused, and still nothing kept.
    assert "invitées" in (await harness.type("Bonjour, c'est encore moi"))
    store.release()
    disk = disk_bytes(tmp_path / "data")
    for canary in (*CANARIES, "console:local", CONTEXT[:20]):
        assert canary.encode() not in disk


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("2", "Rien n'a été effacé"),
        ("peut-être plus tard", "faute de réponse claire à ma question"),
    ],
)
async def test_erasure_needs_a_clear_yes(project: Path, reply: str, expected: str) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await ask(harness)
    await harness.command("effacer")
    said = await harness.type(reply)
    assert expected in said
    assert "Votre dernier message n'a pas été pris en compte" not in said, "the answer was the message"
    assert await harness.store.get_mentee(CONSOLE_USER) is not None
    assert len(await harness.store.items_of(CONSOLE_USER)) == 1
    conversation = await harness.store.get_conversation(CONSOLE_USER)
    assert conversation is not None and conversation.pending is None


async def test_typed_yes_confirms_on_a_channel_without_buttons(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("effacer")
    said = await harness.push(
        Inbound(CONSOLE_USER, "typed-yes", InboundKind.TEXT, harness.clock.now(), text="Oui")
    )
    assert "effacé" in said and await harness.store.get_mentee(CONSOLE_USER) is None


async def test_a_yes_after_another_command_does_not_erase(project: Path) -> None:
    """The erasure question is answered right after it is asked: once the mentee has moved on
    (/fil), a later "oui" answers whatever was asked since, never the erasure."""
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await ask(harness)
    await harness.command("effacer")
    await harness.command("fil")
    said = await harness.type("oui")
    assert "effacé" not in said
    assert await harness.store.get_mentee(CONSOLE_USER) is not None
    assert len(await harness.store.items_of(CONSOLE_USER)) == 1


async def test_a_yes_after_a_photo_does_not_erase(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await ask(harness)
    await harness.command("effacer")
    photo = Inbound(CONSOLE_USER, "photo-1", InboundKind.MEDIA, harness.clock.now(), text="", payload="photo")
    assert "photo" in (await harness.push(photo))
    assert "effacé" not in (await harness.type("oui"))
    assert await harness.store.get_mentee(CONSOLE_USER) is not None


async def test_a_yes_after_a_draft_reminder_does_not_erase(project: Path) -> None:
    """Left unanswered, the erasure question is dropped when the bot next speaks of its own
    accord (a draft reminder, a draft expired): "oui" days later is not its answer."""
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await ask(harness)
    await harness.command("nouvelle")
    await harness.type(DRAFT)
    await harness.command("effacer")
    harness.clock.advance(timedelta(days=8))
    assert "supprimé" in (await harness.tick())
    said = await harness.type("oui")
    assert "effacé" not in said
    assert await harness.store.get_mentee(CONSOLE_USER) is not None
    assert len(await harness.store.items_of(CONSOLE_USER)) == 1


async def test_a_yes_to_a_new_charter_accepts_it_and_erases_nothing(project: Path) -> None:
    """/effacer left unanswered, then a new charter version: the charter is the last question
    shown, so "oui" accepts it; the old erasure question no longer counts."""
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await ask(harness)
    await harness.command("effacer")
    mentee = await harness.store.get_mentee(CONSOLE_USER)
    assert mentee is not None and mentee.consent is not None
    await harness.store.save_mentee(replace(mentee, consent=replace(mentee.consent, version="0")))
    assert "Acceptez-vous cette charte" in (await harness.command("start"))
    said = await harness.type("oui")
    assert "effacé" not in said
    kept = await harness.store.get_mentee(CONSOLE_USER)
    assert kept is not None and kept.consent is not None and kept.consent.version == "1"
    assert len(await harness.store.items_of(CONSOLE_USER)) == 1


async def test_stop_stays_open_while_a_new_charter_waits(project: Path) -> None:
    """Someone who does not want the new charter may leave keeping their data, as at any
    time; refusing it would erase everything."""
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await ask(harness)
    mentee = await harness.store.get_mentee(CONSOLE_USER)
    assert mentee is not None and mentee.consent is not None
    await harness.store.save_mentee(replace(mentee, consent=replace(mentee.consent, version="0")))
    await harness.command("start")
    said = await harness.command("arret")
    assert "sans vous justifier" in said and "garder 30 jours" in said
    assert "dans 30 jours" in (await harness.type("1"))
    left = await harness.store.get_mentee(CONSOLE_USER)
    assert left is not None and left.status is MenteeStatus.WITHDRAWN
    assert len(await harness.store.items_of(CONSOLE_USER)) == 1


async def test_refusing_a_new_charter_says_what_goes_and_what_is_open_first(project: Path) -> None:
    """A mentee with a thread who declines a new version loses it: the question says so, and
    names /export and /arret before the refusal is confirmed."""
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await ask(harness)
    mentee = await harness.store.get_mentee(CONSOLE_USER)
    assert mentee is not None and mentee.consent is not None
    await harness.store.save_mentee(replace(mentee, consent=replace(mentee.consent, version="0")))
    await harness.command("start")
    said = await harness.type("2")
    assert "vos questions, les réponses de votre mentor" in said
    assert "/export" in said and "/arret" in said and "je ne garde rien de vous" not in said
    assert "format JSON" in (await harness.command("export"))  # open, as the question says
    assert len(await harness.store.items_of(CONSOLE_USER)) == 1


async def test_legal_hold_blocks_the_mentees_erasure(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    mentee = await harness.store.get_mentee(CONSOLE_USER)
    assert mentee is not None
    await set_legal_hold(harness.store, mentee, is_held=True, actor="operator", now_at=harness.clock.now())
    await harness.command("effacer")
    assert "gel légal" in (await harness.type("1"))
    assert await harness.store.get_mentee(CONSOLE_USER) is not None
    assert (await harness.store.audit_events())[-1].action == "erase_refused_hold"


# --------------------------------------------------------------------------- withdrawal
async def test_stop_and_keep_withdraws_and_silences(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await ask(harness)
    await harness.command("nouvelle")
    await harness.type(DRAFT)
    said = await harness.command("arret")
    assert "sans vous justifier" in said and "garder 30 jours" in said
    said = await harness.type("1")
    assert "dans 30 jours" in said
    # what is left to them is theirs to do, not their mentor's (tests/core/test_issue14_core.py)
    assert "/export" in said and "/effacer" in said and "mentor" not in said
    mentee = await harness.store.get_mentee(CONSOLE_USER)
    assert mentee is not None and mentee.status is MenteeStatus.WITHDRAWN
    conversation = await harness.store.get_conversation(CONSOLE_USER)
    assert conversation is not None and conversation.draft is None
    answer = await harness.type("Bonjour ?")
    assert "Vous avez quitté l'accompagnement" in answer, "told where they stand, nothing else"
    assert "1/4" not in answer
    harness.clock.advance(timedelta(days=2))
    assert await harness.tick() == "", "no draft reminder either"
    assert (await harness.store.audit_events())[-1].action == "withdrawn"


async def test_stop_and_erase(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await ask(harness)
    await harness.command("arret")
    assert "effacé" in (await harness.type("2"))
    assert await harness.store.get_mentee(CONSOLE_USER) is None
    assert await harness.store.items_of(CONSOLE_USER) == []


async def test_stop_then_stay(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("arret")
    assert "Vous restez" in (await harness.type("3"))
    mentee = await harness.store.get_mentee(CONSOLE_USER)
    assert mentee is not None and mentee.status is MenteeStatus.ACTIVE


async def test_distress_while_a_confirmation_is_pending_gets_the_safety_answer(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("effacer")
    assert "3114" in (await harness.type("je pense à en finir"))
    assert await harness.store.get_mentee(CONSOLE_USER) is not None


# --------------------------------------------------------------------------- consent
async def test_nothing_reaches_the_disk_before_the_charter_is_accepted(project: Path, tmp_path: Path) -> None:
    store = TinyStore(tmp_path / "data")
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"), store=store, consent=False)
    said = await harness.type(CONTEXT)
    assert "charte" in said
    assert b"Quuxfrond" not in disk_bytes(tmp_path / "data")
    assert await store.get_conversation(CONSOLE_USER) is None
    harness.clock.advance(timedelta(minutes=5))
    assert "Merci, c'est noté" in (await harness.type("1"))
    mentee = await store.get_mentee(CONSOLE_USER)
    assert mentee is not None and mentee.consent is not None
    assert (mentee.consent.version, mentee.consent.accepted_at) == ("1", harness.clock.now())
    accepted = [e for e in await store.audit_events() if e.action == "charter_accepted"]
    assert accepted[-1].details == (("version", "1"),)
    stranger = UserRef("telegram", "4242")
    await harness.push(
        Inbound(stranger, "s-1", InboundKind.TEXT, harness.clock.now(), text="Bonjour Wibblethorpe ici")
    )
    store.release()
    disk = disk_bytes(tmp_path / "data")
    assert b"Wibblethorpe" not in disk and b"4242" not in disk
    assert b"Quuxfrond" not in disk


async def test_charter_version_bump_asks_again_and_stores_nothing_meanwhile(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    settings = harness.setup.settings
    harness.engine.onboarding.settings = settings.model_copy(
        update={"charter": settings.charter.model_copy(update={"version": "2"})}
    )
    harness.clock.advance(timedelta(days=3))
    said = await harness.type(CONTEXT)
    assert "La charte a changé (version 2)" in said
    conversation = await harness.store.get_conversation(CONSOLE_USER)
    assert conversation is None or conversation.draft is None
    await harness.type("1")
    mentee = await harness.store.get_mentee(CONSOLE_USER)
    assert mentee is not None and mentee.consent is not None
    assert (mentee.consent.version, mentee.consent.accepted_at) == ("2", harness.clock.now())
    versions = [
        dict(e.details)["version"]
        for e in (await harness.store.audit_events())
        if e.action == "charter_accepted"
    ]
    assert versions == ["1", "2"]


# --------------------------------------------------------------------------- operator commands
async def test_operator_export_erase_hold_and_the_audit_trail(project: Path, tmp_path: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"), store=MemoryStore())
    item = await full_history(harness)
    setup, store, clock = harness.setup, harness.store, harness.clock
    out = io.StringIO()
    assert await run_export(setup, store, clock, alias="inconnu", out_dir=tmp_path, stdout=out) == 1
    assert await run_export(setup, store, clock, alias="ESSAI", out_dir=tmp_path / "x", stdout=out) == 0
    [json_file] = (tmp_path / "x").glob("*.json")
    assert json.loads(json_file.read_text())["items"][0]["ref"] == item.ref
    assert stat.S_IMODE(json_file.stat().st_mode) == 0o600
    assert await run_hold(setup, store, clock, alias="essai", is_released=False, stdout=out) == 0
    assert await run_erase(setup, store, clock, alias="essai", is_confirmed=True, stdout=out) == 1
    assert "conservation légale" in out.getvalue()
    assert await run_hold(setup, store, clock, alias="essai", is_released=True, stdout=out) == 0
    assert await run_erase(setup, store, clock, alias="essai", is_confirmed=False, stdout=out) == 1
    assert await store.get_mentee(CONSOLE_USER) is not None
    listing = io.StringIO()
    assert await run_audit(setup, store, clock, since="2026-11-23", stdout=listing) == 0
    lines = listing.getvalue().splitlines()
    assert any("operator" in line and "exported" in line and "essai" in line for line in lines)
    assert any("mentor:mentor" in line and " item_answered " in line and item.ref in line for line in lines)
    assert any("legal_hold_set" in line for line in lines)
    # Columns line up whatever the actor ("mentor:mentor" is wider than "operator"):
    columns = set()
    for line in lines:
        actor, action, subject = line.split()[2:5]
        action_at = line.index(f" {action} ", len("2026-11-23 10:00  ") + len(actor)) + 1
        columns.add((action_at, line.index(f" {subject}", action_at + len(action)) + 1))
    assert len(columns) == 1, lines
    assert await run_erase(setup, store, clock, alias="essai", is_confirmed=True, stdout=out) == 0
    assert await store.get_mentee(CONSOLE_USER) is None
    actions = [(e.actor, e.action) for e in await store.audit_events()]
    assert ("operator", "audit_listed") in actions and ("operator", "erased") in actions
    trail = repr(await store.audit_events())
    assert not any(c in trail for c in CANARIES)
    assert await run_audit(setup, store, clock, since="hier", stdout=listing) == 1


async def _enrol_on_disk(project: Path, data: Path) -> None:
    with TinyStore(data) as store:
        await Harness.start(project / "config", paris("2026-11-23T10:00"), store=store)


async def _mentees_on_disk(data: Path) -> list[Mentee]:
    with TinyStore(data) as store:
        return await store.list_mentees()


def test_cli_commands_on_a_data_folder(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`cadre` runs its own event loop: this test stays synchronous and seeds with asyncio.run."""
    data = tmp_path / "data"
    asyncio.run(_enrol_on_disk(project, data))
    base = ["--config", str(project / "config"), "--data", str(data)]
    assert main([*base, "export", "--alias", "essai"]) == 0
    assert len(list((data / "exports").glob("cadre-export-essai-*"))) == 2
    assert main([*base, "hold", "--alias", "essai"]) == 0
    assert main([*base, "hold", "--alias", "essai", "--release"]) == 0
    assert main([*base, "audit", "--since", "2000-01-01"]) == 0
    printed = capsys.readouterr().out
    assert "exported" in printed and "legal_hold_released" in printed
    assert main([*base, "erase", "--alias", "essai"]) == 1
    assert main([*base, "erase", "--alias", "essai", "--yes"]) == 0
    assert main([*base, "purge"]) == 0
    assert asyncio.run(_mentees_on_disk(data)) == []


@pytest.mark.parametrize("command", [["erase", "--alias", "essai", "--yes"], ["purge"]])
def test_erasure_commands_refuse_a_half_configured_whatsapp(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
) -> None:
    """Erasure forgets the person on every configured channel: with WhatsApp half set, the
    marks could not be found, so nothing is erased and the missing variables are named."""
    data = tmp_path / "data"
    asyncio.run(_enrol_on_disk(project, data))
    for name in (
        "CADRE_WHATSAPP_PHONE_NUMBER_ID",
        "CADRE_WHATSAPP_APP_SECRET",
        "CADRE_WHATSAPP_VERIFY_TOKEN",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CADRE_WHATSAPP_TOKEN", "token")
    base = ["--config", str(project / "config"), "--data", str(data)]
    assert main([*base, *command]) == 2
    printed = capsys.readouterr().out
    assert printed.startswith("Rien n'a été effacé : WhatsApp n'est configuré qu'en partie")
    assert "CADRE_WHATSAPP_PHONE_NUMBER_ID, CADRE_WHATSAPP_APP_SECRET, CADRE_WHATSAPP_VERIFY_TOKEN" in printed
    assert "CADRE_WHATSAPP_TOKEN," not in printed
    assert [m.alias for m in asyncio.run(_mentees_on_disk(data))] == ["essai"]
    monkeypatch.delenv("CADRE_WHATSAPP_TOKEN")
    assert main([*base, "erase", "--alias", "essai", "--yes"]) == 0, "none set: erased"
    assert asyncio.run(_mentees_on_disk(data)) == []
