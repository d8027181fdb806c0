"""Public endpoints: the appeal a listed person files, proves and follows, and browsers' reports of
refused content."""

from __future__ import annotations

from aiohttp import web

from blocklist import views
from blocklist.api.routing import Access, Api
from blocklist.http import bearer_token, json_response
from blocklist.keys import RUNTIME
from blocklist.schemas import (
    AppealCodeIn,
    AppealCodeSent,
    AppealIn,
    AppealReceived,
    AppealStatus,
    AppealVerified,
    CspReportIn,
)

api = Api()


@api.route("POST", "/v1/appeals", summary="Contest a listing (no key; limited per client address)",
           access=Access.PUBLIC, tag="public", body=AppealIn, response=AppealReceived, status=202,
           rate_limit="appeals", same_site_only=True)
async def submit_appeal(request: web.Request, body: AppealIn) -> web.Response:
    filed = await request.config_dict[RUNTIME].appeals.submit(
        body.name, body.email, body.phone, body.message, country=body.country, reference=body.reference,
        language=body.language, never_booked=body.never_booked)
    return json_response({"id": filed.appeal.id, "status": filed.appeal.status, "verify_by": filed.appeal.verify_by,
                          "status_token": filed.status_token}, status=202)


@api.route("POST", "/v1/appeals/{appeal_id}/verify", summary="Prove the email or phone is yours with the code "
           "sent to it (five wrong codes lock the appeal)", access=Access.PUBLIC, tag="public", body=AppealCodeIn,
           response=AppealVerified, rate_limit="appeal_codes", same_site_only=True, errors=(404, 409))
async def verify_appeal(request: web.Request, body: AppealCodeIn) -> web.Response:
    verified = await request.config_dict[RUNTIME].appeals.verify(request.match_info["appeal_id"][:80], body.code)
    return json_response({"status": verified.status})


@api.route("POST", "/v1/appeals/{appeal_id}/code", summary="Send a new code (Authorization: Bearer <status_token>; "
           "three codes at most, a minute apart)", access=Access.PUBLIC, tag="public", response=AppealCodeSent,
           rate_limit="appeal_codes", errors=(401, 409))
async def resend_appeal_code(request: web.Request) -> web.Response:
    runtime = request.config_dict[RUNTIME]
    sent = await runtime.appeals.send_new_code(request.match_info["appeal_id"][:80], bearer_token(request))
    return json_response({"sent": sent})


@api.route("GET", "/v1/appeals/{appeal_id}", summary="An appeal's status and, once resolved, the moderator's answer "
           "(Authorization: Bearer <status_token>)", access=Access.PUBLIC, tag="public", response=AppealStatus,
           rate_limit="appeal_status", errors=(401,))
async def appeal_status(request: web.Request) -> web.Response:
    appeal = await request.config_dict[RUNTIME].appeals.followed(request.match_info["appeal_id"][:80],
                                                                 bearer_token(request))
    return json_response(views.appeal_status(appeal))


@api.route("POST", "/csp-reports", summary="Browsers report here what the pages' Content-Security-Policy refused",
           access=Access.PUBLIC, tag="public", body=CspReportIn, status=204, rate_limit="csp_reports")
async def csp_report(request: web.Request, body: CspReportIn) -> web.Response:
    await request.config_dict[RUNTIME].watchdog.csp_violation(body.csp_report)
    return web.Response(status=204)
