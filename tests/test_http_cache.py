"""HTTP caching of ``/graphql`` (``bff.http_cache``) and the whole-response cache (``bff.response_cache``):
headers of public, private and mutation answers, ETag and 304, and answers served without execution."""

from __future__ import annotations

import asyncio
import json

from bff.live.changes import Change, Resync
from tests.cache_app import EVENTS, CachedBff, cached_bff
from tests.conftest import DemoOdoo

MY_DOGS = "query MyDogs { me { dogs { id name } } }"
ADD_DOG = 'mutation { addDog(input: {name: "Rex"}) { dog { id } errors { code } } }'


def vary(response: object) -> set[str]:
    return {v.strip().lower() for v in response.headers.get("vary", "").split(",")}  # type: ignore[attr-defined]


async def get(bff: CachedBff, query: str, **headers: str) -> object:
    return await bff.http.get("/graphql", params={"query": query}, headers=headers)


async def test_a_public_get_is_cacheable_and_answers_304(fresh_odoo: DemoOdoo) -> None:
    async with cached_bff(fresh_odoo, http_max_age_s=12, http_stale_while_revalidate_s=34) as bff:
        first = await get(bff, EVENTS)
        assert first.status_code == 200, first.text
        assert first.headers["cache-control"] == "public, max-age=12, stale-while-revalidate=34"
        assert {"authorization", "accept-language"} <= vary(first)
        etag = first.headers["etag"]
        assert etag.startswith('"') and first.json()["data"]["events"]["edges"]
        fresh_odoo.server.clear_calls()
        again = await get(bff, EVENTS)
        assert again.content == first.content and again.headers["etag"] == etag
        not_modified = await get(bff, EVENTS, **{"If-None-Match": f'W/"other", {etag}'})
        assert not_modified.status_code == 304 and not_modified.content == b""
        assert not_modified.headers["etag"] == etag and "public" in not_modified.headers["cache-control"]
        assert fresh_odoo.server.calls == []  # both served from the stored answer
        assert (await get(bff, EVENTS, **{"If-None-Match": '"other"'})).status_code == 200
        assert await bff.cache_count("response", "hit") == 3


async def test_a_signed_request_is_private_and_never_served_from_the_shared_answers(fresh_odoo: DemoOdoo) -> None:
    async with cached_bff(fresh_odoo) as bff:
        public = await get(bff, EVENTS)
        dana = await bff.gql.log_in("dana@customk9.demo")
        omar = await bff.gql.log_in("omar@customk9.demo")
        hits = await bff.cache_count("response", "hit")
        signed = await get(bff, EVENTS, Authorization=f"Bearer {dana.token}")
        assert signed.status_code == 200 and signed.headers["cache-control"] == "private, no-store"
        assert "etag" not in signed.headers and "authorization" in vary(signed)
        assert signed.json() == public.json()  # the same public data, executed for this viewer
        assert await bff.cache_count("response", "hit") == hits
        # the same private query with two tokens: each viewer gets their own dogs, each read from Odoo
        fresh_odoo.server.clear_calls()
        answers = []
        for client in (dana, omar, dana):
            response = await get(bff, MY_DOGS, Authorization=f"Bearer {client.token}")
            assert response.headers["cache-control"] == "private, no-store"
            answers.append({d["name"] for d in response.json()["data"]["me"]["dogs"]})
        assert answers[0] == answers[2] and answers[0] and answers[1] and answers[0].isdisjoint(answers[1])
        assert len(fresh_odoo.server.calls_to("customk9.dog")) >= 3
        assert await bff.cache_count("response", "hit") == hits


async def test_post_is_no_store_and_anonymous_queries_are_served_from_the_store(fresh_odoo: DemoOdoo) -> None:
    async with cached_bff(fresh_odoo) as bff:
        first = await bff.http.post("/graphql", json={"query": EVENTS})
        assert first.headers["cache-control"] == "no-store" and "etag" not in first.headers
        fresh_odoo.server.clear_calls()
        again = await bff.http.post("/graphql", json={"query": EVENTS, "operationName": "Events"})
        assert again.json() == first.json() and fresh_odoo.server.calls == []
        assert again.headers["cache-control"] == "no-store"
        mutation = await bff.http.post("/graphql", json={"query": ADD_DOG})
        assert mutation.headers["cache-control"] == "no-store"
        assert mutation.json()["errors"]  # anonymous: refused, and nothing stored
        signed = await bff.gql.log_in("dana@customk9.demo")
        added = await bff.http.post("/graphql", json={"query": ADD_DOG},
                                    headers={"Authorization": f"Bearer {signed.token}"})
        assert added.headers["cache-control"] == "private, no-store"
        assert added.json()["data"]["addDog"]["errors"] == [] and added.json()["data"]["addDog"]["dog"]["id"]


