"""The public ORM methods as called over RPC, with Odoo's argument binding and access checks.

Each ``rpc_<method>`` takes ``(uid, model, *args, **kwargs)`` with the same positional/keyword
parameters as the Odoo 18 method; ``Database.execute`` binds the RPC args onto them.
"""

from __future__ import annotations

from typing import Any

from .. import domain as dom
from ..exceptions import AccessError, InvalidTextRepresentation, PythonValueError
from ..fields import X2MANY
from .orm import SUPERUSER_ID, missing_error
from .write import OrmWrite


def check_ids(model: str, ids: Any) -> list[int]:
    """Record ids as PostgreSQL would take them: a non-integer leaks InvalidTextRepresentation."""
    if isinstance(ids, int) and not isinstance(ids, bool):
        ids = [ids]
    if not isinstance(ids, (list, tuple)):
        ids = [ids]
    out: list[int] = []
    table = model.replace(".", "_")
    for i in ids:
        if isinstance(i, bool) or not isinstance(i, int):
            raise InvalidTextRepresentation(
                f'invalid input syntax for type integer: "{i}"\n'
                f'LINE 1: ... FROM "{table}" WHERE ("{table}"."id" IN (\'{i}\')) AN...\n'
            )
        if i not in out:
            out.append(i)
    return out


