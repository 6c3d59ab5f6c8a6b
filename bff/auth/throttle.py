"""Log-in throttling in the BFF.

Odoo throttles failed log-ins per IP address, and behind the BFF every user shares the BFF's address, so the
BFF counts failures itself: per account (the login, stripped and lower-cased) and per client address, each in
a sliding window. Reaching a limit locks that account or that address for ``lockout_s``; the counter starts
again afterwards. An account lock never touches other accounts from the same address: only the address limit
does that.

Call ``check`` before trying the password (and do not call Odoo when it returns a wait), then
``record_failure`` or ``record_success``.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import Protocol

log = logging.getLogger("bff.auth.throttle")
MAX_KEY_CHARS = 256


class ThrottleStore(Protocol):
    """Failure counters and locks. Async so that a shared (Redis) store can implement it; a shared store needs
    a clock that agrees across processes (``now=time.time``), not the default ``time.monotonic``."""

    async def add_failure(self, key: str, *, now: float, window_s: float) -> int:
        """Record a failure at ``now``; the number of failures of ``key`` within the last ``window_s``."""
        ...

    async def clear_failures(self, key: str) -> None: ...

    async def lock(self, key: str, *, until: float) -> None: ...

    async def locked_until(self, key: str, *, now: float) -> float | None:
        """When the lock on ``key`` ends, or None when it is not locked at ``now``."""
        ...


class MemoryThrottleStore:
    """A per-process store holding at most ``max_keys`` counters and ``max_keys`` locks.

    Counters are kept least recently failed first, locks soonest ending first, so pruning looks only at the
    old end: counters whose newest failure left the window and ended locks go first, then the oldest beyond
    the bound (counters are dropped before a lock ever is, as they are separate).
    """

    def __init__(self, *, max_keys: int = 100_000) -> None:
        if max_keys <= 0:
            raise ValueError(f"max_keys must be positive, got {max_keys}")
        self.max_keys = max_keys
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._locks: OrderedDict[str, float] = OrderedDict()

    def __len__(self) -> int:
        return len(self._failures) + len(self._locks)

    async def add_failure(self, key: str, *, now: float, window_s: float) -> int:
        times = self._failures.pop(key, None) or deque()
        times.append(now)
        while times and times[0] <= now - window_s:
            times.popleft()
        self._failures[key] = times  # re-inserted: now the most recently failed
        self._prune(now=now, window_s=window_s)
        return len(times)

    async def clear_failures(self, key: str) -> None:
        self._failures.pop(key, None)

    async def lock(self, key: str, *, until: float) -> None:
        self._locks.pop(key, None)
        self._locks[key] = until
        while len(self._locks) > self.max_keys:
            self._locks.popitem(last=False)

    async def locked_until(self, key: str, *, now: float) -> float | None:
        until = self._locks.get(key)
        if until is None:
            return None
        if until <= now:
            del self._locks[key]
            return None
        return until

    def _prune(self, *, now: float, window_s: float) -> None:
        while self._failures:
            key, times = next(iter(self._failures.items()))
            if times and times[-1] > now - window_s and len(self._failures) <= self.max_keys:
                break
            del self._failures[key]
        while self._locks:
            key, until = next(iter(self._locks.items()))
            if until > now:
                break
            del self._locks[key]


def account_key(login: str) -> str:
    """The throttling identity of a login: stripped and lower-cased (``Bob@X.com `` is ``bob@x.com``)."""
    return login.strip().lower()


class LoginThrottle:
    """Counts failed log-ins per account and per client address and locks either when it has too many."""

    def __init__(self, *, max_failures_per_account: int = 10, max_failures_per_address: int = 50,
                 window_s: float = 900, lockout_s: float = 900, now: Callable[[], float] = time.monotonic,
                 store: ThrottleStore | None = None, max_keys: int = 100_000) -> None:
        if min(max_failures_per_account, max_failures_per_address) <= 0 or min(window_s, lockout_s) <= 0:
            raise ValueError("log-in throttling limits, window and lockout must be positive")
        self.max_failures_per_account = max_failures_per_account
        self.max_failures_per_address = max_failures_per_address
        self.window_s, self.lockout_s = window_s, lockout_s
        self._now = now
        self.store: ThrottleStore = store if store is not None else MemoryThrottleStore(max_keys=max_keys)

    async def check(self, account: str, address: str) -> float | None:
        """Seconds to wait when the account or the address is locked, else None."""
        now = self._now()
        waits = [until - now for until in (await self.store.locked_until(_account(account), now=now),
                                           await self.store.locked_until(_address(address), now=now))
                 if until is not None]
        return max(waits) if waits else None

    async def record_failure(self, account: str, address: str) -> None:
        now = self._now()
        for key, limit in ((_account(account), self.max_failures_per_account),
                           (_address(address), self.max_failures_per_address)):
            if await self.store.add_failure(key, now=now, window_s=self.window_s) >= limit:
                await self.store.lock(key, until=now + self.lockout_s)
                await self.store.clear_failures(key)
                log.warning("log-in throttling: %r locked for %ss after %s failures", key, self.lockout_s, limit)

    async def record_success(self, account: str, address: str) -> None:
        """Forget the account's failures (the address's count on: one good password does not clear it)."""
        await self.store.clear_failures(_account(account))


def _account(login: str) -> str:
    return "account:" + account_key(login)[:MAX_KEY_CHARS]


def _address(address: str) -> str:
    return "address:" + address.strip().lower()[:MAX_KEY_CHARS]
