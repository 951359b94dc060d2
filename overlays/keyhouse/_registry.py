"""The providers keyhouse knows, each read from its generated package's ``auth.json``.

``codegen/auth_facts.py`` compiles a spec's ``x-keyhouse`` block (specs/CONVENTIONS.md) into
that file: settings, host, how tokens are obtained (:mod:`keyhouse.providers.declared`). A spec
without the block whose only auth is OAuth2 client credentials gets
:mod:`keyhouse.providers.oauth2`. ``auth.json`` is read from where the package would be imported
from, importing nothing: ``import keyhouse`` stays light. :data:`REGISTRY` holds the providers
offered as extras (``keyhouse[ovok]``); :func:`discover` finds any other installed one by name.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import json
import re
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._errors import ConfigurationError, ProviderNotInstalledError

if TYPE_CHECKING:
    from ._flow import TokenStrategy
    from ._settings import ProviderSettings

__all__ = ["REGISTRY", "FieldSpec", "ProviderEntry", "discover", "entry"]


def _not_uuid(value: str) -> str | None:
    # The documents' client ids are UUIDs, but no page says they must be: warned, then sent.
    try:
        uuid.UUID(value)
    except ValueError:
        return "is not a UUID like the documented examples; sent as given"
    return None


_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")


def _hostname(value: str) -> str | None:
    if all(_LABEL.match(label) for label in value.split(".")):
        return None
    return "must be a host name (letters, digits, hyphens and dots)"


def _fine(value: str) -> None:
    return None


_CHECKS: dict[str, Callable[[str], str | None]] = {"hostname": _hostname, "uuid": _not_uuid}


def _cross_checks(
    groups: list[list[str]], variables: list[str], values: Mapping[str, str]
) -> list[str]:
    """Server variables to build the base URL from, ``anyOf`` groups set whole."""
    problems = [
        f"{name.upper()} is missing (needed to build the base URL unless BASE_URL is set)"
        for name in variables
        if "base_url" not in values and name.lower() not in values
    ]
    if groups and not any(all(n.lower() in values for n in g) for g in groups):
        problems.append(f"set {', or '.join(' and '.join(g) for g in groups)}")
    for group in groups:
        given = [n for n in group if n.lower() in values]
        if given and len(given) < len(group):
            missing = " and ".join(n for n in group if n not in given)
            problems.append(f"{missing} missing ({' and '.join(given)} is set)")
    return problems


@dataclass(frozen=True)
class FieldSpec:
    """One ``KEYHOUSE_<PROVIDER>_<NAME>`` setting (``name`` upper case). ``check`` returns a
    problem (refused); ``warn`` something the documents do not rule out (logged, then used)."""

    name: str
    secret: bool = False
    required: bool = True
    check: Callable[[str], str | None] = _fine
    warn: Callable[[str], str | None] = _fine

    @property
    def key(self) -> str:
        """The lower-case name settings and strategies use (``client_id``)."""
        return self.name.lower()


@dataclass(frozen=True)
class ProviderEntry:
    """One provider, known without importing it. ``default_base_url`` is the documented host or
    builds it from the settings (IMIASSIST); ``validate`` returns cross-field problems;
    ``open_fields``: the package declaring the fields is absent, so every setting is kept."""

    name: str
    title: str
    fields: tuple[FieldSpec, ...]
    build_strategy: Callable[[ProviderSettings], TokenStrategy]  # imports its module only then
    default_base_url: str | Callable[[Mapping[str, str]], str | None]
    validate: Callable[[Mapping[str, str]], list[str]]
    open_fields: bool = False

    @property
    def package(self) -> str:
        return f"keyhouse_{self.name}"

    @property
    def distribution(self) -> str:
        return f"keyhouse-{self.name}"

    @property
    def extra(self) -> str:
        """The pip requirement with keyhouse, bounded to a compatible major version."""
        return f'"keyhouse[{self.name}]"'

    @property
    def source(self) -> str:
        return f"generated/{self.name}"

    @property
    def env_prefix(self) -> str:
        return f"KEYHOUSE_{self.name.upper()}_"

    def installed(self) -> bool:
        """Whether the generated client can be imported (without importing it)."""
        try:
            return importlib.util.find_spec(self.package) is not None
        except (ImportError, ValueError):
            return False

    def import_package(self) -> Any:
        """The generated package; ProviderNotInstalledError names what to install."""
        try:
            return importlib.import_module(self.package)
        except ImportError as exc:
            broken = exc.name not in (None, self.package)  # it is there, one of its imports not
            why = f"cannot import {exc.name!r}" if broken else "is not installed"
            raise ProviderNotInstalledError(
                f"{self.title} is configured but its client package {self.package!r} {why}: "
                f"pip install {self.extra} (from a checkout: pip install {self.source})"
            ) from (exc if broken else None)

    def base_url_for(self, values: Mapping[str, str]) -> str | None:
        """The documented base URL for these settings' values, if one can be built."""
        default = self.default_base_url
        return default(values) if callable(default) else default


_NAME = re.compile(r"[a-z][a-z0-9]{0,39}")
_NOT_PROVIDERS = frozenset({"redis", "otel", "all"})
_CLIENT_CREDENTIALS: dict[str, Any] = {  # the settings of RFC 6749 §4.4
    "settings": [
        {"name": "CLIENT_ID"},
        {"name": "CLIENT_SECRET", "secret": True},
        {"name": "SCOPE", "required": False},
    ]
}


