"""Query depth and cost limits: abusive documents are refused while validating, before any resolver runs."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry
from graphql import GraphQLError, TypeInfo, get_introspection_query, parse, specified_rules, validate
from graphql.validation import ValidationContext

from bff.graphql_schema import build_schema
from bff.query_limits import (
    QUERY_TOO_COMPLEX,
    QueryLimits,
    cost_limit_rule,
    depth_limit_rule,
    limits_extension_factory,
    operation_cost,
    operation_depth,
)

MAX_DEPTH, MAX_COST, PAGE = 12, 5000, 20
REAL = build_schema()._schema

# After wiring, the project's ErrorCodes lets QUERY_TOO_COMPLEX through; before, it says GRAPHQL_VALIDATION_FAILED.
REFUSED_CODES = {QUERY_TOO_COMPLEX}

STOREFRONT = """
query Storefront {
  events(first: 20) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id name subtitle slug start end timezone seatsAvailable isSoldOut coverImageUrl
        category { id name }
        tags { id name color }
        tickets { id name price { amount currency } seatsAvailable isSoldOut }
        address { city country }
      }
    }
  }
  posts(first: 10) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id title subtitle slug teaser authorName publishedAt readingTimeMinutes coverImageUrl
                   tags { id name } blog { id name slug } } }
  }
  equipment(first: 20) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name reference imageUrl unitsOwned dailyPrice { amount currency }
                   deposit { amount currency } } }
  }
}
"""

EVENT_PAGE = "events(first: 100) { edges { node { tags { name } tickets { name } } } }"  # 1 + 100 * 24 = 2401


def aliased_pages(count: int) -> str:
    return "{ " + " ".join(f"p{i}: {EVENT_PAGE}" for i in range(count)) + " }"


def errors_of(query: str, *rules: Any, schema: Any = REAL) -> list[GraphQLError]:
    """Validation errors of ``query`` with the spec's rules (the query must be valid) plus ``rules``."""
    return validate(schema, parse(query), [*specified_rules, *rules])


def measure(query: str, schema: Any = REAL, **kwargs: Any) -> tuple[int, int]:
    """``(depth, cost)`` of the only operation of ``query``."""
    document = parse(query)
    fragments = {d.name.value: d for d in document.definitions if d.kind == "fragment_definition"}
    (operation,) = [d for d in document.definitions if d.kind == "operation_definition"]
    kwargs.setdefault("default_page_size", PAGE)
    return operation_depth(operation, fragments), operation_cost(operation, fragments, schema, **kwargs)


def default_rules() -> list[Any]:
    return [depth_limit_rule(MAX_DEPTH), cost_limit_rule(MAX_COST, default_page_size=PAGE)]


def limited_bff_schema(**limits: int) -> strawberry.Schema:
    """The real schema as the app builds it: the project's ErrorCodes and the limits extension."""
    settings = {"max_depth": MAX_DEPTH, "max_cost": MAX_COST, "default_page_size": PAGE, **limits}
    return build_schema(**settings)


# --- a small self-referencing schema, for nesting the public schema cannot reach yet ------------------------

CALLS: list[str] = []


@strawberry.type
class Dog:
    name: str

    @strawberry.field
    def parent(self) -> Dog | None:
        CALLS.append("parent")
        return Dog(name=f"{self.name}'s parent")

    @strawberry.field
    def friends(self, first: int | None = None) -> list[Dog]:
        CALLS.append("friends")
        return [Dog(name=f"friend {i}") for i in range(min(first or 2, 3))]


@strawberry.type
class DogQuery:
    @strawberry.field
    def dog(self) -> Dog:
        CALLS.append("dog")
        return Dog(name="Rex")


def dog_schema(**limits: int) -> strawberry.Schema:
    settings = {"max_depth": MAX_DEPTH, "max_cost": MAX_COST, "default_page_size": PAGE, **limits}
    return strawberry.Schema(query=DogQuery, extensions=[limits_extension_factory(**settings)])


def nested_parents(levels: int) -> str:
    """``{ dog { parent { ... { name } } } }`` with ``levels`` field levels in all."""
    return "{ dog { " + "parent { " * (levels - 2) + "name" + " }" * (levels - 1) + " }"


@pytest.fixture(autouse=True)
def _clear_calls() -> None:
    CALLS.clear()


# --- depth ---------------------------------------------------------------------------------------------------


async def test_a_query_nested_20_levels_is_refused_before_any_resolver_runs() -> None:
    result = await dog_schema().execute(nested_parents(20))
    assert result.data is None
    assert [e.message for e in result.errors] == ["Query depth 20 exceeds the limit of 12"]
    assert result.errors[0].extensions == {"code": QUERY_TOO_COMPLEX}
    assert CALLS == []


