"""Odoo domain validation and evaluation over an in-memory store (pure functions).

A domain is a list in prefix notation: ``&``, ``|`` (binary) and ``!`` (unary) with an implicit ``&``
between consecutive terms; a term (leaf) is ``[path, operator, value]`` or the constants
``(1, '=', 1)`` (true) and ``(0, '=', 1)`` (false).

Semantics follow Odoo 17/18's SQL translation: a dotted path ``a.b`` means ``a any [(b, op, v)]``;
``=``/``!=`` False test emptiness; negative operators (``!=``, ``not in``, ``not like``,
``not ilike``) also match empty values, while ``<``/``>`` never match an empty value; on an x2many,
``=`` id means "contains"; a string compared to a relational field is matched against the display
names of the comodel. A leaf on a non-stored field without a search method matches every record (Odoo 18
logs an error and replaces it by TRUE). The store is reached only through the :class:`Resolver` protocol.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any, Protocol

from .exceptions import PythonAssertionError, PythonValueError
from .fields import X2MANY, Field, parse_date, parse_datetime
from .postgres import check_parameter

OPERATORS = frozenset(
    {
        "=",
        "!=",
        "<>",
        ">",
        ">=",
        "<",
        "<=",
        "=?",
        "in",
        "not in",
        "like",
        "not like",
        "ilike",
        "not ilike",
        "=like",
        "=ilike",
        "child_of",
        "parent_of",
        "any",
        "not any",
    }
)
NEGATIVE = {"!=": "=", "not in": "in", "not like": "like", "not ilike": "ilike", "not any": "any"}
COMPARISON_NEGATION = {"<": ">=", ">": "<=", "<=": ">", ">=": "<"}
_logger = logging.getLogger(__name__)
TRUE_LEAF = (1, "=", 1)
FALSE_LEAF = (0, "=", 1)


class Resolver(Protocol):
    """What the evaluator needs from the store (sudo: no access checks)."""

    def get_field(self, model: str, name: str) -> Field | None: ...
    def all_ids(self, model: str) -> Iterable[int]: ...
    def value(self, model: str, rec_id: int, fname: str) -> Any: ...
    def display_name(self, model: str, rec_id: int) -> str | None: ...
    def search(self, model: str, domain: list, active_test: bool) -> set[int]: ...
    def parent_field(self, model: str) -> str | None: ...
    def run_search_method(self, model: str, fld: Field, operator: str, value: Any) -> list: ...


# --------------------------------------------------------------------------- syntax


def _is_leaf(token: Any) -> bool:
    return isinstance(token, (list, tuple))


def _format_leaf(leaf: Any) -> str:
    return str(tuple(leaf))


def normalize(domain: Any) -> list:
    """Check the syntax and make the implicit ``&`` explicit; leaves become tuples.

    Raises the errors Odoo raises: AssertionError for a non-list domain, ValueError for an
    unpackable leaf, an unknown operator or a wrong arity.
    """
    if not isinstance(domain, (list, tuple)):
        raise PythonAssertionError(
            "Domains to normalize must have a 'domain' form: a list or tuple of domain components"
        )
    if not domain:
        return [TRUE_LEAF]
    result: list = []
    expected = 1
    arity = {"!": 1, "&": 2, "|": 2}
    for token in domain:
        if expected == 0:
            result[0:0] = ["&"]
            expected = 1
        if _is_leaf(token):
            if len(token) != 3:
                kind = "not enough" if len(token) < 3 else "too many"
                raise PythonValueError(f"{kind} values to unpack (expected 3, got {len(token)})")
            left, op, _right = token
            if tuple(token) in (TRUE_LEAF, FALSE_LEAF):
                pass
            elif not isinstance(op, str) or op.lower() not in OPERATORS or not isinstance(left, str) or not left:
                raise PythonValueError(f"Invalid leaf {_format_leaf(token)}")
            expected -= 1
            result.append(tuple(token))
        elif isinstance(token, str) and token in arity:
            expected += arity[token] - 1
            result.append(token)
        else:
            raise PythonValueError(f"Invalid leaf {token!r}")
    if expected != 0:
        raise PythonValueError(f"Domain {list(domain)!r} is syntactically not correct.")
    return result


def parse(domain: Any) -> Any:
    """Normalized prefix list -> tree of ('&'|'|', a, b), ('!', a) and leaf tuples."""
    tokens = normalize(domain)
    pos = 0

    def node() -> Any:
        nonlocal pos
        token = tokens[pos]
        pos += 1
        if token in ("&", "|"):
            return (token, node(), node())
        if token == "!":
            return ("!", node())
        return ("leaf", token)

    return node()


def AND(*domains: list) -> list:
    """Combine domains with '&' (empty domains are neutral)."""
    parts = [normalize(d) for d in domains if d]
    if not parts:
        return []
    out: list = ["&"] * (len(parts) - 1)
    for p in parts:
        out.extend(p)
    return out


def OR(*domains: list) -> list:
    parts = [normalize(d) for d in domains]
    if not parts:
        return [FALSE_LEAF]
    out: list = ["|"] * (len(parts) - 1)
    for p in parts:
        out.extend(p)
    return out


# --------------------------------------------------------------------------- evaluation


def filter_ids(domain: Any, model: str, ids: Iterable[int], resolver: Resolver) -> list[int]:
    """The ids (kept in their given order) of ``model`` that satisfy ``domain``."""
    ids = list(ids)
    tree = parse(domain)
    keep = _eval(tree, model, set(ids), resolver)
    return [i for i in ids if i in keep]


def _eval(node: Any, model: str, ids: set[int], r: Resolver) -> set[int]:
    kind = node[0]
    if kind == "&":
        return _eval(node[2], model, _eval(node[1], model, ids, r), r)
    if kind == "|":
        return _eval(node[1], model, ids, r) | _eval(node[2], model, ids, r)
    if kind == "!":
        child = node[1]
        if child[0] == "leaf" and isinstance(child[1][1], str) and child[1][1] in COMPARISON_NEGATION:
            left, op, right = child[1]
            return _leaf(model, (left, COMPARISON_NEGATION[op], right), ids, r)
        return ids - _eval(child, model, ids, r)
    return _leaf(model, node[1], ids, r)


def _leaf(model: str, leaf: tuple, ids: set[int], r: Resolver) -> set[int]:
    if leaf == TRUE_LEAF:
        return set(ids)
    if leaf == FALSE_LEAF:
        return set()
    left, op, right = leaf
    check_parameter(right)  # what psycopg2 refuses to send (NUL, lone surrogates) fails the whole search
    op = op.lower()
    if op == "<>":
        op = "!="
    if op == "=?":
        if right is False or right is None:
            return set(ids)
        op = "="
    fname, _, rest = left.partition(".")
    fld = r.get_field(model, fname)
    if fld is None:
        raise PythonValueError(f"Invalid field {model}.{fname} in leaf {_format_leaf(leaf)}")
    if rest:
        if fld.type not in ("many2one",) + X2MANY:
            raise PythonValueError(f"Invalid field {model}.{left} in leaf {_format_leaf(leaf)}")
        return _relational(model, fld, "any", [(rest, op, right)], ids, r)
    if fld.related and not fld.store:
        return _relational(model, r.get_field(model, fld.related[0]), "any", [(fld.related[1], op, right)], ids, r)
    if fld.search is not None and not fld.store:
        return _eval(parse(r.run_search_method(model, fld, op, right)), model, ids, r)
    if fname == "display_name" and not fld.store:
        return {i for i in ids if _compare(r.display_name(model, i) or False, op, right, fld)}
    if not fld.searchable:  # Odoo 18 logs an error and makes the leaf TRUE (it does not raise)
        _logger.error("Non-stored field %s.%s cannot be searched.", model, fname)
        return set(ids)
    if op in ("any", "not any") and fld.type not in ("many2one",) + X2MANY:
        raise PythonValueError(f"Invalid leaf {_format_leaf(leaf)}")
    if fname == "id" and op in ("child_of", "parent_of"):
        targets = _hierarchy(model, _target_ids(model, right, r), op, r)
        return ids & targets
    if fld.type in ("many2one",) + X2MANY:
        return _relational(model, fld, op, right, ids, r)
    return {i for i in ids if _compare(r.value(model, i, fname), op, right, fld)}


def _target_ids(comodel: str, right: Any, r: Resolver) -> set[int]:
    """Ids designated by a child_of/parent_of operand: id(s) or a name."""
    values = right if isinstance(right, (list, tuple)) else [right]
    out: set[int] = set()
    for v in values:
        if isinstance(v, bool) or v is None:
            continue
        if isinstance(v, int):
            out.add(v)
        elif isinstance(v, str):
            out |= {i for i in r.all_ids(comodel) if (r.display_name(comodel, i) or "").lower() == v.lower()}
    return out


def _hierarchy(comodel: str, roots: set[int], op: str, r: Resolver) -> set[int]:
    parent = r.parent_field(comodel)
    if not parent:
        return set(roots)
    if op == "child_of":
        children: dict[int, list[int]] = {}
        for i in r.all_ids(comodel):
            p = r.value(comodel, i, parent)
            if p:
                children.setdefault(p, []).append(i)
        out, todo = set(), list(roots)
        while todo:
            i = todo.pop()
            if i in out:
                continue
            out.add(i)
            todo.extend(children.get(i, []))
        return out
    out = set()
    for i in roots:
        while i and i not in out:
            out.add(i)
            i = r.value(comodel, i, parent)
    return out


def _relational(model: str, fld: Field, op: str, right: Any, ids: set[int], r: Resolver) -> set[int]:
    comodel = fld.relation or ""
    negative = op in NEGATIVE
    base_op = NEGATIVE.get(op, op)

    def values(i: int) -> set[int]:
        v = r.value(model, i, fld.name)
        if fld.type == "many2one":
            return {v} if v else set()
        return set(v or ())

    if base_op == "any":
        if not isinstance(right, (list, tuple)):
            raise PythonValueError(f"Invalid leaf {_format_leaf((fld.name, op, right))}")
        matched = r.search(comodel, list(right), fld.type != "many2one")
        hit = {i for i in ids if values(i) & matched}
        return ids - hit if negative else hit
    if base_op in ("child_of", "parent_of"):
        targets = _hierarchy(comodel, _target_ids(comodel, right, r), base_op, r)
        return {i for i in ids if values(i) & targets}
    if op in ("<", ">", "<=", ">="):
        return {i for i in ids if fld.type == "many2one" and _compare(r.value(model, i, fld.name), op, right, fld)}
    items = list(right) if isinstance(right, (list, tuple)) else [right]
    if base_op in ("like", "ilike", "=like", "=ilike") or any(isinstance(v, str) for v in items):
        # names: match the display names of the comodel
        if base_op == "in":
            name_op, names = "=", [v for v in items if isinstance(v, str)]
        else:
            name_op, names = ("=" if base_op == "=" else base_op), [v for v in items if isinstance(v, str)]
        wanted = {
            i
            for i in r.all_ids(comodel)
            if any(_compare(r.display_name(comodel, i) or False, name_op, n, None) for n in names)
        }
        wanted |= {v for v in items if isinstance(v, int) and not isinstance(v, bool)}
        want_empty = any(v is False or v is None for v in items) and base_op in ("=", "in")
    else:
        wanted = {v for v in items if isinstance(v, int) and not isinstance(v, bool)}
        want_empty = any(v is False or v is None for v in items)
    hit = {i for i in ids if (values(i) & wanted) or (want_empty and not values(i))}
    return ids - hit if negative else hit


def _is_empty(value: Any) -> bool:
    return value is None or value is False or value == "" or value == []


def _like_regex(pattern: str, anchored: bool, insensitive: bool) -> re.Pattern:
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if c == "%" else "." if c == "_" else re.escape(c))
        i += 1
    body = "".join(out)
    if not anchored:
        body = ".*" + body + ".*"
    return re.compile(body, re.S | (re.I if insensitive else 0))


def _normalize_right(value: Any, fld: Field | None) -> Any:
    if fld is None or not isinstance(value, str):
        return value
    try:
        if fld.type == "datetime":
            return parse_datetime(value)
        if fld.type == "date":
            return parse_date(value)
    except PythonValueError:
        return value
    return value


def _compare(value: Any, op: str, right: Any, fld: Field | None) -> bool:
    """One scalar value against one leaf, with SQL's treatment of empty (NULL) values."""
    if op in NEGATIVE:
        return not _compare(value, NEGATIVE[op], right, fld)
    if op == "=":
        if right is False or right is None:
            return _is_empty(value) or (fld is not None and fld.type == "boolean" and value is False)
        if isinstance(right, (list, tuple)):
            return _compare(value, "in", right, fld)
        return value == _normalize_right(right, fld) and not (value is False and right is not False)
    if op == "in":
        items = right if isinstance(right, (list, tuple)) else [right]
        if any(v is False or v is None for v in items) and _is_empty(value):
            return True
        normalized = [_normalize_right(v, fld) for v in items if v is not False and v is not None]
        return not _is_empty(value) and value in normalized or (value is False and False in items)
    if op in ("<", ">", "<=", ">="):
        if value is None or value is False and (fld is None or fld.type != "boolean"):
            return False
        right = _normalize_right(right, fld)
        if right is None or right is False and not isinstance(value, bool):
            return False
        try:
            if op == "<":
                return value < right
            if op == ">":
                return value > right
            if op == "<=":
                return value <= right
            return value >= right
        except TypeError:
            return False
    if op in ("like", "ilike", "=like", "=ilike"):
        if _is_empty(value):
            return False
        if right is False or right is None:
            return False
        rx = _like_regex(str(right), op.startswith("="), op.endswith("ilike"))
        return rx.fullmatch(str(value)) is not None
    if op in ("child_of", "parent_of"):
        return value in (right if isinstance(right, (list, tuple)) else [right])
    raise PythonValueError(f"Invalid leaf {_format_leaf(('?', op, right))}")
