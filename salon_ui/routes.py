"""Salon portal pages: each handler reads the form or query, calls the same services as the API for the user's
own salon (taken from the session, never from the address), and renders or redirects."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import orjson
import phonenumbers
from aiohttp import web
from phonenumbers import timezone as phone_zones
from pydantic import ValidationError

from blocklist import views
from blocklist.errors import InvalidRequest, NotFound, RateLimited, Unauthorized
from blocklist.http import client_address, validation_details
from blocklist.keys import METRICS, RUNTIME, SETTINGS
from blocklist.locales import PHONE_COUNTRIES
from blocklist.models import SalonUser
from blocklist.pagekit import (
    SESSION,
    logged_in,
    logged_out,
    login_page,
    page,
    redirect,
    render,
    static_handler,
    template,
)
from blocklist.runtime import Runtime
from blocklist.schemas import LookupIn, ReportIn
from blocklist.services.accounts import otpauth_uri
from blocklist.services.outcomes import OUTCOMES
from blocklist.services.portal import is_new
from salon_ui import HERE, language_of, words

routes = web.RouteTableDef()
PAGE_SIZE = 25
SEARCHED_REPORTS = 1000  # a search reads this many of the salon's newest reports (they are sealed: no index)
CATEGORIES = ("no_show", "late_cancellation", "fake_booking", "abusive")
STATUSES = ("pending", "confirmed", "dismissed", "withdrawn")


def runtime_of(request: web.Request) -> Runtime:
    return request.config_dict[RUNTIME]


def me(request: web.Request) -> SalonUser:
    return request[SESSION].person  # type: ignore[union-attr]


def when(value: Any) -> str:
    """An instant as "2026-11-23 17:40" in UTC (what the API gives), or "—"."""
    if not value:
        return "—"
    try:
        parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value)
    if parsed.utcoffset() is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.strftime("%Y-%m-%d %H:%M") + ("" if parsed.utcoffset() else " UTC")


def day(value: Any) -> str:
    return when(value)[:10]


def salon_zone(country: str) -> ZoneInfo:
    """The salon's time zone, from its country (the first zone its phone numbers are in)."""
    try:
        example = phonenumbers.example_number(country)
        zones = phone_zones.time_zones_for_number(example) if example else ()
        return ZoneInfo(zones[0]) if zones and zones[0] != "Etc/Unknown" else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def field(form, name: str, limit: int) -> str:
    value = str(form.get(name, "")).strip()
    if len(value) > limit:
        raise InvalidRequest(f"{name} is too long", [{"field": name, "problem": f"at most {limit} characters"}])
    return value


def countries(salon_country: str) -> list[tuple[str, str, str]]:
    listed = [c for c in PHONE_COUNTRIES if c[0] == salon_country]
    if not listed:
        code = phonenumbers.country_code_for_region(salon_country)
        listed = [(salon_country, salon_country, f"+{code}")]
    return listed + [c for c in PHONE_COUNTRIES if c[0] != salon_country]


# ---------------------------------------------------------------- logging in

@routes.get("/login")
@page("public")
async def login_form(request: web.Request) -> web.Response:
    return login_page(request, "login.html", {"error": None})


@routes.post("/login")
@page("public")
async def login(request: web.Request) -> web.Response:
    form = await request.post()
    t = words(request)
    try:
        token, _ = await runtime_of(request).portal.logins.login(
            field(form, "email", 320), str(form.get("password", ""))[:1024], client_address(request),
            field(form, "code", 20))
    except Unauthorized:
        return login_page(request, "login.html", {"error": t["login_wrong"]}, 401)
    except RateLimited as exc:
        response = login_page(request, "login.html", {"error": t["login_too_many"]}, 429)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    return logged_in(request, token, str(form.get("next", "/salon/")))


@routes.get("/invite/{token}")
@page("public")
async def invitation(request: web.Request) -> web.Response:
    return await _invitation_page(request, None)


