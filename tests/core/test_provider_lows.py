"""Issue 12 lows in the provider strategies: Nuxera's absolute expiry on the provider's clock,
secrets kept out of traceback locals, non-ASCII configured keys as typed errors."""

from __future__ import annotations

import email.utils
import time
import traceback

import httpx
import pytest
from keyhouse import ConfigurationError, KeyhouseError, Settings
from keyhouse._flow import drive_sync
from keyhouse._registry import entry


def test_nuxera_expires_at_is_read_on_the_providers_clock() -> None:
    """Nuxera's absolute ``expiresAt`` was taken as local time; IMIASSIST's and Ovok's are
    shifted by the provider's ``Date``. A provider clock two hours behind made a fresh 1 h
    token look expired an hour ago."""
    skew = -7200.0
    provider_now = time.time() + skew

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            json={"token": "opaque-nuxera-token", "expiresAt": provider_now + 3600},
            headers={"date": email.utils.formatdate(provider_now, usegmt=True)},
        )

    settings = Settings.build(nuxera={"username": "u", "password": "pw-123456"})
    strategy = entry("nuxera").build_strategy(settings.providers["nuxera"])
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        credential = drive_sync(strategy.obtain(None), client, provider="nuxera")
    assert credential.expires_at is not None
    assert credential.expires_at - time.time() == pytest.approx(3600, abs=5)


SECRET = "traceback-canary-secret-91c2"


def shown_locals(error: BaseException, *, outside: str = "") -> str:
    """What a traceback capturing locals shows of ``error`` and of its causes and contexts:
    each one's repr and ``repr()`` of every local of every frame it passed through, but for
    the frames of the file ``outside`` names (the calling test's own)."""
    texts: list[str] = []
    seen: set[int] = set()
    todo: list[BaseException | None] = [error]
    while todo:
        exc = todo.pop()
        if exc is None or id(exc) in seen:
            continue
        seen.add(id(exc))
        texts.append(repr(exc))
        for frame, _line in traceback.walk_tb(exc.__traceback__):
            if not outside or frame.f_code.co_filename != outside:
                texts += [f"{name} = {value!r}" for name, value in frame.f_locals.items()]
        todo += [exc.__cause__, exc.__context__]
    return "\n".join(texts)


def _locals_of_failure(strategy: object, provider: str) -> str:
    def handler(request: httpx.Request) -> httpx.Response:
        raise RuntimeError("boom")  # a failure while the request is on its way

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        flow = strategy.obtain(None)  # type: ignore[attr-defined]
        request = next(flow)
        try:
            flow.throw(RuntimeError("the response never came"))
        except RuntimeError as exc:
            text = shown_locals(exc)
        else:  # pragma: no cover
            raise AssertionError("the flow swallowed the error")
        del client, request
    return text


@pytest.mark.parametrize("provider", ["bforeai", "cardioexplorer"])
def test_no_plain_secret_in_traceback_locals(provider: str) -> None:
    """Low: tracebacks that capture locals showed the plain password (bforeai.py) and client
    secret (cardioexplorer.py): the flows kept them in local variables."""
    if provider == "bforeai":
        settings = Settings.build(bforeai={"username": "u", "password": SECRET})
        strategy: object = entry("bforeai").build_strategy(settings.providers["bforeai"])
    else:
        settings = Settings.build(
            cardioexplorer={
                "client_id": "12345678-1234-1234-1234-123456789abc",
                "client_secret": SECRET,
                "scope": "api.read",
            }
        )
        strategy = entry("cardioexplorer").build_strategy(settings.providers["cardioexplorer"])
    assert SECRET not in _locals_of_failure(strategy, provider)


@pytest.mark.parametrize(
    ("provider", "fields"),
    [
        ("bforeai", {"api_key": "kéy-0123456789"}),
        ("nuxera", {"username": "u", "password": "pw-123456", "api_key": "nx-ключ-1234"}),
    ],
)
def test_non_ascii_configured_key_is_a_configuration_error(
    provider: str, fields: dict[str, str]
) -> None:
    """Low: a non-ASCII API key raised a raw UnicodeEncodeError when its header was written."""
    from keyhouse import Keyhouse

    with (  # noqa: PT012 - either step may refuse it
        pytest.raises(KeyhouseError) as caught,
        Keyhouse(Settings.build(**{provider: fields})) as kh,
    ):
        kh.client(provider)
        kh.token(provider)
    assert isinstance(caught.value, ConfigurationError)
    assert "ASCII" in str(caught.value)
