"""Public endpoints: the appeal a listed person files."""

from __future__ import annotations

from aiohttp import web

from blocklist.api.routing import Access, Api, json_response
from blocklist.api.schemas import AppealIn, AppealReceived
from blocklist.keys import RUNTIME

api = Api()


@api.route("POST", "/v1/appeals", summary="Contest a listing (no key; limited per client address)",
           access=Access.PUBLIC, tag="public", body=AppealIn, response=AppealReceived, status=202,
           rate_limit="appeals")
async def submit_appeal(request: web.Request, body: AppealIn) -> web.Response:
    answer = await request.config_dict[RUNTIME].moderation.submit_appeal(body.name, body.email, body.phone,
                                                                        body.message)
    return json_response(answer, status=202)
