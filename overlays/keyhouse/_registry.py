"""The providers keyhouse knows, each read from its generated package's ``auth.json``.

An entry says where the generated client lives (distribution ``keyhouse-<name>``, import
package ``keyhouse_<name>``), the documented host, the ``KEYHOUSE_<NAME>_<FIELD>`` settings
(which are secret, which are required, how each is checked) and how to build its token
strategy. All of it comes from the spec's ``x-keyhouse`` block (specs/CONVENTIONS.md), which
``codegen/auth_facts.py`` compiles into the package's ``auth.json``; the strategy is
:class:`keyhouse.providers.declared.DeclaredStrategy`. A spec without that block whose only auth
is a standard OAuth2 client-credentials flow gets :mod:`keyhouse.providers.oauth2`.

Nothing here imports a provider package: ``auth.json`` is read from where the package would be
imported from, so ``import keyhouse`` stays light. :data:`REGISTRY` lists the providers keyhouse
offers as extras (``keyhouse[ovok]``); :func:`discover` finds any other installed package with
an ``auth.json`` by name. Adding a provider is therefore ``specs/<name>.yaml``, a regeneration,
and its extra in ``pyproject.toml`` (README, "Adding a provider").
"""

from __future__ import annotations

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

__all__ = [
    "REGISTRY",
    "FieldSpec",
    "ProviderEntry",
    "discover",
    "entry",
]


def _not_uuid(value: str) -> str | None:
    """A warning for client ids of another shape: the documents' examples are UUIDs, but no
    page says a client id must be one, so another shape is sent as given."""
    try:
        uuid.UUID(value)
    except ValueError:
        return "is not a UUID like the documented examples; sent as given"
    return None


_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")


def _hostname(value: str) -> str | None:
    labels = value.split(".")
    if all(_LABEL.match(label) for label in labels):
        return None
    return "must be a host name (letters, digits, hyphens and dots)"


@dataclass(frozen=True)
class FieldSpec:
    """One ``KEYHOUSE_<PROVIDER>_<NAME>`` setting. ``name`` is upper case (``CLIENT_ID``)."""

    name: str
    secret: bool = False
    required: bool = True
    #: a problem with the value (refused, listed in the ConfigurationError), or None
    check: Callable[[str], str | None] | None = None
    #: something unusual about the value that the documents do not rule out: logged as a
    #: warning, the value is used
    warn: Callable[[str], str | None] | None = None

    @property
    def key(self) -> str:
        """The lower-case field name settings and strategies use (``client_id``)."""
        return self.name.lower()


@dataclass(frozen=True)
class ProviderEntry:
    """Everything keyhouse needs to know about one provider, without importing it."""

    name: str
    title: str
    fields: tuple[FieldSpec, ...]
    #: takes a ProviderSettings, gives a TokenStrategy (importing its module only then)
    strategy: Callable[[ProviderSettings], TokenStrategy]
    #: the documented host, or a function of the settings' values (IMIASSIST) giving one
    default_base_url: str | Callable[[Mapping[str, str]], str | None]
    #: extra cross-field checks: returns problems (without the variable prefix)
    validate: Callable[[Mapping[str, str]], list[str]] | None = None
    #: fields unknown (the client package, which declares them, is not installed): any
    #: setting is kept, as a secret, until the provider is used
    open_fields: bool = False

    @property
    def package(self) -> str:
        """The import package of the generated client."""
        return f"keyhouse_{self.name}"

    @property
    def client_class(self) -> str:
        """The resource client class in :attr:`package` (``Ovok``; codegen's package_init)."""
        return self.name.capitalize()

    @property
    def distribution(self) -> str:
        """The distribution to install for the generated client."""
        return f"keyhouse-{self.name}"

    @property
    def extra(self) -> str:
        """The pip requirement that installs it with keyhouse, bounded to a compatible major
        version (the ``keyhouse[<name>]`` extra)."""
        return f'"keyhouse[{self.name}]"'

    @property
    def source(self) -> str:
        """Where the generated client lives in the repository."""
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
            if exc.name is not None and exc.name != self.package:
                raise  # the package is there but one of its dependencies is not
            raise ProviderNotInstalledError(
                f"{self.title} is configured but its client package {self.package!r} is not "
                f"installed: pip install {self.extra} (from a checkout: "
                f"pip install {self.source})"
            ) from None

    def base_url_for(self, values: Mapping[str, str]) -> str | None:
        """The documented base URL for these settings' values, if one can be built."""
        default = self.default_base_url
        return default(values) if callable(default) else default

    def build_strategy(self, settings: ProviderSettings) -> TokenStrategy:
        """The provider's token strategy for ``settings``."""
        return self.strategy(settings)


