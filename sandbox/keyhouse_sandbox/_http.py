"""Small request/response helpers shared by the provider modules."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import Response

__all__ = [
    "bearer",
    "header",
    "iso_offset",
    "iso_z",
    "json_response",
    "model_response",
    "out",
    "read_json",
    "read_model",
    "zoneless",
]

M = TypeVar("M", bound=BaseModel)
_JSON = "application/json"


def json_response(
    content: Any, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """A JSON response from plain data (compact, UTF-8)."""
    body = json.dumps(content, separators=(",", ":"), ensure_ascii=False).encode()
    return Response(body, status, headers=headers, media_type=_JSON)


def model_response(
    model: BaseModel | list[BaseModel],
    status: int = 200,
    *,
    exclude_none: bool = True,
    headers: dict[str, str] | None = None,
) -> Response:
    """A JSON response from a generated model, by alias (wire names)."""
    if isinstance(model, list):
        data = [m.model_dump(mode="json", by_alias=True, exclude_none=exclude_none) for m in model]
        return json_response(data, status, headers)
    body = model.model_dump_json(by_alias=True, exclude_none=exclude_none).encode()
    return Response(body, status, headers=headers, media_type=_JSON)


def out(
    model: type[BaseModel],
    data: Any,
    status: int = 200,
    *,
    headers: dict[str, str] | None = None,
) -> Response:
    """Validate wire-named ``data`` with ``model`` and send exactly the fields given.

    ``exclude_unset`` (rather than ``exclude_none``) keeps the nulls a spec documents
    (``errors: null``) and leaves out the optional fields the sandbox does not send.
    """
    body = model.model_validate(data).model_dump_json(by_alias=True, exclude_unset=True)
    return Response(body.encode(), status, headers=headers, media_type=_JSON)


def _utc(ts: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(ts, dt.UTC)


def iso_z(ts: float) -> str:
    """``2024-01-15T10:30:00Z`` (whole seconds, UTC)."""
    return _utc(ts).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_offset(ts: float) -> str:
    """``2026-07-01T10:00:00+00:00`` (whole seconds, explicit offset)."""
    return _utc(ts).replace(microsecond=0).isoformat()


def zoneless(ts: float, digits: int = 0) -> str:
    """A timestamp without a zone, as bfore.ai and CardioExplorer send them."""
    t = _utc(ts)
    base = t.strftime("%Y-%m-%dT%H:%M:%S")
    if digits <= 0:
        return base
    frac = f"{t.microsecond:06d}" + "0" * max(0, digits - 6)
    if digits == 7:
        frac = f"{t.microsecond:06d}{t.microsecond % 7}"  # a 7th digit, as .NET sends
    return f"{base}.{frac[:digits]}"


async def read_json(request: Request) -> Any:
    """The request's JSON body, or ``...`` (Ellipsis) when it is not JSON."""
    raw = await request.body()
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: deep nesting
        return ...


async def read_model(request: Request, model: type[M]) -> M | None:
    """The body validated by ``model``; None when it is not valid JSON for it."""
    raw = await request.body()
    try:
        return model.model_validate_json(raw)
    except ValidationError:
        return None


def header(request: Request, name: str) -> str | None:
    value = request.headers.get(name)
    return value if value else None


def bearer(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header (scheme case-insensitive)."""
    value = request.headers.get("authorization")
    if not value:
        return None
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()
