"""A mentor is bound by the mentee's rule: answers and canned replies are screened first."""

from __future__ import annotations

from dataclasses import replace

from bot.app import build_engine
from bot.config.i18n import Catalogue
from bot.domain import Finding, InboundKind, ItemStatus, Outbound
from bot.runtime.clock import ManualClock
from bot.screening import ScreeningEngine
from bot.storage import MemoryStore
from tests.conftest import REPO, paris
from tests.core.mentor.test_mentor import MENTEE, MENTOR_TG, OTHER_MENTEE, Desk, enrol, make_setup, submit

PHONE = "06 12 34 56 78"


class Listed:
    """Finds the listed words: a phone number is certain, a name is only possible."""

    def screen(self, text: str) -> list[Finding]:
        found = []
        for words, kind, certain in ((PHONE, "phone", True), ("Martine Dubois", "person", False)):
            start = text.find(words)
            if start >= 0:
                found.append(Finding(start, start + len(words), kind, words, certain))
        return found


async def build_desk(screener: object = None) -> Desk:
    setup = make_setup(REPO / "config")
    store = MemoryStore()
    clock = ManualClock(paris("2026-11-23T10:00"))
    engine = build_engine(setup, store=store, clock=clock, screener=screener or Listed())  # type: ignore[arg-type]
    await enrol(store, MENTEE, "bruno", "mentor", paris("2026-11-01T10:00"))
    item = await submit(store, MENTEE, "bruno", "mentor", "ABCD", paris("2026-11-20T19:00"))
    return Desk(setup, store, clock, engine, engine.desk, item)


def to_mentee(outs: list[Outbound]) -> list[Outbound]:
    return [o for o in outs if o.to == MENTEE]


def to_mentor(outs: list[Outbound]) -> Outbound:
    [out] = [o for o in outs if o.to == MENTOR_TG]
    return out


async def nothing_stored(d: Desk, *words: str) -> None:
    item = await d.current()
    assert item.status is ItemStatus.WAITING and item.replies == ()
    for word in words:
        assert all(word not in e.outbound.text for e in await d.store.list_outbox())
        assert all(word not in str(e) for e in await d.store.audit_events())


async def test_a_structured_identifier_is_refused_and_never_confirmable() -> None:
    d = await build_desk()
    outs = await d.say(f"ABCD Appelez-la au {PHONE}.")
    assert to_mentee(outs) == []
    refusal = to_mentor(outs)
    assert "ni enregistrée ni envoyée" in refusal.text and PHONE in refusal.text
    assert "mentor:vouch:ABCD" not in [c.value for c in refusal.choices]
    await nothing_stored(d, PHONE)
    # a forged confirmation cannot keep it either
    outs = await d.push(MENTOR_TG, InboundKind.CHOICE, payload="mentor:vouch:ABCD")
    assert to_mentee(outs) == [] and "pas été conservée" in to_mentor(outs).text
    await nothing_stored(d, PHONE)


async def test_the_rewrite_is_the_next_text() -> None:
    d = await build_desk()
    await d.say(f"ABCD Appelez-la au {PHONE}.")
    outs = await d.say("Proposez-lui un échange de vive voix.")
    [answer] = to_mentee(outs)
    assert answer.text.endswith("Proposez-lui un échange de vive voix.")
    assert (await d.current()).status is ItemStatus.ANSWERED


async def test_the_rewrite_typed_with_its_reference_is_sent_without_it() -> None:
    """A mentor writes the rewrite as every answer, "ABCD …": the mentee gets the words, not
    the reference in front of them."""
    for ref in ("ABCD", "abcd:"):
        d = await build_desk()
        await d.say(f"ABCD Appelez-la au {PHONE}.")
        [answer] = to_mentee(await d.say(f"{ref} Proposez-lui un échange de vive voix."))
        assert answer.text.endswith("\n\nProposez-lui un échange de vive voix."), answer.text
        [reply] = (await d.current()).replies
        assert reply.text == "Proposez-lui un échange de vive voix."


async def test_a_rewrite_naming_another_item_goes_to_that_item() -> None:
    """While ABCD waits for its rewrite, "EFGH …" is an answer to EFGH (another mentee's):
    never sent to ABCD's mentee."""
    d = await build_desk()
    await enrol(d.store, OTHER_MENTEE, "carla", "mentor", paris("2026-11-01T10:00"))
    other = await submit(d.store, OTHER_MENTEE, "carla", "mentor", "EFGH", paris("2026-11-21T19:00"))
    await d.say(f"ABCD Appelez-la au {PHONE}.")
    outs = await d.say("EFGH Notez ce qui a changé depuis la dernière séance.")
    assert to_mentee(outs) == []
    [answer] = [o for o in outs if o.to == OTHER_MENTEE]
    assert answer.text.endswith("Notez ce qui a changé depuis la dernière séance.")
    assert (await d.current()).status is ItemStatus.WAITING
    assert (await d.store.get_item(other.id)).status is ItemStatus.ANSWERED  # type: ignore[union-attr]


