"""Salon endpoints for reports: POST/GET /v1/reports, GET /v1/reports/{id}, POST …/withdraw."""

from __future__ import annotations

from aiohttp import web

from blocklist import views
from blocklist.api.routing import Access, Api
from blocklist.errors import InvalidRequest
from blocklist.http import json_response
from blocklist.keys import METRICS, PRINCIPAL, RUNTIME
from blocklist.schemas import (
    ReportCreated,
    ReportIn,
    ReportOut,
    ReportPage,
    ReportQuery,
)

api = Api()


@api.route("POST", "/v1/reports", summary="Report a customer (secret key)",
           access=Access.SECRET_KEY, tag="reports", body=ReportIn, response=ReportCreated, status=201,
           rate_limit="reports", errors=(409, 422, 503), scope="report:write",
           also=((200, "This salon reported the same customer's booking of that day already: that report, and "
                       "nothing new is stored"),),
           headers=(("Idempotency-Key", {"type": "string", "minLength": 1, "maxLength": 200,
                                         "pattern": "^[\\x20-\\x7e]+$"},
                     "Any unique text (a UUID): a retry with the same key and body gets the first answer and "
                     "stores nothing; the same key with another body is a 422. Remembered for 24 hours."),),
           response_headers=(("Idempotent-Replayed", "true when this is the first answer to an earlier request "
                                                     "with the same Idempotency-Key, sent again"),))
async def submit_report(request: web.Request, body: ReportIn) -> web.Response:
    submitted = await request.config_dict[RUNTIME].reports.submit(request[PRINCIPAL], views.new_report(body),
                                                                  request.headers.get("Idempotency-Key"))
    if submitted.created and not submitted.replayed:
        request.config_dict[METRICS].reports_received.labels(body.category).inc()
    # 200: the same incident this salon reported already, answered with that report
    return json_response(submitted.receipt, status=201 if submitted.created else 200,
                         headers={"Idempotent-Replayed": "true"} if submitted.replayed else None)


@api.route("GET", "/v1/reports", summary="This salon's reports, newest first (cursor-paginated)",
           access=Access.SECRET_KEY, tag="reports", query=ReportQuery, response=ReportPage, rate_limit="api",
           scope="report:read")
async def list_reports(request: web.Request, query: ReportQuery) -> web.Response:
    page = await request.config_dict[RUNTIME].reports.page(request[PRINCIPAL].salon.id, query.limit, query.cursor,
                                                           query.status)
    return json_response({"items": [views.report_view(r) for r in page.items], "next_cursor": page.next_cursor})


@api.route("GET", "/v1/reports/{report_id}", summary="One of this salon's reports",
           access=Access.SECRET_KEY, tag="reports", response=ReportOut, rate_limit="api", errors=(404,),
           scope="report:read")
async def get_report(request: web.Request) -> web.Response:
    report = await request.config_dict[RUNTIME].reports.get(request[PRINCIPAL].salon.id,
                                                            request.match_info["report_id"])
    return json_response(views.report_view(report))


@api.route("POST", "/v1/reports/{report_id}/withdraw", summary="Take a pending report back (no body)",
           access=Access.SECRET_KEY, tag="reports", response=ReportOut, rate_limit="reports", errors=(400, 404, 409),
           scope="report:write")
async def withdraw_report(request: web.Request) -> web.Response:
    if request.can_read_body and (await request.read()).strip() not in (b"", b"{}"):
        # a reason sent along would be silently dropped: say so instead
        raise InvalidRequest("withdrawing takes no body: nothing in it would be kept (the report is simply "
                             "taken back)", [{"field": "body", "problem": "not empty"}])
    report = await request.config_dict[RUNTIME].reports.withdraw(request[PRINCIPAL], request.match_info["report_id"])
    return json_response(views.report_view(report))
