"""One entry per provider: the only table that knows which providers exist.

An entry says where the generated client lives (distribution ``keyhouse-<name>``, import
package ``keyhouse_<name>``), the documented host, the ``KEYHOUSE_<NAME>_<FIELD>`` settings
(which are secret, which are required, how each is checked) and where the token strategy is.
Nothing here imports a provider package: ``import keyhouse`` stays light, and the generated
package is imported the first time ``kh.<name>`` is used.

Adding a sixth provider touches three places and nothing else:

1. ``specs/<name>.yaml`` (then regenerate: ``generated/<name>/`` appears);
2. ``overlays/keyhouse/providers/<name>.py``: a class with ``provider``, ``base_url``,
   ``identity``, ``cacheable``, ``key_material()``, ``obtain(previous)`` and
   ``apply(request, credential)`` (see :mod:`keyhouse._flow`) whose constructor takes a
   :class:`~keyhouse._settings.ProviderSettings`;
3. one :class:`ProviderEntry` in :data:`REGISTRY` below.

``kh.client("<name>")``, ``kh.token("<name>")``, the settings, the CLI and the demo table then
know the provider. (A typed ``kh.<name>`` property is optional sugar in ``_facade.py``; without
it ``kh.client("<name>")`` returns the client typed as ``Any``.)
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._errors import ConfigurationError

if TYPE_CHECKING:
    from ._flow import TokenStrategy
    from ._settings import ProviderSettings

__all__ = [
    "REGISTRY",
    "FieldSpec",
    "ProviderEntry",
    "ProviderNotInstalledError",
    "entry",
]


class ProviderNotInstalledError(ConfigurationError):
    """A provider is configured but its generated client package is not installed."""


def _uuid(value: str) -> str | None:
    try:
        uuid.UUID(value)
    except ValueError:
        return "must be a UUID"
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
    check: Callable[[str], str | None] | None = None

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
    #: ``"module:Class"``; the class takes a ProviderSettings and is a TokenStrategy.
    strategy: str
    #: the documented host, or a function of the settings' values (IMIASSIST) giving one
    default_base_url: str | Callable[[Mapping[str, str]], str | None]
    #: extra cross-field checks: returns problems (without the variable prefix)
    validate: Callable[[Mapping[str, str]], list[str]] | None = None

    @property
    def package(self) -> str:
        """The import package of the generated client."""
        return f"keyhouse_{self.name}"

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
        default = self.default_base_url
        return default(values) if callable(default) else default

    def build_strategy(self, settings: ProviderSettings) -> TokenStrategy:
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
        f"{name.upper()} missing (needed to build the base URL unless BASE_URL is set)"
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
                FieldSpec("CLIENT_ID", check=_uuid),
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
                FieldSpec("CLIENT_ID", check=_uuid),
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


def entry(name: str) -> ProviderEntry:
    """The registry entry of ``name``; ConfigurationError listing the known ones otherwise."""
    try:
        return REGISTRY[name]
    except KeyError:
        known = ", ".join(REGISTRY)
        raise ConfigurationError(f"unknown provider {name!r} (known: {known})") from None
