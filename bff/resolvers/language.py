"""The ``languages`` query: Odoo's active languages and the default one (cached with the catalogue)."""

from __future__ import annotations

import strawberry

from bff.context import Info
from bff.schema.language import Language


@strawberry.type
class LanguageQueries:
    @strawberry.field(description="The languages Odoo has installed (active), the default one flagged "
                                  "`isDefault`: the values `lang` arguments and `Accept-Language` can name.")
    async def languages(self, info: Info) -> list[Language]:
        installed = await info.context.catalog.languages()
        return [Language.of(lang, installed.default) for lang in installed.all]
