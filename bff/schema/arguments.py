"""A short way to describe arguments, so every argument in GraphiQL says what it is."""

from __future__ import annotations

from typing import Any

import strawberry


def Arg(description: str, **kwargs: Any) -> Any:  # noqa: N802 (reads like a type inside Annotated[...])
    """``strawberry.argument`` with a description (and e.g. ``name=`` for a GraphQL name)."""
    return strawberry.argument(description=description, **kwargs)
