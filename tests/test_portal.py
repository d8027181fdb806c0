"""The salon portal over HTTP: invitations, logins as strict as the console's, one salon's people seeing only
their salon, forms that refuse what the API refuses, and every form refusing a cross-site post."""

from __future__ import annotations

import dataclasses
import re

import pyotp
import pytest

from tests.helpers import bearer, new_moderator, new_salon

PASSWORD = "a long salon password 42"


@pytest.fixture
def settings(settings):
    # plain HTTP in tests: cookies without Secure; the second factor is switched on where a test says so
    return dataclasses.replace(settings, console_secure_cookies=False, console_require_mfa=False)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


async def join(client, runtime, salon_id: str, email: str, role: str = "owner", actor: str = "admin:cli"):
    """Invite someone, take up the invitation in a fresh cookie jar and return the logged-in client's jar."""
    invitation = await runtime.portal.invite(actor, salon_id, email, role)
    path = invitation.link.split("://", 1)[1].split("/", 1)[1]
    client.session.cookie_jar.clear()
    form = await client.get("/" + path)
    assert form.status == 200, await form.text()
    taken = await client.post("/" + path, allow_redirects=False, data={
        "password": PASSWORD, "password_again": PASSWORD, "csrf_token": csrf_of(await form.text())})
    assert taken.status == 303 and taken.headers["Location"] == "/salon/mfa", await taken.text()
    return invitation


async def log_in(client, email: str, password: str = PASSWORD, code: str = ""):
    client.session.cookie_jar.clear()
    page = await client.get("/salon/login")
    return await client.post("/salon/login", allow_redirects=False, data={
        "email": email, "password": password, "code": code, "csrf_token": csrf_of(await page.text()),
        "next": "/salon/"})


async def post_form(client, page_path: str, action: str, data: dict, **kwargs):
    """Open a page, then send one of its forms with the page's token."""
    page = await client.get(page_path)
    return await client.post(action, data={**data, "csrf_token": csrf_of(await page.text())},
                             allow_redirects=False, **kwargs)


async def test_an_invited_owner_sets_a_password_and_the_link_works_once(client, runtime):
    salon = await new_salon(runtime)
    invitation = await join(client, runtime, salon.salon.id, "Ewa.Owner@Studio-Anna.pl")
    assert invitation.user.email == "ewa.owner@studio-anna.pl"
    home = await client.get("/salon/")
    assert home.status == 200 and "Studio Anna" in await home.text()
    path = "/" + invitation.link.split("://", 1)[1].split("/", 1)[1]
    client.session.cookie_jar.clear()
    again = await client.get(path)
    assert again.status == 404 and "does not work" in await again.text()
    assert (await log_in(client, "ewa.owner@studio-anna.pl")).status == 303
    assert (await log_in(client, "ewa.owner@studio-anna.pl", "wrong password 12345")).status == 401


async def test_salon_sessions_and_console_sessions_open_nothing_of_each_other(client, runtime):
    salon = await new_salon(runtime)
    await join(client, runtime, salon.salon.id, "ewa@studio-anna.pl")
    portal_cookie = client.session.cookie_jar.filter_cookies(client.make_url("/"))["blocklist_salon_session"].value
    await new_moderator(runtime, "mila", "admin", password=PASSWORD)
    client.session.cookie_jar.clear()
    # the portal's session token presented as a console session, and the other way round
    client.session.cookie_jar.update_cookies({"blocklist_session": portal_cookie}, client.make_url("/"))
    assert (await client.get("/console/queue", allow_redirects=False)).status == 303
    client.session.cookie_jar.clear()
    page = await client.get("/console/login")
    console = await client.post("/console/login", allow_redirects=False, data={
        "username": "mila", "password": PASSWORD, "csrf_token": csrf_of(await page.text()), "next": "/console/"})
    console_cookie = console.cookies["blocklist_session"].value
    client.session.cookie_jar.clear()
    client.session.cookie_jar.update_cookies({"blocklist_salon_session": console_cookie}, client.make_url("/"))
    assert (await client.get("/salon/", allow_redirects=False)).status == 303


