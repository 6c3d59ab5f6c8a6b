"""Odoo 18's images: ``image.mixin`` sizes over RPC and the ``/web/image`` routes browsers fetch.

Pins what ``bff/images.py`` builds URLs on and what the demo data relies on: ``image_1920`` is checked and
its smaller sizes derived; ``/web/image/<model>/<id>/<field>[/<w>x<h>]`` and the website editor's attachment
form ``/web/image/<id>-<checksum[:8]>[/<w>x<h>]/<name>`` serve the image fitted within the box (never
enlarged), ``unique`` makes it immutable, an attachment's ``checksum`` is the SHA-1 of its bytes, and what
cannot be given (a missing record, a private attachment for an anonymous browser) is Odoo's placeholder
with HTTP 200, not a 404.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json

import aiohttp
import pytest
from PIL import Image

from .conftest import Cleanup, Target
from .rpc import OdooRpc, RpcError

pytestmark = pytest.mark.contract

RED, BLUE = (200, 30, 30), (30, 60, 200)


def _picture(colour: tuple[int, int, int], size: tuple[int, int], fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=fmt)
    return out.getvalue()


async def _get(target: Target, path: str, sid: str | None = None) -> tuple[int, str, str, Image.Image]:
    headers = {"Cookie": f"session_id={sid}"} if sid else {}
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
        async with http.get(target.url + path, headers=headers, allow_redirects=False) as response:
            body = await response.read()
            image = Image.open(io.BytesIO(body))
            image.load()
            return response.status, response.content_type, response.headers.get("Cache-Control", ""), image


def _is(image: Image.Image, colour: tuple[int, int, int]) -> bool:
    pixel = image.convert("RGB").getpixel((image.width // 2, image.height // 2))
    return all(abs(a - b) <= 12 for a, b in zip(pixel, colour, strict=True))  # type: ignore[arg-type]


async def test_image_sizes_and_record_route(admin: OdooRpc, target: Target, cleanup: Cleanup, unique: str) -> None:
    picture = base64.b64encode(_picture(RED, (300, 200), "PNG")).decode()
    values = {"name": f"{unique} crate", "sale_ok": True, "image_1920": picture}
    if "is_published" in await admin.call_kw("product.template", "fields_get", [], {"attributes": ["type"]}):
        values["is_published"] = True  # website_sale: what lets anonymous browsers read the product
    product = await cleanup.create("product.product", values)
    [row] = await admin.call_kw("product.product", "read", [[product]], {"fields": ["image_128", "image_1024"]})
    small = Image.open(io.BytesIO(base64.b64decode(row["image_128"])))
    assert small.size == (128, 85) and _is(small, RED)
    assert Image.open(io.BytesIO(base64.b64decode(row["image_1024"]))).size == (300, 200)  # never enlarged

    status, kind, cache, image = await _get(target, f"/web/image/product.product/{product}/image_1920/100x100"
                                                    "?unique=1", admin.sid)
    assert (status, kind, image.size) == (200, "image/png", (100, 67)) and _is(image, RED)
    assert "immutable" in cache and "max-age=31536000" in cache
    status, _, cache, image = await _get(target, f"/web/image/product.product/{product}/image_1024")
    assert status == 200 and image.size == (300, 200) and _is(image, RED) and "immutable" not in cache
    status, _, _, image = await _get(target, f"/web/image/product.product/{product}/image_512/0x50")
    assert status == 200 and image.size == (75, 50)

    with pytest.raises(RpcError):
        await admin.call_kw("product.product", "write", [[product], {"image_1920": "bm90IGFuIGltYWdl"}])


async def test_missing_record_answers_the_placeholder(target: Target) -> None:
    for path in ("/web/image/product.product/2000000000/image_1024", "/web/image/2000000000",
                 "/web/image/no.such.model/1/image_128"):
        status, kind, _, image = await _get(target, path)
        assert status == 200 and kind.startswith("image/") and image.width > 0, path


async def test_editor_attachment_url(admin: OdooRpc, target: Target, cleanup: Cleanup, unique: str) -> None:
    data = _picture(BLUE, (600, 400), "JPEG")
    name = "cover.jpg"
    public = await cleanup.create("ir.attachment", {"name": name, "datas": base64.b64encode(data).decode(),
                                                    "mimetype": "image/jpeg", "public": True})
    private = await cleanup.create("ir.attachment", {"name": name, "datas": base64.b64encode(data).decode(),
                                                     "mimetype": "image/jpeg"})
    [row] = await admin.call_kw("ir.attachment", "read", [[public]], {"fields": ["checksum", "mimetype"]})
    assert row == {"id": public, "checksum": hashlib.sha1(data).hexdigest(), "mimetype": "image/jpeg"}
    url = f"/web/image/{public}-{row['checksum'][:8]}"
    status, kind, _, image = await _get(target, f"{url}/{name}")
    assert (status, kind, image.size) == (200, "image/jpeg", (600, 400)) and _is(image, BLUE)
    status, kind, _, image = await _get(target, f"{url}/60x60/{name}?unique=5")
    assert (status, kind, image.size) == (200, "image/jpeg", (60, 40)) and _is(image, BLUE)
    status, _, _, image = await _get(target, f"/web/image/{private}/{name}")  # anonymous: not public
    assert status == 200 and not _is(image, BLUE)


async def test_default_covers(admin: OdooRpc, target: Target, cleanup: Cleanup, unique: str) -> None:
    event = await cleanup.create("event.event", {"name": f"{unique} event", "date_begin": "2031-01-01 10:00:00",
                                                 "date_end": "2031-01-01 12:00:00"})
    blog = await cleanup.create("blog.blog", {"name": f"{unique} blog"})
    post = await cleanup.create("blog.post", {"name": f"{unique} post", "blog_id": blog})
    [row] = await admin.call_kw("event.event", "read", [[event]], {"fields": ["cover_properties"]})
    properties = json.loads(row["cover_properties"])
    assert properties["background-image"] == "url('/website_event/static/src/img/event_cover_4.jpg')"
    status, kind, _, image = await _get(target, "/website_event/static/src/img/event_cover_4.jpg")
    assert (status, kind) == (200, "image/jpeg") and image.width > 0  # a static file: no /web/image resizing
    [row] = await admin.call_kw("blog.post", "read", [[post]], {"fields": ["cover_properties"]})
    assert json.loads(row["cover_properties"])["background-image"] == "none"
