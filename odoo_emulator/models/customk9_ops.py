"""``customk9.ops.report`` of the addon (``models/customk9_ops.py``): the server facts ``bff odoo check`` shows.

Read with the integration account, as on Odoo: its groups (external ids), its API keys and their expiry, the
addon's version, the number of active outgoing mail servers, the crons the flows rely on and the odoo.conf
options that matter to a deployment. The emulator's "configuration" is ``db.server_config``.
"""

from __future__ import annotations

from typing import Any

from ..exceptions import AccessError
from .customk9 import INTEGRATION, VERSION, has_group
from .registry import Registry

WATCHED_CRONS = (("mail.ir_cron_mail_scheduler_action", "Mail: Email Queue Manager"),
                 ("base.autovacuum_job", "Base: Auto-vacuum internal data"))


def report(db: Any, uid: int) -> dict[str, Any]:
    if not (has_group(db, uid, INTEGRATION) or has_group(db, uid, "base.group_system")):
        raise AccessError("Only the CustomK9 integration account may read the operations report.")
    keys = [row for row in db.tables.get("res.users.apikeys", {}).values() if row.get("user_id") == uid]
    running = int(db.server_config.get("max_cron_threads") or 0) > 0
    return {
        "addon_version": VERSION,
        "groups": sorted(db.user_groups(uid)),
        "api_keys": [{"name": key.get("name") or "", "scope": key.get("scope") or False,
                      "expiration_date": key.get("expiration_date") or False} for key in keys],
        "mail_servers": db.mail_servers,
        "crons": [{"xmlid": xmlid, "name": name, "active": True, "lastcall": db.now_str() if running else False}
                  for xmlid, name in WATCHED_CRONS],
        "server": dict(db.server_config),
    }


def setup(reg: Registry) -> None:
    reg.define("customk9.ops", "CustomK9 operations report", rec_name=None)
    reg["customk9.ops"].method("report", on_records=False)(report)
