"""The change feed against a real emulator over HTTP and websocket: delivery, replay after an outage, resync
when a gap may exceed Odoo's history, polling when the bus cannot be used, and no replay of old history."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

from bff.live.changes import Change, FeedEvent, Resync
from bff.live.feed import ChangeFeed
from bff.odoo_client import OdooClient
from bff.settings import Settings
from odoo_emulator.bus_ws import HUB
from odoo_emulator.database import Database
from odoo_emulator.server import EmulatorServer
from tests.conftest import ADMIN, DB, start_seeded_emulator

FAST = {"poll_interval_s": 0.1, "bus_replay_window_s": 3.0, "bus_backoff_max_s": 0.3, "bus_retry_s": 0.5,
        "odoo_timeout_s": 2.0}


@dataclass
class Live:
    server: EmulatorServer
    feed: ChangeFeed
    odoo: OdooClient  # the feed's client
    writer: OdooClient  # another client that changes data, like staff in Odoo
    events: list[FeedEvent] = field(default_factory=list)

    @property
    def changes(self) -> list[Change]:
        return [e for e in self.events if isinstance(e, Change)]

    @property
    def resyncs(self) -> list[Resync]:
        return [e for e in self.events if isinstance(e, Resync)]

    async def dog(self, name: str) -> int:
        return await self.writer.create("customk9.dog", {"name": name, "owner_id": 3})


async def wait_for(condition: Callable[[], object], timeout: float = 3.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        await asyncio.sleep(0.02)


@contextlib.asynccontextmanager
async def live(db: Database | None = None, **overrides: object) -> AsyncIterator[Live]:
    """A started feed (as admin) over an emulator of ``db`` (default: a fresh one with the addon)."""
    async with EmulatorServer(db or Database(name=DB)) as server:
        settings = Settings(**{**Settings().with_odoo(server.url, db=DB, login=ADMIN[0], password=ADMIN[1]).__dict__,
                               **FAST, **overrides})  # type: ignore[arg-type]
        odoo = OdooClient(url=server.url, db=DB, login=ADMIN[0], password=ADMIN[1], timeout_s=2.0)
        writer = OdooClient(url=server.url, db=DB, login=ADMIN[0], password=ADMIN[1], timeout_s=2.0)
        events: list[FeedEvent] = []
        feed = ChangeFeed(odoo, settings, publish=events.append)
        try:
            yield Live(server, feed, odoo, writer, events)
        finally:
            await feed.stop()
            await odoo.close()
            await writer.close()


async def started(lv: Live, mode: str = "bus") -> Live:
    await lv.feed.start()
    await wait_for(lambda: lv.feed.mode == mode)
    return lv


async def test_a_change_written_over_rpc_arrives_and_history_is_not_replayed() -> None:
    async with live() as lv:
        old = await lv.dog("Old")  # in the bus history (last=0 would replay it)
        await lv.writer.write("customk9.dog", [old], {"breed": "Mixed"})
        assert lv.feed.lag_s is None and lv.feed.status()["mode"] == "starting"
        await started(lv)
        new = await lv.dog("New")
        await wait_for(lambda: lv.changes, timeout=2.0)
        await asyncio.sleep(0.2)  # nothing else trickles in
        [change] = lv.events
        assert isinstance(change, Change)
        assert (change.model, change.ids, change.op) == ("customk9.dog", (new,), "create")
        assert change.bus_id == lv.feed.last_id and change.bus_id > 2
        assert lv.feed.status() == {"mode": "bus", "lagSeconds": 0.0, "lastId": change.bus_id, "reconnects": 0}
        assert len(lv.server.calls_to("customk9.bus", "get_channel")) == 1
        assert len(lv.server.calls_to(route="/websocket/peek_notifications")) == 1
        assert lv.odoo.metrics.odoo_calls.get("bus.bus", "peek_notifications") == 1
        rendered = lv.odoo.metrics.render()
        assert 'bff_bus_mode{mode="bus"} 1' in rendered and "bff_bus_lag_seconds 0" in rendered


async def test_seeded_odoo_as_the_integration_account() -> None:
    demo = await start_seeded_emulator()
    try:
        server = demo.server
        odoo = OdooClient(url=server.url, db=DB, login="bff@customk9.demo", api_key=demo.seeded.integration_api_key)
        settings = Settings(**{**Settings().with_odoo_api_key(server.url, db=DB, login="bff@customk9.demo",
                                                               api_key=demo.seeded.integration_api_key).__dict__,
                               **FAST})  # type: ignore[arg-type]
        events: list[FeedEvent] = []
        feed = ChangeFeed(odoo, settings, publish=events.append)
        await feed.start()
        await wait_for(lambda: feed.mode == "bus")
        task = next(iter(server.db.tables["project.task"]))
        async with OdooClient(url=server.url, db=DB, login=ADMIN[0], password=ADMIN[1]) as staff:
            await staff.write("project.task", [task], {"priority": "1"})
        await wait_for(lambda: events, timeout=2.0)
        assert [(e.model, e.ids, e.op) for e in events if isinstance(e, Change)] == [("project.task", (task,), "write")]
        await feed.stop()
        await odoo.close()
    finally:
        await demo.server.stop()


async def test_outage_within_the_history_replays_every_change() -> None:
    async with live(bus_replay_window_s=10.0) as lv:
        await started(lv)
        [before] = lv.server.app[HUB].sockets
        await lv.server.pause()
        await wait_for(lambda: lv.feed.mode == "down")
        made = [lv.server.db.execute(2, "customk9.dog", "create", [{"name": f"D{i}", "owner_id": 3}], {})
                for i in range(5)]  # written inside Odoo while the BFF's link is cut
        await asyncio.sleep(5.0)
        assert lv.feed.lag_s is not None and lv.feed.lag_s >= 4.5
        await lv.server.resume()
        await wait_for(lambda: len(lv.changes) == 5, timeout=15.0)
        assert [c.ids for c in lv.changes] == [(i,) for i in made] and lv.resyncs == []
        assert lv.feed.mode == "bus" and lv.feed.reconnects >= 1
        [after] = lv.server.app[HUB].sockets
        assert after.sid == before.sid  # the session cookie of the 101 is sent again


async def test_an_expired_bus_session_reconnects_and_loses_nothing() -> None:
    async with live() as lv:
        await started(lv)
        [sock] = lv.server.app[HUB].sockets
        lv.server.sessions.destroy(sock.sid)
        dog = await lv.dog("After expiry")  # the dispatch closes with 4001 instead of sending it
        await wait_for(lambda: lv.changes, timeout=3.0)
        assert [c.ids for c in lv.changes] == [(dog,)] and lv.resyncs == []
        [again] = lv.server.app[HUB].sockets
        assert again.sid != sock.sid and lv.feed.reconnects == 1


async def test_outage_longer_than_the_window_resyncs() -> None:
    db = Database(name=DB)
    db.bus_retention_s = 1.0  # Odoo prunes what the BFF missed
    async with live(db, bus_replay_window_s=0.8) as lv:
        await started(lv)
        await lv.server.pause()
        db.execute(2, "customk9.dog", "create", [{"name": "Lost", "owner_id": 3}], {})
        await asyncio.sleep(1.3)
        db.bus_prune()
        assert db.bus == []
        await lv.server.resume()
        await wait_for(lambda: lv.resyncs)
        assert "replay window" in lv.resyncs[0].reason and lv.changes == []


async def test_ids_going_back_resyncs() -> None:
    async with live() as lv:
        await started(lv)
        for name in ("A", "B", "C"):
            await lv.dog(name)
        await wait_for(lambda: len(lv.changes) == 3)
        before = lv.feed.last_id
        await lv.server.pause()
        lv.server.db.reset_bus()  # Odoo restored from an older backup: ids start again
        lv.server.db.execute(2, "customk9.dog", "create", [{"name": "After", "owner_id": 3}], {})
        await lv.server.resume()
        await wait_for(lambda: lv.resyncs)
        assert "restarted" in lv.resyncs[0].reason
        await wait_for(lambda: len(lv.changes) == 4)
        assert lv.feed.last_id < before
        after = await lv.dog("Later")  # and it follows the new ids
        await wait_for(lambda: lv.changes[-1].ids == (after,))


async def test_without_the_addon_it_polls() -> None:
    async with live(Database(name=DB, addons=())) as lv:
        await started(lv, "polling")
        project = await lv.writer.create("project.project", {"name": "Plan"})
        await wait_for(lambda: lv.changes, timeout=2.0)
        assert [(c.model, c.ids, c.op, c.bus_id) for c in lv.changes] == [
            ("project.project", (project,), "create", None)]
        await asyncio.sleep(1.1)  # a second in write_date precision, so the write is seen as a write
        await lv.writer.write("project.project", [project], {"name": "Plan 2"})
        await wait_for(lambda: len(lv.changes) == 2, timeout=2.0)
        assert (lv.changes[1].ids, lv.changes[1].op) == ((project,), "write")
        assert lv.resyncs == [] and lv.feed.status()["mode"] == "polling"
        assert lv.feed.lag_s is not None and lv.feed.lag_s < 1.0
        assert len(lv.server.calls_to("customk9.dog", "search_read")) == 1  # tried once: this Odoo lacks it
        polls = len(lv.server.calls_to("project.task", "search_read"))
        await asyncio.sleep(0.55)  # the interval is 0.1 s: several more polls, one call per model each
        per_model = {m: len(lv.server.calls_to(m, "search_read")) for m in ("project.task", "calendar.event",
                                                                             "sale.order", "event.event")}
        assert per_model["project.task"] - polls >= 2 and max(per_model.values()) - min(per_model.values()) <= 1


async def test_a_refused_websocket_polls_then_returns_to_the_bus() -> None:
    async with live() as lv:
        lv.server.refuse_websockets(403)
        await started(lv, "polling")
        dog = await lv.dog("Polled")
        await wait_for(lambda: lv.changes, timeout=2.0)
        assert (lv.changes[0].ids, lv.changes[0].bus_id) == ((dog,), None)
        lv.server.refuse_websockets(None)
        await wait_for(lambda: lv.feed.mode == "bus", timeout=3.0)
        assert [r.reason for r in lv.resyncs] == ["switched from polling to the bus"]
        heard = await lv.dog("Heard")
        await wait_for(lambda: lv.changes[-1].ids == (heard,), timeout=2.0)
        assert lv.changes[-1].bus_id is not None


async def test_polling_mode_never_opens_the_bus_and_off_does_nothing() -> None:
    async with live(live_mode="polling") as lv:
        await started(lv, "polling")
        await asyncio.sleep(0.3)
        assert lv.server.calls_to("customk9.bus") == []
        assert lv.server.calls_to(route="/websocket/peek_notifications") == []
    async with live(live_mode="off") as lv:
        await lv.feed.start()
        await lv.dog("Unseen")
        await asyncio.sleep(0.2)
        assert lv.feed.mode == "down" and lv.events == [] and len(lv.server.calls) == 2  # the writer's log-in + create