async def test_a_query_at_the_depth_limit_runs() -> None:
    result = await dog_schema().execute(nested_parents(12))
    assert result.errors is None
    assert result.data is not None and "dog" in result.data
    assert CALLS.count("parent") == 10


def test_depth_counts_through_inline_fragments_on_node() -> None:
    query = '{ node(id: "RXZlbnQ6MQ==") { id ... on Event { tickets { price { amount } } } } }'
    assert measure(query)[0] == 4
    assert errors_of(query, depth_limit_rule(4)) == []
    (error,) = errors_of(query, depth_limit_rule(3))
    assert error.message == "Query depth 4 exceeds the limit of 3"
    assert error.extensions == {"code": QUERY_TOO_COMPLEX}


def test_depth_counts_through_named_fragments() -> None:
    query = """
    query Deep { events { ...Page } }
    fragment Page on EventConnection { edges { node { ...Tickets } } }
    fragment Tickets on Event { tickets { price { amount } } }
    """
    assert measure(query)[0] == 6
    assert errors_of(query, depth_limit_rule(6)) == []
    assert [e.message for e in errors_of(query, depth_limit_rule(5))] == ["Query depth 6 exceeds the limit of 5"]


def test_the_depth_error_points_at_the_operation() -> None:
    query = "query A { eventCategories { name } }\n\nquery B { events { edges { node { name } } } }"
    (error,) = validate(REAL, parse(query), [depth_limit_rule(3)])
    assert error.message == "Query depth 4 exceeds the limit of 3"
    assert [(loc.line, loc.column) for loc in error.locations] == [(3, 1)]


def test_fragment_cycles_do_not_hang_the_depth_or_cost_rule() -> None:
    query = """
    { dog { ...A } }
    fragment A on Dog { parent { ...B } }
    fragment B on Dog { parent { ...A } }
    """
    schema = dog_schema()._schema
    errors = errors_of(query, depth_limit_rule(2), cost_limit_rule(1, default_page_size=PAGE), schema=schema)
    messages = [e.message for e in errors]
    assert any("Cannot spread fragment 'A' within itself" in m for m in messages), messages
    assert "Query depth 3 exceeds the limit of 2" in messages


def test_introspection_passes_the_depth_rule() -> None:
    introspection = get_introspection_query(descriptions=True, input_value_deprecation=True)
    assert errors_of(introspection, depth_limit_rule(1)) == []
    assert measure("{ __typename events { __typename } }")[0] == 1


async def test_introspection_passes_the_whole_extension() -> None:
    result = await limited_bff_schema().execute(get_introspection_query(descriptions=True))
    assert result.errors is None
    assert result.data is not None and result.data["__schema"]["queryType"]["name"] == "Query"


async def test_nested_introspection_is_refused() -> None:
    query = "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"
    result = await limited_bff_schema().execute(query)
    assert [e.message for e in result.errors] == ["Maximum introspection depth exceeded"]


# --- cost ----------------------------------------------------------------------------------------------------


async def test_a_query_asking_for_10000_nodes_is_refused() -> None:
    result = await limited_bff_schema().execute(aliased_pages(5))
    assert result.data is None
    assert [e.message for e in result.errors] == ["Query cost 12005 exceeds the limit of 5000"]
    assert result.errors[0].extensions["code"] in REFUSED_CODES


def test_the_cost_error_carries_its_code_and_the_operation_location() -> None:
    rule = cost_limit_rule(MAX_COST, default_page_size=PAGE)
    (error,) = validate(REAL, parse("\n  " + aliased_pages(3)), [rule])
    assert error.message == "Query cost 7203 exceeds the limit of 5000"
    assert error.extensions == {"code": QUERY_TOO_COMPLEX}
    assert [(loc.line, loc.column) for loc in error.locations] == [(2, 3)]


def test_aliases_count_separately() -> None:
    assert measure(aliased_pages(1))[1] == 2401
    assert measure(aliased_pages(2))[1] == 4802
    assert errors_of(aliased_pages(2), *default_rules()) == []
    assert [e.message for e in errors_of(aliased_pages(3), *default_rules())] == [
        "Query cost 7203 exceeds the limit of 5000"]


def test_fragments_are_counted_like_the_selections_they_stand_for() -> None:
    query = """
    { a: events(first: 100) { ...Page } b: events(first: 100) { ... on EventConnection { ...Page } } }
    fragment Page on EventConnection { edges { node { tags { name } tickets { name } } } }
    """
    assert measure(query)[1] == measure(aliased_pages(2))[1] == 4802


def test_the_storefront_query_passes_under_the_defaults() -> None:
    assert measure(STOREFRONT) == (6, 3243)
    assert errors_of(STOREFRONT, *default_rules()) == []


