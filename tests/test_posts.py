"""The public blog: unpublished posts never appear."""

from __future__ import annotations

from bff.schema.node import encode_global_id
from demo_data.content import PARAGRAPH
from tests.graphql_client import GraphQLClient

POSTS = """
query Posts($first: Int, $after: String, $filter: PostFilter) {
  posts(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id title subtitle slug teaser content authorName publishedAt readingTimeMinutes
                   coverImageUrl blog { id name slug } tags { id name } } }
  }
}
"""
POST = "query One($id: ID!) { post(id: $id) { title } }"
BY_SLUG = "query Slug($slug: String!) { postBySlug(slug: $slug) { isCanonical canonicalSlug post { id title } } }"


def titles(data: dict) -> list[str]:
    return [edge["node"]["title"] for edge in data["posts"]["edges"]]


async def test_only_published_posts_newest_first(gql: GraphQLClient) -> None:
    data = await gql.query(POSTS, {"first": 20})
    assert data["posts"]["totalCount"] == 8
    assert "Winter schedule (draft)" not in titles(data)
    assert "Advanced scent work (draft)" not in titles(data)
    published = [edge["node"]["publishedAt"] for edge in data["posts"]["edges"]]
    assert published == sorted(published, reverse=True)
    newest = data["posts"]["edges"][0]["node"]
    assert newest["title"] == "Meet our new trainer, Marco"
    assert newest["blog"]["name"] == "Pack News" and [t["name"] for t in newest["tags"]] == ["events"]
    assert newest["authorName"] and newest["content"].startswith("<p>")
    longest = next(e["node"] for e in data["posts"]["edges"] if e["node"]["title"].startswith("Loose-leash"))
    words = len(PARAGRAPH.replace("<p>", " ").replace("</p>", " ").split()) * 8
    assert words == 376 and longest["readingTimeMinutes"] == 2  # ceil(376 / 200)
    assert longest["teaser"] and "<p>" not in longest["teaser"]


async def test_filters_by_blog_tag_and_text(gql: GraphQLClient) -> None:
    blogs = (await gql.query("{ blogs { id name } }"))["blogs"]
    assert [b["name"] for b in blogs] == ["Pack News", "Training Tips"]
    news = blogs[0]["id"]
    assert titles(await gql.query(POSTS, {"filter": {"blogId": news}})) == [
        "Meet our new trainer, Marco", "New agility field opens"]
    tags = {t["name"]: t["id"] for t in (await gql.query("{ blogTags { id name } }"))["blogTags"]}
    assert len(tags) == 6
    puppy_posts = titles(await gql.query(POSTS, {"filter": {"tagIds": [tags["puppies"]]}}))
    assert sorted(puppy_posts) == ["Crate training without tears", "Your puppy's first month"]
    assert titles(await gql.query(POSTS, {"filter": {"search": "crate"}})) == ["Crate training without tears"]


async def test_post_by_id_and_slug_hide_unpublished(demo_odoo, gql: GraphQLClient) -> None:
    draft_id = demo_odoo.seeded.posts["Winter schedule (draft)"]
    assert (await gql.query(POST, {"id": encode_global_id("Post", draft_id)}))["post"] is None
    assert (await gql.query(BY_SLUG, {"slug": f"winter-schedule-draft-{draft_id}"}))["postBySlug"] is None
    node = (await gql.query(POSTS, {"first": 1}))["posts"]["edges"][0]["node"]
    assert (await gql.query(BY_SLUG, {"slug": node["slug"]}))["postBySlug"] == {
        "isCanonical": True, "canonicalSlug": node["slug"], "post": {"id": node["id"], "title": node["title"]}}
    assert (await gql.query(POST, {"id": node["id"]}))["post"]["title"] == node["title"]
    assert (await gql.query(BY_SLUG, {"slug": "no-id-here"}))["postBySlug"] is None


async def test_scheduled_post_stays_hidden_until_its_date(demo_odoo, gql: GraphQLClient) -> None:
    blog = demo_odoo.db.execute(1, "blog.blog", "search", [[("name", "=", "Pack News")]], {})[0]
    future = demo_odoo.db.execute(1, "blog.post", "create", [{
        "name": "Next year's camp", "blog_id": blog, "is_published": True,
        "post_date": "2099-01-01 00:00:00"}], {})
    assert (await gql.query(POST, {"id": encode_global_id("Post", future)}))["post"] is None
    assert "Next year's camp" not in titles(await gql.query(POSTS, {"first": 50}))
