"""The benchmark harness itself, end to end at a tiny scale, so CI keeps it working.

Real processes as in `make bench`: a migrated and provisioned SQLite backend, uvicorn,
the load-generator subprocess and webhooks through the real endpoint. The numbers are
not judged here (CI machines vary), only that every delivery was seen exactly once.
"""

from __future__ import annotations

from pathlib import Path

from bench.cell import Cell, run_cell
from bench.provisioning import Plan
from bench.run import CONFIGS
from bench.servers import Backend, Server

SMALL = Plan(evolution_channels=2, agents_per_channel=1, admins=1)


def test_twenty_clients_receive_every_visible_message_exactly_once(tmp_path: Path) -> None:
    config = next(c for c in CONFIGS if c.key == "new-sqlite")
    backend = Backend(tmp_path / "backend", postgres=False, redis=False, plan=SMALL)
    backend.prepare()
    token_server = Server(backend, 1)
    token_server.start()
    try:
        tokens = token_server.tokens()
    finally:
        token_server.stop()

    cell = run_cell(
        Cell(config, clients=20, rate=10.0, duration=2.0),
        backend,
        tokens,
        tmp_path / "cell",
        grace=1.0,
    )

    delivery = cell.delivery
    assert delivery is not None, cell.notes
    assert (delivery.connected, delivery.connect_failures) == (20, 0)
    assert delivery.webhooks_posted == 20
    assert delivery.webhooks_failed == 0
    # 20 clients over 3 users: the admin sees both channels, each agent one.
    assert delivery.expected == 7 * 20 + 13 * 10
    assert (delivery.lost, delivery.duplicated, delivery.unexpected) == (0, 0, 0)
    assert len(delivery.latencies_ms) == delivery.expected
    assert all(latency > 0 for latency in delivery.latencies_ms)
    assert cell.rss_open_kb > 0
    assert cell.cpu_percent > 0
