"""Demand control: a document that would cost too much is refused before anything runs, and so before any Odoo
call, with one small error coded ``QUERY_TOO_COMPLEX``.

Checked in this order, each before the next, cheapest first (defaults from ``bff/settings.py``):

| limit                                 | setting                     | default | checked                    |
|---------------------------------------|-----------------------------|---------|----------------------------|
| request body, bytes                   | ``BFF_MAX_BODY_BYTES``      | 1 MB    | while reading (413,        |
|                                       |                             |         | ``bff/http_guards.py``)    |
| document length, code points          | ``BFF_MAX_DOCUMENT_LENGTH`` | 50,000  | before lexing              |
| tokens (comments included)            | ``BFF_MAX_TOKENS``          | 5,000   | while parsing              |
| operations in the document            | ``BFF_MAX_OPERATIONS``      | 20      | after parsing, before      |
| aliases in the document               | ``BFF_MAX_ALIASES``         | 30      | validation, in this order  |
| depth of each operation               | ``BFF_MAX_QUERY_DEPTH``     | 12      |                            |
| cost of each operation                | ``BFF_MAX_QUERY_COST``      | 5,000   | (``bff/query_cost.py``)    |
| introspection nesting                 | (graphql-core's rule)       | 3 lists | during validation          |

The length and token limits are graphql-core's own parser options (``max_source_length``; ``max_tokens``
set as ``MaxTokensLimiter`` would, without a schema extension of its own: each one costs every request a few
hook look-ups), so a 10 MB document is refused without being lexed. The
document limits run in ``on_validate`` *before* graphql-core's validation and, when one fails, take its
place (strawberry skips validation when an extension has already set ``pre_execution_errors``): the spec's
rules never see an abusive document. Depth and aliases are counted by ``bff/query_shape.py`` rather than by
strawberry's limiters, which expand fragments exponentially.

The cost sees the request's variables (``first: $n``) for the operation the request names. Everything that
depends only on the schema (each field's price) is computed once per schema, not per request. With a
``DocumentCache`` (``bff/document_cache.py``) a document that passed once is not parsed, shape-checked or
validated again: only the cost of the operation that runs, when it declares variables, is checked per request.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graphql import DocumentNode, GraphQLError, GraphQLSchema, GraphQLSyntaxError, OperationDefinitionNode
from graphql.validation import MaxIntrospectionDepthRule
from strawberry.extensions import SchemaExtension

from bff.document_cache import CachedDocument, DocumentCache
from bff.query_cost import Pricing
from bff.query_shape import alias_count, fragments_of, operation_depth, operations_of

if TYPE_CHECKING:
    from bff.settings import Settings

QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
# graphql-core ends every message of a parser limit (length, tokens, comments, nesting) with this.
_PARSER_LIMIT = "Parsing aborted."
_TOO_DEEP_TO_MEASURE = "Query is nested too deeply to measure"


def too_complex(message: str, node: Any = None) -> GraphQLError:
    return GraphQLError(message, nodes=[node] if node is not None else None,
                        extensions={"code": QUERY_TOO_COMPLEX})


@dataclass(frozen=True)
class DocumentLimits:
    """The limits of one BFF (see the table above); ``check`` applies those that need a parsed document."""

    max_depth: int = 12
    max_cost: int = 5000
    max_aliases: int = 30
    max_operations: int = 20
    max_tokens: int = 5000
    max_document_length: int = 50_000
    default_page_size: int = 20
    max_page_size: int | None = 100

    @classmethod
    def from_settings(cls, settings: Settings) -> DocumentLimits:
        return cls(max_depth=settings.max_query_depth, max_cost=settings.max_query_cost,
                   max_aliases=settings.max_aliases, max_operations=settings.max_operations,
                   max_tokens=settings.max_tokens, max_document_length=settings.max_document_length,
                   default_page_size=settings.page_size_default, max_page_size=settings.page_size_max)

    def check(self, document: DocumentNode, schema: GraphQLSchema, *, operation_name: str | None = None,
              variables: Mapping[str, Any] | None = None, passed_before: bool = False) -> list[GraphQLError]:
        """The errors of a document that exceeds a limit; empty when it may be validated and run.

        ``passed_before``: this document passed every check once (a cached one); what depends on the document
        alone (operations, aliases, depth, the cost of an operation without variables) cannot have changed, so
        only the cost of the operation that runs, when its variables can change it, is checked again."""
        operations = operations_of(document)
        if not passed_before and len(operations) > self.max_operations:
            return [too_complex(f"The document holds {len(operations)} operations; the limit is "
                                f"{self.max_operations}")]
        try:
            if not passed_before and (aliases := alias_count(document)) > self.max_aliases:
                return [too_complex(f"The document uses {aliases} aliases; the limit is {self.max_aliases}")]
            fragments = fragments_of(document)
            errors = []
            for operation in operations:
                applies = operation_name is None or (operation.name is not None
                                                     and operation.name.value == operation_name)
                if passed_before and not (applies and operation.variable_definitions):
                    continue
                errors.extend(self._check_operation(operation, fragments, schema, variables if applies else None,
                                                    depth=not passed_before))
            return errors
        except RecursionError:
            return [too_complex(_TOO_DEEP_TO_MEASURE)]

    def _check_operation(self, operation: OperationDefinitionNode, fragments: Any, schema: GraphQLSchema,
                         variables: Mapping[str, Any] | None, *, depth: bool = True) -> list[GraphQLError]:
        if depth and (found := operation_depth(operation, fragments)) > self.max_depth:
            return [too_complex(f"Query depth {found} exceeds the limit of {self.max_depth}", operation)]
        cost = self.pricing(schema).operation_cost(operation, fragments, variables).total
        if cost > self.max_cost:
            return [too_complex(f"Query cost {cost} exceeds the limit of {self.max_cost}", operation)]
        return []

    def pricing(self, schema: GraphQLSchema) -> Pricing:
        return _pricing(schema, self.default_page_size, self.max_page_size)

    def extensions(self, cache: DocumentCache | None = None) -> list[Callable[[], SchemaExtension]]:
        """For ``strawberry.Schema(extensions=...)``: these limits, with ``cache`` keeping the documents that
        passed them."""
        return [lambda: QueryLimits(self, cache)]


@functools.lru_cache(maxsize=8)
def _pricing(schema: GraphQLSchema, default_page_size: int, max_page_size: int | None) -> Pricing:
    return Pricing(schema, default_page_size=default_page_size, max_page_size=max_page_size)


class QueryLimits(SchemaExtension):
    """Applies ``DocumentLimits`` to each operation: parser options, then the document checks; with a
    ``DocumentCache``, takes a known document from it and skips what that document passed already."""

    def __init__(self, limits: DocumentLimits, cache: DocumentCache | None = None) -> None:
        self.limits, self.cache = limits, cache
        self.entry: CachedDocument | None = None

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        # strawberry passes every parse option on to graphql-core's parse; its TypedDict predates this one
        options: dict[str, Any] = context.parse_options  # type: ignore[assignment]
        options["max_source_length"] = self.limits.max_document_length
        options["max_tokens"] = self.limits.max_tokens
        if MaxIntrospectionDepthRule not in context.validation_rules:  # graphql-core 3.3 specifies it already
            context.validation_rules = (*context.validation_rules, MaxIntrospectionDepthRule)
        yield

    def on_parse(self) -> Iterator[None]:
        context, cache = self.execution_context, self.cache
        if cache is not None and context.query is not None and context.graphql_document is None:
            self.entry = cache.get(context.query)
            if self.entry is not None:
                context.graphql_document = self.entry.document
        yield
        for error in context.pre_execution_errors or ():
            if isinstance(error, GraphQLSyntaxError) and error.message.endswith(_PARSER_LIMIT):
                error.extensions = {**(error.extensions or {}), "code": QUERY_TOO_COMPLEX}

    def on_validate(self) -> Iterator[None]:
        context, cache, entry = self.execution_context, self.cache, self.entry
        if context.graphql_document is not None and context.pre_execution_errors is None:
            errors = self.limits.check(context.graphql_document, context.schema._schema,
                                       operation_name=context.operation_name, variables=context.variables,
                                       passed_before=entry is not None)
            if errors:
                context.pre_execution_errors = errors  # strawberry then skips the spec's validation
            elif entry is not None and entry.validated_with == context.validation_rules:
                context.pre_execution_errors = []  # valid with these rules already: strawberry skips it
        validating = context.pre_execution_errors is None
        yield
        if cache is None or not validating:
            return
        cache.validations += 1
        if context.pre_execution_errors == [] and context.query is not None and context.graphql_document:
            if entry is None:  # parsed by this request: kept now that it passed the limits and validation
                cache.parses += 1
                entry = cache.put(context.query, context.graphql_document)
            entry.validated_with = context.validation_rules
