"""The Redis stores against a real redis-server, each one seen from two clients (two processes' views).

Every store the protocol names is here: refresh tokens (rotation, reuse, family revocation, a successor saved
after its family was revoked), access-token revocations, log-in throttling, and what each does when Redis is
down (``SERVICE_UNAVAILABLE``, fail closed).
"""

from __future__ import annotations

import asyncio
import inspect
import json
import time

import pytest
from redis.asyncio import Redis

from bff.auth.redis_refresh import RedisRefreshStore, record_to_json
from bff.auth.redis_revocation import RedisRevocationStore
from bff.auth.redis_throttle import RedisThrottleStore
from bff.auth.refresh import (
    InvalidRefreshToken,
    MemoryRefreshStore,
    RefreshRecord,
    RefreshStore,
    RefreshTokens,
    hash_token,
)
from bff.auth.revocation import AccessRevocations, MemoryRevocationStore, RevocationStore
from bff.auth.throttle import LoginThrottle, Throttled
from bff.auth.throttle_store import Backoff, MemoryThrottleStore, ThrottleStore
from bff.auth.viewer import Role, Viewer
from bff.errors import SharedStateUnavailable
from tests.redis_server import free_port

TTL = 3600.0


@pytest.fixture
async def other(redis_url: str) -> Redis:
    """A second client: another process's connection to the same Redis."""
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()


def tokens_on(client: Redis, ttl_s: float = TTL) -> RefreshTokens:
    return RefreshTokens(RedisRefreshStore(client), ttl_s=ttl_s)


async def test_a_token_rotated_on_one_process_rotates_on_the_other(redis: Redis, other: Redis) -> None:
    one, two = tokens_on(redis), tokens_on(other)
    first = await one.issue(7)
    second = await two.rotate(first)
    third = await one.rotate(second.token)
    assert (second.user_id, third.user_id) == (7, 7)
    assert second.family_id == third.family_id
    with pytest.raises(InvalidRefreshToken):  # spent on the first process, replayed on the second
        await two.rotate(first)
    with pytest.raises(InvalidRefreshToken):  # and the replay revoked the family: the newest token died too
        await one.rotate(third.token)


async def test_a_family_revoked_on_one_process_is_refused_on_the_other(redis: Redis, other: Redis) -> None:
    one, two = tokens_on(redis), tokens_on(other)
    token = await one.issue(3)
    kept = await one.issue(3)  # another sign-in of the same user
    await two.revoke(token)
    with pytest.raises(InvalidRefreshToken):
        await one.rotate(token)
    assert (await one.rotate(kept)).user_id == 3


async def test_concurrent_rotations_across_processes_have_one_winner(redis: Redis, other: Redis) -> None:
    one, two = tokens_on(redis), tokens_on(other)
    token = await one.issue(5)

    async def attempt(tokens: RefreshTokens) -> bool:
        try:
            await tokens.rotate(token)
            return True
        except InvalidRefreshToken:
            return False

    results = await asyncio.gather(*(attempt(one if n % 2 else two) for n in range(20)))
    assert sum(results) == 1


async def test_a_successor_saved_after_its_family_was_revoked_is_refused(redis: Redis) -> None:
    store = RedisRefreshStore(redis)
    expires = time.time() + TTL
    await store.save(RefreshRecord(hash_token("a"), 1, "fam", expires))
    await store.revoke_family("fam")
    assert await store.is_family_revoked("fam")
    assert await store.get(hash_token("a")) is None
    await store.save(RefreshRecord(hash_token("b"), 1, "fam", expires + 60))  # a rotation that was in flight
    assert await store.get(hash_token("b")) is None
    left = await redis.pttl("bff:refresh-revoked:fam")
    assert (TTL + 50) * 1000 < left <= (TTL + 60) * 1000  # remembered as long as the newest token could live


async def test_mark_used_flips_once_and_never_for_unknown_records(redis: Redis, other: Redis) -> None:
    await RedisRefreshStore(redis).save(RefreshRecord(hash_token("t"), 1, "f", time.time() + TTL))
    stores = [RedisRefreshStore(redis), RedisRefreshStore(other)]
    flips = await asyncio.gather(*(stores[n % 2].mark_used(hash_token("t")) for n in range(30)))
    assert flips.count(True) == 1
    assert (await stores[1].get(hash_token("t"))).used is True
    assert await stores[0].mark_used(hash_token("unknown")) is False


async def test_records_are_json_of_the_dataclass_and_expire_with_the_token(redis: Redis) -> None:
    store = RedisRefreshStore(redis)
    record = RefreshRecord(hash_token("x"), 9, "fam", time.time() + 0.4)
    await store.save(record)
    assert json.loads(await redis.get(f"bff:refresh:{record.token_hash}")) == json.loads(record_to_json(record))
    # a field written by a newer version is ignored, not an error
    await redis.set(f"bff:refresh:{hash_token('y')}",
                    json.dumps({**json.loads(record_to_json(record)), "token_hash": hash_token("y"), "new": 1}))
    assert (await store.get(hash_token("y"))).user_id == 9
    await asyncio.sleep(0.6)
    assert await store.get(record.token_hash) is None


