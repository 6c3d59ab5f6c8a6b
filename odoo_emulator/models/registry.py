"""Model definitions: the recorded Odoo 18 field sets plus hand-written models and behaviour.

A :class:`ModelDef` is static (shared by every Database); records live in the Database. The app
modules of this package (base, product, event, ...) customise the definitions through
:class:`Registry`: computed fields, defaults, ``_order``, ``_inherits`` delegation, constraints,
hooks and the extra public methods (``action_confirm``, ``message_subscribe``, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from ..fields import MAGIC_FIELDS, Field, field_from_record, load_recorded

Hook = Callable[..., Any]


@dataclass
class Method:
    """A public method callable over RPC. Record methods get ``ids`` as first argument."""

    func: Callable[..., Any]
    on_records: bool = True
    access: str = "write"  # the operation checked (ACL and record rules) on the ids


@dataclass
class ModelDef:
    name: str
    description: str = ""
    fields: dict[str, Field] = dc_field(default_factory=dict)
    order: str = "id"
    rec_name: str | None = "name"
    parent_name: str | None = None
    inherits: dict[str, str] = dc_field(default_factory=dict)  # parent model -> many2one field
    display_name: Callable[..., str] | None = None  # display_name(db, rec) -> str
    name_search_fields: tuple[str, ...] = ()
    defaults: list[Hook] = dc_field(default_factory=list)  # defaults(db, uid, vals) -> dict (missing keys only)
    before_create: list[Hook] = dc_field(default_factory=list)  # (db, uid, vals) mutates vals before storing
    after_create: list[Hook] = dc_field(default_factory=list)  # (db, uid, rec_id, vals)
    before_write: list[Hook] = dc_field(default_factory=list)  # (db, uid, ids, vals)
    after_write: list[Hook] = dc_field(default_factory=list)  # (db, uid, ids, vals)
    before_unlink: list[Hook] = dc_field(default_factory=list)  # (db, uid, ids)
    constraints: list[Hook] = dc_field(default_factory=list)  # (db, ids) raises ValidationError
    copy_hooks: list[Hook] = dc_field(default_factory=list)  # (db, uid, old_id, new_id)
    copy_defaults: Callable[..., dict] | None = None  # (db, rec) -> default overrides
    copy_o2m: tuple[str, ...] = ()  # one2many fields copied with the record
    copy_override: Callable[..., int] | None = None  # (db, uid, rec_id, default) -> new id
    methods: dict[str, Method] = dc_field(default_factory=dict)
    mail_thread: bool = False
    read_mask: Hook | None = None  # (db, uid, rows) hides values in what a non-superuser reads

    def field(self, name: str) -> Field | None:
        return self.fields.get(name)

    def add_field(self, fld: Field) -> Field:
        self.fields[fld.name] = fld
        return fld

    def set(self, name: str, **attrs: Any) -> Field:
        """Customise an existing (recorded) field; creates it if the recording lacks it."""
        fld = self.fields.get(name)
        if fld is None:
            fld = self.add_field(
                Field(
                    name=name,
                    type=attrs.pop("type"),
                    **{
                        k: attrs.pop(k) for k in list(attrs) if k in ("relation", "store", "selection", "required")
                    },
                )
            )
        for key, value in attrs.items():
            setattr(fld, key, value)
        return fld

    def method(self, name: str, on_records: bool = True, access: str = "write") -> Callable[[Callable], Callable]:
        def deco(func: Callable) -> Callable:
            self.methods[name] = Method(func, on_records, access)
            return func

        return deco


class Registry:
    def __init__(self) -> None:
        self.models: dict[str, ModelDef] = {}
        self.unlink_listeners: list[Hook] = []  # (db, model, ids) after any unlink
        self._referrers: dict[str, list[tuple[str, Field]]] = {}

    def referrers(self, model: str) -> list[tuple[str, Field]]:
        """Stored many2one fields of every model that point to ``model`` (for unlink cascades)."""
        if model not in self._referrers:
            self._referrers[model] = [
                (m.name, f)
                for m in self.models.values()
                for f in m.fields.values()
                if f.type == "many2one"
                and f.relation == model
                and f.store
                and f.compute is None
                and f.name not in MAGIC_FIELDS
            ]
        return self._referrers[model]

    def __contains__(self, name: str) -> bool:
        return name in self.models

    def __getitem__(self, name: str) -> ModelDef:
        return self.models[name]

    def define(
        self, name: str, description: str = "", fields: dict[str, tuple] | None = None, **attrs: Any
    ) -> ModelDef:
        """A hand-written model: ``fields`` maps a name to (type,) or (type, relation) or a Field."""
        mdef = ModelDef(name=name, description=description or name, **attrs)
        _magic(mdef)
        for fname, spec in (fields or {}).items():
            if isinstance(spec, Field):
                spec.name = fname
                mdef.add_field(spec)
            else:
                ftype, *rest = spec
                relation = rest[0] if rest and isinstance(rest[0], str) else None
                options = rest[-1] if rest and isinstance(rest[-1], dict) else {}
                mdef.add_field(Field(name=fname, type=ftype, relation=relation, **options))
        self.models[name] = mdef
        return mdef


def _magic(mdef: ModelDef) -> None:
    for fname, ftype, rel in (
        ("id", "integer", None),
        ("display_name", "char", None),
        ("create_date", "datetime", None),
        ("write_date", "datetime", None),
        ("create_uid", "many2one", "res.users"),
        ("write_uid", "many2one", "res.users"),
    ):
        if fname not in mdef.fields:
            mdef.add_field(
                Field(
                    name=fname, type=ftype, relation=rel, readonly=True, store=fname != "display_name", copy=False
                )
            )
        else:
            mdef.fields[fname].copy = False
    mdef.fields["display_name"].store = False


# Descriptions of the recorded models (Odoo's _description), used in error messages.
DESCRIPTIONS = {
    "res.partner": "Contact",
    "res.users": "User",
    "project.project": "Project",
    "project.task": "Task",
    "project.task.type": "Task Stage",
    "project.tags": "Project Tags",
    "calendar.event": "Calendar Event",
    "calendar.attendee": "Calendar Attendee Information",
    "event.event": "Event",
    "event.type": "Event Template",
    "event.registration": "Event Registration",
    "event.event.ticket": "Event Ticket",
    "event.tag": "Event Tag",
    "product.product": "Product Variant",
    "product.template": "Product",
    "sale.order": "Sales Order",
    "sale.order.line": "Sales Order Line",
    "stock.quant": "Quants",
    "stock.lot": "Lot/Serial",
    "blog.post": "Blog Post",
    "blog.blog": "Blog",
    "blog.tag": "Blog Tag",
    "ir.attachment": "Attachment",
    "membership.membership_line": "Membership Line",
    "bus.bus": "Communication Bus",
    "mail.message": "Message",
}


def load_recorded_models(registry: Registry) -> None:
    for model, specs in load_recorded().items():
        mdef = ModelDef(name=model, description=DESCRIPTIONS.get(model, model))
        for fname, spec in specs.items():
            mdef.add_field(field_from_record(fname, spec))
        _magic(mdef)
        if "parent_id" in mdef.fields and mdef.fields["parent_id"].relation == model:
            mdef.parent_name = "parent_id"
        registry.models[model] = mdef


def guess_inverse(registry: Registry) -> None:
    """one2many fields need their inverse many2one: the one many2one of the comodel pointing back.

    Explicit ``inverse_name`` set by the app modules wins; ambiguous or absent inverses leave the
    one2many always empty (reported in the emulator's limits).
    """
    for mdef in registry.models.values():
        for fld in mdef.fields.values():
            if fld.type != "one2many" or fld.inverse_name or fld.compute or fld.related:
                continue
            comodel = registry.models.get(fld.relation or "")
            if comodel is None:
                continue
            back = [
                f.name
                for f in comodel.fields.values()
                if f.type == "many2one" and f.relation == mdef.name and f.store and f.name not in MAGIC_FIELDS
            ]
            if len(back) == 1:
                fld.inverse_name = back[0]


def delegate_inherits(registry: Registry) -> None:
    """``_inherits``: fields of the parent that the child does not store are read through the link."""
    for mdef in registry.models.values():
        for parent, link in mdef.inherits.items():
            pdef = registry.models[parent]
            for fname, pfld in pdef.fields.items():
                if fname in MAGIC_FIELDS or fname == link:
                    continue
                own = mdef.fields.get(fname)
                if own is None:
                    own = mdef.add_field(
                        Field(
                            name=fname,
                            type=pfld.type,
                            relation=pfld.relation,
                            selection=pfld.selection,
                            store=False,
                        )
                    )
                if own.store or own.compute:
                    continue
                own.related = (link, fname)
                own.selection = pfld.selection
                own.inverse_name = None
