"""Salon endpoints for reports: POST/GET /v1/reports, GET /v1/reports/{id}, POST …/withdraw."""

from __future__ import annotations

from aiohttp import web

from blocklist.api.routing import Access, Api, json_response
from blocklist.api.schemas import PageQuery, ReportCreated, ReportIn, ReportOut, ReportPage
from blocklist.keys import METRICS, PRINCIPAL, RUNTIME
from blocklist.services.reports import NewReport, canonical_body

api = Api()


@api.route("POST", "/v1/reports", summary="Report a customer (secret key). Optional header Idempotency-Key.",
           access=Access.SECRET_KEY, tag="reports", body=ReportIn, response=ReportCreated, status=201,
           rate_limit="reports", errors=(409, 422, 503), scope="report:write",
           also=((200, "This salon reported the same customer's booking of that day already: that report, and "
                       "nothing new is stored"),))
async def submit_report(request: web.Request, body: ReportIn) -> web.Response:
    report = NewReport(
        category=body.category, name=body.subject.name, email=body.subject.email, phone=body.subject.phone,
        booking=body.booking.model_dump(exclude_none=True) if body.booking else None,
        evidence=body.evidence.model_dump(exclude_none=True) if body.evidence else None,
        canonical_body=canonical_body(body.model_dump(mode="json", exclude_none=True)),
    )
    status, answer = await request.config_dict[RUNTIME].reports.submit(
        request[PRINCIPAL], report, request.headers.get("Idempotency-Key"))
    if status == 201:
        request.config_dict[METRICS].reports_received.labels(body.category).inc()
    return json_response(answer, status=status)


@api.route("GET", "/v1/reports", summary="This salon's reports, newest first (cursor-paginated)",
           access=Access.SECRET_KEY, tag="reports", query=PageQuery, response=ReportPage, rate_limit="api",
           scope="report:read")
async def list_reports(request: web.Request, query: PageQuery) -> web.Response:
    page = await request.config_dict[RUNTIME].reports.page(request[PRINCIPAL].salon.id, query.limit, query.cursor)
    return json_response({"items": page.items, "next_cursor": page.next_cursor})


@api.route("GET", "/v1/reports/{report_id}", summary="One of this salon's reports",
           access=Access.SECRET_KEY, tag="reports", response=ReportOut, rate_limit="api", errors=(404,),
           scope="report:read")
async def get_report(request: web.Request) -> web.Response:
    view = await request.config_dict[RUNTIME].reports.get(request[PRINCIPAL].salon.id,
                                                          request.match_info["report_id"])
    return json_response(view)


@api.route("POST", "/v1/reports/{report_id}/withdraw", summary="Take a pending report back",
           access=Access.SECRET_KEY, tag="reports", response=ReportOut, rate_limit="reports", errors=(404, 409),
           scope="report:write")
async def withdraw_report(request: web.Request) -> web.Response:
    view = await request.config_dict[RUNTIME].reports.withdraw(request[PRINCIPAL], request.match_info["report_id"])
    return json_response(view)
