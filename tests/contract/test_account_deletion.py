"""Odoo 18's portal account deletion, reached through the addon's ``res.users.customk9_deactivate_my_account``.

What ``deleteMyAccount`` relies on (``bff/auth/deletion.py``), recorded from Odoo 18's source (base
``res.users._deactivate_portal_user``, portal ``/my/deactivate_account``) and checked here on a real server:

* the portal user calls it over ``/jsonrpc`` ``execute_kw`` with their own password; a wrong password is
  refused (AccessDenied) before anything runs
* afterwards the login is ``__deleted_user_<id>_<time>``, the user and its partner are archived, the old
  login and password no longer authenticate
* orders of the partner are untouched (still there, still the partner's)
* an internal user is refused with AccessDenied ("Only the portal users can delete their accounts")

Destructive for the user it runs on: every user here is created by the test. On a real Odoo run it against a
scratch database (copied from ``k9_seed``), never against one people use.
"""

from __future__ import annotations

import pytest

from . import test_customk9_addon
from .rpc import OdooRpc, RpcError
from .test_customk9_addon import INTEGRATION, Addon

pytestmark = pytest.mark.contract
addon = test_customk9_addon.addon  # the addon's fixture: skips when the target Odoo lacks customk9


async def execute_as(client: OdooRpc, db: str, uid: int, password: str, method: str) -> object:
    return await client.jsonrpc("object", "execute_kw", db, uid, password, "res.users", method, [])


async def test_a_portal_user_deletes_their_account(addon: Addon) -> None:
    bff = await addon.user("bff", INTEGRATION)
    login, password = f"{bff.login}-leaving", "leaving-pw-1"
    created = await bff.client.call_kw("res.users", "customk9_create_portal_user",
                                       [{"name": f"{addon.unique} leaving", "login": login, "password": password}])
    uid, partner = created["id"], created["partner_id"]
    addon.cleanup.add("res.partner", partner)
    addon.cleanup.add("res.users", uid)
    product = await addon.cleanup.create("product.product", {"name": f"{addon.unique} product", "list_price": 10})
    order = await addon.cleanup.create("sale.order", {"partner_id": partner,
                                                      "order_line": [[0, 0, {"product_id": product}]]})
    db = addon.target.db
    anon = OdooRpc(addon.target.url, db)
    addon.clients.append(anon)

    with pytest.raises(RpcError) as wrong:
        await execute_as(anon, db, uid, "not-the-password", "customk9_deactivate_my_account")
    assert wrong.value.name == "odoo.exceptions.AccessDenied"
    [still] = await addon.admin.call_kw("res.users", "read", [[uid], ["login", "active"]])
    assert still == {"id": uid, "login": login, "active": True}

    assert await execute_as(anon, db, uid, password, "customk9_deactivate_my_account") is True

    [user] = await addon.admin.call_kw("res.users", "read", [[uid], ["login", "active"]],
                                       {"context": {"active_test": False}})
    assert user["active"] is False and user["login"].startswith(f"__deleted_user_{uid}_")
    [row] = await addon.admin.call_kw("res.partner", "read", [[partner], ["active"]],
                                      {"context": {"active_test": False}})
    assert row["active"] is False
    assert await anon.jsonrpc("common", "authenticate", db, login, password, {}) is False
    with pytest.raises(RpcError):
        await execute_as(anon, db, uid, password, "customk9_deactivate_my_account")
    [kept] = await addon.admin.call_kw("sale.order", "read", [[order], ["partner_id", "state"]])
    assert kept["partner_id"][0] == partner and kept["state"] == "draft"


async def test_an_internal_user_cannot(addon: Addon) -> None:
    bff = await addon.user("bff", INTEGRATION)
    with pytest.raises(RpcError) as refused:
        await execute_as(bff.client, addon.target.db, bff.uid, bff.password, "customk9_deactivate_my_account")
    assert refused.value.name == "odoo.exceptions.AccessDenied"
    assert "portal users" in refused.value.message
    [row] = await addon.admin.call_kw("res.users", "read", [[bff.uid], ["active"]])
    assert row["active"] is True
