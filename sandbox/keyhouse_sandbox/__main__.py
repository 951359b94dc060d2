"""``python -m keyhouse_sandbox [--port N] [--host H] [--admin] [--env]``: serve in the foreground.

It prints the ``export KEYHOUSE_…=`` lines that configure keyhouse for every provider against
this sandbox (one paste, then ``Keyhouse.from_env()`` works); ``--env`` prints only those lines.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import shlex
import sys

from ._credentials import env_for
from ._server import Sandbox
from .providers import PROVIDERS


def export_lines(sandbox: Sandbox) -> list[str]:
    """``export KEYHOUSE_<PROVIDER>_<FIELD>=value`` for each keyhouse provider, shell-quoted."""
    lines = []
    for name in PROVIDERS:
        if name in sandbox.providers:
            for key, value in env_for(name, sandbox.base_url(name)).items():
                lines.append(f"export {key}={shlex.quote(value)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m keyhouse_sandbox",
        description="Serve keyhouse's provider sandbox (demo credentials only; never real ones).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 = free)")
    parser.add_argument("--admin", action="store_true", help="enable the /_admin routes")
    parser.add_argument(
        "--env", action="store_true", help="print only the export KEYHOUSE_…= lines"
    )
    args = parser.parse_args(argv)
    sandbox = Sandbox(host=args.host, port=args.port, admin=args.admin)
    try:
        sandbox.bind()
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            reason = "is already in use (another sandbox?)"
        else:
            reason = f"cannot be used: {exc.strerror or exc}"
        print(
            f"keyhouse-sandbox: port {args.port} on {args.host} {reason}; choose another with "
            "--port N, or --port 0 for any free one",
            file=sys.stderr,
        )
        return 2
    out = sys.stdout
    if args.env:
        out.write("\n".join(export_lines(sandbox)) + "\n")
    else:
        out.write(f"keyhouse sandbox on {sandbox.url}\n")
        out.write("\nConfigure keyhouse for it (paste into your shell):\n\n")
        out.write("\n".join(export_lines(sandbox)) + "\n")
        out.write("\nBase URLs:\n")
        for name in sandbox.providers:
            out.write(f"  {name:15} {sandbox.base_url(name)}\n")
        if args.admin:
            out.write(
                f"\nadmin routes: {sandbox.url}/_admin (faults, counters, lifetimes, reset)\n"
            )
        out.write("\nCtrl-C stops it.\n")
    out.flush()
    with contextlib.suppress(KeyboardInterrupt):
        sandbox.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
