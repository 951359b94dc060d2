"""Warm-path overhead: ``kh.<provider>`` versus a raw httpx client with a static header.

Both sides send the same request to the same sandbox endpoint over loopback, with the same
headers (the raw client's static headers are copied from a request keyhouse sent), one
request at a time, so a request's latency is client CPU + server CPU + loopback and keyhouse's
share shows in full. Rounds alternate the order (keyhouse first, then raw first, ...).

Rows:

* ``overhead.sync``          requests/s, ``kh.<p>.get_httpx_client()`` vs ``httpx.Client``;
* ``overhead.async``         the same with ``get_async_httpx_client()`` vs ``httpx.AsyncClient``;
* ``overhead.sync_endpoint`` the generated endpoint function (``sync_detailed``) called with
  ``kh.<p>`` vs with a plain generated ``AuthenticatedClient(token=static)``;
* ``overhead.cpu_per_request`` this process's CPU time per request (``time.process_time``;
  the server is another process), keyhouse minus raw, from the sync rounds;
* ``overhead.auth_flow``     keyhouse's ``httpx.Auth`` flow driven against a pre-built
  response, no network, versus the flow httpx runs for a client without auth;
* ``overhead.hooks``         the same flow of a Keyhouse with event hooks registered (an
  ``EventCounter`` and a no-op) versus one without: what hooks add per warm request (budget
  0.5 µs; the row says whether OpenTelemetry is installed: the bench session does not install it);
* ``overhead.warm_cpu``      this process's CPU per warm request (``time.process_time``) of
  ``kh.<p>``'s httpx client, of an httpx-auth ``OAuth2ClientCredentials`` client with its token
  cached and of a static-header ``httpx.Client``, all over one ``MockTransport`` (no network):
  what keyhouse adds per request (budget 5 µs, and less than httpx-auth adds; issue 9);
* ``overhead.body_<size>``   requests/s with a JSON body of 1 KB, 150 KB and 1.5 MB from a
  ``MockTransport`` (no network, so the body's cost is all there is), keyhouse's auth versus a
  static header, the caller parsing every body once: how keyhouse's cost grows with the body;
* ``overhead.threads_<n>``  warm requests/s with 1, 8 and 64 threads sharing one client over a
  ``MockTransport``, keyhouse's auth versus a static header: how its cost grows with concurrency;
* ``overhead.tasks_<n>``    the same with 1 and 100 asyncio tasks sharing one ``httpx.AsyncClient``.
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from ._common import Config, Row, SandboxProcess, ainterleave, interleave, median

if TYPE_CHECKING:
    from keyhouse import Keyhouse, ProviderName

__all__ = ["WARM_CPU_BUDGET_US", "run"]

#: CPU keyhouse may add per warm request over a static-header client (issue 9), in µs.
WARM_CPU_BUDGET_US = 5.0


@dataclass(frozen=True)
class Target:
    """A cheap authenticated GET of one provider, and its generated endpoint function."""

    path: str
    endpoint: str  # module:function of the generated package (``sync_detailed`` is called)


TARGETS: dict[str, Target] = {
    "nuxera": Target("/api/auth/me", "keyhouse_nuxera.api.auth.get_me"),
    "ovok": Target("/auth/session", "keyhouse_ovok.api.sessions.list_sessions"),
}
# Headers a provider's strategy may put on a request; the raw client gets the same ones.
_AUTH_HEADERS = ("authorization", "x-api-key", "x-authorization")


def _static_headers(kh: Keyhouse, provider: ProviderName, request: httpx.Request) -> dict[str, str]:
    """The credential headers keyhouse writes on ``request`` (on the wire only: its transport
    writes them on a copy, so ``response.request`` does not carry them)."""
    manager = kh.manager(provider)
    credential = manager.current()
    if credential is None:
        raise RuntimeError(f"{provider}: no token after the first call")
    probe = httpx.Request(request.method, request.url)
    manager.strategy.apply(probe, credential)
    return {name: probe.headers[name] for name in _AUTH_HEADERS if name in probe.headers}


def _sync_batch(client: httpx.Client, path: str, n: int, cpu: list[float]) -> float:
    get = client.get
    bad = 0
    c0 = time.process_time()
    t0 = time.perf_counter()
    for _ in range(n):
        if get(path).status_code != 200:
            bad += 1
    wall = time.perf_counter() - t0
    cpu.append((time.process_time() - c0) / n)
    if bad:
        raise RuntimeError(f"{bad} of {n} requests to {path} failed")
    return n / wall


async def _async_batch(client: httpx.AsyncClient, path: str, n: int) -> float:
    get = client.get
    bad = 0
    t0 = time.perf_counter()
    for _ in range(n):
        if (await get(path)).status_code != 200:
            bad += 1
    wall = time.perf_counter() - t0
    if bad:
        raise RuntimeError(f"{bad} of {n} requests to {path} failed")
    return n / wall


def _endpoint_batch(fn: Callable[..., Any], client: Any, n: int) -> float:
    bad = 0
    t0 = time.perf_counter()
    for _ in range(n):
        if fn(client=client).status_code != 200:
            bad += 1
    wall = time.perf_counter() - t0
    if bad:
        raise RuntimeError(f"{bad} of {n} endpoint calls failed")
    return n / wall


def _per_call(call: Callable[[], object], n: int) -> float:
    """Microseconds per call over ``n`` calls."""
    t0 = time.perf_counter()
    for _ in range(n):
        call()
    return (time.perf_counter() - t0) / n * 1e6


def _resource_row(provider: str, target: Target, body: bytes, cfg: Config) -> Row:
    """``kh.<p>.<tag>.<op>()`` against the generated function it wraps, on one client whose
    transport answers from memory: what the resource layer adds per call, without network."""
    module = importlib.import_module(target.endpoint)
    package = importlib.import_module(target.endpoint.split(".", 1)[0])
    tag, name = target.endpoint.rsplit(".", 2)[1:]

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "application/json"}, content=body)

    client = package.AuthenticatedClient(
        base_url="http://bench.invalid",
        token="bench",
        httpx_args={"transport": httpx.MockTransport(answer)},
    )
    method = getattr(getattr(getattr(package, provider.capitalize())(client=client), tag), name)
    fn = module.sync
    n = max(100, cfg.flow_iterations // 10)
    figures = interleave(
        {
            "keyhouse": lambda: _per_call(method, n),
            "raw": lambda: _per_call(lambda: fn(client=client), n),
        },
        cfg.rounds,
    )
    ours, theirs = median(figures["keyhouse"]), median(figures["raw"])
    client.get_httpx_client().close()
    return Row(
        id="overhead.resource_method",
        family="overhead",
        label=f"µs per call, kh.{provider}.{tag}.{name}()",
        unit="µs",
        value=ours,
        baseline=theirs,
        baseline_label=f"{name}.sync(client=...)",
        ratio=ours / theirs,
        rounds=figures,
        note=f"added {ours - theirs:+.2f} µs per call (budget: 2 µs); in-memory transport",
        extra={"added_us": ours - theirs},
    )


def _ratio_row(
    row_id: str, label: str, figures: dict[str, list[float]], baseline_label: str, note: str
) -> Row:
    kh, raw = median(figures["keyhouse"]), median(figures["raw"])
    # Per-round ratios (each round's pair ran back to back) are less exposed to drift.
    per_round = [a / b for a, b in zip(figures["keyhouse"], figures["raw"], strict=True)]
    return Row(
        id=row_id,
        family="overhead",
        label=label,
        unit="req/s",
        value=kh,
        baseline=raw,
        baseline_label=baseline_label,
        ratio=median(per_round),
        rounds={**figures, "ratio": per_round},
        note=note,
    )


def _drive_flow(
    auth: httpx.Auth, request: httpx.Request, response: httpx.Response, n: int
) -> Callable[[], float]:
    """A round: ``n`` drives of ``auth``'s sync flow against ``response``; µs of CPU each."""

    def once() -> float:
        c0 = time.process_time()
        for _ in range(n):
            flow = auth.sync_auth_flow(request)
            next(flow)
            try:
                flow.send(response)
            except StopIteration:
                pass
            else:
                raise RuntimeError("the auth flow wanted a second request")
        return (time.process_time() - c0) / n * 1e6

    return once


