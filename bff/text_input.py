"""Free text as clients send it: one check of every string argument of every operation, before execution.

PostgreSQL refuses a NUL character and cannot encode a lone surrogate; text with control characters or
bidi overrides breaks or spoofs what staff see; a megabyte search is refused by Odoo's front proxy after
the BFF has paid for it. So every string a document carries, in a literal or a variable, at any depth of
an input object, is checked once here (the rules below), and the operation is refused as a whole with
``BAD_USER_INPUT`` (``extensions.field``: the argument or input field) before any resolver or Odoo call:

    refused anywhere             NUL and other C0/C1 controls except tab, CR, LF; lone surrogates;
                                 Unicode noncharacters; bidi embedding/override/isolate controls
    longer than its limit        the ``max_length`` declared on the argument or input field
                                 (``Arg(..., max_length=N)``, ``strawberry.field(metadata=max_length(N))``),
                                 else String 1,000 and ID 200 characters

Business rules (a name of 1 to 64 characters, an email with an ``@``) stay with their domain and answer as
payload errors; this module only keeps out what no field may hold.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    GraphQLError,
    GraphQLInputType,
    GraphQLSchema,
    ObjectFieldNode,
    StringValueNode,
    TypeInfo,
    TypeInfoVisitor,
    VariableNode,
    Visitor,
    get_named_type,
    is_input_object_type,
    is_list_type,
    is_non_null_type,
    visit,
)
from strawberry.extensions import SchemaExtension

from bff.errors import BadUserInput

MAX_LENGTH = "max_length"
DEFAULT_LIMITS = {"String": 1000, "ID": 200}
DEFAULT_LIMIT = 1000
SEARCH_MAX_LENGTH = 100  # every search string: Odoo runs an ilike over whole tables with it


def max_length(limit: int) -> dict[str, int]:
    """Metadata of an input field or argument that may hold up to ``limit`` characters."""
    return {MAX_LENGTH: limit}


def _refused_ranges() -> str:
    ranges = ["\x00-\x08", "\x0b\x0c", "\x0e-\x1f", "\x7f-\x9f", "\ud800-\udfff", "\ufdd0-\ufdef",
              "\u202a-\u202e", "\u2066-\u2069"]
    ranges += [chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17)]
    return "[" + "".join(ranges) + "]"


_REFUSED = re.compile(_refused_ranges())


def text_problem(value: str, limit: int) -> str | None:
    """Why ``value`` may not be stored, or ``None`` when it may."""
    if len(value) > limit:
        return f"is longer than {limit} characters"
    bad = _REFUSED.search(value)
    if bad is not None:
        return f"contains a character that is not allowed (U+{ord(bad.group()):04X})"
    return None


def _declared_limit(definition: Any) -> int | None:
    strawberry_definition = (getattr(definition, "extensions", None) or {}).get("strawberry-definition")
    limit = (getattr(strawberry_definition, "metadata", None) or {}).get(MAX_LENGTH)
    return limit if isinstance(limit, int) else None


class _TextVisitor(Visitor):
    """Walks a document with its types, checking literal strings and the variable values used in it."""

    def __init__(self, type_info: TypeInfo, variables: dict[str, Any]) -> None:
        super().__init__()
        self.type_info, self.variables = type_info, variables
        self.where: list[tuple[str, int | None]] = []  # (GraphQL name, declared limit) of argument/field
        self.problem: BadUserInput | None = None

    def _limit(self, declared: int | None, input_type: Any) -> int:
        if declared is not None:
            return declared
        return DEFAULT_LIMITS.get(getattr(get_named_type(input_type), "name", ""), DEFAULT_LIMIT)

    def _check(self, value: str, name: str, limit: int) -> None:
        why = text_problem(value, limit)
        if why is not None and self.problem is None:
            self.problem = BadUserInput(f"`{name}` {why}", field=name)

    def enter_argument(self, node: ArgumentNode, *_: Any) -> None:
        self.where.append((node.name.value, _declared_limit(self.type_info.get_argument())))

    def leave_argument(self, *_: Any) -> None:
        self.where.pop()

    def enter_object_field(self, node: ObjectFieldNode, *_: Any) -> None:
        parent = get_named_type(self.type_info.get_parent_input_type())
        field = parent.fields.get(node.name.value) if is_input_object_type(parent) else None  # type: ignore[union-attr]
        self.where.append((node.name.value, _declared_limit(field)))

    def leave_object_field(self, *_: Any) -> None:
        self.where.pop()

    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        name, declared = self.where[-1] if self.where else ("query", None)
        self._check(node.value, name, self._limit(declared, self.type_info.get_input_type()))

    def enter_variable(self, node: VariableNode, *_: Any) -> None:
        input_type = self.type_info.get_input_type()
        if self.where and input_type is not None:  # a use of the variable, not its definition
            name, declared = self.where[-1]
            self._walk(self.variables.get(node.name.value), input_type, name, declared)

    def _walk(self, value: Any, input_type: GraphQLInputType, name: str, declared: int | None) -> None:
        if value is None or self.problem is not None:
            return
        if is_non_null_type(input_type):
            input_type = input_type.of_type  # type: ignore[union-attr]
        if is_list_type(input_type):
            for item in value if isinstance(value, list) else [value]:
                self._walk(item, input_type.of_type, name, declared)  # type: ignore[union-attr]
        elif is_input_object_type(input_type):
            if isinstance(value, dict):
                for field_name, field in input_type.fields.items():  # type: ignore[union-attr]
                    if field_name in value:
                        self._walk(value[field_name], field.type, field_name, _declared_limit(field))
        elif isinstance(value, str):
            self._check(value, name, self._limit(declared, input_type))


def find_text_problem(schema: GraphQLSchema, document: DocumentNode,
                      variables: dict[str, Any] | None) -> BadUserInput | None:
    """The first string of ``document`` (or of the variables it uses) that breaks the rules, if any."""
    type_info = TypeInfo(schema)
    visitor = _TextVisitor(type_info, variables if isinstance(variables, dict) else {})
    visit(document, TypeInfoVisitor(type_info, visitor))
    return visitor.problem


def carries_text(value: Any) -> bool:
    """Whether a variable value holds a string anywhere (``{"first": 50}`` does not: no check is needed)."""
    if isinstance(value, str):
        return True
    if isinstance(value, dict):
        return any(carries_text(item) for item in value.values())
    if isinstance(value, list):
        return any(carries_text(item) for item in value)
    return False


class TextInputCheck(SchemaExtension):
    """Refuses an operation whose text breaks the rules above, before it executes.

    It runs as validation starts: an error set there is what strawberry answers instead of validating and
    executing, for queries, mutations and subscriptions alike (a result set in ``on_execute`` would not stop
    a subscription).
    """

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        # nothing to check (no walk of the document) when it has no string literal and no variable value is text
        no_text = context.query is not None and '"' not in context.query and not carries_text(context.variables)
        if document is not None and not context.pre_execution_errors and not no_text:
            problem = find_text_problem(context.schema._schema, document, context.variables)
            if problem is not None:
                context.pre_execution_errors = [GraphQLError(problem.message, original_error=problem)]
        yield
