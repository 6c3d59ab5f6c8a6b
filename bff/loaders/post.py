"""Loaders for the blog domain (blog.post, blog.blog, blog.tag)."""

from __future__ import annotations

from bff.loaders.base import RecordByIdLoader

POST_FIELDS = (
    "name", "subtitle", "blog_id", "tag_ids", "author_id", "author_name", "teaser", "content",
    "post_date", "published_date", "cover_properties", "is_published", "seo_name", "write_date",
)
POST_MANY2ONE = frozenset({"blog_id", "author_id"})


class PostByIdLoader(RecordByIdLoader):
    model = "blog.post"
    fields = POST_FIELDS


class BlogByIdLoader(RecordByIdLoader):
    model = "blog.blog"
    fields = ("name", "subtitle", "seo_name")


class BlogTagByIdLoader(RecordByIdLoader):
    model = "blog.tag"
    fields = ("name",)
