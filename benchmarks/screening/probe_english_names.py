"""Probe of persons in English text: names from many name pools, in frames of workplace talk.

    python -m benchmarks.screening.probe_english_names [--pool P] [--frame F] [--explain] [--limit N]

The held-out sets find fewer English persons than French ones (down to 81 % on one set).
This probe draws names from Faker's person providers, seeded, for the pools English-writing
mentees come from (US, UK, Ireland, India, Pakistan, Nigeria in English, Yoruba, Igbo and
Hausa, Ghana, Kenya, Swahili, South Africa, China romanised, Poland), plus the US first
names that are also English words (a data filter: Faker's en_US first names that the
screening's English word list holds, "Faith", "Mark"), sets them in frames written for
this probe (speech, lists, "X and I", "me and X", possessives, titles, lower case) and
counts the sentences whose every name is found as a person. The clean side is the same
frames with a role instead of the name ("my manager"): any finding there is a false
alarm. It measures coverage of name pools and frames, not real messages: the held-out
sets stay the measure.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import defaultdict
from dataclasses import dataclass

from bot.screening.engine import ScreeningEngine

# {F} a first name, {L} a surname, {N} first name and surname; {f} a first name typed in
# lower case; {F2}, {F3} more first names. A frame's clean twin puts a role in each slot.
FRAMES: dict[str, tuple[str, ...]] = {
    "subject": (
        "{F} keeps interrupting me in the weekly meetings.",
        "Honestly {F} has been really distant since the reorg.",
        "Yesterday {F} took credit for my slides in front of the director.",
    ),
    "object": (
        "I had a tough one-to-one with {F} this morning.",
        "Can you help me prepare some feedback for {N} before Friday?",
        "I don't know how to push back on {F} without sounding rude.",
    ),
    "full-name": (
        "{N} from accounts keeps copying my boss on every email.",
        "I've been asked to mentor {N} for the next six months.",
    ),
    "title": (
        "Mr {L} wants the figures by the end of the day.",
        "Dr {L} signed off my return-to-work plan.",
        "I finally spoke to Ms {L} about the pay gap.",
    ),
    "speech": (
        "I asked {F} about the budget and got no answer.",
        "My manager told {F} about the promotion before telling me.",
        "According to {F}, the project is back on track.",
    ),
    "pair": (
        "{F} and I both applied for the team lead role.",
        "Me and {F} have been covering the late shift for weeks.",
        "It's always {F} and me who stay late on Fridays.",
    ),
    "possessive": (
        "{F}'s team missed the deadline again and we got the blame.",
        "I'm moving into {F}'s old role after the summer.",
    ),
    "list": (
        "We met with {F}, {F2} and {F3} to plan the handover.",
        "The rota puts {F}, {F2} and me on weekends again.",
    ),
    "lower-case": (
        "{f} said the budget is frozen until next year",
        "ugh {f} cancelled our catch up again",
        "i told {f} i cant take on another project",
    ),
}
ROLES = (
    "my manager",
    "the new hire",
    "our team lead",
    "a colleague",
    "the client",
    "my supervisor",
    "the intern",
    "our director",
)
TITLED_ROLES = ("the director", "the head of HR", "the supervisor", "the manager")

_LOCALES: dict[str, str] = {
    "us": "en_US",
    "uk": "en_GB",
    "ireland": "en_IE",
    "india": "en_IN",
    "pakistan": "en_PK",
    "nigeria": "en_NG",
    "yoruba": "yo_NG",
    "igbo": "ig_NG",
    "hausa": "ha_NG",
    "ghana": "tw_GH",
    "kenya": "en_KE",
    "swahili": "sw",
    "zulu": "zu_ZA",
    "china": "zh_CN",
    "poland": "pl_PL",
}
_SLOT_RE = re.compile(r"\{(F2|F3|F|L|N|f)\}")


@dataclass(frozen=True)
class Case:
    pool: str
    frame: str
    text: str
    names: tuple[tuple[int, int], ...]  # spans that must be found as persons (empty: clean)


def _pool_names(pool: str, seed: int, count: int) -> list[tuple[str, str]]:
    """(first name, surname) pairs of one pool, seeded."""
    from faker import Faker

    if pool == "word-names":
        return _word_names(seed, count)
    fake = Faker(_LOCALES[pool])
    fake.seed_instance(seed)
    if pool == "china":
        return [(fake.first_romanized_name(), fake.last_romanized_name()) for _ in range(count)]
    return [(fake.first_name(), fake.last_name()) for _ in range(count)]


def _word_names(seed: int, count: int) -> list[tuple[str, str]]:
    """US first names that the English word list also holds ("Faith", "Mark"), with US
    surnames: chosen by the data, not by hand."""
    from faker import Faker
    from faker.providers.person.en_US import Provider

    from bot.screening.knowledge import knowledge

    k = knowledge()
    firsts = sorted({n for n in (*Provider.first_names_female, *Provider.first_names_male)})
    words = [n for n in firsts if k.folded_facts(n.lower()).is_lexicon_en]
    fake = Faker("en_US")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    return [(rng.choice(words), fake.last_name()) for _ in range(count)]


def _fill(frame: str, slots: dict[str, str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The frame with its slots filled, and the span of each slot."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    length = 0
    for m in _SLOT_RE.finditer(frame):
        literal = frame[pos : m.start()]
        out.append(literal)
        length += len(literal)
        value = slots[m.group(1)]
        spans.append((length, length + len(value)))
        out.append(value)
        length += len(value)
        pos = m.end()
    out.append(frame[pos:])
    text = "".join(out)
    return text, tuple(spans)


def _capital_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def cases(seed: int = 13, per_frame: int = 6) -> list[Case]:
    rng = random.Random(seed)
    out: list[Case] = []
    for pool in (*_LOCALES, "word-names"):
        people = _pool_names(pool, seed, 400)
        for family, frames in FRAMES.items():
            for frame in frames:
                for _ in range(per_frame):
                    (first, last), (f2, _l2), (f3, _l3) = rng.sample(people, 3)
                    slots = {
                        "F": first,
                        "L": last,
                        "N": f"{first} {last}",
                        "f": first.lower(),
                        "F2": f2,
                        "F3": f3,
                    }
                    text, spans = _fill(frame, slots)
                    out.append(Case(pool, family, text, spans))
    for family, frames in FRAMES.items():
        for frame in frames:
            for _ in range(per_frame):
                role = rng.choice(TITLED_ROLES if "{L}" in frame else ROLES)
                r2, r3 = rng.sample([r for r in ROLES if r != role], 2)
                slots = {"F": role, "L": role, "N": role, "f": role, "F2": r2, "F3": r3}
                title_free = re.sub(r"\b(?:Mr|Ms|Dr) \{L\}", "{L}", frame)
                text, _ = _fill(title_free, slots)
                out.append(Case("roles", family, _capital_first(text), ()))
    return out


def _found(case: Case, spans: list[tuple[int, int, str]]) -> bool:
    """Every name of the case overlaps a person finding."""
    return all(any(k == "person" and s < end and start < e for s, e, k in spans) for start, end in case.names)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pool", help="only this pool (or 'roles', the clean side)")
    parser.add_argument("--frame", help="only this frame family")
    parser.add_argument("--explain", action="store_true", help="print the misses and false alarms")
    parser.add_argument("--limit", type=int, default=20, help="cases printed per pool")
    args = parser.parse_args(argv)
    engine = ScreeningEngine(locale="en")
    by_pool: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_frame: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    shown: dict[str, int] = defaultdict(int)

    def keep(case: Case) -> bool:
        return (not args.pool or case.pool == args.pool) and (not args.frame or case.frame == args.frame)

    for case in filter(keep, cases()):
        findings = [(f.start, f.end, f.kind) for f in engine.screen(case.text)]
        good = not findings if not case.names else _found(case, findings)
        by_pool[case.pool][0] += 1
        by_pool[case.pool][1] += good
        if case.names:
            by_frame[case.frame][0] += 1
            by_frame[case.frame][1] += good
        if args.explain and not good and shown[case.pool] < args.limit:
            shown[case.pool] += 1
            found = "; ".join(f"{k}:{case.text[s:e]}" for s, e, k in findings)
            print(f"  {case.pool:10} {case.frame:10} {case.text}  -> {found or '-'}")
    names_n = sum(n for p, (n, _) in by_pool.items() if p != "roles")
    names_ok = sum(ok for p, (_, ok) in by_pool.items() if p != "roles")
    for pool, (n, ok) in sorted(by_pool.items()):
        label = "clean" if pool == "roles" else "found"
        share = 100 * (n - ok if pool == "roles" else ok) / max(1, n)
        print(
            f"{pool:11} {label} {ok if pool != 'roles' else n - ok:5} / {n:5}  {share:5.1f} %"
            + ("  (flagged)" if pool == "roles" else "")
        )
    for frame, (n, ok) in sorted(by_frame.items()):
        print(f"  frame {frame:11} found {ok:5} / {n:5}  {100 * ok / max(1, n):5.1f} %")
    print(f"all names   found {names_ok:5} / {names_n:5}  {100 * names_ok / max(1, names_n):5.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