def _flow_rows(auth: httpx.Auth, request: httpx.Request, body: bytes, cfg: Config) -> Row:
    """Drive the auth flows against a response already in memory: pure CPU per request."""
    response = httpx.Response(
        200, headers={"content-type": "application/json"}, content=body, request=request
    )
    n = cfg.flow_iterations
    figures = interleave(
        {
            "keyhouse": _drive_flow(auth, request, response, n),
            "raw": _drive_flow(httpx.Auth(), request, response, n),
        },
        cfg.rounds,
    )
    kh, raw = median(figures["keyhouse"]), median(figures["raw"])
    return Row(
        id="overhead.auth_flow",
        family="overhead",
        label="auth flow CPU per request, no network",
        unit="µs",
        value=kh,
        baseline=raw,
        baseline_label="httpx without auth",
        rounds=figures,
        note=f"added {kh - raw:.1f} µs (token check, headers, status and content-type check)",
        extra={"added_us": kh - raw},
    )


def _hooks_row(kh: Any, provider: str, request: httpx.Request, body: bytes, cfg: Config) -> Row:
    """Warm-path CPU per request of a Keyhouse with hooks registered vs one without (both
    driving their auth flow against a response in memory; the hooked one shares the cache,
    so its first token is a cache hit, not a login)."""
    import dataclasses
    import importlib.util

    from keyhouse import Keyhouse, provider_name
    from keyhouse.events import EventCounter

    name = provider_name(provider)
    counter = EventCounter()
    settings = dataclasses.replace(kh.settings, hooks=(counter, lambda event: None))
    hooked = Keyhouse(settings, cache=kh.cache)
    try:
        hooked.token(name)
        auths = {
            "hooks": hooked.client(name).client.get_httpx_client().auth,
            "no_hooks": kh.client(name).client.get_httpx_client().auth,
        }
        response = httpx.Response(
            200, headers={"content-type": "application/json"}, content=body, request=request
        )
        n = cfg.flow_iterations
        figures = interleave(
            {k: _drive_flow(a, request, response, n) for k, a in auths.items()}, cfg.rounds
        )
    finally:
        hooked.close()
    with_hooks, without = median(figures["hooks"]), median(figures["no_hooks"])
    added = with_hooks - without
    otel = importlib.util.find_spec("opentelemetry") is not None
    return Row(
        id="overhead.hooks",
        family="overhead",
        label="auth flow CPU per request, 2 event hooks registered",
        unit="µs",
        value=with_hooks,
        baseline=without,
        baseline_label="no hooks registered",
        ratio=with_hooks / without,
        rounds=figures,
        note=(
            f"added {added:+.2f} µs (budget: 0.5 µs); OpenTelemetry "
            f"{'installed' if otel else 'not installed'}; events seen: {counter.counts()}"
        ),
        extra={"added_us": added, "opentelemetry_installed": otel},
    )


