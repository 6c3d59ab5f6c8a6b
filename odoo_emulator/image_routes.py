"""Odoo 18's ``/web/image`` routes (``web/controllers/binary.py`` ``content_image``), as a browser meets them.

    /web/image/<model>/<id>/<field>[/<w>x<h>][/<filename>]    a record's binary field
    /web/image/<id>[-<unique>][/<w>x<h>][/<filename>]          an attachment
    /web/image/<xmlid>[/<w>x<h>][/<filename>]                  a record by xmlid (its ``raw``/``datas``)

``width``/``height`` may also come as query parameters. The caller is the session's user (cookie) or the
public user. A record is read with that user's rights (ACL and record rules); an attachment is served when it
is ``public``, when ``access_token`` matches, or to an internal user. The image is fitted within ``<w>x<h>``
(or, for ``image_<N>`` fields without a size, N x N), never enlarged (``odoo_emulator.images.resize``).

Anything Odoo cannot give (no such model, record, field, no image, no right to read it) is *not* a 404:
Odoo answers HTTP 200 with its placeholder picture, as recorded on a real Odoo 18. ``?unique=`` makes the
answer ``Cache-Control: max-age=31536000, <public|private>, immutable``; without it ``no-cache``.
``EVENT_COVER``, the static picture new events show, is served too.
"""

from __future__ import annotations

import re
import time
from typing import Any

from aiohttp import web

from odoo_emulator.images import decode_b64, image_mimetype, placeholder, resize, stock_cover
from odoo_emulator.models.image import EVENT_COVER
from odoo_emulator.sessions import SESSION_COOKIE

SUPERUSER_ID = 1
_SIZE = re.compile(r"^(\d+)x(\d+)$")
_ATTACHMENT = re.compile(r"^(\d+)(?:-([\w.]+))?$")
_BINARY_FIELDS = ("datas", "raw", "db_datas")


class _Unavailable(Exception):
    """What Odoo's ``UserError`` (MissingError, AccessError...) is here: serve the placeholder."""


def _guess_side(field: str) -> int:
    """``image_guess_size_from_field_name``: ``image_1024`` -> 1024, ``image`` -> 1024, else 0."""
    if field == "image":
        return 1024
    suffix = field.rsplit("_", 1)[-1]
    return int(suffix) if suffix.isdigit() and int(suffix) >= 16 and not field.startswith("x_") else 0


def _split(tail: str) -> tuple[list[str], int, int]:
    """The path parts without the size, and the size (0, 0 when none)."""
    parts = [part for part in tail.split("/") if part]
    width = height = 0
    kept: list[str] = []
    for index, part in enumerate(parts):
        match = _SIZE.match(part)
        if match and index > 0:
            width, height = int(match.group(1)), int(match.group(2))
        else:
            kept.append(part)
    return kept, width, height


def _read(db: Any, uid: int, model: str, rid: int, field: str) -> str:
    if model not in db.registry or field not in db.registry[model].fields:
        raise _Unavailable
    if db.registry[model].fields[field].type != "binary":
        raise _Unavailable
    try:
        rows = db.execute(uid, model, "read", [[rid]], {"fields": [field]})
    except Exception as exc:  # AccessError, MissingError...: Odoo's placeholder
        raise _Unavailable from exc
    if not rows or not rows[0].get(field):
        raise _Unavailable
    return rows[0][field]


def _attachment(db: Any, uid: int, is_public: bool, rid: int, token: str | None) -> tuple[str, bool]:
    """(base64 data, public) of an attachment the caller may see."""
    row = db.tables.get("ir.attachment", {}).get(rid)
    if row is None:
        raise _Unavailable
    if token is not None:
        allowed = bool(row.get("access_token")) and row.get("access_token") == token
    else:
        allowed = bool(row.get("public")) or (not is_public and "base.group_user" in db.user_groups(uid))
    if not allowed:
        raise _Unavailable
    return _read(db, SUPERUSER_ID, "ir.attachment", rid, "datas"), bool(row.get("public"))


def _find(db: Any, uid: int, is_public: bool, parts: list[str], token: str | None) -> tuple[str, bool, str]:
    """(base64 data, public, field name) for the path parts after ``/web/image/``."""
    if len(parts) >= 3 and parts[1].isdigit():
        model, rid, field = parts[0], int(parts[1]), parts[2]
        return _read(db, uid, model, rid, field), is_public, field
    if not parts:
        raise _Unavailable
    match = _ATTACHMENT.match(parts[0])
    if match:
        data, public = _attachment(db, uid, is_public, int(match.group(1)), token)
        return data, public, "raw"
    module, _, name = parts[0].partition(".")
    row = next((d for d in db.tables.get("ir.model.data", {}).values()
                if d.get("module") == module and d.get("name") == name), None)
    if row is None or row.get("model") != "ir.attachment":
        raise _Unavailable
    data, public = _attachment(db, uid, is_public, row["res_id"], token)
    return data, public, "raw"


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


async def web_image(request: web.Request) -> web.Response:
    from odoo_emulator.server import STATE, CallRecord

    state = request.app[STATE]
    db = state.db
    session = state.sessions.get(request.cookies.get(SESSION_COOKIE))
    uid = session.uid if session is not None and session.is_authenticated else None
    is_public = uid is None
    caller = db.xmlid_to_res_id("base.public_user") if uid is None else uid
    parts, width, height = _split(request.match_info.get("tail", ""))
    width, height = width or _int(request.query.get("width")), height or _int(request.query.get("height"))
    model = parts[0] if len(parts) >= 3 and parts[1].isdigit() else "ir.attachment"
    state.calls.append(CallRecord("/web/image", model, None, uid, time.monotonic()))
    public = False
    try:
        data_b64, public, field = _find(db, caller, is_public, parts, request.query.get("access_token"))
        data = decode_b64(data_b64)
        mimetype = image_mimetype(data)
        if not data or mimetype is None:
            raise _Unavailable
    except _Unavailable:
        data, mimetype, public = placeholder(), "image/png", False
        field = parts[2] if len(parts) >= 3 and parts[1].isdigit() else "raw"
    if (width, height) == (0, 0):
        width = height = _guess_side(field)
    body = resize(data, width, height)
    visibility = "public" if public else "private"
    cache = f"max-age=31536000, {visibility}, immutable" if request.query.get("unique") else f"no-cache, {visibility}"
    return web.Response(body=body, content_type=image_mimetype(body) or mimetype, headers={
        "Cache-Control": cache, "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'"})


async def event_cover(request: web.Request) -> web.Response:
    """website_event's stock cover, a static file (the emulator draws its own)."""
    return web.Response(body=stock_cover(), content_type="image/jpeg",
                        headers={"Cache-Control": "public, max-age=604800"})


def add_image_routes(app: web.Application) -> None:
    app.router.add_get(EVENT_COVER, event_cover)
    app.router.add_get("/web/image", web_image)
    app.router.add_get("/web/image/{tail:.*}", web_image)
