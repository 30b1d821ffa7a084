"""The command registry: each `cadre` command is one module of `bot.cli.commands` that adds
its parser and names its handler (`set_defaults(handler=…)`); `bot.cli.main` only parses
and calls it.

Two kinds of handlers. A plain `Handler` gets the `Invocation` (arguments, folders,
streams) and returns the exit code. An operator command (`register_operator`) is an
`Operation` on an open store: the CLI runs it in its own process, or hands it to the
running service through its admin socket, so it works while `cadre run` holds the folder.
Command modules import what they run inside their handler, so `cadre hours` does not pay
for the journey's PDF library.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

from bot.app import Setup, default_config_dir, default_data_dir, load_setup, open_store, parse_local_time
from bot.errors import StoreBusyError
from bot.ports import Clock, Store
from bot.runtime.clock import OffsetClock, SystemClock

if TYPE_CHECKING:
    from bot.journey.ports import JourneyStore

    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    Subparsers = argparse._SubParsersAction
Common = Callable[[argparse.ArgumentParser], argparse.ArgumentParser]

AdminHandler = Callable[[list[str], str], Awaitable[tuple[int, str]]]
"""What the running service does with one command from its admin socket: (argv, text) → (code, output)."""


class AdminHandlerFactory(Protocol):
    """Builds the admin socket's handler. `bot.cli.main` knows every command and passes it in,
    so `cadre run` needs no import of the module that registers it."""

    def __call__(
        self, setup: Setup, store: Store, data_dir: Path, clock: Clock, *, journey: JourneyStore | None = None
    ) -> AdminHandler: ...


@dataclass(frozen=True)
class Invocation:
    """One run of one command: its arguments, folders and streams."""

    args: argparse.Namespace
    argv: tuple[str, ...]
    config_dir: Path
    data_dir: Path
    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    admin_handler: AdminHandlerFactory | None = None

    @classmethod
    def of(
        cls,
        args: argparse.Namespace,
        argv: Sequence[str],
        *,
        admin_handler: AdminHandlerFactory | None = None,
    ) -> Invocation:
        config_dir = args.config if getattr(args, "config", None) is not None else default_config_dir()
        data_dir = args.data if getattr(args, "data", None) is not None else default_data_dir()
        return cls(
            args=args, argv=tuple(argv), config_dir=config_dir, data_dir=data_dir, admin_handler=admin_handler
        )

    def setup(self) -> Setup:
        return load_setup(self.config_dir)

    def with_store(
        self,
        work: Callable[[Store], Awaitable[int]],
        *,
        read_only: bool = False,
        fall_back_to_read_only: bool = False,
    ) -> int:
        return with_store(
            self.data_dir, work, read_only=read_only, fall_back_to_read_only=fall_back_to_read_only
        )


@dataclass(frozen=True)
class OperatorCall:
    """An operator command on an open store: in the CLI's process or the running service."""

    args: argparse.Namespace
    setup: Setup
    store: Store
    data_dir: Path
    clock: Clock
    stdout: TextIO
    journey: JourneyStore | None = None
    """The running service's own journey store, so one process never has two over the
    same files; None in the CLI's process, which opens one on the folder."""
    stdin: TextIO = field(default_factory=io.StringIO)
    """The text a `takes_text` command was given (see `operator_text`), in either process."""

    def journey_store(self) -> JourneyStore:
        from bot.runtime.journey import open_journey_store

        return self.journey if self.journey is not None else open_journey_store(self.data_dir, self.store)


Handler = Callable[[Invocation], int]
Operation = Callable[[OperatorCall], Awaitable[int]]


#: `--at` of the journey's operator commands (programme, report, review).
AT_HELP = "act as at this local time, e.g. 2027-01-25T09:00, to rehearse the year (default: now)"


