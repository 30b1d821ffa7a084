"""The `cadre` command line: one entry point and a registry of commands.

Each command is a module of `bot.cli.commands` whose `register(sub, common)` adds its
parser and names its handler (`set_defaults(handler=…)`, see `bot.cli.registry`); this
module parses and calls it. Which commands are operator commands (forwarded to a running
service) and which only read is said where each command registers, and derived here.

Exit codes: 0 success, 1 a check found problems (config, flows, screening input),
2 usage errors (argparse) and an environment that asks for what is missing (no
CADRE_DATABASE_URL for `db`, the `postgres` extra not installed), 3 the data folder is
busy or unreadable.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.app import Setup
from bot.cli.commands import (
    audit,
    bench,
    check,
    config,
    console,
    db,
    digest,
    encrypt,
    erase,
    export,
    flows,
    hold,
    hours,
    invite,
    keygen,
    outbox,
    programme,
    purge,
    repair,
    report,
    review,
    run,
    screening,
)
from bot.cli.commands.config_check import coach_locale, problem_catalogue
from bot.cli.registry import AdminHandler, Handler, Invocation, Operation, OperatorCall, given_text
from bot.errors import ChannelError, ConfigError, MissingExtraError, StoreBusyError, StoreError
from bot.ports import Clock, Store

COMMANDS = (
    console,
    check,
    screening,
    hours,
    config,
    flows,
    run,
    invite,
    export,
    erase,
    hold,
    audit,
    purge,
    repair,
    keygen,
    encrypt,
    digest,
    outbox,
    db,
    programme,
    report,
    review,
    bench,
)
"""Every command module, in the order `cadre --help` lists them."""

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

    for command in COMMANDS:
        command.register(sub, common)
    return parser


def _commands() -> dict[str, argparse.ArgumentParser]:
    """Each command's parser, by name, as registered."""
    parser = _parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


_REGISTERED = _commands()

OPERATOR_COMMANDS = frozenset(n for n, p in _REGISTERED.items() if p.get_default("operation") is not None)
"""Commands that work on the data folder while `cadre run` holds it (through its admin socket)."""

READ_ONLY_COMMANDS = frozenset(n for n, p in _REGISTERED.items() if p.get_default("is_read_only"))
"""Commands that only look: beside a console (no admin socket) they read without the lock."""

_CONVERSATIONS = frozenset(n for n, p in _REGISTERED.items() if p.get_default("is_conversation"))
"""Commands whose screen is a conversation: no log line on it unless asked for (-v)."""


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:  # `cadre` alone: what it can do, not an error
        parser.print_help()
        return 0
    _configure_logging(args)
    invocation = Invocation.of(args, argv, admin_handler=operator_handler)
    config_dir = invocation.config_dir
    try:
        handler: Handler = args.handler
        code = handler(invocation)
        sys.stdout.flush()  # a reader gone away shows here, not in Python's flush at exit
        return code
    except ConfigError as error:
        from bot.cli.commands.config_check import report_problems

        report_problems(error, config_dir, sys.stderr)
        return 1
    except MissingExtraError as error:
        catalogue = problem_catalogue(config_dir)
        print(
            catalogue.text(
                "cli.missing_extra", coach_locale(config_dir), extra=error.extra, module=error.module
            ),
            file=sys.stderr,
        )
        return 2
    except ChannelError as error:
        if error.key is None:
            print(str(error), file=sys.stderr)
        else:
            text = problem_catalogue(config_dir).text(error.key, coach_locale(config_dir), **error.params)
            print(text, file=sys.stderr)
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
        from bot.cli.store_errors import store_error_text

        text = store_error_text(error, problem_catalogue(config_dir), coach_locale(config_dir))
        print(text, file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return SIGPIPE_EXIT


#: What a shell reports for a command whose reader went away (128 + SIGPIPE).
SIGPIPE_EXIT = 141


def _quiet_stdout() -> None:
    """The reader of stdout left (`cadre console … | head`): nothing more can be shown, and
    Python's own flush at exit would fail again with a traceback. Point stdout at devnull
    instead, as the Python documentation advises for SIGPIPE."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (a test's capture): nothing will flush it at exit


def _configure_logging(args: argparse.Namespace) -> None:
    """Where log lines go: a file (--log-file), stderr (-v, or a service's warnings), or
    nowhere: the console is a conversation, and its screen shows the bot's words only.

    Asking for logs (-v or --log-file) means Cadre's own lines from INFO up: ids, references
    and counts, never contents. The state machine library's per-transition INFO lines say
    nothing those do not, and are kept to its warnings.
    """
    log_format = "%(asctime)s %(levelname)s %(name)s %(message)s"
    is_asked = args.verbose or args.log_file is not None
    level = logging.INFO if is_asked else logging.WARNING
    logging.getLogger("transitions").setLevel(logging.WARNING)
    if args.log_file is not None:
        logging.basicConfig(
            level=level, format=log_format, filename=args.log_file, encoding="utf-8", force=True
        )
    elif args.verbose or args.command not in _CONVERSATIONS:
        logging.basicConfig(level=level, format=log_format, force=True)
    else:
        logging.basicConfig(handlers=[logging.NullHandler()], force=True)


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
    stdin: TextIO | None = None,
) -> int:
    """One operator command on an open store: the CLI's own process, or the running service
    (which passes its own journey store, so one process never has two over the same files,
    and the text the operator's side read for the command)."""
    operation: Operation = args.operation
    call = OperatorCall(
        args, setup, store, data_dir, clock, stdout, journey=journey, stdin=stdin or io.StringIO()
    )
    return await operation(call)


def operator_handler(
    setup: Setup, store: Store, data_dir: Path, clock: Clock, *, journey: JourneyStore | None = None
) -> AdminHandler:
    """What the running service does with a command from its admin socket."""

    async def handle(argv: list[str], text: str) -> tuple[int, str]:
        output = io.StringIO()
        try:
            args = parse_operator_command(argv)
        except SystemExit:
            return 2, f"not an operator command: cadre {' '.join(argv[:1])}\n"
        given_text(args)  # read on the operator's side, sent as `text`
        try:
            code = await run_operator_command(
                args, setup, store, data_dir, clock, output, journey=journey, stdin=io.StringIO(text)
            )
        except ConfigError as error:
            # The coach reads them as on their own terminal: in the configured language.
            from bot.cli.commands.config_check import in_file_order, render_problem

            locale = setup.settings.locale
            lines = [setup.catalogue.text("cli.problems", locale, count=len(error.problems))]
            lines += [
                f"  {render_problem(p, setup.catalogue, locale)}" for p in in_file_order(error.problems)
            ]
            return 1, output.getvalue() + "\n".join(lines) + "\n"
        except StoreError as error:
            from bot.cli.store_errors import store_error_text

            text = store_error_text(error, setup.catalogue, setup.settings.locale)
            return 3, output.getvalue() + text + "\n"
        return code, output.getvalue()

    return handle


if __name__ == "__main__":
    raise SystemExit(main())
