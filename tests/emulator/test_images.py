"""The emulator's ``/web/image``: who sees which image (the public user's record rules, public attachments,
access tokens), the placeholder for everything else, and the image sizes ``image.mixin`` derives."""

from __future__ import annotations

import base64
import io

import aiohttp
from PIL import Image

from odoo_emulator.database import Database
from odoo_emulator.images import placeholder
from odoo_emulator.server import EmulatorServer

GREEN = (20, 160, 60)


def _b64(size: tuple[int, int], fmt: str = "PNG") -> str:
    out = io.BytesIO()
    Image.new("RGB", size, GREEN).save(out, format=fmt)
    return base64.b64encode(out.getvalue()).decode()


async def _body(server: EmulatorServer, path: str, sid: str | None = None) -> bytes:
    headers = {"Cookie": f"session_id={sid}"} if sid else {}
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
        async with http.get(server.url + path, headers=headers) as response:
            assert response.status == 200 and response.content_type.startswith("image/")
            return await response.read()


def _green(body: bytes) -> bool:
    """Whether ``body`` is the test's picture (the placeholder is grey, whatever size it is served at)."""
    pixel = Image.open(io.BytesIO(body)).convert("RGB").getpixel((1, 1))
    return all(abs(a - b) <= 12 for a, b in zip(pixel, GREEN, strict=True))  # type: ignore[arg-type]


async def test_who_sees_which_image() -> None:
    async with EmulatorServer(Database(name="customk9")) as server:
        db = server.db
        hidden = db.execute(1, "product.product", "create", [{"name": "Hidden", "image_1920": _b64((40, 40))}], {})
        shown = db.execute(1, "product.product", "create", [{"name": "Shown", "is_published": True,
                                                             "image_1920": _b64((40, 40))}], {})
        token = db.execute(1, "ir.attachment", "create", [{"name": "t.jpg", "datas": _b64((30, 20), "JPEG"),
                                                          "access_token": "s3cret"}], {})
        session = server.sessions.rotate(None, 2, "admin", "customk9")  # admin's browser
        hidden_path = f"/web/image/product.product/{hidden}/image_128"
        assert not _green(await _body(server, hidden_path))  # the public user may not read it
        assert Image.open(io.BytesIO(await _body(server, hidden_path, session.sid))).size == (40, 40)
        assert _green(await _body(server, f"/web/image/product.product/{shown}/image_128"))
        assert await _body(server, f"/web/image/{token}") == placeholder()  # served as it is: no size asked
        assert await _body(server, f"/web/image/{token}?access_token=wrong") == placeholder()
        image = Image.open(io.BytesIO(await _body(server, f"/web/image/{token}?access_token=s3cret")))
        assert (image.format, image.size) == ("JPEG", (30, 20))
        assert server.calls_to("product.product", route="/web/image")  # logged like any request


def test_image_sizes_follow_image_1920() -> None:
    db = Database(name="customk9")
    product = db.execute(1, "product.product", "create", [{"name": "Big", "image_1920": _b64((4000, 1000))}], {})
    fields = ["image_1920", "image_1024", "image_512", "image_256", "image_128", "image_variant_1920"]
    [row] = db.execute(1, "product.product", "read", [[product]], {"fields": fields})
    sizes = {name: Image.open(io.BytesIO(base64.b64decode(row[name]))).size for name in fields[:-1]}
    assert sizes == {"image_1920": (1920, 480), "image_1024": (1024, 256), "image_512": (512, 128),
                     "image_256": (256, 64), "image_128": (128, 32)}
    assert row["image_variant_1920"] is False  # a single variant: the image went to the template
    [template] = db.execute(1, "product.product", "read", [[product]], {"fields": ["product_tmpl_id"]})
    tmpl = template["product_tmpl_id"][0]
    assert db.execute(1, "product.template", "read", [[tmpl]], {"fields": ["image_1920"]})[0]["image_1920"]
