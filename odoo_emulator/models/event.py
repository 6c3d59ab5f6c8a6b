"""event / website_event / event_sale: events, tickets, registrations and their seat counts.

Odoo 18: ``seats_reserved`` counts registrations in state ``open``, ``seats_used`` those in ``done``,
``seats_taken`` both; ``seats_available`` is ``seats_max - seats_taken`` when ``seats_limited``
(else 0); the CustomK9 addon adds the draft registrations its payment holds keep (``customk9_payments``) to
``seats_reserved``. A registration that would overbook its event or ticket is refused (ValidationError).
Registrations are created confirmed (state ``open``). ``event.stage`` and ``event.tag.category`` are
hand-written (not recorded), with Odoo 18's field names.
"""

from __future__ import annotations

from typing import Any

from ..exceptions import ValidationError
from .product import record_slug
from .registry import Registry

COUNTED = ("open", "done")



def _name(db: Any, rec: dict) -> str:
    """The name in the language of the running call (the field is translated)."""
    return db.value("event.event", rec["id"], "name") or ""

def _regs(db: Any, key: str, rec_id: int, states: tuple[str, ...]) -> int:
    return sum(
        1
        for r in db.tables.get("event.registration", {}).values()
        if r.get(key) == rec_id and r.get("state") in states and r.get("active", True)
    )


def _held(db: Any, key: str, rec_id: int) -> int:
    """Draft registrations the CustomK9 addon counts as taken while their order's payment hold lasts."""
    from .customk9_payments import held_registrations

    return held_registrations(db, key, rec_id)


def _seat_fields(mdef: Any, key: str) -> None:
    def taken(db: Any, rec: dict) -> int:
        return _regs(db, key, rec["id"], COUNTED) + _held(db, key, rec["id"])

    mdef.set("seats_reserved", compute=lambda db, rec: _regs(db, key, rec["id"], ("open",)) + _held(db, key, rec["id"]))
    mdef.set("seats_used", compute=lambda db, rec: _regs(db, key, rec["id"], ("done",)))
    mdef.set("seats_taken", compute=taken)
    mdef.set(
        "seats_available",
        compute=lambda db, rec: ((rec.get("seats_max") or 0) - taken(db, rec)) if rec.get("seats_limited") else 0,
    )


def _over(db: Any, model: str, rec_id: int) -> bool:
    row = db.tables[model].get(rec_id)
    return bool(
        row
        and row.get("seats_limited")
        and row.get("seats_max")
        and db.value(model, rec_id, "seats_available") < 0
    )


def check_seats(db: Any, event_ids: set[int], ticket_ids: set[int]) -> None:
    for model, ids in (("event.event.ticket", ticket_ids), ("event.event", event_ids)):
        full = [db.display_name(model, i) for i in sorted(ids) if i and _over(db, model, i)]
        if full:
            raise ValidationError("There are not enough seats available for:\n- " + "\n- ".join(full))


def _sold_out(db: Any, rec: dict) -> bool:
    if (
        rec.get("seats_limited")
        and rec.get("seats_max")
        and db.value("event.event", rec["id"], "seats_available") <= 0
    ):
        return True
    tickets = db.value("event.event", rec["id"], "event_ticket_ids")
    return bool(tickets) and all(db.value("event.event.ticket", t, "is_sold_out") for t in tickets)


def _ticket_available(db: Any, tid: int) -> bool:
    row = db.tables["event.event.ticket"][tid]
    now = db.now_str()
    if row.get("start_sale_datetime") and row["start_sale_datetime"] > now:
        return False
    if row.get("end_sale_datetime") and row["end_sale_datetime"] < now:
        return False
    return not db.value("event.event.ticket", tid, "is_sold_out")


def _registrations_open(db: Any, rec: dict) -> bool:
    now = db.now_str()
    if rec.get("date_end") and rec["date_end"] < now:
        return False
    if (
        rec.get("seats_limited")
        and rec.get("seats_max")
        and db.value("event.event", rec["id"], "seats_available") <= 0
    ):
        return False
    tickets = db.value("event.event", rec["id"], "event_ticket_ids")
    return not tickets or any(_ticket_available(db, t) for t in tickets)


def _event_defaults(db: Any, uid: int, vals: dict) -> dict:
    stages = db.sort_ids("event.stage", db.all_ids("event.stage"))
    company = db.tables["res.company"].get(1) or {}
    tz = db.value("res.users", uid, "tz") if db.exists("res.users", uid) else False
    return {
        "stage_id": stages[0] if stages else False,
        "user_id": uid,
        "date_tz": tz or "UTC",
        "organizer_id": company.get("partner_id") or False,
        "address_id": company.get("partner_id") or False,
    }


def _check_dates(db: Any, ids: list[int]) -> None:
    for eid in ids:
        row = db.tables["event.event"][eid]
        if row.get("date_begin") and row.get("date_end") and row["date_end"] < row["date_begin"]:
            raise ValidationError("The closing date cannot be earlier than the beginning date.")
    check_seats(db, set(ids), set())


def _registration_defaults(db: Any, uid: int, vals: dict) -> dict:
    out: dict[str, Any] = {}
    partner = vals.get("partner_id")
    if isinstance(partner, int) and db.exists("res.partner", partner):
        for fname in ("name", "email", "phone"):
            out[fname] = db.value("res.partner", partner, fname if fname != "phone" else "phone") or False
    event = vals.get("event_id")
    if isinstance(event, int) and db.exists("event.event", event):
        out["company_id"] = db.tables["event.event"][event].get("company_id") or False
    return out


