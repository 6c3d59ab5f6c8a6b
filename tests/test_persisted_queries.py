"""Automatic persisted queries over POST, GET and batches, and the allow-list mode (``bff/persisted_queries.py``)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bff.document_cache import document_hash
from bff.graphql_schema import build_schema
from bff.persisted_manifest import load_manifest, manifest_of
from bff.persisted_queries import MemoryPersistedQueryStore, PersistedQueries
from tests.conftest import DemoOdoo, open_bff
from tests.graphql_client import GraphQLClient
from tests.test_abusive_documents import ABUSIVE

COUNT = "query Count { events(first: 0) { totalCount } }"
NAMES = "query Names($n: Int!) { events(first: $n) { edges { node { name } } } }"
UNLISTED = "query Other { posts(first: 1) { totalCount } }"


def apq(sha256: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha256}}


async def post(http: httpx.AsyncClient, **body: Any) -> dict[str, Any]:
    response = await http.post("/graphql", json=body)
    assert response.status_code == 200, response.text
    return response.json()


async def get(http: httpx.AsyncClient, **params: Any) -> dict[str, Any]:
    query = {key: json.dumps(value) if isinstance(value, dict) else value for key, value in params.items()}
    response = await http.get("/graphql", params=query, headers={"Accept": "application/json"})
    assert response.status_code == 200, response.text
    return response.json()


def codes(body: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors", [])]


@pytest.fixture
async def allowlisted(demo_odoo: DemoOdoo, tmp_path: Path) -> AsyncIterator[GraphQLClient]:
    manifest = tmp_path / "persisted-queries.json"
    manifest.write_text(json.dumps(manifest_of({"Count": COUNT, "Names": NAMES})))
    client, odoo = await open_bff(demo_odoo.server, api_key=demo_odoo.seeded.integration_api_key,
                                  persisted_queries="allowlist", persisted_queries_manifest=str(manifest))
    yield client
    await client.http.aclose()
    await odoo.close()


async def test_post_round_trip_not_found_then_registered_then_by_hash(gql: GraphQLClient,
                                                                     demo_odoo: DemoOdoo) -> None:
    sha = document_hash(NAMES)
    demo_odoo.server.clear_calls()
    missing = await post(gql.http, extensions=apq(sha), variables={"n": 2})
    assert missing["errors"][0]["message"] == "PersistedQueryNotFound"
    assert codes(missing) == ["PERSISTED_QUERY_NOT_FOUND"] and demo_odoo.server.calls == []
    registered = await post(gql.http, query=NAMES, extensions=apq(sha), variables={"n": 2})
    assert "errors" not in registered and len(registered["data"]["events"]["edges"]) == 2
    by_hash = await post(gql.http, extensions=apq(sha), variables={"n": 3}, operationName="Names")
    assert "errors" not in by_hash and len(by_hash["data"]["events"]["edges"]) == 3


async def test_get_round_trip_with_extensions_and_variables_in_the_url(gql: GraphQLClient) -> None:
    sha = document_hash(NAMES)
    missing = await get(gql.http, extensions=apq(sha), variables={"n": 1})
    assert codes(missing) == ["PERSISTED_QUERY_NOT_FOUND"]
    registered = await get(gql.http, query=NAMES, extensions=apq(sha), variables={"n": 1})
    assert len(registered["data"]["events"]["edges"]) == 1
    by_hash = await get(gql.http, extensions=apq(sha), variables={"n": 2})
    assert "errors" not in by_hash and len(by_hash["data"]["events"]["edges"]) == 2


async def test_a_mutation_by_hash_is_still_refused_over_get(gql: GraphQLClient) -> None:
    mutation = 'mutation { logIn(email: "x@y.z", password: "p") { accessToken } }'
    await post(gql.http, query=mutation, extensions=apq(document_hash(mutation)))  # registered over POST
    response = await gql.http.get("/graphql", params={"extensions": json.dumps(apq(document_hash(mutation)))},
                                  headers={"Accept": "application/json"})
    assert response.status_code in (400, 405) and "mutation" in response.text.lower()


async def test_a_hash_that_does_not_match_the_text_is_refused_and_registers_nothing(gql: GraphQLClient) -> None:
    wrong = document_hash(COUNT)
    mismatch = await post(gql.http, query=NAMES, extensions=apq(wrong), variables={"n": 1})
    assert codes(mismatch) == ["PERSISTED_QUERY_HASH_MISMATCH"] and mismatch["data"] is None
    assert codes(await post(gql.http, extensions=apq(wrong))) == ["PERSISTED_QUERY_NOT_FOUND"]


@pytest.mark.parametrize("persisted", [{"version": 2, "sha256Hash": "0" * 64}, {"version": 1, "sha256Hash": "x"},
                                       {"version": 1}, "abc"])
async def test_a_malformed_persisted_query_is_a_typed_error(persisted: Any, gql: GraphQLClient) -> None:
    body = await post(gql.http, extensions={"persistedQuery": persisted})
    assert codes(body) == ["PERSISTED_QUERY_INVALID"]


async def test_an_invalid_or_too_costly_document_is_never_registered(gql: GraphQLClient) -> None:
    for query in ("{ noSuchField }", ABUSIVE["31 aliased counts"][0]):
        sha = document_hash(query)
        refused = await post(gql.http, query=query, extensions=apq(sha))
        assert codes(refused) in (["GRAPHQL_VALIDATION_FAILED"], ["QUERY_TOO_COMPLEX"])
        assert codes(await post(gql.http, extensions=apq(sha))) == ["PERSISTED_QUERY_NOT_FOUND"]


async def test_a_batch_item_may_be_sent_by_hash(gql: GraphQLClient) -> None:
    await post(gql.http, query=COUNT, extensions=apq(document_hash(COUNT)))
    response = await gql.http.post("/graphql", json=[{"extensions": apq(document_hash(COUNT))},
                                                     {"extensions": apq(document_hash(UNLISTED))}])
    first, second = response.json()
    assert first["data"]["events"]["totalCount"] > 0
    assert codes(second) == ["PERSISTED_QUERY_NOT_FOUND"]


async def test_allowlist_runs_listed_documents_by_hash_or_text(allowlisted: GraphQLClient) -> None:
    by_hash = await post(allowlisted.http, extensions=apq(document_hash(NAMES)), variables={"n": 1})
    assert len(by_hash["data"]["events"]["edges"]) == 1
    by_get = await get(allowlisted.http, extensions=apq(document_hash(COUNT)))
    assert by_get["data"]["events"]["totalCount"] > 0
    by_text = await post(allowlisted.http, query=COUNT)
    assert by_text["data"]["events"]["totalCount"] > 0


async def test_allowlist_refuses_everything_else_without_calling_odoo(allowlisted: GraphQLClient,
                                                                      demo_odoo: DemoOdoo) -> None:
    demo_odoo.server.clear_calls()
    sha = document_hash(UNLISTED)
    for body in ({"query": UNLISTED}, {"query": UNLISTED, "extensions": apq(sha)}, {"extensions": apq(sha)}):
        refused = await post(allowlisted.http, **body)
        assert codes(refused) == ["PERSISTED_QUERY_NOT_ALLOWED"] and refused["data"] is None
    assert codes(await get(allowlisted.http, query=UNLISTED)) == ["PERSISTED_QUERY_NOT_ALLOWED"]
    assert demo_odoo.server.calls == []


async def test_allowlist_holds_operations_that_bypass_the_http_view() -> None:
    """Websocket operations reach the schema directly: the allow-list extension refuses them there."""
    listed = {document_hash("{ __typename }"): "{ __typename }"}
    schema = build_schema(extra_extensions=PersistedQueries("allowlist", MemoryPersistedQueryStore(),
                                                            listed).extensions())
    assert (await schema.execute("{ __typename }")).data == {"__typename": "Query"}
    refused = await schema.execute("{ __typename __typename }")
    assert refused.data is None and refused.errors
    assert refused.errors[0].extensions["code"] == "PERSISTED_QUERY_NOT_ALLOWED"


async def test_allowlist_off_runs_unlisted_documents_and_the_manifest_still_answers_hashes(
        demo_odoo: DemoOdoo, tmp_path: Path) -> None:
    manifest = tmp_path / "pq.json"
    manifest.write_text(json.dumps({document_hash(COUNT): COUNT}))
    client, odoo = await open_bff(demo_odoo.server, api_key=demo_odoo.seeded.integration_api_key,
                                  persisted_queries="on", persisted_queries_manifest=str(manifest))
    try:
        assert "errors" not in await post(client.http, query=UNLISTED)
        assert (await post(client.http, extensions=apq(document_hash(COUNT))))["data"]["events"]["totalCount"] > 0
    finally:
        await client.http.aclose()
        await odoo.close()


async def test_persisted_queries_off_says_not_supported(demo_odoo: DemoOdoo) -> None:
    client, odoo = await open_bff(demo_odoo.server, persisted_queries="off")
    try:
        body = await post(client.http, query=COUNT, extensions=apq(document_hash(COUNT)))
        assert codes(body) == ["PERSISTED_QUERY_NOT_SUPPORTED"]
        assert "errors" not in await post(client.http, query=COUNT)
    finally:
        await client.http.aclose()
        await odoo.close()


def test_a_manifest_entry_whose_hash_is_not_its_documents_is_refused_at_start(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(manifest_of({"Count": COUNT})))
    assert load_manifest(good) == {document_hash(COUNT): COUNT}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({document_hash(COUNT): NAMES}))
    with pytest.raises(ValueError, match="not the SHA-256"):
        load_manifest(bad)
    with pytest.raises(ValueError, match="needs BFF_PERSISTED_QUERIES_MANIFEST"):
        PersistedQueries("allowlist", MemoryPersistedQueryStore(), None)


async def test_the_memory_store_is_bounded_by_the_text_it_holds() -> None:
    store = MemoryPersistedQueryStore(max_chars=30)
    await store.put("a", "x" * 20)
    await store.put("b", "y" * 20)  # evicts "a"
    await store.put("c", "z" * 31)  # larger than the whole store: not kept
    assert (await store.get("a"), await store.get("b"), await store.get("c")) == (None, "y" * 20, None)


async def test_allowlist_refuses_an_unlisted_subscription_before_it_starts() -> None:
    schema = build_schema(extra_extensions=PersistedQueries("allowlist", MemoryPersistedQueryStore(), {}).extensions())
    stream = await schema.subscribe("subscription { __typename }")
    first = await anext(aiter(stream))  # type: ignore[arg-type]
    assert first.data is None and first.errors
    assert first.errors[0].extensions["code"] == "PERSISTED_QUERY_NOT_ALLOWED"
