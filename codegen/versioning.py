"""Each generated provider package's own semantic version, bumped from what changed.

The released state lives in the repository: ``codegen/releases.lock.json`` records, per
provider package, the released version, its history (the changelog) and digests of two
snapshots kept in ``codegen/releases/``:

* ``<provider>.spec.json``: the released spec (what :mod:`spec_diff` compares the spec with);
* ``<provider>.api.json``: the released Python API of ``keyhouse_<provider>`` as griffe sees it
  (public modules, classes, functions with their parameters and return types, attributes with
  their types and whether they have a default).

On every run of ``generate.py`` the current spec and the freshly generated package are compared
with those snapshots. The worst change decides the pending version (breaking -> major, additive
-> minor, anything else, descriptions or generator-only output changes included -> patch); it
is written into the package's ``pyproject.toml`` and on top of its ``CHANGELOG.md``. Nothing
here depends on the clock or the machine, so regenerating is byte-stable; ``release`` records
the pending versions in the lock (and is the only writer of the lock), after which the same
outputs are the released state.

    python codegen/versioning.py release   # record what generate computed as released
    python codegen/versioning.py reset     # every package back to a fresh 1.0.0 baseline
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from spec_diff import ADDITIVE, BREAKING, PATCH, SEVERITY, Change, classify, worst

CODEGEN = Path(__file__).resolve().parent
LOCK = CODEGEN / "releases.lock.json"
FIRST = "1.0.0"
MODELS = "models"
CHANGELOG = "CHANGELOG.md"
HEADINGS = {BREAKING: "Breaking", ADDITIVE: "Added", PATCH: "Fixed / documentation"}

Surface = dict[str, dict[str, Any]]


def snapshots(lock: Path) -> Path:
    """The folder of snapshots that belongs to a lock file (``releases/`` beside it)."""
    return lock.parent / "releases"


def bump(version: str, kind: str | None) -> str:
    if kind is None:
        return version
    major, minor, patch = (int(x) for x in version.split("."))
    if kind == BREAKING:
        return f"{major + 1}.0.0"
    if kind == ADDITIVE:
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def bump_kind(old: str, new: str) -> str | None:
    """Which kind of change a step from ``old`` to ``new`` allows (None: no step)."""
    a = tuple(int(x) for x in old.split("."))
    b = tuple(int(x) for x in new.split("."))
    if b <= a:
        return None
    if b[0] > a[0]:
        return BREAKING
    return ADDITIVE if b[1] > a[1] else PATCH


# ----------------------------------------------------------------------------- Python API


def api_surface(package_root: Path, module: str) -> Surface:
    """The public Python API of ``module`` under ``package_root``, read statically by griffe."""
    import griffe  # griffelib, from the generator toolchain (codegen/requirements.lock)

    root = griffe.load(
        module,
        search_paths=[str(package_root)],
        docstring_parser=None,
        resolve_aliases=False,
        allow_inspection=False,
    )
    surface: Surface = {}

    def public(name: str) -> bool:
        return not name.startswith("_") or (name.startswith("__") and name.endswith("__"))

    def walk(obj: Any) -> None:
        for name, member in sorted(obj.members.items()):
            if not public(name):
                continue
            path = f"{obj.path}.{name}"
            if member.is_alias:
                if obj.is_module and name in (obj.exports or ()):
                    surface[path] = {"kind": "alias", "target": member.target_path}
                continue
            if member.is_module:
                surface[path] = {"kind": "module"}
                walk(member)
            elif member.is_class:
                surface[path] = {
                    "kind": "class",
                    "bases": [str(b) for b in member.bases],
                }
                walk(member)
            elif member.is_function:
                surface[path] = {
                    "kind": "function",
                    "params": [
                        [p.name, p.kind.value, str(p.annotation or ""), p.default is not None]
                        for p in member.parameters
                    ],
                    "returns": str(member.returns or ""),
                }
            elif member.is_attribute:
                surface[path] = {
                    "kind": "attribute",
                    "annotation": str(member.annotation or ""),
                    "default": member.value is not None,
                }

    walk(root)
    return surface


def _short(path: str, module: str) -> str:
    """``keyhouse_ovok.models.login_response.LoginResponse.profile`` ->
    ``models.login_response.LoginResponse.profile``."""
    return path.removeprefix(module + ".")


def compare_api(old: Surface, new: Surface, module: str) -> list[Change]:
    """griffe-style breakages between two surfaces, plus additions (as additive changes).

    Unlike griffe, a changed annotation counts as breaking: in generated code it means a
    field's or a response's type changed (``str`` -> ``str | Unset`` is a field made optional).
    """
    changes: list[Change] = []
    for path in sorted(old.keys() | new.keys()):
        name = _short(path, module)
        a, b = old.get(path), new.get(path)
        if b is None:
            parent = path.rsplit(".", 1)[0]
            if parent in old and parent not in new:
                continue  # reported once, at the outermost removed object
            changes.append(Change(BREAKING, f"Python API: {name} removed"))
        elif a is None:
            parent = path.rsplit(".", 1)[0]
            if parent in new and parent not in old:
                continue
            required = b["kind"] == "attribute" and not b["default"] and _is_model_field(path, new)
            changes.append(
                Change(
                    BREAKING if required else ADDITIVE,
                    f"Python API: {name} added" + (" (required)" if required else ""),
                )
            )
        elif a["kind"] != b["kind"]:
            article = "an" if b["kind"][:1] in "aeiou" else "a"
            changes.append(Change(BREAKING, f"Python API: {name} is now {article} {b['kind']}"))
        else:
            changes.extend(_compare_member(name, a, b))
    return changes


def _is_model_field(path: str, surface: Surface) -> bool:
    parent = surface.get(path.rsplit(".", 1)[0], {})
    return parent.get("kind") == "class"


def _compare_member(name: str, a: Mapping[str, Any], b: Mapping[str, Any]) -> Iterator[Change]:
    kind = a["kind"]
    if kind == "alias" and a["target"] != b["target"]:
        yield Change(BREAKING, f"Python API: {name} now refers to {b['target']}")
    elif kind == "class" and not set(a["bases"]) <= set(b["bases"]):
        yield Change(BREAKING, f"Python API: {name} lost a base class")
    elif kind == "attribute":
        if a["annotation"] != b["annotation"]:
            yield Change(
                BREAKING,
                f"Python API: {name} type changed from {a['annotation']} to {b['annotation']}",
            )
        elif a["default"] and not b["default"]:
            yield Change(BREAKING, f"Python API: {name} lost its default")
    elif kind == "function":
        params_a = {p[0]: p for p in a["params"]}
        params_b = {p[0]: p for p in b["params"]}
        for pname, pa in params_a.items():
            pb = params_b.get(pname)
            if pb is None:
                yield Change(BREAKING, f"Python API: {name}() parameter {pname} removed")
            elif pa[1] != pb[1]:
                yield Change(BREAKING, f"Python API: {name}() parameter {pname} is now {pb[1]}")
            elif pa[2] != pb[2]:
                yield Change(BREAKING, f"Python API: {name}() parameter {pname} type changed")
            elif pa[3] and not pb[3]:
                yield Change(BREAKING, f"Python API: {name}() parameter {pname} now required")
        positional = [p[0] for p in a["params"] if "positional" in p[1]]
        if positional != [p[0] for p in b["params"] if "positional" in p[1]][: len(positional)]:
            yield Change(BREAKING, f"Python API: {name}() parameters moved")
        for pname, pb in params_b.items():
            if pname not in params_a:
                kind_of = ADDITIVE if pb[3] or pb[1].startswith("var") else BREAKING
                label = "" if kind_of == ADDITIVE else " (required)"
                yield Change(kind_of, f"Python API: {name}() parameter {pname} added{label}")
        if a["returns"] != b["returns"]:
            yield Change(BREAKING, f"Python API: {name}() return type changed to {b['returns']}")


# ----------------------------------------------------------------------------- the lock


def _dump(data: Any) -> str:
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _dump_surface(surface: Surface) -> str:
    """One line per API object: small, and a release's diff reads as the API's diff."""
    rows = [
        f" {json.dumps(path)}: {json.dumps(surface[path], sort_keys=True, separators=(',', ':'))}"
        for path in sorted(surface)
    ]
    return "{\n" + ",\n".join(rows) + "\n}\n"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def read_lock(lock: Path = LOCK) -> dict[str, Any]:
    try:
        data = json.loads(lock.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"packages": {}}
    except ValueError as exc:
        raise SystemExit(f"{lock}: not valid JSON ({exc}); `git checkout` it") from exc
    if not isinstance(data, dict) or not isinstance(data.get("packages"), dict):
        raise SystemExit(f"{lock}: no 'packages' table")
    return data


def write_lock(data: Mapping[str, Any], lock: Path = LOCK) -> None:
    lock.write_text(_dump(data), encoding="utf-8")


def code_digest(package_dir: Path) -> str:
    """What the generator wrote for a provider, less what versioning writes (pyproject's
    version line and the changelog): a difference is at least a patch."""
    h = hashlib.sha256()
    for file in sorted(p for p in package_dir.rglob("*") if p.is_file()):
        rel = file.relative_to(package_dir).as_posix()
        if "__pycache__" in file.parts or file.name == CHANGELOG:
            continue
        data = file.read_bytes()
        if rel == "pyproject.toml":
            data = re.sub(rb'(?m)^version = ".*"$', b"", data)
        h.update(rel.encode() + b"\0" + data + b"\0")
    return h.hexdigest()


@dataclass
class Plan:
    """A provider package's pending release: ``version`` is what generate writes."""

    provider: str
    released: str
    version: str
    changes: list[Change] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)

    @property
    def kind(self) -> str | None:
        return worst(self.changes)

    def summary(self) -> str:
        """``ovok 1.2.0 -> 2.0.0 (breaking: LoginResponse.profile removed)``."""
        if not self.changes:
            return f"{self.provider} {self.version} (unchanged)"
        first = self.changes[0]
        more = (
            len([c for c in self.changes if c.kind == first.kind and "Python API" not in c.text])
            - 1
        )
        extra = f"; {more} more" if more > 0 else ""
        return (
            f"{self.provider} {self.released} -> {self.version} ({first.kind}: {first.text}{extra})"
        )


