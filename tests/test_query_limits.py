"""Document limits: abusive documents are refused before validation and before any resolver runs."""

from __future__ import annotations

import re
from typing import Any

import pytest
import strawberry
from graphql import get_introspection_query, parse

from bff.graphql_schema import build_schema
from bff.query_limits import QUERY_TOO_COMPLEX, DocumentLimits

LIMITS = DocumentLimits()
REAL = build_schema()._schema

EVENT_PAGE = "events(first: 100) { edges { node { tags { name } tickets { name } } } }"  # 3 calls, 2100 rows


def aliased(count: int, selection: str) -> str:
    return "{ " + " ".join(f"a{i}: {selection}" for i in range(count)) + " }"


def fragment_dag(levels: int) -> str:
    """Each fragment spreads the next one twice: 2^levels paths in a few hundred tokens."""
    fragments = "\n".join(f"fragment F{i} on Dog {{ n{i}: name ...F{i + 1} ...F{i + 1} }}" for i in range(levels))
    return "{ dog { ...F0 } }\n" + fragments + f"\nfragment F{levels} on Dog {{ name }}"


def messages(query: str, limits: DocumentLimits = LIMITS, **kwargs: Any) -> list[str]:
    return [e.message for e in limits.check(parse(query), REAL, **kwargs)]


# --- a small self-referencing schema, for nesting the public schema cannot reach ---------------------------

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


def dog_schema(**limits: Any) -> strawberry.Schema:
    return strawberry.Schema(query=DogQuery, extensions=DocumentLimits(**limits).extensions())


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


def test_the_depth_error_points_at_the_operation() -> None:
    query = "query A { eventCategories { name } }\n\nquery B { events { edges { node { name } } } }"
    (error,) = DocumentLimits(max_depth=3).check(parse(query), REAL)
    assert error.message == "Query depth 4 exceeds the limit of 3"
    assert error.extensions == {"code": QUERY_TOO_COMPLEX}
    assert [(loc.line, loc.column) for loc in error.locations] == [(3, 1)]


async def test_introspection_passes_the_whole_extension() -> None:
    result = await build_schema().execute(get_introspection_query(descriptions=True, input_value_deprecation=True))
    assert result.errors is None
    assert result.data is not None and result.data["__schema"]["queryType"]["name"] == "Query"


async def test_nested_introspection_is_refused() -> None:
    cheap = '{ __type(name: "Query") { fields { type { fields { type { fields { name } } } } } } }'
    assert messages(cheap) == []  # within the cost limit, but graphql-core's own rule refuses the nesting
    result = await build_schema().execute(cheap)
    assert [e.message for e in result.errors] == ["Maximum introspection depth exceeded"]
    costly = "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"
    (refusal,) = messages(costly)  # the price follows the schema's real size, so only its shape is pinned
    assert re.fullmatch(r"Query cost \d+ exceeds the limit of 5000", refusal)


# --- operations and aliases ----------------------------------------------------------------------------------


def test_a_document_with_more_operations_than_the_limit_is_refused() -> None:
    document = "\n".join(f"query Q{i} {{ __typename }}" for i in range(21))
    assert messages(document) == ["The document holds 21 operations; the limit is 20"]
    assert messages(document.rsplit("\n", 1)[0]) == []


def test_aliases_are_counted_over_the_document_and_through_fragments() -> None:
    assert messages(aliased(30, "__typename")) == []
    assert messages(aliased(31, "__typename")) == ["The document uses 31 aliases; the limit is 30"]
    spread_twice = "{ ...A ...B } fragment A on Query { ...C } fragment B on Query { ...C } " \
                   "fragment C on Query { " + " ".join(f"x{i}: __typename" for i in range(16)) + " }"
    assert messages(spread_twice) == ["The document uses 32 aliases; the limit is 30"]


async def test_a_fragment_dag_is_counted_without_expanding_it() -> None:
    # 2^40 aliased fields in ~600 tokens: strawberry's MaxAliasesLimiter would walk every one of them
    result = await dog_schema().execute(fragment_dag(40))
    assert [e.message for e in result.errors] == [f"The document uses {2 ** 40 - 1} aliases; the limit is 30"]
    assert CALLS == []


