"""Compile ``specs/<provider>.yaml`` into the packages under ``generated/``.

Two generators read each spec:

* openapi-python-client -> ``generated/<provider>/`` (distribution ``keyhouse-<provider>``,
  import ``keyhouse_<provider>``): the typed attrs + httpx client users install;
* datamodel-code-generator -> ``generated/models/keyhouse_models/<provider>.py``: pydantic v2
  models the sandbox validates requests with;
* the spec itself as JSON -> ``generated/models/keyhouse_models/specs/<provider>.json``: package
  data the installed sandbox serves operations without a hand-written handler from;
* the spec's auth facts -> ``generated/<provider>/keyhouse_<provider>/auth.json`` (servers,
  security schemes, operations, the checked ``x-keyhouse`` block; see ``auth_facts.py``):
  package data keyhouse's token flows and the sandbox's lifetimes come from.

Every run records, per provider, a digest of its inputs (spec, generator configuration, the
locked toolchain, this file) and of its outputs in ``generated/STAMPS.json``. A provider whose
input digest and output digest both match is skipped, so a run with nothing changed does no
generator work; a hand edit under ``generated/`` changes the output digest and forces a rebuild.

Run through nox (``nox -s generate``, ``nox -s check``), which installs the pinned toolchain
(``codegen/requirements.lock``) first. Usable directly as
``python codegen/generate.py [--out DIR] [--force] [PROVIDER ...]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

# spec_diff.py and versioning.py live beside this file
sys.path.insert(0, str(Path(__file__).resolve().parent))
import auth_facts
import spec_diff
import versioning

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
CODEGEN = ROOT / "codegen"
GENERATED = ROOT / "generated"
#: The providers: one spec each. This folder is the list; everything else derives from it
#: (tests/test_providers_list.py checks the places that must spell it: extras, ProviderName).
PROVIDERS = tuple(sorted(path.stem for path in SPECS.glob("*.yaml")))
STAMPS = "STAMPS.json"
MODELS = "models"

# Everything besides the spec that decides what the generators write.
SHARED_INPUTS = (
    CODEGEN / "client.yaml",
    CODEGEN / "requirements.lock",
    CODEGEN / "models-package",
    CODEGEN / "templates",
    CODEGEN / "spec_diff.py",
    CODEGEN / "auth_facts.py",
    CODEGEN / "versioning.py",
    ROOT / "LICENSE",
    Path(__file__),
)
LOCK = CODEGEN / "releases.lock.json"

DATAMODEL_ARGS = (
    "--input-file-type=openapi",
    "--output-model-type=pydantic_v2.BaseModel",
    "--target-python-version=3.11",
    "--disable-timestamp",
    "--formatters",
    "ruff-check",
    "ruff-format",
    "--use-standard-collections",
    "--use-union-operator",
    "--field-constraints",
    "--use-annotated",
    "--snake-case-field",
    "--openapi-scopes",
    "schemas",
)


def _digest_paths(paths: Iterable[Path], base: Path) -> str:
    """sha256 over the relative names and bytes of files (folders are walked, sorted)."""
    h = hashlib.sha256()
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if "__pycache__" in file.parts:
                continue
            h.update(file.relative_to(base).as_posix().encode())
            h.update(b"\0")
            h.update(file.read_bytes())
            h.update(b"\0")
    return h.hexdigest()


def inputs_digest(provider: str, specs: Path | None = None, lock: Path | None = None) -> str:
    """The spec, the shared generator inputs and the released state (versions, changelogs)."""
    specs, lock = specs or SPECS, lock or LOCK
    spec = _digest_paths([specs / f"{provider}.yaml"], specs.parent)
    released = _digest_paths(
        [p for p in (lock, versioning.snapshots(lock)) if p.exists()], lock.parent
    )
    shared = _digest_paths(SHARED_INPUTS, ROOT)
    return hashlib.sha256((spec + shared + released).encode()).hexdigest()


def outputs_digest(out: Path, provider: str) -> str:
    client = out / provider
    model = out / MODELS / "keyhouse_models" / f"{provider}.py"
    spec = out / MODELS / "keyhouse_models" / "specs" / f"{provider}.json"
    if not client.is_dir() or not model.is_file() or not spec.is_file():
        return ""
    return _digest_paths([client, model, spec], out)


def _read_stamps(out: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads((out / STAMPS).read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_stamps(out: Path, stamps: dict[str, dict[str, str]]) -> None:
    text = json.dumps(dict(sorted(stamps.items())), indent=2, sort_keys=True) + "\n"
    (out / STAMPS).write_text(text)


def is_fresh(
    provider: str, out: Path = GENERATED, specs: Path | None = None, lock: Path | None = None
) -> bool:
    """True when ``out`` holds what the current inputs produce (per the stamp)."""
    stamp = _read_stamps(out).get(provider, {})
    return stamp.get("inputs") == inputs_digest(provider, specs, lock) and stamp.get(
        "outputs"
    ) == outputs_digest(out, provider)


def _env() -> dict[str, str]:
    """Put this interpreter's scripts first on PATH: the generator's post-hooks call ruff."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def _run(args: Sequence[str], cwd: Path) -> None:
    proc = subprocess.run(args, check=False, cwd=cwd, env=_env(), capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"generator failed ({proc.returncode}): {' '.join(args)}")


