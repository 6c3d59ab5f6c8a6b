"""/.well-known/openid-configuration and /.well-known/jwks.json: published with RS256 keys only, and usable."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jose import jwk, jwt

from tests.conftest import DemoOdoo, open_bff
from tests.graphql_client import GraphQLClient


def write_key(path: Path) -> Path:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    return path


async def test_rs256_publishes_its_key_and_tokens_verify_with_it(demo_odoo: DemoOdoo, tmp_path: Path) -> None:
    key_file = write_key(tmp_path / "jwt.pem")
    gql, odoo = await open_bff(demo_odoo.server, api_key=demo_odoo.seeded.integration_api_key,
                               jwt_private_key_file=str(key_file), oauth_clients=("web",))
    try:
        config = await gql.http.get("/.well-known/openid-configuration")
        assert config.status_code == 200 and "public" in config.headers["cache-control"]
        doc = config.json()
        assert doc["token_endpoint"] == "http://bff.test/oauth/token"
        assert doc["jwks_uri"] == "http://bff.test/.well-known/jwks.json"
        assert doc["grant_types_supported"] == ["password", "refresh_token"] and doc["issuer"] == "customk9-bff"
        keys = (await gql.http.get(doc["jwks_uri"].removeprefix("http://bff.test"))).json()["keys"]
        assert len(keys) == 1 and keys[0]["kty"] == "RSA" and keys[0]["alg"] == "RS256" and "d" not in keys[0]
        token = (await gql.http.post("/oauth/token", data={"grant_type": "password", "client_id": "web",
                                                           "username": "dana@customk9.demo", "password": "demo"},
                                     )).json()["access_token"]
        assert jwt.get_unverified_header(token)["kid"] == keys[0]["kid"]
        claims = jwt.decode(token, jwk.construct(keys[0]), algorithms=["RS256"], audience="customk9",
                            issuer=doc["issuer"])  # what another service does with the published key
        assert claims["login"] == "dana@customk9.demo"
        other_kid = jwt.encode(claims, key_file.read_text(), algorithm="RS256", headers={"kid": "old-key"})
        assert await gql.as_token(other_kid).error_codes("{ me { name } }") == ["UNAUTHENTICATED"]
    finally:
        await gql.http.aclose()
        await odoo.close()


async def test_hs256_publishes_nothing(gql: GraphQLClient) -> None:
    for path in ("/.well-known/openid-configuration", "/.well-known/jwks.json"):
        assert (await gql.http.get(path)).status_code == 404
