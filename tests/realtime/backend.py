"""A dedicated database for the tests that run real server processes (`servers.py`).

Those servers cannot use pytest-django's test database (it lives in the test process's
transactions), so each test module gets its own: a fresh PostgreSQL database when
DATABASE_URL is PostgreSQL, else a SQLite file in a temporary directory, migrated and
provisioned through `manage.py` as an operator would, and dropped at the end. Tests read
the event log straight from it to know what every client must have received.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import psycopg

REPO = Path(__file__).resolve().parents[2]
EVO_INSTANCE, EVO_KEY = "rt-procs", "RT-PROCS-EVOLUTION-KEY"
ADMIN = {"username": "rt-admin", "password": "rt-admin-password"}
# What a child must not inherit: the test run's own database, broker and make state.
INHERITED_NOT = {"DATABASE_URL", "REDIS_URL", "PROMETHEUS_MULTIPROC_DIR", "PYTEST_CURRENT_TEST"}
INHERITED_NOT |= {"MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES"}


class Backend:
    """A dedicated database, migrated and provisioned with one tenant, one Evolution
    channel and one admin: PostgreSQL (a fresh database) when DATABASE_URL is
    PostgreSQL, else SQLite in `var_dir`."""

    def __init__(self, var_dir: Path, name: str) -> None:
        self.var_dir = var_dir
        self.env = {**child_env(), "MULTICHAT_VAR_DIR": str(var_dir)}
        url = os.environ.get("DATABASE_URL", "")
        self.postgres = url.startswith(("postgres://", "postgresql://"))
        self._token = ""
        if self.postgres:
            self.db_name = f"rt_{name}_{os.getpid()}"
            self._admin_url = urlsplit(url)._replace(path="/postgres").geturl()
            self.env["DATABASE_URL"] = urlsplit(url)._replace(path=f"/{self.db_name}").geturl()

    @contextlib.contextmanager
    def provisioned(self) -> Iterator[Backend]:
        try:
            if self.postgres:
                self._admin_sql(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
                self._admin_sql(f'CREATE DATABASE "{self.db_name}"')
            self._manage("migrate", "--noinput")
            self._manage("provision", str(self._write_provisioning_file()))
            yield self
        finally:
            if self.postgres:
                self._admin_sql(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')

    def _admin_sql(self, statement: str) -> None:
        with psycopg.connect(self._admin_url, autocommit=True) as conn:
            conn.execute(statement.encode())

    def _manage(self, *args: str) -> None:
        done = subprocess.run(  # noqa: S603  # our own manage.py, fixed arguments
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert done.returncode == 0, f"manage.py {args[0]} failed:\n{done.stdout}{done.stderr}"

    def _write_provisioning_file(self) -> Path:
        channel = {
            "provider": "evolution",
            "key": "rt-evo",
            "instance": EVO_INSTANCE,
            "api_key": EVO_KEY,
            "api_base_url": "http://127.0.0.1:9",
        }
        admin = {**ADMIN, "role": "admin"}
        tenant = {"slug": "rt", "name": "Realtime", "channels": [channel], "agents": [admin]}
        path = self.var_dir / "provision.json"
        path.write_text(json.dumps({"tenants": [tenant]}))
        return path

    def log_updates(self, after_id: int = 0) -> list[dict[str, Any]]:
        """The event log after `after_id`, oldest first, read straight from the database."""
        sql = 'SELECT "update" FROM realtime_event WHERE id > %s ORDER BY id'
        if self.postgres:
            with psycopg.connect(self.env["DATABASE_URL"]) as conn:
                return [row[0] for row in conn.execute(sql.encode(), [after_id])]
        with contextlib.closing(sqlite3.connect(self.var_dir / "multichat.sqlite3")) as conn:
            rows = conn.execute(sql.replace("%s", "?"), [after_id]).fetchall()
        return [json.loads(row[0]) for row in rows]

    def head_id(self) -> int:
        sql = "SELECT COALESCE(MAX(id), 0) FROM realtime_event"
        if self.postgres:
            with psycopg.connect(self.env["DATABASE_URL"]) as conn:
                row = conn.execute(sql.encode()).fetchone()
        else:
            with contextlib.closing(sqlite3.connect(self.var_dir / "multichat.sqlite3")) as conn:
                row = conn.execute(sql).fetchone()
        return int(row[0]) if row else 0

    def token(self, url: str) -> str:
        if not self._token:
            response = httpx.post(f"{url}/api/auth/token/", json=ADMIN, timeout=10)
            assert response.status_code == 200, response.text
            self._token = response.json()["token"]
        return self._token


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in INHERITED_NOT}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", PYTHONUNBUFFERED="1")
    return env
