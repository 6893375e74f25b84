"""A consumer that stops reading cannot make the server hold a growing queue: past
`REALTIME_STREAM_QUEUE_LIMIT` waiting updates its stream is closed, and resuming from the
last id it did read replays everything after it — nothing is lost.

The stalled client is a raw socket with a tiny receive buffer that is not read at all
while the webhooks arrive, so the server's writes really do back up."""

from __future__ import annotations

import json
import socket
from typing import Any
from urllib.parse import urlsplit

import pytest

from multichat.realtime.models import Event
from multichat.tenants.models import Agent
from tests.realtime.follower import STREAM_PATH, Follower, metric_samples, new_message_ids
from tests.realtime.test_sse_support import (
    Shop,
    auth,
    evo_text,
    healthz,
    log_head,
    post,
    server_connections_released,  # noqa: F401  # used by `pytestmark`
    shop_create,
    stream_open,
    wait_for,
)

pytestmark = pytest.mark.usefixtures("server_connections_released")

# Big messages fill the kernel's and the server's socket buffers (several MB on
# loopback) after about ten webhooks; `WEBHOOKS` of them overflow the mailbox for sure.
PADDING, WEBHOOKS = "x" * 200_000, 16


def _stalled_stream(url: str, agent: Agent) -> socket.socket:
    """Open a stream on a socket that will not be read until the test says so."""
    parts = urlsplit(url)
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect((parts.hostname, parts.port))
    headers = "".join(f"{k}: {v}\r\n" for k, v in auth(agent).items())
    request = f"GET {STREAM_PATH} HTTP/1.1\r\nHost: {parts.netloc}\r\n{headers}\r\n"
    sock.sendall(request.encode())
    return sock


def _read_to_the_end(sock: socket.socket, within: float = 10.0) -> bytes:
    """Everything the server sent, until the response ends (last chunk) or the server
    drops the connection; fails if it is still open after `within` seconds."""
    sock.settimeout(within)
    chunks, tail = [], b""
    with sock:
        while not tail.endswith(b"\r\n0\r\n\r\n") and (chunk := sock.recv(1 << 20)):
            chunks.append(chunk)
            tail = (tail + chunk)[-16:]
    return b"".join(chunks)


def _sse_events(raw: bytes) -> list[tuple[int, list[dict[str, Any]]]]:
    """(id, updates) of each complete event in a chunked HTTP/1.1 SSE body."""
    head, _, rest = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), head
    text = b""
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line, 16)
        if size == 0 or len(rest) < size:
            break
        text, rest = text + rest[:size], rest[size + 2 :]
    events = []
    for block in text.decode().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if line[:1] != ":")
        if "id" in fields:
            events.append((int(fields["id"]), json.loads(fields["data"])["updates"]))
    return events


def _stall_and_post(url: str, settings: Any) -> tuple[Shop, socket.socket, list[str], int]:
    settings.REALTIME_STREAM_QUEUE_LIMIT = 3
    shop = shop_create()
    sock = _stalled_stream(url, shop.agent)
    wait_for(lambda: healthz(url)["streams_open"] == 1, what="the stream opened")
    start = log_head()
    sent = [f"SLOW-{n}" for n in range(WEBHOOKS)]
    for pid in sent:
        post(url, evo_text(shop.channel, pid, text=PADDING))
    return shop, sock, sent, start


def test_a_stalled_consumers_stream_is_closed_while_it_still_reads_nothing(
    asgi_server, settings
) -> None:
    """The mailbox overflows, so the server must let go of the stream (unsubscribe it)
    even though its writes are blocked on a client that reads nothing."""
    _, sock, _, _ = _stall_and_post(asgi_server, settings)
    try:
        wait_for(
            lambda: healthz(asgi_server)["streams_open"] == 0,
            within=3,
            what="the stalled stream closed",
        )
    finally:
        sock.close()


def test_a_consumer_that_fell_behind_is_cut_off_and_its_resume_loses_nothing(
    asgi_server, settings
) -> None:
    shop, sock, sent, start = _stall_and_post(asgi_server, settings)
    closed_slow = _closed_slow(asgi_server)
    events = _sse_events(_read_to_the_end(sock))  # the client wakes up and reads
    received = [u for _, updates in events for u in updates]
    assert 0 < len(new_message_ids(received)) < len(sent), "the stream was cut short"
    wait_for(lambda: _closed_slow(asgi_server) == closed_slow + 1, what="counted as slow")
    last_id = events[-1][0]
    with stream_open(asgi_server, shop.agent, headers={"Last-Event-ID": str(last_id)}) as stream:
        follower = Follower(stream)
        follower.until_message(sent[-1])
        follower.quiet(0.2)
    assert new_message_ids(received) + new_message_ids(follower.updates) == sent
    assert len(received) + len(follower.updates) == Event.objects.filter(id__gt=start).count()


def _closed_slow(url: str) -> float:
    samples = metric_samples(url).get("multichat_realtime_streams_closed_slow_total", [])
    return sum(value for _, value in samples)


def test_a_client_that_disconnects_frees_its_subscription(asgi_server) -> None:
    shop = shop_create()
    streams = [stream_open(asgi_server, agent) for agent in (shop.admin, shop.agent)]
    for stream in streams:
        stream.__enter__()
        Follower(stream).first()
    assert healthz(asgi_server)["streams_open"] == 2
    streams[0].close()
    wait_for(lambda: healthz(asgi_server)["streams_open"] == 1, within=3, what="one freed")
    streams[1].close()
    wait_for(lambda: healthz(asgi_server)["streams_open"] == 0, within=3, what="all freed")
