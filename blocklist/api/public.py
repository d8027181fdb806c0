"""Public endpoints: the appeal a listed person files, and browsers' reports of refused content."""

from __future__ import annotations

from aiohttp import web

from blocklist.api.routing import Access, Api
from blocklist.http import json_response
from blocklist.keys import RUNTIME
from blocklist.schemas import AppealIn, AppealReceived, CspReportIn

api = Api()


@api.route("POST", "/v1/appeals", summary="Contest a listing (no key; limited per client address)",
           access=Access.PUBLIC, tag="public", body=AppealIn, response=AppealReceived, status=202,
           rate_limit="appeals", same_site_only=True)
async def submit_appeal(request: web.Request, body: AppealIn) -> web.Response:
    answer = await request.config_dict[RUNTIME].moderation.submit_appeal(
        body.name, body.email, body.phone, body.message, country=body.country, reference=body.reference)
    return json_response(answer, status=202)


@api.route("POST", "/csp-reports", summary="Browsers report here what the pages' Content-Security-Policy refused",
           access=Access.PUBLIC, tag="public", body=CspReportIn, status=204, rate_limit="csp_reports")
async def csp_report(request: web.Request, body: CspReportIn) -> web.Response:
    await request.config_dict[RUNTIME].watchdog.csp_violation(body.csp_report)
    return web.Response(status=204)
