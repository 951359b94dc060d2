"""The provider specs, as the sandbox reads them: operations, security, responses, schemas,
and the ``x-keyhouse`` block's token lifetimes and answer fields (specs/CONVENTIONS.md).

The specs travel with the models: ``codegen/generate.py`` writes each ``specs/<provider>.yaml``
as ``keyhouse_models/specs/<provider>.json`` (package data of ``keyhouse-models``), so an
installed sandbox reads the same document the clients were generated from, with no YAML parser
and no checkout. A folder of ``<provider>.json`` (or ``.yaml``, when PyYAML is installed) files
overrides the packaged ones: ``Sandbox(specs=...)``.
"""

from __future__ import annotations

import importlib.resources
import json
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

__all__ = ["Answer", "Spec", "SpecOperation", "load_spec"]

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
_PACKAGE = "keyhouse_models"


@dataclass(frozen=True)
class SpecOperation:
    """One operation of a spec: ``path`` is the spec's template (Starlette reads it as is)."""

    method: str
    path: str
    raw: Mapping[str, Any]

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def operation_id(self) -> str:
        return str(self.raw.get("operationId", self.key))


class Answer:
    """Where an ``x-keyhouse`` step's response carries each role (``token``, ``expiresIn``, a
    named value such as IMIASSIST's ``api_key``): the dotted path of its documented (first)
    spelling."""

    def __init__(self, operation_id: str, paths: Mapping[str, str]) -> None:
        self.operation_id = operation_id
        self.paths = dict(paths)

    def __repr__(self) -> str:
        return f"<Answer {self.operation_id}: {self.paths}>"

    def fill(self, body: dict[str, Any], **values: Any) -> dict[str, Any]:
        """``body`` with each value of ``values`` (by role; None: left out) placed at its role's
        path, creating the objects on the way (``data.accessToken``)."""
        for role, value in values.items():
            if value is None:
                continue
            if role not in self.paths:
                known = ", ".join(sorted(self.paths))
                raise KeyError(f"{self.operation_id}'s answer has no {role!r} (has: {known})")
            *parents, leaf = self.paths[role].split(".")
            node = body
            for part in parents:
                node = node.setdefault(part, {})
            node[leaf] = value
        return body


