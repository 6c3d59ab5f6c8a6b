"""What call_kw returns: value formats, coercions, counts, grouping, domains, paging (protocol.md 8-20, 39-43)."""

from __future__ import annotations

import pytest

from .conftest import Cleanup
from .rpc import OdooRpc

pytestmark = pytest.mark.contract


async def test_create_write_read_formats(admin: OdooRpc, cleanup: Cleanup, unique: str) -> None:
    parent = await cleanup.create("res.partner", {"name": f"{unique} Parent", "is_company": True})
    assert isinstance(parent, int)
    children = await cleanup.create(
        "res.partner", [{"name": f"{unique} A", "parent_id": parent}, {"name": f"{unique} B"}]
    )
    assert isinstance(children, list) and len(children) == 2
    assert await admin.call_kw("res.partner", "write", [[children[1]], {"phone": "+1 555 0101"}]) is True
    rows = await admin.call_kw(
        "res.partner",
        "read",
        [[parent, children[0]]],
        {"fields": ["name", "email", "parent_id", "child_ids", "category_id"]},
    )
    by_id = {row["id"]: row for row in rows}
    assert by_id[parent]["email"] is False  # empty char -> false
    assert by_id[parent]["parent_id"] is False  # empty many2one -> false
    assert by_id[parent]["category_id"] == []  # empty x2many -> []
    assert by_id[parent]["child_ids"] == [children[0]]  # x2many -> ids
    assert by_id[children[0]]["parent_id"][0] == parent  # many2one -> [id, display name]
    assert f"{unique} Parent" in by_id[children[0]]["parent_id"][1]
    assert len(by_id[children[0]]["parent_id"]) == 2


async def test_silent_coercions(admin: OdooRpc, cleanup: Cleanup, unique: str) -> None:
    parent = await cleanup.create("res.partner", {"name": f"{unique} P"})
    child = await cleanup.create("res.partner", {"name": f"{unique} C", "parent_id": parent})
    assert await admin.call_kw("res.partner", "write", [[child], {"parent_id": "not-an-id"}]) is True
    assert await admin.call_kw("res.partner", "write", [[child], {"is_company": "yes"}]) is True
    [row] = await admin.call_kw("res.partner", "read", [[child]], {"fields": ["parent_id", "is_company"]})
    assert row["parent_id"] is False  # the string cleared the many2one
    assert row["is_company"] is True  # "yes" stored true


async def test_search_count_search_and_paging(admin: OdooRpc, cleanup: Cleanup, unique: str) -> None:
    names = [f"{unique} {letter}" for letter in "ABCDE"]
    ids = await cleanup.create("res.partner", [{"name": n} for n in names])
    scope = [["name", "=like", f"{unique} %"]]
    assert await admin.call_kw("res.partner", "search_count", [scope]) == 5
    assert sorted(await admin.call_kw("res.partner", "search", [scope])) == sorted(ids)
    page = await admin.call_kw(
        "res.partner",
        "search_read",
        [],
        {"domain": scope, "fields": ["name"], "order": "name desc", "limit": 2, "offset": 1},
    )
    assert [r["name"] for r in page] == [names[3], names[2]]
    assert set(page[0]) == {"id", "name"}
    positional = await admin.call_kw(
        "res.partner", "search_read", [scope, ["name"]], {"limit": 2, "order": "name asc"}
    )
    assert [r["name"] for r in positional] == names[:2]
    assert await admin.call_kw("res.partner", "search", [scope], {"order": "name asc", "offset": 4}) == [ids[4]]


async def test_read_group_shape(admin: OdooRpc, cleanup: Cleanup, unique: str) -> None:
    await cleanup.create(
        "res.partner",
        [
            {"name": f"{unique} 1", "is_company": True},
            {"name": f"{unique} 2", "is_company": False},
            {"name": f"{unique} 3", "is_company": False},
        ],
    )
    groups = await admin.call_kw(
        "res.partner",
        "read_group",
        [],
        {
            "domain": [["name", "=like", f"{unique} %"]],
            "fields": ["is_company"],
            "groupby": ["is_company"],
        },
    )
    counts = {g["is_company"]: g["is_company_count"] for g in groups}
    assert counts == {True: 1, False: 2}
    assert all(isinstance(g["__domain"], list) for g in groups)


async def test_web_search_read_shape(admin: OdooRpc, cleanup: Cleanup, unique: str) -> None:
    pid = await cleanup.create("res.partner", {"name": unique})
    result = await admin.call_kw(
        "res.partner",
        "web_search_read",
        [],
        {
            "domain": [["id", "=", pid]],
            "specification": {"name": {}, "parent_id": {"fields": {"display_name": {}}}},
            "limit": 1,
        },
    )
    assert result == {"length": 1, "records": [{"id": pid, "name": unique, "parent_id": False}]}
    past_the_end = await admin.call_kw("res.partner", "web_search_read", [], {
        "domain": [["id", "=", pid]], "specification": {"name": {}}, "offset": 5, "limit": 1})
    assert past_the_end == {"length": 0, "records": []}  # the BFF counts again for its totalCount