def plan(
    provider: str,
    spec: Mapping[str, Any],
    package_dir: Path,
    lock: Path = LOCK,
) -> Plan:
    """Compare the current spec and generated package with the provider's released state."""
    entry = read_lock(lock)["packages"].get(provider)
    if entry is None:  # never released: the first release is 1.0.0
        return Plan(provider, FIRST, FIRST, [Change(PATCH, "first release")], [])
    snaps = snapshots(lock)
    old_spec = json.loads((snaps / f"{provider}.spec.json").read_text(encoding="utf-8"))
    old_api = json.loads((snaps / f"{provider}.api.json").read_text(encoding="utf-8"))
    module = f"keyhouse_{provider}"
    changes = classify(old_spec, spec)
    api_changes = compare_api(old_api, api_surface(package_dir, module), module)
    changes += [c for c in api_changes if c not in changes]
    if not changes and code_digest(package_dir) != entry["code_sha256"]:
        changes.append(Change(PATCH, "generated code changed (generator or templates)"))
    changes.sort(key=lambda c: (-SEVERITY[c.kind], c.text.startswith("Python API"), c.text))
    version = bump(entry["version"], worst(changes))
    return Plan(provider, entry["version"], version, changes, list(entry.get("history", [])))


def changelog(title: str, plan_: Plan) -> str:
    """The package's CHANGELOG.md: the pending entry (if any) over the released ones."""
    entries = list(plan_.history)
    if plan_.changes and plan_.version != plan_.released:
        entries.insert(0, _entry(plan_.version, plan_.changes))
    lines = [
        f"# Changelog of {title}",
        "",
        "Versions follow semantic versioning, computed by keyhouse's `codegen/versioning.py`",
        "from the provider's spec and the generated Python API: breaking changes bump the",
        "major version, additions the minor version, anything else the patch version.",
        "",
    ]
    for item in entries:
        lines += [f"## {item['version']}", ""]
        if item["changes"] == [[PATCH, "first release"]]:
            lines += ["First release.", ""]
            continue
        by_kind: dict[str, list[str]] = {}
        for kind, text in item["changes"]:
            by_kind.setdefault(kind, []).append(text)
        for kind in (BREAKING, ADDITIVE, PATCH):
            if kind in by_kind:
                lines += [f"### {HEADINGS[kind]}", ""]
                lines += [f"- {text}" for text in by_kind[kind]]
                lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _entry(version: str, changes: Sequence[Change]) -> dict[str, Any]:
    return {"version": version, "changes": [[c.kind, c.text] for c in changes]}


