"""Composition root: the only place that knows every adapter and wires them to the core."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path

from bot.config.charter import load_charter
from bot.config.flows import FlowSpec, load_flows
from bot.config.i18n import Catalogue, load_catalogue
from bot.config.settings import WEEKDAYS, Settings, Weekday, flows_directory, load_settings
from bot.core.journey import JourneyHandler
from bot.core.router import Router
from bot.delivery.inbox import Inbox
from bot.delivery.outbox import OutboxWriter
from bot.errors import ConfigError, ConfigProblem, MissingExtraError, StoreError
from bot.ports import Clock, OnErased, ReplyOutbox, Screener, Store, forget_nowhere
from bot.privacy.export import KeptElsewhere
from bot.schedule.hours import Closure, ReadingCalendar, TimeRange
from bot.storage.tiny.check import RepairLog


def default_config_dir() -> Path:
    return Path(os.environ.get("CADRE_CONFIG_DIR", "config"))


def default_data_dir() -> Path:
    return Path(os.environ.get("CADRE_DATA_DIR", "data"))


@dataclass(frozen=True)
class Setup:
    """Everything loaded from the coach's files, validated once at start-up."""

    config_dir: Path
    settings: Settings
    catalogue: Catalogue
    flows: dict[str, FlowSpec]
    calendar: ReadingCalendar


def build_calendar(
    settings: Settings,
    hours: Mapping[Weekday, Sequence[tuple[time, time]]] | None = None,
    *,
    closures: bool = True,
) -> ReadingCalendar:
    """The mentor's reading calendar by default; given other weekly hours (the mentee's, for
    the journey), the same public holidays, and the coach's closures only when they apply."""
    weekly_hours = settings.hours if hours is None else hours
    weekly = {
        index: [TimeRange(start, end) for start, end in weekly_hours.get(day, ())]
        for index, day in enumerate(WEEKDAYS)
    }
    return ReadingCalendar(
        settings.timezone,
        weekly,
        holiday_country=settings.holidays.country,
        holiday_subdivision=settings.holidays.subdivision,
        closures=[Closure(c.first_day, c.last_day, c.label) for c in settings.closures] if closures else [],
    )


def load_setup(config_dir: Path) -> Setup:
    """Load settings, catalogues and flows, reporting every problem of every file at once."""
    problems: list[ConfigProblem] = []
    settings = catalogue = None
    flows: dict[str, FlowSpec] = {}
    try:
        settings = load_settings(config_dir)
    except ConfigError as error:
        problems += error.problems
    try:
        catalogue = load_catalogue(config_dir / "messages", settings.locale if settings else "fr")
    except ConfigError as error:
        problems += error.problems
    if settings is not None:
        try:
            flows = load_flows(flows_directory(settings, config_dir), catalogue)
        except ConfigError as error:
            problems += error.problems
        if flows and settings.flows.default not in flows:
            problems.append(
                ConfigProblem(
                    str(config_dir / "cadre.yaml"),
                    None,
                    "flows.default",
                    f"no flow has the id '{settings.flows.default}'",
                    f"write one of {', '.join(sorted(flows))}",
                    code="flow_default",
                    params=(("value", settings.flows.default), ("known", ", ".join(sorted(flows)))),
                )
            )
    if problems or settings is None or catalogue is None:
        raise ConfigError(problems)
    return Setup(config_dir, settings, catalogue, flows, build_calendar(settings))


def build_screener(settings: Settings, locale: str | None = None) -> Screener:
    from bot.screening import ScreeningEngine

    return ScreeningEngine(
        client_names=settings.screening.client_names,
        allow_words=settings.screening.allow_words,
        locale=locale or settings.locale,
    )


DATABASE_URL = "CADRE_DATABASE_URL"


def database_url() -> str | None:
    """CADRE_DATABASE_URL when set: PostgreSQL is then the store (docs/scaling.md)."""
    return os.environ.get(DATABASE_URL, "").strip() or None


def require_postgres() -> None:
    """psycopg comes with the `postgres` extra only: without it, CADRE_DATABASE_URL is
    answered with the pip command, not a traceback."""
    try:
        import psycopg  # noqa: F401
        import psycopg_pool  # noqa: F401
    except ImportError as error:
        raise MissingExtraError("postgres", error.name or "psycopg") from None


async def open_store(data_dir: Path, *, repair: RepairLog | None = None, read_only: bool = False) -> Store:
    """PostgreSQL when CADRE_DATABASE_URL is set, else the TinyDB data folder.

    Either way encrypted at rest when CADRE_DATA_KEY is set (see bot.storage.crypto). A
    database behind the code refuses to open and names `cadre db upgrade`. `read_only`: for
    commands that only look (previews, listings) while another process holds the folder.
    """
    url = database_url()
    if url is not None:
        require_postgres()
        from bot.storage.postgres.store import PostgresStore

        return await PostgresStore(url, data_key=os.environ.get("CADRE_DATA_KEY", "").strip() or None).open()
    return await open_folder(data_dir, repair=repair, read_only=read_only)


