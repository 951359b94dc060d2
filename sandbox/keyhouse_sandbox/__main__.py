"""``python -m keyhouse_sandbox [--port N] [--host H] [--admin]``: serve in the foreground."""

from __future__ import annotations

import argparse
import contextlib
import sys

from ._server import Sandbox


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m keyhouse_sandbox",
        description="Serve keyhouse's provider sandbox (demo credentials only; never real ones).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 = free)")
    parser.add_argument("--admin", action="store_true", help="enable the /_admin routes")
    args = parser.parse_args(argv)
    sandbox = Sandbox(host=args.host, port=args.port, admin=args.admin)
    sandbox.bind()
    out = sys.stdout
    out.write(f"keyhouse sandbox on {sandbox.url}\n")
    for name, info in sandbox.describe().items():
        out.write(f"\n{name}: {info['base_url']}\n")
        for key, value in info["credentials"].items():
            out.write(f"  {key} = {value}\n")
    if args.admin:
        out.write(f"\nadmin routes: {sandbox.url}/_admin (faults, counters, lifetimes, reset)\n")
    out.write("\nCtrl-C stops it.\n")
    out.flush()
    with contextlib.suppress(KeyboardInterrupt):
        sandbox.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
