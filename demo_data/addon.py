"""Seed steps that need the CustomK9 Odoo addon: dogs, plan and session links, rentals, documents, the
template plan and the BFF's integration account with its API key. Plain RPC only, like ``demo_data.seed``."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta
from typing import Any, Protocol

from bff.odoo_client import OdooClient
from bff.odoo_values import format_datetime
from demo_data import content


class Seeder(Protocol):
    """What these steps use of ``demo_data.seed.Seeder``: a protocol, so this module does not import back."""

    odoo: OdooClient
    now: datetime
    result: Any

    async def xmlid(self, module: str, name: str) -> int: ...


async def dogs(seeder: Seeder) -> None:
    partners = list(seeder.result.client_partners.values())
    for client_i, name, breed, birth, sex, weight, notes in content.DOGS:
        seeder.result.dogs[name] = await seeder.odoo.create("customk9.dog", {
            "name": name, "owner_id": partners[client_i], "breed": breed, "birth_date": birth, "sex": sex,
            "weight_kg": weight, "notes": notes or False})


async def template_plan(seeder: Seeder, stages: list[int]) -> None:
    """A template plan that staff copy into a client's new plan (``is_training_template``)."""
    name, tasks = content.TEMPLATE_PLAN
    plan = await seeder.odoo.create("project.project", {
        "name": name, "is_training_template": True, "privacy_visibility": "employees",
        "type_ids": [(6, 0, stages)]})
    for sequence, task in enumerate(tasks):
        await seeder.odoo.create("project.task", {"name": task, "project_id": plan, "stage_id": stages[0],
                                                  "sequence": sequence})
    seeder.result.template_plan = plan


async def rentals(seeder: Seeder) -> None:
    partners = list(seeder.result.client_partners.values())
    for client_i, items, day, days, confirmed in content.RENTALS:
        start = seeder.now.replace(hour=9) + timedelta(days=day)
        order = await seeder.odoo.create("sale.order", {
            "partner_id": partners[client_i], "is_rental": True, "rental_start": format_datetime(start),
            "rental_end": format_datetime(start + timedelta(days=days)),
            "order_line": [(0, 0, {"product_id": seeder.result.equipment[ref], "product_uom_qty": qty})
                           for ref, qty in items]})
        lines = await seeder.odoo.search_read("sale.order.line", [("order_id", "=", order)],
                                              fields=["product_id"])
        for line, (ref, _qty) in zip(lines, items, strict=True):  # a day's price times the days rented
            price = next(p for r, _n, p, _u, _d in content.EQUIPMENT if r == ref)
            await seeder.odoo.write("sale.order.line", [line["id"]], {"price_unit": price * days})
        if confirmed:
            await seeder.odoo.call("sale.order", "action_confirm", [[order]])
        seeder.result.rentals.append(order)


async def documents(seeder: Seeder) -> None:
    partners = list(seeder.result.client_partners.values())
    for kind, owner, filename, text in content.DOCUMENTS:
        if kind == "dog":
            model, res_id = "customk9.dog", seeder.result.dogs[str(owner)]
        elif kind == "plan":
            model, res_id = "project.project", seeder.result.plans[str(owner)]
        else:
            model, res_id = "res.partner", partners[int(owner)]
        seeder.result.documents.append(await seeder.odoo.create("ir.attachment", {
            "name": filename, "res_model": model, "res_id": res_id, "type": "binary",
            "mimetype": "text/plain", "datas": base64.b64encode(text.encode()).decode()}))


async def integration_account(seeder: Seeder) -> None:
    """The BFF's own Odoo account (integration group, never admin) and an API key it makes for itself."""
    group = await seeder.xmlid("customk9", "group_customk9_integration")
    uid = await seeder.odoo.create("res.users", {
        "name": "CustomK9 BFF", "login": content.INTEGRATION_LOGIN, "email": content.INTEGRATION_LOGIN,
        "password": content.INTEGRATION_PASSWORD, "groups_id": [(6, 0, [group])]})
    seeder.result.integration_uid = uid
    seeder.result.integration_api_key = await create_api_key(
        seeder.odoo, content.INTEGRATION_LOGIN, content.INTEGRATION_PASSWORD, name="customk9-bff")


async def create_api_key(odoo: Any, login: str, password: str, *, name: str, days: str = "90") -> str:
    """Odoo 18's API-key flow over RPC, as the user themself: the key wizard asks for an identity check,
    which takes the password and then returns the key (shown once; Odoo stores only its hash).

    It needs a web session of that user: on a real Odoo ``make_key`` over the stateless ``/jsonrpc`` (what
    ``OdooClient.as_user`` uses) answers "This method can only be accessed over HTTP"."""

    async with OdooClient(url=odoo.url, db=odoo.db, login=login, password=password, retries=0) as user:
        wizard = await user.create("res.users.apikeys.description", {"name": name, "duration": days})
        action = await user.call("res.users.apikeys.description", "make_key", [[wizard]])
        if action.get("res_model") == "res.users.identitycheck":
            check = action["res_id"]
            await user.write("res.users.identitycheck", [check], {"password": password})
            action = await user.call("res.users.identitycheck", "run_check", [[check]])
        return str(action["context"]["default_key"])


async def membership_plans(seeder: Seeder) -> list[int]:
    """The club's membership plans (membership products for a period from today), when ``membership`` is in."""
    if not await seeder.odoo.search_count("ir.module.module", [("name", "=", "membership"),
                                                               ("state", "=", "installed")]):
        return []
    today = seeder.now.date()
    plans = []
    for name, price, months, description in content.MEMBERSHIP_PLANS:
        until = today + timedelta(days=round(months * 365 / 12) - 1)
        plans.append(await seeder.odoo.create("product.product", {
            "name": name, "type": "service", "membership": True, "sale_ok": True, "list_price": price,
            "membership_date_from": today.isoformat(), "membership_date_to": until.isoformat(),
            "description_sale": description}))
    return plans
async def service_requests(seeder: Seeder) -> None:
    """A couple of service requests through the addon's booking API, one with a trainer's reply."""
    partners = list(seeder.result.client_partners.values())
    for client_i, kind, dog, message, trainer, reply in content.SERVICE_REQUESTS:
        values = {"kind": kind, "message": message, "dog_id": seeder.result.dogs[dog] if dog else False}
        result = await seeder.odoo.call("customk9.booking", "request_service", [partners[client_i], values])
        if not result.get("ok"):
            from demo_data.seed import SeedError

            raise SeedError(f"request_service refused the demo request: {result}")
        if trainer:
            uid = seeder.result.trainers[trainer]
            await seeder.odoo.call("customk9.booking", "assign_service_request", [uid, result["request_id"], uid])
            await seeder.odoo.call("customk9.booking", "post_service_request_message",
                                   [uid, result["request_id"], reply])
        seeder.result.service_requests.append(result["request_id"])


async def event_lead_rule(seeder: Seeder) -> None:
    """The guide's "event lead" setting, the Odoo-native way: an ``event.lead.rule`` (``event_crm``, Community)
    when that module is installed; nothing otherwise."""
    if await seeder.odoo.search_count("ir.module.module", [("name", "=", "event_crm"), ("state", "=", "installed")]):
        await seeder.odoo.create("event.lead.rule", dict(content.EVENT_LEAD_RULE))