class RpcMethods(OrmWrite):
    access: Any
    active_test: bool

    # ------------------------------------------------------------------ access helpers
    def _acl(self, uid: int, model: str, operation: str) -> None:
        if uid != SUPERUSER_ID:
            self.access.check_model(self, uid, model, operation)

    def _rule(self, uid: int, model: str, operation: str) -> list:
        if uid == SUPERUSER_ID:
            return []
        return list(self.access.rule_domain(self, uid, model, operation) or [])

    def _field_acl(self, uid: int, model: str, fields: list[str], operation: str) -> None:
        if uid != SUPERUSER_ID:
            self.access.check_fields(self, uid, model, list(fields), operation)

    def _check_rules(self, uid: int, model: str, ids: list[int], operation: str) -> None:
        rule = self._rule(uid, model, operation)
        if not rule or not ids:
            return
        allowed = set(dom.filter_ids(rule, model, ids, self))
        denied = [i for i in ids if i not in allowed]
        if denied:
            desc = self.registry[model].description
            raise AccessError(
                f"Due to security restrictions, you are not allowed to {operation} '{desc}' ({model}) "
                f"records.\n\nRecords: {', '.join(map(str, denied[:6]))}\nUser: {uid}"
            )

    def _x2many_filter(self, uid: int):
        if uid == SUPERUSER_ID:
            return None

        def flt(comodel: str, ids: list[int]) -> list[int]:
            if comodel not in self.registry:
                return ids
            self._acl(uid, comodel, "read")
            rule = self._rule(uid, comodel, "read")
            return dom.filter_ids(rule, comodel, ids, self) if rule else ids

        return flt

    def _check_nested(self, uid: int, model: str, vals: dict) -> None:
        """x2many commands in vals touch the comodel: check its ACL like Odoo does."""
        if uid == SUPERUSER_ID:
            return
        ops = {0: "create", 1: "write", 2: "unlink"}
        for fname, value in vals.items():
            fld = self.registry[model].fields.get(fname)
            if fld is None or fld.type not in X2MANY or not isinstance(value, (list, tuple)):
                continue
            for cmd in value:
                if isinstance(cmd, (list, tuple)) and cmd and cmd[0] in ops and fld.relation in self.registry:
                    self._acl(uid, fld.relation, ops[cmd[0]])

    def _search(
        self,
        uid: int,
        model: str,
        domain: Any,
        offset: int = 0,
        limit: int | None = None,
        order: str | None = None,
    ) -> list[int]:
        if domain is None or domain is False:
            domain = []
        dom.normalize(domain)  # syntax errors first, as Odoo does
        self._acl(uid, model, "read")
        full = dom.AND(domain, self._rule(uid, model, "read"))
        return self.search_ids(
            model, full, order=order, limit=limit, offset=offset or 0, active_test=self.active_test
        )

    def _fields_or_all(self, model: str, fields: Any) -> list[str]:
        if not fields:
            return [f for f in self.all_field_names(model) if f != "id"]
        if isinstance(fields, str):
            fields = [fields]
        self.check_field_names(model, fields)
        return list(fields)

    def _read(self, uid: int, model: str, ids: list[int], fields: list[str]) -> list[dict]:
        self._field_acl(uid, model, fields, "read")
        rows = self.read_records(model, ids, fields, self._x2many_filter(uid))
        mask = self.registry[model].read_mask
        if mask is not None and uid != SUPERUSER_ID:
            mask(self, uid, rows)
        return rows

    # ------------------------------------------------------------------ public methods
    def rpc_search(
        self,
        uid: int,
        model: str,
        domain: Any = None,
        offset: int = 0,
        limit: int | None = None,
        order: str | None = None,
    ) -> list[int]:
        return self._search(uid, model, domain, offset, limit, order)

    def rpc_search_count(self, uid: int, model: str, domain: Any = None, limit: int | None = None) -> int:
        return len(self._search(uid, model, domain, 0, limit, None))

    def rpc_search_read(
        self,
        uid: int,
        model: str,
        domain: Any = None,
        fields: Any = None,
        offset: int = 0,
        limit: int | None = None,
        order: str | None = None,
        **_: Any,
    ) -> list[dict]:
        fnames = self._fields_or_all(model, fields)
        ids = self._search(uid, model, domain, offset, limit, order)
        return self._read(uid, model, ids, fnames)

    def rpc_read(
        self, uid: int, model: str, ids: Any = None, fields: Any = None, load: str = "_classic_read", **_: Any
    ) -> list[dict]:
        ids = check_ids(model, ids or [])
        fnames = self._fields_or_all(model, fields)
        self._acl(uid, model, "read")
        existing = [i for i in ids if self.exists(model, i)]
        self._check_rules(uid, model, existing, "read")
        return self._read(uid, model, existing, fnames)

    def rpc_create(self, uid: int, model: str, vals_list: Any = None, **_: Any) -> int | list[int]:
        single = isinstance(vals_list, dict)
        items = [vals_list] if single else list(vals_list or [])
        self._acl(uid, model, "create")
        new_ids = []
        for vals in items:
            if not isinstance(vals, dict):
                raise PythonValueError(f"Invalid create values for {model!r}: {vals!r}")
            self.check_field_names(model, vals)
            self._field_acl(uid, model, list(vals), "create")
            self._check_nested(uid, model, vals)
            new_ids.append(self.create_record(model, vals, uid))
        self._check_rules(uid, model, new_ids, "create")
        return new_ids[0] if single else new_ids

    def rpc_write(self, uid: int, model: str, ids: Any = None, vals: Any = None, **_: Any) -> bool:
        ids = check_ids(model, ids or [])
        if not isinstance(vals, dict):
            raise PythonValueError(f"Invalid write values for {model!r}: {vals!r}")
        self.check_field_names(model, vals)
        self._acl(uid, model, "write")
        self._field_acl(uid, model, list(vals), "write")
        missing = [i for i in ids if not self.exists(model, i)]
        if missing:
            raise missing_error(model, missing, uid)
        self._check_rules(uid, model, ids, "write")
        self._check_nested(uid, model, vals)
        self.write_records(model, ids, vals, uid)
        return True

    def rpc_unlink(self, uid: int, model: str, ids: Any = None, **_: Any) -> bool:
        ids = check_ids(model, ids or [])
        self._acl(uid, model, "unlink")
        missing = [i for i in ids if not self.exists(model, i)]
        if missing:
            raise missing_error(model, missing, uid)
        self._check_rules(uid, model, ids, "unlink")
        self.unlink_records(model, ids, uid)
        return True

    def rpc_copy(self, uid: int, model: str, ids: Any = None, default: dict | None = None) -> int | list[int]:
        id_list = check_ids(model, ids or [])
        self._acl(uid, model, "read")
        self._acl(uid, model, "create")
        missing = [i for i in id_list if not self.exists(model, i)]
        if missing:
            raise missing_error(model, missing, uid)
        self._check_rules(uid, model, id_list, "read")
        copier = self.registry[model].copy_override
        new = [
            copier(self, uid, i, default) if copier else self.copy_record(model, i, default, uid) for i in id_list
        ]
        self._check_rules(uid, model, new, "create")
        return new[0] if len(new) == 1 else new

    def rpc_name_search(
        self,
        uid: int,
        model: str,
        name: str = "",
        args: Any = None,
        operator: str = "ilike",
        limit: int = 100,
        domain: Any = None,
    ) -> list[list]:
        base = domain if domain is not None else (args or [])
        mdef = self.registry[model]
        if name:
            keys = mdef.name_search_fields or ("display_name",)
            name_dom = dom.OR(*[[(k, operator, name)] for k in keys])
            if operator in dom.NEGATIVE:
                name_dom = dom.AND(*[[(k, operator, name)] for k in keys])
            base = dom.AND(base, name_dom)
        ids = self._search(uid, model, base, 0, limit, None)
        return [[i, self.display_name(model, i) or ""] for i in ids]

    def rpc_default_get(self, uid: int, model: str, fields_list: Any = None, **_: Any) -> dict:
        fields_list = list(fields_list or [])
        self.check_field_names(model, fields_list)
        vals = self.apply_defaults(model, {}, uid)
        out: dict[str, Any] = {}
        mdef = self.registry[model]
        for fname in fields_list:
            if fname not in vals:
                continue
            fld = mdef.fields[fname]
            value = vals[fname]
            if fld.type == "many2one":
                out[fname] = value or False
            elif fld.type in X2MANY:
                out[fname] = value
            else:
                try:
                    out[fname] = self.convert(model, fld, value, uid)
                except Exception:  # noqa: BLE001 - a default that cannot convert is just left out
                    continue
        return out
