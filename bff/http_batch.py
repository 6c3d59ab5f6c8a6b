"""Query batching: a JSON array of operations in one POST, answered by an array in the same order.

What Apollo Client's ``BatchHttpLink`` sends. The rules:

| rule                                                              | otherwise                                   |
|-------------------------------------------------------------------|---------------------------------------------|
| at least 1 and at most ``BFF_MAX_BATCH`` operations (default 10;  | 400 ``BAD_REQUEST`` for the whole batch,    |
| 0 switches batching off)                                          | before anything runs                        |
| every item is an object with a string ``query`` (``variables``,   | 400 ``BAD_REQUEST`` naming the item, before |
| ``extensions``: objects; ``operationName``: a string, if given),  | anything runs                               |
| or no ``query`` and an ``extensions.persistedQuery`` (by hash)    |                                             |
| each operation meets the document limits on its own (length,      | that item's own ``QUERY_TOO_COMPLEX`` error;|
| tokens, depth, cost ...)                                          | the others run                              |
| an item strawberry refuses as a transport error (unknown          | that item's own ``BAD_REQUEST`` error; the  |
| ``operationName``, a subscription)                                | others run                                  |

Each operation gets its own dataloaders (``context.extra["batch"]``, read by ``FreshLoadersPerOperation``), so
no operation reads rows another cached, and its own ``errors``. Queries next to each other run concurrently;
a mutation runs alone, after everything before it and before everything after it, so a query placed after a
mutation sees what the mutation wrote. The whole batch may cost up to ``BFF_MAX_BATCH`` times one document.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from cross_web import HTTPException
from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse
from graphql.error import GraphQLSyntaxError
from strawberry.types.execution import ExecutionResult

BATCH_FLAG = "batch"
_TYPES = {"query": (str,), "variables": (dict, type(None)), "extensions": (dict, type(None)),
          "operationName": (str, type(None))}
_NAMES = {"query": "a string", "variables": "an object", "extensions": "an object", "operationName": "a string"}


def check_batch(items: list[Any], max_batch: int) -> None:
    """Refuse a batch that is empty, too long or holds a malformed item (400, before anything runs)."""
    if not max_batch:
        return  # strawberry answers "Batching is not enabled"
    if not items:
        raise HTTPException(400, "A batch must hold at least one operation")
    if len(items) > max_batch:
        raise HTTPException(400, f"A batch may hold at most {max_batch} operations; this one holds {len(items)}")
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise HTTPException(400, f"Operation {index} of the batch is not a JSON object")
        by_hash = item.get("query") is None and isinstance(item.get("extensions"), dict) \
            and "persistedQuery" in item["extensions"]  # bff/persisted_queries.py finds (or refuses) its text
        for key, allowed in _TYPES.items():
            if not isinstance(item.get(key), allowed) and not (key == "query" and by_hash):
                raise HTTPException(400, f"Operation {index} of the batch: `{key}` must be {_NAMES[key]}")


def is_mutation(query: str | None, operation_name: str | None, max_tokens: int) -> bool:
    """Whether the operation to run is a mutation. A document that does not parse is not one (it fails in its
    own execution, with its own error); parsing stops at ``max_tokens`` like the document limits."""
    try:
        document = parse(query or "", no_location=True, max_tokens=max_tokens)
    except GraphQLSyntaxError:
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [op for op in operations if operation_name is None or (op.name and op.name.value == operation_name)]
    return len(chosen) >= 1 and chosen[0].operation is OperationType.MUTATION


def transport_error_result(exc: HTTPException, request_id: str | None) -> ExecutionResult:
    """A transport refusal of one item (strawberry raises it for a single request) as that item's answer."""
    return ExecutionResult(data=None, errors=[GraphQLError(
        exc.reason, extensions={"code": "BAD_REQUEST", "requestId": request_id})])


async def run_batch(items: Sequence[Any], run_one: Callable[[Any], Awaitable[ExecutionResult]],
                    mutation: Callable[[Any], bool]) -> list[ExecutionResult]:
    """Results in item order: runs of queries concurrently (each in its own task), each mutation alone."""
    results: list[ExecutionResult] = []
    pending: list[Any] = []

    async def flush() -> None:
        results.extend(await asyncio.gather(*(run_one(item) for item in pending)))
        pending.clear()

    for item in items:
        if mutation(item):
            await flush()
            results.extend(await asyncio.gather(run_one(item)))  # a task of its own: its own loaders
        else:
            pending.append(item)
    await flush()
    return results
