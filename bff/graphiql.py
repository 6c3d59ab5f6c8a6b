"""GraphiQL from the BFF itself: the page, its Content-Security-Policy and the route of its assets.

strawberry's own GraphiQL page loads React, GraphiQL and js-cookie from a public CDN, so it is a blank page
wherever a browser cannot reach that CDN (``ReferenceError: Cookies is not defined``), and its inline
script rules out a strict CSP. This page instead loads pinned copies of the npm packages from
``bff/static/graphiql/`` (versions, licences and checksums in the README there), served under
``/graphiql/``, and starts GraphiQL from ``graphiql-boot.js``: no inline script, nothing from elsewhere.

    GET /graphql (browser)  ->  PAGE + Content-Security-Policy
    GET /graphiql/<file>    ->  StaticFiles(bff/static/graphiql)
"""

from __future__ import annotations

from pathlib import Path

from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

ASSETS_DIR = Path(__file__).parent / "static" / "graphiql"
ASSETS_PATH = "/graphiql"

# What the page needs and nothing more. Styles: GraphiQL and CodeMirror set element styles at run time
# and the bundled CSS carries its fonts and icons as data: URLs. connect-src 'self' covers the POSTs to
# /graphql and the graphql-transport-ws websocket on the same host.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
])

PAGE = f"""<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>CustomK9 GraphQL API</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="{ASSETS_PATH}/graphiql.min.css">
    <style>body {{ margin: 0; height: 100vh; overflow: hidden; }} #graphiql {{ height: 100vh; }}</style>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL...</div>
    <script src="{ASSETS_PATH}/react.production.min.js"></script>
    <script src="{ASSETS_PATH}/react-dom.production.min.js"></script>
    <script src="{ASSETS_PATH}/graphiql.min.js"></script>
    <script src="{ASSETS_PATH}/graphiql-boot.js"></script>
  </body>
</html>
"""


def graphiql_page() -> Response:
    """The GraphiQL page with its CSP; not cached, so a new BFF version's page is picked up at once."""
    return HTMLResponse(PAGE, headers={
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    })


def graphiql_assets_route() -> Mount:
    """``/graphiql/<file>``: the pinned GraphiQL build (public files, the same for every caller)."""
    return Mount(ASSETS_PATH, app=StaticFiles(directory=ASSETS_DIR), name="graphiql")
