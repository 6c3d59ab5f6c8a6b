"""Input and stored values read one way everywhere: a date alone next to a time, a page past the end, an odd
date already stored, a document name in any script."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote

import pytest

from bff.schema.node import expect_global_id
from tests.conftest import DemoOdoo
from tests.graphql_client import GraphQLClient

SESSIONS = "query S($f: DateTime!, $t: DateTime!) { me { sessions(from: $f, to: $t) { title start } } }"
AGENDA = "query A($f: DateTime!, $t: DateTime!) { trainerAgenda(from: $f, to: $t) { title start } }"
AVAILABILITY = """query A($f: DateTime!, $t: DateTime!) { equipment(first: 1) { edges { node {
  availability(from: $f, to: $t) } } } }"""
RENT = """mutation C($i: ID!, $f: DateTime!, $t: DateTime!) { createRental(items: [{equipmentId: $i, quantity: 1}],
  from: $f, to: $t) { rental { startsAt endsAt } errors { code field } } }"""
EQUIPMENT_ID = "{ equipment(first: 1) { edges { node { id } } } }"
EVENTS = """query E($a: String) { events(first: 5, after: $a) {
  totalCount edges { node { id } } pageInfo { hasNextPage } } }"""
POSTS = "query P($a: String) { posts(first: 5, after: $a) { totalCount edges { node { id } } } }"
POST_BY_SLUG = "query S($s: String!) { postBySlug(slug: $s) { post { id } } }"
ME_DOGS = "{ me { dogs { name birthDate } } }"
CLIENTS_PAGE = "{ clients(first: 50) { edges { node { name dogs { name birthDate } } } } }"
DOCUMENTS = "{ me { documents { id name downloadPath } } }"


@pytest.fixture
def bff(fresh_bff: GraphQLClient) -> GraphQLClient:
    return fresh_bff


def cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


async def test_a_date_alone_means_midnight_utc_wherever_a_datetime_is_taken(gql: GraphQLClient) -> None:
    dana, tess = await gql.log_in("dana@customk9.demo"), await gql.log_in("trainer@customk9.demo")
    today = datetime.now(UTC).date()
    for client, query, start, end in ((dana, SESSIONS, -30, 60), (tess, AGENDA, -30, 60), (dana, AVAILABILITY, 5, 9)):
        day, later = (today + timedelta(days=start)).isoformat(), (today + timedelta(days=end)).isoformat()
        mixed = await client.query(query, {"f": day, "t": f"{later}T00:00:00+00:00"})
        assert mixed == await client.query(query, {"f": f"{day}T00:00:00Z", "t": later}), query
        assert mixed == await client.query(query, {"f": f"{day}T02:00:00+02:00", "t": f"{later}T00:00:00Z"}), query
    window = {"f": (today - timedelta(days=30)).isoformat(), "t": (today + timedelta(days=60)).isoformat()}
    assert (await dana.query(SESSIONS, window))["me"]["sessions"], "the demo has sessions then"


async def test_create_rental_takes_a_date_alone_as_midnight_utc(fresh_odoo: DemoOdoo, bff: GraphQLClient) -> None:
    dana = await bff.log_in("dana@customk9.demo")
    equipment = (await dana.query(EQUIPMENT_ID))["equipment"]["edges"][0]["node"]["id"]
    start = (datetime.now(UTC) + timedelta(days=20)).date()
    rented = (await dana.query(RENT, {"i": equipment, "f": start.isoformat(),
                                      "t": f"{start + timedelta(days=2)}T09:00:00+02:00"}))["createRental"]
    assert rented["errors"] == []
    assert rented["rental"]["startsAt"] == f"{start.isoformat()}T00:00:00+00:00"
    assert rented["rental"]["endsAt"] == f"{start + timedelta(days=2)}T07:00:00+00:00"


@pytest.mark.parametrize("query, field", [(EVENTS, "events"), (POSTS, "posts")])
async def test_total_count_is_the_whole_list_whatever_the_cursor(gql: GraphQLClient, query: str, field: str) -> None:
    total = (await gql.query(query))[field]["totalCount"]
    assert total > 0
    for offset in (total - 1, total, total + 5, 1000, 2_147_483_646):
        page = (await gql.query(query, {"a": cursor(offset)}))[field]
        assert page == {**page, "totalCount": total, "edges": []}, offset


async def test_post_by_slug_with_a_long_number_is_null(gql: GraphQLClient) -> None:
    post = (await gql.query("{ posts(first: 1) { edges { node { id slug } } } }"))["posts"]["edges"][0]["node"]
    assert (await gql.query(POST_BY_SLUG, {"s": post["slug"]}))["postBySlug"] == {"post": {"id": post["id"]}}
    for slug in ("post-" + "9" * 150, "post-2147483648", "post-0", "9" * 190):
        assert (await gql.query(POST_BY_SLUG, {"s": slug}))["postBySlug"] is None, slug


async def test_an_odd_stored_date_does_not_break_the_lists(fresh_odoo: DemoOdoo, bff: GraphQLClient) -> None:
    """A birth date stored before the edge refused it (Odoo writes year 999 back as ``999-01-01``)."""
    db = fresh_odoo.db
    [rex] = db.execute(1, "customk9.dog", "search", [[("name", "=", "Rex")]], {})
    db.execute(1, "customk9.dog", "write", [[rex], {"birth_date": "0999-01-01"}], {})
    assert db.execute(1, "customk9.dog", "read", [[rex], ["birth_date"]], {})[0]["birth_date"] == "999-01-01"
    dana, tess = await bff.log_in("dana@customk9.demo"), await bff.log_in("trainer@customk9.demo")
    dogs = (await dana.query(ME_DOGS))["me"]["dogs"]
    assert {"name": "Rex", "birthDate": "0999-01-01"} in dogs
    clients = (await tess.query(CLIENTS_PAGE))["clients"]["edges"]
    assert {"name": "Rex", "birthDate": "0999-01-01"} in [d for c in clients for d in c["node"]["dogs"]]


@pytest.mark.parametrize("name, fallback, real", [
    ("Impfpass Bäri.pdf", "Impfpass Bari.pdf", "Impfpass Bäri.pdf"),
    ("狗的证书.pdf", "document.pdf", "狗的证书.pdf"),
    ("evil\r\nSet-Cookie: a=b.txt", "evil Set-Cookie_ a=b.txt", "evil Set-Cookie: a=b.txt"),
    ('quote" and \\ back.txt', "quote_ and _ back.txt", 'quote" and _ back.txt'),
])
async def test_document_names_in_any_script_download(fresh_odoo: DemoOdoo, bff: GraphQLClient, name: str,
                                                     fallback: str, real: str) -> None:
    dana = await bff.log_in("dana@customk9.demo")
    document = (await dana.query(DOCUMENTS))["me"]["documents"][0]
    attachment = expect_global_id(document["id"], "Document")
    fresh_odoo.db.execute(1, "ir.attachment", "write", [[attachment], {"name": name, "mimetype": "text/plain\r\nX: 1"}],
                          {})
    document = next(d for d in (await dana.query(DOCUMENTS))["me"]["documents"] if d["name"] == name)
    response = await bff.http.get(document["downloadPath"], headers={"Authorization": f"Bearer {dana.token}"})
    assert response.status_code == 200 and response.content
    disposition = response.headers["content-disposition"]
    assert disposition.startswith(f'attachment; filename="{fallback}"; filename*=UTF-8\'\'')
    assert unquote(disposition.split("''", 1)[1]) == real
    assert response.headers["content-type"] == "application/octet-stream"
    assert "x" not in {k.lower() for k in response.headers}