async def test_the_suggestion_can_be_sent() -> None:
    d = await build_desk()
    refusal = to_mentor(await d.command("repondre", f"ABCD Appelez-la au {PHONE}."))
    assert "mentor:suggested:ABCD" in [c.value for c in refusal.choices]
    outs = await d.push(MENTOR_TG, InboundKind.CHOICE, payload="mentor:suggested:ABCD")
    [answer] = to_mentee(outs)
    assert answer.text.endswith("Appelez-la au [téléphone].") and PHONE not in answer.text


async def test_a_bare_number_beside_the_choices_is_a_pick_not_the_answer() -> None:
    """A console shows the refusal's choices as "1. …": a "2" picks a line that is not
    there, and is neither sent to the mentee nor settles the item."""
    d = await build_desk()
    refusal = to_mentor(await d.say(f"ABCD Appelez-la au {PHONE}."))
    for typed in ("2", "7."):
        outs = await d.say(typed)
        assert to_mentee(outs) == []
        again = to_mentor(outs)
        assert again.text.startswith("Choisissez l'une des propositions") and "ABCD" in again.text
        assert again.choices == refusal.choices
        await nothing_stored(d)
    outs = await d.push(MENTOR_TG, InboundKind.CHOICE, payload="mentor:suggested:ABCD")  # still offered
    [answer] = to_mentee(outs)
    assert answer.text.endswith("Appelez-la au [téléphone].")


async def test_a_number_is_an_answer_when_no_choice_is_shown() -> None:
    d = await build_desk()
    await d.command("repondre", "ABCD")
    [answer] = to_mentee(await d.say("3"))
    assert answer.text.endswith("3") and (await d.current()).status is ItemStatus.ANSWERED


async def test_a_possible_name_can_be_confirmed_and_is_audited_by_ids_only() -> None:
    d = await build_desk()
    refusal = to_mentor(await d.say("ABCD Relisez le cas Martine Dubois du manuel."))
    assert "peut-être" in refusal.text and "Martine Dubois" in refusal.text
    await nothing_stored(d, "Martine Dubois")
    outs = await d.push(MENTOR_TG, InboundKind.CHOICE, payload="mentor:vouch:ABCD")
    [answer] = to_mentee(outs)
    assert answer.text.endswith("Relisez le cas Martine Dubois du manuel.")
    [event] = [e for e in await d.store.audit_events() if e.action == "screening_vouched"]
    assert event.actor == "mentor:mentor" and event.subject == "ABCD" and event.details == (("words", "1"),)


async def test_a_confirmation_for_another_item_keeps_nothing() -> None:
    d = await build_desk()
    await submit(d.store, MENTEE, "bruno", "mentor", "EFGH", paris("2026-11-21T19:00"))
    await d.say("ABCD Relisez le cas Martine Dubois du manuel.")
    outs = await d.push(MENTOR_TG, InboundKind.CHOICE, payload="mentor:vouch:EFGH")
    assert to_mentee(outs) == []
    await nothing_stored(d, "Martine Dubois")


async def test_a_canned_reply_is_screened_too() -> None:
    d = await build_desk()
    catalogue = d.setup.catalogue
    texts = {loc: dict(catalogue._texts[loc]) for loc in catalogue.locales}
    texts["fr"]["mentor.canned.appel"] = f"Appelez-moi au {PHONE}."
    d.desk.catalogue = Catalogue(texts, catalogue.resolve_locale(None))
    outs = await d.command("modele", "ABCD appel")
    assert to_mentee(outs) == [] and PHONE in to_mentor(outs).text
    await nothing_stored(d, PHONE)


async def test_real_screener_english_mentor() -> None:
    d = await build_desk(ScreeningEngine())
    settings = d.setup.settings.model_copy(update={"locale": "en"})
    d.desk.locale = "en"
    d.desk.settings = settings
    refusal = to_mentor(await d.say("ABCD Write to jean.dupont@example.com first."))
    assert "neither stored nor sent" in refusal.text and "jean.dupont@example.com" in refusal.text
    await nothing_stored(d, "jean.dupont@example.com")
    assert replace(refusal, text="").choices  # the anonymised version is offered


async def test_a_rewrite_typed_with_the_items_reference_is_sent_without_it() -> None:
    """After a refusal the mentor naturally types "ABCD …" again: the mentee reads the answer,
    not the reference in front of it."""
    d = await build_desk()
    await d.say(f"ABCD Appelez-la au {PHONE}.")
    outs = await d.say("abcd: Proposez-lui un échange de vive voix.")
    [answer] = to_mentee(outs)
    assert answer.text.endswith("Proposez-lui un échange de vive voix.")
    assert "ABCD Proposez" not in answer.text and "abcd:" not in answer.text
    [reply] = (await d.current()).replies
    assert reply.text == "Proposez-lui un échange de vive voix."
