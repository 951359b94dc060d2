"""The ``keyhouse`` command: ``providers``, ``check``, ``token``, ``demo``.

Nothing here prints a secret except ``keyhouse token PROVIDER``, whose whole output is the
token (for ``$(keyhouse token ovok)`` in a shell). Errors are keyhouse errors, already redacted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from ._errors import ConfigurationError, KeyhouseError
from ._facade import Keyhouse, provider_name
from ._redact import redact
from ._registry import REGISTRY, ProviderEntry
from ._settings import ProviderSettings, Settings, safe_cache


def _table(rows: Sequence[Sequence[str]], out: TextIO) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in [rows[0], ["-" * w for w in widths], *rows[1:]]:
        print(
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip(), file=out
        )


def _alone(environ: Mapping[str, str], entry: ProviderEntry) -> ProviderSettings | None:
    """``entry``'s settings read without the others' and the global ones."""
    own = {k: v for k, v in environ.items() if k.startswith(entry.env_prefix)}
    return Settings.from_env(own).providers.get(entry.name)


def cmd_providers(environ: Mapping[str, str], out: TextIO) -> int:
    """The table; a problem in the settings is raised after it (each provider then read alone,
    to show whose it is)."""
    try:
        settings, problem = Settings.from_env(environ), None
    except ConfigurationError as exc:
        settings, problem = None, exc
    cache = safe_cache((environ.get("KEYHOUSE_CACHE") or "memory").strip())  # settings.cache
    rows = [["provider", "installed", "configured", "base url", "cache"]]
    for name, entry in REGISTRY.items():
        installed = "yes" if entry.installed() else f"no (pip install {entry.extra})"
        try:
            configured = settings.providers.get(name) if settings else _alone(environ, entry)
        except ConfigurationError:
            rows.append([name, installed, "invalid", "-", "-"])
            continue
        where = [configured.base_url, cache] if configured else ["-", "-"]
        rows.append([name, installed, "yes" if configured else "no", *where])
    _table(rows, out)
    if problem is not None:
        raise problem
    return 0


def _when(epoch: float | None) -> str:
    if epoch is None:
        return "never"
    try:
        stamp = dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%d %H:%M:%SZ")
    except (OverflowError, OSError, ValueError):  # a cache record beyond year 9999, say
        return "beyond year 9999"
    return f"{stamp} (in {max(0, int(epoch - time.time()))}s)"


def cmd_check(environ: Mapping[str, str], names: Sequence[str], out: TextIO) -> int:
    failed = 0
    with Keyhouse.from_env(environ) as kh:
        targets: list[str] = list(names) or list(kh.configured)
        if not targets:
            print("no provider is configured (set KEYHOUSE_<PROVIDER>_* variables)", file=out)
            return 1
        rows = [["provider", "status", "token expires", "token requests", "cache"]]
        for name in targets:
            try:
                manager = kh.manager(provider_name(name))
                before = dict(manager.stats.counts)
                credential = manager.get_sync()
                manager.get_sync()  # the second ask must be served without a request
                sent = {k: v - before.get(k, 0) for k, v in manager.stats.counts.items()}
                requests = ", ".join(f"{k} {v}" for k, v in sorted(sent.items()) if v) or "none"
                cache = "hit" if requests == "none" else "miss, then hit"
                rows.append([name, "ok", _when(credential.expires_at), requests, cache])
            except KeyhouseError as exc:
                failed += 1
                rows.append([name, f"FAILED: {redact(str(exc))}", "-", "-", "-"])
        _table(rows, out)
    return 1 if failed else 0


def cmd_token(environ: Mapping[str, str], name: str, out: TextIO) -> int:
    with Keyhouse.from_env(environ) as kh:
        print(kh.token(provider_name(name)), file=out)
    return 0


def cmd_demo(out: TextIO) -> int:
    try:
        from keyhouse_sandbox.demo import run  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        print(
            "the demo needs the sandbox: pip install keyhouse-sandbox "
            "(from a checkout: pip install ./generated/models ./sandbox)",
            file=sys.stderr,
        )
        return 2
    return int(run(out))


class _Version(argparse.Action):
    """``--version``: keyhouse's and the installed clients' versions on one line (argparse's own
    action wraps it at the terminal width)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        from importlib.metadata import PackageNotFoundError, version

        from . import __version__

        clients = []
        for entry in REGISTRY.values():
            try:
                clients.append(f"{entry.name} {version(entry.distribution)}")
            except PackageNotFoundError:
                continue
        print(f"keyhouse {__version__}" + (f" (clients: {', '.join(clients)})" if clients else ""))
        parser.exit()


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    """Entry point; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="keyhouse", description="Typed, always-authenticated clients for five provider APIs."
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the versions and exit")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("providers", help="table of providers: installed, configured, cache")
    check = sub.add_parser("check", help="log in and show token expiry (never the token)")
    check.add_argument("provider", nargs="*", help=f"any of: {', '.join(REGISTRY)}")
    token = sub.add_parser("token", help="print only the token (for shell use)")
    token.add_argument("provider", help=f"any of: {', '.join(REGISTRY)}, or another installed one")
    sub.add_parser("demo", help="run every provider's main flow against the embedded sandbox")
    args = parser.parse_args(argv)
    env, out = os.environ if environ is None else environ, sys.stdout
    try:
        if args.command == "providers":
            return cmd_providers(env, out)
        if args.command == "check":
            return cmd_check(env, args.provider, out)
        if args.command == "token":
            return cmd_token(env, args.provider, out)
        return cmd_demo(out)
    except KeyhouseError as exc:
        print(f"keyhouse: {redact(str(exc))}", file=sys.stderr)
        return 1
