"""Console pages: each handler reads the form or query, calls a service, and renders or redirects."""

from __future__ import annotations

import asyncio
import difflib
import functools
import json
from datetime import datetime, time, timedelta, timezone
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from blocklist import views
from blocklist.errors import InvalidRequest, RateLimited, Unauthorized
from blocklist.http import client_address
from blocklist.keys import RUNTIME, SETTINGS
from blocklist.pagekit import logged_in, logged_out, login_page, static_handler
from blocklist.runtime import Runtime
from blocklist.services.accounts import otpauth_uri
from blocklist.services.audit import audit_cursor
from blocklist.services.casefile import SUMMARIES_PER_SALON
from blocklist.services.console import CATEGORIES, VERDICTS
from moderation_ui import (
    HERE,
    page,
    redirect,
    render,
    template,
)
from moderation_ui.charts import bar_chart, stacked_bars
from moderation_ui.keys import SESSION

PAGE_SIZE = 50
# what a dismissal tells the reporting salons (API.md, report outcome)
DISMISSAL_REASON_LABELS = [("insufficient_evidence", "insufficient evidence"),
                           ("not_the_same_person", "not the same person"),
                           ("outside_policy", "outside what the blocklist is for"), ("duplicate", "a duplicate")]
DURATIONS = [("7", "7 days"), ("30", "30 days"), ("90", "90 days"), ("365", "1 year"), ("730", "2 years (the maximum)"),
             ("date", "until a date")]
routes = web.RouteTableDef()


def runtime_of(request: web.Request) -> Runtime:
    return request.config_dict[RUNTIME]


def principal_of(request: web.Request):
    return request[SESSION].principal  # type: ignore[union-attr]


def when(value: Any) -> str:
    """An ISO time as "2026-11-23 17:40 UTC" (what moderators read)."""
    if not value:
        return "—"
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value)
    return parsed.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def text_field(form, name: str, limit: int = 4000) -> str:
    value = str(form.get(name, "")).strip()
    if len(value) > limit:
        raise InvalidRequest(f"{name} is too long", [{"field": name, "problem": f"at most {limit} characters"}])
    return value


def query_text(request: web.Request, name: str, limit: int = 200) -> str | None:
    value = request.query.get(name, "").strip()
    return value[:limit] or None


def query_number(request: web.Request, name: str, maximum: int) -> int | None:
    """A whole number from the address, at most `maximum`; None when it is not plain ASCII digits."""
    value = request.query.get(name, "")
    if not (value.isascii() and value.isdigit()):
        return None
    return maximum if len(value) > len(str(maximum)) else min(int(value), maximum)


async def names_of(request: web.Request, refs: set[str], known: dict[str, str] | None = None) -> dict[str, str]:
    """People's and salons' names for ids the pages show ("moderator:mod_…", "salon:sal_…", "mod_…",
    "sal_…"): a moderator reads "mila", not an id; the id stays in the link's title. `known`: names the page
    has read already, by id."""
    console = runtime_of(request).console
    bare = {ref.partition(":")[2] if ":" in ref else ref for ref in refs}
    names: dict[str, str] = dict(known or {})
    names.update(await console.usernames({ref for ref in bare if ref.startswith("mod_") and ref not in names}))
    salon_ids = sorted(ref for ref in bare if ref.startswith("sal_") and ref not in names)[:200]
    if salon_ids:
        names.update({salon_id: salon.name for salon_id, salon in (await console.salons_by_id(salon_ids)).items()})
    labels = {}
    for ref in refs:
        kind, _, value = ref.partition(":") if ":" in ref else ("", "", ref)
        if value in names:
            labels[ref] = f"{names[value]} ({kind})" if kind else names[value]
    return labels


def page_link(request: web.Request, **changes: str | None) -> str:
    params = {k: v for k, v in request.query.items() if k not in changes}
    params.update({k: v for k, v in changes.items() if v})
    return request.path + ("?" + urlencode(params) if params else "")


# ---------------------------------------------------------------- login

@routes.get("/login")
@page("public")
async def login_form(request: web.Request) -> web.Response:
    return _login_page(request, None, 200)


def _login_page(request: web.Request, error: str | None, status: int) -> web.Response:
    return login_page(request, "login.html", {"error": error}, status)


