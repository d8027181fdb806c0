"""A booking page's first hour with the widget (issue #19): the salon's own page in the customer's
language, the answer where the customer is looking, and a foreign customer's phone read in her own
country. Driven in headless Chromium, on a phone-sized screen."""

from __future__ import annotations

from tests.helpers import new_salon
from tests.test_widget import MESSAGE, block_phone, book, browser, origin_of, report  # noqa: F401


async def salon_page(browser, client, runtime, lang="en", viewport=None, name="Salon Różany", country="PL"):  # noqa: F811
    salon = await new_salon(runtime, name, country, [origin_of(client)])
    page = await browser.new_page(viewport=viewport or {"width": 1280, "height": 800})
    await page.goto(f"{origin_of(client)}/demo/booking?key={salon.publishable_key}&lang={lang}")
    return salon, page


async def test_the_demo_page_carries_the_salons_name_and_speaks_the_customers_language(browser, client, runtime):  # noqa: F811
    _, page = await salon_page(browser, client, runtime, "de")
    assert await page.text_content("h1") == "Salon Różany"
    assert "Salon Różany" in await page.title()
    assert await page.text_content("#book") == "Jetzt buchen"
    assert await page.text_content('label[for="name"]') == "Vollständiger Name"
    assert "Haarschnitt" in await page.text_content("#service")


async def test_on_a_phone_the_block_message_comes_into_view_and_takes_the_focus(browser, client, runtime):  # noqa: F811
    await block_phone(client, runtime, "+48601234567")
    _, page = await salon_page(browser, client, runtime, "pl", {"width": 360, "height": 560})
    await page.evaluate("window.scrollTo(0, 0)")
    await book(page, "Anna Nowak", phone="601 234 567")
    box = await page.wait_for_selector(MESSAGE, timeout=5000)
    assert "Przepraszamy" in await box.text_content()
    await page.wait_for_function("""() => {
        const r = document.querySelector('.blocklist-message').getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;
    }""", timeout=3000)
    assert await page.evaluate("document.activeElement.closest('.blocklist-message') !== null")


async def test_the_deposit_button_has_the_focus_so_a_keyboard_can_go_on(browser, client, runtime):  # noqa: F811
    a, b = await new_salon(runtime, "A", "PL"), await new_salon(runtime, "B", "NL")
    for salon in (a, b):
        await report(client, salon.secret_key, {"email": "late@example.org"}, "no_show")
    _, page = await salon_page(browser, client, runtime, "nl", {"width": 360, "height": 560})
    await book(page, "Marta", "late@example.org")
    await page.wait_for_selector(MESSAGE, timeout=5000)
    assert await page.evaluate("document.activeElement.className") == "blocklist-proceed"
    await page.keyboard.press("Enter")
    await page.wait_for_selector("#confirmation:not([hidden])", timeout=5000)


async def test_a_dutch_customer_at_a_polish_salon_picks_her_country_code_and_is_recognised(browser, client, runtime):  # noqa: F811
    await block_phone(client, runtime, "+31612345678")
    _, page = await salon_page(browser, client, runtime, "nl")
    await page.select_option("#phone_country", "+31")
    await book(page, "Femke de Vries", phone="06-12345678")  # as the Dutch write it
    box = await page.wait_for_selector(MESSAGE, timeout=5000)
    assert await box.get_attribute("data-verdict") == "block"
    # without the picker the same digits are read as a Polish number, which nobody listed
    _, other = await salon_page(browser, client, runtime, "nl", name="Studio B")
    await book(other, "Femke de Vries", phone="612 345 678")
    await other.wait_for_selector("#confirmation:not([hidden])", timeout=5000)