# --- cost ----------------------------------------------------------------------------------------------------


async def test_a_costly_operation_is_refused_with_its_cost() -> None:
    result = await build_schema().execute(aliased(3, EVENT_PAGE))
    assert result.data is None
    assert [e.message for e in result.errors] == ["Query cost 6750 exceeds the limit of 5000"]
    assert result.errors[0].extensions["code"] == QUERY_TOO_COMPLEX


async def test_the_extension_reads_the_request_variables() -> None:
    query = "query Friends($n: Int) { dog { friends(first: $n) { name } } }"  # 2 calls + n rows
    schema = dog_schema(max_cost=200, max_page_size=None)
    refused = await schema.execute(query, variable_values={"n": 1000})
    assert [e.message for e in refused.errors] == ["Query cost 1101 exceeds the limit of 200"]
    assert CALLS == []
    allowed = await schema.execute(query, variable_values={"n": 2})
    assert allowed.errors is None
    assert allowed.data == {"dog": {"friends": [{"name": "friend 0"}, {"name": "friend 1"}]}}


async def test_variables_apply_to_the_operation_they_were_sent_for() -> None:
    document = """
    query Small($n: Int) { dog { friends(first: $n) { name } } }
    query Big($n: Int = 1) { dog { friends(first: $n) { name } } }
    """
    schema = dog_schema(max_cost=200, max_page_size=None)
    result = await schema.execute(document, variable_values={"n": 500}, operation_name="Small")
    assert [e.message for e in result.errors] == ["Query cost 601 exceeds the limit of 200"]
    assert len(result.errors[0].locations) == 1 and result.errors[0].locations[0].line == 2
    assert (await schema.execute(document, variable_values={"n": 2}, operation_name="Big")).errors is None


def test_a_long_chain_of_fragments_is_refused_not_crashed() -> None:
    links = 3000
    fragments = "\n".join(f"fragment F{i} on Query {{ ...F{i + 1} }}" for i in range(links))
    document = parse("{ ...F0 }\n" + fragments + f"\nfragment F{links} on Query {{ __typename }}")
    (error,) = LIMITS.check(document, REAL)
    assert error.message == "Query is nested too deeply to measure"
    assert error.extensions == {"code": QUERY_TOO_COMPLEX}


# --- parser limits -------------------------------------------------------------------------------------------


async def test_too_many_tokens_are_refused_while_parsing() -> None:
    result = await dog_schema(max_tokens=100).execute("{ dog { " + "name " * 200 + "} }")
    assert [e.message for e in result.errors] == ["Syntax Error: Document contains more than 100 tokens. "
                                                  "Parsing aborted."]
    assert result.errors[0].extensions == {"code": QUERY_TOO_COMPLEX}
    assert CALLS == []


async def test_comments_count_as_tokens() -> None:
    result = await dog_schema(max_tokens=100).execute("#\n" * 200 + "{ dog { name } }")
    assert result.errors is not None and result.errors[0].extensions == {"code": QUERY_TOO_COMPLEX}


async def test_a_document_longer_than_the_limit_is_refused_before_lexing() -> None:
    result = await dog_schema(max_document_length=1000).execute("{ dog { name } }" + " " * 1000)
    assert [e.message for e in result.errors] == ["Syntax Error: Source contains more than 1000 code points. "
                                                  "Parsing aborted."]
    assert result.errors[0].extensions == {"code": QUERY_TOO_COMPLEX}


async def test_a_syntax_error_keeps_its_own_code() -> None:
    result = await build_schema().execute("{ events { ")
    assert result.errors is not None and result.errors[0].extensions["code"] == "GRAPHQL_PARSE_FAILED"


def test_prices_are_computed_once_per_schema() -> None:
    assert LIMITS.pricing(REAL) is LIMITS.pricing(REAL)
    assert DocumentLimits(max_cost=1).pricing(REAL) is LIMITS.pricing(REAL)  # same page sizes, same prices
