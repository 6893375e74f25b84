"""The shared SSE test client reads the real endpoint's first events."""

import httpx

from tests.factories import AgentFactory, MetaChannelFactory, token_for
from tests.realtime.sse_client import SSEStream


def test_stream_starts_with_retry_then_a_position_event(asgi_server: str) -> None:
    channel = MetaChannelFactory()
    agent = AgentFactory(tenant=channel.tenant, role="admin")
    headers = {"Authorization": f"Bearer {token_for(agent.user)}"}
    with SSEStream(f"{asgi_server}/api/chats/realtime-updates/", headers=headers) as stream:
        first = stream.next()
        assert first.retry == 3000
        second = stream.next()
        assert second.id is not None and second.updates == []
    assert httpx.get(f"{asgi_server}/healthz").status_code == 200
