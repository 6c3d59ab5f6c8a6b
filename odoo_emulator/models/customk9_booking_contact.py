"""The public contact form of the booking API (``submit_contact_request``), as the addon answers it.

The addon creates a ``crm.lead`` when the ``crm.lead`` model exists (CRM installed) and else queues a
``mail.mail`` to the company's address. The emulator keeps both models (only the fields the addon writes)
and reads "CRM installed" from the ``crm`` row of ``ir.module.module`` (seeded installed, as on the reference
Odoo; a test may uninstall it). The values are the addon's ``rules/contact.py``.
"""

from __future__ import annotations

from typing import Any

from .. import rules
from .customk9_booking import fail, ok, register
from .registry import Registry

rule = rules.contact


def crm_installed(db: Any) -> bool:
    return bool(db.search_ids("ir.module.module", [("name", "=", "crm"), ("state", "=", "installed")], order=False))


def submit_contact_request(db: Any, uid: int, values: Any) -> dict:
    vals = rule.values(values)
    if crm_installed(db):
        lead = db.create_record("crm.lead", {
            "name": rule.lead_name(vals), "type": "lead", "contact_name": vals["name"], "email_from": vals["email"],
            "phone": vals["phone"] or False, "description": rule.html_description(vals)}, uid)
        return ok(lead_id=lead)
    company = db.search_ids("res.company", [], order=False)
    email = db.value("res.company", min(company), "email") if company else False
    if not email:
        return fail("FEATURE_UNAVAILABLE", False, "The company has no email address.")
    mail = db.create_record("mail.mail", {
        "subject": rule.lead_name(vals), "email_to": email, "reply_to": vals["email"],
        "body_html": rule.html_description(vals), "auto_delete": False}, uid)
    return ok(mail_id=mail)


def setup(reg: Registry) -> None:
    reg.define("crm.lead", "Lead/Opportunity", {
        "name": ("char", {"required": True}),
        "type": ("selection", {"selection": ["lead", "opportunity"], "default": "lead", "required": True}),
        "contact_name": ("char",),
        "email_from": ("char",),
        "phone": ("char",),
        "description": ("html",),
        "active": ("boolean", {"default": True}),
    })
    reg.define("mail.mail", "Outgoing Mails", {
        "subject": ("char",),
        "email_to": ("text",),
        "reply_to": ("char",),
        "body_html": ("text",),
        "auto_delete": ("boolean", {"default": True}),
        "state": ("selection", {"selection": ["outgoing", "sent", "received", "exception", "cancel"],
                                "default": "outgoing"}),
    })
    register(reg, "submit_contact_request", submit_contact_request)


def seed(db: Any) -> None:
    from .seed import _make

    if not db.search_ids("ir.module.module", [("name", "=", "crm")], order=False):
        _make(db, "ir.module.module", "base.module_crm", {"name": "crm", "state": "installed", "shortdesc": "CRM"})
