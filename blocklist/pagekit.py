"""What every logged-in area of pages shares (the moderators' console at /console, the salon portal at /salon):
deny by default, server-side sessions from a cookie, the second factor before anything else, CSRF refused
twice (fetch metadata and a synchronizer token), strict security headers, one-time messages, and refusals
that go back to the page they came from. An area says only what differs (`Area`): its path, its cookie,
how a session is found, who counts as elevated, and its words."""

from __future__ import annotations

import functools
import hmac
import logging
import secrets
from dataclasses import dataclass
from typing import Any, Awaitable, Callable
from urllib.parse import quote, unquote

import aiohttp_jinja2
import jinja2
from aiohttp import web

from blocklist.errors import BlocklistError
from blocklist.keys import SETTINGS

log = logging.getLogger("blocklist.pages")

FLASH_COOKIE = "blocklist_flash"
LOGIN_CSRF_COOKIE = "blocklist_login_csrf"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

SESSION: web.RequestKey[Any] = web.RequestKey("page_session")
FLASH: web.RequestKey[list | None] = web.RequestKey("page_flash")
LOGIN_CSRF: web.RequestKey[str] = web.RequestKey("page_login_csrf")
AREA: web.AppKey[Area] = web.AppKey("page_area")

# the guard's own refusals; an area may give them in its readers' language (Area.words)
GUARD_WORDS = {
    "not_found": "That page does not exist.", "failed": "That did not work.", "forbidden": "Forbidden",
    "no_policy": "This page declares no access policy.", "cross_site": "Cross-site form posts are refused.",
    "unavailable_title": "Unavailable",
    "unavailable": "The sessions cannot be checked right now. Try again in a moment.",
    "elevated_only": "This page is for admins.",
    "csrf": "The form was missing its security token (or it expired). Reload the page and try again.",
    "not_possible": "Not possible",
}


@dataclass(frozen=True)
class Area:
    prefix: str  # "/console"
    cookie: str  # the session cookie's name ("__Host-" is put before it when cookies are secure)
    # the live session for a cookie's token (anything with .csrf_token), or None
    session_of: Callable[[web.Request, str], Awaitable[Any]]
    has_second_factor: Callable[[Any], bool]
    is_elevated: Callable[[Any], bool]
    context: Callable[[web.Request], dict]  # what every page of the area needs besides the session's
    member: str = "member"  # what the area calls a logged-in person with a second factor, and an elevated one
    elevated: str = "elevated"
    words: Callable[[web.Request], dict[str, str]] = lambda request: GUARD_WORDS

    @property
    def access_levels(self) -> set[str]:
        return {"public", "setup", self.member, self.elevated}


def page(access: str) -> Callable[[Handler], Handler]:
    """Declare who may use a route: public, setup (any logged-in person, one still without a second factor
    too: setting it up, logging out), the area's members, or its elevated people (admins, owners)."""
    def mark(handler: Handler) -> Handler:
        handler.page_access = access  # type: ignore[attr-defined]
        return handler
    return mark


def area_of(request: web.Request) -> Area:
    return request.app[AREA]


def session_cookie_name(request: web.Request) -> str:
    # the __Host- prefix binds the cookie to this host, Secure, path / (browsers enforce it)
    name = area_of(request).cookie
    return f"__Host-{name}" if request.config_dict[SETTINGS].console_secure_cookies else name


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


def safe_next(request: web.Request, value: str) -> str:
    """Where to go after logging in: a path of this area and nothing else (no other host, no header breaks)."""
    home = area_of(request).prefix + "/"
    if (value.startswith(home) and "//" not in value and "\\" not in value and value.isascii()
            and value.isprintable() and len(value) <= 2000):
        return value
    return home


def render(request: web.Request, name: str, context: dict, status: int = 200) -> web.Response:
    session = request.get(SESSION)
    common = {"csrf_token": session.csrf_token if session else request.get(LOGIN_CSRF, ""),
              "flash": request.get(FLASH), "section": None, **area_of(request).context(request)}
    return aiohttp_jinja2.render_template(name, request, {**common, **context}, status=status)


_DICT_ATTRIBUTES = frozenset(dir(dict))


def records_read_as_dicts(environment: jinja2.Environment) -> jinja2.Environment:
    """`record.field` in a template tries the dict's key first when the name is not one of dict's own
    (`items`, `get`, …). Jinja tries the attribute first, and a missing attribute raises: a case page (21 reports,
    thousands of lookups) spent a quarter of its rendering raising and catching AttributeError. What is found is
    the same: for any other name the attribute lookup fails and Jinja reads the key anyway."""
    general = environment.getattr

    def getattr_(obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return general(obj, attribute)
    environment.getattr = getattr_  # type: ignore[method-assign]  # (the compiled templates call this one)
    return environment


def template(name: str) -> Callable:
    """A handler returning its page's context, rendered with `name`."""
    def wrap(handler: Callable[[web.Request], Awaitable[dict]]) -> Handler:
        @functools.wraps(handler)
        async def rendered(request: web.Request) -> web.Response:
            return render(request, name, await handler(request))
        return rendered
    return wrap


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
    # no inline script or style anywhere, so nothing but our own files is allowed
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; "
        "report-uri /csp-reports")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if not request.path.startswith(area_of(request).prefix + "/static/"):
        response.headers["Cache-Control"] = "no-store"  # pages show personal data
    if request.config_dict[SETTINGS].console_secure_cookies:
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"


