"""``RevocationStore`` in Redis: a revoked access token (``jti:<id>``) or sign-in (``sid:<family>``) is refused
by every process at once.

    bff:revoked:<key>    "1", expiring at ``until`` (never moved earlier by a second revocation)

Expiry is Redis's own; ``now`` is not needed to read (an entry that exists has not ended). Any Redis failure
raises ``SharedStateUnavailable``: a revocation that cannot be checked refuses the request (fail closed).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from bff.shared_state import KEY_PREFIX, redis_errors

if TYPE_CHECKING:
    from redis.asyncio import Redis

# KEYS: entry. ARGV: until (ms since the epoch). Moves the end only later.
_REVOKE = """
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local left = redis.call('PTTL', KEYS[1])
if left >= 0 and now + left >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], '1')
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
return 1
"""


class RedisRevocationStore:
    def __init__(self, redis: Redis, *, prefix: str = KEY_PREFIX) -> None:
        self.redis, self.prefix = redis, prefix
        self._revoke = redis.register_script(_REVOKE)

    async def revoke(self, key: str, *, until: float) -> None:
        with redis_errors("revoke an access token"):
            await self._revoke(keys=[f"{self.prefix}revoked:{key}"], args=[int(until * 1000)])

    async def any_revoked(self, keys: Iterable[str], *, now: float) -> bool:
        names = [f"{self.prefix}revoked:{key}" for key in keys]
        if not names:
            return False
        with redis_errors("check an access token"):
            return bool(await self.redis.exists(*names))
