"""The GraphQL examples of docs/frontend.md and the README are valid against the committed schema, so a
frontend developer can copy them (a renamed field or argument fails here, not in their codegen)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import build_schema, parse, validate

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = build_schema((ROOT / "schema.graphql").read_text("utf-8"))
BLOCK = re.compile(r"```graphql\n(.*?)```", re.DOTALL)


def blocks(name: str) -> list[str]:
    return BLOCK.findall((ROOT / name).read_text("utf-8"))


EXAMPLES = [(name, index, block) for name in ("docs/frontend.md", "README.md")
            for index, block in enumerate(blocks(name))]


def test_the_pages_have_examples() -> None:
    assert len(blocks("docs/frontend.md")) >= 8 and len(blocks("README.md")) >= 2


@pytest.mark.parametrize(("name", "index", "block"), EXAMPLES, ids=[f"{n}#{i}" for n, i, _ in EXAMPLES])
def test_example_is_valid(name: str, index: int, block: str) -> None:
    errors = validate(SCHEMA, parse(block))
    assert not errors, f"{name} example {index}: {[error.message for error in errors]}"


def test_codegen_maps_every_custom_scalar() -> None:
    text = (ROOT / "docs/frontend.md").read_text("utf-8")
    custom = {name for name, kind in SCHEMA.type_map.items()
              if kind.__class__.__name__ == "GraphQLScalarType" and name not in
              {"String", "Int", "Float", "Boolean", "ID"} and not name.startswith("__")}
    mapping = re.search(r"scalars: \{([^}]*)\}", text)
    assert mapping is not None
    assert custom == set(re.findall(r"(\w+): \"string\"", mapping.group(1)))
