"""A throwaway PostgreSQL server in a folder, for the test suite and the benchmark.

Never used by `cadre run`: production points `CADRE_DATABASE_URL` at a server the firm
runs. Tests and `cadre bench --store postgres` need a real one that starts from nothing on
a clean machine where only PyPI and Debian's packages are reachable, so the binaries come
from the `pgserver` wheel (PostgreSQL 16 on PyPI, in the `test` extra) or, failing that,
from Debian's `postgresql` package (`/usr/lib/postgresql/<version>/bin`).

PostgreSQL refuses to run as root. Run as root (as CI is), the server runs as a dedicated
system user created on first use, and the folders it needs get the traverse bit for
others; run as anyone else, it runs as that user. It listens on a Unix socket in its own
folder only, never on a network interface.

Only `pg_ctl`'s stop, start and `immediate` stop are wrapped, which is what the crash and
restart tests need; pgserver's own server handle (shared servers, atexit hooks, process
scans) does more than a test wants and less than it needs.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
import pwd
import shutil
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from urllib.parse import quote

from bot.errors import StoreError

log = logging.getLogger(__name__)

SERVICE_USER = "cadre-pg"
"""The system user a root process runs the server as (PostgreSQL refuses root)."""

START_TIMEOUT_S = 60
SUPERUSER = "postgres"


@dataclass(frozen=True)
class Binaries:
    """Where initdb, pg_ctl and postgres live, and which distribution they came from."""

    bin_dir: Path
    origin: str

    def tool(self, name: str) -> str:
        return str(self.bin_dir / name)


def find_binaries() -> Binaries:
    """The pgserver wheel first (declared in the test extra), then Debian's package, then PATH."""
    spec = importlib.util.find_spec("pgserver")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            candidate = Path(location) / "pginstall" / "bin"
            if (candidate / "pg_ctl").exists():
                return Binaries(candidate, "pgserver wheel")
    debian = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if debian:
        return Binaries(debian[-1].parent, "Debian postgresql package")
    on_path = shutil.which("pg_ctl")
    if on_path is not None:
        return Binaries(Path(on_path).parent, "PATH")
    raise StoreError(
        "no PostgreSQL server binaries found: install the test extra "
        '(pip install -e ".[test]", which brings the pgserver wheel) '
        "or Debian's package (apt-get install postgresql)"
    )


def _service_user() -> pwd.struct_passwd | None:
    """None when not root (the server runs as us); else the dedicated user, created once."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(SERVICE_USER)
    except KeyError:
        pass
    try:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVICE_USER],
            check=True,
            capture_output=True,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        raise StoreError(
            f"PostgreSQL cannot run as root and the user {SERVICE_USER} cannot be created ({exc})"
        ) from None
    return pwd.getpwnam(SERVICE_USER)


def _open_for_others(binaries: Binaries) -> None:
    """Let the service user reach the binaries: traverse bits on the way, read on the files."""
    install = binaries.bin_dir.parent
    for folder in [install, *install.parents]:
        mode = folder.stat().st_mode
        if not mode & stat.S_IXOTH:
            folder.chmod(mode | stat.S_IXOTH)
    for path in install.rglob("*"):
        mode = path.stat().st_mode
        wanted = mode | stat.S_IROTH | (stat.S_IXOTH if path.is_dir() or mode & stat.S_IXUSR else 0)
        if wanted != mode:
            path.chmod(wanted)


def _traversable(folder: Path) -> None:
    """The service user must reach the cluster's folder: the traverse bit on its parents."""
    for parent in folder.resolve().parents:
        mode = parent.stat().st_mode
        if not mode & stat.S_IXOTH:
            parent.chmod(mode | stat.S_IXOTH)


