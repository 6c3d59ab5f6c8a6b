"""Responses are encoded with orjson (``GraphQLView.encode_json``): text, compact, and whatever orjson refuses
still encoded the way ``json`` would."""

from __future__ import annotations

import json

from bff.app import GraphQLView
from tests.graphql_client import GraphQLClient


def test_encoding_is_compact_text_and_falls_back_for_what_orjson_refuses() -> None:
    encode = GraphQLView.encode_json
    data = {"data": {"name": "Café ü", "n": [1, 2.5, None, True]}}
    encoded = encode(None, data)  # type: ignore[arg-type]  # the view's state is not used
    assert isinstance(encoded, str) and json.loads(encoded) == data and ", " not in encoded
    assert encode(None, {"big": 2**70}) == '{"big":1180591620717411303424}'  # type: ignore[arg-type]


async def test_a_response_body_is_the_encoded_result(gql: GraphQLClient) -> None:
    response = await gql.http.post("/graphql", json={"query": "{ __typename }"})
    assert response.content == b'{"data":{"__typename":"Query"}}'
    assert response.headers["content-type"].startswith("application/json")
