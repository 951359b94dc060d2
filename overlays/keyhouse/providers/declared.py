"""The token lifecycle a spec declares in its ``x-keyhouse`` block (specs/CONVENTIONS.md).

Nothing here names a provider, a path, a field or a header: they come from the generated
package's ``auth.json`` (compiled and checked by ``codegen/auth_facts.py``), and every token
request is built by the generated package's own request builder (``_get_kwargs``) from its
request model, so a spec edit reaches the token flow by regenerating.

One class covers the five dances: a login that is one step (CardioExplorer, Ovok, Nuxera,
bfore.ai) or a chain whose earlier values are reused while fresh (IMIASSIST's access token
buying ``api_key`` + ``token``); a refresh sent with a refresh token (Ovok, Nuxera) or with the
still-valid token (bfore.ai's renew); a login fallback (Ovok's unversioned path); revocation
(bfore.ai logout, Ovok's session); settings-only schemes (bfore.ai's and Nuxera's API keys).
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
import time
import typing
from collections.abc import Generator, Mapping
from typing import Any

import httpx

from keyhouse._credential import Credential, compute_expiry, refresh_at, refresh_usable
from keyhouse._errors import ConfigurationError, PasswordExpiredError, ProtocolError, snippet
from keyhouse._flow import (
    Flow,
    RevokeFlow,
    error_body,
    expect_json,
    raise_for_status,
    received_at,
    request_id,
    server_date,
    token_request,
)
from keyhouse._redact import logger
from keyhouse._settings import ProviderSettings
from keyhouse._transport import with_headers
from keyhouse.providers._common import (
    MISSING_STATUSES,
    UNSUPPORTED,
    ascii_header_value,
    join,
    still_fresh,
)

__all__ = ["DeclaredStrategy", "password_expiry"]

#: answers to a refresh that mean "log in instead" (the provider's outages do not)
REFUSED = frozenset({400, 401, 403, 404, 422})
ROLES = frozenset(
    {"token", "expiresIn", "expiresAt", "refreshToken", "refreshExpiresAt", "passwordExpiresAt"}
)
#: how long before a password expires a successful login starts warning about it
PASSWORD_WARNING = 14 * 86400.0
_WHEN_CHARS = 64
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_TIMESTAMP = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")
_MISSING = object()
_Step = Mapping[str, Any]


def password_expiry(value: object) -> float | None:
    """A password expiry as epoch seconds; ``None`` for "never" (year 1) or unreadable.
    bfore.ai sends it without a zone (read as UTC); a zoned value is honoured."""
    match = _TIMESTAMP.match(value) if isinstance(value, str) else None
    if match is None or match.group(1).startswith("0001-"):
        return None
    zone = match.group(3)
    try:
        when = dt.datetime.fromisoformat(
            match.group(1) + ("+00:00" if zone in (None, "Z") else zone)
        )
    except ValueError:
        return None
    return when.timestamp() + float(match.group(2) or 0)


class _Values(dict[str, str]):
    """The values a template may name (settings, tokens): never shown by repr, so a traceback
    capturing locals does not print them."""

    def __repr__(self) -> str:
        return f"<{len(self)} values>"


def _fill(template: str, values: Mapping[str, str]) -> str | None:
    """``template`` with its ``{name}``s replaced; ``None`` when one has no value."""
    missing = False

    def sub(match: re.Match[str]) -> str:
        nonlocal missing
        value = values.get(match.group(1))
        missing = missing or value is None
        return value or ""

    filled = _PLACEHOLDER.sub(sub, template)
    return None if missing else filled


def _at(body: Any, path: str) -> Any:
    for part in path.split("."):
        body = body.get(part, _MISSING) if isinstance(body, dict) else _MISSING
        if body is _MISSING:
            break
    return body


_KINDS: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}


#: per operation: the header items to write, and the header names to clear first
_Plan = tuple[tuple[tuple[bytes, bytes, bytes], ...], frozenset[bytes]]


class _Routes:
    """Which ``security`` alternatives an outgoing request's operation accepts."""

    def __init__(self, operations: Mapping[str, Any], root: list[Any], prefix: str) -> None:
        self._exact: dict[tuple[str, str], tuple[tuple[str, ...], ...]] = {}
        self._templated: list[tuple[str, re.Pattern[str], tuple[tuple[str, ...], ...]]] = []
        counts: dict[tuple[tuple[str, ...], ...], int] = {}
        for op in operations.values():
            alts = tuple(tuple(alt) for alt in op["security"])
            counts[alts] = counts.get(alts, 0) + (1 if alts else 0)
            path = prefix + op["path"]
            if "{" in path:
                pattern = re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(path))
                self._templated.append((op["method"], re.compile(pattern + "/?$"), alts))
            else:
                self._exact[(op["method"], path)] = alts
        # A path the spec does not have gets the root security, else the most common one.
        self.default = tuple(tuple(a) for a in root) or max(counts, key=counts.__getitem__)

    def security(self, method: str, path: str) -> tuple[tuple[str, ...], ...]:
        found = self._exact.get((method, path))
        if found is None:
            found = self._exact.get((method, path.rstrip("/")))
        if found is None:
            found = next(
                (alts for m, rx, alts in self._templated if m == method and rx.match(path)),
                self.default,
            )
        return found


