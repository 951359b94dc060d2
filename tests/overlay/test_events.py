"""Events, logging and OpenTelemetry (issue 13): what the token machinery did, seen from outside.

OpenTelemetry is observed through the SDK's in-memory span exporter and metric reader, given to
an :class:`OpenTelemetryHook` of the test's own (no global provider is touched).
"""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

import pytest
from keyhouse import (
    AuthenticationError,
    ConfigurationError,
    Keyhouse,
    ProviderUnavailableError,
    RetryPolicy,
    Settings,
    provider_name,
)
from keyhouse.events import (
    CacheFallback,
    Event,
    EventCounter,
    LoginFailed,
    OpenTelemetryHook,
    RetryScheduled,
    TokenInvalidated,
    TokenObtained,
)
from keyhouse_sandbox import DEMO_CREDENTIALS, Sandbox
from keyhouse_sandbox.demo import FLOWS

from .conftest import environment

pytest.importorskip("opentelemetry.sdk")

from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import (
    InMemorySpanExporter,
)

ROOT = Path(__file__).resolve().parents[2]
FAST = RetryPolicy(attempts=4, base=0.01, cap=0.05, total=10.0)


@dataclass
class Otel:
    """An OpenTelemetryHook on in-memory exporters, and what it recorded."""

    hook: OpenTelemetryHook
    spans: InMemorySpanExporter
    reader: InMemoryMetricReader

    def finished(self, name: str | None = None) -> list[ReadableSpan]:
        return [s for s in self.spans.get_finished_spans() if name is None or s.name == name]

    def points(self, metric: str) -> list[Any]:
        data = self.reader.get_metrics_data()
        found: list[Any] = []
        if data is None:
            return found
        for resource in data.resource_metrics:
            for scope in resource.scope_metrics:
                for m in scope.metrics:
                    if m.name == metric:
                        found.extend(m.data.data_points)
        return found

    def total(self, metric: str, **attributes: object) -> float:
        return sum(
            p.value
            for p in self.points(metric)
            if all(p.attributes.get(k) == v for k, v in attributes.items())
        )


@pytest.fixture
def otel() -> Iterator[Otel]:
    spans = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(spans))
    reader = InMemoryMetricReader()
    meter_provider = MeterProvider(metric_readers=[reader])
    yield Otel(
        OpenTelemetryHook(tracer_provider=tracer_provider, meter_provider=meter_provider),
        spans,
        reader,
    )
    tracer_provider.shutdown()
    meter_provider.shutdown()


