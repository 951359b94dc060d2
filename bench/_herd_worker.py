"""``python -m bench._herd_worker SPEC``: one process of a process herd.

``SPEC`` is JSON: ``{"lib": "keyhouse" | "httpx_auth" | "authlib", ...}``. The worker builds
its client (imports and set-up done), prints ``ready``, waits for a line on standard input,
sends one authenticated GET and prints ``{"status": ..., "start": ..., "end": ...}``.
keyhouse reads its settings (``KEYHOUSE_CACHE`` included) from the environment.
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

TIMEOUT = 30.0
EXPIRED = {"access_token": "expired", "token_type": "Bearer", "expires_at": 1}


def _client(spec: dict[str, Any]) -> tuple[Callable[[], int], Callable[[], None]]:
    lib = spec["lib"]
    if lib == "keyhouse":
        from keyhouse import Keyhouse

        kh = Keyhouse.from_env()
        client = kh.client(spec["provider"]).client.get_httpx_client()
        return (lambda: client.get(spec["path"]).status_code), kh.close
    if lib == "httpx_auth":
        import httpx
        import httpx_auth

        auth = httpx_auth.OAuth2ClientCredentials(
            spec["token_url"], spec["client_id"], spec["client_secret"]
        )
        plain = httpx.Client(auth=auth, timeout=TIMEOUT)
        return (lambda: plain.get(spec["resource_url"]).status_code), plain.close
    if lib == "authlib":
        from authlib.integrations.httpx_client import (  # type: ignore[import-untyped]
            OAuth2Client,
        )

        session = OAuth2Client(
            client_id=spec["client_id"],
            client_secret=spec["client_secret"],
            token_endpoint=spec["token_url"],
            grant_type="client_credentials",
            token=dict(EXPIRED),
            timeout=TIMEOUT,
        )
        return (lambda: session.get(spec["resource_url"]).status_code), session.close
    raise SystemExit(f"unknown lib {lib!r}")


def main() -> int:
    # Authlib 1.9.7+ announces its move to httpx2 on import; the herd does not care.
    warnings.filterwarnings("ignore", message="The httpx module is deprecated")
    spec = json.loads(sys.argv[1])
    send, close = _client(spec)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    sys.stdin.readline()
    start = time.time()
    try:
        status: int | str = send()
    except Exception as exc:  # reported, not hidden: the row shows it
        status = type(exc).__name__
    end = time.time()
    close()
    sys.stdout.write(json.dumps({"status": status, "start": start, "end": end}) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
