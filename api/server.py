"""The intake API on Starlette: ``create_app(app)`` is the ASGI application of one
``App`` (tests pass one opened on a fake clock); every write goes through its services.

Routes (all under ``/api/v1``; ``openapi.json`` beside them describes each):
``POST /cases``, ``GET /cases/{ref}``, ``POST /cases/{ref}/events``, ``POST /alerts``,
``POST /heartbeats/{feed}``, ``POST /pages/{code}/ack``.

The services are synchronous and take the database's locks: each call runs on Starlette's
thread pool, never on the event loop. Refusals are RFC 9457 problem details
(``api/problems.py``); an unexpected error is logged here and answered with a plain 500
problem, never a traceback.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from api.limits import Limits, RateLimiter, read_body
from api.openapi import document
from api.problems import FieldError, Problem, problem_response
from console.app import App
from console.core.domain import CaseDetail
from console.core.errors import (
    ConflictError,
    DatabaseUnavailable,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from console.intake.photos import KINDS, MAX_PHOTOS, PhotoUpload
from console.intake.tokens import TokenIdentity
from console.territory.places import LonLat, to_wgs84

log = logging.getLogger(__name__)

PREFIX = "/api/v1"
CASE_FIELDS = {"title", "category", "severity", "source", "grid", "longitude", "latitude", "crs",
               "address", "location", "reporter", "description"}
JSON_TYPES = ("application/json",)
XML_TYPES = ("application/cap+xml", "application/xml", "text/xml")
Handler = Callable[[Request, TokenIdentity], Awaitable[Response]]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def _json_object(body: bytes) -> dict[str, Any]:
    if not body.strip():
        raise Problem(400, "The body is empty; send a JSON object.")
    try:
        value = json.loads(body)
    except (ValueError, RecursionError) as exc:
        where = (f" at line {exc.lineno}, column {exc.colno}"
                 if isinstance(exc, json.JSONDecodeError) else "")
        raise Problem(400, f"The body is not valid JSON{where}.") from None
    if not isinstance(value, dict):
        raise Problem(400, f"The body is a JSON {type(value).__name__}; send an object.")
    return value


def _text(body: dict[str, Any], name: str, errors: list[FieldError], *,
          required: bool = False) -> str:
    value = body.get(name)
    if value is None:
        if required:
            errors.append(FieldError(name, "is required"))
        return ""
    if not isinstance(value, str):
        errors.append(FieldError(name, f"must be a string, not {type(value).__name__}"))
        return ""
    return value


def _case_summary(case: CaseDetail) -> dict[str, Any]:
    row = case.row
    return {"reference": row.reference, "stage": row.stage.value, "paused": row.paused,
            "url": f"{PREFIX}/cases/{row.reference}"}


class IntakeApi:
    """The routes of one server, bound to one ``App``."""

    def __init__(self, app: App, limits: Limits) -> None:
        self.app = app
        self.limits = limits
        self.rate = RateLimiter(limits.rate_per_s, limits.burst)

    # ---- plumbing ----------------------------------------------------------------------

    def guarded(self, scope: str, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        """``handler`` behind the token check (401), the scope check (403) and the
        token's rate limit (429)."""

        async def endpoint(request: Request) -> Response:
            header = request.headers.get("authorization", "")
            kind, _, secret = header.partition(" ")
            if kind.lower() != "bearer" or not secret.strip():
                raise Problem(401, "Send an API token: 'Authorization: Bearer <token>'.",
                              headers={"WWW-Authenticate": 'Bearer realm="watchroom"'})
            try:
                who = await run_in_threadpool(self.app.tokens.identify, secret.strip())
            except PermissionDenied as exc:
                raise Problem(401, str(exc), headers={
                    "WWW-Authenticate": 'Bearer realm="watchroom", error="invalid_token"'}
                ) from None
            if scope not in who.scopes:
                raise Problem(403, f"Token {who.name!r} lacks the scope {scope!r}; it has "
                                   f"{', '.join(sorted(who.scopes))}.")
            wait = self.rate.take(who.token_id)
            if wait > 0:
                raise Problem(429, f"Token {who.name!r} is sending faster than "
                                   f"{self.limits.rate_per_s:g} requests per second.",
                              headers={"Retry-After": str(max(1, int(wait + 0.999)))})
            try:
                return await handler(request, who)
            except (Problem, HTTPException):
                raise
            except Exception as exc:  # answered here: the connection stays usable
                return _failed(request, exc)

        return endpoint

    async def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """A service call on the thread pool, its domain errors as problems."""
        try:
            return await run_in_threadpool(fn, *args, **kwargs)
        except ValidationError as exc:
            raise Problem(422, str(exc), [FieldError(exc.field or "", str(exc))]) from None
        except NotFound as exc:
            raise Problem(404, str(exc)) from None
        except PermissionDenied as exc:
            raise Problem(403, str(exc)) from None
        except ConflictError as exc:
            raise Problem(409, str(exc)) from None
        except DatabaseUnavailable as exc:
            raise Problem(503, str(exc), headers={"Retry-After": "5"}) from None

    # ---- cases ---------------------------------------------------------------------------

    async def post_case(self, request: Request, who: TokenIdentity) -> Response:
        body = _json_object(await read_body(request, self.limits.json_bytes,
                                            self.limits))
        errors = [FieldError(k, "is not a field of a case") for k in sorted(body)
                  if k not in CASE_FIELDS]
        fields: dict[str, Any] = {
            "title": _text(body, "title", errors, required=True),
            "category": _text(body, "category", errors, required=True),
            "source": _text(body, "source", errors) or "hotline",
            "description": _text(body, "description", errors),
            "reporter": _text(body, "reporter", errors),
        }
        if fields["source"] == "drill":
            errors.append(FieldError("source", "drill cases are opened from a drill "
                                               "incident in the console, not over the API"))
        severity = body.get("severity")
        if severity is None:
            errors.append(FieldError("severity", "is required"))
        elif isinstance(severity, bool) or not isinstance(severity, (int, str)):
            errors.append(FieldError("severity", "must be 1, 2, 3 or 4"))
        fields["severity"] = severity
        grid = _text(body, "grid", errors)
        address = _text(body, "address", errors)
        fields["location"] = _text(body, "location", errors) or address
        for name in ("longitude", "latitude"):
            value = body.get(name)
            if value is not None and (isinstance(value, bool)
                                      or not isinstance(value, (int, float))):
                errors.append(FieldError(name, "must be a number (WGS84 degrees)"))
        crs = _text(body, "crs", errors) or "wgs84"
        lon, lat = body.get("longitude"), body.get("latitude")
        point: LonLat | None = None
        if (lon is None) != (lat is None):
            errors.append(FieldError("longitude" if lon is None else "latitude",
                                     "longitude and latitude come together"))
        elif lon is not None and lat is not None and not errors:
            try:
                point = to_wgs84(lon, lat, crs)
            except ValidationError as exc:
                errors.append(FieldError(exc.field or "longitude", str(exc)))
        if point is None and address and not errors:
            try:
                found = self.app.gazetteer.resolve(address)
            except ValidationError as exc:
                errors.append(FieldError("address", str(exc)))
            else:
                point = LonLat(found.lon, found.lat)
                fields["location"] = _text(body, "location", errors) or found.address
        if not grid and point is None and not address and lon is None:
            errors.append(FieldError("grid", "say where: a grid, longitude and latitude, "
                                             "or an address"))
        fields["grid"] = grid or None
        fields["point"] = point
        if errors:
            raise Problem(422, "The case was not reported: " + "; ".join(
                f"{e.field} {e.reason}" for e in errors) + ".", errors)
        key = request.headers.get("idempotency-key")
        done = await self.call(self.app.intake.report, who.operator, who.token_id, key,
                               **fields)
        summary = _case_summary(done.case)
        headers = {"Location": summary["url"]}
        if not done.created:
            headers["Idempotent-Replayed"] = "true"
        return JSONResponse(summary, status_code=201 if done.created else 200,
                            headers=headers)

    async def get_case(self, request: Request, who: TokenIdentity) -> Response:
        internal = "cases:read-internal" in who.scopes
        status = await self.call(self.app.intake.status, request.path_params["ref"], internal)
        row = status.case.row
        out: dict[str, Any] = {
            "reference": row.reference, "title": row.title, "category": row.category.value,
            "severity": int(row.severity), "source": row.source.value, "grid": row.grid_code,
            "stage": row.stage.value, "paused": row.paused, "team": row.team_code,
            "reported_at": _iso(row.reported_at), "updated_at": _iso(row.updated_at),
            "closed_at": _iso(row.closed_at), "escalation_level": row.escalation_level,
            "next_deadline": ({"kind": row.next_due_kind, "due_at": _iso(row.next_due_at)}
                              if row.next_due_at is not None else None),
            "deadlines": [{**d, "due_at": _iso(d["due_at"]), "met_at": _iso(d["met_at"])}
                          for d in status.deadlines],
            "progress": [{**p, "at": _iso(p["at"])} for p in status.progress],
            "photos": [{**p, "added_at": _iso(p["added_at"])} for p in status.photos],
        }
        if internal:
            case = status.case
            out.update(description=case.description, location=case.location,
                       reporter=case.reporter, pause_reason=case.pause_reason,
                       created_by=case.created_by, updated_by=case.updated_by)
        return JSONResponse(out)

    async def post_event(self, request: Request, who: TokenIdentity) -> Response:
        media = _media_type(request)
        ref = request.path_params["ref"]
        photos: list[PhotoUpload] = []
        if media == "multipart/form-data":
            body = await read_body(request, self.limits.upload_bytes,
                                   self.limits)
            action, text, photos = await self._event_form(request, body)
        elif media in JSON_TYPES:
            body_json = _json_object(await read_body(request, self.limits.json_bytes,
                                                     self.limits))
            errors: list[FieldError] = [FieldError(k, "is not a field of an event")
                                        for k in sorted(body_json)
                                        if k not in {"action", "text"}]
            action = _text(body_json, "action", errors, required=True)
            text = _text(body_json, "text", errors)
            if errors:
                raise Problem(422, "The event was not recorded.", errors)
        else:
            raise Problem(415, "Send the event as multipart/form-data (with photos) or "
                               "application/json.")
        case = await self.call(self.app.intake.progress, who.operator, ref, action, text,
                               photos)
        shown = await self.call(self.app.photos.of_case, case.row.id)
        return JSONResponse({**_case_summary(case), "photos": [
            {"sha256": p.sha256, "kind": p.kind, "mime": p.mime, "size": p.size}
            for p in shown]})

    async def _event_form(self, request: Request, body: bytes
                          ) -> tuple[str, str, list[PhotoUpload]]:
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        form_request = Request(request.scope, replay)
        try:
            form = await form_request.form(max_files=MAX_PHOTOS, max_fields=10)
        except HTTPException as exc:
            raise Problem(400, f"The multipart body could not be read: {exc.detail}") from None
        try:
            errors = [FieldError(k, "is not a field of an event") for k in sorted(set(form))
                      if k not in {"action", "text", *KINDS}]
            action_value = form.get("action")
            text_value = form.get("text") or ""
            if not isinstance(action_value, str) or not action_value:
                errors.append(FieldError("action", "is required (start, note or resolve)"))
            if not isinstance(text_value, str):
                errors.append(FieldError("text", "must be a text field, not a file"))
            photos: list[PhotoUpload] = []
            for kind in KINDS:
                for item in form.getlist(kind):
                    if not isinstance(item, UploadFile):
                        errors.append(FieldError(kind, "must be a file part"))
                        continue
                    photos.append(PhotoUpload(await item.read(), kind, item.filename or ""))
            if errors:
                raise Problem(422, "The event was not recorded.", errors)
            return str(action_value), str(text_value), photos
        finally:
            await form.close()

    # ---- alerts, heartbeats, pages ------------------------------------------------------

    async def post_alerts(self, request: Request, who: TokenIdentity) -> Response:
        media = _media_type(request)
        name = f"api:{who.name}"
        if media in XML_TYPES:
            data = await read_body(request, self.limits.xml_bytes, self.limits)
            kind = "cap"
        elif media in JSON_TYPES:
            raw = await read_body(request, self.limits.json_bytes, self.limits)
            try:
                value = json.loads(raw) if raw.strip() else None
            except (ValueError, RecursionError):
                raise Problem(400, "The body is not valid JSON.") from None
            items: list[Any] = value if isinstance(value, list) else [value]
            if not items or not all(isinstance(i, dict) for i in items):
                raise Problem(400, "Send one alert as a JSON object, or a JSON array of "
                                   "alert objects.")
            for item in items:
                item.setdefault("source", who.name[:24])
            data = "\n".join(json.dumps(i, ensure_ascii=False) for i in items).encode()
            kind = "jsonl"
        else:
            raise Problem(415, "Send alerts as application/json or as CAP 1.2 XML "
                               "(application/cap+xml).")
        report = await self.call(self.app.importer.import_bytes, data, name, kind=kind,
                                 actor=who.operator)
        rejections = [{"record": r.record, "reason": " ".join(r.reason.split())}
                      for r in report.rejections]
        if report.rejected and not (report.accepted or report.duplicates or report.updated):
            raise Problem(422, "No alert was taken: " + "; ".join(
                r["reason"] for r in rejections[:3]), [
                FieldError(f"record {r['record']}" if r["record"] else "body", r["reason"])
                for r in rejections])
        return JSONResponse({"accepted": report.accepted, "duplicates": report.duplicates,
                             "updated": report.updated, "rejected": report.rejected,
                             "rejections": rejections},
                            status_code=201 if report.accepted else 200)

    async def post_heartbeat(self, request: Request, who: TokenIdentity) -> Response:
        body = _json_object(await read_body(request, self.limits.json_bytes,
                                            self.limits))
        errors = [FieldError(k, "is not a field of a heartbeat") for k in sorted(body)
                  if k != "interval"]
        interval = body.get("interval")
        if interval is None:
            errors.append(FieldError("interval", "is required (seconds between beats)"))
        elif isinstance(interval, bool) or not isinstance(interval, int):
            errors.append(FieldError("interval", "must be whole seconds"))
        if errors:
            raise Problem(422, "The heartbeat was not recorded.", errors)
        beat = await self.call(self.app.heartbeats.beat, who.operator,
                               request.path_params["feed"], interval, who.token_id)
        feed = beat.feed
        return JSONResponse({"feed": feed.name, "interval": feed.interval_s,
                             "last_beat_at": _iso(feed.last_beat_at),
                             "silent_after": _iso(feed.late_at()), "beats": feed.beats,
                             "resolved_alert": beat.resolved_alert},
                            status_code=201 if beat.created else 200)

    async def ack_page(self, request: Request, who: TokenIdentity) -> Response:
        done = await self.call(self.app.paging.acknowledge, who.operator,
                               request.path_params["code"])
        return JSONResponse({"code": done.code, "reference": done.reference,
                             "stopped": done.stopped})


