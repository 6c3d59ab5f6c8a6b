"""What a fresh Odoo 18 database WITHOUT demo data holds for the emulated modules.

Ids follow a real fresh database where it matters to callers: partner 1 is the company, 2 OdooBot,
3 the administrator; uid 1 is OdooBot (``__system__``, inactive), uid 2 ``admin``/``admin``, uid 3 the
default user template, uid 4 the public user, uid 5 the portal user template (all inactive). Names,
e-mails and flags are those of a real fresh Odoo 18 database: the administrator is "Administrator"
(admin@example.com, no tz; "Mitchell Admin" only exists with Odoo's demo data), OdooBot's partner is
archived. Implied groups as on a real Odoo 18 with these apps (base.group_user implies Technical Features
and Mail Template Editor; Sales users imply the Events registration desk).
"""

from __future__ import annotations

from typing import Any

from . import lang, mail

GROUPS = [
    # xmlid, name, implied xmlids, share
    ("base.group_no_one", "Technical Features", [], False),
    ("mail.group_mail_template_editor", "Mail Template Editor", [], False),
    ("base.group_user", "Internal User", ["mail.group_mail_template_editor", "base.group_no_one"], False),
    ("base.group_portal", "Portal", [], True),
    ("base.group_public", "Public", [], True),
    ("base.group_partner_manager", "Contact Creation", [], False),
    ("base.group_erp_manager", "Access Rights", ["base.group_user"], False),
    ("base.group_system", "Settings", ["base.group_erp_manager"], False),
    ("event.group_event_registration_desk", "Registration Desk", ["base.group_user"], False),
    (
        "sales_team.group_sale_salesman",
        "User: Own Documents Only",
        ["base.group_user", "event.group_event_registration_desk"],
        False,
    ),
    ("sales_team.group_sale_salesman_all_leads", "User: All Documents", ["sales_team.group_sale_salesman"], False),
    ("sales_team.group_sale_manager", "Administrator", ["sales_team.group_sale_salesman_all_leads"], False),
    ("project.group_project_user", "User", ["base.group_user"], False),
    ("project.group_project_manager", "Administrator", ["project.group_project_user"], False),
    ("event.group_event_user", "User", ["event.group_event_registration_desk"], False),
    ("event.group_event_manager", "Administrator", ["event.group_event_user"], False),
    ("stock.group_stock_user", "User", ["base.group_user"], False),
    ("stock.group_stock_manager", "Administrator", ["stock.group_stock_user"], False),
    ("website.group_website_restricted_editor", "Restricted Editor", ["base.group_user"], False),
    ("website.group_website_designer", "Editor and Designer", ["website.group_website_restricted_editor"], False),
]
ADMIN_GROUPS = [
    "base.group_system",
    "base.group_partner_manager",
    "base.group_no_one",
    "sales_team.group_sale_manager",
    "project.group_project_manager",
    "event.group_event_manager",
    "stock.group_stock_manager",
    "website.group_website_designer",
]
INSTALLED = [
    "base",
    "web",
    "mail",
    "bus",
    "contacts",
    "portal",
    "auth_signup",
    "uom",
    "product",
    "sales_team",
    "sale",
    "sale_management",
    "sale_stock",
    "stock",
    "project",
    "calendar",
    "event",
    "event_product",
    "event_sale",
    "website",
    "website_event",
    "website_blog",
    "website_sale",
    "account",
    "membership",
]


def _xmlid(db: Any, xmlid: str, model: str, res_id: int) -> None:
    module, name = xmlid.split(".", 1)
    db.create_record(
        "ir.model.data", {"module": module, "name": name, "model": model, "res_id": res_id, "noupdate": True}
    )


def _make(db: Any, model: str, xmlid: str | None, vals: dict) -> int:
    rec_id = db.create_record(model, vals)
    if xmlid:
        _xmlid(db, xmlid, model, rec_id)
    return rec_id


