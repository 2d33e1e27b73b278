"""RFC 9457 problem details: every refusal the API makes, as ``application/problem+json``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.responses import JSONResponse

PROBLEM_TYPE = "application/problem+json"
TITLES = {
    400: "Malformed request", 401: "Not authenticated", 403: "Not allowed",
    404: "Not found", 405: "Method not allowed", 408: "Request timed out",
    409: "Conflict", 413: "Request body too large", 415: "Unsupported media type",
    422: "Invalid request", 429: "Too many requests", 500: "Internal error",
    503: "Database unavailable",
}
SLUGS = {
    400: "malformed", 401: "unauthenticated", 403: "forbidden", 404: "not-found",
    405: "method-not-allowed", 408: "timeout", 409: "conflict", 413: "too-large",
    415: "unsupported-media-type", 422: "validation", 429: "rate-limited", 500: "internal",
    503: "unavailable",
}


@dataclass
class FieldError:
    field: str
    reason: str


@dataclass(eq=False)
class Problem(Exception):
    """A refusal: raised anywhere in a handler, answered as a problem document."""

    status: int
    detail: str
    errors: list[FieldError] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.detail}"


def problem_response(status: int, detail: str, errors: list[FieldError] | None = None,
                     headers: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"/api/v1/problems/{SLUGS.get(status, 'error')}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = [{"field": e.field, "reason": e.reason} for e in errors]
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_TYPE)
