"""Log-in throttling in the BFF: per-account progressive delays and a per-address failure budget.

Odoo throttles failed log-ins per IP address, and behind the BFF every user shares the BFF's address, so the
BFF counts attempts itself, in a sliding window (``window_s``):

* **per account** (the login, stripped and lower-cased): the first ``max_failures_per_account`` attempts in
  the window are free; after that each attempt waits ``delay_s`` after the previous one, doubling each time
  up to ``max_delay_s``. A correct password forgets the account's failures.
* **per address**: the same progressive delay after ``max_failures_per_address`` failures, but only for
  accounts that have not signed in from that address before (remembered ``known_for_s``). People behind an
  office NAT who signed in from it keep signing in while someone there guesses passwords; sign-up and other
  mutations never look at it.

An attempt is *reserved* before the password goes to Odoo and counts as a failure from that moment: 60
parallel wrong passwords get ``max_failures_per_account`` checks at most. ``Attempt.succeeded`` takes the
reservation back (and clears the account), ``Attempt.abandoned`` takes it back when Odoo gave no verdict;
a wrong password needs no further call.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from bff.auth.throttle_store import Backoff, MemoryThrottleStore, ThrottleStore

log = logging.getLogger("bff.auth.throttle")
MAX_KEY_CHARS = 256


class Throttled(Exception):
    """The attempt must wait ``wait_s`` seconds; nothing was recorded and Odoo must not be asked."""

    def __init__(self, wait_s: float) -> None:
        super().__init__(f"wait {wait_s:.1f} s")
        self.wait_s = wait_s


def account_key(login: str) -> str:
    """The throttling identity of a login: stripped and lower-cased (``Bob@X.com `` is ``bob@x.com``)."""
    return login.strip().lower()


@dataclass
class Attempt:
    """A reserved log-in attempt: it counts as a failure until ``succeeded`` or ``abandoned`` is awaited."""

    throttle: LoginThrottle
    account: str
    address: str | None
    at: float
    address_counted: bool  # False when the address budget did not apply

    async def succeeded(self) -> None:
        if self.address is not None and self.address_counted:
            await self.throttle.store.release(_address(self.address), at=self.at)
        await self.throttle.signed_in(self.account, self.address)

    async def abandoned(self) -> None:
        store = self.throttle.store
        await store.release(_account(self.account), at=self.at)
        if self.address is not None and self.address_counted:
            await store.release(_address(self.address), at=self.at)


class LoginThrottle:
    """Reserves log-in attempts per account and per client address (see the module docstring)."""

    def __init__(self, *, max_failures_per_account: int = 10, max_failures_per_address: int = 50,
                 window_s: float = 900, delay_s: float = 1, max_delay_s: float = 900,
                 known_for_s: float = 30 * 24 * 3600, now: Callable[[], float] = time.monotonic,
                 store: ThrottleStore | None = None, max_keys: int = 100_000) -> None:
        self.account_backoff = Backoff(max_failures_per_account, delay_s, max_delay_s, window_s)
        self.address_backoff = Backoff(max_failures_per_address, delay_s, max_delay_s, window_s)
        if known_for_s <= 0:
            raise ValueError("known_for_s must be positive")
        self.known_for_s = known_for_s
        self._now = now
        self.store: ThrottleStore = store if store is not None else MemoryThrottleStore(max_keys=max_keys)

    async def reserve(self, account: str, address: str | None) -> Attempt:
        """Reserve an attempt, or raise ``Throttled``. ``address=None`` skips the address budget (a signed-in
        user's password change)."""
        now = self._now()
        login = account_key(account)
        wait = await self.store.reserve(_account(login), now=now, backoff=self.account_backoff)
        if wait > 0:
            log.info("log-in throttling: account %r waits %.1f s", login[:64], wait)
            raise Throttled(wait)
        # An account that signed in from this address before is not held back by the address's budget.
        counted = address is not None and not await self.store.remembered(_pair(login, address), now=now)
        if address is not None and counted:
            wait = await self.store.reserve(_address(address), now=now, backoff=self.address_backoff)
            if wait > 0:
                await self.store.release(_account(login), at=now)
                log.info("log-in throttling: address %r waits %.1f s", address[:64], wait)
                raise Throttled(wait)
        return Attempt(self, login, address, now, counted)


    async def signed_in(self, account: str, address: str | None) -> None:
        """``account`` proved its password (or was just created) from ``address``: forget its failures, and
        let it past the address budget of ``address`` from now on."""
        login = account_key(account)
        await self.store.clear(_account(login))
        if address is not None:
            await self.store.remember(_pair(login, address), until=self._now() + self.known_for_s)


def _account(login: str) -> str:
    return "account:" + account_key(login)[:MAX_KEY_CHARS]


def _address(address: str) -> str:
    return "address:" + address.strip().lower()[:MAX_KEY_CHARS]


def _pair(login: str, address: str) -> str:
    return "known:" + address.strip().lower()[:MAX_KEY_CHARS] + " " + account_key(login)[:MAX_KEY_CHARS]