# --- entries from the generated packages' auth.json ----------------------------------------------

_CHECKS: dict[str, Callable[[str], str | None]] = {"hostname": _hostname, "uuid": _not_uuid}
_NAME = re.compile(r"[a-z][a-z0-9]{0,39}")
_NOT_PROVIDERS = frozenset({"redis", "otel", "all"})


def _read_auth(name: str) -> dict[str, Any] | None:
    """``keyhouse_<name>/auth.json`` of an installed package, found without importing it."""
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
            (Path(next(iter(found.submodule_search_locations))) / "auth.json").read_text()
        )
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return auth if isinstance(auth, dict) else None


def _client_credentials_url(auth: Mapping[str, Any]) -> str | None:
    """The token URL when every scheme the spec requires is OAuth2 client credentials."""
    schemes = auth.get("securitySchemes")
    requirements = auth.get("security")
    if not isinstance(schemes, dict) or not isinstance(requirements, list) or not requirements:
        return None
    urls: set[str] = set()
    for requirement in requirements:
        if not isinstance(requirement, dict) or not requirement:
            return None
        for scheme_name in requirement:
            scheme = schemes.get(scheme_name)
            flow = (scheme or {}).get("flows", {}).get("clientCredentials") if scheme else None
            if not (isinstance(scheme, dict) and scheme.get("type") == "oauth2"):
                return None
            if not isinstance(flow, dict) or not isinstance(flow.get("tokenUrl"), str):
                return None
            urls.add(flow["tokenUrl"])
    return urls.pop() if len(urls) == 1 else None


def _base_url(auth: Mapping[str, Any]) -> str | Callable[[Mapping[str, str]], str | None]:
    """The first server; one with variables is built from the settings of the same names
    (their spec defaults are an example company's, never used)."""
    servers = [s for s in auth.get("servers") or [] if isinstance(s, str)]
    variables = list(auth.get("serverVariables") or {})
    if not servers:
        return lambda values: None
    if not variables:
        return servers[0]
    template = servers[0]

    def build(values: Mapping[str, str]) -> str | None:
        if not all(values.get(v.lower()) for v in variables):
            return None
        return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1).lower()], template)

    return build


def _validate(
    groups: list[list[str]], variables: list[str]
) -> Callable[[Mapping[str, str]], list[str]]:
    def validate(values: Mapping[str, str]) -> list[str]:
        problems = [
            f"{name.upper()} is missing (needed to build the base URL unless BASE_URL is set)"
            for name in variables
            if "base_url" not in values and name.lower() not in values
        ]
        if groups and not any(all(n.lower() in values for n in g) for g in groups):
            wanted = ", or ".join(" and ".join(g) for g in groups)
            problems.append(f"set {wanted}")
        for group in groups:
            given = [n for n in group if n.lower() in values]
            if given and len(given) < len(group):
                missing = " and ".join(n for n in group if n not in given)
                problems.append(f"{missing} missing ({' and '.join(given)} is set)")
        return problems

    return validate


