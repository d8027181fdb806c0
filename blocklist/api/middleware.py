"""Request ids, access logs and metrics; the one place errors become the API's error shape; authentication."""

from __future__ import annotations

import itertools
import logging
import re
import secrets
import time

from aiohttp import web

from blocklist.api.routing import Access
from blocklist.errors import (
    BlocklistError,
    DatabaseUnavailable,
    Forbidden,
    InvalidRequest,
    RateLimited,
    Unauthorized,
    Unavailable,
)
from blocklist.http import client_address, guards_itself, json_response, root_app
from blocklist.keys import METRICS, OWN_ERROR_PAGES, PRINCIPAL, RUNTIME, SETTINGS
from blocklist.logs import request_id_var

# the salon a booking platform's key acts for (API.md, Booking platforms)
SALON_HEADER = "Blocklist-Salon"
from blocklist.models import KeyKind, ModeratorPrincipal, PlatformPrincipal, SalonPrincipal

log = logging.getLogger("blocklist.http")

_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_HTTP_CODES = {400: "invalid_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "invalid_request", 409: "conflict", 413: "payload_too_large", 415: "invalid_request",
               422: "invalid_request", 429: "rate_limited", 503: "unavailable"}
_HTTP_MESSAGES = {404: "no such resource", 405: "method not allowed on this resource",
                  413: "the body is too large"}
# request ids: a random per-process prefix and a counter (unique across processes, no system call per request)
_ID_PREFIX = secrets.token_hex(4)
_ID_COUNTER = itertools.count(1)


def error_response(status: int, code: str, message: str, details: list | None = None,
                   headers: dict[str, str] | None = None) -> web.Response:
    """The documented error body: {"error": {"code", "message", "details"}}."""
    return json_response({"error": {"code": code, "message": message, "details": details or []}},
                         status=status, headers=headers)


def _route_name(request: web.Request) -> str:
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else "unmatched"


def request_id_for(request: web.Request) -> str:
    """The caller's X-Request-Id when it is a sane one, else a new id."""
    incoming = request.headers.get("X-Request-Id", "")
    return incoming if incoming and _REQUEST_ID_RE.match(incoming) else f"{_ID_PREFIX}{next(_ID_COUNTER):08x}"


def stamp(headers, request_id: str) -> None:
    headers["X-Request-Id"] = request_id
    headers["Server"] = "blocklist"  # no version banner


def account(request: web.Request, status: int, started: float) -> None:
    """Metrics for every request; the access log when asked for (and for real failures always)."""
    elapsed = time.perf_counter() - started
    service = root_app(request)
    service[METRICS].observe_request(_route_name(request), request.method, status, elapsed)
    if service[SETTINGS].access_log or (status >= 500 and status != 503):
        extra = {"status": status, "duration_ms": round(elapsed * 1000, 2), "method": request.method,
                 "route": _route_name(request)}
        principal = request.get(PRINCIPAL)
        if isinstance(principal, SalonPrincipal):  # who called, never the key itself
            extra.update(salon_id=principal.salon.id, key_prefix=principal.key_prefix)
            if principal.via_platform:
                extra["platform_id"] = principal.via_platform
        elif isinstance(principal, PlatformPrincipal):
            extra.update(platform_id=principal.platform.id, key_prefix=principal.key_prefix)
        elif isinstance(principal, ModeratorPrincipal):
            extra["moderator_id"] = principal.moderator.id
        log.info("%s %s %s", request.method, request.path, status, extra=extra)


@web.middleware
async def request_context(request: web.Request, handler) -> web.StreamResponse:
    """Request id in and out, access log, metrics, and no server version banner."""
    final = request.match_info.handler
    if getattr(final, "self_contained", False):
        return await final(request)  # it does all three middlewares' work itself (see Api.route)
    request_id = request_id_for(request)
    token = request_id_var.set(request_id)
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        stamp(response.headers, request_id)
        return response
    except web.HTTPException as exc:  # redirects and console errors pass through here
        status = exc.status
        stamp(exc.headers, request_id)
        raise
    finally:
        account(request, status, started)
        request_id_var.reset(token)


@web.middleware
async def errors(request: web.Request, handler) -> web.StreamResponse:
    """Every failure becomes the error shape; a 500 never carries exception text (a sub-application with
    error pages of its own, the console, answers its own)."""
    if any(app.get(OWN_ERROR_PAGES) for app in request.match_info.apps):
        return await handler(request)
    try:
        return await handler(request)
    except Exception as exc:
        count_database_error(request, exc)
        return error_response_for(exc)


def count_database_error(request: web.Request, exc: Exception) -> None:
    """Requests that failed because the database was away or too slow (blocklist_database_errors)."""
    # (a service may answer a database failure with an Unavailable of its own words: it is the context then)
    if isinstance(exc, DatabaseUnavailable) or isinstance(exc.__context__, DatabaseUnavailable):
        request.config_dict[METRICS].database_errors.inc()


