"""The codec: every record kind to JSON and back, errors that name the file and record."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain import Attachment, AuditEvent, Conversation
from bot.domain.pending import AwaitingAnswer, ConfirmErase, ConfirmStop, Nudged, Pending
from bot.errors import CorruptRecordError, StoreError
from bot.storage import codec
from bot.storage.atomic import encode_json
from tests.storage.records import ANA, T0, entry, item
from tests.storage.strategies import CODECS


@pytest.mark.parametrize(("kind", "records", "encode", "decode"), CODECS, ids=[c[0] for c in CODECS])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_codec_round_trips_through_json_bytes(
    kind: str,
    records: st.SearchStrategy[object],
    encode: Callable[[object], dict[str, object]],
    decode: Callable[[object], object],
    data: st.DataObject,
) -> None:
    record = data.draw(records)
    on_disk = encode_json({"t": {"1": encode(record)}}, label=kind)
    on_disk.decode("utf-8")  # every file is valid UTF-8
    assert decode(json.loads(on_disk)["t"]["1"]) == record


def test_datetimes_are_stored_as_utc_iso() -> None:
    paris_evening = datetime(2026, 3, 29, 20, 0, tzinfo=timezone(timedelta(hours=2)))
    raw = codec.encode_item(item(1, at=paris_evening))
    assert raw["submitted_at"] == "2026-03-29T18:00:00+00:00"
    assert raw["status"] == "waiting"


def test_naive_datetime_is_refused_on_write() -> None:
    with pytest.raises(StoreError, match="naive"):
        codec.encode_item(item(1, at=datetime(2026, 1, 1)))


@pytest.mark.parametrize(
    ("field", "value", "what"),
    [
        ("status", "lost", "unknown value"),
        ("submitted_at", "yesterday", "ISO 8601"),
        ("submitted_at", "2026-01-01T10:00:00", "no timezone"),
        ("answers", "CANARY", "must be a list"),
        ("is_flagged", "yes", "true or false"),
        ("alias", 3, "must be a string"),
        ("mentee", None, "is not an object"),
    ],
)
def test_malformed_item_names_file_record_field_never_content(field: str, value: object, what: str) -> None:
    raw = codec.encode_item(item(1, text="CANARY-content"))
    raw[field] = value
    with pytest.raises(CorruptRecordError) as caught:
        codec.decode_item(raw, source="people/abc.json", record="item00001")
    message = str(caught.value)
    assert message.startswith("people/abc.json: record item00001:")
    assert field in message and what in message
    assert "CANARY" not in message and "yesterday" not in message


def test_missing_field_and_bad_base64_are_corrupt() -> None:
    raw = codec.encode_item(item(1))
    del raw["ref"]
    with pytest.raises(CorruptRecordError, match="field 'ref' is missing"):
        codec.decode_item(raw, source="f", record="r")
    out = codec.encode_outbox(
        replace(
            entry("k"),
            outbound=replace(entry("k").outbound, attachment=Attachment("a.txt", "text/plain", b"abc")),
        )
    )
    out["outbound"]["attachment"]["content"] = "!!notbase64"  # type: ignore[index]
    with pytest.raises(CorruptRecordError, match=r"outbound\.attachment\.content"):
        codec.decode_outbox(out, source="f", record="k")
    audit = codec.encode_audit(AuditEvent(T0, "coach", "erase", "item1", (("n", "1"),)))
    audit["details"] = [["only-one"]]
    with pytest.raises(CorruptRecordError, match=r"details\[0\]"):
        codec.decode_audit(audit, source="f", record="1")


@pytest.mark.parametrize(
    ("stored", "pending"),
    [
        (None, None),
        ("nudged:context", Nudged("context")),
        ("confirm_erase", ConfirmErase()),
        ("confirm_stop", ConfirmStop()),
        ("mentor:answer:ABCD", AwaitingAnswer("ABCD")),
    ],
)
def test_pending_reads_what_earlier_versions_wrote_and_writes_it_back(
    stored: str | None, pending: Pending | None
) -> None:
    raw = codec.encode_conversation(Conversation(ANA))
    raw["pending"] = stored
    conversation = codec.decode_conversation(raw, source="f")
    assert conversation.pending == pending
    assert codec.encode_conversation(conversation)["pending"] == stored


def test_an_unknown_pending_reads_as_nothing_awaited() -> None:
    raw = codec.encode_conversation(Conversation(ANA))
    raw["pending"] = "something:from:the:future"
    assert codec.decode_conversation(raw, source="f").pending is None