def error_page(request: web.Request, status: int, title: str, message: str) -> web.Response:
    return render(request, "error.html", {"title": title, "message": message}, status)


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Deny by default; sessions, roles, CSRF and security headers for every response of an area."""
    request[SESSION] = None
    raw_flash = request.cookies.get(FLASH_COOKIE)
    request[FLASH] = unquote(raw_flash).split(":", 1) if raw_flash and ":" in unquote(raw_flash) else None
    try:
        response = await _guarded(request, handler)
    except web.HTTPException as exc:
        if exc.status >= 400 and exc.status != 405:
            words = area_of(request).words(request)
            response = error_page(request, exc.status, exc.reason,
                                  words["not_found"] if exc.status == 404 else words["failed"])
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
    area = area_of(request)
    words = area.words(request)
    access = getattr(handler, "page_access", None)
    if access not in area.access_levels:
        return error_page(request, 403, words["forbidden"], words["no_policy"])
    if request.method in UNSAFE_METHODS and not _same_origin(request):
        return error_page(request, 403, words["forbidden"], words["cross_site"])
    token = request.cookies.get(session_cookie_name(request), "")
    try:
        session = await area.session_of(request, token) if token else None
    except Exception:  # the session store is unreachable: fail closed
        log.warning("session check failed", exc_info=True)
        return error_page(request, 503, words["unavailable_title"], words["unavailable"])
    request[SESSION] = session
    if access != "public":
        if session is None:
            target = request.path_qs if request.method == "GET" else area.prefix + "/"
            raise web.HTTPSeeOther(f"{area.prefix}/login?next={quote(target, safe='')}")
        if (access != "setup" and not area.has_second_factor(session)
                and request.config_dict[SETTINGS].console_require_mfa):
            raise web.HTTPSeeOther(f"{area.prefix}/mfa")  # nothing else until the second factor is set up
        if access == area.elevated and not area.is_elevated(session):
            return error_page(request, 403, words["forbidden"], words["elevated_only"])
        expected = session.csrf_token
    else:
        expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if request.method in UNSAFE_METHODS:
        form = await request.post()
        sent = str(form.get("csrf_token", ""))
        if not sent or not expected or not hmac.compare_digest(sent, expected):
            return error_page(request, 403, words["forbidden"], words["csrf"])
    try:
        return await handler(request)
    except BlocklistError as exc:
        if request.method in UNSAFE_METHODS:
            # a refused action: back to the page it came from, with the reason
            back = request.headers.get("Referer", "")
            origin = f"{request.scheme}://{request.host}"
            target = back[len(origin):] if back.startswith(origin + area.prefix) else area.prefix + "/"
            detail = "; ".join(f"{d['field']}: {d['problem']}" for d in exc.details[:5])
            return redirect(request, target, exc.message + (f" ({detail})" if detail else ""), "error")
        return error_page(request, exc.status, words["not_possible"], exc.message)


def static_handler(directory: Any) -> Handler:
    """GET /static/{name} of an area: its stylesheets and scripts, read once, public."""
    files = {path.name: (path.read_bytes(), "text/css" if path.suffix == ".css" else "text/javascript")
             for path in directory.iterdir() if path.suffix in {".css", ".js"}}

    @page("public")
    async def static(request: web.Request) -> web.Response:
        found = files.get(request.match_info["name"])
        if found is None:
            raise web.HTTPNotFound()
        return web.Response(body=found[0], content_type=found[1], charset="utf-8",
                            headers={"Cache-Control": "public, max-age=300"})
    return static


def login_page(request: web.Request, template_name: str, context: dict, status: int = 200) -> web.Response:
    """A page whose form posts without a session (logging in, taking up an invitation): it carries a fresh
    token that must come back both in the form and in a SameSite cookie."""
    token = secrets.token_urlsafe(24)
    request[LOGIN_CSRF] = token
    response = render(request, template_name, {
        "next": safe_next(request, request.query.get("next", area_of(request).prefix + "/")), **context}, status)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, max_age=3600, **cookie_options(request))
    return response


def logged_in(request: web.Request, token: str, location: str, message: str | None = None) -> web.Response:
    """Where a successful login goes, with the session's cookie (and the login form's token spent)."""
    response = redirect(request, safe_next(request, location), message)
    settings = request.config_dict[SETTINGS]
    response.set_cookie(session_cookie_name(request), token, max_age=settings.console_absolute_hours * 3600,
                        **cookie_options(request))
    response.del_cookie(LOGIN_CSRF_COOKIE, path="/")
    return response


def logged_out(request: web.Request, message: str) -> web.Response:
    response = redirect(request, area_of(request).prefix + "/login", message)
    response.del_cookie(session_cookie_name(request), path="/")
    return response
