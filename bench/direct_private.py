"""Dana's dashboard and the 30-task training plan fetched straight from Odoo: see ``bench.direct``.

Tasks are read as a list by ``project_id``, as the BFF does, never through ``project.project.task_ids``: on
Odoo 18 that one2many has the domain ``[('is_closed', '=', False)]`` and hides done tasks.
"""

from __future__ import annotations

import asyncio
from typing import Any

from bench.data import Subject
from bench.direct import each, spec
from bff.odoo_client import OdooClient

OPEN_RENTAL_STATES = ["draft", "sent", "sale"]


# -- client dashboard (Dana): next sessions, active plans with tasks, registrations, counts --------------

def _dashboard_domains(subject: Subject) -> dict[str, list[Any]]:
    owner, now = subject.owner, subject.now
    return {
        "dogs": [("owner_id", "child_of", owner)],
        "plans": [("partner_id", "child_of", owner), ("is_training_template", "=", False),
                  "|", ("date", "=", False), ("date", ">=", now[:10])],
        "sessions": [("partner_ids", "child_of", owner), ("stop", ">", now)],
        "rentals": [("partner_id", "child_of", owner), ("is_rental", "=", True),
                    ("state", "in", OPEN_RENTAL_STATES), ("rental_end", ">", now)],
        "registrations": [("partner_id", "child_of", owner), ("state", "=", "open"), ("event_id.date_end", ">", now)],
    }


async def naive_dashboard(odoo: OdooClient, subject: Subject) -> None:
    domains = _dashboard_domains(subject)
    sessions = await odoo.search_read("calendar.event", domains["sessions"], limit=3, order="start asc, id asc",
                                      fields=["name", "start", "dog_id", "training_plan_id"])
    for row in sessions:
        if row["dog_id"]:
            await odoo.read("customk9.dog", [row["dog_id"][0]], fields=["name"])
        if row["training_plan_id"]:
            await odoo.read("project.project", [row["training_plan_id"][0]], fields=["name"])
    plans = await odoo.search_read("project.project", domains["plans"], order="date_start desc, id desc",
                                   fields=["name", "dog_id"])
    for row in plans:
        if row["dog_id"]:
            await odoo.read("customk9.dog", [row["dog_id"][0]], fields=["name"])
        tasks = await odoo.search("project.task", [("project_id", "=", row["id"])], order="sequence asc, id asc")
        await each(odoo, "project.task", tasks, ["name", "state"])
    registrations = await odoo.search_read("event.registration", domains["registrations"], order="id desc",
                                           fields=["state", "event_id"])
    for row in registrations:
        await odoo.read("event.event", [row["event_id"][0]], fields=["name", "date_begin"])
    models = {"dogs": "customk9.dog", "plans": "project.project", "sessions": "calendar.event",
              "rentals": "sale.order", "registrations": "event.registration"}
    for key, model in models.items():
        await odoo.search_count(model, domains[key])


async def critical_dashboard(odoo: OdooClient, subject: Subject) -> None:
    """One nested call per list, all at once; its ``length`` is the list's count, so only two counts remain.
    The active plans' tasks are one more list, selected through ``project_id`` with the plans' own domain."""
    domains = _dashboard_domains(subject)
    domains["tasks"] = [("project_id", "any", domains["plans"])]

    def page(model: str, key: str, wanted: dict[str, Any], **kwargs: Any) -> Any:
        return odoo.call(model, "web_search_read", [], {"domain": domains[key], "specification": wanted, **kwargs})

    await asyncio.gather(
        page("calendar.event", "sessions", spec("name", "start", dog_id=spec("name"),
                                                    training_plan_id=spec("name")),
             limit=3, order="start asc, id asc"),
        page("project.project", "plans", spec("name", dog_id=spec("name")), order="date_start desc, id desc"),
        page("project.task", "tasks", spec("name", "state", project_id=spec()), order="sequence asc, id asc"),
        page("event.registration", "registrations", spec("state", event_id=spec("name", "date_begin")),
             order="id desc"),
        odoo.search_count("customk9.dog", domains["dogs"]),
        odoo.search_count("sale.order", domains["rentals"]),
    )


# -- one training plan with its 30 tasks ------------------------------------------------------------------

TASK_FIELDS = ("name", "date_deadline", "state", "stage_id")


async def naive_plan(odoo: OdooClient, subject: Subject) -> None:
    [plan] = await odoo.read("project.project", [subject.plan], fields=[
        "name", "date_start", "date", "user_id", "dog_id", "type_ids"])
    if plan["dog_id"]:
        await odoo.read("customk9.dog", [plan["dog_id"][0]], fields=["name"])
    await each(odoo, "project.task.type", plan["type_ids"], ["name"])
    tasks = await odoo.search("project.task", [("project_id", "=", subject.plan)], order="sequence asc, id asc")
    await each(odoo, "project.task", tasks, list(TASK_FIELDS))


async def critical_plan(odoo: OdooClient, subject: Subject) -> None:
    """The plan and its tasks: two calls that need only the plan's id, so both at once (one level)."""
    wanted = spec("name", "date_start", "date", user_id=spec("display_name"), dog_id=spec("name"),
                   type_ids=spec("name"))
    task_spec = spec("name", "date_deadline", "state", stage_id=spec("display_name"))
    await asyncio.gather(
        odoo.call("project.project", "web_read", [[subject.plan]], {"specification": wanted}),
        odoo.call("project.task", "web_search_read", [], {
            "domain": [("project_id", "=", subject.plan)], "specification": task_spec,
            "order": "sequence asc, id asc"}))
