"""Loaders for the blog domain (blog.post, blog.blog, blog.tag)."""

from __future__ import annotations

from bff.loaders.base import RecordByIdLoader
from bff.specification import Relation, Shape

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


# What each GraphQL field of the blog reads (``bff.specification``): the blog index is one call.
BLOG_SHAPE = Shape("blog.blog", scalars={"name": ("name",), "subtitle": ("subtitle",), "slug": ("seo_name", "name")},
                   fallback=BlogByIdLoader.fields)
BLOG_TAG_SHAPE = Shape("blog.tag", scalars={"name": ("name",)}, fallback=BlogTagByIdLoader.fields)
POST_SHAPE = Shape("blog.post", scalars={
    "title": ("name",), "subtitle": ("subtitle",), "slug": ("seo_name", "name"), "teaser": ("teaser",),
    "content": ("content",), "authorName": ("author_name", "author_id"),
    "publishedAt": ("published_date", "post_date"), "readingTimeMinutes": ("content",),
    "coverImageUrl": ("cover_properties", "write_date"),
}, relations={
    "blog": Relation("blog_id", BLOG_SHAPE),
    "tags": Relation("tag_ids", BLOG_TAG_SHAPE, many=True),
}, many2one=POST_MANY2ONE, fallback=POST_FIELDS)
