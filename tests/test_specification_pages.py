"""The blog index and a training plan page are one Odoo call each; the plan keeps the viewer's scope."""

from __future__ import annotations

from typing import Any

from bff.schema.node import encode_global_id
from tests.conftest import DemoOdoo
from tests.graphql_client import GraphQLClient

POSTS = """query P($first: Int) { posts(first: $first) { totalCount edges { node {
  title slug authorName publishedAt readingTimeMinutes blog { name slug } tags { name } } } } }"""
PLAN = """query Plan($id: ID!) { trainingPlan(id: $id) { id name startDate trainer { name } dog { name }
  stages { name } tasks { id name isDone stage { name } deadline } progress { done total percent } } }"""
PLAN_NODE = PLAN.replace("trainingPlan(id: $id) {", "node(id: $id) { ... on TrainingPlan {").replace(
    "percent } } }", "percent } } } }")


def odoo_calls(demo: DemoOdoo) -> list[tuple[str | None, str | None]]:
    return [(c.model, c.method) for c in demo.server.calls if c.model]


async def test_blog_index_is_one_call_for_any_page_size(gql: GraphQLClient, demo_odoo: DemoOdoo) -> None:
    await gql.query(POSTS, {"first": 1})  # the languages, once per process
    for first in (1, 4, 10):
        demo_odoo.server.clear_calls()
        data = await gql.query(POSTS, {"first": first})
        assert odoo_calls(demo_odoo) == [("blog.post", "web_search_read")]
        edges = data["posts"]["edges"]
        assert len(edges) == min(first, data["posts"]["totalCount"])
        assert all(e["node"]["blog"]["name"] and e["node"]["authorName"] for e in edges)
    assert any(e["node"]["tags"] for e in edges)


async def _plan_with_tasks(demo: DemoOdoo, dana: GraphQLClient, count: int) -> tuple[int, str]:
    plans = (await dana.query("{ me { trainingPlans { id name } } }"))["me"]["trainingPlans"]
    plan = next(p for p in plans if p["name"] == "Rex: basic obedience")
    odoo_id = demo.db.execute(1, "project.project", "search", [[("name", "=", plan["name"])]], {})[0]
    for i in range(count):
        demo.db.execute(1, "project.task", "create", [{"name": f"Drill {i:02d}", "project_id": odoo_id,
                                                       "sequence": 100 - i}], {})
    return odoo_id, plan["id"]


async def test_plan_page_with_30_tasks_is_one_call_and_matches_the_loader_path(
        fresh_bff: GraphQLClient, fresh_odoo: DemoOdoo) -> None:
    dana = await fresh_bff.log_in("dana@customk9.demo")
    _, plan_id = await _plan_with_tasks(fresh_odoo, dana, 30)
    await dana.query(PLAN, {"id": plan_id})
    fresh_odoo.server.clear_calls()
    plan = (await dana.query(PLAN, {"id": plan_id}))["trainingPlan"]
    # one call for the plan, its stages, tasks, progress and dog (its domain proves the dog in Dana's dog scope)
    assert odoo_calls(fresh_odoo) == [("project.project", "web_search_read")]
    assert len(plan["tasks"]) == 34 and plan["progress"] == {"done": 1, "total": 34, "percent": 3}
    drills = [t["name"] for t in plan["tasks"] if t["name"].startswith("Drill")]
    assert drills == [f"Drill {i:02d}" for i in range(29, -1, -1)]  # by sequence, then id
    fresh_odoo.server.clear_calls()
    without_dog = PLAN.replace("dog { name }", "")
    await dana.query(without_dog, {"id": plan_id})
    assert odoo_calls(fresh_odoo) == [("project.project", "web_search_read")]
    via_loaders = (await dana.query(PLAN_NODE, {"id": plan_id}))["node"]
    assert via_loaders == plan


async def test_another_clients_plan_answers_like_a_missing_one(fresh_bff: GraphQLClient,
                                                               fresh_odoo: DemoOdoo) -> None:
    dana = await fresh_bff.log_in("dana@customk9.demo")
    odoo_id, plan_id = await _plan_with_tasks(fresh_odoo, dana, 2)
    omar = await fresh_bff.log_in("omar@customk9.demo")
    missing = encode_global_id("TrainingPlan", 999_999)
    for global_id in (plan_id, missing):
        fresh_odoo.server.clear_calls()
        assert (await omar.query(PLAN, {"id": global_id}))["trainingPlan"] is None
        # the read with the dog finds nothing, and so does the read without it: both through Omar's plan scope
        assert odoo_calls(fresh_odoo) == [("project.project", "web_search_read")] * 2
    omar_tasks: Any = (await omar.query("{ me { trainingPlans { tasks { name } } } }"))["me"]["trainingPlans"]
    assert not any(t["name"].startswith("Drill") for p in omar_tasks for t in p["tasks"])
    assert odoo_id