async def test_the_second_factor_is_required_before_anything_else(aiohttp_client, settings, clock, runtime):
    from blocklist.app import create_app
    from blocklist.keys import RUNTIME
    from tests.conftest import wait_ready
    portal = await aiohttp_client(create_app(dataclasses.replace(settings, console_require_mfa=True), clock=clock))
    await wait_ready(portal.app[RUNTIME])
    salon = await new_salon(runtime)
    await join(portal, runtime, salon.salon.id, "ewa@studio-anna.pl")
    reports = await portal.get("/salon/reports", allow_redirects=False)
    assert reports.status == 303 and reports.headers["Location"] == "/salon/mfa"
    page = await portal.get("/salon/mfa")
    await portal.post("/salon/mfa/setup", data={"csrf_token": csrf_of(await page.text())})
    html = await (await portal.get("/salon/mfa")).text()
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    confirmed = await portal.post("/salon/mfa/confirm", data={"csrf_token": csrf_of(html),
                                                               "code": pyotp.TOTP(secret).at(clock())})
    codes = re.findall(r'<code class="secret">([0-9a-f]{6}-[0-9a-f]{6})</code>', await confirmed.text())
    assert len(codes) == 10
    assert (await portal.get("/salon/reports")).status == 200
    stored = await runtime.collections.salon_users.find_one({"email": "ewa@studio-anna.pl"})
    assert secret not in repr(stored) and PASSWORD not in repr(stored)
    # a password alone is not enough any more; the code (or a recovery code, once) is
    assert (await log_in(portal, "ewa@studio-anna.pl")).status == 401
    clock.advance(seconds=60)
    assert (await log_in(portal, "ewa@studio-anna.pl", code=pyotp.TOTP(secret).at(clock()))).status == 303
    assert (await log_in(portal, "ewa@studio-anna.pl", code=codes[0])).status == 303
    assert (await log_in(portal, "ewa@studio-anna.pl", code=codes[0])).status == 401


async def test_a_report_by_form_is_the_apis_report_and_a_double_send_stores_one(client, runtime):
    salon = await new_salon(runtime)
    await join(client, runtime, salon.salon.id, "ewa@studio-anna.pl")
    page = await client.get("/salon/report")
    html = await page.text()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)
    form = {"csrf_token": csrf_of(html), "idempotency_key": key, "category": "no_show", "name": "Zofia Wójcik",
            "email": "", "phone": "601 234 567", "phone_country": "PL", "starts_at": "2026-11-20T15:00",
            "service": "koloryzacja", "reference": "B-77", "channel": "phone", "reached": "no", "notes": ""}
    sent = await client.post("/salon/report", data=form, allow_redirects=False)
    assert sent.status == 303, await sent.text()
    report_path = sent.headers["Location"]
    again = await client.post("/salon/report", data=form, allow_redirects=False)
    assert again.headers["Location"] == report_path  # the same report, nothing new stored
    assert await runtime.collections.reports.count_documents({}) == 1
    view = await (await client.get(report_path)).text()
    assert "Zofia Wójcik" in view and "+48601234567" in view and "Waiting for a moderator" in view
    listed = await client.get("/v1/reports", headers=bearer(salon.secret_key))
    item = (await listed.json())["items"][0]
    assert item["booking"]["starts_at"] == "2026-11-20T14:00:00.000Z"  # 15:00 in Warsaw
    assert item["evidence"] == {"contacted": True, "reachable": False}
    withdrawn = await post_form(client, report_path, report_path + "/withdraw", {})
    assert withdrawn.status == 303
    assert "You withdrew it" in await (await client.get(report_path)).text()
    audited = [record async for record in runtime.collections.audit.find({"action": "report.withdrawn"})]
    user = await runtime.collections.salon_users.find_one({"email": "ewa@studio-anna.pl"})
    assert [record["actor"] for record in audited] == [f"salon:{salon.salon.id} by salon_user:{user['_id']}"]


async def test_the_form_refuses_what_the_api_refuses_and_keeps_what_was_typed(client, runtime):
    salon = await new_salon(runtime)
    await join(client, runtime, salon.salon.id, "ewa@studio-anna.pl")
    page = await client.get("/salon/report")
    html = await page.text()
    refused = await client.post("/salon/report", data={
        "csrf_token": csrf_of(html), "category": "no_show", "name": "Zofia", "email": "not an email",
        "phone": "", "phone_country": "PL", "starts_at": "2099-01-01T10:00", "notes": "x" * 10})
    text = await refused.text()
    assert refused.status == 422 and "Please check these fields" in text
    assert 'value="not an email"' in text and "Zofia" in text
    assert await runtime.collections.reports.count_documents({}) == 0


