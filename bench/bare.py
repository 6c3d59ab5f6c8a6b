"""A bare strawberry app serving the events page in the BFF's shape from data held in memory.

The issue's yardstick for the BFF's own CPU: "at least half the req/s of a bare strawberry app serving the same
shape". The bench fetches the events page once through the BFF, writes its ``data`` to a JSON file, and serves it
from here with plain dataclass fields: no Odoo, no loaders, no extensions, no limits, the same uvicorn.

    python -m bench.bare DATA.json PORT
"""

from __future__ import annotations

import json
import sys
from typing import Any

import strawberry
import uvicorn
from strawberry.asgi import GraphQL


@strawberry.type
class Named:
    name: str


@strawberry.type
class Price:
    amount: float


@strawberry.type
class Ticket:
    name: str
    price: Price


@strawberry.type
class Event:
    name: str
    category: Named | None
    tags: list[Named]
    tickets: list[Ticket]


@strawberry.type
class EventEdge:
    node: Event


@strawberry.type
class EventConnection:
    total_count: int
    edges: list[EventEdge]


def _event(node: dict[str, Any]) -> Event:
    category = node["category"]
    return Event(name=node["name"], category=Named(name=category["name"]) if category else None,
                 tags=[Named(name=tag["name"]) for tag in node["tags"]],
                 tickets=[Ticket(name=t["name"], price=Price(amount=t["price"]["amount"])) for t in node["tickets"]])


def schema_for(data: dict[str, Any]) -> strawberry.Schema:
    """A schema whose ``events(first)`` answers the first ``first`` of the events in ``data``."""
    page = data["events"]
    events = [_event(edge["node"]) for edge in page["edges"]]

    @strawberry.type
    class Query:
        @strawberry.field
        def events(self, first: int | None = None) -> EventConnection:
            return EventConnection(total_count=page["totalCount"],
                                   edges=[EventEdge(node=event) for event in events[:first]])

    return strawberry.Schema(query=Query)


if __name__ == "__main__":
    with open(sys.argv[1]) as source:
        app = GraphQL(schema_for(json.load(source)), graphql_ide=None)
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
