"""Field definitions and value conversions of the emulated ORM.

Values live in the store in a "cache" format close to what Odoo keeps in its record cache:

* char/text/html/selection/binary: ``str`` or ``False``; boolean: ``bool``; integer: ``int``;
  float/monetary: ``float``; date: ``"YYYY-MM-DD"``; datetime: ``"YYYY-MM-DD HH:MM:SS"`` (UTC, naive);
* translated char/text (``translate=True``): a ``dict`` language code -> ``str`` (Odoo 18's jsonb column), or
  ``False``; ``odoo_emulator.translations`` picks and merges the languages;
* many2one: an ``int`` id or ``False``; many2many: a ``list`` of ids; one2many: never stored (derived
  from the inverse many2one of the comodel).

``convert_to_cache`` implements Odoo's silent coercions (a string written to a many2one stores false,
"yes" written to a boolean stores true); ``convert_to_read`` produces the JSON-RPC wire value.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .exceptions import PythonValueError
from .postgres import check_int4, check_text

DATE_FMT = "%Y-%m-%d"
DATETIME_FMT = "%Y-%m-%d %H:%M:%S"

RELATIONAL = ("many2one", "one2many", "many2many")
X2MANY = ("one2many", "many2many")
NUMERIC = ("integer", "float", "monetary")
TEXTUAL = ("char", "text", "html")


@dataclass
class Field:
    """One field of a model. ``compute(db, rec)`` returns a cache-format value from the raw row."""

    name: str
    type: str
    relation: str | None = None
    required: bool = False
    readonly: bool = False
    store: bool = True
    selection: list[str] | None = None
    string: str = ""
    inverse_name: str | None = None  # one2many: the many2one on the comodel
    domain: list | None = None  # x2many: the field's domain (project.task_ids hides closed tasks), on reads
    compute: Callable[..., Any] | None = None
    search: Callable[..., list] | None = None  # search(db, operator, value) -> domain on the same model
    inverse: Callable[..., None] | None = None  # inverse(db, rec_id, cache_value) for writable computed fields
    default: Any = None  # a value or a callable(db, vals) -> value
    related: tuple[str, str] | None = None  # (many2one field, field on its comodel): _inherits delegation
    copy: bool | None = None
    ondelete: str = "set null"  # many2one: "set null" | "cascade" | "restrict"
    aggregator: str | None = None
    search_by_value: bool = False  # non-stored but searchable by evaluating the computed value
    translate: bool | str = False  # True / "html" (term by term): stored per language, as Odoo 18's jsonb

    def __post_init__(self) -> None:
        if not self.string:
            self.string = self.name.replace("_", " ").strip().title() or self.name
        if self.copy is None:
            self.copy = self.type != "one2many" and self.name not in MAGIC_FIELDS
        if self.aggregator is None and self.type in NUMERIC and self.name not in ("id", "sequence"):
            self.aggregator = "sum"

    @property
    def searchable(self) -> bool:
        return bool(self.store or self.search or self.related or self.search_by_value)

    def empty(self) -> Any:
        if self.type in X2MANY:
            return []
        if self.type == "boolean":
            return False
        if self.type == "integer":
            return 0
        if self.type in ("float", "monetary"):
            return 0.0
        return False


MAGIC_FIELDS = ("id", "display_name", "create_date", "write_date", "create_uid", "write_uid")


def load_recorded() -> dict[str, dict[str, dict]]:
    """The field sets recorded with fields_get on a real Odoo 18 (``data/odoo18_fields.json``)."""
    text = (Path(__file__).parent / "data" / "odoo18_fields.json").read_text("utf-8")
    return json.loads(text)["models"]


def field_from_record(name: str, spec: dict) -> Field:
    return Field(
        name=name,
        type=spec["type"],
        relation=spec.get("relation"),
        required=bool(spec.get("required")),
        readonly=bool(spec.get("readonly")),
        store=bool(spec.get("store")),
        selection=spec.get("selection"),
    )


# --------------------------------------------------------------------------- dates


def parse_datetime(value: Any) -> str | bool:
    """Odoo's Datetime.to_datetime: accepts datetimes, dates and "YYYY-MM-DD[ HH:MM:SS]" strings."""
    if value in (None, False, ""):
        return False
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, microsecond=0).strftime(DATETIME_FMT)
    if isinstance(value, date):
        return value.strftime(DATE_FMT) + " 00:00:00"
    if isinstance(value, str):
        text = value.strip().replace("T", " ")
        if len(text) == 10:
            text += " 00:00:00"
        text = text[:19]
        try:
            return datetime.strptime(text, DATETIME_FMT).strftime(DATETIME_FMT)
        except ValueError:
            raise PythonValueError(f"time data {value!r} does not match format '{DATETIME_FMT}'") from None
    raise PythonValueError(f"Invalid datetime value {value!r}")


def parse_date(value: Any) -> str | bool:
    if value in (None, False, ""):
        return False
    if isinstance(value, datetime):
        return value.strftime(DATE_FMT)
    if isinstance(value, date):
        return value.strftime(DATE_FMT)
    if isinstance(value, str):
        text = value.strip()[:10]
        try:
            return datetime.strptime(text, DATE_FMT).strftime(DATE_FMT)
        except ValueError:
            raise PythonValueError(f"time data {value!r} does not match format '{DATE_FMT}'") from None
    raise PythonValueError(f"Invalid date value {value!r}")


# --------------------------------------------------------------------------- coercion


def convert_scalar(fld: Field, value: Any, model: str) -> Any:
    """Coerce a written value to the cache format, like Odoo's convert_to_cache (no relational)."""
    t = fld.type
    if t == "boolean":
        return bool(value)
    if t == "integer":
        if value in (None, False, ""):
            return 0
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise PythonValueError(f"invalid literal for int() with base 10: {value!r}") from None
        return check_int4(number)
    if t in ("float", "monetary"):
        if value in (None, False, ""):
            return 0.0
        try:
            return float(value)
        except (TypeError, ValueError):
            raise PythonValueError(f"could not convert string to float: {value!r}") from None
    if t in ("char", "text", "html", "binary"):
        if value is None or value is False:
            return False
        return check_text(value if isinstance(value, str) else str(value))
    if t == "selection":
        if value in (None, False, ""):
            return False
        if fld.selection is not None and value not in fld.selection:
            raise PythonValueError(f"Wrong value for {model}.{fld.name}: {value!r}")
        return value
    if t == "date":
        return parse_date(value)
    if t == "datetime":
        return parse_datetime(value)
    if t in ("json", "properties", "properties_definition"):
        return value if value is not None else False
    if t == "many2one_reference":
        return int(value) if isinstance(value, int) and not isinstance(value, bool) else 0
    return value


def coerce_many2one(value: Any) -> int | bool:
    """Odoo stores false for anything that is not an id (a string clears the field, silently)."""
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, int):
        return value or False
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], int):
        return value[0] or False  # [id, name] pairs read back from Odoo are accepted
    return False


def convert_to_read(fld: Field, value: Any, display_name: Callable[[str, int], str | None]) -> Any:
    """The wire value of a cache value; ``display_name(model, id)`` is None when the target is gone."""
    t = fld.type
    if t == "many2one":
        if not value:
            return False
        name = display_name(fld.relation or "", value)
        return [value, name] if name is not None else False
    if t in X2MANY:
        return list(value or [])
    if t in ("float", "monetary"):
        return float(value or 0.0)
    if t == "integer":
        return int(value or 0)
    if t == "boolean":
        return bool(value)
    if value is None or value == "" and t in ("date", "datetime", "selection", "binary"):
        return False
    return value