async def test_another_salons_user_sees_none_of_it(client, runtime):
    anna = await new_salon(runtime)
    other = await new_salon(runtime, "Kuaför Ayşe", "TR", ["https://ayse.com.tr"])
    response = await client.post("/v1/reports", headers=bearer(anna.secret_key), json={
        "category": "fake_booking", "subject": {"name": "Zofia Wójcik", "phone": "601 234 567"}})
    report_id = (await response.json())["id"]
    await join(client, runtime, other.salon.id, "ayse@ayse.com.tr")
    assert (await client.get(f"/salon/reports/{report_id}")).status == 404
    listing = await (await client.get("/salon/reports")).text()
    assert "Zofia" not in listing
    assert "Zofia" not in await (await client.get("/salon/reports?q=zofia")).text()
    withdraw = await post_form(client, "/salon/reports", f"/salon/reports/{report_id}/withdraw", {})
    assert withdraw.status == 303
    assert (await runtime.collections.reports.find_one({"_id": report_id}))["status"] == "pending"
    # another salon's keys cannot be revoked from here either
    keys = await runtime.accounts.store.list_keys(anna.salon.id)
    for key in keys:
        refused = await post_form(client, "/salon/integration", f"/salon/integration/keys/{key.prefix}/revoke", {})
        assert refused.status == 303 and refused.headers["Location"] != "/salon/integration"  # not "revoked"
    assert all(k.revoked_at is None for k in await runtime.accounts.store.list_keys(anna.salon.id))
    assert (await client.get("/v1/me", headers=bearer(anna.secret_key))).status == 200


async def test_every_portal_form_refuses_a_cross_site_post(client, runtime):
    salon = await new_salon(runtime)
    await join(client, runtime, salon.salon.id, "ewa@studio-anna.pl")
    token = csrf_of(await (await client.get("/salon/")).text())
    from salon_ui.routes import routes
    posts = [route.path for route in routes if getattr(route, "method", "") == "POST"]
    assert len(posts) >= 15
    for path in posts:
        # a path's variables: the first of a choice ({change:disable|enable} → disable), else "x"
        path = re.sub(r"\{[^}:]+\}", "x", re.sub(r"\{[^}:]+:([^|}]+)[^}]*\}", r"\1", path))
        for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}):
            refused = await client.post("/salon" + path, data={"csrf_token": token, "email": "x@y.pl"},
                                        headers=headers, allow_redirects=False)
            assert refused.status == 403, (path, headers)
        no_token = await client.post("/salon" + path, data={"email": "x@y.pl"}, allow_redirects=False)
        assert no_token.status == 403, path


async def test_staff_report_and_look_up_but_only_owners_manage_keys_and_people(client, runtime):
    salon = await new_salon(runtime)
    await join(client, runtime, salon.salon.id, "ewa@studio-anna.pl")
    invited = await post_form(client, "/salon/people", "/salon/people", {"email": "Kasia@Studio-Anna.pl",
                                                                         "role": "staff"})
    text = await invited.text()
    assert invited.status == 200 and "kasia@studio-anna.pl is invited" in text
    link = re.search(r'<code class="secret">(http[^<]+/salon/invite/[^<]+)</code>', text).group(1)
    client.session.cookie_jar.clear()
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    form = await client.get(path)
    taken = await client.post(path, allow_redirects=False, data={
        "password": PASSWORD, "password_again": PASSWORD, "csrf_token": csrf_of(await form.text())})
    assert taken.status == 303
    assert (await client.get("/salon/lookup")).status == 200
    for owners_only in ("/salon/integration", "/salon/people"):
        refused = await client.get(owners_only)
        assert refused.status == 403 and "owners" in await refused.text()
    created = await post_form(client, "/salon/report", "/salon/integration/keys", {"kind": "secret"})
    assert created.status == 403
    assert len(await runtime.accounts.store.list_keys(salon.salon.id)) == 2
    # the owner stops Kasia's access: her session ends at once
    kasia_cookie = client.session.cookie_jar.filter_cookies(client.make_url("/"))["blocklist_salon_session"].value
    assert (await log_in(client, "ewa@studio-anna.pl")).status == 303
    kasia = await runtime.collections.salon_users.find_one({"email": "kasia@studio-anna.pl"})
    stopped = await post_form(client, "/salon/people", f"/salon/people/{kasia['_id']}/disable", {})
    assert stopped.status == 303
    client.session.cookie_jar.clear()
    client.session.cookie_jar.update_cookies({"blocklist_salon_session": kasia_cookie}, client.make_url("/"))
    assert (await client.get("/salon/", allow_redirects=False)).status == 303
    assert (await log_in(client, "kasia@studio-anna.pl")).status == 401


