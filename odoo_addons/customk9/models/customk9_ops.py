# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What an operator needs to know about this Odoo, for the BFF's ``bff odoo check`` and ``/readyz``.

The integration account cannot read the server configuration, the outgoing mail servers, the crons or
its own API keys' expiry through the ORM (they are administrator data).  ``customk9.ops.report`` hands
it exactly those facts, and nothing else, as plain JSON.
"""
from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import config

# Crons the BFF's flows rely on: Odoo's mail queue (registrations, password reset), the autovacuum (the
# addon's idempotency keys are forgotten there) and the addon's own.
WATCHED_CRONS = ("mail.ir_cron_mail_scheduler_action", "base.autovacuum_job")
SERVER_OPTIONS = ("list_db", "dbfilter", "proxy_mode", "workers", "max_cron_threads", "smtp_server")


class CustomK9Ops(models.AbstractModel):
    _name = "customk9.ops"
    _description = "CustomK9 operations report"

    @api.model
    def report(self):
        """Return the server facts ``bff odoo check`` reports, for the integration account only."""
        user = self.env.user
        if not (self.env.su or user.has_group("customk9.group_customk9_integration")
                or user.has_group("base.group_system")):
            raise AccessError(_("Only the CustomK9 integration account may read the operations report."))
        env = self.env(su=True)
        module = env["ir.module.module"].search([("name", "=", "customk9")], limit=1)
        keys = env["res.users.apikeys"].search([("user_id", "=", user.id)])
        groups = user.groups_id.get_external_id()
        return {
            "addon_version": module.latest_version or False,
            "groups": sorted(x for x in groups.values() if x),
            "api_keys": [{"name": key.name, "scope": key.scope or False,
                          "expiration_date": fields.Datetime.to_string(key.expiration_date)
                          if key.expiration_date else False} for key in keys],
            "mail_servers": env["ir.mail_server"].search_count([("active", "=", True)]),
            "crons": self._crons(env),
            "server": {name: config.get(name) for name in SERVER_OPTIONS},
        }

    @api.model
    def _crons(self, env):
        data = env["ir.model.data"].search([("model", "=", "ir.cron"), ("module", "=", "customk9")])
        xmlids = list(WATCHED_CRONS) + [f"{d.module}.{d.name}" for d in data]
        crons = []
        for xmlid in xmlids:
            cron = env.ref(xmlid, raise_if_not_found=False)
            if cron:
                crons.append({"xmlid": xmlid, "name": cron.name, "active": cron.active,
                              "lastcall": fields.Datetime.to_string(cron.lastcall) if cron.lastcall else False})
        return crons
