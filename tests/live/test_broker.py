"""The broker's bounds: a slow subscriber is resynced, then ended; caps are counted and released."""

from __future__ import annotations

from typing import Any

import pytest

from bff.errors import OdooUnavailable, SlowConsumer, TooManySubscriptions
from bff.live.broker import Broker, Delivery
from bff.live.changes import Change, Resync
from bff.live.interests import SessionInterest


def _broker(**kwargs: Any) -> Broker:
    return Broker(odoo=None, **kwargs)  # type: ignore[arg-type]  # these interests never read Odoo


def _change(session_id: int) -> Change:
    return Change("calendar.event", (session_id,), "write", 1)


async def test_a_subscriber_that_falls_behind_gets_resync_then_is_ended() -> None:
    broker = _broker(queue_size=2)
    sub = broker.subscribe(SessionInterest(5), connection="c", viewer=1)
    for _ in range(3):
        await broker.dispatch(_change(5))
    assert await sub.get(timeout=0.1) == Delivery(resync="this subscriber fell behind: re-read what you show")
    for _ in range(2):
        await broker.dispatch(_change(5))
    assert (await sub.get(timeout=0.1)).ids == (5,)  # caught up: drained once, no longer lagging
    await sub.get(timeout=0.1)
    for _ in range(3):
        await broker.dispatch(_change(5))  # full again: resync
    for _ in range(2):
        await broker.dispatch(_change(5))  # still behind: ended
    with pytest.raises(SlowConsumer):
        await sub.get(timeout=0.1)
    assert broker.active == 0


async def test_only_interested_subscribers_get_a_change_and_everyone_gets_resync() -> None:
    broker = _broker()
    five, six = (broker.subscribe(SessionInterest(i), connection=i, viewer=i) for i in (5, 6))
    await broker.dispatch(_change(5))
    assert (await five.get(timeout=0.1)).ids == (5,)
    with pytest.raises(TimeoutError):
        await six.get(timeout=0.05)
    await broker.dispatch(Resync("gap"))
    assert (await five.get(timeout=0.1)).resync == (await six.get(timeout=0.1)).resync == "gap"


async def test_caps_per_connection_and_per_viewer_are_released_on_close() -> None:
    broker = _broker(max_per_connection=2, max_per_viewer=3)
    first = broker.subscribe(SessionInterest(1), connection="a", viewer=7)
    broker.subscribe(SessionInterest(1), connection="a", viewer=7)
    with pytest.raises(TooManySubscriptions):
        broker.subscribe(SessionInterest(1), connection="a", viewer=7)
    broker.subscribe(SessionInterest(1), connection="b", viewer=7)
    with pytest.raises(TooManySubscriptions):
        broker.subscribe(SessionInterest(1), connection="c", viewer=7)
    first.close()
    broker.subscribe(SessionInterest(1), connection="c", viewer=7)
    assert broker.active == 3


class _Failing:
    models = frozenset({"calendar.event"})

    async def match(self, change: Change, reads: Any, public: Any) -> Delivery | None:
        raise OdooUnavailable("Odoo is down")


async def test_a_change_that_cannot_be_read_becomes_a_resync_not_a_silent_gap() -> None:
    broker = _broker()
    sub = broker.subscribe(_Failing(), connection="a", viewer=1)
    await broker.dispatch(_change(5))
    assert (await sub.get(timeout=0.1)).resync == "a change could not be read"
