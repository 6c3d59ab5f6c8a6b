"""The GraphQL schema: root types assembled from the per-domain resolver modules."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import strawberry
from graphql.validation import NoSchemaIntrospectionCustomRule
from starlette.websockets import WebSocket
from strawberry.extensions import AddValidationRules, SchemaExtension
from strawberry.schema.config import StrawberryConfig

from bff.context import Context
from bff.document_cache import DEFAULT_CHARS as DEFAULT_CACHE_CHARS
from bff.document_cache import DocumentCache, schema_version
from bff.execution import FastExecutionContext
from bff.graphql_errors import ErrorCodes, tag_in_place
from bff.http_batch import BATCH_FLAG
from bff.observability import RequestLog
from bff.query_limits import DocumentLimits
from bff.resolvers.auth import AuthMutations
from bff.resolvers.client import ClientQueries
from bff.resolvers.contact import ContactMutations
from bff.resolvers.dog import DogMutations
from bff.resolvers.equipment import EquipmentQueries
from bff.resolvers.event import EventQueries
from bff.resolvers.language import LanguageQueries
from bff.resolvers.live import LiveSubscriptions
from bff.resolvers.membership import MembershipMutations, MembershipQueries
from bff.resolvers.my_data import MyDataMutations, MyDataQueries
from bff.resolvers.node import NodeQueries
from bff.resolvers.order import OrderQueries
from bff.resolvers.post import PostQueries
from bff.resolvers.registration import RegistrationMutations
from bff.resolvers.rental import RentalMutations
from bff.resolvers.rental_tracking import RentalTrackingMutations, RentalTrackingQueries
from bff.resolvers.service_request import ServiceRequestMutations, ServiceRequestQueries
from bff.resolvers.session import SessionQueries
from bff.resolvers.session_booking import SessionBookingMutations, SessionBookingQueries
from bff.resolvers.sign_in import SignInMutations, SignInQueries
from bff.resolvers.staff import StaffMutations, StaffQueries
from bff.schema.auth import ViewerInfo
from bff.schema.client import Client
from bff.schema.dashboard import Dashboard
from bff.schema.document import Document
from bff.schema.dog import Dog
from bff.schema.equipment import Equipment
from bff.schema.event import Event, EventCategory, EventTag, Ticket
from bff.schema.membership import MembershipPlan
from bff.schema.order import Order
from bff.schema.post import Blog, BlogTag, Post
from bff.schema.registration import EventRegistration
from bff.schema.rental import Rental
from bff.schema.scalars import SCALAR_OVERRIDES
from bff.schema.service_request import ServiceRequest
from bff.schema.session import Session
from bff.schema.training import TaskStage, Trainer, TrainingPlan, TrainingTask
from bff.text_input import TextInputCheck
from bff.tracing import tracing_extensions


@strawberry.type(description="Everything a client can read.")
class Query(EventQueries, PostQueries, EquipmentQueries, LanguageQueries, ClientQueries, SessionQueries,
            SessionBookingQueries, StaffQueries, OrderQueries, MembershipQueries, ServiceRequestQueries,
            RentalTrackingQueries, SignInQueries, MyDataQueries, NodeQueries):
    pass


@strawberry.type(description="Everything a client or staff member can change.")
class Mutation(AuthMutations, DogMutations, SessionBookingMutations, RegistrationMutations, RentalMutations,
               StaffMutations, MembershipMutations, ServiceRequestMutations, RentalTrackingMutations,
               ContactMutations, SignInMutations, MyDataMutations):
    pass


@strawberry.type(description="Live updates over a websocket (graphql-transport-ws or the legacy graphql-ws).")
class Subscription(LiveSubscriptions):
    pass


class FreshLoadersPerOperation(SchemaExtension):
    """A websocket keeps one context for all its operations, and so does a batch of operations in one POST
    (``bff/http_batch.py``): give each operation fresh dataloaders, so no operation reads rows another one cached
    (a single HTTP operation gets a new context, and loaders, every time)."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context.context
        if isinstance(context, Context) and (isinstance(context.request, WebSocket) or context.extra.get(BATCH_FLAG)):
            context.use_fresh_loaders()
        yield


class BffSchema(strawberry.Schema):
    document_cache: DocumentCache  # parsed and validated documents (``bff/document_cache.py``)

    def process_errors(self, errors: list[Any], execution_context: Any = None) -> None:
        """Execution errors get their code here too, in place: operations over a websocket are formatted
        from these objects, not from what ``ErrorCodes`` returns. HTTP errors are logged by ``ErrorCodes``.
        Errors a subscription raises (before its first event or between events) have no path but keep
        their original exception."""
        context = getattr(execution_context, "context", None)
        for error in errors:
            raised = error.path is not None or error.original_error is not None  # not a document error
            if raised and not (error.extensions or {}).get("code"):
                tag_in_place(error, context, log_masked=isinstance(getattr(context, "request", None), WebSocket))


def build_schema(*, introspection: bool = True, limits: DocumentLimits | None = None,
                 max_batch: int = 10, document_cache_chars: int = DEFAULT_CACHE_CHARS,
                 extra_extensions: Sequence[Callable[[], SchemaExtension]] = (), tracing: bool = False) -> BffSchema:
    """The schema with its extensions; ``limits`` (default: the settings' defaults) bound every document,
    ``max_batch`` the operations of a batched POST (0: batching off), ``document_cache_chars`` how much document
    text the cache of parsed and validated documents holds (0: none); ``extra_extensions`` run after these;
    ``tracing`` adds OpenTelemetry spans (``bff.tracing``)."""
    limits = limits or DocumentLimits()
    cache = DocumentCache(version="", max_chars=document_cache_chars)  # its version needs the built schema
    extensions: list[Callable[[], SchemaExtension]] = [
        RequestLog, ErrorCodes, FreshLoadersPerOperation, TextInputCheck, *limits.extensions(cache)]
    if not introspection:
        extensions.append(lambda: AddValidationRules([NoSchemaIntrospectionCustomRule]))
    extensions.extend(extra_extensions)
    if tracing:
        extensions.extend(tracing_extensions())
    schema = BffSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[Event, EventCategory, EventTag, Ticket, Post, Blog, BlogTag, Equipment, Client, Dog, TrainingPlan,
               TrainingTask, Session, EventRegistration, Rental, Document, Trainer, TaskStage, ViewerInfo,
               Dashboard, Order, MembershipPlan, ServiceRequest],
        extensions=extensions,
        scalar_overrides=SCALAR_OVERRIDES,
        execution_context_class=FastExecutionContext,
        config=StrawberryConfig(batching_config={"max_operations": max_batch} if max_batch > 0 else None),
    )
    cache.version = schema_version(str(schema), limits, introspection)
    schema.document_cache = cache
    return schema
