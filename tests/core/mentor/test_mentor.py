"""The mentor's desk through the real Router: answer, defer, close, redirect, canned."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from uuid import uuid4

import pytest

from bot.app import Setup, build_engine, load_setup
from bot.config.settings import Mentor
from bot.core.mentor.desk import MentorDesk
from bot.core.router import Router
from bot.delivery.outbox import Outbox
from bot.domain import (
    Consent,
    Finding,
    Inbound,
    InboundKind,
    Item,
    ItemStatus,
    Mentee,
    Outbound,
    ReplyKind,
    StepAnswer,
    UserRef,
)
from bot.domain.pending import AwaitingAnswer
from bot.ports import Store
from bot.runtime.clock import ManualClock
from bot.runtime.scheduler import DigestService
from bot.schedule.digest import build_digest
from bot.storage import MemoryStore
from tests.conftest import REPO, paris
from tests.delivery.test_outbox import FakeChannel

MENTOR_TG = UserRef("telegram", "777")
MENTEE = UserRef("telegram", "1001")
OTHER_MENTEE = UserRef("telegram", "1002")


class NoFindings:
    def screen(self, text: str) -> list[Finding]:
        return []


@dataclass
class Desk:
    setup: Setup
    store: MemoryStore
    clock: ManualClock
    engine: Router
    desk: MentorDesk
    item: Item
    counter: int = 0

    async def push(
        self,
        user: UserRef,
        kind: InboundKind,
        text: str = "",
        payload: str = "",
        reply_to: str | None = None,
        message_id: str | None = None,
    ) -> list[Outbound]:
        self.counter += 1
        inbound = Inbound(
            user=user,
            message_id=message_id or f"m{self.counter}",
            kind=kind,
            received_at=self.clock.now(),
            text=text,
            payload=payload,
            reply_to=reply_to,
        )
        return await self.engine.handle(inbound)

    async def say(self, text: str, **kwargs: str) -> list[Outbound]:
        return await self.push(MENTOR_TG, InboundKind.TEXT, text, **kwargs)

    async def command(self, word: str, argument: str = "", user: UserRef = MENTOR_TG) -> list[Outbound]:
        return await self.push(user, InboundKind.COMMAND, word, argument)

    async def current(self) -> Item:
        item = await self.store.get_item(self.item.id)
        assert item is not None
        return item


def make_setup(config_dir: Path) -> Setup:
    setup = load_setup(config_dir)
    mentors = (
        Mentor(id="mentor", name="Claire", channels={"console": "mentor", "telegram": "777"}),
        Mentor(id="other", name="Paul", channels={"telegram": "888"}),
    )
    return replace(setup, settings=setup.settings.model_copy(update={"mentors": mentors}))


async def enrol(store: Store, user: UserRef, alias: str, mentor: str, at: datetime) -> None:
    await store.save_mentee(
        Mentee(user=user, alias=alias, mentor=mentor, locale="fr", enrolled_at=at, consent=Consent("1", at))
    )


async def submit(store: Store, user: UserRef, alias: str, mentor: str, ref: str, at: datetime) -> Item:
    item = Item(
        id=uuid4().hex,
        ref=ref,
        mentee=user,
        alias=alias,
        mentor=mentor,
        flow="question",
        answers=(
            StepAnswer("context", "Une réunion d'équipe tourne mal chaque semaine."),
            StepAnswer("stake", "Garder l'équipe engagée."),
            StepAnswer("tried", "Changer l'ordre du jour."),
            StepAnswer("question", "Comment recadrer sans humilier ?"),
            StepAnswer("theme", "team"),
        ),
        submitted_at=at,
        theme="team",
    )
    await store.save_item(item)
    return item


async def build(config_dir: Path = REPO / "config") -> Desk:
    setup = make_setup(config_dir)
    store = MemoryStore()
    clock = ManualClock(paris("2026-11-23T10:00"))
    engine = build_engine(setup, store=store, clock=clock, screener=NoFindings())
    desk = engine.desk
    await enrol(store, MENTEE, "bruno", "mentor", paris("2026-11-01T10:00"))
    await enrol(store, OTHER_MENTEE, "zoé", "other", paris("2026-11-01T10:00"))
    item = await submit(store, MENTEE, "bruno", "mentor", "ABCD", paris("2026-11-20T19:00"))
    return Desk(setup, store, clock, engine, desk, item)


@pytest.fixture
async def d() -> Desk:
    return await build()


def to_mentee(outs: list[Outbound]) -> list[Outbound]:
    return [o for o in outs if o.to == MENTEE]


def test_identity(d: Desk) -> None:
    assert d.desk.is_mentor(MENTOR_TG)
    assert d.desk.is_mentor(UserRef("console", "mentor"))
    assert not d.desk.is_mentor(MENTEE)
    assert not d.desk.is_mentor(UserRef("whatsapp", "777"))


async def test_answer_by_reference(d: Desk) -> None:
    outs = await d.say("ABCD Commencez par nommer le fait, sans juger la personne.")
    [answer] = to_mentee(outs)
    assert answer.is_durable and answer.key == f"reply:{d.item.id}:1" and answer.item_ref == "ABCD"
    assert "Réponse de votre mentor à votre question ABCD" in answer.text
    assert "Comment recadrer sans humilier ?" in answer.text
    assert answer.text.endswith("Commencez par nommer le fait, sans juger la personne.")
    confirmation = [o for o in outs if o.to == MENTOR_TG]
    assert confirmation[0].text == "Réponse à ABCD enregistrée : je la transmets à bruno."
    item = await d.current()
    assert item.status is ItemStatus.ANSWERED
    assert [(r.kind, r.text, r.mentor) for r in item.replies] == [
        (ReplyKind.ANSWER, "Commencez par nommer le fait, sans juger la personne.", "mentor")
    ]
    entry = await d.store.get_outbox(answer.key)
    assert answer.is_stored, "written by the outbox with the item, before anyone sends it"
    assert entry is not None and entry.outbound == replace(answer, is_stored=False)


async def test_answer_shows_in_mentee_thread(d: Desk) -> None:
    await d.command("repondre", "ABCD Nommez le fait.")
    thread = await d.command("fil", user=MENTEE)
    assert "Nommez le fait." in thread[0].text and "répondue" in thread[0].text


async def test_answer_commands_in_both_languages(d: Desk) -> None:
    second = await submit(d.store, MENTEE, "bruno", "mentor", "EFGH", paris("2026-11-21T10:00"))
    [fr] = to_mentee(await d.command("repondre", "abcd Première réponse."))
    [en] = to_mentee(await d.command("answer", "EFGH Second thought."))
    assert fr.key == f"reply:{d.item.id}:1" and en.key == f"reply:{second.id}:1"
    assert (await d.command("répondre", "ABCD Encore."))[0].text.startswith("ABCD n'attend plus")


async def test_duplicate_inbound_gives_one_answer(d: Desk) -> None:
    first = await d.say("ABCD Une seule fois.", message_id="tg-55")
    again = await d.say("ABCD Une seule fois.", message_id="tg-55")
    assert len(to_mentee(first)) == 1 and again == []
    retyped = await d.say("ABCD Une seule fois.")
    assert to_mentee(retyped) == []
    assert "déjà été envoyée" in retyped[0].text
    assert len((await d.current()).replies) == 1


async def test_a_replayed_answer_confirms_again_and_answers_the_mentee_once(d: Desk) -> None:
    """A kill between the desk's commit and the confirmation's send: the replay sends the
    confirmation kept with the turn; the mentee's answer is in the outbox already (stored
    with its item), so the replay adds none; a platform's duplicate still gets nothing."""
    first = await d.say("ABCD Une seule fois.", message_id="tg-56")
    [confirmation] = [o for o in first if o.to == MENTOR_TG]
    replay = Inbound(
        MENTOR_TG, "tg-56", InboundKind.TEXT, d.clock.now(), "ABCD Une seule fois.", is_replay=True
    )
    assert await d.engine.handle(replay) == [confirmation]
    assert await d.engine.handle(replace(replay, is_replay=False)) == []
    assert len((await d.current()).replies) == 1
    assert len([e for e in await d.store.list_outbox() if e.outbound.to == MENTEE]) == 1