async def test_a_lookup_gives_the_secret_keys_reasons_in_words_and_takes_the_bookings_outcome(client, runtime):
    salon = await new_salon(runtime)
    # two other salons reported the customer: a challenge, with reasons a publishable key would not get
    for name, country in (("Salon Ola", "PL"), ("Kapsalon Noor", "NL")):
        other = await new_salon(runtime, name, country, ["https://x.example"])
        response = await client.post("/v1/reports", headers=bearer(other.secret_key), json={
            "category": "fake_booking", "subject": {"name": "Zofia Wójcik", "phone": "+48 601 234 567"}})
        assert response.status == 201
    await join(client, runtime, salon.salon.id, "ewa@studio-anna.pl")
    answered = await post_form(client, "/salon/lookup", "/salon/lookup", {
        "name": "Zofia Wojcik", "email": "", "phone": "601-234-567", "phone_country": "PL"})
    text = await answered.text()
    assert answered.status == 200 and "Confirm before you accept" in text, text
    assert "Several salons reported this customer recently" in text
    lookup_id = re.search(r"<code>(lkp_[0-9a-f]+)</code>", text).group(1)
    saved = await client.post("/salon/outcomes", allow_redirects=False, data={
        "csrf_token": csrf_of(text), "lookup_id": lookup_id, "outcome": "attended"})
    assert saved.status == 303
    outcomes = await (await client.get("/salon/outcomes")).text()
    assert "Zofia Wojcik" in outcomes and "<strong>Came</strong>" in outcomes
    stored = await runtime.collections.outcomes.find_one({"_id": lookup_id})
    assert stored["outcome"] == "attended"
    # another salon's lookup is not ours to answer
    other = await new_salon(runtime, "Kuaför Ayşe", "TR", ["https://ayse.com.tr"])
    foreign = await client.post("/v1/lookup", headers=bearer(other.secret_key), json={
        "subject": {"phone": "+48 601 234 567"}})
    foreign_id = (await foreign.json())["lookup_id"]
    refused = await client.post("/salon/outcomes", allow_redirects=False, data={
        "csrf_token": csrf_of(text), "lookup_id": foreign_id, "outcome": "no_show"})
    assert refused.status == 303 and refused.headers["Location"] == "/salon/"
    assert await runtime.collections.outcomes.find_one({"_id": foreign_id}) is None


def test_every_word_a_portal_page_asks_for_is_there_in_every_language():
    """Templates ask for words by key; a missing one would render as nothing, silently."""
    from pathlib import Path

    from blocklist.locales import CODES, PORTAL
    from blocklist.models import DISMISSAL_REASONS
    from blocklist.services.outcomes import OUTCOMES
    from salon_ui.routes import CATEGORIES, STATUSES
    root = Path(__file__).resolve().parents[1] / "salon_ui"
    asked = set()
    for template in (root / "templates").glob("*.html"):
        asked |= set(re.findall(r"\bt\.([a-z_]+)\b", template.read_text())) - {"get"}
    asked |= set(re.findall(r'(?:words\(request\)|t)\["([a-z_]+)"\]', (root / "routes.py").read_text()))
    asked |= {f"category_{c}" for c in CATEGORIES} | {f"category_{c}_hint" for c in CATEGORIES}
    asked |= {f"status_{s}" for s in STATUSES} | {f"booking_{o}" for o in OUTCOMES}
    asked |= {f"verdict_{v}" for v in ("allow", "challenge", "block")} | {
        f"verdict_{v}_title" for v in ("allow", "challenge", "block")}
    asked |= {f"action_{a}" for a in ("none", "require_confirmation", "require_deposit")}
    asked |= {f"reason_{r}" for r in DISMISSAL_REASONS} | {f"nav_{n}" for n in ("home", "report", "lookup")}
    asked |= {f"check_{c}" for c in ("reachable", "origin", "script", "key", "no_secret_key")}
    asked |= {f"why_{code}" for code in ("email_blocked", "phone_blocked", "reported_by_multiple_salons",
                                         "repeated_no_shows", "listing_disputed", "identity_misuse_reported")}
    for code in CODES:
        assert asked <= set(PORTAL[code]), (code, sorted(asked - set(PORTAL[code])))


