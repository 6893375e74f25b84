"""Evolution `messages.upsert` webhooks posted through the real endpoint at a steady rate.

Each message gets a unique `key.id` and carries its send time (`time.time_ns()`, the
clock the SSE clients read too) in its text. Sends follow a fixed schedule and do not
wait for earlier answers, so a slow server gets concurrent webhooks — as from a real
provider — instead of a politely slowed-down stream.
"""

from __future__ import annotations

import asyncio
import copy
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench.provisioning import api_key, instance

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "multichat/webhooks/providers/evolution/fixtures/messages_upsert_text.json"
CONTACTS_PER_CHANNEL = 25
REQUEST_TIMEOUT_SECONDS = 30.0


@dataclass
class Posted:
    message_id: str
    channel: int
    sent_ns: int
    status: int = 0  # 0: no answer (timeout or connection error)
    stored: bool = False
    answered_ns: int = 0


def payload(template: dict[str, Any], message_id: str, channel: int, seq: int, sent_ns: int):
    body = copy.deepcopy(template)
    body["instance"] = instance(channel)
    body["apikey"] = api_key(channel)
    data = body["data"]
    contact = seq % CONTACTS_PER_CHANNEL
    data["key"]["remoteJid"] = f"55119{channel:02d}{contact:06d}@s.whatsapp.net"
    data["key"].pop("remoteJidAlt", None)
    data["key"]["id"] = message_id
    data["message"] = {"conversation": f"bench {message_id} sent_ns={sent_ns}"}
    data["messageTimestamp"] = sent_ns // 1_000_000_000
    return body


async def post_steadily(
    base_url: str, *, rate: float, duration: float, tag: str, channels: int
) -> list[Posted]:
    """Post `rate` webhooks a second for `duration` seconds, then wait for the answers."""
    template = json.loads(FIXTURE.read_text())
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=50)
    posted: list[Posted] = []
    async with httpx.AsyncClient(
        base_url=base_url, limits=limits, timeout=REQUEST_TIMEOUT_SECONDS
    ) as client:

        async def send(seq: int) -> None:
            channel = seq % channels
            message_id = f"BENCH{tag}{seq:07d}"
            sent_ns = time.time_ns()
            record = Posted(message_id, channel, sent_ns)
            posted.append(record)
            body = json.dumps(payload(template, message_id, channel, seq, sent_ns)).encode()
            record.sent_ns = time.time_ns()  # latency starts when the POST leaves
            try:
                response = await client.post(
                    "/webhooks/evolution/",
                    content=body,
                    headers={"content-type": "application/json"},
                )
            except httpx.HTTPError:
                return
            record.answered_ns = time.time_ns()
            record.status = response.status_code
            record.stored = response.status_code == 200 and response.json().get("stored", 0) > 0

        start = time.monotonic()
        total = int(rate * duration)
        tasks = []
        for seq in range(total):
            delay = start + seq / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.ensure_future(send(seq)))
        await asyncio.gather(*tasks)
    return posted
