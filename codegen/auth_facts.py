"""A spec's auth facts, checked against the spec and compiled into ``auth.json``.

The generated package of each provider carries ``auth.json``: its title, servers, security
schemes, every operation's method, path, generated module, ``security`` and ``x-unverified``,
and the spec's ``x-keyhouse`` block (specs/CONVENTIONS.md, "x-keyhouse") with each response
field it names resolved against the operation's response schema (its JSON type and whether the
schema requires it). keyhouse's overlay builds token requests from it through the generated
request builders, and the sandbox reads its lifetimes from it, so nothing about a provider's
login is written twice.

Everything ``x-keyhouse`` names is checked here: an unknown operation, a body field the
request schema lacks, an answer path the response schema lacks, a setting or value nobody
defines, a scheme or lifetime that does not exist — each stops generation with the spec's
location, so a field renamed in one place and not the other never reaches a package.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["AuthFactsError", "compile_auth"]

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
#: answer names the overlay gives a meaning to; any other name is kept as a named value
ROLES = {"token", "expiresIn", "expiresAt", "refreshToken", "refreshExpiresAt", "passwordExpiresAt"}
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
JSON_TYPES = {"string", "integer", "number", "boolean", "object", "array"}


class AuthFactsError(Exception):
    """``x-keyhouse`` says something the rest of the spec does not back."""


def _snake(name: str) -> str:
    """The generator's module name for an operationId or tag (snake case)."""
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").lower()


def _resolve(spec: Mapping[str, Any], schema: Any) -> Any:
    while isinstance(schema, dict) and "$ref" in schema:
        node: Any = spec
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def _field(spec: Mapping[str, Any], schema: Any, path: str) -> tuple[str, bool]:
    """The JSON type of ``path`` (``a.b``) in ``schema`` and whether every step is required."""
    required = True
    for part in path.split("."):
        schema = _resolve(spec, schema)
        props = schema.get("properties", {}) if isinstance(schema, dict) else {}
        if part not in props:
            raise AuthFactsError(f"no field {path!r} in the response schema")
        required = required and part in schema.get("required", [])
        schema = props[part]
    schema = _resolve(spec, schema)
    kind = schema.get("type") if isinstance(schema, dict) else None
    if isinstance(kind, list):  # [string, "null"]
        kind = next((k for k in kind if k != "null"), None)
    return (kind if kind in JSON_TYPES else "string"), required


