"""Real server processes for the realtime tests that cross process boundaries.

The `asgi_server` fixture serves from a thread of the test process: one process, one hub.
Delivery between processes, server restarts and broker outages need separate processes:
uvicorn (or `make run`) subprocesses sharing a dedicated database (`backend.py`) and a
`redis-server` the test starts.
Every process runs in its own session and is killed by process group at teardown, also
when the test failed. Waits poll with deadlines; nothing sleeps a fixed time.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from tests.realtime.backend import REPO, Backend

T = TypeVar("T")
# Deliveries between processes in these tests must come from a broker wake-up: the
# safety poll is pushed far beyond every deadline, so it can never stand in for one.
PUSH_ONLY = {"REALTIME_SAFETY_POLL_SECONDS": "120"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: Callable[[], T | None], what: str, timeout: float = 10.0) -> T:
    """Poll `check` until it returns something other than None; fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(httpx.TransportError):
            result = check()
            if result is not None:
                return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.05)


def healthz(url: str) -> tuple[int, dict[str, Any]]:
    response = httpx.get(f"{url}/healthz", timeout=5)
    return response.status_code, response.json()


class Process:
    """A subprocess in its own session (so its workers go with it), output in a log file."""

    def __init__(self, name: str, log_dir: Path) -> None:
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self.popen: subprocess.Popen[bytes] | None = None

    def spawn(self, command: list[str], env: dict[str, str]) -> None:
        assert self.popen is None, f"{self.name} is already running"
        with self.log_path.open("ab") as log:
            self.popen = subprocess.Popen(  # noqa: S603  # fixed commands built here
                command,
                cwd=REPO,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def stop(self, sig: signal.Signals = signal.SIGKILL) -> None:
        popen, self.popen = self.popen, None
        if popen is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(popen.pid, sig)
        try:
            popen.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(popen.pid, signal.SIGKILL)
            popen.wait(timeout=10)

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


class RedisServer(Process):
    """`redis-server` on a free port, without persistence: a restart starts empty."""

    def __init__(self, log_dir: Path) -> None:
        super().__init__("redis", log_dir)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._dir = log_dir

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail(
                "redis-server is not installed: these tests start their own "
                "(apt-get install redis-server; .ci/run installs it)"
            )
        options = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        command = [binary, "--port", str(self.port), *options, "--dir", str(self._dir)]
        self.spawn(command, os.environ.copy())
        wait_for(self._pong, f"redis-server to answer on port {self.port}")

    def _pong(self) -> bool | None:
        assert self.alive, f"redis-server exited:\n{self.log_tail()}"
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", self.port), 1) as s,
        ):
            s.sendall(b"PING\r\n")
            return True if s.recv(16).startswith(b"+PONG") else None
        return None


class Server(Process):
    """The ASGI app served by uvicorn (`workers` processes) or by `make run`, on a fixed
    port that a restart keeps, with the backend's database and the given Redis."""

    def __init__(
        self, name: str, log_dir: Path, env: dict[str, str], *, workers: int, via_make_run: bool
    ) -> None:
        super().__init__(name, log_dir)
        self.env, self.workers, self.via_make_run = env, workers, via_make_run
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self, *, wait: bool = True) -> None:
        if self.via_make_run:
            if shutil.which("make") is None:
                pytest.fail("make is not installed")
            command = ["make", "run"]
            provisioning = Path(self.env["MULTICHAT_VAR_DIR"]) / "provision.json"
            env = {
                **self.env,
                "HOST": "127.0.0.1",
                "PORT": str(self.port),
                "WORKERS": str(self.workers),
                "MULTICHAT_PROVISION": str(provisioning),
            }
        else:
            command = [sys.executable, "-m", "uvicorn", "config.asgi:application"]
            command += ["--host", "127.0.0.1", "--port", str(self.port)]
            command += ["--workers", str(self.workers), "--lifespan", "on"]
            command += ["--no-server-header", "--timeout-graceful-shutdown", "1"]
            env = self.env
        self.spawn(command, env)
        if wait:
            self.wait_ready()

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Until /healthz answers 200: the database answers and the hub listens to Redis."""

        def ready() -> bool | None:
            assert self.alive, f"{self.name} exited:\n{self.log_tail()}"
            return True if healthz(self.url)[0] == 200 else None

        wait_for(ready, f"{self.name} to be healthy", timeout)

    def worker_pids(self) -> list[int]:
        """The worker processes that finished loading the app (uvicorn logs each one)."""
        text = self.log_path.read_text(errors="replace")
        return sorted({int(p) for p in re.findall(r"Started server process \[(\d+)\]", text)})

    @contextlib.contextmanager
    def only_worker(self, pid: int) -> Iterator[None]:
        """Pause every other worker (SIGSTOP, well under uvicorn's 5 s health check), so the
        connections opened meanwhile are accepted by `pid`: the kernel alone would pick."""
        others = [other for other in self.worker_pids() if other != pid]
        for other in others:
            os.kill(other, signal.SIGSTOP)
        try:
            yield
        finally:
            for other in others:
                os.kill(other, signal.SIGCONT)


class Launcher:
    """Starts Redis and servers for one test and stops every one of them at the end."""

    def __init__(self, backend: Backend, log_dir: Path) -> None:
        self.backend, self.log_dir = backend, log_dir
        self.processes: list[Process] = []

    def __enter__(self) -> Launcher:
        return self

    def __exit__(self, *exc: object) -> None:
        for process in reversed(self.processes):
            process.stop(signal.SIGKILL)

    def redis(self) -> RedisServer:
        redis = RedisServer(self.log_dir)
        self.processes.append(redis)
        redis.start()
        return redis

    def servers(
        self,
        redis: RedisServer,
        count: int = 1,
        *,
        workers: int = 1,
        via_make_run: bool = False,
        settings: Mapping[str, str] | None = None,
    ) -> list[Server]:
        """`count` servers started side by side; `settings` are environment overrides."""
        env = {**self.backend.env, "REDIS_URL": redis.url, **(settings or {})}
        started = []
        for _ in range(count):
            name = f"server-{len(self.processes)}"
            server = Server(name, self.log_dir, env, workers=workers, via_make_run=via_make_run)
            self.processes.append(server)
            server.start(wait=False)
            started.append(server)
        for server in started:
            server.wait_ready()
        return started
