"""Compiling a GraphQL selection into one Odoo ``specification``, so a page is one Odoo call (Odoo 17+).

A ``Shape`` says, for one GraphQL type, which Odoo fields each of its GraphQL fields needs, and which of its
fields are relations Odoo can read nested in the same call::

    events { edges { node {                 web_search_read("event.event", domain, specification={
      name start                               "name": {}, "date_begin": {},
      category { name }                        "event_type_id": {"fields": {"display_name": {}, "name": {}}},
      tickets { name price { amount } }        "event_ticket_ids": {"fields": {"name": {}, "price": {},
    } } }                                          "currency_id": {"fields": {"display_name": {}}}}}})

Only what the selection asks for is read. A GraphQL field a shape does not know reads the shape's ``fallback``
fields (what its loader reads), so a field added to a type without a line here is slow, never wrong
(``tests/test_specification.py`` walks the shapes and fails on such a field).

Rows come back in the ``search_read`` form the types' ``from_row`` already take: a plain many2one is
``[id, display_name]``; a nested relation stays a row (many2one: a dict with ``id``; x2many: a list of dicts),
which the type's resolver uses as it is instead of asking a loader. Only relations whose rows anyone who sees
the parent may see are nested: public catalogue relations, and the tasks of a plan read through the plan
scope (``bff.policy``: a viewer who sees a plan sees all its tasks). Other relations (scoped private rows,
permissions, values computed across models) stay ids here, and the resolver loads them with its loader.
"""

from __future__ import annotations

from collections.abc import Awaitable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

T = TypeVar("T")
Row = dict[str, Any]
Specification = dict[str, Any]
PAIR: Specification = {"fields": {"display_name": {}}}


@dataclass(frozen=True)
class Relation:
    """A GraphQL field answered by rows of another model read nested in the same call."""

    odoo_field: str
    shape: Shape
    many: bool = False  # one2many/many2many (else many2one)
    order: str | None = None  # x2many: the order the schema lists them in (None: the co-model's _order)


@dataclass(frozen=True)
class Shape:
    """How one GraphQL type reads from one Odoo model."""

    model: str
    scalars: Mapping[str, tuple[str, ...]]  # GraphQL field -> Odoo fields its value is made of
    relations: Mapping[str, Relation] = field(default_factory=dict)
    many2one: frozenset[str] = frozenset()  # Odoo many2one fields read as [id, display_name] pairs
    fallback: tuple[str, ...] = ()  # what an unknown GraphQL field reads (the loader's fields)
    children: Mapping[str, Shape] = field(default_factory=dict)  # GraphQL field -> object type made of this row

    def compile(self, selections: Iterable[Selection]) -> Specification:
        """The specification of one row of this shape for ``selections`` (a field's sub-selections)."""
        spec: Specification = {}
        for selected in _fields(selections):
            self._add(spec, selected)
        return spec

    def _add(self, spec: Specification, selected: SelectedField) -> None:
        name = selected.name
        if name in ("id", "__typename"):
            return
        relation = self.relations.get(name)
        if relation is not None:
            # a many2one keeps its display name, so code that wants only the pair still finds it
            nested = spec.setdefault(relation.odoo_field, {"fields": {} if relation.many else {"display_name": {}}})
            nested["fields"].update(relation.shape.compile(selected.selections))
            if relation.order:
                nested["order"] = relation.order
            return
        child = self.children.get(name)
        if child is not None:
            for sub in _fields(selected.selections):
                child._add(spec, sub)
            return
        for odoo_field in self.scalars.get(name, self.fallback):
            if odoo_field not in spec:
                spec[odoo_field] = PAIR if odoo_field in self.many2one else {}

    def rows(self, spec: Specification, records: list[Row]) -> list[Row]:
        """``web_read`` rows in the form ``from_row`` takes (see the module docstring), changed in place; the
        rows of each relation are gathered over the page and converted once."""
        relations = {rel.odoo_field: rel for rel in self._all_relations()}
        for odoo_field, sub in spec.items():
            relation = relations.get(odoo_field)
            if relation is None:
                if "fields" in sub:  # a plain many2one: the [id, name] pair search_read gives
                    for row in records:
                        value = row.get(odoo_field)
                        if isinstance(value, dict):
                            row[odoo_field] = [value.get("id"), value.get("display_name") or ""]
                continue
            children: list[Row] = []
            for row in records:
                value = row.get(odoo_field)
                if isinstance(value, dict):
                    children.append(value)
                elif isinstance(value, list):
                    children.extend(item for item in value if isinstance(item, dict))
            if children:
                relation.shape.rows(sub.get("fields", {}), children)
        return records

    def _all_relations(self) -> Iterable[Relation]:
        yield from self.relations.values()
        for child in self.children.values():
            yield from child._all_relations()

    def top_level(self, spec: Specification) -> tuple[list[str], frozenset[str]]:
        """The flat field list of ``spec`` and its many2one fields, for ``search_read`` (Odoo 16)."""
        many2one = self.many2one | {rel.odoo_field for rel in self._all_relations() if not rel.many}
        return list(spec), frozenset(name for name in spec if name in many2one)


def _fields(selections: Iterable[Selection]) -> Iterable[SelectedField]:
    """The fields of a selection set, fragments flattened (directives are not evaluated: a skipped field is
    read anyway, which costs a column, never a wrong answer)."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        elif isinstance(selection, (InlineFragment, FragmentSpread)):
            yield from _fields(selection.selections)


def field_names(selections: Iterable[Selection]) -> set[str]:
    """The names of the fields a selection set selects, fragments flattened."""
    return {selected.name for selected in _fields(selections)}


def page_selections(fields: Iterable[Selection], *path: str) -> list[Selection]:
    """The selections found under ``path`` (e.g. ``edges``, ``node``) of a resolver's field
    (``info.selected_fields``), all aliases and fragments merged."""
    current: list[Selection] = [sub for selected in _fields(fields) for sub in selected.selections]
    for name in path:
        current = [sub for selected in _fields(current) if selected.name == name for sub in selected.selections]
    return current


def nested(value: Any) -> Row | None:
    """A many2one read nested by a specification (a row), else None (a pair, ``False``: load it)."""
    return value if isinstance(value, dict) else None


def nested_rows(value: Any) -> list[Row] | None:
    """The rows of an x2many read nested by a specification, else None (ids: load them). An empty list is
    the same answer either way."""
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        return value
    return None


def later(awaitable: Awaitable[T]) -> T:
    """What a plain (non-async) resolver returns when its value must still be loaded.

    graphql-core awaits any awaitable a resolver returns, so one resolver answers a nested row at once (no
    coroutine, no loader future, no event-loop turn per row) and falls back to its loader otherwise (Odoo 16,
    ``node(id:)``, rows read by a loader).
    """
    return cast(T, awaitable)