def _client_config(provider: str, workdir: Path) -> Path:
    """The shared client.yaml plus this provider's distribution and import names."""
    text = (CODEGEN / "client.yaml").read_text()
    text += (
        f"\nproject_name_override: keyhouse-{provider}\n"
        f"package_name_override: keyhouse_{provider}\n"
    )
    path = workdir / f"{provider}-config.yaml"
    path.write_text(text)
    return path


def _with_parameter_descriptions(source: Path, target: Path) -> Path:
    """The spec with each parameter's ``description`` copied into its inline schema.

    openapi-python-client documents a parameter from its schema only, so the spec's own
    parameter descriptions would be missing from the generated docstrings."""
    import yaml  # PyYAML, from the generator toolchain (codegen/requirements.lock)

    data = yaml.safe_load(source.read_text(encoding="utf-8"))

    def fill(parameters: object) -> None:
        for parameter in parameters if isinstance(parameters, list) else []:
            schema = parameter.get("schema") if isinstance(parameter, dict) else None
            if (
                isinstance(schema, dict)
                and "$ref" not in schema
                and "description" not in schema
                and parameter.get("description")
            ):
                schema["description"] = parameter["description"]

    fill(list((data.get("components") or {}).get("parameters", {}).values()))
    for item in (data.get("paths") or {}).values():
        fill(item.get("parameters"))
        for operation in item.values():
            if isinstance(operation, dict):
                fill(operation.get("parameters"))
    target.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
    return target


def _generate_client(
    provider: str, out: Path, workdir: Path, specs: Path, spec: Path | None = None
) -> None:
    source = spec if spec is not None else specs / f"{provider}.yaml"
    staging = workdir / provider
    spec = _with_parameter_descriptions(source, workdir / f"{provider}-spec.json")
    _run(
        [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            str(spec),
            "--config",
            str(_client_config(provider, workdir)),
            "--custom-template-path",
            str(CODEGEN / "templates"),
            "--meta",
            "uv",
            "--output-path",
            str(staging),
            "--fail-on-warning",
        ],
        cwd=workdir,
    )
    # The generator only adds files (--overwrite keeps stale ones): replace the whole folder.
    shutil.rmtree(out / provider, ignore_errors=True)
    shutil.move(str(staging), str(out / provider))
    shutil.copyfile(ROOT / "LICENSE", out / provider / "LICENSE")  # pyproject's license-files
    write_auth_json(source, out / provider / f"keyhouse_{provider}" / "auth.json")


def generate_client(spec: Path, provider: str, out: Path) -> Path:
    """Generate one client package from any spec (no models, no stamps): the sixth-provider
    path a test takes with a fixture spec. Returns the package's project folder."""
    with tempfile.TemporaryDirectory(prefix="keyhouse-gen-") as tmp:
        out.mkdir(parents=True, exist_ok=True)
        _generate_client(provider, out, Path(tmp), spec.parent, spec)
    return out / provider


def _generate_models(provider: str, out: Path, workdir: Path, specs: Path) -> None:
    target = workdir / f"{provider}_models.py"
    # Run from specs/ with a relative input so the file header is the same on every machine.
    _run(
        [
            sys.executable,
            "-m",
            "datamodel_code_generator",
            "--input",
            f"{provider}.yaml",
            "--output",
            str(target),
            *DATAMODEL_ARGS,
        ],
        cwd=specs,
    )
    package = out / MODELS / "keyhouse_models"
    package.mkdir(parents=True, exist_ok=True)
    shutil.move(str(target), str(package / f"{provider}.py"))
    write_spec_json(specs / f"{provider}.yaml", package / "specs" / f"{provider}.json")


