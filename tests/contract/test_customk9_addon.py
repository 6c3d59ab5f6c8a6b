"""The CustomK9 addon (odoo_addons/customk9) and the stock behaviours around it that the BFF relies on.

Runs on the emulator and on a real Odoo 18 with the addon (skipped when ``customk9`` is not installed).
Every record is created here and deleted afterwards. Paths that make a real Odoo queue e-mails (a successful
password change or reset) are left to the emulator unit tests: such mails cannot be deleted over RPC.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from .conftest import Cleanup, Target
from .rpc import OdooRpc, RpcError

pytestmark = pytest.mark.contract

INTEGRATION = ("customk9", "group_customk9_integration")
IMPLIED = {
    ("base", "group_user"),
    ("base", "group_partner_manager"),
    ("project", "group_project_user"),
    ("event", "group_event_user"),
    ("sales_team", "group_sale_salesman_all_leads"),
    ("stock", "group_stock_user"),
}


@dataclass
class User:
    client: OdooRpc
    uid: int
    partner_id: int
    login: str
    password: str


@dataclass
class Addon:
    target: Target
    admin: OdooRpc
    cleanup: Cleanup
    unique: str
    clients: list[OdooRpc]

    async def group(self, module: str, name: str) -> int:
        rows = await self.admin.call_kw(
            "ir.model.data",
            "search_read",
            [[["module", "=", module], ["name", "=", name]]],
            {"fields": ["res_id"]},
        )
        return rows[0]["res_id"]

    async def user(self, tag: str, *groups: tuple[str, str], email: bool = False) -> User:
        login = f"{self.unique}-{tag}".lower().replace(" ", ".")
        password = f"{login}-pw"
        ids = [await self.group(*g) for g in groups]
        vals = {"name": f"{self.unique} {tag}", "login": login, "password": password, "groups_id": [[6, 0, ids]]}
        if email:
            vals["email"] = f"{login}@example.com"
        uid = await self.admin.call_kw("res.users", "create", [vals])
        [row] = await self.admin.call_kw("res.users", "read", [[uid]], {"fields": ["partner_id"]})
        self.cleanup.add("res.partner", row["partner_id"][0])
        self.cleanup.add("res.users", uid)
        client = OdooRpc(self.target.url, self.target.db)
        self.clients.append(client)
        await client.authenticate(login, password)
        return User(client, uid, row["partner_id"][0], login, password)

    async def dog(self, name: str, owner: int) -> int:
        return await self.cleanup.create("customk9.dog", {"name": f"{self.unique} {name}", "owner_id": owner})


@pytest.fixture
async def addon(target: Target, admin: OdooRpc, cleanup: Cleanup, unique: str) -> AsyncIterator[Addon]:
    found = await admin.call_kw(
        "ir.module.module", "search_read", [[["name", "=", "customk9"]]], {"fields": ["state"]}
    )
    if not found or found[0]["state"] != "installed":
        pytest.skip("the target Odoo does not have the customk9 addon installed")
    helper = Addon(target, admin, cleanup, unique, [])
    yield helper
    for client in helper.clients:
        await client.close()


async def error_of(client: OdooRpc, model: str, method: str, args: list, kwargs: dict | None = None) -> RpcError:
    with pytest.raises(RpcError) as err:
        await client.call_kw(model, method, args, kwargs)
    return err.value


async def test_groups_and_implied_groups(addon: Addon) -> None:
    bff = await addon.user("bff", INTEGRATION)
    [row] = await addon.admin.call_kw("res.users", "read", [[bff.uid]], {"fields": ["groups_id", "share"]})
    xmlids = await addon.admin.call_kw(
        "ir.model.data",
        "search_read",
        [[["model", "=", "res.groups"], ["res_id", "in", row["groups_id"]]]],
        {"fields": ["module", "name"]},
    )
    names = {(x["module"], x["name"]) for x in xmlids}
    assert IMPLIED | {INTEGRATION} <= names and row["share"] is False
    assert not names & {("base", "group_system"), ("base", "group_erp_manager")}
    assert await addon.group("customk9", "group_customk9_trainer")


async def test_dog_fields_and_defaults(addon: Addon) -> None:
    fields = await addon.admin.call_kw("customk9.dog", "fields_get", [], {"attributes": ["type", "relation"]})
    expected = {
        "name": "char",
        "owner_id": "many2one",
        "breed": "char",
        "birth_date": "date",
        "sex": "selection",
        "weight_kg": "float",
        "photo": "binary",
        "notes": "text",
        "active": "boolean",
        "plan_ids": "one2many",
        "session_ids": "one2many",
        "message_follower_ids": "one2many",
    }
    assert {k: fields[k]["type"] for k in expected} == expected
    defaults = await addon.admin.call_kw("customk9.dog", "default_get", [["sex", "active"]])
    assert defaults == {"sex": "unknown", "active": True}
    for model, fname, ftype in (
        ("project.project", "dog_id", "many2one"),
        ("project.project", "is_training_template", "boolean"),
        ("calendar.event", "training_plan_id", "many2one"),
        ("sale.order", "rental_start", "datetime"),
        ("product.product", "customk9_deposit", "float"),
    ):
        desc = await addon.admin.call_kw(model, "fields_get", [[fname]], {"attributes": ["type"]})
        assert desc[fname]["type"] == ftype, (model, fname)


async def test_portal_sees_own_dogs_only(addon: Addon) -> None:
    dana = await addon.user("dana", ("base", "group_portal"))
    omar = await addon.user("omar", ("base", "group_portal"))
    rex = await addon.dog("Rex", dana.partner_id)
    bruno = await addon.dog("Bruno", omar.partner_id)
    assert await dana.client.call_kw("customk9.dog", "search", [[]]) == [rex]
    assert await omar.client.call_kw("customk9.dog", "search_count", [[["id", "=", rex]]]) == 0
    [row] = await dana.client.call_kw("customk9.dog", "read", [[rex]], {"fields": ["name", "sex"]})
    assert row["sex"] == "unknown"
    for method, args in (
        ("read", [[bruno], ["name"]]),
        ("write", [[rex], {"name": "x"}]),
        ("create", [{"name": "x", "owner_id": dana.partner_id}]),
        ("unlink", [[rex]]),
    ):
        error = await error_of(dana.client, "customk9.dog", method, args)
        assert error.name == "odoo.exceptions.AccessError", method


async def test_trainers_see_their_clients_dogs_and_managers_all(addon: Addon) -> None:
    """``res.partner.customk9_trainer_ids`` (who trains whom) drives the trainer dog rule, at once; a manager
    (implies trainer) sees every dog; the BFF's policy searches the same field as the integration account."""
    tess = await addon.user("tess", ("customk9", "group_customk9_trainer"))
    marco = await addon.user("marco", ("customk9", "group_customk9_trainer"))
    nina = await addon.user("nina", ("customk9", "group_customk9_manager"))
    bff = await addon.user("bff", INTEGRATION)
    dana = await addon.cleanup.create("res.partner", {"name": f"{addon.unique} dana"})
    omar = await addon.cleanup.create("res.partner", {"name": f"{addon.unique} omar"})
    rex, bruno = await addon.dog("Rex", dana), await addon.dog("Bruno", omar)
    mine = [["name", "like", addon.unique]]
    assert await tess.client.call_kw("customk9.dog", "search", [mine]) == []
    await addon.cleanup.create("project.project", {"name": f"{addon.unique} plan", "partner_id": omar,
                                                   "user_id": tess.uid})
    await addon.cleanup.create("calendar.event", {
        "name": f"{addon.unique} session", "start": "2031-01-06 09:00:00", "stop": "2031-01-06 10:00:00",
        "user_id": marco.uid, "partner_ids": [[6, 0, [dana, marco.partner_id]]]})
    assert await tess.client.call_kw("customk9.dog", "search", [mine]) == [bruno]
    assert await marco.client.call_kw("customk9.dog", "search", [mine]) == [rex]
    error = await error_of(marco.client, "customk9.dog", "read", [[bruno], ["name"]])
    assert error.name == "odoo.exceptions.AccessError"
    assert sorted(await nina.client.call_kw("customk9.dog", "search", [mine])) == sorted([rex, bruno])
    assert (await bff.client.call_kw("res.users", "customk9_viewer_info", [nina.uid]))["role"] == "manager"
    trained = await bff.client.call_kw("customk9.dog", "search", [[*mine, ["owner_id.customk9_trainer_ids", "in",
                                                                          [marco.uid]]]])
    assert trained == [rex]
    clients = await bff.client.call_kw("res.partner", "search", [[["customk9_trainer_ids", "in", [marco.uid]]]])
    assert dana in clients and omar not in clients and marco.partner_id not in clients


