"""Whole GraphQL answers to anonymous public queries, kept for a short time and shared by identical requests.

``bff.http_cache`` decides what may be stored (no ``Authorization``, a query, answered 200 without top-level
errors) and builds the key (document, variables, operation name, language...). This module keeps the
entries and coalesces identical requests that arrive while the first is running:

    lookup(key) ── entry ──▶ served: no execution, no Odoo call (hit)
        │ none
        ├─ the same request is running ──▶ wait for it; its answer if it was storable (coalesced), else run
        └─ lead(key) ──▶ run it (miss) ──▶ finish(entry or None): stored unless a change concerning the
                                          models it read arrived meanwhile; waiting requests get it

Entries are tagged with the models the answer read (``bff.public_reads.ReadLog``) and dropped by the changes
that concern them (``bff.cache_tags``); a ``Resync`` drops all. The TTL bounds how stale an answer can get
from models whose changes Odoo does not announce.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass

from cachetools import TTLCache

from bff.cache_tags import ChangeLog, is_stale
from bff.metrics import Metrics


@dataclass(frozen=True)
class CachedResponse:
    """One stored answer: what the view sent (status, headers, body) and what it depends on."""

    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    etag: str
    tags: frozenset[str]


class Lead:
    """The request that runs while identical ones wait; ``finish`` exactly once."""

    def __init__(self, cache: ResponseCache, key: str) -> None:
        self.cache, self.key, self.seq = cache, key, cache._changes.seq
        self.future: asyncio.Future[CachedResponse | None] = asyncio.get_running_loop().create_future()

    def finish(self, entry: CachedResponse | None) -> None:
        cache = self.cache
        if cache._flights.get(self.key) is self.future:
            del cache._flights[self.key]
        if entry is not None and not cache._changes.stale_since(self.seq, entry.tags):
            with contextlib.suppress(ValueError):  # larger than the whole cache: served, not kept
                cache._entries[self.key] = entry
        if not self.future.done():
            self.future.set_result(entry)


class ResponseCache:
    """The answers of one process (see the module docstring)."""

    def __init__(self, *, ttl_s: float, max_bytes: int, metrics: Metrics) -> None:
        self._entries: TTLCache[str, CachedResponse] = TTLCache(max_bytes, ttl_s, timer=time.monotonic,
                                                                getsizeof=lambda entry: len(entry.body) + 200)
        self._flights: dict[str, asyncio.Future[CachedResponse | None]] = {}
        self._changes = ChangeLog()
        self.count = metrics.public_cache.inc

    def __len__(self) -> int:
        return len(self._entries)

    def lookup(self, key: str) -> CachedResponse | None:
        entry = self._entries.get(key)
        if entry is not None:
            self.count("response", "hit")
        return entry

    def running(self, key: str) -> asyncio.Future[CachedResponse | None] | None:
        """The answer of the identical request running now, to wait for; None when there is none."""
        return self._flights.get(key)

    def lead(self, key: str) -> Lead:
        self.count("response", "miss")
        lead = Lead(self, key)
        self._flights[key] = lead.future
        return lead

    def invalidate(self, stale: frozenset[str]) -> int:
        """Drop the answers a change makes stale; requests running now finish but are not stored."""
        self._changes.note(stale)
        self._flights.clear()  # a request arriving from now on must not get an answer begun before the change
        dropped = [key for key, entry in list(self._entries.items()) if is_stale(entry.tags, stale)]
        for key in dropped:
            self._entries.pop(key, None)
        if dropped:
            self.count("response", "dropped", amount=len(dropped))
        return len(dropped)
