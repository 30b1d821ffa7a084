"""The `cadre` command line: one entry point, one small function per subcommand.

Exit codes: 0 success, 1 a check found problems (config, flows, screening input),
2 usage errors (argparse), 3 the data folder is busy or unreadable.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import logging
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.app import (
    Setup,
    build_screener,
    default_config_dir,
    default_data_dir,
    load_setup,
    open_inbox,
    open_store,
    parse_local_time,
)
from bot.cli.commands.config_check import coach_locale, problem_catalogue
from bot.errors import ChannelError, ConfigError, StoreBusyError, StoreError
from bot.ports import Clock, Store
from bot.runtime.clock import OffsetClock, SystemClock

if TYPE_CHECKING:
    from bot.journey.ports import JourneyStore


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cadre",
        description=("Cadre: a messaging bot that frames asynchronous mentoring between sessions."),
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="configuration folder (default: $CADRE_CONFIG_DIR or ./config)",
    )
    parser.add_argument(
        "--data", type=Path, default=None, help="data folder (default: $CADRE_DATA_DIR or ./data)"
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log ids and counts on stderr (never message contents)"
    )
    parser.add_argument(
        "--log-file", type=Path, default=None, help="write the logs (ids and counts) to this file instead"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def common(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument(
            "--config",
            type=Path,
            default=argparse.SUPPRESS,
            help="configuration folder (default: $CADRE_CONFIG_DIR or ./config)",
        )
        p.add_argument(
            "--data",
            type=Path,
            default=argparse.SUPPRESS,
            help="data folder (default: $CADRE_DATA_DIR or ./data)",
        )
        return p

    console = common(sub.add_parser("console", help="chat as a mentee in the terminal"))
    console.add_argument("--at", help="start the clock at this local time, e.g. 2026-11-21T20:00")
    console.add_argument(
        "--invited",
        action="store_true",
        help="start as someone invited, not yet enrolled, to try an invitation code (cadre invite)",
    )
    console.add_argument(
        "--as",
        dest="role",
        choices=["mentee", "mentor"],
        default="mentee",
        help="play the mentee (default) or the mentor",
    )

    check = common(sub.add_parser("check", help="screen text on stdin for identifying data"))
    check.add_argument(
        "--jsonl", action="store_true", help='read {"id","text"} lines, write {"id","findings"} lines'
    )
    check.add_argument("--locale", default=None, help="language of the report and of the text (fr, en)")

    screening = sub.add_parser("screening", help="screening tools")
    screening_sub = screening.add_subparsers(dest="action", required=True, metavar="ACTION")
    common(
        screening_sub.add_parser("report", help="answers kept on a mentee's word, and their words (counts)")
    )

    hours = common(sub.add_parser("hours", help="is the reading window open, when it next opens"))
    hours.add_argument("--at", help="local time to ask about (default: now)")
    hours.add_argument("--json", action="store_true", help="print one JSON object")

    config = sub.add_parser("config", help="configuration tools")
    config_sub = config.add_subparsers(dest="action", required=True, metavar="ACTION")
    common(config_sub.add_parser("check", help="validate config/ and report every problem"))

    flows = sub.add_parser("flows", help="flow tools")
    flows_sub = flows.add_subparsers(dest="action", required=True, metavar="ACTION")
    common(flows_sub.add_parser("check", help="validate flows/ and report every problem"))
    graph = common(flows_sub.add_parser("graph", help="print a flow as a Mermaid diagram"))
    graph.add_argument("flow", nargs="?", default=None, help="flow id (default: the default flow)")

    common(sub.add_parser("run", help="start every channel configured in the environment"))

    invite = common(sub.add_parser("invite", help="create a single-use invitation"))
    invite.add_argument("--alias", required=True, help="the mentee's alias (never a real name)")
    invite.add_argument("--mentor", default=None, help="mentor id (default: the first mentor)")

    export = common(sub.add_parser("export", help="export everything kept about a mentee"))
    export.add_argument("--alias", required=True, help="the mentee's alias")
    export.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder for the JSON and Markdown files (default: DATA/exports)",
    )
    erase = common(sub.add_parser("erase", help="erase everything about a mentee (final)"))
    erase.add_argument("--alias", required=True, help="the mentee's alias")
    erase.add_argument("--yes", action="store_true", help="confirm: the erasure cannot be undone")
    hold = common(sub.add_parser("hold", help="place or release a legal hold on a mentee"))
    hold.add_argument("--alias", required=True, help="the mentee's alias")
    hold.add_argument("--release", action="store_true", help="release the hold")
    audit = common(sub.add_parser("audit", help="list the audit trail (ids only, no content)"))
    audit.add_argument("--since", default=None, help="from this local date, e.g. 2026-11-01")
    common(sub.add_parser("purge", help="apply the retention durations now"))
    common(
        sub.add_parser(
            "repair", help="move damaged data files aside, rebuild the indexes, report what was lost"
        )
    )
    sub.add_parser("keygen", help="print a new CADRE_DATA_KEY for encryption at rest")

    digest = common(sub.add_parser("digest", help="preview the digest each mentor would receive"))
    digest.add_argument(
        "--preview",
        action="store_true",
        required=True,
        help="print the next digest without sending or marking anything",
    )
    digest.add_argument("--at", help="local time to preview from (default: now)")
    digest.add_argument("--mentor", default=None, help="only this mentor id")
    outbox = common(sub.add_parser("outbox", help="list pending and failed messages (no text)"))
    outbox.add_argument("--all", action="store_true", help="include recently sent messages")

    from bot.cli.commands.db import add_db_arguments

    add_db_arguments(common(sub.add_parser("db", help="PostgreSQL: apply migrations, copy a data folder")))
    from bot.cli.commands.journey import add_journey_parsers

    add_journey_parsers(sub, common)

    from bot.cli.commands.bench import add_bench_arguments

    add_bench_arguments(
        common(
            sub.add_parser("bench", help="measure throughput, latency, memory and start-up on this machine")
        )
    )
    return parser


def _dirs(args: argparse.Namespace) -> tuple[Path, Path]:
    config_dir = args.config if args.config is not None else default_config_dir()
    data_dir = args.data if args.data is not None else default_data_dir()
    return config_dir, data_dir


def _clock_at(args: argparse.Namespace, setup: Setup) -> Clock:
    at_text = getattr(args, "at", None)
    if at_text:
        return OffsetClock(parse_local_time(at_text, setup.settings))
    return SystemClock()


def _instant(args: argparse.Namespace, setup: Setup) -> datetime:
    return _clock_at(args, setup).now()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:  # `cadre` alone: what it can do, not an error
        parser.print_help()
        return 0
    _configure_logging(args)
    config_dir, data_dir = _dirs(args)
    try:
        return _run(args, argv, config_dir, data_dir)
    except ConfigError as error:
        from bot.cli.commands.config_check import report_problems

        report_problems(error, config_dir, sys.stderr)
        return 1
    except ChannelError as error:
        print(str(error), file=sys.stderr)
        return 2
    except StoreBusyError as error:
        catalogue = problem_catalogue(config_dir)
        key = "cli.store_busy_pid" if error.pid else "cli.store_busy"
        print(
            catalogue.text(key, coach_locale(config_dir), folder=error.folder, pid=error.pid),
            file=sys.stderr,
        )
        return 3
    except StoreError as error:
        print(str(error), file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130


def _configure_logging(args: argparse.Namespace) -> None:
    """Where log lines go: a file (--log-file), stderr (-v, or a service's warnings), or
    nowhere: the console is a conversation, and its screen shows the bot's words only."""
    log_format = "%(asctime)s %(levelname)s %(name)s %(message)s"
    level = logging.INFO if args.verbose else logging.WARNING
    if args.log_file is not None:
        logging.basicConfig(level=level, format=log_format, filename=args.log_file, encoding="utf-8")
    elif args.verbose or args.command not in _CONVERSATIONS:
        logging.basicConfig(level=level, format=log_format)
    else:
        logging.basicConfig(handlers=[logging.NullHandler()])


#: Commands whose screen is a conversation: no log line on it unless asked for (-v).
_CONVERSATIONS = frozenset({"console"})


def _run(args: argparse.Namespace, argv: Sequence[str], config_dir: Path, data_dir: Path) -> int:
    command = args.command
    if command == "config":
        from bot.cli.commands.config_check import run_config_check

        return run_config_check(config_dir, stdout=sys.stdout, stderr=sys.stderr)
    if command == "flows":
        setup = load_setup(config_dir)
        if args.action == "check":
            print(setup.catalogue.text("cli.flows_ok", None, flows=", ".join(sorted(setup.flows))))
            return 0
        from bot.core.flow.machine import mermaid

        flow_id = args.flow or setup.settings.flows.default
        if flow_id not in setup.flows:
            print(f"unknown flow '{flow_id}'; known: {', '.join(sorted(setup.flows))}", file=sys.stderr)
            return 1
        flow = setup.flows[flow_id]
        flow_locale: str = setup.settings.locale

        def label(text: str) -> str:
            return setup.catalogue.text(text, flow_locale) if setup.catalogue.has(text, flow_locale) else text

        labels = {step.id: label(step.label) for step in flow.steps}
        print(mermaid(flow, labels))
        return 0
    if command == "keygen":
        from bot.cli.commands.privacy import run_keygen

        return run_keygen(sys.stdout)
    setup = load_setup(config_dir)
    if command == "check":
        from bot.screening.check_report import run_check

        locale = setup.catalogue.resolve_locale(args.locale or setup.settings.locale)
        from bot.screening import ScreeningEngine

        screener = build_screener(setup.settings, locale)
        assert isinstance(screener, ScreeningEngine)
        return run_check(
            sys.stdin, sys.stdout, jsonl=args.jsonl, engine=screener, catalogue=setup.catalogue, locale=locale
        )
    if command == "hours":
        from bot.cli.commands.hours import run_hours

        return run_hours(
            setup.calendar,
            _instant(args, setup),
            as_json=args.json,
            catalogue=setup.catalogue,
            locale=setup.catalogue.resolve_locale(setup.settings.locale),
            stdout=sys.stdout,
        )
    if command in OPERATOR_COMMANDS:
        from bot.runtime.admin import call_admin

        forwarded = call_admin(data_dir, list(argv))
        if forwarded is not None:  # a running service holds the folder: it runs the command
            code, output = forwarded
            sys.stdout.write(output)
            return code
        return _with_store(
            data_dir,
            lambda store: run_operator_command(args, setup, store, data_dir, SystemClock(), sys.stdout),
            read_only=command in READ_ONLY_COMMANDS,
            fall_back_to_read_only=command == "audit",
        )
    if command in ("programme", "report"):
        from bot.cli.commands.journey import run_journey
        from bot.runtime.journey import open_journey_store

        return _with_store(
            data_dir,
            lambda store: run_journey(
                args,
                setup,
                store,
                open_journey_store(data_dir, store),
                SystemClock(),
                build_screener(setup.settings),
                data_dir=data_dir,
            ),
        )
    if command == "screening":
        from bot.cli.commands.screening_report import run_screening_report

        return _with_store(data_dir, lambda store: run_screening_report(setup, store, stdout=sys.stdout))
    if command == "db":
        from bot.cli.commands.db import run_db

        return run_db(args, setup, stdout=sys.stdout, stderr=sys.stderr)
    if command == "repair":
        from bot.cli.commands.repair import run_repair

        return asyncio.run(run_repair(setup, data_dir, now_at=SystemClock().now(), stdout=sys.stdout))
    if command == "bench":
        from bot.cli.commands.bench import run_bench_command

        return run_bench_command(args, setup)
    if command == "run":
        from bot.runtime.environment import RunEnvironment
        from bot.runtime.service import run_service

        env = RunEnvironment.from_mapping(os.environ)

        from bot.runtime.isolation import open_isolation
        from bot.runtime.journey import open_journey_store

        async def serve(store: Store) -> int:
            inbox = open_inbox(store)
            journey = open_journey_store(data_dir, store)  # one for the jobs and the admin socket
            admin = operator_handler(setup, store, data_dir, SystemClock(), journey=journey)
            async with open_isolation() as isolation:
                return await run_service(
                    setup,
                    store,
                    SystemClock(),
                    env,
                    stdout=sys.stdout,
                    inbox=inbox,
                    admin=(data_dir, admin),
                    isolation=isolation,
                    journey=journey,
                    data_dir=data_dir,
                )

        return _with_store(data_dir, serve)
    if command == "console":
        from bot.cli.commands.console import is_terminal, run_console

        console_clock = _clock_at(args, setup)
        return _with_store(
            data_dir,
            lambda store: run_console(
                setup,
                store,
                console_clock,
                stdin=sys.stdin,
                stdout=sys.stdout,
                is_interactive=is_terminal(sys.stdin),
                data_dir=data_dir,
                is_encrypted=bool(os.environ.get("CADRE_DATA_KEY")),
                role=args.role,
                is_simulated=bool(args.at),
                is_invited=args.invited,
            ),
        )
    raise AssertionError(f"unhandled command {command}")


OPERATOR_COMMANDS = frozenset(
    {"invite", "export", "erase", "hold", "audit", "purge", "digest", "outbox", "review"}
)
"""Commands that work on the data folder while `cadre run` holds it (through its admin socket)."""

READ_ONLY_COMMANDS = frozenset({"digest", "outbox"})
"""Commands that only look: beside a console (no admin socket) they read without the lock."""


def parse_operator_command(argv: Sequence[str]) -> argparse.Namespace:
    """The parsed arguments of one operator command; SystemExit on bad usage, as on the CLI."""
    args = _parser().parse_args(argv)
    if args.command not in OPERATOR_COMMANDS:
        raise SystemExit(2)
    return args


async def run_operator_command(
    args: argparse.Namespace,
    setup: Setup,
    store: Store,
    data_dir: Path,
    clock: Clock,
    stdout: TextIO,
    *,
    journey: JourneyStore | None = None,
) -> int:
    """One operator command on an open store: the CLI's own process, or the running service
    (which passes its own journey store, so one process never has two over the same files)."""
    command = args.command
    if command == "invite":
        from bot.cli.commands.invite import run_invite

        return await run_invite(setup, store, clock, alias=args.alias, mentor=args.mentor, stdout=stdout)
    if command == "digest":
        from bot.cli.commands.digest import ALL_CHANNELS, run_digest_preview
        from bot.runtime.journey import build_journey_desk, open_journey_store
        from bot.runtime.journey_jobs import JourneyJobs

        lines = JourneyJobs(  # the journey's lines and agendas, read only
            desk=build_journey_desk(
                setup,
                store=store,
                journey=journey if journey is not None else open_journey_store(data_dir, store),
                screener=build_screener(setup.settings),
            ),
            store=store,
            channels=ALL_CHANNELS,
            reviews_dir=data_dir / "reviews",
        )
        return await run_digest_preview(
            setup, store, at=_instant(args, setup), mentor=args.mentor, stdout=stdout, journey=lines
        )
    if command == "outbox":
        from bot.cli.commands.outbox import run_outbox

        return await run_outbox(setup, store, stdout=stdout, include_sent=args.all)
    from bot.cli.commands import privacy as privacy_commands
    from bot.runtime.journey import open_journey_store

    journey = journey if journey is not None else open_journey_store(data_dir, store)
    if command == "review":
        from bot.cli.commands.journey import run_journey

        return await run_journey(
            args,
            setup,
            store,
            journey,
            clock,
            build_screener(setup.settings),
            data_dir=data_dir,
            stdin=io.StringIO(),
            stdout=stdout,
        )
    if command == "export":
        return await privacy_commands.run_export(
            setup,
            store,
            clock,
            alias=args.alias,
            out_dir=args.out or data_dir / "exports",
            stdout=stdout,
            journey=journey,
        )
    if command == "hold":
        return await privacy_commands.run_hold(
            setup, store, clock, alias=args.alias, is_released=args.release, stdout=stdout
        )
    if command == "audit":
        return await privacy_commands.run_audit(setup, store, clock, since=args.since, stdout=stdout)
    # Erasure reaches every configured channel too (e.g. WhatsApp's window marks).
    from bot.runtime.environment import RunEnvironment
    from bot.runtime.service import configured_forgetter

    on_erased = configured_forgetter(RunEnvironment.from_mapping(os.environ), setup, store=store, clock=clock)
    if command == "erase":
        return await privacy_commands.run_erase(
            setup,
            store,
            clock,
            alias=args.alias,
            is_confirmed=args.yes,
            stdout=stdout,
            on_erased=on_erased,
            journey=journey,
        )
    return await privacy_commands.run_purge(
        setup, store, clock, stdout=stdout, on_erased=on_erased, journey=journey
    )


def operator_handler(
    setup: Setup, store: Store, data_dir: Path, clock: Clock, *, journey: JourneyStore | None = None
) -> Callable[[list[str]], Awaitable[tuple[int, str]]]:
    """What the running service does with a command from its admin socket."""

    async def handle(argv: list[str]) -> tuple[int, str]:
        output = io.StringIO()
        try:
            args = parse_operator_command(argv)
        except SystemExit:
            return 2, f"not an operator command: cadre {' '.join(argv[:1])}\n"
        try:
            code = await run_operator_command(args, setup, store, data_dir, clock, output, journey=journey)
        except ConfigError as error:
            return 1, output.getvalue() + "\n".join(str(p) for p in error.problems) + "\n"
        except StoreError as error:
            return 3, output.getvalue() + str(error) + "\n"
        return code, output.getvalue()

    return handle


def _with_store(
    data_dir: Path,
    work: Callable[[Store], Awaitable[int]],
    *,
    read_only: bool = False,
    fall_back_to_read_only: bool = False,
) -> int:
    """Open the data folder for the length of one command, and release its lock after.

    `read_only`: commands that only look work while another process holds the folder.
    `fall_back_to_read_only`: take the lock when free (the audit listing is then itself
    recorded), read only while another process writes."""

    async def run() -> int:
        try:
            store = await open_store(data_dir, read_only=read_only)
        except StoreBusyError:
            if not fall_back_to_read_only:
                raise
            store = await open_store(data_dir, read_only=True)
        try:
            return await work(store)
        finally:
            await store.close()

    return asyncio.run(run())


if __name__ == "__main__":
    raise SystemExit(main())