def apply(plan_: Plan, package_dir: Path, module: str) -> None:
    """Write the plan's version into pyproject.toml and its changelog into the package."""
    pyproject = package_dir / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    text, count = re.subn(r'(?m)^version = ".*"$', f'version = "{plan_.version}"', text, count=1)
    if count != 1:
        raise SystemExit(f"{pyproject}: no `version = ...` line to set")
    pyproject.write_text(text, encoding="utf-8")
    title = f"keyhouse-{plan_.provider}"
    (package_dir / module / CHANGELOG).write_text(changelog(title, plan_), encoding="utf-8")


def models_version(plans: Sequence[Plan], lock: Path = LOCK) -> str:
    """keyhouse-models bundles every provider's models: it moves by the worst pending change."""
    entry = read_lock(lock)["packages"].get(MODELS)
    if entry is None:
        return FIRST
    pending = [c for p in plans if p.version != p.released for c in p.changes]
    return bump(entry["version"], worst(pending))


# ----------------------------------------------------------------------------- commands


def record(
    providers: Sequence[str],
    specs_json: Path,
    generated: Path,
    lock: Path = LOCK,
    *,
    reset: bool = False,
) -> list[str]:
    """Make the generated state the released one (``reset``: every package at 1.0.0).

    ``specs_json`` holds each spec as JSON (``keyhouse_models/specs/``), ``generated`` the
    generated packages. Returns one line per package recorded."""
    data = {"packages": {}} if reset else read_lock(lock)
    snaps = snapshots(lock)
    if reset:
        shutil.rmtree(snaps, ignore_errors=True)
    snaps.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    plans: list[Plan] = []
    for provider in providers:
        module = f"keyhouse_{provider}"
        package = generated / provider
        spec_text = (specs_json / f"{provider}.json").read_text(encoding="utf-8")
        if reset:
            current = Plan(provider, FIRST, FIRST, [Change(PATCH, "first release")], [])
        else:
            current = plan(provider, json.loads(spec_text), package, lock)
        plans.append(current)
        if not reset and current.version == current.released:
            lines.append(f"{provider} {current.version} (unchanged)")
            continue
        api_text = _dump_surface(api_surface(package, module))
        (snaps / f"{provider}.spec.json").write_text(spec_text, encoding="utf-8")
        (snaps / f"{provider}.api.json").write_text(api_text, encoding="utf-8")
        history = [_entry(current.version, current.changes), *current.history]
        data["packages"][provider] = {
            "version": current.version,
            "spec_sha256": _sha(spec_text),
            "api_sha256": _sha(api_text),
            "code_sha256": code_digest(package),
            "history": history,
        }
        lines.append(f"{provider} {current.version} released")
    version = FIRST if reset else models_version(plans, lock)
    data["packages"][MODELS] = {"version": version}
    data["comment"] = (
        "Released state of the generated packages: written by `python3 dev.py -s release`, "
        "read by codegen/generate.py (see codegen/versioning.py). Do not edit by hand."
    )
    write_lock(data, lock)
    lines.append(f"models {version}")
    return lines


