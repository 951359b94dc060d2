"""Issue 12.7 and the redaction lows: encoded secrets, tokens in use, bounded snippets."""

from __future__ import annotations

import html
import json
import urllib.parse

import httpx
import pytest
from keyhouse._credential import Credential
from keyhouse._errors import ProtocolError, snippet
from keyhouse._flow import expect_json, raise_for_status
from keyhouse._redact import _MAX_REGISTERED, Secret, redact, register

PASSWORD = "pä\"ss<wörd>&'/ 1+x"


def _forms(value: str) -> dict[str, str]:
    return {
        "json": json.dumps(value)[1:-1],
        "json-utf8": json.dumps(value, ensure_ascii=False)[1:-1],
        "json-slash": json.dumps(value)[1:-1].replace("/", "\\/"),
        "html": html.escape(value),
        "html-39": html.escape(value).replace("&#x27;", "&#39;"),
        "url": urllib.parse.quote(value, safe=""),
        "url-plus": urllib.parse.quote_plus(value),
        "url-lower": urllib.parse.quote(value, safe="").lower(),
    }


@pytest.mark.parametrize("form", sorted(_forms(PASSWORD)))
def test_an_encoded_secret_is_redacted(form: str) -> None:
    Secret(PASSWORD)
    echoed = _forms(PASSWORD)[form]
    assert echoed != PASSWORD or form == "json-utf8"
    assert echoed not in redact(f"error: {echoed} is not your password")
    assert echoed not in snippet(f"error: {echoed} is not your password")


@pytest.mark.parametrize("form", sorted(_forms(PASSWORD)))
def test_an_encoded_secret_echoed_by_a_provider_stays_out_of_the_error(form: str) -> None:
    Secret(PASSWORD)
    echoed = _forms(PASSWORD)[form]
    request = httpx.Request("POST", "https://auth.example/login")
    body = f"<html>bad login for password {echoed}</html>".encode()
    response = httpx.Response(400, content=body, request=request)
    with pytest.raises(ProtocolError) as caught:
        expect_json(raise_for_status(response, "fake"), "fake")
    assert echoed not in str(caught.value)
    assert "[REDACTED]" in str(caught.value)


def test_a_token_in_use_outlives_any_number_of_newer_tokens() -> None:
    """Low: the registry forgot a token after 4,096 newer ones, while it was still in use."""
    in_use = Credential(token="token-still-in-use-0001", obtained_at=0.0)
    for i in range(_MAX_REGISTERED + 50):
        register(f"newer-token-{i:06d}")
    assert "token-still-in-use-0001" not in redact("echo: token-still-in-use-0001")
    assert in_use.token  # alive until here


def test_snippet_work_is_bounded_by_its_output_not_the_body(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Low: a mostly-whitespace 50 MB body was redacted in full (a 21 s stall with 4,096
    registered secrets). The text handed to redact() is now bounded."""
    import keyhouse._errors as errors

    seen: list[int] = []

    def measuring(text: str, secrets: object = ()) -> str:
        seen.append(len(text))
        return redact(text)

    monkeypatch.setattr(errors, "redact", measuring)
    body = b"error " + b" " * 20_000_000 + b"tail " * 10
    shown = snippet(body)
    assert shown.startswith("error tail")
    assert max(seen) <= errors._SNIPPET_CHARS + errors._SECRET_MARGIN + 64


def test_secret_with_a_whitespace_run_is_redacted_when_collapsed() -> None:
    Secret("two  spaces-secret")
    assert "spaces-secret" not in snippet("echo: two  spaces-secret and more")
