"""Demo credentials the sandbox accepts, named like keyhouse's ``KEYHOUSE_<PROVIDER>_<FIELD>``.

The values are the providers' own documented example requests (so that the documented
examples work against the sandbox as they are); where a provider documents none, keyhouse
made one up. None of these are real secrets.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from typing import Final

__all__ = [
    "BFOREAI_DEMO_API_KEY",
    "BFOREAI_EXPIRED_CREDENTIALS",
    "DEMO_CREDENTIALS",
    "IMIASSIST_SERVER_VARIABLES",
    "SECRET_FIELDS",
    "env_for",
    "tenant_credentials",
]

DEMO_CREDENTIALS: Final[dict[str, dict[str, str]]] = {
    "cardioexplorer": {
        "client_id": "12345678-1234-1234-1234-123456789abc",
        "client_secret": "your-client-secret-here",
        "scope": "api.read api.write",
    },
    "bforeai": {"username": "john.doe", "password": "SecurePass123!"},
    "imiassist": {"email": "integration.user@healthcarecomms.example", "password": "password"},
    "ovok": {
        "email": "john.doe@mail.com",
        "password": "password1234",
        "client_id": "5e505642-9024-474d-9434-e5a44f505cc5",
    },
    "nuxera": {
        "username": "doctor.smith",
        "password": "secure-password",
        "api_key": "nx-demo-4f7c2a9e1b3d5f60",
    },
    # The standard OAuth2 client-credentials server used by the benchmarks.
    "oauth2": {"client_id": "bench-client", "client_secret": "bench-secret"},
}

#: A bfore.ai account whose password has expired: login answers 403.
BFOREAI_EXPIRED_CREDENTIALS: Final[dict[str, str]] = {
    "username": "expired.user",
    "password": "ExpiredPass123!",
}

#: A non-expiring bfore.ai API key (``X-Authorization``) that exists from the start (the
#: ``list_auth_headers`` example's made-up token).
BFOREAI_DEMO_API_KEY: Final[str] = "3f9c1a7e5b2d4c8e9a0b1c2d3e4f5a6b"

#: IMIASSIST's server variables as documented; the sandbox ignores them (its base URL is the
#: prefix) but keyhouse's settings require them.
IMIASSIST_SERVER_VARIABLES: Final[dict[str, str]] = {
    "subdomain": "healthcarecomms",
    "domain": "eclinic.org.uk",
}


#: The field holding each provider's login secret (what a tenant with a wrong secret changes).
SECRET_FIELDS: Final[dict[str, str]] = {
    "cardioexplorer": "client_secret",
    "bforeai": "password",
    "imiassist": "password",
    "ovok": "password",
    "nuxera": "password",
}


def tenant_credentials(provider: str, index: int) -> dict[str, str]:
    """Tenant ``index``'s credentials for ``provider``: distinct per index, stable across
    runs, valid for keyhouse's settings. The sandbox accepts them once registered with
    :meth:`Sandbox.add_tenant` (or ``POST /_admin/tenants``)."""
    secret = "tenant-" + hashlib.sha256(f"{provider}/{index}".encode()).hexdigest()[:24]
    ident = uuid.uuid5(uuid.NAMESPACE_URL, f"keyhouse-sandbox/{provider}/{index}")
    return {
        "cardioexplorer": {"client_id": str(ident), "client_secret": secret, "scope": "api.read"},
        "bforeai": {"username": f"tenant{index}.user", "password": secret},
        "imiassist": {"email": f"tenant{index}@tenants.example", "password": secret},
        "ovok": {
            "email": f"tenant{index}@tenants.example",
            "password": secret,
            "client_id": str(ident),
        },
        "nuxera": {"username": f"tenant{index}.doctor", "password": secret},
    }[provider]


def env_for(
    provider: str, base_url: str | None = None, credentials: Mapping[str, str] | None = None
) -> dict[str, str]:
    """``KEYHOUSE_<PROVIDER>_<FIELD>`` variables for ``provider``'s demo credentials (or
    ``credentials``, e.g. a :func:`tenant_credentials`)."""
    fields = dict(DEMO_CREDENTIALS[provider] if credentials is None else credentials)
    if provider == "imiassist":
        fields.update(IMIASSIST_SERVER_VARIABLES)
    if base_url is not None:
        fields["base_url"] = base_url
    prefix = f"KEYHOUSE_{provider.upper()}_"
    return {prefix + key.upper(): value for key, value in fields.items()}
