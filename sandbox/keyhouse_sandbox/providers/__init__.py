"""One module per provider API, named for the provider, holding its :class:`Provider`.

The providers are the specs packaged with ``keyhouse-models`` (one per ``specs/<name>.yaml``):
nothing here lists them. ``oauth2`` is the benchmark's and the sixth-provider test's standard
OAuth2 server, served beside them.
"""

from __future__ import annotations

import importlib
import importlib.resources

from keyhouse_sandbox._provider import Provider

__all__ = ["PROVIDERS", "REGISTRY", "load"]

#: The keyhouse providers: the specs ``keyhouse-models`` ships.
PROVIDERS: tuple[str, ...] = tuple(
    sorted(
        entry.name.removesuffix(".json")
        for entry in (importlib.resources.files("keyhouse_models") / "specs").iterdir()
        if entry.name.endswith(".json")
    )
)
#: Everything the sandbox can serve.
REGISTRY: tuple[str, ...] = (*PROVIDERS, "oauth2")


def load(name: str) -> type[Provider]:
    """The provider class of ``name`` (imports its module, and so its pydantic models)."""
    module = importlib.import_module(f"{__name__}.{name}")
    for value in vars(module).values():
        if (
            isinstance(value, type)
            and issubclass(value, Provider)
            and getattr(value, "name", None) == name
        ):
            return value
    raise LookupError(f"keyhouse_sandbox.providers.{name} has no Provider named {name!r}")
