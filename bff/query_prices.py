"""Each field's price: what resolving it can make the BFF and Odoo do (``bff/query_cost.py`` adds them up).

What really costs is Odoo calls (4-14 ms each on a real Odoo 18, ``../shared/odoo18/perf.md``) and the rows
they bring back (a few µs each in Odoo, and the bulk of the BFF's memory and response size). Scalar fields of a
row are read anyway, so they are free. Every field is priced once per place it appears in the operation, after
fragments are expanded: aliases and repeated fragments multiply.

| field                                                       | Odoo calls  | rows, per parent item         |
|-------------------------------------------------------------|-------------|-------------------------------|
| scalar or enum field without a resolver, ``__typename``     | 0           | 0                             |
| object field without a resolver (``price``, ``pageInfo``)   | 0           | 0                             |
| list field without a resolver (``edges``, payload errors)   | 0           | 0; items below: the page of   |
|                                                             |             | the connection, else 10       |
| field with a resolver (it reads Odoo through a loader)      | 1 per place | 1 (one value)                 |
| ... returning a list (``Event.tags``)                       | 1 per place | 10 (``LIST_SIZE``)            |
| ... taking ``first`` (a connection, ``upcomingSessions``)   | 1 per place | ``first`` (at most the page   |
|                                                             |             | size limit, absent: default)  |
| ``id`` fields and ``FREE_RESOLVERS`` (computed from the row)| 0           | 0                             |
| ``EXTRA_CALLS`` (``Dashboard.counts``: 5 ``search_count``)  | as listed   | 1                             |
| root mutation field                                         | 3           | 1                             |
| ``__schema``, ``__type``                                    | 0           | 1                             |
| introspection list (``types``, ``fields``, ``args`` ...)    | 0           | the schema's own mean size    |

``cost = 50 * calls + rows`` (``CALL_WEIGHT``), summed with rows multiplied by the items above them: a call
is counted once per place because the per-request loaders batch it over all parent items (``Event.tags``
under 100 events is one ``read``), while rows grow with every list above. The README's storefront query at
``first: 100`` costs 2,850 (7 calls, 2,500 rows; ``tests/test_query_cost.py``); ``events(first: 0) {
totalCount }`` costs 50, so 4,900 aliases of it cost 245,000; ``__schema { types { fields { args { name } } } }``
costs what the schema really holds (529 rows here), and the full introspection query GraphiQL sends 734.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLNamedType,
    GraphQLSchema,
    OperationType,
    is_enum_type,
    is_input_object_type,
    is_interface_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef, introspection_types

CALL_WEIGHT = 50
LIST_SIZE = 10
MUTATION_CALLS = 3
PAGE_SIZE_ARGUMENT = "first"
# Computed from the row (``Money.currencyCode`` falls back on the catalog's company currency, one cached read
# per process), so free like a scalar.
FREE_RESOLVERS = frozenset({"Session.isPast", "Money.formatted", "Money.currencyCode", "Equipment.imageUrl",
                            "Event.coverImageUrl", "Post.coverImageUrl"})
EXTRA_CALLS: Mapping[str, int] = {"Dashboard.counts": 5}
_META_FIELDS = {"__schema": SchemaMetaFieldDef, "__type": TypeMetaFieldDef}


@dataclass(frozen=True)
class FieldPrice:
    """What one field costs, per parent item (see the table in the module docstring)."""

    calls: int = 0
    rows: float = 0.0
    items: float = 1.0
    paged: bool = False  # ``first`` sets rows, and items for a list
    in_page: bool = False  # a list without a resolver: items are the page of the connection above


FREE = FieldPrice()
META_PRICE = FieldPrice(rows=1.0)  # ``__schema``, ``__type``: one object of the schema


def field_definition(parent: GraphQLNamedType | None, name: str) -> GraphQLField | None:
    if name in _META_FIELDS:
        return _META_FIELDS[name]
    if parent is not None and (is_object_type(parent) or is_interface_type(parent)):
        return parent.fields.get(name)  # type: ignore[union-attr]
    return None


def is_list(definition: GraphQLField) -> bool:
    field_type = definition.type.of_type if is_non_null_type(definition.type) else definition.type
    return is_list_type(field_type)


def price_fields(schema: GraphQLSchema) -> dict[tuple[str, str], FieldPrice]:
    prices: dict[tuple[str, str], FieldPrice] = {}
    sizes = _introspection_sizes(schema)
    mutation = schema.get_root_type(OperationType.MUTATION)
    for type_name, named in schema.type_map.items():
        if not (is_object_type(named) or is_interface_type(named)):
            continue
        for name, definition in named.fields.items():  # type: ignore[union-attr]
            coordinate = f"{type_name}.{name}"
            if type_name in introspection_types:
                if is_list(definition):
                    size = sizes.get(coordinate, float(LIST_SIZE))
                    prices[type_name, name] = FieldPrice(rows=size, items=size)
            elif named is mutation:
                prices[type_name, name] = FieldPrice(calls=MUTATION_CALLS, rows=1.0)
            elif _reads_odoo(definition, name, coordinate):
                calls = EXTRA_CALLS.get(coordinate, 1)
                if PAGE_SIZE_ARGUMENT in definition.args:
                    prices[type_name, name] = FieldPrice(calls=calls, paged=True)
                elif is_list(definition):
                    prices[type_name, name] = FieldPrice(calls=calls, rows=LIST_SIZE, items=LIST_SIZE)
                else:
                    prices[type_name, name] = FieldPrice(calls=calls, rows=1.0)
            elif is_list(definition):
                prices[type_name, name] = FieldPrice(items=LIST_SIZE, in_page=True)
    return prices


def _reads_odoo(definition: GraphQLField, name: str, coordinate: str) -> bool:
    """A field with a resolver of its own reads Odoo, unless it only computes from its row."""
    strawberry_field = (definition.extensions or {}).get("strawberry-definition")
    has_resolver = getattr(strawberry_field, "base_resolver", None) is not None
    return has_resolver and name != "id" and coordinate not in FREE_RESOLVERS


def _introspection_sizes(schema: GraphQLSchema) -> dict[str, float]:
    """The mean length of each introspection list over this schema (``__Type.fields``: fields per type)."""
    types: list[Any] = list(schema.type_map.values())  # Any: each kind has its own attributes
    with_fields = [t for t in types if is_object_type(t) or is_interface_type(t)]
    fields = [f for t in with_fields for f in t.fields.values()]
    directives = list(schema.directives)

    def per_type(total: int) -> float:
        return total / len(types)

    def mean(total: int, count: int) -> float:
        return total / count if count else 0.0

    return {
        "__Schema.types": float(len(types)),
        "__Schema.directives": float(len(directives)),
        "__Type.fields": per_type(len(fields)),
        "__Type.interfaces": per_type(sum(len(t.interfaces) for t in with_fields)),
        "__Type.possibleTypes": per_type(sum(len(schema.get_possible_types(t)) for t in types
                                             if is_interface_type(t))),
        "__Type.enumValues": per_type(sum(len(t.values) for t in types if is_enum_type(t))),
        "__Type.inputFields": per_type(sum(len(t.fields) for t in types if is_input_object_type(t))),
        "__Field.args": mean(sum(len(f.args) for f in fields), len(fields)),
        "__Directive.args": mean(sum(len(d.args) for d in directives), len(directives)),
        "__Directive.locations": mean(sum(len(d.locations) for d in directives), len(directives)),
    }
