"""`python manage.py provision FILE [--print-logins]` (behind `make provision FILE=…`).

Prints one summary line without secrets, or every error (one per line, with its JSON path)
on stderr and exits 1. `--print-logins` also prints each agent's password: `make run` uses
it for the demo file only, so a new user knows how to log in; without it no password is
ever printed.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from multichat.core.exceptions import InvalidInputError
from multichat.tenants.provisioning import provisioning_apply_file


class Command(BaseCommand):
    help = "Create or update tenants, channels and agents from a provisioning JSON file."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="path of the provisioning JSON file")
        parser.add_argument(
            "--print-logins",
            action="store_true",
            help="also print each agent's username and password (for demo files only)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            report = provisioning_apply_file(path)
        except InvalidInputError as exc:
            for line in exc.details or [exc.message]:
                self.stderr.write(str(line))
            raise CommandError(f"{path}: {exc.message}", returncode=1) from None
        self.stdout.write(self.style.SUCCESS(f"{path}: {report.summary()}"))
        if options["print_logins"]:
            self.stdout.write("Logins (username / password (role, tenant)):")
            for login in report.logins:
                self.stdout.write(f"  {login.line()}")
