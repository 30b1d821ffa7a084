"""Pure translation from Cadre's Outbound text and choices to WhatsApp Cloud API messages.

Kept apart from the transport so every platform limit (reply buttons, list rows, body
lengths, message length) is tested without a server, and so the channel module stays about
HTTP, the 24-hour rule and errors. Nothing here logs, and nothing raises with user text.

Limits are the Cloud API's documented ones, counted in characters. WhatsApp rejects a whole
message when one field is too long, so we degrade instead: truncate a title with "…", fall
back to a list, then to numbered text the core already understands ("2" or the label).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain import Choice

DEFAULT_API_BASE_URL = "https://graph.facebook.com/v23.0"
"""The Graph API (base and version) the payloads below are written for."""

#: A text message body.
TEXT_LIMIT = 4096
#: Body of an interactive reply-buttons message (the API refuses more).
BUTTONS_BODY_LIMIT = 1024
#: Body of an interactive list message.
LIST_BODY_LIMIT = 4096
#: Caption of a document message.
CAPTION_LIMIT = 1024
MAX_BUTTONS = 3
BUTTON_TITLE_LIMIT = 20
BUTTON_ID_LIMIT = 256
MAX_ROWS = 10
ROW_TITLE_LIMIT = 24
ROW_DESCRIPTION_LIMIT = 72
ROW_ID_LIMIT = 200
#: The label of the button that opens a list.
LIST_BUTTON_LIMIT = 20

ELLIPSIS = "…"


@dataclass(frozen=True)
class TextPart:
    """A plain text message."""

    body: str


@dataclass(frozen=True)
class ButtonsPart:
    """An interactive message with up to three reply buttons: (id, title) pairs."""

    body: str
    buttons: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ListRow:
    """One row of a list message; `description` keeps a label the title had to cut."""

    id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class ListPart:
    """An interactive list message: a body, the opening button, up to ten rows."""

    body: str
    button_label: str
    rows: tuple[ListRow, ...]


Part = TextPart | ButtonsPart | ListPart


def truncate(label: str, limit: int) -> str:
    """`label` cut to `limit` characters, the last one "…" when something was cut."""
    label = " ".join(label.split())
    if len(label) <= limit:
        return label
    return label[: limit - 1].rstrip() + ELLIPSIS


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Cut a long text into messages of at most `limit` characters.

    Cuts at the last paragraph break that fits, else the last line break, else the last
    space, else hard: a mentor's long answer then reads naturally across messages.
    """
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut, skip = window.rfind("\n\n"), 2
        if cut <= 0:
            cut, skip = window.rfind("\n"), 1
        if cut <= 0:
            cut, skip = window.rfind(" "), 1
        if cut <= 0:
            cut, skip = limit, 0
        head = rest[:cut].rstrip()
        if head:
            parts.append(head)
        rest = rest[cut + skip :].lstrip("\n")
    if rest.strip():
        parts.append(rest)
    return parts


def numbered(text: str, choices: Sequence[Choice]) -> str:
    """The text followed by "1. label" lines: the fallback every platform can show."""
    lines = "\n".join(f"{index}. {choice.label}" for index, choice in enumerate(choices, 1))
    return f"{text}\n\n{lines}" if text else lines


def _split_for_interactive(text: str, body_limit: int) -> tuple[list[str], str]:
    """Leading plain messages and the last piece, short enough to carry the buttons."""
    pieces = split_text(text, TEXT_LIMIT)
    if len(pieces[-1]) > body_limit:
        pieces = pieces[:-1] + split_text(pieces[-1], body_limit)
    return pieces[:-1], pieces[-1]


def _buttons(choices: Sequence[Choice]) -> tuple[tuple[str, str], ...] | None:
    titles = [truncate(choice.label, BUTTON_TITLE_LIMIT) for choice in choices]
    ids = [choice.value for choice in choices]
    if not _usable(titles, ids, BUTTON_ID_LIMIT):
        return None
    return tuple(zip(ids, titles, strict=True))


def _rows(choices: Sequence[Choice]) -> tuple[ListRow, ...] | None:
    rows: list[ListRow] = []
    for choice in choices:
        title = truncate(choice.label, ROW_TITLE_LIMIT)
        description = ""
        if title != " ".join(choice.label.split()):
            description = truncate(choice.label, ROW_DESCRIPTION_LIMIT)
        rows.append(ListRow(id=choice.value, title=title, description=description))
    if not _usable([row.title for row in rows], [row.id for row in rows], ROW_ID_LIMIT):
        return None
    return tuple(rows)


def _usable(titles: list[str], ids: list[str], id_limit: int) -> bool:
    """Titles the person can tell apart and ids the API accepts, or no buttons at all."""
    if any(not title for title in titles) or len(set(titles)) != len(titles):
        return False
    if any(not value or len(value) > id_limit for value in ids):
        return False
    return len(set(ids)) == len(ids)


def render(text: str, choices: Sequence[Choice], list_button_label: str) -> list[Part]:
    """The messages that carry `text` and `choices`, in sending order.

    Up to three choices become reply buttons, four to ten a list; more than ten, or labels
    that can't be told apart once cut to the platform's size, become numbered text. Only
    the last message carries the interactive part; long texts go before it as plain text.
    """
    if not choices:
        return [TextPart(piece) for piece in split_text(text)]
    if text.strip():
        if len(choices) <= MAX_BUTTONS:
            buttons = _buttons(choices)
            if buttons is not None:
                head, body = _split_for_interactive(text, BUTTONS_BODY_LIMIT)
                return [*(TextPart(piece) for piece in head), ButtonsPart(body, buttons)]
        if len(choices) <= MAX_ROWS:
            rows = _rows(choices)
            label = truncate(list_button_label, LIST_BUTTON_LIMIT)
            if rows is not None and label:
                head, body = _split_for_interactive(text, LIST_BODY_LIMIT)
                return [*(TextPart(piece) for piece in head), ListPart(body, label, rows)]
    return [TextPart(piece) for piece in split_text(numbered(text, choices))]


def interactive_object(part: ButtonsPart | ListPart) -> dict[str, object]:
    """The `interactive` object of a Cloud API message, in the wire format."""
    if isinstance(part, ButtonsPart):
        return {
            "type": "button",
            "body": {"text": part.body},
            "action": {
                "buttons": [
                    {"type": "reply", "reply": {"id": ident, "title": title}} for ident, title in part.buttons
                ]
            },
        }
    rows: list[dict[str, str]] = []
    for row in part.rows:
        wire = {"id": row.id, "title": row.title}
        if row.description:
            wire["description"] = row.description
        rows.append(wire)
    return {
        "type": "list",
        "body": {"text": part.body},
        "action": {"button": part.button_label, "sections": [{"rows": rows}]},
    }
