"""Public events: event.event with its type (category), tags and tickets."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import strawberry

from bff.context import Info
from bff.odoo_values import (
    ids,
    many2one_id,
    many2one_name,
    required_datetime,
    slug,
    text,
)
from bff.schema.common import Address, Money
from bff.schema.cover import WebsiteCover
from bff.schema.node import Node
from bff.specification import later, nested, nested_rows
from bff.text_input import SEARCH_MAX_LENGTH, max_length

Row = dict[str, Any]


@strawberry.type(description="A kind of event (Odoo event type), e.g. Workshop or Puppy class.")
class EventCategory(Node):
    name: str = strawberry.field(description="Name of the category.")

    @classmethod
    def from_row(cls, row: Row) -> EventCategory:
        return cls(odoo_id=row["id"], name=row.get("name") or "")


@strawberry.type(description="A label on events, e.g. Beginners or Outdoor.")
class EventTag(Node):
    name: str = strawberry.field(description="Name of the tag.")
    color: int | None = strawberry.field(description="Colour index (0 to 11) the Odoo back office uses.")
    group: str | None = strawberry.field(description="Name of the tag's group (Odoo tag category).")

    @classmethod
    def from_row(cls, row: Row) -> EventTag:
        return cls(odoo_id=row["id"], name=row.get("name") or "", color=row.get("color") or None,
                   group=many2one_name(row.get("category_id")))


@strawberry.type(description="A ticket type of an event, with its price and remaining seats.")
class Ticket(Node):
    name: str = strawberry.field(description="Name of the ticket, e.g. Standard.")
    description: str | None = strawberry.field(description="What the ticket includes.")
    price: Money = strawberry.field(description="Price of one seat with this ticket.")
    seats_max: int | None = strawberry.field(description="Seats this ticket offers; null when unlimited.")
    seats_available: int | None = strawberry.field(
        description="Seats still available with this ticket; null when unlimited.")
    is_sold_out: bool = strawberry.field(description="Whether no seat is left with this ticket.")

    @classmethod
    def from_row(cls, row: Row) -> Ticket:
        limited = bool(row.get("seats_limited"))
        return cls(odoo_id=row["id"], name=row.get("name") or "", description=text(row.get("description")),
                   price=Money.of(row.get("price"), row.get("currency_id")),
                   seats_max=row.get("seats_max") if limited else None,
                   seats_available=max(0, row.get("seats_available") or 0) if limited else None,
                   is_sold_out=bool(row.get("is_sold_out")))


@strawberry.type(description="A public CustomK9 event (workshop, class, meet-up) that clients can register for.")
class Event(Node, WebsiteCover):
    row: strawberry.Private[Row]
    lang: strawberry.Private[str | None]  # the Odoo language code its texts were read in
    name: str = strawberry.field(description="Title of the event.")
    subtitle: str | None = strawberry.field(description="Short line under the title.")
    slug: str = strawberry.field(description="URL slug as Odoo's website builds it (`<SEO name or name>-<id>`); "
                                             "`eventBySlug` takes it, and still finds the event after a rename.")
    start: datetime = strawberry.field(description="When the event begins (UTC, ISO 8601).")
    end: datetime = strawberry.field(description="When the event ends (UTC, ISO 8601).")
    timezone: str | None = strawberry.field(
        description="IANA time zone the event is held in (e.g. Europe/Brussels); show times in it.")
    seats_max: int | None = strawberry.field(description="Seats the event offers; null when unlimited.")
    seats_available: int | None = strawberry.field(
        description="Seats still available; null when the event has no seat limit.")
    is_sold_out: bool = strawberry.field(description="Whether no seat is left, on the event or every ticket.")
    description: str | None = strawberry.field(description="Long description, as HTML from Odoo.")
    base_url: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: Row, base_url: str, lang: str | None = None) -> Event:
        limited = bool(row.get("seats_limited"))
        return cls(
            odoo_id=row["id"], row=row, lang=lang, name=row.get("name") or "", subtitle=text(row.get("subtitle")),
            slug=slug(row.get("seo_name") or row.get("name") or "", row["id"]),
            start=required_datetime(row.get("date_begin")), end=required_datetime(row.get("date_end")),
            timezone=text(row.get("date_tz")),
            seats_max=row.get("seats_max") if limited else None,
            seats_available=max(0, row.get("seats_available") or 0) if limited else None,
            is_sold_out=bool(row.get("event_registrations_sold_out")),
            description=text(row.get("description")),
            base_url=base_url,
        )


    @strawberry.field(description="The event's category (Odoo event type), if it has one.")
    def category(self, info: Info) -> EventCategory | None:
        value = self.row.get("event_type_id")
        if (row := nested(value)) is not None:
            return EventCategory.from_row(row)
        return later(self._category(info, many2one_id(value)))

    async def _category(self, info: Info, category_id: int | None) -> EventCategory | None:
        row = await info.context.loaders_in(self.lang).event_category.load(category_id) if category_id else None
        return EventCategory.from_row(row) if row else None

    @strawberry.field(description="Tags of the event.")
    def tags(self, info: Info) -> list[EventTag]:
        value = self.row.get("tag_ids")
        if (rows := nested_rows(value)) is not None:
            return [EventTag.from_row(row) for row in rows]
        return later(self._tags(info, ids(value)))

    async def _tags(self, info: Info, tag_ids: list[int]) -> list[EventTag]:
        rows = await info.context.loaders_in(self.lang).event_tag.load_existing(tag_ids)
        return [EventTag.from_row(row) for row in rows]

    @strawberry.field(description="Ticket types on sale for the event.")
    def tickets(self, info: Info) -> list[Ticket]:
        value = self.row.get("event_ticket_ids")
        if (rows := nested_rows(value)) is not None:
            return [Ticket.from_row(row) for row in rows]
        return later(self._tickets(info, ids(value)))

    async def _tickets(self, info: Info, ticket_ids: list[int]) -> list[Ticket]:
        rows = await info.context.loaders_in(self.lang).ticket.load_existing(ticket_ids)
        return [Ticket.from_row(row) for row in rows]

    @strawberry.field(description="Where the event takes place; null for online events.")
    def address(self, info: Info) -> Address | None:
        value = self.row.get("address_id")
        if (row := nested(value)) is not None:
            return Address.from_row(row)
        return later(self._address(info, many2one_id(value)))

    async def _address(self, info: Info, partner_id: int | None) -> Address | None:
        row = await info.context.loaders.address.load(partner_id) if partner_id else None
        return Address.from_row(row) if row else None


@strawberry.enum(description="Which events a list covers, by whether they have ended.")
class EventTime(enum.Enum):
    UPCOMING = strawberry.enum_value("upcoming", description="Events that have not ended (running or to come).")
    PAST = strawberry.enum_value("past", description="Events that have ended.")
    ALL = strawberry.enum_value("all", description="Both.")


@strawberry.input(description="Narrows the events list; all given conditions must hold. Without a filter, or "
                              "without `when`, the list holds upcoming events only.")
class EventFilter:
    when: EventTime = strawberry.field(
        default=EventTime.UPCOMING, description="Upcoming (not ended; the default), past (ended) or all events.")
    category_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only events in one of these categories.")
    tag_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only events with at least one of these tags.")
    search: str | None = strawberry.field(
        default=None, description="Text the event name contains (any case; at most 100 characters).",
        metadata=max_length(SEARCH_MAX_LENGTH))
    starts_after: datetime | None = strawberry.field(default=None, description="Only events starting at or after.")
    starts_before: datetime | None = strawberry.field(default=None, description="Only events starting before.")
    only_available: bool = strawberry.field(default=False, description="Only events with a seat left.")
