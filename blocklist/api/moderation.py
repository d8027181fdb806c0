"""Moderator API (moderator token): the queue, cases, decisions, the blocklist, appeals, the audit log."""

from __future__ import annotations

from datetime import datetime

from aiohttp import web

from blocklist import views
from blocklist.api.routing import Access, Api
from blocklist.clock import isoformat
from blocklist.errors import InvalidRequest
from blocklist.http import json_response
from blocklist.keys import PRINCIPAL, RUNTIME
from blocklist.schemas import (
    Appeal,
    AppealPage,
    AppealQuery,
    AuditPage,
    AuditQuery,
    CaseDetail,
    CasePage,
    CaseQuery,
    DecisionIn,
    Entry,
    EntryPage,
    EntryQuery,
    LiftIn,
    LinkEntriesIn,
    MergeIn,
    MisuseIn,
    ModeratorReport,
    ResolveIn,
    SplitIn,
    SplitResult,
)
from blocklist.services.audit import audit_cursor

api = Api()
MOD = Access.MODERATOR


def _moderation(request: web.Request):
    return request.config_dict[RUNTIME].moderation


def _appeals(request: web.Request):
    return request.config_dict[RUNTIME].appeals


def _now(request: web.Request) -> datetime:
    return request.config_dict[RUNTIME].clock()


@api.route("GET", "/v1/mod/cases", summary="The queue: highest priority first", access=MOD, tag="moderation",
           query=CaseQuery, response=CasePage, rate_limit="api")
async def list_cases(request: web.Request, query: CaseQuery) -> web.Response:
    page = await _moderation(request).queue(query.status, query.limit, query.cursor)
    now = _now(request)
    return json_response({"items": [views.case_summary(c, now) for c in page.items], "next_cursor": page.next_cursor})


@api.route("GET", "/v1/mod/cases/{case_id}", summary="A case with every report, trust, similar cases, history",
           access=MOD, tag="moderation", response=CaseDetail, rate_limit="api", errors=(404,))
async def get_case(request: web.Request) -> web.Response:
    found = await _moderation(request).case(request.match_info["case_id"], request[PRINCIPAL])
    return json_response(views.case_file(found, _now(request)))


@api.route("GET", "/v1/mod/reports/{report_id}", summary="One report of any salon, with the case it is in",
           access=MOD, tag="moderation", response=ModeratorReport, rate_limit="api", errors=(404,))
async def get_report_for_moderator(request: web.Request) -> web.Response:
    return json_response(views.report_file(await _moderation(request).report(request.match_info["report_id"])))


@api.route("POST", "/v1/mod/cases/{case_id}/decision", summary="Block, challenge or dismiss a case",
           access=MOD, tag="moderation", body=DecisionIn, response=CaseDetail, rate_limit="api", errors=(404, 409))
async def decide_case(request: web.Request, body: DecisionIn) -> web.Response:
    found = await _moderation(request).decide(
        request[PRINCIPAL], request.match_info["case_id"], body.action,
        [{"kind": i.kind, "value": i.value} for i in body.identifiers], body.scope, body.expires_at, body.note,
        body.version, reason=body.reason)
    return json_response(views.case_file(found, _now(request)))


@api.route("POST", "/v1/mod/cases/{case_id}/merge", summary="Merge another open case into this one (the older wins)",
           access=MOD, tag="moderation", body=MergeIn, response=CaseDetail, rate_limit="api", errors=(404, 409))
async def merge_cases(request: web.Request, body: MergeIn) -> web.Response:
    found = await _moderation(request).merge(request[PRINCIPAL], request.match_info["case_id"], body.other_case_id)
    return json_response(views.case_file(found, _now(request)))


@api.route("POST", "/v1/mod/cases/{case_id}/split", summary="Move reports into a new case of their own",
           access=MOD, tag="moderation", body=SplitIn, response=SplitResult, rate_limit="api", errors=(404, 409))
async def split_case(request: web.Request, body: SplitIn) -> web.Response:
    kept, new = await _moderation(request).split(request[PRINCIPAL], request.match_info["case_id"],
                                                 list(body.report_ids))
    now = _now(request)
    return json_response({"case": views.case_file(kept, now), "new_case": views.case_file(new, now)})


@api.route("GET", "/v1/mod/blocklist", summary="Search entries (q: email or phone exact, name fuzzy)", access=MOD,
           tag="moderation", query=EntryQuery, response=EntryPage, rate_limit="api")
