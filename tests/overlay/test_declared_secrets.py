"""IMIASSIST's two-step login (declared.py): the access token step 1 answers is a secret as soon
as it arrives, so a failing step 2 cannot show it; and no frame a failed login passed through
holds the password or a token in a local (tracebacks that capture locals show them), nor does
one that refuses to send an operation (bfore.ai's remembered headers per path)."""

from __future__ import annotations

import logging

import httpx
import pytest
from keyhouse import AuthenticationError, ConfigurationError, Keyhouse, KeyhouseError
from keyhouse_sandbox import BFOREAI_DEMO_API_KEY, Sandbox, env_for

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


def test_no_key_in_the_locals_of_an_operation_the_settings_cannot_send(sandbox: Sandbox) -> None:
    """The strategy remembers, per path, the headers it writes (the API key's bytes) in a
    plain dict: an operation refused for want of a token showed the key in a traceback's
    locals."""
    env = env_for("bforeai", sandbox.base_url("bforeai"), {"api_key": BFOREAI_DEMO_API_KEY})
    with Keyhouse.from_env(env) as kh:
        http = kh.bforeai.client.get_httpx_client()
        assert http.get("/v2/feed/intel").status_code == 200  # its headers are remembered
        with pytest.raises(ConfigurationError) as caught:
            http.get("/authheader/list")  # bearer only: no login configured
    shown = shown_locals(caught.value, outside=__file__)
    assert "plans" in shown  # the frame that remembers them was walked
    assert BFOREAI_DEMO_API_KEY not in shown


def test_no_token_in_what_a_token_that_cannot_be_sent_leaves_behind() -> None:
    """A token that is not ASCII cannot go into a header: encoding it raised a
    UnicodeEncodeError (kept as the typed error's ``__context__``) whose repr, and the locals
    of the frames it passed through, held the token."""
    token = "tökén-canary-4f1e9a27c3b8"

    def provider(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/api/auth/login", request.url  # nothing else is sent
        return httpx.Response(200, json={"token": token})

    env = {"KEYHOUSE_NUXERA_USERNAME": "u", "KEYHOUSE_NUXERA_PASSWORD": "pw-canary-5d2c"}
    with Keyhouse.from_env(env, transport=httpx.MockTransport(provider)) as kh:
        http = kh.nuxera.client.get_httpx_client()
        with pytest.raises(KeyhouseError, match="not ASCII") as caught:
            http.get("/api/auth/me")
    shown = shown_locals(caught.value, outside=__file__)
    assert "apply" in shown or "credential" in shown  # the frames were walked
    assert "canary-4f1e9a27c3b8" not in shown


ACCESS_CANARY = "access-canary-7c41d0e9b2a6f358"


def test_no_access_token_in_the_locals_of_a_documented_refusal_quoting_it() -> None:
    """IMIASSIST's step 2 documents its 401 as ErrorBody ({"detail": ...}, any other key
    kept), so any JSON 401 is "a refusal the spec documents": _answer kept the parsed model in
    its local ``refusal`` (attrs repr: every field, unredacted) while it raised. An
    error body quoting the Authorization header it was sent (what the sandbox's echo fault does
    in plain text) puts step 1's access token into the locals a traceback captures; the
    message itself is redacted (the token was registered). 28855ff moved exactly such bodies
    out of raise_for_status's and expect_json's locals; this raise site kept one."""

    def provider(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/login":
            return httpx.Response(200, json={"access": ACCESS_CANARY})
        sent = request.headers.get("authorization", "")
        return httpx.Response(401, json={"detail": f"refused Authorization: {sent}"})

    env = {
        "KEYHOUSE_IMIASSIST_EMAIL": "a@example.org",
        "KEYHOUSE_IMIASSIST_PASSWORD": "pw-canary-review-late-3",
        "KEYHOUSE_IMIASSIST_BASE_URL": "https://company.imiassist.example",
    }
    with (
        Keyhouse.from_env(env, transport=httpx.MockTransport(provider)) as kh,
        pytest.raises(AuthenticationError) as caught,
    ):
        kh.token("imiassist")
    assert "refused Authorization" in str(caught.value)  # the documented refusal was raised
    assert ACCESS_CANARY not in str(caught.value)
    assert ACCESS_CANARY not in shown_locals(caught.value, outside=__file__)
