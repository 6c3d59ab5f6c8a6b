"""Automatic Persisted Queries (Apollo's protocol) and the production allow-list.

A client sends ``extensions.persistedQuery = {"version": 1, "sha256Hash": "<hex sha256 of the text>"}`` instead
of the document (POST body, or ``GET ?extensions=...&variables=...``, which a CDN can cache):

| ``BFF_PERSISTED_QUERIES`` | hash only, known | hash only, unknown              | text (and hash)                   |
|---------------------------|------------------|---------------------------------|-----------------------------------|
| ``on`` (default)          | runs its text    | ``PERSISTED_QUERY_NOT_FOUND``   | runs; registered once it validated |
| ``allowlist``             | runs (manifest)  | ``PERSISTED_QUERY_NOT_ALLOWED`` | runs only if its hash is listed   |
| ``off``                   | ``PERSISTED_QUERY_NOT_SUPPORTED`` | the same         | runs if sent without a hash     |

A hash that is not the SHA-256 of the text sent with it is ``PERSISTED_QUERY_HASH_MISMATCH``; a malformed
``persistedQuery`` (version other than 1, hash not 64 hex digits) is ``PERSISTED_QUERY_INVALID``. The message
of the not-found error is exactly ``PersistedQueryNotFound``: Apollo Client's link matches it (or the code) and
retries with the text. Registered documents live behind ``PersistedQueryStore`` (bounded in memory here; a
shared store such as Redis implements the same two methods). In ``allowlist`` mode the manifest
(``BFF_PERSISTED_QUERIES_MANIFEST``: ``{"<sha256>": "<document>"}`` or Apollo's
``persisted-query-manifest.json``) is the only source, and ``AllowListOnly`` also holds websocket operations
to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from cachetools import LRUCache
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import ExecutionResult

from bff.document_cache import document_hash
from bff.errors import BffError
from bff.persisted_manifest import load_manifest

if TYPE_CHECKING:
    from bff.settings import Settings

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"


class PersistedQueryError(BffError):
    """A persisted-query request the BFF cannot serve; ``code`` says why."""

    public = True

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class PersistedQueryStore(Protocol):
    """Where registered documents live, by the hex SHA-256 of their text."""

    async def get(self, sha256: str) -> str | None: ...

    async def put(self, sha256: str, query: str) -> None: ...


class MemoryPersistedQueryStore:
    """One process's store: an LRU weighed in characters, so unknown clients cannot grow it without bound."""

    def __init__(self, max_chars: int = 10_000_000) -> None:
        self.max_chars = max_chars
        self._queries: LRUCache[str, str] = LRUCache(maxsize=max(max_chars, 1), getsizeof=len)

    async def get(self, sha256: str) -> str | None:
        return self._queries.get(sha256)

    async def put(self, sha256: str, query: str) -> None:
        if len(query) <= self.max_chars:
            self._queries[sha256] = query


class PersistedQueries:
    """Turns a request's ``query`` and ``extensions`` into the document to run, by the table above."""

    def __init__(self, mode: str, store: PersistedQueryStore, manifest: Mapping[str, str] | None = None) -> None:
        if mode == "allowlist" and manifest is None:
            raise ValueError("BFF_PERSISTED_QUERIES=allowlist needs BFF_PERSISTED_QUERIES_MANIFEST")
        self.mode, self.store, self.manifest = mode, store, manifest or {}

    @classmethod
    def from_settings(cls, settings: Settings, store: PersistedQueryStore | None = None) -> PersistedQueries:
        """The mode, the manifest (in ``on`` mode too: its hashes are known from the first request) and the
        store (default: in memory)."""
        path = settings.persisted_queries_manifest
        store = store or MemoryPersistedQueryStore(settings.persisted_queries_store_chars)
        return cls(settings.persisted_queries, store, load_manifest(path) if path else None)

    def extensions(self) -> list[Callable[[], SchemaExtension]]:
        """For ``build_schema(extra_extensions=...)``: the allow-list over every transport, in that mode."""
        manifest = self.manifest
        return [lambda: AllowListOnly(manifest)] if self.mode == "allowlist" else []

    async def resolve(self, query: str | None, extensions: Mapping[str, Any] | None) -> tuple[str | None, str | None]:
        """``(document, hash to register once it validates)``; raises ``PersistedQueryError``."""
        persisted = (extensions or {}).get("persistedQuery")
        if persisted is None:
            if self.mode == "allowlist" and query is not None:
                self._listed(document_hash(query))
            return query, None
        if self.mode == "off":
            raise PersistedQueryError("PERSISTED_QUERY_NOT_SUPPORTED", "PersistedQueryNotSupported")
        sha256 = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
        if not isinstance(persisted, dict) or persisted.get("version") != 1 or not isinstance(sha256, str) \
                or not _SHA256.match(sha256.lower()):
            raise PersistedQueryError("PERSISTED_QUERY_INVALID",
                                      "extensions.persistedQuery needs version 1 and a hex sha256Hash")
        sha256 = sha256.lower()
        if query is not None:
            if document_hash(query) != sha256:
                raise PersistedQueryError("PERSISTED_QUERY_HASH_MISMATCH", "provided sha does not match query")
            if self.mode == "allowlist":
                self._listed(sha256)
                return query, None
            return query, sha256
        if self.mode == "allowlist":
            return self._listed(sha256), None
        found = self.manifest.get(sha256) or await self.store.get(sha256)
        if found is None:
            raise PersistedQueryError(PERSISTED_QUERY_NOT_FOUND, "PersistedQueryNotFound")
        return found, None

    def _listed(self, sha256: str) -> str:
        found = self.manifest.get(sha256)
        if found is None:
            raise PersistedQueryError("PERSISTED_QUERY_NOT_ALLOWED",
                                      "PersistedQueryNotAllowed: this server runs listed documents only")
        return found


def error_result(error: PersistedQueryError, request_id: str | None) -> ExecutionResult:
    """The answer to a refused persisted-query request, shaped like every other GraphQL error of the BFF."""
    return ExecutionResult(data=None, errors=[GraphQLError(
        error.message, extensions={"code": error.code, "requestId": request_id})])


class AllowListOnly(SchemaExtension):
    """In ``allowlist`` mode, holds every operation (websocket ones too, which bypass the HTTP view) to the
    manifest. It answers as validation starts, like the document limits: an error set there is what strawberry
    answers instead of validating and running, for queries, mutations and subscriptions alike."""

    def __init__(self, allowlist: Mapping[str, str]) -> None:
        self.allowlist = allowlist

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if query is not None and self.allowlist.get(document_hash(query)) != query:
            refusal = PersistedQueryError("PERSISTED_QUERY_NOT_ALLOWED",
                                          "PersistedQueryNotAllowed: this server runs listed documents only")
            context.pre_execution_errors = [GraphQLError(refusal.message, original_error=refusal)]
        yield
