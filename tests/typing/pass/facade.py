"""Type-checked only (mypy --strict, pyright): ``kh.ovok`` is the generated Ovok client."""

from __future__ import annotations

from keyhouse import Keyhouse
from keyhouse_ovok import AuthenticatedClient, Ovok
from keyhouse_ovok.api.sessions import list_sessions, revoke_session
from keyhouse_ovok.models import ErrorBody, SessionList


def sessions(kh: Keyhouse) -> SessionList | ErrorBody | None:
    api: Ovok = kh.ovok
    same: Ovok = kh.client("ovok")
    assert api is same
    client: AuthenticatedClient = kh.ovok.client
    revoke_session.sync_detailed("other", client=client)
    return list_sessions.sync(client=kh.ovok.client)


async def async_sessions(kh: Keyhouse) -> int:
    async with kh:
        response = await list_sessions.asyncio_detailed(client=kh.ovok.client)
        token: str = await kh.atoken("ovok")
        return int(response.status_code) + len(token)
