"""Type-level tests: ``kh.ovok`` is the generated client for mypy --strict (and pyright)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TYPING = ROOT / "tests" / "typing"


def _mypy(target: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MYPYPATH": str(ROOT / "overlays")}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--show-error-codes",
            str(target),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )


def test_mypy_accepts_the_pass_snippets() -> None:
    result = _mypy(TYPING / "pass")
    assert result.returncode == 0, result.stdout


def test_mypy_rejects_a_wrong_argument_type() -> None:
    result = _mypy(TYPING / "fail")
    assert result.returncode == 1, result.stdout
    assert "[arg-type]" in result.stdout
    assert "keyhouse_nuxera.client.AuthenticatedClient" in result.stdout


def _pyright() -> str | None:
    found = shutil.which("pyright", path=str(Path(sys.executable).parent))
    return found


@pytest.mark.skipif(_pyright() is None, reason="pyright is not installed")
def test_pyright_strict(tmp_path: Path) -> None:
    config = tmp_path / "pyrightconfig.json"
    config.write_text(
        json.dumps(
            {
                "extraPaths": [
                    str(ROOT / "overlays"),
                    *(str(p) for p in sorted((ROOT / "generated").iterdir()) if p.is_dir()),
                ],
                "typeCheckingMode": "strict",
                "pythonVersion": "3.11",
                "venvPath": str(Path(sys.prefix).parent),
                "venv": Path(sys.prefix).name,
            }
        )
    )
    pyright = _pyright()
    assert pyright is not None
    ok = subprocess.run(
        [pyright, "-p", str(config), str(TYPING / "pass")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stdout
    bad = subprocess.run(
        [pyright, "-p", str(config), str(TYPING / "fail")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1, bad.stdout
    assert "reportArgumentType" in bad.stdout
