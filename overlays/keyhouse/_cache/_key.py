"""Cache keys bound to the full credentials, and the AEAD sealing of cached records.

A token is only ever served to a caller holding the same credentials, whatever cache it
shares with whom:

1. Once per configuration (memoised per process, computed on the first cache access, never
   per request), a slow salted KDF turns the configured secrets into 32 bytes::

       salt   = SHA-256(length-prefixed "keyhouse-cache-v2", provider, base URL, label, identity)
       master = scrypt(length-prefixed secrets, salt, n=2**14, r=8, p=1)   # ~16 MiB, tens of ms

   The salt is per account (so no table serves two accounts) yet the same in every process
   and on every machine (so they find each other's records). Anyone reading a cache who
   wants to check a guessed password must pay one scrypt per guess.
2. HKDF-Expand (RFC 5869, SHA-256) of ``master`` gives two independent values: the key id
   (``<provider>:v2:<32 hex>``, the name under which caches store the record) and a 256-bit
   AES-GCM key.
3. File and Redis caches store :meth:`CacheKey.seal` output: ``"2." + base64url(nonce ||
   AES-GCM(credential JSON))``, with the key id as associated data, so a record copied under
   another key name fails to open. A record that does not open (wrong secret, tampered,
   older format) is a miss, never an error.

A wrong secret therefore derives another key id (a miss: the caller logs in, and the
provider refuses it), and even a record found by other means does not open.

``cryptography`` (AES-GCM) is imported on the first seal/open only: ``import keyhouse``
does not load it.
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

__all__ = ["RECORD_VERSION", "CacheKey", "cache_key"]

#: The version of the cache format (key derivation, record sealing); part of the key ids, the
#: salt, the associated data and every sealed record. Bump it on any change.
RECORD_VERSION: Final = 2
_PREFIX: Final = f"{RECORD_VERSION}."
_CONTEXT: Final = f"keyhouse-cache-v{RECORD_VERSION}"
# scrypt cost: 2**14 * 8 * 128 bytes = 16 MiB and tens of milliseconds per derivation.
SCRYPT_N: Final = 2**14
SCRYPT_R: Final = 8
SCRYPT_P: Final = 1
_NONCE: Final = 12
# Threads deriving the same configuration at once wait for one derivation (striped locks:
# different configurations rarely share one).
_LOCKS: Final = tuple(threading.Lock() for _ in range(64))


def _encode(parts: Sequence[str]) -> bytes:
    """An unambiguous encoding: each part as 4-byte length + UTF-8 bytes."""
    out = bytearray()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        out += len(data).to_bytes(4, "big") + data
    return bytes(out)


def _expand(master: bytes, info: str) -> bytes:
    """HKDF-Expand (RFC 5869) for one SHA-256 block: ``master`` is already uniform (scrypt)."""
    return hmac.new(master, info.encode() + b"\x01", hashlib.sha256).digest()


class CacheKey:
    """Where a credential lives in a cache, and how it is sealed there.

    ``name`` is safe to show (provider and a derived hash); the AEAD key is not, and is in no
    ``repr``. Equal names mean equal credentials.
    """

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

    def _associated_data(self) -> bytes:
        return f"{_CONTEXT}\x00{self.name}".encode()

    def seal(self, credential: Credential) -> str:
        """The credential encrypted and authenticated under this key (a short ASCII string)."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = os.urandom(_NONCE)
        sealed = AESGCM(self._aead).encrypt(
            nonce, credential.to_json().encode(), self._associated_data()
        )
        return _PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")

    def open(self, record: object) -> Credential | None:
        """The credential in a :meth:`seal` record; ``None`` for anything that does not open."""
        if isinstance(record, bytes):
            try:
                record = record.decode("ascii")
            except UnicodeDecodeError:
                return None
        if not isinstance(record, str) or not record.startswith(_PREFIX):
            return None
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        try:
            blob = base64.urlsafe_b64decode(record[len(_PREFIX) :].encode("ascii"))
        except ValueError:  # binascii.Error, and non-ASCII text
            return None
        if len(blob) <= _NONCE + 16:
            return None
        try:
            plain = AESGCM(self._aead).decrypt(
                blob[:_NONCE], blob[_NONCE:], self._associated_data()
            )
        except InvalidTag:
            return None
        return Credential.from_json(plain)


def cache_key(
    provider: str,
    base_url: str,
    identity: str,
    secrets: Sequence[str],
    label: str = "",
) -> CacheKey:
    """The :class:`CacheKey` of one configuration (see the module docstring).

    Slow on purpose (scrypt) the first time for a given configuration in a process, then
    memoised. ``label`` separates otherwise identical configurations (a low-level
    ``TokenManager(key=...)``).
    """
    args = (provider, base_url.rstrip("/"), identity, tuple(secrets), label)
    with _LOCKS[hash(args) % len(_LOCKS)]:
        return _derive(*args)


@functools.lru_cache(maxsize=4096)
def _derive(
    provider: str, base_url: str, identity: str, secrets: tuple[str, ...], label: str
) -> CacheKey:
    salt = hashlib.sha256(_encode((_CONTEXT, provider, base_url, label, identity))).digest()
    master = hashlib.scrypt(
        _encode(secrets),
        salt=salt,
        n=SCRYPT_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
        maxmem=64 * 1024 * 1024,
        dklen=32,
    )
    key_id = _expand(master, f"{_CONTEXT} key id").hex()[:32]
    aead = _expand(master, f"{_CONTEXT} aes-256-gcm key")
    return CacheKey(f"{provider}:v{RECORD_VERSION}:{key_id}", aead)
