"""Login herds: how many logins a cold cache costs when many callers need a token at once.

Each herd starts from a cold cache and a zeroed sandbox counter; every caller sends one
authenticated GET; the figure is the number of logins the sandbox issued (its counters, read
over ``/_admin``), never an assumption. Rounds interleave the libraries.

keyhouse has no strategy for a generic OAuth2 server, so keyhouse's herds use CardioExplorer's
client-credentials login (the closest analogue: one POST of a client id and secret returns a
bearer token) and send ``GET /api/ccs/v1/tests/{id}/result`` for an unknown test: the token is
checked first, so an authenticated caller gets 404 and an unauthenticated one 401. httpx-auth
(``OAuth2ClientCredentials``) and Authlib (``OAuth2Client`` / ``AsyncOAuth2Client`` with
``grant_type="client_credentials"``) run the same herd against the sandbox's standard OAuth2
server (``/oauth2/token``, ``GET /oauth2/resource``).

Every library's asyncio herd sends through the same gate (:class:`Gate`): at most
``GATE`` requests in httpx's connection pool at once, the rest waiting on a semaphore.
httpx's async pool slows down quadratically with the number of queued requests (1,000
concurrent GETs through a plain ``httpx.AsyncClient`` with a static header take about 35 s
here, nearly all of it in the pool), which would time the pool rather than the herd. The gate
sits below the auth flow, so every task still asks for its token at the same moment.

Cold means: keyhouse, a new ``Keyhouse`` (memory cache) or a new cache file / a flushed Redis;
httpx-auth, its process-wide token cache cleared; Authlib, a client holding an expired token
(Authlib fetches with client credentials only to replace an expired token; without one it
raises ``MissingTokenError``). Process herds start every process, wait until all have
imported and built their client, then release them together.
"""

from __future__ import annotations

import asyncio
import functools
import json
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from ._common import ROOT, Config, RedisServer, Row, SandboxProcess, child_env, interleave, median

__all__ = ["run"]

KH_PATH = "/api/ccs/v1/tests/00000000-0000-0000-0000-000000000000/result"
KH_OK = frozenset({200, 404})  # authenticated (the unknown test is looked up after the token)
TIMEOUT = 30.0
EXPIRED = {"access_token": "expired", "token_type": "Bearer", "expires_at": 1}
LIBS = ("keyhouse", "httpx_auth", "authlib")
LIB_LABELS = {"keyhouse": "keyhouse", "httpx_auth": "httpx-auth", "authlib": "Authlib"}


GATE = 32


class Gate(httpx.AsyncBaseTransport):
    """An async transport letting at most ``limit`` requests into the connection pool."""

    def __init__(self, limit: int = GATE) -> None:
        limits = httpx.Limits(max_connections=limit, max_keepalive_connections=limit)
        self._transport = httpx.AsyncHTTPTransport(limits=limits)
        self._slots = asyncio.Semaphore(limit)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        async with self._slots:
            response = await self._transport.handle_async_request(request)
            body = await response.aread()
            await response.aclose()
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            content=body,
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self._transport.aclose()


@dataclass
class Herd:
    logins: int
    seconds: float
    statuses: Counter[str] = field(default_factory=Counter)
    loop_lag: float | None = None  # asyncio herds: the longest the event loop was blocked


async def _watch_loop(lags: list[float], period: float = 0.002) -> None:
    """Record how late a short sleep wakes up: the event loop's longest stall."""
    loop = asyncio.get_running_loop()
    while True:
        t0 = loop.time()
        await asyncio.sleep(period)
        lags.append(loop.time() - t0 - period)


def _status(result: httpx.Response | BaseException) -> str:
    if isinstance(result, BaseException):
        return type(result).__name__
    return str(result.status_code)


