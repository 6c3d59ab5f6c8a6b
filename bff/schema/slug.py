"""Look-ups by SEO slug that survive a rename, and tell the page when to redirect.

A slug is Odoo's website slug, ``<slugified seo_name or name>-<id>`` (``ir.http._slug``): the id at the end
finds the record, the words are only for people and search engines. So an old link (the record was renamed,
or its SEO name changed) still finds the record; the answer then says the slug is not canonical, and the page
answers a permanent redirect to ``canonicalSlug``, as Odoo's own website does (``http_routing``'s
``_pre_dispatch`` redirects with 301 when the path it would build differs from the one asked for).

    | slug asked for                       | answer                                                  |
    |--------------------------------------|---------------------------------------------------------|
    | the record's current slug            | ``{ isCanonical: true, canonicalSlug, event }``         |
    | its id with other words (renamed)    | ``{ isCanonical: false, canonicalSlug, event }``: 301   |
    | no id, an unknown id, not public     | ``null``: 404                                           |

A Next.js page (App Router) uses it like this::

    const lookup = (await query(EventPage, { slug: params.slug })).eventBySlug
    if (!lookup) notFound()
    if (!lookup.isCanonical) permanentRedirect(`/events/${lookup.canonicalSlug}`)
    return <Event event={lookup.event} />

(``permanentRedirect`` answers 308, which search engines treat as 301; for a 301 itself return
``{ redirect: { destination, statusCode: 301 } }`` from ``getServerSideProps``, or
``NextResponse.redirect(url, 301)`` from middleware.)
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from bff.schema.arguments import Arg
from bff.schema.equipment import Equipment
from bff.schema.event import Event
from bff.schema.post import Post

SlugArg = Annotated[str, Arg("The slug, e.g. `puppy-class-7` (at most 200 characters); the id at its end finds "
                             "the record, the words before it may be outdated.", max_length=200)]


@strawberry.interface(description="The answer to a look-up by slug: the record's current slug, and whether "
                                  "the slug asked for is it (when not, redirect permanently to the current one).")
class SlugLookup:
    canonical_slug: str = strawberry.field(description="The record's current slug; links should use it.")
    is_canonical: bool = strawberry.field(
        description="Whether the slug asked for is the current one. False when the record was renamed since "
                    "the link was made (or the words do not match): answer a permanent redirect (301) to "
                    "`canonicalSlug`.")


@strawberry.type(description="An event found by its slug.")
class EventSlugLookup(SlugLookup):
    event: Event = strawberry.field(description="The event.")


@strawberry.type(description="A blog post found by its slug.")
class PostSlugLookup(SlugLookup):
    post: Post = strawberry.field(description="The post.")


@strawberry.type(description="Rental equipment found by its slug.")
class EquipmentSlugLookup(SlugLookup):
    equipment: Equipment = strawberry.field(description="The equipment.")


def is_canonical(asked: str, canonical: str) -> bool:
    """Exactly the current slug: another case or extra spaces redirect too, so one URL stays indexed."""
    return asked == canonical