async def test_a_listing_of_items_is_not_kept_for_a_replay(d: Desk) -> None:
    """The list renders the mentee's words: kept in the mentor's record, an erasure of the
    mentee would leave them there. Its replay sends nothing, as a duplicate."""
    listed = await d.command("liste")
    assert any("Comment recadrer sans humilier ?" in o.text for o in listed)
    conversation = await d.store.get_conversation(MENTOR_TG)
    assert conversation is not None and conversation.sent_for == ()
    replay = Inbound(MENTOR_TG, f"m{d.counter}", InboundKind.COMMAND, d.clock.now(), "liste", is_replay=True)
    assert await d.engine.handle(replay) == []


async def test_answer_by_replying_to_the_digest_message(d: Desk) -> None:
    channel = FakeChannel("telegram")
    outbox = Outbox(d.store, {"telegram": channel}, d.clock)
    service = DigestService.of(d.setup, store=d.store, outbox=outbox, channels={"telegram"})
    d.clock.set(paris("2026-11-23T08:00"))
    await service.run_due(d.clock.now())
    assert [o.item_ref for o in channel.sent] == [None, "ABCD"]
    outs = await d.say("Posez le cadre en début de réunion.", reply_to="telegram-2")
    [answer] = to_mentee(outs)
    await outbox.deliver(outs)
    assert [o.key for o in channel.sent].count(answer.key) == 1
    assert (await d.current()).status is ItemStatus.ANSWERED
    assert (await d.current()).replies[0].text == "Posez le cadre en début de réunion."