async def _invitation_page(request: web.Request, error: str | None, status: int = 200) -> web.Response:
    runtime = runtime_of(request)
    user = await runtime.portal.invited(request.match_info["token"])
    if user is None:
        return render(request, "error.html", {"title": words(request)["invite_gone_title"],
                                              "message": words(request)["invite_gone"]}, 404)
    salon = await runtime.portal.salon_of(user)
    return login_page(request, "invite.html", {"invited": user, "salon": salon, "error": error}, status)


@routes.post("/invite/{token}")
@page("public")
async def take_invitation(request: web.Request) -> web.Response:
    form = await request.post()
    t = words(request)
    password = str(form.get("password", ""))[:1024]
    if password != str(form.get("password_again", ""))[:1024]:
        return await _invitation_page(request, t["passwords_differ"], 422)
    portal = runtime_of(request).portal
    try:
        user = await portal.accept(request.match_info["token"], password)
    except InvalidRequest as exc:
        return await _invitation_page(request, f"{t['password_refused']} ({exc.message})", 422)
    except NotFound:
        return await _invitation_page(request, None, 404)
    await portal.set_language(user, language_of(request))
    token, _ = await portal.logins.login(user.email, password, client_address(request))
    return logged_in(request, token, "/salon/mfa", t["welcome"])


# ---------------------------------------------------------------- second factor

@routes.get("/mfa")
@page("setup")
@template("mfa.html")
async def mfa_page(request: web.Request) -> dict[str, Any]:
    user = me(request)
    credentials = runtime_of(request).portal.credentials
    secret = None if user.mfa else await credentials.pending_mfa_secret(user.id)
    return {"enabled": user.mfa, "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
            if secret else None, "uri": otpauth_uri(user.email, secret) if secret else None,
            "required": request.config_dict[SETTINGS].console_require_mfa,
            "codes_left": await credentials.recovery_codes_left(user.id) if user.mfa else 0}


@routes.post("/mfa/setup")
@page("setup")
async def mfa_setup(request: web.Request) -> web.Response:
    user = me(request)
    if not user.mfa:
        await runtime_of(request).portal.credentials.begin_mfa(user.id)
    return redirect(request, "/salon/mfa")


@routes.post("/mfa/confirm")
@page("setup")
async def mfa_confirm(request: web.Request) -> web.Response:
    form = await request.post()
    user = me(request)
    codes = await runtime_of(request).portal.credentials.confirm_mfa(user.id, f"salon_user:{user.id}",
                                                                      field(form, "code", 20))
    if codes is None:
        return redirect(request, "/salon/mfa", words(request)["mfa_wrong"], "error")
    return _codes_page(request, words(request)["mfa_on"], codes)


@routes.post("/mfa/recovery-codes")
@page("staff")
async def mfa_recovery_codes(request: web.Request) -> web.Response:
    user = me(request)
    codes = await runtime_of(request).portal.credentials.new_recovery_codes(user.id, f"salon_user:{user.id}")
    return _codes_page(request, words(request)["new_codes"], codes)


def _codes_page(request: web.Request, title: str, codes: list[str]) -> web.Response:
    t = words(request)
    return render(request, "secret_once.html", {
        "title": title, "intro": t["codes_intro"], "back": "/salon/",
        "secrets": [(f"{t['recovery_code']} {n}", code) for n, code in enumerate(codes, 1)]})


@routes.post("/logout")
@page("setup")
async def logout(request: web.Request) -> web.Response:
    await runtime_of(request).portal.logins.logout(request[SESSION])
    return logged_out(request, words(request)["logged_out"])


# ---------------------------------------------------------------- home

@routes.get("/")
@page("staff")
@template("home.html")
async def home(request: web.Request) -> dict[str, Any]:
    runtime, user = runtime_of(request), me(request)
    salon = await runtime.portal.salon_of(user)
    recent = (await runtime.reports.page(salon.id, PAGE_SIZE, None)).items
    changed = [found for found in recent if is_new(_changed_at(found), user.reports_seen_at)]
    waiting = [lookup for lookup in await runtime.portal.recent_lookups(salon.id, 10)
               if lookup["verdict"] != "allow" and not lookup.get("outcome")]
    return {"salon": salon, "changed": [views.report_view(found) for found in changed], "waiting": waiting,
            "section": "home"}


