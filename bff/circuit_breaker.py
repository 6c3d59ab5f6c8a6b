"""A circuit breaker in front of Odoo: fail fast while Odoo is failing, probe it, recover by itself.

::

              N failures in a row (timeouts,             reset_s elapsed: the next call
              refused connections, HTTP 5xx)             goes through as the one probe
    CLOSED ─────────────────────────────────▶ OPEN ─────────────────────────────▶ HALF_OPEN
      ▲   trip(): the integration log-in failed  ▲  probe failed (or trip())          │
      │                                           └────────────────────────────────────┤
      └────────────────────────────────────────────────────────────────────────────────┘
                                    probe answered (any JSON-RPC answer, errors included)

* CLOSED: calls go through; a success resets the failure count.
* OPEN: ``admit()`` raises ``CircuitOpen`` at once, with ``retryAfter`` = seconds until the probe.
* HALF_OPEN: one call (the probe) goes through; every other call fails fast until it ends. A probe that
  ends neither way (the request's deadline cut it, the caller was cancelled) frees the slot for the next.

Only ``OdooUnreachable`` counts as a failure: an Odoo that answers with an error is up. The breaker is per
process (one per ``OdooClient`` and the clients it derives), in memory, and needs no lock (one event loop).
Hand-written rather than ``aiobreaker``/``pybreaker``: the first is unmaintained, the second is not async,
and neither reports the time left that ``Retry-After`` needs.
"""

from __future__ import annotations

import contextlib
import enum
import time
from collections.abc import Callable, Iterator

from bff.errors import CircuitOpen, OdooError, OdooProtocolError, OdooUnavailable, OdooUnreachable


class BreakerState(enum.Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    """See the module docstring. ``failure_threshold`` consecutive failures open it for ``reset_s``."""

    def __init__(self, *, failure_threshold: int = 5, reset_s: float = 5.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if failure_threshold < 1 or reset_s <= 0:
            raise ValueError("a circuit breaker needs failure_threshold >= 1 and reset_s > 0")
        self.failure_threshold = failure_threshold
        self.reset_s = reset_s
        self._clock = clock
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._probe_in_flight = False
        self.times_opened = 0

    @property
    def state(self) -> BreakerState:
        if self._state is BreakerState.OPEN and self.retry_after() <= 0:
            return BreakerState.HALF_OPEN
        return self._state

    def retry_after(self) -> float:
        """Seconds until the breaker lets a probe through (0 when it is not open)."""
        if self._state is not BreakerState.OPEN:
            return 0.0
        return max(0.0, self._opened_at + self.reset_s - self._clock())

    def admit(self) -> bool:
        """Let a call through or raise ``CircuitOpen``. True when this call is the half-open probe."""
        if self._state is BreakerState.OPEN:
            wait = self.retry_after()
            if wait > 0:
                raise CircuitOpen(retry_after_s=wait)
            self._state = BreakerState.HALF_OPEN
        if self._state is BreakerState.HALF_OPEN:
            if self._probe_in_flight:
                raise CircuitOpen(retry_after_s=1)
            self._probe_in_flight = True
            return True
        return False

    def raise_if_open(self) -> None:
        """``CircuitOpen`` when the breaker opened since this call was admitted (it queued meanwhile)."""
        wait = self.retry_after()
        if wait > 0:
            raise CircuitOpen(retry_after_s=wait)

    def record_success(self) -> None:
        self._state, self._failures, self._probe_in_flight = BreakerState.CLOSED, 0, False

    def record_failure(self) -> None:
        self._failures += 1
        if self._state is BreakerState.HALF_OPEN or self._failures >= self.failure_threshold:
            self.trip()

    def trip(self) -> None:
        """Open now (also from CLOSED): used when the integration account cannot log in at all."""
        if self._state is not BreakerState.OPEN:
            self.times_opened += 1
        self._state, self._opened_at, self._probe_in_flight = BreakerState.OPEN, self._clock(), False

    @contextlib.contextmanager
    def guard(self) -> Iterator[None]:
        """Admit the call, then record how it ended.

        ``OdooUnreachable`` is a failure. A result, or an error Odoo answered with (access, validation,
        missing record, session expired...), is a success: Odoo is up. Anything else (the deadline, a
        broken answer, cancellation) says nothing about Odoo's health and only frees the probe slot.
        """
        probe = self.admit()
        try:
            yield
        except OdooUnreachable:
            self.record_failure()
            raise
        except (OdooUnavailable, OdooProtocolError):
            self._abandon(probe)
            raise
        except OdooError:
            self.record_success()
            raise
        except BaseException:
            self._abandon(probe)
            raise
        else:
            self.record_success()

    def _abandon(self, probe: bool) -> None:
        if probe and self._state is BreakerState.HALF_OPEN:
            self._probe_in_flight = False  # ended neither way: let the next call probe
