# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The public contact form of the booking API: ``submit_contact_request(values)``.

With ``crm`` installed (the ``crm.lead`` model is in the registry) the request becomes a lead (type ``lead``,
``contact_name``, ``email_from``, ``phone``, the message and the dog in ``description``); without it, a
``mail.mail`` to the company's email (queued, sent by Odoo's mail cron). The BFF rate limits the form and
drops honeypot submissions before calling. The values are ``..rules.contact``.
"""
from markupsafe import Markup

from odoo import api, models

from ..rules import contact as rule
from .customk9_booking import Refusal, booking_method


class CustomK9BookingContact(models.AbstractModel):
    _inherit = "customk9.booking"

    @api.model
    @booking_method
    def submit_contact_request(self, values):
        """``{"ok": True, "lead_id"}`` with CRM, else ``{"ok": True, "mail_id"}``."""
        vals = rule.values(values)
        if "crm.lead" in self.env:
            lead = self.env["crm.lead"].create({
                "name": rule.lead_name(vals),
                "type": "lead",
                "contact_name": vals["name"],
                "email_from": vals["email"],
                "phone": vals["phone"] or False,
                "description": Markup(rule.html_description(vals)),
            })
            return {"ok": True, "lead_id": lead.id}
        company = self.env.company
        if not company.email:
            raise Refusal("FEATURE_UNAVAILABLE", False, self.env._("The company has no email address."))
        mail = self.env["mail.mail"].create({
            "subject": rule.lead_name(vals),
            "email_to": company.email,
            "reply_to": vals["email"],
            "body_html": Markup(rule.html_description(vals)),
            "auto_delete": False,
        })
        return {"ok": True, "mail_id": mail.id}
