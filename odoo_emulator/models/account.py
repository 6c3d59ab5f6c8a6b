"""account: customer invoices (``account.move``), as far as the BFF sees them.

Only what the documents list needs: an invoice has a partner, a ``move_type`` (``out_invoice``,
``out_refund``, ...), a ``state`` (``draft`` -> ``posted`` by ``action_post``, which names it
``INV/<year>/<number>`` as Odoo's sequence does; ``cancel`` by ``button_cancel``) and its total. Lines,
journals, taxes and payments are left out: the BFF never reads them. The files Odoo attaches to an invoice
(its PDF once sent or printed, anything staff attach) are ``ir.attachment`` rows on it.
"""

from __future__ import annotations

from typing import Any

from ..exceptions import UserError
from .registry import Registry

MOVE_TYPES = ["entry", "out_invoice", "out_refund", "in_invoice", "in_refund", "out_receipt", "in_receipt"]


def _post(db: Any, uid: int, ids: list[int]) -> bool:
    for mid in ids:
        row = db.tables["account.move"][mid]
        if row.get("state") != "draft":
            raise UserError(f"The entry {row.get('name') or '/'} (id {mid}) must be in draft.")
    for mid in ids:
        number = db.__dict__.get("_invoice_sequence", 0) + 1
        db.__dict__["_invoice_sequence"] = number
        db.write_records("account.move", [mid], {"state": "posted",
                                                  "name": f"INV/{db.now_str()[:4]}/{number:05d}"}, uid)
    return True


def _cancel(db: Any, uid: int, ids: list[int]) -> bool:
    db.write_records("account.move", ids, {"state": "cancel"}, uid)
    return True


def setup(reg: Registry) -> None:
    move = reg.define("account.move", "Journal Entry", {
        "name": ("char",), "partner_id": ("many2one", "res.partner"), "invoice_date": ("date",),
        "amount_total": ("float",), "currency_id": ("many2one", "res.currency"), "ref": ("char",),
        "invoice_origin": ("char",),
        "move_type": ("selection", {"selection": MOVE_TYPES}),
        "state": ("selection", {"selection": ["draft", "posted", "cancel"]}),
    })
    move.set("state", default="draft")
    move.set("move_type", default="entry")
    move.set("name", default="/")
    move.method("action_post")(_post)
    move.method("button_cancel")(_cancel)
