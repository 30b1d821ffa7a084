"""Builders shared by the storage tests: small, readable records at fixed instants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.fernet import Fernet

from bot.domain import (
    Consent,
    Conversation,
    Draft,
    Invitation,
    Item,
    Mentee,
    Outbound,
    OutboxEntry,
    StepAnswer,
    UserRef,
)
from bot.ports import Store
from bot.storage import TinyStore

REPO = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ANA = UserRef("telegram", "1001")
BEN = UserRef("whatsapp", "33612345678")
MENTOR = UserRef("telegram", "9")


def mentee(user: UserRef = ANA, *, alias: str = "Ana", mentor: str = "claire") -> Mentee:
    return Mentee(
        user=user, alias=alias, mentor=mentor, locale="fr", enrolled_at=T0, consent=Consent("2026-01", T0)
    )


def draft(text: str = "draft text") -> Draft:
    return Draft(
        flow="question",
        step="context",
        answers=(StepAnswer("context", text),),
        started_at=T0,
        updated_at=T0 + timedelta(minutes=1),
        suggestion="[NAME]",
    )


def item(
    n: int, user: UserRef = ANA, *, mentor: str = "claire", text: str = "question", at: datetime | None = None
) -> Item:
    return Item(
        id=f"item{n:05d}",
        ref=f"R{n:04d}",
        mentee=user,
        alias="Ana",
        mentor=mentor,
        flow="question",
        answers=(StepAnswer("context", text),),
        submitted_at=at or T0 + timedelta(minutes=n),
    )


def entry(
    key: str, *, to: UserRef = ANA, text: str = "hello", at: datetime = T0, item_ref: str | None = None
) -> OutboxEntry:
    return OutboxEntry(
        outbound=Outbound(to=to, text=text, key=key, item_ref=item_ref, is_durable=True),
        created_at=at,
        next_attempt_at=at,
    )


def scan(root: Path, needle: bytes) -> list[Path]:
    """Every file under root whose bytes contain needle (hidden files included)."""
    return [p for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()]


def reopen(store: TinyStore) -> TinyStore:
    store.release()
    return TinyStore(store.root)


async def fill_with_canary(store: Store) -> None:
    canary = "CANARY-7f3a"
    await store.save_mentee(mentee(ANA, alias=f"{canary}-alias"))
    await store.save_mentee(mentee(BEN, alias="Ben"))
    await store.submit_item(item(1, ANA, text=f"{canary} item"), Conversation(ANA, seen_ids=("x",)))
    await store.save_conversation(Conversation(ANA, draft=draft(f"{canary} draft")))
    await store.submit_item(item(2, BEN, text="Ben's question"), Conversation(BEN))
    await store.enqueue(entry("to-ana", to=ANA, text=f"{canary} reply"))
    await store.enqueue(entry("mentor-copy", to=MENTOR, text=f"{canary} copy", item_ref="R0001"))
    await store.enqueue(entry("to-ben", to=BEN, text="for Ben"))
    await store.save_invitation(
        Invitation("K7Q2", "Ana", "claire", T0, T0 + timedelta(days=7), used_by=ANA.key, used_at=T0)
    )


class FernetCipher:
    """What the encryption-at-rest issue will plug in (one key per mentee)."""

    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)

    def encrypt(self, data: bytes) -> bytes:
        return self._fernet.encrypt(data)

    def decrypt(self, data: bytes) -> bytes:
        return self._fernet.decrypt(data)