async def test_answer_button_then_text(d: Desk) -> None:
    prompt = await d.push(MENTOR_TG, InboundKind.CHOICE, "Répondre", "mentor:answer:ABCD")
    assert "Écrivez votre réponse à ABCD" in prompt[0].text
    assert to_mentee(prompt) == []
    conversation = await d.store.get_conversation(MENTOR_TG)
    assert conversation is not None and conversation.pending == AwaitingAnswer("ABCD")
    [answer] = to_mentee(await d.say("Dans ce cas, reformulez la règle commune."))
    assert answer.text.endswith("Dans ce cas, reformulez la règle commune.")
    conversation = await d.store.get_conversation(MENTOR_TG)
    assert conversation is not None and conversation.pending is None


async def test_an_unknown_reference_while_an_answer_is_awaited_is_never_sent_as_that_answer(d: Desk) -> None:
    # "/repondre ABCD" then "QX42 …" (a mistyped or erased item's reference): that text was meant
    # for another question, maybe another mentee's, so it must not reach ABCD's mentee.
    await d.push(MENTOR_TG, InboundKind.CHOICE, "Répondre", "mentor:answer:ABCD")
    outs = await d.say("QX42 Parlez-en directement à votre N+1.")
    assert to_mentee(outs) == []
    assert outs[0].text.startswith("Aucune de vos questions n'a la référence « QX42 » : rien n'a été envoyé.")
    assert "ABCD" in outs[0].text
    assert (await d.current()).status is ItemStatus.WAITING
    conversation = await d.store.get_conversation(MENTOR_TG)
    assert conversation is not None and conversation.pending == AwaitingAnswer("ABCD")
    [answer] = to_mentee(await d.say("Bien : reformulez la règle commune."))  # an ordinary first word
    assert answer.text.endswith("Bien : reformulez la règle commune.")


async def test_cancel_pending_answer(d: Desk) -> None:
    await d.push(MENTOR_TG, InboundKind.CHOICE, "Répondre", "mentor:answer:ABCD")
    await d.command("annuler")
    outs = await d.say("Texte sans référence")
    assert to_mentee(outs) == [] and "pas reconnu" in outs[0].text


async def test_defer_moves_item_to_next_window_digest(d: Desk) -> None:
    outs = await d.command("reporter", "ABCD")
    assert to_mentee(outs) == []
    assert "mardi 24 novembre" in outs[0].text and "8 h" in outs[0].text
    item = await d.current()
    assert item.status is ItemStatus.WAITING and item.deferred_until == paris("2026-11-24T08:00")
    same_window = build_digest("mentor", paris("2026-11-23T13:00"), await d.store.open_items("mentor"))
    next_window = build_digest("mentor", paris("2026-11-24T08:00"), await d.store.open_items("mentor"))
    assert same_window.items == () and [i.ref for i in next_window.items] == ["ABCD"]


async def test_the_list_after_a_deferral_says_what_was_postponed_and_until_when(d: Desk) -> None:
    await d.command("reporter", "ABCD")
    listed = [o.text for o in await d.command("liste")]
    assert listed == [
        "Aucune question en attente.",
        "Une question reportée n'apparaît pas dans cette liste :\n"
        "▸ ABCD, de retour dans le résumé du mardi 24 novembre, 8 h",
    ]


async def test_close_tells_mentee_briefly(d: Desk) -> None:
    [closed] = to_mentee(await d.command("clore", "ABCD"))
    assert closed.text == d.setup.catalogue.text("mentor.to_mentee.closed", "fr", ref="ABCD")
    assert (await d.current()).status is ItemStatus.CLOSED
    again = await d.command("close", "ABCD")
    assert to_mentee(again) == [] and "n'attend plus d'action" in again[0].text


