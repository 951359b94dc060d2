"""Crash safety of the file cache: writers killed with SIGKILL mid-write, 100 times.

A forked child writes credentials to a :class:`FileCache` in a tight loop (big records, so
that most of its time is spent inside the atomic write) and is killed after a random delay.
After every kill the records are read back, by a fresh cache object and raw: each must be a
valid document or absent, every credential in them must be one that a writer produced in full
(each token carries a digest of itself and the other fields are derived from it), and the cache
must still take new writes (no stale lock).
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import random
import time
from pathlib import Path

import pytest
from keyhouse._cache import FileCache, cache_key
from keyhouse._credential import Credential

pytestmark = [pytest.mark.slow, pytest.mark.timeout(90)]

KILLS = 100
KEYS = tuple(
    cache_key(provider, "https://api.example", identity, ("pw-canary",))
    for provider, identity in (("ovok", "a"), ("nuxera", "b"), ("bforeai", "c"))
)
#: obtained_at of the credentials: now (the file cache drops records past their expiry)
NOW = float(int(time.time()))
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def make_credential(writer: int, seq: int, rng: random.Random) -> Credential:
    """A credential whose every field can be checked against its token."""
    body = "".join(rng.choices(_ALPHABET, k=rng.randint(1_000, 150_000)))
    stem = f"W{writer}.S{seq}.{body}"
    token = f"{stem}.{_digest(stem)}"
    obtained = NOW + seq
    return Credential(
        token=token,
        obtained_at=obtained,
        expires_at=obtained + 3600,
        refresh_token="R" + _digest(token),
        refresh_expires_at=obtained + 7200,
        extra={"api_key": "K" + _digest(token + "k")},
    )


def assert_whole(credential: Credential) -> None:
    """Fail unless ``credential`` is exactly what :func:`make_credential` produced."""
    token = credential.token
    stem, _, digest = token.rpartition(".")
    assert digest == _digest(stem), "token is not one a writer produced in full"
    seq = int(stem.split(".")[1][1:])
    assert credential.obtained_at == NOW + seq
    assert credential.expires_at == credential.obtained_at + 3600
    assert credential.refresh_token == "R" + _digest(token)
    assert credential.refresh_expires_at == credential.obtained_at + 7200
    assert dict(credential.extra) == {"api_key": "K" + _digest(token + "k")}


def _writer(path: str, writer: int) -> None:
    """Child process: write (and sometimes delete) forever, until killed."""
    rng = random.Random(writer)
    cache = FileCache(path)
    seq = 0
    while True:
        seq += 1
        key = rng.choice(KEYS)
        if rng.random() < 0.1:
            cache.delete(key)
        else:
            cache.set(key, make_credential(writer, seq, rng))


def _read_back(path: Path) -> int:
    """Read the cache as a fresh process would; return how many credentials it holds."""
    cache = FileCache(path)
    for record in cache.folder.glob("*.json"):
        # Atomic replace: a record is never half-written, not even "corrupt, so empty".
        document = json.loads(record.read_bytes())
        assert document["version"] == 3
        assert isinstance(document["record"], str)
    found = 0
    for key in KEYS:
        credential = cache.get(key)  # must not raise
        if credential is not None:
            assert_whole(credential)
            found += 1
    return found


def test_file_cache_survives_sigkill_mid_write(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "tokens.json"
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(20261123)
    caplog.set_level(logging.WARNING, logger="keyhouse")
    started = time.monotonic()
    credentials_seen = mid_write = 0
    folder = FileCache(path).folder
    left: set[tuple[str, int, int]] = set()
    for kill in range(KILLS):
        child = ctx.Process(target=_writer, args=(str(path), kill), daemon=True)
        child.start()
        time.sleep(rng.uniform(0.002, 0.12))
        assert child.pid is not None
        child.kill()  # SIGKILL
        child.join(5)
        assert child.exitcode == -9, f"writer {kill} was not killed by SIGKILL"
        # A new temp file left behind is a kill that landed inside the atomic write.
        temps = {(p.name, p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.glob(".*.tmp")}
        mid_write += bool(temps - left)
        left = temps
        credentials_seen += _read_back(path)

    # one temp file per key at most: the key's next writer removes its killed predecessor's
    assert len(list(folder.glob(".*.tmp"))) <= len(KEYS)
    print(
        f"\n{KILLS} SIGKILLs in {time.monotonic() - started:.1f}s; {mid_write} landed mid-write "
        f"(temp file left behind); {credentials_seen} credentials read back whole"
    )
    assert mid_write > 0, "no kill landed inside a write: the test proved nothing"
    assert credentials_seen > 0
    assert not [r for r in caplog.records if "corrupt" in r.getMessage()]

    # No stale lock: a new writer still gets through, and its write reads back.
    cache = FileCache(path)
    final = make_credential(999, 1, random.Random(1))
    cache.set(KEYS[0], final)
    got = FileCache(path).get(KEYS[0])
    assert got is not None
    assert got.token == final.token
    assert oct(cache._record(KEYS[0]).stat().st_mode & 0o777) == oct(0o600)


def test_truncated_cache_file_reads_as_empty(tmp_path: Path) -> None:
    """What a non-atomic writer would leave behind: every prefix of a real record reads as
    empty or whole, never raises; the next write repairs the record."""
    path = tmp_path / "tokens.json"
    cache = FileCache(path)
    credential = make_credential(1, 1, random.Random(2))
    cache.set(KEYS[0], credential)
    record = cache._record(KEYS[0])
    full = record.read_bytes()
    step = max(1, len(full) // 400)
    for cut in [*range(0, len(full), step), len(full) - 1]:
        record.write_bytes(full[:cut])
        assert FileCache(path).get(KEYS[0]) is None
    for junk in (b"\xff\xfe\x00garbage", b"[]", b'{"version": 2, "entries": {}}', b"null"):
        record.write_bytes(junk)
        assert FileCache(path).get(KEYS[0]) is None
    cache.set(KEYS[0], credential)
    got = FileCache(path).get(KEYS[0])
    assert got is not None
    assert_whole(got)
