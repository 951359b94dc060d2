"""Each generated client installs alone into a fresh virtualenv and type-checks there."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SNIPPET = """\
from keyhouse_nuxera import AuthenticatedClient
from keyhouse_nuxera.api.auth import login
from keyhouse_nuxera.models import LoginRequest, LoginResponse

client = AuthenticatedClient(base_url="https://api.nuxera.ai", token="t")
body = LoginRequest(username="doctor.smith", password="secure-password")
parsed = login.sync(client=client, body=body)
if isinstance(parsed, LoginResponse):
    token: str = parsed.token
"""


def _bin(env: Path, name: str) -> Path:
    return env / ("Scripts" if sys.platform == "win32" else "bin") / name


@pytest.fixture(scope="module")
def fresh_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new stdlib virtualenv (with pip, as a user would have), shared by this module."""
    env = tmp_path_factory.mktemp("fresh") / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    return _bin(env, "python")


@pytest.mark.slow
def test_nuxera_installs_alone_and_type_checks(fresh_python: Path, tmp_path: Path) -> None:
    python = fresh_python
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, str(ROOT / "generated" / "nuxera")], check=True)
    listed = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=freeze"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    names = {line.split("==")[0].lower() for line in listed.splitlines()}
    assert "keyhouse-nuxera" in names
    assert not names & {"keyhouse", "keyhouse-ovok", "keyhouse-models", "pydantic"}

    subprocess.run([str(python), "-c", "import keyhouse_nuxera"], check=True)

    snippet = tmp_path / "snippet.py"
    snippet.write_text(SNIPPET)
    mypy = shutil.which("mypy")
    assert mypy, "the tests session installs mypy"
    ok = subprocess.run(
        [mypy, "--strict", "--python-executable", str(python), str(snippet)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr

    # And mypy really checks against the installed package: a wrong type is caught.
    snippet.write_text(SNIPPET.replace('username="doctor.smith"', "username=42"))
    bad = subprocess.run(
        [mypy, "--strict", "--python-executable", str(python), str(snippet)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1
    assert "[arg-type]" in bad.stdout


@pytest.mark.slow
def test_keyhouse_wheel_contents(fresh_python: Path, tmp_path: Path) -> None:
    """The keyhouse wheel carries the overlay and its py.typed, and nothing else."""
    pip_wheel = [str(fresh_python), "-m", "pip", "wheel", "-q", "--no-deps"]
    subprocess.run([*pip_wheel, "-w", str(tmp_path), str(ROOT)], check=True)
    (wheel,) = tmp_path.glob("keyhouse-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "keyhouse/py.typed" in names
    assert "keyhouse/__init__.py" in names
    assert "keyhouse/providers/declared.py" in names
    strays = [n for n in names if not n.startswith(("keyhouse/", "keyhouse-"))]
    assert not strays, strays
