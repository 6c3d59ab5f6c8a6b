"""The public caches end to end: a change written in Odoo (over RPC, as staff would) shows in the next answer
after its notification, through the bus and through polling; until then the answer is served from the cache."""

from __future__ import annotations

import asyncio

import pytest

from bff.odoo_client import OdooClient
from tests.cache_app import EVENTS
from tests.conftest import ADMIN, DB, DemoOdoo
from tests.live.harness import Served, serve_bff

EVENT_NAME = "query Name($id: ID!) { event(id: $id) { id name } }"


async def notified(served: Served, before: int, timeout: float = 10.0) -> None:
    """Wait until the BFF's change feed has taken a notification after ``before`` (its dropped-entries count)."""
    loop = asyncio.get_running_loop()
    until = loop.time() + timeout
    while await served.gql.metric("bff_public_cache_total", layer="response", outcome="dropped") <= before:
        if loop.time() > until:
            raise TimeoutError("no change notification reached the public cache")
        await asyncio.sleep(0.02)


@pytest.mark.parametrize("mode", ["bus", "polling"])
async def test_a_change_written_in_odoo_shows_in_the_next_answer(fresh_odoo: DemoOdoo, mode: str) -> None:
    async with serve_bff(fresh_odoo, live_mode=mode, poll_interval_s=0.1) as served:
        http = served.gql.http
        page = (await http.get("/graphql", params={"query": EVENTS})).json()["data"]["events"]
        first = page["edges"][0]["node"]
        single = await served.gql.query(EVENT_NAME, {"id": first["id"]})
        fresh_odoo.server.clear_calls()
        assert (await http.get("/graphql", params={"query": EVENTS})).json()["data"]["events"] == page
        assert await served.gql.query("query Again($id: ID!) { event(id: $id) { name } }", {"id": first["id"]}) == {
            "event": {"name": single["event"]["name"]}}
        assert not fresh_odoo.server.calls_to("event.event", "web_search_read")
        assert not fresh_odoo.server.calls_to("event.event", "read")  # both answered by the caches

        dropped = await served.gql.metric("bff_public_cache_total", layer="response", outcome="dropped")
        odoo_id = int(fresh_odoo.db.execute(2, "event.event", "search", [[("name", "=", first["name"])]], {})[0])
        if mode == "polling":  # write_date has whole seconds: a row written again in the second the poller
            await asyncio.sleep(1.05)  # last reported it is not seen again (bff.live.poller), so leave that second
        async with OdooClient(url=fresh_odoo.server.url, db=DB, login=ADMIN[0], password=ADMIN[1]) as staff:
            await staff.write("event.event", [odoo_id], {"name": "Renamed in Odoo"})
        await notified(served, dropped)
        page = (await http.get("/graphql", params={"query": EVENTS})).json()["data"]["events"]
        assert "Renamed in Odoo" in {edge["node"]["name"] for edge in page["edges"]}
        assert (await served.gql.query(EVENT_NAME, {"id": first["id"]}))["event"]["name"] == "Renamed in Odoo"


async def test_a_private_change_keeps_the_public_answers(fresh_odoo: DemoOdoo) -> None:
    async with serve_bff(fresh_odoo, live_mode="bus") as served:
        http = served.gql.http
        await http.get("/graphql", params={"query": EVENTS})
        last = served.app.state.feed.last_id
        async with OdooClient(url=fresh_odoo.server.url, db=DB, login=ADMIN[0], password=ADMIN[1]) as staff:
            await staff.create("customk9.dog", {"name": "Nova", "owner_id": 3})
        loop = asyncio.get_running_loop()
        until = loop.time() + 10
        while served.app.state.feed.last_id == last and loop.time() < until:
            await asyncio.sleep(0.02)
        assert served.app.state.feed.last_id > last
        fresh_odoo.server.clear_calls()
        await http.get("/graphql", params={"query": EVENTS})
        assert not fresh_odoo.server.calls_to("event.event")


async def test_a_post_renamed_by_staff_shows_at_once(fresh_odoo: DemoOdoo) -> None:
    """Posts are announced by the addon too (its public catalogue), so no answer waits for the TTL."""
    posts = "{ posts(first: 3) { edges { node { id title } } } }"
    async with serve_bff(fresh_odoo, live_mode="bus", public_cache_ttl_s=600) as served:
        http = served.gql.http
        before = (await http.get("/graphql", params={"query": posts})).json()["data"]["posts"]["edges"]
        title = before[0]["node"]["title"]
        odoo_id = int(fresh_odoo.db.execute(2, "blog.post", "search", [[("name", "=", title)]], {})[0])
        dropped = await served.gql.metric("bff_public_cache_total", layer="response", outcome="dropped")
        async with OdooClient(url=fresh_odoo.server.url, db=DB, login=ADMIN[0], password=ADMIN[1]) as staff:
            await staff.write("blog.post", [odoo_id], {"name": "Renamed post"})
        await notified(served, dropped)
        after = (await http.get("/graphql", params={"query": posts})).json()["data"]["posts"]["edges"]
        assert after[0]["node"] == {"id": before[0]["node"]["id"], "title": "Renamed post"}
