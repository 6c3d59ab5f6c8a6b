"""create / write / unlink / copy at the superuser level, with x2many commands and unlink cascades.

Every mutation goes through ``_touch`` first so that ``Database.execute`` can roll a failed call back.
"""

from __future__ import annotations

import copy as _copy
from typing import Any

from ..exceptions import PythonValueError, ValidationError
from ..fields import MAGIC_FIELDS, X2MANY, Field, coerce_many2one, convert_scalar
from ..translation_terms import term_update
from ..translations import translated_insert, translated_update
from .orm import SUPERUSER_ID, OrmCore, missing_error


class OrmWrite(OrmCore):
    # ------------------------------------------------------------------ create / write / unlink
    def convert(self, model: str, fld: Field, value: Any, uid: int) -> Any:
        if fld.type == "many2one":
            rid = coerce_many2one(value)
            if rid and not self.exists(fld.relation or "", rid):
                raise missing_error(fld.relation or "", [rid], uid)
            return rid
        return convert_scalar(fld, value, model)

    def apply_defaults(self, model: str, vals: dict, uid: int) -> dict:
        mdef = self.registry[model]
        vals = dict(vals)
        for hook in mdef.defaults:
            for key, value in hook(self, uid, vals).items():
                vals.setdefault(key, value)
        for fname, fld in mdef.fields.items():
            if fld.default is not None and fname not in vals:
                vals[fname] = fld.default(self, vals) if callable(fld.default) else _copy.deepcopy(fld.default)
        return vals

    def create_record(self, model: str, vals: dict, uid: int = SUPERUSER_ID) -> int:
        mdef = self.registry[model]
        if not isinstance(vals, dict):
            raise PythonValueError(f"Invalid create values for {model!r}: {vals!r}")
        self.check_field_names(model, vals)
        vals = self.apply_defaults(model, vals, uid)
        for hook in mdef.before_create:
            hook(self, uid, vals)
        for parent, link in mdef.inherits.items():
            pvals = {
                k: vals.pop(k)
                for k in list(vals)
                if mdef.fields[k].related and mdef.fields[k].related[0] == link and not mdef.fields[k].store
            }
            if not vals.get(link):
                vals[link] = self.create_record(parent, pvals, uid)
            elif pvals:
                self.write_records(parent, [coerce_many2one(vals[link])], pvals, uid)
        new_id = self._seq.get(model, 0) + 1
        self._seq[model] = new_id
        now = self.now_str()
        row: dict[str, Any] = {
            "id": new_id,
            "create_date": now,
            "write_date": now,
            "create_uid": uid,
            "write_uid": uid,
        }
        later: list[tuple[Field, Any]] = []
        for fname, value in vals.items():
            fld = mdef.fields[fname]
            if fname in MAGIC_FIELDS:
                continue
            if fld.type in X2MANY or fld.inverse is not None:
                later.append((fld, value))
            elif fld.translate and isinstance(value, dict):
                row[fname] = dict(value)  # copy() carries every language over
            elif fld.store and fld.compute is None:
                row[fname] = self.convert(model, fld, value, uid)
                if fld.translate:
                    row[fname] = translated_insert(row[fname], self.context.get("lang"))
        for fname, fld in mdef.fields.items():
            if fld.store and fld.compute is None and fname not in row and fld.type != "one2many":
                row[fname] = fld.empty()
        self.check_required(model, row)
        self._touch(model, new_id)
        self.table(model)[new_id] = row
        for fld, value in later:
            if fld.inverse is not None:
                fld.inverse(self, new_id, value)
            else:
                self.apply_x2many(model, new_id, fld, value, uid)
        for hook in mdef.after_create:
            hook(self, uid, new_id, vals)
        self.run_constraints(model, [new_id])
        return new_id

    def check_required(self, model: str, row: dict) -> None:
        mdef = self.registry[model]
        for fname, fld in mdef.fields.items():
            if (
                not fld.required
                or not fld.store
                or fld.compute is not None
                or fld.type in X2MANY
                or fld.type == "boolean"
                or fname in MAGIC_FIELDS
            ):
                continue
            if fld.type == "many2one" and fld.relation not in self.registry:
                continue  # auto-created in Odoo (mail.alias, ir.model...): not modelled
            value = row.get(fname)
            if value is None or value is False:
                raise ValidationError(
                    "The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n"
                    "- Delete: another model requires the record being deleted. If possible, archive it "
                    f"instead.\n\nModel: {mdef.description} ({model})\nField: {fld.string} ({fname})\n"
                )

    def run_constraints(self, model: str, ids: list[int]) -> None:
        for check in self.registry[model].constraints:
            check(self, ids)

    def write_records(self, model: str, ids: list[int], vals: dict, uid: int = SUPERUSER_ID) -> None:
        mdef = self.registry[model]
        if not isinstance(vals, dict):
            raise PythonValueError(f"Invalid write values for {model!r}: {vals!r}")
        self.check_field_names(model, vals)
        missing = [i for i in ids if not self.exists(model, i)]
        if missing:
            raise missing_error(model, missing, uid)
        vals = dict(vals)
        for hook in mdef.before_write:
            hook(self, uid, ids, vals)
        for parent, link in mdef.inherits.items():
            pvals = {
                k: vals.pop(k)
                for k in list(vals)
                if mdef.fields[k].related and mdef.fields[k].related[0] == link and not mdef.fields[k].store
            }
            if pvals:
                parents = sorted({self.tables[model][i].get(link) for i in ids} - {False, None})
                self.write_records(parent, parents, pvals, uid)
        scalars = {}
        later: list[tuple[Field, Any]] = []
        for fname, value in vals.items():
            fld = mdef.fields[fname]
            if fname in MAGIC_FIELDS:
                continue
            if fld.type in X2MANY or fld.inverse is not None:
                later.append((fld, value))
            elif fld.store and fld.compute is None:
                scalars[fname] = self.convert(model, fld, value, uid)
        now = self.now_str()
        for rec_id in ids:
            self._touch(model, rec_id)
            row = self.tables[model][rec_id]
            for fname, value in scalars.items():
                fld = mdef.fields[fname]
                lang = self.context.get("lang")
                row[fname] = (term_update(row.get(fname), value, lang) if fld.translate == "html"
                              else translated_update(row.get(fname), value, lang) if fld.translate else value)
            row["write_date"], row["write_uid"] = now, uid
            self.check_required(model, row)
            for fld, value in later:
                if fld.inverse is not None:
                    fld.inverse(self, rec_id, value)
                else:
                    self.apply_x2many(model, rec_id, fld, value, uid)
        for hook in mdef.after_write:
            hook(self, uid, ids, vals)
        self.run_constraints(model, ids)

    def apply_x2many(self, model: str, rec_id: int, fld: Field, commands: Any, uid: int) -> None:
        """Odoo's x2many commands (0..6), a plain list of ids, or False (clear)."""
        comodel = fld.relation or ""
        if commands is False or commands is None:
            commands = [(5, 0, 0)]
        if not isinstance(commands, (list, tuple)):
            raise PythonValueError(f"Wrong value for {model}.{fld.name}: {commands!r}")
        if commands and all(isinstance(c, int) and not isinstance(c, bool) for c in commands):
            commands = [(6, 0, list(commands))]
        m2m = fld.type == "many2many"
        row = self.tables[model][rec_id]
        current = list(self.value(model, rec_id, fld.name)) if m2m else []
        inverse = fld.inverse_name
        if not m2m and (not inverse or comodel not in self.registry):
            return  # a one2many without a known inverse: nothing to link
        for cmd in commands:
            if isinstance(cmd, int) and not isinstance(cmd, bool):
                cmd = (4, cmd, 0)
            if not isinstance(cmd, (list, tuple)) or not cmd:
                raise PythonValueError(f"Wrong value for {model}.{fld.name}: {cmd!r}")
            code = cmd[0]
            arg = cmd[1] if len(cmd) > 1 else 0
            if code == 0:
                child_vals = dict(cmd[2] or {}) if len(cmd) > 2 else {}
                if not m2m:
                    child_vals[inverse] = rec_id
                new = self.create_record(comodel, child_vals, uid)
                if m2m:
                    current.append(new)
            elif code == 1:
                self.write_records(comodel, [arg], dict(cmd[2] or {}), uid)
            elif code == 2:
                if self.exists(comodel, arg):
                    self.unlink_records(comodel, [arg], uid)
                current = [i for i in current if i != arg]
            elif code == 3:
                if m2m:
                    current = [i for i in current if i != arg]
                else:
                    self._detach(comodel, inverse, [arg], uid)
            elif code == 4:
                if not self.exists(comodel, arg):
                    raise missing_error(comodel, [arg], uid)
                if m2m:
                    current.append(arg)
                else:
                    self.write_records(comodel, [arg], {inverse: rec_id}, uid)
            elif code == 5:
                if m2m:
                    current = []
                else:
                    self._detach(comodel, inverse, self.value(model, rec_id, fld.name), uid)
            elif code == 6:
                ids = list(cmd[2] or []) if len(cmd) > 2 else []
                for i in ids:
                    if not self.exists(comodel, i):
                        raise missing_error(comodel, [i], uid)
                if m2m:
                    current = ids
                else:
                    old = self.value(model, rec_id, fld.name)
                    self._detach(comodel, inverse, [i for i in old if i not in ids], uid)
                    if ids:
                        self.write_records(comodel, ids, {inverse: rec_id}, uid)
            else:
                raise PythonValueError(f"Unknown x2many command {code!r} on {model}.{fld.name}")
        if m2m:
            self._touch(model, rec_id)
            seen: set[int] = set()
            row[fld.name] = [i for i in current if not (i in seen or seen.add(i))]

    def _detach(self, comodel: str, inverse: str, ids: list[int], uid: int) -> None:
        inv = self.registry[comodel].fields[inverse]
        if inv.required or inv.ondelete == "cascade":
            if ids:
                self.unlink_records(comodel, list(ids), uid)
        elif ids:
            self.write_records(comodel, list(ids), {inverse: False}, uid)

    def unlink_records(self, model: str, ids: list[int], uid: int = SUPERUSER_ID) -> None:
        ids = [i for i in dict.fromkeys(ids)]
        missing = [i for i in ids if not self.exists(model, i)]
        if missing:
            raise missing_error(model, missing, uid)
        busy: set = self.__dict__.setdefault("_unlinking", set())
        ids = [i for i in ids if (model, i) not in busy]  # already being deleted higher in the stack
        busy.update((model, i) for i in ids)
        try:
            self._unlink(model, ids, uid)
        finally:
            busy.difference_update((model, i) for i in ids)

    def _unlink(self, model: str, ids: list[int], uid: int) -> None:
        for hook in self.registry[model].before_unlink:
            hook(self, uid, ids)
        ids = [i for i in ids if self.exists(model, i)]
        doomed = set(ids)
        for other, fld in self.registry.referrers(model):
            rows = self.tables.get(other, {})
            hits = [
                cid
                for cid, crow in rows.items()
                if crow.get(fld.name) in doomed and not (other == model and cid in doomed)
            ]
            if not hits:
                continue
            if fld.ondelete == "cascade" or (fld.required and other != model):
                self.unlink_records(other, [h for h in hits if self.exists(other, h)], uid)
            else:
                for cid in hits:
                    self._touch(other, cid)
                    rows[cid][fld.name] = False
        for rec_id in ids:
            self._touch(model, rec_id)
            self.tables[model].pop(rec_id, None)
        for hook in self.registry.unlink_listeners:
            hook(self, model, ids)

    def copy_record(self, model: str, rec_id: int, default: dict | None, uid: int = SUPERUSER_ID) -> int:
        mdef = self.registry[model]
        if not self.exists(model, rec_id):
            raise missing_error(model, [rec_id], uid)
        row = self.tables[model][rec_id]
        vals: dict[str, Any] = {}
        links = set(mdef.inherits.values())
        for fname, fld in mdef.fields.items():
            if (
                fname in MAGIC_FIELDS
                or not fld.copy
                or not fld.store
                or fld.compute is not None
                or fld.type == "one2many"
                or fname in links
            ):
                continue
            value = row.get(fname, fld.empty())
            vals[fname] = [(6, 0, self.value(model, rec_id, fname))] if fld.type == "many2many" else value
        for parent, link in mdef.inherits.items():
            if row.get(link):
                vals[link] = self.copy_record(parent, row[link], None, uid)
        if mdef.copy_defaults is not None:
            vals.update(mdef.copy_defaults(self, row))
        if default:
            self.check_field_names(model, default)
            vals.update(default)
        new_id = self.create_record(model, vals, uid)
        for fname in mdef.copy_o2m:
            fld = mdef.fields[fname]
            for child in self.value(model, rec_id, fname):
                if fld.inverse_name and (not default or fname not in default):
                    self.copy_record(fld.relation or "", child, {fld.inverse_name: new_id}, uid)
        for hook in mdef.copy_hooks:
            hook(self, uid, rec_id, new_id)
        return new_id