@pytest.mark.parametrize("lang, title, rtl", [("pl", "Blocklist dla salonów", False), ("tr", "Salonlar için", False),
                                              ("he", "Blocklist למספרות", True), ("ru", "Blocklist для салонов", False)])
async def test_the_portal_speaks_the_widgets_languages_and_remembers_the_choice(client, lang, title, rtl):
    page = await client.get(f"/salon/login?lang={lang}")
    text = await page.text()
    assert title in text and ('dir="rtl"' in text) == rtl and f'lang="{lang}"' in text
    again = await (await client.get("/salon/login")).text()  # the cookie keeps the language
    assert title in again
    from blocklist.locales import LANGUAGES
    assert all(f'hreflang="{code}"' in text and name in text for code, name in LANGUAGES)  # the menu offers all


async def test_an_invitation_lapses_after_seven_days_and_a_new_link_replaces_it(client, runtime, clock):
    salon = await new_salon(runtime)
    invitation = await runtime.portal.invite("admin:cli", salon.salon.id, "late@studio-anna.pl", "owner")
    path = "/" + invitation.link.split("://", 1)[1].split("/", 1)[1]
    clock.advance(days=8)
    assert (await client.get(path)).status == 404
    renewed = await runtime.portal.invite_again("admin:cli", salon.salon.id, invitation.user.id)
    assert renewed.link != invitation.link
    fresh = "/" + renewed.link.split("://", 1)[1].split("/", 1)[1]
    assert (await client.get(fresh)).status == 200
    # someone invited twice is one account; another salon cannot re-invite them
    from blocklist.errors import Conflict, NotFound
    with pytest.raises(Conflict):
        await runtime.portal.invite("admin:cli", salon.salon.id, "LATE@studio-anna.pl", "staff")
    other = await new_salon(runtime, "Other", "NL")
    with pytest.raises(NotFound):
        await runtime.portal.invite_again("admin:cli", other.salon.id, invitation.user.id)


async def test_hostile_form_values_change_nothing_and_crash_nothing(client, runtime):
    salon = await new_salon(runtime)
    await join(client, runtime, salon.salon.id, "ewa@studio-anna.pl")
    page = await client.get("/salon/report")
    html = await page.text()
    for name, email, starts_at in (({"$ne": 1}.__repr__(), "a@b.pl", "9999-12-31T23:59"),
                                   ("Anna", "x@y.pl", "0001-01-01T00:00"), ("\u202eAnna\u0000", "", "not a date"),
                                   ("A" * 5000, "", "")):
        response = await client.post("/salon/report", data={
            "csrf_token": csrf_of(html), "category": "no_show", "name": name, "email": email, "phone": "",
            "phone_country": "PL", "starts_at": starts_at, "notes": ""}, allow_redirects=False)
        assert response.status in (303, 422, 400), (name, starts_at, response.status)
    for path in ("/salon/reports?cursor=%24where", "/salon/reports?status[$ne]=x", "/salon/reports/%7B%24ne%7D",
                 "/salon/reports?since=9999-99&cursor=x", "/salon/reports?q=" + "%00" * 50):
        assert (await client.get(path)).status in (200, 400, 404), path
    assert (await client.get("/salon/")).status == 200


async def test_an_erasure_takes_the_portals_lookups_of_the_person_too(client, runtime):
    salon = await new_salon(runtime)
    for name, country in (("Salon Ola", "PL"), ("Kapsalon Noor", "NL")):
        other = await new_salon(runtime, name, country, ["https://x.example"])
        await client.post("/v1/reports", headers=bearer(other.secret_key), json={
            "category": "fake_booking", "subject": {"name": "Zofia Wójcik", "email": "zofia.w@gmail.com"}})
    await join(client, runtime, salon.salon.id, "ewa@studio-anna.pl")
    answered = await post_form(client, "/salon/lookup", "/salon/lookup", {
        "name": "Zofia Wójcik", "email": "zofia.w@gmail.com", "phone": "", "phone_country": "PL"})
    assert "Confirm before you accept" in await answered.text()
    assert await runtime.collections.portal_lookups.count_documents({}) == 1
    stored = await runtime.collections.portal_lookups.find_one({})
    assert "Zofia" not in repr(stored)  # the name as typed is sealed at rest
    await runtime.lookup.flush_log()
    erased = await runtime.subjects.erase("admin:test", "zofia.w@gmail.com", None, "the person asked")
    assert erased["erased"]["portal_lookups"] == 1
    assert "Zofia" not in await (await client.get("/salon/outcomes")).text()


