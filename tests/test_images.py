"""Image URLs: every picture of the demo data is a real image Odoo serves, sized as asked, cache-busted by
``write_date``, at no extra Odoo call; sizes outside 1..1920 are refused."""

from __future__ import annotations

import io
import re

import httpx
import pytest
from PIL import Image

from bff.images import cover_url, record_image_url
from bff.schema.node import decode_global_id
from demo_data.content import EQUIPMENT, EVENTS, POSTS
from demo_data.images import colour_of
from tests.conftest import DemoOdoo
from tests.graphql_client import GraphQLClient

IMAGES = """{
  events(first: 50, filter: { when: ALL }) { edges { node { id name coverImageUrl
                                                           card: coverImageUrl(width: 600, height: 400) } } }
  posts(first: 50) { edges { node { id title coverImageUrl thumb: coverImageUrl(width: 300) } } }
  equipment(first: 50) { edges { node { id name imageUrl small: imageUrl(width: 100, height: 100)
                                        tall: imageUrl(height: 600) } } }
}"""


def _close(pixel: tuple[int, ...], colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 16 for a, b in zip(pixel, colour, strict=False))


async def _fetch(url: str) -> tuple[httpx.Response, Image.Image]:
    async with httpx.AsyncClient() as http:  # as a browser: anonymous, straight to Odoo
        response = await http.get(url)
    image = Image.open(io.BytesIO(response.content))
    image.load()
    return response, image


async def test_every_demo_image_url_is_a_real_image(gql: GraphQLClient, demo_odoo: DemoOdoo) -> None:
    data = await gql.query(IMAGES)
    events = [edge["node"] for edge in data["events"]["edges"]]
    posts = [edge["node"] for edge in data["posts"]["edges"]]
    equipment = [edge["node"] for edge in data["equipment"]["edges"]]
    assert len(events) == len(EVENTS) and len(equipment) == len(EQUIPMENT)
    assert len(posts) == sum(1 for post in POSTS if post[5])  # the published ones
    checks: list[tuple[str, str, tuple[int, int] | None, int]] = []  # url, item name, exact size, largest side
    for event in events:
        checks += [(event["coverImageUrl"], event["name"], (1200, 800), 0),
                   (event["card"], event["name"], (600, 400), 0)]
    for post in posts:
        checks += [(post["coverImageUrl"], post["title"], (1200, 800), 0), (post["thumb"], post["title"],
                                                                             (300, 200), 0)]
    for item in equipment:
        checks += [(item["imageUrl"], item["name"], (800, 800), 0), (item["small"], item["name"], None, 100),
                   (item["tall"], item["name"], (600, 600), 0)]
    for url, name, size, largest in checks:
        assert url.startswith(demo_odoo.server.url + "/web/image/"), url
        assert re.search(r"[?&]unique=\d{13}$", url), url
        response, image = await _fetch(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"] == Image.MIME[image.format or ""], url
        assert "immutable" in response.headers["cache-control"]
        if size:
            assert image.size == size, url
        else:
            assert max(image.size) == largest, url
        assert _close(image.convert("RGB").getpixel((2, 2)), colour_of(name)), f"not {name}'s picture: {url}"


async def test_sizes_pick_the_smallest_stored_image(gql: GraphQLClient) -> None:
    data = await gql.query("""{ equipment(first: 1) { edges { node {
        a: imageUrl b: imageUrl(width: 128, height: 100) c: imageUrl(width: 129) d: imageUrl(height: 1920) } } } }""")
    node = data["equipment"]["edges"][0]["node"]
    assert "/image_1024?unique=" in node["a"]
    assert "/image_128/128x100?" in node["b"] and "/image_256/129x0?" in node["c"]
    assert "/image_1920/0x1920?" in node["d"]


@pytest.mark.parametrize("arguments", ["width: 0", "height: 1921", "width: -5", "width: 2000, height: 10"])
async def test_sizes_out_of_bounds_are_refused(gql: GraphQLClient, arguments: str) -> None:
    for query in (f"{{ equipment(first: 1) {{ edges {{ node {{ imageUrl({arguments}) }} }} }} }}",
                  f"{{ events(first: 1) {{ edges {{ node {{ coverImageUrl({arguments}) }} }} }} }}",
                  f"{{ posts(first: 1) {{ edges {{ node {{ coverImageUrl({arguments}) }} }} }} }}"):
        body = await gql.raw(query)
        assert [error["extensions"]["code"] for error in body["errors"]] == ["BAD_USER_INPUT"], body
        assert body["errors"][0]["extensions"]["field"] in {"width", "height"}


async def test_unique_is_the_write_date_and_costs_no_call(gql: GraphQLClient, demo_odoo: DemoOdoo) -> None:
    demo_odoo.server.clear_calls()
    data = await gql.query("{ events(first: 5) { edges { node { id coverImageUrl(width: 10, height: 10) } } } }")
    assert len(demo_odoo.server.calls_to("event.event")) == 1  # the page itself: write_date comes with it
    nodes = [edge["node"] for edge in data["events"]["edges"]]
    ids = [decode_global_id(node["id"])[1] for node in nodes]
    rows = demo_odoo.db.execute(1, "event.event", "read", [ids], {"fields": ["write_date", "cover_properties"]})
    expected = [cover_url(demo_odoo.server.url, row["cover_properties"], row["write_date"], 10, 10) for row in rows]
    assert [node["coverImageUrl"] for node in nodes] == expected and len(expected) == 5


def test_url_forms() -> None:
    base = "https://odoo.example"
    cover = '{"background-image": "url(\'/web/image/42-abcdef12/dog.jpg?access_token=t\')"}'
    assert cover_url(base, cover, "2026-01-02 03:04:05", 300, None) == (
        f"{base}/web/image/42-abcdef12/300x0/dog.jpg?access_token=t&unique=1767323045000")
    resized = '{"background-image": "url(/web/image/blog.post/7/image_1920/10x10?unique=old)"}'
    assert cover_url(base, resized, False) == f"{base}/web/image/blog.post/7/image_1920"
    static = '{"background-image": "url(\'/website_event/static/src/img/event_cover_4.jpg\')"}'
    assert cover_url(base, static, "2026-01-02 03:04:05", 10, 10) == (
        f"{base}/website_event/static/src/img/event_cover_4.jpg")  # Odoo cannot resize a static file
    assert cover_url(base, '{"background-image": "none"}', "2026-01-02 03:04:05") is None
    assert cover_url(base, False, False) is None
    assert record_image_url(base, "product.product", 3, "2026-01-02 03:04:05") == (
        f"{base}/web/image/product.product/3/image_1024?unique=1767323045000")
