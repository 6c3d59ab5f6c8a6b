"""product: product.template / product.product (``_inherits`` delegation) and product.category.

Creating a template creates its single variant; creating a product.product creates its template
(fields of the template are read, written and searched through ``product_tmpl_id``).
``product.category`` is hand-written (not recorded), with Odoo 18's field names.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from .registry import Registry


def _name(db: Any, rec: dict) -> str:
    """The name in the language of the running call (the field is translated)."""
    return db.value("product.template", rec["id"], "name") or ""


def slugify(text: str) -> str:
    """Odoo's ``ir.http._slugify_one`` without python-slugify: ascii, every run of non-word characters and
    underscores one dash, no dash at either end, lower case."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[\W_]+", "-", text).strip("-").lower()


def slug(name: str, rec_id: int) -> str:
    s = slugify(name)
    return f"{s}-{rec_id}" if s else str(rec_id)


def record_slug(db: Any, model: str, rec: dict) -> str:
    """website's ``ir.http._slug``: the record's ``seo_name`` when set, else its display name, then the id."""
    seo_name = db.value(model, rec["id"], "seo_name") if "seo_name" in db.registry[model].fields else False
    return slug(seo_name or db.display_name(model, rec["id"]) or "", rec["id"])


def variants(db: Any, tmpl_id: int) -> list[int]:
    return sorted(
        pid for pid, row in db.tables.get("product.product", {}).items() if row.get("product_tmpl_id") == tmpl_id
    )


def coded_name(code: Any, name: Any) -> str:
    return f"[{code}] {name or ''}" if code else (name or "")


def _template_after_create(db: Any, uid: int, tmpl_id: int, vals: dict) -> None:
    if db.__dict__.pop("_variant_in_progress", False):
        return
    db.create_record(
        "product.product", {"product_tmpl_id": tmpl_id, "default_code": vals.get("default_code") or False}, uid
    )


def _template_code_inverse(db: Any, tmpl_id: int, value: Any) -> None:
    ids = variants(db, tmpl_id)
    if len(ids) == 1:
        db.write_records("product.product", ids, {"default_code": value or False})


def _product_before_create(db: Any, uid: int, vals: dict) -> None:
    if not vals.get("product_tmpl_id"):
        db.__dict__["_variant_in_progress"] = True


def _product_before_unlink(db: Any, uid: int, ids: list[int]) -> None:
    """Deleting the last variant of a template deletes the template too (as Odoo does)."""
    doomed = set(ids)
    templates = {db.tables["product.product"][i].get("product_tmpl_id") for i in ids}
    busy = db.__dict__.get("_unlinking", set())
    orphans = [
        t for t in templates if t and ("product.template", t) not in busy and set(variants(db, t)) <= doomed
    ]
    if orphans:
        db.unlink_records("product.template", orphans)


def _qty_available(db: Any, product_id: int) -> float:
    locations = db.tables.get("stock.location", {})
    return float(
        sum(
            q.get("quantity") or 0.0
            for q in db.tables.get("stock.quant", {}).values()
            if q.get("product_id") == product_id
            and (locations.get(q.get("location_id")) or {}).get("usage") == "internal"
        )
    )


def _search_qty(db: Any, operator: str, value: Any) -> list:
    from ..domain import _compare

    fld = db.registry["product.product"].fields["qty_available"]
    ids = [
        pid
        for pid in db.tables.get("product.product", {})
        if _compare(_qty_available(db, pid), operator, value, fld)
    ]
    return [("id", "in", ids)]


def _template_qty_search(db: Any, operator: str, value: Any) -> list:
    pids = db.search_ids("product.product", [("qty_available", operator, value)], order=False, active_test=False)
    return [("id", "in", sorted({db.tables["product.product"][p]["product_tmpl_id"] for p in pids}))]


def _copy_product(db: Any, uid: int, pid: int, default: dict | None = None) -> int:
    """Copying a variant copies its template (which creates the new variant), as Odoo does."""
    tmpl = db.tables["product.product"][pid]["product_tmpl_id"]
    tmpl_fields = db.registry["product.template"].fields
    if default:
        db.check_field_names("product.product", default)
    tmpl_default = {k: v for k, v in (default or {}).items() if k in tmpl_fields}
    new_tmpl = db.copy_record("product.template", tmpl, tmpl_default, uid)
    new_pid = variants(db, new_tmpl)[0]
    rest = {k: v for k, v in (default or {}).items() if k not in tmpl_fields}
    if rest:
        db.write_records("product.product", [new_pid], rest, uid)
    return new_pid


