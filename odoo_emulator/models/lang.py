"""``res.lang`` and the website's languages: what ``context.lang`` may name and what the storefront defaults to.

A fresh Odoo 18 database holds every language Odoo ships as a ``res.lang`` row, inactive but ``en_US``;
activating one (``write({"active": True})`` as an administrator, or the ``base.language.install`` wizard)
makes it a valid ``context.lang``. ``website.default_lang_id`` is the storefront's default language.
"""

from __future__ import annotations

from typing import Any

from ..exceptions import UserError, ValidationError
from ..translations import mark_translated
from .registry import Registry

# (code, name, iso_code, url_code, direction): a few of the rows Odoo 18 ships, as it names them.
SHIPPED_LANGUAGES = (
    ("en_US", "English (US)", "en", "en", "ltr"),
    ("fr_FR", "French / Français", "fr", "fr", "ltr"),
    ("fr_BE", "French (BE) / Français (BE)", "fr_BE", "fr_BE", "ltr"),
    ("de_DE", "German / Deutsch", "de", "de", "ltr"),
    ("es_ES", "Spanish / Español", "es", "es", "ltr"),
    ("nl_NL", "Dutch / Nederlands", "nl", "nl", "ltr"),
    ("ar_001", "Arabic / الْعَرَبيّة", "ar", "ar", "rtl"),
)


def setup(reg: Registry) -> None:
    reg.define(
        "res.lang",
        "Languages",
        {
            "name": ("char", {"required": True}),
            "code": ("char", {"required": True}),
            "iso_code": ("char",),
            "url_code": ("char", {"required": True}),
            "direction": ("selection", {"selection": ["ltr", "rtl"], "default": "ltr", "required": True}),
            "active": ("boolean", {"default": False}),
            "date_format": ("char", {"default": "%m/%d/%Y"}),
            "time_format": ("char", {"default": "%H:%M:%S"}),
        },
        order="active desc, name",
    )
    reg["res.lang"].constraints.append(_keep_one_active)
    reg["res.lang"].before_write.append(_check_write)
    if "website" in reg:
        site = reg["website"]
        site.set("default_lang_id", type="many2one", relation="res.lang")
        site.set("language_ids", type="many2many", relation="res.lang")
    mark_translated(reg)


def _keep_one_active(db: Any, ids: list[int]) -> None:
    """Odoo refuses to leave a database without an active language (``res.lang._check_active``)."""
    if not any(row.get("active") for row in db.tables.get("res.lang", {}).values()):
        raise ValidationError("At least one language must be active.")


def _check_write(db: Any, uid: int, ids: list[int], vals: dict) -> None:
    """``res.lang.write``: codes never change; a language someone speaks cannot be switched off."""
    codes = {db.tables["res.lang"][i]["code"] for i in ids}
    if "code" in vals and any(code != vals["code"] for code in codes):
        raise UserError("Language code cannot be modified.")
    if vals.get("active") is False:
        for model, what in (("res.users", "users"), ("res.partner", "contacts")):
            if db.search_ids(model, [("lang", "in", sorted(codes))], limit=1):
                raise UserError(f"Cannot deactivate a language that is currently used by {what}.")


def active_codes(db: Any) -> set[str]:
    return {row["code"] for row in db.tables.get("res.lang", {}).values() if row.get("active")}


def check_context_lang(db: Any, context: Any) -> None:
    """``env.lang`` refuses a code that is not an active language (Odoo: UserError on first use)."""
    lang = context.get("lang") if isinstance(context, dict) else None
    if lang and lang not in active_codes(db):
        raise UserError(f"Invalid language code: {lang}")


def seed(db: Any, make: Any) -> None:
    """The shipped languages (en_US active) and the default website speaking en_US."""
    ids = {}
    for code, name, iso, url, direction in SHIPPED_LANGUAGES:
        ids[code] = make(db, "res.lang", f"base.lang_{url}", {
            "name": name, "code": code, "iso_code": iso, "url_code": url, "direction": direction,
            "active": code == "en_US"})
    for site_id in list(db.tables.get("website", {})):
        db.write_records("website", [site_id], {"default_lang_id": ids["en_US"],
                                                "language_ids": [(6, 0, [ids["en_US"]])]})