def _changed_at(found) -> datetime | None:
    """When a report last changed as its salon sees it: sent, decided, withdrawn, or its listing lifted."""
    outcome = found.outcome
    moments = [found.report.updated_at] + ([outcome.decided_at, outcome.lifted_at] if outcome else [])
    return max((m for m in moments if m is not None), default=None)


# ---------------------------------------------------------------- report a customer

@routes.get("/report")
@page("staff")
async def report_form(request: web.Request) -> web.Response:
    salon = await runtime_of(request).portal.salon_of(me(request))
    return _report_page(request, salon, {"phone_country": salon.country, "category": "no_show"}, [])


def _report_page(request: web.Request, salon, values: dict[str, str], problems: list[dict[str, str]],
                 status: int = 200) -> web.Response:
    return render(request, "report.html", {
        "salon": salon, "values": values, "problems": problems, "zone": salon_zone(salon.country).key,
        "categories": CATEGORIES, "countries": countries(salon.country), "section": "report",
        "idempotency_key": values.get("idempotency_key") or str(uuid.uuid4())}, status)


REPORT_FIELDS = ("category", "name", "email", "phone", "phone_country", "starts_at", "reference", "service",
                 "channel", "reached", "first_visit", "notes", "idempotency_key")


@routes.post("/report")
@page("staff")
async def submit_report(request: web.Request) -> web.Response:
    runtime, user = runtime_of(request), me(request)
    form = await request.post()
    values = {name: field(form, name, 4000 if name == "notes" else 320) for name in REPORT_FIELDS}
    principal = await runtime.portal.principal(user)
    payload, problems = _report_payload(values, salon_zone(principal.salon.country))
    body = None
    if not problems:
        try:
            body = ReportIn.model_validate_json(orjson.dumps(payload))  # as the API reads it
        except ValidationError as exc:
            problems = validation_details(exc)
    if body is None:
        return _report_page(request, principal.salon, values, problems, 422)
    await runtime.check_rate("reports", principal.limit_subject, principal)
    try:
        submitted = await runtime.reports.submit(principal, views.new_report(body),
                                                 values["idempotency_key"][:200] or None)
    except InvalidRequest as exc:
        return _report_page(request, principal.salon, values, exc.details or [{"field": "", "problem": exc.message}],
                            422)
    t = words(request)
    if submitted.created and not submitted.replayed:
        request.config_dict[METRICS].reports_received.labels(body.category).inc()
    message = t["report_received"] if submitted.created and not submitted.replayed else t["report_already"]
    return redirect(request, f"/salon/reports/{submitted.receipt['id']}", message)


def _report_payload(values: dict[str, str], zone: ZoneInfo) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """The API's report body from the form (the same validation follows), and what could not be read."""
    problems = []
    subject = {k: values[k] for k in ("name", "email", "phone") if values[k]}
    if values["phone"] and values["phone_country"]:
        subject["phone_country"] = values["phone_country"]
    booking: dict[str, Any] = {k: values[k] for k in ("reference", "service", "channel") if values[k]}
    if values["starts_at"]:
        try:
            local = datetime.fromisoformat(values["starts_at"])
            booking["starts_at"] = (local if local.tzinfo else local.replace(tzinfo=zone)).isoformat()
        except ValueError:
            problems.append({"field": "booking.starts_at", "problem": "not a date and time"})
    reached = values["reached"]
    evidence: dict[str, Any] = {"contacted": reached in {"yes", "no"}} if reached else {}
    if reached in {"yes", "no"}:
        evidence["reachable"] = reached == "yes"
    if values["first_visit"] in {"yes", "no"}:
        evidence["first_visit"] = values["first_visit"] == "yes"
    if values["notes"]:
        evidence["notes"] = values["notes"]
    payload: dict[str, Any] = {"category": values["category"], "subject": subject}
    if booking:
        payload["booking"] = booking
    if evidence:
        payload["evidence"] = evidence
    return payload, problems


# ---------------------------------------------------------------- look a customer up

