"""Loaders for the event domain (event.event, event.type, event.tag, event.event.ticket)."""

from __future__ import annotations

from bff.loaders.base import RecordByIdLoader

EVENT_FIELDS = (
    "name", "subtitle", "date_begin", "date_end", "date_tz", "event_type_id", "tag_ids", "seats_limited",
    "seats_max", "seats_available", "event_registrations_sold_out", "event_ticket_ids", "address_id",
    "description", "cover_properties", "is_published", "seo_name", "write_date",
)
EVENT_MANY2ONE = frozenset({"event_type_id", "address_id"})


class EventByIdLoader(RecordByIdLoader):
    model = "event.event"
    fields = EVENT_FIELDS


class EventCategoryByIdLoader(RecordByIdLoader):
    model = "event.type"
    fields = ("name",)


class EventTagByIdLoader(RecordByIdLoader):
    model = "event.tag"
    fields = ("name", "color", "category_id")


class TicketByIdLoader(RecordByIdLoader):
    model = "event.event.ticket"
    fields = ("name", "event_id", "price", "currency_id", "seats_limited", "seats_max", "seats_available",
              "is_sold_out", "description")
