"""Closing the loop (POST /v1/lookups/{id}/outcome): a salon says whether a challenged customer came. A
no-show counts like an unreviewed report from that salon, an attended booking earns the person's
standing back, every process hears it, and a salon can only speak about its own lookups."""

from __future__ import annotations

import dataclasses

import pytest

from tests.helpers import assert_error, bearer, new_salon


@pytest.fixture
def settings(settings):
    # the dashboard test logs in to the console over plain HTTP, without a second factor
    return dataclasses.replace(settings, console_secure_cookies=False, console_require_mfa=False)


async def no_show(client, salon, phone: str) -> None:
    response = await client.post("/v1/reports", headers=bearer(salon.secret_key), json={
        "category": "no_show", "subject": {"name": "Zeynep Kaya", "phone": phone}})
    assert response.status == 201, await response.text()


async def looked_up(client, salon, phone: str) -> dict:
    response = await client.post("/v1/lookup", headers=bearer(salon.secret_key), json={"subject": {"phone": phone}})
    assert response.status == 200, await response.text()
    return await response.json()


async def tell(client, salon, lookup_id: str, outcome: str):
    return await client.post(f"/v1/lookups/{lookup_id}/outcome", headers=bearer(salon.secret_key),
                             json={"outcome": outcome})


async def test_attended_bookings_earn_standing_back_and_new_no_shows_count_again(client, runtime, clock,
                                                                                 aiohttp_client, settings):
    alfa, beta, gamma, delta = [await new_salon(runtime, name, "PL") for name in ("Alfa", "Beta", "Gamma", "Delta")]
    await no_show(client, alfa, "601 234 567")
    await no_show(client, beta, "+48 601-234-567")
    clock.advance(days=2)
    first = await looked_up(client, gamma, "0048601234567")
    assert (first["verdict"], first["action"]) == ("challenge", "require_deposit")
    await runtime.lookup.flush_log()

    recorded = await tell(client, gamma, first["lookup_id"], "attended")
    assert recorded.status == 202 and (await recorded.json()) == {"lookup_id": first["lookup_id"],
                                                                  "outcome": "attended"}
    # she came: the no-shows before it ask for no deposit (two salons' unreviewed reports still ask to confirm)
    after = await looked_up(client, delta, "+48601234567")
    assert (after["verdict"], after["action"]) == ("challenge", "require_confirmation")
    assert "repeated_no_shows" not in {r["code"] for r in after["reasons"]}

    # a process started now reads it, and one already running hears the next one through the change log
    from blocklist.app import create_app
    from blocklist.keys import RUNTIME
    from tests.conftest import wait_ready
    other = await aiohttp_client(create_app(settings, clock=clock))
    await wait_ready(other.app[RUNTIME])
    assert (await looked_up(other, delta, "+48601234567"))["action"] == "require_confirmation"

    clock.advance(days=3)
    await runtime.lookup.flush_log()
    later = await looked_up(client, delta, "601234567")
    await runtime.lookup.flush_log()
    assert (await tell(client, delta, later["lookup_id"], "no_show")).status == 202
    await other.app[RUNTIME].follower.sync_once()
    for process in (client, other):
        again = await looked_up(process, alfa, "+48601234567")
        assert again["action"] == "require_confirmation", again  # one no-show since she came: no pattern yet
    await no_show(client, beta, "601 234 567")  # and another salon's, reported after the booking she attended
    await other.app[RUNTIME].follower.sync_once()
    for process in (client, other):
        again = await looked_up(process, alfa, "+48601234567")
        assert again["action"] == "require_deposit", again  # two salons' no-shows since: a pattern again

    # a second outcome replaces the first: Delta got it wrong, she came after all
    assert (await tell(client, delta, later["lookup_id"], "attended")).status == 202
    assert (await looked_up(client, alfa, "+48601234567"))["action"] == "require_confirmation"


