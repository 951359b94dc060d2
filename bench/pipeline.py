"""The generation pipeline: cold (every provider from scratch) and with nothing changed.

* ``pipeline.generate_cold``: ``python codegen/generate.py --force --out <tmp>``, both
  generators for all five providers into an empty folder (the tree is not touched);
* ``pipeline.generate_unchanged``: ``python codegen/generate.py`` on the tree as it is: the
  stamps match, so no generator runs (the skip path);
* ``pipeline.nox_generate_unchanged``: ``nox -s generate`` with nothing changed, as a
  developer runs it (nox start-up included; skipped when nox is not installed).

Cold and unchanged runs are interleaved; each figure is the median wall time.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ._common import ROOT, Config, Row, child_env, median

__all__ = ["run"]


def _timed(argv: list[str]) -> float:
    t0 = time.perf_counter()
    env = child_env(private_pycache=False)
    proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        raise RuntimeError(f"{' '.join(argv[:3])} failed: " + " | ".join(tail))
    return seconds


def _nox() -> str | None:
    candidate = Path(sys.executable).parent / "nox"
    return str(candidate) if candidate.exists() else shutil.which("nox")


TOOLCHAIN = ("openapi_python_client", "datamodel_code_generator")
ROW_LABELS = {
    "pipeline.generate_cold": "generate.py --force, empty folder",
    "pipeline.generate_unchanged": "generate.py, nothing changed (stamps match)",
    "pipeline.nox_generate_unchanged": "nox -s generate, nothing changed",
}


def has_toolchain() -> bool:
    """Whether this interpreter has the generators (``nox -s bench`` installs them)."""
    return all(importlib.util.find_spec(name) is not None for name in TOOLCHAIN)


def run(cfg: Config) -> list[Row]:
    if not has_toolchain():
        reason = "the generator toolchain is not installed here (nox -s bench installs it)"
        return [
            Row(id=row_id, family="pipeline", label=label, unit="s", skipped=reason)
            for row_id, label in ROW_LABELS.items()
        ]
    generate = [sys.executable, "codegen/generate.py"]
    nox = _nox()
    cold: list[float] = []
    unchanged: list[float] = []
    nox_unchanged: list[float] = []
    rounds = max(cfg.cold_rounds, cfg.skip_rounds)
    providers = [p for p in cfg.cold_providers.split(",") if p]
    which = ", ".join(providers) if providers else "all 5 providers"
    for i in range(rounds):
        if i < cfg.cold_rounds:
            with tempfile.TemporaryDirectory(prefix="keyhouse-bench-gen-") as tmp:
                cold.append(_timed([*generate, "--force", "--out", tmp, *providers]))
        if i < cfg.skip_rounds:
            unchanged.append(_timed(generate))
            if nox is not None:
                nox_unchanged.append(_timed([nox, "-s", "generate"]))
    cold_s = median(cold)
    rows = [
        Row(
            id="pipeline.generate_cold",
            family="pipeline",
            label=f"generate.py --force, {which}, empty folder",
            unit="s",
            value=cold_s,
            rounds={"seconds": cold},
            note="openapi-python-client + datamodel-code-generator",
        ),
        Row(
            id="pipeline.generate_unchanged",
            family="pipeline",
            label="generate.py, nothing changed (stamps match)",
            unit="s",
            value=median(unchanged),
            baseline=cold_s,
            baseline_label="cold",
            ratio=median(unchanged) / cold_s,
            rounds={"seconds": unchanged},
        ),
    ]
    if nox is None:
        rows.append(
            Row(
                id="pipeline.nox_generate_unchanged",
                family="pipeline",
                label="nox -s generate, nothing changed",
                unit="s",
                skipped="nox is not installed",
            )
        )
    else:
        rows.append(
            Row(
                id="pipeline.nox_generate_unchanged",
                family="pipeline",
                label="nox -s generate, nothing changed",
                unit="s",
                value=median(nox_unchanged),
                baseline=cold_s,
                baseline_label="cold",
                ratio=median(nox_unchanged) / cold_s,
                rounds={"seconds": nox_unchanged},
                note="nox start-up included",
            )
        )
    return rows
