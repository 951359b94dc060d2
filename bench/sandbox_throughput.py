"""Requests per second the sandbox serves on loopback (not a timed test).

    PYTHONPATH=sandbox:generated/models python bench/sandbox_throughput.py [--seconds 3]

The sandbox runs in a child process (so client and server do not share a GIL); N threads,
each with its own keep-alive ``httpx.Client``, send authenticated requests to a cheap endpoint
(Nuxera ``GET /api/auth/me``, JWT checked on every request) and a login endpoint. httpx itself
costs about a millisecond of CPU per request, so with threads in one process the client is the
bottleneck; the "raw" rows use N client *processes* speaking HTTP/1.1 keep-alive over plain
sockets, which measures what the server can do. Prints a table of requests/s.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import threading
import time

import httpx

ENDPOINTS = {
    "GET  /nuxera/api/auth/me (JWT)": ("GET", "/nuxera/api/auth/me", None),
    "POST /oauth2/token (login)": ("POST", "/oauth2/token", "form"),
}


def _serve() -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "keyhouse_sandbox", "--port", "0"], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    url = first.split("keyhouse sandbox on ", 1)[1].strip()
    for line in proc.stdout:
        if "Ctrl-C" in line:
            break
    return proc, url


def _run(url: str, method: str, path: str, kind: str | None, clients: int, seconds: float) -> float:
    from keyhouse_sandbox import DEMO_CREDENTIALS

    token = httpx.post(
        url + "/nuxera/api/auth/login",
        json={
            "username": DEMO_CREDENTIALS["nuxera"]["username"],
            "password": DEMO_CREDENTIALS["nuxera"]["password"],
        },
    ).json()["token"]
    form = {"grant_type": "client_credentials", **DEMO_CREDENTIALS["oauth2"]}
    counts = [0] * clients
    stop = time.perf_counter() + seconds

    def worker(i: int) -> None:
        with httpx.Client(base_url=url, headers={"authorization": f"Bearer {token}"}) as c:
            n = 0
            while time.perf_counter() < stop:
                r = c.request(method, path, data=form if kind == "form" else None)
                r.raise_for_status()
                n += 1
            counts[i] = n

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.perf_counter() - started)


def _raw_worker(args: tuple[str, str, float]) -> int:
    import socket

    url, token, seconds = args
    host, port = url.removeprefix("http://").split(":")
    request = (
        f"GET /nuxera/api/auth/me HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\r\n"
    ).encode()
    n = 0
    with socket.create_connection((host, int(port))) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        stop = time.perf_counter() + seconds
        while time.perf_counter() < stop:
            sock.sendall(request)
            data = b""
            while not data.endswith(b"}"):
                chunk = sock.recv(65536)
                if not chunk:
                    raise ConnectionError("server closed the connection")
                data += chunk
            if not data.startswith(b"HTTP/1.1 200"):
                raise AssertionError(data[:80])
            n += 1
    return n


def _run_raw(url: str, processes: int, seconds: float) -> float:
    import multiprocessing

    from keyhouse_sandbox import DEMO_CREDENTIALS

    token = httpx.post(
        url + "/nuxera/api/auth/login",
        json={
            "username": DEMO_CREDENTIALS["nuxera"]["username"],
            "password": DEMO_CREDENTIALS["nuxera"]["password"],
        },
    ).json()["token"]
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        started = time.perf_counter()
        total = sum(pool.map(_raw_worker, [(url, token, seconds)] * processes))
        return total / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--clients", type=int, nargs="*", default=[1, 4, 16])
    args = parser.parse_args()
    started = time.perf_counter()
    proc, url = _serve()
    print(f"sandbox process up in {time.perf_counter() - started:.2f} s at {url}")
    try:
        print(f"{'endpoint':34} {'clients':>7} {'req/s':>9}")
        for label, (method, path, kind) in ENDPOINTS.items():
            for n in args.clients:
                rate = _run(url, method, path, kind, n, args.seconds)
                print(f"{label:34} {n:>7} {rate:>9.0f}")
        for n in args.clients:
            rate = _run_raw(url, n, args.seconds)
            print(f"{'GET  /nuxera/api/auth/me (raw)':34} {n:>7} {rate:>9.0f}")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
