"""The store, search, order and read at the superuser level (no access checks), mixed into ``Database``.

Internal computations (computed fields, constraints, display names, the access policy's rule
evaluation) go through these methods, as Odoo's own code does with ``sudo()``. Every mutation is
journaled so that ``Database.execute`` can roll a failed call back, like Odoo's transaction.
"""

from __future__ import annotations

import copy as _copy
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from .. import domain as dom
from ..exceptions import MissingError, PythonValueError
from ..fields import DATETIME_FMT, X2MANY, Field, convert_to_read
from ..translations import translated_value
from .registry import ModelDef, Registry

SUPERUSER_ID = 1


def missing_error(model: str, ids: Iterable[int], uid: int) -> MissingError:
    ids = list(ids)
    shown = f"({ids[0]},)" if len(ids) == 1 else "(" + ", ".join(map(str, ids)) + ")"
    return MissingError(f"Record does not exist or has been deleted.\n(Record: {model}{shown}, User: {uid})")


def invalid_field(model: str, fname: Any) -> PythonValueError:
    return PythonValueError(f"Invalid field {fname!r} on model {model!r}")


class OrmCore:
    """Record storage plus create/write/unlink/copy/search/read at the superuser level."""

    registry: Registry
    tables: dict[str, dict[int, dict]]
    _seq: dict[str, int]
    _journal: list | None
    _journaled: set
    _groups_by_id: dict[int, frozenset[str]] | None
    _user_groups: dict[int, frozenset[str]]
    _clock: Callable[[], datetime]
    context: dict

    # ------------------------------------------------------------------ basics
    def model_def(self, model: str) -> ModelDef:
        return self.registry[model]

    def now_str(self) -> str:
        now = self._clock()
        if now.tzinfo is not None:
            now = now.astimezone(UTC).replace(tzinfo=None)
        return now.strftime(DATETIME_FMT)

    def table(self, model: str) -> dict[int, dict]:
        return self.tables.setdefault(model, {})

    def exists(self, model: str, rec_id: Any) -> bool:
        return isinstance(rec_id, int) and rec_id in self.tables.get(model, {})

    def check_field_names(self, model: str, names: Iterable[Any]) -> None:
        fields = self.registry[model].fields
        for name in names:
            if not isinstance(name, str) or name not in fields:
                raise invalid_field(model, name)

    def _touch(self, model: str, rec_id: int) -> None:
        """Journal the row before its first change in the current call (every create, write and unlink)."""
        if model in ("ir.model.data", "res.users"):  # what Database.user_groups remembers
            self._groups_by_id = None
            self._user_groups.clear()
        if self._journal is None or (model, rec_id) in self._journaled:
            return
        self._journaled.add((model, rec_id))
        row = self.tables.get(model, {}).get(rec_id)
        self._journal.append((model, rec_id, None if row is None else _copy.deepcopy(row)))

    def rollback(self, journal: list) -> None:
        self._groups_by_id = None
        self._user_groups.clear()
        for model, rec_id, old in reversed(journal):
            table = self.table(model)
            if old is None:
                table.pop(rec_id, None)
            else:
                table[rec_id] = old

    # ------------------------------------------------------------------ Resolver protocol (domain.py)
    def get_field(self, model: str, name: str) -> Field | None:
        return self.registry[model].fields.get(name)

    def all_ids(self, model: str) -> list[int]:
        return list(self.tables.get(model, {}))

    def parent_field(self, model: str) -> str | None:
        return self.registry[model].parent_name if model in self.registry else None

    def search(self, model: str, domain: list, active_test: bool = True) -> set[int]:
        return set(self.search_ids(model, domain, order=False, active_test=active_test))

    def run_search_method(self, model: str, fld: Field, operator: str, value: Any) -> list:
        assert fld.search is not None
        return fld.search(self, operator, value)

    def value(self, model: str, rec_id: int, fname: str) -> Any:
        """The cache-format value of one field (computed, delegated or stored)."""
        row = self.tables.get(model, {}).get(rec_id)
        if row is None:
            return False
        if fname == "id":
            return rec_id
        fld = self.registry[model].fields[fname]
        if fname == "display_name":
            return self.display_name(model, rec_id) or False
        if fld.compute is not None:
            return fld.compute(self, row)
        if fld.related and not fld.store:
            link = row.get(fld.related[0])
            parent = self.registry[model].fields[fld.related[0]].relation or ""
            return self.value(parent, link, fld.related[1]) if link else fld.empty()
        if fld.type == "one2many":
            return self._one2many(fld, rec_id)
        if not fld.store:
            return fld.empty()
        value = row.get(fname, fld.empty())
        if fld.translate:
            return translated_value(value, self.context.get("lang"))
        if fld.type == "many2many":
            table = self.tables.get(fld.relation or "", {})
            return [i for i in value or () if i in table]
        if fld.type == "many2one" and value and not self.exists(fld.relation or "", value):
            return False
        return value

    def _one2many(self, fld: Field, rec_id: int) -> list[int]:
        if not fld.inverse_name or fld.relation not in self.registry:
            return []
        comodel = fld.relation
        inv = self.registry[comodel].fields[fld.inverse_name]
        if inv.store and not inv.compute:
            ids = [cid for cid, crow in self.tables.get(comodel, {}).items() if crow.get(inv.name) == rec_id]
        else:
            ids = [cid for cid in self.all_ids(comodel) if self.value(comodel, cid, inv.name) == rec_id]
        if fld.domain and ids:
            kept = self.search(comodel, [("id", "in", ids), *fld.domain], active_test=False)
            ids = [cid for cid in ids if cid in kept]
        return self.sort_ids(comodel, ids)

    def display_name(self, model: str, rec_id: int) -> str | None:
        row = self.tables.get(model, {}).get(rec_id)
        if row is None:
            return None
        mdef = self.registry[model]
        if mdef.display_name is not None:
            return mdef.display_name(self, row) or ""
        if mdef.rec_name and mdef.rec_name in mdef.fields:
            name = self.value(model, rec_id, mdef.rec_name)
            return name if isinstance(name, str) else ("" if not name else str(name))
        return f"{model},{rec_id}"

    # ------------------------------------------------------------------ search & order
    def search_ids(
        self,
        model: str,
        domain: Any,
        order: str | bool | None = None,
        limit: int | None = None,
        offset: int = 0,
        active_test: bool = True,
    ) -> list[int]:
        mdef = self.registry[model]
        domain = dom.normalize(domain) if domain is not None else []
        if (
            active_test
            and "active" in mdef.fields
            and not any(
                isinstance(t, tuple) and isinstance(t[0], str) and t[0].split(".")[0] == "active" for t in domain
            )
        ):
            domain = dom.AND([("active", "=", True)], domain)
        ids = dom.filter_ids(domain, model, sorted(self.tables.get(model, {})), self)
        if order is not False:
            ids = self.sort_ids(model, ids, order or mdef.order)
        if offset:
            ids = ids[int(offset) :]
        if limit:
            ids = ids[: int(limit)]
        return ids

    def parse_order(self, model: str, order: str) -> list[tuple[str, bool, str | None]]:
        terms = []
        for part in str(order).split(","):
            words = part.split()
            if not words:
                continue
            fname = words[0].strip('"')
            if fname not in self.registry[model].fields:
                raise invalid_field(model, fname)
            rest = [w.lower() for w in words[1:]]
            desc = bool(rest) and rest[0] == "desc"
            if rest and rest[0] not in ("asc", "desc", "nulls"):
                raise PythonValueError(f"Invalid order {order!r} for model {model!r}")
            nulls = rest[-1] if len(rest) >= 2 and rest[-2] == "nulls" else None
            terms.append((fname, desc, nulls))
        return terms

    def sort_ids(self, model: str, ids: list[int], order: str | None = None) -> list[int]:
        mdef = self.registry[model]
        terms = self.parse_order(model, order or mdef.order)
        for fname, _desc, _nulls in terms if order and order != mdef.order else ():
            fld = mdef.fields[fname]
            if not (fld.store or fld.related):  # Odoo orders in SQL: a stored or an _inherits field only
                raise PythonValueError(f"Cannot convert {model}.{fname} to SQL because it is not stored")
        ids = list(ids)
        for fname, desc, nulls in reversed(terms):
            fld = mdef.fields[fname]
            flip = (nulls == "first" and not desc) or (nulls == "last" and desc)

            def key(i: int, fld: Field = fld, fname: str = fname, flip: bool = flip) -> tuple:
                v = self.value(model, i, fname)
                if fld.type == "many2one":
                    v = (self.display_name(fld.relation or "", v) or "") if v else None
                elif fld.type in X2MANY:
                    v = len(v) if v else None
                is_null = v is None or (v is False and fld.type != "boolean")
                if isinstance(v, str):
                    v = (v.casefold(), v)
                elif is_null:
                    v = 0
                return (is_null != flip, v)

            ids.sort(key=key, reverse=desc)
        return ids

    # ------------------------------------------------------------------ read
    def wire_value(
        self,
        model: str,
        rec_id: int,
        fname: str,
        x2many_filter: Callable[[str, list[int]], list[int]] | None = None,
    ) -> Any:
        fld = self.registry[model].fields[fname]
        value = self.value(model, rec_id, fname)
        if fld.type in X2MANY and value:
            comodel = self.registry[fld.relation or ""] if fld.relation in self.registry else None
            if comodel is not None and "active" in comodel.fields and fld.name not in ("groups_id",):
                value = [i for i in value if self.value(comodel.name, i, "active")]
            if x2many_filter is not None:
                value = x2many_filter(fld.relation or "", value)
            if fld.type == "many2many" and comodel is not None:
                value = self.sort_ids(comodel.name, value)
        return convert_to_read(fld, value, self.display_name)

    def read_records(
        self,
        model: str,
        ids: list[int],
        fnames: list[str],
        x2many_filter: Callable[[str, list[int]], list[int]] | None = None,
    ) -> list[dict]:
        out = []
        for rec_id in ids:
            rec: dict[str, Any] = {"id": rec_id}
            for fname in fnames:
                if fname != "id":
                    rec[fname] = self.wire_value(model, rec_id, fname, x2many_filter)
            out.append(rec)
        return out

    def all_field_names(self, model: str) -> list[str]:
        return list(self.registry[model].fields)

    # ------------------------------------------------------------------ helpers for the app modules
    def sudo_search(self, model: str, domain: list) -> list[int]:
        return self.search_ids(model, domain)

    def sudo_read(self, model: str, ids: list[int], fields: list[str]) -> list[dict]:
        self.check_field_names(model, fields)
        return self.read_records(
            model, [i for i in ids if self.exists(model, i)], fields or self.all_field_names(model)
        )

    def xmlid_to_res_id(self, xmlid: str) -> int | bool:
        module, _, name = xmlid.partition(".")
        for row in self.tables.get("ir.model.data", {}).values():
            if row.get("module") == module and row.get("name") == name:
                return row.get("res_id") or False
        return False
