"""Prometheus metrics of outbound sends (served by `/metrics` with the others)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

SEND_ATTEMPTS = Counter(
    "multichat_outbound_attempts_total",
    "Provider send calls by provider and outcome (accepted, retry, failed)",
    ["provider", "outcome"],
)
SEND_SECONDS = Histogram(
    "multichat_outbound_send_seconds",
    "Duration of one provider send call (upload included)",
    ["provider"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