def error_response_for(exc: Exception) -> web.Response:
    """The error shape for a failure (what the `errors` middleware answers); redirects, a
    cancellation and anything not an Exception are raised again."""
    if isinstance(exc, BlocklistError):
        headers = {}
        if isinstance(exc, (RateLimited, Unavailable)):
            headers["Retry-After"] = str(exc.retry_after)
        if isinstance(exc, Unauthorized):
            headers["WWW-Authenticate"] = 'Bearer realm="blocklist"'
        if isinstance(exc, DatabaseUnavailable):
            # the database is out of reach or too slow: say so, and when to try again (nothing was half-done:
            # writes are acknowledged whole or not at all, and multi-step changes resume)
            log.warning("database error: %s", exc.cause)
        elif exc.status >= 500 and not isinstance(exc, Unavailable):
            # (503s are states, not faults: the runtime logs the outage or the loading once, not per request)
            log.error("request failed: %s", exc.message)
        return error_response(exc.status, exc.code, exc.message, exc.details, headers)
    if isinstance(exc, web.HTTPException):
        if exc.status < 400:
            raise exc
        headers = {k: v for k, v in exc.headers.items() if k in {"Allow", "Retry-After"}}
        message = _HTTP_MESSAGES.get(exc.status) or exc.reason.lower()
        return error_response(exc.status, _HTTP_CODES.get(exc.status, "internal" if exc.status >= 500 else "invalid_request"),
                              message, headers=headers)
    if isinstance(exc, ConnectionResetError):
        # the caller hung up before its body arrived: nobody to answer, nothing went wrong here
        return error_response(400, "invalid_request", "the connection closed before the request was complete")
    log.error("unhandled error", exc_info=exc)
    return error_response(500, "internal", "something went wrong on our side; it has been logged")


@web.middleware
async def authenticate(request: web.Request, handler) -> web.StreamResponse:
    """Resolve the bearer credential to a principal and enforce the operation's declared access."""
    if request.match_info.http_exception is not None:
        return await handler(request)
    operation = getattr(request.match_info.handler, "operation", None)
    if operation is None:
        if guards_itself(request.match_info.handler):
            return await handler(request)
        raise Forbidden("this route declares no access policy")  # deny by default
    await authorise(request, operation)
    return await handler(request)


async def authorise(request: web.Request, operation) -> None:
    """Enforce an operation's declared access and rate limit; the principal goes to request[PRINCIPAL]."""
    access = operation.access
    runtime = root_app(request)[RUNTIME]
    if access is Access.PUBLIC:
        if operation.rate_limit:
            await runtime.check_rate(operation.rate_limit, "ip:" + client_address(request))
        return
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("send an API key or moderator token as 'Authorization: Bearer <key>'")
    principal = await runtime.authenticate(token.strip(), client_address(request))
    salon_id = request.headers.get(SALON_HEADER, "").strip()
    if isinstance(principal, PlatformPrincipal) and (access in (Access.SECRET_KEY, Access.ANY_SALON_KEY) or (
            access is Access.SALON_OR_PLATFORM and salon_id)):
        # a booking platform acts for one of its salons, as that salon's secret key would
        if not salon_id:
            raise InvalidRequest(f"a platform key acts for one of its salons: send {SALON_HEADER}: <salon_id>",
                                 [{"field": SALON_HEADER, "problem": "missing"}])
        await runtime.check_rate("platform", f"platform:{principal.platform.id}")
        principal = await runtime.accounts.acting_for(principal, salon_id)
    if access is Access.PLATFORM and not isinstance(principal, PlatformPrincipal):
        raise Forbidden("this endpoint takes a booking platform's key (bl_pf_…)")
    if access is Access.SALON_OR_PLATFORM and not (
            isinstance(principal, PlatformPrincipal)
            or (isinstance(principal, SalonPrincipal) and principal.key_kind is KeyKind.SECRET)):
        raise Forbidden("this endpoint takes a salon's secret key or a booking platform's key")
    if access in (Access.SECRET_KEY, Access.ANY_SALON_KEY):
        if not isinstance(principal, SalonPrincipal):
            raise Forbidden("this endpoint takes a salon API key")
        if access is Access.SECRET_KEY and principal.key_kind is not KeyKind.SECRET:
            raise Forbidden("this endpoint takes a secret key; publishable keys can only look up")
        if operation.scope is not None and operation.scope not in principal.scopes:
            raise Forbidden(f"this key was issued without the {operation.scope} scope (it has: "
                            f"{', '.join(sorted(principal.scopes))})")
    elif access is Access.AUTHENTICATED:
        pass
    elif access in (Access.MODERATOR, Access.ADMIN):
        if not isinstance(principal, ModeratorPrincipal):
            raise Forbidden("this endpoint is for moderators")
        if access is Access.ADMIN and not principal.is_admin:
            raise Forbidden("this endpoint is for admins")
    request[PRINCIPAL] = principal
    if operation.rate_limit:
        subject = (principal.limit_subject if isinstance(principal, SalonPrincipal)
                   else f"platform:{principal.platform.id}" if isinstance(principal, PlatformPrincipal)
                   else principal.moderator.id)
        await runtime.check_rate(operation.rate_limit, subject, principal)
        if isinstance(principal, SalonPrincipal) and principal.key_kind is KeyKind.PUBLISHABLE:
            await runtime.check_rate("lookup_address", "ip:" + client_address(request))


async def self_contained(request: web.Request, operation, answer) -> web.StreamResponse:
    """What the three middlewares do, in one frame, around `answer(request)` — for the lookup, whose
    whole budget is a couple of hundred microseconds (the middleware chain cost a fifth of it)."""
    request_id = request_id_for(request)
    token = request_id_var.set(request_id)
    started = time.perf_counter()
    try:
        try:
            await authorise(request, operation)
            response = await answer(request)
        except Exception as exc:  # (a cancellation is not an Exception: it goes through)
            count_database_error(request, exc)
            response = error_response_for(exc)
        stamp(response.headers, request_id)
        account(request, response.status, started)
        return response
    finally:
        request_id_var.reset(token)
