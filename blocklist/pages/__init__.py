"""Pages and files browsers load without a key: the landing page (/), the API reference (/docs/api), the
booking check script (/static/blocklist.js), a demo booking page (/demo/booking), and the public
transparency page with its appeal form (/transparency) and each appeal's own page."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import jinja2
from aiohttp import web
from pydantic import ValidationError

from blocklist.clock import utcnow
from blocklist.errors import BlocklistError
from blocklist.http import client_address, is_cross_site, page_route, validation_details
from blocklist.keys import OPENAPI, RUNTIME, SETTINGS
from blocklist.locales import DEMO, LANGUAGES, PHONE_COUNTRY, RIGHT_TO_LEFT, WIDGET
from blocklist.pages.reference import api_reference
from blocklist.pages.transparency import PHONE_COUNTRIES, TEXT
from blocklist.models import Appeal
from blocklist.schemas import AppealCodeIn, AppealIn

STATIC_DIR = Path(__file__).parent / "static"
_CONTENT_TYPES = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}
_LOOKUP_ID = re.compile(r"^lkp_[0-9a-f]{1,64}$")
_PUBLISHABLE_KEY = re.compile(r"^bl_pk_[A-Za-z0-9_-]{10,100}$")
_DEMO_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
             "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; report-uri /csp-reports")

_templates = jinja2.Environment(loader=jinja2.PackageLoader("blocklist.pages", "templates"),
                                autoescape=True, undefined=jinja2.StrictUndefined)


# where the widget script takes its messages: every language's, from blocklist/locales
_WIDGET_MESSAGES = b"/*WIDGET_MESSAGES*/{}"


def _load_static() -> dict[str, tuple[bytes, str]]:
    # a handful of small files, read once: nothing on disk is reachable through a name in a URL
    files = {path.name: (path.read_bytes(), _CONTENT_TYPES[path.suffix])
             for path in STATIC_DIR.iterdir() if path.suffix in _CONTENT_TYPES}
    script, content_type = files["blocklist.js"]
    messages = json.dumps({"messages": WIDGET, "rtl": sorted(RIGHT_TO_LEFT)}, ensure_ascii=False).encode()
    files["blocklist.js"] = (script.replace(_WIDGET_MESSAGES, messages), content_type)
    return files


def add_page_routes(app: web.Application) -> None:
    files = _load_static()

    async def static_file(request: web.Request) -> web.Response:
        found = files.get(request.match_info["name"])
        if found is None:
            raise web.HTTPNotFound()
        body, content_type = found
        return web.Response(body=body, content_type=content_type, charset="utf-8", headers={
            "Cache-Control": "public, max-age=300",
            # booking pages on any site load the script
            "Access-Control-Allow-Origin": "*",
            "Cross-Origin-Resource-Policy": "cross-origin",
            "X-Content-Type-Options": "nosniff",
        })

    async def demo_booking(request: web.Request) -> web.Response:
        key = request.query.get("key", "")
        lang = request.query.get("lang", "en")
        if lang not in dict(LANGUAGES):
            lang = "en"
        problem = None
        if key and not _PUBLISHABLE_KEY.match(key):
            problem = ("That is not a publishable key (bl_pk_…). Never put a secret key in a web page."
                       if key.startswith("bl_sk_") else "That is not a publishable key (bl_pk_…).")
            key = ""
        salon_name = "Studio Demo"
        if key:
            try:  # the salon's own name on its page (the same checks as any key: cached, limited per address)
                principal = await request.config_dict[RUNTIME].authenticate(key, client_address(request))
                salon_name = principal.salon.name
            except BlocklistError:
                problem = "That publishable key is not known (revoked, or from another installation)."
                key = ""
        tomorrow = (utcnow() + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
        html = _templates.get_template("booking.html").render(
            key=key, lang=lang, languages=LANGUAGES, problem=problem, rtl=RIGHT_TO_LEFT, t=DEMO[lang],
            salon_name=salon_name, countries=PHONE_COUNTRIES,
            origin=f"{request.scheme}://{request.host}",
            default_start=datetime.strftime(tomorrow, "%Y-%m-%dT%H:%M"))
        return web.Response(text=html, content_type="text/html", headers={
            "Content-Security-Policy": _DEMO_CSP,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store",
        })

    async def demo_without_script(request: web.Request) -> web.Response:
        # the form posts here only when JavaScript is off: the demo's booking system runs in the page
        return web.Response(text="<!doctype html><title>Studio Demo</title><p>This demo needs JavaScript: the "
                                 "booking check and the demo booking system both run in the browser.",
                            content_type="text/html", headers={"Content-Security-Policy": _DEMO_CSP})

    async def transparency(request: web.Request) -> web.Response:
        return _transparency_page(request)

    async def transparency_appeal(request: web.Request) -> web.Response:
        if is_cross_site(request):
            return _transparency_page(request, problem="Cross-site form posts are refused.", status=403)
        runtime = request.config_dict[RUNTIME]
        lang = _language(request)
        form = await request.post()
        typed = {name: str(form.get(name, "")) for name in ("name", "email", "phone", "country", "reference",
                                                             "message")}
        if not typed["email"].strip() and not typed["phone"].strip():
            return _transparency_page(request, problem=TEXT[lang]["need_contact"], status=400, values=typed)
        try:
            # the same model, limits and refusals as POST /v1/appeals: nothing is cut short or let through
            appeal = AppealIn.model_validate({**{name: value.strip() or None if name in OPTIONAL_APPEAL_FIELDS else value
                                                 for name, value in typed.items()},
                                              "never_booked": form.get("never_booked") == "yes", "language": lang})
        except ValidationError as exc:
            problems = "; ".join(f"{d['field']}: {d['problem']}" for d in validation_details(exc))
            return _transparency_page(request, problem=f"{TEXT[lang]['need_message']} ({problems})", status=400,
                                      values=typed)
        try:
            await runtime.check_rate("appeals", "ip:" + client_address(request))
            filed = await runtime.appeals.submit(appeal.name, appeal.email, appeal.phone, appeal.message,
                                                 country=appeal.country, reference=appeal.reference, language=lang,
                                                 never_booked=appeal.never_booked)
        except BlocklistError as exc:
            # what the person can fix, in the page's language
            fields = {d.get("field") for d in exc.details}
            problem = (TEXT[lang]["phone_unreadable"] if "phone" in fields
                       else TEXT[lang]["email_unreadable"] if "email" in fields else exc.message)
            return _transparency_page(request, problem=problem, status=exc.status, values=typed)
        response = _see_other(f"/transparency/appeals/{filed.appeal.id}?lang={lang}&sent=1")
        _remember_appeal(request, response, filed.appeal.id, filed.status_token)
        return response

    async def followed_appeal(request: web.Request) -> Appeal | None:
        """The appeal of this page, if this browser holds its status token (or the link carries it)."""
        appeal_id = request.match_info["appeal_id"][:80]
        token = request.query.get("token") or _remembered_token(request, appeal_id)
        try:
            return await request.config_dict[RUNTIME].appeals.followed(appeal_id, token)
        except BlocklistError:
            return None

    async def appeal_page(request: web.Request) -> web.Response:
        appeal = await followed_appeal(request)
        if appeal is not None and request.query.get("token"):
            # the link from the email: keep the token in a cookie, and out of the address bar and history
            response = _see_other(f"/transparency/appeals/{appeal.id}?lang={_language(request)}")
            _remember_appeal(request, response, appeal.id, request.query["token"])
            return response
        notice = request.query.get("done", "")
        return _appeal_page(request, appeal, notice=notice if notice in ("verified", "resent") else None,
                            sent=request.query.get("sent") == "1")

    async def posted_appeal(request: web.Request) -> Appeal | web.Response:
        """The appeal a form on its page posts to, or the page to answer instead (a cross-site post, a
        browser without the appeal's token, too many tries from the address)."""
        if is_cross_site(request):
            return _appeal_page(request, None, problem="Cross-site form posts are refused.", status=403)
        appeal = await followed_appeal(request)
        if appeal is None:
            return _appeal_page(request, None, status=401)
        try:
            await request.config_dict[RUNTIME].check_rate("appeal_codes", "ip:" + client_address(request))
        except BlocklistError as exc:
            return _appeal_page(request, appeal, problem=exc.message, status=exc.status)
        return appeal

    async def appeal_verify(request: web.Request) -> web.Response:
        appeal = await posted_appeal(request)
        if isinstance(appeal, web.Response):
            return appeal
        lang = _language(request)
        code = str((await request.post()).get("code", ""))[:20]
        try:
            AppealCodeIn.model_validate({"code": code})
            await request.config_dict[RUNTIME].appeals.verify(appeal.id, code)
        except ValidationError:
            return _appeal_page(request, appeal, problem=TEXT[lang]["code_wrong"], status=400)
        except BlocklistError as exc:
            problems = {d.get("problem") for d in exc.details}
            key = ("code_locked" if "locked" in problems else "code_expired" if "expired" in problems
                   else "code_wrong" if "wrong" in problems else None)
            fresh = await followed_appeal(request)
            return _appeal_page(request, fresh, problem=TEXT[lang][key] if key else exc.message, status=exc.status)
        raise web.HTTPSeeOther(f"/transparency/appeals/{appeal.id}?lang={lang}&done=verified")

    async def appeal_new_code(request: web.Request) -> web.Response:
        appeal = await posted_appeal(request)
        if isinstance(appeal, web.Response):
            return appeal
        lang = _language(request)
        try:
            await request.config_dict[RUNTIME].appeals.send_new_code(appeal.id, _remembered_token(request, appeal.id))
        except BlocklistError as exc:
            problems = {d.get("problem") for d in exc.details}
            key = "code_locked" if "locked" in problems else "resend_refused"
            return _appeal_page(request, appeal, problem=TEXT[lang][key], status=exc.status)
        raise web.HTTPSeeOther(f"/transparency/appeals/{appeal.id}?lang={lang}&done=resent")

    async def home(request: web.Request) -> web.Response:
        settings = request.config_dict[SETTINGS]
        html = _templates.get_template("home.html").render(controller=settings.controller, contact=settings.contact)
        return web.Response(text=html, content_type="text/html", headers={**_PAGE_HEADERS,
                                                                           "Cache-Control": "public, max-age=300"})

    async def api_docs(request: web.Request) -> web.Response:
        info, sections = api_reference(request.config_dict[OPENAPI])
        html = _templates.get_template("api.html").render(info=info, sections=sections)
        return web.Response(text=html, content_type="text/html", headers={**_PAGE_HEADERS,
                                                                           "Cache-Control": "public, max-age=300"})

    app.router.add_get("/", page_route(home))
    app.router.add_get("/docs/api", page_route(api_docs))
    app.router.add_get("/transparency", page_route(transparency))
    app.router.add_post("/transparency", page_route(transparency_appeal))
    app.router.add_get("/transparency/appeals/{appeal_id}", page_route(appeal_page))
    app.router.add_post("/transparency/appeals/{appeal_id}/verify", page_route(appeal_verify))
    app.router.add_post("/transparency/appeals/{appeal_id}/code", page_route(appeal_new_code))
    app.router.add_get("/static/{name}", page_route(static_file))

    async def favicon(request: web.Request) -> web.Response:
        # every browser asks for it on every page: an icon, not a 404 in each log
        body, content_type = files["favicon.svg"]
        return web.Response(body=body, content_type=content_type, headers={
            "Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"})

    app.router.add_get("/favicon.ico", page_route(favicon))
    app.router.add_get("/demo/booking", page_route(demo_booking))
    app.router.add_post("/demo/booking", page_route(demo_without_script))


OPTIONAL_APPEAL_FIELDS = ("email", "phone", "country", "reference")


def _language(request: web.Request) -> str:
    lang = request.query.get("lang", "")
    if lang not in TEXT:
        accepted = request.headers.get("Accept-Language", "")[:200].lower()
        lang = next((code for code in (part.strip()[:2] for part in accepted.split(",")) if code in TEXT), "en")
    return lang


# the appeal this browser filed: "<appeal id>:<status token>", sent back to the appeal's pages only
_APPEAL_COOKIE = "blocklist_appeal"


def _see_other(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location, "Cache-Control": "no-store"})


