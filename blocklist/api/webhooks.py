"""Webhooks for a salon's server (its secret key), or a booking platform's for all its salons (its key; with
Blocklist-Salon, one salon's): register, list, delete, send a test, read the delivery log."""

from __future__ import annotations

from aiohttp import web

from blocklist import views
from blocklist.api.routing import Access, Api
from blocklist.http import json_response
from blocklist.keys import PRINCIPAL, RUNTIME
from blocklist.schemas import (
    DeliveryPage,
    PageQuery,
    WebhookCreated,
    WebhookIn,
    WebhookPage,
    WebhookTestSent,
)

api = Api()


def _webhooks(request: web.Request):
    return request.config_dict[RUNTIME].webhooks


@api.route("POST", "/v1/webhooks", summary="Register an https address to be told of this salon's events (the "
           "signing secret is in this answer only)", access=Access.SALON_OR_PLATFORM, tag="webhooks", body=WebhookIn,
           response=WebhookCreated, status=201, rate_limit="reports")
async def create_webhook(request: web.Request, body: WebhookIn) -> web.Response:
    webhook = await _webhooks(request).register(request[PRINCIPAL], body.url, list(body.events))
    return json_response({**views.webhook_view(webhook), "secret": webhook.secret}, status=201)


@api.route("GET", "/v1/webhooks", summary="This salon's webhooks", access=Access.SALON_OR_PLATFORM, tag="webhooks",
           response=WebhookPage, rate_limit="api")
async def list_webhooks(request: web.Request) -> web.Response:
    found = await _webhooks(request).endpoints(request[PRINCIPAL])
    return json_response({"items": [views.webhook_view(w) for w in found], "next_cursor": None})


@api.route("DELETE", "/v1/webhooks/{webhook_id}", summary="Stop sending to this address (its waiting deliveries "
           "go too)", access=Access.SALON_OR_PLATFORM, tag="webhooks", status=204, rate_limit="reports", errors=(404,))
async def delete_webhook(request: web.Request) -> web.Response:
    await _webhooks(request).delete(request[PRINCIPAL], request.match_info["webhook_id"])
    return web.Response(status=204)


@api.route("POST", "/v1/webhooks/{webhook_id}/test", summary="Send a webhook.test event to this address",
           access=Access.SALON_OR_PLATFORM, tag="webhooks", response=WebhookTestSent, status=202, rate_limit="reports",
           errors=(404,))
async def test_webhook(request: web.Request) -> web.Response:
    event_id = await _webhooks(request).send_test(request[PRINCIPAL], request.match_info["webhook_id"])
    return json_response({"event_id": event_id}, status=202)


@api.route("GET", "/v1/webhooks/{webhook_id}/deliveries", summary="The address's deliveries, newest first: status, "
           "attempts, last answer or error", access=Access.SALON_OR_PLATFORM, tag="webhooks", query=PageQuery,
           response=DeliveryPage, rate_limit="api", errors=(404,))
async def webhook_deliveries(request: web.Request, query: PageQuery) -> web.Response:
    page = await _webhooks(request).deliveries(request[PRINCIPAL], request.match_info["webhook_id"],
                                               query.limit, query.cursor)
    return json_response({"items": [views.delivery_view(d) for d in page.items], "next_cursor": page.next_cursor})
