"""A faster graphql-core execution for the same answers: field plans and value completers compiled once.

A public page is about 1,350 fields, and graphql-core spends most of the BFF's CPU walking them: for every
field it looks the field up, builds a resolve-info object, calls strawberry's resolver wrapper (which for a
plain attribute calls ``getattr``), then dispatches on the return type through five type tests. This
execution context keeps graphql-core's algorithm and changes two things:

- **Field plans** (per parent type and field name, built once per schema): a strawberry field with no
  resolver, arguments or extensions is read with ``getattr`` straight away, and no resolve-info is built for
  it unless something needs one (an error, an abstract type, a non-list iterable); a leaf one is completed
  in line in ``execute_fields``. A plain method resolver (``category(self, info)``: no arguments,
  extensions, permissions or exception handlers, not async) is called directly with the strawberry ``Info``
  strawberry's wrapper would have built, skipping the wrapper's argument conversion and extension chain.
- **Completers** (per GraphQL output type, built once): non-null, list, leaf and object completion compiled
  into closures, so completing a value is one call per level instead of a chain of type tests.

Everything else is graphql-core's own code: resolvers with arguments, async ones, awaitables, abstract
types, errors and their paths, ``@defer`` and ``@stream``. When the schema has resolve middleware (a tracing
extension that hooks every field), fields go through graphql-core's ``execute_field`` unchanged, so the
middleware sees every field. ``tests/test_execution.py`` runs a set of documents, including failing and null-propagating
ones, through this context and through strawberry's default one and requires identical results.
"""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable
from typing import Any, cast

from graphql import (
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLSchema,
    Undefined,
    is_abstract_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
)
from graphql.execution.executor import invalid_return_type_error, to_nodes
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.cast import get_strawberry_type_cast

# complete(context, plan, field_details_list, info, path, result, position_context) -> value or awaitable
Completer = Callable[["FastExecutionContext", "FieldPlan | None", Any, Any, Any, Any, Any], Any]


