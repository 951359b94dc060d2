"""Validate every response the sandbox sends against its provider's spec (drift detection).

``ResponseValidator`` is an ASGI middleware around the sandbox app. For each request to a
provider it checks the answer: the operation exists in the spec, the status is declared, the
content type is one the spec lists, a JSON body matches the response schema, and declared
headers are present and well-formed. Mismatches are recorded in a process-wide ``RECORDER``;
the pytest plugin fails the test during which one was recorded.

Responses the fault layer deliberately sends off-spec are not judged: malformed JSON, wrong
shapes, HTML error pages and dropped connections always; 5xx and 429 faults only when the
spec does not declare that status (when it does, their body must match too).

Bodies are judged strictly: an object schema that does not say ``additionalProperties`` is
taken as closed, so a field the sandbox sends but the spec does not document is drift.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ._app import EXCHANGE
from ._spec import Spec

__all__ = ["RECORDER", "Recorder", "ResponseValidator", "Violation", "check_response"]

#: fault kinds whose responses are off-spec on purpose
OFF_SPEC = frozenset(
    {"drop", "malformed_json", "wrong_shape", "html_error", "redirect", "trickle", "echo"}
)


@dataclass(frozen=True)
class Violation:
    """A response that does not match the spec."""

    provider: str
    request: str
    status: int
    problems: tuple[str, ...]

    def __str__(self) -> str:
        listed = "; ".join(self.problems)
        return f"{self.provider}: {self.request} -> {self.status}: {listed}"


class Recorder:
    """Counts validated responses and keeps the violations (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.validated = 0
        self.excused = 0
        self.violations: list[Violation] = []

    def add(self, violation: Violation | None) -> None:
        with self._lock:
            self.validated += 1
            if violation is not None:
                self.violations.append(violation)

    def excuse(self) -> None:
        with self._lock:
            self.excused += 1

    def mark(self) -> int:
        """A bookmark: pass it to ``since`` to get the violations recorded after it."""
        with self._lock:
            return len(self.violations)

    def since(self, mark: int) -> list[Violation]:
        with self._lock:
            return list(self.violations[mark:])

    def take(self, mark: int) -> list[Violation]:
        """Remove and return the violations recorded after ``mark`` (for tests that provoke
        them on purpose)."""
        with self._lock:
            taken = self.violations[mark:]
            del self.violations[mark:]
            return taken


RECORDER = Recorder()
#: whether a ``Sandbox`` created without ``validate=`` validates (the pytest plugin sets it)
DEFAULTS = {"validate": False}


def _media_matches(declared: str, actual: str) -> bool:
    declared = declared.lower()
    if declared in ("*/*", actual):
        return True
    main, _, sub = declared.partition("/")
    return sub == "*" and actual.startswith(main + "/")


def check_response(
    spec: Spec,
    key: str,
    status: int,
    headers: Mapping[str, str],
    body: bytes,
) -> list[str]:
    """Problems of one response to operation ``key`` (``"GET /path/{id}"``); [] if none."""
    op = spec.operation(key)
    if op is None:
        return [f"{key} is not an operation of the spec"]
    declared = spec.response(op, status)
    if declared is None:
        return [f"status {status} is not declared (declared: {', '.join(spec.statuses(op))})"]
    problems: list[str] = []
    for name, header in (declared.get("headers") or {}).items():
        header = spec.resolve(header)
        value = headers.get(name.lower())
        if value is None:
            if header.get("required"):
                problems.append(f"required header {name} is missing")
            continue
        schema = header.get("schema")
        if isinstance(schema, Mapping):
            typed: Any = value
            if spec.resolve(schema).get("type") in ("integer", "number"):
                try:
                    typed = json.loads(value)
                except ValueError:
                    typed = value
            problems += [f"header {name}: {e}" for e in spec.errors(schema, typed)]
    content: Mapping[str, Any] = declared.get("content") or {}
    if not content:
        return problems  # no body documented: whatever the provider sends is accepted
    ctype = headers.get("content-type", "").split(";")[0].strip().lower()
    media_type = next((m for m in content if _media_matches(m, ctype)), None)
    if media_type is None:
        return [*problems, f"content type {ctype!r} is not declared ({', '.join(content)})"]
    schema = content[media_type].get("schema")
    if "json" not in ctype or not isinstance(schema, Mapping):
        return problems
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return [*problems, f"the body is not JSON: {body[:80]!r}"]
    problems += [f"body {e}" for e in spec.errors(schema, data, closed=True)]
    return problems


class ResponseValidator:
    """ASGI middleware: records each provider response's conformance in ``recorder``."""

    def __init__(
        self, app: ASGIApp, specs: Mapping[str, Spec], recorder: Recorder = RECORDER
    ) -> None:
        self.app = app
        self._specs = dict(specs)
        self._recorder = recorder

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        provider = str(scope["path"]).lstrip("/").split("/", 1)[0]
        spec = self._specs.get(provider)
        if spec is None:  # the admin routes, the benchmarks' oauth2 server
            await self.app(scope, receive, send)
            return
        exchange: dict[str, str] = {}
        scope[EXCHANGE] = exchange
        status = 0
        headers: dict[str, str] = {}
        chunks: list[bytes] = []

        request = f"{scope['method']} {scope['path']}"

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                for name, value in message.get("headers", []):
                    headers[name.decode("latin-1").lower()] = value.decode("latin-1")
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    # judged before the last byte leaves: the client cannot see the response
                    # complete (and its test end) before the verdict is recorded
                    self._judge(spec, provider, request, exchange, status, headers, chunks)
            await send(message)

        try:
            await self.app(scope, receive, capture)
        except Exception as exc:
            if exchange.get("fault") in OFF_SPEC:
                self._recorder.excuse()
            else:
                problem = f"the sandbox raised {type(exc).__name__}"
                self._recorder.add(Violation(provider, request, 500, (problem,)))
            raise

    def _judge(
        self,
        spec: Spec,
        provider: str,
        request: str,
        exchange: Mapping[str, str],
        status: int,
        headers: Mapping[str, str],
        chunks: list[bytes],
    ) -> None:
        body = b"".join(chunks)
        fault = exchange.get("fault")
        key = exchange.get("operation")
        if key is None:
            problem = "no operation of the spec matches this request"
            self._recorder.add(Violation(provider, request, status, (problem,)))
            return
        op = spec.operation(key)
        if fault in OFF_SPEC or (
            fault is not None and op is not None and spec.response(op, status) is None
        ):
            self._recorder.excuse()
            return
        problems = check_response(spec, key, status, headers, body)
        self._recorder.add(
            Violation(provider, f"{request} ({key})", status, tuple(problems)) if problems else None
        )
