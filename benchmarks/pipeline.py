"""`cadre bench`: the whole mentee pipeline, measured on this machine, against a naive baseline.

Why a bench and not a profile: operators need to know that Cadre keeps up and loses
nothing as history grows, in figures they can reproduce. Simulated mentees write whole
questions (first contact, charter accepted, /nouvelle, four answers, a theme, send)
through the real engine, the real ScreeningEngine (spaCy fr_core_news_sm), the real
reading calendar and TinyStore on disk with durable writes (fsync of file and folder).
The channel is a fake that only collects what the engine says, so the figures are the
core's, not a platform's network.

Each population step pre-seeds `mentees` people with `ITEMS_PER_MENTEE` stored questions
each (mostly answered, some waiting), directly through the Store API and without fsync,
because the seeding is not what is measured. Then `questions` questions are written, the
mentees interleaved message by message as concurrent traffic would be. The same messages
then go through `BaselineTinyStore` (one TinyDB file, default JSONStorage) so the ratio
shows what the per-person layout buys.

Every call into the screener and the store is timed, so the cost of a message splits into
screening, storage and the rest (engine: flow machine, checks, catalogue, calendar).
Start-up is measured in fresh processes: `cadre console` until its first output and until
its first screened answer, and the resident memory once the French model has screened a
text.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import itertools
import math
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO, cast

from bot.app import Setup, build_engine, build_screener
from bot.core.flow.machine import SEND, STEP_CHOICE
from bot.core.onboarding import ACCEPT
from bot.domain import (
    Finding,
    Inbound,
    InboundKind,
    Item,
    ItemStatus,
    Mentee,
    Outbound,
    Reply,
    ReplyKind,
    StepAnswer,
    UserRef,
)
from bot.domain.ids import READABLE_ALPHABET
from bot.ports import Screener, Store
from bot.runtime.clock import ManualClock
from bot.storage.tiny import TinyStore

ITEMS_PER_MENTEE = 10
"""Stored history per pre-seeded mentee: 10 / 100 / 1,000 mentees hold 100 / 1,000 / 10,000 items."""

WAITING_SHARE = 10
"""One seeded item in WAITING_SHARE is still waiting for the mentor; the rest are answered."""

DEFAULT_STEPS = (10, 100, 1000)
QUICK_STEPS = (5, 20)
DEFAULT_QUESTIONS = 50
QUICK_QUESTIONS = 6
DEFAULT_BASELINE_QUESTIONS = 10
BASELINE_MESSAGES_BUDGET = 1000
"""The baseline writes at most this many questions divided by the population: at 10,000 items
each of its messages takes seconds, so one question is enough to show the ratio."""
CONCURRENT_WRITERS = 50
"""At most this many mentees write at once; smaller populations write several questions each."""

START_AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
"""Monday 10:00 in Paris: inside the default reading window, so no away notice."""

# Targets from issue 8, on a 2-core machine.
TARGET_RATE = 250.0
TARGET_P99_MS = 30.0
TARGET_GROWTH = 1.5
TARGET_RSS_MB = 250.0
# Issue 12 tightened the console's: first prompt within 1 s, first screened answer within 2 s.
TARGET_READY_S = 1.0
TARGET_SCREENED_S = 2.0

ANSWER_SETS: tuple[tuple[str, str, str, str], ...] = (
    (
        "Mon responsable change les priorités chaque semaine sans prévenir l'équipe.",
        "Ma crédibilité auprès de mes collaborateurs et la charge de travail.",
        "J'ai proposé un point hebdomadaire, accepté puis oublié.",
        "Comment obtenir des priorités stables sans paraître rigide ?",
    ),
    (
        "Je viens de prendre la direction d'un service où je suis la plus jeune.",
        "Mon autorité et la qualité des décisions que nous prenons ensemble.",
        "Des entretiens individuels avec chacun, plutôt bien reçus.",
        "Comment installer ma légitimité dans les trois prochains mois ?",
    ),
    (
        "Un projet transverse avance mal car deux directions se renvoient les décisions.",
        "Le budget de l'année et la motivation des équipes impliquées.",
        "Une note de cadrage envoyée aux deux directeurs, restée sans réponse.",
        "Comment débloquer l'arbitrage sans court-circuiter ma hiérarchie ?",
    ),
    (
        "Je dois annoncer une mauvaise nouvelle à mon équipe la semaine prochaine.",
        "La confiance que l'équipe m'accorde et la suite du projet.",
        "J'ai préparé un message écrit mais je ne suis pas à l'aise.",
        "Comment annoncer cette décision sans perdre l'adhésion du groupe ?",
    ),
    # Capitalised words mid-sentence make screening run the NER model (the costly path).
    (
        "Depuis la réunion du CODIR de lundi, mon équipe Marketing doute de la stratégie Digitale.",
        "Le lancement du produit en Europe et la relation avec la Direction Financière.",
        "J'ai présenté un plan sur Excel et organisé un atelier sur Teams, sans succès.",
        "Comment reprendre la main avant le Comité de Pilotage de septembre ?",
    ),
    (
        "Notre principal client a réduit ses commandes et la Direction Générale veut des résultats.",
        "La survie de notre activité et l'emploi de deux personnes de l'équipe.",
        "Un plan d'action présenté en COMEX, jugé trop prudent par la Direction.",
        "Comment défendre un rythme réaliste face à la Direction Générale ?",
    ),
)
THEMES = ("team", "hierarchy", "organisation", "self", "other")
GREETING = "Bonjour, j'aimerais poser une question."


# --------------------------------------------------------------------------- measuring
class Meter:
    """Seconds spent inside one dependency, and how many calls."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0
        self.by_name: dict[str, float] = {}

    def add(self, seconds: float, name: str = "") -> None:
        self.seconds += seconds
        self.calls += 1
        if name:
            self.by_name[name] = self.by_name.get(name, 0.0) + seconds