async def test_integration_rights_and_limits(addon: Addon) -> None:
    bff = await addon.user("bff", INTEGRATION)
    owner = await addon.cleanup.create("res.partner", {"name": f"{addon.unique} owner"})
    dog = await bff.client.call_kw("customk9.dog", "create", [{"name": f"{addon.unique} Nala", "owner_id": owner}])
    addon.cleanup.add("customk9.dog", dog)
    assert await bff.client.call_kw("customk9.dog", "write", [[dog], {"active": False, "weight_kg": 20.456}])
    rows = await bff.client.call_kw("customk9.dog", "search_read", [[["id", "=", dog]]], {"fields": ["name"]})
    assert rows == []  # archived
    [row] = await bff.client.call_kw("customk9.dog", "read", [[dog], ["weight_kg", "active"]])
    assert row == {"id": dog, "weight_kg": 20.46, "active": False}
    error = await error_of(addon.admin, "res.partner", "unlink", [[owner]])
    assert error.name == "odoo.exceptions.ValidationError"  # owner_id ondelete restrict
    assert await bff.client.call_kw("customk9.dog", "unlink", [[dog]]) is True
    error = await error_of(bff.client, "res.users", "create", [{"name": "x", "login": f"{bff.login}-x"}])
    assert error.name == "odoo.exceptions.AccessError"
    error = await error_of(bff.client, "ir.config_parameter", "search_read", [[]], {"fields": ["key"]})
    assert error.name == "odoo.exceptions.AccessError"
    assert re.fullmatch(r"customk9-[0-9a-f]{32}", await bff.client.call_kw("customk9.bus", "get_channel", []))
    trainer = await addon.user("trainer", ("customk9", "group_customk9_trainer"))
    error = await error_of(trainer.client, "customk9.bus", "get_channel", [])
    assert error.name == "odoo.exceptions.AccessError"
    plan = await bff.client.call_kw(
        "project.project", "create", [{"name": f"{addon.unique} plan", "privacy_visibility": "followers"}]
    )
    addon.cleanup.add("project.project", plan)
    assert await bff.client.call_kw("project.project", "search", [[["id", "=", plan]]]) == [plan]


