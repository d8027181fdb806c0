"""The composition root: create_app(settings) builds the application; no I/O happens here."""

from __future__ import annotations

from typing import AsyncIterator

from aiohttp import web

from blocklist import __version__
from blocklist.api import middleware
from blocklist.api.routing import Api
from blocklist.api.system import DESCRIPTION
from blocklist.clock import Clock, utcnow
from blocklist.keys import METRICS, OPENAPI, RUNTIME, SETTINGS
from blocklist.metrics import Metrics
from blocklist.runtime import Runtime
from blocklist.settings import Settings


def api_tables() -> list[Api]:
    """Every table of operations the service serves, in the order they are documented."""
    from blocklist.api import admin, lookup, moderation, platform, public, reports, system, webhooks
    return [system.api, lookup.api, reports.api, webhooks.api, platform.api, moderation.api, public.api, admin.api]


def create_app(settings: Settings, *, clock: Clock = utcnow) -> web.Application:
    """The whole service: JSON API, public pages, the moderation console under /console and the salon portal
    under /salon."""
    app = web.Application(
        client_max_size=settings.max_body_bytes,
        middlewares=[middleware.request_context, middleware.errors, middleware.authenticate],
    )
    app[SETTINGS] = settings
    app[METRICS] = Metrics()
    tables = api_tables()
    combined = Api()
    for table in tables:
        table.add_routes(app)
        combined.operations.extend(table.operations)
    app[OPENAPI] = combined.openapi("Blocklist", __version__, DESCRIPTION)

    async def runtime_context(app: web.Application) -> AsyncIterator[None]:
        runtime = Runtime(settings, clock, app[METRICS])
        app[RUNTIME] = runtime
        try:
            await runtime.start()
            yield
        finally:
            await runtime.close()

    app.cleanup_ctx.append(runtime_context)
    from blocklist.pages import add_page_routes
    add_page_routes(app)
    from moderation_ui import create_console
    app.add_subapp("/console", create_console())
    from salon_ui import create_portal
    app.add_subapp("/salon", create_portal())
    return app