class TimedScreener:
    """A Screener that times the real one, so screening's share of a message is known."""

    def __init__(self, inner: Screener, meter: Meter) -> None:
        self._inner = inner
        self._meter = meter

    def screen(self, text: str) -> list[Finding]:
        start = time.perf_counter()
        try:
            return self._inner.screen(text)
        finally:
            self._meter.add(time.perf_counter() - start)


class TimedStore:
    """Times every Store method of the wrapped store; counts acknowledged submissions."""

    def __init__(self, inner: object, meter: Meter) -> None:
        self._inner = inner
        self._meter = meter
        self.submitted = 0

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._inner, name)
        if not callable(attribute):
            return attribute
        meter = self._meter

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            result = attribute(*args, **kwargs)
            if not inspect.isawaitable(result):
                meter.add(time.perf_counter() - start, name)
                return result

            async def awaited() -> Any:
                try:
                    return await result
                finally:
                    meter.add(time.perf_counter() - start, name)
                    if name == "submit_item":
                        self.submitted += 1

            return awaited()

        return timed


class CollectingChannel:
    """The fake channel: keeps what the engine says, sends nothing anywhere."""

    name = "bench"

    def __init__(self) -> None:
        self.sent = 0

    async def send(self, outbound: Outbound) -> str | None:
        self.sent += 1
        return outbound.key


