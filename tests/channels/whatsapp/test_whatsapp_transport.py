"""GraphTransport: heyoo's `requests.post` on urllib3, with what requests did that we rely on.

A loopback server stands for Graph or for a proxy in between; it notes the request line
it received (a proxy is sent the absolute URL) and answers a fixed JSON.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
import urllib3

from bot.channels.whatsapp.transport import (
    EXCHANGE,
    Exchange,
    GraphTransport,
    json_body,
    never_reached,
)

ANSWER = b'{"messages": [{"id": "wamid.1"}]}'


@dataclass
class Loopback:
    """A one-thread HTTP/1.1 server answering every request with ANSWER (or nothing)."""

    port: int
    request_lines: list[str] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)
    is_silent: bool = False


def _serve(listener: socket.socket, loopback: Loopback) -> None:
    while True:
        try:
            connection, _ = listener.accept()
        except OSError:
            return
        with connection:
            reader = connection.makefile("rb")
            while True:
                line = reader.readline()
                if not line:
                    break
                loopback.request_lines.append(line.decode("latin-1").strip())
                length = 0
                while (header := reader.readline()) not in (b"\r\n", b""):
                    name, _, value = header.decode("latin-1").partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                loopback.bodies.append(reader.read(length))
                if loopback.is_silent:
                    continue
                connection.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + f"Content-Length: {len(ANSWER)}\r\n\r\n".encode("ascii")
                    + ANSWER
                )


@pytest.fixture
def loopback() -> Iterator[Loopback]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    server = Loopback(port=int(listener.getsockname()[1]))
    thread = threading.Thread(target=_serve, args=(listener, server), daemon=True)
    thread.start()
    yield server
    listener.close()


@pytest.fixture(autouse=True)
def no_proxy_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def test_a_post_sends_requestsjson_body_and_keeps_the_status(loopback: Loopback) -> None:
    transport = GraphTransport(requests, max_connections=2)
    payload: dict[str, Any] = {"to": "33612345678", "text": {"body": "réponse ✓"}}
    exchange = Exchange(timeout_s=5)
    token = EXCHANGE.set(exchange)
    try:
        answer = transport.post(
            f"http://127.0.0.1:{loopback.port}/v23.0/1/messages",
            headers={"Content-Type": "application/json", "Authorization": "Bearer t"},
            json=payload,
        )
    finally:
        EXCHANGE.reset(token)
    assert (answer.status_code, exchange.status) == (200, 200)
    assert answer.json() == {"messages": [{"id": "wamid.1"}]}
    assert loopback.request_lines == ["POST /v23.0/1/messages HTTP/1.1"]
    expected = requests.Request("POST", "http://graph.invalid/", json=payload).prepare().body
    assert loopback.bodies == [expected] == [json_body(payload)]


def test_connections_are_kept_alive_between_sends(loopback: Loopback) -> None:
    transport = GraphTransport(requests, max_connections=2)
    url = f"http://127.0.0.1:{loopback.port}/v23.0/1/messages"
    for _ in range(3):
        transport.post(url, headers={}, json={})
    assert len(loopback.request_lines) == 3
    manager = transport._manager(url)
    pool = manager.connection_from_url(url)
    assert pool.num_connections == 1


def _refused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_environment_proxy_is_used_and_no_proxy_honoured(
    loopback: Loopback, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", f"http://localhost:{loopback.port}")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    transport = GraphTransport(requests, max_connections=2)
    transport.post("http://graph.invalid/v23.0/1/messages", headers={}, json={})
    assert loopback.request_lines == ["POST http://graph.invalid/v23.0/1/messages HTTP/1.1"]
    with pytest.raises(urllib3.exceptions.HTTPError) as refused:
        transport.post(f"http://127.0.0.1:{_refused_port()}/v23.0/1/messages", headers={}, json={})
    assert never_reached(refused.value)  # straight to the (closed) port, not via the proxy
    assert len(loopback.request_lines) == 1


def test_a_refused_connection_never_reached_graph() -> None:
    transport = GraphTransport(requests, max_connections=2)
    with pytest.raises(urllib3.exceptions.HTTPError) as refused:
        transport.post(f"http://127.0.0.1:{_refused_port()}/v23.0/1/messages", headers={}, json={})
    assert never_reached(refused.value)


def test_no_answer_after_sending_may_have_been_delivered(loopback: Loopback) -> None:
    loopback.is_silent = True
    transport = GraphTransport(requests, max_connections=2)
    token = EXCHANGE.set(Exchange(timeout_s=0.2))
    try:
        with pytest.raises(urllib3.exceptions.ReadTimeoutError) as silent:
            transport.post(f"http://127.0.0.1:{loopback.port}/v23.0/1/messages", headers={}, json={})
    finally:
        EXCHANGE.reset(token)
    assert loopback.bodies == [b"{}"]
    assert not never_reached(silent.value)


def test_anything_but_json_is_refused_before_sending(loopback: Loopback) -> None:
    transport = GraphTransport(requests, max_connections=2)
    with pytest.raises(RuntimeError, match="only JSON"):
        transport.post(f"http://127.0.0.1:{loopback.port}/v23.0/1/media", data={"a": "b"})
    with pytest.raises(RuntimeError, match="never fetches"):
        transport.get(f"http://127.0.0.1:{loopback.port}/v23.0/media/1")
    assert loopback.request_lines == []
