"""Edges of the auth flow's 401 handling, and its error messages, on the sandbox.

- a final 502/503/504 says its status once.
"""

from __future__ import annotations

import pytest
from keyhouse import ProviderUnavailableError
from keyhouse_sandbox import Sandbox

from tests.overlay.test_faults import _kh

pytestmark = pytest.mark.timeout(60)

CONTACTS = "/api/v1/contacts"


@pytest.mark.parametrize("status", [502, 503, 504])
def test_a_final_5xx_says_its_status_once(sandbox: Sandbox, status: int) -> None:
    """Before: "POST /api/v1/contacts answered 503 (HTTP 503)"."""
    sandbox.faults("imiassist").fail_5xx(1, status=status, endpoint=f"POST {CONTACTS}")
    with _kh(sandbox) as kh, pytest.raises(ProviderUnavailableError) as info:
        kh.imiassist.client.get_httpx_client().post(CONTACTS, json={})
    message = str(info.value)
    assert info.value.status == status
    assert message.count(str(status)) == 1, message
    assert f"{CONTACTS} failed" in message