@routes.post("/login")
@page("public")
async def login(request: web.Request) -> web.Response:
    form = await request.post()
    username = text_field(form, "username", 100)
    password = str(form.get("password", ""))[:1024]
    code = text_field(form, "code", 20)
    next_path = str(form.get("next", "/console/"))
    try:
        token, _ = await runtime_of(request).console.login(username, password, client_address(request), code)
    except Unauthorized:
        return _login_page(request, "Wrong username, password or code.", 401)
    except RateLimited as exc:
        response = _login_page(request, "Too many failed attempts. Wait a few minutes and try again.", 429)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    return logged_in(request, token, next_path)


# ---------------------------------------------------------------- second factor

@routes.get("/mfa")
@page("setup")
@template("mfa.html")
async def mfa_page(request: web.Request) -> dict[str, Any]:
    moderator = principal_of(request).moderator
    accounts = runtime_of(request).accounts
    secret = None if moderator.mfa else await accounts.pending_mfa_secret(moderator)
    return {"enabled": moderator.mfa, "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
            if secret else None, "uri": otpauth_uri(moderator.username, secret) if secret else None,
            "required": request.config_dict[SETTINGS].console_require_mfa, "section": None,
            "codes_left": await accounts.recovery_codes_left(moderator) if moderator.mfa else 0}


def _recovery_codes_page(request: web.Request, title: str, codes: list[str]) -> web.Response:
    return render(request, "secret_once.html", {
        "title": title, "section": None, "back": "/console/",
        "intro": "Each recovery code logs you in once in place of a code from the app, for the day the phone "
                 "is lost. Keep them somewhere safe, away from the phone.",
        "secrets": [(f"Recovery code {n}", code) for n, code in enumerate(codes, 1)]})


@routes.post("/mfa/setup")
@page("setup")
async def mfa_setup(request: web.Request) -> web.Response:
    principal = principal_of(request)
    if principal.moderator.mfa:
        return redirect(request, "/console/mfa", "Your second factor is already set up; an admin can reset it.")
    await runtime_of(request).accounts.begin_mfa(principal.moderator)
    return redirect(request, "/console/mfa")


@routes.post("/mfa/confirm")
@page("setup")
async def mfa_confirm(request: web.Request) -> web.Response:
    form = await request.post()
    codes = await runtime_of(request).accounts.confirm_mfa(principal_of(request), text_field(form, "code", 20))
    if codes is None:
        return redirect(request, "/console/mfa", "That code did not match. Check the app's clock and try the next "
                                                 "code.", "error")
    return _recovery_codes_page(request, "Two-step login is on: your recovery codes", codes)


@routes.post("/mfa/recovery-codes")
@page("moderator")
async def mfa_recovery_codes(request: web.Request) -> web.Response:
    principal = principal_of(request)
    if not principal.moderator.mfa:
        return redirect(request, "/console/mfa", "Set up two-step login first.", "error")
    return _recovery_codes_page(request, "New recovery codes (the earlier ones no longer work)",
                                await runtime_of(request).accounts.new_recovery_codes(principal))


@routes.post("/logout")
@page("setup")
async def logout(request: web.Request) -> web.Response:
    await runtime_of(request).console.logout(request[SESSION])
    return logged_out(request, "You are logged out.")


@routes.get("/")
@page("moderator")
async def home(request: web.Request) -> web.Response:
    raise web.HTTPSeeOther("/console/queue")


# ---------------------------------------------------------------- queue

@routes.get("/queue")
@page("moderator")
@template("queue.html")
async def queue(request: web.Request) -> dict[str, Any]:
    status = "resolved" if request.query.get("status") == "resolved" else "open"
    category = request.query.get("category") if request.query.get("category") in CATEGORIES else None
    min_salons = query_number(request, "min_salons", 10_000)
    mine = request.query.get("mine") == "1"
    me = principal_of(request).moderator.id
    now = runtime_of(request).clock().timestamp()
    cursor = query_text(request, "cursor", 300)
    items: list[dict[str, Any]] = []
    # each filter is an index range; a page can still fall short (decided cases by category, lapsed claims of
    # mine), so read on, page after page (bounded)
    for _ in range(10):
        found = await runtime_of(request).moderation.queue(status, PAGE_SIZE, cursor, category, me if mine else None,
                                                           min_salons)
        for case in (views.case_summary(c, runtime_of(request).clock()) for c in found.items):
            if category and status != "open" and category not in case["categories"] \
                    and case["worst_category"] != category:
                continue  # (decided cases are not indexed by category)
            if min_salons and case["salon_count"] < min_salons:
                continue
            live_claim = case["claimed_by"] and (case.get("claimed_until") or 0) > now
            if mine and not live_claim:
                continue
            case["claim"] = case["claimed_by"] if live_claim else None
            items.append(case)
        cursor = found.next_cursor
        if len(items) >= PAGE_SIZE or not cursor:
            break
    usernames = await runtime_of(request).console.usernames({case["claim"] for case in items if case["claim"]})
    for case in items:
        case["claim_name"] = usernames.get(case["claim"], case["claim"]) if case["claim"] else None
    return {"cases": items, "status": status, "category": category, "min_salons": min_salons, "mine": mine,
            "categories": CATEGORIES, "next_link": page_link(request, cursor=cursor) if cursor else None,
            "section": "queue"}


