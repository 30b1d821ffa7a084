"""`cadre console --as mentor`, `cadre digest --preview` and `cadre outbox` on a data folder."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

from bot.app import load_setup
from bot.channels.console import CONSOLE_MENTOR, CONSOLE_USER
from bot.cli import registry
from bot.cli.commands.console import ensure_console_mentee, run_console
from bot.cli.commands.digest import run_digest_preview
from bot.cli.commands.outbox import run_outbox
from bot.delivery.outbox import Outbox
from bot.domain import ItemStatus, Outbound, OutboxEntry, UserRef
from bot.errors import FinalSendError
from bot.runtime.clock import ManualClock
from bot.storage import MemoryStore, TinyStore
from tests.conftest import paris, run_cadre
from tests.core.mentor.test_mentor import submit
from tests.delivery.test_outbox import FakeChannel

cadre = run_cadre


async def mentor_console(project: Path, store: MemoryStore, at: str, lines: list[str]) -> str:
    setup = load_setup(project / "config")
    stdout = io.StringIO()
    code = await run_console(
        setup,
        store,
        ManualClock(paris(at)),
        stdin=io.StringIO("".join(f"{line}\n" for line in lines)),
        stdout=stdout,
        is_interactive=False,
        data_dir=project / "data",  # the journey store makes its folder there, not in the cwd
        is_encrypted=False,
        role="mentor",
    )
    assert code == 0
    return stdout.getvalue()


async def seeded(project: Path) -> tuple[MemoryStore, str]:
    setup = load_setup(project / "config")
    store = MemoryStore()
    mentee = await ensure_console_mentee(setup, store, ManualClock(paris("2026-11-01T10:00")))
    item = await submit(store, mentee.user, mentee.alias, mentee.mentor, "KQ7M", paris("2026-11-20T19:00"))
    return store, item.id


async def test_mentor_console_shows_waiting_items_and_answers(project: Path) -> None:
    store, item_id = await seeded(project)
    out = await mentor_console(
        project, store, "2026-11-23T09:00", ["KQ7M Nommez le fait, en privé, avant la prochaine réunion."]
    )
    assert "ouverte jusqu'à 18 h" in out
    assert "1/1 · KQ7M · essai" in out and "▸ Question : Comment recadrer sans humilier ?" in out
    assert "[→ local] Réponse de votre mentor à votre question KQ7M" in out
    assert "Réponse à KQ7M enregistrée" in out
    item = await store.get_item(item_id)
    assert item is not None and item.status is ItemStatus.ANSWERED
    assert item.replies[0].text == "Nommez le fait, en privé, avant la prochaine réunion."
    # The mentee's thread shows it, and the outbox kept the answer as sent.
    entry = await store.get_outbox(f"reply:{item_id}:1")
    assert entry is not None and entry.status.value == "sent" and entry.outbound.to == CONSOLE_USER
    assert all(not e.outbound.key.startswith("console:") for e in await store.list_outbox())


async def test_the_mentor_console_delivers_what_waits_for_the_mentor_not_for_the_mentee(
    project: Path,
) -> None:
    """A report queued for the console mentee is theirs to read on their console: the
    mentor's console leaves it waiting (once sent, a typed "1" could validate it unseen),
    and delivers what waits for the mentor; a Telegram entry keeps its attempts."""
    store, _ = await seeded(project)
    at = paris("2026-11-23T09:00")
    for to, key in (
        (CONSOLE_USER, "journey:report:essai-r1:v1"),
        (CONSOLE_MENTOR, "journey:report:essai-r0:v1:validate"),
        (UserRef("telegram", "42"), "reply:other:1"),
    ):
        outbound = Outbound(to=to, text=f"texte {key}", key=key, is_durable=True)
        assert await Outbox(store, {}, ManualClock(at)).writer.enqueue(outbound, at=at, due_at=at)
    out = await mentor_console(project, store, "2026-11-23T09:00", [])
    assert "texte journey:report:essai-r0:v1:validate" in out and "essai-r1" not in out
    for key, status, attempts in (
        ("journey:report:essai-r1:v1", "pending", 0),
        ("journey:report:essai-r0:v1:validate", "sent", 1),
        ("reply:other:1", "pending", 0),
    ):
        entry = await store.get_outbox(key)
        assert entry is not None and (entry.status.value, entry.attempts) == (status, attempts), key


async def test_mentor_console_outside_window_says_when_and_still_acts(project: Path) -> None:
    store, item_id = await seeded(project)
    out = await mentor_console(project, store, "2026-11-21T20:00", ["/reporter KQ7M", "/seance KQ7M"])
    assert "fermée ; elle ouvre lundi 23 novembre à partir de 8 h" in out
    assert "1 question en attente." in out
    assert "KQ7M reportée" in out
    assert "prochaine séance" in out
    item = await store.get_item(item_id)
    assert item is not None and item.status is ItemStatus.REDIRECTED


async def test_digest_preview_in_process(project: Path) -> None:
    store, _ = await seeded(project)
    setup = load_setup(project / "config")
    stdout = io.StringIO()
    assert (
        await run_digest_preview(setup, store, at=paris("2026-11-20T19:00"), mentor=None, stdout=stdout) == 0
    )
    text = stdout.getvalue()
    assert text.startswith("Mentor mentor · résumé du lundi 23 novembre, 8 h · vers console")
    assert "1/1 · KQ7M" in text
    assert await store.list_outbox() == [] and await store.digest_slot("mentor") is None
    stdout = io.StringIO()
    assert (
        await run_digest_preview(setup, store, at=paris("2026-11-20T19:00"), mentor="nobody", stdout=stdout)
    ) == 1
    assert "Mentor inconnu : nobody" in stdout.getvalue()


async def test_digest_preview_shows_what_is_already_queued_for_that_slot(project: Path) -> None:
    """A mentee's change request to a report waits in the outbox for the mentor's window: the
    preview of that morning shows it, with or without a digest, and one queued for later not."""
    setup = load_setup(project / "config")
    store = MemoryStore()
    mentor, at = CONSOLE_MENTOR, paris("2026-11-21T10:00")
    queued = (("journey:report:A-1-r1:v2:change", "2026-11-23T08:00"), ("later:1", "2026-11-24T08:00"))
    for key, due in queued:
        await store.enqueue(
            OutboxEntry(
                outbound=Outbound(to=mentor, text=f"Message {key}", key=key, is_durable=True),
                created_at=at,
                next_attempt_at=paris(due),
            )
        )
    stdout = io.StringIO()
    assert await run_digest_preview(setup, store, at=at, mentor=None, stdout=stdout) == 0
    text = stdout.getvalue()
    assert text.startswith("Mentor mentor · lundi 23 novembre, 8 h · vers console : aucune question, pas de")
    assert "Et un message déjà en attente, envoyé à l'ouverture de la plage :" in text
    assert "Message journey:report:A-1-r1:v2:change" in text and "later:1" not in text
    await submit(store, CONSOLE_USER, "essai", "mentor", "KQ7M", paris("2026-11-20T19:00"))
    stdout = io.StringIO()
    assert await run_digest_preview(setup, store, at=at, mentor=None, stdout=stdout) == 0
    text = stdout.getvalue()
    assert text.startswith("Mentor mentor · résumé du lundi 23 novembre, 8 h · vers console")
    assert text.index("KQ7M") < text.index("Et un message déjà en attente")
    assert len(await store.list_outbox()) == 2


async def test_digest_preview_at_a_slot_shows_that_slot(project: Path) -> None:
    """`--at 08:00` on a digest slot is that slot, not the next one: the instant is `--at`
    itself, not a clock started there that has run on by the time the slot is looked up."""
    store, _ = await seeded(project)
    setup = load_setup(project / "config")
    for at_text, expected in (
        ("2026-11-23T08:00", "résumé du lundi 23 novembre, 8 h"),
        ("2026-11-23T07:59", "résumé du lundi 23 novembre, 8 h"),
    ):
        at = registry.instant(argparse.Namespace(at=at_text), setup)
        assert at == paris(at_text)
        stdout = io.StringIO()
        assert await run_digest_preview(setup, store, at=at, mentor=None, stdout=stdout) == 0
        assert stdout.getvalue().startswith(f"Mentor mentor · {expected} · vers console"), at_text


async def test_outbox_lists_failed_and_pending_without_text(project: Path) -> None:
    setup = load_setup(project / "config")
    store = MemoryStore()
    clock = ManualClock(paris("2026-11-23T10:00"))
    channel = FakeChannel("telegram")
    channel.script = [FinalSendError("telegram 403 blocked by user")]
    outbox = Outbox(store, {"telegram": channel}, clock)
    await outbox.deliver(
        [
            Outbound(to=UserRef("telegram", "1"), text="CANARY one", key="reply:a:1", is_durable=True),
            Outbound(to=UserRef("whatsapp", "2"), text="CANARY two", key="reply:b:1", is_durable=True),
            Outbound(to=UserRef("telegram", "3"), text="CANARY three", key="reply:c:1", is_durable=True),
        ]
    )
    stdout = io.StringIO()
    assert await run_outbox(setup, store, stdout=stdout) == 0
    lines = stdout.getvalue().splitlines()
    assert lines[1].startswith("reply:a:1 | failed | 1 | - | FinalSendError: telegram 403")
    assert lines[2].startswith("reply:b:1 | pending | 1 | 2026-11-23 10:00:")
    assert len(lines) == 3 and "CANARY" not in stdout.getvalue()


async def test_cli_digest_preview_and_outbox_on_a_real_folder(project: Path) -> None:
    with TinyStore(project / "data") as store:
        setup = load_setup(project / "config")
        mentee = await ensure_console_mentee(setup, store, ManualClock(paris("2026-11-01T10:00")))
        await submit(store, mentee.user, mentee.alias, mentee.mentor, "KQ7M", paris("2027-03-26T19:00"))
    preview = cadre(project, "digest", "--preview", "--at", "2027-03-26T19:00")
    assert preview.returncode == 0, preview.stderr
    assert "mardi 30 mars, 8 h" in preview.stdout and "KQ7M" in preview.stdout  # Easter Monday skipped
    listing = cadre(project, "outbox")
    assert listing.returncode == 0, listing.stderr
    assert "Aucun message en attente ni en échec." in listing.stdout
    usage = cadre(project, "digest")
    assert usage.returncode == 2


async def test_cli_console_as_mentor(project: Path) -> None:
    with TinyStore(project / "data") as store:
        setup = load_setup(project / "config")
        mentee = await ensure_console_mentee(setup, store, ManualClock(paris("2026-11-01T10:00")))
        item = await submit(
            store, mentee.user, mentee.alias, mentee.mentor, "KQ7M", paris("2026-11-20T19:00")
        )
    result = cadre(
        project, "console", "--as", "mentor", "--at", "2026-11-23T09:00", stdin="/modele KQ7M trust\n"
    )
    assert result.returncode == 0, result.stderr
    assert "[→ local]" in result.stdout
    with TinyStore(project / "data") as store:
        stored = await store.get_item(item.id)
        assert stored is not None and stored.status is ItemStatus.ANSWERED
