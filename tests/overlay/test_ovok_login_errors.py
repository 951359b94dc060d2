"""Ovok's login refusals (declared.py). Its documented login answers 404 "Client application not
found" for an unknown client id: that is the provider's answer, not a missing route, so it is no
reason to fall back to the cURL example's /auth/login for the process, and the user is told it
(AuthenticationError with the provider's message). A 404 that is not the documented error body
(a proxy's page) still means the route is missing."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator

import pytest
from keyhouse import AuthenticationError, Keyhouse
from keyhouse.providers.declared import UNSUPPORTED
from keyhouse_sandbox import DEMO_CREDENTIALS, Sandbox, env_for

V2, CURL = "POST /v2/auth/login", "POST /auth/login"


@pytest.fixture(autouse=True)
def _forget_unsupported() -> Iterator[None]:
    UNSUPPORTED.clear()
    yield
    UNSUPPORTED.clear()


def _env(sandbox: Sandbox, **changed: str) -> dict[str, str]:
    return env_for("ovok", sandbox.base_url("ovok"), {**DEMO_CREDENTIALS["ovok"], **changed})


def test_a_wrong_client_id_is_the_providers_refusal(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    """It was taken for a missing /v2/auth/login: a warning that the route is missing, the
    cURL path used for the rest of the process, and a ProtocolError ("unexpected status")
    without the provider's message."""
    caplog.set_level(logging.DEBUG, logger="keyhouse")
    with Keyhouse.from_env(_env(sandbox, client_id=str(uuid.uuid4()))) as kh:
        for attempt in (1, 2):
            with pytest.raises(AuthenticationError) as caught:
                kh.token("ovok")
            message = str(caught.value)
            assert "Client application not found" in message
            assert "/v2/auth/login" in message  # the documented login refused it
            assert caught.value.status == 404
            assert sandbox.counters("ovok").requests[V2] == attempt, "v2 is still asked first"
    assert not UNSUPPORTED
    assert "falling back" not in caplog.text
    assert DEMO_CREDENTIALS["ovok"]["password"] not in message


def test_a_refusal_at_the_fallback_carries_the_providers_message(sandbox: Sandbox) -> None:
    """A host without /v2/auth/login and a wrong password: /auth/login's documented 401
    reached the user as "rejected the credentials", without the provider's message."""
    sandbox.provider("ovok").v2_login = False  # type: ignore[attr-defined]
    with (
        Keyhouse.from_env(_env(sandbox, password="wrong-password-1234")) as kh,
        pytest.raises(AuthenticationError) as caught,
    ):
        kh.token("ovok")
    # the provider's words ("password" itself is redacted once a demo password of that
    # spelling has been configured in this process)
    assert "Invalid email or " in str(caught.value)
    assert "wrong-password-1234" not in str(caught.value)
    assert caught.value.status == 401


def test_a_404_page_that_is_not_the_documented_body_still_means_the_route_is_missing(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    """A proxy's HTML 404 for /v2/auth/login: the cURL path is asked, and its documented 404
    (an unknown client id) is what the user is told."""
    sandbox.faults("ovok").html_error(10, status=404, endpoint=V2)
    with (
        caplog.at_level(logging.WARNING, logger="keyhouse"),
        Keyhouse.from_env(_env(sandbox, client_id=str(uuid.uuid4()))) as kh,
        pytest.raises(AuthenticationError) as caught,
    ):
        kh.token("ovok")
    assert "Client application not found" in str(caught.value)
    assert "/auth/login" in str(caught.value)
    assert "falling back" in caplog.text
    assert UNSUPPORTED


def test_a_host_without_v2_reports_the_fallbacks_refusal_of_a_wrong_client_id(
    sandbox: Sandbox,
) -> None:
    """A host without /v2/auth/login (NestJS answers its missing route with a body of the
    documented error model: {"statusCode": 404, "message": "Cannot POST /v2/auth/login"}) and an
    unknown client id: /auth/login answers the documented 404 "Client application not found".
    The fallback's 404 was dropped for the first one, so the user was told "was refused: Cannot
    POST /v2/auth/login", a missing route, and never the provider's actual refusal: now both."""
    sandbox.provider("ovok").v2_login = False  # type: ignore[attr-defined]
    with (
        Keyhouse.from_env(_env(sandbox, client_id=str(uuid.uuid4()))) as kh,
        pytest.raises(AuthenticationError) as caught,
    ):
        kh.token("ovok")
    message = str(caught.value)
    assert "Client application not found" in message, message
    assert "Cannot POST /v2/auth/login" in message  # what the documented path answered
