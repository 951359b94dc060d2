"""One entry per provider: the table keyhouse's settings, CLI and facade learn providers from.

An entry says where the generated client lives (distribution ``keyhouse-<name>``, import
package ``keyhouse_<name>``), the documented host, the ``KEYHOUSE_<NAME>_<FIELD>`` settings
(which are secret, which are required, how each is checked) and where the token strategy is.
Nothing here imports a provider package: ``import keyhouse`` stays light, and the generated
package is imported the first time ``kh.<name>`` is used.

A provider with its own login dance takes these places in keyhouse:

1. ``specs/<name>.yaml``, and ``<name>`` in ``PROVIDERS`` of ``codegen/generate.py`` (then
   ``python3 dev.py -s generate -- <name>``: ``generated/<name>/`` appears);
2. ``overlays/keyhouse/providers/<name>.py``: a class with ``provider``, ``base_url``,
   ``identity``, ``cacheable``, ``key_material()``, ``obtain(previous)``,
   ``apply(request, credential)`` and, if the provider can sign out, ``revoke(credential)``
   (see :mod:`keyhouse._flow`) whose constructor takes a
   :class:`~keyhouse._settings.ProviderSettings`;
3. one :class:`ProviderEntry` in :data:`REGISTRY` below;
4. for the type checker, in ``_facade.py``: the name in ``ProviderName``, a ``client``
   overload and a ``kh.<name>`` property returning the generated client class
   (``keyhouse_<name>.<Name>``, see :attr:`ProviderEntry.client_class`);
   tests/overlay/test_resources.py checks ``ProviderName`` against this table.

The settings, the CLI and ``kh.client("<name>")`` then know the provider. To test it against
the sandbox, the sandbox needs it too (``keyhouse_sandbox/providers/<name>.py``, its entry
there and its demo credentials; a flow in ``keyhouse_sandbox/demo.py`` for ``keyhouse demo``).

A provider whose spec's only auth is a standard OAuth2 client-credentials flow needs none of
that: its generated package carries the spec's auth facts (``auth.json``) and :func:`discover`
builds its entry (settings ``CLIENT_ID``, ``CLIENT_SECRET``, optional ``SCOPE``; the first
server as the default base URL; :mod:`keyhouse.providers.oauth2` as the strategy).
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import re
import uuid
from collections.abc import Callable, Mapping
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
    #: ``"module:Class"`` (or a callable): takes a ProviderSettings, gives a TokenStrategy.
    strategy: str | Callable[[ProviderSettings], TokenStrategy]
    #: the documented host, or a function of the settings' values (IMIASSIST) giving one
    default_base_url: str | Callable[[Mapping[str, str]], str | None]
    #: extra cross-field checks: returns problems (without the variable prefix)
    validate: Callable[[Mapping[str, str]], list[str]] | None = None

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
        if callable(self.strategy):
            return self.strategy(settings)
        module_name, _, attr = self.strategy.partition(":")
        module = importlib.import_module(module_name)
        factory: Callable[[ProviderSettings], TokenStrategy] = getattr(module, attr)
        return factory(settings)


# --- per-provider checks ------------------------------------------------------------------------


def _bforeai_validate(values: Mapping[str, str]) -> list[str]:
    has_login = "username" in values or "password" in values
    if "api_key" in values:
        if has_login:
            return ["set either USERNAME and PASSWORD, or API_KEY, not both"]
        return []
    missing = [name for name in ("username", "password") if name not in values]
    if missing:
        names = " and ".join(m.upper() for m in missing)
        return [f"{names} missing (set USERNAME and PASSWORD, or API_KEY)"]
    return []


def _imiassist_url(values: Mapping[str, str]) -> str | None:
    subdomain, domain = values.get("subdomain"), values.get("domain")
    if subdomain and domain:
        return f"https://{subdomain}.{domain}"
    return None


def _imiassist_validate(values: Mapping[str, str]) -> list[str]:
    if "base_url" in values:
        return []
    return [
        f"{name.upper()} is missing (needed to build the base URL unless BASE_URL is set)"
        for name in ("subdomain", "domain")
        if name not in values
    ]


REGISTRY: dict[str, ProviderEntry] = {
    entry.name: entry
    for entry in (
        ProviderEntry(
            name="cardioexplorer",
            title="CardioExplorer",
            fields=(
                FieldSpec("CLIENT_ID", warn=_not_uuid),
                FieldSpec("CLIENT_SECRET", secret=True),
                FieldSpec("SCOPE", required=False),
            ),
            strategy="keyhouse.providers.cardioexplorer:CardioExplorerStrategy",
            default_base_url="https://api.cardioexplorer.ai",
        ),
        ProviderEntry(
            name="bforeai",
            title="bfore.ai PreCrime",
            fields=(
                FieldSpec("USERNAME", required=False),
                FieldSpec("PASSWORD", secret=True, required=False),
                FieldSpec("API_KEY", secret=True, required=False),
            ),
            strategy="keyhouse.providers.bforeai:BforeAIStrategy",
            default_base_url="https://api.bfore.ai",
            validate=_bforeai_validate,
        ),
        ProviderEntry(
            name="imiassist",
            title="IMIASSIST",
            fields=(
                FieldSpec("SUBDOMAIN", required=False, check=_hostname),
                FieldSpec("DOMAIN", required=False, check=_hostname),
                FieldSpec("EMAIL"),
                FieldSpec("PASSWORD", secret=True),
            ),
            strategy="keyhouse.providers.imiassist:ImiassistStrategy",
            default_base_url=_imiassist_url,
            validate=_imiassist_validate,
        ),
        ProviderEntry(
            name="ovok",
            title="Ovok",
            fields=(
                FieldSpec("EMAIL"),
                FieldSpec("PASSWORD", secret=True),
                FieldSpec("CLIENT_ID", warn=_not_uuid),
            ),
            strategy="keyhouse.providers.ovok:OvokStrategy",
            default_base_url="https://api.sandbox.ovok.com",
        ),
        ProviderEntry(
            name="nuxera",
            title="Nuxera AI",
            fields=(
                FieldSpec("USERNAME"),
                FieldSpec("PASSWORD", secret=True),
                FieldSpec("API_KEY", secret=True, required=False),
            ),
            strategy="keyhouse.providers.nuxera:NuxeraStrategy",
            default_base_url="https://api.nuxera.ai",
        ),
    )
}


_NAME = re.compile(r"[a-z][a-z0-9]{0,39}")


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


def discover(name: str) -> ProviderEntry | None:
    """An entry for an installed ``keyhouse_<name>`` whose spec declares only an OAuth2
    client-credentials flow (its ``auth.json``); ``None`` for anything else. Imports nothing."""
    if not _NAME.fullmatch(name):
        return None
    try:
        found = importlib.util.find_spec(f"keyhouse_{name}")
    except (ImportError, ValueError):
        return None
    if found is None or not found.submodule_search_locations:
        return None
    try:
        text = (Path(next(iter(found.submodule_search_locations))) / "auth.json").read_text()
        auth = json.loads(text)
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    token_url = _client_credentials_url(auth) if isinstance(auth, dict) else None
    if token_url is None:
        return None
    servers = [s for s in auth.get("servers") or [] if isinstance(s, str)]

    def strategy(settings: ProviderSettings) -> TokenStrategy:
        module = importlib.import_module("keyhouse.providers.oauth2")  # as build_strategy does
        built: TokenStrategy = module.ClientCredentialsStrategy(settings, token_url)
        return built

    title = auth.get("title")
    return ProviderEntry(
        name=name,
        title=title if isinstance(title, str) and title else name,
        fields=(
            FieldSpec("CLIENT_ID"),
            FieldSpec("CLIENT_SECRET", secret=True),
            FieldSpec("SCOPE", required=False),
        ),
        strategy=strategy,
        default_base_url=servers[0] if servers else (lambda values: None),
    )


def entry(name: str) -> ProviderEntry:
    """The entry of ``name`` (the table above, else :func:`discover`); ConfigurationError
    listing the known ones otherwise."""
    found = REGISTRY.get(name) or discover(name)
    if found is None:
        known = ", ".join(REGISTRY)
        raise ConfigurationError(f"unknown provider {name!r} (known: {known})")
    return found
