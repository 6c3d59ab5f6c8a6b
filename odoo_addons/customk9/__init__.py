# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import secrets

from . import models

BUS_CHANNEL_PARAM = "customk9.bus_channel"


def post_init_hook(env):
    """Generate the unguessable bus channel name once (kept on reinstall/upgrade if already set)."""
    params = env["ir.config_parameter"].sudo()
    if not params.get_param(BUS_CHANNEL_PARAM):
        params.set_param(BUS_CHANNEL_PARAM, "customk9-" + secrets.token_hex(16))
