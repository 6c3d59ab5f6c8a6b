"""``node(id:)``: fetch any object by its global id, as Relay and Apollo caches do."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry

from bff.context import Info
from bff.schema.node import Node, decode_global_id

NodeResolver = Callable[[Info, int], Awaitable[Node | None]]
ResolverT = TypeVar("ResolverT", bound=NodeResolver)
_RESOLVERS: dict[str, NodeResolver] = {}


def node_resolver(type_name: str) -> Callable[[ResolverT], ResolverT]:
    """Register how to fetch one ``type_name`` by Odoo id (each domain registers its own types)."""

    def register(fn: ResolverT) -> ResolverT:
        _RESOLVERS[type_name] = fn
        return fn

    return register


async def resolve_node(info: Info, type_name: str, odoo_id: int) -> Node | None:
    """The object of type ``type_name`` with Odoo id ``odoo_id``, as ``node(id:)`` would answer it."""
    resolver = _RESOLVERS.get(type_name)
    return await resolver(info, odoo_id) if resolver else None


@strawberry.type
class NodeQueries:
    @strawberry.field(description="Any object by its global ID; null when it does not exist or is not visible.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        type_name, odoo_id = decode_global_id(id)
        return await resolve_node(info, type_name, odoo_id)
