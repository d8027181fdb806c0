"""Health, readiness, metrics and the OpenAPI document."""

from __future__ import annotations

from aiohttp import web

from blocklist.api.routing import Access, Api
from blocklist.http import json_response
from blocklist.keys import METRICS, OPENAPI, PRINCIPAL, RUNTIME
from blocklist.models import PlatformPrincipal, SalonPrincipal
from blocklist.schemas import Health, Me, PageCheck, PageCheckIn, Readiness

api = Api()

DESCRIPTION = (
    "Blocklist: salons report deliberate fake bookings and chronic no-shows; moderators review "
    "cases and block emails and phone numbers; booking pages ask /v1/lookup for allow, challenge "
    "or block. Every 4xx/5xx answer has the body {\"error\": {\"code\", \"message\", \"details\"}}."
)


@api.route("GET", "/healthz", summary="The process is alive", access=Access.PUBLIC, tag="system",
           response=Health)
async def healthz(request: web.Request) -> web.Response:
    return json_response({"status": "ok"})


@api.route("GET", "/readyz", summary="The database answers and the lookup index is loaded",
           access=Access.PUBLIC, tag="system", response=Readiness, errors=(503,))
async def readyz(request: web.Request) -> web.Response:
    checks = request.app[RUNTIME].readiness()
    ready = all(value == "ok" for value in checks.values())
    return json_response({"status": "ready" if ready else "not_ready", "checks": checks}, status=200 if ready else 503)


@api.route("GET", "/metrics", summary="Prometheus metrics of this process", access=Access.PUBLIC,
           tag="system", content_type="text/plain")
async def metrics(request: web.Request) -> web.Response:
    await request.app[RUNTIME].refresh_gauges()
    body = request.app[METRICS].render()
    return web.Response(body=body, headers={"Content-Type": request.app[METRICS].content_type})


@api.route("GET", "/openapi.json", summary="This document", access=Access.PUBLIC, tag="system")
async def openapi(request: web.Request) -> web.Response:
    return json_response(request.app[OPENAPI])


@api.route("GET", "/v1/me", summary="Who this credential belongs to (check a key works)",
           access=Access.AUTHENTICATED, tag="system", response=Me, rate_limit="api")
async def me(request: web.Request) -> web.Response:
    principal = request[PRINCIPAL]
    if isinstance(principal, PlatformPrincipal):
        return json_response({"kind": "platform_key", "platform_id": principal.platform.id,
                              "platform_name": principal.platform.name})
    if isinstance(principal, SalonPrincipal):
        return json_response({"kind": "salon_key", "salon_id": principal.salon.id, "salon_name": principal.salon.name,
                              "key_kind": principal.key_kind.value, "scopes": sorted(principal.scopes)})
    return json_response({"kind": "moderator", "moderator_id": principal.moderator.id,
                          "username": principal.moderator.username, "role": principal.moderator.role.value})


@api.route("POST", "/v1/me/page-check", summary="Is the booking check set up on this page? The service reads the "
           "page (https, public addresses only, no redirects) and says what is missing", access=Access.SECRET_KEY,
           tag="system", body=PageCheckIn, response=PageCheck, rate_limit="page_checks")
async def page_check(request: web.Request, body: PageCheckIn) -> web.Response:
    findings = await request.config_dict[RUNTIME].page_checker.check(request[PRINCIPAL].salon, body.url)
    return json_response({"url": body.url, "ok": all(f.ok for f in findings),
                          "findings": [{"check": f.check, "ok": f.ok, "text": f.text} for f in findings]})
