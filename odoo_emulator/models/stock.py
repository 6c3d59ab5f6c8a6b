"""stock: quants, lots and the hand-written stock.location / stock.warehouse.

Stock is set the way the seed does it on a real Odoo 18: create a ``stock.quant`` with
``inventory_quantity`` in an internal location, then call ``action_apply_inventory``.
``qty_available`` (product.py) sums the quants of internal locations.
"""

from __future__ import annotations

from typing import Any

from .registry import Registry


def _location_name(db: Any, rec: dict) -> str:
    """Odoo: ``parent.complete_name/name`` unless the location is a view."""
    parent = rec.get("location_id")
    if parent and db.exists("stock.location", parent) and rec.get("usage") != "view":
        return f"{_location_name(db, db.tables['stock.location'][parent])}/{rec.get('name') or ''}"
    return rec.get("name") or ""


def _apply_inventory(db: Any, uid: int, ids: list[int]) -> bool:
    for qid in ids:
        row = db.tables["stock.quant"][qid]
        db.write_records(
            "stock.quant",
            [qid],
            {
                "quantity": row.get("inventory_quantity") or 0.0,
                "inventory_quantity": 0.0,
                "inventory_quantity_set": False,
                "inventory_date": False,
            },
            uid,
        )
    return True


def setup(reg: Registry) -> None:
    # Hand-written (not recorded): Odoo 18 field names.
    reg.define(
        "stock.location",
        "Inventory Locations",
        {
            "name": ("char", {"required": True}),
            "complete_name": ("char", {"store": False}),
            "location_id": ("many2one", "stock.location"),
            "active": ("boolean", {"default": True}),
            "usage": (
                "selection",
                {
                    "selection": [
                        "supplier",
                        "view",
                        "internal",
                        "customer",
                        "inventory",
                        "production",
                        "transit",
                    ],
                    "default": "internal",
                    "required": True,
                },
            ),
            "company_id": ("many2one", "res.company"),
            "warehouse_id": ("many2one", "stock.warehouse"),
            "barcode": ("char",),
        },
        order="complete_name, id",
        parent_name="location_id",
    )
    loc = reg["stock.location"]
    loc.fields["complete_name"].compute = _location_name
    loc.display_name = _location_name
    reg.define(
        "stock.warehouse",
        "Warehouse",
        {
            "name": ("char", {"required": True}),
            "code": ("char", {"required": True}),
            "company_id": ("many2one", "res.company", {"required": True}),
            "partner_id": ("many2one", "res.partner"),
            "view_location_id": ("many2one", "stock.location"),
            "lot_stock_id": ("many2one", "stock.location"),
            "active": ("boolean", {"default": True}),
            "sequence": ("integer", {"default": 10}),
        },
        order="sequence,id",
    )
    q = reg["stock.quant"]
    q.rec_name = None
    q.display_name = lambda db, rec: db.display_name("stock.location", rec.get("location_id")) or ""
    q.set("in_date", default=lambda db, vals: db.now_str())
    q.set("company_id", default=1)
    q.set("reserved_quantity", default=0.0)
    q.set("location_id", default=lambda db, vals: db.xmlid_to_res_id("stock.stock_location_stock"))
    q.set("inventory_quantity_set", default=lambda db, vals: "inventory_quantity" in vals)
    q.set(
        "inventory_diff_quantity",
        compute=lambda db, rec: (
            ((rec.get("inventory_quantity") or 0.0) - (rec.get("quantity") or 0.0))
            if rec.get("inventory_quantity_set")
            else 0.0
        ),
    )
    if "available_quantity" in q.fields:
        q.set(
            "available_quantity",
            compute=lambda db, rec: (rec.get("quantity") or 0.0) - (rec.get("reserved_quantity") or 0.0),
        )
    q.method("action_apply_inventory")(_apply_inventory)
    lot = reg["stock.lot"]
    lot.set("company_id", default=1)
    lot.set("quant_ids", inverse_name="lot_id")
