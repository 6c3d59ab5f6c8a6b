"""Parsed and validated documents are reused between requests (``bff/document_cache.py``), and the limits still
refuse what they refused before: a cached document is checked again wherever the request can change the answer."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry.schema.schema as strawberry_schema

from bff.graphql_schema import BffSchema, build_schema
from bff.query_limits import DocumentLimits
from tests.conftest import DemoOdoo
from tests.graphql_client import GraphQLClient
from tests.test_abusive_documents import ABUSIVE

DEEP = "{ events(first: 1) { edges { node { category { name } } } } }"  # depth 5
PAGES = """query Pages($n: Int!) {
  a: events(first: $n) { edges { node { tags { name } tickets { name } } } }
  b: events(first: $n) { edges { node { tags { name } tickets { name } } } }
  c: events(first: $n) { edges { node { tags { name } tickets { name } } } }
}"""


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often graphql-core's parser and strawberry's validation actually run."""
    calls = {"parse": 0, "validate": 0}
    parse, validate = strawberry_schema.parse, strawberry_schema.validate_document

    def counting_parse(*args: Any, **kwargs: Any) -> Any:
        calls["parse"] += 1
        return parse(*args, **kwargs)

    def counting_validate(*args: Any, **kwargs: Any) -> Any:
        calls["validate"] += 1
        return validate(*args, **kwargs)

    monkeypatch.setattr(strawberry_schema, "parse", counting_parse)
    monkeypatch.setattr(strawberry_schema, "validate_document", counting_validate)
    return calls


async def test_two_requests_parse_and_validate_once(counted: dict[str, int]) -> None:
    schema = build_schema()
    for _ in range(2):
        result = await schema.execute("{ __typename }")
        assert result.errors is None and result.data == {"__typename": "Query"}
    assert counted == {"parse": 1, "validate": 1}
    assert (schema.document_cache.parses, schema.document_cache.hits, len(schema.document_cache)) == (1, 1, 1)


async def test_a_cache_of_size_zero_parses_every_time(counted: dict[str, int]) -> None:
    schema = build_schema(document_cache_chars=0)
    for _ in range(2):
        assert (await schema.execute("{ __typename }")).errors is None
    assert counted == {"parse": 2, "validate": 2}
    assert len(schema.document_cache) == 0


async def test_an_invalid_document_is_refused_every_time_and_never_kept(counted: dict[str, int]) -> None:
    schema = build_schema()
    for _ in range(2):
        result = await schema.execute("{ noSuchField }")
        assert result.errors and "noSuchField" in result.errors[0].message
    assert counted == {"parse": 2, "validate": 2}
    assert len(schema.document_cache) == 0


@pytest.mark.parametrize("name", ["31 aliased counts", "21 operations", "a fragment DAG", "100,000 tokens"])
async def test_an_abusive_document_is_refused_again_and_never_kept(name: str) -> None:
    schema = build_schema()
    query, message = ABUSIVE[name]
    for _ in range(2):
        result = await schema.execute(query)
        assert result.errors and message in result.errors[0].message
        assert result.errors[0].extensions["code"] == "QUERY_TOO_COMPLEX"
    assert len(schema.document_cache) == 0


async def test_the_cost_of_a_cached_document_follows_each_requests_variables(
        gql: GraphQLClient, demo_odoo: DemoOdoo) -> None:
    small = await gql.raw(PAGES, {"n": 1})
    assert "errors" not in small and len(small["data"]["a"]["edges"]) == 1
    demo_odoo.server.clear_calls()
    refused = await gql.raw(PAGES, {"n": 100})  # the same text, from the cache: cost 6750 > 5000
    assert [e["extensions"]["code"] for e in refused["errors"]] == ["QUERY_TOO_COMPLEX"]
    assert "Query cost 6750 exceeds the limit of 5000" in refused["errors"][0]["message"]
    assert refused["data"] is None and demo_odoo.server.calls == []
    again = await gql.raw(PAGES, {"n": 2})
    assert "errors" not in again and len(again["data"]["b"]["edges"]) == 2


async def test_a_document_that_passed_one_schemas_limits_is_judged_again_by_another(
        counted: dict[str, int]) -> None:
    lenient, strict = build_schema(), build_schema(limits=DocumentLimits(max_depth=3))
    strict.document_cache.entries = lenient.document_cache.entries  # one store, two schema versions
    assert lenient.document_cache.version != strict.document_cache.version
    await lenient.execute(DEEP)  # passes parsing, the limits and validation (then fails without a context)
    (entry,) = lenient.document_cache.entries.values()
    assert entry.validated_with is not None
    result = await strict.execute(DEEP)
    assert result.errors and result.errors[0].message == "Query depth 5 exceeds the limit of 3"
    assert counted["parse"] == 2  # the strict schema parsed it itself: the key holds the schema version


def test_the_schema_version_is_stable_and_follows_the_schema_and_its_limits() -> None:
    first, again = build_schema(), build_schema()
    assert isinstance(first, BffSchema) and first.document_cache.version == again.document_cache.version
    assert build_schema(introspection=False).document_cache.version != first.document_cache.version
    assert build_schema(limits=DocumentLimits(max_cost=10)).document_cache.version != first.document_cache.version


async def test_introspection_off_is_not_bypassed_through_a_document_cached_while_on() -> None:
    on, off = build_schema(), build_schema(introspection=False)
    off.document_cache.entries = on.document_cache.entries
    query = "{ __schema { queryType { name } } }"
    assert (await on.execute(query)).errors is None
    result = await off.execute(query)
    assert result.errors and "introspection" in result.errors[0].message.lower()


async def test_the_text_check_walks_only_documents_that_carry_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """``{"first": 2}`` holds no string, so the document is not walked; a string variable still is, and a
    bad one is still refused on a cached document."""
    import bff.text_input as text_input

    walks: list[str] = []
    find = text_input.find_text_problem

    def counting(schema: Any, document: Any, variables: Any) -> Any:
        walks.append(str(variables))
        return find(schema, document, variables)

    monkeypatch.setattr(text_input, "find_text_problem", counting)
    schema = build_schema()
    numbers = "query Q($n: Int!) { events(first: $n) { totalCount } }"
    await schema.execute(numbers, variable_values={"n": 2})
    assert walks == [] and text_input.carries_text({"a": [1, {"b": None}]}) is False
    search = "query S($q: String) { posts(first: 1, filter: { search: $q }) { totalCount } }"
    for _ in range(2):  # the second time from the cache: refused all the same
        result = await schema.execute(search, variable_values={"q": "bad\x00text"})
        assert result.errors and result.errors[0].extensions["code"] == "BAD_USER_INPUT"
    assert len(walks) == 2


async def test_the_cache_is_bounded_by_the_text_it_holds() -> None:
    schema = build_schema(document_cache_chars=30)
    for query in ("{ __typename }", "{  __typename }", "{   __typename }"):  # 14, 15 and 16 characters
        assert (await schema.execute(query)).errors is None
    assert len(schema.document_cache) == 1 and schema.document_cache.holds("{   __typename }")
    assert not schema.document_cache.holds("{ __typename }")