async def test_template_copy(addon: Addon) -> None:
    bff = await addon.user("bff", INTEGRATION)
    owner = await addon.cleanup.create("res.partner", {"name": f"{addon.unique} owner"})
    dog = await addon.dog("Rex", owner)
    tpl = await addon.cleanup.create(
        "project.project", {"name": f"{addon.unique} tpl", "is_training_template": True}
    )
    await addon.cleanup.create("project.task", {"name": "Recall", "project_id": tpl})
    plan = await bff.client.call_kw(
        "project.project", "copy", [[tpl], {"name": f"{addon.unique} plan", "dog_id": dog}]
    )
    plan = plan[0] if isinstance(plan, list) else plan
    addon.cleanup.add("project.project", plan)
    [row] = await addon.admin.call_kw(
        "project.project", "read", [[plan], ["is_training_template", "dog_id", "task_ids"]]
    )
    assert row["is_training_template"] is False and row["dog_id"][0] == dog and len(row["task_ids"]) == 1
    addon.cleanup.add("project.task", row["task_ids"])


async def test_rental_period_constraint(addon: Addon) -> None:
    bff = await addon.user("bff", INTEGRATION)
    partner = await addon.cleanup.create("res.partner", {"name": f"{addon.unique} renter"})
    start = "2030-05-01 09:00:00"
    for extra in ({"rental_end": start}, {}):
        error = await error_of(
            bff.client,
            "sale.order",
            "create",
            [{"partner_id": partner, "is_rental": True, "rental_start": start, **extra}],
        )
        assert error.name == "odoo.exceptions.ValidationError"
    order = await bff.client.call_kw(
        "sale.order",
        "create",
        [{"partner_id": partner, "is_rental": True, "rental_start": start, "rental_end": "2030-05-04 09:00:00"}],
    )
    addon.cleanup.add("sale.order", order)
    error = await error_of(bff.client, "sale.order", "write", [[order], {"rental_end": "2030-04-01 09:00:00"}])
    assert error.name == "odoo.exceptions.ValidationError"
    plain = await bff.client.call_kw(
        "sale.order", "create", [{"partner_id": partner, "rental_start": start, "rental_end": start}]
    )
    addon.cleanup.add("sale.order", plain)


