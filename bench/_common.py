"""What every family shares: result rows, interleaved rounds, the sandbox and Redis processes."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx

__all__ = [
    "ROOT",
    "Config",
    "RedisServer",
    "Row",
    "SandboxProcess",
    "child_env",
    "free_port",
    "interleave",
    "median",
]

ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")


@dataclass
class Config:
    """Sizes of every loop (``python -m bench --help`` lists the flags)."""

    rounds: int = 15  # interleaved rounds of each timed comparison
    requests: int = 300  # requests per batch in the overhead family
    flow_iterations: int = 20_000  # offline auth-flow drives per round
    tasks: int = 1000  # asyncio tasks in a herd
    threads: int = 64  # threads in a herd
    processes: int = 8  # processes in a herd
    herd_rounds: int = 3  # cold-cache herds per row
    process_rounds: int = 1  # cold-cache process herds per row
    cold_rounds: int = 1  # cold generator runs
    skip_rounds: int = 3  # generator runs with nothing changed
    imports: int = 9  # median of N whole-process runs for import times
    provider: str = "nuxera"  # the overhead family's provider
    herd_provider: str = "cardioexplorer"  # keyhouse's herd provider (client credentials)
    cold_providers: str = ""  # comma-separated providers for the cold generator run; "" = all
    throughput_seconds: float = 2.0  # the sandbox throughput row's duration
    quick: bool = False

    @classmethod
    def quick_config(cls) -> Config:
        return cls(
            rounds=2,
            requests=30,
            flow_iterations=500,
            tasks=50,
            threads=8,
            processes=3,
            herd_rounds=1,
            process_rounds=1,
            cold_rounds=1,
            skip_rounds=1,
            imports=1,
            cold_providers="ovok",
            throughput_seconds=0.3,
            quick=True,
        )


@dataclass
class Row:
    """One line of the table (and of ``results.json``).

    ``value`` is keyhouse's figure, ``baseline`` the figure it is compared with (measured in
    the same run), ``ratio`` keyhouse / baseline where a ratio means something. ``rounds``
    keeps every round's raw figures. A row that could not be measured carries ``error`` (or
    ``skipped``, when something it needs is absent from this machine) instead of a value.
    """

    id: str
    family: str
    label: str
    unit: str
    value: float | None = None
    baseline: float | None = None
    baseline_label: str | None = None
    ratio: float | None = None
    rounds: dict[str, list[float]] = field(default_factory=dict)
    note: str = ""
    error: str | None = None
    skipped: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def interleave(contenders: Mapping[str, Callable[[], T]], rounds: int) -> dict[str, list[T]]:
    """Run each contender once per round, alternating the order (A B, B A, A B, ...).

    Each contender returns one figure per call; the result maps a name to its figures.
    """
    names = list(contenders)
    figures: dict[str, list[T]] = {name: [] for name in names}
    for i in range(rounds):
        order = names if i % 2 == 0 else list(reversed(names))
        for name in order:
            figures[name].append(contenders[name]())
    return figures


async def ainterleave(
    contenders: Mapping[str, Callable[[], Awaitable[T]]], rounds: int
) -> dict[str, list[T]]:
    """:func:`interleave` for coroutines, awaited one after the other on the running loop."""
    names = list(contenders)
    figures: dict[str, list[T]] = {name: [] for name in names}
    for i in range(rounds):
        for name in names if i % 2 == 0 else list(reversed(names)):
            figures[name].append(await contenders[name]())
    return figures


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


_PYCACHE: str | None = None


def child_env(
    extra: Mapping[str, str] | None = None, *, private_pycache: bool = True
) -> dict[str, str]:
    """The environment for child Pythons: this one's import path, and a private bytecode cache.

    This machine sets ``PYTHONDONTWRITEBYTECODE``; without compiled bytecode every child
    would compile keyhouse and the generated clients from source, which is not what an
    installed package does. The cache lives in a temporary folder, never in the tree. With a
    prefix set Python ignores site-packages' own ``__pycache__``, so the first child compiles
    everything it imports: callers that time a child warm the cache first, or pass
    ``private_pycache=False`` (the generator, which only imports installed tools).
    """
    global _PYCACHE  # noqa: PLW0603  (one cache folder per run)
    env = dict(os.environ)
    if private_pycache:
        if _PYCACHE is None:
            _PYCACHE = tempfile.mkdtemp(prefix="keyhouse-bench-pyc-")
            atexit.register(cleanup_pycache)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = _PYCACHE
    paths = [str(p) for p in sys.path if p and Path(p).is_dir()]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys([str(ROOT), *paths]))
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join([bindir, env.get("PATH", "")])
    if extra:
        env.update(extra)
    return env


def cleanup_pycache() -> None:
    if _PYCACHE is not None:
        shutil.rmtree(_PYCACHE, ignore_errors=True)


class SandboxProcess:
    """The sandbox served by a child process (``python -m bench._serve``), admin routes on.

    Counters and resets go through ``/_admin`` over loopback.
    """

    def __init__(self) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "bench._serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=child_env(),
            cwd=ROOT,
            text=True,
        )
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline()
        if not line:
            self._proc.wait(timeout=10)
            raise RuntimeError("the sandbox process did not start")
        info = json.loads(line)
        self.url: str = info["url"]
        #: True when the sandbox's sockets lacked TCP_NODELAY and bench._serve set it.
        self.nodelay_workaround: bool = bool(info.get("nodelay_workaround"))
        self._admin = httpx.Client(base_url=f"{self.url}/_admin", timeout=10)

    def base_url(self, provider: str) -> str:
        return f"{self.url}/{provider}"

    def logins(self, provider: str) -> int:
        response = self._admin.get(f"/counters/{provider}")
        response.raise_for_status()
        return int(response.json()["logins"])

    def counters(self, provider: str) -> dict[str, Any]:
        response = self._admin.get(f"/counters/{provider}")
        response.raise_for_status()
        data: dict[str, Any] = response.json()
        return data

    def reset(self) -> None:
        self._admin.post("/reset", json={}).raise_for_status()

    def close(self) -> None:
        self._admin.close()
        if self._proc.stdin is not None:
            self._proc.stdin.close()
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()

    def __enter__(self) -> SandboxProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class RedisServer:
    """A throwaway ``redis-server`` on a free loopback port: no persistence, killed at exit."""

    def __init__(self, binary: str) -> None:
        self.port = free_port()
        self._proc = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--loglevel",
                "warning",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                if self._command(b"PING") == b"+PONG":
                    break
            except OSError:
                pass
            if self._proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError("redis-server did not start")
            time.sleep(0.02)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _command(self, *words: bytes) -> bytes:
        payload = b"*%d\r\n" % len(words) + b"".join(b"$%d\r\n%s\r\n" % (len(w), w) for w in words)
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as sock:
            sock.sendall(payload)
            return sock.recv(256).strip()

    def flush(self) -> None:
        if self._command(b"FLUSHALL") != b"+OK":
            raise RuntimeError("redis FLUSHALL failed")

    def close(self) -> None:
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()


@contextmanager
def redis_server() -> Iterator[RedisServer | None]:
    """A running Redis, or None when no ``redis-server`` is on PATH."""
    binary = shutil.which("redis-server")
    if binary is None:
        yield None
        return
    server = RedisServer(binary)
    try:
        yield server
    finally:
        server.close()