def test_page_size_multiplies_and_connection_edges_are_not_multiplied_again() -> None:
    # events: 1 + first * (edges 1 + node (1 + tags (1 + 10 * name)))  =  1 + 13 * first
    assert measure("{ events(first: 100) { edges { node { tags { name } } } } }")[1] == 1301
    assert measure("{ events(first: 3) { edges { node { tags { name } } } } }")[1] == 40
    # other lists count `list_factor` items
    assert measure("{ eventCategories { name } }")[1] == 11
    assert measure("{ eventCategories { name } }", list_factor=4)[1] == 5
    assert measure("{ event(id: \"x\") { name } }")[1] == 2


def test_an_absent_or_null_first_counts_as_the_default_page_size() -> None:
    assert measure("{ events { edges { node { tags { name } } } } }")[1] == 1 + 13 * PAGE
    assert measure("{ events(first: null) { edges { node { tags { name } } } } }")[1] == 1 + 13 * PAGE
    assert measure("{ events { edges { node { name } } } }", default_page_size=50)[1] == 1 + 3 * 50


def test_first_from_a_variable() -> None:
    query = "query($n: Int) { events(first: $n) { edges { node { tags { name } } } } }"
    with_default = "query($n: Int = 50) { events(first: $n) { edges { node { tags { name } } } } }"
    assert measure(query, variables={"n": 100})[1] == 1301
    assert measure(query)[1] == 1 + 13 * PAGE  # variables unknown: the default page size
    assert measure(with_default)[1] == 651  # variables unknown: the variable's default
    assert measure(with_default, variables={"n": 2})[1] == 27
    assert measure(with_default, variables={"n": None})[1] == 651  # not an int: as if not given
    errors = errors_of(query, cost_limit_rule(1000, default_page_size=PAGE, variables={"n": 100}))
    assert [e.message for e in errors] == ["Query cost 1301 exceeds the limit of 1000"]
    assert errors_of(query, cost_limit_rule(1000, default_page_size=PAGE, variables={"n": 50})) == []


async def test_the_extension_reads_the_request_variables() -> None:
    query = "query Friends($n: Int) { dog { friends(first: $n) { name } } }"  # 1 + (1 + n)
    schema = dog_schema(max_cost=100)
    refused = await schema.execute(query, variable_values={"n": 1000})
    assert [e.message for e in refused.errors] == ["Query cost 1002 exceeds the limit of 100"]
    assert CALLS == []
    allowed = await schema.execute(query, variable_values={"n": 2})
    assert allowed.errors is None
    assert allowed.data == {"dog": {"friends": [{"name": "friend 0"}, {"name": "friend 1"}]}}


async def test_variables_apply_to_the_operation_they_were_sent_for() -> None:
    document = """
    query Small($n: Int) { dog { friends(first: $n) { name } } }
    query Big($n: Int = 1) { dog { friends(first: $n) { name } } }
    """
    schema = dog_schema(max_cost=100)
    result = await schema.execute(document, variable_values={"n": 500}, operation_name="Small")
    assert [e.message for e in result.errors] == ["Query cost 502 exceeds the limit of 100"]
    assert len(result.errors[0].locations) == 1 and result.errors[0].locations[0].line == 2
    assert (await schema.execute(document, variable_values={"n": 2}, operation_name="Big")).errors is None


def test_a_long_chain_of_fragments_is_refused_not_crashed() -> None:
    links = 3000
    fragments = "\n".join(f"fragment F{i} on Dog {{ ...F{i + 1} }}" for i in range(links))
    document = parse("{ dog { ...F0 } }\n" + fragments + f"\nfragment F{links} on Dog {{ name }}")
    schema = dog_schema()._schema
    # graphql-core (3.3) gives up on such a document before any rule recurses...
    assert [e.message for e in validate(schema, document, default_rules())] == ["Validation aborted."]
    # ...and should a rule meet one anyway, it refuses it instead of crashing.
    errors: list[GraphQLError] = []
    context = ValidationContext(schema, document, TypeInfo(schema), errors.append)
    operation = document.definitions[0]
    for rule in default_rules():
        rule(context).enter_operation_definition(operation)
    assert [e.message for e in errors] == ["Query is nested too deeply to measure"] * 2
    assert all(e.extensions == {"code": QUERY_TOO_COMPLEX} for e in errors)


def test_the_factory_builds_a_fresh_extension_for_every_request() -> None:
    factory = limits_extension_factory(MAX_DEPTH, MAX_COST, PAGE)
    first, second = factory(), factory()
    assert isinstance(first, QueryLimits) and first is not second
    assert (first.max_depth, first.max_cost, first.default_page_size) == (MAX_DEPTH, MAX_COST, PAGE)