async def test_a_salon_speaks_only_of_its_own_recent_lookups(client, runtime, clock):
    alfa, beta, gamma = [await new_salon(runtime, name, "PL") for name in ("Alfa", "Beta", "Gamma")]
    await no_show(client, alfa, "601 234 567")
    await no_show(client, beta, "601 234 567")
    mine = await looked_up(client, gamma, "601 234 567")
    clean = await looked_up(client, gamma, "+48 512 000 111")
    await runtime.lookup.flush_log()
    for who, lookup_id in ((alfa, mine["lookup_id"]), (gamma, "lkp_doesnotexist"), (gamma, "x" * 500),
                           (gamma, clean["lookup_id"])):
        await assert_error(await tell(client, who, lookup_id, "no_show"), 404, "not_found")
    await assert_error(await tell(client, gamma, mine["lookup_id"], "came late"), 400, "invalid_request")
    publishable = await client.post(f"/v1/lookups/{mine['lookup_id']}/outcome", headers=bearer(gamma.publishable_key),
                                    json={"outcome": "no_show"})
    await assert_error(publishable, 403, "forbidden")  # a browser cannot report no-shows
    clock.advance(days=31)
    await assert_error(await tell(client, gamma, mine["lookup_id"], "attended"), 404, "not_found")
    assert await runtime.collections.outcomes.count_documents({}) == 0


async def test_outcomes_hold_keyed_hashes_only_and_go_with_an_erasure(client, runtime):
    from tests.helpers import new_moderator
    alfa, beta, gamma = [await new_salon(runtime, name, "PL") for name in ("Alfa", "Beta", "Gamma")]
    await no_show(client, alfa, "601 234 567")
    await no_show(client, beta, "601 234 567")
    mine = await looked_up(client, gamma, "601 234 567")
    await runtime.lookup.flush_log()
    assert (await tell(client, gamma, mine["lookup_id"], "no_show")).status == 202
    stored = await runtime.collections.outcomes.find_one({})
    assert "601234567" not in repr(stored) and stored["keys"]
    admin = await new_moderator(runtime, "root", "admin")
    erased = await client.post("/v1/admin/subject-requests/erase", headers=bearer(admin),
                               json={"phone": "+48601234567", "note": "DSR-7"})
    assert erased.status == 200, await erased.text()
    assert await runtime.collections.outcomes.count_documents({}) == 0


async def test_the_dashboard_shows_how_often_challenged_customers_came(client, runtime):
    import re

    from tests.test_console import PASSWORD
    alfa, beta, gamma = [await new_salon(runtime, name, "PL") for name in ("Alfa", "Beta", "Gamma")]
    await no_show(client, alfa, "601 234 567")
    await no_show(client, beta, "601 234 567")
    told = []
    for outcome in ("attended", "attended", "attended", "no_show"):
        answer = await looked_up(client, gamma, "601 234 567")
        assert answer["verdict"] == "challenge"
        told.append((answer["lookup_id"], outcome))
    await runtime.lookup.flush_log()
    for lookup_id, outcome in told:
        assert (await tell(client, gamma, lookup_id, outcome)).status == 202
    await runtime.accounts.create_moderator("ada", "admin", PASSWORD)
    login = await client.get("/console/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', await login.text()).group(1)
    await client.post("/console/login", data={"username": "ada", "password": PASSWORD, "csrf_token": token,
                                               "next": "/console/dashboard"})
    page = await (await client.get("/console/dashboard")).text()
    assert "Challenged customers who came" in page and "75 %" in page, page[:3000]


async def test_an_outcome_right_after_its_lookup_is_taken_before_the_log_is_written(client, runtime):
    alfa, beta, gamma = [await new_salon(runtime, name, "PL") for name in ("Alfa", "Beta", "Gamma")]
    await no_show(client, alfa, "601 234 567")
    await no_show(client, beta, "601 234 567")
    answer = await looked_up(client, gamma, "601 234 567")  # the log is written a second later
    assert (await tell(client, gamma, answer["lookup_id"], "cancelled_in_time")).status == 202
    await assert_error(await tell(client, alfa, answer["lookup_id"], "no_show"), 404, "not_found")
