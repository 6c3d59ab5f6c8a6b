"""Log-in throttling: account and address limits, lockouts, the sliding window, success, bounded memory."""

from __future__ import annotations

import pytest

from bff.auth.throttle import LoginThrottle, MemoryThrottleStore, account_key

IP = "203.0.113.9"


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


async def fail(throttle: LoginThrottle, account: str, address: str = IP, times: int = 1) -> None:
    for _ in range(times):
        await throttle.record_failure(account, address)


async def test_account_locks_after_ten_failures(throttle: LoginThrottle, clock: Clock) -> None:
    await fail(throttle, "bob@x.com", times=9)
    assert await throttle.check("bob@x.com", IP) is None
    await fail(throttle, "bob@x.com")
    assert await throttle.check("bob@x.com", IP) == 900
    clock.t += 100
    assert await throttle.check("bob@x.com", IP) == 800
    assert await throttle.check("bob@x.com", "198.51.100.1") == 800  # the account, from anywhere


async def test_locked_account_leaves_other_accounts_from_the_same_address_alone(throttle: LoginThrottle) -> None:
    await fail(throttle, "bob@x.com", times=10)
    assert await throttle.check("bob@x.com", IP) is not None
    assert await throttle.check("alice@x.com", IP) is None


async def test_account_key_is_the_login_stripped_and_lower_cased(throttle: LoginThrottle) -> None:
    assert account_key("  Bob@X.com \n") == "bob@x.com"
    await fail(throttle, "BOB@x.com", times=5)
    await fail(throttle, " bob@X.COM ", times=5)
    assert await throttle.check("bob@x.com", IP) is not None


async def test_address_locks_after_fifty_failures_across_accounts(throttle: LoginThrottle) -> None:
    for n in range(49):
        await fail(throttle, f"user{n}@x.com")
    assert await throttle.check("fresh@x.com", IP) is None
    await fail(throttle, "user49@x.com")
    assert await throttle.check("fresh@x.com", IP) == 900
    assert await throttle.check("fresh@x.com", "198.51.100.1") is None  # other addresses still pass


async def test_lockout_ends_and_counting_starts_again(throttle: LoginThrottle, clock: Clock) -> None:
    await fail(throttle, "bob@x.com", times=10)
    clock.t += 900
    assert await throttle.check("bob@x.com", IP) is None
    await fail(throttle, "bob@x.com", times=9)
    assert await throttle.check("bob@x.com", IP) is None
    await fail(throttle, "bob@x.com")
    assert await throttle.check("bob@x.com", IP) == 900


async def test_failures_leave_the_sliding_window(throttle: LoginThrottle, clock: Clock) -> None:
    await fail(throttle, "bob@x.com", times=5)
    clock.t += 600
    await fail(throttle, "bob@x.com", times=4)
    clock.t += 301  # the first five are now older than the 900 s window
    await fail(throttle, "bob@x.com", times=5)
    assert await throttle.check("bob@x.com", IP) is None
    await fail(throttle, "bob@x.com")  # 4 + 6 within the window
    assert await throttle.check("bob@x.com", IP) == 900


async def test_success_clears_the_account_but_not_the_address(clock: Clock) -> None:
    throttle = LoginThrottle(max_failures_per_address=12, now=clock)
    await fail(throttle, "bob@x.com", times=9)
    await throttle.record_success("bob@x.com", IP)
    await fail(throttle, "bob@x.com", times=2)
    assert await throttle.check("bob@x.com", IP) is None  # 2 of 10 for the account
    await fail(throttle, "alice@x.com")                   # 12 of 12 for the address
    assert await throttle.check("carol@x.com", IP) == 900


async def test_success_does_not_lift_a_lock(throttle: LoginThrottle) -> None:
    await fail(throttle, "bob@x.com", times=10)
    await throttle.record_success("bob@x.com", IP)
    assert await throttle.check("bob@x.com", IP) == 900


async def test_the_longer_lock_wins(clock: Clock) -> None:
    throttle = LoginThrottle(max_failures_per_account=3, max_failures_per_address=5, now=clock)
    await fail(throttle, "bob@x.com", times=3)
    clock.t += 100
    await fail(throttle, "alice@x.com", times=2)
    assert await throttle.check("bob@x.com", IP) == 900  # address locked just now, for the full 900 s


@pytest.mark.parametrize("kwargs", [{"max_failures_per_account": 0}, {"max_failures_per_address": -1},
                                    {"window_s": 0}, {"lockout_s": 0}])
def test_bad_configuration_is_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        LoginThrottle(**kwargs)  # type: ignore[arg-type]


async def test_memory_drops_counters_that_left_the_window(clock: Clock) -> None:
    store = MemoryThrottleStore()
    throttle = LoginThrottle(store=store, now=clock)
    for n in range(20):
        await throttle.record_failure(f"user{n}@x.com", f"10.0.0.{n}")
    assert len(store) == 40
    clock.t += 901
    await throttle.record_failure("late@x.com", "10.0.1.1")
    assert len(store) == 2


async def test_memory_is_bounded_dropping_the_oldest(clock: Clock) -> None:
    store = MemoryThrottleStore(max_keys=10)
    throttle = LoginThrottle(store=store, now=clock, max_failures_per_address=1000)
    for n in range(100):
        clock.t += 1
        await throttle.record_failure(f"user{n}@x.com", IP)
    assert len(store) <= 10
    assert await store.add_failure("account:user99@x.com", now=clock.t, window_s=900) == 2  # newest kept
    assert await store.add_failure("account:user0@x.com", now=clock.t, window_s=900) == 1   # oldest dropped


async def test_locks_are_bounded_and_expire(clock: Clock) -> None:
    store = MemoryThrottleStore(max_keys=3)
    throttle = LoginThrottle(store=store, now=clock, max_failures_per_account=1, max_failures_per_address=1000)
    for n in range(5):
        clock.t += 1
        await throttle.record_failure(f"user{n}@x.com", IP)
    assert await throttle.check("user4@x.com", IP) is not None
    assert len(store._locks) == 3
    clock.t += 901
    assert await throttle.check("user4@x.com", IP) is None
