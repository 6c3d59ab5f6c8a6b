"""The public event catalogue, end to end through create_app over the seeded emulator."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from bff.odoo_values import format_datetime
from bff.schema.node import encode_global_id
from tests.conftest import DemoOdoo, open_bff
from tests.graphql_client import GraphQLClient

EVENTS = """
query Events($first: Int, $after: String, $filter: EventFilter) {
  events(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node {
      id name slug start end timezone seatsMax seatsAvailable isSoldOut description
      category { id name } tags { id name group }
      tickets { name price { amount currencyCode formatted } seatsAvailable }
      address { name city }
    } }
  }
}
"""
EVENT = "query One($id: ID!) { event(id: $id) { id name isSoldOut } }"


def names(data: dict) -> list[str]:
    return [edge["node"]["name"] for edge in data["events"]["edges"]]


async def test_first_page_is_ordered_by_start_and_counts_every_published_event(gql: GraphQLClient) -> None:
    everything = await gql.query(EVENTS, {"first": 5, "filter": {"when": "ALL"}})
    assert everything["events"]["totalCount"] == 12
    assert names(everything)[0] == "Autumn Trail Walk"  # the past event starts first
    data = await gql.query(EVENTS, {"first": 5})
    events = data["events"]
    assert events["totalCount"] == 11  # upcoming only by default: the past walk is left out
    assert len(events["edges"]) == 5
    starts = [edge["node"]["start"] for edge in events["edges"]]
    assert starts == sorted(starts)
    assert names(data)[:4] == names(everything)[1:]
    assert events["pageInfo"] == {"hasNextPage": True, "hasPreviousPage": False,
                                  "startCursor": events["edges"][0]["cursor"],
                                  "endCursor": events["edges"][-1]["cursor"]}
    first = events["edges"][1]["node"]
    assert first["category"]["name"] in {"Workshop", "Group class", "Social walk"}
    assert first["tags"] and all(tag["group"] in {"Level", "Setting"} for tag in first["tags"])
    price = first["tickets"][0]["price"]
    assert price["currencyCode"] == "USD" and re.fullmatch(r"\d+\.\d\d", price["amount"])
    assert price["formatted"] == f"${price['amount']}"  # en-US without an Accept-Language
    assert first["address"] == {"name": "CustomK9 Training Center", "city": "Portland"}
    assert first["timezone"] == "America/Los_Angeles"
    assert first["slug"].endswith("-" + str(first["slug"].rsplit("-", 1)[1]))


async def test_cursor_pagination_walks_the_whole_list_without_overlap(gql: GraphQLClient) -> None:
    seen: list[str] = []
    after = None
    for _ in range(5):
        data = await gql.query(EVENTS, {"first": 5, "after": after})
        seen += names(data)
        info = data["events"]["pageInfo"]
        if not info["hasNextPage"]:
            break
        assert info["hasPreviousPage"] is (after is not None)
        after = info["endCursor"]
    assert len(seen) == 11 and len(set(seen)) == 11


async def test_seats_and_sold_out(gql: GraphQLClient) -> None:
    data = await gql.query(EVENTS, {"first": 20})
    by_name = {edge["node"]["name"]: edge["node"] for edge in data["events"]["edges"]}
    sold_out = by_name["Reactive Dog Seminar"]
    assert sold_out["isSoldOut"] is True and sold_out["seatsAvailable"] == 0 and sold_out["seatsMax"] == 4
    assert by_name["Puppy Foundations Workshop"]["seatsAvailable"] == 12 - 3
    unlimited = by_name["Sunday Pack Walk"]
    assert unlimited["seatsMax"] is None and unlimited["seatsAvailable"] is None and not unlimited["isSoldOut"]


async def test_filters(gql: GraphQLClient) -> None:
    categories = (await gql.query("{ eventCategories { id name } }"))["eventCategories"]
    assert [c["name"] for c in categories] == ["Group class", "Social walk", "Workshop"]
    workshop = next(c["id"] for c in categories if c["name"] == "Workshop")
    data = await gql.query(EVENTS, {"filter": {"categoryIds": [workshop]}})
    assert data["events"]["totalCount"] == 4
    assert all(edge["node"]["category"]["name"] == "Workshop" for edge in data["events"]["edges"])

    data = await gql.query(EVENTS, {"filter": {"search": "RECALL"}})
    assert names(data) == ["Recall Masterclass"]

    data = await gql.query(EVENTS, {"filter": {"onlyAvailable": True}})
    assert "Reactive Dog Seminar" not in names(data) and data["events"]["totalCount"] == 10

    data = await gql.query(EVENTS, {"filter": {"startsAfter": "2000-01-01T00:00:00Z",
                                               "startsBefore": "2000-01-02T00:00:00Z"}})
    assert data["events"]["totalCount"] == 0

    first = (await gql.query(EVENTS, {"first": 1, "filter": {"when": "ALL"}}))["events"]["edges"][0]["node"]
    advanced = next(tag["id"] for tag in first["tags"] if tag["name"] == "Intermediate")
    data = await gql.query(EVENTS, {"filter": {"tagIds": [advanced]}})
    assert data["events"]["totalCount"] == 4
    data = await gql.query(EVENTS, {"filter": {"tagIds": [advanced], "when": "ALL"}})
    assert data["events"]["totalCount"] == 5
    assert all("Intermediate" in [t["name"] for t in e["node"]["tags"]] for e in data["events"]["edges"])


async def test_only_available_paginates_over_the_filtered_list(gql: GraphQLClient) -> None:
    page1 = await gql.query(EVENTS, {"first": 6, "filter": {"onlyAvailable": True}})
    page2 = await gql.query(EVENTS, {"first": 6, "after": page1["events"]["pageInfo"]["endCursor"],
                                     "filter": {"onlyAvailable": True}})
    assert len(names(page1)) == 6 and len(names(page2)) == 4
    assert not set(names(page1)) & set(names(page2))
    assert page2["events"]["pageInfo"]["hasNextPage"] is False


async def test_event_by_id_and_unpublished_event_is_invisible(demo_odoo, gql: GraphQLClient) -> None:
    data = await gql.query(EVENTS, {"first": 1})
    node = data["events"]["edges"][0]["node"]
    assert (await gql.query(EVENT, {"id": node["id"]}))["event"]["name"] == node["name"]
    hidden = demo_odoo.db.execute(1, "event.event", "create", [{
        "name": "Staff planning day", "date_begin": "2030-01-01 10:00:00", "date_end": "2030-01-01 12:00:00",
        "is_published": False}], {})
    assert (await gql.query(EVENT, {"id": encode_global_id("Event", hidden)}))["event"] is None
    assert (await gql.query(EVENT, {"id": encode_global_id("Event", 999999)}))["event"] is None
    data = await gql.query(EVENTS, {"filter": {"search": "Staff planning"}})
    assert data["events"]["totalCount"] == 0


async def test_bad_input_is_a_typed_error(gql: GraphQLClient) -> None:
    assert await gql.error_codes(EVENTS, {"after": "not-a-cursor"}) == ["BAD_USER_INPUT"]
    light = "query L($first: Int) { events(first: $first) { totalCount edges { node { name } } } }"
    assert await gql.error_codes(light, {"first": 101}) == ["BAD_USER_INPUT"]
    assert await gql.error_codes(light, {"first": -1}) == ["BAD_USER_INPUT"]
    assert await gql.error_codes(EVENT, {"id": "%%%"}) == ["BAD_USER_INPUT"]
    assert await gql.error_codes(EVENT, {"id": encode_global_id("Post", 1)}) == ["BAD_USER_INPUT"]
    assert await gql.error_codes(EVENTS, {"filter": {"categoryIds": [encode_global_id("Blog", 1)]}}) == [
        "BAD_USER_INPUT"]
    assert await gql.error_codes(EVENTS, {"first": "ten"}) == ["BAD_USER_INPUT"]
    assert await gql.error_codes("{ events { nope } }") == ["GRAPHQL_VALIDATION_FAILED"]
    assert await gql.error_codes("{ events ") == ["GRAPHQL_PARSE_FAILED"]


async def test_first_zero_gives_only_the_count(gql: GraphQLClient) -> None:
    data = await gql.query(EVENTS, {"first": 0})
    assert data["events"]["totalCount"] == 11 and data["events"]["edges"] == []


async def test_past_events_on_request_and_running_events_count_as_upcoming(fresh_odoo: DemoOdoo) -> None:
    gql, odoo = await open_bff(fresh_odoo.server, api_key=fresh_odoo.seeded.integration_api_key)
    now = datetime.now(UTC)
    fresh_odoo.db.execute(1, "event.event", "create", [{
        "name": "Drop-in agility (running)", "is_published": True,
        "date_begin": format_datetime(now - timedelta(hours=1)),
        "date_end": format_datetime(now + timedelta(hours=1))}], {})
    past = await gql.query(EVENTS, {"filter": {"when": "PAST"}})
    assert names(past) == ["Autumn Trail Walk"]
    upcoming = names(await gql.query(EVENTS, {"first": 20}))
    assert upcoming[0] == "Drop-in agility (running)" and "Autumn Trail Walk" not in upcoming
    explicit = names(await gql.query(EVENTS, {"first": 20, "filter": {"when": "UPCOMING"}}))
    assert explicit == upcoming
    assert len(names(await gql.query(EVENTS, {"first": 20, "filter": {"when": "ALL"}}))) == len(upcoming) + 1
    await gql.http.aclose()
    await odoo.close()