class Herds:
    """Every herd of one run, against one sandbox process."""

    def __init__(self, sandbox: SandboxProcess, cfg: Config) -> None:
        from keyhouse_sandbox import DEMO_CREDENTIALS, env_for

        self.sandbox = sandbox
        self.cfg = cfg
        self.provider = cfg.herd_provider
        self.kh_env = env_for(self.provider, sandbox.base_url(self.provider))
        oauth2 = sandbox.base_url("oauth2")
        self.anchor = {
            "token_url": f"{oauth2}/token",
            "resource_url": f"{oauth2}/resource",
            "client_id": DEMO_CREDENTIALS["oauth2"]["client_id"],
            "client_secret": DEMO_CREDENTIALS["oauth2"]["client_secret"],
        }
        # Counting 404 as success is honest only if the token is checked before the lookup.
        anonymous = httpx.get(sandbox.base_url(self.provider) + KH_PATH, timeout=TIMEOUT)
        if anonymous.status_code != 401:
            raise RuntimeError(f"{KH_PATH} without a token answered {anonymous.status_code}")

    def _counted(self, lib: str, herd: Callable[[], tuple[float, Counter[str]]]) -> Herd:
        self.sandbox.reset()
        seconds, statuses = herd()
        provider = self.provider if lib == "keyhouse" else "oauth2"
        return Herd(self.sandbox.logins(provider), seconds, statuses)

    # --- asyncio tasks -----------------------------------------------------------------------

    def asyncio_herd(self, lib: str) -> Herd:
        n = self.cfg.tasks

        lags: list[float] = []

        async def gather(
            send: Callable[[], Coroutine[Any, Any, httpx.Response]],
        ) -> tuple[float, Counter[str]]:
            watcher = asyncio.create_task(_watch_loop(lags))
            await asyncio.sleep(0)
            t0 = time.perf_counter()
            results = await asyncio.gather(*(send() for _ in range(n)), return_exceptions=True)
            seconds = time.perf_counter() - t0
            watcher.cancel()
            return seconds, Counter(_status(r) for r in results)

        async def keyhouse() -> tuple[float, Counter[str]]:
            from keyhouse import Keyhouse, provider_name

            async with Keyhouse.from_env(self.kh_env, async_transport=Gate()) as kh:
                client = kh.client(provider_name(self.provider)).client.get_async_httpx_client()
                return await gather(lambda: client.get(KH_PATH))

        async def httpx_auth() -> tuple[float, Counter[str]]:
            import httpx_auth as ha

            ha.OAuth2.token_cache.clear()
            auth = ha.OAuth2ClientCredentials(
                self.anchor["token_url"], self.anchor["client_id"], self.anchor["client_secret"]
            )
            async with httpx.AsyncClient(auth=auth, timeout=TIMEOUT, transport=Gate()) as client:
                return await gather(lambda: client.get(self.anchor["resource_url"]))

        async def authlib() -> tuple[float, Counter[str]]:
            from authlib.integrations.httpx_client import (  # type: ignore[import-untyped]
                AsyncOAuth2Client,
            )

            async with AsyncOAuth2Client(
                client_id=self.anchor["client_id"],
                client_secret=self.anchor["client_secret"],
                token_endpoint=self.anchor["token_url"],
                grant_type="client_credentials",
                token=dict(EXPIRED),
                timeout=TIMEOUT,
                transport=Gate(),
            ) as client:
                return await gather(lambda: client.get(self.anchor["resource_url"]))

        herds = {"keyhouse": keyhouse, "httpx_auth": httpx_auth, "authlib": authlib}
        result = self._counted(lib, lambda: asyncio.run(herds[lib]()))
        result.loop_lag = max(lags, default=0.0)
        return result

    # --- threads -----------------------------------------------------------------------------

    def thread_herd(self, lib: str) -> Herd:
        n = self.cfg.threads

        def together(send: Callable[[], httpx.Response]) -> tuple[float, Counter[str]]:
            barrier = threading.Barrier(n + 1)

            def one() -> httpx.Response:
                barrier.wait()
                return send()

            with ThreadPoolExecutor(n) as pool:
                futures = [pool.submit(one) for _ in range(n)]
                barrier.wait()
                t0 = time.perf_counter()
                statuses: Counter[str] = Counter()
                for future in futures:
                    exc = future.exception()
                    statuses[_status(exc if exc is not None else future.result())] += 1
                return time.perf_counter() - t0, statuses

        def keyhouse() -> tuple[float, Counter[str]]:
            from keyhouse import Keyhouse, provider_name

            with Keyhouse.from_env(self.kh_env) as kh:
                client = kh.client(provider_name(self.provider)).client.get_httpx_client()
                return together(lambda: client.get(KH_PATH))

        def httpx_auth() -> tuple[float, Counter[str]]:
            import httpx_auth as ha

            ha.OAuth2.token_cache.clear()
            auth = ha.OAuth2ClientCredentials(
                self.anchor["token_url"], self.anchor["client_id"], self.anchor["client_secret"]
            )
            with httpx.Client(auth=auth, timeout=TIMEOUT) as client:
                return together(lambda: client.get(self.anchor["resource_url"]))

        def authlib() -> tuple[float, Counter[str]]:
            from authlib.integrations.httpx_client import OAuth2Client

            with OAuth2Client(
                client_id=self.anchor["client_id"],
                client_secret=self.anchor["client_secret"],
                token_endpoint=self.anchor["token_url"],
                grant_type="client_credentials",
                token=dict(EXPIRED),
                timeout=TIMEOUT,
            ) as client:
                return together(lambda: client.get(self.anchor["resource_url"]))

        herds = {"keyhouse": keyhouse, "httpx_auth": httpx_auth, "authlib": authlib}
        return self._counted(lib, herds[lib])

    # --- processes ---------------------------------------------------------------------------

    def process_herd(self, lib: str, cache: str | None) -> Herd:
        spec: dict[str, Any] = {"lib": lib}
        extra: dict[str, str] = {}
        if lib == "keyhouse":
            spec.update(provider=self.provider, path=KH_PATH)
            extra.update(self.kh_env)
            if cache is not None:
                extra["KEYHOUSE_CACHE"] = cache
        else:
            spec.update(self.anchor)
        env = child_env(extra)
        argv = [sys.executable, "-m", "bench._herd_worker", json.dumps(spec)]

        def herd() -> tuple[float, Counter[str]]:
            procs = [
                subprocess.Popen(
                    argv,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    env=env,
                    cwd=ROOT,
                    text=True,
                )
                for _ in range(self.cfg.processes)
            ]
            try:
                for proc in procs:  # all imported, clients built
                    assert proc.stdout is not None
                    if proc.stdout.readline().strip() != "ready":
                        raise RuntimeError(f"a {lib} herd worker failed to start")
                for proc in procs:
                    assert proc.stdin is not None
                    proc.stdin.write("go\n")
                    proc.stdin.flush()
                reports = []
                for proc in procs:
                    out, _ = proc.communicate(timeout=60)
                    reports.append(json.loads(out.strip().splitlines()[-1]))
            finally:
                for proc in procs:
                    if proc.poll() is None:
                        proc.kill()
                        proc.wait()
            seconds = max(r["end"] for r in reports) - min(r["start"] for r in reports)
            return seconds, Counter(str(r["status"]) for r in reports)

        return self._counted(lib, herd)


