"""Does a write cost more when the store holds more history? `python -m benchmarks.storage`.

Fills two data folders (100 and 10,000 items over 100 mentees; history is answered, one
item per mentee still open, as in real use), then times `submit_item` for (a) a mentee
with little history and (b) a mentee as busy as the others, and prints medians. With
per-person files and sharded indexes, (a) should not move between the two folders; (b)
grows only with that one person's own history. The queue holds open items only, so its
cost follows the backlog, not the history. Not a test: timings depend on the disk, so
nothing asserts on them.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.domain import Conversation, Item, ItemStatus, Mentee, StepAnswer, UserRef
from bot.storage import codec
from bot.storage.atomic import AtomicJSONStorage
from bot.storage.tiny import TinyStore, person_name

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
MENTEES = 100
TEXT = "Comment présenter un refus à un client sans perdre la relation ? " * 8


def _item(user: UserRef, n: int, serial: str, status: ItemStatus = ItemStatus.WAITING) -> Item:
    return Item(
        id=f"{serial}-{n:06d}",
        ref=f"{serial}{n:06d}",
        mentee=user,
        alias="A",
        mentor=f"mentor{n % 3}",
        flow="question",
        answers=(StepAnswer("context", TEXT), StepAnswer("question", TEXT)),
        submitted_at=T0 + timedelta(minutes=n),
        status=status,
    )


def fill(folder: Path, total_items: int) -> None:
    """Write the person files directly (fast), then let TinyStore rebuild its indexes."""
    (folder / "people").mkdir(parents=True, exist_ok=True, mode=0o700)
    per_mentee = total_items // MENTEES
    for m in range(MENTEES):
        user = UserRef("telegram", str(100_000 + m))
        mentee = Mentee(user=user, alias=f"M{m}", mentor=f"mentor{m % 3}", locale="fr", enrolled_at=T0)
        items = {
            f"f{m}-{n:06d}": codec.encode_item(
                _item(user, n, f"f{m}-", ItemStatus.WAITING if n == per_mentee - 1 else ItemStatus.ANSWERED)
            )
            for n in range(per_mentee)
        }
        label = f"people/{person_name(user.key)}.json"
        AtomicJSONStorage(folder / label, label=label).write(
            {
                "profile": {"1": codec.encode_mentee(mentee)},
                "conversation": {"1": codec.encode_conversation(Conversation(user))},
                "items": items,
            }
        )


async def time_submits(store: TinyStore, user: UserRef, serial: str, repeats: int) -> float:
    """Median seconds of one submit_item for this person."""
    timings: list[float] = []
    for n in range(repeats):
        item = _item(user, n, serial)
        started = time.perf_counter()
        await store.submit_item(item, Conversation(user))
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def _size(path: Path) -> int:
    return path.stat().st_size


def _kb(path: Path) -> str:
    return f"{_size(path) / 1024:.1f} KB"


def run(base: Path, sizes: list[int], repeats: int) -> None:
    print(
        f"{'items in store':>15} {'open (recover) s':>17} "
        f"{'median submit_item, new mentee':>31} {'busy mentee':>12}"
    )
    for total in sizes:
        folder = base / f"store-{total}"
        fill(folder, total)
        started = time.perf_counter()
        store = TinyStore(folder)
        opened = time.perf_counter() - started
        try:
            fresh = asyncio.run(time_submits(store, UserRef("telegram", "fresh"), "N", repeats))
            busy = asyncio.run(time_submits(store, UserRef("telegram", "100000"), "B", repeats))
        finally:
            store.release()
        print(
            f"{total:>15,} {opened:>17.3f} {fresh * 1000:>28.2f} ms {busy * 1000:>9.2f} ms"
            f"   (queue.json {_kb(folder / 'queue.json')}, "
            f"largest index shard {_kb(max((folder / 'index').iterdir(), key=_size))})"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, help="folder for the scratch stores (default: temp)")
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="tiny sizes, for a smoke test")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)  # the first open reports its index rebuild
    sizes = [100, 400] if args.quick else [100, 10_000]
    repeats = 3 if args.quick else args.repeats
    if args.data is not None:
        run(args.data, sizes, repeats)
        return
    with tempfile.TemporaryDirectory(prefix="cadre-bench-") as folder:
        run(Path(folder), sizes, repeats)


if __name__ == "__main__":
    main()
