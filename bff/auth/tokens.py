"""Short-lived access tokens (JWT, python-jose) that carry the ``Viewer``.

One algorithm is pinned per issuer: HS256 with a shared secret, or RS256 with a key pair. The header's ``alg``
is checked before anything is decoded, so ``alg: none`` and HS/RS confusion (an RS256 public key used as an
HS256 secret) are refused. ``exp``/``nbf``/``iat`` are checked here against the injectable clock with a
10 s leeway, not by python-jose (which reads the wall clock).

RS256 tokens carry a ``kid`` (the RFC 7638 thumbprint of the public key), published with the key by
``/.well-known/jwks.json`` so that other services verify tokens without a shared secret; a token naming another
``kid`` is refused. HS256 tokens carry none (a thumbprint of a secret would be a hash of it).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jose import jwk, jwt
from jose.backends.base import Key
from jose.exceptions import JOSEError

from bff.auth.viewer import Role, Viewer
from bff.errors import BffError

log = logging.getLogger("bff.auth.tokens")

Algorithm = Literal["HS256", "RS256"]
LEEWAY_S = 10
MIN_SECRET_BYTES = 32
MIN_RSA_BITS = 2048
MAX_TOKEN_CHARS = 8192


class InvalidToken(BffError):
    """The access token cannot be trusted. ``reason`` is for logs only; the client learns nothing more."""

    code = "UNAUTHENTICATED"
    public = True

    def __init__(self, reason: str) -> None:
        super().__init__("invalid or expired token")
        self.reason = reason


def generate_dev_secret() -> str:
    """A random HS256 secret (64 URL-safe characters) for development; tokens die with the process."""
    return secrets.token_urlsafe(48)


def _is_pem(value: str) -> bool:
    return "-----BEGIN" in value or value.lstrip().startswith("ssh-")


def _optional_int(claims: Mapping[str, Any], name: str) -> int | None:
    value = claims.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidToken(f"claim {name} is not an integer")
    return value


def _optional_str(claims: Mapping[str, Any], name: str) -> str | None:
    value = claims.get(name)
    if value is None or isinstance(value, str):
        return value
    raise InvalidToken(f"claim {name} is not a string")


def _required_time(claims: Mapping[str, Any], name: str) -> int:
    value = _optional_int(claims, name)
    if value is None:
        raise InvalidToken(f"claim {name} is missing")
    return value


class TokenIssuer:
    """Issues and verifies access tokens for one algorithm.

    RS256 needs ``private_key`` to issue; ``public_key`` alone verifies (it is derived from the private key
    when omitted). Keys are PEM text.
    """

    def __init__(self, *, algorithm: Algorithm, secret: str | None = None, private_key: str | None = None,
                 public_key: str | None = None, issuer: str = "customk9-bff", audience: str = "customk9",
                 ttl_s: int = 900, now: Callable[[], float] = time.time) -> None:
        if ttl_s <= 0:
            raise ValueError(f"the access token lifetime must be positive, got {ttl_s}")
        self.algorithm: Algorithm = algorithm
        self.issuer, self.audience, self.ttl_s = issuer, audience, ttl_s
        self._now = now
        self._signing_key: Key | None
        self._verifying_key: Key
        self._key_material: bytes | None = None  # what derive_key derives from: the secret or the private key
        self.key_id: str | None = None
        if algorithm == "HS256":
            if private_key or public_key:
                raise ValueError("HS256 takes a secret, not an RSA key pair")
            if not secret:
                raise ValueError("HS256 needs a secret (BFF_JWT_SECRET)")
            if _is_pem(secret):
                raise ValueError("the HS256 secret looks like a PEM or SSH key: use RS256 for key pairs")
            if len(secret.encode()) < MIN_SECRET_BYTES:
                raise ValueError(f"the HS256 secret must be at least {MIN_SECRET_BYTES} bytes long "
                                 f"(got {len(secret.encode())}); `python -c 'import secrets; "
                                 f"print(secrets.token_urlsafe(48))'` makes one")
            self._signing_key = self._verifying_key = jwk.construct(secret, "HS256")
            self._key_material = secret.encode()
        elif algorithm == "RS256":
            if secret:
                raise ValueError("RS256 takes an RSA key pair, not a secret")
            if not private_key and not public_key:
                raise ValueError("RS256 needs a private key (to issue) or a public key (to verify)")
            self._signing_key = None
            if private_key:
                derived = _check_rsa_private(private_key).public_key()
                self._signing_key = jwk.construct(private_key, "RS256")
                self._key_material = private_key.encode()
                if public_key and _public_numbers(public_key) != derived.public_numbers():
                    raise ValueError("the RS256 public key does not match the private key")
                public_key = public_key or derived.public_bytes(
                    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
            else:
                _public_numbers(public_key or "")
            self._verifying_key = jwk.construct(public_key, "RS256")
            self.key_id = _thumbprint(self._verifying_key.to_dict())
        else:
            raise ValueError(f"unsupported JWT algorithm {algorithm!r}: use HS256 or RS256")

    @classmethod
    def from_settings_values(cls, *, secret: str | None, private_key_file: str | None = None,
                             public_key_file: str | None = None, ttl_s: int = 900,
                             issuer: str = "customk9-bff", audience: str = "customk9") -> TokenIssuer:
        """RS256 when a key file is given (the secret is then ignored), else HS256 with ``secret``."""
        if private_key_file or public_key_file:
            return cls(algorithm="RS256", private_key=_read_key(private_key_file),
                       public_key=_read_key(public_key_file), issuer=issuer, audience=audience, ttl_s=ttl_s)
        if secret:
            return cls(algorithm="HS256", secret=secret, issuer=issuer, audience=audience, ttl_s=ttl_s)
        raise ValueError("no JWT signing key: set BFF_JWT_SECRET (HS256) or "
                         "BFF_JWT_PRIVATE_KEY_FILE / BFF_JWT_PUBLIC_KEY_FILE (RS256)")

    def public_jwk(self) -> dict[str, str] | None:
        """The RS256 verifying key as a JWK (``kty n e alg use kid``) for ``/.well-known/jwks.json``; ``None``
        with HS256 (a shared secret is never published)."""
        if self.algorithm != "RS256":
            return None
        key = {k: v for k, v in self._verifying_key.to_dict().items() if k in ("kty", "n", "e")}
        return {**key, "alg": "RS256", "use": "sig", "kid": self.key_id or ""}

    def derive_key(self, purpose: str) -> bytes:
        """A key for another HMAC use (e.g. signed download links), derived from the signing key so that every
        process with the same configuration agrees, and separate from it (``purpose`` names the use)."""
        if self._key_material is None:
            raise ValueError("this TokenIssuer only verifies: it has no key to derive from")
        return hmac.new(self._key_material, b"customk9-bff derived key: " + purpose.encode(), hashlib.sha256).digest()

    @property
    def can_issue(self) -> bool:
        return self._signing_key is not None

    def now(self) -> float:
        """The clock tokens are issued and checked with (epoch seconds)."""
        return self._now()

    def issue(self, viewer: Viewer, *, session_id: str | None = None) -> tuple[str, int]:
        """``(token, expires_in seconds)`` for an authenticated viewer; ``session_id`` names the sign-in (the
        refresh-token family) so that revoking it ends this token too."""
        if not viewer.is_authenticated or viewer.user_id is None:
            raise ValueError("cannot issue an access token for an anonymous viewer")
        if self._signing_key is None:
            raise ValueError("this TokenIssuer only verifies: it has no RS256 private key")
        issued_at = int(self._now())
        claims = {
            "sub": str(viewer.user_id), "iat": issued_at, "nbf": issued_at, "exp": issued_at + self.ttl_s,
            "iss": self.issuer, "aud": self.audience, "jti": secrets.token_urlsafe(16),
            "role": viewer.role.value, "pid": viewer.partner_id, "cpid": viewer.commercial_partner_id,
            "name": viewer.name, "login": viewer.login, "sid": session_id,
        }
        headers = {"kid": self.key_id} if self.key_id else None
        token = jwt.encode(claims, self._signing_key, algorithm=self.algorithm, headers=headers)
        return token, self.ttl_s

    def verify(self, token: str) -> Viewer:
        """The viewer a token stands for, or ``InvalidToken``."""
        try:
            return self._verify(token)
        except InvalidToken as exc:
            log.info("refused access token: %s", exc.reason)
            raise

    def _verify(self, token: str) -> Viewer:
        if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_CHARS or token.count(".") != 2:
            raise InvalidToken("malformed token")
        try:
            header = jwt.get_unverified_header(token)
        except (JOSEError, ValueError, TypeError) as exc:
            raise InvalidToken(f"malformed header: {exc}") from None
        if not isinstance(header, dict) or header.get("alg") != self.algorithm:
            alg = header.get("alg") if isinstance(header, dict) else None
            raise InvalidToken(f"algorithm {alg!r} is not the pinned {self.algorithm}")
        if header.get("kid") is not None and header.get("kid") != self.key_id:
            raise InvalidToken("unknown key id")
        try:
            claims = jwt.decode(
                token, self._verifying_key, algorithms=[self.algorithm], audience=self.audience,
                issuer=self.issuer,
                # exp/iat/nbf are checked by _check_times (python-jose's require_exp would turn its own
                # wall-clock check back on, so presence is checked there too).
                options={"verify_exp": False, "verify_nbf": False, "verify_iat": False, "verify_aud": True,
                         "verify_iss": True, "require_aud": True, "require_iss": True, "require_sub": True},
            )
        except (JOSEError, ValueError, TypeError) as exc:
            raise InvalidToken(f"rejected by python-jose: {exc}") from None
        expires_at = self._check_times(claims)
        return self._viewer(claims, expires_at)

    def _check_times(self, claims: Mapping[str, Any]) -> int:
        now = self._now()
        expires_at = _required_time(claims, "exp")
        issued_at = _required_time(claims, "iat")
        not_before = _optional_int(claims, "nbf")
        if now >= expires_at + LEEWAY_S:
            raise InvalidToken("expired")
        if issued_at > now + LEEWAY_S:
            raise InvalidToken("issued in the future")
        if not_before is not None and not_before > now + LEEWAY_S:
            raise InvalidToken("not valid yet")
        if expires_at <= issued_at:
            raise InvalidToken("expires before it was issued")
        return expires_at

    def _viewer(self, claims: Mapping[str, Any], expires_at: int) -> Viewer:
        sub = claims.get("sub")
        if not isinstance(sub, str) or not sub.isascii() or not sub.isdigit() or int(sub) <= 0:
            raise InvalidToken("sub is not a user id")
        try:
            role = Role(claims.get("role"))
        except ValueError:
            raise InvalidToken(f"unknown role {claims.get('role')!r}") from None
        if role is Role.ANONYMOUS:
            raise InvalidToken("anonymous role in a token")
        return Viewer(role=role, user_id=int(sub), partner_id=_optional_int(claims, "pid"),
                      commercial_partner_id=_optional_int(claims, "cpid"), name=_optional_str(claims, "name"),
                      login=_optional_str(claims, "login"), session_id=_optional_str(claims, "sid"),
                      token_id=_optional_str(claims, "jti"), expires_at=float(expires_at))


def _thumbprint(jwk_dict: Mapping[str, Any]) -> str:
    """RFC 7638 JWK thumbprint of an RSA public key: SHA-256 of its required members, base64url."""
    members = json.dumps({k: jwk_dict[k] for k in ("e", "kty", "n")}, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(hashlib.sha256(members.encode()).digest()).rstrip(b"=").decode()


def _read_key(path: str | None) -> str | None:
    if not path:
        return None
    try:
        return Path(path).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read the JWT key file {path}: {exc}") from exc


def _check_rsa_private(pem: str) -> rsa.RSAPrivateKey:
    try:
        key = serialization.load_pem_private_key(pem.encode(), password=None)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"the RS256 private key is not an unencrypted PEM private key: {exc}") from exc
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("the RS256 private key is not an RSA key")
    if key.key_size < MIN_RSA_BITS:
        raise ValueError(f"the RS256 key must have at least {MIN_RSA_BITS} bits, got {key.key_size}")
    return key


def _public_numbers(pem: str) -> rsa.RSAPublicNumbers:
    try:
        key = serialization.load_pem_public_key(pem.encode())
    except (ValueError, TypeError) as exc:
        raise ValueError(f"the RS256 public key is not a PEM public key: {exc}") from exc
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("the RS256 public key is not an RSA key")
    if key.key_size < MIN_RSA_BITS:
        raise ValueError(f"the RS256 key must have at least {MIN_RSA_BITS} bits, got {key.key_size}")
    return key.public_numbers()