def omar_partner(demo: DemoOdoo) -> int:
    [user] = demo.db.execute(1, "res.users", "search_read", [[("login", "=", "omar@customk9.demo")]],
                             {"fields": ["partner_id"]})
    return int(user["partner_id"][0])


async def test_a_plan_whose_dog_the_viewer_may_not_see_keeps_the_dog_out(fresh_bff: GraphQLClient,
                                                                          fresh_odoo: DemoOdoo) -> None:
    """A plan of Dana's pointed (by a staff error) at Omar's dog: Dana sees her plan and no dog. The read
    that nests the dog finds nothing, so the plan is read again without it and the dog loader (Dana's dog
    scope) answers null; nothing of Omar's dog reaches her."""
    dana = await fresh_bff.log_in("dana@customk9.demo")
    odoo_id, plan_id = await _plan_with_tasks(fresh_odoo, dana, 1)
    [omar_dog] = fresh_odoo.db.execute(1, "customk9.dog", "search_read",
                                       [[("owner_id", "=", omar_partner(fresh_odoo))]], {"fields": ["name"],
                                                                                          "limit": 1})
    fresh_odoo.db.execute(1, "project.project", "write", [[odoo_id], {"dog_id": omar_dog["id"]}], {})
    fresh_odoo.server.clear_calls()
    plan = (await dana.query(PLAN, {"id": plan_id}))["trainingPlan"]
    assert plan["name"] == "Rex: basic obedience" and plan["dog"] is None
    assert sorted(odoo_calls(fresh_odoo)) == [("customk9.dog", "search_read"),
                                              ("project.project", "web_search_read"),
                                              ("project.project", "web_search_read")]
    tess = await fresh_bff.log_in("trainer@customk9.demo")  # Tess leads the plan and trains Omar: she sees the dog
    assert (await tess.query(PLAN, {"id": plan_id}))["trainingPlan"]["dog"] == {"name": omar_dog["name"]}


async def test_a_trainer_sees_only_the_plans_they_lead(fresh_bff: GraphQLClient, fresh_odoo: DemoOdoo) -> None:
    dana = await fresh_bff.log_in("dana@customk9.demo")
    _, plan_id = await _plan_with_tasks(fresh_odoo, dana, 1)  # Rex's plan is led by Tess
    tess = await fresh_bff.log_in("trainer@customk9.demo")
    marco = await fresh_bff.log_in("marco@customk9.demo")
    assert len((await tess.query(PLAN, {"id": plan_id}))["trainingPlan"]["tasks"]) == 5
    assert (await marco.query(PLAN, {"id": plan_id}))["trainingPlan"] is None


async def test_odoo_16_reads_the_plan_and_the_blog_index_with_loaders(fresh_odoo: DemoOdoo) -> None:
    from bff.odoo_orm import ServerInfo
    from tests.conftest import open_bff

    gql, odoo = await open_bff(fresh_odoo.server, api_key=fresh_odoo.seeded.integration_api_key)
    try:
        dana = await gql.log_in("dana@customk9.demo")
        _, plan_id = await _plan_with_tasks(fresh_odoo, dana, 3)
        plan, posts = await dana.query(PLAN, {"id": plan_id}), await dana.query(POSTS, {"first": 10})
        detected = await odoo.detect()
        odoo.server_info = ServerInfo(version="16.0", serie="16.0", major=16, modules=detected.modules)
        fresh_odoo.server.clear_calls()
        assert await dana.query(PLAN, {"id": plan_id}) == plan
        assert sorted(odoo_calls(fresh_odoo)) == [
            ("customk9.dog", "search_read"), ("project.project", "search_read"), ("project.task", "read_group"),
            ("project.task", "search_read"), ("project.task.type", "search_read")]
        fresh_odoo.server.clear_calls()
        assert await dana.query(POSTS, {"first": 10}) == posts
        assert sorted(odoo_calls(fresh_odoo)) == [("blog.blog", "read"), ("blog.post", "search_count"),
                                                  ("blog.post", "search_read"), ("blog.tag", "read")]
    finally:
        await gql.http.aclose()
        await odoo.close()