def _row(
    row_id: str, label: str, lib: str, herds: list[Herd], callers: int, ok: frozenset[int]
) -> Row:
    logins = [h.logins for h in herds]
    statuses: Counter[str] = Counter()
    for h in herds:
        statuses.update(h.statuses)
    failed = {s: c for s, c in statuses.items() if not (s.isdigit() and int(s) in ok)}
    seconds = median([h.seconds for h in herds])
    note = f"{callers} callers done in {seconds:.2f} s; logins per round {logins}"
    # The longest event-loop stall is kept in the JSON only: it mixes a blocking token fetch
    # (httpx-auth fetches synchronously inside the loop) with the burst of CPU work when many
    # woken tasks build their requests in one loop iteration, so it is no clean figure.
    lags = [h.loop_lag for h in herds if h.loop_lag is not None]
    if failed:
        note += f"; FAILED calls {failed}"
    return Row(
        id=row_id,
        family="herd",
        label=f"{label}, {LIB_LABELS[lib]}",
        unit="logins",
        value=float(max(logins)),
        rounds={"logins": [float(x) for x in logins], "seconds": [h.seconds for h in herds]},
        note=note,
        error=f"failed calls: {failed}" if failed else None,
        extra={
            "statuses": dict(statuses),
            "seconds": seconds,
            "callers": callers,
            "loop_lag_ms": [lag * 1000 for lag in lags],
        },
    )


