"""Image URLs on Odoo's own image routes, sized and cache-busted, for the browser to fetch from Odoo.

Odoo 18 serves every stored image through ``/web/image`` (``web/controllers/binary.py``), in these forms:

    /web/image/<model>/<id>/<field>[/<w>x<h>][/<filename>]    a record's image field
    /web/image/<id>[-<unique>][/<w>x<h>][/<filename>]          an attachment (what the website editor puts
                                                              in ``cover_properties``)
    /web/image/<xmlid>[/<w>x<h>][/<filename>]                  a record named by its xmlid

``<w>x<h>`` fits the image within that box keeping its proportions, never enlarging it (0 for one side:
from the other). Records of ``image.mixin`` (products) keep the image at five sizes, ``image_1920`` (the
original, at most 1920 px), ``image_1024``, ``image_512``, ``image_256`` and ``image_128``: the URL names the
smallest that still covers the asked box, so Odoo resizes as little as possible. ``?unique=`` makes the
response immutable for a year (``Cache-Control: max-age=31536000, immutable``); the BFF sets it to the
record's ``write_date`` in epoch milliseconds, as Odoo 18's web client does (``imageUrl`` in
``@web/core/utils/urls``), so a new image (which writes the record) gets a new URL.

An image Odoo cannot give (no record, no image, no read access for an anonymous browser) is answered with
Odoo's placeholder picture, HTTP 200, never a 404. Covers stored as another URL (a theme's static file, an
external address) are returned as they are: Odoo cannot resize those.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode

from bff.errors import BadUserInput
from bff.odoo_values import absolute_url, cover_image_path, parse_datetime

MAX_SIDE = 1920
STORED_SIZES = (128, 256, 512, 1024, 1920)  # image.mixin's fields image_<N>
DEFAULT_FIELD = "image_1024"
_PREFIX = "/web/image/"
WIDTH_HELP = f"Largest width in pixels, 1 to {MAX_SIDE}."
HEIGHT_HELP = f"Largest height in pixels, 1 to {MAX_SIDE}."
_SIZE = re.compile(r"^\d+x\d+$")


def check_box(width: int | None, height: int | None) -> None:
    """Refuse a side outside 1..MAX_SIDE with ``BAD_USER_INPUT`` naming the argument."""
    for name, value in (("width", width), ("height", height)):
        if value is not None and not 1 <= value <= MAX_SIDE:
            raise BadUserInput(f"`{name}` must be 1 to {MAX_SIDE} pixels", field=name)


def unique_of(write_date: object) -> str | None:
    """Odoo's ``write_date`` (naive UTC ``YYYY-MM-DD HH:MM:SS``) as epoch milliseconds."""
    moment = parse_datetime(write_date)
    return str(int(moment.timestamp() * 1000)) if moment else None


def _box(width: int | None, height: int | None) -> str | None:
    return f"{width or 0}x{height or 0}" if width or height else None


def _with_unique(path: str, unique: str | None) -> str:
    """``path`` with ``unique`` set (other query parameters, e.g. an access token, kept)."""
    base, _, query = path.partition("?")
    params = [(key, value) for key, value in parse_qsl(query, keep_blank_values=True) if key != "unique"]
    if unique:
        params.append(("unique", unique))
    return f"{base}?{urlencode(params)}" if params else base


def record_image_url(base_url: str, model: str, record_id: int, write_date: object,
                     width: int | None = None, height: int | None = None) -> str:
    """The URL of a record's ``image_*`` field, sized to fit ``width`` x ``height`` when given."""
    check_box(width, height)
    box = _box(width, height)
    field = DEFAULT_FIELD
    if box:
        wanted = max(width or 0, height or 0)
        field = f"image_{next(size for size in STORED_SIZES if size >= wanted)}"
    path = f"{_PREFIX}{model}/{record_id}/{field}" + (f"/{box}" if box else "")
    return f"{base_url}{_with_unique(path, unique_of(write_date))}"


def _sized_path(path: str, box: str | None) -> str:
    """A ``/web/image/...`` path with its ``<w>x<h>`` part set to ``box`` (or removed when None)."""
    route, question, query = path.partition("?")
    parts = route[len(_PREFIX):].split("/")
    record_form = len(parts) >= 3 and parts[1].isdigit()  # <model>/<id>/<field>[...]
    head = 3 if record_form else 1
    rest = [part for part in parts[head:] if not _SIZE.match(part)]
    sized = parts[:head] + ([box] if box else []) + rest
    return _PREFIX + "/".join(sized) + (question + query if query else "")


def cover_url(base_url: str, cover_properties: object, write_date: object,
              width: int | None = None, height: int | None = None) -> str | None:
    """The absolute URL of a website cover (``cover_properties``' ``background-image``), or None."""
    check_box(width, height)
    path = cover_image_path(cover_properties)
    if not path:
        return None
    if not path.startswith(_PREFIX):
        return absolute_url(base_url, path)
    return absolute_url(base_url, _with_unique(_sized_path(path, _box(width, height)), unique_of(write_date)))
