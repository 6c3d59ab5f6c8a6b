"""The public caches of one process, put together: shared Odoo reads (``bff.public_reads``), whole answers
(``bff.response_cache``) and HTTP caching (``bff.http_cache``), all emptied by the change feed (and, with
``REDIS_URL``, by the other processes' feeds: ``bff.shared_invalidation``).

``create_app`` builds one ``PublicCache``: it installs the shared reads on the integration account's client,
wraps the ``/graphql`` view, and sits first on the change feed (``relay``), so a change drops what it made
stale before any subscriber re-reads. ``BFF_PUBLIC_CACHE_TTL_S=0`` turns both stores off (the HTTP headers
stay: an intermediary may still cache public GET answers for ``BFF_HTTP_MAX_AGE_S``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from starlette.types import ASGIApp

from bff.cache_tags import affected
from bff.http_cache import HttpCache
from bff.live.changes import FeedEvent
from bff.odoo_client import OdooClient
from bff.public_reads import PublicReads
from bff.response_cache import ResponseCache
from bff.settings import Settings

log = logging.getLogger("bff.public_cache")


class PublicCache:
    """Both stores of the process (None when turned off) and their one invalidation entry point."""

    def __init__(self, odoo: OdooClient, settings: Settings) -> None:
        self.settings = settings
        self.reads: PublicReads | None = None
        self.responses: ResponseCache | None = None
        self.on_stale: Callable[[frozenset[str]], None] | None = None  # tells the other processes
        if settings.public_cache_ttl_s > 0:
            size, ttl = int(settings.public_cache_mb * 1024 * 1024), settings.public_cache_ttl_s
            self.reads = PublicReads(ttl_s=ttl, max_bytes=size, metrics=odoo.metrics)
            self.responses = ResponseCache(ttl_s=ttl, max_bytes=size, metrics=odoo.metrics)
            odoo.public_reads = self.reads

    def wrap(self, view: ASGIApp) -> HttpCache:
        """The ``/graphql`` view behind HTTP caching and the response cache."""
        return HttpCache(view, settings=self.settings, responses=self.responses)

    def invalidate(self, event: FeedEvent) -> None:
        """Drop what a change (or a resync: everything) made stale, in both stores, and tell the other
        processes (``on_stale``: ``bff.shared_invalidation`` with ``REDIS_URL``)."""
        stale = affected(event)
        self.drop(stale)
        if self.on_stale is not None and (self.reads is not None or self.responses is not None):
            self.on_stale(stale)

    def drop(self, stale: frozenset[str]) -> int:
        """Drop the entries tagged with any of ``stale`` (``EVERYTHING``: all) from both stores."""
        dropped = sum(store.invalidate(stale) for store in (self.reads, self.responses) if store is not None)
        if dropped:
            log.debug("public cache: %s dropped %d entries", sorted(stale), dropped)
        return dropped

    def relay(self, publish: Callable[[FeedEvent], None]) -> Callable[[FeedEvent], None]:
        """``publish`` of the change feed, after the caches have dropped what the event made stale."""
        def invalidate_then_publish(event: FeedEvent) -> None:
            try:
                self.invalidate(event)
            except Exception:  # subscribers must still hear of the change; the TTL bounds what stays stale
                log.exception("public cache: dropping entries for %r failed", event)
            publish(event)
        return invalidate_then_publish