@routes.get("/lookup")
@page("staff")
async def lookup_form(request: web.Request) -> web.Response:
    salon = await runtime_of(request).portal.salon_of(me(request))
    return render(request, "lookup.html", {"salon": salon, "values": {"phone_country": salon.country},
                                           "countries": countries(salon.country), "answer": None,
                                           "section": "lookup", "outcomes": OUTCOMES})


@routes.post("/lookup")
@page("staff")
async def lookup(request: web.Request) -> web.Response:
    runtime, user = runtime_of(request), me(request)
    form = await request.post()
    values = {name: field(form, name, 320) for name in ("name", "email", "phone", "phone_country")}
    principal = await runtime.portal.principal(user)
    subject = {k: values[k] for k in ("name", "email", "phone") if values[k]}
    if values["phone"] and values["phone_country"]:
        subject["phone_country"] = values["phone_country"]
    try:
        body = LookupIn.model_validate_json(orjson.dumps({"subject": subject}))
    except ValidationError as exc:
        raise InvalidRequest("the customer's details could not be read", validation_details(exc)) from None
    await runtime.check_rate("lookup", principal.limit_subject, principal)
    answer = runtime.lookup.lookup(principal, body.subject.name, body.subject.email, body.subject.phone,
                                   phone_country=body.subject.phone_country)
    label = " · ".join(v for v in (values["name"], values["email"], values["phone"]) if v)
    await runtime.portal.remember_lookup(user, answer, label)
    return render(request, "lookup.html", {
        "salon": principal.salon, "values": values, "countries": countries(principal.salon.country),
        "answer": answer, "kept": answer["verdict"] != "allow" or bool(answer["reasons"]), "section": "lookup",
        "outcomes": OUTCOMES})


# ---------------------------------------------------------------- close the loop

@routes.get("/outcomes")
@page("staff")
@template("outcomes.html")
async def outcomes_page(request: web.Request) -> dict[str, Any]:
    lookups = await runtime_of(request).portal.recent_lookups(me(request).salon_id, 50)
    return {"lookups": lookups, "outcomes": OUTCOMES, "section": "outcomes"}


@routes.post("/outcomes")
@page("staff")
async def record_outcome(request: web.Request) -> web.Response:
    runtime, user = runtime_of(request), me(request)
    form = await request.post()
    lookup_id, outcome = field(form, "lookup_id", 80), field(form, "outcome", 40)
    if outcome not in OUTCOMES:
        raise InvalidRequest("choose what happened", [{"field": "outcome", "problem": "not one of the choices"}])
    principal = await runtime.portal.principal(user)
    await runtime.check_rate("reports", principal.limit_subject, principal)
    await runtime.outcomes.record(principal, lookup_id, outcome)
    await runtime.portal.outcome_recorded(user.salon_id, lookup_id, outcome)
    return redirect(request, "/salon/outcomes", words(request)["outcome_saved"])


# ---------------------------------------------------------------- follow reports

@routes.get("/reports")
@page("staff")
@template("reports.html")
async def reports(request: web.Request) -> dict[str, Any]:
    runtime, user = runtime_of(request), me(request)
    status = request.query.get("status") if request.query.get("status") in STATUSES else None
    search = request.query.get("q", "").strip()[:100]
    cursor = request.query.get("cursor", "")[:200] or None
    # "new" is measured from the visit that opened the first page, carried along the next pages
    since = _instant(request.query.get("since", "")) if cursor else user.reports_seen_at
    if search:
        found, next_cursor = await _search(runtime, user.salon_id, status, search.casefold()), None
    else:
        try:
            listing = await runtime.reports.page(user.salon_id, PAGE_SIZE, cursor, status)
        except InvalidRequest:
            raise web.HTTPBadRequest() from None
        found, next_cursor = listing.items, listing.next_cursor
    if not cursor and not search and not status:
        await runtime.portal.reports_seen(user)
    items = [{**views.report_view(item), "new": is_new(_changed_at(item), since)} for item in found]
    next_link = None
    if next_cursor:
        params = {"cursor": next_cursor, **({"status": status} if status else {}),
                  **({"since": since.isoformat()} if since else {})}
        next_link = "/salon/reports?" + urlencode(params)
    return {"items": items, "status": status, "search": search, "statuses": STATUSES, "next_link": next_link,
            "searched": SEARCHED_REPORTS if search else None, "section": "reports"}


