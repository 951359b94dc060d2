from __future__ import annotations

import logging
import pickle

import httpx
import pytest
from keyhouse._errors import (
    ConfigurationError,
    PasswordExpiredError,
    ProtocolError,
    ProviderError,
    RateLimitedError,
)
from keyhouse._flow import expect_json
from keyhouse._redact import Secret, logger, redact, register

CANARY = "canary-Secret-4f2a91"


def test_secret_never_shows_its_value() -> None:
    secret = Secret(CANARY)
    for text in (repr(secret), str(secret), f"{secret}", f"{secret!r}", "%s" % (secret,)):  # noqa: UP031
        assert CANARY not in text
        assert str(len(CANARY)) in text
    assert secret.reveal() == CANARY
    assert secret == CANARY
    assert secret == Secret(CANARY)
    assert secret != "other"
    assert pickle.loads(pickle.dumps(secret)).reveal() == CANARY


def test_redact_masks_registered_and_given_values() -> None:
    register("registered-value-1234")
    text = redact("a registered-value-1234 b given-value-5678 c", ["given-value-5678"])
    assert "registered-value-1234" not in text
    assert "given-value-5678" not in text
    assert text.startswith("a ")


def test_log_records_are_scrubbed(caplog: pytest.LogCaptureFixture) -> None:
    Secret(CANARY)
    caplog.set_level(logging.DEBUG, logger="keyhouse")
    logger.debug("sending %s", CANARY)
    logger.info("header Bearer " + CANARY)
    try:
        raise ValueError(CANARY)
    except ValueError:
        logger.exception("failed")
    assert caplog.records
    assert CANARY not in caplog.text
    formatted = "\n".join(logging.Formatter().format(r) for r in caplog.records)
    assert CANARY not in formatted
    assert "[REDACTED]" in formatted


def test_error_messages_are_redacted_and_truncated() -> None:
    Secret(CANARY)
    response = httpx.Response(
        200,
        content=b"<html><body>" + CANARY.encode() + b"x" * 5000 + b"</body></html>",
        headers={"content-type": "text/html", "x-request-id": "req-1"},
        request=httpx.Request("POST", "https://auth.example/login"),
    )
    with pytest.raises(ProtocolError) as info:
        expect_json(response, "fake")
    message = str(info.value)
    assert CANARY not in message
    assert len(message) < 400
    assert "req-1" in message
    assert "HTML" in message
    assert info.value.provider == "fake"
    assert info.value.request_id == "req-1"


def test_configuration_error_lists_every_problem() -> None:
    error = ConfigurationError(["A is missing", "B is not a URL"])
    assert error.problems == ["A is missing", "B is not a URL"]
    assert "A is missing" in str(error)
    assert "B is not a URL" in str(error)


def test_provider_errors_pickle_with_their_fields() -> None:
    errors: list[ProviderError] = [
        RateLimitedError("slow down", provider="p", retry_after=3.0),
        PasswordExpiredError("expired", provider="p", status=403, password_expired_at="2024"),
    ]
    for error in errors:
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error)
        assert str(again) == str(error)
        assert again.__dict__ == error.__dict__


def test_configured_secrets_outlive_any_number_of_rotated_tokens() -> None:
    """Found by `nox -s fuzz`: thousands of issued tokens evicted a configured password from
    the registry, and an error body echoing it then reached an exception message."""
    from keyhouse._redact import _MAX_REGISTERED, Secret, redact, register

    password = Secret("pinned-canary-password-7f3a")
    for i in range(_MAX_REGISTERED + 10):
        register(f"rotated-token-{i:06d}")
    assert "pinned-canary-password-7f3a" not in redact("echo: pinned-canary-password-7f3a")
    assert "rotated-token-000000" in redact("rotated-token-000000")  # evicted, by design
    newest = f"rotated-token-{_MAX_REGISTERED + 9:06d}"
    assert newest not in redact(newest)
    assert password.reveal() == "pinned-canary-password-7f3a"
