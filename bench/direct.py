"""The pages fetched straight from Odoo, without the BFF, in the two ways the table compares it with.

``naive_*``     what a frontend without a BFF does: one JSON-RPC call per list, then one per related record,
                one after the other (the page's list, then each row's many2one and each x2many id).
``critical_*``  the floor: one call per nesting level, here a single ``web_search_read``/``web_read`` with a
                nested ``specification`` (Odoo >= 17); a page with several independent lists (the dashboard)
                makes one such call per list, all at once, so its latency is the slowest of them.

Both run as the integration account the BFF uses, over the same JSON-RPC transport (``bff.odoo_client``), so
the BFF ÷ critical-path ratio is what the BFF itself adds. They read the same records and fields as the
GraphQL documents in ``bench.pages`` select. The public pages are here, the signed-in ones in
``bench.direct_private``.
"""

from __future__ import annotations

from typing import Any

from bench.data import Subject
from bff.odoo_client import OdooClient


class CountingOdoo(OdooClient):
    """The project's Odoo client, counting the calls it makes (the no-BFF and critical rows' "Odoo calls")."""

    calls = 0

    async def call(self, model: str, method: str, args: list[Any] | None = None,
                   kwargs: dict[str, Any] | None = None) -> Any:
        self.calls += 1
        return await super().call(model, method, args, kwargs)


def spec(*names: str, **relations: dict[str, Any]) -> dict[str, Any]:
    """A ``specification``: plain fields map to ``{}``, relations to ``{"fields": ...}``."""
    return {**{name: {} for name in names}, **{name: {"fields": sub} for name, sub in relations.items()}}


async def each(odoo: OdooClient, model: str, ids: list[int], fields: list[str]) -> None:
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
        await each(odoo, "event.tag", row["tag_ids"], ["name"])
        await each(odoo, "event.event.ticket", row["event_ticket_ids"], ["name", "price"])


async def critical_events(odoo: OdooClient, subject: Subject) -> None:
    wanted = spec("name", event_type_id=spec("name"), tag_ids=spec("name"),
                   event_ticket_ids=spec("name", "price"))
    await odoo.call("event.event", "web_search_read", [], {
        "domain": _event_domain(subject), "specification": wanted, "limit": 50, "order": "date_begin asc, id asc"})


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
        await each(odoo, "blog.tag", row["tag_ids"], ["name"])


async def critical_blog(odoo: OdooClient, subject: Subject) -> None:
    wanted = spec(*POST_FIELDS, blog_id=spec("name"), tag_ids=spec("name"))
    await odoo.call("blog.post", "web_search_read", [], {
        "domain": _post_domain(subject), "specification": wanted, "limit": 20, "order": "post_date desc, id desc"})