async def test_access_revocations_are_shared_and_never_shortened(redis: Redis, other: Redis) -> None:
    viewer = Viewer(Role.CLIENT, user_id=4, session_id="sid-1", token_id="jti-1")
    await AccessRevocations(RedisRevocationStore(redis), ttl_s=900).revoke_viewer(viewer)
    on_other = AccessRevocations(RedisRevocationStore(other), ttl_s=900)
    assert await on_other.is_revoked(viewer)
    assert not await on_other.is_revoked(Viewer(Role.CLIENT, user_id=4, session_id="sid-2", token_id="jti-2"))
    store = RedisRevocationStore(other)
    await store.revoke("sid:sid-1", until=time.time() + 5)  # a shorter second revocation keeps the longer end
    assert await redis.pttl("bff:revoked:sid:sid-1") > 800_000
    await store.revoke("jti:gone", until=time.time() - 1)  # already ended: nothing to keep
    assert not await store.any_revoked(["jti:gone"], now=time.time())


async def test_ten_failures_split_over_two_processes_lock_the_account(redis: Redis, other: Redis) -> None:
    throttles = [LoginThrottle(store=RedisThrottleStore(client), now=time.time) for client in (redis, other)]
    for n in range(10):
        await throttles[n % 2].reserve("dana@customk9.demo", "203.0.113.9")  # wrong passwords: never released
    for throttle in throttles:
        with pytest.raises(Throttled) as waited:
            await throttle.reserve("dana@customk9.demo", "203.0.113.9")
        assert 0 < waited.value.wait_s <= 1.0
    attempt = await throttles[0].reserve("omar@customk9.demo", "203.0.113.9")  # another account is free
    await attempt.succeeded()
    assert await throttles[1].store.remembered("known:203.0.113.9 omar@customk9.demo", now=time.time())


async def test_throttle_store_follows_the_backoff_rule(redis: Redis) -> None:
    store = RedisThrottleStore(redis)
    backoff = Backoff(free=2, delay_s=10, max_delay_s=15, window_s=100)
    now = time.time()
    assert await store.reserve("k", now=now, backoff=backoff) == 0.0
    assert await store.reserve("k", now=now + 1, backoff=backoff) == 0.0
    assert await store.reserve("k", now=now + 2, backoff=backoff) == pytest.approx(9.0)
    assert await store.reserve("k", now=now + 11, backoff=backoff) == 0.0  # waited: recorded (3 attempts)
    assert await store.reserve("k", now=now + 12, backoff=backoff) == pytest.approx(14.0)  # doubled, capped 15
    await store.release("k", at=now + 11)  # back to 2 attempts, the latest at now + 1: free to go again
    assert await store.reserve("k", now=now + 12, backoff=backoff) == 0.0
    assert await store.reserve("k", now=now + 13, backoff=backoff) == pytest.approx(14.0)
    assert await store.reserve("k", now=now + 200, backoff=backoff) == 0.0  # the window forgot the others
    await store.clear("k")
    assert await redis.exists("bff:throttle:k") == 0


async def test_every_store_fails_closed_when_redis_is_down() -> None:
    down = Redis.from_url(f"redis://127.0.0.1:{free_port()}/0", socket_connect_timeout=0.5)
    refresh, revocations = RedisRefreshStore(down), RedisRevocationStore(down)
    throttle = RedisThrottleStore(down)
    record = RefreshRecord(hash_token("t"), 1, "f", time.time() + 60)
    calls = [refresh.save(record), refresh.get("h"), refresh.mark_used("h"), refresh.revoke_family("f"),
             refresh.is_family_revoked("f"), revocations.revoke("sid:x", until=time.time() + 60),
             revocations.any_revoked(["sid:x"], now=time.time()),
             throttle.reserve("k", now=time.time(), backoff=Backoff(1, 1, 1, 1)), throttle.release("k", at=1.0),
             throttle.clear("k"), throttle.remember("k", until=time.time() + 60),
             throttle.remembered("k", now=time.time())]
    try:
        for call in calls:
            with pytest.raises(SharedStateUnavailable) as refused:
                await call
            assert refused.value.code == "SERVICE_UNAVAILABLE" and refused.value.retry_after >= 1
    finally:
        await down.aclose()


@pytest.mark.parametrize(("protocol", "implementations"), [
    (RefreshStore, (MemoryRefreshStore, RedisRefreshStore)),
    (RevocationStore, (MemoryRevocationStore, RedisRevocationStore)),
    (ThrottleStore, (MemoryThrottleStore, RedisThrottleStore)),
])
def test_every_store_implements_its_whole_protocol(protocol: type, implementations: tuple[type, ...]) -> None:
    """A method added to a store protocol later must be added to the Redis store too (and the other way)."""
    methods = {name for name, value in vars(protocol).items() if inspect.iscoroutinefunction(value)}
    assert methods
    for implementation in implementations:
        for name in methods:
            ours = inspect.signature(getattr(implementation, name))
            assert list(ours.parameters) == list(inspect.signature(getattr(protocol, name)).parameters), name
            assert inspect.iscoroutinefunction(getattr(implementation, name)), name
