"""Query protection: refuse too deep or too costly documents while validating them.

Both limits are graphql-core validation rules, so an abusive document is answered with a validation error
before any resolver runs, and so before any Odoo call. Each rule is built by a factory because its limits
come from the settings:

* ``depth_limit_rule(max_depth)``: the deepest chain of nested fields of an operation, counted through named
  and inline fragments (which add no level of their own). Introspection fields (``__schema``, ``__type``,
  ``__typename``) and everything under them are not counted.
* ``cost_limit_rule(max_cost, default_page_size=..., list_factor=...)``: an estimate of how many nodes the
  response can hold. A field costs ``1 + cost(sub-selection) * multiplier``, summed over every field (aliases
  count separately). The multiplier is the field's ``first`` when it accepts one (a literal, else the
  request's variable, else the variable's default, else ``default_page_size``), ``list_factor`` for any other
  field returning a list, else 1. A list directly under a paged field (a connection's ``edges``) is not
  multiplied again: the page size already bounds it. Introspection fields cost 1 each, sub-selection
  included: the schema answers them, not Odoo, and costed like data the full introspection query GraphiQL
  sends would cost ~50,000. Their nesting (``__schema { types { fields { type { fields ...``)
  is bounded by graphql-core's ``MaxIntrospectionDepthRule``, which ``QueryLimits`` makes sure runs.

Validation rules only see the document, never the request's variables. ``limits_extension_factory`` closes
that gap: it returns a factory for a per-request ``AddValidationRules`` extension that, when validation
starts, builds the cost rule with that request's variables. Used as a bare rule (no variables),
``first: $n`` falls back to the variable's default value, then to ``default_page_size``; literal ``first``
values are always exact.

Both errors are ordinary validation errors located at the operation, with ``extensions.code`` set to
``QUERY_TOO_COMPLEX`` and the messages "Query depth N exceeds the limit of M" and
"Query cost N exceeds the limit of M".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
    VariableNode,
    get_named_type,
    is_interface_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
    type_from_ast,
)
from graphql.language.visitor import SKIP, VisitorAction
from graphql.validation import MaxIntrospectionDepthRule
from strawberry.extensions import AddValidationRules

QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
INTROSPECTION_FIELDS = frozenset({"__schema", "__type", "__typename"})
PAGE_SIZE_ARGUMENT = "first"

__all__ = [
    "QUERY_TOO_COMPLEX",
    "QueryLimits",
    "cost_limit_rule",
    "depth_limit_rule",
    "limits_extension_factory",
    "operation_cost",
    "operation_depth",
]


# A chain of thousands of fragment spreads: refused without a number rather than crashing validation.
_TOO_DEEP_TO_MEASURE = "Query is nested too deeply to measure"


def _too_complex(message: str, operation: OperationDefinitionNode) -> GraphQLError:
    return GraphQLError(message, nodes=[operation], extensions={"code": QUERY_TOO_COMPLEX})


# --- depth -------------------------------------------------------------------------------------------------


def operation_depth(operation: OperationDefinitionNode, fragments: Mapping[str, Any]) -> int:
    """The number of nested field levels of ``operation`` (``{ a { b } }`` is 2), through fragments.

    ``fragments`` maps fragment names to their definitions. A spread of an unknown fragment, or one that is
    already being expanded (a cycle, which validation reports on its own), counts as nothing.
    """
    memo: dict[str, int] = {}

    def selection_depth(selection_set: SelectionSetNode | None, expanding: frozenset[str]) -> int:
        if selection_set is None:
            return 0
        deepest = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if selection.name.value in INTROSPECTION_FIELDS:
                    continue
                depth = 1 + selection_depth(selection.selection_set, expanding)
            elif isinstance(selection, InlineFragmentNode):
                depth = selection_depth(selection.selection_set, expanding)
            elif isinstance(selection, FragmentSpreadNode):
                depth = fragment_depth(selection.name.value, expanding)
            else:  # pragma: no cover - no other kind of selection exists
                continue
            deepest = max(deepest, depth)
        return deepest

    def fragment_depth(name: str, expanding: frozenset[str]) -> int:
        if name in memo:
            return memo[name]
        fragment = fragments.get(name)
        if fragment is None or name in expanding:
            return 0
        depth = selection_depth(fragment.selection_set, expanding | {name})
        memo[name] = depth
        return depth

    return selection_depth(operation.selection_set, frozenset())


def depth_limit_rule(max_depth: int) -> type[ValidationRule]:
    """A validation rule refusing every operation nested deeper than ``max_depth`` field levels."""

    class DepthLimitRule(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> VisitorAction:
            fragments = {f.name.value: f for f in self.context.document.definitions
                         if isinstance(f, FragmentDefinitionNode)}
            try:
                depth = operation_depth(node, fragments)
            except RecursionError:
                self.report_error(_too_complex(_TOO_DEEP_TO_MEASURE, node))
                return SKIP
            if depth > max_depth:
                self.report_error(_too_complex(f"Query depth {depth} exceeds the limit of {max_depth}", node))
            return SKIP

    return DepthLimitRule


# --- cost --------------------------------------------------------------------------------------------------


def operation_cost(
    operation: OperationDefinitionNode,
    fragments: Mapping[str, Any],
    schema: GraphQLSchema,
    *,
    default_page_size: int,
    list_factor: int = 10,
    variables: Mapping[str, Any] | None = None,
    max_page_size: int | None = None,
) -> int:
    """How many nodes the response to ``operation`` can hold, at most (see the module docstring).

    Fields the schema does not know (validation reports them) cost 1 each, their sub-selection included.
    """
    root = schema.get_root_type(operation.operation)
    defaults = {
        definition.variable.name.value: definition.default_value
        for definition in operation.variable_definitions or ()
    }
    given = variables or {}
    memo: dict[str, int] = {}

    def page_size(field: FieldNode) -> int:
        size = requested_page_size(field)
        # a larger page is refused by its resolver (BAD_USER_INPUT) before any Odoo call: count the largest
        return min(size, max_page_size) if max_page_size is not None else size

    def requested_page_size(field: FieldNode) -> int:
        argument = next((a for a in field.arguments or () if a.name.value == PAGE_SIZE_ARGUMENT), None)
        value = argument.value if argument is not None else None
        if isinstance(value, VariableNode):
            name = value.name.value
            if isinstance(given.get(name), int) and not isinstance(given.get(name), bool):
                return max(given[name], 0)
            value = defaults.get(name)
        if isinstance(value, IntValueNode):
            return max(int(value.value), 0)
        return default_page_size

    def field_cost(field: FieldNode, parent: GraphQLNamedType | None, paged_parent: bool) -> int:
        if field.name.value in INTROSPECTION_FIELDS:
            # The schema answers these, not Odoo; MaxIntrospectionDepthRule bounds their nesting.
            return 1
        definition = None
        if parent is not None and (is_object_type(parent) or is_interface_type(parent)):
            definition = parent.fields.get(field.name.value)  # type: ignore[union-attr]
        if definition is None:
            return 1 + selection_cost(field.selection_set, None, paged=False)
        field_type = definition.type.of_type if is_non_null_type(definition.type) else definition.type
        paged = PAGE_SIZE_ARGUMENT in definition.args
        if paged:
            multiplier = page_size(field)
        elif is_list_type(field_type) and not paged_parent:
            multiplier = list_factor
        else:
            multiplier = 1
        return 1 + selection_cost(field.selection_set, get_named_type(field_type), paged=paged) * multiplier

    def selection_cost(selection_set: SelectionSetNode | None, parent: GraphQLNamedType | None, *,
                       paged: bool, expanding: frozenset[str] = frozenset()) -> int:
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += field_cost(selection, parent, paged)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                scope = _named_type(schema, condition) if condition is not None else parent
                total += selection_cost(selection.selection_set, scope, paged=paged, expanding=expanding)
            elif isinstance(selection, FragmentSpreadNode):
                total += fragment_cost(selection.name.value, paged, expanding)
        return total

    def fragment_cost(name: str, paged: bool, expanding: frozenset[str]) -> int:
        key = f"{name}/{paged}"
        if key in memo:
            return memo[key]
        fragment = fragments.get(name)
        if fragment is None or name in expanding:
            return 0
        scope = _named_type(schema, fragment.type_condition)
        cost = selection_cost(fragment.selection_set, scope, paged=paged, expanding=expanding | {name})
        memo[key] = cost
        return cost

    return selection_cost(operation.selection_set, root, paged=False)


def cost_limit_rule(
    max_cost: int,
    *,
    default_page_size: int,
    list_factor: int = 10,
    variables: Mapping[str, Any] | None = None,
    operation_name: str | None = None,
    max_page_size: int | None = None,
) -> type[ValidationRule]:
    """A validation rule refusing every operation whose estimated cost exceeds ``max_cost``.

    ``variables`` are the request's variable values; they apply to the operation named ``operation_name``
    (or to every operation when no name is given). Without them, ``first: $n`` counts as the variable's
    default value, else as ``default_page_size``.
    """

    class CostLimitRule(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> VisitorAction:
            fragments = {f.name.value: f for f in self.context.document.definitions
                         if isinstance(f, FragmentDefinitionNode)}
            applies = operation_name is None or (node.name is not None and node.name.value == operation_name)
            try:
                cost = operation_cost(
                    node, fragments, self.context.schema, default_page_size=default_page_size,
                    list_factor=list_factor, variables=variables if applies else None,
                    max_page_size=max_page_size,
                )
            except RecursionError:
                self.report_error(_too_complex(_TOO_DEEP_TO_MEASURE, node))
                return SKIP
            if cost > max_cost:
                self.report_error(_too_complex(f"Query cost {cost} exceeds the limit of {max_cost}", node))
            return SKIP

    return CostLimitRule


# --- strawberry extension ----------------------------------------------------------------------------------


class QueryLimits(AddValidationRules):
    """``AddValidationRules`` with the depth and cost rules, the cost rule seeing this request's variables.

    The depth and cost rules leave introspection to graphql-core's ``MaxIntrospectionDepthRule`` ("Maximum
    introspection depth exceeded"), one of the spec rules in graphql-core 3.3; this adds it when missing.

    Build one per request (strawberry does, from the factory ``limits_extension_factory`` returns).
    """

    def __init__(self, *, max_depth: int, max_cost: int, default_page_size: int, list_factor: int = 10,
                 max_page_size: int | None = None) -> None:
        super().__init__([])
        self.max_depth, self.max_cost = max_depth, max_cost
        self.default_page_size, self.list_factor = default_page_size, list_factor
        self.max_page_size = max_page_size

    def on_operation(self) -> Iterator[None]:
        # The rules are added in ``on_validate``, once the document is parsed and the operation known.
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        self.validation_rules = [
            depth_limit_rule(self.max_depth),
            cost_limit_rule(
                self.max_cost, default_page_size=self.default_page_size, list_factor=self.list_factor,
                variables=context.variables, operation_name=context.operation_name,
                max_page_size=self.max_page_size,
            ),
        ]
        if MaxIntrospectionDepthRule not in context.validation_rules:  # graphql-core 3.3 specifies it already
            self.validation_rules.insert(0, MaxIntrospectionDepthRule)
        context.validation_rules = (*context.validation_rules, *self.validation_rules)
        yield


def limits_extension_factory(
    max_depth: int, max_cost: int, default_page_size: int, *, list_factor: int = 10,
    max_page_size: int | None = None,
) -> Callable[[], QueryLimits]:
    """For ``strawberry.Schema(extensions=[...])``: a fresh ``QueryLimits`` extension for every request."""

    def factory() -> QueryLimits:
        return QueryLimits(max_depth=max_depth, max_cost=max_cost, default_page_size=default_page_size,
                           list_factor=list_factor, max_page_size=max_page_size)

    return factory


# --- helpers -----------------------------------------------------------------------------------------------


def _is_fragment(definition: Any) -> bool:
    return definition.kind == "fragment_definition"


def _named_type(schema: GraphQLSchema, condition: Any) -> GraphQLNamedType | None:
    found = type_from_ast(schema, condition)
    return get_named_type(found) if found is not None else None
