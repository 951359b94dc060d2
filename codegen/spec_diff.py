"""Classify what changed between two versions of one provider's OpenAPI spec.

Each change is ``breaking``, ``additive`` or ``patch`` and is named in the generated package's
own terms: operations by their ``operationId`` (the function ``api.<tag>.<operationId>``),
models by their class name (the component name) and fields by their Python attribute name.

The breaking rules cover oasdiff's main ERR checks at the spec level:

* operation or path removed; an operation's method or path changed (same ``operationId``);
* a required request parameter, request body or required request property added; an optional
  one made required; a request parameter or property removed (the generated function or
  model loses that keyword);
* a response property removed, or made optional (``Unset`` appears in its type);
* a type, format or ``$ref`` changed, of a parameter, a property or a body; a constraint
  (``minLength``, ``pattern``, ...) of anything a request carries;
* an enum value removed (requests and responses alike: the generated enum loses the member);
* security changed; a success response status removed; a model removed.

Additive: a new operation, optional parameter or property, response property, enum value,
response status or model. Everything else that differs (descriptions, summaries, examples,
servers, ``info``) is a patch. Stdlib only; works on specs already loaded as data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

BREAKING, ADDITIVE, PATCH = "breaking", "additive", "patch"
SEVERITY = {PATCH: 0, ADDITIVE: 1, BREAKING: 2}
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Keys that only document: a difference in them alone is a patch.
DOC_KEYS = frozenset(
    {"description", "summary", "example", "examples", "title", "x-unverified", "externalDocs"}
)

Spec = Mapping[str, Any]


@dataclass(frozen=True, order=True)
class Change:
    """One classified change; ``text`` names it as a user of the generated package sees it."""

    kind: str
    text: str


def snake_case(name: str) -> str:
    """The Python attribute name openapi-python-client gives a property (close enough for
    naming changes: ``accessToken`` -> ``access_token``, ``Chief Complaint`` ->
    ``chief_complaint``)."""
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    words = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", words)
    return "_".join(w.lower() for w in re.split(r"[^A-Za-z0-9]+", words) if w)


def worst(changes: list[Change]) -> str | None:
    """The most severe kind among ``changes`` (None when there are none)."""
    return max((c.kind for c in changes), key=SEVERITY.__getitem__, default=None)


def _strip_docs(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _strip_docs(v) for k, v in node.items() if k not in DOC_KEYS}
    if isinstance(node, list):
        return [_strip_docs(v) for v in node]
    return node


def _canon(node: Any) -> str:
    return json.dumps(_strip_docs(node), sort_keys=True)


class _Doc:
    """One spec with ``$ref`` lookups and the component schemas' usage (request/response)."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        components = spec.get("components") or {}
        self.schemas: dict[str, Any] = dict(components.get("schemas") or {})
        self.operations = self._operations()
        self.request_schemas: set[str] = set()
        self.response_schemas: set[str] = set()
        for op in self.operations.values():
            body = self.deref(op.get("requestBody") or {})
            for media in (body.get("content") or {}).values():
                self._reach(media.get("schema"), self.request_schemas)
            for param in op.get("parameters") or []:
                self._reach(self.deref(param).get("schema"), self.request_schemas)
            for response in (op.get("responses") or {}).values():
                for media in (self.deref(response).get("content") or {}).values():
                    self._reach(media.get("schema"), self.response_schemas)

    def deref(self, node: Any) -> Any:
        seen = 0
        while isinstance(node, dict) and "$ref" in node and seen < 32:
            parts = node["$ref"].lstrip("#/").split("/")
            target: Any = self.spec
            for part in parts:
                target = target.get(part, {}) if isinstance(target, dict) else {}
            node, seen = target, seen + 1
        return node

    def _reach(self, schema: Any, into: set[str]) -> None:
        if isinstance(schema, dict):
            ref = schema.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                name = ref.rsplit("/", 1)[1]
                if name in into:
                    return
                into.add(name)
                self._reach(self.schemas.get(name), into)
                return
            for value in schema.values():
                self._reach(value, into)
        elif isinstance(schema, list):
            for value in schema:
                self._reach(value, into)

    def _operations(self) -> dict[str, dict[str, Any]]:
        """operationId (or ``METHOD path``) -> the operation, with its method, path and the
        parameters of its path item merged in."""
        ops: dict[str, dict[str, Any]] = {}
        for path, item in (self.spec.get("paths") or {}).items():
            shared = item.get("parameters") or []
            for method in METHODS:
                op = item.get(method)
                if not isinstance(op, dict):
                    continue
                key = op.get("operationId") or f"{method.upper()} {path}"
                merged = dict(op)
                merged["parameters"] = [*shared, *(op.get("parameters") or [])]
                merged["_method"], merged["_path"] = method.upper(), path
                ops[key] = merged
        return ops

    def security(self, op: Mapping[str, Any]) -> str:
        return _canon(op.get("security", self.spec.get("security")))


