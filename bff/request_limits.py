"""Rate limits per viewer: GraphQL operations, and their query cost, in a sliding window.

    budget                               setting                   default          key
    operations                           BFF_RATE_LIMIT_REQUESTS   600/minute       user:<id> or address:<ip>
    query cost (bff/query_cost.py)       BFF_RATE_LIMIT_COST       100000/minute    same

A signed-in viewer is counted by user id (all their devices share one budget); anonymous traffic by client
address (``Context.client_address``: the socket peer, or ``X-Forwarded-For`` from ``BFF_TRUSTED_PROXIES``).
Each operation that passed validation is counted once, with the cost ``DocumentLimits`` prices it at, before
it runs: over either budget it runs nothing (no Odoo call) and answers ``RATE_LIMITED`` with
``extensions.retryAfter`` and the HTTP ``Retry-After`` (``bff.graphql_errors``). Every operation of a batched
POST and of a websocket counts on its own. ``off`` switches a budget off.

The counters are the ``limits`` library's sliding-window counters (O(1) per hit whatever the cost): in memory,
or in Redis with ``REDIS_URL`` so that every process shares them. Redis failing lets the operation through
(fail open, logged at most once a minute): these limits protect capacity, not credentials.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from graphql import ExecutionResult, GraphQLError
from graphql.utilities import get_operation_ast
from limits import RateLimitItem
from limits.aio.storage import Storage
from limits.aio.strategies import SlidingWindowCounterRateLimiter
from limits.errors import StorageError
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from bff.auth.rate_limits import parse_rate
from bff.errors import RateLimitExceeded
from bff.log_throttle import ThrottledLog
from bff.query_limits import DocumentLimits
from bff.query_shape import fragments_of
from bff.settings import Settings

log = ThrottledLog(logging.getLogger("bff.request_limits"), interval_s=60.0)
OFF = "off"


def _rate(text: str, setting: str) -> RateLimitItem | None:
    return None if text.strip().lower() == OFF else parse_rate(text, setting)


@dataclass
class RequestLimits:
    """The two budgets and the limiter that keeps them."""

    requests: RateLimitItem | None
    cost: RateLimitItem | None
    limiter: SlidingWindowCounterRateLimiter
    documents: DocumentLimits

    @classmethod
    def from_settings(cls, settings: Settings, storage: Storage) -> RequestLimits:
        cost = _rate(settings.rate_limit_cost, "BFF_RATE_LIMIT_COST")
        if cost is not None and cost.amount < settings.max_query_cost:
            raise ValueError(f"BFF_RATE_LIMIT_COST ({settings.rate_limit_cost}) must allow one operation of "
                             f"BFF_MAX_QUERY_COST ({settings.max_query_cost})")
        return cls(requests=_rate(settings.rate_limit_requests, "BFF_RATE_LIMIT_REQUESTS"), cost=cost,
                   limiter=SlidingWindowCounterRateLimiter(storage),
                   documents=DocumentLimits.from_settings(settings))

    async def charge(self, who: str, cost: Callable[[], int]) -> None:
        """Count one operation of ``cost()`` for ``who``, or raise ``RateLimitExceeded``."""
        try:
            if self.requests is not None:
                await self._hit(self.requests, "requests", who, 1)
            if self.cost is not None:
                await self._hit(self.cost, "cost", who, max(1, cost()))
        except StorageError as exc:
            log.warning("storage", "rate limits not applied, their storage failed: %s", exc.storage_error)

    async def _hit(self, item: RateLimitItem, kind: str, who: str, amount: int) -> None:
        if await self.limiter.hit(item, kind, who, cost=amount):
            return
        stats = await self.limiter.get_window_stats(item, kind, who)
        raise RateLimitExceeded(retry_after_s=stats.reset_time - time.time())

    def operation_cost(self, execution_context: Any) -> int:
        document = execution_context.graphql_document
        operation = get_operation_ast(document, execution_context.operation_name)
        if operation is None:
            return 1
        pricing = self.documents.pricing(execution_context.schema._schema)
        return pricing.operation_cost(operation, fragments_of(document), execution_context.variables).total


def viewer_key(context: Any) -> str:
    """``user:<id>`` for a signed-in viewer, else ``address:<client address>``."""
    viewer = getattr(context, "viewer", None)
    if viewer is not None and viewer.is_authenticated:
        return f"user:{viewer.user_id}"
    return "address:" + str(getattr(context, "client_address", "unknown"))


class RateLimitOperations(SchemaExtension):
    """Charges each operation to its viewer just before it executes (after parsing and validation)."""

    def __init__(self, limits: RequestLimits) -> None:
        self.limits = limits

    async def on_execute(self) -> AsyncIterator[None]:  # type: ignore[override]
        context = self.execution_context
        if context.result is None and context.graphql_document is not None and \
                context.operation_type is not OperationType.SUBSCRIPTION:  # subscriptions: bff.live's own limits
            try:
                await self.limits.charge(viewer_key(context.context), lambda: self.limits.operation_cost(context))
            except RateLimitExceeded as exc:
                context.result = ExecutionResult(data=None, errors=[GraphQLError(exc.message, original_error=exc)])
        yield