def peak_rss_mb() -> float:
    """ru_maxrss of this process: kilobytes on Linux, bytes on macOS."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def disk_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value at or above `share` of the samples."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


@contextlib.contextmanager
def no_fsync() -> Iterator[None]:
    """Seeding only: history written before the measure needs no durability."""
    real = os.fsync
    os.fsync = lambda fd: None
    try:
        yield
    finally:
        os.fsync = real


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class StepResult:
    """One row of the table: one store at one population step."""

    store: str
    mentees: int
    stored_items: int
    questions: int
    acknowledged: int
    messages: int
    elapsed_s: float
    latencies_ms: tuple[float, ...]
    screening_s: float
    screening_calls: int
    storage_s: float
    storage_by_method: tuple[tuple[str, float], ...]
    disk_bytes: int
    peak_rss_mb: float

    @property
    def rate(self) -> float:
        return self.messages / self.elapsed_s if self.elapsed_s else 0.0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else 0.0

    @property
    def p99_ms(self) -> float:
        return percentile(self.latencies_ms, 0.99)

    @property
    def mean_ms(self) -> float:
        return statistics.fmean(self.latencies_ms) if self.latencies_ms else 0.0

    def share_ms(self, seconds: float) -> float:
        """Milliseconds per message spent in one part."""
        return seconds * 1000 / self.messages if self.messages else 0.0

    @property
    def engine_s(self) -> float:
        return max(0.0, sum(self.latencies_ms) / 1000 - self.screening_s - self.storage_s)


@dataclass(frozen=True)
class StartupResult:
    """Fresh-process figures: console start-up and the French model's memory."""

    ready_s: float | None
    first_screened_s: float | None
    model_load_s: float
    model_rss_mb: float
    model_peak_mb: float
    screen_ms: float


@dataclass
class BenchReport:
    steps: list[StepResult] = field(default_factory=list)
    startup: StartupResult | None = None
    seed_s: dict[tuple[str, int], float] = field(default_factory=dict)
    open_s: dict[tuple[str, int], float] = field(default_factory=dict)


@dataclass(frozen=True)
class BenchOptions:
    steps: tuple[int, ...] = DEFAULT_STEPS
    questions: int = DEFAULT_QUESTIONS
    baseline_questions: int = DEFAULT_BASELINE_QUESTIONS
    with_baseline: bool = True
    with_startup: bool = True
    work_dir: Path | None = None
    keep: bool = False

    @classmethod
    def quick(cls, **changes: Any) -> BenchOptions:
        return replace(
            cls(steps=QUICK_STEPS, questions=QUICK_QUESTIONS, baseline_questions=QUICK_QUESTIONS), **changes
        )


# --------------------------------------------------------------------------- the workload
def bench_user(index: int) -> UserRef:
    return UserRef("bench", f"m{index:05d}")


def seed_history(mentees: int, setup: Setup) -> tuple[list[Mentee], list[Item]]:
    """`mentees` people without consent yet, each with ITEMS_PER_MENTEE stored questions.

    Consent is left out so every writer goes through the charter, as on first contact.
    """
    rng = random.Random(mentees)
    mentor = setup.settings.mentors[0].id if setup.settings.mentors else "mentor"
    refs: set[str] = set()
    people: list[Mentee] = []
    items: list[Item] = []
    for index in range(mentees):
        user = bench_user(index)
        people.append(
            Mentee(
                user=user,
                alias=f"Bench {index}",
                mentor=mentor,
                locale=setup.settings.locale,
                enrolled_at=START_AT - timedelta(days=400),
            )
        )
        for number in range(ITEMS_PER_MENTEE):
            while (ref := "".join(rng.choice(READABLE_ALPHABET) for _ in range(4))) in refs:
                pass
            refs.add(ref)
            answers = ANSWER_SETS[(index + number) % len(ANSWER_SETS)]
            submitted_at = START_AT - timedelta(days=365 - number * 30, minutes=index)
            is_waiting = (index * ITEMS_PER_MENTEE + number) % WAITING_SHARE == 0
            replies = (
                ()
                if is_waiting
                else (
                    Reply(
                        ReplyKind.ANSWER,
                        "Merci pour cette question claire. Commencez par nommer le "
                        "problème devant les deux personnes, puis proposez un cadre simple.",
                        mentor,
                        submitted_at + timedelta(days=1),
                    ),
                )
            )
            items.append(
                Item(
                    id=f"seed{index:05d}{number:03d}",
                    ref=ref,
                    mentee=user,
                    alias=f"Bench {index}",
                    mentor=mentor,
                    flow="question",
                    answers=(
                        *(
                            StepAnswer(step, text)
                            for step, text in zip(
                                ("context", "stake", "tried", "question"), answers, strict=True
                            )
                        ),
                        StepAnswer("theme", THEMES[number % len(THEMES)]),
                    ),
                    submitted_at=submitted_at,
                    status=ItemStatus.WAITING if is_waiting else ItemStatus.ANSWERED,
                    theme=THEMES[number % len(THEMES)],
                    replies=replies,
                )
            )
    return people, items


