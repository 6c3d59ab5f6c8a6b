"""The cost of an operation: the prices of its fields (``bff/query_prices.py``, a table there) added up.

``cost = 50 * calls + rows``. Each field is priced once per place it appears in the operation, after
fragments are expanded, so aliases and fragments spread twice multiply. A call counts once per place: the
per-request loaders batch it over every parent item (``Event.tags`` under 100 events is one ``read``). Rows
count per parent item: they grow with every list above (10 tags under each of 100 events are 1,000 rows).
A field taking ``first`` reads that many rows (a literal, else the request's variable, else the variable's
default, else the argument's default in the schema, else the default page size; at most the page size limit,
above which its resolver refuses before calling Odoo); a list without a resolver right under such a field (a
connection's ``edges``) holds that page.

A selection's cost is linear (calls, rows per parent item), so each fragment is priced once per page size
and remembered: a fragment DAG is priced in linear time whatever number of paths it has.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    type_from_ast,
)

from bff.query_prices import (
    CALL_WEIGHT,
    FREE,
    META_PRICE,
    PAGE_SIZE_ARGUMENT,
    FieldPrice,
    field_definition,
    is_list,
    price_fields,
)
from bff.query_shape import Fragments


@dataclass(frozen=True)
class Cost:
    calls: int = 0
    rows: float = 0.0

    def __add__(self, other: Cost) -> Cost:
        return Cost(self.calls + other.calls, self.rows + other.rows)

    @property
    def total(self) -> int:
        return math.ceil(CALL_WEIGHT * self.calls + self.rows)


@dataclass
class Pricing:
    """Every field's price, computed once from the schema; ``operation_cost`` prices one operation."""

    schema: GraphQLSchema
    default_page_size: int = 20
    max_page_size: int | None = None
    prices: dict[tuple[str, str], FieldPrice] = field(init=False)

    def __post_init__(self) -> None:
        self.prices = price_fields(self.schema)

    def price(self, parent: GraphQLNamedType | None, name: str) -> FieldPrice:
        if name in ("__schema", "__type"):
            return META_PRICE
        return self.prices.get((parent.name, name), FREE) if parent is not None else FREE

    def operation_cost(self, operation: OperationDefinitionNode, fragments: Fragments,
                       variables: Mapping[str, Any] | None = None) -> Cost:
        """The cost of ``operation`` with these variable values (unknown ones: their defaults)."""
        defaults = {d.variable.name.value: d.default_value for d in operation.variable_definitions or ()}
        given = variables or {}
        memo: dict[tuple[str, float | None], Cost] = {}

        def page_size(node: FieldNode, definition: GraphQLField | None) -> float:
            argument = next((a for a in node.arguments or () if a.name.value == PAGE_SIZE_ARGUMENT), None)
            value = argument.value if argument is not None else None
            size: Any = None
            if isinstance(value, VariableNode):
                size = given.get(value.name.value)
                value = defaults.get(value.name.value) if size is None else None
            if isinstance(value, IntValueNode):
                size = int(value.value)
            if argument is None and definition is not None:
                size = definition.args[PAGE_SIZE_ARGUMENT].default_value
            if not isinstance(size, int) or isinstance(size, bool):
                size = self.default_page_size
            size = max(size, 0)
            # a larger page is refused by its resolver (BAD_USER_INPUT) before any Odoo call: count the largest
            return min(size, self.max_page_size) if self.max_page_size is not None else size

        def field_cost(node: FieldNode, parent: GraphQLNamedType | None, page: float | None) -> Cost:
            price = self.price(parent, node.name.value)
            definition = field_definition(parent, node.name.value)
            returns_list = definition is not None and is_list(definition)
            rows, items, inner_page = price.rows, price.items, None
            if price.paged:
                rows = page_size(node, definition)
                items = rows if returns_list else 1.0
                inner_page = None if returns_list else rows
            elif price.in_page and page is not None:
                items = page
            named = get_named_type(definition.type) if definition is not None else None
            below = selection_cost(node.selection_set, named, inner_page, frozenset())
            return Cost(price.calls + below.calls, rows + items * below.rows)

        def selection_cost(selection_set: SelectionSetNode | None, parent: GraphQLNamedType | None,
                           page: float | None, expanding: frozenset[str]) -> Cost:
            total = Cost()
            for selection in selection_set.selections if selection_set is not None else ():
                if isinstance(selection, FieldNode):
                    total += field_cost(selection, parent, page)
                elif isinstance(selection, InlineFragmentNode):
                    condition = selection.type_condition
                    scope = self._named_type(condition) if condition is not None else parent
                    total += selection_cost(selection.selection_set, scope, page, expanding)
                elif isinstance(selection, FragmentSpreadNode):
                    total += fragment_cost(selection.name.value, page, expanding)
            return total

        def fragment_cost(name: str, page: float | None, expanding: frozenset[str]) -> Cost:
            if (name, page) in memo:
                return memo[name, page]
            fragment = fragments.get(name)
            if fragment is None or name in expanding:
                return Cost()
            scope = self._named_type(fragment.type_condition)
            memo[name, page] = cost = selection_cost(fragment.selection_set, scope, page, expanding | {name})
            return cost

        root = self.schema.get_root_type(operation.operation)
        return selection_cost(operation.selection_set, root, None, frozenset())

    def _named_type(self, condition: Any) -> GraphQLNamedType | None:
        found = type_from_ast(self.schema, condition)
        return get_named_type(found) if found is not None else None
