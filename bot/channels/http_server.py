"""The one HTTP server `cadre run` shares between webhook channels, on the main event loop.

Channels register their routes before start; `/healthz` is always there for the operator.
Uvicorn serves a Starlette app in-process (no worker processes, no signal handlers of its
own), so webhooks, Telegram polling and the scheduler share one asyncio loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.errors import ChannelError

log = logging.getLogger(__name__)


class _InProcessServer(uvicorn.Server):
    """uvicorn without its signal capture: `cadre run` owns shutdown for every component."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class WebhookServer:
    """Collects routes from channels, then serves them on one host and port."""

    def __init__(self, host: str = "127.0.0.1", port: int = 8080) -> None:
        self.host = host
        self.port = port
        self._routes: list[Route] = [Route("/healthz", self._health, methods=["GET"])]
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None
        self._health_checks: dict[str, bool] = {}

    def add_route(self, route: Route) -> None:
        if self._server is not None:
            raise ChannelError("routes must be added before the HTTP server starts")
        self._routes.append(route)

    def report_health(self, component: str, is_ok: bool) -> None:
        self._health_checks[component] = is_ok

    async def _health(self, request: Request) -> Response:
        is_ok = all(self._health_checks.values())
        return JSONResponse(
            {"status": "ok" if is_ok else "degraded", "components": self._health_checks},
            status_code=200 if is_ok else 503,
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
                raise ChannelError(f"HTTP server could not listen on {self.host}:{self.port}")
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