@routes.post("/queue/take-next")
@page("moderator")
async def take_next(request: web.Request) -> web.Response:
    case_id = await runtime_of(request).console.take_next(principal_of(request))
    if case_id is None:
        return redirect(request, "/console/queue", "Nothing to take: every open case is being worked on or the "
                                                   "queue is empty.")
    return redirect(request, f"/console/cases/{case_id}", "The case is yours for the next hour of activity.")


# ---------------------------------------------------------------- case

@functools.lru_cache(maxsize=2048)
def _segments(text: str, reference: str) -> tuple[tuple[str, bool], ...]:
    """`text` cut into (part, differs from `reference`) for highlighting another spelling (a case's reports
    repeat a few spellings: each pair is cut once)."""
    if not reference or text == reference:
        return ((text, False),) if text else ()
    matcher = difflib.SequenceMatcher(None, reference.lower(), text.lower(), autojunk=False)
    return tuple((text[j1:j2], op != "equal") for op, _, _, j1, j2 in matcher.get_opcodes() if j2 > j1)


@routes.get("/cases/{case_id}")
@page("moderator")
@template("case.html")
async def case_page(request: web.Request) -> dict[str, Any]:
    runtime = runtime_of(request)
    principal = principal_of(request)
    case_id = request.match_info["case_id"][:80]
    found, notes = await asyncio.gather(  # (independent reads, asked together)
        runtime.moderation.case(case_id, principal), runtime.console.notes_of(case_id))
    case = views.case_file(found, runtime.clock())
    now = runtime.clock().timestamp()
    if case["status"] == "open" and case["claimed_by"] == principal.moderator.id:
        # activity keeps my claim alive
        await runtime.console.keep_claim(principal, case_id, case.get("claimed_until") or 0.0)
    first = case["reports"][0]["subject"] if case["reports"] else {}
    numbers = {report["id"]: number for number, report in enumerate(case["reports"], 1)}
    for report in case["reports"]:
        # what each card shows, worked out here: a case of 21 reports made the template call 300 macros and methods
        report["lines"] = [_field_line(report, field, first.get(field) or "", numbers)
                           for field in ("name", "email", "phone")]
        report["booking_text"] = "; ".join(f"{key.replace('_', ' ')}: {value}"
                                           for key, value in (report.get("booking") or {}).items() if value)
        report["evidence_text"] = "".join(f"{key.replace('_', ' ')}: {'yes' if value else 'no'}; "
                                          for key, value in (report.get("evidence") or {}).items()
                                          if key != "notes" and value is not None)
    live_claim = case["claimed_by"] and (case.get("claimed_until") or 0) > now
    names = await names_of(request, {h["actor"] for h in case.get("history", []) if h.get("actor")}
                           | ({case["claimed_by"]} if live_claim else set()),
                           {s.id: s.name for s in found.salons.values()})
    return {"case": case, "notes": notes, "durations": DURATIONS, "names": names,
            "dismissal_reasons": DISMISSAL_REASON_LABELS,
            "claim_name": names.get(case["claimed_by"], case["claimed_by"]) if live_claim else None,
            "claimed_by_me": live_claim and case["claimed_by"] == principal.moderator.id,
            "min_date": (datetime.now(timezone.utc) + timedelta(days=1)).date().isoformat(), "section": "queue",
            "summaries_per_salon": SUMMARIES_PER_SALON}


# why a report's field sits with the others of its case (matching/explain.py), in words; {other}: "report 2"
WHY_WORDS = {
    "exact": "typed the same as {other}",
    "canonical": "the same {thing} as {other}, written another way",
    "typo": "one letter from {other}'s mailbox",
    "other_provider": "the same mailbox name as {other}, at another provider",
    "foreign_national": "{other}'s number, typed the way its own country types it",
    "same_last_digits": "ends like {other}'s number (maybe someone else)",
    "similar_name": "like the name in {other} ({score:.2f})",
    "different_name": "unlike the other names (closest: {other}, {score:.2f})",
}


