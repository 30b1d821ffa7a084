"""Pure rules of the WhatsApp channel: rendering limits, webhook parsing, signatures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.channels.whatsapp.render import (
    BUTTONS_BODY_LIMIT,
    ButtonsPart,
    ListPart,
    TextPart,
    interactive_object,
    render,
    split_text,
    truncate,
)
from bot.channels.whatsapp.webhook import (
    InboundMessage,
    StatusUpdate,
    is_signature_valid,
    message_words,
    parse_payload,
    sign,
)
from bot.domain import Choice, InboundKind
from tests.fakes import whatsapp_payloads as wa
from tests.fakes.graph_api import PHONE_NUMBER_ID

NOW = datetime(2026, 11, 23, 9, 0, 30, tzinfo=UTC)


def choices(*labels: str) -> tuple[Choice, ...]:
    return tuple(Choice(f"v{i}", label) for i, label in enumerate(labels))


# -- text ---------------------------------------------------------------------------------


def test_short_text_is_one_message() -> None:
    assert split_text("court", 10) == ["court"]


def test_split_prefers_paragraphs_then_lines_then_spaces_then_hard_cut() -> None:
    assert split_text("aaaa\n\nbbbb cc\nddd", 10) == ["aaaa", "bbbb cc", "ddd"]
    assert split_text("aaaa bbbb cccc", 10) == ["aaaa bbbb", "cccc"]
    assert split_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_split_pieces_fit_and_keep_every_word() -> None:
    text = "\n\n".join(f"§{i} " + "mot " * (i * 37 % 400) for i in range(60))
    pieces = split_text(text, 4096)
    assert all(0 < len(p) <= 4096 for p in pieces)
    assert " ".join(pieces).split() == text.split()


def test_truncate_marks_the_cut() -> None:
    assert truncate("Envoyer", 20) == "Envoyer"
    assert truncate("Modifier une étape de la question", 20) == "Modifier une étape…"
    assert len(truncate("x" * 50, 24)) == 24


# -- choices ------------------------------------------------------------------------------


def test_three_choices_are_buttons_four_to_ten_a_list_more_numbered() -> None:
    assert isinstance(render("Q ?", choices("a", "b", "c"), "Choisir")[-1], ButtonsPart)
    assert isinstance(render("Q ?", choices(*"abcd"), "Choisir")[-1], ListPart)
    assert isinstance(render("Q ?", choices(*"abcdefghij"), "Choisir")[-1], ListPart)
    [numbered] = render("Q ?", choices(*"abcdefghijk"), "Choisir")
    assert isinstance(numbered, TextPart)
    assert numbered.body.endswith("\n10. j\n11. k")


def test_buttons_that_collide_once_cut_try_a_list_with_descriptions() -> None:
    labels = ("Reporter à la fenêtre suivante", "Reporter à la fenêtre d'après")
    [part] = render("Q ?", choices(*labels), "Choisir")
    assert isinstance(part, ListPart)
    assert [r.title for r in part.rows] == ["Reporter à la fenêtre s…", "Reporter à la fenêtre d…"]
    assert [r.description for r in part.rows] == list(labels)


def test_values_the_api_refuses_fall_back_to_numbers() -> None:
    too_long = (Choice("x" * 300, "Un"), Choice("y", "Deux"))
    assert isinstance(render("Q ?", too_long, "Choisir")[0], TextPart)
    same = (Choice("x", "Un"), Choice("x", "Deux"))
    assert isinstance(render("Q ?", same, "Choisir")[0], TextPart)


def test_choices_without_text_are_numbered() -> None:
    assert render("", choices("Oui", "Non"), "Choisir") == [TextPart("1. Oui\n2. Non")]


def test_long_text_goes_first_and_buttons_carry_a_short_enough_body() -> None:
    text = "Intro.\n\n" + "phrase " * 400
    parts = render(text, choices("Oui", "Non"), "Choisir")
    assert all(isinstance(p, TextPart) for p in parts[:-1])
    last = parts[-1]
    assert isinstance(last, ButtonsPart)
    assert len(last.body) <= BUTTONS_BODY_LIMIT


def test_interactive_objects_in_the_wire_format() -> None:
    buttons = interactive_object(ButtonsPart("Q ?", (("yes", "Oui"),)))
    assert buttons == {
        "type": "button",
        "body": {"text": "Q ?"},
        "action": {"buttons": [{"type": "reply", "reply": {"id": "yes", "title": "Oui"}}]},
    }
    [part] = render("Q ?", choices(*"abcd"), "Choisir")
    assert isinstance(part, ListPart)
    wire = interactive_object(part)
    assert wire["action"] == {
        "button": "Choisir",
        "sections": [{"rows": [{"id": f"v{i}", "title": c} for i, c in enumerate("abcd")]}],
    }


# -- webhook parsing ----------------------------------------------------------------------


def test_signature_round_trip_and_refusals() -> None:
    body = b'{"a": 1}'
    assert sign(body, "s") == wa.sign(body, "s")
    assert is_signature_valid(body, wa.sign(body, "s"), "s")
    assert not is_signature_valid(body, wa.sign(body, "t"), "s")
    assert not is_signature_valid(body, None, "s")
    assert not is_signature_valid(body, "sha256=\u00e9\u00e9", "s")
    assert not is_signature_valid(body, wa.sign(body, ""), "")


def test_voice_note_is_named_voice_and_audio_stays_audio() -> None:
    batch = parse_payload(
        wa.messages(wa.media("33600000001", "voice"), wa.media("33600000001", "audio")),
        phone_number_id=PHONE_NUMBER_ID,
        now_at=NOW,
    )
    assert [e.inbound.payload for e in batch.events if not isinstance(e, StatusUpdate)] == [
        "voice",
        "audio",
    ]


def test_message_time_is_its_timestamp_but_never_in_the_future() -> None:
    past = NOW - timedelta(minutes=5)
    future = NOW + timedelta(days=1)
    batch = parse_payload(
        wa.messages(wa.text("336", "a", at=past), wa.text("336", "b", at=future)),
        phone_number_id=PHONE_NUMBER_ID,
        now_at=NOW,
    )
    assert [e.inbound.received_at for e in batch.events if not isinstance(e, StatusUpdate)] == [
        past.replace(microsecond=0),
        NOW,
    ]


def test_command_argument_keeps_its_case_and_inner_spaces() -> None:
    batch = parse_payload(
        wa.messages(wa.text("336", "/INVITE  Code-AB12  suite")),
        phone_number_id=PHONE_NUMBER_ID,
        now_at=NOW,
    )
    [event] = batch.events
    assert not isinstance(event, StatusUpdate)
    assert (event.inbound.kind, event.inbound.text, event.inbound.payload) == (
        InboundKind.COMMAND,
        "invite",
        "Code-AB12  suite",
    )


@pytest.mark.parametrize(
    "message",
    [
        {
            "from": "336",
            "id": "wamid.1",
            "type": "interactive",
            "interactive": {"type": "nfm_reply"},
        },
        {"from": "336", "id": "wamid.2", "type": "button", "button": {}},
        {"from": "336", "id": "wamid.3", "type": "unsupported", "errors": [{"code": 131051}]},
        {"id": "wamid.4", "type": "text", "text": {"body": "sans expéditeur"}},
        {
            "from": "336",
            "group_id": "120363000000000001",
            "id": "wamid.5",
            "type": "text",
            "text": {"body": "dans un groupe"},
        },
    ],
)
def test_messages_the_core_cannot_use_are_counted_not_delivered(message: dict[str, object]) -> None:
    batch = parse_payload(wa.messages(message), phone_number_id=PHONE_NUMBER_ID, now_at=NOW)
    assert (batch.events, batch.ignored) == ([], 1)


def test_a_sender_number_written_as_a_json_number_is_the_same_person() -> None:
    message = {"from": 33611112222, "id": "wamid.6", "timestamp": 1, "type": "text", "text": {"body": "x"}}
    batch = parse_payload(wa.messages(message), phone_number_id=PHONE_NUMBER_ID, now_at=NOW)
    [event] = batch.events
    assert isinstance(event, InboundMessage)
    assert (event.wa_id, event.inbound.user.id) == ("33611112222", "33611112222")


def test_failed_status_carries_its_error_codes() -> None:
    batch = parse_payload(
        wa.statuses(wa.status("wamid.9", "failed", "336", error_code=131047)),
        phone_number_id=PHONE_NUMBER_ID,
        now_at=NOW,
    )
    assert batch.events == [StatusUpdate("wamid.9", "failed", "336", (131047,))]


def test_message_words_are_the_text_a_command_argument_captions_and_shared_cards() -> None:
    assert message_words(wa.text("33611111111", "Bonjour Claire")) == "Bonjour Claire"
    assert message_words(wa.text("33611111111", "/aide Claire Martin")) == "aide\nClaire Martin"
    image = wa.media("33611111111", "image")
    image["image"]["caption"] = "le badge de Claire Martin"
    assert "le badge de Claire Martin" in message_words(image)
    assert image["image"].get("id", "") not in message_words(image).split("\n"), "a media id is no word"
    card = wa.media("33611111111", "contacts")
    card["contacts"] = [
        {"name": {"formatted_name": "Paul Durand"}, "phones": [{"phone": "+33 6 12 34 56 78"}]}
    ]
    assert "Paul Durand" in message_words(card) and "+33 6 12 34 56 78" in message_words(card)
    assert message_words(wa.reaction("33611111111", "wamid.X")) == "", "a reaction carries no words"
