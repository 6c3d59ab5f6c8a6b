"""The sign-in list and the persisted-query store in Redis behave like their in-memory versions, shared by two
processes (two clients of one redis-server); persisted queries fail open when Redis is down."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from bff.auth.redis_sign_ins import RedisSignInStore
from bff.auth.sign_ins import MemorySignInStore
from bff.persisted_queries import MemoryPersistedQueryStore
from bff.redis_persisted import RedisPersistedQueryStore


@pytest.fixture
async def other(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()


async def _sign_in_story(first, second) -> list:  # type: ignore[no-untyped-def]
    await first.record("fam-a", 7, "Firefox\x00 on Linux", 100.0)
    await first.record("fam-b", 7, None, 110.0)
    await first.record("fam-c", 8, "Safari", 120.0)
    await second.touch("fam-a", 130.0)
    await second.touch("fam-unknown", 140.0)  # ignored
    listed = await second.list(7)
    await first.forget("fam-b")
    return [listed, await second.list(7), await second.list(8)]


async def test_sign_ins_are_shared_and_agree_with_the_memory_store(redis: Redis, other: Redis) -> None:
    memory = MemorySignInStore()
    expected = await _sign_in_story(memory, memory)
    shared = await _sign_in_story(RedisSignInStore(redis, ttl_s=60), RedisSignInStore(other, ttl_s=60))
    assert shared == expected
    assert [s.family for s in shared[0]] == ["fam-a", "fam-b"]  # most recently used first
    assert shared[0][0].user_agent == "Firefox  on Linux" and shared[0][0].last_used_at == 130.0
    assert [s.family for s in shared[1]] == ["fam-a"]


async def test_sign_ins_expire_with_the_refresh_lifetime(redis: Redis) -> None:
    store = RedisSignInStore(redis, ttl_s=60)
    await store.record("fam-x", 9, "curl", 1.0)
    assert 0 < await redis.pttl("bff:signin:fam-x") <= 60_000
    await redis.delete("bff:signin:fam-x")  # expired
    assert await store.list(9) == [] and await redis.smembers("bff:signins:9") == set()


async def test_persisted_queries_are_shared_and_agree_with_the_memory_store(redis: Redis, other: Redis) -> None:
    memory = MemoryPersistedQueryStore()
    one, two = RedisPersistedQueryStore(redis), RedisPersistedQueryStore(other)
    for store_put, store_get in ((memory, memory), (one, two)):
        assert await store_get.get("abc") is None
        await store_put.put("abc", "{ events { totalCount } }")
        assert await store_get.get("abc") == "{ events { totalCount } }"


async def test_persisted_queries_fail_open_when_redis_is_down() -> None:
    down = Redis.from_url("redis://127.0.0.1:9/0", socket_connect_timeout=0.2, socket_timeout=0.2)
    store = RedisPersistedQueryStore(down)
    try:
        await store.put("abc", "{ __typename }")  # skipped, no error
        assert await store.get("abc") is None  # "not found": the client sends the document again
    finally:
        await down.aclose()