def why_words(why: dict[str, Any], numbers: dict[str, int]) -> str:
    number = numbers.get(why.get("other") or "")
    words = WHY_WORDS.get(why["how"])
    if words is None:
        return "only in this report"
    return words.format(other=f"report {number}" if number else "another report", score=why.get("score") or 0.0,
                        thing="mailbox" if why["field"] == "email" else "number")


def _field_line(report: dict[str, Any], field: str, reference: str,
                numbers: dict[str, int]) -> tuple[str, tuple[tuple[str, bool], ...], str | None, str | None, list]:
    """One field of a report's card: (field, the typed value cut into parts that differ from the first report's,
    its matching form when that reads differently, why the phone is not valid ("" when no reason is known; None
    when it is valid), and (how, in words) for each reason it sits in the case)."""
    typed = report["subject"].get(field)
    canonical = report["canonical"].get(field)
    invalid = (report["canonical"].get("phone_problem") or "") if field == "phone" and report.get("phone_invalid") \
        else None
    return (field, _segments(typed or "", reference), canonical if canonical and canonical != typed else None,
            invalid, [(why["how"], why_words(why, numbers)) for why in report["why"] if why["field"] == field])


def _expiry(form, now: datetime) -> datetime | None:
    duration = str(form.get("duration", "30"))
    if duration == "date":
        raw = str(form.get("until", ""))
        try:
            day = datetime.strptime(raw, "%Y-%m-%d").date()
        except ValueError:
            raise InvalidRequest("pick the date the entry ends", [{"field": "until", "problem": "not a date"}]) from None
        return datetime.combine(day, time(23, 59, 59), timezone.utc)
    if duration not in {"7", "30", "90", "365", "730"}:
        raise InvalidRequest("pick a duration", [{"field": "duration", "problem": "unknown"}])
    return now + timedelta(days=int(duration))


@routes.post("/cases/{case_id}/decision")
@page("moderator")
async def decide(request: web.Request) -> web.Response:
    runtime = runtime_of(request)
    case_id = request.match_info["case_id"][:80]
    form = await request.post()
    action = str(form.get("action", ""))
    if action not in {"block", "challenge", "warn", "dismiss"}:
        raise InvalidRequest("choose block, challenge, warn or dismiss", [{"field": "action", "problem": "unknown"}])
    identifiers = []
    for raw in form.getall("identifier", [])[:20]:
        kind, _, value = str(raw).partition(":")
        if kind in {"email", "phone"} and value:
            identifiers.append({"kind": kind, "value": value[:320]})
    version = str(form.get("version", ""))
    await runtime.moderation.decide(
        principal_of(request), case_id, action, identifiers, text_field(form, "scope", 100) or "global",
        None if action == "dismiss" else _expiry(form, runtime.clock()), text_field(form, "note"),
        int(version) if version.isascii() and version.isdigit() and len(version) < 10 else None,
        reason=(text_field(form, "reason", 40) or None) if action == "dismiss" else None)
    done = {"block": "Blocked", "challenge": "Set to challenge", "warn": "Warned (the person is told by email)",
            "dismiss": "Dismissed"}[action]
    return redirect(request, f"/console/cases/{case_id}", f"{done}: the decision is recorded in the audit log.")


@routes.post("/cases/{case_id}/merge")
@page("moderator")
async def merge(request: web.Request) -> web.Response:
    form = await request.post()
    merged = await runtime_of(request).moderation.merge(principal_of(request), request.match_info["case_id"][:80],
                                                        text_field(form, "other_case_id", 80))
    return redirect(request, f"/console/cases/{merged.case.id}", "The cases are merged.")


@routes.post("/cases/{case_id}/split")
@page("moderator")
async def split(request: web.Request) -> web.Response:
    form = await request.post()
    report_ids = [str(r)[:80] for r in form.getall("report_id", [])[:500]]
    if not report_ids:
        raise InvalidRequest("tick the reports to move into a new case", [{"field": "report_id", "problem": "none"}])
    _, new = await runtime_of(request).moderation.split(principal_of(request), request.match_info["case_id"][:80],
                                                        report_ids)
    return redirect(request, f"/console/cases/{new.case.id}",
                    f"{len(report_ids)} report(s) moved into this new case.")


