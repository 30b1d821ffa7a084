"""One exception tree, so callers can catch Cadre's own failures without catching bugs.

    CadreError
    ├── ConfigError          a coach file is wrong; carries every problem found (file, line, fix)
    ├── MissingExtraError    the environment asks for an optional extra not installed (postgres)
    ├── StoreError           the data folder cannot be read or written
    │   ├── CorruptRecordError   a record on disk does not decode (never silently dropped)
    │   ├── StorageFullError     the disk (or quota) is full: nothing was written
    │   └── StoreUnavailableError  the database cannot be reached for now: try again later
    ├── SendError            a channel could not deliver an Outbound
    │   ├── RetryableSendError   try again later (network, 429, 5xx); may carry retry_after
    │   ├── FinalSendError       retrying cannot help (blocked by user, bad recipient)
    │   ├── UncertainSendError   sent, no answer: it may have been delivered, never retried
    │   └── ServiceWindowClosedError  free-form text not allowed now (WhatsApp 24 h rule):
    │                                 send the approved template, keep the message for later
    └── ChannelError         a channel could not start (bad token, port in use)

Messages never contain user text: only ids, counts, file positions and config values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


class CadreError(Exception):
    """Base of every error Cadre raises on purpose."""


def shown_place(where: str) -> str:
    """A dotted location as a coach counts: list positions from 1 (`steps.2.prompt` is the
    second step's), where the dotted path inside Cadre counts them from 0."""
    return ".".join(str(int(part) + 1) if part.isdigit() else part for part in where.split("."))


@dataclass(frozen=True)
class ConfigProblem:
    """One problem in a coach file, located precisely so the coach can fix it."""

    file: str
    line: int | None
    where: str
    what: str
    fix: str = ""
    #: What the problem is, for a translated wording (`cli.problem.<code>.*`), with the values
    #: that wording names; the English `what`/`fix` above are the fallback.
    code: str = ""
    params: tuple[tuple[str, str], ...] = ()

    @property
    def place(self) -> str:
        return shown_place(self.where)

    def __str__(self) -> str:
        position = f"{self.file}:{self.line}" if self.line else self.file
        where = f" {self.place}:" if self.where else ""
        fix = f"; {self.fix}" if self.fix else ""
        return f"{position}:{where} {self.what}{fix}"


class ConfigError(CadreError):
    """Raised with every problem found at once, so a coach fixes them in one pass."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class MissingExtraError(CadreError):
    """What the environment asks for needs an optional extra that is not installed (the
    `postgres` extra for CADRE_DATABASE_URL): said in one line naming the pip command."""

    def __init__(self, extra: str, module: str) -> None:
        super().__init__(
            f"this needs the '{extra}' extra ({module} is not installed): pip install -e \".[{extra}]\""
        )
        self.extra = extra
        self.module = module


class StoreError(CadreError):
    """The data folder could not be read or written.

    `code` names the wording an operator reads (`cli.store.<code>` in the catalogues, with
    `params`), so the command line says it in the configured locale; the English message
    is the fallback and what logs carry."""

    def __init__(
        self, message: str = "", *, code: str = "", params: Mapping[str, object] | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.params: dict[str, object] = dict(params or {})


class StoreBusyError(StoreError):
    """Another cadre process writes to this data folder (`pid` when it could be read)."""

    def __init__(self, message: str, *, folder: str, pid: str = "") -> None:
        super().__init__(message)
        self.folder = folder
        self.pid = pid


class CorruptRecordError(StoreError):
    """A record on disk does not decode; we stop rather than overwrite it."""


class StorageFullError(StoreError):
    """No space left on the data folder's disk (or quota): the write did not happen."""


class StoreUnavailableError(StoreError):
    """The store cannot be reached for now (a database restarting, a failover, the network),
    after its own retries: what was asked did not happen, and asking again later may work."""


class UndeliveredError(StoreError):
    """A message's turn is committed, and the store failed while its answers were being
    delivered (an outbox write): its inbox entry stays pending, so that a replay sends the
    answers kept with the turn (bot.delivery.inbox.handle_then_done)."""


class SendError(CadreError):
    """A channel could not deliver a message."""


class RetryableSendError(SendError):
    """Delivery may succeed later; `retry_after_s` is the platform's hint when it gave one."""

    def __init__(self, reason: str, retry_after_s: float | None = None) -> None:
        self.retry_after_s = retry_after_s
        super().__init__(reason)


class FinalSendError(SendError):
    """Delivery cannot succeed by retrying (e.g. the user blocked the bot)."""


class UncertainSendError(SendError):
    """The request reached the platform and no answer came back (a read timeout, a
    connection dropped after sending): it may have been delivered, so retrying could send
    it twice. The outbox marks such an entry failed-uncertain instead of retrying it."""


class ChannelError(CadreError):
    """A channel could not start or stop cleanly.

    `key` names the catalogue text the command line shows the coach, in the configured locale,
    with `params`; the English `reason` stays for logs and for callers without a catalogue.
    """

    def __init__(
        self, reason: str, *, key: str | None = None, params: Mapping[str, object] | None = None
    ) -> None:
        self.key = key
        self.params: Mapping[str, object] = dict(params or {})
        super().__init__(reason)


class ServiceWindowClosedError(SendError):
    """The platform only accepts an approved template for this user now (WhatsApp 24 h rule).

    The outbox then sends the template and keeps the message until the user writes again.
    """
