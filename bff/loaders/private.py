"""Loaders of the viewer's private data. Each takes the viewer's scope domain from ``bff.policy``."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from aiodataloader import DataLoader

from bff.loaders.base import Row, ScopedByIdLoader, ScopedByParentLoader
from bff.odoo_client import OdooClient

DOG_FIELDS = ("name", "owner_id", "breed", "birth_date", "sex", "weight_kg", "notes", "active")
PLAN_FIELDS = ("name", "dog_id", "partner_id", "user_id", "date_start", "date", "description", "type_ids")
TASK_FIELDS = ("name", "project_id", "stage_id", "state", "date_deadline", "description", "sequence")
SESSION_FIELDS = ("name", "start", "stop", "duration", "allday", "location", "user_id", "partner_ids", "dog_id",
                  "training_plan_id", "description")
REGISTRATION_FIELDS = ("event_id", "event_ticket_id", "partner_id", "name", "email", "phone", "state",
                       "create_date")
RENTAL_FIELDS = ("name", "partner_id", "state", "rental_start", "rental_end", "amount_total", "currency_id",
                 "date_order", "customk9_picked_up_at", "customk9_returned_at", "customk9_is_late",
                 "customk9_return_notes")
RENTAL_LINE_FIELDS = ("order_id", "product_id", "name", "product_uom_qty", "price_unit", "price_subtotal",
                      "currency_id")
CLIENT_FIELDS = ("name", "email", "phone", "street", "street2", "city", "zip", "country_id", "state_id")
DONE_STATES = frozenset({"1_done"})
CANCELLED_STATES = frozenset({"1_canceled"})


class DogByIdLoader(ScopedByIdLoader):
    model = "customk9.dog"
    fields = DOG_FIELDS


class PlanByIdLoader(ScopedByIdLoader):
    model = "project.project"
    fields = PLAN_FIELDS


class PlansByDogLoader(ScopedByParentLoader):
    model = "project.project"
    fields = PLAN_FIELDS
    parent_field = "dog_id"
    order = "date_start desc, id desc"


class TasksByPlanLoader(ScopedByParentLoader):
    model = "project.task"
    fields = TASK_FIELDS
    parent_field = "project_id"
    order = "sequence asc, id asc"


class SessionByIdLoader(ScopedByIdLoader):
    model = "calendar.event"
    fields = SESSION_FIELDS


class SessionsByDogLoader(ScopedByParentLoader):
    model = "calendar.event"
    fields = SESSION_FIELDS
    parent_field = "dog_id"
    order = "start asc, id asc"


class RegistrationByIdLoader(ScopedByIdLoader):
    model = "event.registration"
    fields = REGISTRATION_FIELDS


class RentalByIdLoader(ScopedByIdLoader):
    model = "sale.order"
    fields = RENTAL_FIELDS


class RentalLinesByRentalLoader(ScopedByParentLoader):
    """Lines of rentals already read through the rental scope, so they need no scope of their own."""

    model = "sale.order.line"
    fields = RENTAL_LINE_FIELDS
    parent_field = "order_id"


class ClientByIdLoader(ScopedByIdLoader):
    model = "res.partner"
    fields = CLIENT_FIELDS


class PlanProgressLoader(DataLoader):
    """Done and total tasks of many plans with one ``read_group`` (cancelled tasks do not count)."""

    def __init__(self, odoo: OdooClient, scope_domain: list[Any]) -> None:
        super().__init__()
        self.odoo = odoo
        self.scope_domain = scope_domain

    async def batch_load_fn(self, keys: list[int]) -> list[tuple[int, int]]:
        groups = await self.odoo.read_group(
            "project.task", [("project_id", "in", sorted(set(keys))), *self.scope_domain],
            fields=["project_id"], groupby=["project_id", "state"], lazy=False)
        done: dict[int, int] = defaultdict(int)
        total: dict[int, int] = defaultdict(int)
        for group in groups:
            plan = group.get("project_id")
            if not plan or group.get("state") in CANCELLED_STATES:
                continue
            count = int(group.get("__count", 0))
            total[plan[0]] += count
            if group.get("state") in DONE_STATES:
                done[plan[0]] += count
        return [(done[key], total[key]) for key in keys]


def rows_by_id(rows: list[Row]) -> dict[int, Row]:
    return {row["id"]: row for row in rows}


class DogsByOwnerLoader(ScopedByParentLoader):
    model = "customk9.dog"
    fields = DOG_FIELDS
    parent_field = "owner_id"
    order = "name asc, id asc"


class PlansByClientLoader(ScopedByParentLoader):
    model = "project.project"
    fields = PLAN_FIELDS
    parent_field = "partner_id"
    order = "date_start desc, id desc"


class RegistrationsByClientLoader(ScopedByParentLoader):
    model = "event.registration"
    fields = REGISTRATION_FIELDS
    parent_field = "partner_id"
    order = "id desc"


class RentalsByClientLoader(ScopedByParentLoader):
    model = "sale.order"
    fields = RENTAL_FIELDS
    parent_field = "partner_id"
    order = "rental_start desc, id desc"


class TaskStageByIdLoader(ScopedByIdLoader):
    """Stages of plans the viewer already reached through their scope: stages hold no private data."""

    model = "project.task.type"
    fields = ("name", "sequence", "fold")


class TaskByIdLoader(ScopedByIdLoader):
    model = "project.task"
    fields = TASK_FIELDS


class SessionsByAttendeeLoader(DataLoader):
    """Sessions of many clients within one time window, with one ``search_read`` per batch.

    ``partner_ids`` is many2many, so one session can belong to several keys.
    """

    def __init__(self, odoo: OdooClient, scope_domain: list[Any], window: list[Any]) -> None:
        super().__init__()
        self.odoo, self.scope_domain, self.window = odoo, scope_domain, window

    async def batch_load_fn(self, keys: list[int]) -> list[list[Row]]:
        domain = [("partner_ids", "in", sorted(set(keys))), *self.window, *self.scope_domain]
        rows = await self.odoo.search_read("calendar.event", domain, fields=list(SESSION_FIELDS),
                                           order="start asc, id asc")
        by_key: dict[int, list[Row]] = {key: [] for key in keys}
        for row in rows:
            for partner in row.get("partner_ids") or []:
                if partner in by_key:
                    by_key[partner].append(row)
        return [by_key[key] for key in keys]


ORDER_FIELDS = ("name", "partner_id", "state", "amount_untaxed", "amount_tax", "amount_total", "amount_paid",
                "currency_id", "date_order", "is_rental", "customk9_hold_until", "access_token")
ORDER_LINE_FIELDS = ("order_id", "product_id", "name", "product_uom_qty", "price_unit", "price_subtotal",
                     "currency_id", "display_type")


class OrderByIdLoader(ScopedByIdLoader):
    model = "sale.order"
    fields = ORDER_FIELDS


class OrderLinesByOrderLoader(ScopedByParentLoader):
    """Lines of orders already read through the order scope, so they need no scope of their own."""

    model = "sale.order.line"
    fields = ORDER_LINE_FIELDS
    parent_field = "order_id"


class RegistrationsByOrderLoader(ScopedByParentLoader):
    model = "event.registration"
    fields = (*REGISTRATION_FIELDS, "sale_order_id")
    parent_field = "sale_order_id"
    order = "id asc"