def verify_lock(providers: Sequence[str], lock: Path = LOCK) -> list[str]:
    """Problems with the lock itself: missing packages, snapshots edited by hand."""
    problems: list[str] = []
    packages = read_lock(lock)["packages"]
    snaps = snapshots(lock)
    for provider in providers:
        entry = packages.get(provider)
        if entry is None:
            problems.append(f"{provider}: not in {lock.name}; run `python3 dev.py -s release`")
            continue
        for what in ("spec", "api"):
            path = snaps / f"{provider}.{what}.json"
            text = path.read_text(encoding="utf-8") if path.is_file() else ""
            if _sha(text) != entry.get(f"{what}_sha256"):
                problems.append(f"{provider}: {path} does not match its digest in {lock.name}")
        history = entry.get("history") or [{}]
        if history[0].get("version") != entry.get("version"):
            problems.append(f"{provider}: history does not start at {entry.get('version')}")
    if MODELS not in packages:
        problems.append(f"models: not in {lock.name}")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    from generate import GENERATED, PROVIDERS

    parser = argparse.ArgumentParser(description="record the released state of the packages")
    parser.add_argument("command", choices=["release", "reset"])
    parser.add_argument("--lock", type=Path, default=LOCK)
    parser.add_argument("--generated", type=Path, default=GENERATED)
    args = parser.parse_args(argv)
    specs_json = args.generated / MODELS / "keyhouse_models" / "specs"
    lines = record(PROVIDERS, specs_json, args.generated, args.lock, reset=args.command == "reset")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
