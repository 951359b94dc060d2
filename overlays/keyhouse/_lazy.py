"""``asyncio`` imported on first use, so that ``import keyhouse`` does not pay for it.

asyncio (and the subprocess, signal and selector modules it pulls in) is most of what
``import keyhouse`` would add to ``import httpx``, and a synchronous program never needs it.
A module writes::

    if TYPE_CHECKING:
        import asyncio
    else:
        asyncio = lazy_module("asyncio", globals())

The first attribute read imports the real module and rebinds the module's global name to it,
so later reads cost nothing extra.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["lazy_module"]


class _Lazy:
    __slots__ = ("_name", "_namespace")

    def __init__(self, name: str, namespace: dict[str, Any]) -> None:
        self._name = name
        self._namespace = namespace

    def __getattr__(self, attr: str) -> Any:
        module = importlib.import_module(self._name)
        for key, value in list(self._namespace.items()):
            if value is self:
                self._namespace[key] = module
        return getattr(module, attr)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


def lazy_module(name: str, namespace: dict[str, Any]) -> Any:
    """A stand-in for module ``name`` in ``namespace`` (a module's ``globals()``)."""
    return _Lazy(name, namespace)
