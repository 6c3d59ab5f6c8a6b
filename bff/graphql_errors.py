"""One place that decides what a GraphQL error looks like to a client.

Every error gets ``extensions.code`` (the Apollo convention clients switch on) and ``extensions.requestId``.
Errors the BFF raised on purpose (``BffError`` with ``public = True``) keep their message; anything else,
Odoo's own messages included, is masked as ``INTERNAL`` and logged with the request id. An error that says
when to come back (``extensions.retryAfter``, an open circuit breaker) also sets the HTTP ``Retry-After``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError, GraphQLSyntaxError
from starlette.responses import Response
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import ExecutionResult as StrawberryExecutionResult

from bff.errors import BffError
from bff.query_limits import QUERY_TOO_COMPLEX

log = logging.getLogger("bff.graphql")
INTERNAL_MESSAGE = "Internal server error"


def classify(error: GraphQLError, *, invalid_document: bool) -> tuple[str, str, dict[str, Any], bool]:
    """``(code, message, extra extensions, masked)`` for one error.

    ``invalid_document``: the error came from validating the document against the schema. Other errors
    without a path and without an original exception come from coercing the variables: bad input.
    """
    original = error.original_error
    if original is None:
        if (error.extensions or {}).get("code") == QUERY_TOO_COMPLEX:  # a limit, while parsing or validating
            return QUERY_TOO_COMPLEX, error.message, {}, False
        if isinstance(error, GraphQLSyntaxError):
            return "GRAPHQL_PARSE_FAILED", error.message, {}, False
        if invalid_document:
            return "GRAPHQL_VALIDATION_FAILED", error.message, {}, False
        if error.path is None:
            return "BAD_USER_INPUT", error.message, {}, False
        return "INTERNAL", INTERNAL_MESSAGE, {}, True
    if isinstance(original, GraphQLError):
        return classify(original, invalid_document=invalid_document)
    if isinstance(original, BffError) and original.public:
        return original.code, original.message, dict(original.extensions), False
    return "INTERNAL", INTERNAL_MESSAGE, {}, True


def tag_in_place(error: GraphQLError, context: Any, *, log_masked: bool, invalid_document: bool = False) -> None:
    """Give an execution error its code and mask its message, keeping the object (and its cause)."""
    request_id = getattr(context, "request_id", None)
    code, message, extra, masked = classify(error, invalid_document=invalid_document)
    if masked:
        if log_masked:
            log.error("request %s: unexpected error at %s", request_id, error.path,
                      exc_info=error.original_error or error)
        error.message = message
    error.extensions = {**extra, "code": code, "requestId": request_id}


def _over_websocket(context: Any) -> bool:
    from starlette.websockets import WebSocket

    return isinstance(getattr(context, "request", None), WebSocket)


class ErrorCodes(SchemaExtension):
    """Gives every error a stable code and masks what is not meant for clients."""

    def __init__(self, *, execution_context: Any = None) -> None:
        super().__init__(execution_context=execution_context)
        self._validation_errors: set[int] = set()

    def on_validate(self) -> Iterator[None]:
        yield
        errors = self.execution_context.pre_execution_errors or []
        self._validation_errors = {id(error) for error in errors}
        context = self.execution_context.context
        if _over_websocket(context):  # sent from these objects, not from ``on_operation``'s copies
            for error in errors:
                if not (error.extensions or {}).get("code"):
                    tag_in_place(error, context, log_masked=False, invalid_document=True)

    def on_operation(self) -> Iterator[None]:
        self._validation_errors = set()
        yield
        result = self.execution_context.result
        if isinstance(result, (GraphQLExecutionResult, StrawberryExecutionResult)) and result.errors:
            result.errors = [self._format(error) for error in result.errors]

    def _format(self, error: GraphQLError) -> GraphQLError:
        context = self.execution_context.context
        request_id = getattr(context, "request_id", None)
        code, message, extra, masked = classify(error, invalid_document=id(error) in self._validation_errors)
        if masked:
            log.error("request %s: unexpected error at %s", request_id, error.path,
                      exc_info=error.original_error or error)
        metrics = getattr(getattr(context, "odoo", None), "metrics", None)
        if metrics is not None:
            metrics.graphql_errors.inc(code)
        set_retry_after(context, extra.get("retryAfter"))
        return GraphQLError(
            message, nodes=error.nodes, source=error.source, positions=error.positions, path=error.path,
            original_error=None, extensions={**extra, "code": code, "requestId": request_id},
        )


def set_retry_after(context: Any, seconds: object) -> None:
    """``Retry-After`` on the HTTP response (the largest asked for), when an error carries ``retryAfter``."""
    response = getattr(context, "response", None)
    if not isinstance(seconds, int) or not isinstance(response, Response):
        return
    current = response.headers.get("retry-after")
    if current is None or int(current) < seconds:
        response.headers["Retry-After"] = str(seconds)
