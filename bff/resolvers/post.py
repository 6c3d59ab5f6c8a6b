"""Queries of the public blog. Unpublished posts, and posts scheduled for later, never appear."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import strawberry

from bff.context import Info
from bff.loaders.post import POST_SHAPE
from bff.loaders.shaped import load_shaped_page
from bff.odoo_values import format_datetime, id_from_slug, parse_datetime
from bff.resolvers.node import node_resolver
from bff.schema.arguments import Lang
from bff.schema.node import expect_global_id
from bff.schema.ordering import OrderDirection, PostOrder, PostOrderField, order_by_help, resolve_order
from bff.schema.pagination import After, Connection, First, Page
from bff.schema.post import Blog, BlogTag, Post, PostFilter
from bff.schema.slug import PostSlugLookup, SlugArg, is_canonical
from bff.specification import page_selections

POST_DEFAULT_ORDER = ((PostOrderField.PUBLISHED_AT, OrderDirection.DESC),)
PostOrderBy = Annotated[list[PostOrder] | None, strawberry.argument(description=order_by_help("PUBLISHED_AT DESC"))]


def public_post_domain() -> list[Any]:
    """What Odoo's website shows to everyone: published, and not scheduled for later."""
    now = format_datetime(datetime.now(UTC))
    return [("is_published", "=", True), "|", ("post_date", "=", False), ("post_date", "<=", now)]


def is_public_post(row: dict[str, Any]) -> bool:
    post_date = parse_datetime(row.get("post_date"))
    return bool(row.get("is_published")) and (post_date is None or post_date <= datetime.now(UTC))


def post_filter_domain(flt: PostFilter | None) -> list[Any]:
    if flt is None:
        return []
    domain: list[Any] = []
    if flt.blog_id is not None:
        domain.append(("blog_id", "=", expect_global_id(flt.blog_id, "Blog")))
    if flt.tag_ids is not None:
        domain.append(("tag_ids", "in", [expect_global_id(i, "BlogTag") for i in flt.tag_ids]))
    if flt.search:
        domain += ["|", "|", ("name", "ilike", flt.search), ("subtitle", "ilike", flt.search),
                   ("content", "ilike", flt.search)]
    return domain


@node_resolver("Post")
async def post_by_id(info: Info, odoo_id: int, lang: str | None = None) -> Post | None:
    loaders = await info.context.localized(lang)
    row = await loaders.post.load(odoo_id)
    if row is None or not is_public_post(row):
        return None
    return Post.from_row(row, info.context.settings.public_base_url, loaders.lang)


@node_resolver("Blog")
async def blog_by_id(info: Info, odoo_id: int) -> Blog | None:
    row = await (await info.context.localized()).blog.load(odoo_id)
    return Blog.from_row(row) if row else None


@node_resolver("BlogTag")
async def blog_tag_by_id(info: Info, odoo_id: int) -> BlogTag | None:
    row = await (await info.context.localized()).blog_tag.load(odoo_id)
    return BlogTag.from_row(row) if row else None


@strawberry.type
class PostQueries:
    @strawberry.field(description="Published blog posts, newest first unless `orderBy` says otherwise, "
                                  "paginated Relay style (`first` default 20, at most 100; `after` = a page's "
                                  "`endCursor`).")
    async def posts(self, info: Info, filter: PostFilter | None = None, first: First = None,
                    after: After = None, order_by: PostOrderBy = None, lang: Lang = None) -> Connection[Post]:
        ctx = info.context
        order = resolve_order(order_by, POST_DEFAULT_ORDER)
        page = Page.from_args(first, after, ctx.settings, order.key)
        domain = public_post_domain() + post_filter_domain(filter)
        loaders = await ctx.localized(lang)
        spec = POST_SHAPE.compile(page_selections(info.selected_fields, "edges", "node"))
        total, rows = await load_shaped_page(ctx.odoo, POST_SHAPE, spec, domain, limit=page.limit,
                                             offset=page.offset, order=order.odoo, lang=loaders.lang)
        base_url = ctx.settings.public_base_url
        return Connection[Post].build([Post.from_row(row, base_url, loaders.lang) for row in rows], page, total)

    @strawberry.field(description="One published post by its ID; null when there is none.")
    async def post(self, info: Info, id: strawberry.ID, lang: Lang = None) -> Post | None:
        return await post_by_id(info, expect_global_id(id, "Post"), lang)

    @strawberry.field(description="One published post by its slug (as in `Post.slug`), with its current slug: "
                                  "an old slug (the post was renamed) still finds it, with `isCanonical: false` "
                                  "(redirect to `canonicalSlug`). Null when there is none.")
    async def post_by_slug(self, info: Info, slug: SlugArg, lang: Lang = None) -> PostSlugLookup | None:
        odoo_id = id_from_slug(slug)
        post = await post_by_id(info, odoo_id, lang) if odoo_id else None
        if post is None:
            return None
        return PostSlugLookup(post=post, canonical_slug=post.slug, is_canonical=is_canonical(slug, post.slug))

    @strawberry.field(description="Every blog, by name.")
    async def blogs(self, info: Info, lang: Lang = None) -> list[Blog]:
        code = (await info.context.language(lang)).code
        rows = await info.context.odoo.search_read("blog.blog", [], fields=["name", "subtitle", "seo_name"],
                                                   order="name asc", lang=code)
        return [Blog.from_row(row) for row in rows]

    @strawberry.field(description="Every blog tag, by name.")
    async def blog_tags(self, info: Info, lang: Lang = None) -> list[BlogTag]:
        code = (await info.context.language(lang)).code
        rows = await info.context.odoo.search_read("blog.tag", [], fields=["name"], order="name asc", lang=code)
        return [BlogTag.from_row(row) for row in rows]


