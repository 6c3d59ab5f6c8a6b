"""Per-request dataloaders. ``Loaders`` is built fresh for every request: a loader shared across requests
would serve one user's cached rows to another."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from bff.documents import DocumentsByOwnerLoader
from bff.loaders.equipment import EquipmentAvailabilityLoader, EquipmentByIdLoader, EquipmentDepositLoader
from bff.loaders.event import EventByIdLoader, EventCategoryByIdLoader, EventTagByIdLoader, TicketByIdLoader
from bff.loaders.partner import AddressByPartnerIdLoader
from bff.loaders.post import BlogByIdLoader, BlogTagByIdLoader, PostByIdLoader
from bff.loaders.private import (
    ClientByIdLoader,
    DogByIdLoader,
    DogsByOwnerLoader,
    OrderByIdLoader,
    OrderLinesByOrderLoader,
    PlanByIdLoader,
    PlanProgressLoader,
    PlansByClientLoader,
    PlansByDogLoader,
    RegistrationByIdLoader,
    RegistrationsByClientLoader,
    RegistrationsByOrderLoader,
    RentalByIdLoader,
    RentalLinesByRentalLoader,
    RentalsByClientLoader,
    SessionByIdLoader,
    SessionsByAttendeeLoader,
    SessionsByDogLoader,
    TaskByIdLoader,
    TasksByPlanLoader,
    TaskStageByIdLoader,
)
from bff.loaders.service_request import ServiceRequestLoaders
from bff.loaders.session import WorkingTimeZoneLoader
from bff.odoo_client import OdooClient
from bff.policy import Scope


class Loaders:
    """One attribute per loader, created on first use within the request. Private loaders take the
    viewer's scope, so what they return is already limited to the viewer."""

    def __init__(self, odoo: OdooClient, scope: Scope, lang: str | None = None) -> None:
        self.odoo = odoo
        self.scope = scope
        self.lang = lang
        self._languages: dict[str, Loaders] = {}
        self._sessions_by_window: dict[tuple[str, ...], SessionsByAttendeeLoader] = {}
        self._availability: dict[tuple[str, str], EquipmentAvailabilityLoader] = {}

    def in_lang(self, lang: str) -> Loaders:
        """The loaders of this request that read translated texts in ``lang`` (an installed Odoo code): one
        set per language, so each language still costs one read per model and level."""
        if lang == self.lang:
            return self
        if lang not in self._languages:
            self._languages[lang] = Loaders(self.odoo, self.scope, lang)
        return self._languages[lang]

    def equipment_availability(self, start: str, end: str) -> EquipmentAvailabilityLoader:
        """One loader per period, so a catalogue page asks Odoo once for every item's availability."""
        if (start, end) not in self._availability:
            self._availability[start, end] = EquipmentAvailabilityLoader(self.odoo, start, end)
        return self._availability[start, end]

    def sessions_by_attendee(self, window: list[Any]) -> SessionsByAttendeeLoader:
        """One loader per time window, so clients asked with the same window share one Odoo call."""
        key = tuple(repr(leaf) for leaf in window)
        if key not in self._sessions_by_window:
            self._sessions_by_window[key] = SessionsByAttendeeLoader(self.odoo, self.scope.sessions(), window)
        return self._sessions_by_window[key]

    @cached_property
    def event(self) -> EventByIdLoader:
        return EventByIdLoader(self.odoo, self.lang)

    @cached_property
    def event_category(self) -> EventCategoryByIdLoader:
        return EventCategoryByIdLoader(self.odoo, self.lang)

    @cached_property
    def event_tag(self) -> EventTagByIdLoader:
        return EventTagByIdLoader(self.odoo, self.lang)

    @cached_property
    def ticket(self) -> TicketByIdLoader:
        return TicketByIdLoader(self.odoo, self.lang)

    @cached_property
    def address(self) -> AddressByPartnerIdLoader:
        return AddressByPartnerIdLoader(self.odoo)

    @cached_property
    def post(self) -> PostByIdLoader:
        return PostByIdLoader(self.odoo, self.lang)

    @cached_property
    def blog(self) -> BlogByIdLoader:
        return BlogByIdLoader(self.odoo, self.lang)

    @cached_property
    def blog_tag(self) -> BlogTagByIdLoader:
        return BlogTagByIdLoader(self.odoo, self.lang)

    @cached_property
    def equipment(self) -> EquipmentByIdLoader:
        return EquipmentByIdLoader(self.odoo, self.lang)

    @cached_property
    def equipment_deposit(self) -> EquipmentDepositLoader:
        return EquipmentDepositLoader(self.odoo)

    @cached_property
    def service_requests(self) -> ServiceRequestLoaders:
        return ServiceRequestLoaders(self.odoo, self.scope.service_requests())

    @cached_property
    def dog(self) -> DogByIdLoader:
        return DogByIdLoader(self.odoo, self.scope.dogs())

    @cached_property
    def plan(self) -> PlanByIdLoader:
        return PlanByIdLoader(self.odoo, self.scope.plans())

    @cached_property
    def plans_by_dog(self) -> PlansByDogLoader:
        return PlansByDogLoader(self.odoo, self.scope.plans())

    @cached_property
    def tasks_by_plan(self) -> TasksByPlanLoader:
        return TasksByPlanLoader(self.odoo, self.scope.tasks())

    @cached_property
    def plan_progress(self) -> PlanProgressLoader:
        return PlanProgressLoader(self.odoo, self.scope.tasks())

    @cached_property
    def session(self) -> SessionByIdLoader:
        return SessionByIdLoader(self.odoo, self.scope.sessions())

    @cached_property
    def sessions_by_dog(self) -> SessionsByDogLoader:
        return SessionsByDogLoader(self.odoo, self.scope.sessions())

    @cached_property
    def registration(self) -> RegistrationByIdLoader:
        return RegistrationByIdLoader(self.odoo, self.scope.registrations())

    @cached_property
    def rental(self) -> RentalByIdLoader:
        return RentalByIdLoader(self.odoo, self.scope.rentals())

    @cached_property
    def rental_lines(self) -> RentalLinesByRentalLoader:
        return RentalLinesByRentalLoader(self.odoo, [("product_id.type", "!=", "service")])  # not the deposit

    @cached_property
    def order(self) -> OrderByIdLoader:
        return OrderByIdLoader(self.odoo, self.scope.orders())

    @cached_property
    def order_lines(self) -> OrderLinesByOrderLoader:
        return OrderLinesByOrderLoader(self.odoo, [("display_type", "=", False)])

    @cached_property
    def registrations_by_order(self) -> RegistrationsByOrderLoader:
        return RegistrationsByOrderLoader(self.odoo, self.scope.registrations())

    @cached_property
    def client(self) -> ClientByIdLoader:
        return ClientByIdLoader(self.odoo, self.scope.client_partners())

    @cached_property
    def task(self) -> TaskByIdLoader:
        return TaskByIdLoader(self.odoo, self.scope.tasks())

    @cached_property
    def dogs_by_owner(self) -> DogsByOwnerLoader:
        return DogsByOwnerLoader(self.odoo, self.scope.dogs())

    @cached_property
    def plans_by_client(self) -> PlansByClientLoader:
        return PlansByClientLoader(self.odoo, self.scope.plans())

    @cached_property
    def registrations_by_client(self) -> RegistrationsByClientLoader:
        return RegistrationsByClientLoader(self.odoo, self.scope.registrations())

    @cached_property
    def rentals_by_client(self) -> RentalsByClientLoader:
        return RentalsByClientLoader(self.odoo, self.scope.rentals())

    @cached_property
    def documents_by_owner(self) -> DocumentsByOwnerLoader:
        return DocumentsByOwnerLoader(self.odoo, self.scope)

    @cached_property
    def working_time_zone(self) -> WorkingTimeZoneLoader:
        return WorkingTimeZoneLoader(self.odoo)

    @cached_property
    def task_stage(self) -> TaskStageByIdLoader:
        return TaskStageByIdLoader(self.odoo, [])
