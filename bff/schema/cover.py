"""``coverImageUrl`` of records with an Odoo website cover (``website.cover_properties.mixin``: events, posts).

One field definition for every such type: a type inherits ``WebsiteCover`` and keeps its Odoo row (with
``cover_properties`` and ``write_date``) and the public Odoo URL in ``row`` and ``base_url``.
"""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from bff.images import HEIGHT_HELP, WIDTH_HELP, cover_url


@strawberry.type
class WebsiteCover:
    row: strawberry.Private[dict[str, Any]]
    base_url: strawberry.Private[str]

    @strawberry.field(description="Absolute URL of the cover image (Odoo's website cover), or null when there is "
                                  "none; fitted within `width` x `height` pixels keeping its proportions when Odoo "
                                  "stores the image (a theme's static picture comes as it is). The URL changes when "
                                  "the record does, so it may be cached for good.")
    def cover_image_url(
        self,
        width: Annotated[int | None, strawberry.argument(description=WIDTH_HELP)] = None,
        height: Annotated[int | None, strawberry.argument(description=HEIGHT_HELP)] = None,
    ) -> str | None:
        return cover_url(self.base_url, self.row.get("cover_properties"), self.row.get("write_date"), width, height)
