"""Cache keys bound to the full credentials, and the AEAD sealing of cached records, so that a
token is only ever served to a caller holding the same credentials, whoever shares the cache.

Once per configuration and process (on the first cache access, never per request)::

    salt   = SHA-256(length-prefixed "keyhouse-cache-v2", provider, base URL, label, identity)
    master = scrypt(length-prefixed secrets, salt, n=2**14, r=8, p=1)   # ~16 MiB, tens of ms
    name   = "<provider>:v2:" + HKDF-Expand(master, "... key id")[:16 bytes].hex()
    aead   = HKDF-Expand(master, "... aes-256-gcm key")

The salt is per account yet the same on every machine (so they find each other's records), and
a reader of the cache pays one scrypt per guessed password. Records are ``"2." +
base64url(nonce || AES-GCM(credential JSON, associated data = the name))``: one copied under
another name, tampered with, or of another format does not open (a miss, never an error).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os
import threading
from collections.abc import Sequence
from typing import Final

from keyhouse._credential import Credential

#: The version of the cache format, in key names, salt, associated data and records.
RECORD_VERSION: Final = 2
_PREFIX: Final = f"{RECORD_VERSION}."
_CONTEXT: Final = f"keyhouse-cache-v{RECORD_VERSION}"
_NONCE: Final = 12
# Threads deriving one configuration at once wait for one derivation (striped locks).
_LOCKS: Final = tuple(threading.Lock() for _ in range(64))


def _encode(parts: Sequence[str]) -> bytes:
    """Unambiguous: each part as a 4-byte length and its UTF-8 bytes."""
    data = [part.encode("utf-8", "surrogatepass") for part in parts]
    return b"".join(len(d).to_bytes(4, "big") + d for d in data)


def _expand(master: bytes, info: str) -> bytes:
    """HKDF-Expand (RFC 5869), one SHA-256 block: ``master`` is already uniform (scrypt)."""
    return hmac.new(master, info.encode() + b"\x01", hashlib.sha256).digest()


class CacheKey:
    """Where a credential lives in a cache (``name``, safe to show) and how it is sealed there
    (the AEAD key, in no ``repr``). Equal names mean equal credentials."""

    __slots__ = ("_aead", "name")

    def __init__(self, name: str, aead_key: bytes) -> None:
        self.name: str = name
        self._aead = aead_key

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"CacheKey({self.name!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CacheKey) and hmac.compare_digest(self.name, other.name)

    def __hash__(self) -> int:
        return hash(self.name)

    def _ad(self) -> bytes:
        return f"{_CONTEXT}\x00{self.name}".encode()

    def seal(self, credential: Credential) -> str:
        """The credential encrypted and authenticated under this key (short ASCII)."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = os.urandom(_NONCE)
        sealed = AESGCM(self._aead).encrypt(nonce, credential.to_json().encode(), self._ad())
        return _PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")

    def open(self, record: object) -> Credential | None:
        """The credential in a :meth:`seal` record; ``None`` for anything that does not open."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        try:
            text = record.decode("ascii") if isinstance(record, bytes) else record
            if not isinstance(text, str) or not text.startswith(_PREFIX):
                return None
            blob = base64.urlsafe_b64decode(text[len(_PREFIX) :].encode("ascii"))
            plain = AESGCM(self._aead).decrypt(blob[:_NONCE], blob[_NONCE:], self._ad())
        except (ValueError, InvalidTag):  # non-ASCII, bad base64, short nonce, forged
            return None
        return Credential.from_json(plain)


def cache_key(
    provider: str, base_url: str, identity: str, secrets: Sequence[str], label: str = ""
) -> CacheKey:
    """The :class:`CacheKey` of one configuration: slow on purpose (scrypt) the first time in a
    process, then memoised. ``label`` separates otherwise equal configurations."""
    args = (provider, base_url.rstrip("/"), identity, tuple(secrets), label)
    with _LOCKS[hash(args) % len(_LOCKS)]:
        return _derive(*args)


@functools.lru_cache(maxsize=4096)
def _derive(
    provider: str, base_url: str, identity: str, secrets: tuple[str, ...], label: str
) -> CacheKey:
    salt = hashlib.sha256(_encode((_CONTEXT, provider, base_url, label, identity))).digest()
    # n * r * 128 bytes = 16 MiB and tens of milliseconds per derivation
    master = hashlib.scrypt(_encode(secrets), salt=salt, n=2**14, r=8, p=1, maxmem=2**26, dklen=32)
    key_id = _expand(master, f"{_CONTEXT} key id").hex()[:32]
    aead = _expand(master, f"{_CONTEXT} aes-256-gcm key")
    return CacheKey(f"{provider}:v{RECORD_VERSION}:{key_id}", aead)
