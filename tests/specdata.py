"""Read the specs as test data: operations, their security and their documented examples."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
PROVIDERS = tuple(sorted(path.stem for path in (ROOT / "specs").glob("*.yaml")))
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
# Operations that obtain credentials: the only ones a spec may leave unauthenticated.
PUBLIC_OPERATIONS = frozenset(
    {"authenticate", "login", "login_unversioned", "refresh_token", "register", "b2b_login"}
)


@functools.cache
def load(provider: str) -> dict[str, Any]:
    with (ROOT / "specs" / f"{provider}.yaml").open() as fh:
        spec: dict[str, Any] = yaml.safe_load(fh)
    return spec


def x_keyhouse(provider: str) -> dict[str, Any]:
    """The spec's ``x-keyhouse`` block: how its tokens are obtained and sent."""
    block: dict[str, Any] = load(provider)["x-keyhouse"]
    return block


@dataclass(frozen=True)
class Operation:
    provider: str
    method: str
    path: str
    op: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.op["operationId"])

    @property
    def parameters(self) -> list[dict[str, Any]]:
        """Path-level and operation-level parameters, resolved."""
        item = load(self.provider)["paths"][self.path]
        params = [*item.get("parameters", []), *self.op.get("parameters", [])]
        return [resolve(self.provider, p) for p in params]

    @property
    def security(self) -> list[dict[str, list[str]]]:
        spec = load(self.provider)
        return list(self.op.get("security", spec.get("security", [])))


def operations(provider: str) -> Iterator[Operation]:
    for path, item in load(provider)["paths"].items():
        for method in METHODS:
            if method in item:
                yield Operation(provider, method, path, item[method])


@dataclass(frozen=True)
class Example:
    """One documented example of a JSON body and the schema it belongs to."""

    provider: str
    where: str  # "POST /path request" or "POST /path 200"
    name: str
    schema: dict[str, Any]
    value: Any
    summary: str = ""

    def __str__(self) -> str:
        return f"{self.provider}: {self.where} [{self.name}]"


def _examples_of(provider: str, where: str, media: dict[str, Any]) -> Iterator[Example]:
    schema = media.get("schema", {})
    for name, example in media.get("examples", {}).items():
        example = resolve(provider, example)
        yield Example(provider, where, name, schema, example["value"], example.get("summary", ""))


def examples(provider: str, kind: str) -> Iterator[Example]:
    """``kind`` is "request" or "response"; only JSON bodies."""
    for operation in operations(provider):
        label = f"{operation.method.upper()} {operation.path}"
        if kind == "request":
            body = resolve(provider, operation.op.get("requestBody", {}))
            media = body.get("content", {}).get("application/json")
            if media:
                yield from _examples_of(provider, f"{label} request", media)
        else:
            for status, response in operation.op.get("responses", {}).items():
                response = resolve(provider, response)
                media = response.get("content", {}).get("application/json")
                if media:
                    yield from _examples_of(provider, f"{label} {status}", media)


def resolve(provider: str, node: Any) -> Any:
    """Follow a local ``$ref`` (one level at a time until it is not a ref)."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = load(provider)
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def schema_name(schema: dict[str, Any]) -> str | None:
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None
