"""Rotating refresh tokens: the chain, reuse detection, log-out, races and the bounded memory store."""

from __future__ import annotations

import asyncio
import hashlib

import pytest

from bff.auth.refresh import InvalidRefreshToken, MemoryRefreshStore, RefreshRecord, RefreshTokens

T0 = 1_700_000_000.0
TTL = 3600.0


class Clock:
    def __init__(self, t: float = T0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


class YieldingStore(MemoryRefreshStore):
    """Gives the event loop a turn before every call, as a networked store would."""

    async def get(self, token_hash: str) -> RefreshRecord | None:
        await asyncio.sleep(0)
        return await super().get(token_hash)

    async def mark_used(self, token_hash: str) -> bool:
        await asyncio.sleep(0)
        return await super().mark_used(token_hash)

    async def save(self, record: RefreshRecord) -> None:
        await asyncio.sleep(0)
        await super().save(record)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(clock: Clock) -> MemoryRefreshStore:
    return MemoryRefreshStore(now=clock)


@pytest.fixture
def tokens(store: MemoryRefreshStore, clock: Clock) -> RefreshTokens:
    return RefreshTokens(store, ttl_s=TTL, now=clock)


async def refused(tokens: RefreshTokens, token: object) -> InvalidRefreshToken:
    with pytest.raises(InvalidRefreshToken) as caught:
        await tokens.rotate(token)  # type: ignore[arg-type]
    error = caught.value
    assert (error.code, error.public, error.message) == ("UNAUTHENTICATED", True,
                                                         "invalid or expired refresh token")
    return error


async def test_store_keeps_only_a_hash(tokens: RefreshTokens, store: MemoryRefreshStore) -> None:
    token = await tokens.issue(5)
    assert len(token) >= 43
    digest = hashlib.sha256(token.encode()).hexdigest()
    record = await store.get(digest)
    assert record is not None
    assert (record.user_id, record.used, record.expires_at) == (5, False, T0 + TTL)
    assert token not in repr(store._records)


async def test_rotation_chain(tokens: RefreshTokens) -> None:
    first = await tokens.issue(5)
    user_id, second, _ = await tokens.rotate(first)
    assert user_id == 5 and second != first
    user_id, third, _ = await tokens.rotate(second)
    assert user_id == 5 and third not in (first, second)
    assert (await tokens.rotate(third))[0] == 5


async def test_rotation_stays_in_the_family(tokens: RefreshTokens, store: MemoryRefreshStore) -> None:
    first = await tokens.issue(5)
    _, second, _ = await tokens.rotate(first)
    old = await store.get(hashlib.sha256(first.encode()).hexdigest())
    new = await store.get(hashlib.sha256(second.encode()).hexdigest())
    assert old is not None and new is not None
    assert old.used and not new.used and old.family_id == new.family_id


async def test_reuse_revokes_the_family(tokens: RefreshTokens) -> None:
    first = await tokens.issue(5)
    _, second, _ = await tokens.rotate(first)
    _, third, _ = await tokens.rotate(second)
    assert (await refused(tokens, first)).reason == "reused"   # the stolen old token
    await refused(tokens, third)                               # the newest descendant dies too
    await refused(tokens, second)
    await refused(tokens, first)


async def test_reuse_leaves_other_families_alone(tokens: RefreshTokens) -> None:
    phone, laptop = await tokens.issue(5), await tokens.issue(5)
    await tokens.rotate(phone)
    await refused(tokens, phone)
    assert (await tokens.rotate(laptop))[0] == 5


async def test_logout_revokes_the_family(tokens: RefreshTokens) -> None:
    first = await tokens.issue(5)
    _, second, _ = await tokens.rotate(first)
    other_session = await tokens.issue(5)
    await tokens.revoke(second)
    await refused(tokens, second)
    await refused(tokens, first)
    assert (await tokens.rotate(other_session))[0] == 5


async def test_logout_with_an_old_token_still_revokes(tokens: RefreshTokens) -> None:
    first = await tokens.issue(5)
    _, second, _ = await tokens.rotate(first)
    await tokens.revoke(first)
    await refused(tokens, second)


@pytest.mark.parametrize("token", ["nope", "", "x" * 1000, None, 42])
async def test_logout_ignores_unknown_tokens(tokens: RefreshTokens, token: object) -> None:
    live = await tokens.issue(5)
    await tokens.revoke(token)  # type: ignore[arg-type]
    assert (await tokens.rotate(live))[0] == 5


@pytest.mark.parametrize("token", ["nope", "", "x" * 1000, None, 42])
async def test_unknown_tokens_are_refused(tokens: RefreshTokens, token: object) -> None:
    await refused(tokens, token)


async def test_expired_token_is_refused(tokens: RefreshTokens, clock: Clock) -> None:
    token = await tokens.issue(5)
    clock.t = T0 + TTL - 1
    _, successor, _ = await tokens.rotate(token)
    assert successor
    late = await tokens.issue(6)
    clock.t = T0 + 2 * TTL
    await refused(tokens, late)


async def test_successor_lifetime_restarts(tokens: RefreshTokens, clock: Clock) -> None:
    token = await tokens.issue(5)
    for _ in range(3):
        clock.t += TTL - 1
        _, token, _ = await tokens.rotate(token)
    assert (await tokens.rotate(token))[0] == 5


@pytest.mark.parametrize("store_class", [MemoryRefreshStore, YieldingStore])
async def test_concurrent_rotations_of_one_token_have_one_winner(store_class: type[MemoryRefreshStore],
                                                                 clock: Clock) -> None:
    tokens = RefreshTokens(store_class(now=clock), ttl_s=TTL, now=clock)
    token = await tokens.issue(5)
    results = await asyncio.gather(*(tokens.rotate(token) for _ in range(20)), return_exceptions=True)
    winners = [r for r in results if isinstance(r, tuple)]
    losers = [r for r in results if isinstance(r, InvalidRefreshToken)]
    assert len(winners) == 1 and len(losers) == 19
    assert winners[0][0] == 5
    # The losers presented a spent token: the family is revoked, the winner's successor included.
    await refused(tokens, winners[0][1])


async def test_successor_saved_after_revocation_is_refused(clock: Clock) -> None:
    """A rotation in flight while the family is revoked must not leave a usable successor behind."""

    class HeldSave(MemoryRefreshStore):
        hold: asyncio.Event | None = None

        async def save(self, record: RefreshRecord) -> None:
            if self.hold is not None:
                await self.hold.wait()
            await super().save(record)

    store = HeldSave(now=clock)
    tokens = RefreshTokens(store, ttl_s=TTL, now=clock)
    token = await tokens.issue(5)
    store.hold = asyncio.Event()
    rotation = asyncio.ensure_future(tokens.rotate(token))
    await asyncio.sleep(0)  # the rotation has spent the token and waits to save the successor
    await tokens.revoke(token)
    store.hold.set()
    _, successor, _ = await rotation
    await refused(tokens, successor)
    clock.t = T0 + TTL - 1  # still remembered while the successor could live
    await refused(tokens, successor)


async def test_memory_store_drops_expired_records(store: MemoryRefreshStore, tokens: RefreshTokens,
                                                  clock: Clock) -> None:
    for user_id in range(10):
        await tokens.issue(user_id)
    assert len(store) == 10
    clock.t = T0 + TTL + 1
    await tokens.issue(99)
    assert len(store) == 1


async def test_memory_store_is_bounded_oldest_first(clock: Clock) -> None:
    store = MemoryRefreshStore(max_records=5, now=clock)
    tokens = RefreshTokens(store, ttl_s=TTL, now=clock)
    issued = []
    for user_id in range(8):
        clock.t += 1
        issued.append(await tokens.issue(user_id))
    assert len(store) == 5
    for old in issued[:3]:
        assert (await refused(tokens, old)).reason == "unknown"
    assert (await tokens.rotate(issued[3]))[0] == 3


async def test_mark_used_is_a_single_check_and_set(store: MemoryRefreshStore) -> None:
    record = RefreshRecord(token_hash="h", user_id=1, family_id="f", expires_at=T0 + TTL)
    await store.save(record)
    assert await store.mark_used("h") is True
    assert await store.mark_used("h") is False
    assert await store.mark_used("unknown") is False


async def test_revoked_family_markers_expire(store: MemoryRefreshStore, tokens: RefreshTokens,
                                             clock: Clock) -> None:
    token = await tokens.issue(5)
    record = await store.get(hashlib.sha256(token.encode()).hexdigest())
    assert record is not None
    await tokens.revoke(token)
    assert await store.is_family_revoked(record.family_id)
    clock.t = T0 + TTL + 1
    await tokens.issue(6)
    assert not await store.is_family_revoked(record.family_id)