# The keys whose change is a type change; other keywords (minLength, pattern, maximum, ...)
# are constraints: changing them breaks requests (they may tighten), not responses.
TYPE_KEYS = frozenset(
    {"type", "format", "$ref", "items", "anyOf", "oneOf", "allOf", "const", "not"}
    | {"additionalProperties", "prefixItems", "contentMediaType", "contentEncoding"}
)


def _type_of(doc: _Doc, schema: Any) -> str:
    """A schema's type: its type keywords (nested ones whole), without documentation."""
    if not isinstance(schema, dict):
        return _canon(schema)
    return _canon({k: v for k, v in schema.items() if k in TYPE_KEYS})


def _constraints_of(schema: Any) -> str:
    if not isinstance(schema, dict):
        return ""
    skip = TYPE_KEYS | DOC_KEYS | {"enum", "properties", "required", "default"}
    return _canon({k: v for k, v in schema.items() if k not in skip})


def _enum_values(doc: _Doc, schema: Any) -> list[Any] | None:
    schema = doc.deref(schema)
    if isinstance(schema, dict) and isinstance(schema.get("enum"), list):
        return list(schema["enum"])
    return None


def _compare_enum(where: str, old: list[Any] | None, new: list[Any] | None) -> Iterator[Change]:
    if old is None or new is None:
        return
    for value in old:
        if value not in new:
            yield Change(BREAKING, f"{where}: enum value {value!r} removed")
    for value in new:
        if value not in old:
            yield Change(ADDITIVE, f"{where}: enum value {value!r} added")


def _compare_schemas(old: _Doc, new: _Doc) -> Iterator[Change]:
    for name in sorted(old.schemas.keys() | new.schemas.keys()):
        before, after = old.schemas.get(name), new.schemas.get(name)
        if after is None:
            yield Change(BREAKING, f"model {name} removed")
            continue
        if before is None:
            yield Change(ADDITIVE, f"model {name} added")
            continue
        in_request = name in old.request_schemas or name in new.request_schemas
        in_response = name in old.response_schemas or name in new.response_schemas
        if _type_of(old, before) != _type_of(new, after):
            yield Change(BREAKING, f"model {name}: type changed")
        elif _constraints_of(before) != _constraints_of(after):
            kind = BREAKING if in_request else PATCH
            yield Change(kind, f"model {name}: constraints changed")
        yield from _compare_enum(f"{name}", _enum_values(old, before), _enum_values(new, after))
        yield from _compare_properties(name, before, after, in_request, in_response, old, new)
        if _canon(before) == _canon(after) and before != after:
            yield Change(PATCH, f"model {name}: documentation changed")


def _compare_properties(
    model: str,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    in_request: bool,
    in_response: bool,
    old: _Doc,
    new: _Doc,
) -> Iterator[Change]:
    props_old = before.get("properties") or {}
    props_new = after.get("properties") or {}
    req_old = set(before.get("required") or [])
    req_new = set(after.get("required") or [])
    for prop in sorted(props_old.keys() | props_new.keys()):
        field = f"{model}.{snake_case(prop)}"
        if prop not in props_new:
            yield Change(BREAKING, f"{field} removed")
            continue
        if prop not in props_old:
            required = prop in req_new
            if required and in_request:
                yield Change(BREAKING, f"{field} added (required)")
            else:
                yield Change(ADDITIVE, f"{field} added" + (" (required)" if required else ""))
            continue
        was, now = prop in req_old, prop in req_new
        if was and not now:
            kind = BREAKING if in_response else ADDITIVE
            yield Change(kind, f"{field} made optional")
        elif now and not was:
            kind = BREAKING if in_request else ADDITIVE
            yield Change(kind, f"{field} made required")
        p_old, p_new = props_old[prop], props_new[prop]
        if _type_of(old, p_old) != _type_of(new, p_new):
            yield Change(BREAKING, f"{field}: type changed")
        elif _constraints_of(p_old) != _constraints_of(p_new):
            kind = BREAKING if in_request else PATCH
            yield Change(kind, f"{field}: constraints changed")
        yield from _compare_enum(field, _enum_values(old, p_old), _enum_values(new, p_new))


def _param_key(doc: _Doc, param: Any) -> tuple[str, str]:
    param = doc.deref(param)
    return (str(param.get("in", "")), str(param.get("name", "")))


