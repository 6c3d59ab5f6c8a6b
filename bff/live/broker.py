"""The in-process broker: one change feed in, many GraphQL subscribers out.

    feed.publish(event) ─▶ inbox (bounded) ─▶ dispatcher task ─▶ for each subscription interested in the model:
                                                │                   interest.match(change, shared reads)
                                                │                   └─▶ subscription.offer(delivery)
                                                └─ a Resync goes to every subscription

Each subscription has a bounded queue. A subscriber that fills it gets its queue replaced by one ``RESYNC``
delivery (it must re-read anyway) and is marked lagging; if it fills the queue again before draining it, it is
closed with ``SLOW_CONSUMER``. Memory per subscriber is therefore bounded whatever Odoo sends.
An inbox overflow (the dispatcher itself behind) drops changes and sends every subscriber a ``RESYNC``.

Caps: at most ``max_per_connection`` subscriptions on one websocket and ``max_per_viewer`` for one signed-in
user (anonymous viewers count per client address); beyond them ``subscribe`` raises ``TooManySubscriptions``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict, deque
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from bff.errors import BffError, SlowConsumer, TooManySubscriptions
from bff.live.audience import ChangeReads, RowCache
from bff.live.changes import Change, FeedEvent, Resync

if TYPE_CHECKING:
    from bff.loaders import Loaders
    from bff.odoo_client import OdooClient

log = logging.getLogger("bff.live")


class Ended(Exception):
    """The subscription was closed without an error (the server is stopping)."""


@dataclass(frozen=True)
class Delivery:
    """What one subscriber receives: ids of ``model`` changed by ``op``, or a resync (``resync`` is the reason).
    ``public_loaders`` are shared by every anonymous subscriber of the same change (public data only)."""

    model: str | None = None
    op: str | None = None
    ids: tuple[int, ...] = ()
    resync: str | None = None
    public_loaders: Loaders | None = None


class Interest(Protocol):
    """What a subscription wants: the models it listens to and how a change maps to its deliveries."""

    models: frozenset[str]

    async def match(self, change: Change, reads: ChangeReads, public: PublicLoaders) -> Delivery | None: ...


class PublicLoaders:
    """One ``Loaders`` of the anonymous viewer per change, made on first use and shared by its fan-out."""

    def __init__(self, odoo: OdooClient) -> None:
        self._odoo = odoo
        self._loaders: Loaders | None = None

    def get(self) -> Loaders:
        if self._loaders is None:
            from bff.auth.viewer import ANONYMOUS
            from bff.loaders import Loaders
            from bff.policy import Scope

            self._loaders = Loaders(self._odoo, Scope(ANONYMOUS))
        return self._loaders


class Subscription:
    """One GraphQL subscription's bounded queue of deliveries (a deque and one waiter future: a subscriber
    waits for hours, so it holds no task, event or lock while it does)."""

    def __init__(self, broker: Broker, interest: Interest, keys: tuple[Hashable, Hashable], maxsize: int) -> None:
        self.broker, self.interest, self.keys, self.maxsize = broker, interest, keys, maxsize
        self._items: deque[Delivery] = deque()
        self._waiter: asyncio.Future[None] | None = None
        self._lagging = False
        self._error: BffError | None = None
        self._recheck = False
        self.closed = False

    def offer(self, delivery: Delivery) -> None:
        if self.closed:
            return
        if len(self._items) < self.maxsize:
            self._items.append(delivery)
        elif self._lagging:
            self.close(SlowConsumer("This subscription fell behind the changes twice in a row and was ended; "
                                    "subscribe again and re-read what you show"))
            return
        else:
            self._items.clear()
            self._lagging = True
            self._items.append(Delivery(resync="this subscriber fell behind: re-read what you show"))
        self._wake()

    async def get(self, timeout: float | None = None) -> Delivery:
        """The next delivery; ``TimeoutError`` after ``timeout`` seconds; the closing error once closed."""
        while True:
            if self._error is not None:
                raise self._error
            if self._items:
                delivery = self._items.popleft()
                if not self._items:
                    self._lagging = False
                return delivery
            if self.closed:
                raise Ended
            if self._recheck:  # the viewer signed out somewhere: answer as a token-check timeout does
                self._recheck = False
                raise TimeoutError
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                async with asyncio.timeout(timeout):
                    await self._waiter
            finally:
                self._waiter = None

    def recheck(self) -> None:
        """Make the waiting subscriber check its access token now (its ``get`` raises ``TimeoutError``)."""
        self._recheck = True
        self._wake()

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    def close(self, error: BffError | None = None) -> None:
        if self.closed:
            return
        self._error, self.closed = error, True
        self._wake()
        self.broker._forget(self)


class Broker:
    """Fans feed events out to subscriptions; one per process (``create_app``)."""

    def __init__(self, odoo: OdooClient, *, queue_size: int = 32, max_per_connection: int = 20,
                 max_per_viewer: int = 50, max_per_address: int = 200, inbox_size: int = 10_000) -> None:
        self.odoo = odoo
        self.queue_size, self.max_per_connection = queue_size, max_per_connection
        self.max_per_viewer, self.max_per_address = max_per_viewer, max_per_address
        self._inbox: asyncio.Queue[FeedEvent] = asyncio.Queue(inbox_size)
        self._by_model: dict[str, set[Subscription]] = defaultdict(set)
        self._all: set[Subscription] = set()
        self._counts: dict[Hashable, int] = defaultdict(int)
        self._overflowed = False
        self._task: asyncio.Task[None] | None = None
        self.cache = RowCache()
        self.delivered = 0

    # -- the feed's side ------------------------------------------------------------------------

    def publish(self, event: FeedEvent) -> None:
        """Queue ``event`` for the dispatcher (never blocks the feed)."""
        try:
            self._inbox.put_nowait(event)
        except asyncio.QueueFull:
            self._overflowed = True

    async def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="bff-live-broker")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        for sub in list(self._all):
            sub.close()

    async def drain(self) -> None:
        """Wait until every queued event was dispatched (tests, benchmarks)."""
        while not self._inbox.empty() or self._busy:
            await asyncio.sleep(0.005)

    _busy = False

    async def _run(self) -> None:
        while True:
            event = await self._inbox.get()
            self._busy = True
            try:
                await self.dispatch(event)
                if self._overflowed and self._inbox.empty():
                    self._overflowed = False
                    await self.dispatch(Resync("the BFF fell behind Odoo's changes"))
            except Exception:  # one bad change must not stop live updates for everyone
                log.exception("live: dispatching %r failed", event)
                await self.dispatch(Resync("a change could not be routed"))
            finally:
                self._busy = False

    async def dispatch(self, event: FeedEvent) -> None:
        if isinstance(event, Resync):
            for sub in list(self._all):
                sub.offer(Delivery(resync=event.reason))
            return
        subs = list(self._by_model.get(event.model, ()))
        if not subs:
            return
        reads, public = ChangeReads(self.odoo, event, self.cache), PublicLoaders(self.odoo)
        for sub in subs:
            if sub.closed:
                continue
            try:
                delivery = await sub.interest.match(event, reads, public)
            except BffError as exc:  # Odoo could not be read: the subscriber must not miss it silently
                log.warning("live: reading change %s %s failed: %s", event.model, event.op, exc.message)
                delivery = Delivery(resync="a change could not be read")
            if delivery is not None:
                sub.offer(delivery)
                self.delivered += 1

    # -- the subscriptions' side ----------------------------------------------------------------

    def subscribe(self, interest: Interest, *, connection: Hashable, viewer: Hashable,
                  anonymous: bool = False) -> Subscription:
        viewer_cap = self.max_per_address if anonymous else self.max_per_viewer
        if self._counts[("connection", connection)] >= self.max_per_connection:
            raise TooManySubscriptions(f"At most {self.max_per_connection} subscriptions per connection")
        if self._counts[("viewer", viewer)] >= viewer_cap:
            raise TooManySubscriptions(f"At most {viewer_cap} subscriptions per "
                                       f"{'client address' if anonymous else 'user'}")
        sub = Subscription(self, interest, (("connection", connection), ("viewer", viewer)), self.queue_size)
        for key in sub.keys:
            self._counts[key] += 1
        self._all.add(sub)
        for model in interest.models:
            self._by_model[model].add(sub)
        return sub

    def recheck_viewer(self, user_id: int) -> None:
        """A sign-in of ``user_id`` ended: their subscriptions re-check their token at once, and those whose
        token was revoked close their socket 4401 (``bff.resolvers.live``); the others go on."""
        for sub in [s for s in self._all if s.keys[1] == ("viewer", user_id)]:
            sub.recheck()

    def _forget(self, sub: Subscription) -> None:
        if sub not in self._all:
            return
        self._all.discard(sub)
        for model in sub.interest.models:
            self._by_model[model].discard(sub)
        for key in sub.keys:
            self._counts[key] -= 1
            if self._counts[key] <= 0:
                del self._counts[key]

    @property
    def active(self) -> int:
        return len(self._all)

    def status(self) -> dict[str, Any]:
        return {"subscriptions": len(self._all), "queued": self._inbox.qsize(), "delivered": self.delivered}
