"""keyhouse-sandbox: an embedded server speaking keyhouse's five provider APIs, faults included.

>>> from keyhouse_sandbox import Sandbox, DEMO_CREDENTIALS
>>> with Sandbox() as sb:
...     sb.base_url("ovok")                      # http://127.0.0.1:PORT/ovok
...     sb.faults("ovok").fail_5xx(3)            # the next three requests get 503
...     sb.set_lifetime("ovok", access=2)        # short-lived tokens for expiry tests
...     sb.counters("ovok").logins               # how many logins happened

``python -m keyhouse_sandbox [--port N] [--admin]`` serves it in the foreground; the pytest
plugin (``keyhouse_sandbox.pytest_plugin``) provides a ``sandbox`` fixture.
:mod:`keyhouse_sandbox.demo` (``keyhouse demo``, ``python -m keyhouse_sandbox.demo``) runs
every provider's main flow through keyhouse against an embedded sandbox.
"""

from __future__ import annotations

from ._counters import CounterSnapshot
from ._credentials import (
    BFOREAI_DEMO_API_KEY,
    BFOREAI_EXPIRED_CREDENTIALS,
    DEMO_CREDENTIALS,
    IMIASSIST_SERVER_VARIABLES,
    SECRET_FIELDS,
    env_for,
    tenant_credentials,
)
from ._faults import Fault, Faults
from ._server import Sandbox
from .providers import PROVIDERS

__all__ = [
    "BFOREAI_DEMO_API_KEY",
    "BFOREAI_EXPIRED_CREDENTIALS",
    "DEMO_CREDENTIALS",
    "IMIASSIST_SERVER_VARIABLES",
    "PROVIDERS",
    "SECRET_FIELDS",
    "CounterSnapshot",
    "Fault",
    "Faults",
    "Sandbox",
    "env_for",
    "tenant_credentials",
]
