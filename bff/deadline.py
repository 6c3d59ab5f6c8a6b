"""One deadline per request, shared by every Odoo call the request makes.

A per-call timeout alone does not bound what a client waits: with Odoo slow, a request queues for one of
the pool's connection slots and for the integration log-in, and that waiting counted against nothing (40
clients at 2 s per Odoo call waited 21 s at the median). So the app opens a deadline when a request starts
(``BFF_REQUEST_TIMEOUT_S``) and keeps it in a context variable; the Odoo client then

* waits for a connection slot or the log-in lock only until the deadline (``acquire``), and
* gives each call ``min(ODOO_TIMEOUT_S, time left)`` (``call_timeout``).

When the time is up the request gets ``DeadlineExceeded`` (``ODOO_UNAVAILABLE``). Tasks started inside the
request (dataloader batches) copy the context, so they share its deadline. Work outside a request (start-up
detection, the bus client) has no deadline and is bounded by ``ODOO_TIMEOUT_S`` alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Protocol

from starlette.types import ASGIApp, Receive, Scope, Send

from bff.errors import DeadlineExceeded

_DEADLINE: ContextVar[float | None] = ContextVar("bff_request_deadline", default=None)


class Lockish(Protocol):
    async def acquire(self) -> bool | None: ...

    def release(self) -> None: ...


@contextlib.contextmanager
def request_deadline(seconds: float | None) -> Iterator[None]:
    """Run the block with a deadline ``seconds`` from now (``None`` or <= 0: no deadline).

    A deadline already set (a nested call) is kept when it is earlier.
    """
    if seconds is None or seconds <= 0:
        yield
        return
    ends = time.monotonic() + seconds
    current = _DEADLINE.get()
    token = _DEADLINE.set(ends if current is None else min(current, ends))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def time_left() -> float | None:
    """Seconds until the current request's deadline (may be negative), or ``None`` without one."""
    ends = _DEADLINE.get()
    return None if ends is None else ends - time.monotonic()


@dataclass(frozen=True)
class CallTimeout:
    """The timeout of one Odoo call, and whether the request deadline (not ODOO_TIMEOUT_S) set it."""

    seconds: float
    cut_by_deadline: bool


def call_timeout(odoo_timeout_s: float) -> CallTimeout:
    """``min(odoo_timeout_s, time left)``; raises ``DeadlineExceeded`` when no time is left."""
    left = time_left()
    if left is None or left >= odoo_timeout_s:
        return CallTimeout(odoo_timeout_s, False)
    if left <= 0:
        raise DeadlineExceeded()
    return CallTimeout(left, True)


@contextlib.asynccontextmanager
async def acquire(lock: Lockish) -> AsyncIterator[None]:
    """Hold ``lock`` (a lock or semaphore), waiting for it no longer than the request deadline."""
    left = time_left()
    if left is None:
        await lock.acquire()
    elif left <= 0:
        raise DeadlineExceeded()
    else:
        try:
            async with asyncio.timeout(left):
                await lock.acquire()
        except TimeoutError:
            raise DeadlineExceeded() from None
    try:
        yield
    finally:
        lock.release()


class DeadlineMiddleware:
    """Runs every HTTP request under ``request_deadline(seconds)`` (websockets live longer: none)."""

    def __init__(self, app: ASGIApp, *, seconds: float | None) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with request_deadline(self.seconds):
            await self.app(scope, receive, send)
