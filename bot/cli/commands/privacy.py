"""Operator commands on people's data: export, erase, legal hold, audit trail, purge, keygen.

An operator names people by alias, never by platform id. Every command that touches a
person's records, or reads the trail, appends an audit event with actor "operator": the
trail says who looked at what, not only who changed it.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import TextIO

from bot.app import Setup
from bot.cli.registry import OperatorCall
from bot.config.i18n import Quantity
from bot.domain import Mentee
from bot.journey.ports import JourneyStore
from bot.journey.retention import erase_journey, purge_journey
from bot.journey.rights import JourneyKept, export_section
from bot.ports import Clock, OnErased, Store, forget_nowhere
from bot.privacy.audit import AUDIT_LISTED, EXPORTED, OPERATOR, format_events, record
from bot.privacy.export import KeptElsewhere, build_export, find_by_alias
from bot.privacy.export_files import ExportFiles
from bot.privacy.retention import erase_person, purge, set_legal_hold
from bot.storage.crypto import generate_key


def channels_forgetter(call: OperatorCall) -> OnErased | None:
    """Erasure reaches every configured channel (WhatsApp's window marks): the channels the
    environment configures, built but never started. None, after saying why, when WhatsApp is
    only partly configured: nothing is erased rather than leaving a mark behind."""
    from bot.runtime.environment import RunEnvironment
    from bot.runtime.service import configured_forgetter

    env = RunEnvironment.from_mapping(os.environ)
    if env.whatsapp_missing:
        _say(
            call.setup, call.stdout, "privacy.cli.channels_half_set", missing=", ".join(env.whatsapp_missing)
        )
        return None
    return configured_forgetter(env, call.setup, store=call.store, clock=call.clock)


async def erasing(call: OperatorCall, erase: Callable[[OnErased, JourneyStore], Awaitable[int]]) -> int:
    """Run an erasing command (erase, purge) with the channels' forgetter and the journey's
    records; exit 2, erasing nothing, when the channels cannot all forget."""
    on_erased = channels_forgetter(call)
    if on_erased is None:
        return 2
    return await erase(on_erased, call.journey_store())


def _say(setup: Setup, stdout: TextIO, key: str, **params: object) -> None:
    stdout.write(setup.catalogue.text(key, setup.settings.locale, **params) + "\n")


async def _one(setup: Setup, store: Store, alias: str, stdout: TextIO) -> Mentee | None:
    """The single mentee with this alias; says why not otherwise (nothing is done then)."""
    found = await find_by_alias(store, alias)
    if not found:
        _say(setup, stdout, "privacy.cli.unknown_alias", alias=alias)
        return None
    if len(found) > 1:
        _say(setup, stdout, "privacy.cli.several", alias=alias, count=len(found))
        return None
    return found[0]


def _write_private(path: Path, content: bytes) -> None:
    """Owner-only from the first byte: an export holds everything about a person."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)


async def run_export(
    setup: Setup,
    store: Store,
    clock: Clock,
    *,
    alias: str,
    out_dir: Path,
    stdout: TextIO,
    journey: JourneyStore | None = None,
    is_clear_in_encrypted: bool = False,
) -> int:
    """`is_clear_in_encrypted`: the files would land in clear in a data folder encrypted at
    rest (CADRE_DATA_KEY set, no --out): refused, the operator names where they may go."""
    mentee = await _one(setup, store, alias, stdout)
    if mentee is None:
        return 1
    if is_clear_in_encrypted:
        _say(setup, stdout, "privacy.cli.export_needs_out", alias=mentee.alias)
        return 1
    now_at = clock.now()
    sections = []
    if journey is not None:
        records = await journey.records(mentee.alias)
        sections.append(
            export_section(records, catalogue=setup.catalogue, locale=mentee.locale, zone=setup.settings.zone)
        )
    bundle = await build_export(
        store,
        mentee,
        now_at=now_at,
        settings=setup.settings,
        catalogue=setup.catalogue,
        flows=setup.flows,
        sections=sections,
    )
    out_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    paths = []
    for attachment in bundle.attachments():
        path = out_dir / attachment.filename
        _write_private(path, attachment.content)
        paths.append(path)
    await record(store, at=now_at, actor=OPERATOR, action=EXPORTED, subject=mentee.alias)
    _say(
        setup, stdout, "privacy.cli.exported", alias=mentee.alias, json=str(paths[0]), markdown=str(paths[1])
    )
    return 0


async def run_erase(
    setup: Setup,
    store: Store,
    clock: Clock,
    *,
    alias: str,
    is_confirmed: bool,
    stdout: TextIO,
    on_erased: OnErased = forget_nowhere,
    journey: JourneyStore | None = None,
    exports_dir: Path | None = None,
) -> int:
    """`on_erased` forgets the person on every configured channel (their window marks);
    `journey` holds their programme, notes, reports and reviews, erased first; their export
    files in `exports_dir` (DATA/exports) go too."""
    mentee = await _one(setup, store, alias, stdout)
    if mentee is None:
        return 1
    if not is_confirmed:
        _say(setup, stdout, "privacy.cli.needs_yes", alias=mentee.alias)
        return 1
    if mentee.has_legal_hold:
        _say(setup, stdout, "privacy.cli.held", alias=mentee.alias)
        return 1
    if journey is not None:
        await erase_journey(journey, mentee.alias)
    await erase_person(
        store,
        mentee,
        actor=OPERATOR,
        now_at=clock.now(),
        on_erased=on_erased,
        elsewhere=(ExportFiles(exports_dir),) if exports_dir is not None else (),
    )
    _say(setup, stdout, "privacy.cli.erased", alias=mentee.alias)
    return 0


async def run_hold(
    setup: Setup, store: Store, clock: Clock, *, alias: str, is_released: bool, stdout: TextIO
) -> int:
    mentee = await _one(setup, store, alias, stdout)
    if mentee is None:
        return 1
    await set_legal_hold(store, mentee, is_held=not is_released, actor=OPERATOR, now_at=clock.now())
    _say(
        setup,
        stdout,
        "privacy.cli.hold_released" if is_released else "privacy.cli.hold_set",
        alias=mentee.alias,
    )
    return 0


def parse_since(text: str, setup: Setup) -> datetime | None:
    """'2026-11-01' (local midnight) or '2026-11-01T08:00' (local time); None if neither."""
    try:
        day = date.fromisoformat(text)
        return datetime.combine(day, time(0), tzinfo=setup.settings.zone)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=setup.settings.zone)


