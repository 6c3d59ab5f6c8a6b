"""The GraphQL schema: root types assembled from the per-domain resolver modules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import AddValidationRules, SchemaExtension

from bff.graphql_errors import ErrorCodes
from bff.resolvers.equipment import EquipmentQueries
from bff.resolvers.event import EventQueries
from bff.resolvers.node import NodeQueries
from bff.resolvers.post import PostQueries
from bff.schema.equipment import Equipment
from bff.schema.event import Event, EventCategory, EventTag, Ticket
from bff.schema.post import Blog, BlogTag, Post


@strawberry.type(description="Everything a client can read.")
class Query(EventQueries, PostQueries, EquipmentQueries, NodeQueries):
    pass


class BffSchema(strawberry.Schema):
    def process_errors(self, errors: list[Any], execution_context: Any = None) -> None:
        """Errors are logged by ``ErrorCodes`` (with the request id), not again here."""


def build_schema(*, introspection: bool = True) -> strawberry.Schema:
    extensions: list[Callable[[], SchemaExtension]] = [ErrorCodes]
    if not introspection:
        extensions.append(lambda: AddValidationRules([NoSchemaIntrospectionCustomRule]))
    return BffSchema(
        query=Query,
        types=[Event, EventCategory, EventTag, Ticket, Post, Blog, BlogTag, Equipment],
        extensions=extensions,
    )
