"""Settings, from ``KEYHOUSE_*`` variables or keyword arguments.

``KEYHOUSE_<PROVIDER>_<NAME>`` (the names each spec's ``x-keyhouse`` declares, and ``BASE_URL``)
configure a provider once any is set (empty counts as unset); the globals are below. Every
problem is collected and raised as ONE :class:`ConfigurationError`. ``KEYHOUSE_LOG`` switches
the loggers on (:mod:`keyhouse._events`, when the first Keyhouse is made), so it is accepted
but not a setting.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import httpx

from ._errors import ConfigurationError
from ._redact import Secret, logger, safe_url
from ._registry import REGISTRY, FieldSpec, ProviderEntry, discover
from ._registry import entry as provider_entry
from ._retry import RetryPolicy

if TYPE_CHECKING:
    from ._events import Hook

__all__ = ["ProviderSettings", "Settings", "check_base_url", "safe_cache"]

_REVOKE_ON_CLOSE = "KEYHOUSE_REVOKE_ON_CLOSE"
_GLOBALS = {
    "KEYHOUSE_CACHE",
    "KEYHOUSE_LEEWAY",
    "KEYHOUSE_TIMEOUT",
    "KEYHOUSE_LOG",
    _REVOKE_ON_CLOSE,
}
_TRUE, _FALSE = frozenset({"1", "true", "yes", "on"}), frozenset({"", "0", "false", "no", "off"})


def _is_loopback(host: str) -> bool:
    # The name itself only: "*.localhost" goes through the system's resolver and DNS.
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
    """One provider's validated settings; secret ones held as :class:`Secret`."""

    name: str
    base_url: str
    values: Mapping[str, str | Secret]

    def get(self, key: str) -> str | None:
        """A setting's plain value (secrets revealed: for the strategy that sends them)."""
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
    """Everything a :class:`~keyhouse.Keyhouse` needs; :meth:`from_env` and :meth:`build`
    validate. ``hooks`` get the token machinery's events after the default ones (logging,
    OpenTelemetry); ``revoke_on_close`` signs out of every provider used on close."""

    providers: Mapping[str, ProviderSettings] = field(default_factory=dict)
    cache: str = "memory"
    leeway: float = 60.0
    timeout: float = 30.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    hooks: tuple[Hook, ...] = ()
    revoke_on_close: bool = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read ``KEYHOUSE_*`` from ``environ`` (default: ``os.environ``)."""
        env = os.environ if environ is None else environ
        raw: dict[str, dict[str, str]] = {}
        for key, value in env.items():
            if not key.startswith("KEYHOUSE_") or key in _GLOBALS:
                continue
            upper, sep, name = key.removeprefix("KEYHOUSE_").partition("_")
            provider = upper.lower()
            offered = sep and upper == provider.upper() and provider in REGISTRY
            if not (offered or (name and discover(provider))):
                logger.debug("ignoring unknown setting %s", key)
            elif value.strip():
                raw.setdefault(provider, {})[name.lower()] = value
        order = {name: n for n, name in enumerate(REGISTRY)}  # offered ones first
        raw = dict(sorted(raw.items(), key=lambda item: order.get(item[0], len(order))))
        return cls._parse(raw, [], env, prefix=True)

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
            if name in REGISTRY or discover(name) is not None:
                raw[name] = {k.lower(): v for k, v in values.items() if v is not None and str(v)}
            else:
                problems.append(f"unknown provider {name!r} (known: {', '.join(REGISTRY)})")
        given = {"KEYHOUSE_CACHE": cache, "KEYHOUSE_LEEWAY": leeway, "KEYHOUSE_TIMEOUT": timeout}
        given[_REVOKE_ON_CLOSE] = revoke_on_close
        settings = cls._parse(raw, problems, given, prefix=False, retry=retry)
        hooks = tuple(hooks)
        if not all(callable(hook) for hook in hooks):
            raise ConfigurationError("Settings.build: every hook must be callable with an event")
        return dataclasses.replace(settings, hooks=hooks) if hooks else settings

    @classmethod
    def _parse(
        cls,
        raw: Mapping[str, Mapping[str, str]],
        problems: list[str],
        given: Mapping[str, Any],  # the globals by variable name
        *,
        prefix: bool,
        retry: RetryPolicy | None = None,
    ) -> Settings:
        providers = {
            name: parsed
            for name, values in raw.items()
            if (parsed := _provider(provider_entry(name), values, problems, prefix=prefix))
        }
        settings = cls(
            providers=MappingProxyType(providers),
            cache=_check_cache((given.get("KEYHOUSE_CACHE") or "memory").strip(), problems),
            leeway=_number("KEYHOUSE_LEEWAY", given, 60.0, problems, allow_zero=True),
            timeout=_number("KEYHOUSE_TIMEOUT", given, 30.0, problems, allow_zero=False),
            retry=retry if retry is not None else RetryPolicy(),
            revoke_on_close=_flag(_REVOKE_ON_CLOSE, given.get(_REVOKE_ON_CLOSE), problems),
        )
        if problems:
            raise ConfigurationError(problems)
        return settings

    def __repr__(self) -> str:
        return (
            f"Settings(providers={sorted(self.providers)}, cache={safe_cache(self.cache)!r}, "
            f"leeway={self.leeway}, timeout={self.timeout}"
            + (", revoke_on_close=True)" if self.revoke_on_close else ")")
        )


def safe_cache(spec: str) -> str:
    """``KEYHOUSE_CACHE`` fit to print: ``memory`` and a file path (``file:`` in any case)
    whole; anything else (a Redis URL, well formed or not, ``host:6380,password=…``) without
    its secrets, or its scheme only."""
    return spec if spec == "memory" or spec[:5].lower() == "file:" else safe_url(spec)


def _number(
    label: str, given: Mapping[str, Any], default: float, problems: list[str], *, allow_zero: bool
) -> float:
    value = given.get(label)
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


def _flag(label: str, value: Any, problems: list[str]) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    text = str(value).strip().lower()
    if text not in _TRUE | _FALSE:
        problems.append(f"{label} must be 1/true/yes/on or 0/false/no/off, got {str(value)[:20]!r}")
    return text in _TRUE


def _check_cache(spec: str, problems: list[str]) -> str:
    if spec.startswith("file:") and not spec[len("file:") :].lstrip("/"):
        problems.append("KEYHOUSE_CACHE: file: needs a path, e.g. file:~/.keyhouse/tokens.json")
    elif not (spec == "memory" or spec.startswith(("file:", "redis://", "rediss://", "unix://"))):
        problems.append(
            f"KEYHOUSE_CACHE must be 'memory', 'file:PATH' or a redis:// URL, "
            f"got {safe_cache(spec)[:40]!r}"
        )
    return spec


def _provider(
    entry: ProviderEntry, values: Mapping[str, str], problems: list[str], *, prefix: bool
) -> ProviderSettings | None:
    def label(key: str) -> str:
        return f"{entry.env_prefix}{key.upper()}" if prefix else f"{entry.name}.{key}"

    start = len(problems)
    specs = {spec.key: spec for spec in entry.fields}
    plain: dict[str, str] = {}
    result: dict[str, str | Secret] = {}
    for key, value in values.items():
        spec = specs.get(key) or (FieldSpec(key, secret=True) if entry.open_fields else None)
        if key == "base_url":
            continue
        if spec is None:  # open_fields: the package declaring them is absent, so all are kept
            allowed = ", ".join(s.name for s in entry.fields) + ", BASE_URL"
            article = "an" if entry.title[0].lower() in "aeiou" else "a"  # an Ovok, an IMIASSIST
            problems.append(
                f"{label(key)} is not {article} {entry.title} setting (known: {allowed})"
            )
            continue
        text = value if spec.secret else value.strip()
        if problem := spec.check(text):
            problems.append(f"{label(key)} {problem}")
            continue
        if warning := spec.warn(text):
            logger.warning("%s %s", label(key), warning)
        plain[key] = text
        result[key] = Secret(text) if spec.secret else text
    present = {k: v for k, v in values.items() if v}
    problems += [
        f"{label(spec.key)} is missing ({entry.title} is configured)"
        for spec in entry.fields
        if spec.required and spec.key not in present
    ]
    for problem in entry.validate(present):
        name, _, rest = problem.partition(" ")
        if name.lower() in specs and rest.startswith("is "):  # "FIELD is ...": name it
            problems.append(f"{label(name.lower())} {rest}")
        else:
            problems.append(f"{entry.title}: {problem}")
    base = values.get("base_url") or entry.base_url_for(plain)
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
