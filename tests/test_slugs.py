"""Look-ups by slug: the id decides, an outdated slug (renamed record, changed SEO name) still finds the record
and says where to redirect, and what is not public answers null."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bff.schema.node import encode_global_id
from tests.conftest import DemoOdoo, open_bff
from tests.graphql_client import GraphQLClient

EVENT = """query E($slug: String!) { eventBySlug(slug: $slug) {
  __typename isCanonical canonicalSlug event { id name slug } } }"""
POST = "query P($slug: String!) { postBySlug(slug: $slug) { isCanonical canonicalSlug post { id title slug } } }"
EQUIPMENT = """query Q($slug: String!) { equipmentBySlug(slug: $slug) {
  isCanonical canonicalSlug equipment { id name slug } } }"""
GENERIC = """query G($slug: String!) { eventBySlug(slug: $slug) { ...Seo } postBySlug(slug: $slug) { ...Seo } }
fragment Seo on SlugLookup { canonicalSlug isCanonical }"""


@pytest.fixture
async def shop(fresh_odoo: DemoOdoo) -> AsyncIterator[tuple[DemoOdoo, GraphQLClient]]:
    gql, odoo = await open_bff(fresh_odoo.server, api_key=fresh_odoo.seeded.integration_api_key)
    yield fresh_odoo, gql
    await gql.http.aclose()
    await odoo.close()


def write(demo: DemoOdoo, model: str, record_id: int, values: dict) -> None:
    demo.db.execute(1, model, "write", [[record_id], values], {})


async def test_an_event_by_its_slug_and_by_its_old_slug_after_a_rename(shop) -> None:
    demo, gql = shop
    event_id = next(iter(demo.seeded.events.values()))
    events = (await gql.query("{ events(first: 50, filter: {when: ALL}) { edges { node { id slug } } } }"))
    node = next(e["node"] for e in events["events"]["edges"] if e["node"]["id"] == encode_global_id("Event", event_id))
    old_slug = node["slug"]
    found = (await gql.query(EVENT, {"slug": old_slug}))["eventBySlug"]
    assert found == {"__typename": "EventSlugLookup", "isCanonical": True, "canonicalSlug": old_slug,
                     "event": {"id": node["id"], "name": found["event"]["name"], "slug": old_slug}}
    demo.server.clear_calls()
    write(demo, "event.event", event_id, {"name": "Dog's Day_Out: Été 2031!"})
    moved = (await gql.query(EVENT, {"slug": old_slug}))["eventBySlug"]
    assert moved["isCanonical"] is False and moved["canonicalSlug"] == f"dog-s-day-out-ete-2031-{event_id}"
    assert moved["event"] == {"id": node["id"], "name": "Dog's Day_Out: Été 2031!", "slug": moved["canonicalSlug"]}
    assert len(demo.server.calls_to("event.event", "read")) == 1  # one read, as event(id) costs
    assert (await gql.query(EVENT, {"slug": moved["canonicalSlug"]}))["eventBySlug"]["isCanonical"] is True
    for outdated in (str(event_id), f"anything-{event_id}", moved["canonicalSlug"].upper()):
        assert (await gql.query(EVENT, {"slug": outdated}))["eventBySlug"]["isCanonical"] is False, outdated


async def test_the_seo_name_wins_over_the_name_as_on_odoos_website(shop) -> None:
    demo, gql = shop
    event_id = next(iter(demo.seeded.events.values()))
    write(demo, "event.event", event_id, {"seo_name": "Summer K9 fest"})
    website_url = demo.db.execute(1, "event.event", "read", [[event_id], ["website_url"]], {})[0]["website_url"]
    found = (await gql.query(EVENT, {"slug": f"summer-k9-fest-{event_id}"}))["eventBySlug"]
    assert found["isCanonical"] is True and found["event"]["slug"] == f"summer-k9-fest-{event_id}"
    assert website_url == f"/event/summer-k9-fest-{event_id}"


async def test_what_is_not_public_or_not_there_is_null(shop) -> None:
    demo, gql = shop
    event_id = next(iter(demo.seeded.events.values()))
    write(demo, "event.event", event_id, {"is_published": False})
    assert (await gql.query(EVENT, {"slug": f"x-{event_id}"}))["eventBySlug"] is None
    for slug in ("no-id-here", "gone-999999", "", "x-0"):
        assert (await gql.query(EVENT, {"slug": slug}))["eventBySlug"] is None, slug
        assert (await gql.query(EQUIPMENT, {"slug": slug}))["equipmentBySlug"] is None, slug
    draft = demo.seeded.posts["Winter schedule (draft)"]
    assert (await gql.query(POST, {"slug": f"winter-schedule-draft-{draft}"}))["postBySlug"] is None


async def test_a_renamed_post_redirects(shop) -> None:
    demo, gql = shop
    post_id = next(pid for title, pid in demo.seeded.posts.items() if "draft" not in title)
    current = (await gql.query("query P($id: ID!) { post(id: $id) { slug } }",
                               {"id": encode_global_id("Post", post_id)}))["post"]["slug"]
    assert (await gql.query(POST, {"slug": current}))["postBySlug"]["isCanonical"] is True
    write(demo, "blog.post", post_id, {"name": "A brand new title"})
    moved = (await gql.query(POST, {"slug": current}))["postBySlug"]
    assert moved == {"isCanonical": False, "canonicalSlug": f"a-brand-new-title-{post_id}",
                     "post": {"id": encode_global_id("Post", post_id), "title": "A brand new title",
                              "slug": f"a-brand-new-title-{post_id}"}}
    both = await gql.query(GENERIC, {"slug": current})  # one fragment on the interface serves every kind
    assert both["postBySlug"] == {"canonicalSlug": moved["canonicalSlug"], "isCanonical": False}


async def test_equipment_has_a_slug_that_survives_a_rename(shop) -> None:
    demo, gql = shop
    ramp = next(iter(demo.seeded.equipment.values()))
    item = (await gql.query("query I($id: ID!) { equipmentItem(id: $id) { name slug } }",
                            {"id": encode_global_id("Equipment", ramp)}))["equipmentItem"]
    assert item["slug"].endswith(f"-{ramp}") and item["slug"].startswith(item["name"].split()[0].lower())
    assert (await gql.query(EQUIPMENT, {"slug": item["slug"]}))["equipmentBySlug"]["isCanonical"] is True
    write(demo, "product.product", ramp, {"name": "Folding car ramp"})
    moved = (await gql.query(EQUIPMENT, {"slug": item["slug"]}))["equipmentBySlug"]
    assert moved == {"isCanonical": False, "canonicalSlug": f"folding-car-ramp-{ramp}",
                     "equipment": {"id": encode_global_id("Equipment", ramp), "name": "Folding car ramp",
                                   "slug": f"folding-car-ramp-{ramp}"}}
    write(demo, "product.product", ramp, {"active": False})
    assert (await gql.query(EQUIPMENT, {"slug": moved["canonicalSlug"]}))["equipmentBySlug"] is None
    seat = demo.db.execute(1, "product.product", "create", [{"name": "Not for rent", "type": "service"}], {})
    assert (await gql.query(EQUIPMENT, {"slug": f"not-for-rent-{seat}"}))["equipmentBySlug"] is None
