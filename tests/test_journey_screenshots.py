"""The README's pictures, taken while walking what each person sees (and checking it): the widget
stopping a blocked customer and asking another for a deposit, on a desktop and on a phone; a
moderator's case page for a person written in Hebrew and one in Cyrillic; the listed person's
appeal from the transparency page to the moderator.

`BLOCKLIST_SCREENSHOTS=docs/screenshots ./scripts/test tests/test_journey_screenshots.py` refreshes
them; otherwise they go to the test's temporary directory."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from tests.helpers import bearer, new_moderator, new_salon
from tests.outside import inbox, messaging, sms_gateway, with_messaging  # noqa: F401 (fixtures)
from tests.test_console import PASSWORD, SCREENSHOTS_ENV, moderator, report
from tests.test_widget import MESSAGE, block_phone, book, browser, origin_of  # noqa: F401

DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def settings(settings, messaging):  # noqa: F811
    # plain-HTTP cookies and no second factor, as in test_console; codes go to a local mail server and gateway
    return dataclasses.replace(with_messaging(settings, messaging), console_secure_cookies=False,
                               console_require_mfa=False)
PHONE = {"width": 390, "height": 780}


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get(SCREENSHOTS_ENV) or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("size, viewport", [("desktop", DESKTOP), ("phone", PHONE)])
async def test_the_widget_stopping_a_blocked_customer_and_asking_for_a_deposit(browser, client, runtime, shots,  # noqa: F811
                                                                               size, viewport):
    await block_phone(client, runtime, "+48601234567")
    a, b = await new_salon(runtime, "A", "PL"), await new_salon(runtime, "B", "NL")
    for salon in (a, b):
        await report(client, salon.secret_key, {"email": "marta.late@example.org"}, "no_show")
    salon = await new_salon(runtime, "Studio Róża", "PL", [origin_of(client)])
    for verdict, customer, lang in (("blocked", {"phone": "601 234 567"}, "pl"),
                                    ("deposit", {"email": "marta.late@example.org"}, "en")):
        page = await browser.new_page(viewport=viewport)
        await page.goto(f"{origin_of(client)}/demo/booking?key={salon.publishable_key}&lang={lang}")
        await book(page, "Anna Nowak", **customer)
        box = await page.wait_for_selector(MESSAGE, timeout=5000)
        assert await box.get_attribute("data-verdict") == ("block" if verdict == "blocked" else "challenge")
        await page.wait_for_function("""() => {
            const r = document.querySelector('.blocklist-message').getBoundingClientRect();
            return r.top >= 0 && r.bottom <= window.innerHeight;
        }""", timeout=3000)
        await page.screenshot(path=str(shots / f"widget-{verdict}-{size}.png"))
        await page.close()


@pytest.mark.parametrize("script, spellings, phone", [
    ("hebrew", [("Salon Dana", "IL", "יוסי כהן"), ("Salon Yafo", "IL", "Yossi Cohen")], "052-345-6789"),
    ("cyrillic", [("Салон Олена", "UA", "Олена Шевченко"), ("Studio Anna", "PL", "Olena Shevchenko")],
     "+380 67 123 4567"),
])
async def test_a_case_page_for_a_person_written_in_another_script(browser, client, runtime, shots,  # noqa: F811
                                                                  script, spellings, phone):
    created = None
    for name, country, typed in spellings:
        salon = await new_salon(runtime, name, country)
        created = await report(client, salon.secret_key, {"name": typed, "phone": phone}, "fake_booking")
    await moderator(runtime, "mila")
    page = await browser.new_page(viewport=DESKTOP)
    base = origin_of(client)
    await page.goto(base + "/console/login")
    await page.fill("#username", "mila")
    await page.fill("#password", PASSWORD)
    await page.click("button[type=submit]")
    await page.goto(f"{base}/console/cases/{created['case_id']}")
    assert await page.text_content("h1") and spellings[0][2] in await page.text_content("h1")
    assert await page.locator(".report").count() == 2
    await page.screenshot(path=str(shots / f"case-{script}.png"), full_page=True)


async def test_the_appeal_from_the_transparency_page_to_the_moderator(browser, client, runtime, shots,
                                                                       sms_gateway):  # noqa: F811
    await block_phone(client, runtime, "+48601234567")
    page = await browser.new_page(viewport=PHONE)
    await page.goto(f"{origin_of(client)}/transparency?lang=pl")
    await page.fill("#a-name", "Anna Nowak")
    await page.fill("#a-phone", "601 234 567")
    await page.fill("#a-message", "Ten numer mam od lutego; nigdy nie byłam w tych salonach.")
    await page.check("#a-never-booked")
    await page.locator("#a-message").scroll_into_view_if_needed()
    await page.screenshot(path=str(shots / "appeal-form.png"))
    await page.click("#appeal button[type=submit]")
    await page.wait_for_selector("#sent")
    await page.fill("#code", sms_gateway.last_code("+48601234567"))
    await page.screenshot(path=str(shots / "appeal-code.png"))
    await page.click("#verify button[type=submit]")
    await page.wait_for_selector("#verified")
    await page.screenshot(path=str(shots / "appeal-sent.png"))
    mod = await new_moderator(runtime, "ola")
    appeals = (await (await client.get("/v1/mod/appeals", headers=bearer(mod))).json())["items"]
    assert len(appeals) == 1 and len(appeals[0]["entry_ids"]) == 1 and appeals[0]["verified"]
    await moderator(runtime, "ada")
    console = await browser.new_page(viewport=DESKTOP)
    await console.goto(origin_of(client) + "/console/login")
    await console.fill("#username", "ada")
    await console.fill("#password", PASSWORD)
    await console.click("button[type=submit]")
    await console.goto(f"{origin_of(client)}/console/appeals/{appeals[0]['id']}")
    assert "+48601234567" in await console.text_content("main")
    assert "verified" in await console.text_content("#proof")
    await console.screenshot(path=str(shots / "appeal-moderator.png"), full_page=True)
    await console.fill("#resolve-note", "Numer zmienił właściciela w lutym; wpis zdjęty.")
    await console.check('input[name="outcome"][value="lifted"]')
    await console.click("#resolve")
    await runtime.notices.send_due()
    await page.reload()
    assert await page.get_attribute("#status", "data-status") == "lifted"
    await page.screenshot(path=str(shots / "appeal-answer.png"))
    # the same answer in Hebrew, right to left (the person switches the page's language)
    await page.click('nav a[href$="lang=he"]')
    assert await page.evaluate("document.documentElement.dir") == "rtl"
    assert await page.get_attribute("#status", "data-status") == "lifted"
    await page.screenshot(path=str(shots / "appeal-answer-he-phone.png"))


@pytest.mark.parametrize("lang", ["en", "he"])
@pytest.mark.parametrize("size, viewport", [("desktop", DESKTOP), ("phone", PHONE)])
async def test_the_transparency_page_a_stopped_customer_lands_on(browser, client, runtime, shots, lang,  # noqa: F811
                                                                  size, viewport):
    await block_phone(client, runtime, "+48601234567")
    salon = await new_salon(runtime, "Studio Róża", "PL")
    stopped = await (await client.post("/v1/lookup", json={"subject": {"phone": "601 234 567"}},
                                       headers=bearer(salon.secret_key))).json()
    page = await browser.new_page(viewport=viewport)
    await page.goto(f"{origin_of(client)}/transparency?ref={stopped['lookup_id']}&lang={lang}")
    assert stopped["lookup_id"] in await page.text_content("#stopped")
    assert await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    await page.screenshot(path=str(shots / f"transparency-{lang}-{size}.png"), full_page=size == "desktop")
