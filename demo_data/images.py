"""Pictures for the demo data, drawn with Pillow so that no binary file is committed.

Each demo item gets its own picture: a colour chosen from its name, a soft diagonal band and a paw print.
Products get a square PNG written into ``image_1920`` (Odoo derives its ``image_1024`` ... ``image_128``);
events and posts get a 3:2 JPEG cover, stored as a public ``ir.attachment`` and referenced from
``cover_properties`` the way Odoo's website editor does (``/web/image/<id>-<checksum[:8]>/<name>``), so
anonymous browsers can fetch it from Odoo and Odoo can resize it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
from functools import lru_cache

from PIL import Image, ImageDraw

from bff.odoo_values import slugify

PALETTE = [(46, 125, 50), (21, 101, 192), (198, 40, 40), (239, 108, 0), (106, 27, 154), (0, 131, 143),
           (173, 20, 87), (93, 64, 55), (69, 90, 100), (130, 119, 23)]
PRODUCT_SIZE = (800, 800)
COVER_SIZE = (1200, 800)


def colour_of(name: str) -> tuple[int, int, int]:
    """The background colour of a demo item's picture (stable for a name)."""
    return PALETTE[hashlib.sha1(name.encode()).digest()[0] % len(PALETTE)]


def _draw(name: str, size: tuple[int, int]) -> Image.Image:
    width, height = size
    colour = colour_of(name)
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    light = tuple(min(255, c + 40) for c in colour)
    draw.polygon([(0, height * 2 // 3), (width * 2 // 3, 0), (width, 0), (0, height)], fill=light)
    unit = min(width, height) // 10
    cx, cy = width // 2, height // 2 + unit
    white = (250, 250, 245)
    draw.ellipse((cx - 2 * unit, cy - unit, cx + 2 * unit, cy + 2 * unit), fill=white)
    for dx, dy in ((-2.6, -2.2), (-1.0, -3.4), (1.0, -3.4), (2.6, -2.2)):
        x, y = cx + int(dx * unit), cy + int(dy * unit)
        draw.ellipse((x - unit * 0.8, y - unit, x + unit * 0.8, y + unit), fill=white)
    return image


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **({"quality": 85} if fmt == "JPEG" else {}))
    return out.getvalue()


@lru_cache(maxsize=64)  # the same pictures for every seeding in a process (tests seed many emulators)
def product_image_b64(name: str) -> str:
    """A square PNG for ``image_1920`` of a product."""
    return base64.b64encode(_encode(_draw(name, PRODUCT_SIZE), "PNG")).decode("ascii")


@lru_cache(maxsize=64)
def cover_jpeg(name: str) -> bytes:
    """A 3:2 JPEG cover for an event or a post."""
    return _encode(_draw(name, COVER_SIZE), "JPEG")


def cover_attachment(name: str) -> tuple[dict[str, object], str]:
    """``ir.attachment`` values for the cover of ``name`` (public, so that browsers may fetch it without
    signing in, like the website editor's uploads) and its checksum (Odoo's: SHA-1 of the bytes)."""
    data = cover_jpeg(name)
    values: dict[str, object] = {"name": f"{slugify(name) or 'cover'}.jpg", "mimetype": "image/jpeg",
                                 "datas": base64.b64encode(data).decode("ascii"), "public": True}
    return values, hashlib.sha1(data).hexdigest()


def cover_properties(attachment_id: int, checksum: str, file_name: str) -> str:
    """Website ``cover_properties`` with the attachment as background, as the website editor writes it."""
    return json.dumps({"background_color_class": "o_cc3",
                       "background-image": f"url('/web/image/{attachment_id}-{checksum[:8]}/{file_name}')",
                       "opacity": "0.2", "resize_class": "o_half_screen_height"})
