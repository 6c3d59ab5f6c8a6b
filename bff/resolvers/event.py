"""Queries of the public event catalogue."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import strawberry

from bff.context import Info
from bff.loaders import Loaders
from bff.loaders.event import EVENT_SHAPE
from bff.loaders.shaped import load_shaped_page, read_shaped
from bff.odoo_values import format_datetime, id_from_slug
from bff.resolvers.node import node_resolver
from bff.schema.arguments import Lang
from bff.schema.event import Event, EventCategory, EventFilter, EventTag, EventTime, Ticket
from bff.schema.node import expect_global_id
from bff.schema.ordering import EventOrder, EventOrderField, OrderDirection, order_by_help, resolve_order
from bff.schema.pagination import After, Connection, First, Page
from bff.schema.slug import EventSlugLookup, SlugArg, is_canonical
from bff.specification import Specification, page_selections

EVENT_DEFAULT_ORDER = ((EventOrderField.START, OrderDirection.ASC),)
EventOrderBy = Annotated[list[EventOrder] | None, strawberry.argument(description=order_by_help("START ASC"))]
# Only what Odoo's website shows to everyone. Private reads never come through here.
PUBLIC_EVENT_DOMAIN: list[Any] = [("is_published", "=", True)]


def event_time_domain(when: EventTime, now: datetime) -> list[Any]:
    """Upcoming events have not ended (``date_end >= now``): a running workshop is still listed."""
    if when is EventTime.ALL:
        return []
    return [("date_end", ">=" if when is EventTime.UPCOMING else "<", format_datetime(now))]


def event_filter_domain(flt: EventFilter | None, now: datetime) -> list[Any]:
    """The Odoo domain of a filter (upcoming events when there is none); ids in it are checked to be ids of
    the right type."""
    if flt is None:
        return event_time_domain(EventTime.UPCOMING, now)
    domain: list[Any] = event_time_domain(flt.when, now)
    if flt.category_ids is not None:
        domain.append(("event_type_id", "in", [expect_global_id(i, "EventCategory") for i in flt.category_ids]))
    if flt.tag_ids is not None:
        domain.append(("tag_ids", "in", [expect_global_id(i, "EventTag") for i in flt.tag_ids]))
    if flt.search:
        domain.append(("name", "ilike", flt.search))
    if flt.starts_after is not None:
        domain.append(("date_begin", ">=", format_datetime(flt.starts_after)))
    if flt.starts_before is not None:
        domain.append(("date_begin", "<", format_datetime(flt.starts_before)))
    return domain


async def _available_event_page(info: Info, loaders: Loaders, domain: list[Any], page: Page, order: str,
                                spec: Specification) -> tuple[int, list[dict[str, Any]]]:
    """Seat availability is computed by Odoo, not stored, so it cannot go in a domain: read the light
    availability fields of every matching event (one call), keep those with a seat, then read the page."""
    rows = await info.context.odoo.search_read(
        "event.event", domain, order=order, lang=loaders.lang,
        fields=["seats_limited", "seats_available", "event_registrations_sold_out"])
    open_ids = [r["id"] for r in rows if not r["event_registrations_sold_out"]
                and (not r["seats_limited"] or (r["seats_available"] or 0) > 0)]
    page_ids = open_ids[page.offset:page.offset + page.limit]
    return len(open_ids), await read_shaped(info.context.odoo, EVENT_SHAPE, spec, page_ids, lang=loaders.lang)


@node_resolver("Event")
async def event_by_id(info: Info, odoo_id: int, lang: str | None = None) -> Event | None:
    loaders = await info.context.localized(lang)
    row = await loaders.event.load(odoo_id)
    if row is None or not row.get("is_published"):
        return None
    return Event.from_row(row, info.context.settings.public_base_url, loaders.lang)


async def _one(info: Info, loader_name: str, odoo_id: int) -> dict[str, Any] | None:
    return await getattr(await info.context.localized(), loader_name).load(odoo_id)


@node_resolver("EventCategory")
async def category_by_id(info: Info, odoo_id: int) -> EventCategory | None:
    row = await _one(info, "event_category", odoo_id)
    return EventCategory.from_row(row) if row else None


@node_resolver("EventTag")
async def tag_by_id(info: Info, odoo_id: int) -> EventTag | None:
    row = await _one(info, "event_tag", odoo_id)
    return EventTag.from_row(row) if row else None


@node_resolver("Ticket")
async def ticket_by_id(info: Info, odoo_id: int) -> Ticket | None:
    row = await _one(info, "ticket", odoo_id)
    if row is None or await event_by_id(info, row["event_id"][0]) is None:
        return None
    return Ticket.from_row(row)


@strawberry.type
class EventQueries:
    @strawberry.field(description="Published events, by start date unless `orderBy` says otherwise: upcoming "
                                  "ones (not ended) unless `filter.when` asks for PAST or ALL. Paginated Relay "
                                  "style: pass `first` (default 20, at most 100) and the `endCursor` of a page "
                                  "as `after`.")
    async def events(self, info: Info, filter: EventFilter | None = None, first: First = None,
                     after: After = None, order_by: EventOrderBy = None, lang: Lang = None) -> Connection[Event]:
        order = resolve_order(order_by, EVENT_DEFAULT_ORDER)
        page = Page.from_args(first, after, info.context.settings, order.key)
        domain = PUBLIC_EVENT_DOMAIN + event_filter_domain(filter, datetime.now(UTC))
        loaders = await info.context.localized(lang)
        spec = EVENT_SHAPE.compile(page_selections(info.selected_fields, "edges", "node"))
        if filter is not None and filter.only_available:
            total, rows = await _available_event_page(info, loaders, domain, page, order.odoo, spec)
        else:
            total, rows = await load_shaped_page(info.context.odoo, EVENT_SHAPE, spec, domain, limit=page.limit,
                                                 offset=page.offset, order=order.odoo, lang=loaders.lang)
        base_url = info.context.settings.public_base_url
        return Connection[Event].build([Event.from_row(row, base_url, loaders.lang) for row in rows], page, total)

    @strawberry.field(description="One published event by its ID; null when there is none.")
    async def event(self, info: Info, id: strawberry.ID, lang: Lang = None) -> Event | None:
        return await event_by_id(info, expect_global_id(id, "Event"), lang)

    @strawberry.field(description="One published event by its slug (as in `Event.slug`), with its current slug: "
                                  "an old slug (the event was renamed) still finds it, with `isCanonical: false` "
                                  "(redirect to `canonicalSlug`). Null when there is none.")
    async def event_by_slug(self, info: Info, slug: SlugArg, lang: Lang = None) -> EventSlugLookup | None:
        odoo_id = id_from_slug(slug)
        event = await event_by_id(info, odoo_id, lang) if odoo_id else None
        if event is None:
            return None
        return EventSlugLookup(event=event, canonical_slug=event.slug, is_canonical=is_canonical(slug, event.slug))

    @strawberry.field(description="Every event category (Odoo event type), by name.")
    async def event_categories(self, info: Info, lang: Lang = None) -> list[EventCategory]:
        code = (await info.context.language(lang)).code
        rows = await info.context.odoo.search_read("event.type", [], fields=["name"], order="name asc", lang=code)
        return [EventCategory.from_row(row) for row in rows]
