"""``/dashboard/``: the example client dashboard (``examples/dashboard``), served when it has been built.

``make run`` builds it with npm (``examples/dashboard/dist``); ``BFF_DASHBOARD_DIR`` names another build, and
``BFF_DASHBOARD_DIR=off`` serves none. It talks to ``/graphql`` on the same origin (HTTP and graphql-ws).
"""

from __future__ import annotations

from pathlib import Path

from starlette.responses import RedirectResponse
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from bff.settings import Settings

BUILT = Path(__file__).resolve().parent.parent / "examples" / "dashboard" / "dist"
PATH = "/dashboard"


def dashboard_dir(settings: Settings) -> Path | None:
    if settings.dashboard_dir == "off":
        return None
    folder = Path(settings.dashboard_dir) if settings.dashboard_dir else BUILT
    return folder if (folder / "index.html").is_file() else None


def dashboard_routes(settings: Settings) -> list[BaseRoute]:
    folder = dashboard_dir(settings)
    if folder is None:
        return []

    async def to_slash(request: object) -> RedirectResponse:
        return RedirectResponse(PATH + "/")

    return [Route(PATH, to_slash), Mount(PATH, app=StaticFiles(directory=folder, html=True), name="dashboard")]