def clock_at(args: argparse.Namespace, setup: Setup) -> Clock:
    """`--at` (local time in the configured zone) starts a clock there; else the system's."""
    at_text = getattr(args, "at", None)
    if at_text:
        return OffsetClock(parse_local_time(at_text, setup.settings))
    return SystemClock()


def instant(args: argparse.Namespace, setup: Setup) -> datetime:
    """The instant a one-shot command looks at: `--at` itself, to the microsecond (a running
    clock started there would already be past it, and `digest --preview --at 08:00` would
    show the slot after 08:00's), else now."""
    at_text = getattr(args, "at", None)
    if at_text:
        return parse_local_time(at_text, setup.settings)
    return SystemClock().now()


def register(
    sub: Subparsers, common: Common, name: str, help_text: str, handler: Handler
) -> argparse.ArgumentParser:
    """A command with its own handler; returns its parser for the command's arguments."""
    parser = common(sub.add_parser(name, help=help_text))
    parser.set_defaults(handler=handler)
    return parser


def register_operator(
    sub: Subparsers,
    common: Common,
    name: str,
    help_text: str,
    operation: Operation,
    *,
    is_read_only: bool = False,
    may_read_only: bool = False,
) -> argparse.ArgumentParser:
    """An operator command. `is_read_only`: it only looks, so beside a console (no admin
    socket) it reads without the folder's lock. `may_read_only`: it takes the lock when
    free (and records itself), and reads only while another process writes."""
    parser = common(sub.add_parser(name, help=help_text))
    operator_defaults(parser, operation, is_read_only=is_read_only, may_read_only=may_read_only)
    return parser


def operator_defaults(
    parser: argparse.ArgumentParser,
    operation: Operation,
    *,
    is_read_only: bool = False,
    may_read_only: bool = False,
) -> None:
    """Make `parser`'s command an operator command (for a command with sub-actions, whose
    parser `register_operator` does not make)."""
    parser.set_defaults(
        handler=run_operator_here, operation=operation, is_read_only=is_read_only, may_read_only=may_read_only
    )


def operator_text(args: argparse.Namespace, stdin: TextIO) -> str:
    """The text an action that takes one (`takes_text`: a session note, a report) is given,
    read on the operator's side from its --file, else its stdin; "" for every other
    command. Read once, before the command goes anywhere: the running service never reads
    the operator's terminal or a path relative to the operator's folder."""
    if not getattr(args, "takes_text", False):
        return ""
    path: Path | None = args.file
    return path.read_text(encoding="utf-8") if path is not None else stdin.read()


def given_text(args: argparse.Namespace) -> None:
    """The text travels with the command (OperatorCall.stdin): its --file is not read again."""
    if getattr(args, "takes_text", False):
        args.file = None


def run_operator_here(invocation: Invocation) -> int:
    """Through the running service's admin socket when there is one, else on the folder."""
    from bot.runtime.admin import call_admin

    args = invocation.args
    text = operator_text(args, invocation.stdin)
    forwarded = call_admin(invocation.data_dir, list(invocation.argv), text)
    if forwarded is not None:  # a running service holds the folder: it runs the command
        code, output = forwarded
        invocation.stdout.write(output)
        return code
    given_text(args)
    setup = invocation.setup()

    async def work(store: Store) -> int:
        # `--at` (the journey's commands) rehearses a moment of the year on a folder no
        # service holds; a running service acts at its own time.
        clock = clock_at(args, setup)
        call = OperatorCall(
            args, setup, store, invocation.data_dir, clock, invocation.stdout, stdin=io.StringIO(text)
        )
        operation: Operation = args.operation
        return await operation(call)

    return invocation.with_store(work, read_only=args.is_read_only, fall_back_to_read_only=args.may_read_only)


def with_store(
    data_dir: Path,
    work: Callable[[Store], Awaitable[int]],
    *,
    read_only: bool = False,
    fall_back_to_read_only: bool = False,
) -> int:
    """Open the data folder for the length of one command, and release its lock after."""

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
