"""What heyoo's `requests` calls go through: urllib3 pools, our timeouts, no GET, one status.

heyoo calls the module-level `requests.post(url, headers=..., json=...)` and reads only
`status_code` and `json()` of the answer. `requests` costs about 0.8 ms of CPU per call
on this kind of machine (preparing, hooks, cookies, merging settings, reading the whole
environment twice for proxies), in the send threads that share the interpreter with the
event loop: a third of everything a reply costs when fifty people write at once. Here the
same exchange goes straight to urllib3 (what requests itself sends with) at about a third
of that, with what requests did that matters to us kept:

- proxies: `HTTP(S)_PROXY`, `ALL_PROXY` and `NO_PROXY` as requests reads them
  (`urllib.request.getproxies` and `proxy_bypass`), read once per origin: a running
  service's environment does not change;
- certificates: requests' bundle (certifi), or `REQUESTS_CA_BUNDLE` / `CURL_CA_BUNDLE`;
- the body: the same JSON bytes (`allow_nan=False`, ASCII escapes), `Content-Type`
  from heyoo's headers; no retries, no redirects followed (requests sent none either:
  its adapter retries nothing and a redirected POST is not Graph's answer).

Errors are urllib3's own: `never_reached` says which ones prove the request never left
(a refused or timed-out connection), the only ones a retry cannot duplicate.
"""

from __future__ import annotations

import json
import os
import threading
import urllib.request
from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any
from urllib.parse import urlsplit

import urllib3
from requests.utils import DEFAULT_CA_BUNDLE_PATH
from urllib3.exceptions import ConnectTimeoutError, ProxyError

#: Connecting is bounded tightly: a request that never connected is safe to retry.
CONNECT_TIMEOUT_S = 5.0
#: Waiting for Graph's answer once the request is sent: long enough for its slow moments
#: (a few seconds at worst), after which the send is uncertain and is not retried.
DEFAULT_SEND_TIMEOUT_S = 30.0


class Exchange:
    """What one heyoo call did on the wire: heyoo itself discards the HTTP status."""

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self.status: int | None = None


# Set around each heyoo call; the context is copied into the worker thread with the call.
EXCHANGE: ContextVar[Exchange | None] = ContextVar("cadre_whatsapp_exchange", default=None)


class GraphAnswer:
    """The part of a `requests.Response` heyoo reads."""

    def __init__(self, status_code: int, body: bytes) -> None:
        self.status_code = status_code
        self._body = body

    def json(self) -> Any:
        """The body as JSON; ValueError when it is not (a proxy's HTML page), as requests."""
        return json.loads(self._body)


def never_reached(exc: BaseException) -> bool:
    """Whether the request certainly never reached Graph (so a retry cannot duplicate it):
    the connection was refused, its name not resolved, or it timed out while connecting,
    to Graph or to the proxy in between."""
    if isinstance(exc, ProxyError):
        return isinstance(exc.original_error, ConnectTimeoutError)
    return isinstance(exc, ConnectTimeoutError)


def _ca_bundle() -> str:
    return os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or DEFAULT_CA_BUNDLE_PATH


class GraphTransport:
    """Stands in for the `requests` module inside heyoo: our timeouts, the status kept in
    the call's Exchange, no GET, and connections kept alive for the send threads (heyoo's
    own `requests.post` would open, and on the real Graph API TLS-handshake, a new one
    for every message)."""

    def __init__(self, real: Any, *, max_connections: int) -> None:
        self._real = real
        self._max_connections = max_connections
        self._managers: dict[tuple[str, str], urllib3.PoolManager] = {}
        self._managers_lock = threading.Lock()

    def _manager(self, url: str) -> urllib3.PoolManager:
        parts = urlsplit(url)
        origin = (parts.scheme, parts.netloc)
        manager = self._managers.get(origin)
        if manager is not None:
            return manager
        with self._managers_lock:
            manager = self._managers.get(origin)
            if manager is None:
                proxies = urllib.request.getproxies()
                proxy = proxies.get(parts.scheme) or proxies.get("all")
                if proxy and urllib.request.proxy_bypass(parts.hostname or ""):
                    proxy = None
                pools: dict[str, Any] = {"num_pools": 2, "maxsize": self._max_connections}
                if parts.scheme == "https":
                    pools |= {"cert_reqs": "CERT_REQUIRED", "ca_certs": _ca_bundle()}
                manager = urllib3.ProxyManager(proxy, **pools) if proxy else urllib3.PoolManager(**pools)
                self._managers[origin] = manager
        return manager

    def post(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        json: object = None,
        **others: Any,
    ) -> GraphAnswer:
        if others:
            raise RuntimeError(f"Cadre sends only JSON through heyoo (got {sorted(others)})")
        exchange = EXCHANGE.get()
        read_timeout_s = exchange.timeout_s if exchange is not None else DEFAULT_SEND_TIMEOUT_S
        sent = dict(headers or {})
        sent.setdefault("Content-Type", "application/json")
        answer = self._manager(url).request(
            "POST",
            url,
            body=json_body(json),
            headers=sent,
            timeout=urllib3.Timeout(connect=CONNECT_TIMEOUT_S, read=read_timeout_s),
            retries=False,
            redirect=False,
        )
        if exchange is not None:
            exchange.status = int(answer.status)
        return GraphAnswer(int(answer.status), answer.data)

    def get(self, url: str, **kwargs: Any) -> Any:
        raise RuntimeError("Cadre never fetches from WhatsApp: received media are not downloaded")

    def delete(self, url: str, **kwargs: Any) -> Any:
        raise RuntimeError("Cadre does not delete WhatsApp media through heyoo")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def json_body(payload: object) -> bytes:
    """The bytes requests' `json=` sent: standard JSON, ASCII escapes, no NaN."""
    return json.dumps(payload, allow_nan=False).encode("utf-8")
