"""Type-checked only (mypy --strict, pyright): event hooks as the README shows them."""

from __future__ import annotations

from keyhouse import (
    Keyhouse,
    Settings,
)
from keyhouse.events import (
    Event,
    EventCounter,
    Hook,
    LoginFailed,
    OpenTelemetryHook,
    RetryScheduled,
    TokenObtained,
)


def alert(event: Event) -> None:
    if isinstance(event, LoginFailed):
        status: int | None = event.status
        print(event.provider, event.error, status)
    elif isinstance(event, TokenObtained):
        seconds: float = event.seconds
        tier: str | None = event.tier
        print(event.source, seconds, tier)
    elif isinstance(event, RetryScheduled):
        delay: float = event.delay
        print(event.reason, delay)


def build() -> Keyhouse:
    counter = EventCounter()
    hooks: list[Hook] = [alert, counter, OpenTelemetryHook()]
    settings = Settings.build(nuxera={"username": "u", "password": "p" * 8}, hooks=hooks)
    kh = Keyhouse(settings, hooks=[print])
    logins: int = counter.counts().get("nuxera", {}).get("login", 0)
    print(logins, len(kh.hooks))
    return Keyhouse.from_env(hooks=[counter])