def _warm_batch(client: httpx.Client, path: str, n: int) -> float:
    """µs of this process's CPU per request over ``n`` sequential GETs of ``path``."""
    get = client.get
    c0 = time.process_time()
    for _ in range(n):
        get(path)
    return (time.process_time() - c0) / n * 1e6


def _warm_cpu_row(
    kh: Keyhouse,
    provider: str,
    base_url: str,
    path: str,
    headers: dict[str, str],
    body: bytes,
    cfg: Config,
) -> Row:
    """CPU per warm request through three clients over one ``MockTransport``: keyhouse's
    (``kh.<p>.client.get_httpx_client()``: auth flow, credential-and-error-mapping and retry
    transports, token in memory), httpx-auth's ``OAuth2ClientCredentials`` with its token
    cached, and a plain ``httpx.Client`` with the token as a static header. Same request,
    same answer, no network: what differs is each client's own work. Added CPU is the median
    of per-round differences with the static-header client (each round's batches ran back
    to back, in alternating order)."""
    from keyhouse import Keyhouse, provider_name

    label = "CPU per warm request (process_time), MockTransport"
    try:
        import httpx_auth
    except ImportError:  # an anchor, installed by the bench session: the other rows go on
        return Row(
            id="overhead.warm_cpu",
            family="overhead",
            label=label,
            unit="µs",
            skipped="httpx-auth is not installed",
        )

    token_path = "/bench-token"

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(token_path):  # httpx-auth's one token request
            token = {"access_token": "bench", "token_type": "Bearer", "expires_in": 3600}
            return httpx.Response(200, json=token)
        return httpx.Response(200, headers={"content-type": "application/json"}, content=body)

    transport = httpx.MockTransport(answer)
    name = provider_name(provider)
    # kh's cache: the first token is a cache hit (no login), then it is warm in memory.
    mocked = Keyhouse(kh.settings, cache=kh.cache, transport=transport)
    token_client = httpx.Client(transport=transport)
    anchor = httpx_auth.OAuth2ClientCredentials(
        base_url + token_path, client_id="bench", client_secret="bench", client=token_client
    )
    clients = {
        "keyhouse": mocked.client(name).client.get_httpx_client(),
        "httpx_auth": httpx.Client(base_url=base_url, transport=transport, auth=anchor),
        "raw": httpx.Client(base_url=base_url, transport=transport, headers=headers),
    }
    # More, shorter rounds than the other rows: the differences are a few µs in ~100.
    n = max(50, cfg.flow_iterations // 40)
    try:
        for client in clients.values():
            for _ in range(3):  # token fetched (or read from the cache) once, then warm
                client.get(path).raise_for_status()
        batches: dict[str, Callable[[], float]] = {
            k: functools.partial(_warm_batch, c, path, n) for k, c in clients.items()
        }
        figures = interleave(batches, 4 * cfg.rounds)
    finally:
        for key in ("httpx_auth", "raw"):
            clients[key].close()
        token_client.close()
        mocked.close()
    added = {
        k: [a - b for a, b in zip(figures[k], figures["raw"], strict=True)]
        for k in ("keyhouse", "httpx_auth")
    }
    ours, anchor_us, raw = (median(figures[k]) for k in ("keyhouse", "httpx_auth", "raw"))
    ours_added, anchor_added = median(added["keyhouse"]), median(added["httpx_auth"])
    versus = ours_added / anchor_added if anchor_added > 0 else None
    return Row(
        id="overhead.warm_cpu",
        family="overhead",
        label=label,
        unit="µs",
        value=ours,
        baseline=raw,
        baseline_label="httpx.Client, static header",
        ratio=ours / raw,
        rounds={**figures, **{f"{k}_added": v for k, v in added.items()}},
        note=(
            f"added {ours_added:+.2f} µs (budget: +{WARM_CPU_BUDGET_US:g} µs and below "
            f"httpx-auth); httpx-auth OAuth2ClientCredentials, token cached: {anchor_us:.1f} µs, "
            f"added {anchor_added:+.2f} µs"
            + (f"; keyhouse's added / httpx-auth's {versus:.2f}" if versus is not None else "")
            + f"; {n} requests x {len(figures['raw'])} rounds"
        ),
        extra={
            "added_us": ours_added,
            "httpx_auth_us": anchor_us,
            "httpx_auth_added_us": anchor_added,
            "added_vs_httpx_auth": versus,
        },
    )


#: Body sizes of the ``overhead.body_*`` rows, and how many requests a batch makes of each.
BODY_SIZES: dict[str, tuple[int, int]] = {
    "1k": (1_000, 300),
    "150k": (150_000, 40),
    "1500k": (1_500_000, 6),
}


def _json_body(size: int) -> bytes:
    """A JSON array of small objects, about ``size`` bytes."""
    item = {"id": 123456, "url": "login-paypa1-secure.example", "score": 0.97, "tags": ["a"]}
    one = len(json.dumps(item)) + 2
    return json.dumps([item] * max(1, size // one)).encode()


def _json_answer(body: bytes) -> httpx.MockTransport:
    """A transport answering every request with ``body`` as JSON (no network)."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "application/json"}, content=body)

    return httpx.MockTransport(handler)


def _pair(auth: httpx.Auth, base_url: str, body: bytes) -> tuple[httpx.Client, httpx.Client]:
    """keyhouse's auth and a static header over one :func:`_json_answer` transport."""
    transport = _json_answer(body)
    static = {"authorization": "Bearer x"}
    return (
        httpx.Client(base_url=base_url, transport=transport, auth=auth),
        httpx.Client(base_url=base_url, transport=transport, headers=static),
    )


def _head_to_head(
    batch: Callable[[httpx.Client], float], kh: httpx.Client, raw: httpx.Client, rounds: int
) -> dict[str, list[float]]:
    """``batch`` with each client, interleaved over ``rounds``."""
    batches = {"keyhouse": functools.partial(batch, kh), "raw": functools.partial(batch, raw)}
    return interleave(batches, rounds)


def _body_rows(auth: httpx.Auth, base_url: str, path: str, cfg: Config) -> list[Row]:
    """keyhouse's auth vs a static header over a MockTransport, per body size."""
    rows = []
    for label, (size, n) in BODY_SIZES.items():
        body = _json_body(size)
        n = max(2, n * cfg.requests // Config().requests)

        kh_client, raw_client = _pair(auth, base_url, body)
        with kh_client, raw_client:

            def batch(client: httpx.Client, n: int = n) -> float:
                get = client.get
                t0 = time.perf_counter()
                for _ in range(n):
                    json.loads(get(path).content)  # the caller parses once
                return n / (time.perf_counter() - t0)

            figures = _head_to_head(batch, kh_client, raw_client, cfg.rounds)
        rows.append(
            _ratio_row(
                f"overhead.body_{label}",
                f"requests/s with a {len(body) / 1000:,.0f} KB JSON body, caller parses once",
                figures,
                "httpx.Client, static header",
                f"MockTransport, {n} requests per batch",
            )
        )
    return rows


#: Threads of the ``overhead.threads_*`` rows; each row sends the same number of requests.
THREAD_COUNTS = (1, 8, 64)


def _thread_rows(auth: httpx.Auth, base_url: str, path: str, body: bytes, cfg: Config) -> list[Row]:
    """keyhouse's auth vs a static header over a MockTransport, the same total of warm
    requests split among 1, 8 and 64 threads sharing one client: whether the warm path
    (a lock-free read of the credential) costs more as concurrency grows."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    total = max(64, cfg.requests * 4)
    rows = []
    kh_client, raw_client = _pair(auth, base_url, body)
    with kh_client, raw_client:
        for threads in THREAD_COUNTS:
            each = max(1, total // threads)

            def batch(client: httpx.Client, threads: int = threads, each: int = each) -> float:
                start = threading.Barrier(threads + 1)

                def work() -> None:
                    get = client.get
                    start.wait()
                    for _ in range(each):
                        get(path)

                with ThreadPoolExecutor(threads) as pool:
                    done = [pool.submit(work) for _ in range(threads)]
                    start.wait()
                    t0 = time.perf_counter()
                    for future in done:
                        future.result()
                    return threads * each / (time.perf_counter() - t0)

            figures = _head_to_head(batch, kh_client, raw_client, cfg.rounds)
            rows.append(
                _ratio_row(
                    f"overhead.threads_{threads}",
                    f"warm requests/s, {threads} thread(s) on one client",
                    figures,
                    "httpx.Client, static header",
                    f"MockTransport, {threads} x {each} requests per batch",
                )
            )
    return rows


#: asyncio tasks of the ``overhead.tasks_*`` rows; each row sends the same number of requests.
TASK_COUNTS = (1, 100)


def _task_rows(auth: httpx.Auth, base_url: str, path: str, body: bytes, cfg: Config) -> list[Row]:
    """The same with asyncio tasks sharing one ``httpx.AsyncClient``: 1 and 100 tasks."""

    total = max(100, cfg.requests * 4)

    async def measure() -> list[Row]:
        transport = _json_answer(body)
        headers = {"authorization": "Bearer x"}
        rows = []
        async with (
            httpx.AsyncClient(base_url=base_url, transport=transport, auth=auth) as kh_client,
            httpx.AsyncClient(base_url=base_url, transport=transport, headers=headers) as raw,
        ):
            for tasks in TASK_COUNTS:
                each = max(1, total // tasks)

                async def batch(
                    client: httpx.AsyncClient, tasks: int = tasks, n: int = each
                ) -> float:
                    async def work() -> None:
                        for _ in range(n):
                            await client.get(path)

                    t0 = time.perf_counter()
                    await asyncio.gather(*(work() for _ in range(tasks)))
                    return tasks * n / (time.perf_counter() - t0)

                batches = {"keyhouse": lambda: batch(kh_client), "raw": lambda: batch(raw)}
                figures = await ainterleave(batches, cfg.rounds)
                rows.append(
                    _ratio_row(
                        f"overhead.tasks_{tasks}",
                        f"warm requests/s, {tasks} asyncio task(s) on one client",
                        figures,
                        "httpx.AsyncClient, static header",
                        f"MockTransport, {tasks} x {each} requests per batch",
                    )
                )
        return rows

    return asyncio.run(measure())


def run(sandbox: SandboxProcess, cfg: Config) -> list[Row]:
    from keyhouse import Keyhouse, provider_name
    from keyhouse_sandbox import env_for

    provider = cfg.provider
    target = TARGETS[provider]
    base_url = sandbox.base_url(provider)
    n = cfg.requests
    rows: list[Row] = []
    what = f"{provider} GET {target.path}, {n} sequential requests"

    sandbox.reset()
    kh = Keyhouse.from_env(env_for(provider, base_url))
    generated = kh.client(provider_name(provider)).client
    sync_client = generated.get_httpx_client()
    first = sync_client.get(target.path)  # logs in: the cache is warm from here on
    first.raise_for_status()
    headers = _static_headers(kh, provider_name(provider), first.request)
    raw = httpx.Client(base_url=base_url, headers=headers)
    try:
        raw.get(target.path).raise_for_status()  # both sides start with an open connection
        cpu: dict[str, list[float]] = {"keyhouse": [], "raw": []}
        figures = interleave(
            {
                "keyhouse": lambda: _sync_batch(sync_client, target.path, n, cpu["keyhouse"]),
                "raw": lambda: _sync_batch(raw, target.path, n, cpu["raw"]),
            },
            cfg.rounds,
        )
        rows.append(
            _ratio_row(
                "overhead.sync",
                "sync requests/s, kh.get_httpx_client()",
                figures,
                "httpx.Client, static header",
                what,
            )
        )
        kh_cpu, raw_cpu = median(cpu["keyhouse"]) * 1e6, median(cpu["raw"]) * 1e6
        rows.append(
            Row(
                id="overhead.cpu_per_request",
                family="overhead",
                label="client CPU per request (process_time)",
                unit="µs",
                value=kh_cpu,
                baseline=raw_cpu,
                baseline_label="httpx.Client, static header",
                ratio=kh_cpu / raw_cpu,
                rounds={k: [v * 1e6 for v in vs] for k, vs in cpu.items()},
                note=f"added {kh_cpu - raw_cpu:.1f} µs per request",
                extra={"added_us": kh_cpu - raw_cpu},
            )
        )

        # The generated endpoint function through kh.<p> vs a plain generated client.
        module = importlib.import_module(target.endpoint)
        package = importlib.import_module(target.endpoint.split(".", 1)[0])
        token = headers["authorization"].partition(" ")[2]
        plain = package.AuthenticatedClient(base_url=base_url, token=token)
        fn = module.sync_detailed
        for client in (generated, plain):
            if fn(client=client).status_code != 200:
                raise RuntimeError(f"{target.endpoint} failed")
        figures = interleave(
            {
                "keyhouse": lambda: _endpoint_batch(fn, generated, n),
                "raw": lambda: _endpoint_batch(fn, plain, n),
            },
            cfg.rounds,
        )
        rows.append(
            _ratio_row(
                "overhead.sync_endpoint",
                f"{target.endpoint.rsplit('.', 1)[1]}.sync_detailed(client=kh.{provider}.client)",
                figures,
                "AuthenticatedClient(token=static)",
                what + "; both parse the body into the generated models",
            )
        )
        plain.get_httpx_client().close()

        auth = sync_client.auth
        assert auth is not None  # keyhouse's KeyhouseAuth
        rows.append(_flow_rows(auth, first.request, first.content, cfg))
        rows.append(_hooks_row(kh, provider, first.request, first.content, cfg))
        rows.append(_resource_row(provider, target, first.content, cfg))
        rows.append(_warm_cpu_row(kh, provider, base_url, target.path, headers, first.content, cfg))
        rows += _body_rows(auth, base_url, target.path, cfg)
        rows += _thread_rows(auth, base_url, target.path, first.content, cfg)
        rows += _task_rows(auth, base_url, target.path, first.content, cfg)

        async def async_figures() -> dict[str, list[float]]:
            kh_async = generated.get_async_httpx_client()
            (await kh_async.get(target.path)).raise_for_status()
            async with httpx.AsyncClient(base_url=base_url, headers=headers) as raw_async:
                (await raw_async.get(target.path)).raise_for_status()
                figures = await ainterleave(
                    {
                        "keyhouse": lambda: _async_batch(kh_async, target.path, n),
                        "raw": lambda: _async_batch(raw_async, target.path, n),
                    },
                    cfg.rounds,
                )
            await kh.aclose()
            return figures

        rows.append(
            _ratio_row(
                "overhead.async",
                "async requests/s, kh.get_async_httpx_client()",
                asyncio.run(async_figures()),
                "httpx.AsyncClient, static header",
                what,
            )
        )
        logins = sandbox.logins(provider)
        for row in rows:  # the warm path must not have logged in again
            row.extra["logins"] = logins
    finally:
        raw.close()
        kh.close()
    return rows