class LocalPostgres:
    """One PostgreSQL cluster in a folder of its own; `start`, `stop`, `crash`, `url`.

    `is_durable=False` (the tests) turns fsync off: a test never survives a power cut, and
    the suite runs several times faster. The benchmark keeps the server's defaults.
    """

    def __init__(self, root: Path | None = None, *, is_durable: bool = False, max_connections: int = 200):
        self.binaries = find_binaries()
        self._owns_root = root is None
        self.root = Path(tempfile.mkdtemp(prefix="cadre-pg-")) if root is None else Path(root)
        self.pgdata = self.root / "data"
        self.socket_dir = self.root
        self.port = 5432
        self.is_durable = is_durable
        self.max_connections = max_connections
        self._user = _service_user()
        self.version = ""

    # ------------------------------------------------------------------ processes
    def _run(self, *args: str, timeout: float = START_TIMEOUT_S) -> str:
        uid = None if self._user is None else self._user.pw_uid
        gid = None if self._user is None else self._user.pw_gid
        try:
            result = subprocess.run(
                list(args),
                check=True,
                capture_output=True,
                text=True,
                timeout=timeout,
                cwd=self.root,
                env={**os.environ, "LC_ALL": "C", "LANG": "C"},
                user=uid,
                group=gid,
                extra_groups=None if uid is None else [],
            )
        except subprocess.CalledProcessError as exc:
            raise StoreError(
                f"{Path(args[0]).name} failed (exit {exc.returncode}): {str(exc.stderr).strip()[-800:]}"
                f"{self._log_tail()}"
            ) from None
        except subprocess.TimeoutExpired:
            raise StoreError(
                f"{Path(args[0]).name} timed out after {timeout:.0f} s{self._log_tail()}"
            ) from None
        return str(result.stdout)

    def _log_tail(self) -> str:
        path = self.root / "server.log"
        try:
            return "\nserver log:\n" + path.read_text(errors="replace")[-1500:]
        except OSError:
            return ""

    def start(self) -> LocalPostgres:
        """initdb on first use, then start and wait until it accepts connections."""
        self.root.mkdir(parents=True, exist_ok=True)
        if self._user is not None:
            _open_for_others(self.binaries)
            _traversable(self.root)
            self.root.chmod(0o755)
            os.chown(self.root, self._user.pw_uid, self._user.pw_gid)
        if not (self.pgdata / "PG_VERSION").exists():
            init = [self.binaries.tool("initdb"), "-D", str(self.pgdata), "-U", SUPERUSER]
            init += ["--auth=trust", "--encoding=UTF8", "--locale=C"]
            if not self.is_durable:
                init.append("--no-sync")
            self._run(*init)
        options = [
            "-c listen_addresses=''",
            f"-c unix_socket_directories={self.socket_dir}",
            f"-c port={self.port}",
            f"-c max_connections={self.max_connections}",
        ]
        if not self.is_durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        self._run(
            self.binaries.tool("pg_ctl"),
            "-D",
            str(self.pgdata),
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-t",
            str(START_TIMEOUT_S),
            "-o",
            " ".join(options),
            "start",
        )
        self.version = (self.pgdata / "PG_VERSION").read_text().strip()
        log.info("local postgres started version=%s origin=%s", self.version, self.binaries.origin)
        return self

    def stop(self) -> None:
        """A clean shutdown (`fast`: open sessions are disconnected, their transactions undone)."""
        if (self.pgdata / "postmaster.pid").exists():
            self._run(self.binaries.tool("pg_ctl"), "-D", str(self.pgdata), "-w", "-m", "fast", "stop")

    def crash(self) -> None:
        """Stop as a power cut would (`immediate`): the next start replays the WAL."""
        if (self.pgdata / "postmaster.pid").exists():
            self._run(self.binaries.tool("pg_ctl"), "-D", str(self.pgdata), "-w", "-m", "immediate", "stop")

    def remove(self) -> None:
        """Stop and delete the folder (only a folder this object created)."""
        with contextlib.suppress(StoreError):
            self.stop()
        if self._owns_root:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> LocalPostgres:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.remove()

    # ------------------------------------------------------------------ databases
    def url(self, database: str = SUPERUSER) -> str:
        """A libpq URL for one database on this server, over its Unix socket."""
        return (
            f"postgresql://{SUPERUSER}@/{quote(database)}?host={quote(str(self.socket_dir), safe='')}"
            f"&port={self.port}"
        )

    def create_database(self, name: str, *, template: str | None = None) -> str:
        """A new empty database (or a copy of `template`); returns its URL."""
        import psycopg
        from psycopg import sql

        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template is not None:
            statement = sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(statement)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
