"""The one HTTP server `cadre run` shares between webhook channels, on the main event loop.

Channels register their routes before start. Two probes are always there for the operator:

- `GET /healthz` (liveness): the process and its event loop answer; 200 while it serves.
  A failing liveness probe means "restart me".
- `GET /readyz` (readiness): every registered check passes now; 503 naming the failing
  components otherwise. Components are declared before they are up (a channel is "not
  ready" until it has started), so a load balancer never routes to a half-started process.

Uvicorn serves a Starlette app in-process (no worker processes, no signal handlers of its
own), so webhooks, Telegram polling and the scheduler share one asyncio loop.

Bodies are read through `read_capped_body`: refused from the declared length when it is
too big, otherwise streamed and dropped the moment it passes the cap, and counted against
one budget shared by every request in flight, so many parallel large bodies cannot add up
to more memory than the budget.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Awaitable, Callable, Iterator

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.errors import ChannelError

log = logging.getLogger(__name__)

#: Bytes of request bodies held in memory at once, across every request in flight.
BODY_BUDGET_BYTES = 16 * 1024 * 1024

ReadinessCheck = Callable[[], Awaitable[str | None]]
"""Returns None when the component is ready, else a short reason (ids and counts only)."""


class BodyRefused(Exception):
    """A request body was not read whole: `status` is what to answer (413 or 503)."""

    def __init__(self, status: int) -> None:
        self.status = status
        super().__init__(f"body refused with HTTP {status}")


class BodyBudget:
    """Bytes held by bodies being read; a chunk that would pass the total is refused at once.

    A body past the budget is answered 503 (platforms retry later) rather than queued: an
    attacker sending many large bodies gets refusals, not a process out of memory.
    """

    def __init__(self, total_bytes: int = BODY_BUDGET_BYTES) -> None:
        self.total_bytes = total_bytes
        self.used_bytes = 0

    def take(self, size: int) -> bool:
        if self.used_bytes + size > self.total_bytes:
            return False
        self.used_bytes += size
        return True

    def give_back(self, size: int) -> None:
        self.used_bytes = max(0, self.used_bytes - size)


async def read_capped_body(
    request: Request,
    max_bytes: int,
    budget: BodyBudget,
    *,
    on_chunk: Callable[[bytes], None] | None = None,
) -> bytes:
    """The whole body, or BodyRefused without reading past `max_bytes`.

    `on_chunk` sees each chunk as it arrives (a signature hashed while the body streams).
    """
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise BodyRefused(413)
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            if size + len(chunk) > max_bytes:
                raise BodyRefused(413)
            if not budget.take(len(chunk)):
                raise BodyRefused(503)
            size += len(chunk)
            chunks.append(chunk)
            if on_chunk is not None:
                on_chunk(chunk)
        return b"".join(chunks)
    finally:
        budget.give_back(size)


class _InProcessServer(uvicorn.Server):
    """uvicorn without its signal capture: `cadre run` owns shutdown for every component."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        """uvicorn calls sys.exit when it cannot bind (port taken): here the server stops
        instead, never started, so `WebhookServer.start` says why in the coach's words rather
        than the whole process dying with a bare exit status."""
        try:
            await super().startup(sockets)
        except SystemExit:
            self.should_exit = True


class WebhookServer:
    """Collects routes from channels, then serves them on one host and port."""

    def __init__(self, host: str = "127.0.0.1", port: int = 8080) -> None:
        self.host = host
        self.port = port
        self._routes: list[Route] = [
            Route("/healthz", self._liveness, methods=["GET"]),
            Route("/readyz", self._readiness, methods=["GET"]),
        ]
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None
        self._health_checks: dict[str, bool] = {}
        self._readiness_checks: dict[str, ReadinessCheck] = {}
        self.body_budget = BodyBudget()

    def add_route(self, route: Route) -> None:
        if self._server is not None:
            raise ChannelError("routes must be added before the HTTP server starts")
        self._routes.append(route)

    def report_health(self, component: str, is_ok: bool) -> None:
        """A component pushes its state (a channel started, polling failing, stopped)."""
        self._health_checks[component] = is_ok

    def add_readiness_check(self, component: str, check: ReadinessCheck) -> None:
        """A component asked at each /readyz (the store's probe, the outbox's last flush)."""
        self._readiness_checks[component] = check

    async def readiness(self) -> dict[str, str]:
        """Component -> "ok" or why it is not ready, pushed states and checks together."""
        states = {
            name: "ok" if is_ok else "not started or failing" for name, is_ok in self._health_checks.items()
        }
        for name, check in self._readiness_checks.items():
            try:
                problem = await check()
            except Exception as error:  # a failing check is a "not ready", never a 500
                problem = f"check failed ({type(error).__name__})"
            states[name] = problem or "ok"
        return states

    async def _liveness(self, request: Request) -> Response:
        return JSONResponse({"status": "alive"})

    async def _readiness(self, request: Request) -> Response:
        states = await self.readiness()
        is_ready = bool(states) and all(state == "ok" for state in states.values())
        return JSONResponse(
            {"status": "ready" if is_ready else "not ready", "components": states},
            status_code=200 if is_ready else 503,
        )

    @property
    def app(self) -> Starlette:
        return Starlette(routes=list(self._routes))

    async def start(self) -> None:
        config = uvicorn.Config(
            self.app,
            host=self.host,
            port=self.port,
            log_level="warning",
            access_log=False,
            lifespan="off",
        )
        self._server = _InProcessServer(config)
        self._task = asyncio.create_task(self._server.serve())
        for _ in range(500):
            if self._server.started:
                break
            if self._task.done():
                self._task.result()
                raise ChannelError(
                    f"HTTP server could not listen on {self.host}:{self.port}",
                    key="cli.run.http_listen",
                    params={"host": self.host, "port": self.port},
                )
            await asyncio.sleep(0.01)
        if self._server.started and self.port == 0:
            sockets = self._server.servers[0].sockets if self._server.servers else []
            if sockets:
                self.port = sockets[0].getsockname()[1]
        log.info("http server listening on %s:%s", self.host, self.port)

    async def stop(self) -> None:
        if self._server is None or self._task is None:
            return
        self._server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError, SystemExit):
            await self._task
        self._server = None
        self._task = None