async def run_audit(setup: Setup, store: Store, clock: Clock, *, since: str | None, stdout: TextIO) -> int:
    since_at = None
    if since:
        since_at = parse_since(since, setup)
        if since_at is None:
            _say(setup, stdout, "privacy.cli.bad_since", since=since)
            return 1
    events = await store.audit_events(since_at)
    for line in format_events(events, setup.settings):
        stdout.write(line + "\n")
    if not events:
        _say(setup, stdout, "privacy.cli.audit_empty")
    if getattr(store, "is_read_only", False):
        _say(setup, stdout, "privacy.cli.audit_not_recorded")
        return 0
    await record(
        store,
        at=clock.now(),
        actor=OPERATOR,
        action=AUDIT_LISTED,
        subject="audit",
        since=since_at.isoformat() if since_at else "all",
        count=str(len(events)),
    )
    return 0


async def run_purge(
    setup: Setup,
    store: Store,
    clock: Clock,
    *,
    stdout: TextIO,
    on_erased: OnErased = forget_nowhere,
    journey: JourneyStore | None = None,
    exports_dir: Path | None = None,
) -> int:
    now_at = clock.now()
    elsewhere: tuple[KeptElsewhere, ...] = (
        (JourneyKept(journey, catalogue=setup.catalogue, zone=setup.settings.zone),)
        if journey is not None
        else ()
    )
    if exports_dir is not None:
        elsewhere += (ExportFiles(exports_dir),)
    report = await purge(store, setup.settings, now_at, on_erased=on_erased, elsewhere=elsewhere)
    if journey is not None:
        reports, reviews = await purge_journey(journey, setup.settings, now_at)
        _say(setup, stdout, "journey.cli.purged", reports=reports, reviews=reviews)
    _say(
        setup,
        stdout,
        "privacy.cli.purged",
        drafts=Quantity(report.drafts_removed, "privacy.cli.purged_drafts"),
        items=Quantity(report.items_redacted, "privacy.cli.purged_items"),
        people=Quantity(report.people_erased, "privacy.cli.purged_people"),
        held=Quantity(report.people_held, "privacy.cli.purged_held"),
        audit=Quantity(report.audit_removed, "privacy.cli.purged_audit"),
    )
    return 0


def run_keygen(stdout: TextIO) -> int:
    """Print a new master key; it is shown once and stored nowhere by Cadre."""
    stdout.write(generate_key() + "\n")
    return 0
