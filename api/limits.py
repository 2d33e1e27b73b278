"""What one client may send: body sizes, how long a body may take, a per-token rate."""

from __future__ import annotations

import asyncio
import math
import threading
import time
from dataclasses import dataclass

from starlette.requests import Request

from api.problems import Problem


@dataclass(frozen=True, slots=True)
class Limits:
    """The server's limits; ``main.py serve`` takes the defaults, tests shrink them."""

    json_bytes: int = 256 * 1024  # a case, a heartbeat, a JSON alert batch
    xml_bytes: int = 2 * 1024 * 1024  # a CAP document
    upload_bytes: int = 40 * 1024 * 1024  # an event with its photos and text
    body_timeout_s: float = 30.0  # a body that takes longer is refused (408)
    rate_per_s: float = 20.0  # requests per second per token, sustained
    burst: int = 100  # requests a token may send at once


class RateLimiter:
    """One token bucket per API token, in memory (per server process)."""

    def __init__(self, rate_per_s: float, burst: int) -> None:
        self._rate = rate_per_s
        self._burst = float(burst)
        self._buckets: dict[int, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, token_id: int) -> float:
        """0 if the request may go; else the seconds until it could."""
        now = time.monotonic()
        with self._lock:
            level, at = self._buckets.get(token_id, (self._burst, now))
            level = min(self._burst, level + (now - at) * self._rate)
            if level >= 1.0:
                self._buckets[token_id] = (level - 1.0, now)
                return 0.0
            self._buckets[token_id] = (level, now)
            return (1.0 - level) / self._rate if self._rate > 0 else math.inf


async def read_body(request: Request, limit: int, timeout_s: float) -> bytes:
    """The request's body, refused with 413 above ``limit`` bytes (by its Content-Length
    at once, else as soon as the bytes received pass it) and with 408 when the client
    takes longer than ``timeout_s`` to send it."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise Problem(400, "The Content-Length header is not a number.")
        if int(declared) > limit:
            raise Problem(413, f"The body is {declared} bytes; this endpoint takes at most "
                               f"{limit} bytes.")
    chunks: list[bytes] = []
    size = 0

    async def receive_all() -> None:
        nonlocal size
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise Problem(413, f"The body is over {limit} bytes, the most this endpoint "
                                   "takes.")
            chunks.append(chunk)

    try:
        await asyncio.wait_for(receive_all(), timeout=timeout_s)
    except TimeoutError:
        raise Problem(408, f"The body was not received within {timeout_s:g} s.") from None
    return b"".join(chunks)
