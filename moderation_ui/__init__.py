"""The moderation console: server-rendered pages over the same services, mounted at /console."""

from __future__ import annotations

from aiohttp import web


async def index(request: web.Request) -> web.Response:
    return web.Response(text="<!doctype html><title>Blocklist console</title><p>The moderation console is coming.",
                        content_type="text/html")


def create_console() -> web.Application:
    """The console sub-application."""
    console = web.Application()
    console.router.add_get("/", index)
    return console
