"""``main.py serve``: the intake API under uvicorn, with the timeouts a public-facing
server needs."""

from __future__ import annotations

import socket

import uvicorn

from api.limits import Limits
from api.server import create_app
from console.app import App

# A connection idle this long between requests is closed; a request whose body takes
# too slowly (Limits.body_idle_s, body_total_s) is answered 408 (api/limits.py).
KEEP_ALIVE_S = 5
MAX_CONNECTIONS = 200  # beyond this uvicorn answers 503 at once
MAX_HEADER_BYTES = 16 * 1024


def server(app: App, host: str, port: int, limits: Limits | None = None,
           *, log_level: str = "info", access_log: bool = True) -> uvicorn.Server:
    """A uvicorn server for ``app`` (``.run()`` it, or ``.serve(sockets)`` in a test)."""
    config = uvicorn.Config(
        create_app(app, limits), host=host, port=port, log_level=log_level,
        access_log=access_log, timeout_keep_alive=KEEP_ALIVE_S,
        limit_concurrency=MAX_CONNECTIONS, server_header=False, proxy_headers=False,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES, lifespan="off")
    return uvicorn.Server(config)


def bound_socket(host: str, port: int) -> socket.socket:
    """A listening socket (port 0: a free one, read back with ``getsockname``)."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock
