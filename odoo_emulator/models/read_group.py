"""``read_group`` with the Odoo 18 signature and result shape.

``read_group(domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True)``: each group is
a dict with the groupby values (many2one as ``[id, name]``, dates as labels such as "December 2026"),
the aggregates, ``<groupby>_count`` (lazy, one level) or ``__count`` (not lazy), ``__domain`` and, for
date groupbys, ``__range``; lazy grouping on several fields adds ``__context: {"group_by": rest}``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from .. import domain as dom
from ..exceptions import PythonValueError
from ..fields import DATE_FMT, NUMERIC
from .web import WebMethods

AGGREGATES = ("sum", "avg", "max", "min", "count", "count_distinct", "bool_and", "bool_or", "array_agg")
DATE_GRANULARITIES = ("day", "week", "month", "quarter", "year")


def _period(value: str, granularity: str) -> tuple[date, date, str]:
    """(start, end, label) of the period containing a date/datetime string."""
    d = datetime.strptime(value[:10], DATE_FMT).date()
    if granularity == "day":
        return d, d + timedelta(days=1), d.strftime("%d %b %Y")
    if granularity == "week":
        start = d - timedelta(days=d.weekday())
        iso_year, week, _ = d.isocalendar()
        return start, start + timedelta(days=7), f"W{week} {iso_year}"
    if granularity == "month":
        start = d.replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1)
        return start, end, start.strftime("%B %Y")
    if granularity == "quarter":
        q = (d.month - 1) // 3
        start = d.replace(month=q * 3 + 1, day=1)
        end = date(start.year + (1 if q == 3 else 0), 1 if q == 3 else q * 3 + 4, 1)
        return start, end, f"Q{q + 1} {d.year}"
    start = d.replace(month=1, day=1)
    return start, start.replace(year=start.year + 1), str(d.year)


class ReadGroupMethods(WebMethods):
    def rpc_read_group(
        self,
        uid: int,
        model: str,
        domain: Any = None,
        fields: Any = None,
        groupby: Any = None,
        offset: int = 0,
        limit: int | None = None,
        orderby: Any = False,
        lazy: bool = True,
    ) -> list[dict]:
        mdef = self.registry[model]
        groupby = [groupby] if isinstance(groupby, str) else list(groupby or [])
        if lazy and groupby:
            groupby_now, rest = groupby[:1], groupby[1:]
        else:
            groupby_now, rest = groupby, []
        specs = []
        for gb in groupby_now:
            fname, _, gran = gb.partition(":")
            fld = mdef.fields.get(fname)
            if fld is None:
                raise PythonValueError(f"Invalid field {fname!r} on model {model!r}")
            if fld.type in ("date", "datetime"):
                gran = gran or "month"
                if gran not in DATE_GRANULARITIES:
                    raise PythonValueError(f"Invalid granularity {gran!r}")
            specs.append((gb, fname, gran, fld))
        aggs = self._aggregates(model, fields or [], {s[1] for s in specs})
        ids = self._search(uid, model, domain, 0, None, None)
        self._field_acl(uid, model, [s[1] for s in specs] + [a[1] for a in aggs], "read")
        groups: dict[tuple, list[int]] = {}
        for rec_id in ids:
            for key in self._group_keys(model, rec_id, specs):
                groups.setdefault(key, []).append(rec_id)
        if not specs and not groups:
            groups[()] = []
        rows = []
        for key, members in groups.items():
            row: dict[str, Any] = {}
            sub_domain: list = []
            for (gb, fname, gran, fld), raw in zip(specs, key, strict=True):
                row[gb], leaf_dom, rng = self._group_value(fld, fname, gran, raw)
                sub_domain = dom.AND(sub_domain, leaf_dom) if sub_domain else leaf_dom
                if rng:
                    row.setdefault("__range", {})[gb] = rng
            if lazy and groupby:
                row[f"{groupby_now[0].split(':')[0]}_count"] = len(members)
            else:
                row["__count"] = len(members)
            for alias, fname, func in aggs:
                row[alias] = self._aggregate(model, members, fname, func)
            row["__domain"] = dom.AND(sub_domain, domain or []) if domain else sub_domain
            if rest:
                row["__context"] = {"group_by": rest}
            row["_sort_key"] = key
            rows.append(row)
        rows = self._order_groups(model, rows, specs, orderby, lazy)
        for row in rows:
            row.pop("_sort_key", None)
        if offset:
            rows = rows[int(offset) :]
        if limit:
            rows = rows[: int(limit)]
        return rows

    def _aggregates(self, model: str, fields: list, groupby_fields: set[str]) -> list[tuple[str, str, str]]:
        mdef = self.registry[model]
        out = []
        for spec in fields:
            if spec == "__count":
                continue
            alias, _, rest = str(spec).partition(":")
            fname, func = alias, ""
            if rest:
                func, _, inner = rest.partition("(")
                if inner:
                    fname = inner.rstrip(")")
            alias = alias.strip()
            if fname not in mdef.fields:
                raise PythonValueError(f"Invalid field {fname!r} on model {model!r}")
            fld = mdef.fields[fname]
            if not func:
                if fname in groupby_fields or not fld.aggregator:
                    continue
                func = fld.aggregator
            if func not in AGGREGATES:
                raise PythonValueError(f"Invalid aggregation function {func!r}.")
            out.append((alias, fname, func))
        return out

    def _group_keys(self, model: str, rec_id: int, specs: list) -> list[tuple]:
        keys: list[tuple] = [()]
        for _gb, fname, gran, fld in specs:
            value = self.value(model, rec_id, fname)
            if fld.type == "many2many":
                options = list(value) or [False]
            elif fld.type in ("date", "datetime") and value:
                options = [_period(value, gran)[0].strftime(DATE_FMT)]
            else:
                options = [value]
            keys = [k + (o,) for k in keys for o in options]
        return keys

    def _group_value(self, fld: Any, fname: str, gran: str, raw: Any) -> tuple[Any, list, dict | None]:
        if fld.type in ("many2one", "many2many"):
            if not raw:
                return False, [(fname, "=", False)], None
            return [raw, self.display_name(fld.relation or "", raw) or ""], [(fname, "=", raw)], None
        if fld.type in ("date", "datetime"):
            if not raw:
                return False, [(fname, "=", False)], None
            start, end, label = _period(raw, gran)
            if fld.type == "datetime":
                lo, hi = start.strftime(DATE_FMT) + " 00:00:00", end.strftime(DATE_FMT) + " 00:00:00"
            else:
                lo, hi = start.strftime(DATE_FMT), end.strftime(DATE_FMT)
            leaf = ["&", (fname, ">=", lo), (fname, "<", hi)]
            return label, leaf, {"from": lo, "to": hi}
        return raw, [(fname, "=", raw)], None

    def _aggregate(self, model: str, ids: list[int], fname: str, func: str) -> Any:
        fld = self.registry[model].fields[fname]
        values = [self.value(model, i, fname) for i in ids]
        if func == "count":
            return len([v for v in values if v is not None])
        if func == "count_distinct":
            return len({v for v in values if v not in (None, False)})
        if func == "array_agg":
            return values
        if func == "bool_and":
            return all(values)
        if func == "bool_or":
            return any(values)
        nums = [v for v in values if v not in (None, False) or fld.type in NUMERIC]
        nums = [v or 0 for v in nums]
        if not nums:
            return False if func in ("max", "min") else 0
        if func == "sum":
            return sum(nums)
        if func == "avg":
            return sum(nums) / len(nums)
        return max(nums) if func == "max" else min(nums)

    def _order_groups(self, model: str, rows: list[dict], specs: list, orderby: Any, lazy: bool) -> list[dict]:
        terms: list[tuple[str, bool]] = []
        if orderby:
            for part in str(orderby).split(","):
                words = part.split()
                if words:
                    terms.append((words[0], len(words) > 1 and words[1].lower() == "desc"))
        else:
            terms = [(s[0], False) for s in specs]
        spec_index = {s[0]: i for i, s in enumerate(specs)}
        spec_index.update({s[1]: i for i, s in enumerate(specs)})
        for name, desc in reversed(terms):

            def key(row: dict, name: str = name) -> tuple:
                if name in spec_index:
                    i = spec_index[name]
                    fld = specs[i][3]
                    raw = row["_sort_key"][i]
                    if fld.type in ("many2one", "many2many"):
                        v = (self.display_name(fld.relation or "", raw) or "").casefold() if raw else None
                    else:
                        v = raw
                else:
                    v = row.get(
                        name,
                        row.get("__count", row.get(f"{specs[0][1]}_count") if specs else None)
                        if name in ("__count", "count")
                        else None,
                    )
                null = v is None or v is False
                return (null, 0 if null else v)

            rows.sort(key=key, reverse=desc)
        return rows
