"""`manage.py provision FILE [--print-logins]`: output, error reporting and exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from multichat.tenants.models import Agent, Tenant
from tests.tenants.conftest import DEMO_FILE
from tests.tenants.test_provisioning import SECRETS

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_command_prints_a_one_line_summary_without_secrets(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("provision", str(DEMO_FILE))

    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{DEMO_FILE}: Provisioned tenants: 1 created, 0 updated; "
        "channels: 2 created, 0 updated; agents: 2 created, 0 updated"
    ]
    assert [secret for secret in SECRETS if secret in out + err] == []
    assert Agent.objects.filter(tenant__slug="demo").count() == 2


@pytest.mark.django_db
def test_print_logins_prints_each_agents_username_password_role_and_tenant(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("provision", str(DEMO_FILE), "--print-logins")

    out = capsys.readouterr().out
    assert "admin / admin123 (admin, demo)" in out
    assert "agente / agente123 (agent, demo)" in out


@pytest.mark.django_db
def test_an_invalid_file_prints_every_error_on_stderr_and_exits_with_1(
    capsys: pytest.CaptureFixture[str],
    demo_document: dict[str, Any],
    write_json: Callable[[Any], Path],
) -> None:
    demo_document["tenants"][0]["channels"][0].pop("app_secret")
    demo_document["tenants"][0]["agents"][1]["channels"] = ["vendas"]
    path = write_json(demo_document)

    with pytest.raises(CommandError) as excinfo:
        call_command("provision", str(path), "--print-logins")

    out, err = capsys.readouterr()
    assert excinfo.value.returncode == 1
    assert err.splitlines() == [
        "$.tenants[0].channels[0].app_secret: Field required",
        "$.tenants[0].agents[1].channels[0]: no channel 'vendas' in tenant 'demo'",
    ]
    assert out == ""
    assert not Tenant.objects.exists()


@pytest.mark.django_db
def test_a_missing_file_is_reported_on_stderr(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "absent.json"

    with pytest.raises(CommandError):
        call_command("provision", str(path))

    assert capsys.readouterr().err == f"$: cannot read {path}: No such file or directory\n"


@pytest.mark.slow
def test_manage_py_exits_0_on_a_valid_file_and_1_on_an_invalid_one(tmp_path: Path) -> None:
    env = os.environ | {
        "MULTICHAT_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }

    def manage(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    assert manage("migrate", "--no-input", "-v", "0").returncode == 0
    invalid = tmp_path / "invalid.json"
    invalid.write_text('{"tenants": [{"slug": "x"}]}', encoding="utf-8")

    failed = manage("provision", str(invalid))
    applied = manage("provision", str(DEMO_FILE))
    again = manage("provision", str(DEMO_FILE))

    assert failed.returncode == 1
    assert "$.tenants[0].name: Field required" in failed.stderr.splitlines()
    assert applied.returncode == 0, applied.stderr
    assert "tenants: 1 created" in applied.stdout
    assert "admin123" not in applied.stdout + applied.stderr
    assert again.returncode == 0
    assert "tenants: 0 created, 1 updated" in again.stdout
