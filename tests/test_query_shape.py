"""Depth and alias counting (``bff/query_shape.py``): through fragments, once per fragment."""

from __future__ import annotations

from graphql import get_introspection_query, parse

from bff.query_shape import alias_count, fragments_of, operation_depth, operations_of


def depth(query: str) -> int:
    document = parse(query)
    (operation,) = operations_of(document)
    return operation_depth(operation, fragments_of(document))


def test_depth_counts_through_inline_fragments() -> None:
    assert depth('{ node(id: "RXZlbnQ6MQ==") { id ... on Event { tickets { price { amount } } } } }') == 4


def test_depth_counts_through_named_fragments() -> None:
    assert depth("""
    query Deep { events { ...Page } }
    fragment Page on EventConnection { edges { node { ...Tickets } } }
    fragment Tickets on Event { tickets { price { amount } } }
    """) == 6


def test_introspection_adds_no_depth() -> None:
    assert depth(get_introspection_query(descriptions=True)) == 0
    assert depth("{ __typename events { __typename } }") == 1


def test_fragment_cycles_count_as_nothing() -> None:
    assert depth("{ dog(id: 1) { ...A } } fragment A on Dog { name ...B } fragment B on Dog { ...A }") == 2
    assert alias_count(parse("{ ...A } fragment A on Query { a: __typename ...A }")) == 1


def test_aliases_count_once_per_place_over_all_operations() -> None:
    document = parse("""
    query One { a: __typename ...Two ...Two }
    query Other { b: __typename c: events { d: totalCount } }
    fragment Two on Query { x: __typename y: __typename }
    """)
    assert alias_count(document) == 1 + 2 * 2 + 3


def test_a_fragment_dag_is_measured_without_walking_every_path() -> None:
    levels = 60
    fragments = "\n".join(f"fragment F{i} on Query {{ a{i}: __typename ...F{i + 1} ...F{i + 1} }}"
                          for i in range(levels))
    document = parse("{ ...F0 }\n" + fragments + f"\nfragment F{levels} on Query {{ __typename }}")
    assert alias_count(document) == 2 ** levels - 1  # would take centuries path by path