async def _openapi(_request: Request) -> Response:
    return JSONResponse(document())


async def _on_problem(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Problem)
    return problem_response(exc.status, exc.detail, exc.errors, exc.headers)


async def _on_http(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = exc.detail if exc.status_code != 404 else "No such resource in this API."
    return problem_response(exc.status_code, str(detail), headers=dict(exc.headers or {}))


def _failed(request: Request, exc: Exception) -> Response:
    """An unexpected failure: logged with its traceback here, a plain 500 problem there."""
    log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return problem_response(500, "The server failed to handle the request; it has been "
                                 "logged. Retrying with the same Idempotency-Key is safe.")


async def _on_error(request: Request, exc: Exception) -> Response:
    # Outside an endpoint (uvicorn then closes the connection after this answer).
    return _failed(request, exc)


def create_app(app: App, limits: Limits | None = None) -> Starlette:
    """The ASGI application serving ``app``'s services."""
    api = IntakeApi(app, limits or Limits())
    routes = [
        Route(f"{PREFIX}/openapi.json", _openapi, methods=["GET"]),
        Route(f"{PREFIX}/cases", api.guarded("cases:write", api.post_case), methods=["POST"]),
        Route(f"{PREFIX}/cases/{{ref}}", api.guarded("cases:read", api.get_case),
              methods=["GET"]),
        Route(f"{PREFIX}/cases/{{ref}}/events", api.guarded("cases:write", api.post_event),
              methods=["POST"]),
        Route(f"{PREFIX}/alerts", api.guarded("alerts:write", api.post_alerts),
              methods=["POST"]),
        Route(f"{PREFIX}/heartbeats/{{feed}}",
              api.guarded("heartbeats:write", api.post_heartbeat), methods=["POST"]),
        Route(f"{PREFIX}/pages/{{code}}/ack", api.guarded("pages:write", api.ack_page),
              methods=["POST"]),
    ]
    return Starlette(routes=routes, exception_handlers={
        Problem: _on_problem, HTTPException: _on_http, Exception: _on_error})
