"""The overlay's size, beside issue 9's budgets: what is hand-written on top of the specs.

* ``size.overlay_lines``: lines of ``overlays/**/*.py`` (budget 2,500), with the share that is
  blank, docstring or comment in the note;
* ``size.duplicates``: pairs of places in ``overlays/`` sharing six or more same-shape lines,
  as the ``duplicates`` tool counts them (budget 3); skipped where the tool is not installed
  (it is this project's development machine's, not a package).
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess

from ._common import ROOT, Row

__all__ = ["DUPLICATE_PAIRS_BUDGET", "OVERLAY_LINES_BUDGET", "run"]

OVERLAY_LINES_BUDGET = 2500
DUPLICATE_PAIRS_BUDGET = 3
OVERLAY = ROOT / "overlays"


def _docstring_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
        if isinstance(node, kinds) and node.body:
            first = node.body[0]
            value = first.value if isinstance(first, ast.Expr) else None
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                lines.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    return lines


def _overlay_lines() -> Row:
    total = code = 0
    files = sorted(OVERLAY.rglob("*.py"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        docs = _docstring_lines(ast.parse(text))
        for n, line in enumerate(text.splitlines(), 1):
            total += 1
            stripped = line.strip()
            code += bool(stripped) and not stripped.startswith("#") and n not in docs
    return Row(
        id="size.overlay_lines",
        family="size",
        label="lines of overlays/**/*.py",
        unit="lines",
        value=float(total),
        baseline=float(OVERLAY_LINES_BUDGET),
        baseline_label="budget (issue 9)",
        ratio=total / OVERLAY_LINES_BUDGET,
        note=f"{len(files)} files; {code:,} of code, the rest blank, docstring or comment",
        extra={"code_lines": code, "files": len(files)},
    )


def _duplicates() -> Row:
    label = "pairs of places sharing 6+ same-shape lines in overlays/"
    tool = shutil.which("duplicates")
    if tool is None:
        return Row(
            id="size.duplicates",
            family="size",
            label=label,
            unit="pairs",
            skipped="the duplicates tool is not installed here",
        )
    proc = subprocess.run(
        [tool, "--repo", str(OVERLAY)], capture_output=True, text=True, check=False, timeout=120
    )
    first = proc.stdout.strip().splitlines()[0] if proc.stdout.strip() else ""
    found = re.match(r"(\d+) pairs? of places", first)
    if found is None and not first.startswith("no duplicates"):
        return Row(
            id="size.duplicates",
            family="size",
            label=label,
            unit="pairs",
            error=f"unreadable duplicates output: {first[:80]!r}",
        )
    pairs = int(found.group(1)) if found else 0
    rows = [line for line in proc.stdout.splitlines() if re.match(r"D\d+ ", line)]
    boilerplate = sum(" boilerplate" in line for line in rows)
    return Row(
        id="size.duplicates",
        family="size",
        label=label,
        unit="pairs",
        value=float(pairs),
        baseline=float(DUPLICATE_PAIRS_BUDGET),
        baseline_label="budget (issue 9)",
        note=f"{boilerplate} of them marked boilerplate by the tool",
    )


def run() -> list[Row]:
    """Both rows (no timing: they read files)."""
    return [_overlay_lines(), _duplicates()]
