"""What a portal user may read and write over call_kw (access.md)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from .conftest import Cleanup, Target
from .rpc import OdooRpc, RpcError

pytestmark = pytest.mark.contract


@dataclass
class Portal:
    client: OdooRpc
    uid: int
    partner_id: int


@pytest.fixture
async def portal(target: Target, admin: OdooRpc, cleanup: Cleanup, unique: str) -> AsyncIterator[Portal]:
    [group] = await admin.call_kw(
        "ir.model.data",
        "search_read",
        [[["module", "=", "base"], ["name", "=", "group_portal"]]],
        {"fields": ["res_id"]},
    )
    login = unique.lower().replace(" ", ".")
    uid = await admin.call_kw(
        "res.users",
        "create",
        [{"name": unique, "login": login, "password": f"{login}-pw", "groups_id": [[6, 0, [group["res_id"]]]]}],
    )
    [user] = await admin.call_kw("res.users", "read", [[uid]], {"fields": ["partner_id"]})
    cleanup.add("res.partner", user["partner_id"][0])
    cleanup.add("res.users", uid)
    client = OdooRpc(target.url, target.db)
    info = await client.authenticate(login, f"{login}-pw")
    assert info["is_internal_user"] is False
    yield Portal(client, uid, info["partner_id"])
    await client.close()


async def _access_error(
    client: OdooRpc, model: str, method: str, args: list, kwargs: dict | None = None
) -> RpcError:
    with pytest.raises(RpcError) as err:
        await client.call_kw(model, method, args, kwargs)
    assert err.value.code == 200 and err.value.name == "odoo.exceptions.AccessError", err.value
    return err.value


async def test_own_partner_readable_other_partner_not(portal: Portal, cleanup: Cleanup, unique: str) -> None:
    rows = await portal.client.call_kw("res.partner", "read", [[portal.partner_id]], {"fields": ["name", "email"]})
    assert [r["id"] for r in rows] == [portal.partner_id]
    other = await cleanup.create("res.partner", {"name": f"{unique} other"})
    await _access_error(portal.client, "res.partner", "read", [[other]], {"fields": ["name"]})
    found = await portal.client.call_kw("res.partner", "search", [[["id", "in", [portal.partner_id, other]]]])
    assert found == [portal.partner_id]


async def test_portal_cannot_write_own_partner(portal: Portal) -> None:
    await _access_error(portal.client, "res.partner", "write", [[portal.partner_id], {"phone": "+1 555 0199"}])


async def test_missing_id_reads_empty_for_portal(portal: Portal) -> None:
    assert await portal.client.call_kw("res.partner", "read", [[999999999]], {"fields": ["name"]}) == []


async def test_users_self_only(portal: Portal, admin: OdooRpc) -> None:
    assert await portal.client.call_kw("res.users", "search", [[]]) == [portal.uid]
    await _access_error(portal.client, "res.users", "read", [[admin.uid]], {"fields": ["name"]})


@pytest.mark.parametrize("model", ["event.registration", "stock.quant", "calendar.attendee", "ir.attachment"])
async def test_models_without_portal_acl_refuse_search(portal: Portal, model: str) -> None:
    await _access_error(portal.client, model, "search_count", [[]])
    await _access_error(portal.client, model, "search_read", [], {"fields": ["display_name"], "limit": 1})


async def test_blog_post_published_only(portal: Portal, cleanup: Cleanup, unique: str) -> None:
    blog = await cleanup.create("blog.blog", {"name": unique})
    published = await cleanup.create("blog.post", {"name": f"{unique} pub", "blog_id": blog, "is_published": True})
    hidden = await cleanup.create("blog.post", {"name": f"{unique} draft", "blog_id": blog, "is_published": False})
    found = await portal.client.call_kw("blog.post", "search", [[["blog_id", "=", blog]]])
    assert found == [published]
    rows = await portal.client.call_kw("blog.post", "read", [[published]], {"fields": ["name"]})
    assert rows[0]["name"] == f"{unique} pub"
    await _access_error(portal.client, "blog.post", "read", [[hidden]], {"fields": ["name"]})


async def test_event_read_fails_on_registrations_field(portal: Portal, cleanup: Cleanup, unique: str) -> None:
    event = await cleanup.create(
        "event.event",
        {
            "name": unique,
            "is_published": True,
            "date_begin": "2031-01-01 09:00:00",
            "date_end": "2031-01-01 17:00:00",
        },
    )
    [row] = await portal.client.call_kw("event.event", "read", [[event]], {"fields": ["name", "date_begin"]})
    assert row["name"] == unique
    error = await _access_error(
        portal.client, "event.event", "read", [[event]], {"fields": ["name", "registration_ids"]}
    )
    assert "event.registration" in error.message
    await _access_error(portal.client, "event.registration", "create", [{"event_id": event, "name": unique}])


async def test_project_and_task_follow_followers(
    portal: Portal, admin: OdooRpc, cleanup: Cleanup, unique: str
) -> None:
    shared = await cleanup.create("project.project", {"name": f"{unique} shared", "privacy_visibility": "portal"})
    await admin.call_kw("project.project", "message_subscribe", [[shared]], {"partner_ids": [portal.partner_id]})
    unfollowed = await cleanup.create(
        "project.project", {"name": f"{unique} unfollowed", "privacy_visibility": "portal"}
    )
    followed_task = await cleanup.create("project.task", {"name": f"{unique} followed", "project_id": unfollowed})
    await admin.call_kw(
        "project.task", "message_subscribe", [[followed_task]], {"partner_ids": [portal.partner_id]}
    )
    lonely_task = await cleanup.create("project.task", {"name": f"{unique} lonely", "project_id": unfollowed})
    projects = await portal.client.call_kw("project.project", "search", [[["name", "=like", f"{unique} %"]]])
    assert projects == [shared]
    tasks = await portal.client.call_kw("project.task", "search", [[["name", "=like", f"{unique} %"]]])
    assert tasks == [followed_task]
    await _access_error(portal.client, "project.task", "read", [[lonely_task]], {"fields": ["name"]})
    error = await _access_error(
        portal.client, "project.task", "read", [[followed_task]], {"fields": ["name", "allocated_hours"]}
    )
    assert "allocated_hours" in error.message
    await _access_error(portal.client, "project.task", "write", [[followed_task], {"name": "changed"}])


async def test_sale_orders_follow_followers(portal: Portal, admin: OdooRpc, cleanup: Cleanup) -> None:
    draft = await cleanup.create("sale.order", {"partner_id": portal.partner_id})
    confirmed = await cleanup.create("sale.order", {"partner_id": portal.partner_id})
    await admin.call_kw("sale.order", "action_confirm", [[confirmed]])
    visible = await portal.client.call_kw("sale.order", "search", [[["id", "in", [draft, confirmed]]]])
    assert visible == [confirmed]
    await _access_error(portal.client, "sale.order", "read", [[draft]], {"fields": ["name"]})
    try:  # so that the cleanup can delete it on a real Odoo
        await admin.call_kw("sale.order", "action_cancel", [[confirmed]])
    except RpcError:
        pass


async def test_calendar_event_found_but_not_readable(
    portal: Portal, admin: OdooRpc, cleanup: Cleanup, unique: str
) -> None:
    [me] = await admin.call_kw("res.users", "read", [[admin.uid]], {"fields": ["partner_id"]})
    event = await cleanup.create(
        "calendar.event",
        {
            "name": unique,
            "start": "2031-01-01 09:00:00",
            "stop": "2031-01-01 10:00:00",
            "partner_ids": [[6, 0, [me["partner_id"][0], portal.partner_id]]],
        },
    )
    assert await portal.client.call_kw("calendar.event", "search", [[["name", "=", unique]]]) == [event]
    error = await _access_error(portal.client, "calendar.event", "read", [[event]], {"fields": ["name"]})
    assert "res.users" in error.message
