"""Publishing to a real package index, and a spec change reaching users as a new version.

The test starts its own pypiserver on 127.0.0.1 (a free port; it stops only that process),
publishes every distribution with ``codegen/publish.py`` (``twine check --strict`` included),
installs ``keyhouse[ovok]`` by name into a fresh virtualenv and logs in to Ovok through the
facade against the sandbox. Then it edits a copy of Ovok's spec three times (a description: patch;
an optional response field: minor; a response field removed: major), regenerates, publishes
and records each release, and ``pip install -U`` brings each new version, whose CHANGELOG.md
names the change.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyhouse_sandbox import Sandbox, env_for

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "codegen"))
import publish  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

FACADE = """\
import json, os
from keyhouse import Keyhouse
from keyhouse_ovok.api.sessions import list_sessions
from keyhouse_ovok.models import SessionList

with Keyhouse.from_env(dict(os.environ)) as kh:
    token = kh.token("ovok")
    sessions = list_sessions.sync(client=kh.ovok.client)
    print(json.dumps({"token": bool(token), "sessions": isinstance(sessions, SessionList)}))
"""

INSTALLED = """\
import importlib.metadata, importlib.resources, json
print(json.dumps({
    "version": importlib.metadata.version("keyhouse-ovok"),
    "changelog": importlib.resources.files("keyhouse_ovok").joinpath("CHANGELOG.md").read_text(),
}))
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real pypiserver on a free loopback port; its base URL."""
    folder = tmp_path_factory.mktemp("index")
    with publish.local_index(folder / "packages", log=folder / "pypiserver.log") as url:
        yield url


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the specs, the generated packages and the release lock to edit."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "specs", root / "specs")
    shutil.copytree(
        ROOT / "generated", root / "generated", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "codegen" / "releases.lock.json", root / "releases.lock.json")
    shutil.copytree(ROOT / "codegen" / "releases", root / "releases")
    return root


def _run(*args: str | Path) -> str:
    proc = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, check=False, timeout=600
    )
    assert proc.returncode == 0, f"{args}:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def _pip(python: Path, index: str, *args: str) -> str:
    return _run(
        python,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-cache-dir",
        "--disable-pip-version-check",
        "--index-url",
        f"{index}/simple/",
        *args,
    )


def _installed(python: Path) -> dict[str, str]:
    return json.loads(_run(python, "-c", INSTALLED))  # type: ignore[no-any-return]


def _release(project: Path, index: str, edits: list[tuple[str, str]], new: str) -> str:
    """Edit the spec copy, regenerate Ovok, publish it and record the release; returns the
    line generate printed for Ovok."""
    spec = project / "specs" / "ovok.yaml"
    text = spec.read_text()
    for old, replacement in edits:
        assert old in text, old
        text = text.replace(old, replacement, 1)
    spec.write_text(text)
    out = _run(
        sys.executable,
        ROOT / "codegen" / "generate.py",
        "--specs",
        project / "specs",
        "--out",
        project / "generated",
        "--lock",
        project / "releases.lock.json",
        "ovok",
    )
    lines = [line for line in out.splitlines() if line.startswith("ovok ") and " -> " in line]
    assert len(lines) == 1, out
    assert f'version = "{new}"' in (project / "generated" / "ovok" / "pyproject.toml").read_text()
    publish.publish(
        index + "/",
        names=["keyhouse-ovok", "keyhouse-models"],
        generated=project / "generated",
        dist=project / "dist",
    )
    _run(
        sys.executable,
        ROOT / "codegen" / "versioning.py",
        "release",
        "--lock",
        project / "releases.lock.json",
        "--generated",
        project / "generated",
    )
    return lines[0]


def test_publish_install_by_name_and_upgrade(
    index: str, project: Path, tmp_path: Path, sandbox: Sandbox
) -> None:
    files = publish.publish(index + "/", generated=project / "generated", dist=project / "dist")
    names = {f.name.split("-")[0] for f in files}
    assert names == {
        "keyhouse",
        "keyhouse_models",
        "keyhouse_sandbox",
        *(f"keyhouse_{p}" for p in publish.PROVIDERS),
    }
    assert len(files) == 2 * len(names)  # an sdist and a wheel each, all twine-checked

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    _pip(python, index, "keyhouse[ovok]")
    lock = json.loads((project / "releases.lock.json").read_text())
    base = lock["packages"]["ovok"]["version"]  # the released one: what is on the index
    assert _installed(python)["version"] == base
    major, minor, patch = (int(part) for part in base.split("."))
    bumped = [f"{major}.{minor}.{patch + 1}", f"{major}.{minor + 1}.0", f"{major + 1}.0.0"]

    # Ovok through the facade, against the sandbox, from the installed packages.
    environ = {"PATH": os.environ.get("PATH", ""), **env_for("ovok", sandbox.base_url("ovok"))}
    proc = subprocess.run(
        [str(python), "-c", FACADE],
        capture_output=True,
        text=True,
        env=environ,
        check=False,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"token": True, "sessions": True}

    profile = '        profile:\n          $ref: "#/components/schemas/Reference"\n'
    steps: list[tuple[list[tuple[str, str]], str, str]] = [
        (  # a description: patch
            [
                (
                    "description: The documented ResponseRegisterLoginDto (camelCase).",
                    "description: The documented ResponseRegisterLoginDto, camelCase on the wire.",
                )
            ],
            bumped[0],
            f"ovok {base} -> {bumped[0]} (patch: model LoginResponse: documentation changed)",
        ),
        (  # an optional response field: minor
            [
                (
                    profile,
                    profile + "        scope:\n          type: string\n"
                    "          description: Scopes granted (added by the test).\n",
                )
            ],
            bumped[1],
            f"ovok {bumped[0]} -> {bumped[1]} (additive: LoginResponse.scope added)",
        ),
        (  # a response field removed: major
            [
                ("required: [accessToken, project, profile]", "required: [accessToken, project]"),
                (profile, ""),
            ],
            bumped[2],
            f"ovok {bumped[1]} -> {bumped[2]} (breaking: LoginResponse.profile removed)",
        ),
    ]
    for edits, version, line in steps:
        assert _release(project, index, edits, version) == line
        if version == bumped[2]:
            # keyhouse[ovok] admits this major only: upgrading keyhouse keeps the compatible one
            _pip(python, index, "-U", "keyhouse[ovok]")
            assert _installed(python)["version"] == bumped[1]
        _pip(python, index, "-U", "keyhouse-ovok")
        installed = _installed(python)
        assert installed["version"] == version
        change = line.split(": ", 1)[1].rstrip(")")
        assert f"## {version}" in installed["changelog"]
        assert f"- {change}" in installed["changelog"]

    # Publishing again uploads nothing; a package changed without a new version is refused.
    dist = project / "dist"
    assert (
        publish.upload(publish.build(["keyhouse-ovok"], dist, project / "generated"), index) == []
    )
    client = project / "generated" / "ovok" / "keyhouse_ovok" / "client.py"
    client.write_text(client.read_text() + "\n# changed without a new version\n")
    with pytest.raises(SystemExit, match="already on the index with different contents"):
        publish.publish(
            index + "/", names=["keyhouse-ovok"], generated=project / "generated", dist=dist
        )

    changelog = (project / "generated" / "ovok" / "keyhouse_ovok" / "CHANGELOG.md").read_text()
    headings = [line for line in changelog.splitlines() if line.startswith("## ")]
    released = [f"## {entry['version']}" for entry in lock["packages"]["ovok"]["history"]]
    assert headings == [f"## {v}" for v in reversed(bumped)] + released
