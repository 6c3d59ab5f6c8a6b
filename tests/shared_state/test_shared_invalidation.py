"""Public-cache invalidation shared through Redis (``bff.shared_invalidation``), on a real redis-server.

End to end: two real ``bff serve`` processes over one emulator and one Redis. The first follows Odoo's bus;
the second's change feed is off, as if its bus connection were down, and its cache would keep a stale answer
for its whole TTL on its own. A rename in Odoo reaches the second through the first's message.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from redis.asyncio import Redis

from bff.cache_tags import EVERYTHING
from bff.shared_invalidation import CHANNEL, SharedInvalidation, decode, encode
from tests.conftest import DemoOdoo
from tests.shared_state.test_processes import bff_env, bff_process, client

EVENTS = "{ events(first: 50, filter: { when: ALL }) { edges { node { id name } } } }"


class Dropped:
    def __init__(self) -> None:
        self.seen: list[frozenset[str]] = []
        self.changed = asyncio.Event()

    def __call__(self, stale: frozenset[str]) -> None:
        self.seen.append(stale)
        self.changed.set()

    async def next(self) -> frozenset[str]:
        await asyncio.wait_for(self.changed.wait(), 5)
        self.changed.clear()
        return self.seen[-1]


async def _pair(redis_url: str) -> tuple[list[Redis], list[SharedInvalidation], list[Dropped]]:
    clients = [Redis.from_url(redis_url), Redis.from_url(redis_url)]
    drops = [Dropped(), Dropped()]
    ends = [SharedInvalidation(c, d) for c, d in zip(clients, drops, strict=True)]
    for end in ends:
        await end.start()
        await asyncio.wait_for(end.subscribed.wait(), 5)
    return clients, ends, drops


async def _close(clients: list[Redis], ends: list[SharedInvalidation]) -> None:
    for end in ends:
        await end.stop()
    for c in clients:
        await c.aclose()


async def test_what_one_process_drops_the_other_drops(redis_url: str) -> None:
    clients, (one, two), (dropped_one, dropped_two) = await _pair(redis_url)
    try:
        one.publish(frozenset({"event.event", "nested"}))
        assert await dropped_two.next() == frozenset({"event.event", "nested"})
        one.publish(EVERYTHING)
        assert await dropped_two.next() is EVERYTHING  # a resync drops everything everywhere
        await asyncio.sleep(0.2)
        assert dropped_one.seen == [] and one.received == 0 and two.received == 2  # nobody hears itself
        await clients[0].publish(CHANNEL, b"not json")  # a stranger's message changes nothing
        await clients[0].publish(CHANNEL, b'{"origin": 1, "tags": "x"}')
        two.publish(frozenset({"blog.post"}))
        assert await dropped_one.next() == frozenset({"blog.post"})
        assert len(dropped_two.seen) == 2
    finally:
        await _close(clients, [one, two])


async def test_a_broken_subscription_comes_back_and_drops_everything_once(redis_url: str) -> None:
    clients, (one, two), (_, dropped_two) = await _pair(redis_url)
    try:
        await clients[0].execute_command("CLIENT", "KILL", "TYPE", "pubsub")  # both subscriptions break
        assert await dropped_two.next() is EVERYTHING  # what was published meanwhile is lost: drop all
        await asyncio.wait_for(two.subscribed.wait(), 15)
        await asyncio.wait_for(one.subscribed.wait(), 15)
        one.publish(frozenset({"event.tag"}))
        assert await dropped_two.next() == frozenset({"event.tag"})
    finally:
        await _close(clients, [one, two])


def test_messages_round_trip_and_malformed_ones_are_refused() -> None:
    assert decode(encode("a", frozenset({"x", "y"}))) == ("a", frozenset({"x", "y"}))
    assert decode(encode("a", EVERYTHING))[1] is EVERYTHING  # type: ignore[index]
    for bad in (b"", b"[]", b'{"origin": "a"}', b'{"origin": "a", "tags": [1]}', b'{"origin": 2, "tags": []}'):
        assert decode(bad) is None


async def _names(gql: Any) -> set[str]:
    data = await gql.query(EVENTS)
    return {edge["node"]["name"] for edge in data["events"]["edges"]}


async def test_a_change_seen_by_one_process_empties_the_others_cache(fresh_odoo: DemoOdoo, redis_url: str) -> None:
    base = {**bff_env(fresh_odoo, redis_url), "BFF_PUBLIC_CACHE_TTL_S": "300"}
    following = {**base, "BFF_LIVE_MODE": "bus"}  # follows Odoo's bus
    deaf = {**base, "BFF_LIVE_MODE": "off"}  # its own feed is off: only Redis can tell it
    async with bff_process(following) as url_one, bff_process(deaf) as url_two:
        one, two = client(url_one), client(url_two)
        try:
            before = await _names(two)
            assert before == await _names(two)  # served from its cache from now on
            await asyncio.sleep(1.0)  # the first process's feed is on the bus
            [event] = fresh_odoo.db.execute(2, "event.event", "search", [[("website_published", "=", True)]],
                                            {"limit": 1})
            fresh_odoo.db.execute(2, "event.event", "write", [[event], {"name": "Renamed through Odoo"}], {})
            deadline = time.monotonic() + 10
            while "Renamed through Odoo" not in await _names(two):
                assert time.monotonic() < deadline, "the second process kept its stale answer"
                await asyncio.sleep(0.1)
            assert "Renamed through Odoo" in await _names(one)
        finally:
            for gql in (one, two):
                await gql.http.aclose()


async def test_without_redis_a_deaf_process_keeps_its_answer(fresh_odoo: DemoOdoo, redis_url: str) -> None:
    """The control of the test above: the same rename, no Redis, the deaf process still answers the old name
    (so the test above passes because of the shared channel, not because the cache was off)."""
    env = {**bff_env(fresh_odoo, redis_url), "BFF_PUBLIC_CACHE_TTL_S": "300", "BFF_LIVE_MODE": "off"}
    del env["REDIS_URL"]
    async with bff_process(env) as url:
        gql = client(url)
        try:
            before = await _names(gql)
            [event] = fresh_odoo.db.execute(2, "event.event", "search", [[("website_published", "=", True)]],
                                            {"limit": 1})
            fresh_odoo.db.execute(2, "event.event", "write", [[event], {"name": "Renamed through Odoo"}], {})
            await asyncio.sleep(1.5)
            assert await _names(gql) == before
        finally:
            await gql.http.aclose()

