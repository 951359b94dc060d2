"""keyhouse's benchmarks: every figure measured in one run beside its baseline.

``python -m bench`` (or ``python3 dev.py -s bench``) runs every family, prints one table and
writes ``bench/results.json``. Families, one module each:

* :mod:`bench.overhead`  warm-cache requests/s through ``kh.<provider>`` versus a raw
  ``httpx`` client with a static header (sync and async), the auth flow's CPU per request, and
  the CPU a warm request adds over a static header beside httpx-auth's;
* :mod:`bench.herd`      logins observed when a cold cache is hit by many asyncio tasks,
  threads and processes (file and Redis caches), beside httpx-auth and Authlib;
* :mod:`bench.tenants`   a login and a cached-token read with 1, 100 and 10,000 tenants
  sharing a file cache and a Redis cache, and the once-per-configuration key derivation;
* :mod:`bench.pipeline`  the generator, cold and with nothing changed;
* :mod:`bench.startup`   ``import keyhouse`` and the import of one provider package;
* :mod:`bench.size`      the overlay's lines and its repeated places, beside their budgets;
* ``sandbox.throughput``  what the sandbox serves with keep-alive raw-socket clients
  (``bench/sandbox_throughput.py``, the sandbox's own script), for scale.

Timings are interleaved (A, B, B, A, ...) and reported as medians of several rounds, so a
machine that slows down mid-run slows both sides of a comparison alike. The sandbox runs in
its own process (``bench._serve``), so client and server do not share a GIL and the client
process's CPU time is the client's alone.
"""

from __future__ import annotations

__all__ = ["ROW_IDS"]

#: Every row ``python -m bench`` writes (the smoke test checks all of them are there).
ROW_IDS: tuple[str, ...] = (
    "overhead.sync",
    "overhead.async",
    "overhead.sync_endpoint",
    "overhead.cpu_per_request",
    "overhead.auth_flow",
    "overhead.hooks",
    "overhead.resource_method",
    "overhead.warm_cpu",
    "overhead.body_1k",
    "overhead.body_150k",
    "overhead.body_1500k",
    "overhead.threads_1",
    "overhead.threads_8",
    "overhead.threads_64",
    "overhead.tasks_1",
    "overhead.tasks_100",
    "herd.asyncio.keyhouse",
    "herd.asyncio.httpx_auth",
    "herd.asyncio.authlib",
    "herd.threads.keyhouse",
    "herd.threads.httpx_auth",
    "herd.threads.authlib",
    "herd.processes_file.keyhouse",
    "herd.processes_redis.keyhouse",
    "herd.processes.httpx_auth",
    "herd.processes.authlib",
    "tenants.kdf",
    *(
        f"tenants.{cache}.{op}_{n}"
        for cache in ("file", "redis")
        for op in ("login", "read")
        for n in (1, 100, 10_000)
    ),
    *(f"tenants.file.sweep_{n}" for n in (1, 100, 10_000)),
    "pipeline.generate_cold",
    "pipeline.generate_unchanged",
    "pipeline.nox_generate_unchanged",
    "startup.import_keyhouse",
    "startup.import_provider",
    "sandbox.throughput",
    "size.overlay_lines",
    "size.duplicates",
)
