# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Who trains whom: the one definition of "a trainer's clients", used by the record rules and the BFF.

A trainer's clients are the commercial partners of

* the customers of the (non-template) training plans the trainer leads (``project.project.user_id``), and
* the attendees of the sessions the trainer organises (``calendar.event.user_id``), staff excluded
  (the partners of internal users: the trainer attends their own sessions),

and a partner belongs to a client when its commercial partner is one of them (a company's contacts and
their dogs go together). Archived plans do not count; past sessions do.

``res.partner.customk9_trainer_ids`` exposes it as a searchable field, so a domain can say "partners this
trainer trains" without the ids being frozen in a cached rule domain: the search method runs each time
the domain is turned into SQL, so a new plan or session widens the trainer's scope at once.
"""
from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    customk9_trainer_ids = fields.Many2many(
        "res.users", string="CustomK9 trainers", compute="_compute_customk9_trainer_ids",
        search="_search_customk9_trainer_ids",
        help="Users who lead a training plan of this client or organise a session the client attends.",
    )

    @api.model
    def _customk9_clients_of(self, user_ids):
        """Commercial partners trained by any of ``user_ids`` (superuser reads: rules must not recurse)."""
        plans = self.env["project.project"].sudo().search([
            ("user_id", "in", list(user_ids)), ("is_training_template", "=", False)])
        sessions = self.env["calendar.event"].sudo().search([("user_id", "in", list(user_ids))])
        attendees = sessions.partner_ids.filtered(lambda p: not any(u._is_internal() for u in p.user_ids))
        return (plans.partner_id | attendees).commercial_partner_id

    def _compute_customk9_trainer_ids(self):
        Users = self.env["res.users"].sudo()
        plans = self.env["project.project"].sudo().search([
            ("partner_id", "child_of", self.commercial_partner_id.ids), ("is_training_template", "=", False)])
        sessions = self.env["calendar.event"].sudo().search([
            ("partner_ids", "child_of", self.commercial_partner_id.ids)])
        for partner in self:
            commercial = partner.commercial_partner_id
            leaders = plans.filtered(lambda p: p.partner_id.commercial_partner_id == commercial).user_id
            organisers = sessions.filtered(lambda s: commercial in s.partner_ids.filtered(
                lambda a: not any(u._is_internal() for u in a.user_ids)).commercial_partner_id).user_id
            partner.customk9_trainer_ids = leaders | organisers | Users

    def _search_customk9_trainer_ids(self, operator, value):
        if operator not in ("in", "="):
            raise NotImplementedError(f"customk9_trainer_ids supports 'in' and '=', not {operator!r}")
        user_ids = value if isinstance(value, (list, tuple)) else [value]
        clients = self._customk9_clients_of([int(uid) for uid in user_ids if uid])
        return [("commercial_partner_id", "in", clients.ids)]
