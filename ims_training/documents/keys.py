"""The RSA signing key for credentials: made on first use, kept outside the database.

Open Badges 3.0 names RS256 as the minimum JWS algorithm, and 1EdTech's public validator accepts
RS256 and ES256 only, so credentials are signed with a 2048-bit RSA key (RS256). The private key
is a PEM file at `SIGNING_KEY_PATH` (default `instance/keys/signing-rs256.pem`, mode 0600). Its
public half is published as a JWKS and, on its own, at the URL in each credential's JOSE `kid`
(see `documents.credential.key_url`); the key's RFC 7638 thumbprint names it in that URL.

Credentials signed earlier with the Ed25519 key (`signing-ed25519.pem`) are not verified any more:
re-sign them with `flask --app ims_training certificates resign` (docs/certification.md).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.rsa import (
    RSAPrivateKey,
    RSAPublicKey,
    generate_private_key,
)

KEY_FILE_NAME = "signing-rs256.pem"
RSA_BITS = 2048
_LOCK = threading.Lock()
_CACHE: dict[str, SigningKey] = {}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _uint(value: int) -> str:
    return b64url(value.to_bytes((value.bit_length() + 7) // 8 or 1, "big"))


@dataclass(frozen=True)
class SigningKey:
    """A loaded key pair with its thumbprint and public JWK (never any private member)."""

    private: RSAPrivateKey
    public: RSAPublicKey
    thumbprint: str
    jwk: dict[str, str]  # kty, n, e only

    @property
    def kid(self) -> str:
        """The bare thumbprint; credentials use `credential.key_url(base, key)` as their kid."""
        return self.thumbprint


def public_jwk(public: RSAPublicKey) -> dict[str, str]:
    numbers = public.public_numbers()
    return {"kty": "RSA", "n": _uint(numbers.n), "e": _uint(numbers.e)}


def thumbprint(jwk: dict[str, str]) -> str:
    """RFC 7638: SHA-256 of the required members (e, kty, n), sorted, without whitespace."""
    required = {k: jwk[k] for k in ("e", "kty", "n")}
    canonical = json.dumps(required, sort_keys=True, separators=(",", ":")).encode()
    return b64url(hashlib.sha256(canonical).digest())


def _from_private(private: RSAPrivateKey) -> SigningKey:
    public = private.public_key()
    jwk = public_jwk(public)
    return SigningKey(private, public, thumbprint(jwk), jwk)


def _create(path: Path) -> None:
    """Write a new key with mode 0600; O_EXCL so two processes never overwrite each other's key."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    pem = generate_private_key(public_exponent=65537, key_size=RSA_BITS).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as f:
        f.write(pem)


def load_signing_key(path: str | os.PathLike[str]) -> SigningKey:
    """The RSA key at `path`, created there on first use; cached per process."""
    key_path = Path(path)
    cached = _CACHE.get(str(key_path))
    if cached is not None and key_path.exists():
        return cached
    with _LOCK:
        if not key_path.exists():
            _create(key_path)
        private = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        if not isinstance(private, RSAPrivateKey) or private.key_size < RSA_BITS:
            raise RuntimeError(
                f"{key_path} does not hold an RSA private key of at least {RSA_BITS} bits "
                "(Open Badges 3.0 signs with RS256). Point SIGNING_KEY_PATH at a new file name: "
                "the portal makes the key there on first use."
            )
        key = _from_private(private)
        _CACHE[str(key_path)] = key
        return key


def jwks(key: SigningKey, kid: str | None = None) -> dict[str, Any]:
    """The public key set a verifier needs to check credentials offline (`kid` as in the JWTs)."""
    return {"keys": [{**key.jwk, "kid": kid or key.thumbprint, "use": "sig", "alg": "RS256"}]}
