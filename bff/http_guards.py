"""The HTTP edge: what a request must be before GraphQL sees it, and how a refusal reads.

Every refusal at this layer is a GraphQL-over-HTTP error document, ``application/json``, never text/plain:
``{"errors": [{"message": ..., "extensions": {"code": ..., "requestId": ...}}]}``.

| request                                                 | status | code                 |
|---------------------------------------------------------|--------|----------------------|
| body over ``BFF_MAX_BODY_BYTES`` (Content-Length, or    | 413    | ``REQUEST_TOO_LARGE``|
| counted while a chunked body streams in)                |        |                      |
| body not UTF-8, not JSON, nested too deeply for the     | 400    | ``BAD_REQUEST``      |
| decoder, not an object, no query, a batch out of bounds |        |                      |
| (``bff/http_batch.py``)                                 |        |                      |
| a mutation over GET                                     | 405    | ``METHOD_NOT_ALLOWED``|
| ``/metrics`` without the right bearer token (when       | 401    | ``UNAUTHENTICATED``  |
| ``BFF_METRICS_TOKEN`` is set)                           |        |                      |
| ``/metrics`` from anywhere but loopback, or through a   | 403    | ``FORBIDDEN``        |
| proxy (``Forwarded``/``X-Forwarded-For``), when unset   |        |                      |

strawberry's view raises ``HTTPException`` for the transport errors and its ASGI class answers them as plain
text; ``GraphQLView.run`` (``bff/app.py``) turns them into ``transport_error`` documents instead. Starlette's
own ``RequestBodyLimitMiddleware`` answers 413 as plain text too, hence ``BodyLimitMiddleware`` here.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Mapping

from cross_web import HTTPException  # strawberry's view raises this one (strawberry depends on cross-web)
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"
_CODES = {400: "BAD_REQUEST", 401: "UNAUTHENTICATED", 403: "FORBIDDEN", 404: "NOT_FOUND",
          405: "METHOD_NOT_ALLOWED", 413: REQUEST_TOO_LARGE}
_FORWARDING_HEADERS = ("forwarded", "x-forwarded-for", "x-real-ip")


def error_document(scope: Scope, status: int, message: str, *, code: str | None = None,
                   headers: Mapping[str, str] | None = None) -> JSONResponse:
    """A GraphQL-shaped error response; the code follows from the status unless given."""
    extensions = {"code": code or _CODES.get(status, "BAD_REQUEST"),
                  "requestId": (scope.get("state") or {}).get("request_id")}
    return JSONResponse({"errors": [{"message": message, "extensions": extensions}]}, status_code=status,
                        headers=dict(headers or {}))


def transport_error(request: Request, exc: HTTPException, *, get_mutation: bool = False) -> JSONResponse:
    """strawberry's ``HTTPException`` as an error document. A GET mutation is 405 (GraphQL over HTTP)."""
    if get_mutation:
        return error_document(request.scope, 405, exc.reason, headers={"Allow": "POST"})
    return error_document(request.scope, exc.status_code, exc.reason)


def decode_json_body(data: str | bytes) -> object:
    """JSON from a request body or parameter; what the decoder cannot take is the client's error (400)."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as exc:
        raise HTTPException(400, "The request body is not valid UTF-8") from exc
    try:
        value = json.loads(text)
    except RecursionError as exc:
        raise HTTPException(400, "The request body is nested too deeply") from exc
    if not isinstance(value, dict | list) or (isinstance(value, list)
                                               and not all(isinstance(item, dict) for item in value)):
        raise HTTPException(400, "The request body must be a JSON object with a `query`")
    return value


class _BodyTooLarge(Exception):
    pass


class BodyLimitMiddleware:
    """Answers 413 to a body over ``max_bytes``: without passing it on when its Content-Length says so, else
    as soon as the bytes received pass the limit (a chunked body is never buffered beyond it).

    Before answering, the rest of the body is read and dropped (up to ``DRAIN_FACTOR`` times the limit):
    most clients send their whole body before reading the answer, and a socket closed on unread bytes resets
    the connection, so they would see a broken connection instead of the 413. A client that sent
    ``Expect: 100-continue`` is answered at once and sends nothing.
    """

    DRAIN_FACTOR = 16

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        received, started = 0, False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _BodyTooLarge
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except _BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        if Headers(scope=scope).get("expect", "").lower() != "100-continue":
            dropped, more = 0, True
            while more and dropped <= self.DRAIN_FACTOR * self.max_bytes:
                message = await receive()
                dropped += len(message.get("body", b""))
                more = message["type"] == "http.request" and message.get("more_body", False)
        response = error_document(scope, 413, f"The request body is larger than {self.max_bytes} bytes",
                                  headers={"Connection": "close"})
        await response(scope, receive, send)


def metrics_refusal(request: Request, token: str | None) -> JSONResponse | None:
    """Why ``/metrics`` is not for this caller, or None. With a token: only ``Authorization: Bearer <token>``.
    Without: only a loopback peer that no proxy forwarded (a local Prometheus or sidecar)."""
    if token:
        given = request.headers.get("authorization", "").encode()
        if hmac.compare_digest(given, f"Bearer {token}".encode()):
            return None
        return error_document(request.scope, 401, "Send the metrics bearer token",
                              headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
    if _is_loopback(request.client.host if request.client else "") and not any(
            name in request.headers for name in _FORWARDING_HEADERS):
        return None
    return error_document(request.scope, 403, "/metrics answers loopback only unless BFF_METRICS_TOKEN is set")


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False

