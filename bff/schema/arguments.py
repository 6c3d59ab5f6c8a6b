"""A short way to describe arguments, so every argument in GraphiQL says what it is."""

from __future__ import annotations

from typing import Any

import strawberry

from bff.text_input import max_length as text_limit


def Arg(description: str, *, max_length: int | None = None, **kwargs: Any) -> Any:  # noqa: N802 (reads like a type)
    """``strawberry.argument`` with a description (and e.g. ``name=`` for a GraphQL name); ``max_length`` caps a
    text argument (checked before execution by ``bff.text_input``)."""
    if max_length is not None:
        kwargs["metadata"] = text_limit(max_length)
    return strawberry.argument(description=description, **kwargs)
