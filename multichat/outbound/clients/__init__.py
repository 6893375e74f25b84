"""One small client per provider behind the `ProviderClient` protocol (`base.py`)."""
