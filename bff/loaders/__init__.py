"""Per-request dataloaders. ``Loaders`` is built fresh for every request: a loader shared across requests
would serve one user's cached rows to another."""

from __future__ import annotations

from functools import cached_property

from bff.loaders.equipment import EquipmentByIdLoader, EquipmentDepositLoader
from bff.loaders.event import EventByIdLoader, EventCategoryByIdLoader, EventTagByIdLoader, TicketByIdLoader
from bff.loaders.partner import AddressByPartnerIdLoader
from bff.loaders.post import BlogByIdLoader, BlogTagByIdLoader, PostByIdLoader
from bff.odoo_client import OdooClient


class Loaders:
    """One attribute per loader, created on first use within the request."""

    def __init__(self, odoo: OdooClient) -> None:
        self.odoo = odoo

    @cached_property
    def event(self) -> EventByIdLoader:
        return EventByIdLoader(self.odoo)

    @cached_property
    def event_category(self) -> EventCategoryByIdLoader:
        return EventCategoryByIdLoader(self.odoo)

    @cached_property
    def event_tag(self) -> EventTagByIdLoader:
        return EventTagByIdLoader(self.odoo)

    @cached_property
    def ticket(self) -> TicketByIdLoader:
        return TicketByIdLoader(self.odoo)

    @cached_property
    def address(self) -> AddressByPartnerIdLoader:
        return AddressByPartnerIdLoader(self.odoo)

    @cached_property
    def post(self) -> PostByIdLoader:
        return PostByIdLoader(self.odoo)

    @cached_property
    def blog(self) -> BlogByIdLoader:
        return BlogByIdLoader(self.odoo)

    @cached_property
    def blog_tag(self) -> BlogTagByIdLoader:
        return BlogTagByIdLoader(self.odoo)

    @cached_property
    def equipment(self) -> EquipmentByIdLoader:
        return EquipmentByIdLoader(self.odoo)

    @cached_property
    def equipment_deposit(self) -> EquipmentDepositLoader:
        return EquipmentDepositLoader(self.odoo)
