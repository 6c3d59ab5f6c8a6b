"""The four pages fetched straight from Odoo, without the BFF, in the two ways the table compares it with.

``naive_*``     what a frontend without a BFF does: one JSON-RPC call per list, then one per related record,
                one after the other (the page's list, then each row's many2one and each x2many id).
``critical_*``  the floor: one call per nesting level, here a single ``web_search_read``/``web_read`` with a
                nested ``specification`` (Odoo >= 17); a page with several independent lists (the dashboard)
                makes one such call per list, all at once, so its latency is the slowest of them.

Tasks are read as a list by ``project_id``, as the BFF does, never through ``project.project.task_ids``: on
Odoo 18 that one2many has the domain ``[('is_closed', '=', False)]`` and hides done tasks.

Both run as the integration account the BFF uses, over the same JSON-RPC transport (``bff.odoo_client``), so
the BFF ÷ critical-path ratio is what the BFF itself adds. They read the same records and fields as the
GraphQL documents in ``bench.pages`` select.
"""

from __future__ import annotations

import asyncio
from typing import Any

from bench.data import Subject
from bff.odoo_client import OdooClient

OPEN_RENTAL_STATES = ["draft", "sent", "sale"]


class CountingOdoo(OdooClient):
    """The project's Odoo client, counting the calls it makes (the no-BFF and critical rows' "Odoo calls")."""

    calls = 0

    async def call(self, model: str, method: str, args: list[Any] | None = None,
                   kwargs: dict[str, Any] | None = None) -> Any:
        self.calls += 1
        return await super().call(model, method, args, kwargs)


def _fields(*names: str, **relations: dict[str, Any]) -> dict[str, Any]:
    """A ``specification``: plain fields map to ``{}``, relations to ``{"fields": ...}``."""
    return {**{name: {} for name in names}, **{name: {"fields": sub} for name, sub in relations.items()}}


async def _each(odoo: OdooClient, model: str, ids: list[int], fields: list[str]) -> None:
    for record_id in ids:
        await odoo.read(model, [record_id], fields=fields)


# -- events page: events(first: 50) with category, tags and tickets ---------------------------------------

def _event_domain(subject: Subject) -> list[Any]:
    return [("is_published", "=", True), ("date_end", ">=", subject.now)]


async def naive_events(odoo: OdooClient, subject: Subject) -> None:
    domain = _event_domain(subject)
    await odoo.search_count("event.event", domain)
    rows = await odoo.search_read("event.event", domain, limit=50, order="date_begin asc, id asc",
                                  fields=["name", "event_type_id", "tag_ids", "event_ticket_ids"])
    for row in rows:
        if row["event_type_id"]:
            await odoo.read("event.type", [row["event_type_id"][0]], fields=["name"])
        await _each(odoo, "event.tag", row["tag_ids"], ["name"])
        await _each(odoo, "event.event.ticket", row["event_ticket_ids"], ["name", "price"])


async def critical_events(odoo: OdooClient, subject: Subject) -> None:
    spec = _fields("name", event_type_id=_fields("name"), tag_ids=_fields("name"),
                   event_ticket_ids=_fields("name", "price"))
    await odoo.call("event.event", "web_search_read", [], {
        "domain": _event_domain(subject), "specification": spec, "limit": 50, "order": "date_begin asc, id asc"})


# -- blog index: posts(first: 20) with blog and tags ----------------------------------------------------

POST_FIELDS = ("name", "subtitle", "teaser", "post_date", "author_name")


def _post_domain(subject: Subject) -> list[Any]:
    return [("is_published", "=", True), "|", ("post_date", "=", False), ("post_date", "<=", subject.now)]


async def naive_blog(odoo: OdooClient, subject: Subject) -> None:
    domain = _post_domain(subject)
    await odoo.search_count("blog.post", domain)
    rows = await odoo.search_read("blog.post", domain, limit=20, order="post_date desc, id desc",
                                  fields=[*POST_FIELDS, "blog_id", "tag_ids"])
    for row in rows:
        if row["blog_id"]:
            await odoo.read("blog.blog", [row["blog_id"][0]], fields=["name"])
        await _each(odoo, "blog.tag", row["tag_ids"], ["name"])


async def critical_blog(odoo: OdooClient, subject: Subject) -> None:
    spec = _fields(*POST_FIELDS, blog_id=_fields("name"), tag_ids=_fields("name"))
    await odoo.call("blog.post", "web_search_read", [], {
        "domain": _post_domain(subject), "specification": spec, "limit": 20, "order": "post_date desc, id desc"})


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
        await _each(odoo, "project.task", tasks, ["name", "state"])
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

    def page(model: str, key: str, spec: dict[str, Any], **kwargs: Any) -> Any:
        return odoo.call(model, "web_search_read", [], {"domain": domains[key], "specification": spec, **kwargs})

    await asyncio.gather(
        page("calendar.event", "sessions", _fields("name", "start", dog_id=_fields("name"),
                                                    training_plan_id=_fields("name")),
             limit=3, order="start asc, id asc"),
        page("project.project", "plans", _fields("name", dog_id=_fields("name")), order="date_start desc, id desc"),
        page("project.task", "tasks", _fields("name", "state", project_id=_fields()), order="sequence asc, id asc"),
        page("event.registration", "registrations", _fields("state", event_id=_fields("name", "date_begin")),
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
    await _each(odoo, "project.task.type", plan["type_ids"], ["name"])
    tasks = await odoo.search("project.task", [("project_id", "=", subject.plan)], order="sequence asc, id asc")
    await _each(odoo, "project.task", tasks, list(TASK_FIELDS))


async def critical_plan(odoo: OdooClient, subject: Subject) -> None:
    """The plan and its tasks: two calls that need only the plan's id, so both at once (one level)."""
    spec = _fields("name", "date_start", "date", user_id=_fields("display_name"), dog_id=_fields("name"),
                   type_ids=_fields("name"))
    task_spec = _fields("name", "date_deadline", "state", stage_id=_fields("display_name"))
    await asyncio.gather(
        odoo.call("project.project", "web_read", [[subject.plan]], {"specification": spec}),
        odoo.call("project.task", "web_search_read", [], {
            "domain": [("project_id", "=", subject.plan)], "specification": task_spec,
            "order": "sequence asc, id asc"}))