def _read_auth(name: str) -> dict[str, Any] | None:
    if not _NAME.fullmatch(name):
        return None
    try:
        found = importlib.util.find_spec(f"keyhouse_{name}")
    except (ImportError, ValueError):
        return None
    if found is None or not found.submodule_search_locations:
        return None
    try:
        auth = json.loads(
            Path(next(iter(found.submodule_search_locations)), "auth.json").read_text()
        )
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return auth if isinstance(auth, dict) else None


def _client_credentials_url(auth: Mapping[str, Any]) -> str | None:
    """The token URL when every scheme the spec requires is OAuth2 client credentials."""
    schemes, requirements = auth.get("securitySchemes"), auth.get("security")
    if not isinstance(schemes, dict) or not isinstance(requirements, list) or not requirements:
        return None
    urls: set[str] = set()
    for requirement in requirements:
        if not isinstance(requirement, dict) or not requirement:
            return None
        for scheme_name in requirement:
            scheme = schemes.get(scheme_name)
            if not (isinstance(scheme, dict) and scheme.get("type") == "oauth2"):
                return None
            flow = scheme.get("flows", {}).get("clientCredentials")
            if not isinstance(flow, dict) or not isinstance(flow.get("tokenUrl"), str):
                return None
            urls.add(flow["tokenUrl"])
    return urls.pop() if len(urls) == 1 else None


def _base_url(auth: Mapping[str, Any]) -> str | Callable[[Mapping[str, str]], str | None]:
    """The first server; one with variables is built from the settings of those names (the
    spec's defaults are an example company's, never used)."""
    servers = [s for s in auth.get("servers") or [] if isinstance(s, str)]
    variables = list(auth.get("serverVariables") or {})
    if servers and not variables:
        return servers[0]

    def build(values: Mapping[str, str]) -> str | None:
        if not servers or not all(values.get(v.lower()) for v in variables):
            return None
        return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1).lower()], servers[0])

    return build


def _strategy(module: str, cls: str, fact: Any, settings: ProviderSettings) -> TokenStrategy:
    found = importlib.import_module(f"keyhouse.providers.{module}")  # on first use only
    built: TokenStrategy = getattr(found, cls)(settings, fact)
    return built


def _entry_from(name: str, auth: Mapping[str, Any]) -> ProviderEntry | None:
    facts, variables = auth.get("keyhouse"), list(auth.get("serverVariables") or {})
    if isinstance(facts, dict):
        strategy = functools.partial(_strategy, "declared", "DeclaredStrategy", auth)
    elif (token_url := _client_credentials_url(auth)) is not None:
        strategy = functools.partial(_strategy, "oauth2", "ClientCredentialsStrategy", token_url)
        facts, variables = _CLIENT_CREDENTIALS, []
    else:
        return None
    fields = tuple(
        FieldSpec(
            s["name"],
            secret=bool(s.get("secret")),
            required=s.get("required", True),
            check=_CHECKS.get(s.get("check", ""), _fine),
            warn=_CHECKS.get(s.get("warn", ""), _fine),
        )
        for s in facts.get("settings") or []
    )
    groups = [list(g) for g in facts.get("anyOf") or []]
    title = auth.get("title")
    title = title.removesuffix(" API") if isinstance(title, str) and title else name
    checks = functools.partial(_cross_checks, groups, variables)
    return ProviderEntry(name, title, fields, strategy, _base_url(auth), checks)


def discover(name: str) -> ProviderEntry | None:
    """The entry of an installed ``keyhouse_<name>`` from its ``auth.json``, else ``None``."""
    auth = _read_auth(name)
    return _entry_from(name, auth) if auth is not None else None


def _not_installed(name: str) -> ProviderEntry:
    """An offered provider without its client: settings are kept, use names what to install."""

    def missing(settings: ProviderSettings) -> TokenStrategy:
        found.import_package()  # ProviderNotInstalledError naming what to install
        raise ConfigurationError(  # installed after all
            f"the client package {found.package!r} declares no way to obtain {name} tokens (its "
            f"auth.json is missing, unreadable or of no known kind): pip install {found.extra}"
        )

    unchecked = functools.partial(_cross_checks, [], [])
    url = f"https://{name}.invalid"
    found = ProviderEntry(name, name, (), missing, lambda values: url, unchecked, open_fields=True)
    return found


class _Registry(Mapping[str, ProviderEntry]):
    """The offered providers: keyhouse's extras (tests/test_providers_list.py checks them
    against specs/), each entry read on first use."""

    def __init__(self) -> None:
        self._entries: dict[str, ProviderEntry] = {}

    @functools.cached_property
    def _names(self) -> tuple[str, ...]:
        import importlib.metadata  # imports email: only when the list is first needed

        try:
            extras = importlib.metadata.metadata("keyhouse").get_all("Provides-Extra") or []
        except importlib.metadata.PackageNotFoundError:
            extras = []
        return tuple(e for e in extras if e not in _NOT_PROVIDERS)

    def __getitem__(self, name: str) -> ProviderEntry:
        if name not in self._entries:
            if name not in self._names:
                raise KeyError(name)
            self._entries[name] = discover(name) or _not_installed(name)
        return self._entries[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


REGISTRY: Mapping[str, ProviderEntry] = _Registry()


def entry(name: str) -> ProviderEntry:
    """The entry of ``name`` (offered or discovered); ConfigurationError listing the known."""
    found = REGISTRY.get(name) or discover(name)
    if found is None:
        raise ConfigurationError(f"unknown provider {name!r} (known: {', '.join(REGISTRY)})")
    return found