def question_messages(
    user: UserRef, question: int, *, with_consent: bool, clock: Callable[[], datetime]
) -> list[Inbound]:
    """One whole question as a mentee sends it; ids unique per user and question."""
    answers = ANSWER_SETS[question % len(ANSWER_SETS)]
    prefix = f"bench:{user.id}:{question}"
    steps: list[tuple[InboundKind, str, str]] = []
    if with_consent:
        steps += [(InboundKind.TEXT, GREETING, ""), (InboundKind.CHOICE, "", ACCEPT)]
    steps.append((InboundKind.COMMAND, "nouvelle", ""))
    steps += [(InboundKind.TEXT, text, "") for text in answers]
    steps += [
        (InboundKind.CHOICE, "", STEP_CHOICE + THEMES[question % len(THEMES)]),
        (InboundKind.CHOICE, "", SEND),
    ]
    return [
        Inbound(
            user=user, message_id=f"{prefix}:{n}", kind=kind, received_at=clock(), text=text, payload=payload
        )
        for n, (kind, text, payload) in enumerate(steps)
    ]


async def _drive(
    engine_handle: Callable[[Inbound], Any],
    channel: CollectingChannel,
    rounds: list[list[list[Inbound]]],
    clock: ManualClock,
) -> list[float]:
    """Rounds of concurrent writers, interleaved one message each in turn; latency per message."""
    latencies: list[float] = []
    for writers in rounds:
        longest = max(len(messages) for messages in writers)
        for position in range(longest):
            for messages in writers:
                if position >= len(messages):
                    continue
                clock.advance(timedelta(milliseconds=200))
                inbound = replace(messages[position], received_at=clock.now())
                start = time.perf_counter()
                outbounds = await engine_handle(inbound)
                latencies.append((time.perf_counter() - start) * 1000)
                for outbound in outbounds:
                    await channel.send(outbound)
    return latencies


def _plan(mentees: int, questions: int, clock: ManualClock) -> list[list[list[Inbound]]]:
    """Questions spread over the population, CONCURRENT_WRITERS mentees at a time."""
    writers = min(mentees, CONCURRENT_WRITERS, questions)
    rounds: list[list[list[Inbound]]] = []
    consented: set[int] = set()
    done = 0
    while done < questions:
        batch: list[list[Inbound]] = []
        for _ in range(min(writers, questions - done)):
            index = done % mentees
            batch.append(
                question_messages(
                    bench_user(index), done, with_consent=index not in consented, clock=clock.now
                )
            )
            consented.add(index)
            done += 1
        rounds.append(batch)
    return rounds


async def _seed(store: TinyStore, people: list[Mentee], items: list[Item]) -> None:
    for mentee in people:
        await store.save_mentee(mentee)
    for item in items:
        await store.save_item(item)


