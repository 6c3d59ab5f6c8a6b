"""Image fields as Odoo 18 keeps them: ``image.mixin`` on products, and what ``ir.attachment`` derives.

* ``product.template``: ``image_1920`` is stored (checked, shrunk to 1920 px on write; a value that is not
  an image is a UserError); ``image_1024`` ... ``image_128`` follow from it (Odoo stores them resized on
  write; computing them on read gives the same values over RPC).
* ``product.product``: ``image_variant_1920`` (and its sizes) is the variant's own image; ``image_1920``
  reads the variant's image, else the template's; writing it sets the template's image when the template has
  a single variant and no variant image, else the variant's (``_set_template_field`` in Odoo).
* ``event.event`` and ``blog.post`` (``website.cover_properties.mixin``): ``cover_properties`` defaults to the
  mixin's JSON, an event's with website_event's stock picture ``EVENT_COVER`` (a static file), a post's
  with ``"background-image": "none"``.
* ``ir.attachment``: ``checksum`` (SHA-1 of the bytes) and ``mimetype`` (guessed from the bytes unless given)
  follow ``datas``; ``local_url`` and ``image_src`` as ``html_editor`` computes them, the latter being the
  URL the website editor writes into ``cover_properties``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import quote

from ..images import decode_b64, image_mimetype, resized_b64, verify_b64
from .registry import Registry

SIZES = (1024, 512, 256, 128)
EVENT_COVER = "/website_event/static/src/img/event_cover_4.jpg"
_MIXIN_COVER = {"background_color_class": "o_cc3", "background-image": "none", "opacity": "0.2",
                "resize_class": "o_half_screen_height"}
_EVENT_COVER = {**_MIXIN_COVER, "background-image": f"url('{EVENT_COVER}')", "opacity": "0.4",
                "resize_class": "cover_auto"}
_EDITOR_IMAGE_TYPES = ("image/gif", "image/jpe", "image/jpeg", "image/jpg", "image/png", "image/svg+xml",
                       "image/webp")


def _store(db: Any, model: str, rid: int, fname: str, value: Any) -> None:
    db._touch(model, rid)
    db.tables[model][rid][fname] = verify_b64(value, max_side=1920)


def _sized(value: Any, side: int) -> Any:
    return resized_b64(value, side) if value else False


def _setup_template(reg: Registry) -> None:
    t = reg["product.template"]
    t.set("image_1920", inverse=lambda db, rid, v: _store(db, "product.template", rid, "image_1920", v))
    for side in SIZES:
        t.set(f"image_{side}", compute=lambda db, rec, side=side: _sized(rec.get("image_1920"), side))


def _template_image(db: Any, rec: dict) -> Any:
    template = db.tables["product.template"].get(rec.get("product_tmpl_id"))
    return (template or {}).get("image_1920") or False


def _set_product_image(db: Any, pid: int, value: Any) -> None:
    row = db.tables["product.product"][pid]
    tmpl = row.get("product_tmpl_id")
    single = sum(1 for p in db.tables["product.product"].values() if p.get("product_tmpl_id") == tmpl) == 1
    if single and not row.get("image_variant_1920"):
        db.write_records("product.template", [tmpl], {"image_1920": value})
    else:
        _store(db, "product.product", pid, "image_variant_1920", value)


def _setup_product(reg: Registry) -> None:
    p = reg["product.product"]
    p.set("image_variant_1920",
          inverse=lambda db, rid, v: _store(db, "product.product", rid, "image_variant_1920", v))
    p.set("image_1920", compute=lambda db, rec: rec.get("image_variant_1920") or _template_image(db, rec),
          inverse=_set_product_image)
    for side in SIZES:
        p.set(f"image_variant_{side}",
              compute=lambda db, rec, side=side: _sized(rec.get("image_variant_1920"), side))
        p.set(f"image_{side}", compute=lambda db, rec, side=side: _sized(
            rec.get("image_variant_1920") or _template_image(db, rec), side))


def _attachment_derived(db: Any, uid: int, ids: Any, vals: dict) -> None:
    if "datas" not in vals:
        return
    for rid in [ids] if isinstance(ids, int) else ids:
        row = db.tables["ir.attachment"][rid]
        data = decode_b64(row.get("_datas"))
        row["checksum"] = hashlib.sha1(data).hexdigest() if data else False
        if not vals.get("mimetype"):
            row["mimetype"] = image_mimetype(data) or ("application/octet-stream" if data else False)


def _image_src(db: Any, rec: dict) -> Any:
    if rec.get("mimetype") not in _EDITOR_IMAGE_TYPES:
        return False
    if rec.get("type") == "url":
        url = rec.get("url") or ""
        return url if url.startswith("/") else f"/web/image/{rec['id']}-redirect/{quote(rec.get('name') or '')}"
    unique = (rec.get("checksum") or "")[:8]
    if rec.get("url"):
        return f"{rec['url']}{'&' if '?' in rec['url'] else '?'}unique={unique}"
    return f"/web/image/{rec['id']}-{unique}/{quote(rec.get('name') or '')}"


def _setup_attachment(reg: Registry) -> None:
    a = reg["ir.attachment"]
    a.after_create.append(_attachment_derived)
    a.after_write.append(_attachment_derived)
    a.set("local_url", compute=lambda db, rec: rec.get("url") or f"/web/image/{rec['id']}?unique={rec.get('checksum')}")
    a.set("image_src", compute=_image_src)


def setup(reg: Registry) -> None:
    reg["event.event"].set("cover_properties", default=json.dumps(_EVENT_COVER))
    reg["blog.post"].set("cover_properties", default=json.dumps(_MIXIN_COVER))
    _setup_template(reg)
    _setup_product(reg)
    _setup_attachment(reg)
