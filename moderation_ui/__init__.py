"""The moderation console: server-rendered pages over the same services, mounted at /console.

Every route declares who may use it (`page(...)`); the guard middleware denies anything that
does not. State changes are POST forms carrying the session's CSRF token; cross-site posts are
refused before any handler runs. Pages work without JavaScript.
"""

from __future__ import annotations

import functools
import hmac
import logging
from pathlib import Path
from typing import Awaitable, Callable
from urllib.parse import quote, unquote

import aiohttp_jinja2
import jinja2
from aiohttp import web

from blocklist.errors import BlocklistError
from blocklist.keys import OWN_ERROR_PAGES, RUNTIME, SETTINGS
from moderation_ui.keys import FLASH, LOGIN_CSRF, SESSION

log = logging.getLogger("blocklist.console")

HERE = Path(__file__).parent
FLASH_COOKIE = "blocklist_flash"
LOGIN_CSRF_COOKIE = "blocklist_login_csrf"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def page(access: str) -> Callable[[Handler], Handler]:
    """Declare who may use a console route: public, moderator or admin — or `setup`: any logged-in
    moderator, one still without a second factor too (setting it up, logging out)."""
    assert access in {"public", "setup", "moderator", "admin"}

    def mark(handler: Handler) -> Handler:
        handler.console_access = access  # type: ignore[attr-defined]
        return handler
    return mark


def session_cookie_name(request: web.Request) -> str:
    # the __Host- prefix binds the cookie to this host, Secure, path / (browsers enforce it)
    return "__Host-blocklist_session" if request.config_dict[SETTINGS].console_secure_cookies else "blocklist_session"


def cookie_options(request: web.Request) -> dict:
    secure = request.config_dict[SETTINGS].console_secure_cookies
    return {"httponly": True, "samesite": "Strict", "secure": secure, "path": "/"}


def flash(response: web.StreamResponse, request: web.Request, message: str, kind: str = "ok") -> None:
    """A one-time message for the next page (confirmations and refusals)."""
    response.set_cookie(FLASH_COOKIE, quote(f"{kind}:{message}"[:600]), max_age=60, **cookie_options(request))


def redirect(request: web.Request, location: str, message: str | None = None, kind: str = "ok") -> web.Response:
    """303 to `location` (a response, not a raised exception, so cookies can be set on it)."""
    response = web.Response(status=303, headers={"Location": location})
    if message:
        flash(response, request, message, kind)
    return response


def _same_origin(request: web.Request) -> bool:
    """Fetch metadata first; the Origin header when a browser sends no Sec-Fetch-Site."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in {"same-origin", "none"}
    origin = request.headers.get("Origin")
    if origin is None:
        return True  # not a browser (or a very old one): the synchronizer token still has to match
    return origin == f"{request.scheme}://{request.host}"


def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    # no inline script or style anywhere in the console, so nothing but our own files is allowed
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; "
        "report-uri /csp-reports")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if not request.path.startswith("/console/static/"):
        response.headers["Cache-Control"] = "no-store"  # pages show personal data
    if request.config_dict[SETTINGS].console_secure_cookies:
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"


def common_context(request: web.Request) -> dict:
    """What every page needs: who is logged in, the form token, a one-time message."""
    session = request.get(SESSION)
    return {"me": session.principal.moderator if session else None,
            "is_admin": bool(session and session.principal.is_admin),
            "csrf_token": session.csrf_token if session else request.get(LOGIN_CSRF, ""),
            "flash": request.get(FLASH), "section": None}


def render(request: web.Request, name: str, context: dict, status: int = 200) -> web.Response:
    return aiohttp_jinja2.render_template(name, request, {**common_context(request), **context}, status=status)


def template(name: str) -> Callable:
    """A handler returning its page's context, rendered with `name`."""
    def wrap(handler: Callable[[web.Request], Awaitable[dict]]) -> Handler:
        @functools.wraps(handler)
        async def rendered(request: web.Request) -> web.Response:
            return render(request, name, await handler(request))
        return rendered
    return wrap