def run_step(
    setup: Setup,
    screener: Screener,
    root: Path,
    *,
    store_kind: str,
    mentees: int,
    questions: int,
    report: BenchReport,
) -> StepResult:
    """Seed, then write `questions` whole questions; every figure of one table row."""
    from benchmarks.baseline import BaselineTinyStore
    from bot.storage import TinyStore

    folder = root / f"{store_kind}-{mentees}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)

    def open_store() -> TinyStore | BaselineTinyStore:
        return TinyStore(folder) if store_kind == "TinyStore" else BaselineTinyStore(folder)

    seed_start = time.perf_counter()
    seeding = open_store()
    try:
        people, items = seed_history(mentees, setup)
        with no_fsync():
            if isinstance(seeding, BaselineTinyStore):
                seeding.seed(people, items)
            else:
                asyncio.run(_seed(seeding, people, items))
    finally:
        seeding.release()
    report.seed_s[(store_kind, mentees)] = time.perf_counter() - seed_start
    # Flush the seeding's dirty pages now: otherwise the first measured fsyncs pay for
    # them (ext4 commits its journal, with pending data, on any fsync).
    os.sync()
    open_start = time.perf_counter()
    raw_store = open_store()
    report.open_s[(store_kind, mentees)] = time.perf_counter() - open_start
    try:
        storage_meter, screening_meter = Meter(), Meter()
        store = TimedStore(raw_store, storage_meter)
        clock = ManualClock(START_AT)
        engine = build_engine(
            setup, store=cast(Store, store), clock=clock, screener=TimedScreener(screener, screening_meter)
        )
        channel = CollectingChannel()
        rounds = _plan(mentees, questions, clock)
        started = time.perf_counter()
        latencies = asyncio.run(_drive(engine.handle, channel, rounds, clock))
        elapsed = time.perf_counter() - started
    finally:
        raw_store.release()
    return StepResult(
        store=store_kind,
        mentees=mentees,
        stored_items=mentees * ITEMS_PER_MENTEE,
        questions=questions,
        acknowledged=store.submitted,
        messages=len(latencies),
        elapsed_s=elapsed,
        latencies_ms=tuple(latencies),
        screening_s=screening_meter.seconds,
        screening_calls=screening_meter.calls,
        storage_s=storage_meter.seconds,
        storage_by_method=tuple(sorted(storage_meter.by_name.items(), key=lambda kv: -kv[1])),
        disk_bytes=disk_bytes(folder),
        peak_rss_mb=peak_rss_mb(),
    )


# --------------------------------------------------------------------------- start-up
_MODEL_PROBE = """
import os, resource, sys, time
start = time.perf_counter()
from bot.screening import ScreeningEngine
from bot.screening.names import load_model
engine = ScreeningEngine()
load_model()
loaded = time.perf_counter()
engine.screen("Mon responsable change les priorités chaque semaine sans prévenir.")
first = time.perf_counter()
for _ in range(50):
    engine.screen("Ma crédibilité auprès de mes collaborateurs et la charge de travail.")
done = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
peak_mb = peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
try:
    with open("/proc/self/statm") as statm:
        resident_mb = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
except OSError:
    resident_mb = peak_mb
print(loaded - start, (done - first) / 50 * 1000, resident_mb, peak_mb)
"""


