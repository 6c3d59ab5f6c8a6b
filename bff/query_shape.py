"""The shape of a GraphQL document: how deep its operations nest and how many aliases it uses.

Both walks follow named and inline fragments and remember each fragment's answer, so a document whose
fragments spread each other twice over 40 levels (2^40 paths in ~300 tokens) is measured in linear time.
strawberry's ``QueryDepthLimiter`` and ``MaxAliasesLimiter`` expand every path instead (measured with 20
such levels: 4.6 s and 1.7 s), which is why the BFF counts these itself (``tests/test_query_shape.py``).

* depth: the deepest chain of nested fields (``{ a { b } }`` is 2). Fragments add no level of their own.
  Introspection fields (``__schema``, ``__type``, ``__typename``) and everything under them are not counted:
  graphql-core's ``MaxIntrospectionDepthRule`` bounds their nesting, the cost model prices them.
* aliases: every aliased field, counted once per place it ends up in (a fragment with 2 aliases spread 3
  times counts 6), over every operation of the document.

A spread of an unknown fragment, or of one already being expanded (a cycle, which validation reports on its
own), counts as nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

INTROSPECTION_FIELDS = frozenset({"__schema", "__type", "__typename"})

Fragments = Mapping[str, FragmentDefinitionNode]


def fragments_of(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def operations_of(document: DocumentNode) -> list[OperationDefinitionNode]:
    return [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]


def operation_depth(operation: OperationDefinitionNode, fragments: Fragments) -> int:
    """The number of nested field levels of ``operation``, through fragments."""
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
        memo[name] = depth = selection_depth(fragment.selection_set, expanding | {name})
        return depth

    return selection_depth(operation.selection_set, frozenset())


def alias_count(document: DocumentNode) -> int:
    """Aliased fields in all operations of ``document``, each counted once per place it ends up in."""
    fragments = fragments_of(document)
    memo: dict[str, int] = {}

    def selection_aliases(selection_set: SelectionSetNode | None, expanding: frozenset[str]) -> int:
        if selection_set is None:
            return 0
        count = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                count += (selection.alias is not None) + selection_aliases(selection.selection_set, expanding)
            elif isinstance(selection, InlineFragmentNode):
                count += selection_aliases(selection.selection_set, expanding)
            elif isinstance(selection, FragmentSpreadNode):
                count += fragment_aliases(selection.name.value, expanding)
        return count

    def fragment_aliases(name: str, expanding: frozenset[str]) -> int:
        if name in memo:
            return memo[name]
        fragment = fragments.get(name)
        if fragment is None or name in expanding:
            return 0
        memo[name] = count = selection_aliases(fragment.selection_set, expanding | {name})
        return count

    return sum(selection_aliases(operation.selection_set, frozenset()) for operation in operations_of(document))
