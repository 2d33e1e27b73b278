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
    # A body is refused (408) when no byte of it arrives for body_idle_s, or when it is not
    # complete after body_total_s: a field app on a slow network still gets its photos
    # through; a client trickling a byte now and then holds a connection five minutes at
    # most.
    body_idle_s: float = 10.0
    body_total_s: float = 300.0
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


async def read_body(request: Request, limit: int, limits: Limits) -> bytes:
    """The request's body, refused with 413 above ``limit`` bytes (by its Content-Length
    at once, else as soon as the bytes received pass it) and with 408 when the client
    sends nothing for ``limits.body_idle_s`` or has not finished after
    ``limits.body_total_s``."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise Problem(400, "The Content-Length header is not a number.")
        if int(declared) > limit:
            raise Problem(413, f"The body is {declared} bytes; this endpoint takes at most "
                               f"{limit} bytes.")
    chunks: list[bytes] = []
    size = 0
    stream = request.stream().__aiter__()
    deadline = time.monotonic() + limits.body_total_s
    while True:
        left = deadline - time.monotonic()
        try:
            chunk = await asyncio.wait_for(anext(stream),
                                           timeout=max(0.0, min(limits.body_idle_s, left)))
        except StopAsyncIteration:
            break
        except TimeoutError:
            raise Problem(408, "The body was not received in time (nothing for "
                               f"{limits.body_idle_s:g} s, or not complete after "
                               f"{limits.body_total_s:g} s).") from None
        size += len(chunk)
        if size > limit:
            raise Problem(413, f"The body is over {limit} bytes, the most this endpoint "
                               "takes.")
        chunks.append(chunk)
    return b"".join(chunks)
