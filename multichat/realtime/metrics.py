"""Prometheus metrics of realtime delivery (rendered by `GET /metrics`)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

STREAMS_OPEN = Gauge(
    "multichat_realtime_streams_open",
    "Realtime streams (SSE and WebSocket) currently open",
    multiprocess_mode="livesum",
)
UPDATES_PUBLISHED = Counter(
    "multichat_realtime_updates_published_total",
    "Event-log rows read and fanned out by this process",
)
UPDATES_DELIVERED = Counter(
    "multichat_realtime_updates_delivered_total",
    "Updates handed to open streams (one per stream per update)",
)
DELIVERY_LATENCY = Histogram(
    "multichat_realtime_delivery_latency_seconds",
    "Time from an event's commit-time row creation to its fan-out to streams",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
BROKER_CONNECTED = Gauge(
    "multichat_realtime_broker_connected",
    "1 while this process's broker subscription is connected",
    multiprocess_mode="liveall",
)
STREAMS_CLOSED_SLOW = Counter(
    "multichat_realtime_streams_closed_slow_total",
    "Streams closed because the client fell too far behind (it resumes by id)",
)