class Spec:
    """One provider's OpenAPI document with ``$ref`` resolution and cached schema validators."""

    def __init__(self, provider: str, document: Mapping[str, Any]) -> None:
        self.provider = provider
        self.document = document
        self._operations = {
            op.key: op
            for op in (
                SpecOperation(method.upper(), path, raw)
                for path, item in document.get("paths", {}).items()
                for method, raw in item.items()
                if method in METHODS
            )
        }
        self._lock = threading.Lock()
        self._validators: dict[tuple[int, bool], Validator] = {}
        self._answers: dict[str, Answer] = {}

    def __repr__(self) -> str:
        return f"<Spec {self.provider}: {len(self._operations)} operations>"

    # ------------------------------------------------------------------ operations
    def operations(self) -> Iterator[SpecOperation]:
        return iter(self._operations.values())

    def operation(self, key: str) -> SpecOperation | None:
        """The operation ``"METHOD /path/{template}"``, or None."""
        return self._operations.get(key)

    def security(self, op: SpecOperation) -> list[dict[str, list[str]]]:
        """The operation's security alternatives (its own, else the document's); [] is public."""
        raw = op.raw.get("security", self.document.get("security", []))
        return [dict(alt) for alt in raw]

    def scheme(self, name: str) -> Mapping[str, Any]:
        schemes: Mapping[str, Any] = self.document.get("components", {}).get("securitySchemes", {})
        found: Mapping[str, Any] = self.resolve(schemes.get(name, {}))
        return found

    def response(self, op: SpecOperation, status: int) -> Mapping[str, Any] | None:
        """The declared response for ``status``: exact code, then ``4XX``-style, then default."""
        responses: Mapping[str, Any] = op.raw.get("responses", {})
        for key in (str(status), f"{status // 100}XX", f"{status // 100}xx", "default"):
            if key in responses:
                found: Mapping[str, Any] = self.resolve(responses[key])
                return found
        return None

    def statuses(self, op: SpecOperation) -> list[str]:
        return [str(s) for s in op.raw.get("responses", {})]

    # ------------------------------------------------------------------ x-keyhouse
    @property
    def keyhouse(self) -> Mapping[str, Any]:
        """The document's ``x-keyhouse`` block (empty when it has none)."""
        found: Mapping[str, Any] = self.document.get("x-keyhouse") or {}
        return found

    def lifetimes(self) -> dict[str, int] | None:
        """``x-keyhouse.lifetimes``: token kind -> seconds (None when the spec has none)."""
        raw = self.keyhouse.get("lifetimes")
        if raw is None:
            return None
        return {str(kind): int(seconds) for kind, seconds in raw.items()}

    def answer(self, operation_id: str) -> Answer:
        """The answer of the ``x-keyhouse`` login or refresh step sending ``operation_id`` (or
        falling back to it)."""
        found = self._answers.get(operation_id)
        if found is None:
            found = self._answers[operation_id] = self._find_answer(operation_id)
        return found

    def _find_answer(self, operation_id: str) -> Answer:
        login = self.keyhouse.get("login") or []
        steps = [*(login if isinstance(login, list) else [login])]
        if "refresh" in self.keyhouse:
            steps.append(self.keyhouse["refresh"])
        for step in steps:
            if operation_id in (step.get("operationId"), step.get("fallback")):
                answer = step.get("answer") or {}
                return Answer(
                    operation_id,
                    {
                        role: paths if isinstance(paths, str) else paths[0]
                        for role, paths in answer.items()
                    },
                )
        raise KeyError(f"{self.provider}: no x-keyhouse login or refresh step sends {operation_id}")

    # ------------------------------------------------------------------ schemas
    def resolve(self, node: Any) -> Any:
        """Follow local ``$ref`` (``#/components/...``) until a node without one."""
        seen = 0
        while isinstance(node, Mapping) and "$ref" in node and seen < 32:
            ref = str(node["$ref"])
            if not ref.startswith("#/"):
                raise ValueError(f"{self.provider}: only local $ref are supported, got {ref!r}")
            target: Any = self.document
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
            seen += 1
        return node

    def validator(self, schema: Mapping[str, Any], *, closed: bool = False) -> Validator:
        """A JSON Schema 2020-12 validator of ``schema`` whose ``$ref`` resolve in this spec.

        ``closed=True`` treats every object schema that does not say ``additionalProperties``
        as closed: the sandbox is judged by it, and a field the spec does not document is drift
        (clients would only keep it in ``additional_properties``).
        """
        key = (id(schema), closed)
        found = self._validators.get(key)
        if found is not None:
            return found
        from jsonschema import Draft202012Validator, FormatChecker

        components = self.document.get("components", {})
        # The document's components ride along, so "#/components/schemas/X" resolve in place.
        wrapped = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "allOf": [_closed(schema) if closed else schema],
            "components": _closed(components) if closed else components,
        }
        validator = Draft202012Validator(wrapped, format_checker=FormatChecker())
        with self._lock:
            self._validators[key] = validator
        return validator

    def errors(
        self, schema: Mapping[str, Any], value: Any, limit: int = 5, *, closed: bool = False
    ) -> list[str]:
        """At most ``limit`` messages saying where ``value`` breaks ``schema`` (none: valid)."""
        out: list[str] = []
        for error in self.validator(schema, closed=closed).iter_errors(value):
            where = "$" + "".join(
                f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path
            )
            out.append(f"{where}: {error.message}")
            if len(out) >= limit:
                break
        return out


def _closed(node: Any) -> Any:
    """A copy of a schema tree in which objects with ``properties`` but no
    ``additionalProperties`` allow no other keys."""
    if isinstance(node, Mapping):
        copy = {key: _closed(value) for key, value in node.items()}
        if "properties" in node and "additionalProperties" not in node:
            copy["additionalProperties"] = False
        return copy
    if isinstance(node, list):
        return [_closed(item) for item in node]
    return node


def _read(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    import yaml  # only for a folder of YAML specs (a checkout); the package ships JSON

    return yaml.safe_load(text)


def load_spec(provider: str, folder: str | Path | None = None) -> Spec | None:
    """``provider``'s spec from ``folder`` if given, else the packaged copy; None if it has none."""
    if folder is not None:
        for suffix in (".json", ".yaml", ".yml"):
            path = Path(folder) / f"{provider}{suffix}"
            if path.is_file():
                return Spec(provider, _read(path))
    resource = importlib.resources.files(_PACKAGE).joinpath("specs", f"{provider}.json")
    if not resource.is_file():
        return None
    return Spec(provider, json.loads(resource.read_text(encoding="utf-8")))