async def test_deposit_on_variant(addon: Addon) -> None:
    bff = await addon.user("bff", INTEGRATION)
    tmpl = await addon.cleanup.create(
        "product.template", {"name": f"{addon.unique} crate", "customk9_deposit": 25.0}
    )
    [variant] = await bff.client.call_kw("product.product", "search", [[["product_tmpl_id", "=", tmpl]]])
    [row] = await bff.client.call_kw("product.product", "read", [[variant], ["customk9_deposit"]])
    assert row["customk9_deposit"] == 25.0
    found = await bff.client.call_kw(
        "product.product", "search", [[["product_tmpl_id", "=", tmpl], ["customk9_deposit", ">", 20]]]
    )
    assert found == [variant]


async def test_portal_sign_up(addon: Addon) -> None:
    bff = await addon.user("bff", INTEGRATION)
    login = f"{bff.login}-client"
    res = await bff.client.call_kw(
        "res.users",
        "customk9_create_portal_user",
        [{"name": f"{addon.unique} client", "login": login, "password": "client-pw-1"}],
    )
    addon.cleanup.add("res.partner", res["partner_id"])
    addon.cleanup.add("res.users", res["id"])
    assert set(res) == {"id", "partner_id"}
    client = OdooRpc(addon.target.url, addon.target.db)
    addon.clients.append(client)
    info = await client.authenticate(login, "client-pw-1")
    assert info["uid"] == res["id"] and info["is_internal_user"] is False
    for values in ({"login": login, "name": "again"}, {"login": f"{login}-2", "name": "x", "groups_id": []}):
        error = await error_of(bff.client, "res.users", "customk9_create_portal_user", [values])
        assert error.name == "odoo.exceptions.ValidationError"
    error = await error_of(client, "res.users", "customk9_create_portal_user", [{"login": "p", "name": "p"}])
    assert error.name == "odoo.exceptions.AccessError"


async def test_private_event_masked_for_others(addon: Addon) -> None:
    bff = await addon.user("bff", INTEGRATION)
    event = await addon.cleanup.create(
        "calendar.event",
        {
            "name": f"{addon.unique} vet",
            "privacy": "private",
            "description": "secret",
            "start": "2031-01-01 09:00:00",
            "stop": "2031-01-01 10:00:00",
            "partner_ids": [[6, 0, []]],
        },
    )
    [row] = await bff.client.call_kw(
        "calendar.event",
        "read",
        [[event], ["name", "partner_ids", "description", "start", "privacy", "display_name"]],
    )
    assert row == {
        "id": event,
        "name": "Busy",
        "partner_ids": [],
        "description": False,
        "start": "2031-01-01 09:00:00",
        "privacy": "private",
        "display_name": "Busy",
    }
    error = await error_of(bff.client, "calendar.event", "write", [[event], {"location": "x"}])
    assert error.name == "odoo.exceptions.AccessError"
    public = await addon.cleanup.create(
        "calendar.event",
        {"name": f"{addon.unique} open", "start": "2031-01-01 09:00:00", "stop": "2031-01-01 10:00:00"},
    )
    [row] = await addon.admin.call_kw("calendar.event", "read", [[public], ["privacy"]])
    assert row["privacy"] is False


