"""``asyncio`` (and the subprocess, signal and selector modules it pulls in) imported on first
use: most of what ``import keyhouse`` would add to ``import httpx``, and never needed by a
synchronous program. A module writes ``asyncio = lazy_module("asyncio", globals())`` (under
``if not TYPE_CHECKING``); the first attribute read imports it and rebinds the global."""

from __future__ import annotations

import importlib
from typing import Any


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
