"""Who an Odoo user is to the BFF: their role and partners, read as the integration account.

With the CustomK9 addon Odoo answers in one call (the integration account may not read other users' groups
itself); without it, as an administrator, from ``groups_id`` and the group xmlids:

    base.group_system or base.group_erp_manager   -> ADMIN
    customk9.group_customk9_manager               -> MANAGER (implies trainer; every client)
    customk9.group_customk9_trainer               -> TRAINER
    base.group_portal                             -> CLIENT
    anything else                                 -> refused (ACCOUNT_NOT_ALLOWED)
"""

from __future__ import annotations

from bff.auth.failures import AuthFailure
from bff.auth.viewer import Role, Viewer
from bff.catalog import Catalog
from bff.odoo_client import OdooClient


class ViewerLookup:
    def __init__(self, odoo: OdooClient, catalog: Catalog) -> None:
        self.odoo, self.catalog = odoo, catalog

    async def viewer_for_user(self, uid: int) -> Viewer:
        """The viewer of an Odoo user, or ``AuthFailure`` (inactive, unknown, or no allowed role)."""
        info = await self.odoo.detect()
        if info.has("customk9"):
            found = await self.odoo.call("res.users", "customk9_viewer_info", [uid])
            if not found:
                raise AuthFailure("INVALID_CREDENTIALS", "Wrong email or password")
            if not found.get("role"):
                raise AuthFailure("ACCOUNT_NOT_ALLOWED", "This account cannot sign in here")
            return Viewer(role=Role(found["role"]), user_id=uid, partner_id=found["partner_id"],
                          commercial_partner_id=found["commercial_partner_id"], name=found.get("name"),
                          login=found.get("login"))
        return await self._viewer_from_groups(uid)

    async def _viewer_from_groups(self, uid: int) -> Viewer:
        users = await self.odoo.read("res.users", [uid], fields=["name", "login", "partner_id", "groups_id",
                                                                 "active"])
        if not users or not users[0].get("active", True):
            raise AuthFailure("INVALID_CREDENTIALS", "Wrong email or password")
        user = users[0]
        partner_id = user["partner_id"][0]
        partners = await self.odoo.read("res.partner", [partner_id], fields=["commercial_partner_id"])
        commercial = partners[0]["commercial_partner_id"][0] if partners and partners[0].get(
            "commercial_partner_id") else partner_id
        role = await self._role(set(user.get("groups_id") or []))
        if role is None:
            raise AuthFailure("ACCOUNT_NOT_ALLOWED", "This account cannot sign in here")
        return Viewer(role=role, user_id=uid, partner_id=partner_id, commercial_partner_id=commercial,
                      name=user.get("name"), login=user.get("login"))

    async def _role(self, group_ids: set[int]) -> Role | None:
        groups = await self.catalog.group_ids()
        if group_ids & {groups.get("base.group_system"), groups.get("base.group_erp_manager")} - {None}:
            return Role.ADMIN
        if groups.get("customk9.group_customk9_manager") in group_ids:
            return Role.MANAGER
        if groups.get("customk9.group_customk9_trainer") in group_ids:
            return Role.TRAINER
        if groups.get("base.group_portal") in group_ids:
            return Role.CLIENT
        return None
