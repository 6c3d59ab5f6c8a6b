"""The typed per-request context every resolver receives (``info.context``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import strawberry

from bff.settings import Settings

if TYPE_CHECKING:
    from bff.catalog import Catalog
    from bff.loaders import Loaders
    from bff.odoo_client import OdooClient


@dataclass
class Context:
    """What one GraphQL operation works with. Built fresh for every request; never shared."""

    settings: Settings
    odoo: OdooClient
    catalog: Catalog
    loaders: Loaders
    request_id: str
    request: Any = None
    response: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


Info = strawberry.Info[Context, None]