async def test_redirect_sends_the_standard_message(d: Desk) -> None:
    outs = await d.push(MENTOR_TG, InboundKind.CHOICE, "En séance", "mentor:redirect:ABCD")
    [redirect] = to_mentee(outs)
    assert redirect.text == d.setup.catalogue.text("mentor.to_mentee.redirected", "fr", ref="ABCD")
    assert redirect.is_durable and redirect.key == f"reply:{d.item.id}:1"
    item = await d.current()
    assert item.status is ItemStatus.REDIRECTED and item.replies[0].kind is ReplyKind.REDIRECT


async def test_canned_reply_from_catalogue(d: Desk) -> None:
    unknown = await d.command("canned", "ABCD nope")
    assert to_mentee(unknown) == [] and "préciser" in unknown[0].text
    [canned] = to_mentee(await d.command("modele", "ABCD precise"))
    expected = d.setup.catalogue.text("mentor.canned.precise", "fr")
    assert canned.text.endswith(expected)
    assert (await d.current()).replies[0].kind is ReplyKind.CANNED


async def test_canned_choices(d: Desk) -> None:
    offer = await d.push(MENTOR_TG, InboundKind.CHOICE, "x", "mentor:canned:ABCD")
    values = [c.value for c in offer[0].choices]
    assert "mentor:canned:ABCD:precise" in values
    [canned] = to_mentee(await d.push(MENTOR_TG, InboundKind.CHOICE, "x", "mentor:canned:ABCD:trust"))
    assert canned.text.endswith(d.setup.catalogue.text("mentor.canned.trust", "fr"))


async def test_canned_overridden_by_coach(project: Path) -> None:
    (project / "config" / "messages" / "fr.yaml").write_text(
        'mentor:\n  canned:\n    precise: "Texte du coach, à sa façon."\n', encoding="utf-8"
    )
    d = await build(project / "config")
    [canned] = to_mentee(await d.command("modele", "ABCD precise"))
    assert canned.text.endswith("Texte du coach, à sa façon.")


async def test_another_mentors_item_is_unknown(d: Desk) -> None:
    other = await submit(d.store, OTHER_MENTEE, "zoé", "other", "ZZZZ", paris("2026-11-20T10:00"))
    outs = await d.command("clore", "ZZZZ")
    assert [o.to for o in outs] == [MENTOR_TG] and "ZZZZ" in outs[0].text
    assert await d.store.get_item(other.id) is not None
    assert (await d.store.get_item(other.id)).status is ItemStatus.WAITING  # type: ignore[union-attr]


async def test_mentee_cannot_use_mentor_actions(d: Desk) -> None:
    outs = await d.command("clore", "ABCD", user=MENTEE)
    assert all(o.to == MENTEE for o in outs)
    assert "Je ne connais pas cette commande" in outs[0].text
    text = await d.push(MENTEE, InboundKind.TEXT, "ABCD Je réponds moi-même à ma question.")
    assert all(o.to == MENTEE for o in text)
    assert (await d.current()).status is ItemStatus.WAITING and (await d.current()).replies == ()
    choice = await d.push(MENTEE, InboundKind.CHOICE, "Clore", "mentor:close:ABCD")
    assert all(o.to == MENTEE for o in choice)
    assert (await d.current()).status is ItemStatus.WAITING


async def test_help_list_and_media(d: Desk) -> None:
    assert "/reporter ABCD" in (await d.command("aide"))[0].text
    listed = await d.command("liste")
    assert [o.item_ref for o in listed] == [None, "ABCD"] and all(o.is_durable for o in listed)
    assert "que du texte" in (await d.push(MENTOR_TG, InboundKind.MEDIA, payload="photo"))[0].text


async def test_a_mistyped_command_is_said_before_the_help_and_the_item_is_untouched(d: Desk) -> None:
    near, help_text = await d.command("reporterr", "ABCD")
    assert near.text.startswith("Je ne connais pas cette commande. Vouliez-vous dire /reporter ?")
    assert "reporterr" not in near.text  # what was typed is never echoed
    assert "/reporter ABCD" in help_text.text
    far, _ = await d.command("zzzz", "ABCD")
    assert far.text.startswith("Je ne connais pas cette commande.") and "Vouliez-vous" not in far.text
    assert (await d.current()).status is ItemStatus.WAITING


