# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Change notifications for the CustomK9 BFF.

Every create/write/unlink on a watched model records (model, op, ids) in the
transaction's pre-commit data; one pre-commit hook then sends one bus
notification per (model, op) on the string channel named by the
``customk9.bus_channel`` system parameter.  Rolled-back transactions send
nothing.  Payloads carry only the model, the ids and the operation, never field
values: any websocket session may subscribe to any string channel.
"""
import logging

from odoo import _, api, models
from odoo.exceptions import AccessError

_logger = logging.getLogger(__name__)

BUS_CHANNEL_PARAM = "customk9.bus_channel"
NOTIFICATION_TYPE = "customk9/changed"
_PENDING_KEY = "customk9.bus.pending"


class CustomK9Bus(models.AbstractModel):
    _name = "customk9.bus"
    _description = "CustomK9 change notifications"

    @api.model
    def _get_channel(self):
        return self.env["ir.config_parameter"].sudo().get_param(BUS_CHANNEL_PARAM) or False

    @api.model
    def get_channel(self):
        """Return the bus channel name to the BFF integration account (and to administrators).

        ir.config_parameter is readable by administrators only, so the integration
        account learns the channel through this method.
        """
        user = self.env.user
        if not (
            self.env.su
            or user.has_group("customk9.group_customk9_integration")
            or user.has_group("base.group_system")
        ):
            raise AccessError(_("Only the CustomK9 integration account may read the notification channel."))
        return self._get_channel()

    @api.model
    def _notify(self, model_name, ids, op):
        """Queue a change of ``ids`` of ``model_name`` (``op`` is create, write or unlink)."""
        ids = [i for i in ids if isinstance(i, int)]
        if not ids or self.env.context.get("customk9_no_bus"):
            return
        cr = self.env.cr
        pending = cr.precommit.data.get(_PENDING_KEY)
        if pending is None:
            pending = cr.precommit.data[_PENDING_KEY] = {}
            env = self.env

            @cr.precommit.add
            def _customk9_send_changes():
                changes = cr.precommit.data.pop(_PENDING_KEY, {})
                if not changes:
                    return
                channel = env["customk9.bus"]._get_channel()
                if not channel:
                    _logger.warning("CustomK9: system parameter %s is not set, change notifications dropped",
                                    BUS_CHANNEL_PARAM)
                    return
                bus = env["bus.bus"].sudo()
                for (model, operation), change_ids in changes.items():
                    bus._sendone(channel, NOTIFICATION_TYPE, {
                        "model": model,
                        "ids": sorted(change_ids),
                        "op": operation,
                    })

        pending.setdefault((model_name, op), set()).update(ids)


class CustomK9BusNotifyMixin(models.AbstractModel):
    """Mixin: publish create/write/unlink of the inheriting model on the CustomK9 channel."""
    _name = "customk9.bus.notify.mixin"
    _description = "CustomK9 change notification mixin"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env["customk9.bus"]._notify(records._name, records.ids, "create")
        return records

    def write(self, vals):
        res = super().write(vals)
        self.env["customk9.bus"]._notify(self._name, self.ids, "write")
        return res

    def unlink(self):
        model_name, ids = self._name, list(self.ids)
        res = super().unlink()
        self.env["customk9.bus"]._notify(model_name, ids, "unlink")
        return res
