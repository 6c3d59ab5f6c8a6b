"""Loaders for the event domain (event.event, event.type, event.tag, event.event.ticket)."""

from __future__ import annotations

from bff.loaders.base import RecordByIdLoader
from bff.loaders.partner import AddressByPartnerIdLoader
from bff.specification import Relation, Shape

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


# What each GraphQL field of the catalogue reads (``bff.specification``): the events page is one call.
ADDRESS_SHAPE = Shape("res.partner", scalars={
    "name": ("name",), "street": ("street",), "street2": ("street2",), "city": ("city",), "zip": ("zip",),
    "state": ("state_id",), "country": ("country_id",)}, many2one=frozenset({"state_id", "country_id"}),
    fallback=AddressByPartnerIdLoader.fields)
EVENT_CATEGORY_SHAPE = Shape("event.type", scalars={"name": ("name",)}, fallback=("name",))
EVENT_TAG_SHAPE = Shape("event.tag", scalars={"name": ("name",), "color": ("color",), "group": ("category_id",)},
                        many2one=frozenset({"category_id"}), fallback=EventTagByIdLoader.fields)
_TICKET_SEATS = ("seats_limited",)
TICKET_SHAPE = Shape("event.event.ticket", scalars={
    "name": ("name",), "description": ("description",), "price": ("price", "currency_id"),
    "seatsMax": (*_TICKET_SEATS, "seats_max"), "seatsAvailable": (*_TICKET_SEATS, "seats_available"),
    "isSoldOut": ("is_sold_out",)}, many2one=frozenset({"currency_id"}), fallback=TicketByIdLoader.fields)
EVENT_SHAPE = Shape("event.event", scalars={
    "name": ("name",), "subtitle": ("subtitle",), "slug": ("seo_name", "name"), "start": ("date_begin",),
    "end": ("date_end",), "timezone": ("date_tz",), "seatsMax": ("seats_limited", "seats_max"),
    "seatsAvailable": ("seats_limited", "seats_available"), "isSoldOut": ("event_registrations_sold_out",),
    "description": ("description",), "coverImageUrl": ("cover_properties", "write_date"),
}, relations={
    "category": Relation("event_type_id", EVENT_CATEGORY_SHAPE),
    "tags": Relation("tag_ids", EVENT_TAG_SHAPE, many=True),
    "tickets": Relation("event_ticket_ids", TICKET_SHAPE, many=True),
    "address": Relation("address_id", ADDRESS_SHAPE),
}, many2one=EVENT_MANY2ONE, fallback=EVENT_FIELDS)
