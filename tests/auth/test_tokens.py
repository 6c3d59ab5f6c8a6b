"""Access tokens: round trips, and every token ``verify`` must refuse, each built explicitly."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jose import jwt

from bff.auth.tokens import InvalidToken, TokenIssuer, generate_dev_secret
from bff.auth.viewer import ANONYMOUS, Role, Viewer

SECRET = "s" * 40
T0 = 1_700_000_000
VIEWER = Viewer(Role.CLIENT, user_id=7, partner_id=11, commercial_partner_id=12, name="Ada", login="ada@x.com")


class Clock:
    def __init__(self, t: float = T0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def segment(value: Any) -> str:
    return b64(json.dumps(value).encode())


def hs256(header: dict[str, Any], claims: dict[str, Any], key: bytes) -> str:
    """A token signed by hand (python-jose refuses some of the keys the attacks use)."""
    signing_input = f"{segment(header)}.{segment(claims)}"
    digest = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(digest)}"


def good_claims(**changes: Any) -> dict[str, Any]:
    claims = {"sub": "7", "iat": T0, "nbf": T0, "exp": T0 + 900, "iss": "customk9-bff", "aud": "customk9",
              "jti": "j1", "role": "client", "pid": 11, "cpid": 12, "name": "Ada", "login": "ada@x.com"}
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not ...}


def pem_private(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def pem_public(key: rsa.RSAPrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def other_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def hs(clock: Clock) -> TokenIssuer:
    return TokenIssuer(algorithm="HS256", secret=SECRET, now=clock)


@pytest.fixture
def rs(clock: Clock, rsa_key: rsa.RSAPrivateKey) -> TokenIssuer:
    return TokenIssuer(algorithm="RS256", private_key=pem_private(rsa_key), now=clock)


def refused(issuer: TokenIssuer, token: Any) -> InvalidToken:
    with pytest.raises(InvalidToken) as caught:
        issuer.verify(token)
    error = caught.value
    assert (error.code, error.public, error.message) == ("UNAUTHENTICATED", True, "invalid or expired token")
    assert error.extensions == {}
    return error


# --- round trips ---------------------------------------------------------------------------------------------

def test_hs256_round_trip(hs: TokenIssuer) -> None:
    token, expires_in = hs.issue(VIEWER)
    assert expires_in == 900
    assert hs.verify(token) == VIEWER
    claims = jwt.get_unverified_claims(token)
    assert set(claims) == {"sub", "iat", "exp", "nbf", "iss", "aud", "jti", "role", "pid", "cpid", "name",
                           "login", "sid"}
    assert (claims["sub"], claims["iat"], claims["nbf"], claims["exp"]) == ("7", T0, T0, T0 + 900)
    assert (claims["iss"], claims["aud"], claims["role"], claims["pid"], claims["cpid"]) == \
        ("customk9-bff", "customk9", "client", 11, 12)
    assert jwt.get_unverified_header(token)["alg"] == "HS256"


def test_the_token_names_its_sign_in_itself_and_its_end(hs: TokenIssuer) -> None:
    token, _ = hs.issue(VIEWER, session_id="family-1")
    viewer = hs.verify(token)
    claims = jwt.get_unverified_claims(token)
    assert (viewer.session_id, viewer.token_id, viewer.expires_at) == ("family-1", claims["jti"], T0 + 900)
    other = hs.verify(hs.issue(VIEWER, session_id="family-1")[0])
    assert other.token_id != viewer.token_id  # one jti per token
    assert hs.verify(hs.issue(VIEWER)[0]).session_id is None


def test_every_token_has_its_own_jti(hs: TokenIssuer) -> None:
    first, second = hs.issue(VIEWER)[0], hs.issue(VIEWER)[0]
    assert jwt.get_unverified_claims(first)["jti"] != jwt.get_unverified_claims(second)["jti"]


@pytest.mark.parametrize("role", [Role.CLIENT, Role.TRAINER, Role.MANAGER, Role.ADMIN])
def test_rs256_round_trip_every_role(rs: TokenIssuer, role: Role) -> None:
    viewer = Viewer(role, user_id=3)
    token, _ = rs.issue(viewer)
    assert jwt.get_unverified_header(token)["alg"] == "RS256"
    got = rs.verify(token)
    assert got == viewer and got.is_authenticated
    assert (got.is_client, got.is_trainer, got.is_manager, got.is_admin) == (
        role is Role.CLIENT, role is Role.TRAINER, role is Role.MANAGER, role is Role.ADMIN)
    assert got.is_staff is (role is not Role.CLIENT)


def test_rs256_public_key_alone_verifies_but_cannot_issue(rs: TokenIssuer, clock: Clock,
                                                          rsa_key: rsa.RSAPrivateKey) -> None:
    verifier = TokenIssuer(algorithm="RS256", public_key=pem_public(rsa_key), now=clock)
    assert verifier.verify(rs.issue(VIEWER)[0]) == VIEWER
    assert not verifier.can_issue
    with pytest.raises(ValueError, match="only verifies"):
        verifier.issue(VIEWER)


def test_anonymous_viewer_gets_no_token(hs: TokenIssuer) -> None:
    assert not ANONYMOUS.is_authenticated
    with pytest.raises(ValueError, match="anonymous"):
        hs.issue(ANONYMOUS)


# --- refusals ------------------------------------------------------------------------------------------------

def test_tampered_payload_is_refused(hs: TokenIssuer) -> None:
    header, _, signature = hs.issue(VIEWER)[0].split(".")
    forged = f"{header}.{segment(good_claims(role='admin'))}.{signature}"
    assert refused(hs, forged).reason.startswith("rejected")


def test_other_secret_is_refused(hs: TokenIssuer, clock: Clock) -> None:
    other = TokenIssuer(algorithm="HS256", secret="t" * 40, now=clock)
    refused(hs, other.issue(VIEWER)[0])


def test_other_rsa_key_is_refused(rs: TokenIssuer, clock: Clock, other_rsa_key: rsa.RSAPrivateKey) -> None:
    other = TokenIssuer(algorithm="RS256", private_key=pem_private(other_rsa_key), now=clock)
    refused(rs, other.issue(VIEWER)[0])


@pytest.mark.parametrize("alg", ["none", "None", "NONE", "", None])
@pytest.mark.parametrize("signature", ["", "AAAA"])
def test_alg_none_is_refused(hs: TokenIssuer, rs: TokenIssuer, alg: str | None, signature: str) -> None:
    header = {"typ": "JWT"} if alg is None else {"alg": alg, "typ": "JWT"}
    token = f"{segment(header)}.{segment(good_claims())}.{signature}"
    assert "pinned" in refused(hs, token).reason
    refused(rs, token)


def test_rs256_public_key_as_hs256_secret_is_refused(rs: TokenIssuer, rsa_key: rsa.RSAPrivateKey) -> None:
    public_pem = pem_public(rsa_key).encode()
    forged = hs256({"alg": "HS256", "typ": "JWT"}, good_claims(role="admin"), public_pem)
    assert "pinned" in refused(rs, forged).reason
    # The same forgery with the header claiming RS256 fails the signature check.
    relabelled = hs256({"alg": "RS256", "typ": "JWT"}, good_claims(role="admin"), public_pem)
    refused(rs, relabelled)


def test_a_public_key_is_refused_as_hs256_secret(rsa_key: rsa.RSAPrivateKey) -> None:
    with pytest.raises(ValueError, match="PEM"):
        TokenIssuer(algorithm="HS256", secret=pem_public(rsa_key))


def test_rs256_token_is_refused_by_hs256_issuer(hs: TokenIssuer, rs: TokenIssuer) -> None:
    refused(hs, rs.issue(VIEWER)[0])


def test_other_hmac_algorithm_is_refused(hs: TokenIssuer) -> None:
    token = jwt.encode(good_claims(), SECRET, algorithm="HS512")
    assert "pinned" in refused(hs, token).reason


def test_expired_token_is_refused_after_ten_seconds_of_leeway(hs: TokenIssuer, clock: Clock) -> None:
    token, expires_in = hs.issue(VIEWER)
    clock.t = T0 + expires_in + 9
    assert hs.verify(token) == VIEWER
    clock.t = T0 + expires_in + 10
    assert refused(hs, token).reason == "expired"
    clock.t = T0 + 10 * 86400
    refused(hs, token)


def test_token_from_the_future_is_refused(hs: TokenIssuer, clock: Clock) -> None:
    token, _ = hs.issue(VIEWER)
    clock.t = T0 - 60
    assert refused(hs, token).reason == "issued in the future"
    nbf_later = jwt.encode(good_claims(nbf=T0 + 60), SECRET, algorithm="HS256")
    clock.t = T0
    assert refused(hs, nbf_later).reason == "not valid yet"


@pytest.mark.parametrize("changes", [{"aud": "someone-else"}, {"aud": ...}, {"aud": ["other", "x"]},
                                     {"iss": "evil"}, {"iss": ...}])
def test_wrong_or_missing_audience_or_issuer_is_refused(hs: TokenIssuer, changes: dict[str, Any]) -> None:
    refused(hs, jwt.encode(good_claims(**changes), SECRET, algorithm="HS256"))


def test_issuer_with_other_audience_refuses_tokens(hs: TokenIssuer, clock: Clock) -> None:
    other = TokenIssuer(algorithm="HS256", secret=SECRET, audience="admin-portal", now=clock)
    refused(other, hs.issue(VIEWER)[0])
    other_iss = TokenIssuer(algorithm="HS256", secret=SECRET, issuer="other-bff", now=clock)
    refused(other_iss, hs.issue(VIEWER)[0])


@pytest.mark.parametrize("missing", ["sub", "exp", "iat"])
def test_missing_claim_is_refused(hs: TokenIssuer, missing: str) -> None:
    refused(hs, jwt.encode(good_claims(**{missing: ...}), SECRET, algorithm="HS256"))


@pytest.mark.parametrize("changes", [
    {"role": "superuser"}, {"role": "anonymous"}, {"role": ...}, {"role": None},
    {"sub": "abc"}, {"sub": "0"}, {"sub": "-3"}, {"sub": "7.5"},
    {"exp": "soon"}, {"exp": True}, {"iat": 1.5}, {"exp": T0},
    {"pid": "11"}, {"cpid": True}, {"name": 5},
])
def test_bad_claim_values_are_refused(hs: TokenIssuer, changes: dict[str, Any]) -> None:
    refused(hs, jwt.encode(good_claims(**changes), SECRET, algorithm="HS256"))


def test_sub_must_be_a_string(hs: TokenIssuer) -> None:
    refused(hs, hs256({"alg": "HS256", "typ": "JWT"}, good_claims(sub=7), SECRET.encode()))


@pytest.mark.parametrize("token", [
    "", "abc", "a.b", "a.b.c", "a.b.c.d", "....", "e30.e30.", "!!!.???.***", "x" * 9000,
    f"{segment([1, 2])}.{segment({})}.", None, 42, b"bytes.not.str",
])
def test_malformed_tokens_are_refused(hs: TokenIssuer, token: Any) -> None:
    refused(hs, token)


def test_non_object_payload_is_refused(hs: TokenIssuer) -> None:
    header = segment({"alg": "HS256", "typ": "JWT"})
    for payload in (segment([1, 2]), segment("text"), b64(b"\xff\xfe not json")):
        signing_input = f"{header}.{payload}"
        digest = hmac.new(SECRET.encode(), signing_input.encode(), hashlib.sha256).digest()
        refused(hs, f"{signing_input}.{b64(digest)}")


# --- construction --------------------------------------------------------------------------------------------

def test_short_hs256_secret_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 32 bytes"):
        TokenIssuer(algorithm="HS256", secret="x" * 31)
    TokenIssuer(algorithm="HS256", secret="x" * 32)


@pytest.mark.parametrize("kwargs", [
    {"algorithm": "HS256"}, {"algorithm": "HS512", "secret": SECRET}, {"algorithm": "none", "secret": SECRET},
    {"algorithm": "RS256"}, {"algorithm": "RS256", "secret": SECRET},
    {"algorithm": "RS256", "private_key": "not a pem"}, {"algorithm": "RS256", "public_key": "not a pem"},
    {"algorithm": "HS256", "secret": SECRET, "ttl_s": 0},
])
def test_bad_configuration_is_refused(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        TokenIssuer(**kwargs)


def test_mismatched_rsa_pair_is_refused(rsa_key: rsa.RSAPrivateKey, other_rsa_key: rsa.RSAPrivateKey) -> None:
    with pytest.raises(ValueError, match="does not match"):
        TokenIssuer(algorithm="RS256", private_key=pem_private(rsa_key), public_key=pem_public(other_rsa_key))


def test_small_rsa_key_is_refused() -> None:
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    with pytest.raises(ValueError, match="2048"):
        TokenIssuer(algorithm="RS256", private_key=pem_private(small))


def test_from_settings_values(tmp_path: Path, rsa_key: rsa.RSAPrivateKey) -> None:
    assert TokenIssuer.from_settings_values(secret=SECRET, ttl_s=60).algorithm == "HS256"
    private_file, public_file = tmp_path / "jwt.pem", tmp_path / "jwt.pub"
    private_file.write_text(pem_private(rsa_key))
    public_file.write_text(pem_public(rsa_key))
    signer = TokenIssuer.from_settings_values(secret=SECRET, private_key_file=str(private_file), ttl_s=60)
    verifier = TokenIssuer.from_settings_values(secret=None, public_key_file=str(public_file))
    assert (signer.algorithm, verifier.algorithm) == ("RS256", "RS256")
    token, expires_in = signer.issue(VIEWER)
    assert expires_in == 60 and verifier.verify(token) == VIEWER
    both = TokenIssuer.from_settings_values(secret=None, private_key_file=str(private_file),
                                            public_key_file=str(public_file))
    assert both.verify(token) == VIEWER
    with pytest.raises(ValueError, match="BFF_JWT_SECRET"):
        TokenIssuer.from_settings_values(secret=None)
    with pytest.raises(ValueError, match="cannot read"):
        TokenIssuer.from_settings_values(secret=None, private_key_file=str(tmp_path / "missing.pem"))


def test_generated_dev_secret_is_long_random_and_usable() -> None:
    first, second = generate_dev_secret(), generate_dev_secret()
    assert first != second and len(first.encode()) >= 32
    issuer = TokenIssuer(algorithm="HS256", secret=first)
    assert issuer.verify(issuer.issue(VIEWER)[0]) == VIEWER
