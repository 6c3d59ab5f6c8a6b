"""``PersistedQueryStore`` in Redis: a document registered on one process is known to all of them.

    bff:pq:<sha256>   the document text, expiring ``ttl_s`` after it was last registered or used

Persisted queries fail open: with Redis down a lookup answers "not found" (the client sends the full document
again, as the protocol expects) and a registration is skipped, so queries keep working.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bff.log_throttle import ThrottledLog
from bff.shared_state import KEY_PREFIX

if TYPE_CHECKING:
    from redis.asyncio import Redis

log = logging.getLogger("bff.persisted_queries")
MAX_DOCUMENT_CHARS = 100_000


class RedisPersistedQueryStore:
    def __init__(self, redis: Redis, *, ttl_s: float = 7 * 24 * 3600.0, prefix: str = KEY_PREFIX) -> None:
        self.redis, self.ttl_s, self.prefix = redis, int(ttl_s), prefix
        self._warnings = ThrottledLog(log, interval_s=60.0)

    async def get(self, sha256: str) -> str | None:
        from redis.exceptions import RedisError

        try:
            raw = await self.redis.getex(f"{self.prefix}pq:{sha256}", ex=self.ttl_s)
        except RedisError as exc:
            self._warnings.warning("get", "persisted query lookup failed (answering not found): %s", exc)
            return None
        if raw is None:
            return None
        return raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)

    async def put(self, sha256: str, query: str) -> None:
        from redis.exceptions import RedisError

        if len(query) > MAX_DOCUMENT_CHARS:
            return
        try:
            await self.redis.set(f"{self.prefix}pq:{sha256}", query.encode("utf-8"), ex=self.ttl_s)
        except RedisError as exc:
            self._warnings.warning("put", "persisted query registration skipped: %s", exc)