def _check_registrations(db: Any, ids: list[int]) -> None:
    rows = [db.tables["event.registration"][i] for i in ids]
    check_seats(db, {r.get("event_id") for r in rows}, {r.get("event_ticket_id") for r in rows})


def _set_state(state: str):
    def action(db: Any, uid: int, ids: list[int]) -> bool | None:
        vals = {"state": state}
        if state == "done":
            vals["date_closed"] = db.now_str()
        db.write_records("event.registration", ids, vals, uid)
        return None  # Odoo 18: these actions return nothing (no "result" member on the wire)

    return action


def setup(reg: Registry) -> None:
    # Hand-written (not recorded): Odoo 18 field names.
    reg.define(
        "event.stage",
        "Event Stage",
        {
            "name": ("char", {"required": True}),
            "description": ("text",),
            "sequence": ("integer", {"default": 1}),
            "fold": ("boolean",),
            "pipe_end": ("boolean",),
        },
        order="sequence, name",
    )
    reg.define(
        "event.tag.category",
        "Event Tag Category",
        {
            "name": ("char", {"required": True}),
            "sequence": ("integer", {"default": 10}),
            "tag_ids": ("one2many", "event.tag", {"inverse_name": "category_id"}),
            "is_published": ("boolean",),
        },
        order="sequence",
    )

    e = reg["event.event"]
    e.order = "date_begin, id"
    e.defaults.append(_event_defaults)
    for fname, value in (
        ("badge_format", "A6"),
        ("seats_limited", False),
        ("website_visibility", "public"),
        ("active", True),
        ("company_id", 1),
        ("kanban_state", "normal"),
        ("is_published", False),
        ("seats_max", 0),
    ):
        e.set(fname, default=value)
    e.set("registration_ids", inverse_name="event_id")
    e.set("event_ticket_ids", inverse_name="event_id")
    _seat_fields(e, "event_id")
    e.set("event_registrations_sold_out", compute=_sold_out)
    e.set("event_registrations_open", compute=_registrations_open)
    e.set("event_registrations_started", compute=lambda db, rec: True)
    e.set("is_finished", compute=lambda db, rec: bool(rec.get("date_end") and rec["date_end"] <= db.now_str()))
    e.set(
        "is_ongoing",
        compute=lambda db, rec: bool(
            rec.get("date_begin") and rec.get("date_end") and rec["date_begin"] <= db.now_str() < rec["date_end"]
        ),
    )
    e.set("website_url", compute=lambda db, rec: f"/event/{record_slug(db, 'event.event', rec)}")
    e.set(
        "website_published",
        compute=lambda db, rec: bool(rec.get("is_published")),
        inverse=lambda db, rid, v: db.write_records("event.event", [rid], {"is_published": bool(v)}),
        search=lambda db, op, v: [("is_published", op, v)],
    )
    if "currency_id" in e.fields and not e.fields["currency_id"].store:
        e.set(
            "currency_id",
            compute=lambda db, rec: (
                (db.tables["res.company"].get(rec.get("company_id") or 1) or {}).get("currency_id") or False
            ),
        )
    e.copy_o2m = ("event_ticket_ids",)
    e.copy_defaults = lambda db, rec: {"name": f"{_name(db, rec)} (copy)", "is_published": False}
    e.constraints.append(_check_dates)

    t = reg["event.event.ticket"]
    t.order = "event_id, sequence, price, name, id"
    t.set("registration_ids", inverse_name="event_ticket_id")
    t.set("event_id", ondelete="cascade")
    t.set("sequence", default=10)
    t.set("product_id", default=lambda db, vals: db.xmlid_to_res_id("event_product.product_product_event"))
    t.set(
        "price",
        default=lambda db, vals: (
            db.value("product.product", vals.get("product_id"), "lst_price")
            if isinstance(vals.get("product_id"), int)
            else 0.0
        ),
    )
    _seat_fields(t, "event_ticket_id")
    t.set(
        "is_sold_out",
        compute=lambda db, rec: bool(
            rec.get("seats_limited") and db.value("event.event.ticket", rec["id"], "seats_available") <= 0
        ),
    )
    t.set(
        "is_expired",
        compute=lambda db, rec: bool(rec.get("end_sale_datetime") and rec["end_sale_datetime"] < db.now_str()),
    )
    t.set(
        "is_launched",
        compute=lambda db, rec: not rec.get("start_sale_datetime") or rec["start_sale_datetime"] <= db.now_str(),
    )
    t.set("sale_available", compute=lambda db, rec: _ticket_available(db, rec["id"]))
    t.set(
        "currency_id", compute=lambda db, rec: (db.tables["res.company"].get(1) or {}).get("currency_id") or False
    )
    t.constraints.append(lambda db, ids: check_seats(db, set(), set(ids)))

    r = reg["event.registration"]
    r.order = "id desc"
    r.defaults.append(_registration_defaults)
    r.set("state", default="open")
    r.set("active", default=True)
    r.set("event_id", ondelete="cascade")
    r.constraints.append(_check_registrations)
    r.method("action_confirm")(_set_state("open"))
    r.method("action_set_done")(_set_state("done"))
    r.method("action_cancel")(_set_state("cancel"))
    r.method("action_set_draft")(_set_state("draft"))

    tag = reg["event.tag"]
    tag.order = "category_sequence, sequence, id"
    tag.set(
        "category_sequence",
        compute=lambda db, rec: db.value("event.tag.category", rec.get("category_id"), "sequence") or 0,
    )
    tag.set("sequence", default=10)
