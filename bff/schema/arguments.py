"""A short way to describe arguments, so every argument in GraphiQL says what it is."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from bff.text_input import max_length as text_limit


def Arg(description: str, *, max_length: int | None = None, **kwargs: Any) -> Any:  # noqa: N802 (reads like a type)
    """``strawberry.argument`` with a description (and e.g. ``name=`` for a GraphQL name); ``max_length`` caps a
    text argument (checked before execution by ``bff.text_input``)."""
    if max_length is not None:
        kwargs["metadata"] = text_limit(max_length)
    return strawberry.argument(description=description, **kwargs)


Lang = Annotated[str | None, Arg(
    "Language of the texts (names, descriptions) of this field and of everything under it: a BCP 47 tag or Odoo "
    "code such as `fr`, `fr-FR` or `fr_FR`. It wins over the `Accept-Language` header; a language Odoo has not "
    "installed is ignored (then `Accept-Language` decides, then Odoo's default language; see `languages`).",
    max_length=35)]
"""The ``lang`` argument of the root fields that return translated public texts (``bff.languages``)."""
