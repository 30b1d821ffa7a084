"""The pure journey rules on a moved clock: prompts, agendas, notices, notes, reports, pause."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from bot.domain import Item, ItemStatus, Reply, ReplyKind, StepAnswer, UserRef
from bot.journey import report as lifecycle
from bot.journey.pause import Nudge, PauseRefusal, parse_pause_day, resume, start_pause, suppresses
from bot.journey.programme import Programme, Session
from bot.journey.report import ReportError, ReportState, text_hash
from bot.journey.review import (
    FINAL_REVIEW_MARK,
    ForeignItemError,
    build_review,
    final_review_moment,
    is_final_review_due,
)
from bot.journey.sessions import (
    ANSWER_TIME,
    AgendaEntry,
    AgendaSource,
    agenda_delivery_moment,
    agenda_for,
    due_prompts,
    latest_prompt_moment,
    no_session_notice_key,
    note_problem,
    prompt_moment,
)
from bot.schedule.hours import ReadingCalendar, TimeRange
from bot.schedule.phrasing import example_day
from tests.conftest import PARIS, paris

WEEKDAYS_9_19 = {d: [TimeRange(time(9), time(19))] for d in range(6)}  # Monday-Saturday
MENTEE = ReadingCalendar("Europe/Paris", WEEKDAYS_9_19)
MENTOR = ReadingCalendar("Europe/Paris", {d: [TimeRange(time(8), time(18))] for d in range(5)})


def session(number: int, text: str) -> Session:
    return Session(number, paris(text))


def programme(*sessions: Session) -> Programme:
    return Programme("A-17", date(2027, 1, 11), date(2027, 12, 17), sessions, ("Déléguer",), "sponsor-nord")


# ---------------------------------------------------------------- prompts
def moment(at: Session, delay: timedelta = timedelta(days=3)) -> datetime:
    return prompt_moment(at, delay, MENTEE, MENTOR)


def test_the_prompt_comes_three_days_before_inside_the_mentees_hours() -> None:
    thursday = session(1, "2027-02-11T14:00")  # the agenda leaves Wednesday 08:00
    assert moment(thursday) == paris("2027-02-08T14:00")


def test_a_monday_prompt_comes_a_day_before_the_fridays_agenda() -> None:
    monday = session(1, "2027-02-15T14:00")  # three days before: Friday 14:00, after the agenda
    agenda_at = agenda_delivery_moment(monday, MENTOR)
    assert agenda_at == paris("2027-02-12T08:00")
    assert latest_prompt_moment(monday, MENTOR) == agenda_at - ANSWER_TIME == paris("2027-02-11T08:00")
    # Friday 14:00, then Thursday 14:00, are past Thursday 08:00: Wednesday at 14:00.
    assert moment(monday) == paris("2027-02-10T14:00")
    assert agenda_at - moment(monday) >= ANSWER_TIME


def test_no_prompt_reaches_the_mentee_less_than_a_day_before_the_agenda() -> None:
    start = paris("2027-02-01T07:00")
    for hours in range(0, 24 * 14, 5):
        at = session(1, (start + timedelta(hours=hours)).astimezone(PARIS).strftime("%Y-%m-%dT%H:%M"))
        agenda_at = agenda_delivery_moment(at, MENTOR)
        assert agenda_at is not None
        for delay in (timedelta(hours=1), timedelta(days=1), timedelta(days=3), timedelta(days=14)):
            prompt_at = moment(at, delay)
            assert agenda_at - prompt_at >= ANSWER_TIME, (at, delay)
            assert MENTEE.is_open(prompt_at), (at, delay)


def test_a_prompt_keeps_its_wall_time_across_the_spring_change() -> None:
    after_change = session(1, "2027-03-31T14:00")  # the clocks moved in the night of 27-28 March
    assert moment(after_change, timedelta(days=5)) == paris("2027-03-26T14:00")


def test_a_prompt_that_would_fall_on_sunday_moves_to_monday_morning() -> None:
    thursday = session(1, "2027-02-11T14:00")  # four days before: Sunday 14:00
    assert moment(thursday, timedelta(days=4)) == paris("2027-02-08T09:00")


def test_a_closed_moment_moves_forward_unless_that_passes_the_latest_then_back() -> None:
    thursday_early = session(1, "2027-02-11T08:00")  # wanted Monday 08:00, before 9:00
    assert moment(thursday_early) == paris("2027-02-08T09:00")
    monday_early = session(6, "2027-02-15T08:00")  # Friday 08:00, a day earlier: Thursday 08:00,
    assert moment(monday_early) == paris("2027-02-10T09:00")  # closed; 09:00 is past it: back
    tuesday = session(2, "2027-02-09T09:30")  # wanted Saturday 09:30 (open on Saturdays)
    assert moment(tuesday) == paris("2027-02-06T09:30")
    night = session(3, "2027-02-10T07:00")  # wanted Sunday 07:00; Monday 09:00 is past Monday 08:00
    assert moment(night) == paris("2027-02-06T09:00")
    wednesday = session(4, "2027-02-10T14:00")  # wanted Sunday 14:00: back to Saturday's opening
    assert moment(wednesday) == paris("2027-02-06T09:00")
    next_day = session(5, "2027-02-11T08:00")  # one day before: Wednesday 08:00, past Tuesday 08:00
    assert moment(next_day, timedelta(days=1)) == paris("2027-02-08T09:00")


def test_due_prompts_go_out_once_per_window_and_never_for_a_started_session() -> None:
    plan = programme(session(1, "2027-02-11T14:00"), session(2, "2027-03-04T14:00"))
    found = due_prompts(
        plan,
        after_at=paris("2027-02-08T13:59"),
        until_at=paris("2027-02-08T14:00"),
        default_delay=timedelta(days=3),
        mentee_hours=MENTEE,
        mentor_hours=MENTOR,
    )
    assert [p.session_number for p in found] == [1]
    late = due_prompts(
        plan,
        after_at=paris("2027-02-01T00:00"),
        until_at=paris("2027-02-12T00:00"),
        default_delay=timedelta(days=3),
        mentee_hours=MENTEE,
        mentor_hours=MENTOR,
    )
    assert late == ()


# ---------------------------------------------------------------- agenda
def test_the_agenda_reaches_the_mentor_on_the_working_day_before() -> None:
    monday = session(1, "2027-02-15T14:00")
    assert agenda_delivery_moment(monday, MENTOR) == paris("2027-02-12T08:00")  # Friday
    after_easter = session(2, "2027-03-30T10:00")  # Tuesday after Easter Monday 29 March
    assert agenda_delivery_moment(after_easter, MENTOR) == paris("2027-03-26T08:00")


def item(ref: str, status: ItemStatus, *, redirected_on: str | None = None, alias: str = "A-17") -> Item:
    replies: tuple[Reply, ...] = ()
    if redirected_on is not None:
        replies = (Reply(ReplyKind.REDIRECT, "En séance", "mentor", paris(redirected_on)),)
    return Item(
        f"id-{ref}",
        ref,
        UserRef("console", alias),
        alias,
        "mentor",
        "question",
        (StepAnswer("question", "Comment déléguer ?"),),
        paris("2027-01-20T10:00"),
        status,
        theme="team",
        replies=replies,
    )


def test_the_agenda_holds_the_answer_and_the_items_kept_since_the_previous_session() -> None:
    first, second = session(1, "2027-02-01T14:00"), session(2, "2027-02-22T14:00")
    plan = programme(first, second)
    items = [
        item("AAAA", ItemStatus.REDIRECTED, redirected_on="2027-01-25T09:00"),
        item("BBBB", ItemStatus.REDIRECTED, redirected_on="2027-02-03T09:00"),
        item("CCCC", ItemStatus.ANSWERED),
        item("DDDD", ItemStatus.REDIRECTED, redirected_on="2027-02-03T09:00", alias="B-2"),
    ]
    entries = [
        AgendaEntry("A-17", 2, AgendaSource.PROMPT, paris("2027-02-18T10:00"), "Un premier jet"),
        AgendaEntry("A-17", 2, AgendaSource.PROMPT, paris("2027-02-19T10:00"), "Le point sur la délégation"),
        AgendaEntry("A-17", 2, AgendaSource.KEPT, paris("2027-02-05T10:00"), item_ref="CCCC"),
        AgendaEntry("A-17", 2, AgendaSource.KEPT, paris("2027-02-06T10:00"), item_ref="GONE"),
        AgendaEntry("A-17", 2, AgendaSource.KEPT, paris("2027-02-07T10:00"), "Un brouillon gardé"),
        AgendaEntry("B-2", 2, AgendaSource.PROMPT, paris("2027-02-19T10:00"), "Pas le sien"),
    ]
    assert agenda_for(plan, first, items, entries).item_refs == ("AAAA",)
    second_agenda = agenda_for(plan, second, items, entries)
    assert second_agenda.item_refs == ("BBBB", "CCCC")
    assert second_agenda.answer is not None and second_agenda.answer.text == "Le point sur la délégation"
    assert [(e.item_ref, e.text) for e in second_agenda.kept] == [("CCCC", ""), (None, "Un brouillon gardé")]


# ---------------------------------------------------------------- no session notice
def test_the_no_session_notice_has_one_key_until_a_session_is_added() -> None:
    plan = programme(session(1, "2027-02-01T14:00"))
    at = paris("2027-02-02T08:00")
    key = no_session_notice_key(plan, at, PARIS)
    assert key is not None
    assert no_session_notice_key(plan, at + timedelta(days=7), PARIS) == key
    planned = programme(session(1, "2027-02-01T14:00"), session(2, "2027-02-22T14:00"))
    assert no_session_notice_key(planned, at, PARIS) is None
    assert no_session_notice_key(planned, paris("2027-02-23T08:00"), PARIS) not in (None, key)
    assert no_session_notice_key(plan, paris("2027-12-20T08:00"), PARIS) is None  # programme over


def test_a_note_is_written_only_after_the_session() -> None:
    plan = programme(session(1, "2027-02-01T14:00"))
    assert note_problem(plan, 1, paris("2027-02-01T15:00")) == "not_held"
    assert note_problem(plan, 1, paris("2027-02-01T16:00")) is None
    assert note_problem(plan, 2, paris("2027-02-01T16:00")) == "unknown_session"


# ---------------------------------------------------------------- report lifecycle
def drafted() -> lifecycle.Report:
    return lifecycle.draft_report(
        "A-17-r1",
        alias="A-17",
        mentor="mentor",
        period_start=date(2027, 1, 11),
        period_end=date(2027, 6, 30),
        text="Progrès nets sur la délégation.",
        at=paris("2027-07-01T10:00"),
    )


def test_a_validation_records_the_time_and_the_hash_of_the_exact_text() -> None:
    sent = lifecycle.send_to_mentee(drafted(), paris("2027-07-01T10:05"))
    validated = lifecycle.validate(sent, paris("2027-07-02T09:00"), sent.sha256)
    assert validated.state is ReportState.VALIDATED and validated.is_validated
    assert validated.validation is not None
    assert validated.validation.at == paris("2027-07-02T09:00")
    assert validated.validation.sha256 == text_hash("Progrès nets sur la délégation.")
    assert lifecycle.release_problem(validated) is None


def test_any_change_after_validation_asks_again() -> None:
    sent = lifecycle.send_to_mentee(drafted(), paris("2027-07-01T10:05"))
    validated = lifecycle.validate(sent, paris("2027-07-02T09:00"), sent.sha256)
    revised = lifecycle.revise(validated, "Progrès nets ; reste la délégation.", paris("2027-07-03T09:00"))
    assert revised.state is ReportState.DRAFT and revised.validation is None and revised.version == 2
    assert lifecycle.release_problem(revised) == "not_validated_draft"
    with pytest.raises(ReportError) as caught:
        lifecycle.released(revised, paris("2027-07-03T10:00"))
    assert caught.value.reason == "not_validated_draft"


def test_an_answer_to_an_older_text_is_refused() -> None:
    sent = lifecycle.send_to_mentee(drafted(), paris("2027-07-01T10:05"))
    with pytest.raises(ReportError) as caught:
        lifecycle.validate(sent, paris("2027-07-02T09:00"), text_hash("another text"))
    assert caught.value.reason == "stale"


def test_change_requested_then_refused_paths() -> None:
    sent = lifecycle.send_to_mentee(drafted(), paris("2027-07-01T10:05"))
    asked = lifecycle.request_change(sent, paris("2027-07-01T12:00"), sent.sha256, "Moins de détails")
    assert asked.state is ReportState.CHANGE_REQUESTED and asked.change_comment == "Moins de détails"
    with pytest.raises(ReportError) as caught:
        lifecycle.send_to_mentee(asked, paris("2027-07-01T12:05"))
    assert caught.value.reason == "send_from_change_requested"
    again = lifecycle.send_to_mentee(
        lifecycle.revise(asked, "Progrès.", paris("2027-07-02T08:00")), paris("2027-07-02T08:01")
    )
    refused = lifecycle.refuse(again, paris("2027-07-02T09:00"), again.sha256)
    assert lifecycle.release_problem(refused) == "not_validated_refused"
    with pytest.raises(ReportError):
        lifecycle.revise(refused, "Autre", paris("2027-07-02T10:00"))


def test_a_released_report_cannot_leave_twice_nor_change() -> None:
    sent = lifecycle.send_to_mentee(drafted(), paris("2027-07-01T10:05"))
    done = lifecycle.released(
        lifecycle.validate(sent, paris("2027-07-02T09:00"), sent.sha256), paris("2027-07-03T09:00")
    )
    assert done.state is ReportState.RELEASED and done.is_validated
    assert lifecycle.release_problem(done) == "already_released"
    with pytest.raises(ReportError):
        lifecycle.revise(done, "Autre", paris("2027-07-04T09:00"))


# ---------------------------------------------------------------- pause
def test_a_pause_holds_back_reminders_and_prompts_only_until_its_day() -> None:
    started = start_pause("A-17", date(2027, 8, 30), paris("2027-07-20T10:00"), PARIS)
    assert not isinstance(started, PauseRefusal)
    during = paris("2027-08-29T23:59")
    assert suppresses(started, Nudge.SESSION_PROMPT, during, PARIS)
    assert suppresses(started, Nudge.DRAFT_REMINDER, during, PARIS)
    assert not suppresses(started, Nudge.MENTOR_ANSWER, during, PARIS)
    assert not suppresses(started, Nudge.REPORT_REQUEST, during, PARIS)
    assert not suppresses(started, Nudge.SESSION_PROMPT, paris("2027-08-30T00:00"), PARIS)
    resumed = resume(started, paris("2027-08-01T09:00"))
    assert not suppresses(resumed, Nudge.SESSION_PROMPT, paris("2027-08-02T09:00"), PARIS)


def test_pause_dates_are_read_in_french_order_and_checked() -> None:
    today = date(2027, 7, 20)
    assert parse_pause_day("31/08", today) == date(2027, 8, 31)
    assert parse_pause_day("15/01", today) == date(2028, 1, 15)
    assert parse_pause_day("2027-09-01", today) == date(2027, 9, 1)
    assert parse_pause_day("31/02", today) is None
    assert parse_pause_day("bientôt", today) is None
    assert start_pause("A-17", date(2027, 7, 20), paris("2027-07-20T10:00"), PARIS) is PauseRefusal.PAST
    assert start_pause("A-17", date(2028, 3, 1), paris("2027-07-20T10:00"), PARIS) is PauseRefusal.TOO_LONG


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_the_example_of_a_pause_day_is_accepted_whatever_the_date(locale: str) -> None:
    """/aide and the unreadable-date message give a day to copy: it must be a pause
    allowed on every day of the year (a fixed '31/08' is past, or too far, half of it)."""
    first = date(2026, 12, 1)
    for offset in range(366):
        today = first + timedelta(days=offset)
        typed = example_day(today, locale)
        until_day = parse_pause_day(typed, today)
        assert until_day is not None, (today, typed)
        started = start_pause("A-17", until_day, paris(f"{today.isoformat()}T10:00"), PARIS)
        assert not isinstance(started, PauseRefusal), (today, typed, started)
    assert example_day(date(2026, 12, 3), "fr") == "02/01"
    assert example_day(date(2026, 12, 3), "en") == "2027-01-02"


# ---------------------------------------------------------------- review
def test_a_review_counts_per_month_and_theme_and_refuses_anothers_items() -> None:
    plan = programme(session(1, "2027-02-01T14:00"), session(2, "2027-02-22T14:00"))
    answered = item("AAAA", ItemStatus.ANSWERED)
    answered = Item(
        **{
            **answered.__dict__,
            "replies": (Reply(ReplyKind.ANSWER, "Oui", "mentor", paris("2027-01-21T10:00")),),
        }
    )
    waiting = Item(**{**item("BBBB", ItemStatus.WAITING).__dict__, "theme": None})
    review = build_review(plan, [answered, waiting], [], at=paris("2027-02-10T10:00"), zone=PARIS)
    assert review.count(date(2027, 1, 1), "team") == 1 and review.count(date(2027, 1, 1), "") == 1
    assert review.months == (date(2027, 1, 1), date(2027, 2, 1))
    assert review.median_answer_delay == timedelta(days=1)
    assert review.median_wait_delay == paris("2027-02-10T10:00") - paris("2027-01-20T10:00")
    assert [s.number for s in review.sessions_held] == [1]
    with pytest.raises(ForeignItemError):
        build_review(
            plan,
            [item("CCCC", ItemStatus.WAITING, alias="B-2")],
            [],
            at=paris("2027-02-10T10:00"),
            zone=PARIS,
        )


# ---------------------------------------------------------------- the closing review's moment
def test_the_closing_review_is_due_from_the_mentees_first_hour_on_the_planned_end_day() -> None:
    friday_end = programme()  # ends Friday 17 December 2027
    assert final_review_moment(friday_end, MENTEE) == paris("2027-12-17T09:00")
    sunday_end = Programme("A-17", date(2027, 1, 11), date(2027, 12, 19), (), (), "s")
    assert final_review_moment(sunday_end, MENTEE) == paris("2027-12-20T09:00")  # Monday
    assert not is_final_review_due(friday_end, (), paris("2027-12-17T08:59"), MENTEE)
    assert is_final_review_due(friday_end, (), paris("2027-12-17T09:00"), MENTEE)
    # A service back at night waits for the mentee's morning; once kept, never again.
    assert not is_final_review_due(friday_end, (), paris("2027-12-18T22:00"), MENTEE)
    assert is_final_review_due(friday_end, (), paris("2027-12-20T09:30"), MENTEE)
    marked = ((FINAL_REVIEW_MARK, paris("2027-12-17T09:00")),)
    assert not is_final_review_due(friday_end, marked, paris("2027-12-20T09:30"), MENTEE)
    assert final_review_moment(friday_end, ReadingCalendar("Europe/Paris", {})) is None
