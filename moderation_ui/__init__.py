"""The moderation console: server-rendered pages over the same services, mounted at /console.

Every route declares who may use it (`page(...)`: public, setup, moderator or admin); the guard shared with
the salon portal (blocklist/pagekit.py) denies anything that does not. State changes are POST forms carrying
the session's CSRF token; cross-site posts are refused before any handler runs. Pages work without
JavaScript.
"""

from __future__ import annotations

from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from blocklist.keys import OWN_ERROR_PAGES, RUNTIME
from blocklist.pagekit import (  # noqa: F401 (the console's pages import them here)
    AREA,
    GUARD_WORDS,
    SESSION,
    Area,
    guard,
    page,
    records_read_as_dicts,
    redirect,
    render,
    template,
)

HERE = Path(__file__).parent


async def _session_of(request: web.Request, token: str):
    return await request.config_dict[RUNTIME].console.session(token)


def _context(request: web.Request) -> dict:
    session = request.get(SESSION)
    return {"me": session.principal.moderator if session else None,
            "is_admin": bool(session and session.principal.is_admin)}


CONSOLE = Area(prefix="/console", cookie="blocklist_session", session_of=_session_of,
               has_second_factor=lambda session: session.principal.moderator.mfa,
               is_elevated=lambda session: session.principal.is_admin, context=_context,
               member="moderator", elevated="admin",
               words=lambda request: CONSOLE_WORDS)

CONSOLE_WORDS = {**GUARD_WORDS,
                 "unavailable": "The console cannot check your session right now. Try again in a moment."}


def create_console() -> web.Application:
    """The console sub-application."""
    from moderation_ui import routes
    console = web.Application(middlewares=[guard], client_max_size=64 * 1024)
    console[OWN_ERROR_PAGES] = True
    console[AREA] = CONSOLE
    environment = aiohttp_jinja2.setup(
        console, loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
        undefined=jinja2.ChainableUndefined)  # optional fields of a record may be absent
    environment.filters["when"] = routes.when
    records_read_as_dicts(environment)
    routes.add_routes(console)
    return console
