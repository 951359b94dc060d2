"""``python -m bench [--quick] [flags]``: run every benchmark, print the table, write JSON.

Run from the repository root with keyhouse, the sandbox and the generated clients importable
(``nox -s bench`` installs them; in a checkout: ``PYTHONPATH=overlays:sandbox:.``).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import sys
import time
import traceback
import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from . import ROW_IDS
from ._common import Config, Row, SandboxProcess, cleanup_pycache, redis_server
from .overhead import WARM_CPU_BUDGET_US

FAMILIES = ("overhead", "herd", "tenants", "sandbox", "startup", "pipeline", "size")
DEFAULT_OUTPUT = Path(__file__).resolve().parent / "results.json"
MUST_RATIO, GOAL_RATIO = 0.95, 0.98  # keyhouse req/s over raw httpx req/s
IMPORT_RATIO = 1.15  # import keyhouse over import httpx, medians of whole processes (issue 9)
HOOKS_BUDGET_US = 0.5  # warm CPU event hooks may add per request (issue 13)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny loops: a smoke test")
    parser.add_argument(
        "--only", nargs="+", choices=FAMILIES, metavar="FAMILY", help=", ".join(FAMILIES)
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="the JSON file")
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 if a must-goal is missed (not only on errors)"
    )
    defaults = Config()
    for f in fields(Config):
        if f.name == "quick":
            continue
        flag = "--" + f.name.replace("_", "-")
        kind = type(getattr(defaults, f.name))
        parser.add_argument(
            flag, type=kind, default=None, help=f"default {getattr(defaults, f.name)}"
        )
    return parser


def _config(args: argparse.Namespace) -> Config:
    cfg = Config.quick_config() if args.quick else Config()
    for f in fields(Config):
        value = getattr(args, f.name, None)
        if f.name != "quick" and value is not None:
            setattr(cfg, f.name, value)
    return cfg


def _failed_rows(prefix: str, exc: BaseException) -> list[Row]:
    message = f"{type(exc).__name__}: {exc}"
    family = prefix.split(".", 1)[0]
    return [
        Row(id=row_id, family=family, label=row_id, unit="", error=message)
        for row_id in ROW_IDS
        if row_id.startswith(prefix)
    ]


def _guard(prefix: str, measure: Callable[[], list[Row]]) -> list[Row]:
    started = time.perf_counter()
    print(f"-- {prefix} ...", file=sys.stderr, flush=True)
    try:
        rows = measure()
    except Exception as exc:  # one broken family must not hide the others
        traceback.print_exc()
        rows = _failed_rows(prefix, exc)
    print(f"   {prefix}: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return rows


def _sandbox_throughput(sandbox: SandboxProcess, cfg: Config) -> list[Row]:
    """The sandbox's own throughput script, against this run's sandbox: raw keep-alive sockets."""
    label = "sandbox GET /nuxera/api/auth/me, 2 raw-socket client processes"
    try:
        from . import sandbox_throughput
    except ImportError:
        skipped = "bench/sandbox_throughput.py is absent"
        return [
            Row(
                id="sandbox.throughput",
                family="sandbox",
                label=label,
                unit="req/s",
                skipped=skipped,
            )
        ]
    rate = sandbox_throughput._run_raw(sandbox.url, 2, cfg.throughput_seconds)
    return [
        Row(
            id="sandbox.throughput",
            family="sandbox",
            label=label,
            unit="req/s",
            value=rate,
            note=f"{cfg.throughput_seconds:g} s; the server's ceiling, for scale",
        )
    ]


def _verdicts(rows: list[Row], *, quick: bool) -> list[str]:
    """Mark each row against the project's stated goals; return the must-goals missed."""
    missed: list[str] = []
    for row in rows:
        if row.value is None:
            continue
        ratio_rows = ("overhead.sync", "overhead.async", "overhead.body_")
        # Concurrency rows: a trend to read across 1..64 callers, short and GIL-bound batches
        # that swing a few percent run to run, so no must-goal.
        trend_rows = ("overhead.threads_", "overhead.tasks_")
        if row.id.startswith(ratio_rows + trend_rows) and (
            row.id != "overhead.sync_endpoint" and row.ratio is not None
        ):
            if row.ratio >= GOAL_RATIO:
                row.extra["verdict"] = "goal met (within 2%)"
            elif row.ratio >= MUST_RATIO:
                row.extra["verdict"] = "within 5%, goal (2%) missed"
            elif row.id.startswith(trend_rows):
                row.extra["verdict"] = "more than 5% slower in this run (a trend row)"
            else:
                row.extra["verdict"] = "MISSED: more than 5% slower"
                missed.append(row.id)
        elif row.id == "overhead.hooks":
            if row.extra["added_us"] <= HOOKS_BUDGET_US:
                row.extra["verdict"] = f"goal met (within {HOOKS_BUDGET_US} µs)"
            else:
                row.extra["verdict"] = f"MISSED: more than {HOOKS_BUDGET_US} µs added"
                missed.append(row.id)
        elif row.id == "overhead.warm_cpu":
            added, anchor = row.extra["added_us"], row.extra["httpx_auth_added_us"]
            budget = f"{WARM_CPU_BUDGET_US:g} µs"
            if added <= WARM_CPU_BUDGET_US and added < anchor:
                row.extra["verdict"] = f"goal met (within {budget}, below httpx-auth)"
            else:
                row.extra["verdict"] = f"MISSED: more than {budget} added, or not below httpx-auth"
                missed.append(row.id)
        elif row.id == "startup.import_keyhouse" and row.ratio is not None:
            if row.ratio <= IMPORT_RATIO and not row.error:
                row.extra["verdict"] = f"goal met (within {IMPORT_RATIO}x import httpx)"
            else:
                row.extra["verdict"] = f"MISSED: over {IMPORT_RATIO}x import httpx, or a leak"
                missed.append(row.id)
        elif row.id.startswith("size.") and row.baseline is not None:
            if row.value <= row.baseline:
                row.extra["verdict"] = f"goal met (at most {row.baseline:,.0f})"
            else:
                row.extra["verdict"] = f"MISSED: more than {row.baseline:,.0f}"
                missed.append(row.id)
        elif row.id.startswith("herd.") and row.id.endswith(".keyhouse"):
            if row.value == 1:
                row.extra["verdict"] = "one login"
            else:
                row.extra["verdict"] = f"MISSED: {row.value:g} logins"
                missed.append(row.id)
    if quick:  # tiny loops measure nothing worth a verdict
        for row in rows:
            if "verdict" in row.extra:
                row.extra["verdict"] = "quick run: no verdict"
        return []
    return missed


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit in ("logins",):
        return f"{value:g}"
    if unit in ("lines", "pairs"):
        return f"{value:,.0f} {unit}"
    if unit == "req/s":
        return f"{value:,.0f} {unit}"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.2f} ms"
    return f"{value:.1f} {unit}"


