"""The per-process sender: takes due sends from the queue and calls the providers.

One `Sender` runs in each server process's event loop (started by the ASGI lifespan,
`asgi.py`). It is woken in-process right after a send is committed
(`chats.signals.outbound_send_due`) and also polls every `OUTBOUND_POLL_SECONDS`, which
picks up retries that came due, sends committed by other processes, and rows orphaned by
a process that died (their lease expires). Database work runs on the sender's own
threads; provider calls are async, at most `OUTBOUND_CONCURRENCY` at a time.

Guarantees: a committed send is attempted until it is accepted or fails for good, even
across crashes and restarts; two processes never work on one row at the same time
(`claims`); results are recorded through the chats services, which announce them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any, TypeVar

import httpx
from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone

from multichat.chats.services.outbound_results import (
    outbound_record_accepted,
    outbound_record_failure,
)
from multichat.chats.signals import outbound_send_due
from multichat.media.inline import media_cache_sent_file
from multichat.outbound import metrics
from multichat.outbound.backoff import attempts_exhausted, retry_delay
from multichat.outbound.claims import SendJob, claim_due, prepare
from multichat.outbound.clients.base import PermanentSendError, SendAccepted, TransientSendError
from multichat.outbound.clients.registry import client_for

logger = logging.getLogger(__name__)
T = TypeVar("T")
DB_THREADS = 2
RECORD_TRIES = 5  # a result that cannot be stored is retried; after that the row is in doubt


def _guarded(func: Callable[..., T], kwargs: dict[str, Any]) -> T:
    close_old_connections()
    try:
        return func(**kwargs)
    except Exception:
        connections.close_all()
        raise


class Sender:
    def __init__(self, *, owner: str | None = None) -> None:
        self.owner = owner or f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.concurrency = max(int(settings.OUTBOUND_CONCURRENCY), 1)
        self._executor = ThreadPoolExecutor(
            max_workers=DB_THREADS, thread_name_prefix="outbound-db"
        )
        self._wake = asyncio.Event()
        self._active: set[asyncio.Task[None]] = set()
        self._main: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._http: httpx.AsyncClient | None = None

    # -- lifecycle ---------------------------------------------------------------
    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        timeout = float(settings.OUTBOUND_HTTP_TIMEOUT_SECONDS)
        self._http = httpx.AsyncClient(timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)))
        outbound_send_due.connect(self._on_due, weak=False, dispatch_uid=self.owner)
        self._main = asyncio.create_task(self._run())
        logger.info("outbound sender %s started", self.owner)

    async def stop(self, grace: float = 3.0) -> None:
        """Stop claiming; give calls in flight `grace` seconds, then cancel them (a
        cancelled call leaves its row in doubt, resolved as after a crash)."""
        outbound_send_due.disconnect(dispatch_uid=self.owner)
        if self._main is not None:
            self._main.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._main
        if self._active:
            _, late = await asyncio.wait(self._active, timeout=grace)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        if self._http is not None:
            await self._http.aclose()
        await self._close_connections()
        self._executor.shutdown(wait=False)

    async def _close_connections(self) -> None:
        """Close the database connection of each of the sender's threads (a barrier
        makes every thread take one of the calls)."""
        threads = DB_THREADS
        barrier = threading.Barrier(threads)

        def close() -> None:
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=5)
            connections.close_all()

        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(self._executor, close) for _ in range(threads)))

    def _on_due(self, **_: Any) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop is shutting down
                loop.call_soon_threadsafe(self._wake.set)

    async def _db(self, func: Callable[..., T], **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, _guarded, func, kwargs)

    # -- the loop ------------------------------------------------------------------
    async def _run(self) -> None:
        while True:
            self._wake.clear()
            free = self.concurrency - len(self._active)
            if free > 0:
                try:
                    claimed = await self._db(claim_due, owner=self.owner, limit=free)
                except Exception:
                    logger.exception("claiming outbound sends failed; will retry")
                    claimed = []
                for message_id in claimed:
                    task = asyncio.create_task(self._process(message_id))
                    self._active.add(task)
                    task.add_done_callback(self._done)
                if claimed and len(claimed) == free:
                    continue  # more may be due: claim again as soon as a slot frees
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), settings.OUTBOUND_POLL_SECONDS)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._active.discard(task)
        self._wake.set()

    async def _process(self, message_id: int) -> None:
        try:
            job = await self._db(prepare, message_id=message_id, owner=self.owner)
            if job is not None:
                await self._send(job)
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("outbound message %s: unexpected error", message_id)

    async def _send(self, job: SendJob) -> None:
        if job.message is None:
            await self._failed(job, {"code": "unsendable", "detail": job.problem}, None)
            return
        if self._http is None:
            raise RuntimeError("sender not started")
        provider = job.channel.provider
        try:
            with metrics.SEND_SECONDS.labels(provider).time():
                accepted = await client_for(job.channel, self._http).send(job.message)
        except TransientSendError as error:
            retry_at = None
            if not attempts_exhausted(job.attempt):
                delay = retry_delay(job.attempt, error.retry_after)
                retry_at = timezone.now() + timedelta(seconds=delay)
            logger.info(
                "outbound message %s attempt %s failed (%s); retry at %s",
                job.message_id,
                job.attempt,
                error.detail,
                retry_at,
            )
            outcome = "retry" if retry_at is not None else "failed"
            metrics.SEND_ATTEMPTS.labels(provider, outcome).inc()
            await self._failed(job, error.as_json(), retry_at, in_doubt=error.in_doubt)
        except PermanentSendError as error:
            logger.info("outbound message %s refused: %s", job.message_id, error.detail)
            metrics.SEND_ATTEMPTS.labels(provider, "failed").inc()
            await self._failed(job, error.as_json(), None)
        else:
            metrics.SEND_ATTEMPTS.labels(provider, "accepted").inc()
            await self._accepted(job, accepted)

    async def _accepted(self, job: SendJob, accepted: SendAccepted) -> None:
        if job.message is not None and job.message.media is not None:
            # Before recording: recording deletes the upload once it commits.
            await asyncio.to_thread(
                media_cache_sent_file,
                channel_id=job.channel_id,
                provider_message_id=accepted.provider_message_id,
                path=job.message.media.path,
            )
        for attempt in range(RECORD_TRIES):
            try:
                await self._db(
                    outbound_record_accepted,
                    message_id=job.message_id,
                    provider_message_id=accepted.provider_message_id,
                    media_id=accepted.media_id,
                )
                return
            except Exception:
                logger.exception("recording outbound message %s as sent failed", job.message_id)
                await asyncio.sleep(min(2**attempt, 10))

    async def _failed(
        self, job: SendJob, error: dict[str, Any], retry_at: Any, *, in_doubt: bool = False
    ) -> None:
        await self._db(
            outbound_record_failure,
            message_id=job.message_id,
            owner=self.owner,
            error=error,
            retry_at=retry_at,
            in_doubt=in_doubt,
        )