@pytest.mark.parametrize(
    "domain,expected",
    [
        ([["name", "=", "{u} Alpha"]], ["Alpha"]),
        ([["name", "!=", "{u} Alpha"]], ["Beta", "Gamma"]),
        ([["name", "like", "lph"]], ["Alpha"]),
        ([["name", "ilike", "ALPH"]], ["Alpha"]),
        ([["name", "not ilike", "alpha"]], ["Beta", "Gamma"]),
        ([["name", "=ilike", "{u} b%"]], ["Beta"]),
        ([["name", "in", ["{u} Alpha", "{u} Gamma"]]], ["Alpha", "Gamma"]),
        ([["name", "not in", ["{u} Alpha"]]], ["Beta", "Gamma"]),
        ([["email", "=", False]], ["Gamma"]),
        ([["email", "!=", False]], ["Alpha", "Beta"]),
        ([["is_company", "=", True]], ["Alpha"]),
        (["|", ["name", "=", "{u} Alpha"], ["name", "=", "{u} Beta"]], ["Alpha", "Beta"]),
        (["!", ["name", "=", "{u} Alpha"]], ["Beta", "Gamma"]),
        (["&", ["is_company", "=", False], ["email", "ilike", "beta@"]], ["Beta"]),
        ([["parent_id", "=", False]], ["Alpha", "Gamma"]),
        ([["parent_id.name", "=", "{u} Alpha"]], ["Beta"]),
        ([["child_ids", "!=", False]], ["Alpha"]),
        ([["id", "child_of", "{Alpha}"]], ["Alpha", "Beta"]),
        ([["id", "parent_of", "{Beta}"]], ["Alpha", "Beta"]),
        ([["child_ids", "any", [["name", "=", "{u} Beta"]]]], ["Alpha"]),
        # a many2one "any" (trainingPlan(id:) nests the dog only under this test of the dog scope)
        ([["parent_id", "any", [["name", "=", "{u} Alpha"]]]], ["Beta"]),
        ([["parent_id", "any", [["id", "child_of", "{Beta}"]]]], []),
        (["|", ["parent_id", "=", False], ["parent_id", "any", [["id", "child_of", "{Alpha}"]]]],
         ["Alpha", "Beta", "Gamma"]),
        ([["name", "=?", False]], ["Alpha", "Beta", "Gamma"]),
    ],
)
async def test_domain_operators(
    admin: OdooRpc, cleanup: Cleanup, unique: str, domain: list, expected: list[str]
) -> None:
    alpha = await cleanup.create(
        "res.partner", {"name": f"{unique} Alpha", "is_company": True, "email": "alpha@example.com"}
    )
    beta = await cleanup.create(
        "res.partner", {"name": f"{unique} Beta", "email": "beta@example.com", "parent_id": alpha}
    )
    await cleanup.create("res.partner", {"name": f"{unique} Gamma"})

    def fill(value: object) -> object:
        if isinstance(value, list):
            return [fill(v) for v in value]
        if value == "{Alpha}":
            return alpha
        if value == "{Beta}":
            return beta
        return value.replace("{u}", unique) if isinstance(value, str) else value

    full = [["name", "=like", f"{unique} %"], *fill(domain)]  # implicit "&" with the scope leaf
    rows = await admin.call_kw(
        "res.partner", "search_read", [], {"domain": full, "fields": ["name"], "order": "name asc"}
    )
    assert [r["name"].removeprefix(f"{unique} ") for r in rows] == expected


async def test_a_projects_task_ids_hide_closed_tasks_and_tasks_lists_them_all(
        admin: OdooRpc, cleanup: Cleanup, unique: str) -> None:
    """Odoo 18's ``project.project.task_ids`` has the domain ``[('is_closed', '=', False)]``; ``tasks`` (which the
    BFF nests for a plan's tasks and progress) has none, so done and cancelled tasks still count."""
    project = await cleanup.create("project.project", {"name": unique})
    open_task, done, cancelled = await cleanup.create("project.task", [
        {"name": f"{unique} open", "project_id": project},
        {"name": f"{unique} done", "project_id": project, "state": "1_done"},
        {"name": f"{unique} cancelled", "project_id": project, "state": "1_canceled"}])
    [row] = await admin.call_kw("project.project", "read", [[project], ["task_ids", "tasks"]])
    assert row["task_ids"] == [open_task]
    assert sorted(row["tasks"]) == sorted([open_task, done, cancelled])
    nested = await admin.call_kw("project.project", "web_read", [[project]], {
        "specification": {"task_ids": {"fields": {"name": {}}}, "tasks": {"fields": {"state": {}}}}})
    assert [t["id"] for t in nested[0]["task_ids"]] == [open_task] and len(nested[0]["tasks"]) == 3
