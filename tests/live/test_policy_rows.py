"""``policy.sees`` (rules on rows, for live updates) must agree with the policy's domains (for queries).

Walks every demo viewer and every record of every watched model: a row rule that drifts from its domain
fails here, so a subscriber can never receive what the same viewer's query would not return.
"""

from __future__ import annotations

import pytest

from bff.app import auth_service
from bff.catalog import Catalog
from bff.odoo_client import OdooClient
from bff.policy import AUDIENCE_FIELDS, Scope, partner_facts_domain, sees
from tests.conftest import DB, DemoOdoo, settings_for

DOMAIN_OF = {
    "customk9.dog": Scope.dogs, "project.project": Scope.plans, "project.task": Scope.tasks,
    "calendar.event": Scope.sessions, "event.registration": Scope.registrations, "sale.order": Scope.orders,
}


def test_every_watched_model_has_a_domain() -> None:
    assert set(DOMAIN_OF) == set(AUDIENCE_FIELDS)


@pytest.mark.parametrize("login", ["dana@customk9.demo", "omar@customk9.demo", "lea@customk9.demo",
                                   "trainer@customk9.demo", "marco@customk9.demo", "manager@customk9.demo", "admin"])
async def test_row_rules_agree_with_domains(demo_odoo: DemoOdoo, login: str) -> None:
    seeded = demo_odoo.seeded
    uid = {**seeded.clients, **seeded.trainers, **seeded.managers}.get(login, 2)
    settings = settings_for(demo_odoo.server)
    async with OdooClient(url=demo_odoo.server.url, db=DB, login="admin", password="admin") as odoo:
        viewer = await auth_service(settings, odoo, Catalog(odoo, settings)).viewer_for_user(uid)
        scope = Scope(viewer)
        facts = partner_facts_domain(scope)
        partners = frozenset(await odoo.search("res.partner", facts)) if facts else frozenset()
        checked = 0
        for model, domain_of in DOMAIN_OF.items():
            everything = await odoo.search(model, [("active", "in", [True, False])] if model != "event.registration"
                                           and model != "sale.order" else [])
            rows = {r["id"]: r for r in await odoo.read(model, everything, fields=list(AUDIENCE_FIELDS[model]))}
            plan_rows = {r["id"]: r for r in await odoo.read("project.project", sorted(
                {r["project_id"][0] for r in rows.values() if r.get("project_id")}),
                fields=list(AUDIENCE_FIELDS["project.project"]))} if model == "project.task" else {}
            by_domain = set(await odoo.search(model, [("id", "in", everything), *domain_of(scope)]))
            by_rows = {rid for rid, row in rows.items() if sees(scope, model, row, partners=partners, plans=plan_rows)}
            # archived records: the domains apply Odoo's active test, the row rules see them (a change to an
            # archived record still concerns its owner); compare on what the domain can see at all
            active = set(await odoo.search(model, [("id", "in", everything)]))
            assert by_rows & active == by_domain, (login, model)
            checked += len(everything)
        assert checked > 20
