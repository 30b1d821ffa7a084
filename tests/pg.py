"""A real PostgreSQL for the suite: one server per run, one fresh database per test.

Loaded as a plugin by tests/conftest.py. The server is started by the suite itself from
the pgserver wheel (or Debian's binaries, see bot/storage/postgres/local.py); nothing is
mocked. The schema is applied once to a template database and every test gets a copy, so
a test never sees another's rows and never pays for the migrations.

A machine where PostgreSQL cannot start fails every test that needs it, loudly. Only a
developer may opt out, with CADRE_TEST_POSTGRES=skip, and then the summary says so in
capitals; under CI=true the opt-out is refused. The summary always ends with a line saying
on which stores the store tests ran.
"""

from __future__ import annotations

import itertools
import os
from collections import Counter
from collections.abc import Iterator

import pytest

from bot.errors import StoreError
from bot.storage.postgres.local import LocalPostgres

TEMPLATE = "cadre_template"
STORE_LABELS = {"memory": "memory", "tiny": "TinyDB", "postgres": "PostgreSQL"}

_outcomes: dict[str, Counter[str]] = {label: Counter() for label in STORE_LABELS.values()}
_kind_of: dict[str, str] = {}
_server_note: list[str] = []
_numbers = itertools.count(1)


def _is_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def _opted_out() -> bool:
    return os.environ.get("CADRE_TEST_POSTGRES", "").strip().lower() == "skip"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[LocalPostgres]:
    if _opted_out() and not _is_ci():
        _server_note.append("SKIPPED ON REQUEST (CADRE_TEST_POSTGRES=skip)")
        pytest.skip("PostgreSQL tests skipped on request (CADRE_TEST_POSTGRES=skip)")
    try:
        server = LocalPostgres(is_durable=False).start()
    except StoreError as exc:
        _server_note.append("COULD NOT START")
        pytest.fail(f"PostgreSQL could not start, so the PostgreSQL store is untested: {exc}", pytrace=False)
    _server_note.append(f"PostgreSQL {server.version} from the {server.binaries.origin}")
    try:
        yield server
    finally:
        server.remove()


@pytest.fixture(scope="session")
def postgres_template(postgres_server: LocalPostgres) -> str:
    """A database with the schema applied, copied for each test."""
    from bot.storage.postgres.schema import upgrade

    upgrade(postgres_server.create_database(TEMPLATE))
    return TEMPLATE


@pytest.fixture
def postgres_url(postgres_server: LocalPostgres, postgres_template: str) -> Iterator[str]:
    """A fresh database at the current schema version, dropped after the test."""
    name = f"t{os.getpid()}_{next(_numbers)}"
    url = postgres_server.create_database(name, template=postgres_template)
    try:
        yield url
    finally:
        postgres_server.drop_database(name)


@pytest.fixture
def empty_postgres_url(postgres_server: LocalPostgres) -> Iterator[str]:
    """A fresh database with no schema at all (migration tests)."""
    name = f"e{os.getpid()}_{next(_numbers)}"
    url = postgres_server.create_database(name)
    try:
        yield url
    finally:
        postgres_server.drop_database(name)


def _store_kind(item: pytest.Item) -> str | None:
    callspec = getattr(item, "callspec", None)
    if callspec is not None:
        for value in callspec.params.values():
            if isinstance(value, str) and value in STORE_LABELS:
                return STORE_LABELS[value]
    fixtures = getattr(item, "fixturenames", ())
    if "postgres_server" in fixtures:
        return STORE_LABELS["postgres"]
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        kind = _store_kind(item)
        if kind is not None:
            _kind_of[item.nodeid] = kind


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item) -> Iterator[None]:
    """The store a test ran on, and the server's note, travel with its report: with the
    tests spread over workers (pytest-xdist), the summary is written where no test ran."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    kind = _kind_of.get(item.nodeid)
    if kind is not None:
        report.user_properties.append(("store_kind", kind))
    if _server_note:
        report.user_properties.append(("store_server", _server_note[0]))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    properties = dict(report.user_properties)
    note = properties.get("store_server")
    if isinstance(note, str) and not _server_note:
        _server_note.append(note)
    kind = _kind_of.get(report.nodeid) or properties.get("store_kind")
    if not isinstance(kind, str):
        return
    if report.when == "call" or (report.when == "setup" and not report.passed):
        _outcomes[kind][report.outcome] += 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    parts = []
    for label, counts in _outcomes.items():
        if not sum(counts.values()):
            parts.append(f"{label}: none")
            continue
        shown = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
        parts.append(f"{label}: {shown}")
    note = f" [{_server_note[0]}]" if _server_note else ""
    terminalreporter.write_line(f"store tests ran on {'; '.join(parts)}{note}")