def _compare_operation(name: str, old: _Doc, new: _Doc) -> Iterator[Change]:
    a, b = old.operations[name], new.operations[name]
    where = f"operation {name}"
    if (a["_method"], a["_path"]) != (b["_method"], b["_path"]):
        yield Change(
            BREAKING,
            f"{where}: moved from {a['_method']} {a['_path']} to {b['_method']} {b['_path']}",
        )
    if old.security(a) != new.security(b):
        yield Change(BREAKING, f"{where}: security changed")
    params_a = {_param_key(old, p): old.deref(p) for p in a["parameters"]}
    params_b = {_param_key(new, p): new.deref(p) for p in b["parameters"]}
    for key in sorted(params_a.keys() | params_b.keys()):
        label = f"{where}: {key[0]} parameter {snake_case(key[1])}"
        pa, pb = params_a.get(key), params_b.get(key)
        if pb is None:
            yield Change(BREAKING, f"{label} removed")
        elif pa is None:
            required = bool(pb.get("required"))
            yield Change(
                BREAKING if required else ADDITIVE,
                f"{label} added" + (" (required)" if required else ""),
            )
        else:
            if bool(pb.get("required")) and not pa.get("required"):
                yield Change(BREAKING, f"{label} made required")
            elif pa.get("required") and not pb.get("required"):
                yield Change(ADDITIVE, f"{label} made optional")
            if _type_of(old, pa.get("schema")) != _type_of(new, pb.get("schema")):
                yield Change(BREAKING, f"{label}: type changed")
            elif _constraints_of(pa.get("schema")) != _constraints_of(pb.get("schema")):
                yield Change(BREAKING, f"{label}: constraints changed")
            yield from _compare_enum(
                label, _enum_values(old, pa.get("schema")), _enum_values(new, pb.get("schema"))
            )
    body_a, body_b = old.deref(a.get("requestBody")), new.deref(b.get("requestBody"))
    if body_b and not body_a:
        required = bool(body_b.get("required"))
        yield Change(
            BREAKING if required else ADDITIVE,
            f"{where}: request body added" + (" (required)" if required else ""),
        )
    elif body_a and not body_b:
        yield Change(BREAKING, f"{where}: request body removed")
    elif body_a and body_b:
        if body_b.get("required") and not body_a.get("required"):
            yield Change(BREAKING, f"{where}: request body made required")
        if _media_types(old, body_a) != _media_types(new, body_b):
            yield Change(BREAKING, f"{where}: request body type changed")
    responses_a = {str(k): old.deref(v) for k, v in (a.get("responses") or {}).items()}
    responses_b = {str(k): new.deref(v) for k, v in (b.get("responses") or {}).items()}
    for status in sorted(responses_a.keys() | responses_b.keys()):
        ra, rb = responses_a.get(status), responses_b.get(status)
        success = status.startswith("2")
        if rb is None:
            yield Change(BREAKING if success else PATCH, f"{where}: response {status} removed")
        elif ra is None:
            yield Change(ADDITIVE, f"{where}: response {status} added")
        elif _media_types(old, ra) != _media_types(new, rb):
            yield Change(BREAKING, f"{where}: response {status} type changed")


def _media_types(doc: _Doc, node: Mapping[str, Any]) -> str:
    content = node.get("content") or {}
    return _canon({mt: _type_of(doc, m.get("schema")) for mt, m in content.items()})


def classify(old_spec: Spec, new_spec: Spec) -> list[Change]:
    """Every change from ``old_spec`` to ``new_spec``, sorted, most severe first."""
    old, new = _Doc(old_spec), _Doc(new_spec)
    changes: list[Change] = []
    for name in sorted(old.operations.keys() | new.operations.keys()):
        if name not in new.operations:
            op = old.operations[name]
            still = any(
                o["_path"] == op["_path"] and o["_method"] == op["_method"]
                for o in new.operations.values()
            )
            what = "renamed" if still else "removed"
            changes.append(Change(BREAKING, f"operation {name} {what}"))
        elif name not in old.operations:
            changes.append(Change(ADDITIVE, f"operation {name} added"))
        else:
            found = list(_compare_operation(name, old, new))
            a, b = old.operations[name], new.operations[name]
            if not found and a != b:
                found.append(Change(PATCH, f"operation {name}: documentation changed"))
            changes.extend(found)
    old_paths = set((old_spec.get("paths") or {}).keys())
    new_paths = set((new_spec.get("paths") or {}).keys())
    for path in sorted(old_paths - new_paths):
        changes.append(Change(BREAKING, f"path {path} removed"))
    changes.extend(_compare_schemas(old, new))
    schemes_old = (old_spec.get("components") or {}).get("securitySchemes") or {}
    schemes_new = (new_spec.get("components") or {}).get("securitySchemes") or {}
    for scheme in sorted(schemes_old.keys() | schemes_new.keys()):
        if scheme not in schemes_new:
            changes.append(Change(BREAKING, f"security scheme {scheme} removed"))
        elif scheme not in schemes_old:
            changes.append(Change(ADDITIVE, f"security scheme {scheme} added"))
        elif _canon(schemes_old[scheme]) != _canon(schemes_new[scheme]):
            changes.append(Change(BREAKING, f"security scheme {scheme} changed"))
    if not changes and old_spec != new_spec:
        rest = sorted(
            key
            for key in old_spec.keys() | new_spec.keys()
            if old_spec.get(key) != new_spec.get(key)
        )
        changes.append(Change(PATCH, f"spec documentation changed ({', '.join(rest)})"))
    return sorted(set(changes), key=lambda c: (-SEVERITY[c.kind], c.text))