class DeclaredStrategy:
    """How keyhouse obtains, renews, revokes and sends one provider's tokens, as its spec says."""

    #: :meth:`apply` gives the request new headers, never writes into the caller's: the
    #: credential transport need not copy them first (a copy per request saved)
    replaces_headers = True

    def __init__(self, settings: ProviderSettings, auth: Mapping[str, Any]) -> None:
        self.provider: str = settings.name
        self.base_url: str = settings.base_url
        self._settings = settings
        self._package = f"keyhouse_{settings.name}"
        facts: Mapping[str, Any] = auth["keyhouse"]
        self._ops: Mapping[str, Any] = auth["operations"]
        self._login: list[_Step] = list(facts["login"])
        self._refresh: _Step | None = facts.get("refresh")
        self._revoke: _Step | None = facts.get("revoke")
        self._lifetime: float | None = self._login[-1].get("lifetime")
        declared = facts["settings"]
        self._secret_names = [s["name"].lower() for s in declared if s.get("secret")]
        self._plain_names = [s["name"].lower() for s in declared if not s.get("secret")]
        # Login needs every setting of the groups it uses; without them only the settings-only
        # schemes work (bfore.ai with API_KEY alone), and nothing is fetched or cached.
        used = {n.lower() for step in self._login for n in _PLACEHOLDER.findall(str(step))}
        groups = [[n.lower() for n in g] for g in facts.get("anyOf") or []]
        needed = {n for g in groups for n in g if n in used}
        self._can_login = all(settings.get(n) is not None for n in needed)
        self._missing_login = [n.upper() for n in sorted(needed) if settings.get(n) is None]
        schemes: Mapping[str, Any] = auth["securitySchemes"]
        self._send: dict[str, tuple[str, str, str]] = {}  # scheme -> (header, prefix, template)
        for scheme, template in facts["send"].items():
            kind = schemes[scheme]
            if kind.get("type") == "http":
                self._send[scheme] = ("Authorization", "Bearer ", template)
            else:
                self._send[scheme] = (kind["name"], "", template)
            for name in _PLACEHOLDER.findall(template):
                value = settings.get(name.lower()) if name.isupper() else None
                if value is not None:
                    ascii_header_value(value, f"{self.provider}.{name.lower()}")
        self._headers = {header for header, _p, _t in self._send.values()}
        prefix = httpx.URL(self.base_url).path.rstrip("/")
        self._routes = _Routes(self._ops, auth.get("security") or [], prefix)
        self._refresh_by_token = self._refresh is not None and "{refreshToken}" in str(
            self._refresh
        )
        self._warned_expiry: str | None = None
        self._plans: tuple[Credential | None, dict[tuple[str, bytes], _Plan]] = (None, {})
        self._builders: dict[str, tuple[Any, Any]] = {}

    # --- identity ------------------------------------------------------------------------------

    @property
    def cacheable(self) -> bool:
        # Settings-only keys are long-lived secrets, not issued tokens: never cached.
        return self._can_login

    @property
    def identity(self) -> str:
        return " ".join(v for n in self._plain_names if (v := self._settings.get(n))) or "-"

    def key_material(self) -> tuple[str, ...]:
        """The configured secrets, in the spec's order (cache keys are derived from them)."""
        return tuple(self._settings.get(n) or "" for n in self._secret_names)

    def _values(self, credential: Credential | None) -> _Values:
        values = _Values(
            {n.upper(): v for n in self._settings.values if (v := self._settings.get(n))}
        )
        if credential is not None and self._can_login:
            values.update(credential.extra)
            values["token"] = credential.token
            if credential.refresh_token:
                values["refreshToken"] = credential.refresh_token
        return values

    # --- requests --------------------------------------------------------------------------------

    def _build(
        self, op_id: str, step: _Step, values: Mapping[str, str], kind: str
    ) -> httpx.Request:
        """The request of operation ``op_id``, built by the generated package."""
        op = self._ops[op_id]
        builder, model = self._builder(op_id)
        kwargs: dict[str, Any] = {
            name: _fill(str(template), values)
            for name, template in (step.get("parameters") or {}).items()
        }
        if step.get("body") is not None:
            kwargs["body"] = model.from_dict(
                {
                    field: filled
                    for field, template in step["body"].items()
                    if (filled := _fill(str(template), values)) is not None
                }
            )
        built = builder(**kwargs)
        headers = dict(built.get("headers") or {})
        for alt in op["security"]:
            sent = self._headers_for(alt, values)
            if sent is not None:
                headers.update(sent)
                break
        return token_request(
            built["method"].upper(),
            join(self.base_url, built["url"]),
            kind=kind,
            json=built.get("json"),
            data=built.get("data"),
            headers=headers,
        )

    def _builder(self, op_id: str) -> tuple[Any, Any]:
        """The generated request builder of ``op_id`` and its request model (``None`` for an
        operation without a body), imported and looked up once."""
        found = self._builders.get(op_id)
        if found is None:
            module = importlib.import_module(f"{self._package}.{self._ops[op_id]['module']}")
            hint = typing.get_type_hints(module._get_kwargs).get("body")
            model = next(
                (t for t in (*typing.get_args(hint), hint) if hasattr(t, "from_dict")), None
            )
            found = self._builders[op_id] = (module._get_kwargs, model)
        return found

    def _headers_for(
        self, alt: tuple[str, ...] | list[str], values: Mapping[str, str]
    ) -> dict[str, str] | None:
        headers: dict[str, str] = {}
        for scheme in alt:
            header, prefix, template = self._send.get(scheme, ("", "", ""))
            value = _fill(template, values) if header else None
            if not value:
                return None
            headers[header] = prefix + value
        return headers

    def _step(
        self, step: _Step, values: Mapping[str, str], kind: str = "login"
    ) -> Generator[httpx.Request, httpx.Response, httpx.Response]:
        """Send ``step`` (its fallback when the operation is missing here)."""
        request = self._build(step["operationId"], step, values, kind)
        fallback = step.get("fallback")
        if fallback is None or str(request.url) not in UNSUPPORTED:
            response = yield request
            if fallback is None or not UNSUPPORTED.check(self.provider, response):
                return self._password_checked(response, step)
        response = yield self._build(fallback, step, values, kind)
        return self._password_checked(response, step)

    # --- answers ---------------------------------------------------------------------------------

    def _answer(self, response: httpx.Response, step: _Step, what: str) -> dict[str, Any]:
        body = expect_json(raise_for_status(response, self.provider, what=what), self.provider)
        got: dict[str, Any] = {}
        for role, spec in step.get("answer", {}).items():
            paths: list[str] = spec["paths"]
            value = next((v for p in paths if (v := _at(body, p)) is not _MISSING), None)
            strict = role not in ROLES or role == "token"
            if strict:
                names = " or ".join(repr(p) for p in paths)
                if value is None:
                    raise ProtocolError(
                        f"response is missing field {names}", provider=self.provider
                    )
                kinds = _KINDS.get(spec["type"], (str,))
                if not isinstance(value, kinds) or isinstance(value, bool) or value == "":
                    raise ProtocolError(
                        f"response field {names} should be {spec['type']}, "
                        f"got {type(value).__name__}",
                        provider=self.provider,
                    )
            got[role] = value
        return got

    def _credential(
        self, response: httpx.Response, step: _Step, extra: Mapping[str, str], what: str
    ) -> Credential:
        got = self._answer(response, step, what)
        self._warn_password(got.get("passwordExpiresAt"))
        now, date = received_at(response), server_date(response)
        token: str = got["token"]
        refresh = got.get("refreshToken")
        refresh = refresh if isinstance(refresh, str) and refresh else None
        kept = {k: str(v) for k, v in got.items() if k not in ROLES}
        return Credential(
            token=token,
            obtained_at=now,
            expires_at=compute_expiry(
                token=token,
                received_at=now,
                expires_in=got.get("expiresIn"),
                expires_at=got.get("expiresAt"),
                server_date=date,
                default_lifetime=step.get("lifetime", self._lifetime),
            ),
            refresh_token=refresh,
            refresh_expires_at=compute_expiry(
                token=refresh,
                received_at=now,
                expires_at=got.get("refreshExpiresAt"),
                server_date=date,
            )
            if refresh
            else None,
            extra={**extra, **kept},
        )

    def _password_checked(self, response: httpx.Response, step: _Step) -> httpx.Response:
        if step.get("passwordExpired") != response.status_code:
            return response
        body: Any = error_body(response)
        paths = step.get("answer", {}).get("passwordExpiresAt", {}).get("paths", [])
        when = next((v for p in paths if isinstance(v := _at(body, p), str)), None)
        # The provider's string goes into the message cut short; the attribute keeps it whole.
        since = f" (since {snippet(when, _WHEN_CHARS)})" if when else ""
        raise PasswordExpiredError(
            "login refused: the account's password has expired" + since,
            provider=self.provider,
            status=response.status_code,
            request_id=request_id(response),
            body=body,
            password_expired_at=when,
        )

    def _warn_password(self, value: object) -> None:
        expires = password_expiry(value)
        if expires is None or value == self._warned_expiry:
            return
        left = expires - time.time()
        if 0 < left <= PASSWORD_WARNING:
            self._warned_expiry = str(value)
            logger.warning(
                "%s: the password of %r expires at %s (in %.1f days); change it before then, "
                "or logins will be refused",
                self.provider,
                self.identity,
                snippet(str(value), _WHEN_CHARS),
                left / 86400,
            )

    # --- flows -----------------------------------------------------------------------------------

    def obtain(self, previous: Credential | None) -> Flow:
        """Refresh ``previous`` when the spec's refresh applies, else run the login chain."""
        if not self._can_login:  # a configured key: nothing to fetch (returns before yielding)
            settings_only = self._values(None)
            key = next(
                (v for _h, _p, t in self._send.values() if (v := _fill(t, settings_only))), "-"
            )
            return Credential(token=key, obtained_at=0.0, expires_at=None)
        if previous is not None:
            renewed = yield from self._renew(previous)
            if renewed is not None:
                return renewed
        return (yield from self._log_in(previous))

    def _renew(
        self, previous: Credential
    ) -> Generator[httpx.Request, httpx.Response, Credential | None]:
        """The refreshed credential, or ``None`` when the provider refused (or cannot)."""
        step = self._refresh
        if step is None:
            return None
        usable = (
            refresh_usable(previous, time.time())
            if self._refresh_by_token
            else still_fresh(previous)
        )
        if not usable:
            return None
        request = self._build(step["operationId"], step, self._values(previous), "refresh")
        if str(request.url) in UNSUPPORTED:
            return None
        response = yield request
        unverified = self._ops[step["operationId"]]["unverified"]
        if (unverified and UNSUPPORTED.check(self.provider, response)) or (
            response.status_code in REFUSED
        ):
            return None
        return self._credential(response, step, dict(previous.extra), "refresh request")

    def _chain_start(self, previous: Credential | None) -> tuple[int, dict[str, str]]:
        """How many leading login steps ``previous`` still covers, and their kept values."""
        kept: dict[str, str] = {}
        if previous is None:
            return 0, kept
        for index, step in enumerate(self._login[:-1]):
            name = next(iter(step.get("answer", {})), "")
            value = previous.extra.get(name)
            try:
                obtained = float(previous.extra.get(f"{name}_obtained_at", ""))
                expires = float(previous.extra.get(f"{name}_expires_at", ""))
            except ValueError:
                return index, kept
            level = Credential(token=value or "-", obtained_at=obtained, expires_at=expires)
            if not value or time.time() >= refresh_at(level, 60.0):
                return index, kept
            kept.update(
                {k: v for k, v in previous.extra.items() if k == name or k.startswith(name + "_")}
            )
            kept.update({k: previous.extra[k] for k in step["answer"] if k in previous.extra})
        return len(self._login) - 1, kept

    def _log_in(self, previous: Credential | None) -> Flow:
        start, kept = self._chain_start(previous)
        index = start
        while True:
            step = self._login[index]
            values = self._values(None)
            values.update(kept)
            response = yield from self._step(step, values)
            if index == start > 0 and response.status_code == 401:
                index, start, kept = 0, 0, {}  # a reused earlier value was refused: start over
                continue
            last = index == len(self._login) - 1
            what = "token request" if last or index == 0 else f"{step['operationId']} request"
            if last:
                return self._credential(response, step, kept, what)
            got = self._answer(response, step, what)
            name = next(iter(step["answer"]))
            now = received_at(response)
            kept.update({k: str(v) for k, v in got.items() if k not in ROLES})
            kept[f"{name}_obtained_at"] = repr(now)
            kept[f"{name}_expires_at"] = repr(
                compute_expiry(
                    token=str(got[name]),
                    received_at=now,
                    server_date=server_date(response),
                    default_lifetime=step.get("lifetime"),
                )
            )
            index += 1

    def revoke(self, credential: Credential) -> RevokeFlow:
        """The spec's revocation, with the token while it is alive (renewed first when only
        its refresh token is); an answer of 401 means it was dead already."""
        step = self._revoke
        if step is None or not self._can_login:
            return
        if not still_fresh(credential, margin=0.0):
            if not (self._refresh_by_token and refresh_usable(credential, time.time())):
                return  # nothing of the session is usable any more
            renewed = yield from self._renew(credential)
            if renewed is None:
                return  # refused: the session is gone already
            credential = renewed
        response = yield self._build(step["operationId"], step, self._values(credential), "revoke")
        status = response.status_code
        if self._ops[step["operationId"]]["unverified"] and status in MISSING_STATUSES:
            logger.warning(
                "%s: %s %s answered %d; the token was forgotten, not revoked",
                self.provider,
                response.request.method,
                response.request.url.path,
                status,
            )
        elif status != 401:
            raise_for_status(response, self.provider, what=f"{step['operationId']} request")

    # --- every request ---------------------------------------------------------------------------

    def apply(self, request: httpx.Request, credential: Credential) -> None:
        """Send the first of the operation's ``security`` alternatives there are values for.

        Called on every request: what to write is worked out once per credential and
        operation path, then only the header writes remain."""
        url = request.url
        key = (request.method, url.raw_path)  # raw: no decoding on the warm path
        planned_for, plans = self._plans
        if planned_for is not credential:  # a new credential: new plans (swapped whole, so a
            plans = {}  # thread still on the old credential never writes into the new ones)
            self._plans = (credential, plans)
        plan = plans.get(key)
        if plan is None:
            plan = self._plan(request.method, url.path, credential)
            if len(plans) < 1024:  # bounded: ids in paths are unbounded
                plans[key] = plan
        request.headers = with_headers(request.headers, plan[0], plan[1])

    def _plan(self, method: str, path: str, credential: Credential) -> _Plan:
        """The header items to write (ASCII, else UnicodeEncodeError) and every credential
        header name to clear first (lowercase)."""
        alternatives = self._routes.security(method, path)
        if not alternatives:
            return (), frozenset()  # a public operation
        values = self._values(credential)
        for alt in alternatives:
            sent = self._headers_for(alt, values)
            if sent is not None:
                write = tuple(
                    (name.encode("ascii"), name.lower().encode("ascii"), value.encode("ascii"))
                    for name, value in sent.items()
                )
                clear = {name.lower().encode("ascii") for name in self._headers | set(sent)}
                return write, frozenset(clear)
        needs = " or ".join("+".join(alt) for alt in alternatives)
        hint = f": set {' and '.join(self._missing_login)}" if self._missing_login else ""
        raise ConfigurationError(
            f"{self.provider}: {method} {path} needs {needs}, which these settings cannot "
            f"provide{hint}"
        )

    def __repr__(self) -> str:
        return (
            f"DeclaredStrategy({self.provider!r}, identity={self.identity!r}, "
            f"base_url={self.base_url!r})"
        )