def _instant(raw: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(raw[:40])
    except ValueError:
        return None
    return parsed if parsed.utcoffset() is not None else None


async def _search(runtime: Runtime, salon_id: str, status: str | None, needle: str) -> list:
    """The salon's newest reports whose name, email, phone or booking reference contains `needle`."""
    matches, cursor, read = [], None, 0
    while read < SEARCHED_REPORTS:
        listing = await runtime.reports.page(salon_id, 100, cursor, status)
        read += len(listing.items)
        for item in listing.items:
            report = item.report
            text = " ".join(str(v) for v in (*report.subject.values(), (report.booking or {}).get("reference"))
                            if v).casefold()
            if needle in text or needle.replace(" ", "") in text.replace(" ", ""):
                matches.append(item)
        if not listing.next_cursor or len(matches) >= PAGE_SIZE * 2:
            break
        cursor = listing.next_cursor
    return matches


@routes.get("/reports/{report_id}")
@page("staff")
@template("report_view.html")
async def report_view(request: web.Request) -> dict[str, Any]:
    found = await runtime_of(request).reports.get(me(request).salon_id, request.match_info["report_id"][:80])
    return {"report": views.report_view(found), "booking": views.booking_view(found.report.booking),
            "section": "reports"}


@routes.post("/reports/{report_id}/withdraw")
@page("staff")
async def withdraw(request: web.Request) -> web.Response:
    runtime = runtime_of(request)
    principal = await runtime.portal.principal(me(request))
    report = await runtime.reports.withdraw(principal, request.match_info["report_id"][:80])
    return redirect(request, f"/salon/reports/{report.id}", words(request)["withdrawn"])


# ---------------------------------------------------------------- the salon's integration (owners)

@routes.get("/integration")
@page("owner")
async def integration(request: web.Request) -> web.Response:
    return await _integration_page(request, None, "")


async def _integration_page(request: web.Request, findings, checked_url: str) -> web.Response:
    runtime, user = runtime_of(request), me(request)
    salon = await runtime.portal.salon_of(user)
    settings = request.config_dict[SETTINGS]
    return render(request, "integration.html", {
        "salon": salon, "keys": await runtime.portal.keys(salon.id), "findings": findings,
        "checked_url": checked_url, "public_base": settings.public_base, "section": "integration",
        "webhooks": await runtime.webhooks.of_salon_with_log(salon.id, salon.platform_id)})


@routes.post("/integration/keys")
@page("owner")
async def create_key(request: web.Request) -> web.Response:
    runtime, user = runtime_of(request), me(request)
    form = await request.post()
    kind = field(form, "kind", 20)
    issued = await runtime.accounts.create_key(user.salon_id, kind, f"salon_user:{user.id}")
    t = words(request)
    base = request.config_dict[SETTINGS].public_base
    snippet = (f'<script src="{base}/static/blocklist.js" data-key="{issued.token}" data-form="#booking" '
               'defer></script>') if kind == "publishable" else None
    return render(request, "secret_once.html", {
        "title": t["key_created"], "back": "/salon/integration", "snippet": snippet,
        "intro": t["secret_key_intro"] if kind == "secret" else t["publishable_key_intro"],
        "secrets": [(t[f"key_{kind}"], issued.token)]})


@routes.post("/integration/keys/{prefix}/revoke")
@page("owner")
async def revoke_key(request: web.Request) -> web.Response:
    user = me(request)
    await runtime_of(request).accounts.revoke_key(request.match_info["prefix"][:40], f"salon_user:{user.id}",
                                                  salon_id=user.salon_id)
    return redirect(request, "/salon/integration", words(request)["key_revoked"])


@routes.post("/integration/origins")
@page("owner")
async def set_origins(request: web.Request) -> web.Response:
    form = await request.post()
    lines = field(form, "origins", 4000).splitlines()
    await runtime_of(request).portal.set_origins(me(request), lines)
    return redirect(request, "/salon/integration", words(request)["origins_saved"])


@routes.post("/integration/page-check")
@page("owner")
async def page_check(request: web.Request) -> web.Response:
    runtime = runtime_of(request)
    form = await request.post()
    url = field(form, "url", 2000)
    if not url.startswith("https://") and not url.startswith("http://"):
        raise InvalidRequest("give the booking page's full address, starting with https://",
                             [{"field": "url", "problem": "not an https address"}])
    salon = await runtime.portal.salon_of(me(request))
    findings = await runtime.page_checker.check(salon, url)
    return await _integration_page(request, findings, url)


@routes.post("/integration/webhooks")
@page("owner")
async def add_webhook(request: web.Request) -> web.Response:
    runtime = runtime_of(request)
    form = await request.post()
    principal = await runtime.portal.principal(me(request))
    webhook = await runtime.webhooks.register(principal, field(form, "url", 2000), ["report.updated"])
    t = words(request)
    return render(request, "secret_once.html", {
        "title": t["webhook_added"], "back": "/salon/integration", "intro": t["webhook_secret_intro"],
        "secrets": [(t["webhook_secret"], webhook.secret)]})


@routes.post("/integration/webhooks/{webhook_id}/{change:delete|test}")
@page("owner")
async def change_webhook(request: web.Request) -> web.Response:
    runtime = runtime_of(request)
    principal = await runtime.portal.principal(me(request))
    webhook_id, t = request.match_info["webhook_id"][:80], words(request)
    if request.match_info["change"] == "delete":
        await runtime.webhooks.delete(principal, webhook_id)
        return redirect(request, "/salon/integration", t["webhook_deleted"])
    await runtime.webhooks.send_test(principal, webhook_id)
    return redirect(request, "/salon/integration", t["webhook_test_sent"])


# ---------------------------------------------------------------- people (owners)

@routes.get("/people")
@page("owner")
@template("people.html")
async def people(request: web.Request) -> dict[str, Any]:
    return {"people": await runtime_of(request).portal.people(me(request).salon_id), "section": "people"}


@routes.post("/people")
@page("owner")
async def invite(request: web.Request) -> web.Response:
    form = await request.post()
    user = me(request)
    invitation = await runtime_of(request).portal.invite(f"salon_user:{user.id}", user.salon_id,
                                                         field(form, "email", 320), field(form, "role", 20))
    return _invitation_sent(request, invitation)


def _invitation_sent(request: web.Request, invitation) -> web.Response:
    t = words(request)
    return render(request, "secret_once.html", {
        "title": t["invited"].format(email=invitation.user.email), "back": "/salon/people",
        "intro": t["invite_mailed"] if invitation.mailed else t["invite_give"],
        "secrets": [(t["invite_link"], invitation.link)]})


@routes.post("/people/{user_id}/{change:disable|enable|invite-again|reset-second-factor}")
@page("owner")
async def change_person(request: web.Request) -> web.Response:
    portal, user = runtime_of(request).portal, me(request)
    user_id, change = request.match_info["user_id"][:80], request.match_info["change"]
    t = words(request)
    if change == "invite-again":
        return _invitation_sent(request, await portal.invite_again(f"salon_user:{user.id}", user.salon_id, user_id))
    if change == "reset-second-factor":
        if user_id == user.id:
            raise InvalidRequest(t["not_yourself"], [{"field": "user_id", "problem": "yourself"}])
        await portal.reset_second_factor(f"salon_user:{user.id}", user.salon_id, user_id)
        return redirect(request, "/salon/people", t["second_factor_reset"])
    await portal.set_disabled(user, user_id, change == "disable")
    return redirect(request, "/salon/people", t["access_stopped"] if change == "disable" else t["access_restored"])


# ---------------------------------------------------------------- static files

routes.get("/static/{name}")(static_handler(HERE / "static"))


def add_routes(app: web.Application) -> None:
    app.router.add_routes(routes)
