"""``import keyhouse`` stays light: no provider package, no redis, no filelock, no OpenTelemetry,
no server code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = (
    "keyhouse_cardioexplorer",
    "keyhouse_bforeai",
    "keyhouse_imiassist",
    "keyhouse_ovok",
    "keyhouse_nuxera",
    "keyhouse_models",
    "keyhouse_sandbox",
    "redis",
    "filelock",  # only with a file cache
    "tenacity",  # only after a failed try
    "opentelemetry",  # only on the first event, with keyhouse[otel] installed
    "asyncio",  # only when used (most of what import keyhouse would add to import httpx)
    "uvicorn",
    "starlette",
    "pydantic",
    "importlib.metadata",  # only when the provider list is first read
    "keyhouse.providers.declared",  # only when a provider is used
)


#: the token machinery: imported when the first Keyhouse is made, not by ``import keyhouse``
MACHINERY = (
    "keyhouse._binding",
    "keyhouse._lifecycle",
    "keyhouse._auth",
    "keyhouse._transport",
    "keyhouse._events",
    "keyhouse._cache",
    "keyhouse._credential",
    "keyhouse._flow",
)


def _leaked(modules: set[str], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == f or m.startswith(f + ".") for f in forbidden))


def _modules(code: str) -> set[str]:
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'overlays'}{os.pathsep}{ROOT / 'sandbox'}"}
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_import_keyhouse_is_light() -> None:
    modules = _modules("import keyhouse")
    assert "keyhouse" in modules
    assert _leaked(modules, FORBIDDEN + MACHINERY) == []


def test_facade_from_env_is_still_light() -> None:
    modules = _modules(
        "import keyhouse\n"
        "kh = keyhouse.Keyhouse.from_env({'KEYHOUSE_NUXERA_USERNAME': 'u',"
        " 'KEYHOUSE_NUXERA_PASSWORD': 'p' * 8})"
    )
    # reading the settings reads the provider list (importlib.metadata): nothing else heavy
    assert _leaked(modules, tuple(f for f in FORBIDDEN if f != "importlib.metadata")) == []
    assert "keyhouse._events" in modules  # the check above can see a keyhouse module


def test_provider_package_imported_on_first_use() -> None:
    modules = _modules(
        "import keyhouse\n"
        "kh = keyhouse.Keyhouse.from_env({'KEYHOUSE_NUXERA_USERNAME': 'u',"
        " 'KEYHOUSE_NUXERA_PASSWORD': 'p' * 8})\n"
        "kh.nuxera"
    )
    assert "keyhouse_nuxera" in modules
    assert "keyhouse_ovok" not in modules


def test_opentelemetry_is_imported_on_the_first_event_only() -> None:
    """With opentelemetry-api installed (the tests' environment), the default OpenTelemetry hook
    imports it when the first event is emitted, not before."""
    modules = _modules(
        "import sys, keyhouse\n"
        "from keyhouse._events import Emitter\n"
        "kh = keyhouse.Keyhouse.from_env({'KEYHOUSE_NUXERA_USERNAME': 'u',"
        " 'KEYHOUSE_NUXERA_PASSWORD': 'p' * 8})\n"
        "assert 'opentelemetry' not in sys.modules\n"
        "Emitter('nuxera').revoked()"
    )
    assert "opentelemetry.trace" in modules
