"""Type-level tests, mypy --strict and pyright: ``kh.ovok`` is the generated ``Ovok`` client,
each resource method returns exactly its success model (``tests/typing/pass``), and every
snippet of ``tests/typing/fail`` is rejected with the error its comment names."""

from __future__ import annotations

import json
import os
import re
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


FAIL_SNIPPETS = sorted((TYPING / "fail").glob("*.py"))


def _expected_code(snippet: Path) -> str:
    match = re.search(r"expected error: \[([a-z-]+)\]", snippet.read_text())
    assert match, snippet
    return match.group(1)


@pytest.mark.parametrize("snippet", FAIL_SNIPPETS, ids=lambda p: p.stem)
def test_mypy_rejects_each_fail_snippet(snippet: Path) -> None:
    result = _mypy(snippet)
    assert result.returncode == 1, result.stdout
    assert f"[{_expected_code(snippet)}]" in result.stdout, result.stdout
    assert result.stdout.count(": error:") == 1, result.stdout  # that error and no other


def test_mypy_names_the_wrong_client() -> None:
    result = _mypy(TYPING / "fail" / "wrong_argument.py")
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
    for snippet in FAIL_SNIPPETS:
        bad = subprocess.run(
            [pyright, "-p", str(config), str(snippet)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert bad.returncode == 1, (snippet.name, bad.stdout)
        assert " error: " in bad.stdout, (snippet.name, bad.stdout)
