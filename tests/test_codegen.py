"""The generation stamps notice any one-character change to a spec or to generated output.

``nox -s check`` regenerates everything into an empty folder and compares byte for byte; these
tests pin down the cheaper mechanism ``nox -s generate`` uses to skip unchanged providers.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
import types
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
    if not codegen.is_fresh(provider):
        pytest.skip(f"{provider} is already stale (test_committed_tree_is_fresh says so)")
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


def _copy_specs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs", specs)
    monkeypatch.setattr(codegen, "SPECS", specs)
    return specs


def _assert_only_edited_goes_stale(specs: Path, provider: str) -> None:
    """Flip one character of ``provider``'s spec: it goes stale and no other provider's
    freshness changes. Judged against the freshness before the edit, so a spec someone else
    edited without regenerating fails ``test_committed_tree_is_fresh`` for that provider only,
    not this test for all the others."""
    before = {p: codegen.is_fresh(p) for p in codegen.PROVIDERS}
    if not before[provider]:
        pytest.skip(f"{provider} is already stale (test_committed_tree_is_fresh says so)")
    _flip_one_char(specs / f"{provider}.yaml")
    assert not codegen.is_fresh(provider)
    changed = [p for p in codegen.PROVIDERS if p != provider and codegen.is_fresh(p) != before[p]]
    assert changed == [], f"editing {provider} changed the freshness of {changed}"


@pytest.mark.parametrize("provider", codegen.PROVIDERS)
def test_edit_to_a_spec_is_noticed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, provider: str
) -> None:
    _assert_only_edited_goes_stale(_copy_specs(tmp_path, monkeypatch), provider)


def test_an_unregenerated_edit_elsewhere_blames_only_that_provider(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A spec edited without regenerating (here ovok's) must not make the isolation check of
    the providers nobody touched fail (issue 14.13)."""
    specs = _copy_specs(tmp_path, monkeypatch)
    _flip_one_char(specs / "ovok.yaml")
    assert not codegen.is_fresh("ovok")
    _assert_only_edited_goes_stale(specs, "cardioexplorer")


def test_tests_session_arguments_select_tests() -> None:
    """``python3 dev.py -s tests -- tests/test_codegen.py`` runs that file, not the suite."""
    targets = _noxfile().pytest_targets
    assert targets(["tests/test_codegen.py"]) == ["tests/test_codegen.py"]
    assert targets(["-x", "tests/test_codegen.py::test_a_missing_output_is_stale"]) == [
        "-x",
        "tests/test_codegen.py::test_a_missing_output_is_stale",
    ]
    assert targets([]) == ["tests", "--ignore=tests/contract"]
    assert targets(["-x", "-k", "ovok"]) == ["tests", "--ignore=tests/contract", "-x", "-k", "ovok"]


def _noxfile() -> types.ModuleType:
    """noxfile.py imported with a stand-in ``nox`` (not installed in the test environment):
    only its plain functions are used."""
    stub = types.ModuleType("nox")
    stub.options = types.SimpleNamespace()  # type: ignore[attr-defined]
    stub.Session = object  # type: ignore[attr-defined]
    stub.session = lambda *a, **k: lambda f: f  # type: ignore[attr-defined]
    saved = sys.modules.get("nox")
    sys.modules["nox"] = stub
    try:
        spec = importlib.util.spec_from_file_location("keyhouse_noxfile", ROOT / "noxfile.py")
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        if saved is None:
            del sys.modules["nox"]
        else:
            sys.modules["nox"] = saved
    return module


def test_a_missing_output_is_stale(tree: Path) -> None:
    shutil.rmtree(tree / "ovok")
    assert not codegen.is_fresh("ovok", tree)
    assert "ovok/pyproject.toml" in codegen.tree_diff(ROOT / "generated", tree)


def test_every_client_config_key_is_the_generators(tmp_path: Path) -> None:
    """openapi-python-client silently ignores unknown keys in its configuration: a misspelt key
    in codegen/client.yaml would change nothing and say nothing. Every key of the configuration
    ``generate.py`` hands it (client.yaml plus the per-provider names) must be one it reads."""
    import yaml
    from openapi_python_client.config import ConfigFile

    for provider in codegen.PROVIDERS:
        config = yaml.safe_load(codegen._client_config(provider, tmp_path).read_text())
        assert set(config) <= set(ConfigFile.model_fields), provider
        assert config["package_name_override"] == f"keyhouse_{provider}"