def _entry_from(name: str, auth: Mapping[str, Any]) -> ProviderEntry | None:
    facts = auth.get("keyhouse")
    title = auth.get("title")
    title = title.removesuffix(" API") if isinstance(title, str) and title else name
    if isinstance(facts, dict):

        def declared(settings: ProviderSettings) -> TokenStrategy:
            module = importlib.import_module("keyhouse.providers.declared")
            built: TokenStrategy = module.DeclaredStrategy(settings, auth)
            return built

        fields = tuple(
            FieldSpec(
                s["name"],
                secret=bool(s.get("secret")),
                required=s.get("required", True),
                check=_CHECKS.get(s.get("check", "")),
                warn=_CHECKS.get(s.get("warn", "")),
            )
            for s in facts.get("settings") or []
        )
        variables = list(auth.get("serverVariables") or {})
        groups = [list(g) for g in facts.get("anyOf") or []]
        return ProviderEntry(
            name=name,
            title=title,
            fields=fields,
            strategy=declared,
            default_base_url=_base_url(auth),
            validate=_validate(groups, variables) if groups or variables else None,
        )
    token_url = _client_credentials_url(auth)
    if token_url is None:
        return None

    def standard(settings: ProviderSettings) -> TokenStrategy:
        module = importlib.import_module("keyhouse.providers.oauth2")  # on first use only
        built: TokenStrategy = module.ClientCredentialsStrategy(settings, token_url)
        return built

    return ProviderEntry(
        name=name,
        title=title,
        fields=(
            FieldSpec("CLIENT_ID"),
            FieldSpec("CLIENT_SECRET", secret=True),
            FieldSpec("SCOPE", required=False),
        ),
        strategy=standard,
        default_base_url=_base_url(auth),
    )


def discover(name: str) -> ProviderEntry | None:
    """The entry of an installed ``keyhouse_<name>`` from its ``auth.json`` (its spec's
    ``x-keyhouse`` block, or a standard OAuth2 client-credentials flow); ``None`` otherwise.
    Imports nothing."""
    auth = _read_auth(name)
    return _entry_from(name, auth) if auth is not None else None


def _not_installed(name: str) -> ProviderEntry:
    """A provider keyhouse offers (an extra) whose client is not installed: any settings are
    kept, and using it raises ProviderNotInstalledError naming what to install."""

    def missing(settings: ProviderSettings) -> TokenStrategy:
        raise AssertionError("unreachable: the package import fails first")

    return ProviderEntry(
        name, name, (), missing, lambda values: f"https://{name}.invalid", open_fields=True
    )


def _offered() -> tuple[str, ...]:
    """The providers keyhouse offers: its distribution's extras (pyproject.toml, which
    tests/test_providers_list.py checks against specs/)."""
    import importlib.metadata  # imports email: only when the list is first needed

    try:
        extras = importlib.metadata.metadata("keyhouse").get_all("Provides-Extra") or []
    except importlib.metadata.PackageNotFoundError:
        extras = []
    return tuple(e for e in extras if e not in _NOT_PROVIDERS)


class _Registry(Mapping[str, ProviderEntry]):
    """The offered providers by name, each read from its package's auth.json on first use."""

    def __init__(self) -> None:
        self._entries: dict[str, ProviderEntry] = {}
        self._names: tuple[str, ...] | None = None

    def _all(self) -> tuple[str, ...]:
        if self._names is None:
            self._names = _offered()
        return self._names

    def __getitem__(self, name: str) -> ProviderEntry:
        found = self._entries.get(name)
        if found is None:
            if name not in self._all():
                raise KeyError(name)
            found = discover(name) or _not_installed(name)
            self._entries[name] = found
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


REGISTRY: Mapping[str, ProviderEntry] = _Registry()


def entry(name: str) -> ProviderEntry:
    """The entry of ``name`` (the table above, else :func:`discover`); ConfigurationError
    listing the known ones otherwise."""
    found = REGISTRY.get(name) or discover(name)
    if found is None:
        known = ", ".join(REGISTRY)
        raise ConfigurationError(f"unknown provider {name!r} (known: {known})")
    return found
