"""Invoices in the documents list: the files on a client's customer invoice appear once Odoo posts it."""

from __future__ import annotations

import base64

from tests.conftest import DemoOdoo
from tests.graphql_client import GraphQLClient

DOCUMENTS = "{ me { documents { id name downloadPath } } }"


async def test_an_invoice_file_appears_once_the_invoice_is_posted(fresh_odoo: DemoOdoo,
                                                                  fresh_bff: GraphQLClient) -> None:
    db = fresh_odoo.db
    dana_partner = fresh_odoo.seeded.client_partners["dana@customk9.demo"]
    invoice = db.execute(2, "account.move", "create", [{"partner_id": dana_partner, "move_type": "out_invoice",
                                                         "amount_total": 60.0}], {})
    db.execute(2, "ir.attachment", "create", [{
        "name": "invoice-dana.pdf", "res_model": "account.move", "res_id": invoice, "type": "binary",
        "mimetype": "application/pdf", "datas": base64.b64encode(b"%PDF-1.4 dana").decode()}], {})
    dana = await fresh_bff.log_in("dana@customk9.demo")
    omar = await fresh_bff.log_in("omar@customk9.demo")
    names = [d["name"] for d in (await dana.query(DOCUMENTS))["me"]["documents"]]
    assert "invoice-dana.pdf" not in names  # a draft is the accountant's
    assert db.execute(2, "account.move", "action_post", [[invoice]], {}) is True
    documents = (await dana.query(DOCUMENTS))["me"]["documents"]
    [document] = [d for d in documents if d["name"] == "invoice-dana.pdf"]
    got = await fresh_bff.http.get(document["downloadPath"], headers={"Authorization": f"Bearer {dana.token}"})
    assert (got.status_code, got.content) == (200, b"%PDF-1.4 dana")
    assert "invoice-dana.pdf" not in [d["name"] for d in (await omar.query(DOCUMENTS))["me"]["documents"]]
    other = await fresh_bff.http.get(document["downloadPath"], headers={"Authorization": f"Bearer {omar.token}"})
    assert other.status_code == 404
    # a vendor bill on Dana's partner is no document of hers
    bill = db.execute(2, "account.move", "create", [{"partner_id": dana_partner, "move_type": "in_invoice"}], {})
    db.execute(2, "ir.attachment", "create", [{"name": "bill.pdf", "res_model": "account.move", "res_id": bill,
                                               "type": "binary", "datas": base64.b64encode(b"x").decode()}], {})
    db.execute(2, "account.move", "action_post", [[bill]], {})
    assert "bill.pdf" not in [d["name"] for d in (await dana.query(DOCUMENTS))["me"]["documents"]]
