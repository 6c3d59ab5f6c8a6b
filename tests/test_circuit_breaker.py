"""The circuit breaker's state machine, the request deadline and the rate-limited log, on a fake clock."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bff import deadline
from bff.circuit_breaker import BreakerState, CircuitBreaker
from bff.errors import CircuitOpen, DeadlineExceeded, OdooProtocolError, OdooUnreachable, OdooValidationError
from bff.log_throttle import ThrottledLog


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def fail(breaker: CircuitBreaker, exc: BaseException | None = None) -> None:
    with pytest.raises(type(exc or OdooUnreachable())), breaker.guard():
        raise exc or OdooUnreachable("refused")


def test_opens_after_consecutive_failures_only() -> None:
    breaker = CircuitBreaker(failure_threshold=3, reset_s=5, clock=Clock())
    fail(breaker)
    fail(breaker)
    with breaker.guard():
        pass  # a success in between starts the count again
    fail(breaker)
    fail(breaker)
    assert breaker.state is BreakerState.CLOSED
    fail(breaker, OdooValidationError("Odoo answered: it is up"))
    fail(breaker, OdooProtocolError("says nothing about Odoo's health"))
    assert breaker.state is BreakerState.CLOSED
    fail(breaker)
    fail(breaker)
    assert breaker.state is BreakerState.CLOSED
    fail(breaker)
    assert breaker.state is BreakerState.OPEN and breaker.times_opened == 1


def test_open_fails_fast_with_the_seconds_left_then_lets_one_probe_through() -> None:
    clock = Clock()
    breaker = CircuitBreaker(failure_threshold=1, reset_s=5, clock=clock)
    fail(breaker)
    clock.now += 1.5
    with pytest.raises(CircuitOpen) as info, breaker.guard():
        raise AssertionError("an open breaker must not run the call")
    assert info.value.retry_after == 4 and info.value.extensions == {"retryAfter": 4}
    clock.now += 3.5
    assert breaker.state is BreakerState.HALF_OPEN
    assert breaker.admit() is True  # the probe
    with pytest.raises(CircuitOpen):
        breaker.admit()  # everyone else while it runs
    breaker.record_failure()
    assert breaker.state is BreakerState.OPEN and breaker.retry_after() == 5  # the probe failed: open again
    clock.now += 5
    with breaker.guard():
        pass
    assert breaker.state is BreakerState.CLOSED
    with breaker.guard():
        pass


def test_a_probe_cut_short_frees_the_slot_for_the_next_call() -> None:
    clock = Clock()
    breaker = CircuitBreaker(failure_threshold=1, reset_s=1, clock=clock)
    fail(breaker)
    clock.now += 1
    fail(breaker, DeadlineExceeded())
    assert breaker.state is BreakerState.HALF_OPEN
    assert breaker.admit() is True


def test_trip_opens_at_once_and_a_late_queued_call_fails_fast() -> None:
    breaker = CircuitBreaker(failure_threshold=5, reset_s=2, clock=Clock())
    breaker.raise_if_open()
    breaker.trip()
    assert breaker.state is BreakerState.OPEN
    with pytest.raises(CircuitOpen):
        breaker.raise_if_open()


async def test_waiting_for_a_slot_stops_at_the_deadline() -> None:
    slot = asyncio.Semaphore(1)
    await slot.acquire()  # held by someone else for good
    with deadline.request_deadline(0.05):
        with pytest.raises(DeadlineExceeded):
            async with deadline.acquire(slot):
                raise AssertionError("the slot is never free")
    with deadline.request_deadline(5):
        cut = deadline.call_timeout(10)
        assert cut.cut_by_deadline and 4 < cut.seconds <= 5
    slot.release()
    assert deadline.time_left() is None
    assert deadline.call_timeout(10) == deadline.CallTimeout(10, False)
    async with deadline.acquire(slot):
        assert slot.locked()


async def test_the_earlier_deadline_wins_and_an_expired_one_refuses_at_once() -> None:
    with deadline.request_deadline(10):
        with deadline.request_deadline(0.01):
            await asyncio.sleep(0.02)
            with pytest.raises(DeadlineExceeded):
                deadline.call_timeout(1)
            with pytest.raises(DeadlineExceeded):
                async with deadline.acquire(asyncio.Lock()):
                    pass
        left = deadline.time_left()
        assert left is not None and 9 < left <= 10
        assert deadline.call_timeout(1) == deadline.CallTimeout(1, False)


def test_throttled_log_writes_one_line_per_key_per_interval_with_the_suppressed_count(
        caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    throttled = ThrottledLog(logging.getLogger("bff.test"), interval_s=10, clock=clock)
    caplog.set_level(logging.WARNING, logger="bff.test")
    written = [throttled.warning("down", "odoo %s failed", "read") for _ in range(1000)]
    assert written.count(True) == 1
    assert throttled.warning("other", "another kind") is True
    clock.now += 10
    assert throttled.warning("down", "odoo %s failed", "read") is True
    assert [r.getMessage() for r in caplog.records] == [
        "odoo read failed", "another kind", "odoo read failed [999 similar suppressed in the last 10 s]"]
