"""Settings: from ``KEYHOUSE_*`` environment variables or from keyword arguments.

``KEYHOUSE_<PROVIDER>_<FIELD>`` (fields per provider in :mod:`keyhouse._registry`, each also
``BASE_URL``); ``KEYHOUSE_CACHE`` = ``memory`` (default) | ``file:PATH`` | ``redis://…``;
``KEYHOUSE_LEEWAY`` (seconds before expiry to refresh, default 60), ``KEYHOUSE_TIMEOUT``
(seconds per HTTP request, default 30) and ``KEYHOUSE_REVOKE_ON_CLOSE`` (``1``/``true``: sign
out of every provider used when the :class:`~keyhouse.Keyhouse` is closed; default off).
``KEYHOUSE_LOG`` (``debug`` | ``info``) is not a setting: it switches the ``keyhouse`` loggers on
at import (:mod:`keyhouse.events`).

A provider is *configured* when any of its variables is set (empty values count as unset).
Every problem — missing fields, malformed values, plain-HTTP base URLs off loopback, unknown
fields — is collected and raised as ONE :class:`ConfigurationError`.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import httpx

from ._errors import ConfigurationError
from ._events import Hook
from ._redact import Secret, logger, safe_url
from ._registry import REGISTRY, ProviderEntry, discover
from ._registry import entry as provider_entry
from ._retry import RetryPolicy

__all__ = ["ProviderSettings", "Settings", "check_base_url", "safe_cache"]

_CACHE_SCHEMES = ("redis://", "rediss://", "unix://")
_REVOKE_ON_CLOSE = "KEYHOUSE_REVOKE_ON_CLOSE"


def _is_loopback(host: str) -> bool:
    # Only the name itself: "*.localhost" is resolved by the system's resolver and DNS, not
    # guaranteed to be the loopback interface, so plain HTTP there could leave the machine.
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_base_url(url: str) -> tuple[str, str | None]:
    """``(normalised url, problem or None)``: http(s), a host, HTTPS unless loopback."""
    text = url.strip()
    try:
        parsed = httpx.URL(text)
    except (httpx.InvalidURL, TypeError, ValueError):
        return text, "is not a valid URL"
    if parsed.scheme not in ("http", "https") or not parsed.host:
        return text, "must be an http(s) URL with a host"
    if parsed.query or parsed.fragment:
        return text, "must not have a query or fragment"
    if parsed.userinfo:
        return text, "must not contain credentials"
    if parsed.scheme == "http" and not _is_loopback(parsed.host):
        return text, "must use HTTPS (plain HTTP is allowed only for loopback hosts)"
    return text.rstrip("/"), None


@dataclass(frozen=True, repr=False)
class ProviderSettings:
    """One provider's validated settings. Secret fields are held as :class:`Secret`."""

    name: str
    base_url: str
    values: Mapping[str, str | Secret]

    def get(self, key: str) -> str | None:
        """A field's plain value (secrets revealed: for the strategy that sends them)."""
        value = self.values.get(key)
        return value.reveal() if isinstance(value, Secret) else value

    def require(self, key: str) -> str:
        """The value of ``key``; ConfigurationError naming the variable when it is missing."""
        value = self.get(key)
        if value is None:
            raise ConfigurationError(f"KEYHOUSE_{self.name.upper()}_{key.upper()} is not set")
        return value

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{k}={'<secret>' if isinstance(v, Secret) else repr(v)}"
            for k, v in sorted(self.values.items())
        )
        return f"ProviderSettings({self.name!r}, base_url={self.base_url!r}, {shown})"


