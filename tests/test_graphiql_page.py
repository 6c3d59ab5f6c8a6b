"""The GraphiQL page over plain HTTP: its CSP, and every asset it references served by the BFF itself."""

from __future__ import annotations

import re

from bff.graphiql import ASSETS_DIR
from tests.graphql_client import GraphQLClient

BROWSER = {"Accept": "text/html,application/xhtml+xml"}


async def test_graphiql_page_uses_only_the_bffs_own_assets(gql: GraphQLClient) -> None:
    response = await gql.http.get("/graphql", headers=BROWSER)
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "default-src 'none'" in policy
    assert "unsafe-eval" not in policy
    page = response.text
    assert "<script>" not in page  # no inline script: the CSP would refuse it
    assert "://" not in page  # nothing from another origin
    assets = re.findall(r'(?:src|href)="(/graphiql/[^"]+)"', page)
    assert len(assets) == 5
    for path in assets:
        asset = await gql.http.get(path)
        assert asset.status_code == 200, path
        assert asset.content == (ASSETS_DIR / path.removeprefix("/graphiql/")).read_bytes()


async def test_graphiql_assets_are_small_and_licensed() -> None:
    files = {path.name: path.stat().st_size for path in ASSETS_DIR.iterdir()}
    assert sum(files.values()) < 3_000_000
    assert {"LICENSE.react.txt", "LICENSE.react-dom.txt", "LICENSE.graphiql.txt", "README.md"} <= set(files)