async def test_no_text_in_logs(d: Desk, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    await d.say("ABCD CANARY réponse")
    await d.command("seance", "ABCD")
    assert "CANARY" not in caplog.text and "ABCD" in caplog.text


async def another(d: Desk, ref: str = "Y655") -> Item:
    return await submit(d.store, MENTEE, "bruno", "mentor", ref, paris("2026-11-21T10:00"))


async def test_a_lowercase_reference_names_the_item(d: Desk) -> None:
    item = await another(d)
    outs = await d.say("y655 Commencez par nommer ce que vous observez, sans juger.")
    assert [o.text for o in to_mentee(outs)] and "Réponse à Y655 enregistrée" in outs[-1].text
    stored = await d.store.get_item(item.id)
    assert stored is not None and stored.status is ItemStatus.ANSWERED


async def test_an_unknown_reference_is_named_as_such(d: Desk) -> None:
    for typed in ("QX42 voici ma réponse", "qx42 voici ma réponse", "QXZW voici ma réponse"):
        outs = await d.say(typed)
        assert "Aucune de vos questions n'a la référence « QX42 »" in outs[0].text or (
            "QXZW" in outs[0].text and "référence" in outs[0].text
        )
        assert "reconnu d'action" not in outs[0].text
    assert "reconnu d'action" in (await d.say("Bien reçu, merci."))[0].text


@pytest.mark.parametrize("word", ["clore", "reporter", "seance", "repondre"])
async def test_a_missing_reference_is_explained_with_the_command_typed(d: Desk, word: str) -> None:
    [out] = await d.command(word)
    assert f"par exemple /{word} ABCD" in out.text


async def test_one_rule_a_settled_item_takes_no_more_actions(d: Desk) -> None:
    await d.command("clore", "ABCD")
    for outs in (
        await d.say("ABCD Finalement, une réponse écrite."),
        await d.command("repondre", "ABCD Une autre réponse."),
        await d.command("reporter", "ABCD"),
        await d.command("modele", "ABCD essayer"),
    ):
        assert to_mentee(outs) == [] and "n'attend plus d'action (close)" in outs[0].text
    item = await another(d, "Z777")
    await d.say("Z777 Une réponse.")
    for outs in (await d.command("reporter", "Z777"), await d.say("Z777 Une seconde réponse.")):
        assert to_mentee(outs) == [] and "n'attend plus d'action (répondue)" in outs[0].text
    stored = await d.store.get_item(item.id)
    assert stored is not None and len(stored.replies) == 1
    assert "déjà été envoyée" in (await d.say("Z777 Une réponse."))[0].text, "a resent answer"


async def test_canned_replies_are_typed_in_the_mentors_language(d: Desk) -> None:
    help_text = (await d.command("aide"))[0].text
    assert "confiance, essayer, préciser" in help_text and "try_first" not in help_text
    [canned] = to_mentee(await d.command("modele", "ABCD preciser"))
    assert canned.text.endswith(d.setup.catalogue.text("mentor.canned.precise", "fr"))


async def test_mentor_command_words_come_from_the_catalogue(project: Path) -> None:
    (project / "config" / "messages" / "fr.yaml").write_text(
        'mentor:\n  commands:\n    close: {word: "terminer"}\n', encoding="utf-8"
    )
    d = await build(project / "config")
    [closed] = to_mentee(await d.command("terminer", "ABCD"))
    assert closed.text == d.setup.catalogue.text("mentor.to_mentee.closed", "fr", ref="ABCD")
    assert "par exemple /terminer ABCD" in (await d.command("terminer"))[0].text
    assert (await d.command("close"))[0].text.endswith("par exemple /terminer ABCD."), "English still works"


async def test_a_withdrawn_mentee_leaves_the_digest_and_gets_no_answer(d: Desk) -> None:
    """docs/privacy.md: once withdrawn, Cadre sends nothing more to the person."""
    from bot.domain import Conversation
    from bot.privacy.retention import withdraw

    mentee = await d.store.get_mentee(MENTEE)
    assert mentee is not None
    await withdraw(d.store, mentee, Conversation(MENTEE), now_at=d.clock.now())
    assert await d.store.open_items("mentor") == [], "out of the digest and /liste"
    outs = await d.say("ABCD Posez par écrit ce que vous attendez.")
    assert to_mentee(outs) == []
    assert [o.text for o in outs] == [
        "bruno a quitté l'accompagnement : ABCD est close, rien ne lui sera envoyé."
    ]
    assert (await d.current()).replies == ()
    assert to_mentee(await d.command("repondre", "ABCD Autre chose.")) == []
    assert to_mentee(await d.command("clore", "ABCD")) == []