def _operations(spec: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    root_security = spec.get("security") or []
    ops: dict[str, dict[str, Any]] = {}
    for path, item in (spec.get("paths") or {}).items():
        for method in METHODS:
            op = (item or {}).get(method)
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            tag = (op.get("tags") or ["default"])[0]
            security = op.get("security", root_security)
            ops[op["operationId"]] = {
                "method": method.upper(),
                "path": path,
                "module": f"api.{_snake(tag)}.{_snake(op['operationId'])}",
                "security": [sorted(alt) for alt in security],
                "unverified": bool(op.get("x-unverified")),
            }
    return ops


def _media_schema(container: Any) -> Any:
    content = (container or {}).get("content") or {}
    media = content.get("application/json") or next(iter(content.values()), {})
    return (media or {}).get("schema")


def _step(
    spec: Mapping[str, Any],
    raw: Any,
    where: str,
    ops: Mapping[str, Any],
    settings: set[str],
    lifetimes: Mapping[str, Any],
) -> dict[str, Any]:
    if not isinstance(raw, dict) or raw.get("operationId") not in ops:
        raise AuthFactsError(f"{where}: operationId must name an operation of this spec")
    op_id = raw["operationId"]
    path_item = spec["paths"][ops[op_id]["path"]]
    operation = path_item[ops[op_id]["method"].lower()]
    step: dict[str, Any] = {"operationId": op_id}
    for key in ("fallback",):
        if key in raw:
            if raw[key] not in ops:
                raise AuthFactsError(f"{where}.{key}: no operation {raw[key]!r}")
            step[key] = raw[key]
    body = raw.get("body")
    if body is not None:
        schema = _resolve(spec, _media_schema(operation.get("requestBody")))
        props = (schema or {}).get("properties", {})
        for name in body:
            if name not in props:
                raise AuthFactsError(f"{where}.body: {op_id}'s request schema has no {name!r}")
        step["body"] = dict(body)
    if "parameters" in raw:
        declared = {
            p.get("name") for p in operation.get("parameters", []) + path_item.get("parameters", [])
        }
        for name in raw["parameters"]:
            if name not in declared:
                raise AuthFactsError(f"{where}.parameters: {op_id} has no parameter {name!r}")
        step["parameters"] = dict(raw["parameters"])
    for value in [*(body or {}).values(), *(raw.get("parameters") or {}).values()]:
        for name in PLACEHOLDER.findall(str(value)):
            if name.isupper() and name not in settings:
                raise AuthFactsError(f"{where}: {{{name}}} is not a setting")
    answer = raw.get("answer") or {}
    if answer:
        responses = operation.get("responses") or {}
        success = next((r for code, r in responses.items() if str(code).startswith("2")), None)
        schema = _media_schema(_resolve(spec, success))
        step["answer"] = {}
        for role, paths in answer.items():
            alternatives = [paths] if isinstance(paths, str) else list(paths)
            found = [(p, *_field(spec, schema, p)) for p in alternatives]
            step["answer"][role] = {
                "paths": alternatives,
                "type": found[0][1],
                # required when the schema requires one of the spellings
                "required": any(req for _p, _t, req in found) or len(alternatives) > 1,
            }
    if "lifetime" in raw:
        if raw["lifetime"] not in lifetimes:
            raise AuthFactsError(f"{where}.lifetime: no lifetime {raw['lifetime']!r}")
        step["lifetime"] = float(lifetimes[raw["lifetime"]])
    if "passwordExpired" in raw:
        step["passwordExpired"] = int(raw["passwordExpired"])
    return step


def _keyhouse(spec: Mapping[str, Any], ops: Mapping[str, Any]) -> dict[str, Any] | None:
    raw = spec.get("x-keyhouse")
    if raw is None:
        return None
    settings_list = raw.get("settings") or []
    settings = {s["name"] for s in settings_list}
    lifetimes = raw.get("lifetimes") or {}
    login = raw.get("login") or []
    if not login:
        raise AuthFactsError("x-keyhouse.login: at least one step")
    args = (ops, settings, lifetimes)
    out: dict[str, Any] = {
        "settings": settings_list,
        "anyOf": raw.get("anyOf") or [],
        "lifetimes": {k: float(v) for k, v in lifetimes.items()},
        "login": [_step(spec, s, f"x-keyhouse.login[{i}]", *args) for i, s in enumerate(login)],
    }
    for name in ("refresh", "revoke"):
        if name in raw:
            out[name] = _step(spec, raw[name], f"x-keyhouse.{name}", *args)
    schemes = (spec.get("components") or {}).get("securitySchemes") or {}
    send = raw.get("send") or {}
    for scheme, template in send.items():
        kind = schemes.get(scheme, {})
        if not (kind.get("type") == "apiKey" and kind.get("in") == "header") and not (
            kind.get("type") == "http" and kind.get("scheme") == "bearer"
        ):
            raise AuthFactsError(f"x-keyhouse.send.{scheme}: not a bearer or header scheme")
        for name in PLACEHOLDER.findall(template):
            if name.isupper() and name not in settings:
                raise AuthFactsError(f"x-keyhouse.send.{scheme}: {{{name}}} is not a setting")
    out["send"] = dict(send)
    for group in out["anyOf"]:
        if not set(group) <= settings:
            raise AuthFactsError(f"x-keyhouse.anyOf: {group} names unknown settings")
    return out


def compile_auth(spec: Mapping[str, Any], package: Path | None = None) -> dict[str, Any]:
    """``auth.json``'s content for ``spec``; with ``package``, each operation's generated
    module is checked to exist there."""
    components = spec.get("components") or {}
    ops = _operations(spec)
    if package is not None:
        for op_id, op in ops.items():
            if not (package / (op["module"].replace(".", "/") + ".py")).is_file():
                raise AuthFactsError(f"{op_id}: no generated module {op['module']}")
    servers = spec.get("servers") or []
    return {
        "title": (spec.get("info") or {}).get("title", ""),
        "servers": [s["url"] for s in servers if "url" in s],
        "serverVariables": {
            name: (var or {}).get("default")
            for s in servers[:1]
            for name, var in (s.get("variables") or {}).items()
        },
        "securitySchemes": components.get("securitySchemes") or {},
        "security": spec.get("security") or [],
        "operations": ops,
        "keyhouse": _keyhouse(spec, ops),
    }
