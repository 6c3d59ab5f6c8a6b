"""Web-client methods of Odoo 17/18: ``web_read``, ``web_search_read`` and ``fields_get``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..exceptions import PythonTypeError
from ..fields import X2MANY
from .rpc import RpcMethods, check_ids

FIELD_ATTRIBUTES = (
    "type",
    "string",
    "required",
    "readonly",
    "store",
    "relation",
    "selection",
    "searchable",
    "sortable",
    "groupable",
    "aggregator",
    "relation_field",
    "help",
    "name",
    "company_dependent",
    "manual",
    "exportable",
    "depends",
    "translate",
)


class WebMethods(RpcMethods):
    def _web_read_ids(self, uid: int, model: str, ids: list[int], spec: dict) -> list[dict]:
        """Odoo 18 ``web_read``: many2one with ``fields`` as ``{"id", ...}`` (``display_name`` only when asked),
        without as the id; x2many with ``fields`` as rows, ``order`` re-sorting them, ``limit`` reading only
        the first rows of each record (the ids past it stay, as ``{"id": id}``); ``context`` per sub-spec."""
        if not isinstance(spec, dict):
            raise PythonTypeError("specification must be a dict")
        self.check_field_names(model, spec)
        fnames = [f for f in spec if f != "id"]
        rows = self._read(uid, model, ids, fnames)
        mdef = self.registry[model]
        for fname, sub in spec.items():
            fld = mdef.fields[fname]
            sub = sub or {}
            with self._sub_context(sub.get("context")):
                if fld.type == "many2one":
                    for row in rows:
                        value = row[fname]
                        if not value:
                            continue
                        if "fields" not in sub:
                            row[fname] = value[0]
                        else:
                            nested = self._web_read_ids(uid, fld.relation or "", [value[0]], sub["fields"] or {})
                            row[fname] = nested[0] if nested else False
                elif fld.type in X2MANY and sub.get("fields") is not None:
                    self._web_read_x2many(uid, fld.relation or "", rows, fname, sub)
        return rows

    def _web_read_x2many(self, uid: int, comodel: str, rows: list[dict], fname: str, sub: dict) -> None:
        for row in rows:
            ids_ = list(row[fname])
            if sub.get("order"):
                ids_ = self.sort_ids(comodel, ids_, sub["order"])
            limit = sub.get("limit")
            to_read = ids_[: int(limit)] if limit is not None else ids_
            read = {r["id"]: r for r in self._web_read_ids(uid, comodel, to_read, sub["fields"] or {})}
            row[fname] = [read.get(i) or {"id": i} for i in ids_]

    @contextmanager
    def _sub_context(self, extra: Any) -> Iterator[None]:
        """A sub-spec's ``context`` (e.g. ``lang``) for the rows read under it."""
        if not isinstance(extra, dict) or not extra:
            yield
            return
        saved = self.context
        self.context = {**saved, **extra}
        try:
            yield
        finally:
            self.context = saved

    def rpc_web_read(self, uid: int, model: str, ids: Any = None, specification: dict | None = None) -> list[dict]:
        ids = check_ids(model, ids or [])
        self._acl(uid, model, "read")
        existing = [i for i in ids if self.exists(model, i)]
        self._check_rules(uid, model, existing, "read")
        return self._web_read_ids(uid, model, existing, specification or {})

    def rpc_web_search_read(
        self,
        uid: int,
        model: str,
        domain: Any = None,
        specification: dict | None = None,
        offset: int = 0,
        limit: int | None = None,
        order: str | None = None,
        count_limit: int | None = None,
    ) -> dict:
        ids = self._search(uid, model, domain, offset, limit, order)
        records = self._web_read_ids(uid, model, ids, specification or {})
        if not ids:  # Odoo 17/18 ``_format_web_search_read_results``: an empty page is length 0, any offset
            length = 0
        elif limit and len(ids) == limit:
            length = len(self._search(uid, model, domain, 0, count_limit, None))
        else:
            length = len(ids) + (offset or 0)
        return {"length": length, "records": records}

    def rpc_fields_get(self, uid: int, model: str, allfields: Any = None, attributes: Any = None) -> dict:
        self._acl(uid, model, "read")
        mdef = self.registry[model]
        names = list(allfields) if allfields else list(mdef.fields)
        out: dict[str, dict] = {}
        for fname in names:
            fld = mdef.fields.get(fname)
            if fld is None:
                continue
            desc: dict[str, Any] = {
                "type": fld.type,
                "string": fld.string,
                "name": fname,
                "required": fld.required,
                "readonly": fld.readonly
                or (fld.compute is not None and fld.inverse is None)
                or fname in ("id", "display_name", "create_date", "write_date", "create_uid", "write_uid"),
                "store": fld.store,
                "searchable": fld.searchable or fname == "display_name",
                "sortable": fld.store or bool(fld.related),
                "groupable": fld.store and fld.type != "one2many",
                "manual": False,
                "company_dependent": False,
                "depends": [],
                "exportable": True,
                "help": "",
                "translate": bool(fld.translate),
            }
            if fld.relation:
                desc["relation"] = fld.relation
            if fld.type == "one2many" and fld.inverse_name:
                desc["relation_field"] = fld.inverse_name
            if fld.type == "selection":
                desc["selection"] = [[k, k.replace("_", " ").title()] for k in (fld.selection or [])]
            if fld.aggregator:
                desc["aggregator"] = fld.aggregator
            if attributes:
                desc = {k: v for k, v in desc.items() if k in attributes}
            out[fname] = desc
        return out
