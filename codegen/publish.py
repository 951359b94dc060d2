"""Build every keyhouse distribution and upload it to a package index.

The distributions: each generated provider package (``keyhouse-<provider>``), ``keyhouse-models``,
``keyhouse`` and ``keyhouse-sandbox``, each as an sdist and a wheel, checked with
``twine check --strict`` and uploaded with ``twine upload`` (files already on the index are
skipped, so publishing again uploads only new versions).

Without ``--index-url`` a pypiserver is started on 127.0.0.1 (a free port) serving
``.packages/`` under the project, the files are uploaded to it, and it is stopped again (or
kept in the foreground with ``--serve``); the folder stays, so ``pip install --find-links
.packages keyhouse`` works offline too. With ``--index-url`` any index that accepts twine
uploads is used (credentials from ``TWINE_USERNAME``/``TWINE_PASSWORD``).

    python codegen/publish.py                         # local pypiserver, .packages/
    python codegen/publish.py --serve                 # and keep serving it
    python codegen/publish.py --index-url URL         # another index (upload URL)

Needs ``uv`` (builds), ``twine`` and, for the local index, ``pypiserver``: ``nox -s publish``
installs them.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "codegen"))
from generate import GENERATED, MODELS, PROVIDERS  # noqa: E402

PACKAGES = ROOT / ".packages"
DIST = ROOT / "dist" / "publish"
LOCAL_USER = "keyhouse"  # the local pypiserver runs without authentication; twine wants a name


def sources(generated: Path = GENERATED) -> dict[str, Path]:
    """distribution name -> its source folder, in dependency order."""
    found = {f"keyhouse-{p}": generated / p for p in PROVIDERS}
    found["keyhouse-models"] = generated / MODELS
    found["keyhouse"] = ROOT
    found["keyhouse-sandbox"] = ROOT / "sandbox"
    return found


def _uv() -> list[str]:
    uv = shutil.which("uv")
    return [uv] if uv else [sys.executable, "-m", "uv"]


def _script(name: str) -> str:
    """A console script of this interpreter's environment (twine, pypi-server)."""
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else (shutil.which(name) or name)


