"""Where log-in attempts are counted: the ``ThrottleStore`` protocol and its in-memory implementation.

A key (``account:<login>``, ``address:<ip>``) holds the times of its recent attempts. ``reserve`` is the one
operation that matters for safety: in a single atomic step it forgets attempts older than the window, decides
from those left whether a new attempt must wait (``Backoff``), and, when it need not, records the new attempt
at once. A parallel guesser therefore cannot slip many attempts through between a check and a record: every
attempt in flight already counts. An attempt that turns out not to be a failure is taken back (``release``).

    attempts in window    0 .. free-1    free      free+1     free+2    ...
    wait after the last   0              delay_s   2*delay_s  4*delay_s ... capped at max_delay_s

Single-key operations only, so that a shared (Redis) store can implement each with one Lua script.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Protocol

MAX_DOUBLINGS = 40  # 2**40 s is beyond any cap: no float overflow for absurd counts


@dataclass(frozen=True)
class Backoff:
    """How long a key waits after its latest attempt, given how many attempts it has in the window."""

    free: int
    delay_s: float
    max_delay_s: float
    window_s: float

    def __post_init__(self) -> None:
        if self.free <= 0 or min(self.delay_s, self.max_delay_s, self.window_s) <= 0:
            raise ValueError("log-in throttling limits, delays and window must be positive")

    def wait_after(self, attempts: int) -> float:
        if attempts < self.free:
            return 0.0
        return min(self.delay_s * 2 ** min(attempts - self.free, MAX_DOUBLINGS), self.max_delay_s)


class ThrottleStore(Protocol):
    """Attempt counters and remembered facts. Async so that a shared (Redis) store can implement it; a
    shared store needs a clock that agrees across processes (``now=time.time``), not ``time.monotonic``."""

    async def reserve(self, key: str, *, now: float, backoff: Backoff) -> float:
        """Atomically: 0.0 after recording an attempt of ``key`` at ``now``; else the seconds to wait (nothing
        recorded) because the latest attempt was less than ``backoff.wait_after(count)`` ago."""
        ...

    async def release(self, key: str, *, at: float) -> None:
        """Take back one attempt recorded at ``at`` (it was no failure)."""
        ...

    async def clear(self, key: str) -> None:
        """Forget every attempt of ``key``."""
        ...

    async def remember(self, key: str, *, until: float) -> None: ...

    async def remembered(self, key: str, *, now: float) -> bool:
        """Whether ``remember(key)`` was called with an ``until`` still ahead of ``now``."""
        ...


class MemoryThrottleStore:
    """A per-process store holding at most ``max_keys`` counters and ``max_keys`` remembered facts.

    Counters are kept least recently attempted first and facts soonest ending first, so pruning looks only at
    the old end: counters whose newest attempt left the window and ended facts go first, then the oldest
    beyond the bound.
    """

    def __init__(self, *, max_keys: int = 100_000) -> None:
        if max_keys <= 0:
            raise ValueError(f"max_keys must be positive, got {max_keys}")
        self.max_keys = max_keys
        self._attempts: OrderedDict[str, deque[float]] = OrderedDict()
        self._facts: OrderedDict[str, float] = OrderedDict()

    def __len__(self) -> int:
        return len(self._attempts) + len(self._facts)

    async def reserve(self, key: str, *, now: float, backoff: Backoff) -> float:
        # No await between reading and writing: one atomic step on the event loop.
        times = self._attempts.pop(key, None) or deque()
        while times and times[0] <= now - backoff.window_s:
            times.popleft()
        wait = (times[-1] + backoff.wait_after(len(times)) - now) if times else 0.0
        if wait <= 0:
            times.append(now)
            wait = 0.0
        if times:
            self._attempts[key] = times  # re-inserted: now the most recently attempted
        self._prune(now=now, window_s=backoff.window_s)
        return wait

    async def release(self, key: str, *, at: float) -> None:
        times = self._attempts.get(key)
        if times is None:
            return
        try:
            times.remove(at)
        except ValueError:
            return
        if not times:
            del self._attempts[key]

    async def clear(self, key: str) -> None:
        self._attempts.pop(key, None)

    async def remember(self, key: str, *, until: float) -> None:
        self._facts.pop(key, None)
        self._facts[key] = until
        while len(self._facts) > self.max_keys:
            self._facts.popitem(last=False)

    async def remembered(self, key: str, *, now: float) -> bool:
        until = self._facts.get(key)
        if until is None:
            return False
        if until <= now:
            del self._facts[key]
            return False
        return True

    def _prune(self, *, now: float, window_s: float) -> None:
        while self._attempts:
            key, times = next(iter(self._attempts.items()))
            if times and times[-1] > now - window_s and len(self._attempts) <= self.max_keys:
                break
            del self._attempts[key]
        while self._facts:
            key, until = next(iter(self._facts.items()))
            if until > now:
                break
            del self._facts[key]