class FieldPlan:
    """What executing one field of one parent type needs, worked out once."""

    __slots__ = ("attribute", "call", "complete", "field_def", "field_name", "leaf", "parent_type", "resolve",
                 "return_type")

    def __init__(self, parent_type: GraphQLObjectType, field_name: str, field_def: GraphQLField) -> None:
        self.parent_type = parent_type
        self.field_name = field_name
        self.field_def = field_def
        self.return_type = field_def.type
        self.resolve = field_def.resolve
        strawberry_field = (field_def.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
        self.attribute = _plain_attribute(field_def, strawberry_field)
        self.call = None if self.attribute is not None else _direct_call(field_def, strawberry_field)
        self.complete = completer(field_def.type)
        named = field_def.type.of_type if is_non_null_type(field_def.type) else field_def.type
        self.leaf = self.attribute is not None and is_leaf_type(named)


def _plain_attribute(field_def: GraphQLField, strawberry_field: Any) -> str | None:
    """The Python attribute a field reads when strawberry would only ``getattr`` it, else None.

    Strawberry marks the resolver of a "basic" field (no resolver, permission classes or field extensions)
    with ``_is_default``; it then returns ``field.default_resolver(source, field.python_name)``.
    """
    if (getattr(field_def.resolve, "_is_default", False) and not field_def.args and strawberry_field is not None
            and getattr(strawberry_field, "default_resolver", None) is getattr):
        return str(strawberry_field.python_name)
    return None


def _direct_call(field_def: GraphQLField, strawberry_field: Any) -> Callable[[Any, GraphQLResolveInfo], Any] | None:
    """For a strawberry method resolver with no arguments, extensions, permissions or exception handlers that
    is not async (``category(self, info)``, say): a call of the method itself, with the strawberry ``Info``
    strawberry's wrapper would build. Its wrapper would also convert arguments and chain field extensions,
    which such a field has none of. Anything else: None (the field's own resolver, through graphql-core)."""
    resolver = getattr(strawberry_field, "base_resolver", None)
    resolve = field_def.resolve
    if (resolver is None or strawberry_field.extensions or field_def.args or resolver.arguments or resolver.is_async
            or resolve is None or resolve.__name__ != "_resolver"):
        return None
    wrapper = inspect.getclosurevars(resolve).nonlocals
    make_info = wrapper.get("_strawberry_info_from_graphql")
    if make_info is None or wrapper.get("field_exception_handlers"):
        return None
    function = resolver.wrapped_func
    with_self = resolver.self_parameter is not None
    info_name = resolver.info_parameter.name if resolver.info_parameter is not None else None
    source_names = [p.name for p in (resolver.parent_parameter, resolver.root_parameter) if p is not None]

    def call(source: Any, info: GraphQLResolveInfo) -> Any:
        kwargs = {name: source for name in source_names}
        if info_name is not None:
            kwargs[info_name] = make_info(info)
        return function(source, **kwargs) if with_self else function(**kwargs)

    return call


_PLANS: weakref.WeakKeyDictionary[GraphQLObjectType, dict[str, FieldPlan | None]] = weakref.WeakKeyDictionary()
_COMPLETERS: weakref.WeakKeyDictionary[Any, Completer] = weakref.WeakKeyDictionary()


def field_plan(schema: GraphQLSchema, parent_type: GraphQLObjectType, field_name: str) -> FieldPlan | None:
    """The plan of one field (None: no such field), built on first use; ``__typename``, ``__schema`` and
    ``__type`` are found the way graphql-core finds them."""
    plans = _PLANS.get(parent_type)
    if plans is None:
        plans = _PLANS[parent_type] = {}
    try:
        return plans[field_name]
    except KeyError:
        field_def = schema.get_field(parent_type, field_name)
        plan = plans[field_name] = FieldPlan(parent_type, field_name, field_def) if field_def else None
        return plan


def completer(return_type: GraphQLOutputType) -> Completer:
    """The compiled ``complete_value`` of one output type (graphql-core's algorithm, one closure per level)."""
    compiled = _COMPLETERS.get(return_type)
    if compiled is None:
        compiled = _COMPLETERS[return_type] = _compile(return_type)
    return compiled


def _compile(return_type: Any) -> Completer:
    if is_non_null_type(return_type):
        return _non_null(return_type)
    if is_list_type(return_type):
        return _list(return_type)
    if is_leaf_type(return_type):
        return _leaf(return_type)
    if is_object_type(return_type):
        return _object(return_type)
    if is_abstract_type(return_type):
        return _abstract(return_type)
    raise TypeError(f"Cannot complete value of unexpected output type: '{return_type}'.")  # pragma: no cover


def _null_or_raise(result: Any) -> None:
    """graphql-core's start of every completion: a resolver's exception value is raised, null stays null."""
    if isinstance(result, Exception):
        raise result


def _non_null(return_type: GraphQLNonNull[Any]) -> Completer:
    inner = completer(return_type.of_type)

    def complete(context: FastExecutionContext, plan: FieldPlan | None, details: Any, info: Any, path: Path,
                 result: Any, position: Any) -> Any:
        if isinstance(result, Exception):
            raise result
        completed = inner(context, plan, details, info, path, result, position)
        if completed is None:
            parent, name = (info.parent_type, info.field_name) if info is not None else (plan.parent_type,  # type: ignore[union-attr]
                                                                                         plan.field_name)  # type: ignore[union-attr]
            raise TypeError(f"Cannot return null for non-nullable field {parent}.{name}.")
        return completed

    return complete


def _leaf(return_type: Any) -> Completer:
    coerce = return_type.coerce_output_value

    def complete(context: FastExecutionContext, plan: FieldPlan | None, details: Any, info: Any, path: Path,
                 result: Any, position: Any) -> Any:
        if result is None or result is Undefined or isinstance(result, Exception):
            return _null_or_raise(result)
        return context.complete_leaf_value(return_type, result) if (coerced := coerce(result)) is None \
            or coerced is Undefined else coerced

    return complete


def _object(return_type: GraphQLObjectType) -> Completer:
    definition = (return_type.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    # An instance of exactly the strawberry class behind the type, not strawberry.cast to another type, is one
    # its is_type_of accepts (anything else is asked, as graphql-core would)
    origin = getattr(definition, "origin", None) if isinstance(definition, StrawberryObjectDefinition) else None

    def complete(context: FastExecutionContext, plan: FieldPlan | None, details: Any, info: Any, path: Path,
                 result: Any, position: Any) -> Any:
        if result is None or result is Undefined or isinstance(result, Exception):
            return _null_or_raise(result)
        is_type_of = return_type.is_type_of
        if is_type_of is not None and (type(result) is not origin or get_strawberry_type_cast(result) is not None):
            # strawberry's is_type_of never reads its info; a resolve-info is built only if it answers later
            matches = is_type_of(result, info)
            if context.is_awaitable(matches):
                return context.complete_object_value(return_type, details, context.info_for(plan, details, info, path),
                                                     path, result, position)
            if not matches:
                raise invalid_return_type_error(return_type, result, details)
        grouped_field_set, new_defer_usages, _ = context.collect_subfields(return_type, details)
        if new_defer_usages:  # @defer: graphql-core's incremental execution
            return context.execute_collected_subfields(return_type, result, path, grouped_field_set,
                                                       new_defer_usages, position)
        return context.execute_fields(return_type, result, path, grouped_field_set, position)

    return complete


def _abstract(return_type: Any) -> Completer:
    def complete(context: FastExecutionContext, plan: FieldPlan | None, details: Any, info: Any, path: Path,
                 result: Any, position: Any) -> Any:
        if result is None or result is Undefined or isinstance(result, Exception):
            return _null_or_raise(result)
        return context.complete_abstract_value(return_type, details, context.info_for(plan, details, info, path),
                                               path, result, position)

    return complete


def _list(return_type: GraphQLList[Any]) -> Completer:
    item_type = return_type.of_type
    complete_item = completer(item_type)

    def complete(context: FastExecutionContext, plan: FieldPlan | None, details: Any, info: Any, path: Path,
                 result: Any, position: Any) -> Any:
        if result is None or result is Undefined or isinstance(result, Exception):
            return _null_or_raise(result)
        if type(result) is not list or context.get_stream_usage(details, path) is not None:
            # tuples, generators, async iterables, @stream: graphql-core's own list completion
            return context.complete_list_value(return_type, details, context.info_for(plan, details, info, path),
                                               path, result, position)
        is_awaitable = context.is_awaitable
        completed: list[Any] = []
        append = completed.append
        pending: list[int] = []
        try:
            for index, item in enumerate(result):
                item_path = path.add_key(index, None)
                if is_awaitable(item):
                    append(context.complete_awaitable_list_item_value(
                        item, item_type, details, context.info_for(plan, details, info, path), item_path, position))
                    pending.append(index)
                    continue
                try:
                    value = complete_item(context, plan, details, info, item_path, item, position)
                except Exception as raw_error:
                    context.handle_field_error(raw_error, item_type, details, item_path)
                    value = None
                else:
                    if is_awaitable(value):
                        value = context.await_item(value, item_type, details, item_path)
                        pending.append(index)
                append(value)
        except Exception:
            context.abandon(completed, pending)
            raise
        return context.completed(completed, pending)

    return complete


class FastExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context with compiled field plans and completers (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.middleware_manager
        self.plain_fields = manager is None or not manager.middlewares
        self.steps: dict[int, tuple[Any, list[tuple[str, Any, FieldPlan]]]] = {}

    def info_for(self, plan: FieldPlan | None, details: Any, info: Any, path: Path) -> GraphQLResolveInfo:
        """``info`` if the field built one, else the one graphql-core would have built for it."""
        if info is not None:
            return info  # type: ignore[no-any-return]
        assert plan is not None
        return self.build_resolve_info(plan.field_def, to_nodes(details), plan.parent_type, path)

    def execute_fields(self, parent_type: GraphQLObjectType, source_value: Any, path: Path | None,
                       grouped_field_set: Any, position_context: Any) -> Any:
        """graphql-core's ``execute_fields``, with leaf attributes read and completed in line (no path, no
        resolve-info unless one fails)."""
        if not self.plain_fields:
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        steps = self.steps_for(parent_type, grouped_field_set)
        results: dict[str, Any] = {}
        pending: list[str] = []
        is_awaitable = self.is_awaitable
        try:
            for name, details, plan in steps:
                if plan.leaf:
                    try:
                        value = getattr(source_value, cast(str, plan.attribute))
                        results[name] = plan.complete(self, plan, details, None, path, value, position_context)
                    except Exception as raw_error:
                        self.handle_field_error(raw_error, plan.return_type, details,
                                                Path(path, name, parent_type.name))
                        results[name] = None
                    continue
                result = self.execute_planned(plan, parent_type, source_value, details,
                                              Path(path, name, parent_type.name), position_context)
                if result is Undefined:
                    continue
                results[name] = result
                if is_awaitable(result):
                    pending.append(name)
        except Exception:
            self.abandon(results, pending)
            raise
        return self.completed(results, pending)

    def steps_for(self, parent_type: GraphQLObjectType, grouped_field_set: Any) -> list[tuple[str, Any, FieldPlan]]:
        """The fields of one collected selection set with their plans, once per execution (graphql-core
        collects a selection set once per execution and keeps it alive, so its id is a stable key)."""
        key = id(grouped_field_set)
        cached = self.steps.get(key)
        if cached is not None and cached[0] is grouped_field_set:
            return cached[1]
        steps = []
        for name, details in grouped_field_set.items():
            plan = field_plan(self.schema, parent_type, details[0].node.name.value)
            if plan is not None:  # (an unknown field is skipped, as graphql-core does)
                steps.append((name, details, plan))
        self.steps[key] = (grouped_field_set, steps)
        return steps

    def execute_field(self, parent_type: GraphQLObjectType, source: Any, field_details_list: Any, path: Path,
                      position_context: Any) -> Any:
        if not self.plain_fields:
            return super().execute_field(parent_type, source, field_details_list, path, position_context)
        plan = field_plan(self.schema, parent_type, field_details_list[0].node.name.value)
        if plan is None:
            return Undefined
        return self.execute_planned(plan, parent_type, source, field_details_list, path, position_context)

    def execute_planned(self, plan: FieldPlan, parent_type: GraphQLObjectType, source: Any, field_details_list: Any,
                        path: Path, position_context: Any) -> Any:
        """graphql-core's ``execute_field`` for a field whose plan is known."""
        first = field_details_list[0]
        node = first.node
        return_type = plan.return_type
        info: GraphQLResolveInfo | None = None
        try:
            if plan.attribute is not None and not node.arguments:
                result = getattr(source, plan.attribute)
            else:
                info = self.build_resolve_info(plan.field_def, to_nodes(field_details_list), parent_type, path)
                if plan.call is not None and not node.arguments:
                    result = plan.call(source, info)
                else:
                    args = get_argument_values(plan.field_def, node, self.variable_values,
                                               first.fragment_variable_values, self.hide_suggestions) \
                        if plan.field_def.args or node.arguments else {}
                    result = (plan.resolve or self.field_resolver)(source, info, **args)
                if self.is_awaitable(result):
                    return self.complete_awaitable_value(return_type, field_details_list, info, path, result,
                                                         position_context)
            completed = plan.complete(self, plan, field_details_list, info, path, result, position_context)
            if self.is_awaitable(completed):
                return self.await_item(completed, return_type, field_details_list, path)
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None
        return completed

    def complete_value(self, return_type: Any, field_details_list: Any, info: Any, path: Path, result: Any,
                       position_context: Any) -> Any:
        return completer(return_type)(self, None, field_details_list, info, path, result, position_context)

    async def await_item(self, completed: Any, return_type: Any, field_details_list: Any, path: Path) -> Any:
        """An awaitable completion whose error nulls this field or list item (graphql-core's ``await_completed``)."""
        try:
            return await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None

    def completed(self, container: Any, pending: list[Any]) -> Any:
        """A completed object (dict) or list, or an awaitable of it once its ``pending`` keys or indices, which
        hold awaitables, are settled (graphql-core's ``get_results``/``get_completed_results``)."""
        return self.gather(container, pending) if pending else container

    async def gather(self, container: Any, pending: list[Any]) -> Any:
        if len(pending) == 1:
            container[pending[0]] = await container[pending[0]]
            return container
        for key, value in zip(pending, await gather_with_cancel(*(container[k] for k in pending)), strict=True):
            container[key] = value
        return container

    def abandon(self, container: Any, pending: list[Any]) -> None:
        """After an error: let the awaitables already started settle in the background (they may fail too)."""
        if pending:
            self.settle_in_background([container[key] for key in pending])