def setup(reg: Registry) -> None:
    # Hand-written (not recorded): product.category with Odoo 18's field names.
    reg.define(
        "product.category",
        "Product Category",
        {
            "name": ("char", {"required": True}),
            "complete_name": ("char", {"store": False}),
            "parent_id": ("many2one", "product.category", {"ondelete": "cascade"}),
            "child_id": ("one2many", "product.category", {"inverse_name": "parent_id"}),
            "product_count": ("integer", {"store": False}),
        },
        order="complete_name",
        parent_name="parent_id",
    )
    cat = reg["product.category"]

    def cat_name(db: Any, rec: dict) -> str:
        parent = rec.get("parent_id")
        return (
            f"{cat_name(db, db.tables['product.category'][parent])} / {rec.get('name')}"
            if parent and db.exists("product.category", parent)
            else (rec.get("name") or "")
        )

    cat.fields["complete_name"].compute = cat_name
    cat.display_name = cat_name
    cat.fields["product_count"].compute = lambda db, rec: len(
        db.search_ids("product.template", [("categ_id", "child_of", rec["id"])], order=False)
    )

    t = reg["product.template"]
    t.order = "is_favorite desc, name"
    t.name_search_fields = ("default_code", "name")
    t.display_name = lambda db, rec: coded_name(
        db.value("product.template", rec["id"], "default_code"), db.value("product.template", rec["id"], "name")
    )
    defaults = {
        "type": "consu",
        "sale_ok": True,
        "purchase_ok": True,
        "active": True,
        "list_price": 1.0,
        "sale_line_warn": "no-message",
        "service_tracking": "no",
        "tracking": "none",
        "invoice_policy": "order",
        "is_storable": False,
        "sequence": 1,
        "expense_policy": "no",
        "service_type": "manual",
        "categ_id": lambda db, vals: db.xmlid_to_res_id("product.product_category_all"),
        "uom_id": lambda db, vals: db.xmlid_to_res_id("uom.product_uom_unit"),
        "uom_po_id": lambda db, vals: vals.get("uom_id") or db.xmlid_to_res_id("uom.product_uom_unit"),
    }
    for fname, value in defaults.items():
        if fname in t.fields:
            t.set(fname, default=value)
    t.set("product_variant_ids", inverse_name="product_tmpl_id")
    t.set("product_variant_id", compute=lambda db, rec: (variants(db, rec["id"]) or [False])[0])
    t.set("product_variant_count", compute=lambda db, rec: len(variants(db, rec["id"])))
    t.set(
        "default_code",
        compute=lambda db, rec: (
            (db.tables["product.product"][variants(db, rec["id"])[0]].get("default_code") or False)
            if len(variants(db, rec["id"])) == 1
            else False
        ),
        inverse=_template_code_inverse,
    )
    t.set(
        "qty_available",
        compute=lambda db, rec: sum(_qty_available(db, p) for p in variants(db, rec["id"])),
        search=_template_qty_search,
    )
    t.set("website_url", compute=lambda db, rec: f"/shop/{record_slug(db, 'product.template', rec)}")
    t.set(
        "website_published",
        compute=lambda db, rec: bool(rec.get("is_published")),
        inverse=lambda db, rid, v: db.write_records("product.template", [rid], {"is_published": bool(v)}),
        search=lambda db, op, v: [("is_published", op, v)],
    )
    t.copy_defaults = lambda db, rec: {"name": f"{_name(db, rec)} (copy)"}
    t.after_create.append(_template_after_create)

    p = reg["product.product"]
    p.inherits = {"product.template": "product_tmpl_id"}
    p.order = "is_favorite desc, default_code, name, id"
    p.name_search_fields = ("default_code", "name")
    p.display_name = lambda db, rec: coded_name(
        rec.get("default_code"), db.value("product.product", rec["id"], "name")
    )
    p.set("product_tmpl_id", ondelete="cascade")
    p.set("active", default=True)
    p.set(
        "lst_price",
        compute=lambda db, rec: db.value("product.product", rec["id"], "list_price"),
        inverse=lambda db, rid, v: db.write_records("product.product", [rid], {"list_price": v}),
        search=lambda db, op, v: [("list_price", op, v)],
    )
    p.set("price_extra", compute=lambda db, rec: 0.0)
    for fname in ("qty_available", "free_qty", "virtual_available"):
        if fname in p.fields:
            p.set(fname, compute=lambda db, rec: _qty_available(db, rec["id"]), search=_search_qty)
    p.set(
        "website_url",
        compute=lambda db, rec: db.value("product.template", rec.get("product_tmpl_id"), "website_url") or False,
    )
    p.before_create.append(_product_before_create)
    p.before_unlink.append(_product_before_unlink)
    p.copy_override = _copy_product
