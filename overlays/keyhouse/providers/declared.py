"""The token lifecycle a spec's ``x-keyhouse`` block declares (specs/CONVENTIONS.md): paths,
fields and headers come only from the generated package's ``auth.json``, and token requests are
built by its request builders, so a spec edit reaches the token flow by regenerating."""

from __future__ import annotations

import importlib
import re
import threading
import time
import typing
from collections import Counter
from collections.abc import Generator, Iterable, Mapping
from functools import partial
from typing import Any, TypeVar

import httpx

from keyhouse._credential import Credential, compute_expiry, parse_time, refresh_at, refresh_usable
from keyhouse._errors import (
    AuthenticationError,
    ConfigurationError,
    PasswordExpiredError,
    ProtocolError,
    snippet,
    where,
)
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
from keyhouse._redact import logger, register
from keyhouse._settings import ProviderSettings
from keyhouse._transport import with_headers

__all__ = ["UNSUPPORTED", "DeclaredStrategy", "password_expiry"]

MISSING_STATUSES = frozenset({404, 405, 501})  # a provider without the operation
REFUSED = frozenset({400, 401, 403, 404, 422})  # a refresh refused: log in (outages are not)
ROLES = frozenset(
    {"token", "expiresIn", "expiresAt", "refreshToken", "refreshExpiresAt", "passwordExpiresAt"}
)
PASSWORD_WARNING = 14 * 86400.0  # how long before a password expires a login warns about it
_KINDS = {"string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,)}
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")
_MISSING = object()
_OPERATION = "keyhouse_operation"  # a token request's extension: the operationId it was built for
_K = TypeVar("_K")
_V = TypeVar("_V")
_Step = Mapping[str, Any]
#: per operation: the header items to write (name, lowercase name, value), the names to clear
_Plan = tuple[tuple[tuple[bytes, bytes, bytes], ...], frozenset[bytes]]
_Renewal = Generator[httpx.Request, httpx.Response, Credential | None]


#: URLs of ``x-unverified`` operations the provider turned out not to have: the flow falls back
#: to the documented path, warns once and does not try them again in this process.
UNSUPPORTED: set[str] = set()
_UNSUPPORTED_LOCK = threading.Lock()


def _missing(provider: str, response: httpx.Response) -> bool:
    """Whether ``response`` says the operation does not exist (then remembered)."""
    if response.status_code not in MISSING_STATUSES:
        return False
    sent = response.request
    with _UNSUPPORTED_LOCK:
        first = (url := str(sent.url.copy_with(query=None))) not in UNSUPPORTED
        UNSUPPORTED.add(url)
    if first:
        logger.warning(
            f"{provider}: {sent.method} {sent.url.path} answered {response.status_code}; "
            "falling back to the documented login for this process"
        )
    return True


def password_expiry(value: object) -> float | None:
    """A password expiry as epoch seconds; ``None`` for "never" (year 1) or unreadable.
    bfore.ai sends it without a zone (read as UTC); a zoned value is honoured."""
    readable = isinstance(value, str) and _TIMESTAMP.match(value) and value[:5] != "0001-"
    return parse_time(value) if readable else None


class _Hidden(dict[_K, _V]):
    """Settings, tokens or answers: a repr that hides them (tracebacks capture locals)."""

    def __repr__(self) -> str:
        return f"<{len(self)} values>"


class _Values(_Hidden[str, str]):
    """Settings and tokens for templates."""


def _strings(value: Any) -> list[str]:
    """The strings ``value`` is or lists (an error model's message fields)."""
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]


def _read(body: Any, answer: Mapping[str, Any]) -> _Hidden[str, Any]:
    """Each role's value in ``body`` (``None`` when missing); the body, tokens and all, is a
    local of this frame only, which has returned before a missing value raises."""
    got: _Hidden[str, Any] = _Hidden()
    for role, spec in answer.items():
        got[role] = next((v for p in spec["paths"] if (v := _at(body, p)) is not _MISSING), None)
    return got


