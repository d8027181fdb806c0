"""Booking platforms (a platform key, bl_pf_…): create and list their salons. Acting for one of them on
every salon endpoint is the `Blocklist-Salon` header (api/middleware.py)."""

from __future__ import annotations

from aiohttp import web

from blocklist.api.routing import Access, Api
from blocklist.clock import isoformat
from blocklist.http import json_response
from blocklist.keys import PRINCIPAL, RUNTIME
from blocklist.schemas import PageQuery, PlatformSalonCreated, PlatformSalonIn, PlatformSalonPage

api = Api()


@api.route("POST", "/v1/platform/salons", summary="Register a salon this platform books for; it acts for it with "
           "its own key and Blocklist-Salon", access=Access.PLATFORM, tag="platform", body=PlatformSalonIn,
           response=PlatformSalonCreated, status=201, rate_limit="reports")
async def create_platform_salon(request: web.Request, body: PlatformSalonIn) -> web.Response:
    principal = request[PRINCIPAL]
    created = await request.config_dict[RUNTIME].accounts.create_salon(
        body.name, body.country, list(body.origins), actor=principal.actor, platform_id=principal.platform.id)
    return json_response({"salon_id": created.salon.id, "publishable_key": created.publishable_key}, status=201)


@api.route("GET", "/v1/platform/salons", summary="This platform's salons, oldest first (cursor-paginated)",
           access=Access.PLATFORM, tag="platform", query=PageQuery, response=PlatformSalonPage, rate_limit="api")
async def list_platform_salons(request: web.Request, query: PageQuery) -> web.Response:
    page = await request.config_dict[RUNTIME].accounts.platform_salons(request[PRINCIPAL].platform, query.limit,
                                                                        query.cursor)
    return json_response({"items": [{"salon_id": s.id, "name": s.name, "country": s.country,
                                     "origins": list(s.origins), "created_at": isoformat(s.created_at)}
                                    for s in page.items], "next_cursor": page.next_cursor})
