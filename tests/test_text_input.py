"""The text rules reach every string input of the schema: a walk over every argument of every root field, at
any depth of its input objects, so a field added later cannot slip past the check."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from graphql import (
    GraphQLInputType,
    get_named_type,
    is_input_object_type,
    is_list_type,
    is_non_null_type,
    is_scalar_type,
    parse,
)

from bff.graphql_schema import build_schema
from bff.text_input import DEFAULT_LIMIT, find_text_problem, text_problem

SCHEMA = build_schema()._schema  # type: ignore[attr-defined]


def string_inputs(input_type: GraphQLInputType, depth: int = 0) -> Iterator[tuple[tuple[str, ...], Any]]:
    """``(input field names, value)`` for every String/ID leaf of ``input_type``; ``value`` puts NUL there."""
    if is_non_null_type(input_type):
        yield from string_inputs(input_type.of_type, depth)  # type: ignore[union-attr]
    elif is_list_type(input_type):
        for path, value in string_inputs(input_type.of_type, depth):  # type: ignore[union-attr]
            yield path, [value]
    elif is_input_object_type(input_type) and depth < 5:
        for name, field in input_type.fields.items():  # type: ignore[union-attr]
            for path, value in string_inputs(field.type, depth + 1):
                yield (name, *path), {name: value}
    elif is_scalar_type(input_type) and input_type.name in ("String", "ID"):  # type: ignore[union-attr]
        yield (), "bad\x00"


def every_string_argument() -> Iterator[tuple[str, str, dict[str, Any], str]]:
    for operation, root in (("query", SCHEMA.query_type), ("mutation", SCHEMA.mutation_type)):
        for field_name, field in (root.fields if root else {}).items():
            for arg_name, arg in field.args.items():
                for path, value in string_inputs(arg.type):
                    selection = " { __typename }" if not is_scalar_type(get_named_type(field.type)) else ""
                    document = f"{operation}($v: {arg.type}) {{ {field_name}({arg_name}: $v){selection} }}"
                    yield f"{field_name}({'.'.join((arg_name, *path))})", document, {"v": value}, (arg_name, *path)[-1]


CASES = list(every_string_argument())


def test_the_walk_finds_the_inputs_that_matter() -> None:
    names = {name for name, _, _, _ in CASES}
    assert {"addDog(input.name)", "registerForEvent(attendees.name)", "clients(search)", "postBySlug(slug)",
            "logIn(password)", "createPost(input.content)", "events(filter.search)"} <= names
    assert len(CASES) > 40


@pytest.mark.parametrize("name, document, variables, field", CASES, ids=[case[0] for case in CASES])
def test_every_string_input_refuses_nul(name: str, document: str, variables: dict[str, Any], field: str) -> None:
    problem = find_text_problem(SCHEMA, parse(document), variables)
    assert problem is not None and problem.code == "BAD_USER_INPUT", name
    assert problem.extensions["field"] == field


@pytest.mark.parametrize("value, refused", [
    ("Rex", False), ("Zoë 🐕 Müller-Łukasz", False), ("line\nbreak\ttab\r", False), ("עִבְרִית\u200f", False),
    ("\x00", True), ("\x1b[31m", True), ("\x7f", True), ("\x85", True), ("\ud800", True), ("\udfff", True),
    ("\ufdd0", True), ("\ufffe", True), ("\U0010ffff", True), ("\u202e", True), ("\u2066", True),
])
def test_characters(value: str, refused: bool) -> None:
    assert (text_problem(value, DEFAULT_LIMIT) is not None) is refused


def test_lengths_follow_the_declared_limit() -> None:
    query = "query($s: String!) { clients(search: $s) { totalCount } }"
    assert find_text_problem(SCHEMA, parse(query), {"s": "a" * 100}) is None
    assert find_text_problem(SCHEMA, parse(query), {"s": "a" * 101}) is not None
    literal = 'mutation { addDog(input: {name: "x", notes: "%s"}) { __typename } }'
    assert find_text_problem(SCHEMA, parse(literal % ("n" * 2000)), {}) is None
    assert find_text_problem(SCHEMA, parse(literal % ("n" * 2001)), {}) is not None
    assert find_text_problem(SCHEMA, parse('{ postBySlug(slug: "%s") { id } }' % ("s" * 1001)), {}) is not None