def _words(refusal: Any) -> str:
    """An error model's message fields, redacted and cut short."""
    return snippet("; ".join(s for v in refusal.to_dict().values() for s in _strings(v)))


def _fill(template: str, values: Mapping[str, str]) -> str | None:
    """``template`` with its ``{name}``s replaced; ``None`` when one has no value."""
    try:
        return _PLACEHOLDER.sub(lambda match: values[match[1]], template)
    except KeyError:
        return None


def _at(body: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(body, dict) or part not in body:
            return _MISSING
        body = body[part]
    return body


def _alive(credential: Credential, margin: float) -> bool:
    return credential.expires_at is None or time.time() < credential.expires_at - margin


class DeclaredStrategy:
    """How keyhouse obtains, renews, revokes and sends one provider's tokens, as its spec says."""

    #: :meth:`apply` gives the request new headers and never writes into the caller's, so the
    #: credential transport need not copy them first
    replaces_headers = True

    def __init__(self, settings: ProviderSettings, auth: Mapping[str, Any]) -> None:
        self.provider: str = settings.name
        self.base_url: str = settings.base_url
        self._settings = settings
        facts: Mapping[str, Any] = auth["keyhouse"]
        self._ops: Mapping[str, Any] = auth["operations"]
        self._login: list[_Step] = list(facts["login"])
        self._refresh: _Step | None = facts.get("refresh")
        self._revoke: _Step | None = facts.get("revoke")
        self._refresh_by_token = "{refreshToken}" in str(self._refresh)
        self._lifetime: float | None = self._login[-1].get("lifetime")
        self._secret_names = [s["name"].lower() for s in facts["settings"] if s.get("secret")]
        self._plain_names = [s["name"].lower() for s in facts["settings"] if not s.get("secret")]
        # Login needs every setting of the groups it uses; without them only the settings-only
        # schemes work (bfore.ai with API_KEY alone), and nothing is fetched or cached.
        used = {n.lower() for step in self._login for n in _PLACEHOLDER.findall(str(step))}
        needed = {n.lower() for group in facts.get("anyOf") or [] for n in group} & used
        self._missing_login = [n.upper() for n in sorted(needed) if settings.get(n) is None]
        self._can_login = not self._missing_login
        self._send: dict[str, tuple[str, str, str]] = {}  # scheme -> (header, prefix, template)
        for scheme, template in facts["send"].items():
            kind = auth["securitySchemes"][scheme]
            http = kind.get("type") == "http"
            header, prefix = ("Authorization", "Bearer ") if http else (kind["name"], "")
            self._send[scheme] = (header, prefix, template)
            for name in filter(str.isupper, _PLACEHOLDER.findall(template)):
                value = settings.get(name.lower()) or ""
                if not value.isascii() or any(c in value for c in "\r\n\0"):
                    problem = f"{self.provider}.{name.lower()} must be printable ASCII"
                    raise ConfigurationError(problem + ": it is sent in an HTTP header")
        # Each operation's security alternatives, exact paths first (a trailing "/" ignored);
        # a path the spec does not have gets the root security, else the most common one.
        base, routes = httpx.URL(self.base_url).path.rstrip("/"), []
        for op in self._ops.values():
            path = base + op["path"]
            tail = "/?" if "{" in path else "" if path.endswith("/") else "/*"
            rx = re.compile(re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(path)) + tail)
            order = (1, 0) if "{" in path else (0, -len(path))  # exact first, longest first
            routes.append((order, op["method"], rx, tuple(map(tuple, op["security"]))))
        self._routes = [route[1:] for route in sorted(routes, key=lambda route: route[0])]
        counts = Counter(alts for *_, alts in routes)
        common = [alts for alts, _n in counts.most_common() if alts][:1] or [()]
        self._default = tuple(map(tuple, auth.get("security") or [])) or common[0]
        self._warned_expiry: str | None = None
        self._keyless = Credential(token="", obtained_at=0.0)  # the settings alone, no token
        self._plans: tuple[Credential | None, _Hidden[tuple[str, bytes], _Plan]] = (None, _Hidden())
        self._builders: dict[str, tuple[Any, Any]] = {}

    @property
    def cacheable(self) -> bool:
        """Settings-only keys are long-lived secrets, not issued tokens: never cached."""
        return self._can_login

    @property
    def identity(self) -> str:
        """The configured plain (not secret) settings, each named and quoted: it salts the
        cache key, so a value holding a space cannot pose as two settings."""
        named = (f"{n}={v!r}" for n in self._plain_names if (v := self._settings.get(n)))
        return " ".join(named) or "-"

    def key_material(self) -> tuple[str, ...]:
        """The configured secrets, in the spec's order (cache keys are derived from them)."""
        return tuple(self._settings.get(n) or "" for n in self._secret_names)

    def _values(self, credential: Credential | None = None) -> _Values:
        settings = self._settings
        values = _Values({n.upper(): v for n in settings.values if (v := settings.get(n))})
        if credential is not None and self._can_login:
            values.update(credential.extra, token=credential.token)
            if credential.refresh_token:
                values["refreshToken"] = credential.refresh_token
        return values

    def _operation(self, op_id: str) -> tuple[Any, Any]:
        """The generated module of operation ``op_id`` and its request model, looked up once."""
        if op_id not in self._builders:
            module = importlib.import_module(
                f"keyhouse_{self.provider}.{self._ops[op_id]['module']}"
            )
            hint = typing.get_type_hints(module._get_kwargs).get("body")
            models = (t for t in (*typing.get_args(hint), hint) if hasattr(t, "from_dict"))
            self._builders[op_id] = (module, next(models, None))
        return self._builders[op_id]

    def _build(self, op_id: str, step: _Step, values: _Values, kind: str) -> httpx.Request:
        """The request of operation ``op_id``, built by the generated package."""
        module, model = self._operation(op_id)
        params = (step.get("parameters") or {}).items()
        kwargs: _Hidden[str, Any] = _Hidden({n: _fill(str(t), values) for n, t in params})
        if step.get("body") is not None:
            body = ((f, _fill(str(t), values)) for f, t in step["body"].items())
            kwargs["body"] = model.from_dict({f: v for f, v in body if v is not None})
        built: _Hidden[str, Any] = _Hidden(module._get_kwargs(**kwargs))
        headers = _Values(built.get("headers") or {})
        sent = (self._headers_for(alt, values) for alt in self._ops[op_id]["security"])
        headers.update(next((h for h in sent if h is not None), {}))
        url = self.base_url.rstrip("/") + built["url"]
        request = token_request(
            built["method"].upper(),
            url,
            kind=kind,
            json=built.get("json"),
            data=built.get("data"),
            headers=headers,
        )
        request.extensions[_OPERATION] = op_id
        return request

    def _refusal(self, response: httpx.Response) -> Any:
        """The error model the spec documents for ``response``'s status at the operation that
        answered, read from its body; ``None`` when there is none or the body does not fit it
        (a proxy's page for a path it does not know, say: not the provider's answer)."""
        op_id = str(response.request.extensions.get(_OPERATION))
        parsed = self._operation(op_id)[0]._error_body(response) if op_id in self._ops else None
        return parsed if hasattr(parsed, "to_dict") else None

    def _refusal_error(
        self, response: httpx.Response, what: str, also: httpx.Response | None = None
    ) -> AuthenticationError | None:
        """A 4xx whose body is the error model the spec documents there: the provider refused,
        in its words (redacted, cut short); with what ``also`` (the fallback) said, if it is
        a documented refusal too (either may be a framework's answer for a missing route)."""
        status = response.status_code
        refusal = self._refusal(response) if 400 <= status < 500 and status != 429 else None
        if refusal is None:
            return None
        said = f": {_words(refusal)}" if _words(refusal) else ""
        other = None if also is None else self._refusal(also)
        if also is not None and other is not None:
            said += f"; {also.request.method} {also.request.url.path} too: {_words(other)}"
        return AuthenticationError(
            f"{what} ({where(response.request, self.provider)}) was refused{said}",
            provider=self.provider,
            status=status,
            request_id=request_id(response),
            body=refusal,
        )

    def _headers_for(self, alt: Iterable[str], values: _Values) -> dict[str, str] | None:
        """The headers of one ``security`` alternative; ``None`` when a value is missing."""
        headers: dict[str, str] = {}
        for scheme in alt:
            header, prefix, template = self._send.get(scheme, ("", "", ""))
            value = _fill(template, values) if header else None
            if not value:
                return None
            headers[header] = prefix + value
        return headers

    def _answer(self, response: httpx.Response, step: _Step, what: str) -> dict[str, Any]:
        """The answer's values by role, the required ones checked (ProtocolError if not)."""
        if step.get("passwordExpired") == response.status_code:
            body = error_body(response)
            paths = step.get("answer", {}).get("passwordExpiresAt", {}).get("paths", [])
            when = next((v for p in paths if isinstance(v := _at(body, p), str)), None)
            # The provider's string goes into the message cut short; the attribute keeps it whole.
            since = f" (since {snippet(when, 64)})" if when else ""
            raise PasswordExpiredError(
                "login refused: the account's password has expired" + since,
                provider=self.provider,
                status=response.status_code,
                request_id=request_id(response),
                body=body,
                password_expired_at=when,
            )
        refused = self._refusal_error(response, what)  # (the body stays out of this frame's locals)
        if refused is not None:
            raise refused
        answer = step.get("answer", {})
        ok = raise_for_status(response, self.provider, what=what)
        got = _read(expect_json(ok, self.provider), answer)
        for role, spec in answer.items():
            value = got[role]
            if role in ROLES and role != "token":
                continue  # optional: the flow can go on without it
            names = " or ".join(map(repr, spec["paths"]))
            if value is None:
                raise ProtocolError(f"response is missing field {names}", provider=self.provider)
            kinds = _KINDS.get(spec["type"], (str,))
            if not isinstance(value, kinds) or isinstance(value, bool) or value == "":
                kind = f"should be {spec['type']}, got {type(value).__name__}"
                raise ProtocolError(f"response field {names} {kind}", provider=self.provider)
        return got

    def _credential(
        self, response: httpx.Response, step: _Step, extra: Mapping[str, str], what: str
    ) -> Credential:
        got = self._answer(response, step, what)
        self._warn_password(got.get("passwordExpiresAt"))
        now, token, refresh = received_at(response), got["token"], got.get("refreshToken")
        expiry = partial(compute_expiry, received_at=now, server_date=server_date(response))
        if isinstance(refresh, str) and refresh:
            refresh_expires = expiry(token=refresh, expires_at=got.get("refreshExpiresAt"))
        else:
            refresh, refresh_expires = None, None
        return Credential(
            token=token,
            obtained_at=now,
            expires_at=expiry(
                token=token,
                expires_in=got.get("expiresIn"),
                expires_at=got.get("expiresAt"),
                default_lifetime=step.get("lifetime", self._lifetime),
            ),
            refresh_token=refresh,
            refresh_expires_at=refresh_expires,
            extra={**extra, **{k: str(v) for k, v in got.items() if k not in ROLES}},
        )

    def _warn_password(self, value: object) -> None:
        expires = password_expiry(value)
        left = 0.0 if expires is None or value == self._warned_expiry else expires - time.time()
        if 0 < left <= PASSWORD_WARNING:
            self._warned_expiry = str(value)
            logger.warning(
                f"{self.provider}: the password of {self.identity} expires at "
                f"{snippet(str(value), 64)} (in {left / 86400:.1f} days); change it before "
                "then, or logins will be refused"
            )

    def obtain(self, previous: Credential | None) -> Flow:
        """Refresh ``previous`` when the spec's refresh applies, else run the login chain."""
        if not self._can_login:  # a configured key: nothing to fetch (returns before yielding)
            values = self._values()
            key = next((v for _h, _p, t in self._send.values() if (v := _fill(t, values))), "-")
            return Credential(token=key, obtained_at=0.0, expires_at=None)
        renewed = None if previous is None else (yield from self._renew(previous))
        if renewed is not None:
            return renewed
        index, kept = self._chain_start(previous)  # _Values: tokens (tracebacks show locals)
        start, last = index, len(self._login) - 1
        while True:
            step = self._login[index]
            values = self._values()
            values.update(kept)
            request = self._build(step["operationId"], step, values, "login")
            fallback = step.get("fallback", "")
            response = None if fallback and str(request.url) in UNSUPPORTED else (yield request)
            if response is None or (fallback and response.status_code in MISSING_STATUSES):
                first, response = response, (yield self._build(fallback, step, values, "login"))
                # The operation's documented error body is the provider's answer (Ovok's 404 for
                # an unknown client id), unless the fallback logs in: a framework's 404 for a
                # route it does not have can look the same.
                if first is not None and (response.is_success or self._refusal(first) is None):
                    _missing(self.provider, first)  # remembered
                elif first is not None and response.status_code in MISSING_STATUSES:
                    refused = self._refusal_error(first, "token request", also=response)
                    if refused is not None:  # both refused: the user is told both
                        raise refused
                    response = first
            if index == start > 0 and response.status_code == 401:
                index, start, kept = 0, 0, _Values()  # a reused value was refused: start over
                continue
            what = f"{step['operationId']} request" if 0 < index < last else "token request"
            if index == last:
                return self._credential(response, step, kept, what)
            got = self._answer(response, step, what)
            name, now, date = next(iter(got)), received_at(response), server_date(response)
            # secrets from now on: the next step's failure may echo them (the Credential
            # that keeps them registers them again, for its lifetime)
            register(*(str(v) for k, v in got.items() if k == name or k not in ROLES))
            lifetime = step.get("lifetime")
            expires = compute_expiry(
                token=str(got[name]), received_at=now, server_date=date, default_lifetime=lifetime
            )
            kept.update({k: str(v) for k, v in got.items() if k not in ROLES})
            kept.update({f"{name}_obtained_at": repr(now), f"{name}_expires_at": repr(expires)})
            index += 1

    def _renew(self, previous: Credential) -> _Renewal:
        """The refreshed credential, or ``None`` when the provider refused (or cannot)."""
        step, now = self._refresh, time.time()
        usable = refresh_usable(previous, now) if self._refresh_by_token else _alive(previous, 5.0)
        if step is None or not usable:
            return None
        request = self._build(step["operationId"], step, self._values(previous), "refresh")
        if str(request.url) in UNSUPPORTED:
            return None
        response = yield request
        unverified = self._ops[step["operationId"]]["unverified"]
        missing = unverified and _missing(self.provider, response)  # remembered
        if missing or response.status_code in REFUSED:
            return None
        return self._credential(response, step, dict(previous.extra), "refresh request")

    def _chain_start(self, previous: Credential | None) -> tuple[int, _Values]:
        """How many leading login steps ``previous`` still covers, and their kept values."""
        kept = _Values()
        if previous is None:
            return 0, kept
        extra = previous.extra
        for index, step in enumerate(self._login[:-1]):
            name = next(iter(step.get("answer", {})), "")
            times = [extra.get(f"{name}_{t}_at", "") for t in ("obtained", "expires")]
            try:
                level = Credential(extra.get(name) or "-", float(times[0]), float(times[1]))
            except ValueError:
                return index, kept
            if not extra.get(name) or time.time() >= refresh_at(level, 60.0):
                return index, kept
            kept.update({k: v for k, v in extra.items() if k == name or k.startswith(name + "_")})
            kept.update({k: extra[k] for k in step["answer"] if k in extra})
        return len(self._login) - 1, kept

    def revoke(self, credential: Credential) -> RevokeFlow:
        """The spec's revocation, with the token while it is alive (renewed first when only
        its refresh token is); an answer of 401 means it was dead already. Whether the
        provider revoked it."""
        step = self._revoke
        if step is None or not self._can_login:
            return False
        alive = credential if _alive(credential, 0.0) else (yield from self._renew(credential))
        if alive is None:
            return False  # nothing of the session is usable any more, or the renewal was refused
        response = yield self._build(step["operationId"], step, self._values(alive), "revoke")
        status, sent = response.status_code, response.request
        if self._ops[step["operationId"]]["unverified"] and status in MISSING_STATUSES:
            logger.warning(
                f"{self.provider}: {sent.method} {sent.url.path} answered {status}; the token "
                "was forgotten, not revoked"
            )
            return False
        if status == 401:
            return False
        raise_for_status(response, self.provider, what=f"{step['operationId']} request")
        return True

    def without_token(self, method: str, path: str) -> Credential | None:
        """For a login that failed: a credential of the settings alone when one of the
        operation's ``security`` alternatives needs no token (bfore.ai's ``API_KEY``), else
        ``None``. Not cached: the next call tries the login again."""
        if not self._can_login:
            return None
        try:
            sent = self._plan(method, path, self._keyless)[0]
        except ConfigurationError:
            return None
        names = sorted({n for _h, _p, t in self._send.values() for n in _PLACEHOLDER.findall(t)})
        used = ", ".join(n for n in names if n.isupper() and self._settings.get(n.lower()))
        if sent:
            logger.info(f"{self.provider}: the login failed; {method} {path} sent with {used}")
        return self._keyless

    def apply(self, request: httpx.Request, credential: Credential) -> None:
        """Send the first of the operation's ``security`` alternatives there are values for;
        worked out once per credential and path (this runs on every request)."""
        url = request.url
        # raw (nothing decoded on the warm path), without the query (pages share a plan)
        key = (request.method, url.raw_path.partition(b"?")[0])
        planned_for, plans = self._plans
        if planned_for is not credential:  # a new credential: new plans, swapped whole (a
            # thread still on the old credential never writes into the new ones)
            plans = _Hidden[tuple[str, bytes], _Plan]()
            self._plans = (credential, plans)
        plan = plans.get(key)
        if plan is None:
            plan = self._plan(request.method, url.path, credential)
            if len(plans) >= 1024:  # bounded (ids in paths are unbounded): start over, so
                plans.clear()  # the paths in use are soon remembered again
            plans[key] = plan
        request.headers = with_headers(request.headers, *plan)

    def _plan(self, method: str, path: str, credential: Credential) -> _Plan:
        found = (a for m, rx, a in self._routes if m == method and rx.fullmatch(path))
        alternatives = next(found, self._default)
        if not alternatives:
            return (), frozenset()  # a public operation
        values = self._values(credential)
        for alt in alternatives:
            sent = self._headers_for(alt, values)
            if sent is not None:  # header values are ASCII (else UnicodeEncodeError: typed)
                write = tuple(
                    (k.encode(), k.lower().encode(), v.encode("ascii")) for k, v in sent.items()
                )
                clear = {header.lower().encode() for header, _p, _t in self._send.values()}
                return write, frozenset(clear | {k.lower().encode() for k in sent})
        needs = " or ".join("+".join(alt) for alt in alternatives)
        hint = f": set {' and '.join(self._missing_login)}" if self._missing_login else ""
        problem = f"{method} {path} needs {needs}, which these settings cannot provide{hint}"
        raise ConfigurationError(f"{self.provider}: {problem}")

    def __repr__(self) -> str:
        name, url = self.provider, self.base_url
        return f"{type(self).__name__}({name!r}, identity={self.identity!r}, base_url={url!r})"
