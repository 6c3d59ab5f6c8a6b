"""The one place that builds the shared Redis client, and what a Redis failure means.

Without ``REDIS_URL`` every store is in the process (one ``bff serve`` worker). With it, the stores that must
agree across processes use this client (``bff.auth.redis_*``, the ``limits`` storage of the rate limits):

    state                          module                          Redis down
    refresh tokens and families    bff/auth/redis_refresh.py       SERVICE_UNAVAILABLE (fail closed)
    access-token revocations       bff/auth/redis_revocation.py    SERVICE_UNAVAILABLE (fail closed)
    log-in throttling              bff/auth/redis_throttle.py      SERVICE_UNAVAILABLE (fail closed)
    rate limits (limits library)   bff/auth/rate_limits.py,        the request goes through, logged
                                   bff/request_limits.py           (at most once a minute)
    persisted queries (APQ)        bff/redis_persisted.py          not found: the client sends the text
    public-cache invalidation      bff/shared_invalidation.py      each process's own feed and the TTL

Auth fails closed: a revocation or a throttle that cannot be read must not let a stolen or guessed credential
in. Rate limits fail open: they protect capacity, and refusing everything while Redis is down would turn a
Redis outage into a full outage. ``create_app`` builds the client once and closes it in its lifespan; other
shared state (persisted queries, cache invalidation) should take the same client from ``app.state.redis``.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from bff.errors import SharedStateUnavailable
from bff.settings import Settings

if TYPE_CHECKING:
    from limits.aio.storage import Storage
    from redis.asyncio import Redis

log = logging.getLogger("bff.shared_state")
KEY_PREFIX = "bff:"
SOCKET_TIMEOUT_S = 0.5  # a Redis that does not answer within this is down for the request
RETRIES = 1  # one quick retry (a dropped pooled connection), then the failure is the request's answer


def redis_from_settings(settings: Settings) -> Redis | None:
    """A ``redis.asyncio.Redis`` for ``REDIS_URL`` (``redis://``, ``rediss://``, ``unix://``), else None.
    No connection is opened until the first command."""
    if not settings.redis_url:
        return None
    from redis.asyncio import Redis
    from redis.asyncio.retry import Retry
    from redis.backoff import ExponentialBackoff

    # Bounded: a Redis that hangs costs a request about 2 s (the connection handshake and the command, each
    # timed out and retried once), within BFF_REQUEST_TIMEOUT_S, not redis-py's default retries and backoff.
    return Redis.from_url(settings.redis_url, socket_timeout=SOCKET_TIMEOUT_S,
                          socket_connect_timeout=SOCKET_TIMEOUT_S, health_check_interval=30,
                          retry=Retry(ExponentialBackoff(cap=0.1, base=0.01), RETRIES))


def limits_storage(redis: Redis | None) -> Storage:
    """The ``limits`` storage: its async Redis storage over ``redis``'s connection pool (one pool for the
    process), else in memory. Storage errors are wrapped (``limits.errors.StorageError``) so that callers
    can fail open on them alone."""
    from limits.aio.storage import MemoryStorage, RedisStorage

    if redis is None:
        return MemoryStorage()
    shared: dict[str, Any] = {"connection_pool": redis.connection_pool}  # typed by limits as float | str | bool
    return RedisStorage("async+redis://", implementation="redispy", wrap_exceptions=True,
                        key_prefix=KEY_PREFIX + "limits", **shared)


@contextlib.contextmanager
def redis_errors(what: str) -> Iterator[None]:
    """Turn a Redis failure (down, timeout, refused) into ``SharedStateUnavailable``: a typed, public
    ``SERVICE_UNAVAILABLE`` with ``retryAfter`` instead of an ``INTERNAL`` error."""
    from redis.exceptions import RedisError

    try:
        yield
    except RedisError as exc:
        log.error("Redis failed while trying to %s: %s", what, exc)
        raise SharedStateUnavailable(retry_after_s=SOCKET_TIMEOUT_S) from exc