async def test_api_key_flow(addon: Addon) -> None:
    bff = await addon.user("bff", INTEGRATION)
    desc = await bff.client.call_kw("res.users.apikeys.description", "create", [{"name": "k", "duration": "90"}])
    action = await bff.client.call_kw("res.users.apikeys.description", "make_key", [[desc]])
    assert action["res_model"] == "res.users.identitycheck" and action["target"] == "new"
    await bff.client.call_kw("res.users.identitycheck", "write", [[action["res_id"]], {"password": bff.password}])
    shown = await bff.client.call_kw("res.users.identitycheck", "run_check", [[action["res_id"]]])
    assert shown["res_model"] == "res.users.apikeys.show"
    key = shown["context"]["default_key"]
    assert re.fullmatch(r"[0-9a-f]{40}", key)
    desc = await bff.client.call_kw("res.users.apikeys.description", "create", [{"name": "k2", "duration": "0"}])
    error = await error_of(bff.client, "res.users.apikeys.description", "make_key", [[desc]])
    assert error.name == "odoo.exceptions.UserError"  # non-admin keys must expire
    desc = await bff.client.call_kw("res.users.apikeys.description", "create", [{"name": "k3", "duration": "7"}])
    again = await bff.client.call_kw("res.users.apikeys.description", "make_key", [[desc]])
    assert again["res_model"] == "res.users.apikeys.show"  # identity checked less than 10 minutes ago
    anon = OdooRpc(addon.target.url, addon.target.db)
    addon.clients.append(anon)
    assert await anon.jsonrpc("common", "authenticate", addon.target.db, bff.login, key, {}) == bff.uid
    count = await anon.jsonrpc(
        "object",
        "execute_kw",
        addon.target.db,
        bff.uid,
        key,
        "res.users",
        "search_count",
        [[["id", "=", bff.uid]]],
    )
    assert count == 1
    with pytest.raises(RpcError) as err:
        await anon.authenticate(bff.login, key)
    assert err.value.name == "odoo.exceptions.AccessDenied"
    keys = await bff.client.call_kw("res.users.apikeys", "search_read", [[]], {"fields": ["name", "user_id"]})
    assert sorted(k["name"] for k in keys) == ["k", "k3"]


async def test_password_change_and_reset_refusals(addon: Addon) -> None:
    bff = await addon.user("bff", INTEGRATION)
    client = await addon.user("client", ("base", "group_portal"))
    error = await error_of(client.client, "res.users", "change_password", ["wrong", "new-pass-2"])
    assert error.name == "odoo.exceptions.AccessDenied"
    error = await error_of(client.client, "res.users", "change_password", [client.password, "  "])
    assert error.name == "odoo.exceptions.UserError"
    error = await error_of(bff.client, "res.users", "reset_password", [[], f"{addon.unique}-ghost@example.com"])
    assert error.name == "builtins.Exception" and error.message == "No account found for this login"
    error = await error_of(bff.client, "res.users", "reset_password", [client.login])  # not @api.model
    assert error.name == "builtins.TypeError"
    error = await error_of(bff.client, "res.users", "reset_password", [[], client.login])
    assert error.name == "odoo.exceptions.AccessError"  # needs base.group_erp_manager (res.partner.signup_type)
    error = await error_of(addon.admin, "res.users", "reset_password", [[], client.login])
    assert error.name == "odoo.exceptions.UserError"  # the user has no e-mail address: nothing is sent


