"""The Ed25519 signing key for credentials: made on first use, kept outside the database.

The private key is a PEM file at `SIGNING_KEY_PATH` (mode 0600). The public half is published as
a JWKS; `kid` is its RFC 7638 JWK thumbprint, so anyone can match a credential to its key.
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
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

_LOCK = threading.Lock()
_CACHE: dict[str, SigningKey] = {}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class SigningKey:
    """A loaded key pair with its key id and public JWK."""

    private: Ed25519PrivateKey
    public: Ed25519PublicKey
    kid: str
    jwk: dict[str, str]


def public_jwk(public: Ed25519PublicKey) -> dict[str, str]:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw)}


def thumbprint(jwk: dict[str, str]) -> str:
    """RFC 7638: SHA-256 of the required members, sorted, without whitespace."""
    required = {k: jwk[k] for k in ("crv", "kty", "x")}
    canonical = json.dumps(required, sort_keys=True, separators=(",", ":")).encode()
    return b64url(hashlib.sha256(canonical).digest())


def _from_private(private: Ed25519PrivateKey) -> SigningKey:
    public = private.public_key()
    jwk = public_jwk(public)
    kid = thumbprint(jwk)
    return SigningKey(private, public, kid, {**jwk, "kid": kid, "use": "sig", "alg": "EdDSA"})


def _create(path: Path) -> None:
    """Write a new key with mode 0600; O_EXCL so two processes never overwrite each other's key."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as f:
        f.write(pem)


def load_signing_key(path: str | os.PathLike[str]) -> SigningKey:
    """The key at `path`, created there on first use; cached per process."""
    key_path = Path(path)
    cached = _CACHE.get(str(key_path))
    if cached is not None and key_path.exists():
        return cached
    with _LOCK:
        if not key_path.exists():
            _create(key_path)
        private = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        if not isinstance(private, Ed25519PrivateKey):
            raise RuntimeError(f"{key_path} does not hold an Ed25519 private key")
        key = _from_private(private)
        _CACHE[str(key_path)] = key
        return key


def jwks(key: SigningKey) -> dict[str, Any]:
    """The public key set a verifier needs to check credentials offline."""
    return {"keys": [key.jwk]}
