"""The public surface (issue 9.8): what ``keyhouse`` exports, and that its error tree is drawn
true in ``_errors.py`` and the README."""

from __future__ import annotations

import importlib.util
import re
import types
from pathlib import Path

import keyhouse
import pytest
from keyhouse import _errors

ROOT = Path(__file__).resolve().parents[2]
PRIVATE = {
    "REGISTRY",
    "FieldSpec",
    "ProviderEntry",
    "TokenManager",
    "KeyhouseAuth",
    "TokenStrategy",
    "Credential",
    "Secret",
    "MemoryCache",
    "FileCache",
    "RedisCache",
    "TokenCache",
    "cache_from_url",
    "cache_key",
    "ProviderSettings",
}


def test_all_is_small_and_complete() -> None:
    names = set(keyhouse.__all__)
    assert len(keyhouse.__all__) == len(names)
    assert not names & PRIVATE
    for name in names:
        assert getattr(keyhouse, name) is not None
    # the facade and its configuration, the provider names, and the whole error tree
    core = {"Keyhouse", "Settings", "RetryPolicy", "ProviderName", "provider_name"}
    errors = {
        name
        for name, value in vars(_errors).items()
        if isinstance(value, type) and issubclass(value, keyhouse.KeyhouseError)
    }
    assert names == core | errors
    public = {
        name
        for name, value in vars(keyhouse).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public - names <= {"annotations"}


@pytest.mark.parametrize("name", sorted(PRIVATE))
def test_private_names_are_not_attributes(name: str) -> None:
    assert not hasattr(keyhouse, name)


def test_the_overlay_ships_no_demo() -> None:
    assert importlib.util.find_spec("keyhouse._demo") is None
    assert importlib.util.find_spec("keyhouse_sandbox.demo") is not None


def _tree(text: str) -> dict[str, str]:
    """``{class: parent}`` from a box-drawn tree (``├──``/``└──``, four columns per level)."""
    parents: dict[str, str] = {}
    stack: list[tuple[int, str]] = []
    for line in text.splitlines():
        match = re.match(r"^(\s*(?:[│ ]   )*)(?:[├└]── )?([A-Z][A-Za-z]+Error)\b", line)
        if match is None:
            continue
        depth = len(match.group(1)) + (4 if "──" in line else 0)
        name = match.group(2)
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if stack:
            parents[name] = stack[-1][1]
        stack.append((depth, name))
    return parents


def _drawn(source: str) -> str:
    start = source.index("KeyhouseError\n")
    return source[source.rindex("\n", 0, start) + 1 : source.index("\n\n", start)]


@pytest.mark.parametrize("where", ["overlays/keyhouse/_errors.py", "README.md"])
def test_error_tree_is_drawn_true(where: str) -> None:
    drawn = _tree(_drawn((ROOT / where).read_text()))
    actual = {
        name: value.__bases__[0].__name__
        for name, value in vars(_errors).items()
        if isinstance(value, type)
        and issubclass(value, keyhouse.KeyhouseError)
        and value is not keyhouse.KeyhouseError
    }
    assert drawn == actual


def test_version_is_the_distributions() -> None:
    """``keyhouse.__version__`` (what ``keyhouse --version`` and the OpenTelemetry scope say)
    is the version in pyproject.toml: it said 0.1.0 beside a 1.0.0 distribution."""
    import tomllib
    from pathlib import Path

    import keyhouse

    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    assert keyhouse.__version__ == tomllib.loads(pyproject.read_text())["project"]["version"]
