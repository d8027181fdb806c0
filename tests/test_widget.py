"""The booking-page script and the demo page, driven in real headless Chromium."""

from __future__ import annotations

import asyncio
import shutil
import time

import pytest

from tests.helpers import assert_error, bearer, new_moderator, new_salon, with_case

CONFIRMED = "#confirmation:not([hidden])"
MESSAGE = ".blocklist-message:not([hidden])"


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "Debian's chromium is needed for browser tests (./scripts/test installs it)"
    return path


@pytest.fixture
async def browser():
    from playwright.async_api import async_playwright
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=chromium_path(), headless=True)
        try:
            yield launched
        finally:
            await launched.close()


def origin_of(client) -> str:
    return str(client.make_url("/")).rstrip("/")


async def demo_page(browser, client, runtime, lang: str = "en"):
    """A salon registered for the test server's address, and its demo booking page open in a tab."""
    salon = await new_salon(runtime, "Studio Demo", "PL", [origin_of(client)])
    page = await browser.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    await page.goto(f"{origin_of(client)}/demo/booking?key={salon.publishable_key}&lang={lang}")
    return salon, page, console


async def book(page, name: str, email: str = "", phone: str = "") -> None:
    await page.fill("#name", name)
    await page.fill("#email", email)
    await page.fill("#phone", phone)
    await page.click("#book")


async def report(client, key, subject, category="fake_booking"):
    response = await client.post("/v1/reports", json={"category": category, "subject": subject}, headers=bearer(key))
    assert response.status == 201, await response.text()
    return await with_case(client, await response.json())


async def block_phone(client, runtime, phone_e164: str) -> None:
    reporter = await new_salon(runtime, "Reporter", "PL")
    created = await report(client, reporter.secret_key, {"name": "Anna Nowak", "phone": phone_e164})
    mod = await new_moderator(runtime)
    response = await client.post(f"/v1/mod/cases/{created['case_id']}/decision", headers=bearer(mod), json={
        "action": "block", "identifiers": [{"kind": "phone", "value": phone_e164}], "scope": "global",
        "note": "three fake bookings"})
    assert response.status == 200, await response.text()


async def test_a_clean_customer_books(browser, client, runtime):
    _, page, _ = await demo_page(browser, client, runtime)
    await book(page, "Jan Kowalski", "jan.kowalski@example.org", "+48 512 000 111")
    await page.wait_for_selector(CONFIRMED, timeout=5000)
    assert await page.text_content('[data-field="blocklist_verdict"]') == "allow"
    assert await page.text_content('#confirmation [data-field="name"]') == "Jan Kowalski"
    assert await page.is_hidden(".blocklist-message")


async def test_a_blocked_customer_sees_the_block_message_and_cannot_book(browser, client, runtime):
    await block_phone(client, runtime, "+48601234567")
    _, page, _ = await demo_page(browser, client, runtime)
    await book(page, "Ania Nowak", phone="601 234 567")  # written another way than it was listed
    box = await page.wait_for_selector(MESSAGE, timeout=5000)
    assert "can't accept this booking online" in await box.text_content()
    assert await box.get_attribute("data-verdict") == "block"
    assert await page.query_selector(".blocklist-proceed") is None  # nothing to click through
    assert await page.is_hidden("#confirmation")
    await page.click("#book")  # trying again changes nothing
    await asyncio.sleep(0.3)
    assert await page.is_hidden("#confirmation")


async def test_a_customer_with_no_show_history_is_asked_for_a_deposit(browser, client, runtime):
    a, b = await new_salon(runtime, "A", "PL"), await new_salon(runtime, "B", "PL")
    await report(client, a.secret_key, {"email": "late@example.org"}, "no_show")
    await report(client, b.secret_key, {"email": "late@example.org"}, "no_show")
    _, page, _ = await demo_page(browser, client, runtime)
    await book(page, "Marta Late", "late@example.org")
    box = await page.wait_for_selector(MESSAGE, timeout=5000)
    assert "needs a deposit" in await box.text_content()
    assert await page.is_hidden("#confirmation")
    await page.click(".blocklist-proceed")  # the customer accepts the deposit step
    await page.wait_for_selector(CONFIRMED, timeout=5000)
    assert await page.text_content('[data-field="blocklist_verdict"]') == "challenge"
    assert await page.text_content('[data-field="blocklist_action"]') == "require_deposit"


