"""The one change feed of a BFF process: follows Odoo's bus, or polls, and says when changes may be lost.

    starting ──channel + position learnt, subscribed──▶ bus ◀──────────┐
       │                                                │ link lost     │ resubscribed from last_id
       │                                                ▼               │ (backoff with jitter)
       │                                               down ────────────┘
       │  bus unusable: no addon / get_channel refused, or 3 websocket tries failed while RPC answers
       └──────────────────────────────────────────────▶ polling ──every BFF_BUS_RETRY_S──▶ try the bus
                                                         (down while Odoo does not answer)

``Resync`` is published whenever a gap may exceed what Odoo still holds:
* the bus link was down longer than ``BFF_BUS_REPLAY_WINDOW_S`` (Odoo keeps rows ~100 s, replays 50 s);
* a notification id is not above the last one seen (Odoo restarted or restored; ids went backwards);
* the feed switches between bus and polling (polling cannot see deletions, and the switch leaves a seam).
On first start the position is learnt from ``peek_notifications``, so history is never replayed as changes.
One websocket per process, with its own cookie jar (Odoo's ``Set-Cookie`` is honoured; string channels need
no log-in, bus.md section 5); every RPC goes through the ``OdooClient`` and is counted in its metrics.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Callable
from typing import Any

import aiohttp

from bff.errors import OdooError, OdooUnavailable
from bff.live.bus_client import BusConnection, BusLinkLost, BusRefused, parse_change
from bff.live.changes import FeedEvent, Resync
from bff.live.poller import WriteDatePoller
from bff.odoo_client import OdooClient
from bff.settings import Settings

log = logging.getLogger("bff.live.feed")

MODES = ("starting", "bus", "polling", "down")
FAILURES_BEFORE_POLLING = 3
SESSION_EXPIRED = 4001


class BusUnusable(Exception):
    """This Odoo cannot feed changes over the bus (no addon, channel not readable or not set)."""


class ChangeFeed:
    """Publishes ``Change``/``Resync`` events to ``publish``; ``start`` returns at once."""

    def __init__(self, odoo: OdooClient, settings: Settings, publish: Callable[[FeedEvent], None]) -> None:
        self._odoo, self._settings, self._publish = odoo, settings, publish
        self._mode = "starting"
        self.last_id = 0
        self.reconnects = 0
        self._task: asyncio.Task[None] | None = None
        self._http: aiohttp.ClientSession | None = None
        self._channel: str | None = None
        self._positioned = False  # last_id reflects Odoo's bus (learnt by peek, then by frames)
        self._live: str | None = None  # the last working mode: "bus" or "polling"
        self._connected = False
        self._started_at: float | None = None
        self._synced_at: float | None = None  # monotonic time the feed was last known up to date
        self._poller: WriteDatePoller | None = None
        self._subscriptions = 0  # successful subscribes so far
        self._attempt = 0  # reconnection attempts since the bus last worked (the backoff exponent)
        odoo.metrics.bus_mode.read = lambda: {(m,): float(m == self._mode) for m in MODES}
        odoo.metrics.bus_lag.read = lambda: {} if self.lag_s is None else {(): self.lag_s}

    # -- what /readyz and /metrics show ----------------------------------------------------------

    @property
    def mode(self) -> str:
        return self._mode

    @property
    def lag_s(self) -> float | None:
        if self._started_at is None:
            return None
        if self._connected:
            return 0.0
        return time.monotonic() - (self._synced_at or self._started_at)

    def status(self) -> dict[str, Any]:
        lag = self.lag_s
        return {"mode": self._mode, "lagSeconds": None if lag is None else round(lag, 3),
                "lastId": self.last_id, "reconnects": self.reconnects}

    # -- lifecycle -------------------------------------------------------------------------------

    async def start(self) -> None:
        if self._task is not None:
            return
        self._started_at = time.monotonic()
        if self._settings.live_mode == "off":
            self._mode = "down"
            return
        self._http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self._task = asyncio.create_task(self._run(), name="bff-change-feed")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._http is not None:
            await self._http.close()
            self._http = None
        self._connected = False

    # -- the loop --------------------------------------------------------------------------------

    async def _run(self) -> None:
        setting = self._settings.live_mode
        while True:
            if setting in ("auto", "bus"):
                await self._follow_bus(give_up=setting == "auto")
            await self._follow_polling(retry_bus=setting == "auto")

    def _emit(self, event: FeedEvent) -> None:
        try:
            self._publish(event)
        except Exception:  # a broken subscriber must not stop the feed
            log.exception("change feed subscriber failed on %r", event)

    def _resync(self, reason: str) -> None:
        log.info("change feed resync: %s", reason)
        self._emit(Resync(reason))

    def _set_mode(self, mode: str) -> None:
        if mode != self._mode:
            log.info("change feed: %s -> %s", self._mode, mode)
            self._mode = mode

    def _backoff(self, attempt: int) -> float:
        return min(self._settings.bus_backoff_max_s, 0.2 * 2**attempt) * random.uniform(0.5, 1.0)

    # -- bus -------------------------------------------------------------------------------------

    async def _follow_bus(self, *, give_up: bool) -> None:
        """Keep a subscribed websocket; return only when ``give_up`` and the bus cannot be used."""
        failures = 0  # attempts in a row that did not get as far as a subscription
        rpc_up = False  # Odoo answered an RPC right before this attempt
        while True:
            subscriptions = self._subscriptions
            try:
                await self._connect_and_listen()
            except BusUnusable as exc:
                log.warning("change feed: the bus cannot be used: %s", exc)
                if give_up:
                    return
            except (BusRefused, BusLinkLost) as exc:
                if isinstance(exc, BusLinkLost) and exc.close_code == SESSION_EXPIRED and self._http is not None:
                    self._http.cookie_jar.clear()  # Odoo forgot our session: start a new one
                log.info("change feed: bus link: %s", exc)
            except OdooError as exc:  # Odoo down (retry), or it answers but cannot serve the bus
                log.warning("change feed: Odoo call failed: %s", exc.message)
                if give_up and not isinstance(exc, OdooUnavailable):
                    return
            failures = 0 if self._subscriptions != subscriptions else failures + 1
            if give_up and rpc_up and failures > FAILURES_BEFORE_POLLING:
                return  # RPC works but the websocket does not: a blocking proxy, no bus route
            rpc_up = failures >= FAILURES_BEFORE_POLLING and await self._odoo_answers()
            if failures >= FAILURES_BEFORE_POLLING and not rpc_up:
                self._set_mode("down")
            if self._live != "polling":  # while polling, a failed try of the bus changes nothing
                self._set_mode("down")
                self.reconnects += 1
                self._odoo.metrics.bus_reconnects.inc()
            await asyncio.sleep(self._backoff(self._attempt))
            self._attempt += 1

    async def _odoo_answers(self) -> bool:
        try:
            await self._odoo.version_info()
        except OdooError:
            return False
        return True

    async def _channel_name(self) -> str:
        if self._channel is None:
            try:
                channel = await self._odoo.call("customk9.bus", "get_channel", [])
            except OdooUnavailable:
                raise
            except OdooError as exc:
                raise BusUnusable(f"customk9.bus.get_channel: {type(exc).__name__}") from exc
            if not isinstance(channel, str) or not channel:
                raise BusUnusable("the addon's notification channel is not set")
            self._channel = channel
        return self._channel

    async def _connect_and_listen(self) -> None:
        channel = await self._channel_name()
        info = await self._odoo.detect()
        if not self._positioned:
            notes = await self._odoo.bus_peek([channel], last=0)
            self.last_id = max((n["id"] for n in notes if isinstance(n.get("id"), int)), default=0)
            self._positioned = True
        assert self._http is not None
        window = self._settings.bus_replay_window_s
        bus_url = self._settings.odoo_bus_url or self._odoo.url
        conn = await BusConnection.open(self._http, bus_url, version=f"{info.serie or '18.0'}-1",
                                        heartbeat_s=max(1.0, min(10.0, window / 4)),
                                        timeout_s=self._settings.odoo_timeout_s)
        try:
            await conn.subscribe([channel], self.last_id)
            self._subscribed()
            async for frame in conn.frames():
                self._on_frame(frame)
        finally:
            if self._connected:
                self._connected = False
                self._synced_at = time.monotonic()
            await conn.close()

    def _subscribed(self) -> None:
        now = time.monotonic()
        if self._live == "polling":
            self._resync("switched from polling to the bus")
        elif self._live == "bus" and self._synced_at is not None and now - self._synced_at > (
                window := self._settings.bus_replay_window_s):
            self._resync(f"bus link down {now - self._synced_at:.1f} s, longer than the {window:g} s replay window")
        self._live, self._poller, self._attempt = "bus", None, 0
        self._subscriptions += 1
        self._connected = True
        self._synced_at = now
        self._set_mode("bus")

    def _on_frame(self, frame: list[dict[str, Any]]) -> None:
        if not frame:
            return
        ids = [n["id"] for n in frame]
        if min(ids) <= self.last_id:
            self._resync(f"bus id {min(ids)} not above the last seen {self.last_id}: Odoo restarted or restored")
            self.last_id = max(ids)
        else:
            self.last_id = max(self.last_id, *ids)
        for notification in frame:
            change = parse_change(notification)
            if change is not None:
                self._emit(change)

    # -- polling ---------------------------------------------------------------------------------

    async def _follow_polling(self, *, retry_bus: bool) -> None:
        """Poll every ``BFF_POLL_INTERVAL_S``; return after ``BFF_BUS_RETRY_S`` when the bus may be retried."""
        entered = time.monotonic()
        while True:
            started = time.monotonic()
            try:
                await self._poll_once()
                self._synced_at = started
            except OdooError as exc:
                log.warning("change feed: polling failed: %s", exc.message)
                self._set_mode("down")
            if retry_bus and time.monotonic() - entered >= self._settings.bus_retry_s:
                return
            await asyncio.sleep(self._settings.poll_interval_s)

    async def _poll_once(self) -> None:
        if self._poller is None:
            self._poller = WriteDatePoller(self._odoo)
        if not self._poller.primed:
            await self._poller.prime()
        if self._live != "polling":
            if self._live == "bus":
                self._resync("switched from the bus to polling")
            self._live, self._positioned = "polling", False
        self._set_mode("polling")
        for change in await self._poller.poll():
            self._emit(change)
