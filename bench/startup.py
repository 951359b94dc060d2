"""Start-up: how long ``import keyhouse`` and one provider's import take, in a fresh Python.

Each figure is the import alone (``time.perf_counter`` around the ``import`` inside a fresh
interpreter, so interpreter start-up is excluded), the median of N processes (issue 9), with
bytecode compiled once beforehand (as an installed package has it; see
:func:`bench._common.child_env`). Rounds interleave the contenders. ``import keyhouse`` is
compared with ``import httpx`` (which it needs); ``import keyhouse_ovok`` (a generated client)
with ``import attrs, httpx`` (what the generated package itself imports). ``import keyhouse``
must pull in no provider package, no filelock, no redis-py, no OpenTelemetry and no server code:
the row checks that too.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys

from ._common import ROOT, Config, Row, child_env, interleave, median

__all__ = ["run"]

_PROBE = """
import json, sys, time
t0 = time.perf_counter()
{stmt}
t = time.perf_counter() - t0
bad = sorted(m for m in sys.modules
             if m.startswith(("keyhouse_", "redis", "uvicorn", "starlette", "filelock",
                              "opentelemetry")))
print(json.dumps({{"seconds": t, "unexpected": bad}}))
"""
CONTENDERS = {
    "keyhouse": "import keyhouse",
    "httpx": "import httpx",
    "keyhouse_ovok": "import keyhouse_ovok",
    "attrs+httpx": "import attrs, httpx",
}


def _probe(stmt: str) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE.format(stmt=stmt)],
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _ms(stmt: str) -> float:
    return float(_probe(stmt)["seconds"]) * 1000  # type: ignore[arg-type]


def run(cfg: Config) -> list[Row]:
    for stmt in CONTENDERS.values():  # compile bytecode into the private cache first
        _probe(stmt)
    unexpected = _probe("import keyhouse")["unexpected"]
    figures = interleave(
        {name: functools.partial(_ms, stmt) for name, stmt in CONTENDERS.items()}, cfg.imports
    )
    best = {name: median(values) for name, values in figures.items()}
    leaks = (
        f"; imported {unexpected}"
        if unexpected
        else "; no provider, redis, OpenTelemetry or server module"
    )
    return [
        Row(
            id="startup.import_keyhouse",
            family="startup",
            label="import keyhouse",
            unit="ms",
            value=best["keyhouse"],
            baseline=best["httpx"],
            baseline_label="import httpx",
            ratio=best["keyhouse"] / best["httpx"],
            rounds={"keyhouse": figures["keyhouse"], "httpx": figures["httpx"]},
            note=f"median of {cfg.imports} processes{leaks}",
            error=f"import keyhouse imported {unexpected}" if unexpected else None,
            extra={"unexpected_modules": unexpected},
        ),
        Row(
            id="startup.import_provider",
            family="startup",
            label="import keyhouse_ovok (generated client)",
            unit="ms",
            value=best["keyhouse_ovok"],
            baseline=best["attrs+httpx"],
            baseline_label="import attrs, httpx",
            ratio=best["keyhouse_ovok"] / best["attrs+httpx"],
            rounds={
                "keyhouse_ovok": figures["keyhouse_ovok"],
                "attrs+httpx": figures["attrs+httpx"],
            },
            note=f"median of {cfg.imports} processes",
        ),
    ]
