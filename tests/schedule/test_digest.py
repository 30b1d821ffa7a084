"""The pure digest: slots, selection, order, rendering and keys."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, time, timedelta
from uuid import uuid4

import pytest

from bot.app import Setup, build_calendar, load_setup
from bot.config.settings import Closure
from bot.domain import Item, ItemKind, ItemStatus, StepAnswer, UserRef
from bot.schedule.digest import (
    DigestRenderer,
    build_digest,
    item_key,
    latest_slot,
    next_slot,
    summary_key,
)
from tests.conftest import REPO, paris


@pytest.fixture(scope="module")
def setup() -> Setup:
    return load_setup(REPO / "config")


def make_item(
    alias: str,
    submitted_at: datetime,
    *,
    ref: str = "ABCD",
    flagged: bool = False,
    mentor: str = "mentor",
    status: ItemStatus = ItemStatus.WAITING,
    deferred_until: datetime | None = None,
    theme: str | None = "team",
) -> Item:
    answers = (
        StepAnswer("context", "Un collaborateur arrive en retard chaque lundi depuis un mois."),
        StepAnswer("stake", "La confiance de l'équipe."),
        StepAnswer("tried", "Un échange informel."),
        StepAnswer("question", "Comment ouvrir la discussion sans braquer ?"),
        StepAnswer("theme", "team"),
    )
    return Item(
        id=uuid4().hex,
        ref=ref,
        mentee=UserRef("telegram", alias),
        alias=alias,
        mentor=mentor,
        flow="safety" if flagged else "question",
        kind=ItemKind.ALERT if flagged else ItemKind.QUESTION,
        answers=() if flagged else answers,
        submitted_at=submitted_at,
        status=status,
        is_flagged=flagged,
        theme="distress" if flagged else theme,
        deferred_until=deferred_until,
    )


# ---------------------------------------------------------------- slots
def test_friday_evening_waits_for_monday_opening(setup: Setup) -> None:
    assert next_slot(setup.calendar, paris("2026-11-20T19:00")) == paris("2026-11-23T08:00")


def test_easter_monday_moves_the_digest_to_tuesday(setup: Setup) -> None:
    assert next_slot(setup.calendar, paris("2027-03-26T19:00")) == paris("2027-03-30T08:00")


def test_closure_skipped(setup: Setup) -> None:
    # Closed 2026-12-24..2027-01-01; 2027-01-01 is also a holiday.
    closure = Closure.model_validate({"from": date(2026, 12, 24), "to": date(2027, 1, 1)})
    closed = build_calendar(setup.settings.model_copy(update={"closures": (closure,)}))
    assert next_slot(closed, paris("2026-12-23T19:00")) == paris("2027-01-04T08:00")


def test_extra_time_inside_window_is_a_slot(setup: Setup) -> None:
    extra = (time(13, 0),)
    assert next_slot(setup.calendar, paris("2026-11-23T10:00"), extra) == paris("2026-11-23T13:00")
    assert next_slot(setup.calendar, paris("2026-11-23T13:00"), extra) == paris("2026-11-24T08:00")


def test_latest_slot_is_the_one_caught_up(setup: Setup) -> None:
    slot = latest_slot(setup.calendar, paris("2026-11-20T08:00"), paris("2026-11-24T09:00"))
    assert slot == paris("2026-11-24T08:00")
    assert latest_slot(setup.calendar, paris("2026-11-24T08:00"), paris("2026-11-24T09:00")) is None


# ---------------------------------------------------------------- selection and order
def test_order_flagged_first_then_alias_then_age() -> None:
    monday = paris("2026-11-23T08:00")
    items = [
        make_item("zoé", monday - timedelta(days=3), ref="ZZZ1"),
        make_item("bruno", monday - timedelta(hours=2), ref="BBB2"),
        make_item("Anna", monday - timedelta(hours=1), ref="AAA2"),
        make_item("anna", monday - timedelta(days=2), ref="AAA1"),
        make_item("zoé", monday - timedelta(hours=5), ref="SAF1", flagged=True),
        make_item("bruno", monday - timedelta(days=4), ref="BBB1"),
    ]
    digest = build_digest("mentor", monday, items)
    assert [i.ref for i in digest.items] == ["SAF1", "AAA1", "AAA2", "BBB1", "BBB2", "ZZZ1"]
    assert digest.flagged_count == 1


def test_selection_excludes_deferred_other_mentor_answered_and_future() -> None:
    slot = paris("2026-11-24T08:00")
    items = [
        make_item("a", slot - timedelta(days=1), ref="KEEP"),
        make_item("b", slot - timedelta(days=1), ref="LATE", deferred_until=slot + timedelta(days=1)),
        make_item("c", slot - timedelta(days=1), ref="BACK", deferred_until=slot),
        make_item("d", slot - timedelta(days=1), ref="OTHR", mentor="other"),
        make_item("e", slot - timedelta(days=1), ref="DONE", status=ItemStatus.ANSWERED),
        make_item("f", slot + timedelta(minutes=5), ref="NEWR"),
    ]
    assert [i.ref for i in build_digest("mentor", slot, items).items] == ["KEEP", "BACK"]
    later = build_digest("mentor", slot, items, as_of=slot + timedelta(hours=1))
    assert [i.ref for i in later.items] == ["KEEP", "BACK", "NEWR"]


# ---------------------------------------------------------------- rendering
def renderer(setup: Setup) -> DigestRenderer:
    return DigestRenderer(setup.catalogue, setup.flows, zone_name=setup.settings.timezone)


def test_render_summary_then_one_durable_message_per_item(setup: Setup) -> None:
    slot = paris("2026-11-23T08:00")
    items = [
        make_item("bruno", paris("2026-11-20T19:00"), ref="BRU1"),
        make_item("anna", paris("2026-11-22T08:00"), ref="SAF1", flagged=True),
    ]
    to = UserRef("telegram", "42")
    out = renderer(setup).render(
        build_digest("mentor", slot, items), to=to, locale="fr", mentor_name="Claire", has_buttons=True
    )
    assert [o.key for o in out] == [
        summary_key("mentor", slot),
        item_key("mentor", slot, items[1]),
        item_key("mentor", slot, items[0]),
    ]
    assert out[0].key == "digest:mentor:2026-11-23T07:00:00+00:00:summary"
    assert all(o.is_durable and o.to == to for o in out)
    assert out[0].item_ref is None and out[0].choices == ()
    summary = out[0].text
    assert "Claire" in summary and "une question vous attend" in summary and "lundi 23 novembre" in summary
    assert "8 h" in summary and "Et une alerte, placée en tête." in summary, "an alert is no question"
    flagged, normal = out[1], out[2]
    assert flagged.item_ref == "SAF1" and "⚠" in flagged.text and "1/2" in flagged.text
    assert "message d'orientation" in flagged.text and "Thème" not in flagged.text
    assert [c.value for c in flagged.choices] == ["mentor:answer:SAF1", "mentor:close:SAF1"]
    assert normal.item_ref == "BRU1" and "2/2 · BRU1 · bruno" in normal.text
    for label in ("Situation", "Enjeu", "Pistes", "Question"):
        assert f"▸ {label} :" in normal.text
    assert "Vos " not in normal.text, "the mentor reads the step names: never the mentee's 'vos'"
    assert "Thème : Mon équipe" in normal.text
    assert "en attente depuis 3\xa0jours" in normal.text
    assert [c.value for c in normal.choices] == [
        "mentor:answer:BRU1",
        "mentor:defer:BRU1",
        "mentor:close:BRU1",
        "mentor:redirect:BRU1",
    ]


def test_render_in_english_without_buttons(setup: Setup) -> None:
    slot = paris("2026-11-23T08:00")
    item = make_item("bruno", paris("2026-11-23T06:00"), ref="BRU1")
    out = renderer(setup).render(
        build_digest("mentor", slot, [item]),
        to=UserRef("console", "m"),
        locale="en",
        mentor_name="Claire",
        has_buttons=False,
    )
    assert "one question" in out[0].text
    assert out[1].choices == ()
    assert "waiting for 2 hours" in out[1].text and "Theme: My team" in out[1].text
    assert '"BRU1 your answer"' in out[1].text


def test_empty_digest_sends_nothing(setup: Setup) -> None:
    slot = paris("2026-11-23T08:00")
    assert (
        renderer(setup).render(
            build_digest("mentor", slot, []),
            to=UserRef("console", "m"),
            locale="fr",
            mentor_name="M",
            has_buttons=False,
        )
        == []
    )


def test_same_digest_same_keys(setup: Setup) -> None:
    slot = paris("2026-11-23T08:00")
    items = [make_item("a", paris("2026-11-20T10:00"))]
    first = renderer(setup).render(
        build_digest("mentor", slot, items),
        to=UserRef("console", "m"),
        locale="fr",
        mentor_name="M",
        has_buttons=False,
    )
    again = renderer(setup).render(
        build_digest("mentor", slot, items, as_of=slot + timedelta(hours=1)),
        to=UserRef("console", "m"),
        locale="fr",
        mentor_name="M",
        has_buttons=False,
    )
    assert [o.key for o in first] == [o.key for o in again]


def test_waiting_time_is_rounded_to_the_nearest_unit(setup: Setup) -> None:
    item = make_item("bruno", paris("2026-11-13T08:00"))
    waited = renderer(setup).waited(item, paris("2026-11-23T08:00"), "fr").replace("\xa0", " ")
    assert waited == "10 jours"
    assert renderer(setup).waited(item, paris("2026-11-13T10:59"), "fr").replace("\xa0", " ") == "3 heures"
    sent = make_item("bruno", paris("2026-11-13T10:00") + timedelta(seconds=40))
    read_at = paris("2026-11-14T08:00")  # 21 h 59 min 20 s later: said as 22 hours, not 21
    assert renderer(setup).waited(sent, read_at, "fr").replace("\xa0", " ") == "22 heures"


def test_the_preview_names_the_year_when_the_slot_is_in_another(setup: Setup) -> None:
    import io

    from bot.cli.commands.digest import run_digest_preview
    from bot.storage import MemoryStore

    out = io.StringIO()
    store = MemoryStore()
    asyncio.run(run_digest_preview(setup, store, at=paris("2026-12-31T19:00"), mentor=None, stdout=out))
    assert "lundi 4 janvier 2027" in out.getvalue()
