"""Settings parsing, and roles read from Odoo groups when the CustomK9 addon is not installed."""

from __future__ import annotations

import pytest

from bff.auth.roles import ViewerLookup
from bff.auth.viewer import Role
from bff.settings import Settings, SettingsError
from odoo_emulator.database import Database
from odoo_emulator.server import EmulatorServer
from tests.conftest import open_bff


def test_settings_from_env() -> None:
    settings = Settings.from_env({"ODOO_URL": "http://127.0.0.1:8069", "ODOO_TIMEOUT_S": "2.5",
                                  "BFF_PAGE_SIZE_MAX": "50", "BFF_GRAPHIQL": "off",
                                  "BFF_CORS_ORIGINS": "https://a.example, https://b.example"})
    assert (settings.odoo_timeout_s, settings.page_size_max, settings.graphiql) == (2.5, 50, False)
    assert settings.cors_origins == ("https://a.example", "https://b.example")
    assert Settings.from_env({}).odoo_url is None
    with pytest.raises(SettingsError, match="BFF_PAGE_SIZE_MAX must be a whole number"):
        Settings.from_env({"BFF_PAGE_SIZE_MAX": "many"})
    with pytest.raises(SettingsError, match="ODOO_TIMEOUT_S must be a number"):
        Settings.from_env({"ODOO_TIMEOUT_S": "soon"})


async def test_roles_from_groups_on_an_odoo_without_the_addon() -> None:
    """Without customk9, the BFF (as an administrator) reads groups_id and the group xmlids itself."""
    server = EmulatorServer(Database(name="customk9", addons=()))
    await server.start()
    db = server.db
    portal = db.xmlid_to_res_id("base.group_portal")
    internal = db.xmlid_to_res_id("base.group_user")
    db.execute(1, "res.users", "create", [{"name": "Pia Portal", "login": "pia@example.com",
                                           "password": "pia-pass-1", "groups_id": [(6, 0, [portal])]}], {})
    db.execute(1, "res.users", "create", [{"name": "Ivo Internal", "login": "ivo@example.com",
                                           "password": "ivo-pass-1", "groups_id": [(6, 0, [internal])]}], {})
    gql, odoo = await open_bff(server)
    try:
        pia = (await gql.query("""mutation { logIn(email: "pia@example.com", password: "pia-pass-1") {
          viewer { role name } errors { code } } }"""))["logIn"]
        assert pia == {"viewer": {"role": "CLIENT", "name": "Pia Portal"}, "errors": []}
        admin = (await gql.query("""mutation { logIn(email: "admin", password: "admin") {
          viewer { role } errors { code } } }"""))["logIn"]
        assert admin == {"viewer": {"role": "ADMIN"}, "errors": []}
        ivo = (await gql.query("""mutation { logIn(email: "ivo@example.com", password: "ivo-pass-1") {
          accessToken errors { code } } }"""))["logIn"]
        assert ivo == {"accessToken": None, "errors": [{"code": "ACCOUNT_NOT_ALLOWED"}]}
    finally:
        await gql.http.aclose()
        await odoo.close()
        await server.stop()


class _Groups:
    """A catalog whose role groups have fixed ids (a manager holds the trainer group too: it is implied)."""

    async def group_ids(self) -> dict[str, int]:
        return {"base.group_system": 1, "base.group_erp_manager": 2, "base.group_portal": 3,
                "customk9.group_customk9_trainer": 4, "customk9.group_customk9_manager": 5}


@pytest.mark.parametrize(("groups", "role"), [
    ({5, 4}, Role.MANAGER), ({4}, Role.TRAINER), ({3}, Role.CLIENT), ({2, 5, 4}, Role.ADMIN), ({99}, None)])
async def test_role_from_groups_manager_before_trainer(groups: set[int], role: Role | None) -> None:
    lookup = ViewerLookup(odoo=None, catalog=_Groups())  # type: ignore[arg-type]
    assert await lookup._role(groups) is role