def write_spec_json(source: Path, target: Path) -> None:
    """A spec as JSON package data (YAML read as data: timestamps stay strings)."""
    data = load_spec(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _install_models_package(out: Path, version: str) -> None:
    """The fixed files of the ``keyhouse-models`` distribution (templates in codegen/); its
    pyproject's version is the one from the lock (see versioning.models_version)."""
    template = CODEGEN / "models-package"
    for src in sorted(template.rglob("*")):
        if src.is_file():
            dst = out / MODELS / src.relative_to(template)
            dst.parent.mkdir(parents=True, exist_ok=True)
            data = src.read_bytes()
            if src.name == "pyproject.toml":
                data = re.sub(rb'(?m)^version = ".*"$', f'version = "{version}"'.encode(), data)
            if not dst.exists() or dst.read_bytes() != data:
                dst.write_bytes(data)
    shutil.copyfile(ROOT / "LICENSE", out / MODELS / "LICENSE")


def load_spec(source: Path) -> dict[str, Any]:
    """A spec as data, the way it is shipped as JSON (YAML timestamps stay strings)."""
    import yaml  # PyYAML, from the generator toolchain (codegen/requirements.lock)

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    data = yaml.load(source.read_text(encoding="utf-8"), Loader=Loader)
    if not isinstance(data, dict):
        raise SystemExit(f"{source}: not an OpenAPI document")
    return data


def version_packages(
    out: Path, specs: Path = SPECS, lock: Path = LOCK, write: Sequence[str] = PROVIDERS
) -> list[versioning.Plan]:
    """Each provider's pending version against the lock; for those in ``write``, the version
    goes into pyproject.toml and the changelog into the package; keyhouse-models follows."""
    plans = [
        versioning.plan(p, load_spec(specs / f"{p}.yaml"), out / p, lock)
        for p in PROVIDERS
        if (out / p).is_dir()
    ]
    for item in plans:
        if item.provider in write:
            versioning.apply(item, out / item.provider, f"keyhouse_{item.provider}")
    _install_models_package(out, versioning.models_version(plans, lock))
    return plans


def write_auth_json(source: Path, target: Path) -> None:
    """The spec's auth facts as package data of the generated client (see auth_facts)."""
    try:
        auth = auth_facts.compile_auth(load_spec(source), target.parent)
    except auth_facts.AuthFactsError as exc:
        raise SystemExit(f"{source}: {exc}") from None
    target.write_text(json.dumps(auth, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def generate(
    providers: Sequence[str],
    out: Path = GENERATED,
    *,
    force: bool = False,
    specs: Path = SPECS,
    lock: Path = LOCK,
) -> tuple[dict[str, str], list[versioning.Plan]]:
    """Generate ``providers`` into ``out`` and version them against ``lock``.

    Returns provider -> "generated" | "skipped", and the pending release of every provider
    regenerated (see versioning.Plan)."""
    out.mkdir(parents=True, exist_ok=True)
    stamps = _read_stamps(out)
    todo: list[str] = []
    result: dict[str, str] = {}
    for provider in providers:
        if not force and is_fresh(provider, out, specs, lock):
            result[provider] = "skipped"
        else:
            todo.append(provider)
    plans: list[versioning.Plan] = []
    if todo:
        with tempfile.TemporaryDirectory(prefix="keyhouse-gen-") as tmp:
            workdir = Path(tmp)
            jobs = [(_generate_client, p) for p in todo] + [(_generate_models, p) for p in todo]
            with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
                for future in [pool.submit(fn, p, out, workdir, specs) for fn, p in jobs]:
                    future.result()
        plans = [p for p in version_packages(out, specs, lock, todo) if p.provider in todo]
        for provider in todo:
            stamps[provider] = {
                "inputs": inputs_digest(provider, specs, lock),
                "outputs": outputs_digest(out, provider),
            }
            result[provider] = "generated"
        _write_stamps(out, stamps)
    return result, plans


def tree_diff(expected: Path, actual: Path) -> list[str]:
    """Relative paths that differ between two trees (missing, extra or changed)."""

    def files(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in root.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }

    a, b = files(expected), files(actual)
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


def verify(out: Path = GENERATED, specs: Path = SPECS, lock: Path = LOCK) -> list[str]:
    """Why the committed ``out`` is not releasable as it stands (empty: it is).

    CI's check: ``out`` must be byte for byte what the specs and the lock produce (so a spec
    change needs its regenerated code, version and changelog committed with it), every
    package's version must step from its released one by at least what its changes require
    (a breaking change needs a major bump), the lock's snapshots must be the ones it recorded,
    and keyhouse's extras must admit every provider package's major version."""
    problems = versioning.verify_lock(PROVIDERS, lock)
    with tempfile.TemporaryDirectory(prefix="keyhouse-check-") as tmp:
        fresh = Path(tmp)
        generate(PROVIDERS, fresh, force=True, specs=specs, lock=lock)
        diff = tree_diff(out, fresh)
        if diff:
            listing = "\n  ".join(diff)
            problems.append(
                f"generated/ is not what the specs and the lock produce ({len(diff)} files "
                f"differ):\n  {listing}\nrun `python3 dev.py -s generate` and commit specs/ "
                "and generated/ together"
            )
        plans = version_packages(fresh, specs, lock, write=())
        models = _pyproject_version(fresh / MODELS / "pyproject.toml") or "0.0.0"
    if (ROOT / "sandbox" / "LICENSE").read_bytes() != (ROOT / "LICENSE").read_bytes():
        problems.append("sandbox/LICENSE differs from LICENSE: copy it")
    sandbox_bound = _major_bounds(ROOT / "sandbox" / "pyproject.toml").get("models")
    if sandbox_bound is not None and sandbox_bound != int(models.split(".")[0]):
        problems.append(
            f"keyhouse-sandbox requires keyhouse-models {sandbox_bound}.x but it is {models}: "
            "adapt sandbox/ and move the bound in sandbox/pyproject.toml"
        )
    extras = _major_bounds(ROOT / "pyproject.toml")
    for item in plans:
        committed = _pyproject_version(out / item.provider / "pyproject.toml")
        needed = item.kind if item.version != item.released else None
        allowed = versioning.bump_kind(item.released, committed) if committed else None
        if needed and (allowed is None or spec_diff.SEVERITY[allowed] < spec_diff.SEVERITY[needed]):
            problems.append(
                f"{item.provider}: {needed} changes since {item.released} "
                f"({item.changes[0].text}) need version {item.version}, "
                f"generated/{item.provider}/pyproject.toml says {committed}"
            )
        bound = extras.get(item.provider)
        major = int(item.version.split(".")[0])
        if bound is not None and bound != major:
            problems.append(
                f"{item.provider}: keyhouse[{item.provider}] requires keyhouse-{item.provider} "
                f"{bound}.x but the package is {item.version}: adapt overlays/ to the change "
                "and move the bound in pyproject.toml"
            )
    return problems


def _pyproject_version(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    found = re.search(r'(?m)^version = "(.*)"$', text)
    return found.group(1) if found else None


def _major_bounds(pyproject: Path) -> dict[str, int]:
    """``keyhouse-<name>`` -> the major version a ``>=N.0,<N+1`` requirement admits
    (keyhouse's extras, the sandbox's keyhouse-models)."""
    text = pyproject.read_text(encoding="utf-8")
    return {
        m.group(1): int(m.group(2)) for m in re.finditer(r'"keyhouse-(\w+)>=(\d+)\.0,<(\d+)"', text)
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("providers", nargs="*", metavar="PROVIDER", help=", ".join(PROVIDERS))
    parser.add_argument("--out", type=Path, default=GENERATED)
    parser.add_argument("--specs", type=Path, default=SPECS, help="folder of <provider>.yaml")
    parser.add_argument("--lock", type=Path, default=LOCK, help="the released state")
    parser.add_argument("--force", action="store_true", help="ignore the stamps")
    parser.add_argument(
        "--verify", action="store_true", help="check --out is releasable (CI); write nothing"
    )
    args = parser.parse_args(argv)
    unknown = sorted(set(args.providers) - set(PROVIDERS))
    if unknown:
        parser.error(f"unknown provider(s): {', '.join(unknown)}; known: {', '.join(PROVIDERS)}")
    if args.verify:
        problems = verify(args.out, args.specs, args.lock)
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        if not problems:
            print("generated/ matches the specs and the lock; every version steps far enough")
        return 1 if problems else 0
    outcomes, plans = generate(
        args.providers or PROVIDERS, args.out, force=args.force, specs=args.specs, lock=args.lock
    )
    for provider, outcome in outcomes.items():
        print(f"{provider:15} {outcome}")
    for item in plans:
        if item.version != item.released:
            print(item.summary())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