@routes.post("/cases/{case_id}/notes")
@page("moderator")
async def add_note(request: web.Request) -> web.Response:
    form = await request.post()
    case_id = request.match_info["case_id"][:80]
    await runtime_of(request).console.add_note(principal_of(request), case_id, text_field(form, "note"))
    return redirect(request, f"/console/cases/{case_id}#notes", "Note added.")


@routes.post("/cases/{case_id}/claim")
@page("moderator")
async def claim(request: web.Request) -> web.Response:
    case_id = request.match_info["case_id"][:80]
    if not await runtime_of(request).console.claim(principal_of(request), case_id):
        return redirect(request, f"/console/cases/{case_id}", "Someone else is working on this case.", "error")
    return redirect(request, f"/console/cases/{case_id}", "The case is yours for the next hour of activity.")


@routes.post("/cases/{case_id}/release")
@page("moderator")
async def release(request: web.Request) -> web.Response:
    case_id = request.match_info["case_id"][:80]
    await runtime_of(request).console.release(principal_of(request), case_id)
    return redirect(request, "/console/queue", "Released: the case is back in the queue for anyone.")


# ---------------------------------------------------------------- blocklist

@routes.get("/blocklist")
@page("moderator")
@template("blocklist.html")
async def blocklist(request: web.Request) -> dict[str, Any]:
    q = query_text(request, "q")
    kind = request.query.get("kind") if request.query.get("kind") in {"email", "phone"} else None
    active = {"yes": True, "no": False}.get(request.query.get("active", ""))
    scope = query_text(request, "scope", 100)
    found = await runtime_of(request).moderation.search_entries(q, kind, active, scope, PAGE_SIZE,
                                                                query_text(request, "cursor", 300))
    now = runtime_of(request).clock()
    return {"entries": [views.found_entry(f, now) for f in found.items], "q": q or "", "kind": kind,
            "active": request.query.get("active", ""),
            "scope": scope or "", "next_link": page_link(request, cursor=found.next_cursor) if found.next_cursor
            else None, "section": "blocklist"}


@routes.get("/blocklist/{entry_id}")
@page("moderator")
@template("entry.html")
async def entry(request: web.Request) -> dict[str, Any]:
    found = await runtime_of(request).moderation.entry(request.match_info["entry_id"][:120])
    refs = {ref for ref in (found.created_by, found.lifted_by) if ref}
    return {"entry": views.entry_view(found, runtime_of(request).clock()), "names": await names_of(request, refs),
            "section": "blocklist"}


@routes.post("/blocklist/{entry_id}/lift")
@page("moderator")
async def lift(request: web.Request) -> web.Response:
    form = await request.post()
    entry_id = request.match_info["entry_id"][:120]
    await runtime_of(request).moderation.lift(principal_of(request).actor, entry_id, text_field(form, "note"))
    return redirect(request, f"/console/blocklist/{entry_id}", "Lifted: lookups no longer match this entry.")


@routes.post("/blocklist/{entry_id}/misuse")
@page("moderator")
async def misuse(request: web.Request) -> web.Response:
    form = await request.post()
    entry_id = request.match_info["entry_id"][:120]
    misused = form.get("misused") == "yes"
    await runtime_of(request).moderation.mark_misused(principal_of(request).actor, entry_id, misused,
                                                      text_field(form, "note"))
    return redirect(request, f"/console/blocklist/{entry_id}",
                    "Marked as misused: lookups ask for a confirmation instead of blocking." if misused else
                    "Misuse mark cleared: the listing blocks again.")


def challenge_precision(counts: dict[str, int]) -> dict[str, Any]:
    """How challenged customers' bookings went, as salons told it: the precision of challenges."""
    told = counts.get("attended", 0) + counts.get("no_show", 0) + counts.get("late_cancellation", 0)
    return {**counts, "told": told,
            "came_percent": round(100 * counts.get("attended", 0) / told) if told else None}


# ---------------------------------------------------------------- appeals

@routes.get("/appeals")
@page("moderator")
@template("appeals.html")
async def appeals(request: web.Request) -> dict[str, Any]:
    status = request.query.get("status", "open")
    status = status if status in {"open", "awaiting_verification", "received", "lifted", "upheld"} else None
    found = await runtime_of(request).appeals.page(status, PAGE_SIZE, query_text(request, "cursor", 300))
    return {"appeals": [views.appeal_view(a) for a in found.items], "status": status or "",
            "next_link": page_link(request, cursor=found.next_cursor) if found.next_cursor else None,
            "section": "appeals"}


