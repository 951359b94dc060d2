"""Operations served straight from the spec: no hand-written handler needed.

Every operation of a provider's spec that its module does not handle by hand is answered from
the spec itself, so an operation added to a spec works against the sandbox as soon as it is
generated:

1. security: the operation's ``security`` (or the document's) is enforced with the sandbox's
   own tokens and keys (``Provider.credential_ok``); a caller without a valid credential for
   any alternative gets the documented 401;
2. the request: a JSON body that is not JSON gets the documented 400, one that breaks the
   body's schema the documented 422 (else 400);
3. the answer: the first documented 2xx status with its documented example (``documented``
   first), otherwise a value generated from the response schema.

Hand-written handlers remain for stateful behaviour only (logins, refresh rotation,
revocation, data a later call reads back); see specs/CONVENTIONS.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response

from ._http import bearer, json_response
from ._spec import Spec, SpecOperation

if TYPE_CHECKING:
    from ._provider import Operation, Provider

__all__ = ["credential", "sample", "spec_operations"]

_REASONS = {400: "Bad Request", 401: "Unauthorized", 422: "Unprocessable Entity"}


def spec_operations(provider: Provider, handwritten: Sequence[Operation]) -> list[Operation]:
    """Routes for the spec's operations that ``handwritten`` does not cover."""
    from ._provider import Operation

    spec = provider.spec
    if spec is None:
        return []
    taken = {op.key for op in handwritten}
    return [
        Operation(op.method, op.path, SpecHandler(provider, spec, op))
        for op in spec.operations()
        if op.key not in taken
    ]


def credential(request: Request, scheme: Mapping[str, Any]) -> str | None:
    """The value a request presents for a security scheme (None: absent)."""
    kind = scheme.get("type")
    if kind == "http" and str(scheme.get("scheme", "")).lower() != "bearer":
        value = request.headers.get("authorization")
        return value or None
    if kind in ("http", "oauth2", "openIdConnect"):
        return bearer(request)
    if kind == "apiKey":
        name = str(scheme.get("name", ""))
        where = scheme.get("in")
        source: Mapping[str, str] = (
            request.query_params
            if where == "query"
            else request.cookies
            if where == "cookie"
            else request.headers
        )
        return source.get(name) or None
    return None


class SpecHandler:
    """The handler of one spec-served operation."""

    def __init__(self, provider: Provider, spec: Spec, op: SpecOperation) -> None:
        self._provider = provider
        self._spec = spec
        self._op = op
        self._alternatives = spec.security(op)
        self._success = next(
            (int(s) for s in spec.statuses(op) if s.isdigit() and s.startswith("2")), 200
        )

    def __repr__(self) -> str:
        return f"<SpecHandler {self._spec.provider} {self._op.key}>"

    async def __call__(self, request: Request) -> Response:
        if not self._authorised(request):
            return self.respond(401)
        problem = await self._body_problem(request)
        if problem is not None:
            return problem
        return self.respond(self._success)

    def _authorised(self, request: Request) -> bool:
        if not self._alternatives or any(not alt for alt in self._alternatives):
            return True
        for alternative in self._alternatives:
            values = {name: credential(request, self._spec.scheme(name)) for name in alternative}
            if all(
                value is not None
                and self._provider.credential_ok(name, self._spec.scheme(name), value)
                for name, value in values.items()
            ):
                return True
        return False

    async def _body_problem(self, request: Request) -> Response | None:
        body = self._spec.resolve(self._op.raw.get("requestBody"))
        if not isinstance(body, Mapping):
            return None
        media = body.get("content", {}).get("application/json")
        if not isinstance(media, Mapping):
            return None  # only JSON bodies are checked (multipart etc. are accepted as sent)
        raw = await request.body()
        if not raw:
            return self.respond(self._first(400, 422)) if body.get("required") else None
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: deep nesting
            return self.respond(self._first(400, 422))
        schema = media.get("schema")
        if isinstance(schema, Mapping) and self._spec.errors(schema, data, limit=1):
            return self.respond(self._first(422, 400))
        return None

    def _first(self, *statuses: int) -> int:
        declared = set(self._spec.statuses(self._op))
        return next((s for s in statuses if str(s) in declared), statuses[0])

    def respond(self, status: int) -> Response:
        """The documented answer for ``status``: its example, else one made from its schema."""
        declared = self._spec.response(self._op, status)
        content: Mapping[str, Any] = (declared or {}).get("content", {})
        if declared is None:
            body = self._provider.fault_body(status) if status >= 500 else None
            return json_response(body or {"message": _REASONS.get(status, "Error")}, status)
        if not content:
            return Response(status_code=status)
        media_type, media = next(iter(content.items()))
        value = example(self._spec, media)
        if value is ...:
            value = sample(self._spec, media.get("schema", {}))
        if "json" in media_type:
            text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
            return Response(text.encode(), status, media_type=media_type)
        return Response(str(value), status, media_type=media_type)


