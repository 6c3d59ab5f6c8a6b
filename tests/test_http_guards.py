"""The HTTP edge (``bff/http_guards.py``): body limit, malformed bodies and transport errors as GraphQL error
documents, and who may read ``/metrics``. None of these refusals reaches Odoo."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from bff.app import create_app
from bff.odoo_client import OdooClient
from tests.conftest import ADMIN, DB, DemoOdoo, settings_for

QUERY = "{ events(first: 1) { totalCount } }"
MUTATION = 'mutation { logIn(email: "dana@customk9.demo", password: "x") { accessToken } }'
TOKEN = "metrics-" + "t" * 32


@pytest.fixture
async def bff(demo_odoo: DemoOdoo) -> AsyncIterator[Any]:
    """A factory of HTTP clients to a BFF over the shared emulator (settings overrides, client address)."""
    opened: list[tuple[httpx.AsyncClient, OdooClient]] = []

    def open_client(*, client: tuple[str, int] = ("127.0.0.1", 123), **overrides: Any) -> httpx.AsyncClient:
        odoo = OdooClient(url=demo_odoo.server.url, db=DB, login=ADMIN[0], password=ADMIN[1], timeout_s=2.0)
        app = create_app(settings_for(demo_odoo.server, jwt_secret="s" * 40, **overrides), odoo=odoo)
        http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=client), base_url="http://bff.test")
        opened.append((http, odoo))
        return http

    yield open_client
    for http, odoo in opened:
        await http.aclose()
        await odoo.close()


def assert_error_document(response: httpx.Response, status: int, code: str) -> str:
    """The response is a GraphQL-over-HTTP error document with ``code``; returns its message."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == code
    assert error["extensions"]["requestId"] == response.headers["x-request-id"]
    return error["message"]


# --- body size -----------------------------------------------------------------------------------------------


async def test_a_body_over_the_limit_is_refused_from_its_content_length(bff: Any, demo_odoo: DemoOdoo) -> None:
    http = bff(max_body_bytes=1000)
    before = len(demo_odoo.server.calls)
    body = json.dumps({"query": QUERY, "variables": {"pad": "x" * 1000}})
    message = assert_error_document(await http.post("/graphql", content=body,
                                                     headers={"Content-Type": "application/json"}),
                                     413, "REQUEST_TOO_LARGE")
    assert message == "The request body is larger than 1000 bytes"
    assert len(demo_odoo.server.calls) == before