def _ok(lib: str) -> frozenset[int]:
    return KH_OK if lib == "keyhouse" else frozenset({200})


def _scope(lib: str) -> str:
    return "CardioExplorer client credentials" if lib == "keyhouse" else "sandbox /oauth2"


def run(sandbox: SandboxProcess, cfg: Config, redis: RedisServer | None) -> list[Row]:
    herds = Herds(sandbox, cfg)
    rows: list[Row] = []

    figures = interleave(
        {lib: functools.partial(herds.asyncio_herd, lib) for lib in LIBS}, cfg.herd_rounds
    )
    for lib in LIBS:
        label = f"{cfg.tasks} asyncio tasks, cold ({_scope(lib)})"
        rows.append(_row(f"herd.asyncio.{lib}", label, lib, figures[lib], cfg.tasks, _ok(lib)))

    figures = interleave(
        {lib: functools.partial(herds.thread_herd, lib) for lib in LIBS}, cfg.herd_rounds
    )
    for lib in LIBS:
        label = f"{cfg.threads} threads, cold ({_scope(lib)})"
        rows.append(_row(f"herd.threads.{lib}", label, lib, figures[lib], cfg.threads, _ok(lib)))

    with tempfile.TemporaryDirectory(prefix="keyhouse-bench-") as tmp:
        counter = iter(range(1_000_000))

        def file_herd() -> Herd:  # a new cache file per round: cold
            path = Path(tmp) / f"tokens-{next(counter)}.json"
            return herds.process_herd("keyhouse", f"file:{path}")

        def redis_herd() -> Herd:
            assert redis is not None
            redis.flush()
            return herds.process_herd("keyhouse", redis.url)

        contenders: dict[str, Callable[[], Herd]] = {
            "file": file_herd,
            "httpx_auth": lambda: herds.process_herd("httpx_auth", None),
            "authlib": lambda: herds.process_herd("authlib", None),
        }
        if redis is not None:
            contenders["redis"] = redis_herd
        figures = interleave(contenders, cfg.process_rounds)
    p = cfg.processes
    rows.append(
        _row(
            "herd.processes_file.keyhouse",
            f"{p} processes, file cache, cold ({_scope('keyhouse')})",
            "keyhouse",
            figures["file"],
            p,
            KH_OK,
        )
    )
    redis_label = f"{p} processes, Redis cache, cold ({_scope('keyhouse')})"
    if redis is not None:
        rows.append(
            _row(
                "herd.processes_redis.keyhouse", redis_label, "keyhouse", figures["redis"], p, KH_OK
            )
        )
    else:
        rows.append(
            Row(
                id="herd.processes_redis.keyhouse",
                family="herd",
                label=f"{redis_label}, keyhouse",
                unit="logins",
                skipped="no redis-server on PATH",
            )
        )
    for lib in ("httpx_auth", "authlib"):
        label = f"{p} processes, no shared cache exists ({_scope(lib)})"
        rows.append(_row(f"herd.processes.{lib}", label, lib, figures[lib], p, _ok(lib)))
    return rows