@routes.get("/appeals/{appeal_id}")
@page("moderator")
@template("appeal.html")
async def appeal(request: web.Request) -> dict[str, Any]:
    found = await runtime_of(request).appeals.file(request.match_info["appeal_id"][:80])
    return {"appeal": views.appeal_file(found, runtime_of(request).clock()), "section": "appeals"}


@routes.post("/appeals/{appeal_id}/link")
@page("moderator")
async def link_to_appeal(request: web.Request) -> web.Response:
    form = await request.post()
    appeal_id = request.match_info["appeal_id"][:80]
    entry_ids = [str(value)[:100] for value in form.getall("entry_id", [])][:50]
    await runtime_of(request).appeals.link(principal_of(request), appeal_id, entry_ids)
    return redirect(request, f"/console/appeals/{appeal_id}",
                    "Linked: the appeal now covers that listing (lifted with it; restricted while it is open if the "
                    "person proved their identifier).")


@routes.post("/appeals/{appeal_id}/resolve")
@page("moderator")
async def resolve(request: web.Request) -> web.Response:
    form = await request.post()
    appeal_id = request.match_info["appeal_id"][:80]
    outcome = str(form.get("outcome", ""))
    if outcome not in {"lifted", "upheld"}:
        raise InvalidRequest("choose lift or uphold", [{"field": "outcome", "problem": "unknown"}])
    await runtime_of(request).appeals.resolve(principal_of(request), appeal_id, outcome, text_field(form, "note"))
    message = "Appeal resolved: the entries are lifted." if outcome == "lifted" else "Appeal resolved: upheld."
    return redirect(request, f"/console/appeals/{appeal_id}", message)


# ---------------------------------------------------------------- audit

@routes.get("/audit")
@page("moderator")
@template("audit.html")
async def audit(request: web.Request) -> dict[str, Any]:
    actor, target = query_text(request, "actor", 120), query_text(request, "target", 120)
    before = audit_cursor(request.query.get("cursor", ""))
    records = await runtime_of(request).audit.list(PAGE_SIZE + 1, before, actor, target)
    more = len(records) > PAGE_SIZE
    records = records[:PAGE_SIZE]
    names = await names_of(request, {r["actor"] for r in records} | {r["target"] for r in records if r.get("target")})
    return {"records": records, "actor": actor or "", "target": target or "", "names": names,
            "next_link": page_link(request, cursor=str(records[-1]["seq"])) if more else None, "section": "audit"}


# ---------------------------------------------------------------- dashboard

@routes.get("/dashboard")
@page("moderator")
@template("dashboard.html")
async def dashboard(request: web.Request) -> dict[str, Any]:
    runtime = runtime_of(request)
    counted = await runtime.dashboard.get()  # (counted at most 30 s ago, or again in the background)
    figures = {**counted, "alerts": await runtime.console.alerts()}
    days = [d[5:] for d in figures["days"]]  # MM-DD under each bar
    return {
        "figures": figures, "section": "dashboard",
        "notices": {**counted["notices"], "can_send": runtime.notices.can_send},
        "challenged": challenge_precision(counted["challenged"]),
        "reports_chart": stacked_bars("Reports per day, by category", days, figures["reports"], CATEGORIES),
        "lookups_chart": stacked_bars("Lookups per day, by verdict", days, figures["lookups"], VERDICTS,
                                      ("v-allow", "v-challenge", "v-block")),
        "ages_chart": bar_chart(f"Open cases by age (counted {figures['open_cases_counted_at'][11:19]} UTC)",
                                figures["open_case_ages"]),
        "salons_chart": bar_chart("Top reporting salons (30 days)",
                                  [(f"{s['name']} · trust {s['trust']}", s["reports"]) for s in figures["top_salons"]],
                                  horizontal=True),
    }


# ---------------------------------------------------------------- admin

@routes.get("/admin")
@page("admin")
@template("admin.html")
async def admin(request: web.Request) -> dict[str, Any]:
    runtime = runtime_of(request)
    skip = query_number(request, "skip", 1_000_000) or 0
    salons = await runtime.console.salons(PAGE_SIZE + 1, skip)
    settings = request.config_dict[SETTINGS]
    return {"salons": salons[:PAGE_SIZE], "moderators": await runtime.console.moderators(),
            "platforms": await runtime.accounts.all_platforms(),
            "next_link": page_link(request, skip=str(skip + PAGE_SIZE)) if len(salons) > PAGE_SIZE else None,
            "defaults": {"multi_salon_threshold": settings.multi_salon_threshold,
                         "no_show_window_days": settings.no_show_window_days,
                         "claim_timeout_minutes": settings.claim_timeout_minutes,
                         "console_idle_minutes": settings.console_idle_minutes,
                         "console_absolute_hours": settings.console_absolute_hours},
            "created": None, "section": "admin"}


