"""Log-in throttling: reservations, per-account progressive delays, the per-address budget, bounded memory."""

from __future__ import annotations

import asyncio

import pytest

from bff.auth.throttle import LoginThrottle, Throttled, account_key
from bff.auth.throttle_store import Backoff, MemoryThrottleStore

IP = "203.0.113.9"
OTHER_IP = "198.51.100.1"


class Clock:
    def __init__(self, t: float = 1000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def throttle(clock: Clock) -> LoginThrottle:
    return LoginThrottle(now=clock)


async def fail(throttle: LoginThrottle, account: str, address: str | None = IP, times: int = 1) -> None:
    """``times`` wrong passwords: a reserved attempt that is never taken back is a failure."""
    for _ in range(times):
        await throttle.reserve(account, address)


async def wait_of(throttle: LoginThrottle, account: str, address: str | None = IP) -> float | None:
    """The wait a new attempt is told, or None when it was reserved (and then taken back: no side effect)."""
    try:
        attempt = await throttle.reserve(account, address)
    except Throttled as exc:
        return exc.wait_s
    await attempt.abandoned()
    return None


async def test_parallel_attempts_reserve_before_any_verdict(throttle: LoginThrottle) -> None:
    """60 attempts in flight at once: only the first 10 may go to Odoo, whatever their verdicts will be."""
    async def attempt() -> bool:
        try:
            await throttle.reserve("bob@x.com", IP)
        except Throttled:
            return False
        await asyncio.sleep(0.01)  # Odoo checking the password
        return True

    reached = await asyncio.gather(*(attempt() for _ in range(60)))
    assert sum(reached) == 10


async def test_delays_grow_after_ten_failures_and_are_capped(clock: Clock) -> None:
    throttle = LoginThrottle(now=clock, max_delay_s=8)
    await fail(throttle, "bob@x.com", times=9)
    assert await wait_of(throttle, "bob@x.com") is None
    await fail(throttle, "bob@x.com")
    assert await wait_of(throttle, "bob@x.com") == 1
    assert await wait_of(throttle, "bob@x.com", OTHER_IP) == 1  # the account, from anywhere
    waits = []
    for _ in range(5):
        wait = await wait_of(throttle, "bob@x.com")
        assert wait is not None
        waits.append(wait)
        clock.t += wait
        await fail(throttle, "bob@x.com")
    assert waits == [1, 2, 4, 8, 8]
    clock.t += 3
    assert await wait_of(throttle, "bob@x.com") == 5  # measured from the latest attempt


async def test_a_waiting_account_leaves_other_accounts_from_the_same_address_alone(throttle: LoginThrottle) -> None:
    await fail(throttle, "bob@x.com", times=10)
    assert await wait_of(throttle, "bob@x.com") is not None
    assert await wait_of(throttle, "alice@x.com") is None


async def test_account_key_is_the_login_stripped_and_lower_cased(throttle: LoginThrottle) -> None:
    assert account_key("  Bob@X.com \n") == "bob@x.com"
    await fail(throttle, "BOB@x.com", times=5)
    await fail(throttle, " bob@X.COM ", times=5)
    assert await wait_of(throttle, "bob@x.com") is not None


async def test_success_takes_its_attempt_back_and_forgets_the_account(throttle: LoginThrottle) -> None:
    await fail(throttle, "bob@x.com", times=9)
    attempt = await throttle.reserve("bob@x.com", IP)
    await attempt.succeeded()
    await fail(throttle, "bob@x.com", times=9)
    assert await wait_of(throttle, "bob@x.com") is None  # 9 of 10 again, not 19


async def test_an_attempt_without_verdict_does_not_count(throttle: LoginThrottle) -> None:
    for _ in range(30):
        attempt = await throttle.reserve("bob@x.com", IP)
        await attempt.abandoned()  # Odoo was unavailable
    assert await wait_of(throttle, "bob@x.com") is None


async def test_the_address_budget_holds_back_only_accounts_new_to_that_address(clock: Clock) -> None:
    throttle = LoginThrottle(max_failures_per_address=5, now=clock)
    regular = await throttle.reserve("dana@x.com", IP)
    await regular.succeeded()  # Dana signed in from the office before
    for n in range(5):
        await fail(throttle, f"user{n}@x.com")
    assert await wait_of(throttle, "fresh@x.com") == 1  # someone guessing from the office
    assert await wait_of(throttle, "dana@x.com") is None  # Dana is not held back
    assert await wait_of(throttle, "fresh@x.com", OTHER_IP) is None  # other addresses still pass
    assert await wait_of(throttle, "fresh@x.com", None) is None  # nor a password change (no address)


async def test_an_address_wait_does_not_count_against_the_account(clock: Clock) -> None:
    throttle = LoginThrottle(max_failures_per_address=1, now=clock)
    await fail(throttle, "user@x.com")
    for _ in range(20):
        assert await wait_of(throttle, "bob@x.com") == 1
    await fail(throttle, "bob@x.com", address=None, times=9)
    assert await wait_of(throttle, "bob@x.com", None) is None  # 9 of 10: the refused 20 left no trace


async def test_success_releases_the_address_too(clock: Clock) -> None:
    throttle = LoginThrottle(max_failures_per_address=3, now=clock)
    for n in range(10):
        attempt = await throttle.reserve(f"user{n}@x.com", IP)
        await attempt.succeeded()  # ten colleagues sign in: no failure of the address
    await fail(throttle, "intruder@x.com", times=2)
    assert await wait_of(throttle, "new@x.com") is None


async def test_failures_leave_the_sliding_window(throttle: LoginThrottle, clock: Clock) -> None:
    await fail(throttle, "bob@x.com", times=5)
    clock.t += 600
    await fail(throttle, "bob@x.com", times=4)
    clock.t += 301  # the first five are now older than the 900 s window
    await fail(throttle, "bob@x.com", times=5)
    assert await wait_of(throttle, "bob@x.com") is None
    await fail(throttle, "bob@x.com")  # 4 + 6 within the window
    assert await wait_of(throttle, "bob@x.com") == 1


@pytest.mark.parametrize("kwargs", [{"max_failures_per_account": 0}, {"max_failures_per_address": -1},
                                    {"window_s": 0}, {"delay_s": 0}, {"max_delay_s": -1}, {"known_for_s": 0}])
def test_bad_configuration_is_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        LoginThrottle(**kwargs)  # type: ignore[arg-type]


def test_backoff_survives_absurd_counts() -> None:
    assert Backoff(free=1, delay_s=1, max_delay_s=60, window_s=900).wait_after(10**6) == 60


async def test_memory_drops_counters_that_left_the_window(clock: Clock) -> None:
    store = MemoryThrottleStore()
    throttle = LoginThrottle(store=store, now=clock)
    for n in range(20):
        await fail(throttle, f"user{n}@x.com", f"10.0.0.{n}")
    assert len(store) == 40
    clock.t += 901
    await fail(throttle, "late@x.com", "10.0.1.1")
    assert len(store) == 2


async def test_memory_is_bounded_dropping_the_oldest(clock: Clock) -> None:
    store = MemoryThrottleStore(max_keys=10)
    backoff = Backoff(free=100, delay_s=1, max_delay_s=900, window_s=900)
    for n in range(100):
        clock.t += 1
        await store.reserve(f"account:user{n}@x.com", now=clock.t, backoff=backoff)
    assert len(store) <= 10
    await store.reserve("account:user99@x.com", now=clock.t, backoff=Backoff(1, 5, 5, 900))
    assert await store.reserve("account:user99@x.com", now=clock.t, backoff=Backoff(1, 5, 5, 900)) == 5  # kept
    assert await store.reserve("account:user0@x.com", now=clock.t, backoff=Backoff(1, 5, 5, 900)) == 0  # dropped


async def test_remembered_facts_are_bounded_and_expire(clock: Clock) -> None:
    store = MemoryThrottleStore(max_keys=3)
    for n in range(5):
        await store.remember(f"known:{n}", until=clock.t + 10 + n)
    assert len(store._facts) == 3
    assert not await store.remembered("known:0", now=clock.t)  # dropped for room
    assert await store.remembered("known:4", now=clock.t)
    assert not await store.remembered("known:4", now=clock.t + 15)  # ended