def _bench_env() -> dict[str, str]:
    """The environment of a person's launch: no data key, and Python keeping its compiled
    modules (a shell or CI may turn that off; a person's machine keeps them after the first
    launch, which is the launch measured here, see measure_startup)."""
    env = dict(os.environ)
    env.pop("CADRE_DATA_KEY", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def measure_console(config_dir: Path, data_dir: Path, setup: Setup) -> tuple[float | None, float | None]:
    """Seconds from spawning `cadre console` to its first output, and to the screened answer.

    The scripted stdin accepts the charter, starts a question and gives the first answer;
    "first screened" is when the second step's prompt appears, i.e. after screening ran.
    """
    flow = setup.flows[setup.settings.flows.default]
    locale = setup.settings.locale
    second = flow.steps[1].prompt
    marker = setup.catalogue.text(second, locale) if setup.catalogue.has(second, locale) else second
    marker = marker.strip().splitlines()[0][:24]
    accept = setup.catalogue.text("core.charter_accept", locale)
    script = "\n".join([accept, "/nouvelle", ANSWER_SETS[0][0]]) + "\n"
    command = [
        sys.executable,
        "-m",
        "bot",
        "--config",
        str(config_dir),
        "--data",
        str(data_dir),
        "console",
        "--at",
        "2026-11-23T10:00",
    ]
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_bench_env()
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(script.encode("utf-8"))
    process.stdin.close()
    ready: float | None = None
    screened: float | None = None
    seen = b""
    try:
        while True:
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                break
            now = time.perf_counter() - start
            if ready is None:
                ready = now
            seen += chunk
            if screened is None and marker.encode("utf-8") in seen:
                screened = now
    finally:
        process.stdout.close()
        process.wait(timeout=120)
    return ready, screened


def measure_startup(config_dir: Path, work_dir: Path, setup: Setup) -> StartupResult:
    # A first launch, not measured, compiles Cadre's modules once as a person's first launch
    # does; the figures are those of every launch after it, in a fresh data folder.
    measure_console(config_dir, work_dir / "console-warm-up", setup)
    ready, screened = measure_console(config_dir, work_dir / "console-data", setup)
    probe = subprocess.run(
        [sys.executable, "-c", _MODEL_PROBE],
        capture_output=True,
        text=True,
        env=_bench_env(),
        timeout=300,
        check=True,
    )
    load_s, screen_ms, rss_mb, peak_mb = (float(v) for v in probe.stdout.split())
    return StartupResult(
        ready_s=ready,
        first_screened_s=screened,
        model_load_s=load_s,
        model_rss_mb=rss_mb,
        model_peak_mb=peak_mb,
        screen_ms=screen_ms,
    )


# --------------------------------------------------------------------------- running
def run_bench(setup: Setup, options: BenchOptions, *, progress: TextIO | None = None) -> BenchReport:
    """Every measurement of one run; the work folder is removed unless `keep`."""
    report = BenchReport()
    parent = options.work_dir if options.work_dir is not None else Path.cwd()
    parent.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix=".cadre-bench-", dir=parent))

    def say(text: str) -> None:
        if progress is not None:
            progress.write(text + "\n")
            progress.flush()

    try:
        say("loading the French model…")
        screener = build_screener(setup.settings)
        screener.screen("Mon responsable change les priorités chaque semaine.")
        kinds = ["TinyStore"] + (["baseline"] if options.with_baseline else [])
        for kind in kinds:
            for mentees in options.steps:
                questions = (
                    options.questions
                    if kind == "TinyStore"
                    else max(1, min(options.baseline_questions, BASELINE_MESSAGES_BUDGET // mentees))
                )
                say(
                    f"{kind}: {mentees} mentees, {mentees * ITEMS_PER_MENTEE} stored items, "
                    f"{questions} questions…"
                )
                report.steps.append(
                    run_step(
                        setup,
                        screener,
                        root,
                        store_kind=kind,
                        mentees=mentees,
                        questions=questions,
                        report=report,
                    )
                )
        if options.with_startup:
            say("start-up: cadre console and the French model in fresh processes…")
            report.startup = measure_startup(setup.config_dir, root, setup)
    finally:
        if options.keep:
            say(f"data kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return report


# --------------------------------------------------------------------------- the table
HEADER = (
    "store",
    "mentees",
    "items",
    "msgs",
    "msg/s",
    "median ms",
    "p99 ms",
    "screen ms",
    "store ms",
    "engine ms",
    "disk KB",
    "peak RSS MB",
)


def rows(report: BenchReport) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for step in report.steps:
        found.append(
            (
                step.store,
                str(step.mentees),
                str(step.stored_items),
                str(step.messages),
                f"{step.rate:.0f}",
                f"{step.median_ms:.2f}",
                f"{step.p99_ms:.2f}",
                f"{step.share_ms(step.screening_s):.2f}",
                f"{step.share_ms(step.storage_s):.2f}",
                f"{step.share_ms(step.engine_s):.2f}",
                f"{step.disk_bytes / 1024:.0f}",
                f"{step.peak_rss_mb:.0f}",
            )
        )
    return found


def _verdict(is_ok: bool) -> str:
    return "ok" if is_ok else "MISSED"


def format_report(report: BenchReport) -> str:
    """The table, then growth, baseline ratio, start-up and the targets."""
    table = [HEADER, *rows(report)]
    widths = [max(len(row[i]) for row in table) for i in range(len(HEADER))]
    lines = [
        "  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row))
        for row in table
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    lines.append(
        "ms per message = time inside engine.handle; screen/store/engine split it (engine = the rest)."
    )
    ours = [s for s in report.steps if s.store == "TinyStore"]
    base = {s.mentees: s for s in report.steps if s.store == "baseline"}
    for previous, current in itertools.pairwise(ours):
        growth = current.mean_ms / previous.mean_ms if previous.mean_ms else 0.0
        store_growth = (
            current.share_ms(current.storage_s) / previous.share_ms(previous.storage_s)
            if previous.storage_s
            else 0.0
        )
        lines.append(
            f"growth {previous.stored_items} -> {current.stored_items} items: "
            f"{growth:.2f}x per message (storage alone {store_growth:.2f}x)  "
            f"[target <= {TARGET_GROWTH}x: {_verdict(growth <= TARGET_GROWTH)}]"
        )
    for step in ours:
        other = base.get(step.mentees)
        if other is not None and step.mean_ms:
            lines.append(
                f"baseline / TinyStore at {step.stored_items} items: "
                f"{other.mean_ms / step.mean_ms:.1f}x the time per message "
                f"(storage {other.share_ms(other.storage_s):.2f} vs "
                f"{step.share_ms(step.storage_s):.2f} ms)"
            )
    if ours:
        worst_rate = min(s.rate for s in ours)
        worst_p99 = max(s.p99_ms for s in ours)
        lost = sum(s.questions - s.acknowledged for s in ours)
        lines.append(
            f"TinyStore: lowest rate {worst_rate:.0f} msg/s "
            f"[target >= {TARGET_RATE:.0f}: {_verdict(worst_rate >= TARGET_RATE)}], "
            f"highest p99 {worst_p99:.1f} ms "
            f"[target <= {TARGET_P99_MS:.0f}: {_verdict(worst_p99 <= TARGET_P99_MS)}], "
            f"questions not acknowledged: {lost}"
        )
        for step in ours:
            top = ", ".join(
                f"{name} {step.share_ms(seconds):.2f}" for name, seconds in step.storage_by_method[:4]
            )
            lines.append(f"storage at {step.stored_items} items, ms per message: {top}")
        calls = sum(s.screening_calls for s in ours)
        seconds = sum(s.screening_s for s in ours)
        if calls:
            lines.append(
                f"screening alone: {seconds * 1000 / calls:.2f} ms per screened text ({calls} texts)"
            )
    for (kind, mentees), seconds in sorted(report.seed_s.items()):
        opened = report.open_s.get((kind, mentees), 0.0)
        what = " (rebuilds its indexes from the person files)" if kind == "TinyStore" else ""
        lines.append(
            f"{kind} at {mentees * ITEMS_PER_MENTEE} items: opening the store{what} "
            f"{opened:.2f} s; seeding, not measured above, without fsync: {seconds:.1f} s"
        )
    startup = report.startup
    if startup is not None:
        ready = "n/a" if startup.ready_s is None else f"{startup.ready_s:.2f} s"
        screened = "n/a" if startup.first_screened_s is None else f"{startup.first_screened_s:.2f} s"
        is_ready_ok = startup.ready_s is not None and startup.ready_s <= TARGET_READY_S
        first = startup.first_screened_s
        is_screened_ok = first is not None and first <= TARGET_SCREENED_S
        lines.append(
            f"cadre console: ready (first output) {ready} "
            f"[target <= {TARGET_READY_S:.0f} s: {_verdict(is_ready_ok)}], "
            f"first answer screened {screened} "
            f"[target <= {TARGET_SCREENED_S:.0f} s: {_verdict(is_screened_ok)}]"
        )
        lines.append(
            f"French model: load {startup.model_load_s:.2f} s, "
            f"{startup.screen_ms:.2f} ms per screen of a plain sentence, "
            f"resident memory {startup.model_rss_mb:.0f} MB with the model loaded "
            f"[target <= {TARGET_RSS_MB:.0f} MB: "
            f"{_verdict(startup.model_rss_mb <= TARGET_RSS_MB)}], "
            f"peak {startup.model_peak_mb:.0f} MB while loading"
        )
    return "\n".join(lines)
