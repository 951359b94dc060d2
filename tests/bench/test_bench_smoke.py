"""``python -m bench --quick`` runs end to end and writes every row of the table.

A smoke test, not a benchmark: it checks structure (every row present, measured or
explicitly skipped, none failed), never a timing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench import ROW_IDS
from bench.pipeline import has_toolchain

ROOT = Path(__file__).resolve().parents[2]

pytest.importorskip("httpx_auth", reason="the herd compares with httpx-auth")
pytest.importorskip("authlib", reason="the herd compares with Authlib")


def _allowed_skips() -> set[str]:
    allowed = {"sandbox.throughput"}  # the sandbox's own script, optional
    if shutil.which("redis-server") is None:
        allowed.add("herd.processes_redis.keyhouse")
        allowed.update(row for row in ROW_IDS if row.startswith("tenants.redis."))
    if shutil.which("nox") is None and not (Path(sys.executable).parent / "nox").exists():
        allowed.add("pipeline.nox_generate_unchanged")
    if shutil.which("duplicates") is None:  # a tool of the development machine, not a package
        allowed.add("size.duplicates")
    if not has_toolchain():  # the tests session does not install the generators
        allowed.update(row for row in ROW_IDS if row.startswith("pipeline."))
    return allowed


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("bench") / "results.json"
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--output", str(out)],
        check=False,
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=110,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "overhead.sync" in proc.stdout  # the table was printed
    data: dict[str, Any] = json.loads(out.read_text())
    return data


@pytest.mark.slow
def test_every_row_is_present_once(results: dict[str, Any]) -> None:
    ids = [row["id"] for row in results["rows"]]
    assert sorted(ids) == sorted(ROW_IDS)


@pytest.mark.slow
def test_every_row_is_measured_or_explicitly_skipped(results: dict[str, Any]) -> None:
    allowed = _allowed_skips()
    for row in results["rows"]:
        assert row["error"] is None, (row["id"], row["error"])
        if row["skipped"] is not None:
            assert row["id"] in allowed, (row["id"], row["skipped"])
            continue
        assert isinstance(row["value"], int | float), row["id"]
        assert row["value"] > 0, row["id"]


@pytest.mark.slow
def test_comparisons_carry_their_baseline(results: dict[str, Any]) -> None:
    rows = {row["id"]: row for row in results["rows"]}
    for row_id in ("overhead.sync", "overhead.async", "overhead.sync_endpoint"):
        row = rows[row_id]
        assert row["baseline"] > 0
        assert row["ratio"] == pytest.approx(row["ratio"])  # a number, not NaN
        assert len(row["rounds"]["keyhouse"]) == len(row["rounds"]["raw"]) >= 2
    # the anchors' herds were measured in this run: every caller got an answer
    for lib in ("httpx_auth", "authlib"):
        for kind in ("asyncio", "threads"):
            row = rows[f"herd.{kind}.{lib}"]
            assert row["value"] >= 1
            assert sum(row["extra"]["statuses"].values()) == row["extra"]["callers"]
    assert results["meta"]["config"]["quick"] is True
