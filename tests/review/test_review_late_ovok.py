"""Review of a61e93a..main, Ovok's login fallback (1949256): tests written first, against the
sandbox, that fail on main."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from keyhouse import AuthenticationError, Keyhouse
from keyhouse.providers.declared import UNSUPPORTED
from keyhouse_sandbox import DEMO_CREDENTIALS, Sandbox, env_for

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(autouse=True)
def _forget_unsupported() -> Iterator[None]:
    UNSUPPORTED.clear()
    yield
    UNSUPPORTED.clear()


def test_a_host_without_v2_reports_the_fallbacks_refusal_of_a_wrong_client_id(
    sandbox: Sandbox,
) -> None:
    """A host without /v2/auth/login (NestJS answers its missing route with a body of the
    documented error model: {"statusCode": 404, "message": "Cannot POST /v2/auth/login"}) and an
    unknown client id: /auth/login answers the documented 404 "Client application not found".
    On main the fallback's 404 is dropped for the first one ("response = first"), so the user is
    told "was refused: Cannot POST /v2/auth/login", a missing route, and never the provider's
    actual refusal."""
    sandbox.provider("ovok").v2_login = False  # type: ignore[attr-defined]
    env = env_for(
        "ovok",
        sandbox.base_url("ovok"),
        {**DEMO_CREDENTIALS["ovok"], "client_id": str(uuid.uuid4())},
    )
    with Keyhouse.from_env(env) as kh, pytest.raises(AuthenticationError) as caught:
        kh.token("ovok")
    assert "Client application not found" in str(caught.value), str(caught.value)