def example(spec: Spec, media: Mapping[str, Any]) -> Any:
    """A media type's documented example (``documented`` first), or ``...`` when none."""
    examples: Mapping[str, Any] = media.get("examples") or {}
    if examples:
        name = "documented" if "documented" in examples else next(iter(examples))
        found = spec.resolve(examples[name])
        if isinstance(found, Mapping) and "value" in found:
            return found["value"]
    if "example" in media:
        return media["example"]
    return ...


_STRING_FORMATS = {
    "date-time": "2026-01-01T00:00:00Z",
    "date": "2026-01-01",
    "time": "00:00:00Z",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "email": "user@example.com",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "hostname": "example.com",
    "ipv4": "127.0.0.1",
}
#: strings tried, in order, against a ``pattern`` that has no example
_CANDIDATES = (
    "2026-01-01T00:00:00Z",
    "2026-01-01T00:00:00",
    "2026-01-01",
    "00000000-0000-4000-8000-000000000000",
    "0" * 64,
    "a",
    "A",
    "0",
)


def sample(spec: Spec, schema: Any, depth: int = 0) -> Any:
    """A value valid for ``schema`` (examples, defaults and enums first; then by type)."""
    schema = spec.resolve(schema)
    if not isinstance(schema, Mapping) or depth > 12:
        return None
    for key in ("const", "default", "example"):
        if key in schema:
            return schema[key]
    if schema.get("examples"):
        return schema["examples"][0]
    if schema.get("enum"):
        return schema["enum"][0]
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = sample(spec, part, depth + 1)
            if isinstance(value, dict):
                merged.update(value)
        return merged
    for key in ("oneOf", "anyOf"):
        if key in schema:
            options = [spec.resolve(o) for o in schema[key]]
            usable = [
                o for o in options if not (isinstance(o, Mapping) and o.get("type") == "null")
            ]
            return sample(spec, (usable or options)[0], depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        kind = "object" if "properties" in schema else "string"
    if kind == "object":
        return {
            name: sample(spec, prop, depth + 1)
            for name, prop in schema.get("properties", {}).items()
        }
    if kind == "array":
        count = max(1, int(schema.get("minItems", 1)))
        count = min(count, int(schema.get("maxItems", count)))
        return [sample(spec, schema.get("items", {}), depth + 1) for _ in range(count)]
    if kind in ("integer", "number"):
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0))
        value = max(low, 0) + (1 if "exclusiveMinimum" in schema else 0)
        high = schema.get("maximum")
        if high is not None and value > high:
            value = high
        return int(value) if kind == "integer" else value
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    return _string(schema)


def _string(schema: Mapping[str, Any]) -> str:
    value = _STRING_FORMATS.get(str(schema.get("format")), "string")
    pattern = schema.get("pattern")
    if pattern is not None and not re.search(pattern, value):
        value = next((c for c in _CANDIDATES if re.search(pattern, c)), value)
    low, high = int(schema.get("minLength", 0)), schema.get("maxLength")
    if len(value) < low:
        value = value + "x" * (low - len(value))
    if high is not None:
        value = value[: int(high)]
    return value
