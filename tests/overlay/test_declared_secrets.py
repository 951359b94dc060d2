"""IMIASSIST's two-step login (declared.py): the access token step 1 answers is a secret as soon
as it arrives, so a failing step 2 cannot show it; and no frame a failed login passed through
holds the password or a token in a local (tracebacks that capture locals show them)."""

from __future__ import annotations

import logging

import httpx
import pytest
from keyhouse import Keyhouse, KeyhouseError
from keyhouse_sandbox import Sandbox, env_for

from tests.core.test_provider_lows import shown_locals
from tests.reliability.hostile import leaks

PASSWORD = "canary-IMI-pw-3f9a61c2"
EMAIL = "canary.user@tenants.example"
STEP_2 = "POST /api/v1/auth/token"


class _Recording(httpx.BaseTransport):
    """The network, remembering the bearer tokens sent (step 2 sends step 1's access token)."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.bearers: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme == "Bearer":
            self.bearers.append(token)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def _failed_login(sandbox: Sandbox) -> tuple[KeyhouseError, str]:
    """The error of a login whose step 2 fails (a fault switched on for it), and the access
    token step 1 issued."""
    sandbox.add_tenant("imiassist", email=EMAIL, password=PASSWORD)
    env = env_for(
        "imiassist", sandbox.base_url("imiassist"), {"email": EMAIL, "password": PASSWORD}
    )
    transport = _Recording()
    with Keyhouse.from_env(env, transport=transport) as kh, pytest.raises(KeyhouseError) as caught:
        kh.token("imiassist")
    assert sandbox.counters("imiassist").requests[STEP_2] >= 1, "step 2 was asked"
    (access, *_) = transport.bearers
    assert access.count(".") == 2  # the access JWT of step 1, sent to step 2
    return caught.value, access


def test_a_failing_step_2_does_not_show_step_1s_token(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    """Step 1's access token was registered for redaction only once the whole chain had
    succeeded: step 2's error page echoing the Authorization header put it (up to the
    message's length) into the error's message, its repr and the logs."""
    caplog.set_level(logging.DEBUG)
    sandbox.faults("imiassist").echo(5, status=400, endpoint=STEP_2)
    error, access = _failed_login(sandbox)
    assert "refused Authorization: Bearer" in str(error)  # the echo did reach the message
    texts = [str(error), repr(error), caplog.text, *(r.getMessage() for r in caplog.records)]
    for text in texts:
        assert not leaks(text, (access, PASSWORD), window=16), text


@pytest.mark.parametrize(
    ("fault", "status"),
    [
        ("html_error", 401),  # step 2 refused: raise_for_status raises
        ("wrong_shape", 200),  # step 2's answer unreadable: _answer raises
        ("echo", 400),  # step 2's error page quotes the token: the error mapper's locals
    ],
)
def test_no_secret_in_the_locals_of_a_failed_two_step_login(
    sandbox: Sandbox, fault: str, status: int
) -> None:
    """The chain kept step 1's answer and the values it keeps in plain dicts (``got``,
    ``kept``): a traceback capturing locals showed the access token."""
    getattr(sandbox.faults("imiassist"), fault)(5, status=status, endpoint=STEP_2)
    error, access = _failed_login(sandbox)
    shown = shown_locals(error, outside=__file__)
    assert "obtain" in shown or "kept" in shown  # the login chain's frame was walked
    for secret in (access, PASSWORD):
        assert secret not in shown
