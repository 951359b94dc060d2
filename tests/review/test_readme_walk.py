"""README walk (what a new user reads, checked by running it): tests written first, against the
sandbox, that fail on main."""

from __future__ import annotations

import pytest
from keyhouse import Keyhouse
from keyhouse.events import Event, EventCounter, TokenRevoked
from keyhouse_ovok import Ovok
from keyhouse_sandbox import BFOREAI_DEMO_API_KEY, Sandbox, env_for

pytestmark = pytest.mark.timeout(60)


def _env(sandbox: Sandbox, name: str) -> dict[str, str]:
    env = env_for(name, sandbox.base_url(name))
    if name == "bforeai":  # a configured API key alone: no login, nothing issued to revoke
        env = {k: v for k, v in env.items() if not k.endswith(("_USERNAME", "_PASSWORD"))}
        env["KEYHOUSE_BFOREAI_API_KEY"] = BFOREAI_DEMO_API_KEY
    return env


@pytest.mark.parametrize("name", ["nuxera", "cardioexplorer", "imiassist", "bforeai"])
def test_a_sign_out_that_sends_no_revocation_reports_none(sandbox: Sandbox, name: str) -> None:
    """README: a provider without a revocation endpoint "only has its token forgotten", and a
    configured bfore.ai API_KEY "is left alone"; TokenRevoked is "a token revoked at the provider
    (sign-out)". Nothing is sent to the provider here, so no TokenRevoked (nor a
    keyhouse.token.revocations count, nor an INFO "token revoked" line) may claim one."""
    events: list[Event] = []
    counter = EventCounter()
    with Keyhouse.from_env(_env(sandbox, name), hooks=[events.append, counter]) as kh:
        kh.token(name)  # type: ignore[arg-type]
        sandbox.reset_counters(name)
        kh.revoke(name)  # type: ignore[arg-type]
        assert sandbox.counters(name).total == 0  # no revocation request left the process
    assert not [e for e in events if isinstance(e, TokenRevoked)], events
    assert "revoked" not in counter.counts().get(name, {})


def test_a_generated_client_used_alone_keeps_its_token_out_of_reprs(sandbox: Sandbox) -> None:
    """README: "Passwords, client secrets, API keys and every issued token ... reprs hide them";
    a token from ``kh.token`` is for "other clients", e.g. ``Ovok(base_url=..., token=...)``,
    which hides its own repr ("<Ovok client>") but not its ``client``'s: the attrs repr of the
    generated AuthenticatedClient prints ``token='eyJ…'`` (and in a traceback's locals)."""
    with Keyhouse.from_env(_env(sandbox, "ovok")) as kh:
        token = kh.token("ovok")
    ovok = Ovok(base_url=sandbox.base_url("ovok"), token=token)
    try:
        assert ovok.sessions.list_sessions().sessions  # the token works alone
        shown = {"repr(ovok)": repr(ovok), "repr(ovok.client)": repr(ovok.client)}
        leaked = [where for where, text in shown.items() if token in text]
        assert not leaked, f"the token is in {leaked}"  # named, not printed
    finally:
        ovok.close()
