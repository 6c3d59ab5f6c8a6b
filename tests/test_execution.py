"""``bff.execution.FastExecutionContext`` answers exactly what strawberry's default execution answers.

Two halves: a small schema made to exercise every completion path (null propagation through non-null fields
and list items, resolvers that raise or return exceptions, async resolvers and async list items, abstract
types, ``is_type_of`` mismatches, tuples and generators, enums, custom scalars, arguments, aliases and
fragments), and the BFF's own schema over the demo emulator (public pages, a client's private pages, errors
and the full introspection query), each document run through both execution contexts.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import AsyncIterator
from typing import Annotated, Any

import pytest
import strawberry
from graphql import get_introspection_query
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

import bff.graphql_schema
from bff.execution import FastExecutionContext
from tests.conftest import DemoOdoo, open_bff
from tests.graphql_client import GraphQLClient


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Leaf:
    name: str
    size: int | None = None
    colour: Colour = Colour.RED


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Dog(Named):
    barks: bool


@strawberry.type
class Cat(Named):
    lives: int


Pet = Annotated[Dog | Cat, strawberry.union("Pet")]


@strawberry.type
class Branch:
    title: str
    leaves: list[Leaf]
    maybe_leaves: list[Leaf | None] | None = None

    @strawberry.field
    def required(self) -> str:
        return None  # type: ignore[return-value]  # a non-null field answering null

    @strawberry.field
    def fails(self) -> str | None:
        raise ValueError("this field fails")

    @strawberry.field
    def returns_error(self) -> str | None:
        return ValueError("returned, not raised")  # type: ignore[return-value]

    @strawberry.field
    async def later(self, info: strawberry.Info) -> list[Leaf]:
        await asyncio.sleep(0)
        return [Leaf(name=f"{self.title}-later-{info.field_name}")]

    @strawberry.field
    async def later_fails(self) -> Leaf:
        await asyncio.sleep(0)
        raise RuntimeError("async failure")

    @strawberry.field
    def awaitable_items(self) -> list[Leaf]:
        async def one(name: str) -> Leaf:
            await asyncio.sleep(0)
            return Leaf(name=name)

        return [one("a"), one("b")]  # type: ignore[list-item]

    @strawberry.field
    def generated(self) -> list[int]:
        return (n * n for n in range(4))  # type: ignore[return-value]

    @strawberry.field
    def tupled(self) -> list[str]:
        return ("x", "y")  # type: ignore[return-value]

    @strawberry.field
    def wrong_type(self) -> Dog:
        return Leaf(name="not a dog")  # type: ignore[return-value]  # caught by Dog's is_type_of

    @strawberry.field
    def cast_away(self) -> Dog | None:
        return strawberry.cast(Cat, Dog(name="Rex", barks=True))  # a Dog cast to Cat: Dog's is_type_of refuses

    @strawberry.field
    def bad_int(self) -> int | None:
        return "seven"  # type: ignore[return-value]

    @strawberry.field
    def sized(self, minimum: int = 0) -> list[Leaf]:
        return [leaf for leaf in self.leaves if (leaf.size or 0) >= minimum]

    @strawberry.field
    def pets(self) -> list[Pet]:  # type: ignore[valid-type]
        return [Dog(name="Rex", barks=True), Cat(name="Tom", lives=9)]

    @strawberry.field
    def named(self) -> list[Named]:
        return [Cat(name="Kit", lives=3)]

    @strawberry.field
    def nested(self) -> list[list[Leaf | None]]:
        return [[Leaf(name="n1"), None], []]


def _branch(title: str) -> Branch:
    return Branch(title=title, leaves=[Leaf(name="a", size=1), Leaf(name="b", colour=Colour.BLUE)],
                  maybe_leaves=[Leaf(name="c"), None])


@strawberry.type
class Query:
    @strawberry.field
    def branches(self) -> list[Branch]:
        return [_branch("one"), _branch("two")]

    @strawberry.field
    def strict_branches(self) -> list[Branch]:
        return [_branch("three"), None]  # type: ignore[list-item]  # a null item in a list of non-null

    @strawberry.field
    def branch(self, title: str) -> Branch:
        return _branch(title)


@strawberry.type
class Mutation:
    @strawberry.mutation
    def rename(self, title: str) -> Branch:
        return _branch(title.upper())


DOCUMENTS = [
    "{ branches { title leaves { name size colour } maybeLeaves { name } } }",
    "{ branches { title required } }",
    "{ strictBranches { title } }",
    "{ branches { fails returnsError badInt } }",
    "{ branches { later { name } laterFails { name } awaitableItems { name } } }",
    "{ branches { generated tupled wrongType { name } } }",
    "{ branch(title: \"c\") { castAway { name } title } }",
    "{ b: branch(title: \"x\") { t: title all: leaves { ...L } big: sized(minimum: 1) { ...L } } } "
    "fragment L on Leaf { name size }",
    "{ branch(title: \"y\") { pets { __typename ... on Dog { name barks } ... on Cat { name lives } } "
    "named { __typename name ... on Cat { lives } } nested { name } } }",
    "query($skip: Boolean!) { branches { title @skip(if: $skip) leaves @include(if: $skip) { name } } }",
    "mutation { rename(title: \"m\") { title leaves { name } } }",
    "{ __typename branches { __typename leaves { __typename } } }",
]


def _run(schema: strawberry.Schema, document: str) -> dict[str, Any]:
    result = asyncio.run(schema.execute(document, variable_values={"skip": True}))
    return {"data": result.data, "errors": [error.formatted for error in result.errors or []]}


@pytest.mark.parametrize("document", DOCUMENTS)
def test_same_answers_as_strawberry_on_every_completion_path(document: str) -> None:
    fast = strawberry.Schema(query=Query, mutation=Mutation, execution_context_class=FastExecutionContext)
    default = strawberry.Schema(query=Query, mutation=Mutation)
    assert _run(fast, document) == _run(default, document)


def test_the_small_schema_exercises_errors() -> None:
    """The documents above do fail where they should: the comparison is not between two empty answers."""
    fast = strawberry.Schema(query=Query, mutation=Mutation, execution_context_class=FastExecutionContext)
    messages = [e["message"] for d in DOCUMENTS for e in _run(fast, d)["errors"]]
    assert "Cannot return null for non-nullable field Branch.required." in messages
    assert "this field fails" in messages and "returned, not raised" in messages
    assert "async failure" in messages
    assert sum("Expected value of type 'Dog'" in m for m in messages) == 2  # wrongType, castAway
    assert _run(fast, DOCUMENTS[2])["data"] is None  # a null item of [Branch!]! nulls the whole answer


EVENTS = """query($first: Int) { events(first: $first) { totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id name subtitle slug start end timezone seatsMax seatsAvailable isSoldOut
    coverImageUrl(width: 600, height: 400) category { id name } tags { id name color group }
    tickets { id name description price { amount currencyCode formatted } seatsMax seatsAvailable isSoldOut }
    address { city } } } } }"""
POSTS = """{ posts(first: 5) { totalCount edges { node { id title subtitle teaser publishedAt authorName slug
  readingTimeMinutes blog { id name } tags { name } } } } blogs { name } equipment { edges { node { id name
  dailyPrice { amount formatted } unitsOwned imageUrl(width: 300) } } } languages { code name } }"""
PRIVATE = """{ me { id name email dogs { id name breed birthDate sex weightKg trainingPlans { id name
  startDate trainer { name } stages { name } tasks { name isDone deadline stage { name } } progress { percent } }
  sessions { id title start isPast dog { name } } } registrations { id state event { name } }
  rentals { id } orders(first: 3) { edges { node { id } } } membership { __typename } documents { name } }
  dashboard { id nextSessions(first: 3) { title start dog { name } trainingPlan { name } }
  activePlans { name dog { name } tasks { name isDone } progress { percent } }
  upcomingRegistrations { state event { name start } } openRentals { id }
  counts { dogs activePlans upcomingSessions openRentals upcomingRegistrations } } }"""
FAILING = [
    '{ node(id: "not-an-id") { id } }',
    '{ trainingPlan(id: "VHJhaW5pbmdQbGFuOjk5OTk5") { name dog { name } } }',
    "{ me { name } }",
    "{ dashboard { counts { dogs } } }",
]


async def _answer(client: GraphQLClient, document: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """The answer without what differs between any two requests (each error's request id)."""
    answer = await client.raw(document, variables)
    for error in answer.get("errors", []):
        error.get("extensions", {}).pop("requestId", None)
    return answer


@pytest.fixture
async def both_bffs(demo_odoo: DemoOdoo, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[
        tuple[GraphQLClient, GraphQLClient]]:
    """The BFF twice over the demo emulator: as shipped, and with strawberry's default execution context."""
    key = demo_odoo.seeded.integration_api_key
    fast, fast_odoo = await open_bff(demo_odoo.server, api_key=key)
    monkeypatch.setattr(bff.graphql_schema, "FastExecutionContext", StrawberryGraphQLCoreExecutionContext)
    default, default_odoo = await open_bff(demo_odoo.server, api_key=key)
    yield fast, default
    for client, odoo in ((fast, fast_odoo), (default, default_odoo)):
        await client.http.aclose()
        await odoo.close()


async def test_the_bff_answers_the_same_with_either_execution(both_bffs: tuple[GraphQLClient, GraphQLClient]) -> None:
    fast, default = both_bffs
    documents: list[tuple[str, dict[str, Any]]] = [(EVENTS, {"first": 50}), (EVENTS, {"first": 1}), (POSTS, {}),
                                                   (get_introspection_query(descriptions=True), {})]
    documents += [(document, {}) for document in FAILING]
    for document, variables in documents:
        assert await _answer(fast, document, variables) == await _answer(default, document, variables), document
    fast_dana, default_dana = await fast.log_in("dana@customk9.demo"), await default.log_in("dana@customk9.demo")
    for document in [PRIVATE, *FAILING]:
        assert await _answer(fast_dana, document) == await _answer(default_dana, document), document
    assert (await fast_dana.raw(PRIVATE))["data"]["me"]["dogs"], "Dana's dogs are read: the private page is not empty"
    assert [e["extensions"]["code"] for e in (await fast.raw(FAILING[2]))["errors"]] == ["UNAUTHENTICATED"]


def test_a_schema_with_resolve_middleware_runs_every_field_through_it() -> None:
    """A tracing extension that hooks ``resolve`` must see plain attribute fields too."""
    seen: list[str] = []

    class Spy(strawberry.extensions.SchemaExtension):
        def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
            seen.append(info.field_name)
            return _next(root, info, *args, **kwargs)

    schema = strawberry.Schema(query=Query, extensions=[Spy], execution_context_class=FastExecutionContext)
    assert _run(schema, "{ branches { title leaves { name } } }")["errors"] == []
    assert seen.count("name") == 4 and seen.count("title") == 2