async def open_folder(data_dir: Path, *, repair: RepairLog | None = None, read_only: bool = False) -> Store:
    """The TinyDB data folder: encrypted at rest when CADRE_DATA_KEY is set, in clear otherwise.

    `repair` (from `cadre repair`) moves damaged files aside instead of refusing to open.
    """
    from bot.storage import TinyStore

    master_key = os.environ.get("CADRE_DATA_KEY", "").strip()
    if master_key:
        from bot.storage.crypto import open_encrypted_store

        return open_encrypted_store(data_dir, master_key, repair=repair, read_only=read_only)
    from bot.storage.crypto import KEYS_FILE

    if (data_dir / KEYS_FILE).exists():
        # Without this, the first encrypted file read would be reported as "not valid JSON".
        raise StoreError(
            f"the data folder {data_dir} is encrypted ({KEYS_FILE} is there) but CADRE_DATA_KEY "
            "is not set; set it to the key this folder was created with",
            code="key_missing",
            params={"folder": str(data_dir)},
        )
    return TinyStore(data_dir, repair=repair, read_only=read_only)


def open_inbox(store: Store, clock: Clock | None = None) -> Inbox:
    """The durable inbox beside the store: a TinyStore's folder (under its lock, with its
    shared cipher), or a PostgresStore's database (its pool and shared data key; `clock`
    dates its claims, the wall clock without one)."""
    from bot.storage import TinyStore
    from bot.storage.tiny.inbox import TinyInbox

    if isinstance(store, TinyStore):
        helpers = store.write_helpers  # the store's helper processes, when started
        write_many = helpers.write_many if helpers is not None else None
        return TinyInbox(store.root, cipher_for=store.cipher_for, write_many=write_many)
    from bot.storage.postgres.inbox import PostgresInbox  # psycopg: the optional extra
    from bot.storage.postgres.store import PostgresStore

    if isinstance(store, PostgresStore):
        return PostgresInbox(store, clock=clock)
    raise StoreError(f"no durable inbox for a {type(store).__name__}")


def exclusive_guard(store: Store) -> Callable[[str], Awaitable[bool]] | None:
    """What takes a right one process at a time may hold (Telegram long polling of a bot)
    when several processes share the store: a PostgresStore's session lock. None for a
    TinyDB folder or memory, which one process holds anyway."""
    try:
        from bot.storage.postgres.store import PostgresStore  # psycopg: the optional extra
    except ImportError:  # without psycopg there is no PostgresStore either
        return None
    return store.liveness.hold_exclusive if isinstance(store, PostgresStore) else None


def build_engine(
    setup: Setup,
    *,
    store: Store,
    clock: Clock,
    screener: Screener,
    on_erased: OnErased = forget_nowhere,
    journey: JourneyHandler | None = None,
    outbox: ReplyOutbox | None = None,
    kept: Sequence[KeptElsewhere] = (),
) -> Router:
    """The core: the router and every handler it dispatches to, each given what it needs.

    `journey`: the accompaniment's conversation side (bot.runtime.journey_chat builds it
    on the journey's records); without it, journey commands answer that no programme is
    declared. `outbox` writes the mentor's answers with their items (the service passes
    its Outbox; by default a writer on the same store, for the consoles and tests). `kept`:
    what else holds a mentee's data (the export files on disk), erased with them."""
    from bot.core.commands import CommandWords
    from bot.core.flow.runner import FlowRunner
    from bot.core.journey import NoJourney
    from bot.core.mentor.desk import MentorDesk
    from bot.core.onboarding import Onboarding
    from bot.core.reminders import Reminders
    from bot.core.rights import RightsDesk
    from bot.core.safety import SafetyRedirect, build_safety
    from bot.core.thread import ThreadView

    settings, catalogue = setup.settings, setup.catalogue
    journey_handler: JourneyHandler = journey if journey is not None else NoJourney()
    charter_dir = setup.config_dir / "charter"
    charter = load_charter(
        charter_dir if charter_dir.is_dir() else None,
        catalogue.locales,
        catalogue.resolve_locale(None),
    )
    commands = CommandWords(catalogue)
    runner = FlowRunner(
        flows=setup.flows,
        default_flow=settings.flows.default,
        catalogue=catalogue,
        store=store,
        clock=clock,
        screener=screener,
        calendar=setup.calendar,
    )
    return Router(
        store=store,
        clock=clock,
        calendar=setup.calendar,
        commands=commands,
        onboarding=Onboarding(
            settings=settings,
            catalogue=catalogue,
            commands=commands,
            store=store,
            clock=clock,
            charter=charter,
            on_erased=on_erased,
        ),
        flows=runner,
        desk=MentorDesk(
            settings=settings,
            catalogue=catalogue,
            flows=setup.flows,
            store=store,
            clock=clock,
            calendar=setup.calendar,
            screener=screener,
            journey=journey_handler,
            outbox=outbox if outbox is not None else OutboxWriter(store, clock),
        ),
        rights=RightsDesk(
            store=store,
            clock=clock,
            settings=settings,
            catalogue=catalogue,
            on_erased=on_erased,
            flows=setup.flows,
            elsewhere=(journey_handler, *kept),
        ),
        safety=SafetyRedirect(lexicon=build_safety(settings, catalogue), store=store, clock=clock),
        thread=ThreadView(store=store, flows=setup.flows, zone=settings.zone, clock=clock),
        reminders=Reminders(
            settings=settings,
            catalogue=catalogue,
            store=store,
            clock=clock,
            runner=runner,
            journey=journey_handler,
        ),
        journey=journey_handler,
    )


def parse_local_time(text: str, settings: Settings) -> datetime:
    """'2026-11-21T20:00' read as wall-clock time in the configured timezone."""
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ConfigError(
            [
                ConfigProblem(
                    "--at",
                    None,
                    "",
                    f"'{text}' is not a date and time",
                    'write e.g. "2026-11-21T20:00"',
                    code="at_datetime",
                    params=(("value", text),),
                )
            ]
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=settings.zone)
    return parsed
