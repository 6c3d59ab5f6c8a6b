"""The shared cache of public Odoo reads (``bff.public_reads``): what may be shared, hits, coalescing of
identical calls in flight, invalidation by changes, TTL, and language in the key. Counts are the emulator's
call log: a read answered by the cache never reaches Odoo."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import pytest

from bff.auth.viewer import Role, Viewer
from bff.cache_tags import DEPENDENTS, NESTED, affected
from bff.live.changes import Change, Resync
from bff.live.poller import WATCHED_MODELS
from bff.metrics import Metrics
from bff.odoo_client import OdooClient
from bff.policy import NOTHING, PUBLIC_MODELS, Scope, viewer_bound
from bff.public_cache import PublicCache
from bff.public_reads import PublicReads, call_tags, logging_reads, shareable
from bff.settings import Settings
from tests.cache_app import CATEGORIES, cached_bff
from tests.conftest import DemoOdoo

VIEWERS = {  # two viewers per role: a domain that differs between them depends on who asks
    Role.CLIENT: (Viewer(Role.CLIENT, user_id=7, partner_id=8, commercial_partner_id=9),
                  Viewer(Role.CLIENT, user_id=17, partner_id=18, commercial_partner_id=19)),
    Role.TRAINER: (Viewer(Role.TRAINER, user_id=5, partner_id=6), Viewer(Role.TRAINER, user_id=15, partner_id=16)),
}


def test_every_scope_domain_that_depends_on_the_viewer_is_recognised() -> None:
    """A scope rule on a field missing from ``SCOPE_FIELDS`` would let a viewer's read into the shared cache:
    this walks every ``Scope`` method for two viewers of each role."""
    methods = [name for name, fn in inspect.getmembers(Scope, inspect.isfunction) if not name.startswith("_")]
    assert {"dogs", "plans", "sessions", "registrations", "rentals", "clients", "client_partners"} <= set(methods)
    checked = 0
    for one, other in VIEWERS.values():
        for name in methods:
            domain = getattr(Scope(one), name)()
            if domain not in (NOTHING, getattr(Scope(other), name)()):
                checked += 1
                assert viewer_bound(domain), (one.role, name, domain)
                assert not shareable("event.event", "search_read", [], {"domain": domain, "fields": ["name"]})
    assert checked >= 10


def test_what_may_be_shared() -> None:
    published = {"domain": [["is_published", "=", True], ["date_end", ">=", "2026-01-01 00:00:00"]],
                 "fields": ["name"], "context": {"lang": "fr_FR"}}
    assert shareable("event.event", "search_read", [], published)
    assert shareable("blog.post", "read", [[1, 2]], {"fields": ["name"]})
    assert not shareable("customk9.dog", "read", [[1]], {"fields": ["name"]})  # not a public model
    assert not shareable("event.event", "write", [[1], {"name": "x"}], {})  # not a read
    assert not shareable("event.event", "search_read", [], {**published, "context": {"active_test": False}})
    scoped = {"domain": ["|", ["is_published", "=", True], ["registration_ids.partner_id", "child_of", 9]]}
    assert not shareable("event.event", "search_read", [], scoped)
    nested = {"specification": {"event_ticket_ids": {"fields": {"name": {}}, "domain": [["partner_id", "=", 3]]}}}
    assert not shareable("event.event", "web_search_read", [], nested)
    assert call_tags("event.event", {"specification": {"event_type_id": {"fields": {"display_name": {}}}}}) == {
        "event.event", NESTED}
    assert PUBLIC_MODELS >= {"event.event", "blog.post", "blog.tag", "event.tag", "res.lang", "product.product"}


def test_every_public_model_is_announced_or_known_to_wait_for_the_ttl() -> None:
    """A public model the addon does not watch is served stale for up to ``BFF_PUBLIC_CACHE_TTL_S`` after a
    change: only these may (variants change with their template, which is watched; categories and languages
    are set up once)."""
    assert PUBLIC_MODELS - set(WATCHED_MODELS) == {"product.product", "product.category", "res.lang"}
    assert DEPENDENTS["product.template"] >= {"product.product"}


def test_changes_make_stale_what_they_concern() -> None:
    registration = affected(Change("event.registration", (1,), "create"))
    assert {"event.event", "event.event.ticket", NESTED} <= registration
    assert NESTED not in affected(Change("customk9.dog", (1,), "write"))
    assert NESTED in affected(Change("blog.post", (1,), "write"))
    assert "event.event" not in affected(Change("customk9.dog", (1,), "write"))
    assert "customk9.booking" in affected(Change("sale.order", (1,), "create"))  # equipment availability
    assert affected(Resync("gap")) != affected(Change("customk9.dog", (1,), "write"))


class FakeOdoo:
    """Counts what reaches "Odoo"; each answer a new list the caller may change."""

    def __init__(self, delay: float = 0.0) -> None:
        self.calls: list[tuple[str, str]] = []
        self.delay = delay

    async def send(self, model: str, method: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        self.calls.append((model, method))
        answer = [{"id": 1, "name": f"answer {len(self.calls)}"}]
        await asyncio.sleep(self.delay)
        return answer


async def test_hits_copies_invalidation_and_the_race_with_a_change() -> None:
    reads, odoo = PublicReads(ttl_s=60, max_bytes=100_000, metrics=Metrics()), FakeOdoo(delay=0.05)
    args: tuple[str, str, list[Any], dict[str, Any]] = ("event.event", "read", [[1]], {"fields": ["name"]})
    first = await reads.call(*args, odoo.send)
    first[0]["name"] = "changed by a caller"
    assert await reads.call(*args, odoo.send) == [{"id": 1, "name": "answer 1"}]
    assert len(odoo.calls) == 1
    assert reads.invalidate(affected(Change("customk9.dog", (1,), "write"))) == 0
    assert reads.invalidate(affected(Change("event.event", (1,), "write"))) == 1
    # a change arriving while the read is in flight: its callers get the answer, the cache does not keep it
    in_flight = asyncio.ensure_future(reads.call(*args, odoo.send))
    await asyncio.sleep(0.01)
    reads.invalidate(affected(Change("event.event", (1,), "write")))
    late = asyncio.ensure_future(reads.call(*args, odoo.send))  # after the notification: not the old flight
    assert (await in_flight)[0]["name"] == "answer 2" and (await late)[0]["name"] == "answer 3"
    assert await reads.call(*args, odoo.send) == [{"id": 1, "name": "answer 3"}]
    assert len(odoo.calls) == 3
    reads.invalidate(affected(Resync("restored")))
    assert len(reads) == 0


async def test_a_viewer_scoped_read_is_never_shared_and_a_failure_is_not_kept() -> None:
    reads, odoo = PublicReads(ttl_s=60, max_bytes=100_000, metrics=Metrics()), FakeOdoo()
    scoped = {"domain": [["registration_ids.partner_id", "child_of", 9]], "fields": ["name"]}
    for _ in range(3):
        await reads.call("event.event", "search_read", [], scoped, odoo.send)
    assert len(odoo.calls) == 3 and len(reads) == 0

    async def failing(*_: Any) -> Any:
        raise RuntimeError("Odoo down")

    with pytest.raises(RuntimeError):
        await reads.call("event.event", "read", [[2]], {"fields": ["name"]}, failing)
    assert await reads.call("event.event", "read", [[2]], {"fields": ["name"]}, odoo.send)
    assert len(odoo.calls) == 4


async def test_the_read_log_notes_every_model_a_request_read() -> None:
    reads, odoo = PublicReads(ttl_s=60, max_bytes=100_000, metrics=Metrics()), FakeOdoo()
    with logging_reads() as log:
        await reads.call("customk9.dog", "read", [[1]], {"fields": ["name"]}, odoo.send)
        await asyncio.ensure_future(reads.call("blog.post", "read", [[1]], {"fields": ["name"]}, odoo.send))
    assert log.models == {"customk9.dog", "blog.post"}


async def test_50_concurrent_identical_reads_make_one_odoo_call(fresh_odoo: DemoOdoo) -> None:
    """Fifty different documents that need the same Odoo read (so the whole-response cache cannot help):
    the shared read layer makes one call for all of them, and each answer is right."""
    fresh_odoo.server.latency_ms = 50
    async with cached_bff(fresh_odoo) as bff:
        await bff.gql.query("{ __typename }")
        fresh_odoo.server.clear_calls()
        queries = [f"query Q{i} {{ eventCategories {{ id name }} }}" for i in range(50)]
        answers = await asyncio.gather(*(bff.gql.query(q) for q in queries))
        assert bff.calls("event.type", "search_read") == 1
        assert all(a == answers[0] for a in answers) and answers[0]["eventCategories"]
        assert await bff.cache_count("odoo", "coalesced") == 49
        assert await bff.cache_count("odoo", "miss") >= 1


async def test_hit_then_change_then_fresh_read(fresh_odoo: DemoOdoo) -> None:
    async with cached_bff(fresh_odoo) as bff:
        first = await bff.gql.query(CATEGORIES)
        await bff.gql.query("query Again { eventCategories { id name } }")  # another document, same read
        assert bff.calls("event.type", "search_read") == 1
        assert await bff.cache_count("odoo", "hit") >= 1
        category = int(fresh_odoo.db.execute(2, "event.type", "search", [[]], {"limit": 1})[0])
        fresh_odoo.db.execute(2, "event.type", "write", [[category], {"name": "Renamed category"}], {})
        bff.cache.invalidate(Change("event.type", (category,), "write"))  # what the change feed does
        again = await bff.gql.query("query Third { eventCategories { id name } }")
        assert bff.calls("event.type", "search_read") == 2
        assert "Renamed category" in {c["name"] for c in again["eventCategories"]}
        assert again != first


async def test_the_ttl_bounds_an_answer_nobody_invalidates(fresh_odoo: DemoOdoo) -> None:
    async with cached_bff(fresh_odoo, public_cache_ttl_s=0.3) as bff:
        await bff.gql.query(CATEGORIES)
        await bff.gql.query("query Again { eventCategories { id } }")
        assert bff.calls("event.type", "search_read") == 1
        await asyncio.sleep(0.4)
        await bff.gql.query("query Third { eventCategories { id } }")
        assert bff.calls("event.type", "search_read") == 2


async def test_off_when_the_ttl_is_zero(fresh_odoo: DemoOdoo) -> None:
    async with cached_bff(fresh_odoo, public_cache_ttl_s=0) as bff:
        for _ in range(2):
            await bff.gql.query(CATEGORIES)
        assert bff.calls("event.type", "search_read") == 2
        assert bff.cache.reads is None and bff.cache.responses is None


async def test_the_language_is_part_of_the_key(fresh_odoo: DemoOdoo) -> None:
    async with cached_bff(fresh_odoo) as bff:
        english = await bff.gql.query("query A { eventCategories(lang: \"en\") { id name } }")
        french = await bff.gql.query("query B { eventCategories(lang: \"fr\") { id name } }")
        assert bff.calls("event.type", "search_read") == 2
        assert english["eventCategories"] and french["eventCategories"]
        await bff.gql.query("query C { eventCategories(lang: \"fr-FR\") { id name } }")  # fr_FR again
        assert bff.calls("event.type", "search_read") == 2


async def test_a_portal_users_own_client_shares_nothing(fresh_odoo: DemoOdoo) -> None:
    async with cached_bff(fresh_odoo) as bff:
        odoo = bff.app.state.odoo
        assert odoo.public_reads is bff.cache.reads is not None
        user = odoo.as_user("dana@customk9.demo", "demo")
        try:
            assert user.public_reads is None
        finally:
            await user.close()


async def test_the_feed_relay_drops_first_and_always_publishes(caplog: pytest.LogCaptureFixture) -> None:
    odoo = OdooClient(url="http://127.0.0.1:9", db="x", login="x", password="x")
    cache = PublicCache(odoo, Settings())
    assert cache.reads is not None and odoo.public_reads is cache.reads
    fake = FakeOdoo()
    await cache.reads.call("event.event", "read", [[1]], {"fields": ["name"]}, fake.send)
    seen: list[tuple[object, int]] = []
    relay = cache.relay(lambda event: seen.append((event, len(cache.reads or []))))
    relay(Change("event.event", (1,), "write"))
    assert seen == [(Change("event.event", (1,), "write"), 0)]  # subscribers re-read after the drop

    def broken(stale: frozenset[str]) -> int:
        raise RuntimeError("boom")

    cache.reads.invalidate = broken  # type: ignore[method-assign]
    relay(Resync("gap"))
    assert len(seen) == 2 and "dropping entries" in caplog.text
    await odoo.close()


async def test_the_store_is_bounded_by_bytes() -> None:
    reads = PublicReads(ttl_s=60, max_bytes=1100, metrics=Metrics())
    calls: list[int] = []

    async def sized(model: str, method: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        calls.append(args[0][0])
        return ["x" * args[0][0]]

    await reads.call("blog.post", "read", [[2000]], {}, sized)  # larger than the whole store: served, not kept
    assert len(reads) == 0
    for size in (300, 301, 302):  # about 500 bytes each with the overhead: two fit
        await reads.call("blog.post", "read", [[size]], {}, sized)
    assert len(reads) == 2
    await reads.call("blog.post", "read", [[302]], {}, sized)
    await reads.call("blog.post", "read", [[300]], {}, sized)  # the least recently used went first
    assert calls == [2000, 300, 301, 302, 300]
