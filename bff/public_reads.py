"""Public Odoo reads shared between requests: cached for a short time, coalesced while in flight, dropped as
soon as Odoo announces a change (``bff.cache_tags``).

Every ``OdooClient.call`` of the integration account passes through ``PublicReads.call``:

    call(model, method, args, kwargs)
      ├─ not shareable ───────────────────────────────────────────▶ Odoo, every time (bypass)
      ├─ a fresh answer is cached ────────────────────────────────▶ a copy of it, no Odoo call (hit)
      ├─ the same call is in flight for another request ──────────▶ wait for its answer (coalesced)
      └─ otherwise ──▶ Odoo (miss); the answer is cached unless a change that concerns it arrived meanwhile

**Shareable** means: a read method, a model of ``bff.policy.PUBLIC_MODELS``, no domain that ties the read to
a viewer (``bff.policy.viewer_bound``: scope fields, ``child_of``), and no context but ``lang``. Clients made
by ``OdooClient.as_user`` (a portal user's own password) never get this layer. The key is the whole call:
model, method, args and kwargs (domain, fields or ``specification``, limit, order, ``context.lang``) as
canonical JSON (its SHA-256), so two calls share an answer only when Odoo would be asked exactly the same
thing by the same account. Answers are kept as JSON text and decoded for each caller, so no caller can alter
another's rows.

Both stores are bounded by the bytes of their answers (``BFF_PUBLIC_CACHE_MB``), least recently used first.

``ReadLog`` notes, for the request that is running (a context variable), which models its calls read: the
whole-response cache (``bff.response_cache``) tags its entries with them.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from cachetools import TTLCache

from bff.cache_tags import NESTED, ChangeLog, is_stale
from bff.metrics import Metrics
from bff.policy import PUBLIC_MODELS, viewer_bound

SHARED_METHODS = frozenset({"search_read", "read", "search", "search_count", "read_group", "fields_get",
                            "name_search", "web_search_read", "web_read"})
Send = Callable[[str, str, list[Any], dict[str, Any]], Awaitable[Any]]


@dataclass
class ReadLog:
    """The models one request's Odoo calls read (``NESTED`` when a specification reached further)."""

    models: set[str] = field(default_factory=set)


_READ_LOG: ContextVar[ReadLog | None] = ContextVar("bff_read_log", default=None)


@contextmanager
def logging_reads() -> Iterator[ReadLog]:
    """Note the models read by the Odoo calls made inside (dataloader tasks copy the context, so theirs too)."""
    log = ReadLog()
    token = _READ_LOG.set(log)
    try:
        yield log
    finally:
        _READ_LOG.reset(token)


def call_tags(model: str, kwargs: dict[str, Any]) -> frozenset[str]:
    """The model a call reads, and ``NESTED`` when its specification reads related records too."""
    spec = kwargs.get("specification")
    nested = isinstance(spec, dict) and any(isinstance(v, dict) and v.get("fields") for v in spec.values())
    return frozenset({model, NESTED} if nested else {model})


def _mentions_viewer(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_mentions_viewer(v) for v in value.values())
    if isinstance(value, list | tuple):
        return viewer_bound(value) or any(_mentions_viewer(v) for v in value if isinstance(v, dict))
    return False


def shareable(model: str, method: str, args: list[Any], kwargs: dict[str, Any]) -> bool:
    """Whether this call's answer may be shared between viewers (see the module docstring)."""
    if method not in SHARED_METHODS or model not in PUBLIC_MODELS:
        return False
    context = kwargs.get("context") or {}
    if not isinstance(context, dict) or set(context) - {"lang"}:
        return False
    return not (_mentions_viewer(args) or _mentions_viewer(kwargs))


class PublicReads:
    """The shared cache of public Odoo answers of one process (see the module docstring)."""

    def __init__(self, *, ttl_s: float, max_bytes: int, metrics: Metrics) -> None:
        self._entries: TTLCache[str, tuple[frozenset[str], str]] = TTLCache(
            max_bytes, ttl_s, timer=time.monotonic, getsizeof=lambda entry: len(entry[1]) + 200)
        self._flights: dict[str, tuple[frozenset[str], asyncio.Future[str]]] = {}
        self._changes = ChangeLog()
        self._count = metrics.public_cache.inc

    def __len__(self) -> int:
        return len(self._entries)

    async def call(self, model: str, method: str, args: list[Any], kwargs: dict[str, Any], send: Send) -> Any:
        tags = call_tags(model, kwargs)
        if (log := _READ_LOG.get()) is not None:
            log.models.update(tags)
        if not shareable(model, method, args, kwargs):
            return await send(model, method, args, kwargs)
        call = json.dumps([model, method, args, kwargs], sort_keys=True, separators=(",", ":"), default=str)
        key = hashlib.sha256(call.encode()).hexdigest()
        entry = self._entries.get(key)
        if entry is not None:
            self._count("odoo", "hit")
            return json.loads(entry[1])
        flight = self._flights.get(key)
        if flight is None:
            self._count("odoo", "miss")
            task = asyncio.ensure_future(self._fetch(key, tags, send, (model, method, args, kwargs)))
            task.add_done_callback(_retrieve)  # a failure nobody waits for any more is not "never retrieved"
            self._flights[key] = flight = (tags, task)
        else:
            self._count("odoo", "coalesced")
        return json.loads(await asyncio.shield(flight[1]))

    async def _fetch(self, key: str, tags: frozenset[str], send: Send,
                     call: tuple[str, str, list[Any], dict[str, Any]]) -> str:
        seq = self._changes.seq
        try:
            text = json.dumps(await send(*call))
        finally:
            if (current := self._flights.get(key)) is not None and current[1] is asyncio.current_task():
                del self._flights[key]
        if not self._changes.stale_since(seq, tags):
            with contextlib.suppress(ValueError):  # larger than the whole cache: served, not kept
                self._entries[key] = (tags, text)
        return text

    def invalidate(self, stale: frozenset[str]) -> int:
        """Drop the answers a change makes stale (``bff.cache_tags.affected``); returns how many."""
        self._changes.note(stale)
        for key, (tags, _) in list(self._flights.items()):
            if is_stale(tags, stale):
                del self._flights[key]  # later callers ask Odoo again; those waiting get the answer in flight
        dropped = [key for key, (tags, _) in list(self._entries.items()) if is_stale(tags, stale)]
        for key in dropped:
            self._entries.pop(key, None)
        if dropped:
            self._count("odoo", "dropped", amount=len(dropped))
        return len(dropped)


def _retrieve(task: asyncio.Future[str]) -> None:
    if not task.cancelled():
        task.exception()
