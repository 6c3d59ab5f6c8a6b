"""The typed per-request context every resolver receives (``info.context``)."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import strawberry
from starlette.responses import Response

from bff.auth.viewer import ANONYMOUS, Viewer
from bff.policy import Scope
from bff.settings import Settings

if TYPE_CHECKING:
    from bff.auth.service import AuthService
    from bff.catalog import Catalog
    from bff.languages import Language
    from bff.live.broker import Broker
    from bff.loaders import Loaders
    from bff.odoo_client import OdooClient


_OPERATION_LOADERS: ContextVar[Loaders | None] = ContextVar("bff_operation_loaders", default=None)


@dataclass
class Context:
    """What one GraphQL operation works with. Built fresh for every HTTP request; never shared.

    A websocket keeps one ``Context`` for all the operations of its connection, and each operation runs in
    its own asyncio task. ``loaders`` therefore reads a per-task override first (``use_fresh_loaders``), so
    concurrent operations on one socket, and each event of a subscription, never share cached rows.
    """

    settings: Settings
    odoo: OdooClient
    catalog: Catalog
    root_loaders: Loaders
    request_id: str
    viewer: Viewer = ANONYMOUS
    token_error: str | None = None
    auth: AuthService | None = None
    client_address: str = "unknown"
    connection_params: dict[str, Any] | None = None
    request: Any = None
    response: Any = None
    live: Broker | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def loaders(self) -> Loaders:
        return _OPERATION_LOADERS.get() or self.root_loaders

    def use_fresh_loaders(self, loaders: Loaders | None = None) -> Loaders:
        """Give the running task (one websocket operation, one subscription event) its own loaders: new
        ones for the viewer, or ``loaders`` when given (public loaders shared by a fan-out)."""
        from bff.loaders import Loaders

        fresh = loaders or Loaders(self.odoo, Scope(self.viewer))
        _OPERATION_LOADERS.set(fresh)
        return fresh

    @property
    def scope(self) -> Scope:
        return self.loaders.scope

    async def language(self, requested: str | None = None) -> Language:
        """The installed language an answer's texts are in: ``requested`` (a field's ``lang``), else the
        request's ``Accept-Language``, else Odoo's default (``bff.languages``). Noted for ``Content-Language``."""
        languages = await self.catalog.languages()
        header = self.request.headers.get("accept-language") if self.request is not None else None
        lang = languages.negotiate(requested, header)
        if requested and languages.match(requested) is lang:
            self.extra.setdefault("lang", lang.code)
        used = self.extra.setdefault("content_languages", [])
        if lang.tag not in used:
            used.append(lang.tag)
            if isinstance(self.response, Response):
                self.response.headers["Content-Language"] = ", ".join(used)
        return lang

    @property
    def lang(self) -> str | None:
        """The Odoo code of the first language a ``lang`` argument chose in this request (None without one):
        ``Money.formatted`` writes amounts in it, so prices read like the texts around them. Without one it
        reads ``Accept-Language`` itself, whose region (``en-CA``, ``de-DE``) babel knows even where Odoo has
        no such language installed."""
        return self.extra.get("lang")

    def loaders_in(self, lang: str | None) -> Loaders:
        """The loaders of a language already negotiated (an object's ``lang``); None: the request's own."""
        return self.loaders.in_lang(lang) if lang else self.loaders

    async def localized(self, requested: str | None = None) -> Loaders:
        """The request's loaders that read translated texts in the language of ``language(requested)``."""
        return self.loaders.in_lang((await self.language(requested)).code)


Info = strawberry.Info[Context, None]
