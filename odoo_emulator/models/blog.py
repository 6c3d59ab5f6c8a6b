"""website_blog: blogs, posts and tags.

Odoo 18 behaviours kept: ``teaser`` is ``teaser_manual`` or the first 200 characters of the text of
``content`` followed by "..."; ``post_date`` is ``published_date`` or the creation date (writing it
writes ``published_date``); publishing a post without a ``published_date`` stamps it with now;
``website_url`` is ``/blog/<blog slug>/<post slug>``.
"""

from __future__ import annotations

import html
import re
from typing import Any

from .product import record_slug
from .registry import Registry


def _name(db: Any, rec: dict) -> str:
    """The name in the language of the running call (the field is translated)."""
    return db.value("blog.post", rec["id"], "name") or ""

def text_from_html(content: Any) -> str:
    text = re.sub(r"<[^>]*>", " ", content or "")
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def _teaser(db: Any, rec: dict) -> str:
    manual = db.value("blog.post", rec["id"], "teaser_manual")
    if manual:
        return manual
    return text_from_html(db.value("blog.post", rec["id"], "content") or "")[:200] + "..."


def _post_url(db: Any, rec: dict) -> str:
    blog = db.tables.get("blog.blog", {}).get(rec.get("blog_id"))
    blog_part = record_slug(db, "blog.blog", blog) if blog else "0"
    return f"/blog/{blog_part}/{record_slug(db, 'blog.post', rec)}"


def _stamp_publication(db: Any, uid: int, vals: dict) -> None:
    if vals.get("is_published") and not vals.get("published_date"):
        vals["published_date"] = db.now_str()


def _stamp_on_write(db: Any, uid: int, ids: list[int], vals: dict) -> None:
    if "active" in vals and not vals["active"]:
        vals["is_published"] = False
    if "is_published" in vals and "published_date" not in vals:
        now = db.now_str()
        for pid in ids:
            current = db.tables["blog.post"][pid].get("published_date")
            if not current or current <= now:
                db._touch("blog.post", pid)
                db.tables["blog.post"][pid]["published_date"] = now if vals["is_published"] else False


def setup(reg: Registry) -> None:
    b = reg["blog.blog"]
    b.order = "name"
    b.set("blog_post_ids", inverse_name="blog_id")
    b.set("active", default=True)
    if "blog_post_count" in b.fields:
        b.set("blog_post_count", compute=lambda db, rec: len(db.value("blog.blog", rec["id"], "blog_post_ids")))

    p = reg["blog.post"]
    p.order = "id DESC"
    p.set("active", default=True)
    p.set("is_published", default=False)
    p.set("visits", default=0)
    p.set("blog_id", ondelete="cascade")
    p.defaults.append(
        lambda db, uid, vals: (
            {"author_id": db.user_partner_id(uid) or False} if db.exists("res.users", uid) else {}
        )
    )
    p.set("author_name", compute=lambda db, rec: db.display_name("res.partner", rec.get("author_id")) or False)
    p.set(
        "teaser",
        compute=_teaser,
        inverse=lambda db, rid, v: db.write_records("blog.post", [rid], {"teaser_manual": v or False}),
    )
    p.set(
        "post_date",
        compute=lambda db, rec: rec.get("published_date") or rec.get("create_date") or False,
        inverse=lambda db, rid, v: db.write_records("blog.post", [rid], {"published_date": v or False}),
    )
    p.set("website_url", compute=_post_url)
    p.set(
        "website_published",
        compute=lambda db, rec: bool(rec.get("is_published")),
        inverse=lambda db, rid, v: db.write_records("blog.post", [rid], {"is_published": bool(v)}),
        search=lambda db, op, v: [("is_published", op, v)],
    )
    p.before_create.append(_stamp_publication)
    p.before_write.append(_stamp_on_write)
    p.copy_defaults = lambda db, rec: {"name": f"{_name(db, rec)} (copy)", "is_published": False}

    t = reg["blog.tag"]
    t.order = "name"
    if "post_ids" in t.fields:
        t.set(
            "post_ids",
            store=False,
            compute=lambda db, rec: sorted(
                (
                    pid
                    for pid, row in db.tables.get("blog.post", {}).items()
                    if rec["id"] in (row.get("tag_ids") or [])
                ),
                reverse=True,
            ),
        )