async def test_with_the_service_stopped_the_booking_goes_through(browser, client, runtime):
    _, page, console = await demo_page(browser, client, runtime)
    await client.server.close()  # the page and the script are loaded; now the service is gone
    started = time.monotonic()
    await book(page, "Jan Kowalski", "jan@example.org")
    await page.wait_for_selector(CONFIRMED, timeout=3000)
    assert time.monotonic() - started < 2.5
    assert await page.text_content('[data-field="blocklist_verdict"]') == "unchecked"
    assert any("letting the booking through" in line for line in console), console


async def test_a_slow_service_does_not_hold_the_booking_longer_than_the_timeout(browser, client, runtime):
    _, page, console = await demo_page(browser, client, runtime)

    async def stall(route):
        await asyncio.sleep(5)
        await route.abort()

    await page.route("**/v1/lookup", stall)
    started = time.monotonic()
    await book(page, "Jan Kowalski", "jan@example.org")
    await page.wait_for_selector(CONFIRMED, timeout=4000)
    elapsed = time.monotonic() - started
    assert 1.4 < elapsed < 3.0, elapsed
    assert any("no answer within 1500 ms" in line for line in console), console
    await page.unroute_all(behavior="ignoreErrors")


async def test_the_hebrew_message_renders_right_to_left(browser, client, runtime):
    await block_phone(client, runtime, "+972502345678")
    _, page, _ = await demo_page(browser, client, runtime, lang="he")
    await book(page, "שרה כהן", phone="+972 50-234-5678")
    box = await page.wait_for_selector(MESSAGE, timeout=5000)
    assert await box.get_attribute("dir") == "rtl" and await box.get_attribute("lang") == "he"
    assert await box.evaluate("element => getComputedStyle(element).direction") == "rtl"
    assert "לא ניתן לקבל את ההזמנה" in await box.text_content()
    # right-to-left text starts at the right edge of its box
    text_box = await box.evaluate("""element => {
        const range = document.createRange(); range.selectNodeContents(element.querySelector('p'));
        const text = range.getBoundingClientRect(), outer = element.querySelector('p').getBoundingClientRect();
        return {textRight: text.right, outerRight: outer.right, textLeft: text.left, outerLeft: outer.left};
    }""")
    assert abs(text_box["textRight"] - text_box["outerRight"]) < 2
    assert text_box["textLeft"] - text_box["outerLeft"] > 5


async def test_every_language_has_every_message(browser, client, runtime):
    _, page, _ = await demo_page(browser, client, runtime)
    messages = await page.evaluate("window.Blocklist.messages")
    assert set(messages) >= {"en", "pl", "nl", "de", "tr", "ru", "he"}
    for language, texts in messages.items():
        assert set(texts) == {"block", "require_deposit", "require_confirmation", "proceed", "help"}, language
        assert all(text.strip() for text in texts.values()), language
        if language != "en":
            assert texts["block"] != messages["en"]["block"], language


async def test_the_script_is_served_for_other_sites(client):
    response = await client.get("/static/blocklist.js")
    assert response.status == 200
    assert response.content_type == "text/javascript"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert len(await response.read()) < 20_000  # small enough for every booking page
    await assert_error(await client.get("/static/../settings.py"), 404, "not_found")
    await assert_error(await client.get("/static/missing.js"), 404, "not_found")


async def test_the_demo_page_refuses_a_secret_key(client, runtime):
    salon = await new_salon(runtime)
    response = await client.get(f"/demo/booking?key={salon.secret_key}")
    html = await response.text()
    assert response.status == 200
    assert salon.secret_key not in html
    assert "Never put a secret key in a web page" in html
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