async def test_a_chunked_body_is_counted_while_it_streams(bff: Any, demo_odoo: DemoOdoo) -> None:
    http = bff(max_body_bytes=1000)

    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"query": "{ __typename }", "variables": {"pad": "'
        for _ in range(100):
            yield b"x" * 100
        yield b'"}}'

    before = len(demo_odoo.server.calls)
    response = await http.post("/graphql", content=chunks(), headers={"Content-Type": "application/json"})
    assert "content-length" not in response.request.headers
    assert_error_document(response, 413, "REQUEST_TOO_LARGE")  # a valid request, only too large
    assert len(demo_odoo.server.calls) == before


async def test_a_10_mb_body_is_refused_under_the_default_limit(bff: Any) -> None:
    http = bff()
    response = await http.post("/graphql", json={"query": "{ " + "__typename " * 1_000_000 + "}"})
    assert_error_document(response, 413, "REQUEST_TOO_LARGE")


async def test_a_body_within_the_limit_runs(bff: Any) -> None:
    response = await bff(max_body_bytes=1000).post("/graphql", json={"query": QUERY})
    assert response.status_code == 200 and response.json()["data"]["events"]["totalCount"] == 11  # upcoming only


# --- malformed requests --------------------------------------------------------------------------------------

MALFORMED: dict[str, tuple[bytes, str]] = {
    "bare string": (b'"{ events { totalCount } }"', "The request body must be a JSON object with a `query`"),
    "number": (b"42", "The request body must be a JSON object with a `query`"),
    "empty batch": (b"[]", "A batch must hold at least one operation"),
    "batch of strings": (b'["{ __typename }"]', "The request body must be a JSON object with a `query`"),
    "invalid UTF-8": (b'{"query": "\xff\xfe"}', "The request body is not valid UTF-8"),
    "nested 100,000 deep": (b'{"query": "{ __typename }", "variables": {"a": ' + b"[" * 100_000
                            + b"]" * 100_000 + b"}}", "The request body is nested too deeply"),
    "not JSON": (b'{"query": ', "Unable to parse request body as JSON"),
    "no query": (b'{"variables": {}}', "No GraphQL query found in the request"),
    "query not a string": (b'{"query": 5}', "The GraphQL operation's `query` must be a string or null, "
                                            "if provided."),
}


@pytest.mark.parametrize("name", MALFORMED)
async def test_a_malformed_body_gets_a_graphql_error_document(name: str, bff: Any, demo_odoo: DemoOdoo) -> None:
    body, message = MALFORMED[name]
    before = len(demo_odoo.server.calls)
    response = await bff().post("/graphql", content=body, headers={"Content-Type": "application/json"})
    assert assert_error_document(response, 400, "BAD_REQUEST") == message
    assert len(demo_odoo.server.calls) == before


async def test_a_mutation_over_get_is_405(bff: Any, demo_odoo: DemoOdoo) -> None:
    before = len(demo_odoo.server.calls)
    response = await bff().get("/graphql", params={"query": MUTATION})
    assert_error_document(response, 405, "METHOD_NOT_ALLOWED")
    assert response.headers["allow"] == "POST"
    assert len(demo_odoo.server.calls) == before


async def test_an_unsupported_content_type_and_a_missing_ide_are_json_too(bff: Any) -> None:
    response = await bff().post("/graphql", content=b"query=x", headers={"Content-Type": "text/plain"})
    assert assert_error_document(response, 400, "BAD_REQUEST") == "Unsupported content type"
    response = await bff(graphiql=False).get("/graphql", headers={"Accept": "text/html"})
    assert_error_document(response, 404, "NOT_FOUND")


async def test_a_query_over_get_still_works_and_its_bad_variables_are_400(bff: Any) -> None:
    response = await bff().get("/graphql", params={"query": QUERY})
    assert response.status_code == 200 and response.json()["data"]["events"]["totalCount"] == 11  # upcoming only
    response = await bff().get("/graphql", params={"query": QUERY, "variables": "{not json"})
    assert assert_error_document(response, 400, "BAD_REQUEST") == "Unable to parse request body as JSON"


# --- /metrics ------------------------------------------------------------------------------------------------


async def test_metrics_need_the_bearer_token_when_one_is_set(bff: Any) -> None:
    http = bff(metrics_token=TOKEN)
    assert_error_document(await http.get("/metrics"), 401, "UNAUTHENTICATED")
    wrong = await http.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert_error_document(wrong, 401, "UNAUTHENTICATED")
    assert wrong.headers["www-authenticate"].startswith("Bearer")
    right = await http.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert right.status_code == 200 and "# TYPE bff_odoo_calls_total counter" in right.text
    remote = bff(metrics_token=TOKEN, client=("203.0.113.9", 4000))
    assert (await remote.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})).status_code == 200


async def test_without_a_token_metrics_answer_loopback_peers_only(bff: Any) -> None:
    assert (await bff().get("/metrics")).status_code == 200
    assert (await bff(client=("::1", 4000)).get("/metrics")).status_code == 200
    assert_error_document(await bff(client=("203.0.113.9", 4000)).get("/metrics"), 403, "FORBIDDEN")
    proxied = await bff().get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert_error_document(proxied, 403, "FORBIDDEN")
    assert (await bff(client=("203.0.113.9", 4000)).get("/healthz")).status_code == 200
