"""POST /v1/lookup: allow, challenge or block (secret or publishable key), and its CORS preflight."""

from __future__ import annotations

from aiohttp import web

from blocklist.api.middleware import self_contained
from blocklist.api.routing import Access, Api, parse_body, read_raw_body
from blocklist.errors import Forbidden
from blocklist.http import client_address, json_response
from blocklist.keys import PRINCIPAL, RUNTIME
from blocklist.models import KeyKind
from blocklist.schemas import LookupAnswer, LookupIn, OutcomeIn, OutcomeRecorded, everyday_subject

api = Api()

_PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "POST",
    "Access-Control-Allow-Headers": "Authorization, Content-Type",
    "Access-Control-Max-Age": "600",
    "Vary": "Origin",
}


@api.route("POST", "/v1/lookup", summary="Is this customer known? allow / challenge / block, with reasons",
           access=Access.ANY_SALON_KEY, tag="lookup", body=LookupIn, response=LookupAnswer, rate_limit="lookup",
           errors=(503,), scope="lookup", self_contained=True)
async def lookup(request: web.Request) -> web.StreamResponse:
    # the hot path: request context, errors and authorisation inline rather than through the middlewares
    return await self_contained(request, lookup.operation, _answer)  # type: ignore[attr-defined]


async def _answer(request: web.Request) -> web.Response:
    raw = await read_raw_body(request)
    subject = everyday_subject(raw)
    phone_country = None
    if subject is None:
        body = parse_body(raw, LookupIn)
        subject = body.subject.name, body.subject.email, body.subject.phone
        phone_country = body.subject.phone_country
    principal = request[PRINCIPAL]
    origin = request.headers.get("Origin")
    headers = address = None
    if principal.key_kind is KeyKind.PUBLISHABLE:
        if origin is None or origin not in principal.salon.origins:
            raise Forbidden("this publishable key works only from the salon's registered web origins")
        headers = {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
        address = client_address(request)  # publishable keys are public: scans are counted per address too
    elif origin is not None:
        raise Forbidden("secret keys are for servers; a web page must use the salon's publishable key")
    answer = request.app[RUNTIME].lookup.lookup(principal, *subject, address=address, phone_country=phone_country)
    return json_response(answer, headers=headers)


@api.route("OPTIONS", "/v1/lookup", summary="CORS preflight for booking pages on a salon's registered origin",
           access=Access.PUBLIC, tag="lookup", status=204, errors=(403,))
async def lookup_preflight(request: web.Request) -> web.Response:
    origin = request.headers.get("Origin", "")
    if origin not in request.app[RUNTIME].known_origins:
        raise Forbidden("this origin is not registered by any salon")
    return web.Response(status=204, headers={"Access-Control-Allow-Origin": origin, **_PREFLIGHT_HEADERS})


@api.route("POST", "/v1/lookups/{lookup_id}/outcome", summary="What happened to a looked-up booking (within 30 days "
           "of the lookup; a second outcome replaces the first)", access=Access.SECRET_KEY, tag="lookup",
           body=OutcomeIn, response=OutcomeRecorded, status=202, rate_limit="reports", errors=(404,),
           scope="report:write")
async def booking_outcome(request: web.Request, body: OutcomeIn) -> web.Response:
    recorded = await request.config_dict[RUNTIME].outcomes.record(request[PRINCIPAL],
                                                                  request.match_info["lookup_id"], body.outcome)
    return json_response({"lookup_id": recorded.lookup_id, "outcome": recorded.outcome}, status=202)
