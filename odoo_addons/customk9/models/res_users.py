# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, models
from odoo.exceptions import AccessError, ValidationError

PORTAL_SIGNUP_FIELDS = frozenset({"login", "password", "name", "email", "partner_id", "lang", "tz"})


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def customk9_create_portal_user(self, values):
        """Create a portal (client) user for the BFF's sign-up, as the integration account.

        ``res.users.create`` needs ``base.group_erp_manager`` (which may grant any
        group, administrators included).  This method lets the CustomK9 integration
        group create *portal users only*, from Odoo's portal template user, with a
        whitelist of fields.  Returns ``{"id": user_id, "partner_id": partner_id}``.
        """
        user = self.env.user
        if not (self.env.su
                or user.has_group("customk9.group_customk9_integration")
                or user.has_group("base.group_erp_manager")):
            raise AccessError(_("Only the CustomK9 integration account may create portal users."))
        values = dict(values or {})
        unknown = set(values) - PORTAL_SIGNUP_FIELDS
        if unknown:
            raise ValidationError(_("Fields not allowed for a portal sign-up: %s", ", ".join(sorted(unknown))))
        login = (values.get("login") or "").strip()
        if not login:
            raise ValidationError(_("A login is required."))
        values["login"] = login
        Users = self.env["res.users"].sudo().with_context(active_test=False, no_reset_password=True)
        if Users.search_count([("login", "=", login)]):
            raise ValidationError(_("This login is already in use."))
        if values.get("partner_id"):
            partner = self.env["res.partner"].sudo().browse(int(values["partner_id"])).exists()
            if not partner:
                raise ValidationError(_("Unknown partner."))
            if partner.with_context(active_test=False).user_ids:
                raise ValidationError(_("This partner already has a user."))
            values["partner_id"] = partner.id
            values.setdefault("email", partner.email or login)
        elif not values.get("name"):
            raise ValidationError(_("A name is required."))
        values.setdefault("email", login)
        new_user = Users._create_user_from_template(values)
        if not new_user._is_portal() or new_user._is_internal():
            # the template user was changed into something else than a portal user
            raise ValidationError(_("The portal template user is not a portal user."))
        return {"id": new_user.id, "partner_id": new_user.partner_id.id}

    @api.model
    def customk9_send_reset_password(self, login):
        """Send Odoo's password-reset mail to a portal user, for the BFF's "forgot password".

        ``res.users.reset_password`` needs ``base.group_erp_manager`` (it writes the partner's signup
        fields), which the integration account must not have. This method lets the integration group
        trigger the same mail for portal users only. It answers ``True`` whether or not the login exists,
        so its answer never tells which addresses have an account.
        """
        user = self.env.user
        if not (self.env.su
                or user.has_group("customk9.group_customk9_integration")
                or user.has_group("base.group_erp_manager")):
            raise AccessError(_("Only the CustomK9 integration account may request password resets."))
        login = (login or "").strip()
        if login:
            target = self.sudo().search([("login", "=ilike", login), ("share", "=", True)], limit=1)
            if target and target._is_portal() and target.email:
                target.action_reset_password()
        return True

    @api.model
    def customk9_deactivate_my_account(self):
        """Delete the calling portal user's account the way Odoo's portal does (``/my/deactivate_account``).

        The portal route checks the password, then calls ``_deactivate_portal_user`` (private, so not callable
        over RPC): the login is renamed ``__deleted_user_<id>_<time>``, the password and API keys removed, the
        user and its partner archived, and the user queued in ``res.users.deletion``, whose cron deletes what
        may be deleted (a partner with orders or invoices stays, archived; those records stay untouched).
        Called over ``/jsonrpc`` with the user's own password, which Odoo checks as the portal route does;
        only portal users may (Odoo's own check raises ``AccessDenied`` for others).
        """
        self.env.user.sudo()._deactivate_portal_user()
        return True

    @api.model
    def customk9_viewer_info(self, user_id):
        """Who a user is for the BFF's access tokens: role and partners, decided by Odoo's own groups.

        The integration account may read neither ``ir.model.data`` nor other users' groups through
        ``has_group``, so the BFF asks here (integration group only). ``role`` is ``admin``, ``manager``,
        ``trainer``, ``client`` or ``False`` (an internal user who is neither: not allowed to sign in through the BFF).
        Returns ``False`` for a missing or archived user.
        """
        caller = self.env.user
        if not (self.env.su
                or caller.has_group("customk9.group_customk9_integration")
                or caller.has_group("base.group_erp_manager")):
            raise AccessError(_("Only the CustomK9 integration account may read sign-in roles."))
        user = self.sudo().browse(int(user_id)).exists()
        if not user or not user.active:
            return False
        if user.has_group("base.group_erp_manager"):
            role = "admin"
        elif user.has_group("customk9.group_customk9_manager"):
            role = "manager"
        elif user.has_group("customk9.group_customk9_trainer"):
            role = "trainer"
        elif user._is_portal():
            role = "client"
        else:
            role = False
        return {"id": user.id, "name": user.name, "login": user.login, "role": role,
                "partner_id": user.partner_id.id,
                "commercial_partner_id": user.partner_id.commercial_partner_id.id}
