"""``python -m bench._serve``: the sandbox in its own process, for the benchmarks.

Prints ``{"url": ..., "nodelay_workaround": ...}`` on one line once it accepts connections,
then serves until its standard input closes (so it never outlives the benchmark).

Loopback figures are meaningless if the server's sockets use Nagle's algorithm: uvicorn writes
a response's head and body separately, and the second write then waits for the client's
delayed ACK (about 40 ms per request on Linux). asyncio only sets ``TCP_NODELAY`` on sockets
whose ``proto`` is ``IPPROTO_TCP``, which a socket made as ``socket(AF_INET, SOCK_STREAM)``
is not; so if the sandbox's listening socket lacks it, it is set here (accepted sockets
inherit it on Linux) and the JSON says so.
"""

from __future__ import annotations

import json
import socket
import sys

from keyhouse_sandbox import Sandbox


def main() -> int:
    sandbox = Sandbox(admin=True)
    listener = sandbox.bind()
    workaround = not listener.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    if workaround:
        listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sandbox.start()
    try:
        line = json.dumps({"url": sandbox.url, "nodelay_workaround": workaround})
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
        sys.stdin.read()
    finally:
        sandbox.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
