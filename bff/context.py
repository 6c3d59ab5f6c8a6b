"""The typed per-request context every resolver receives (``info.context``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import strawberry

from bff.auth.viewer import ANONYMOUS, Viewer
from bff.policy import Scope
from bff.settings import Settings

if TYPE_CHECKING:
    from bff.auth.service import AuthService
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
    viewer: Viewer = ANONYMOUS
    token_error: str | None = None
    auth: AuthService | None = None
    client_address: str = "unknown"
    connection_params: dict[str, Any] | None = None
    request: Any = None
    response: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def scope(self) -> Scope:
        return self.loaders.scope


Info = strawberry.Info[Context, None]
