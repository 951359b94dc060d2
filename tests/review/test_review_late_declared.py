"""Review of a61e93a..main, the declared login chain's documented refusals (1949256): tests
written first that fail on main. The sandbox has no fault answering JSON that quotes a token,
so the provider is an httpx.MockTransport here (as tests/overlay/test_declared_secrets.py does
for a token that cannot be sent)."""

from __future__ import annotations

import httpx
import pytest
from keyhouse import AuthenticationError, Keyhouse

from tests.core.test_provider_lows import shown_locals

ACCESS = "access-canary-7c41d0e9b2a6f358"


def test_no_access_token_in_the_locals_of_a_documented_refusal_quoting_it() -> None:
    """IMIASSIST's step 2 documents its 401 as ErrorBody ({"detail": ...}, any other key
    kept), so any JSON 401 is now "a refusal the spec documents": _answer keeps the parsed
    model in its local ``refusal`` (attrs repr: every field, unredacted) while it raises. An
    error body quoting the Authorization header it was sent (what the sandbox's echo fault does
    in plain text) puts step 1's access token into the locals a traceback captures; the
    message itself is redacted (the token was registered). 28855ff moved exactly such bodies
    out of raise_for_status's and expect_json's locals; this new raise site keeps one."""

    def provider(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/login":
            return httpx.Response(200, json={"access": ACCESS})
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
    assert ACCESS not in str(caught.value)
    assert ACCESS not in shown_locals(caught.value, outside=__file__)
