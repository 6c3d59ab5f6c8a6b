"""`orderBy` on events, posts, equipment and clients: stored Odoo fields only, the id as the last tie-break,
and cursors that belong to the order they were made for."""

from __future__ import annotations

import base64

import pytest

from bff.schema.node import decode_global_id
from tests.conftest import DemoOdoo, open_bff
from tests.graphql_client import GraphQLClient

EVENTS = """query E($first: Int, $after: String, $orderBy: [EventOrder!], $filter: EventFilter) {
  events(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name start } } } }"""
POSTS = """query P($orderBy: [PostOrder!]) { posts(first: 50, orderBy: $orderBy) { edges { node { title } } } }"""
EQUIPMENT = """query Q($orderBy: [EquipmentOrder!], $first: Int, $after: String) {
  equipment(first: $first, after: $after, orderBy: $orderBy) { edges { node { reference } } } }"""
CLIENTS = """query C($orderBy: [ClientOrder!]) {
  clients(first: 50, orderBy: $orderBy) { edges { node { name email } } } }"""


def names(data: dict) -> list[str]:
    return [edge["node"]["name"] for edge in data["events"]["edges"]]


def odoo_ids(data: dict, key: str) -> list[int]:
    return [decode_global_id(edge["node"]["id"])[1] for edge in data[key]["edges"]]


async def test_events_sort_by_name_both_ways(gql: GraphQLClient) -> None:
    up = await gql.query(EVENTS, {"first": 50, "orderBy": {"field": "NAME", "direction": "ASC"}})
    down = await gql.query(EVENTS, {"first": 50, "orderBy": [{"field": "NAME", "direction": "DESC"}]})
    assert len(names(up)) == up["events"]["totalCount"] == 11
    assert names(up) == sorted(names(up), key=str.casefold) and names(up) != names(
        await gql.query(EVENTS, {"first": 50}))
    assert names(down) == names(up)[::-1]
    by_start = await gql.query(EVENTS, {"first": 50, "orderBy": {"field": "START", "direction": "DESC"}})
    starts = [edge["node"]["start"] for edge in by_start["events"]["edges"]]
    assert starts == sorted(starts, reverse=True)


async def test_equal_values_are_ordered_by_id_in_the_first_keys_direction(fresh_odoo: DemoOdoo) -> None:
    twins = [fresh_odoo.db.execute(1, "event.event", "create", [{
        "name": "Twin walk", "date_begin": "2031-03-01 10:00:00", "date_end": "2031-03-01 12:00:00",
        "is_published": True}], {}) for _ in range(3)]
    gql, odoo = await open_bff(fresh_odoo.server, api_key=fresh_odoo.seeded.integration_api_key)
    try:
        search = {"search": "Twin walk"}
        for direction, expected in (("ASC", sorted(twins)), ("DESC", sorted(twins, reverse=True))):
            for order in ([{"field": "NAME", "direction": direction}],
                          [{"field": "START", "direction": direction}, {"field": "NAME", "direction": "ASC"}]):
                data = await gql.query(EVENTS, {"first": 10, "filter": search, "orderBy": order})
                assert odoo_ids(data, "events") == expected, order
        # paging one by one through equal names never repeats nor skips one
        seen, after = [], None
        for _ in range(3):
            page = await gql.query(EVENTS, {"first": 1, "after": after, "filter": search,
                                            "orderBy": {"field": "NAME", "direction": "DESC"}})
            seen += odoo_ids(page, "events")
            after = page["events"]["pageInfo"]["endCursor"]
        assert seen == sorted(twins, reverse=True) and not page["events"]["pageInfo"]["hasNextPage"]
    finally:
        await gql.http.aclose()
        await odoo.close()


async def test_pages_of_an_order_join_into_the_whole_list(gql: GraphQLClient) -> None:
    order = [{"field": "END", "direction": "DESC"}, {"field": "NAME", "direction": "ASC"}]
    whole = names(await gql.query(EVENTS, {"first": 50, "orderBy": order}))
    pages, after, more = [], None, True
    while more:
        page = await gql.query(EVENTS, {"first": 4, "after": after, "orderBy": order})
        pages += names(page)
        after, more = page["events"]["pageInfo"]["endCursor"], page["events"]["pageInfo"]["hasNextPage"]
    assert pages == whole and len(whole) == 11


