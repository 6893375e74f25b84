"""Prometheus metrics of webhook intake."""

from __future__ import annotations

from prometheus_client import Counter

WEBHOOKS = Counter(
    "multichat_webhooks_total",
    "Webhook deliveries by provider and outcome",
    ["provider", "outcome"],
)
