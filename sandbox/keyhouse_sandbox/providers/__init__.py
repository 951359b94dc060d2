"""One module per provider API; ``REGISTRY`` maps a prefix to ``module:Class``."""

from __future__ import annotations

import importlib

from keyhouse_sandbox._provider import Provider

__all__ = ["PROVIDERS", "REGISTRY", "load"]

REGISTRY: dict[str, str] = {
    "cardioexplorer": "cardioexplorer:CardioExplorer",
    "bforeai": "bforeai:BforeAI",
    "imiassist": "imiassist:Imiassist",
    "ovok": "ovok:Ovok",
    "nuxera": "nuxera:Nuxera",
    "oauth2": "oauth2:OAuth2",
}
#: The five keyhouse providers (``oauth2`` is the benchmark's standard server).
PROVIDERS: tuple[str, ...] = ("cardioexplorer", "bforeai", "imiassist", "ovok", "nuxera")


def load(name: str) -> type[Provider]:
    """The provider class of ``name`` (imports its module, and so its pydantic models)."""
    module_name, _, cls = REGISTRY[name].partition(":")
    module = importlib.import_module(f"{__name__}.{module_name}")
    provider: type[Provider] = getattr(module, cls)
    return provider