@routes.post("/admin/salons")
@page("admin")
async def create_salon(request: web.Request) -> web.Response:
    form = await request.post()
    origins = [line.strip() for line in text_field(form, "origins", 2000).splitlines() if line.strip()][:20]
    created = await runtime_of(request).accounts.create_salon(
        text_field(form, "name", 200), text_field(form, "country", 2), origins, principal_of(request).actor)
    return render(request, "secret_once.html", {
        "title": f"Salon {created.salon.name} created", "section": "admin",
        "secrets": [("Secret key (server-to-server)", created.secret_key),
                    ("Publishable key (booking pages)", created.publishable_key)],
        "back": f"/console/admin/salons/{created.salon.id}"})


@routes.post("/admin/platforms")
@page("admin")
async def create_platform(request: web.Request) -> web.Response:
    form = await request.post()
    platform, key = await runtime_of(request).accounts.create_platform(text_field(form, "name", 200),
                                                                        principal_of(request).actor)
    return render(request, "secret_once.html", {
        "title": f"Booking platform {platform.name} created", "section": "admin",
        "secrets": [("Platform key (creates its salons and acts for them with Blocklist-Salon)", key)],
        "back": "/console/admin"})


@routes.get("/admin/salons/{salon_id}")
@page("admin")
@template("salon.html")
async def salon(request: web.Request) -> dict[str, Any]:
    runtime = runtime_of(request)
    found = await runtime.console.salon_with_keys(request.match_info["salon_id"][:80])
    if found is None:
        raise web.HTTPNotFound()
    salon, keys = found
    webhooks = await runtime.webhooks.of_salon_with_log(salon.id, salon.platform_id)
    platforms = {p.id: p for p in await runtime.accounts.all_platforms()} if salon.platform_id else {}
    return {"salon": salon, "keys": keys, "section": "admin", "webhooks": webhooks,
            "platform": platforms.get(salon.platform_id or ""), "portal_people": await runtime.portal.people(salon.id)}


@routes.post("/admin/salons/{salon_id}/invite")
@page("admin")
async def invite_salon_user(request: web.Request) -> web.Response:
    form = await request.post()
    salon_id = request.match_info["salon_id"][:80]
    invitation = await runtime_of(request).portal.invite(principal_of(request).actor, salon_id,
                                                         text_field(form, "email", 320), str(form.get("role", "")))
    return _invitation_page(request, salon_id, invitation)


def _invitation_page(request: web.Request, salon_id: str, invitation) -> web.Response:
    return render(request, "secret_once.html", {
        "title": f"{invitation.user.email} is invited ({invitation.user.role.value})", "section": "admin",
        "intro": "We emailed them this link." if invitation.mailed else
                 "No email is sent from here (no SMTP server is set): give them this link yourself.",
        "secrets": [("Invitation link (valid 7 days; they choose their password there)", invitation.link)],
        "back": f"/console/admin/salons/{salon_id}"})


@routes.post("/admin/salons/{salon_id}/people/{user_id}/{change:invite-again|reset-second-factor}")
@page("admin")
async def salon_person(request: web.Request) -> web.Response:
    portal, actor = runtime_of(request).portal, principal_of(request).actor
    salon_id, user_id = request.match_info["salon_id"][:80], request.match_info["user_id"][:80]
    if request.match_info["change"] == "invite-again":
        return _invitation_page(request, salon_id, await portal.invite_again(actor, salon_id, user_id))
    await portal.reset_second_factor(actor, salon_id, user_id)
    return redirect(request, f"/console/admin/salons/{salon_id}",
                    "Second factor removed: they set up a new one at their next login.")


@routes.post("/admin/salons/{salon_id}/keys")
@page("admin")
async def create_key(request: web.Request) -> web.Response:
    form = await request.post()
    salon_id = request.match_info["salon_id"][:80]
    kind = str(form.get("kind", ""))
    scopes = [str(s) for s in form.getall("scopes", [])][:5] or None  # none ticked: what the kind allows
    issued = await runtime_of(request).accounts.create_key(salon_id, kind, principal_of(request).actor, scopes)
    return render(request, "secret_once.html", {
        "title": f"New {kind} key", "section": "admin", "secrets": [(f"{kind.capitalize()} key", issued.token)],
        "back": f"/console/admin/salons/{salon_id}"})


