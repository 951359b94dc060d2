"""The generation stamps notice any one-character change to a spec or to generated output.

``nox -s check`` regenerates everything into an empty folder and compares byte for byte; these
tests pin down the cheaper mechanism ``nox -s generate`` uses to skip unchanged providers.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "codegen"))
import generate as codegen  # noqa: E402


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    out = tmp_path / "generated"
    shutil.copytree(ROOT / "generated", out, ignore=shutil.ignore_patterns("__pycache__"))
    return out


def _flip_one_char(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle] = ord("x") if data[middle] != ord("x") else ord("y")
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("provider", codegen.PROVIDERS)
def test_committed_tree_is_fresh(provider: str) -> None:
    assert codegen.is_fresh(provider), f"run `python3 dev.py -s generate -- {provider}`"


@pytest.mark.parametrize("provider", codegen.PROVIDERS)
def test_edit_to_any_generated_file_is_noticed(tree: Path, provider: str) -> None:
    files = sorted(p for p in (tree / provider).rglob("*.py") if p.stat().st_size > 0)
    files.append(tree / "models" / "keyhouse_models" / f"{provider}.py")
    for path in files:
        original = path.read_bytes()
        _flip_one_char(path)
        assert not codegen.is_fresh(provider, tree), path
        assert codegen.tree_diff(ROOT / "generated", tree) == [path.relative_to(tree).as_posix()]
        path.write_bytes(original)
    assert codegen.is_fresh(provider, tree)
    assert codegen.tree_diff(ROOT / "generated", tree) == []


@pytest.mark.parametrize("provider", codegen.PROVIDERS)
def test_edit_to_a_spec_is_noticed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, provider: str
) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs", specs)
    monkeypatch.setattr(codegen, "SPECS", specs)
    assert codegen.is_fresh(provider)
    _flip_one_char(specs / f"{provider}.yaml")
    assert not codegen.is_fresh(provider)
    others = [p for p in codegen.PROVIDERS if p != provider]
    assert all(codegen.is_fresh(p) for p in others), "only the edited provider is stale"


def test_a_missing_output_is_stale(tree: Path) -> None:
    shutil.rmtree(tree / "ovok")
    assert not codegen.is_fresh("ovok", tree)
    assert "ovok/pyproject.toml" in codegen.tree_diff(ROOT / "generated", tree)