async def test_integration_reset_password_method(addon: Addon) -> None:
    """The addon's narrow replacement: True for any login, refused to accounts outside the integration group.
    (Only logins without a mail are probed: a real reset mail cannot be removed over RPC.)"""
    bff = await addon.user("bff", INTEGRATION)
    client = await addon.user("client", ("base", "group_portal"))
    ghost = f"{addon.unique}-ghost@example.com"
    assert await bff.client.call_kw("res.users", "customk9_send_reset_password", [ghost]) is True
    assert await bff.client.call_kw("res.users", "customk9_send_reset_password", [client.login]) is True
    error = await error_of(client.client, "res.users", "customk9_send_reset_password", [ghost])
    assert error.name == "odoo.exceptions.AccessError"


async def test_viewer_info_for_the_integration_account(addon: Addon) -> None:
    """The integration account cannot read ir.model.data (checked on Odoo 18), so roles come from here."""
    bff = await addon.user("bff", INTEGRATION)
    client = await addon.user("client", ("base", "group_portal"))
    trainer = await addon.user("trainer", ("customk9", "group_customk9_trainer"))
    error = await error_of(bff.client, "ir.model.data", "search_read", [[]], {"fields": ["name"], "limit": 1})
    assert error.name == "odoo.exceptions.AccessError"
    info = await bff.client.call_kw("res.users", "customk9_viewer_info", [client.uid])
    assert info == {"id": client.uid, "name": f"{addon.unique} client", "login": client.login, "role": "client",
                    "partner_id": client.partner_id, "commercial_partner_id": client.partner_id}
    assert (await bff.client.call_kw("res.users", "customk9_viewer_info", [trainer.uid]))["role"] == "trainer"
    assert (await bff.client.call_kw("res.users", "customk9_viewer_info", [bff.uid]))["role"] is False
    assert await bff.client.call_kw("res.users", "customk9_viewer_info", [987654321]) is False
    error = await error_of(client.client, "res.users", "customk9_viewer_info", [client.uid])
    assert error.name == "odoo.exceptions.AccessError"


async def test_cancel_actions(addon: Addon) -> None:
    bff = await addon.user("bff", INTEGRATION)
    partner = await addon.cleanup.create("res.partner", {"name": f"{addon.unique} buyer"})
    order = await bff.client.call_kw("sale.order", "create", [{"partner_id": partner}])
    addon.cleanup.add("sale.order", order)
    await bff.client.call_kw("sale.order", "action_confirm", [[order]])
    wizard = await bff.client.call_kw("sale.order", "action_cancel", [[order]])
    assert wizard["res_model"] == "sale.order.cancel" and wizard["type"] == "ir.actions.act_window"
    done = await bff.client.call_kw(
        "sale.order", "action_cancel", [[order]], {"context": {"disable_cancel_warning": True}}
    )
    assert done is True
    [row] = await bff.client.call_kw("sale.order", "read", [[order], ["state"]])
    assert row["state"] == "cancel"
    event = await addon.cleanup.create(
        "event.event",
        {
            "name": f"{addon.unique} event",
            "date_begin": "2031-01-01 09:00:00",
            "date_end": "2031-01-01 17:00:00",
            "event_mail_ids": [[5, 0, 0]],
        },
    )
    reg = await bff.client.call_kw("event.registration", "create", [{"event_id": event, "name": addon.unique}])
    addon.cleanup.add("event.registration", reg)
    response = await bff.client.post(
        "/web/dataset/call_kw",
        {"model": "event.registration", "method": "action_cancel", "args": [[reg]], "kwargs": {}},
    )
    assert "result" not in response.body and "error" not in response.body


async def test_unsearchable_field_leaf_is_ignored(addon: Addon) -> None:
    everything = await addon.admin.call_kw("project.project", "search_count", [[]])
    assert (
        await addon.admin.call_kw("project.project", "search_count", [[["task_count", ">", 10**6]]]) == everything
    )


async def test_admin_partner_name(addon: Addon) -> None:
    [row] = await addon.admin.call_kw("res.users", "read", [[2], ["partner_id", "login"]])
    assert row["login"] == "admin" and row["partner_id"][1] == "Administrator"
