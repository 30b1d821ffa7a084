"""Translation rules of telegram_render, without a server: commands, media, splitting, keys."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from telegram import Update

from bot.channels.telegram.render import (
    TEXT_LIMIT,
    UNREADABLE_CONTENT,
    keyboard,
    parse_command,
    salvaged,
    split_text,
    translate,
    update_words,
    utf16_len,
)
from bot.domain import ChatKind, Choice, InboundKind
from bot.errors import FinalSendError

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SECRET_VALUE = "menu:secret-value-" + "x" * 60


def _update(**fields: Any) -> Update:
    update = Update.de_json({"update_id": 9, **fields}, None)
    assert update is not None
    return update


def _message(chat_type: str = "private", **content: Any) -> dict[str, Any]:
    return {
        "message_id": 90,
        "date": 1_790_000_000,
        "chat": {"id": 4242, "type": chat_type},
        "from": {"id": 4242, "is_bot": False, "first_name": "M", "language_code": "en"},
        **content,
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/start CODE42", ("start", "CODE42")),
        ("/START", ("start", "")),
        ("/help@cadre_bot  two words ", ("help", "two words")),
        ("/question line one\nline two", ("question", "line one\nline two")),
        ("  /export", ("export", "")),
        ("/home/user/file", None),
        ("hello /start", None),
        ("/", None),
        ("/ start", None),
    ],
)
def test_parse_command(text: str, expected: tuple[str, str] | None) -> None:
    assert parse_command(text) == expected


def test_short_and_empty_texts_are_not_split() -> None:
    assert split_text("court") == ["court"]
    assert split_text("") == []
    assert split_text("x" * TEXT_LIMIT) == ["x" * TEXT_LIMIT]


def test_split_prefers_paragraphs_and_packs_them() -> None:
    paragraphs = ["p" * 1500, "q" * 1500, "r" * 1500]
    assert split_text("\n\n".join(paragraphs)) == [
        "p" * 1500 + "\n\n" + "q" * 1500,
        "r" * 1500,
    ]


def test_split_falls_back_to_lines_then_hard_cut() -> None:
    lines = "\n".join(["l" * 3000, "m" * 3000])
    assert split_text(lines) == ["l" * 3000, "m" * 3000]
    assert split_text("z" * 9000) == ["z" * 4096, "z" * 4096, "z" * 808]


def test_split_counts_utf16_and_never_cuts_an_emoji_in_half() -> None:
    text = "😀" * 2049  # 4098 UTF-16 units
    chunks = split_text(text)
    assert chunks == ["😀" * 2048, "😀"]
    assert all(utf16_len(chunk) <= TEXT_LIMIT for chunk in chunks)


def test_keyboard_is_one_button_per_row_and_checks_callback_size() -> None:
    markup = keyboard([Choice("a" * 64, "Un"), Choice("b", "Deux")])
    assert markup is not None
    assert [[button.callback_data for button in row] for row in markup.inline_keyboard] == [
        ["a" * 64],
        ["b"],
    ]
    assert keyboard([]) is None
    with pytest.raises(FinalSendError) as caught:
        keyboard([Choice(SECRET_VALUE, "Trop")])
    assert SECRET_VALUE not in str(caught.value)
    with pytest.raises(FinalSendError, match="empty label"):
        keyboard([Choice("ok", "  ")])


def test_venue_is_named_venue_not_location_and_dice_is_other() -> None:
    location = {"latitude": 48.85, "longitude": 2.35}
    venue = {"location": location, "title": "T", "address": "A"}
    seen = translate(_update(message=_message(venue=venue, location=location)), AT).inbound
    assert seen is not None and (seen.kind, seen.payload) == (InboundKind.MEDIA, "venue")
    dice = translate(_update(message=_message(dice={"emoji": "🎲", "value": 3})), AT).inbound
    assert dice is not None and (dice.kind, dice.payload) == (InboundKind.MEDIA, "other")


def test_service_message_and_unknown_update_are_ignored_with_a_kind() -> None:
    service = translate(_update(message=_message(new_chat_title="x")), AT)
    assert (service.inbound, service.ignored) == (None, "service_message")
    unknown = translate(_update(), AT)
    assert (unknown.inbound, unknown.ignored) == (None, "unknown")
    member = {
        "chat": {"id": 1, "type": "private"},
        "from": {"id": 1, "is_bot": False, "first_name": "M"},
        "date": 1_790_000_000,
        "old_chat_member": {
            "status": "member",
            "user": {"id": 2, "is_bot": True, "first_name": "B"},
        },
        "new_chat_member": {
            "status": "kicked",
            "until_date": 0,
            "user": {"id": 2, "is_bot": True, "first_name": "B"},
        },
    }
    blocked = translate(_update(my_chat_member=member), AT)
    assert (blocked.inbound, blocked.ignored) == (None, "my_chat_member")


def test_callback_without_message_uses_the_sender() -> None:
    query = {
        "id": "q1",
        "from": {"id": 31, "is_bot": False, "first_name": "M", "language_code": "fr"},
        "chat_instance": "c",
        "data": "send",
    }
    translation = translate(_update(callback_query=query), AT)
    assert translation.callback is not None
    inbound = translation.inbound
    assert inbound is not None
    assert (inbound.kind, inbound.payload, inbound.user.id, inbound.language) == (
        InboundKind.CHOICE,
        "send",
        "31",
        "fr",
    )


def test_checklist_is_other_content_refused_like_media() -> None:
    checklist = {"title": "Liste", "tasks": [{"id": 1, "text": "Tâche"}]}
    seen = translate(_update(message=_message(checklist=checklist)), AT).inbound
    assert seen is not None and (seen.kind, seen.payload) == (InboundKind.MEDIA, "other")


def test_callback_without_data_is_answered_and_not_a_choice() -> None:
    query = {
        "id": "q2",
        "from": {"id": 31, "is_bot": False, "first_name": "M"},
        "chat_instance": "c",
        "game_short_name": "jeu",
        "message": {"message_id": 5, "date": 1_790_000_000, "chat": {"id": 31, "type": "private"}},
    }
    translation = translate(_update(callback_query=query), AT)
    assert translation.callback is not None and translation.callback.id == "q2"
    assert (translation.inbound, translation.ignored) == (None, "callback_without_data")


def test_salvaged_keeps_what_cadre_reads_and_never_takes_a_group_for_a_person() -> None:
    poll = {"id": "p", "question": "?", "options": [{"text": "a", "voter_count": 0}]}
    update = {"update_id": 9, "message": {**_message(text="x", poll=poll), "chat": {"id": -100}}}
    reduced = salvaged(update)
    assert reduced == {
        "update_id": 9,
        "message": {
            "message_id": 90,
            "date": 1_790_000_000,
            "chat": {"id": -100, "type": "group"},
            "from": {"id": 4242, "is_bot": False, "first_name": "", "language_code": "en"},
            "text": "x",
            UNREADABLE_CONTENT: "poll",
        },
    }
    seen = translate(Update.de_json(reduced, None), AT).inbound
    assert seen is not None and (seen.kind, seen.chat) == (InboundKind.MEDIA, ChatKind.GROUP)
    assert salvaged({"update_id": 9, "poll": poll}) is None
    assert salvaged({"update_id": 9, "message": {"message_id": 1, "chat": "?"}}) is None


def test_group_text_and_edited_media_caption() -> None:
    group = translate(_update(message=_message("group", text="salut")), AT).inbound
    assert group is not None and (group.kind, group.chat, group.text) == (
        InboundKind.MEDIA,
        ChatKind.GROUP,
        "",
    )
    edited = _message(caption="nouvelle légende", edit_date=1_790_000_100)
    edited["photo"] = [{"file_id": "p", "file_unique_id": "u", "width": 1, "height": 1}]
    seen = translate(_update(edited_message=edited), AT).inbound
    assert seen is not None
    assert (seen.kind, seen.text, seen.payload, seen.message_id) == (
        InboundKind.EDITED,
        "nouvelle légende",
        "",
        "tg:9",
    )


def test_update_words_are_everything_written_but_the_senders_account_and_our_buttons() -> None:
    replied = _message(text="Vous avez écrit : Claire Martin")  # the bot's refusal, quoted back
    update = {
        "update_id": 9,
        "message": _message(
            caption="photo de Claire",
            reply_to_message=replied,
            contact={"phone_number": "0612345678", "first_name": "Paul"},
            photo=[{"file_id": "AgAD-Marie", "file_unique_id": "u1", "width": 1, "height": 1}],
        ),
    }
    words = update_words(update)
    for written in ("photo de Claire", "Vous avez écrit : Claire Martin", "0612345678", "Paul"):
        assert written in words
    assert "AgAD-Marie" not in words and "\nM\n" not in f"\n{words}\n", (
        "file ids and the sender are not words"
    )
    tapped = {
        "update_id": 10,
        "callback_query": {
            "id": "cb",
            "chat_instance": "ci",
            "data": "flow:pick",
            "from": {"id": 4242, "is_bot": False, "first_name": "M"},
            "message": _message(text="Numéro trouvé : 06 12 34 56 78"),
        },
    }
    assert update_words(tapped) == "Numéro trouvé : 06 12 34 56 78", "the message under the button"


def test_update_words_name_the_chats_a_message_was_forwarded_or_quoted_from() -> None:
    channel = {"id": -1001, "type": "channel", "title": "Dupont Conseil, annonces", "username": "dupont_sa"}
    group = {"id": -1002, "type": "supergroup", "title": "Équipe Martin"}
    forwarded = _message(
        text="à lire",
        forward_origin={"type": "channel", "date": 1, "chat": channel, "message_id": 5},
    )
    from_a_group = _message(text="vu", forward_origin={"type": "chat", "date": 1, "sender_chat": group})
    quoted = _message(
        text="je réponds",
        external_reply={"origin": {"type": "chat", "date": 1, "sender_chat": group}, "chat": channel},
    )
    for message in (forwarded, from_a_group, quoted):
        words = update_words({"update_id": 9, "message": message})
        assert "Dupont Conseil" in words or "Équipe Martin" in words
        assert "\nM\n" not in f"\n{words}\n" and "channel" not in words.split("\n"), (
            "still not the sender, nor types"
        )
    assert "dupont_sa" in update_words({"update_id": 9, "message": forwarded})
    assert "Équipe Martin" in update_words({"update_id": 9, "edited_message": quoted})
    assert update_words({"update_id": 11, "message": _message(text="/aide Claire")}) == "/aide Claire"
