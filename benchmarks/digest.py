"""Benchmark: build and render a digest of 1,000 waiting items from 200 mentees.

    python -m benchmarks.digest [--items 1000] [--mentees 200] [--repeat 5]

Target: at most 0.5 s on a small machine. A documented command rather than a timed test,
so the suite never flakes on a busy CI runner. Items are synthetic and carry no real data.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app import load_setup
from bot.domain import Item, ItemStatus, StepAnswer, UserRef
from bot.schedule.digest import DigestRenderer, build_digest

TARGET_S = 0.5
SLOT_AT = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)


def synthetic_items(count: int, mentees: int, seed: int = 1) -> list[Item]:
    rng = random.Random(seed)
    themes = ("team", "hierarchy", "organisation", "self", "other")
    items: list[Item] = []
    for index in range(count):
        who = index % mentees
        answers = (
            StepAnswer("context", "Une situation d'équipe décrite sans nom. " * rng.randint(2, 12)),
            StepAnswer("stake", "Ce qui est en jeu pour moi. " * rng.randint(1, 6)),
            StepAnswer("tried", "Ce que j'ai essayé. " * rng.randint(1, 6)),
            StepAnswer("question", "Comment m'y prendre la prochaine fois ?"),
            StepAnswer("theme", rng.choice(themes)),
        )
        items.append(
            Item(
                id=f"{index:032x}",
                ref=f"R{index:03d}"[:4],
                mentee=UserRef("telegram", str(who)),
                alias=f"mentore-{who:03d}",
                mentor="mentor",
                flow="question",
                answers=answers,
                submitted_at=SLOT_AT - timedelta(minutes=rng.randint(10, 60 * 24 * 30)),
                status=ItemStatus.WAITING,
                is_flagged=rng.random() < 0.02,
                theme=answers[-1].text,
            )
        )
    return items


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.digest")
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--mentees", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--config", default=None, help="config folder (default: ./config)")
    args = parser.parse_args(argv)
    setup = load_setup(Path(args.config) if args.config else Path("config"))
    renderer = DigestRenderer(setup.catalogue, setup.flows, zone_name=setup.settings.timezone)
    items = synthetic_items(args.items, args.mentees)
    to = UserRef("telegram", "mentor")
    timings: list[float] = []
    messages = 0
    for _ in range(max(args.repeat, 1)):
        started = time.perf_counter()
        digest = build_digest("mentor", SLOT_AT, items)
        outbounds = renderer.render(
            digest, to=to, locale=setup.settings.locale, mentor_name="Mentor", has_buttons=True
        )
        timings.append(time.perf_counter() - started)
        messages = len(outbounds)
    best, worst = min(timings), max(timings)
    verdict = "ok" if worst <= TARGET_S else "SLOW"
    print(
        f"digest of {args.items} items from {args.mentees} mentees: {messages} messages; "
        f"best {best:.3f} s, worst {worst:.3f} s over {len(timings)} runs "
        f"(first run included; target <= {TARGET_S} s) {verdict}"
    )
    return 0 if worst <= TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
