"""Odoo 18's image processing (``odoo/tools/image.py``), the part the emulator needs, on Pillow.

* ``verify_b64``: what writing an image field checks: the value decodes as an image (else UserError
  "This file could not be decoded as an image file."), and an ``image_1920`` is shrunk to fit 1920 x 1920;
* ``resize``: ``image_process(source, size=(w, h))``: fit within ``w`` x ``h`` keeping the ratio (0 for a side:
  from the other), never enlarged, LANCZOS, the source format kept (BMP becomes PNG, other formats JPEG),
  JPEG at quality 95, PNG optimised; the source bytes unchanged when nothing had to change; GIFs untouched;
* ``image_mimetype``: the content type Odoo guesses from the bytes;
* ``placeholder``: the picture Odoo answers for an image it cannot give (Odoo's is a grey camera icon; the
  emulator draws its own grey square with a frame, 256 x 256 PNG).

Results are cached by content, so an emulated ``image_128`` is not recomputed on every read.
"""

from __future__ import annotations

import base64
import binascii
import io
from functools import lru_cache

from PIL import Image, ImageDraw, UnidentifiedImageError

from odoo_emulator.exceptions import UserError

MAX_STORED = 1920
_DECODE_ERROR = "This file could not be decoded as an image file."
_OUTPUT_FORMATS = ("PNG", "JPEG", "GIF", "ICO")
_MIMETYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "ICO": "image/x-icon",
              "WEBP": "image/webp", "BMP": "image/bmp"}


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def decode_b64(value: str | bytes | bool) -> bytes:
    """A binary field's wire value (base64 text) as bytes; ``b""`` for an empty one."""
    if not value:
        return b""
    try:
        return base64.b64decode(value, validate=False)
    except (binascii.Error, ValueError, TypeError):
        return b""


def image_mimetype(data: bytes) -> str | None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            return _MIMETYPES.get(image.format or "", f"image/{(image.format or 'octet-stream').lower()}")
    except (UnidentifiedImageError, OSError, ValueError):
        return None


@lru_cache(maxsize=256)
def resize(data: bytes, width: int, height: int) -> bytes:
    """``image_process(data, size=(width, height))`` as Odoo 18 does it (see the module docstring)."""
    if not data or (not width and not height):
        return data
    try:
        image = _open(data)
    except (UnidentifiedImageError, OSError, ValueError):
        return data
    source_format = image.format or "PNG"
    if source_format == "GIF":
        return data
    w, h = image.size
    asked = (width or (w * height) // h, height or (h * width) // w)
    changed = False
    if asked != (w, h):
        image.thumbnail(asked, Image.Resampling.LANCZOS)
        changed = image.size != (w, h)
    output_format = "PNG" if source_format == "BMP" else source_format
    if output_format not in _OUTPUT_FORMATS:
        output_format = "JPEG"
    if not changed and output_format == source_format:
        return data
    if image.mode not in ("1", "L", "P", "RGB", "RGBA") or (output_format == "JPEG" and image.mode == "RGBA"):
        image = image.convert("RGB")
    out = io.BytesIO()
    options = {"optimize": True, **({"quality": 95} if output_format == "JPEG" else {})}
    image.save(out, format=output_format, **options)
    return out.getvalue()


def verify_b64(value: str | bool, *, max_side: int = 0) -> str | bool:
    """The value an image field stores for ``value``: checked, and shrunk to ``max_side`` when given."""
    if not value:
        return False
    if not isinstance(value, str):
        value = base64.b64encode(value if isinstance(value, bytes) else b"").decode("ascii")
    return _verified(value, max_side)


@lru_cache(maxsize=256)
def _verified(value: str, max_side: int) -> str:
    data = decode_b64(value)
    try:
        _open(data)
    except (UnidentifiedImageError, OSError, ValueError):
        raise UserError(_DECODE_ERROR) from None
    if max_side:
        shrunk = resize(data, max_side, max_side)
        if shrunk != data:
            return base64.b64encode(shrunk).decode("ascii")
    return value


@lru_cache(maxsize=512)
def resized_b64(value: str, side: int) -> str:
    """An ``image_<side>`` field computed from ``image_1920`` (base64 in, base64 out)."""
    data = decode_b64(value)
    shrunk = resize(data, side, side)
    return value if shrunk == data else base64.b64encode(shrunk).decode("ascii")


@lru_cache(maxsize=1)
def placeholder() -> bytes:
    image = Image.new("RGB", (256, 256), (221, 221, 221))
    draw = ImageDraw.Draw(image)
    draw.rectangle((64, 88, 192, 176), outline=(153, 153, 153), width=8)
    draw.ellipse((104, 108, 152, 156), outline=(153, 153, 153), width=8)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


@lru_cache(maxsize=1)
def stock_cover() -> bytes:
    """A 1200 x 800 JPEG standing for website_event's stock cover (a static file of Odoo's)."""
    out = io.BytesIO()
    Image.new("RGB", (1200, 800), (96, 125, 139)).save(out, format="JPEG", quality=85)
    return out.getvalue()