async def search_blocklist(request: web.Request, query: EntryQuery) -> web.Response:
    page = await _moderation(request).search_entries(query.q, query.kind, query.active, query.scope, query.limit,
                                                     query.cursor)
    now = _now(request)
    return json_response({"items": [views.found_entry(f, now) for f in page.items], "next_cursor": page.next_cursor})


@api.route("GET", "/v1/mod/blocklist/{entry_id}", summary="One entry", access=MOD, tag="moderation",
           response=Entry, rate_limit="api", errors=(404,))
async def get_entry(request: web.Request) -> web.Response:
    return json_response(views.entry_view(await _moderation(request).entry(request.match_info["entry_id"]),
                                          _now(request)))


@api.route("POST", "/v1/mod/blocklist/{entry_id}/lift", summary="Lift an entry, with a note", access=MOD,
           tag="moderation", body=LiftIn, response=Entry, rate_limit="api", errors=(404, 409))
async def lift_entry(request: web.Request, body: LiftIn) -> web.Response:
    lifted = await _moderation(request).lift(request[PRINCIPAL].actor, request.match_info["entry_id"], body.note)
    return json_response(views.entry_view(lifted, _now(request)))


@api.route("POST", "/v1/mod/blocklist/{entry_id}/misuse", summary="Mark a listed identifier as used by someone else "
           "(lookups challenge with identity_misuse_reported instead of blocking), or clear the mark", access=MOD,
           tag="moderation", body=MisuseIn, response=Entry, rate_limit="api", errors=(404, 409))
async def mark_misused(request: web.Request, body: MisuseIn) -> web.Response:
    marked = await _moderation(request).mark_misused(request[PRINCIPAL].actor, request.match_info["entry_id"],
                                                     body.misused, body.note)
    return json_response(views.entry_view(marked, _now(request)))


@api.route("GET", "/v1/mod/appeals", summary="Appeals, oldest first", access=MOD, tag="moderation",
           query=AppealQuery, response=AppealPage, rate_limit="api")
async def list_appeals(request: web.Request, query: AppealQuery) -> web.Response:
    page = await _appeals(request).page(query.status, query.limit, query.cursor)
    return json_response({"items": [views.appeal_view(a) for a in page.items], "next_cursor": page.next_cursor})


@api.route("GET", "/v1/mod/appeals/{appeal_id}", summary="An appeal with its linked entries", access=MOD,
           tag="moderation", response=Appeal, rate_limit="api", errors=(404,))
async def get_appeal(request: web.Request) -> web.Response:
    return json_response(views.appeal_file(await _appeals(request).file(request.match_info["appeal_id"]),
                                           _now(request)))


@api.route("POST", "/v1/mod/appeals/{appeal_id}/link", summary="Cover more listings by an open appeal (its candidates)",
           access=MOD, tag="moderation", body=LinkEntriesIn, response=Appeal, rate_limit="api", errors=(404, 409))
async def link_appeal(request: web.Request, body: LinkEntriesIn) -> web.Response:
    found = await _appeals(request).link(request[PRINCIPAL], request.match_info["appeal_id"], body.entry_ids)
    return json_response(views.appeal_file(found, _now(request)))


@api.route("POST", "/v1/mod/appeals/{appeal_id}/resolve", summary="Resolve an appeal: lifted or upheld",
           access=MOD, tag="moderation", body=ResolveIn, response=Appeal, rate_limit="api", errors=(404, 409))
async def resolve_appeal(request: web.Request, body: ResolveIn) -> web.Response:
    found = await _appeals(request).resolve(request[PRINCIPAL], request.match_info["appeal_id"],
                                                       body.outcome, body.note)
    return json_response(views.appeal_file(found, _now(request)))


@api.route("GET", "/v1/mod/audit", summary="The append-only audit log, newest first", access=MOD,
           tag="moderation", query=AuditQuery, response=AuditPage, rate_limit="api")
async def audit_log(request: web.Request, query: AuditQuery) -> web.Response:
    before = None
    if query.cursor is not None:
        before = audit_cursor(query.cursor)
        if before is None:
            raise InvalidRequest("the cursor is not one this service issued", [{"field": "cursor", "problem": "invalid"}])
    records = await request.config_dict[RUNTIME].audit.list(query.limit + 1, before, query.actor, query.target)
    more = len(records) > query.limit
    records = records[: query.limit]
    items = [{**r, "at": isoformat(r["at"])} for r in records]
    return json_response({"items": items, "next_cursor": str(records[-1]["seq"]) if more else None})
