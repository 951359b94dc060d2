"""The provider list lives in one place: ``specs/``. Everything else derives from it, except
what Python packaging and typing need spelled out (the ``keyhouse[<name>]`` extras and the
``ProviderName`` literal with its typed accessors); this test keeps those equal to it."""

from __future__ import annotations

import sys
import tomllib
import typing
from pathlib import Path

import keyhouse
from keyhouse._registry import REGISTRY
from keyhouse_sandbox.providers import PROVIDERS as SANDBOX

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted(path.stem for path in (ROOT / "specs").glob("*.yaml"))


def test_everything_derives_from_the_specs_folder() -> None:
    sys.path.insert(0, str(ROOT / "codegen"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "codegen"))
    assert list(generate.PROVIDERS) == SPECS
    assert list(SANDBOX) == SPECS
    assert sorted(REGISTRY) == SPECS


def test_spelled_out_places_match_the_specs() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    assert sorted(set(extras) - {"redis", "otel", "all"}) == SPECS
    assert sorted(typing.get_args(keyhouse.ProviderName)) == SPECS
    for name in SPECS:
        assert name in vars(keyhouse.Keyhouse)  # the typed kh.<name> accessor
        assert f"keyhouse-{name}" in extras[name][0]
