"""The emulated models: the 26 recorded Odoo 18 field sets plus the hand-written models around them.

``get_registry(addons)`` builds the model definitions once per set of installed addons (at first use)
and shares them between databases; each app module (base, mail, product, stock, event, blog, project,
calendar, sale) contributes its models' behaviour through a ``setup(registry)`` function. The project's
own addon ``customk9`` (``customk9``, ``customk9_bus``, ``customk9_booking`` and its
``customk9_booking_*`` modules) is added when listed in ``addons``.
"""

from __future__ import annotations

from functools import lru_cache

from . import (
    account,
    apikeys,
    base,
    blog,
    calendar,
    customk9,
    customk9_booking,
    customk9_bus,
    customk9_ops,
    event,
    image,
    lang,
    mail,
    product,
    project,
    sale,
    stock,
)
from .registry import Registry, delegate_inherits, guess_inverse, load_recorded_models

APP_MODULES = (base, apikeys, product, image, stock, event, blog, project, calendar, sale, account)
ADDON_MODULES = {"customk9": (customk9, customk9_bus, customk9_ops, customk9_booking)}
KNOWN_ADDONS = tuple(ADDON_MODULES)


@lru_cache(maxsize=4)
def get_registry(addons: tuple[str, ...] = KNOWN_ADDONS) -> Registry:
    """The model definitions of an Odoo with the stock apps plus ``addons`` (a subset of KNOWN_ADDONS)."""
    unknown = set(addons) - set(ADDON_MODULES)
    if unknown:
        raise ValueError(f"unknown addons: {sorted(unknown)}")
    registry = Registry()
    load_recorded_models(registry)
    for module in APP_MODULES:
        module.setup(registry)
    for addon in KNOWN_ADDONS:  # in a fixed order, whatever the order of ``addons``
        if addon in addons:
            for module in ADDON_MODULES[addon]:
                module.setup(registry)
    mail.setup(registry)  # last: makes every model with message_follower_ids a mail.thread
    lang.setup(registry)  # after the apps: marks their translated fields
    delegate_inherits(registry)
    guess_inverse(registry)
    company_currency(registry)
    return registry


def company_currency(registry: Registry) -> None:
    """``currency_id`` fields Odoo computes from the company (product prices, tickets...)."""

    def compute(db, rec):  # type: ignore[no-untyped-def]
        company = db.tables.get("res.company", {}).get(rec.get("company_id") or 1) or {}
        return company.get("currency_id") or False

    for mdef in registry.models.values():
        for fname in ("currency_id", "cost_currency_id", "company_currency_id"):
            fld = mdef.fields.get(fname)
            if fld is None or fld.relation != "res.currency" or fld.compute or fld.related:
                continue
            if fld.store:
                if fld.default is None:
                    fld.default = lambda db, vals: (db.tables.get("res.company", {}).get(1) or {}).get(
                        "currency_id"
                    )
            else:
                fld.compute = compute