def _remember_appeal(request: web.Request, response: web.StreamResponse, appeal_id: str, token: str) -> None:
    response.set_cookie(_APPEAL_COOKIE, f"{appeal_id}:{token}", max_age=90 * 86400, path="/transparency/appeals/",
                        httponly=True, samesite="Strict", secure=request.config_dict[SETTINGS].console_secure_cookies)


def _remembered_token(request: web.Request, appeal_id: str) -> str:
    remembered_id, _, token = request.cookies.get(_APPEAL_COOKIE, "").partition(":")
    return token if remembered_id == appeal_id else ""


_PAGE_HEADERS = {"Content-Security-Policy": _DEMO_CSP, "X-Content-Type-Options": "nosniff",
                 "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


def _appeal_page(request: web.Request, appeal: Appeal | None, notice: str | None = None, problem: str | None = None,
                 status: int = 200, sent: bool = False) -> web.Response:
    """One appeal as its author sees it: where it stands, the code to type, the moderator's answer."""
    lang = _language(request)
    if appeal is None and status == 200:
        status = 401
    html = _templates.get_template("appeal.html").render(
        lang=lang, t=TEXT[lang], languages=LANGUAGES, rtl=RIGHT_TO_LEFT, appeal=appeal, notice=notice,
        problem=problem, sent=sent, path=f"/transparency/appeals/{appeal.id}" if appeal else "/transparency")
    return web.Response(text=html, status=status, content_type="text/html",
                        headers={**_PAGE_HEADERS, "Content-Language": lang})


def _transparency_page(request: web.Request, problem: str | None = None,
                       status: int = 200, values: dict[str, str] | None = None) -> web.Response:
    settings = request.config_dict[SETTINGS]
    lang = _language(request)
    text = TEXT[lang]
    retention = text["retention"].format(default=settings.entry_default_months, maximum=settings.entry_max_months,
                                         pending=settings.pending_report_days, closed=settings.closed_report_days)
    values = values or {}
    reference = values.get("reference") or request.query.get("ref", "")
    operator = text["operator"].format(controller=settings.controller,
                                       contact=settings.contact or settings.notice_from or settings.public_base)
    html = _templates.get_template("transparency.html").render(
        lang=lang, t=text, languages=LANGUAGES, rtl=RIGHT_TO_LEFT, retention=retention, operator=operator,
        problem=problem, values=values,
        countries=PHONE_COUNTRIES, country=values.get("country") or PHONE_COUNTRY.get(lang, ""),
        reference=reference if _LOOKUP_ID.match(reference) else None)
    return web.Response(text=html, status=status, content_type="text/html",
                        headers={**_PAGE_HEADERS, "Content-Language": lang})

