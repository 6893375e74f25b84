"""Django management commands that belong to no single domain app (see `commands/`)."""
