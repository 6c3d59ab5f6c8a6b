"""Public blog: blog.post with its blog and tags."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from bff.context import Info
from bff.odoo_values import (
    ids,
    many2one_id,
    many2one_name,
    parse_datetime,
    reading_time_minutes,
    slug,
    text,
)
from bff.schema.cover import WebsiteCover
from bff.schema.node import Node
from bff.specification import later, nested, nested_rows
from bff.text_input import SEARCH_MAX_LENGTH, max_length

Row = dict[str, Any]


@strawberry.type(description="A blog (Odoo blog.blog), e.g. Training tips.")
class Blog(Node):
    name: str = strawberry.field(description="Name of the blog.")
    subtitle: str | None = strawberry.field(description="Short description of the blog.")
    slug: str = strawberry.field(description="URL slug as Odoo's website builds it (`<SEO name or name>-<id>`).")

    @classmethod
    def from_row(cls, row: Row) -> Blog:
        return cls(odoo_id=row["id"], name=row.get("name") or "", subtitle=text(row.get("subtitle")),
                   slug=slug(row.get("seo_name") or row.get("name") or "", row["id"]))


@strawberry.type(description="A label on blog posts.")
class BlogTag(Node):
    name: str = strawberry.field(description="Name of the tag.")

    @classmethod
    def from_row(cls, row: Row) -> BlogTag:
        return cls(odoo_id=row["id"], name=row.get("name") or "")


@strawberry.type(description="A published blog post.")
class Post(Node, WebsiteCover):
    row: strawberry.Private[Row]
    lang: strawberry.Private[str | None]  # the Odoo language code its texts were read in
    title: str = strawberry.field(description="Title of the post.")
    subtitle: str | None = strawberry.field(description="Subtitle of the post.")
    slug: str = strawberry.field(description="URL slug as Odoo's website builds it (`<SEO name or name>-<id>`); "
                                             "`postBySlug` takes it, and still finds the post after a rename.")
    teaser: str | None = strawberry.field(description="Plain-text excerpt for lists.")
    content: str | None = strawberry.field(description="The body, as HTML from Odoo.")
    author_name: str | None = strawberry.field(description="Name of the author.")
    published_at: datetime | None = strawberry.field(description="When the post was published (UTC).")
    reading_time_minutes: int = strawberry.field(description="Estimated minutes to read (200 words a minute).")
    base_url: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: Row, base_url: str, lang: str | None = None) -> Post:
        return cls(
            odoo_id=row["id"], row=row, lang=lang, title=row.get("name") or "", subtitle=text(row.get("subtitle")),
            slug=slug(row.get("seo_name") or row.get("name") or "", row["id"]), teaser=text(row.get("teaser")),
            content=text(row.get("content")),
            author_name=text(row.get("author_name")) or many2one_name(row.get("author_id")),
            published_at=parse_datetime(row.get("published_date") or row.get("post_date")),
            reading_time_minutes=reading_time_minutes(row.get("content")),
            base_url=base_url,
        )


    @strawberry.field(description="The blog the post belongs to.")
    def blog(self, info: Info) -> Blog | None:
        value = self.row.get("blog_id")
        if (row := nested(value)) is not None:
            return Blog.from_row(row)
        return later(self._blog(info, many2one_id(value)))

    async def _blog(self, info: Info, blog_id: int | None) -> Blog | None:
        row = await info.context.loaders_in(self.lang).blog.load(blog_id) if blog_id else None
        return Blog.from_row(row) if row else None

    @strawberry.field(description="Tags of the post.")
    def tags(self, info: Info) -> list[BlogTag]:
        value = self.row.get("tag_ids")
        if (rows := nested_rows(value)) is not None:
            return [BlogTag.from_row(row) for row in rows]
        return later(self._tags(info, ids(value)))

    async def _tags(self, info: Info, tag_ids: list[int]) -> list[BlogTag]:
        rows = await info.context.loaders_in(self.lang).blog_tag.load_existing(tag_ids)
        return [BlogTag.from_row(row) for row in rows]


@strawberry.input(description="Narrows the posts list; all given conditions must hold.")
class PostFilter:
    blog_id: strawberry.ID | None = strawberry.field(default=None, description="Only posts of this blog.")
    tag_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only posts with at least one of these tags.")
    search: str | None = strawberry.field(
        default=None, description="Text the title, subtitle or body contains (any case; at most 100 characters).",
        metadata=max_length(SEARCH_MAX_LENGTH))