async def test_errors_are_never_stored_nor_public(fresh_odoo: DemoOdoo) -> None:
    async with cached_bff(fresh_odoo) as bff:
        for _ in range(2):
            response = await get(bff, MY_DOGS)
            assert response.json()["errors"] and response.headers["cache-control"] == "no-store"
        assert await bff.cache_count("response", "hit") == 0
        mutation = await bff.http.get("/graphql", params={"query": ADD_DOG})
        assert mutation.status_code >= 400 and mutation.headers["cache-control"] == "no-store"
        page = await bff.http.get("/graphql", headers={"Accept": "text/html"})  # GraphiQL: left as it is
        assert page.headers["content-type"].startswith("text/html") and "etag" not in page.headers
        assert "public" not in page.headers.get("cache-control", "")


async def test_the_key_is_the_whole_request(fresh_odoo: DemoOdoo) -> None:
    """Language, variables and every query-string parameter (persisted queries send ``extensions``)."""
    async with cached_bff(fresh_odoo) as bff:
        english = await get(bff, EVENTS, **{"Accept-Language": "en"})
        french = await get(bff, EVENTS, **{"Accept-Language": "fr"})
        assert english.headers["etag"] != french.headers["etag"]
        assert await bff.cache_count("response", "miss") == 2
        ext = {"query": EVENTS, "extensions": json.dumps({"persistedQuery": {"version": 1, "sha256Hash": "a" * 64}})}
        await bff.http.get("/graphql", params=ext)
        assert await bff.cache_count("response", "miss") == 3
        variables = "query E($n: Int) { events(first: $n) { edges { node { id } } } }"
        one = await bff.http.post("/graphql", json={"query": variables, "variables": {"n": 1}})
        two = await bff.http.post("/graphql", json={"query": variables, "variables": {"n": 2}})
        assert len(one.json()["data"]["events"]["edges"]) == 1 and len(two.json()["data"]["events"]["edges"]) == 2


async def test_changes_drop_the_answers_that_read_the_model(fresh_odoo: DemoOdoo) -> None:
    async with cached_bff(fresh_odoo) as bff:
        await get(bff, EVENTS)
        bff.cache.invalidate(Change("customk9.dog", (1,), "write"))  # unrelated: still stored
        fresh_odoo.server.clear_calls()
        await get(bff, EVENTS)
        assert fresh_odoo.server.calls == []
        bff.cache.invalidate(Change("event.registration", (1,), "create"))  # seats changed
        await get(bff, EVENTS)
        assert fresh_odoo.server.calls_to("event.event")
        fresh_odoo.server.clear_calls()
        bff.cache.invalidate(Resync("test"))
        await get(bff, EVENTS)
        assert fresh_odoo.server.calls_to("event.event")
        assert await bff.cache_count("response", "dropped") == 2


async def test_50_identical_concurrent_cold_requests_make_one_execution(fresh_odoo: DemoOdoo) -> None:
    fresh_odoo.server.latency_ms = 30
    async with cached_bff(fresh_odoo) as bff:
        await bff.gql.query("{ __typename }")
        fresh_odoo.server.clear_calls()
        answers = await asyncio.gather(*(get(bff, EVENTS) for _ in range(50)))
        assert {a.status_code for a in answers} == {200} and len({a.content for a in answers}) == 1
        assert len(fresh_odoo.server.calls_to("event.event")) == 1
        assert await bff.cache_count("response", "coalesced") == 49


async def test_without_the_store_public_gets_still_carry_validators(fresh_odoo: DemoOdoo) -> None:
    """``BFF_PUBLIC_CACHE_TTL_S=0``: every request executes, yet a CDN can still cache and revalidate."""
    async with cached_bff(fresh_odoo, public_cache_ttl_s=0) as bff:
        first = await get(bff, EVENTS)
        assert first.headers["cache-control"].startswith("public, max-age=")
        fresh_odoo.server.clear_calls()
        again = await get(bff, EVENTS, **{"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304 and again.headers["etag"] == first.headers["etag"]
        assert fresh_odoo.server.calls_to("event.event")  # executed: nothing was stored
        post = await bff.http.post("/graphql", json={"query": EVENTS})
        assert post.headers["cache-control"] == "no-store" and post.json() == first.json()
