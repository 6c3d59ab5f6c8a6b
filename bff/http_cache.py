"""HTTP caching of ``/graphql`` answers: what a CDN or Next.js's fetch cache may keep, and the BFF's own
whole-response cache (``bff.response_cache``), as one ASGI wrapper around the GraphQL view.

| request                                            | Cache-Control                                   | ETag | stored |
|----------------------------------------------------|-------------------------------------------------|------|--------|
| GET, no ``Authorization``, query, 200, no errors   | ``public, max-age=N, stale-while-revalidate=M`` | 304  | yes    |
| POST, no ``Authorization``, query, 200, no errors  | ``no-store`` (POST is never an HTTP cache hit)  | no   | yes    |
| GET with ``Authorization``                         | ``private, no-store``                           | no   | no     |
| else (mutation, errors, batch, not GraphQL)        | ``no-store`` (``private, no-store`` if signed)  | no   | no     |

Every GraphQL answer varies with ``Authorization``, ``Accept-Language`` and ``Accept`` (``Vary``). The key of a
stored answer is the whole request as the view reads it: for GET every query-string parameter (``query``,
``variables``, ``operationName``, ``extensions``: persisted queries included), for POST the document's hash,
variables, operation name and extensions; plus ``Accept-Language`` and ``Accept``. ``N`` and ``M`` are
``BFF_HTTP_MAX_AGE_S`` and ``BFF_HTTP_STALE_WHILE_REVALIDATE_S``; the ETag is a hash of the body, so an
``If-None-Match`` that names it gets ``304`` (from the stored answer: no execution, no Odoo call).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from cachetools import LRUCache
from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bff.public_reads import logging_reads
from bff.response_cache import CachedResponse, ResponseCache
from bff.settings import Settings

VARY = "Authorization, Accept-Language, Accept"
_OWN_HEADERS = frozenset({b"cache-control", b"etag", b"vary", b"content-length"})
_JSON_TYPES = (b"application/json", b"application/graphql-response+json")


@dataclass
class Answer:
    """A response as the view sent it (or as it was stored)."""

    status: int
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytes = b""


class HttpCache:
    """The ASGI wrapper (see the module docstring); ``responses`` is None when the public cache is off."""

    def __init__(self, app: ASGIApp, *, settings: Settings, responses: ResponseCache | None) -> None:
        self.app, self.settings, self.responses = app, settings, responses
        self.public = (f"public, max-age={settings.http_max_age_s}, "
                       f"stale-while-revalidate={settings.http_stale_while_revalidate_s}").encode()
        self._kinds: LRUCache[str, OperationType | None] = LRUCache(512)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope.get("method")
        if scope["type"] != "http" or method not in ("GET", "POST"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        signed = bool(headers.get("authorization"))
        if method == "POST":  # never an HTTP cache hit: read the body only when the BFF may store the answer
            key = None
            if not signed and self.responses is not None:
                body = await _read_body(receive)
                receive = _replay(body, receive)
                key = self._post_key(body, headers)
        else:
            params = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
            if not any(name in ("query", "extensions") for name, _ in params):  # GraphiQL's page, not GraphQL
                await self.app(scope, receive, send)
                return
            key = None if signed else _key("GET", sorted(params), headers)
        if key is None or "multipart" in headers.get("accept", ""):
            await self.app(scope, receive, _with_headers(send, self._refusal(method, signed)))
            return
        answer = await self._answer(key, scope, receive)
        await self._send(answer, method == "GET", headers.get("if-none-match"), send)

    # -- keys ------------------------------------------------------------------------------------

    def _post_key(self, body: bytes, headers: Headers) -> str | None:
        """The key of a POSTed query; None for anything else (batches, mutations, bodies that do not decode)."""
        try:
            data = json.loads(body)
            if not isinstance(data, dict) or not isinstance(query := data.get("query"), str):
                return None
            digest = hashlib.sha256(query.encode()).hexdigest()
            name = data.get("operationName")
            if self._kind(digest, query, name if isinstance(name, str) else None) is not OperationType.QUERY:
                return None
            return _key("POST", [digest, data.get("variables"), name, data.get("extensions")], headers)
        except (ValueError, RecursionError):  # the view answers such a body with its own error
            return None

    def _kind(self, digest: str, query: str, operation_name: str | None) -> OperationType | None:
        """The type of the operation to run (None when the document does not parse or names no such one)."""
        cache_key = f"{digest}:{operation_name}"
        if cache_key not in self._kinds:
            try:
                document = parse(query, no_location=True, max_tokens=self.settings.max_tokens)
            except GraphQLError:
                self._kinds[cache_key] = None
                return None
            operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)
                          and (operation_name is None or (d.name is not None and d.name.value == operation_name))]
            self._kinds[cache_key] = operations[0].operation if len(operations) == 1 else None
        return self._kinds[cache_key]

    # -- answers ---------------------------------------------------------------------------------

    async def _answer(self, key: str, scope: Scope, receive: Receive) -> Answer | CachedResponse:
        responses = self.responses
        if responses is None:
            with logging_reads() as reads:
                answer = await self._run(scope, receive)
            return _public(answer, reads.models) or answer
        if (entry := responses.lookup(key)) is not None:
            return entry
        if (running := responses.running(key)) is not None:
            if (entry := await asyncio.shield(running)) is not None:
                responses.count("response", "coalesced")
                return entry
            return await self._run(scope, receive)
        lead = responses.lead(key)
        stored: CachedResponse | None = None
        try:
            with logging_reads() as reads:
                answer = await self._run(scope, receive)
            stored = _public(answer, reads.models)
            return stored or answer
        finally:
            lead.finish(stored)

    async def _run(self, scope: Scope, receive: Receive) -> Answer:
        answer = Answer(status=500)

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer.status = message["status"]
                answer.headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _OWN_HEADERS]
            elif message["type"] == "http.response.body":
                answer.body += message.get("body", b"")

        await self.app(scope, receive, capture)
        return answer

    async def _send(self, answer: Answer | CachedResponse, get: bool, if_none_match: str | None,
                    send: Send) -> None:
        headers = list(answer.headers)
        if not isinstance(answer, CachedResponse):
            headers.append((b"cache-control", b"no-store"))
        elif not get:
            headers.append((b"cache-control", b"no-store"))
        else:
            headers += [(b"cache-control", self.public), (b"etag", answer.etag.encode())]
            if _matches(if_none_match, answer.etag):
                kept = [(k, v) for k, v in headers if k.lower() not in (b"content-type", b"content-language")]
                await send({"type": "http.response.start", "status": 304, "headers": [*kept, (b"vary", VARY.encode())]})
                await send({"type": "http.response.body", "body": b""})
                return
        headers += [(b"vary", VARY.encode()), (b"content-length", str(len(answer.body)).encode())]
        await send({"type": "http.response.start", "status": answer.status, "headers": headers})
        await send({"type": "http.response.body", "body": answer.body})

    def _refusal(self, method: str, signed: bool) -> list[tuple[bytes, bytes]]:
        control = b"private, no-store" if signed else b"no-store"
        return [(b"cache-control", control), (b"vary", VARY.encode())]


def _key(method: str, parts: object, headers: Headers) -> str:
    text = json.dumps([method, parts, headers.get("accept-language", ""), headers.get("accept", "")],
                      sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _public(answer: Answer, models: set[str]) -> CachedResponse | None:
    """The answer as a public one, when it may be: tagged with the models it read, with its ETag."""
    if not _storable(answer):
        return None
    return CachedResponse(status=answer.status, headers=tuple(answer.headers), body=answer.body,
                          etag=_etag(answer.body), tags=frozenset(models))


def _storable(answer: Answer) -> bool:
    """A 200 JSON answer with data and no top-level errors (an error may be this request's alone)."""
    content_type = dict((k.lower(), v) for k, v in answer.headers).get(b"content-type", b"")
    if answer.status != 200 or not content_type.startswith(_JSON_TYPES):
        return False
    try:
        result = json.loads(answer.body)
    except ValueError:
        return False
    return isinstance(result, dict) and "data" in result and not result.get("errors")


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 weak comparison: ``*`` or any listed tag equal to ours once ``W/`` is ignored."""
    if not if_none_match:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags


def _with_headers(send: Send, extra: list[tuple[bytes, bytes]]) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in (b"cache-control", b"vary")]
            message = {**message, "headers": [*kept, *extra]}
        await send(message)
    return wrapped


async def _read_body(receive: Receive) -> bytes:
    body, more = b"", True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        body += message.get("body", b"")
        more = message.get("more_body", False)
    return body


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body read already, then the client's own messages (a disconnect, when it comes)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()
    return replay