@dataclass(frozen=True)
class Settings:
    """Everything a :class:`~keyhouse.Keyhouse` needs. Build with :meth:`from_env` or
    :meth:`build`; both validate and list every problem at once."""

    providers: Mapping[str, ProviderSettings] = field(default_factory=dict)
    cache: str = "memory"
    leeway: float = 60.0
    timeout: float = 30.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    hooks: tuple[Hook, ...] = ()
    """Event hooks (:mod:`keyhouse.events`), called after the default ones (logging,
    OpenTelemetry)."""
    revoke_on_close: bool = False
    """Sign out (:meth:`Keyhouse.revoke <keyhouse.Keyhouse.revoke>`) of every provider used,
    on ``close()`` / ``aclose()``."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read ``KEYHOUSE_*`` from ``environ`` (default: ``os.environ``)."""
        env = os.environ if environ is None else environ
        raw: dict[str, dict[str, str]] = {}
        for name, entry in REGISTRY.items():
            prefix = entry.env_prefix
            fields = {
                key[len(prefix) :].lower(): value
                for key, value in env.items()
                if key.startswith(prefix) and value.strip()
            }
            if fields:
                raw[name] = fields
        known = {"KEYHOUSE_CACHE", "KEYHOUSE_LEEWAY", "KEYHOUSE_TIMEOUT", "KEYHOUSE_LOG"}
        known.add(_REVOKE_ON_CLOSE)
        prefixes = tuple(e.env_prefix for e in REGISTRY.values())
        for key, value in env.items():
            if key.startswith("KEYHOUSE_") and key not in known and not key.startswith(prefixes):
                # KEYHOUSE_<NAME>_<FIELD> of a provider known only by its generated package
                name, _, field_name = key[len("KEYHOUSE_") :].partition("_")
                found = discover(name.lower()) if field_name else None
                if found is None:
                    logger.debug("ignoring unknown setting %s", key)
                elif value.strip():
                    raw.setdefault(found.name, {})[field_name.lower()] = value
        return cls._parse(
            raw,
            cache=env.get("KEYHOUSE_CACHE"),
            leeway=env.get("KEYHOUSE_LEEWAY"),
            timeout=env.get("KEYHOUSE_TIMEOUT"),
            revoke_on_close=env.get(_REVOKE_ON_CLOSE),
            prefix=True,
        )

    @classmethod
    def build(
        cls,
        *,
        cache: str = "memory",
        leeway: float = 60.0,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        hooks: Iterable[Hook] = (),
        revoke_on_close: bool = False,
        **providers: Mapping[str, str],
    ) -> Settings:
        """``Settings.build(ovok={"email": …, "password": …, "client_id": …})``; ``hooks``
        receive the token machinery's events (:class:`~keyhouse.events.TokenObtained`, ...)."""
        problems: list[str] = []
        raw: dict[str, dict[str, str]] = {}
        for name, values in providers.items():
            if name not in REGISTRY and discover(name) is None:
                problems.append(f"unknown provider {name!r} (known: {', '.join(REGISTRY)})")
                continue
            raw[name] = {k.lower(): v for k, v in values.items() if v is not None and str(v)}
        settings = cls._parse(
            raw,
            cache=cache,
            leeway=leeway,
            timeout=timeout,
            retry=retry,
            revoke_on_close=revoke_on_close,
            problems=problems,
        )
        hooks = tuple(hooks)
        if not all(callable(hook) for hook in hooks):
            raise ConfigurationError("Settings.build: every hook must be callable with an event")
        return dataclasses.replace(settings, hooks=hooks) if hooks else settings

    @classmethod
    def _parse(
        cls,
        raw: Mapping[str, Mapping[str, str]],
        *,
        cache: str | None,
        leeway: Any,
        timeout: Any,
        retry: RetryPolicy | None = None,
        revoke_on_close: Any = False,
        problems: list[str] | None = None,
        prefix: bool = False,
    ) -> Settings:
        problems = [] if problems is None else problems
        providers: dict[str, ProviderSettings] = {}
        for name, values in raw.items():
            parsed = _parse_provider(provider_entry(name), values, problems, prefix=prefix)
            if parsed is not None:
                providers[name] = parsed
        cache_spec = _check_cache((cache or "memory").strip(), problems)
        leeway_value = _number("KEYHOUSE_LEEWAY", leeway, 60.0, problems, allow_zero=True)
        timeout_value = _number("KEYHOUSE_TIMEOUT", timeout, 30.0, problems, allow_zero=False)
        revoke_value = _flag(_REVOKE_ON_CLOSE, revoke_on_close, problems)
        if problems:
            raise ConfigurationError(problems)
        return cls(
            providers=MappingProxyType(providers),
            cache=cache_spec,
            leeway=leeway_value,
            timeout=timeout_value,
            retry=retry if retry is not None else RetryPolicy(),
            revoke_on_close=revoke_value,
        )

    def __repr__(self) -> str:
        return (
            f"Settings(providers={sorted(self.providers)}, cache={safe_cache(self.cache)!r}, "
            f"leeway={self.leeway}, timeout={self.timeout}"
            + (", revoke_on_close=True)" if self.revoke_on_close else ")")
        )


