"""The `cadre` command line: one entry point, one small function per subcommand.

Exit codes: 0 success, 1 a check found problems (config, flows, screening input),
2 usage errors (argparse), 3 the data folder is busy or unreadable.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from pathlib import Path

from bot.app import (
    Setup,
    build_screener,
    default_config_dir,
    default_data_dir,
    load_setup,
    open_store,
    parse_local_time,
)
from bot.errors import ChannelError, ConfigError, StoreError
from bot.ports import Clock, Store
from bot.runtime.clock import OffsetClock, SystemClock


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
    parser.add_argument("-v", "--verbose", action="store_true", help="log ids and counts")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--config", type=Path, default=argparse.SUPPRESS)
        p.add_argument("--data", type=Path, default=argparse.SUPPRESS)
        return p

    console = common(sub.add_parser("console", help="chat as a mentee in the terminal"))
    console.add_argument("--at", help="start the clock at this local time, e.g. 2026-11-21T20:00")
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
    check.add_argument("--locale", default=None, help="report language (fr, en)")

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
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    config_dir, data_dir = _dirs(args)
    try:
        return _run(args, config_dir, data_dir)
    except ConfigError as error:
        print(f"{len(error.problems)} problem(s):", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except ChannelError as error:
        print(str(error), file=sys.stderr)
        return 2
    except StoreError as error:
        print(str(error), file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130


def _run(args: argparse.Namespace, config_dir: Path, data_dir: Path) -> int:
    command = args.command
    if command == "config":
        setup = load_setup(config_dir)
        print(setup.catalogue.text("cli.config_ok", None, path=str(config_dir)))
        return 0
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
        print(mermaid(setup.flows[flow_id]))
        return 0
    if command == "keygen":
        from bot.cli.commands.privacy import run_keygen

        return run_keygen(sys.stdout)
    setup = load_setup(config_dir)
    if command == "check":
        from bot.screening.check_report import run_check

        locale = setup.catalogue.resolve_locale(args.locale or setup.settings.locale)
        from bot.screening import ScreeningEngine

        screener = build_screener(setup.settings)
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
    if command == "invite":
        from bot.cli.commands.invite import run_invite

        return _with_store(
            data_dir,
            lambda store: run_invite(
                setup, store, SystemClock(), alias=args.alias, mentor=args.mentor, stdout=sys.stdout
            ),
        )
    if command in ("programme", "report", "review"):
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
    if command in ("export", "erase", "hold", "audit", "purge"):
        return _with_store(data_dir, lambda store: _privacy(args, setup, store, data_dir))
    if command == "digest":
        from bot.cli.commands.digest import run_digest_preview

        return _with_store(
            data_dir,
            lambda store: run_digest_preview(
                setup, store, at=_instant(args, setup), mentor=args.mentor, stdout=sys.stdout
            ),
        )
    if command == "outbox":
        from bot.cli.commands.outbox import run_outbox

        return _with_store(
            data_dir, lambda store: run_outbox(setup, store, stdout=sys.stdout, include_sent=args.all)
        )
    if command == "bench":
        from bot.cli.commands.bench import run_bench_command

        return run_bench_command(args, setup)
    if command == "run":
        from bot.runtime.environment import RunEnvironment
        from bot.runtime.service import run_service

        env = RunEnvironment.from_mapping(os.environ)
        return _with_store(
            data_dir, lambda store: run_service(setup, store, SystemClock(), env, stdout=sys.stdout)
        )
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
            ),
        )
    raise AssertionError(f"unhandled command {command}")


async def _privacy(args: argparse.Namespace, setup: Setup, store: Store, data_dir: Path) -> int:
    from bot.cli.commands import privacy as privacy_commands
    from bot.runtime.journey import open_journey_store

    command, clock = args.command, SystemClock()
    journey = open_journey_store(data_dir, store)
    if command == "export":
        return await privacy_commands.run_export(
            setup,
            store,
            clock,
            alias=args.alias,
            out_dir=args.out or data_dir / "exports",
            stdout=sys.stdout,
            journey=journey,
        )
    if command == "hold":
        return await privacy_commands.run_hold(
            setup, store, clock, alias=args.alias, is_released=args.release, stdout=sys.stdout
        )
    if command == "audit":
        return await privacy_commands.run_audit(setup, store, clock, since=args.since, stdout=sys.stdout)
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
            stdout=sys.stdout,
            on_erased=on_erased,
            journey=journey,
        )
    return await privacy_commands.run_purge(
        setup, store, clock, stdout=sys.stdout, on_erased=on_erased, journey=journey
    )


def _with_store(data_dir: Path, work: Callable[[Store], Awaitable[int]]) -> int:
    """Open the data folder for the length of one command, and release its lock after."""

    async def run() -> int:
        store = await open_store(data_dir)
        try:
            return await work(store)
        finally:
            await store.close()

    return asyncio.run(run())


if __name__ == "__main__":
    raise SystemExit(main())
