"""Rate-limited log lines, so an outage writes a few lines a minute, not thousands a second.

With the integration account unable to log in, every request used to log its own warning (about 4,600 in
10 s). ``ThrottledLog.warning(key, ...)`` writes the first line of each ``key`` at once, then at most one
per ``interval_s``; the line after a quiet spell says how many were suppressed in between::

    odoo res.partner.read failed: OdooUnreachable (-)                       first: written
    (the next 800 with the same key within interval_s: counted, not written)
    odoo res.partner.read failed: OdooUnreachable (-) [800 similar suppressed in the last 10 s]
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Hashable
from typing import Any

_MAX_KEYS = 1024  # keys are (model, method, error) tuples: bounded in practice, capped to be safe


class ThrottledLog:
    """One logger's warnings, at most one per key per ``interval_s``."""

    def __init__(self, logger: logging.Logger, *, interval_s: float = 10.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.logger = logger
        self.interval_s = interval_s
        self._clock = clock
        self._last: dict[Hashable, float] = {}
        self._suppressed: dict[Hashable, int] = {}

    def warning(self, key: Hashable, message: str, *args: Any) -> bool:
        """Log ``message % args`` unless ``key`` was logged within ``interval_s``. True when written."""
        now = self._clock()
        last = self._last.get(key)
        if last is not None and now - last < self.interval_s:
            self._suppressed[key] = self._suppressed.get(key, 0) + 1
            return False
        if len(self._last) >= _MAX_KEYS and key not in self._last:
            self._last.clear()
            self._suppressed.clear()
        suppressed = self._suppressed.pop(key, 0)
        self._last[key] = now
        if suppressed:
            message += " [%d similar suppressed in the last %g s]"
            args = (*args, suppressed, self.interval_s)
        self.logger.warning(message, *args)
        return True