async def test_an_owner_adds_a_webhook_tests_it_and_another_salons_cannot_be_touched(client, runtime, aiohttp_server):
    from aiohttp import web
    received: list[dict] = []

    async def receive(request: web.Request) -> web.Response:
        received.append({"body": await request.json(), "signature": request.headers.get("Blocklist-Signature")})
        return web.Response(status=204)
    app = web.Application()
    app.router.add_post("/{tail:.*}", receive)  # their address too: nothing may arrive there
    server = await aiohttp_server(app)
    runtime.webhooks.allow_private = True  # the salon's receiver runs on this machine in the test
    salon = await new_salon(runtime)
    other = await new_salon(runtime, "Other", "NL")
    theirs = await client.post("/v1/webhooks", headers=bearer(other.secret_key),
                               json={"url": f"http://127.0.0.1:{server.port}/theirs", "events": ["report.updated"]})
    assert theirs.status == 201, await theirs.text()
    await join(client, runtime, salon.salon.id, "ewa@studio-anna.pl")
    added = await post_form(client, "/salon/integration", "/salon/integration/webhooks",
                            {"url": f"http://127.0.0.1:{server.port}/hooks"})
    assert added.status == 200 and "whsec_" in await added.text()
    hook = await runtime.collections.webhooks.find_one({"salon_id": salon.salon.id})
    tested = await post_form(client, "/salon/integration", f"/salon/integration/webhooks/{hook['_id']}/test", {})
    assert tested.status == 303
    await runtime.webhooks.deliver_due()
    assert received and received[0]["body"]["type"] == "webhook.test" and received[0]["signature"]
    their_id = (await theirs.json())["id"]
    for change in ("delete", "test"):
        await post_form(client, "/salon/integration", f"/salon/integration/webhooks/{their_id}/{change}", {})
    assert await runtime.collections.webhooks.find_one({"_id": their_id}) is not None
    await runtime.webhooks.deliver_due()
    assert len(received) == 1  # no test event went to the other salon's address
    deleted = await post_form(client, "/salon/integration", f"/salon/integration/webhooks/{hook['_id']}/delete", {})
    assert deleted.status == 303
    assert await runtime.collections.webhooks.find_one({"_id": hook["_id"]}) is None


async def test_failed_logins_back_off_as_in_the_console_with_one_generic_message(client, runtime):
    salon = await new_salon(runtime)
    await join(client, runtime, salon.salon.id, "ewa@studio-anna.pl")
    unknown = await log_in(client, "nobody@studio-anna.pl")
    wrong = await log_in(client, "ewa@studio-anna.pl", "a wrong password 42")
    assert unknown.status == wrong.status == 401
    assert "Wrong email, password or code." in await unknown.text() and "Wrong email" in await wrong.text()
    for _ in range(9):
        await log_in(client, "ewa@studio-anna.pl", "a wrong password 42")
    throttled = await log_in(client, "ewa@studio-anna.pl")  # even the right password waits now
    assert throttled.status == 429 and int(throttled.headers["Retry-After"]) > 0


async def test_pages_speak_the_language_the_invitation_was_taken_up_in_on_any_browser(client, runtime):
    salon = await new_salon(runtime)
    invitation = await runtime.portal.invite("admin:cli", salon.salon.id, "ewa@studio-anna.pl", "owner")
    path = "/" + invitation.link.split("://", 1)[1].split("/", 1)[1]
    form = await client.get(path + "?lang=pl")
    assert "Ustaw hasło" in await form.text()
    await client.post(path, data={"password": PASSWORD, "password_again": PASSWORD,
                                  "csrf_token": csrf_of(await form.text())})
    assert (await log_in(client, "ewa@studio-anna.pl")).status == 303  # a fresh cookie jar: no language cookie
    assert "Zgłoś klienta" in await (await client.get("/salon/")).text()


async def test_every_portal_page_has_a_plain_title_and_one_main(client, runtime):
    """What a browser tab and a screen reader announce: the page's name, not markup swallowed by a block."""
    salon = await new_salon(runtime)
    await join(client, runtime, salon.salon.id, "ewa@studio-anna.pl")
    for path in ("/salon/", "/salon/report", "/salon/lookup", "/salon/reports", "/salon/outcomes",
                 "/salon/integration", "/salon/people", "/salon/mfa"):
        html = await (await client.get(path)).text()
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert "<" not in title and title.endswith("· Blocklist") and len(title) < 80, (path, title)
        assert html.count("<main") == 1, path