def _table(rows: list[Row]) -> str:
    head = ("row", "measurement", "keyhouse", "baseline", "ratio", "notes")
    lines: list[tuple[str, ...]] = [head]
    for row in rows:
        if row.error is not None:
            lines.append((row.id, row.label, "ERROR", "-", "-", row.error[:100]))
            continue
        if row.skipped is not None:
            lines.append((row.id, row.label, "skipped", "-", "-", row.skipped))
            continue
        value = _fmt(row.value, row.unit)
        if row.family == "herd" and not row.id.endswith(".keyhouse"):
            value = f"({value})"  # an anchor's figure, not keyhouse's
        base = _fmt(row.baseline, row.unit)
        if row.baseline_label:
            base = f"{base} ({row.baseline_label})"
        ratio = f"{row.ratio:.3f}" if row.ratio is not None else "-"
        notes = "; ".join(x for x in (row.extra.get("verdict", ""), row.note) if x)
        lines.append((row.id, row.label, value, base, ratio, notes))
    widths = [max(len(line[i]) for line in lines) for i in range(len(head) - 1)]
    out = []
    for n, line in enumerate(lines):
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(line[:-1])]
        out.append(" | ".join([*cells, line[-1]]).rstrip())
        if n == 0:
            out.append("-+-".join("-" * w for w in widths) + "-+-" + "-" * 5)
    return "\n".join(out)


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _meta(
    cfg: Config, argv: Sequence[str], seconds: float, extra: dict[str, Any]
) -> dict[str, Any]:
    import httpx

    return {
        "argv": list(argv),
        "config": asdict(cfg),
        "seconds": seconds,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "loadavg": os.getloadavg(),
        "versions": {
            "httpx": httpx.__version__,
            "httpx-auth": _version("httpx-auth"),
            "authlib": _version("authlib"),
            "keyhouse": _version("keyhouse"),
        },
        "goals": {"overhead_ratio_must": MUST_RATIO, "overhead_ratio_goal": GOAL_RATIO},
        **extra,
    }


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Authlib 1.9.7+ announces its move to httpx2 on import; the comparison does not care.
    warnings.filterwarnings("ignore", message="The httpx module is deprecated")
    args = _parser().parse_args(argv)
    cfg = _config(args)
    families = args.only or list(FAMILIES)
    started = time.perf_counter()
    rows: list[Row] = []
    extra: dict[str, Any] = {}
    try:
        if {"overhead", "herd", "tenants", "sandbox"} & set(families):
            from . import herd, overhead

            with SandboxProcess() as sandbox, redis_server() as redis:
                extra["sandbox_nodelay_workaround"] = sandbox.nodelay_workaround
                if "overhead" in families:
                    rows += _guard("overhead", lambda: overhead.run(sandbox, cfg))
                if "herd" in families:
                    rows += _guard("herd", lambda: herd.run(sandbox, cfg, redis))
                if "tenants" in families:
                    from . import tenants

                    rows += _guard("tenants", lambda: tenants.run(sandbox, cfg, redis))
                if "sandbox" in families:
                    rows += _guard("sandbox", lambda: _sandbox_throughput(sandbox, cfg))
        if "startup" in families:
            from . import startup

            rows += _guard("startup", lambda: startup.run(cfg))
        if "pipeline" in families:
            from . import pipeline

            rows += _guard("pipeline", lambda: pipeline.run(cfg))
        if "size" in families:
            from . import size

            rows += _guard("size", size.run)
    finally:
        cleanup_pycache()
    order = {row_id: i for i, row_id in enumerate(ROW_IDS)}
    rows.sort(key=lambda r: order.get(r.id, len(order)))
    missed = _verdicts(rows, quick=cfg.quick)
    seconds = time.perf_counter() - started
    print(_table(rows))
    print(
        "\nratio: keyhouse / baseline; for the overhead rows the median of per-round ratios "
        "(each round's pair ran back to back), so it can differ from the ratio of the medians."
        "\nherd rows: logins the sandbox counted, worst round shown; anchors in parentheses."
        "\ntenants rows: ms per operation, ratio against the same operation with 1 tenant."
    )
    if extra.get("sandbox_nodelay_workaround"):
        print(
            "\nnote: the sandbox's sockets lacked TCP_NODELAY (about 40 ms per request on "
            "loopback); bench._serve set it on the listening socket for this run."
        )
    print(f"\n{len(rows)} rows in {seconds:.0f} s -> {args.output}")
    if missed:
        print("must-goals missed: " + ", ".join(missed))
    document = {"meta": _meta(cfg, argv, seconds, extra), "rows": [r.as_dict() for r in rows]}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    errors = [r.id for r in rows if r.error is not None]
    if errors:
        print("rows with errors: " + ", ".join(errors))
        return 1
    return 1 if (missed and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
