"""The salon portal: pages for people who work at a salon and have no developer, mounted at /salon.

It is as strict as the console because it is the console's machinery (blocklist/pagekit.py): server-side
sessions, a second factor before anything else, CSRF refused twice, strict CSP, back-off on failed logins.
A salon user acts for their own salon only: every page takes the salon from the session, never from the
address or the form. Pages work without JavaScript, fit a phone, and speak the widget's languages.
"""

from __future__ import annotations

from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from blocklist.keys import OWN_ERROR_PAGES, RUNTIME
from blocklist.locales import CODES, LANGUAGES, PORTAL, RIGHT_TO_LEFT
from blocklist.pagekit import AREA, SESSION, Area, guard, records_read_as_dicts

HERE = Path(__file__).parent
LANGUAGE_COOKIE = "blocklist_portal_lang"


def language_of(request: web.Request) -> str:
    """The page's language: chosen in the menu (?lang=, then remembered), else the one the person took up their
    invitation in, else the browser's."""
    session = request.get(SESSION)
    for candidate in (request.query.get("lang", ""), request.cookies.get(LANGUAGE_COOKIE, ""),
                      session.person.language if session else None):
        if candidate in CODES:
            return candidate
    accepted = request.headers.get("Accept-Language", "")[:200].lower()
    return next((code for code in (part.strip()[:2] for part in accepted.split(",")) if code in CODES), "en")


def words(request: web.Request) -> dict[str, str]:
    return PORTAL[language_of(request)]


async def _session_of(request: web.Request, token: str):
    return await request.config_dict[RUNTIME].portal.logins.session(token)


def _context(request: web.Request) -> dict:
    session = request.get(SESSION)
    lang = language_of(request)
    return {"me": session.person if session else None, "is_owner": bool(session and session.person.is_owner),
            "t": PORTAL[lang], "lang": lang, "rtl": lang in RIGHT_TO_LEFT, "languages": LANGUAGES,
            "here": request.path}


PORTAL_AREA = Area(prefix="/salon", cookie="blocklist_salon_session", session_of=_session_of,
                   has_second_factor=lambda session: session.person.mfa,
                   is_elevated=lambda session: session.person.is_owner, context=_context,
                   member="staff", elevated="owner", words=lambda request: words(request)["guard"])


@web.middleware
async def remember_language(request: web.Request, handler) -> web.StreamResponse:
    """A language picked from the menu (?lang=xx) is kept in a cookie for the next pages."""
    response = await handler(request)
    chosen = request.query.get("lang", "")
    if chosen in CODES and request.cookies.get(LANGUAGE_COOKIE) != chosen:
        response.set_cookie(LANGUAGE_COOKIE, chosen, max_age=365 * 86400, path="/salon/", httponly=True,
                            samesite="Lax")
    return response


def create_portal() -> web.Application:
    """The salon portal sub-application."""
    from salon_ui import routes
    portal = web.Application(middlewares=[remember_language, guard], client_max_size=64 * 1024)
    portal[OWN_ERROR_PAGES] = True
    portal[AREA] = PORTAL_AREA
    environment = aiohttp_jinja2.setup(
        portal, loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
        undefined=jinja2.ChainableUndefined)
    environment.filters["when"] = routes.when
    records_read_as_dicts(environment)
    environment.filters["day"] = routes.day
    routes.add_routes(portal)
    return portal
