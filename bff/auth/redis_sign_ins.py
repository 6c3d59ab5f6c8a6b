"""``SignInStore`` in Redis: every process lists, touches and forgets the same sign-ins.

    bff:signin:<family>     hash {user_id, user_agent, created_at, last_used_at}, expiring with the family
    bff:signins:<user_id>   set of the user's family ids (members whose hash expired are skipped and removed)

Both keys expire ``ttl_s`` (the refresh-token lifetime) after the last use. Failures raise
``SharedStateUnavailable`` like the other auth stores.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bff.auth.sign_ins import SignIn, clean_user_agent
from bff.shared_state import KEY_PREFIX, redis_errors

if TYPE_CHECKING:
    from redis.asyncio import Redis


def _text(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


class RedisSignInStore:
    def __init__(self, redis: Redis, *, ttl_s: float, prefix: str = KEY_PREFIX) -> None:
        self.redis, self.ttl_ms, self.prefix = redis, max(1, int(ttl_s * 1000)), prefix

    def _entry(self, family: str) -> str:
        return f"{self.prefix}signin:{family}"

    def _user(self, user_id: int) -> str:
        return f"{self.prefix}signins:{user_id}"

    async def record(self, family: str, user_id: int, user_agent: str | None, at: float) -> None:
        with redis_errors("record a sign-in"):
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.hset(self._entry(family), mapping={"user_id": user_id, "user_agent": clean_user_agent(
                    user_agent) or "", "created_at": repr(at), "last_used_at": repr(at)})
                pipe.pexpire(self._entry(family), self.ttl_ms)
                pipe.sadd(self._user(user_id), family)
                pipe.pexpire(self._user(user_id), self.ttl_ms)
                await pipe.execute()

    async def touch(self, family: str, at: float) -> None:
        with redis_errors("note a sign-in's use"):
            raw = await self.redis.hgetall(self._entry(family))
            if not raw:
                return
            last = max(at, float(raw.get(b"last_used_at", b"0")))
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.hset(self._entry(family), "last_used_at", repr(last))
                pipe.pexpire(self._entry(family), self.ttl_ms)
                pipe.pexpire(self._user(int(raw[b"user_id"])), self.ttl_ms)
                await pipe.execute()

    async def list(self, user_id: int) -> list[SignIn]:
        with redis_errors("list sign-ins"):
            families = sorted(_text(f) for f in await self.redis.smembers(self._user(user_id)))
            found, gone = [], []
            for family in families:
                raw = await self.redis.hgetall(self._entry(family))
                if not raw or int(raw[b"user_id"]) != user_id:
                    gone.append(family)
                    continue
                found.append(SignIn(family, user_id, _text(raw.get(b"user_agent", b"")) or None,
                                    float(raw[b"created_at"]), float(raw[b"last_used_at"])))
            if gone:
                await self.redis.srem(self._user(user_id), *gone)
        return sorted(found, key=lambda s: (s.last_used_at, s.created_at), reverse=True)

    async def forget(self, family: str) -> None:
        with redis_errors("forget a sign-in"):
            user_id = await self.redis.hget(self._entry(family), "user_id")
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.delete(self._entry(family))
                if user_id is not None:
                    pipe.srem(self._user(int(user_id)), family)
                await pipe.execute()
