"""A small GraphQL client over an ASGI transport, for end-to-end tests through ``create_app``."""

from __future__ import annotations

from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

LOG_IN = """mutation LogIn($email: String!, $password: String!) {
  logIn(email: $email, password: $password) {
    accessToken refreshToken expiresIn viewer { id name email role } errors { code field message }
  }
}"""


class GraphQLClient:
    def __init__(self, http: httpx.AsyncClient, token: str | None = None) -> None:
        self.http = http
        self.token = token

    def as_token(self, token: str | None) -> GraphQLClient:
        """The same client sending ``Authorization: Bearer <token>`` (None: anonymous)."""
        return GraphQLClient(self.http, token)

    async def log_in(self, email: str, password: str = "demo") -> GraphQLClient:
        data = await self.query(LOG_IN, {"email": email, "password": password})
        assert data["logIn"]["errors"] == [], data
        return self.as_token(data["logIn"]["accessToken"])

    async def raw(self, query: str, variables: dict[str, Any] | None = None,
                  headers: dict[str, str] | None = None) -> dict[str, Any]:
        all_headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        all_headers.update(headers or {})
        response = await self.http.post("/graphql", json={"query": query, "variables": variables or {}},
                                        headers=all_headers)
        assert response.status_code == 200, response.text
        return response.json()

    async def query(self, query: str, variables: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
        """``data`` of an operation that must succeed with no top-level error."""
        body = await self.raw(query, variables, **kwargs)
        assert "errors" not in body, body["errors"]
        return body["data"]

    async def error_codes(self, query: str, variables: dict[str, Any] | None = None) -> list[str]:
        body = await self.raw(query, variables)
        assert body.get("errors"), f"expected errors, got {body}"
        return [error["extensions"]["code"] for error in body["errors"]]

    async def samples(self) -> list[Sample]:
        """Every sample of ``/metrics``, parsed as Prometheus text."""
        text = (await self.http.get("/metrics")).text
        return [sample for family in text_string_to_metric_families(text) for sample in family.samples]

    async def metric(self, name: str, **labels: str) -> float:
        """The value of one sample in ``/metrics`` (0 when absent)."""
        return next((s.value for s in await self.samples() if s.name == name and s.labels == labels), 0.0)

    async def odoo_calls(self) -> float:
        return sum(s.value for s in await self.samples() if s.name == "bff_odoo_calls_total")