async def test_a_cursor_belongs_to_its_order(gql: GraphQLClient) -> None:
    by_name = await gql.query(EVENTS, {"first": 2, "orderBy": {"field": "NAME"}})
    by_default = await gql.query(EVENTS, {"first": 2})
    explicit_default = await gql.query(EVENTS, {"first": 2, "orderBy": {"field": "START", "direction": "ASC"}})
    name_cursor = by_name["events"]["pageInfo"]["endCursor"]
    default_cursor = by_default["events"]["pageInfo"]["endCursor"]
    assert explicit_default == by_default  # the default order, asked for, has the same cursors
    assert base64.urlsafe_b64decode(default_cursor).decode() == "offset:1"  # cursors made before orderBy still work
    assert base64.urlsafe_b64decode(name_cursor).decode() == "offset:1:NAME-ASC"
    assert await gql.error_codes(EVENTS, {"first": 2, "after": name_cursor}) == ["BAD_USER_INPUT"]
    assert await gql.error_codes(EVENTS, {"first": 2, "after": default_cursor,
                                          "orderBy": {"field": "NAME"}}) == ["BAD_USER_INPUT"]
    assert await gql.error_codes(EVENTS, {"first": 2, "after": name_cursor,
                                          "orderBy": {"field": "NAME", "direction": "DESC"}}) == ["BAD_USER_INPUT"]
    body = await gql.raw(EVENTS, {"first": 2, "after": name_cursor})
    assert body["errors"][0]["extensions"]["field"] == "after"
    following = await gql.query(EVENTS, {"first": 2, "after": name_cursor, "orderBy": {"field": "NAME"}})
    assert names(following) == names(await gql.query(EVENTS, {"first": 4, "orderBy": {"field": "NAME"}}))[2:]


async def test_a_field_named_twice_is_refused_before_any_odoo_call(demo_odoo: DemoOdoo, gql: GraphQLClient) -> None:
    await gql.query(EVENTS, {"first": 0})
    demo_odoo.server.clear_calls()
    order = [{"field": "NAME"}, {"field": "NAME", "direction": "DESC"}]
    assert await gql.error_codes(EVENTS, {"first": 2, "orderBy": order}) == ["BAD_USER_INPUT"]
    assert await gql.error_codes(EVENTS, {"first": 2, "orderBy": {"field": "SEATS_AVAILABLE"}}) == [
        "BAD_USER_INPUT"]
    assert demo_odoo.server.calls_to("event.event") == []


async def test_only_available_events_follow_the_order(gql: GraphQLClient) -> None:
    flt = {"onlyAvailable": True}
    up = names(await gql.query(EVENTS, {"first": 50, "filter": flt, "orderBy": {"field": "NAME"}}))
    down = names(await gql.query(EVENTS, {"first": 50, "filter": flt,
                                          "orderBy": {"field": "NAME", "direction": "DESC"}}))
    assert up and up == sorted(up, key=str.casefold) and down == up[::-1]


async def test_posts_sort_by_title(gql: GraphQLClient) -> None:
    data = await gql.query(POSTS, {"orderBy": {"field": "TITLE"}})
    titles = [edge["node"]["title"] for edge in data["posts"]["edges"]]
    assert len(titles) == 8 and titles == sorted(titles, key=str.casefold)
    newest = await gql.query(POSTS, {})
    oldest = await gql.query(POSTS, {"orderBy": {"field": "PUBLISHED_AT", "direction": "ASC"}})
    assert oldest["posts"]["edges"] == newest["posts"]["edges"][::-1]


async def test_equipment_sorts_by_price_with_the_same_calls(demo_odoo: DemoOdoo, gql: GraphQLClient) -> None:
    await gql.query(EQUIPMENT, {"first": 1})
    demo_odoo.server.clear_calls()
    data = await gql.query(EQUIPMENT, {"first": 10, "orderBy": {"field": "DAILY_PRICE", "direction": "DESC"}})
    assert [edge["node"]["reference"] for edge in data["equipment"]["edges"]] == [
        "K9-AGIL", "K9-CRATE-L", "K9-RAMP", "K9-CRATE-M", "K9-PEN", "K9-CRATE-S"]
    assert [(c.model, c.method) for c in demo_odoo.server.calls if c.model] == [
        ("product.product", "web_search_read")]
    second = await gql.query(EQUIPMENT, {"first": 2, "orderBy": {"field": "REFERENCE"}})
    assert [edge["node"]["reference"] for edge in second["equipment"]["edges"]] == ["K9-AGIL", "K9-CRATE-L"]


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
async def test_staff_sort_clients_by_email(gql: GraphQLClient, direction: str) -> None:
    manager = await gql.log_in("manager@customk9.demo")
    data = await manager.query(CLIENTS, {"orderBy": {"field": "EMAIL", "direction": direction}})
    emails = [edge["node"]["email"] for edge in data["clients"]["edges"]]
    assert len(emails) >= 3 and None not in emails
    assert emails == sorted(emails, reverse=direction == "DESC")
