"""Project-level sanity that `make run` relies on: migrations match the models, Django's
system checks pass and the ASGI entry point served by uvicorn imports.

These run in-process (no subprocess, no server) so they stay fast.
"""

import os
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command


def test_every_model_change_has_a_migration(db: None) -> None:
    output = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=output, stderr=output)
    except SystemExit:
        pytest.fail(f"models changed without a migration:\n{output.getvalue()}")
    assert "No changes detected" in output.getvalue()


def test_django_system_checks_report_no_errors() -> None:
    output = StringIO()
    call_command("check", stdout=output, stderr=output)
    assert "System check identified no issues" in output.getvalue()


def test_asgi_application_imports_and_is_callable() -> None:
    from config.asgi import application

    assert callable(application)


def test_make_run_refuses_several_workers_without_a_shared_broker(tmp_path: Path) -> None:
    """With the in-process broker a worker wakes only its own streams; the others would see
    updates only at the safety poll. `make run` must say so, not serve late updates."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "MAKEFLAGS")}
    env.update(WORKERS="4", MULTICHAT_VAR_DIR=str(tmp_path))
    done = subprocess.run(
        ["make", "run"],  # noqa: S607  # make from PATH, as a user runs it
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "WORKERS=4 needs REDIS_URL" in done.stderr
    assert not (tmp_path / "multichat.sqlite3").exists(), "refused before migrating"