def build(names: Sequence[str], dist: Path, generated: Path = GENERATED) -> list[Path]:
    """An sdist and a wheel of each distribution into ``dist`` (emptied first)."""
    shutil.rmtree(dist, ignore_errors=True)
    dist.mkdir(parents=True)
    all_sources = sources(generated)
    unknown = sorted(set(names) - set(all_sources))
    if unknown:
        raise SystemExit(f"unknown distribution(s) {unknown}; known: {', '.join(all_sources)}")
    for name in names:
        proc = subprocess.run(
            [*_uv(), "build", "--sdist", "--wheel", "--out-dir", str(dist), str(all_sources[name])],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            raise SystemExit(f"building {name} failed:\n{proc.stdout}{proc.stderr}")
    files = sorted(p for p in dist.iterdir() if p.suffix in {".whl", ".gz"})
    check = subprocess.run(
        [_script("twine"), "check", "--strict", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    if check.returncode != 0:
        raise SystemExit(f"twine check failed:\n{check.stdout}{check.stderr}")
    return files


def on_index(simple_url: str, files: Sequence[Path]) -> dict[str, str]:
    """The names among ``files`` the index already serves (its PEP 503 simple pages), each
    with the sha256 the index gives in the link (``""`` when it gives none)."""
    found: dict[str, str] = {}
    for project in sorted({_project(f) for f in files}):
        try:
            with urllib.request.urlopen(f"{simple_url.rstrip('/')}/{project}/", timeout=30) as r:
                page = r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                continue
            raise SystemExit(f"cannot read {simple_url}: {exc}") from None
        except OSError as exc:
            raise SystemExit(f"cannot read {simple_url}: {exc}") from None
        for href in re.findall(r'href="([^"]+)"', page):
            path, _, fragment = href.partition("#")
            name = urllib.parse.unquote(path.rsplit("/", 1)[-1])
            if any(f.name == name for f in files):
                found[name] = fragment.removeprefix("sha256=") if "sha256=" in fragment else ""
    return found


def _project(file: Path) -> str:
    """``keyhouse_ovok-1.2.0-py3-none-any.whl`` -> ``keyhouse-ovok`` (PEP 503 normalised)."""
    return re.sub(r"[-_.]+", "-", file.name.split("-", 1)[0]).lower()


def upload(files: Sequence[Path], index_url: str, simple_url: str | None = None) -> list[Path]:
    """``twine upload`` to an upload URL (a pypiserver's root, PyPI's ``legacy/``) of the files
    the index does not have yet (per its simple pages: ``simple_url``, by default
    ``<index_url>/simple/``), so publishing again uploads only new versions. Builds are
    reproducible, so a file the index has with another digest is a change without a new
    version: refused. Returns the files uploaded."""
    there = on_index(simple_url or index_url.rstrip("/") + "/simple/", files)
    for file in files:
        digest = there.get(file.name)
        if digest and digest != hashlib.sha256(file.read_bytes()).hexdigest():
            raise SystemExit(
                f"{file.name} is already on the index with different contents: a package "
                "changed without a new version. For generated packages run `python3 dev.py -s "
                "release` after each publish (then `generate`); bump keyhouse's or the "
                "sandbox's version in its pyproject.toml"
            )
    todo = [f for f in files if f.name not in there]
    if not todo:
        return []
    env = dict(os.environ)
    env.setdefault("TWINE_USERNAME", LOCAL_USER)
    env.setdefault("TWINE_PASSWORD", LOCAL_USER)
    args = ["upload", "--non-interactive", "--disable-progress-bar", "--repository-url"]
    proc = subprocess.run(
        [_script("twine"), *args, index_url, *map(str, todo)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"twine upload to {index_url} failed:\n{proc.stdout}{proc.stderr}")
    return todo


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def local_index(folder: Path = PACKAGES, *, log: Path | None = None) -> Iterator[str]:
    """A pypiserver on 127.0.0.1 serving (and accepting uploads into) ``folder``; yields its
    base URL (``<url>/simple/`` for pip, ``<url>/`` for twine). Stops only the process it
    started. Packages it lacks are redirected to the default fallback (PyPI), so pip can
    resolve keyhouse's third-party dependencies through it."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    out = open(log or os.devnull, "ab")  # noqa: SIM115  (closed below)
    proc = subprocess.Popen(
        [
            _script("pypi-server"),
            "run",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--authenticate",
            ".",
            "--passwords",
            ".",
            str(folder),
        ],
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"pypiserver did not start on {url}") from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        out.close()


def publish(
    index_url: str | None,
    *,
    simple_url: str | None = None,
    names: Sequence[str] | None = None,
    generated: Path = GENERATED,
    dist: Path = DIST,
    packages: Path = PACKAGES,
    serve: bool = False,
) -> list[Path]:
    """Build, check and upload ``names`` (default: every distribution)."""
    files = build(list(names or sources(generated)), dist, generated)
    if index_url is not None:
        done = upload(files, index_url, simple_url)
        print(f"uploaded {len(done)} of {len(files)} files to {index_url}")
        return files
    with local_index(packages) as url:
        done = upload(files, url + "/")
        print(f"uploaded {len(done)} of {len(files)} files to {url} (folder {packages})")
        if serve:
            print(f"serving: pip install --index-url {url}/simple/ 'keyhouse[all]'  (Ctrl-C stops)")
            with contextlib.suppress(KeyboardInterrupt):
                while True:
                    time.sleep(3600)
    return files


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="DIST", help="default: every distribution")
    parser.add_argument("--index-url", help="upload URL of an index (default: a local pypiserver)")
    parser.add_argument(
        "--simple-url", help="the index's simple pages (default: <index-url>/simple/)"
    )
    parser.add_argument("--generated", type=Path, default=GENERATED)
    parser.add_argument("--dist", type=Path, default=DIST, help=f"default {DIST}")
    parser.add_argument("--packages", type=Path, default=PACKAGES, help="local index folder")
    parser.add_argument("--serve", action="store_true", help="keep the local index running")
    args = parser.parse_args(argv)
    files = publish(
        args.index_url,
        simple_url=args.simple_url,
        names=args.names or None,
        generated=args.generated,
        dist=args.dist,
        packages=args.packages,
        serve=args.serve,
    )
    for file in files:
        print(file.name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
