"""sale / sale_management / event_sale: quotations, orders and their lines.

No taxes, pricelists or invoicing: ``price_subtotal = price_unit * qty * (1 - discount/100)``,
``amount_total = amount_untaxed``. Names come from the "S00001" sequence. ``action_confirm``
(draft/sent -> sale) subscribes the customer as follower (portal record rules follow followers) and,
as event_sale does, registers attendees for lines sold with an event ticket. event_sale's
``_compute_registration_status`` follows the order: confirmed, its draft (or cancelled) registrations
become ``open`` (cancelled ones stay cancelled); cancelled, they all become ``cancel``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from ..exceptions import PythonValueError, UserError
from ..fields import DATETIME_FMT
from .mail import subscribe
from .registry import Registry


def _next_name(db: Any) -> str:
    number = db.__dict__.get("_sale_sequence", 0) + 1
    db.__dict__["_sale_sequence"] = number
    return f"S{number:05d}"


def _order_defaults(db: Any, uid: int, vals: dict) -> dict:
    out: dict[str, Any] = {
        "date_order": db.now_str(),
        "company_id": 1,
        "currency_id": 1,
        "warehouse_id": db.xmlid_to_res_id("stock.warehouse0") or False,
    }
    if db.exists("res.users", uid):
        out["user_id"] = uid
    partner = vals.get("partner_id")
    if isinstance(partner, int) and db.exists("res.partner", partner):
        out["partner_invoice_id"] = partner
        out["partner_shipping_id"] = partner
    today = datetime.strptime(db.now_str(), DATETIME_FMT).date()
    out["validity_date"] = (today + timedelta(days=30)).isoformat()
    return out


def _line_defaults(db: Any, uid: int, vals: dict) -> dict:
    out: dict[str, Any] = {}
    product = vals.get("product_id")
    if isinstance(product, int) and db.exists("product.product", product):
        out["price_unit"] = db.value("product.product", product, "lst_price")
        name = db.display_name("product.product", product) or ""
        description = db.value("product.product", product, "description_sale")
        out["name"] = f"{name}\n{description}" if description else name
        out["product_uom"] = db.value("product.product", product, "uom_id") or False
    ticket = vals.get("event_ticket_id")
    if isinstance(ticket, int) and db.exists("event.event.ticket", ticket):
        out["price_unit"] = db.tables["event.event.ticket"][ticket].get("price") or 0.0
        out.setdefault("event_id", db.tables["event.event.ticket"][ticket].get("event_id") or False)
    if vals.get("display_type"):
        out.update({"price_unit": 0.0, "product_uom_qty": 0.0})
    return out


def _subtotal(rec: dict) -> float:
    if rec.get("display_type"):
        return 0.0
    return (
        (rec.get("price_unit") or 0.0)
        * (rec.get("product_uom_qty") or 0.0)
        * (1 - (rec.get("discount") or 0.0) / 100.0)
    )


def _untaxed(db: Any, rec: dict) -> float:
    return round(
        sum(
            _subtotal(line)
            for line in db.tables.get("sale.order.line", {}).values()
            if line.get("order_id") == rec["id"]
        ),
        2,
    )


def _confirm(db: Any, uid: int, ids: list[int]) -> bool:
    for oid in ids:
        if db.tables["sale.order"][oid].get("state") not in ("draft", "sent"):
            raise UserError("Some orders are not in a state requiring confirmation.")
    db.write_records("sale.order", ids, {"state": "sale", "date_order": db.now_str()}, uid)
    _registration_status(db, uid, ids)
    for oid in ids:
        row = db.tables["sale.order"][oid]
        subscribe(db, "sale.order", [oid], [row["partner_id"]])
        for lid in db.value("sale.order", oid, "order_line"):
            line = db.tables["sale.order.line"][lid]
            if line.get("event_id") and db.exists("event.event", line["event_id"]):
                # like event_sale: only the registrations the line still lacks (a BFF booking made them)
                existing = sum(1 for reg in db.tables.get("event.registration", {}).values()
                               if reg.get("sale_order_line_id") == lid and reg.get("state") != "cancel")
                for _ in range(max(0, int(line.get("product_uom_qty") or 0) - existing)):
                    db.create_record(
                        "event.registration",
                        {
                            "event_id": line["event_id"],
                            "event_ticket_id": line.get("event_ticket_id") or False,
                            "partner_id": row["partner_id"],
                            "sale_order_id": oid,
                            "sale_order_line_id": lid,
                        },
                        uid,
                    )
    return True


def _set_state(state: str, allowed: tuple[str, ...] | None = None):
    def action(db: Any, uid: int, ids: list[int]) -> bool:
        if allowed and any(db.tables["sale.order"][i].get("state") not in allowed for i in ids):
            raise UserError(f"Only orders in state {', '.join(allowed)} can be set to {state}.")
        db.write_records("sale.order", ids, {"state": state}, uid)
        return True

    return action


def _cancel(db: Any, uid: int, ids: list[int]) -> Any:
    """``action_cancel``: a non-draft order opens the ``sale.order.cancel`` wizard (one order only) unless
    the context has ``disable_cancel_warning``; a locked order cannot be cancelled."""
    rows = [db.tables["sale.order"][i] for i in ids]
    if any(row.get("locked") for row in rows):
        raise UserError("You cannot cancel a locked order. Please unlock it first.")
    if not (db.context or {}).get("disable_cancel_warning") and any(r.get("state") != "draft" for r in rows):
        if len(ids) != 1:
            raise PythonValueError(f"Expected singleton: sale.order({', '.join(map(str, ids))})")
        type_name = db.value("sale.order", ids[0], "type_name")
        return {
            "name": f"Cancel {type_name}",
            "view_mode": "form",
            "res_model": "sale.order.cancel",
            "view_id": db.xmlid_to_res_id("sale.sale_order_cancel_view_form"),
            "type": "ir.actions.act_window",
            "context": {
                "default_template_id": db.xmlid_to_res_id("sale.mail_template_sale_cancellation"),
                "default_order_id": ids[0],
                "mark_so_as_canceled": True,
                "default_email_layout_xmlid": "mail.mail_notification_layout_with_responsible_signature",
                "model_description": type_name,
            },
            "target": "new",
        }
    db.write_records("sale.order", ids, {"state": "cancel"}, uid)
    _registration_status(db, uid, ids)
    return True


def _registration_status(db: Any, uid: int, ids: list[int]) -> None:
    """event_sale's ``_compute_registration_status`` after the orders' state changed (paid orders only)."""
    for oid in ids:
        row = db.tables["sale.order"][oid]
        regs = [rid for rid, reg in db.tables.get("event.registration", {}).items() if reg.get("sale_order_id") == oid]
        if not regs or not db.value("sale.order", oid, "amount_total"):
            continue
        if row.get("state") == "cancel":
            moved = [r for r in regs if db.tables["event.registration"][r].get("state") != "cancel"]
            state = "cancel"
        elif row.get("state") == "sale":
            moved = [r for r in regs if db.tables["event.registration"][r].get("state") in (False, None, "draft")]
            state = "open"
        else:
            continue
        if moved:
            db.write_records("event.registration", moved, {"state": state}, uid)


def _check_unlink(db: Any, uid: int, ids: list[int]) -> None:
    if any(db.tables["sale.order"][i].get("state") not in ("draft", "cancel") for i in ids):
        raise UserError(
            "You can not delete a sent quotation or a confirmed sales order. You must first cancel it."
        )


def setup(reg: Registry) -> None:
    o = reg["sale.order"]
    o.order = "date_order desc, id desc"
    o.defaults.append(_order_defaults)
    for fname, value in (
        ("state", "draft"),
        ("picking_policy", "direct"),
        ("require_signature", True),
        ("require_payment", False),
        ("invoice_status", "no"),
        ("locked", False),
    ):
        o.set(fname, default=value)
    o.before_create.append(
        lambda db, uid, vals: vals.update(name=_next_name(db)) if not vals.get("name") else None
    )
    o.set("order_line", inverse_name="order_id")
    o.set("amount_untaxed", compute=_untaxed)
    o.set("amount_tax", compute=lambda db, rec: 0.0)
    o.set("amount_total", compute=_untaxed)
    o.set("type_name", compute=lambda db, rec: "Sales Order" if rec.get("state") == "sale" else "Quotation")
    o.copy_o2m = ("order_line",)
    o.copy_defaults = lambda db, rec: {"name": _next_name(db), "state": "draft", "date_order": db.now_str()}
    o.before_unlink.append(_check_unlink)
    o.method("action_confirm")(_confirm)
    o.method("action_cancel")(_cancel)
    o.method("action_draft")(_set_state("draft", ("cancel", "sent")))
    o.method("action_quotation_sent")(_set_state("sent", ("draft", "sent")))

    line = reg["sale.order.line"]
    line.order = "order_id, sequence, id"
    line.defaults.append(_line_defaults)
    for fname, value in (
        ("product_uom_qty", 1.0),
        ("customer_lead", 0.0),
        ("sequence", 10),
        ("discount", 0.0),
        ("price_unit", 0.0),
    ):
        line.set(fname, default=value)
    line.set("order_id", ondelete="cascade")
    line.set("price_subtotal", compute=lambda db, rec: round(_subtotal(rec), 2))
    line.set("price_total", compute=lambda db, rec: round(_subtotal(rec), 2))
    line.set("price_tax", compute=lambda db, rec: 0.0)
    line.set("state", compute=lambda db, rec: db.value("sale.order", rec.get("order_id"), "state") or False)
    line.set("order_partner_id", compute=lambda db, rec: db.value("sale.order", rec.get("order_id"), "partner_id"))
    line.set("currency_id", compute=lambda db, rec: db.value("sale.order", rec.get("order_id"), "currency_id"))
    line.set("company_id", compute=lambda db, rec: db.value("sale.order", rec.get("order_id"), "company_id"))
    line.set("salesman_id", compute=lambda db, rec: db.value("sale.order", rec.get("order_id"), "user_id"))
