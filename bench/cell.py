"""One measurement: a configuration with N open streams and webhooks at a steady rate.

Order: start the server, warm it (a webhook per channel, a few short streams), read its
idle memory; open N streams from load-generator processes in waves; read memory again
(per stream = the difference / N); post webhooks for `duration` seconds while reading
the server's CPU time; wait a grace period; collect every client's receipts.
"""

from __future__ import annotations

import asyncio
import json
import math
import select
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import redis

from bench.servers import REDIS_URL, REPO, Backend, Server
from bench.stats import Delivery, deliveries
from bench.webhooks import post_steadily

CLIENTS_PER_PROCESS = 5000
WAVE = 250
SETTLE_SECONDS = 2.0


@dataclass(frozen=True)
class Config:
    key: str
    title: str
    legacy: bool
    postgres: bool
    redis: bool
    workers: int

    @property
    def path(self) -> str:
        return "/api/legacy/realtime-updates/" if self.legacy else "/api/chats/realtime-updates/"

    @property
    def settings_module(self) -> str:
        return "bench.legacy.settings" if self.legacy else "config.settings"


@dataclass
class Cell:
    config: Config
    clients: int
    rate: float
    duration: float
    delivery: Delivery | None = None
    rss_idle_kb: int = 0
    rss_open_kb: int = 0
    threads_idle: int = 0
    threads_open: int = 0
    cpu_percent: float = 0.0
    loadgen_cpu_seconds: float = 0.0
    connect_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def kb_per_stream(self) -> float | None:
        if self.delivery is None or not self.delivery.connected:
            return None
        return (self.rss_open_kb - self.rss_idle_kb) / self.delivery.connected


def _warm(server: Server, config: Config, tokens: list[str]) -> None:
    from bench.webhooks import payload  # noqa: PLC0415

    template = json.loads(
        (
            REPO / "multichat/webhooks/providers/evolution/fixtures/messages_upsert_text.json"
        ).read_text()
    )
    for channel in range(server.backend.plan.evolution_channels):
        body = payload(template, f"WARM{time.time_ns()}{channel}", channel, channel, time.time_ns())
        httpx.post(f"{server.url}/webhooks/evolution/", json=body, timeout=30).raise_for_status()
    for i in range(2 * config.workers):
        headers = {"Authorization": f"Bearer {tokens[i % len(tokens)]}"}
        with httpx.stream("GET", f"{server.url}{config.path}", headers=headers, timeout=30) as r:
            next(r.iter_bytes())
    time.sleep(1.0)


def _read_line(process: subprocess.Popen[bytes], timeout: float) -> str:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    if not ready:
        raise TimeoutError("load generator did not answer in time")
    return process.stdout.readline().decode().strip()


def _start_generators(cell: Cell, server: Server, tokens: list[str], work: Path):
    users = len(server.backend.plan.users)
    processes = []
    count = math.ceil(cell.clients / CLIENTS_PER_PROCESS)
    for p in range(count):
        spec = {
            "host": "127.0.0.1",
            "port": server.port,
            "path": cell.config.path,
            "tokens": tokens,
            "wave": WAVE,
            "out": str(work / f"clients-{p}.json"),
            "users": [i % users for i in range(p, cell.clients, count)],
        }
        spec_file = work / f"spec-{p}.json"
        spec_file.write_text(json.dumps(spec))
        processes.append(
            subprocess.Popen(  # noqa: S603  # this package's own module
                [sys.executable, "-m", "bench.sse_clients", str(spec_file)],
                cwd=REPO,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
            )
        )
    return processes


def run_cell(cell: Cell, backend: Backend, tokens: list[str], work: Path, *, grace: float) -> Cell:
    config = cell.config
    work.mkdir(parents=True, exist_ok=True)
    if config.legacy and config.redis:
        redis.Redis.from_url(REDIS_URL).flushdb()
    server = Server(backend, config.workers)
    server.start()
    generators: list[subprocess.Popen[bytes]] = []
    try:
        _warm(server, config, tokens)
        cell.rss_idle_kb, cell.threads_idle = server.rss_kb(), server.threads()
        started = time.monotonic()
        generators = _start_generators(cell, server, tokens, work)
        for process in generators:
            line = _read_line(process, timeout=600)
            if not line.startswith("ready"):
                raise RuntimeError(f"load generator said {line!r}")
        cell.connect_seconds = time.monotonic() - started
        time.sleep(SETTLE_SECONDS)
        cell.rss_open_kb, cell.threads_open = server.rss_kb(), server.threads()
        cpu_before, t_before = server.cpu_seconds(), time.monotonic()
        tag = f"{config.key.replace('-', '')[:8].upper()}{cell.clients}T{time.time_ns() % 10**9}"
        posted = asyncio.run(
            post_steadily(
                server.url,
                rate=cell.rate,
                duration=cell.duration,
                tag=tag,
                channels=backend.plan.evolution_channels,
            )
        )
        cpu_after, t_after = server.cpu_seconds(), time.monotonic()
        cell.cpu_percent = 100 * (cpu_after - cpu_before) / (t_after - t_before)
        time.sleep(grace)
        clients: list[dict[str, Any]] = []
        for p, process in enumerate(generators):
            assert process.stdin is not None
            process.stdin.write(b"stop\n")
            process.stdin.flush()
            if _read_line(process, timeout=120) != "done":
                raise RuntimeError("load generator did not finish")
            results = json.loads((work / f"clients-{p}.json").read_text())
            clients += results["clients"]
            cell.loadgen_cpu_seconds += results["cpu_seconds"]
        cell.delivery = deliveries(posted, clients, backend.plan.users)
        errors = {c["error"] for c in clients if c["error"] and not c["ready"]}
        cell.notes += sorted(str(e) for e in errors)[:3]
    finally:
        for process in generators:
            if process.poll() is None:
                process.kill()
            process.wait()
            for pipe in (process.stdin, process.stdout):
                if pipe is not None:
                    pipe.close()
        server.stop()
    return cell
