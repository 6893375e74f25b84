"""Databases and server processes, started exactly as users start them.

`Backend` gives a configuration a fresh database (SQLite in a temporary directory, or a
dropped-and-recreated PostgreSQL database), migrates and provisions it with
`manage.py`. `Server` runs `.venv/bin/uvicorn config.asgi:application --workers N`
as a subprocess in its own session and reads its memory and CPU from /proc, summed over
the uvicorn supervisor and its worker processes.
"""

from __future__ import annotations

import json
import os
import resource
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import httpx
import psycopg

from bench.provisioning import PASSWORD, Plan, document

REPO = Path(__file__).resolve().parents[1]
UVICORN = str(Path(sys.executable).parent / "uvicorn")
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
BENCH_DATABASE = "multichat_bench"
CLK_TCK = os.sysconf("SC_CLK_TCK")
# Settings from the caller's shell that must not leak into the servers under test.
NOT_INHERITED = (
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_SETTINGS_MODULE",
    "PROMETHEUS_MULTIPROC_DIR",
    "MAKEFLAGS",
    "MAKELEVEL",
    "MFLAGS",
    "PYTEST_CURRENT_TEST",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def raise_fd_limit() -> None:
    """Run in the child before exec: a stream is a file descriptor."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


@dataclass
class Backend:
    """A migrated, provisioned database for one configuration."""

    var_dir: Path
    postgres: bool
    redis: bool
    settings_module: str = "config.settings"
    plan: Plan = field(default_factory=Plan)
    env: dict[str, str] = field(default_factory=dict)
    commands: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.var_dir.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
        env |= {
            "MULTICHAT_VAR_DIR": str(self.var_dir),
            "SECRET_KEY": secrets.token_urlsafe(40),
            "DJANGO_SETTINGS_MODULE": self.settings_module,
            "LOG_LEVEL": "WARNING",
            "PROMETHEUS_MULTIPROC_DIR": str(self.var_dir / "prometheus"),
        }
        if self.postgres:
            env["DATABASE_URL"] = (
                urlsplit(POSTGRES_URL)._replace(path=f"/{BENCH_DATABASE}").geturl()
            )
        if self.redis:
            env["REDIS_URL"] = REDIS_URL
        self.env = env
        (self.var_dir / "prometheus").mkdir(exist_ok=True)

    def prepare(self) -> None:
        if self.postgres:
            self._admin_sql(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
            self._admin_sql(f'CREATE DATABASE "{BENCH_DATABASE}"')
        provisioning = self.var_dir / "provision.json"
        provisioning.write_text(json.dumps(document(self.plan), indent=1))
        self._manage("migrate", "--noinput")
        self._manage("provision", str(provisioning))

    def drop(self) -> None:
        if self.postgres:
            self._admin_sql(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')

    def _admin_sql(self, statement: str) -> None:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(statement.encode())

    def _manage(self, *args: str) -> None:
        shown = " ".join(args).replace(str(self.var_dir), "<tmp>")
        self.commands.append(f"{self.env_prefix()} .venv/bin/python manage.py {shown}")
        done = subprocess.run(  # noqa: S603  # our own manage.py, fixed arguments
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stdout}{done.stderr}")

    def env_prefix(self) -> str:
        """The environment as it appears in the quoted commands (no secrets, no paths)."""
        shown = [
            f"DJANGO_SETTINGS_MODULE={self.settings_module}",
            "MULTICHAT_VAR_DIR=<tmp>",
            "SECRET_KEY=<random>",
        ]
        if self.postgres:
            shown.append(f"DATABASE_URL={self.env['DATABASE_URL']}")
        if self.redis:
            shown.append(f"REDIS_URL={self.env['REDIS_URL']}")
        return " ".join(shown)


class Server:
    """One uvicorn server (supervisor plus workers) on a free port."""

    def __init__(self, backend: Backend, workers: int) -> None:
        self.backend = backend
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.args = [
            UVICORN,
            "config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(workers),
            "--proxy-headers",
            "--no-server-header",
            "--timeout-graceful-shutdown",
            "5",
            "--lifespan",
            "on",  # as `make run`: the lifespan starts the outbound sender
        ]
        self.command = (
            f"{backend.env_prefix()} PROMETHEUS_MULTIPROC_DIR=<tmp>/prometheus "
            + " ".join([".venv/bin/uvicorn", *self.args[1:]]).replace(str(self.port), "<port>")
        )
        self.process: subprocess.Popen[bytes] | None = None
        self._log: BinaryIO | None = None

    def start(self) -> None:
        metrics_dir = Path(self.backend.env["PROMETHEUS_MULTIPROC_DIR"])
        metrics_dir.mkdir(parents=True, exist_ok=True)
        for stale in metrics_dir.glob("*.db"):
            stale.unlink()
        self._log = log = (self.backend.var_dir / "server.log").open("ab")
        self.process = subprocess.Popen(  # noqa: S603  # the venv's uvicorn, fixed arguments
            self.args,
            cwd=REPO,
            env=self.backend.env,
            stdout=log,
            stderr=log,
            start_new_session=True,
            preexec_fn=raise_fd_limit,  # noqa: PLW1509
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"uvicorn exited; see {self.backend.var_dir / 'server.log'}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError("uvicorn did not become healthy within 60 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        if self._log is not None:
            self._log.close()
            self._log = None

    def tokens(self) -> list[str]:
        """One API token per provisioned user, in `Plan.users` order."""
        tokens = []
        for user in self.backend.plan.users:
            response = httpx.post(
                f"{self.url}/api/auth/token/",
                timeout=30,
                json={"username": user.username, "password": PASSWORD},
            )
            response.raise_for_status()
            tokens.append(str(response.json()["token"]))
        return tokens

    # -- measurements ------------------------------------------------------------
    def pids(self) -> list[int]:
        """The supervisor and every process below it."""
        assert self.process is not None
        children: dict[int, list[int]] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        found, todo = [], [self.process.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found

    def rss_kb(self) -> int:
        total = 0
        for pid in self.pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                continue
        return total

    def cpu_seconds(self) -> float:
        total = 0
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / CLK_TCK

    def threads(self) -> int:
        total = 0
        for pid in self.pids():
            try:
                total += len(list(Path(f"/proc/{pid}/task").iterdir()))
            except OSError:
                continue
        return total