def _error_page(request: web.Request, status: int, title: str, message: str) -> web.Response:
    return render(request, "error.html", {"title": title, "message": message}, status)


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Deny by default; sessions, roles, CSRF and security headers for every console response."""
    request[SESSION] = None
    raw_flash = request.cookies.get(FLASH_COOKIE)
    request[FLASH] = unquote(raw_flash).split(":", 1) if raw_flash and ":" in unquote(raw_flash) else None
    try:
        response = await _guarded(request, handler)
    except web.HTTPException as exc:
        if exc.status >= 400 and exc.status != 405:
            response = _error_page(request, exc.status, exc.reason, "That page does not exist." if exc.status == 404
                                   else "That did not work.")
        else:  # redirects, and 405 with its Allow header, go out as they are
            _security_headers(request, exc)
            raise
    _security_headers(request, response)
    if raw_flash and not response.cookies.get(FLASH_COOKIE):
        response.del_cookie(FLASH_COOKIE, path="/")
    return response


async def _guarded(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.match_info.http_exception is not None:
        raise request.match_info.http_exception
    access = getattr(handler, "console_access", None)
    if access is None:
        return _error_page(request, 403, "Forbidden", "This page declares no access policy.")
    if request.method in UNSAFE_METHODS and not _same_origin(request):
        return _error_page(request, 403, "Forbidden", "Cross-site form posts are refused.")
    runtime = request.config_dict[RUNTIME]
    token = request.cookies.get(session_cookie_name(request), "")
    try:
        session = await runtime.console.session(token) if token else None
    except Exception:  # the session store is unreachable: fail closed
        log.warning("console session check failed", exc_info=True)
        return _error_page(request, 503, "Unavailable", "The console cannot check your session right now. "
                                                         "Try again in a moment.")
    request[SESSION] = session
    if access != "public":
        if session is None:
            target = request.path_qs if request.method == "GET" else "/console/"
            raise web.HTTPSeeOther(f"/console/login?next={quote(target, safe='')}")
        if (access != "setup" and not session.principal.moderator.mfa
                and request.config_dict[SETTINGS].console_require_mfa):
            raise web.HTTPSeeOther("/console/mfa")  # nothing else until the second factor is set up
        if access == "admin" and not session.principal.is_admin:
            return _error_page(request, 403, "Forbidden", "This page is for admins.")
        if request.method in UNSAFE_METHODS:
            form = await request.post()
            sent = str(form.get("csrf_token", ""))
            if not sent or not hmac.compare_digest(sent, session.csrf_token):
                return _error_page(request, 403, "Forbidden",
                                   "The form was missing its security token (or it expired). Reload the page and "
                                   "try again.")
    elif request.method in UNSAFE_METHODS:
        form = await request.post()
        sent = str(form.get("csrf_token", ""))
        expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
        if not sent or not expected or not hmac.compare_digest(sent, expected):
            return _error_page(request, 403, "Forbidden", "The form was missing its security token. Reload the page "
                                                           "and try again.")
    try:
        return await handler(request)
    except BlocklistError as exc:
        if request.method in UNSAFE_METHODS:
            # a refused action: back to the page it came from, with the reason
            back = request.headers.get("Referer", "")
            origin = f"{request.scheme}://{request.host}"
            target = back[len(origin):] if back.startswith(origin + "/console") else "/console/"
            detail = "; ".join(f"{d['field']}: {d['problem']}" for d in exc.details[:5])
            return redirect(request, target, exc.message + (f" ({detail})" if detail else ""), "error")
        return _error_page(request, exc.status, "Not possible", exc.message)


def create_console() -> web.Application:
    """The console sub-application."""
    from moderation_ui import routes
    console = web.Application(middlewares=[guard], client_max_size=64 * 1024)
    console[OWN_ERROR_PAGES] = True
    environment = aiohttp_jinja2.setup(
        console, loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
        undefined=jinja2.ChainableUndefined)  # optional fields of a record may be absent
    environment.filters["when"] = routes.when
    routes.add_routes(console)
    return console