def seed_database(db: Any) -> None:
    usd = _make(
        db,
        "res.currency",
        "base.USD",
        {"name": "USD", "symbol": "$", "position": "before", "full_name": "United States dollar"},
    )
    _make(
        db,
        "res.currency",
        "base.EUR",
        {"name": "EUR", "symbol": "€", "position": "after", "full_name": "Euro", "active": False},
    )
    us = _make(
        db, "res.country", "base.us", {"name": "United States", "code": "US", "phone_code": 1, "currency_id": usd}
    )
    for xmlid, name, code, phone in (
        ("base.be", "Belgium", "BE", 32),
        ("base.de", "Germany", "DE", 49),
        ("base.fr", "France", "FR", 33),
        ("base.uk", "United Kingdom", "GB", 44),
        ("base.ca", "Canada", "CA", 1),
    ):
        _make(db, "res.country", xmlid, {"name": name, "code": code, "phone_code": phone})

    partners = [
        ("base.main_partner", {"name": "My Company", "is_company": True, "country_id": us}),
        ("base.partner_root", {"name": "OdooBot", "email": "odoobot@example.com", "active": False}),
        ("base.partner_admin", {"name": "Administrator", "email": "admin@example.com"}),
        ("base.public_partner", {"name": "Public user", "active": False}),
        ("base.default_user_partner", {"name": "Default User Template", "active": False}),
        ("base.partner_portal_template", {"name": "Portal User Template", "active": False}),
    ]
    pids = [_make(db, "res.partner", x, vals) for x, vals in partners]
    company = _make(
        db,
        "res.company",
        "base.main_company",
        {"name": "My Company", "partner_id": pids[0], "currency_id": usd, "country_id": us},
    )
    for pid in pids:
        db.tables["res.partner"][pid]["company_id"] = company if pid in (pids[1], pids[2]) else False

    gids: dict[str, int] = {}
    for xmlid, name, implied, share in GROUPS:
        gids[xmlid] = _make(
            db,
            "res.groups",
            xmlid,
            {"name": name, "share": share, "implied_ids": [(6, 0, [gids[i] for i in implied])]},
        )
    db.tables["res.groups"][gids["base.group_user"]]["api_key_duration"] = 90.0

    users = [
        ("base.user_root", "__system__", pids[1], False, ["base.group_system"]),
        ("base.user_admin", "admin", pids[2], True, ADMIN_GROUPS),
        ("base.default_user", "default", pids[4], False, ["base.group_user"]),
        ("base.public_user", "public", pids[3], False, ["base.group_public"]),
        ("base.template_portal_user_id", "portaltemplate", pids[5], False, ["base.group_portal"]),
    ]
    for xmlid, login, partner, active, groups in users:
        uid = _make(
            db,
            "res.users",
            xmlid,
            {
                "login": login,
                "partner_id": partner,
                "active": active,
                "groups_id": [(6, 0, [gids[g] for g in groups])],
            },
        )
        if login == "admin":
            db.set_password(uid, "admin")

    _make(db, "website", "website.default_website", {"name": "My Website", "company_id": company})
    lang.seed(db, _make)
    mail.seed(db, _make)
    unit_cat = _make(db, "uom.category", "uom.product_uom_categ_unit", {"name": "Unit"})
    time_cat = _make(db, "uom.category", "uom.uom_categ_wtime", {"name": "Working Time"})
    _make(db, "uom.uom", "uom.product_uom_unit", {"name": "Units", "category_id": unit_cat})
    _make(
        db,
        "uom.uom",
        "uom.product_uom_dozen",
        {"name": "Dozens", "category_id": unit_cat, "factor": 1 / 12, "uom_type": "bigger"},
    )
    _make(db, "uom.uom", "uom.product_uom_hour", {"name": "Hours", "category_id": time_cat})
    _make(db, "product.category", "product.product_category_all", {"name": "All"})

    physical = _make(
        db, "stock.location", "stock.stock_location_locations", {"name": "Physical Locations", "usage": "view"}
    )
    partners_loc = _make(
        db, "stock.location", "stock.stock_location_locations_partner", {"name": "Partners", "usage": "view"}
    )
    virtual = _make(
        db,
        "stock.location",
        "stock.stock_location_locations_virtual",
        {"name": "Virtual Locations", "usage": "view"},
    )
    _make(
        db,
        "stock.location",
        "stock.stock_location_suppliers",
        {"name": "Vendors", "usage": "supplier", "location_id": partners_loc},
    )
    _make(
        db,
        "stock.location",
        "stock.stock_location_customers",
        {"name": "Customers", "usage": "customer", "location_id": partners_loc},
    )
    _make(
        db,
        "stock.location",
        "stock.stock_location_inventory",
        {"name": "Inventory adjustment", "usage": "inventory", "location_id": virtual},
    )
    view = _make(
        db,
        "stock.location",
        "stock.warehouse0_view_location",
        {"name": "WH", "usage": "view", "location_id": physical},
    )
    stock = _make(
        db,
        "stock.location",
        "stock.stock_location_stock",
        {"name": "Stock", "usage": "internal", "location_id": view, "company_id": company},
    )
    wh = _make(
        db,
        "stock.warehouse",
        "stock.warehouse0",
        {
            "name": "My Company",
            "code": "WH",
            "company_id": company,
            "partner_id": pids[0],
            "view_location_id": view,
            "lot_stock_id": stock,
        },
    )
    db.tables["stock.location"][stock]["warehouse_id"] = wh

    for seq, (xmlid, name, fold, end) in enumerate(
        (
            ("new", "New", False, False),
            ("booked", "Booked", False, False),
            ("announced", "Announced", False, False),
            ("done", "Ended", True, True),
            ("cancel", "Cancelled", True, False),
        ),
        1,
    ):
        _make(
            db,
            "event.stage",
            f"event.event_stage_{xmlid}",
            {"name": name, "sequence": seq, "fold": fold, "pipe_end": end},
        )
    tmpl = _make(
        db,
        "product.template",
        "event_product.product_product_event_product_template",
        {"name": "Event Registration", "type": "service", "list_price": 30.0, "service_tracking": "event"},
    )
    _xmlid(
        db,
        "event_product.product_product_event",
        "product.product",
        db.value("product.template", tmpl, "product_variant_id"),
    )
    for module in INSTALLED:
        _make(
            db,
            "ir.module.module",
            f"base.module_{module}",
            {"name": module, "state": "installed", "shortdesc": module.replace("_", " ").title()},
        )
