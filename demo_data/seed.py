"""The one seed routine: writes the CustomK9 demo data into an Odoo through plain RPC.

It only uses public ORM methods over JSON-RPC (``create``, ``write``, ``search_read``,
``action_apply_inventory``, ``action_confirm``), so the same code seeds the emulator and a real Odoo 18.
It refuses a database that already holds the demo data (looked up by the first demo client's login).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from bff.odoo_client import OdooClient
from bff.odoo_values import format_datetime
from demo_data import addon as addon_seed
from demo_data import content, images
from demo_data.translations import VENUE_EN, seed_french

log = logging.getLogger("demo_data.seed")


class SeedError(RuntimeError):
    """The database cannot be seeded (it already holds the demo data, or lacks a module)."""


@dataclass
class SeedResult:
    """Ids of what was created, for tests and for the next seed steps."""

    clients: dict[str, int] = field(default_factory=dict)          # login -> res.users id
    client_partners: dict[str, int] = field(default_factory=dict)  # login -> res.partner id
    trainers: dict[str, int] = field(default_factory=dict)
    trainer_partners: dict[str, int] = field(default_factory=dict)
    managers: dict[str, int] = field(default_factory=dict)
    events: dict[str, int] = field(default_factory=dict)
    equipment: dict[str, int] = field(default_factory=dict)
    posts: dict[str, int] = field(default_factory=dict)
    plans: dict[str, int] = field(default_factory=dict)
    sessions: list[int] = field(default_factory=list)
    dogs: dict[str, int] = field(default_factory=dict)
    service_requests: list[int] = field(default_factory=list)
    rentals: list[int] = field(default_factory=list)
    membership_plans: list[int] = field(default_factory=list)
    documents: list[int] = field(default_factory=list)
    template_plan: int | None = None
    integration_uid: int | None = None
    integration_api_key: str | None = None


class Seeder:
    def __init__(self, odoo: OdooClient, *, now: datetime | None = None) -> None:
        self.odoo = odoo
        self.now = (now or datetime.now(UTC)).replace(minute=0, second=0, microsecond=0)
        self.result = SeedResult()
        self.addon = False

    def at(self, day: int, hour: int = 0) -> str:
        moment = (self.now + timedelta(days=day)).replace(hour=hour)
        return format_datetime(moment)

    async def xmlid(self, module: str, name: str) -> int:
        rows = await self.odoo.search_read("ir.model.data", [("module", "=", module), ("name", "=", name)],
                                           fields=["res_id"], limit=1)
        if not rows:
            raise SeedError(f"Odoo has no record {module}.{name}: is the module installed?")
        return rows[0]["res_id"]

    async def run(self) -> SeedResult:
        if await self.odoo.search_count("res.users", [("login", "=", content.CLIENTS[0]["login"])]):
            raise SeedError("this database already holds the CustomK9 demo data; nothing was changed")
        self.addon = bool(await self.odoo.search_count(
            "ir.module.module", [("name", "=", "customk9"), ("state", "=", "installed")]))
        if not self.addon:
            log.warning("the customk9 addon is not installed: no dogs, rentals or integration account seeded")
        await self.users()
        await self.working_hours()
        await self.events()
        await self.equipment()
        await self.blog()
        await seed_french(self.odoo)
        if self.addon:
            await addon_seed.dogs(self)
        await self.plans()
        await self.sessions()
        await addon_seed.event_lead_rule(self)
        if self.addon:
            await addon_seed.rentals(self)
            self.result.membership_plans = await addon_seed.membership_plans(self)
            await addon_seed.documents(self)
            await addon_seed.service_requests(self)
            await addon_seed.integration_account(self)
        log.info("seeded: %d clients, %d trainers, %d events, %d equipment, %d posts, %d plans, %d sessions",
                 len(self.result.clients), len(self.result.trainers), len(self.result.events),
                 len(self.result.equipment), len(self.result.posts), len(self.result.plans),
                 len(self.result.sessions))
        return self.result

    async def _user(self, name: str, login: str, groups: list[int], extra: dict[str, Any]) -> tuple[int, int]:
        uid = await self.odoo.create("res.users", {
            "name": name, "login": login, "email": login, "password": content.DEMO_PASSWORD,
            "tz": content.TIME_ZONE, "groups_id": [(6, 0, groups)]})
        [user] = await self.odoo.read("res.users", [uid], fields=["partner_id"])
        partner_id = user["partner_id"][0]
        if extra:
            await self.odoo.write("res.partner", [partner_id], extra)
        return uid, partner_id

    async def users(self) -> None:
        portal = await self.xmlid("base", "group_portal")
        staff = [await self.xmlid("base", "group_user"), await self.xmlid("project", "group_project_user")]
        internal = list(staff)
        if self.addon:
            internal.append(await self.xmlid("customk9", "group_customk9_trainer"))
        for client in content.CLIENTS:
            uid, partner = await self._user(client["name"], client["login"], [portal],
                                            {"phone": client["phone"], "city": client["city"]})
            self.result.clients[client["login"]] = uid
            self.result.client_partners[client["login"]] = partner
        for trainer in content.TRAINERS:
            uid, partner = await self._user(trainer["name"], trainer["login"], internal, {})
            self.result.trainers[trainer["login"]] = uid
            self.result.trainer_partners[trainer["login"]] = partner
        if self.addon:
            managers = [*staff, await self.xmlid("customk9", "group_customk9_manager")]
            for manager in content.MANAGERS:
                uid, _partner = await self._user(manager["name"], manager["login"], managers, {})
                self.result.managers[manager["login"]] = uid

    async def working_hours(self) -> None:
        """The company's calendar: Mon-Fri 08-12 and 13-17 in the venue's time zone (Odoo's standard calendar
        says UTC, which put the trainers' hours at midnight in Portland). Resources cannot be made over RPC,
        so trainers without one work the company's calendar, as the booking API reads it."""
        lines = [(0, 0, {"name": f"{day} {period}", "dayofweek": str(i), "hour_from": start, "hour_to": stop,
                         "day_period": period})
                 for i, day in enumerate(content.WORK_DAYS) for period, start, stop in content.WORK_PERIODS]
        calendar = await self.odoo.create("resource.calendar", {
            "name": content.WORKING_HOURS, "tz": content.TIME_ZONE, "attendance_ids": lines})
        [trainer] = await self.odoo.read("res.users", [next(iter(self.result.trainers.values()))],
                                         fields=["company_id"])
        await self.odoo.write("res.company", [trainer["company_id"][0]], {"resource_calendar_id": calendar})

    async def events(self) -> None:
        categories = {name: await self.odoo.create("event.type", {"name": name})
                      for name in content.EVENT_CATEGORIES}
        tags: dict[str, int] = {}
        for group, names in content.TAG_GROUPS.items():
            group_id = await self.odoo.create("event.tag.category", {"name": group})
            for name in names:
                tags[name] = await self.odoo.create("event.tag", {"name": name, "category_id": group_id})
        seat_product = await self.odoo.create("product.product", {
            "name": "Event seat", "type": "service", "service_tracking": "event", "list_price": 0.0})
        venue = await self.odoo.create("res.partner", {
            "name": "CustomK9 Training Center", "street": "1200 Canine Way", "city": "Portland",
            "zip": "97201", "is_company": True})
        attendees = [(login, self.result.client_partners[login]) for login in self.result.client_partners]
        for name, category, tag_names, day, hour, hours, seats, tickets, taken in content.EVENTS:
            event_id = await self.odoo.create("event.event", {
                "cover_properties": await self.cover(name),
                "name": name, "event_type_id": categories[category],
                "tag_ids": [(6, 0, [tags[t] for t in tag_names])],
                "date_begin": self.at(day, hour), "date_end": self.at(day, hour + hours),
                "date_tz": "America/Los_Angeles", "seats_limited": seats is not None, "seats_max": seats or 0,
                "is_published": True, "address_id": venue,
                "description": f"<p>{VENUE_EN.format(name)}</p>",
                "event_ticket_ids": [(0, 0, {"name": t_name, "price": price, "product_id": seat_product,
                                             "seats_max": t_seats or 0}) for t_name, price, t_seats in tickets],
            })
            self.result.events[name] = event_id
            [event] = await self.odoo.read("event.event", [event_id], fields=["event_ticket_ids"])
            for i in range(taken):
                login, partner = attendees[i % len(attendees)]
                await self.odoo.create("event.registration", {
                    "event_id": event_id, "event_ticket_id": event["event_ticket_ids"][0],
                    "partner_id": partner, "name": f"Guest {i + 1} of {login.split('@')[0].title()}",
                    "email": login, "state": "open"})

    async def cover(self, name: str) -> str:
        """A public cover picture for an event or post, as ``cover_properties`` pointing at it."""
        values, checksum = images.cover_attachment(name)
        attachment = await self.odoo.create("ir.attachment", values)
        return images.cover_properties(attachment, checksum, str(values["name"]))

    async def equipment(self) -> None:
        parent = await self.xmlid("product", "product_category_all")
        category = await self.odoo.create("product.category", {"name": content.RENTAL_CATEGORY,
                                                               "parent_id": parent})
        [warehouse] = await self.odoo.search_read("stock.warehouse", [], fields=["lot_stock_id"], limit=1)
        location = warehouse["lot_stock_id"][0]
        product_fields = await self.odoo.fields_get("product.template", attributes=["type"])
        for reference, name, price, units, description in content.EQUIPMENT:
            values: dict[str, Any] = {
                "name": name, "default_code": reference, "type": "consu", "is_storable": True,
                "categ_id": category, "list_price": price, "description_sale": description, "sale_ok": True,
                "image_1920": images.product_image_b64(name)}
            if "is_published" in product_fields:  # website_sale: anonymous browsers see published products' images
                values["is_published"] = True
            if self.addon:
                values["customk9_deposit"] = content.DEPOSITS[reference]
            product = await self.odoo.create("product.product", values)
            quant = await self.odoo.create("stock.quant", {"product_id": product, "location_id": location,
                                                           "inventory_quantity": units})
            await self.odoo.call("stock.quant", "action_apply_inventory", [[quant]])
            self.result.equipment[reference] = product

    async def blog(self) -> None:
        blogs = {name: await self.odoo.create("blog.blog", {"name": name, "subtitle": subtitle})
                 for name, subtitle in content.BLOGS}
        tags = {name: await self.odoo.create("blog.tag", {"name": name}) for name in content.BLOG_TAGS}
        for blog, title, subtitle, tag_names, day, published, paragraphs in content.POSTS:
            values: dict[str, Any] = {
                "name": title, "subtitle": subtitle or False, "blog_id": blogs[blog],
                "tag_ids": [(6, 0, [tags[t] for t in tag_names])], "content": content.PARAGRAPH * paragraphs,
                "post_date": self.at(day, 9), "is_published": published, "cover_properties": await self.cover(title)}
            if published:
                values["published_date"] = self.at(day, 9)
            self.result.posts[title] = await self.odoo.create("blog.post", values)

    async def plans(self) -> None:
        stages = [await self.odoo.create("project.task.type", {"name": name, "sequence": seq, "fold": fold})
                  for name, seq, fold in content.PLAN_STAGES]
        clients = list(self.result.client_partners.items())
        trainers = list(self.result.trainers.items())
        for client_i, trainer_i, name, day, weeks, tasks in content.PLANS:
            values = {"name": name, "partner_id": clients[client_i][1], "user_id": trainers[trainer_i][1],
                      "privacy_visibility": "portal", "type_ids": [(6, 0, stages)],
                      "date_start": self.at(day)[:10], "date": self.at(day + weeks * 7)[:10]}
            if self.addon:
                values["dog_id"] = self.result.dogs[content.PLAN_DOGS[name]]
            plan = await self.odoo.create("project.project", values)
            for sequence, (task, stage_i, deadline) in enumerate(tasks):
                await self.odoo.create("project.task", {
                    "name": task, "project_id": plan, "stage_id": stages[stage_i], "sequence": sequence,
                    "user_ids": [(6, 0, [trainers[trainer_i][1]])], "partner_id": clients[client_i][1],
                    "date_deadline": self.at(deadline, 17),
                    "state": "1_done" if stage_i == len(stages) - 1 else "01_in_progress"})
            self.result.plans[name] = plan
        if self.addon:
            await addon_seed.template_plan(self, stages)

    async def sessions(self) -> None:
        clients = list(self.result.client_partners.values())
        trainers = list(self.result.trainers.items())
        for client_i, trainer_i, title, day, hour, minutes in content.SESSIONS:
            trainer_login, trainer_uid = trainers[trainer_i]
            start = (self.now + timedelta(days=day)).replace(hour=hour)
            values: dict[str, Any] = {
                "name": title, "start": format_datetime(start),
                "stop": format_datetime(start + timedelta(minutes=minutes)), "user_id": trainer_uid,
                "partner_ids": [(6, 0, [clients[client_i], self.result.trainer_partners[trainer_login]])],
                "location": "CustomK9 Training Center", "privacy": "public"}
            if self.addon:
                dog = title.split(": ")[1]
                values["dog_id"] = self.result.dogs[dog]
                values["training_plan_id"] = next(plan for name, plan in self.result.plans.items()
                                                  if content.PLAN_DOGS[name] == dog)
            self.result.sessions.append(await self.odoo.create("calendar.event", values))


async def seed(odoo: OdooClient, *, now: datetime | None = None) -> SeedResult:
    """Write the CustomK9 demo data into the Odoo ``odoo`` acts on (as an administrator)."""
    return await Seeder(odoo, now=now).run()
