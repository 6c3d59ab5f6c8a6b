"""``ThrottleStore`` in Redis: log-in attempts counted across every process, so that failures spread over
several BFF workers or machines lock an account exactly as they would on one.

    bff:throttle:<key>   sorted set of attempts (score: the attempt's time), expiring one window after the last
    bff:fact:<key>       a remembered fact, holding its ``until``, expiring then

``reserve`` is one Lua script (the same rule as ``MemoryThrottleStore.reserve``: forget attempts older than the
window, wait ``Backoff.wait_after(count)`` after the latest one, else record the new attempt), so parallel
guesses on several processes cannot slip between a check and a record. Times are the BFF's wall clock
(``LoginThrottle(now=time.time)``), which every process must agree on. Any Redis failure raises
``SharedStateUnavailable``: a log-in that cannot be throttled is refused (fail closed).
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from bff.auth.throttle_store import MAX_DOUBLINGS, Backoff
from bff.shared_state import KEY_PREFIX, redis_errors

if TYPE_CHECKING:
    from redis.asyncio import Redis

# KEYS: attempts. ARGV: now, window_s, free, delay_s, max_delay_s, max doublings, member. Returns the wait (a
# string: Lua numbers come back truncated to integers), "0" after recording the attempt.
_RESERVE = """
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local free, delay, max_delay = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local wait = 0
if count >= free then
  local last = tonumber(redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2])
  wait = last + math.min(delay * 2 ^ math.min(count - free, tonumber(ARGV[6])), max_delay) - now
end
if wait > 0 then return tostring(wait) end
redis.call('ZADD', KEYS[1], now, ARGV[7])
redis.call('PEXPIRE', KEYS[1], math.ceil(window * 1000))
return '0'
"""

# KEYS: attempts. ARGV: at. Removes one attempt recorded at exactly ``at``.
_RELEASE = """
local found = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[1], 'LIMIT', 0, 1)
if found[1] then redis.call('ZREM', KEYS[1], found[1]) end
return 0
"""


class RedisThrottleStore:
    def __init__(self, redis: Redis, *, prefix: str = KEY_PREFIX) -> None:
        self.redis, self.prefix = redis, prefix
        self._reserve = redis.register_script(_RESERVE)
        self._release = redis.register_script(_RELEASE)

    def _attempts(self, key: str) -> str:
        return f"{self.prefix}throttle:{key}"

    def _fact(self, key: str) -> str:
        return f"{self.prefix}fact:{key}"

    async def reserve(self, key: str, *, now: float, backoff: Backoff) -> float:
        args: list[str | int] = [repr(now), repr(backoff.window_s), backoff.free, repr(backoff.delay_s),
                                 repr(backoff.max_delay_s), MAX_DOUBLINGS, f"{now!r}:{secrets.token_hex(4)}"]
        with redis_errors("throttle a log-in"):
            wait = await self._reserve(keys=[self._attempts(key)], args=args)
        return max(0.0, float(wait))

    async def release(self, key: str, *, at: float) -> None:
        with redis_errors("throttle a log-in"):
            await self._release(keys=[self._attempts(key)], args=[repr(at)])

    async def clear(self, key: str) -> None:
        with redis_errors("throttle a log-in"):
            await self.redis.delete(self._attempts(key))

    async def remember(self, key: str, *, until: float) -> None:
        with redis_errors("throttle a log-in"):
            await self.redis.set(self._fact(key), repr(until), pxat=int(until * 1000))

    async def remembered(self, key: str, *, now: float) -> bool:
        with redis_errors("throttle a log-in"):
            until = await self.redis.get(self._fact(key))
        return until is not None and float(until) > now
