"""Pages and files browsers load without a key: the booking check script (/static/blocklist.js), a
demo booking page (/demo/booking), and the public transparency page with its appeal form (/transparency)."""

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
from blocklist.keys import RUNTIME, SETTINGS
from blocklist.locales import DEMO, LANGUAGES, PHONE_COUNTRY, RIGHT_TO_LEFT, WIDGET
from blocklist.pages.transparency import PHONE_COUNTRIES, TEXT
from blocklist.schemas import AppealIn

STATIC_DIR = Path(__file__).parent / "static"
_CONTENT_TYPES = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}
_APPEAL_ID = re.compile(r"^apl_[A-Za-z0-9_-]{6,60}$")
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
        # the thanks names an appeal only if there is one: the page never repeats text from its URL
        sent = request.query.get("sent", "")
        known = bool(_APPEAL_ID.match(sent)) and await request.config_dict[RUNTIME].moderation.appeal_exists(sent)
        return _transparency_page(request, sent=sent if known else None)

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
            appeal = AppealIn.model_validate({name: value.strip() or None if name in OPTIONAL_APPEAL_FIELDS else value
                                              for name, value in typed.items()})
        except ValidationError as exc:
            problems = "; ".join(f"{d['field']}: {d['problem']}" for d in validation_details(exc))
            return _transparency_page(request, problem=f"{TEXT[lang]['need_message']} ({problems})", status=400,
                                      values=typed)
        try:
            await runtime.check_rate("appeals", "ip:" + client_address(request))
            received = await runtime.moderation.submit_appeal(appeal.name, appeal.email, appeal.phone, appeal.message,
                                                              country=appeal.country, reference=appeal.reference)
        except BlocklistError as exc:
            # what the person can fix, in the page's language
            fields = {d.get("field") for d in exc.details}
            problem = (TEXT[lang]["phone_unreadable"] if "phone" in fields
                       else TEXT[lang]["email_unreadable"] if "email" in fields else exc.message)
            return _transparency_page(request, problem=problem, status=exc.status, values=typed)
        raise web.HTTPSeeOther(f"/transparency?lang={lang}&sent={received['id']}")

    app.router.add_get("/transparency", page_route(transparency))
    app.router.add_post("/transparency", page_route(transparency_appeal))
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


def _transparency_page(request: web.Request, sent: str | None = None, problem: str | None = None,
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
        sent=sent, problem=problem, values=values,
        countries=PHONE_COUNTRIES, country=values.get("country") or PHONE_COUNTRY.get(lang, ""),
        reference=reference if _LOOKUP_ID.match(reference) else None)
    return web.Response(text=html, status=status, content_type="text/html", headers={
        "Content-Security-Policy": _DEMO_CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store", "Content-Language": lang})

