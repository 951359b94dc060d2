"""Run a keyhouse nox session on a machine that has nothing but Python 3.11+.

    python3 dev.py -s demo      # the demo against the embedded sandbox
    python3 dev.py -s test      # everything CI runs

The first call creates ``.venv-nox/`` with pinned nox and uv (stdlib venv + pip); later calls
reuse it. Every argument is passed to nox unchanged.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
TOOLS = ["nox==2026.10.20", "uv==0.13.9"]
HOME = ROOT / ".venv-nox"
BIN = HOME / ("Scripts" if os.name == "nt" else "bin")
MARKER = HOME / "keyhouse-tools.txt"


def _bootstrap() -> Path:
    python = BIN / ("python.exe" if os.name == "nt" else "python")
    wanted = "\n".join(TOOLS)
    if not (python.exists() and MARKER.exists() and MARKER.read_text() == wanted):
        if sys.version_info < (3, 11):  # noqa: UP036  (a clear message on an old Python)
            raise SystemExit(f"keyhouse needs Python 3.11 or newer, this is {sys.version}")
        print(f"dev.py: installing {', '.join(TOOLS)} into {HOME.name}/", file=sys.stderr)
        venv.EnvBuilder(with_pip=True, clear=True).create(HOME)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *TOOLS],
            check=True,
        )
        MARKER.write_text(wanted)
    return python


def main() -> int:
    python = _bootstrap()
    env = dict(os.environ, UV_COMPILE_BYTECODE="1")
    # nox finds uv next to itself; put the tool venv first on PATH for the sessions too.
    env["PATH"] = os.pathsep.join([str(BIN), env.get("PATH", "")])
    cmd = [str(python), "-m", "nox", "-f", str(ROOT / "noxfile.py"), *sys.argv[1:]]
    return subprocess.run(cmd, check=False, cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    raise SystemExit(main())