@routes.post("/admin/keys/{prefix}/revoke")
@page("admin")
async def revoke_key(request: web.Request) -> web.Response:
    form = await request.post()
    await runtime_of(request).accounts.revoke_key(request.match_info["prefix"][:40], principal_of(request).actor)
    back = text_field(form, "back", 200)
    return redirect(request, back if back.startswith("/console/admin") else "/console/admin",
                    "Key revoked: it is refused from now on.")


@routes.post("/admin/salons/{salon_id}/policy")
@page("admin")
async def salon_policy(request: web.Request) -> web.Response:
    form = await request.post()
    salon_id = request.match_info["salon_id"][:80]

    def optional_int(name: str) -> int | None:
        raw = text_field(form, name, 6)
        if not raw:
            return None
        if not (raw.isascii() and raw.isdigit()):
            raise InvalidRequest(f"{name} must be a whole number", [{"field": name, "problem": "not a number"}])
        return int(raw)

    await runtime_of(request).accounts.set_salon_policy(
        salon_id, form.get("challenge_as_block") == "on", optional_int("multi_salon_threshold"),
        optional_int("no_show_window_days"), principal_of(request).actor)
    return redirect(request, f"/console/admin/salons/{salon_id}", "Policy saved; lookups use it within seconds.")


@routes.post("/admin/moderators")
@page("admin")
async def create_moderator(request: web.Request) -> web.Response:
    form = await request.post()
    password = str(form.get("password", ""))
    moderator, token = await runtime_of(request).accounts.create_moderator(
        text_field(form, "username", 40), str(form.get("role", "moderator")), password or None,
        principal_of(request).actor)
    return render(request, "secret_once.html", {
        "title": f"Moderator {moderator.username} created", "section": "admin",
        "secrets": [("API token (for automation; the console uses the password)", token)], "back": "/console/admin"})


@routes.post("/admin/moderators/{moderator_id}/reset-mfa")
@page("admin")
async def reset_mfa(request: web.Request) -> web.Response:
    await runtime_of(request).accounts.reset_mfa(principal_of(request).actor, request.match_info["moderator_id"][:80])
    return redirect(request, "/console/admin", "Second factor removed: they set up a new one at their next login.")


@routes.post("/admin/moderators/{moderator_id}/{change:disable|enable}")
@page("admin")
async def moderator_status(request: web.Request) -> web.Response:
    disable = request.match_info["change"] == "disable"
    await runtime_of(request).console.set_moderator_disabled(principal_of(request),
                                                             request.match_info["moderator_id"][:80], disable)
    return redirect(request, "/console/admin", "Moderator disabled: their sessions ended." if disable
                    else "Moderator enabled.")


@routes.post("/admin/subject-requests")
@page("admin")
async def subject_request(request: web.Request) -> web.Response:
    form = await request.post()
    subjects = runtime_of(request).subjects
    actor = principal_of(request).actor
    email, phone = text_field(form, "email", 320) or None, text_field(form, "phone", 40) or None
    action = str(form.get("action", ""))
    if action == "export":
        export = await subjects.export(actor, email, phone)
        return render(request, "subject_export.html", {"export": json.dumps(export, indent=2, ensure_ascii=False),
                                                       "section": "admin"})
    note = text_field(form, "note", 2000)
    if action == "restrict":
        done = await subjects.restrict(actor, email, phone, note)
        return redirect(request, "/console/admin", f"Restricted {done['restricted']} listing(s): they answer "
                                                   "challenge at most until resolved.")
    if action == "erase":
        if form.get("confirm") != "on":
            raise InvalidRequest("tick the box to confirm the erasure", [{"field": "confirm", "problem": "unticked"}])
        done = await subjects.erase(actor, email, phone, note)
        summary = ", ".join(f"{count} {kind}" for kind, count in done["erased"].items())
        return redirect(request, "/console/admin", f"Erased ({summary}); tombstone {done['tombstone_id']}.")
    raise InvalidRequest("choose export, restrict or erase", [{"field": "action", "problem": "unknown"}])


# ---------------------------------------------------------------- static files

routes.get("/static/{name}")(static_handler(HERE / "static"))


def add_routes(app: web.Application) -> None:
    app.router.add_routes(routes)