class Recorder:
    """A hook keeping every event (thread-safe)."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self._lock = threading.Lock()

    def __call__(self, event: Event) -> None:
        with self._lock:
            self.events.append(event)

    def of(self, kind: type[Any]) -> list[Any]:
        return [e for e in self.events if isinstance(e, kind)]


def _kh(sandbox: Sandbox, *hooks: Any, names: tuple[str, ...] = ("nuxera",)) -> Keyhouse:
    settings = Settings.from_env(environment(sandbox, *names))
    settings = Settings(providers=settings.providers, retry=FAST, hooks=hooks)
    return Keyhouse(settings)


# --- Must show: herd, 401, retry ------------------------------------------------------------------


def test_herd_of_100_threads_one_login_span_and_one_token_request(
    sandbox: Sandbox, otel: Otel
) -> None:
    recorder = Recorder()
    with _kh(sandbox, otel.hook, recorder) as kh:
        barrier = threading.Barrier(100)
        errors: list[BaseException] = []

        def call() -> None:
            barrier.wait()
            try:
                kh.nuxera.auth.get_me()
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=call) for _ in range(100)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
    assert sandbox.counters("nuxera").logins == 1
    logins = otel.finished("keyhouse login")
    assert len(logins) == 1
    assert otel.finished() == logins  # no other span
    attributes = dict(logins[0].attributes or {})
    assert attributes["keyhouse.provider"] == "nuxera"
    assert attributes["keyhouse.outcome"] == "ok"
    assert attributes["http.response.status_code"] == 200
    assert otel.total("keyhouse.token.requests") == 1
    assert otel.total("keyhouse.token.requests", **{"keyhouse.kind": "login"}) == 1
    (duration,) = otel.points("keyhouse.login.duration")
    assert duration.count == 1
    assert [type(e) for e in recorder.events] == [TokenObtained]


async def test_herd_of_100_tasks_one_login_span(sandbox: Sandbox, otel: Otel) -> None:
    kh = _kh(sandbox, otel.hook)
    results = await asyncio.gather(*(kh.nuxera.auth.get_me_async() for _ in range(100)))
    assert len(results) == 100
    await kh.aclose()
    assert sandbox.counters("nuxera").logins == 1
    assert len(otel.finished("keyhouse login")) == 1
    assert otel.total("keyhouse.token.requests") == 1


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_forced_401_one_invalidation_one_relogin(sandbox: Sandbox, otel: Otel, mode: str) -> None:
    recorder = Recorder()
    with _kh(sandbox, otel.hook, recorder) as kh:
        kh.nuxera.auth.get_me()
        sandbox.faults("nuxera").revoke_all_tokens()
        if mode == "sync":
            kh.nuxera.auth.get_me()
        else:

            async def again() -> None:
                await kh.nuxera.auth.get_me_async()
                await kh.aclose()

            asyncio.run(again())
    assert sandbox.counters("nuxera").logins == 2
    assert recorder.of(TokenInvalidated) == [TokenInvalidated("nuxera", "401")]
    assert otel.total("keyhouse.token.invalidations", **{"keyhouse.reason": "401"}) == 1
    assert len(otel.finished("keyhouse login")) == 2  # the first login and one re-login
    assert [e.source for e in recorder.of(TokenObtained)] == ["login", "login"]


def test_503_then_200_login_one_retry_event_with_its_delay(sandbox: Sandbox, otel: Otel) -> None:
    recorder = Recorder()
    sandbox.faults("nuxera").fail_5xx(1, status=503, endpoint="POST /api/auth/login")
    with _kh(sandbox, otel.hook, recorder) as kh:
        kh.token("nuxera")
    (retry,) = recorder.of(RetryScheduled)
    assert retry.provider == "nuxera"
    assert retry.reason == "503"
    assert retry.method == "POST"
    assert retry.token_request is True
    assert retry.attempt == 2
    assert 0 <= retry.delay <= FAST.cap
    assert otel.total("keyhouse.retries", **{"keyhouse.reason": "503"}) == 1
    (login,) = otel.finished("keyhouse login")
    assert dict(login.attributes or {})["http.response.status_code"] == 200
    assert otel.total("keyhouse.token.requests") == 1  # one request, sent twice
    # the login's duration includes the retry's sleep
    (obtained,) = recorder.of(TokenObtained)
    assert obtained.seconds >= retry.delay


def test_retry_of_an_api_call_names_its_provider(sandbox: Sandbox) -> None:
    recorder = Recorder()
    with _kh(sandbox, recorder) as kh:
        kh.token("nuxera")
        sandbox.faults("nuxera").fail_5xx(2, status=502, endpoint="GET /api/auth/me")
        kh.nuxera.auth.get_me()
    retries = recorder.of(RetryScheduled)
    assert [(r.provider, r.reason, r.token_request, r.attempt) for r in retries] == [
        ("nuxera", "502", False, 2),
        ("nuxera", "502", False, 3),
    ]


# --- the other events --------------------------------------------------------------------------


def test_failed_login_is_an_event_and_an_error_span(sandbox: Sandbox, otel: Otel) -> None:
    recorder = Recorder()
    env = environment(sandbox, "nuxera")
    env["KEYHOUSE_NUXERA_PASSWORD"] = "wrong-password-123"
    with (
        Keyhouse.from_env(env, hooks=[otel.hook, recorder]) as kh,
        pytest.raises(AuthenticationError),
    ):
        kh.token("nuxera")
    (failed,) = recorder.of(LoginFailed)
    assert (failed.provider, failed.kind, failed.error, failed.status) == (
        "nuxera",
        "login",
        "AuthenticationError",
        401,
    )
    (span,) = otel.finished("keyhouse login")
    assert span.status.status_code.name == "ERROR"
    assert dict(span.attributes or {})["error.type"] == "AuthenticationError"


def test_unreachable_provider_names_the_transport_error(otel: Otel) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    recorder = Recorder()
    settings = Settings.build(
        nuxera={
            **{k: v for k, v in DEMO_CREDENTIALS["nuxera"].items()},
            "base_url": f"http://127.0.0.1:{port}",
        },
        retry=RetryPolicy(attempts=2, base=0.01, cap=0.01),
        hooks=[recorder],
    )
    with Keyhouse(settings) as kh, pytest.raises(ProviderUnavailableError):
        kh.token("nuxera")
    (failed,) = recorder.of(LoginFailed)
    assert failed.error == "ConnectError"
    assert [r.reason for r in recorder.of(RetryScheduled)] == ["ConnectError"]


def test_refresh_and_cache_hit_by_tier(sandbox: Sandbox, tmp_path: Path) -> None:
    from keyhouse._cache import FileCache

    cache = FileCache(tmp_path / "tokens.json")
    first, second = Recorder(), Recorder()
    env = environment(sandbox, "ovok")
    with Keyhouse.from_env(env, cache=cache, hooks=[first]) as kh:
        kh.token("ovok")
        kh.invalidate("ovok")  # forgotten: the next token comes from the refresh token
        kh.token("ovok")
    with Keyhouse.from_env(env, cache=cache, hooks=[second]) as kh:
        kh.token("ovok")  # another "process": the file cache has it
    assert [(e.source, e.tier) for e in first.of(TokenObtained)] == [
        ("login", None),
        ("refresh", None),
    ]
    assert first.of(TokenInvalidated) == [TokenInvalidated("ovok", "requested")]
    (hit,) = second.of(TokenObtained)
    assert (hit.source, hit.tier, hit.kinds) == ("cache", "file", ())


def test_redis_fallback_reaches_the_keyhouse_hooks_once(sandbox: Sandbox) -> None:
    pytest.importorskip("redis")
    import socket

    from keyhouse._cache import RedisCache

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cache = RedisCache(f"redis://127.0.0.1:{port}/0", socket_timeout=0.5)
    recorder = Recorder()
    env = environment(sandbox, "nuxera")
    with Keyhouse.from_env(env, cache=cache, hooks=[recorder]) as kh:
        kh.token("nuxera")
        kh.invalidate("nuxera")
        kh.token("nuxera")
    (fallback,) = recorder.of(CacheFallback)
    assert fallback.recovered is False
    assert fallback.error is not None
    assert fallback.cache.startswith("redis://127.0.0.1:")


def test_a_failing_hook_never_fails_a_request(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(event: Event) -> None:
        raise RuntimeError("hook bug")

    recorder = Recorder()
    with (
        caplog.at_level(logging.WARNING, logger="keyhouse.hooks"),
        _kh(sandbox, broken, recorder) as kh,
    ):
        kh.nuxera.auth.get_me()
    assert recorder.of(TokenObtained)  # the hooks after it still ran
    assert any("broken failed on TokenObtained" in r.getMessage() for r in caplog.records)


def test_hooks_must_be_callable() -> None:
    with pytest.raises(ConfigurationError):
        Settings.build(hooks=["not a hook"])  # type: ignore[list-item]
    with pytest.raises(ConfigurationError):
        Keyhouse(hooks=[42])  # type: ignore[list-item]


def test_event_counter_counts_a_run(sandbox: Sandbox) -> None:
    counter = EventCounter()
    with _kh(sandbox, counter) as kh:
        for _ in range(50):
            kh.nuxera.auth.get_me()
    counts = counter.counts()["nuxera"]
    assert counts == {"login": 1, "token requests": 1}
    assert counter.login_seconds("nuxera") > 0


# --- logging --------------------------------------------------------------------------------------


def test_events_are_logged_under_keyhouse_loggers(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="keyhouse")
    sandbox.faults("nuxera").fail_5xx(1, status=503, endpoint="POST /api/auth/login")
    with _kh(sandbox) as kh:
        kh.nuxera.auth.get_me()
        sandbox.faults("nuxera").revoke_all_tokens()
        kh.nuxera.auth.get_me()
    lines = [(r.name, r.levelname, r.getMessage()) for r in caplog.records]
    names = {name for name, _, _ in lines}
    assert {"keyhouse.token", "keyhouse.retry"} <= names
    assert any(
        n == "keyhouse.retry" and level == "INFO" and "503, retrying in" in m
        for n, level, m in lines
    )
    assert sum("nuxera: logged in" in m for _, _, m in lines) == 2
    assert any("token invalidated (the provider answered 401)" in m for _, _, m in lines)


def _run_with_log(value: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = "import keyhouse\nwith keyhouse.Keyhouse.from_env() as kh:\n    kh.token('nuxera')\n"
    child_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("KEYHOUSE_")},
        **env,
        "KEYHOUSE_LOG": value,
        "PYTHONPATH": str(ROOT / "overlays"),
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        capture_output=True,
        text=True,
        env=child_env,
        timeout=60,
    )


def test_keyhouse_log_switches_logging_on_without_code(sandbox: Sandbox) -> None:
    env = environment(sandbox, "nuxera")
    debug = _run_with_log("debug", env)
    assert debug.returncode == 0, debug.stderr
    assert "keyhouse.token: nuxera: logged in" in debug.stderr
    assert "DEBUG keyhouse" in debug.stderr  # the token requests' own lines too
    info = _run_with_log("info", env)
    assert "keyhouse.token: nuxera: logged in" in info.stderr
    assert "DEBUG" not in info.stderr
    off = _run_with_log("", env)
    assert "logged in" not in off.stderr
    bogus = _run_with_log("loud", env)
    assert bogus.returncode == 0
    assert "KEYHOUSE_LOG='loud' is not 'debug' or 'info'" in bogus.stderr
    for run in (debug, info, off, bogus):
        for secret in DEMO_CREDENTIALS["nuxera"].values():
            assert secret not in run.stderr


# --- the canary -----------------------------------------------------------------------------------


SECRET_FIELDS = {"password", "client_secret", "api_key"}


def _token_like(value: str) -> bool:
    """A token-ish extra value (not a timestamp's repr)."""
    try:
        float(value)
    except ValueError:
        return len(value) >= 12
    return False


def _span_texts(span: ReadableSpan) -> list[str]:
    texts = [span.name, repr(dict(span.attributes or {})), str(span.status.description)]
    for event in span.events:
        texts += [event.name, repr(dict(event.attributes or {}))]
    return texts


def test_canary_no_secret_or_token_in_any_event_log_record_or_span(
    sandbox: Sandbox, otel: Otel, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    from keyhouse._cache import FileCache

    caplog.set_level(logging.DEBUG)
    recorder, counter = Recorder(), EventCounter()
    hooks = [otel.hook, recorder, counter]
    tokens: list[str] = []
    cache = FileCache(tmp_path / "tokens.json")
    names = tuple(FLOWS)
    settings = Settings.from_env(environment(sandbox, *names))
    settings = Settings(providers=settings.providers, retry=FAST, hooks=tuple(hooks))

    def keep(kh: Keyhouse) -> None:
        for name in names:
            credential = kh.manager(provider_name(name)).current()
            if credential is not None:
                tokens.append(credential.token)
                if credential.refresh_token:
                    tokens.append(credential.refresh_token)
                tokens.extend(v for v in credential.extra.values() if _token_like(v))

    with Keyhouse(settings, cache=cache) as kh:
        sandbox.faults("nuxera").fail_5xx(1, status=503, endpoint="POST /api/auth/login")
        for name, flow in FLOWS.items():
            flow(kh)
            kh.token(provider_name(name))
        keep(kh)
        sandbox.faults("ovok").revoke_all_tokens()  # a 401, one invalidation, a re-login
        kh.ovok.sessions.list_sessions()
        keep(kh)
    with Keyhouse(settings, cache=cache) as kh:  # cache hits from the file tier
        for name in names:
            kh.token(provider_name(name))
        keep(kh)
    wrong = environment(sandbox, *names)
    for key in list(wrong):
        if key.endswith(("_PASSWORD", "_CLIENT_SECRET")):
            wrong[key] = "canary-wrong-" + key.lower()
    with Keyhouse.from_env(wrong, hooks=hooks) as kh:
        for name in names:
            with pytest.raises(AuthenticationError):
                kh.token(provider_name(name))

    kinds = {type(e).__name__ for e in recorder.events}
    assert {
        "TokenObtained",
        "TokenInvalidated",
        "LoginFailed",
        "RetryScheduled",
    } <= kinds
    assert {e.source for e in recorder.of(TokenObtained)} >= {"login", "refresh", "cache"}

    haystacks = [repr(e) for e in recorder.events]
    haystacks += [str(field) for e in recorder.events for field in astuple(e)]
    haystacks += [text for span in otel.finished() for text in _span_texts(span)]
    data = otel.reader.get_metrics_data()
    assert data is not None
    haystacks.append(data.to_json())
    haystacks += [caplog.text, *(r.getMessage() for r in caplog.records)]
    haystacks.append(repr(counter))
    secrets = [
        *(v for creds in DEMO_CREDENTIALS.values() for k, v in creds.items() if k in SECRET_FIELDS),
        *(v for k, v in wrong.items() if k.endswith(("_PASSWORD", "_CLIENT_SECRET"))),
        *tokens,
    ]
    assert len(tokens) >= 10
    blob = "\n".join(haystacks)
    for secret in secrets:
        assert secret not in blob, "a secret leaked"
        # no fragment either: every 12-character slice of a token
        if secret in tokens:
            for i in range(0, len(secret) - 12, 6):
                assert secret[i : i + 12] not in blob, "a token fragment leaked"


def test_demo_ends_with_the_runs_token_events(capsys: pytest.CaptureFixture[str]) -> None:
    from keyhouse._cli import main

    assert main(["demo"], environ={}) == 0
    out = capsys.readouterr().out
    section = out.split("what keyhouse saw", 1)[1]
    rows = {line.split()[0]: line.split() for line in section.splitlines()[1:] if line.strip()}
    assert rows["provider"][:4] == ["provider", "logins", "refreshes", "token"]
    assert rows["nuxera"][1:3] == ["1", "0"]  # dozens of calls, one login
    assert rows["imiassist"][1:4] == ["1", "0", "2"]  # one login flow: login, get_new_token
    assert rows["ovok"][1:3] == ["2", "1"]  # the demo's deliberate logout and refresh


def test_a_configured_static_key_is_no_login() -> None:
    recorder = Recorder()
    settings = Settings.build(bforeai={"api_key": "static-key-0123456789"}, hooks=[recorder])
    with Keyhouse(settings) as kh:
        assert kh.token("bforeai") == "static-key-0123456789"
    assert recorder.events == []


def test_the_default_hooks_report_to_the_global_opentelemetry_providers(sandbox: Sandbox) -> None:
    code = (
        "from opentelemetry import trace\n"
        "from opentelemetry.sdk.trace import TracerProvider\n"
        "from opentelemetry.sdk.trace.export import SimpleSpanProcessor\n"
        "from opentelemetry.sdk.trace.export.in_memory_span_exporter import"
        " InMemorySpanExporter\n"
        "spans = InMemorySpanExporter()\n"
        "provider = TracerProvider()\n"
        "provider.add_span_processor(SimpleSpanProcessor(spans))\n"
        "trace.set_tracer_provider(provider)\n"
        "import keyhouse\n"
        "with keyhouse.Keyhouse.from_env() as kh:\n"
        "    kh.token('nuxera')\n"
        "print([s.name for s in spans.get_finished_spans()])\n"
    )
    child_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("KEYHOUSE_")},
        **environment(sandbox, "nuxera"),
        "PYTHONPATH": str(ROOT / "overlays"),
    }
    run = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        capture_output=True,
        text=True,
        env=child_env,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "['keyhouse login']"