def safe_cache(spec: str) -> str:
    """``KEYHOUSE_CACHE`` fit to print (a Redis URL without its password)."""
    return spec if spec == "memory" or spec.startswith("file:") else safe_url(spec)


def _number(
    label: str, value: Any, default: float, problems: list[str], *, allow_zero: bool
) -> float:
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    try:
        number = float(value)
    except (TypeError, ValueError):
        problems.append(f"{label} must be a number of seconds, got {str(value)[:20]!r}")
        return default
    if not math.isfinite(number) or number < 0 or (number == 0 and not allow_zero):
        problems.append(f"{label} must be a positive number of seconds")
        return default
    return number


_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})


def _flag(label: str, value: Any, problems: list[str]) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    problems.append(f"{label} must be 1/true/yes/on or 0/false/no/off, got {str(value)[:20]!r}")
    return False


def _check_cache(spec: str, problems: list[str]) -> str:
    if spec == "memory" or spec.startswith(_CACHE_SCHEMES):
        return spec
    if spec.startswith("file:"):
        if not spec[len("file:") :].lstrip("/"):
            problems.append("KEYHOUSE_CACHE: file: needs a path, e.g. file:~/.keyhouse/tokens.json")
        return spec
    problems.append(
        f"KEYHOUSE_CACHE must be 'memory', 'file:PATH' or a redis:// URL, "
        f"got {safe_cache(spec)[:40]!r}"
    )
    return spec


def _parse_provider(
    entry: ProviderEntry, values: Mapping[str, str], problems: list[str], *, prefix: bool
) -> ProviderSettings | None:
    def label(key: str) -> str:
        return f"{entry.env_prefix}{key.upper()}" if prefix else f"{entry.name}.{key}"

    start = len(problems)
    specs = {spec.key: spec for spec in entry.fields}
    result: dict[str, str | Secret] = {}
    for key, value in values.items():
        if key == "base_url":
            continue
        spec = specs.get(key)
        if spec is None and entry.open_fields:
            result[key] = Secret(value)
            continue
        if spec is None:
            allowed = ", ".join(s.name for s in entry.fields) + ", BASE_URL"
            article = "an" if entry.title[0].lower() in "aeiou" else "a"  # an Ovok, an IMIASSIST
            problems.append(
                f"{label(key)} is not {article} {entry.title} setting (known: {allowed})"
            )
            continue
        text = value.strip() if not spec.secret else value
        if spec.check is not None:
            problem = spec.check(text)
            if problem:
                problems.append(f"{label(key)} {problem}")
                continue
        if spec.warn is not None:
            warning = spec.warn(text)
            if warning:
                logger.warning("%s %s", label(key), warning)
        result[key] = Secret(text) if spec.secret else text
    present = {k for k, v in values.items() if v}
    for spec in entry.fields:
        if spec.required and spec.key not in present:
            problems.append(f"{label(spec.key)} is missing ({entry.title} is configured)")
    if entry.validate is not None:
        for problem in entry.validate(present_values(values)):
            name, _, rest = problem.partition(" ")
            if name.lower() in specs and rest.startswith("is "):  # "FIELD is ...": name it
                problems.append(f"{label(name.lower())} {rest}")
            else:
                problems.append(f"{entry.title}: {problem}")

    base = values.get("base_url") or entry.base_url_for(
        {k: (v.reveal() if isinstance(v, Secret) else v) for k, v in result.items()}
    )
    if base is None:
        if len(problems) == start:
            problems.append(f"{label('base_url')} is missing")
        return None
    url, problem = check_base_url(base)
    if problem:
        problems.append(f"{label('base_url')} {problem}")
    if len(problems) > start:
        return None
    return ProviderSettings(entry.name, url, MappingProxyType(result))


def present_values(values: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k, v in values.items() if v}
