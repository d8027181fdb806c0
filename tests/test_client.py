"""blocklist.client against a real server: every call, error mapping, retries with one Idempotency-Key."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from aiohttp import web

from blocklist.client import (
    BlocklistClient,
    Conflict,
    ConnectionFailed,
    Forbidden,
    IdempotencyKeyReused,
    InvalidRequest,
    LookupResult,
    NotFound,
    RateLimited,
    SyncBlocklistClient,
    Unauthorized,
)
from tests.helpers import bearer, case_of, new_moderator, new_salon


def base_url(client) -> str:
    return str(client.make_url("/")).rstrip("/")


@pytest.fixture
async def salon(runtime):
    return await new_salon(runtime, "Studio Anna", "PL")


@pytest.fixture
async def blocklist(client, salon):
    api = BlocklistClient(base_url(client), salon.secret_key, backoff=0.01)
    yield api
    await api.close()


async def test_report_get_list_withdraw(blocklist, clock):
    created = await blocklist.report("no_show", name="Anna Nowak", phone="601 234 567",
                                     booking={"reference": "B-1", "service": "manicure"},
                                     evidence={"contacted": True, "notes": "did not come"})
    assert created.status == "pending" and created.id
    report = await blocklist.get_report(created.id)
    assert report.id == created.id and report.category == "no_show"
    assert report.subject["phone"] == "601 234 567" and report.canonical["phone"] == "+48601234567"
    for i in range(4):
        clock.advance(minutes=1)
        await blocklist.report("late_cancellation", email=f"late{i}@example.org")
    first = await blocklist.list_reports(limit=2)
    assert len(first.items) == 2 and first.next_cursor
    everything = [item.id async for item in blocklist.iter_reports(page_size=2)]
    assert len(everything) == 5 and everything[-1] == created.id  # newest first
    withdrawn = await blocklist.withdraw(created.id)
    assert withdrawn.status == "withdrawn"
    assert (await blocklist.withdraw(created.id)).status == "withdrawn"  # twice is fine


async def test_lookup_answers_typed_verdicts(client, runtime, blocklist):
    clean = await blocklist.lookup(name="Jan Kowalski", email="jan@example.org")
    assert isinstance(clean, LookupResult) and clean.verdict == "allow" and clean.reasons == ()
    created = await blocklist.report("fake_booking", name="Anna Nowak", phone="601 234 567")
    mod = await new_moderator(runtime)
    response = await client.post(f"/v1/mod/cases/{await case_of(client, created.id)}/decision", headers=bearer(mod), json={
        "action": "block", "identifiers": [{"kind": "phone", "value": "+48601234567"}], "note": "fake"})
    assert response.status == 200
    blocked = await blocklist.lookup(phone="0048 601-234-567", booking={"service": "manicure"})
    assert blocked.verdict == "block" and blocked.reasons[0].code == "phone_blocked"
    assert blocked.lookup_id.startswith("lkp_")


async def test_errors_carry_the_error_shape(client, runtime, salon, blocklist):
    with pytest.raises(InvalidRequest) as invalid:
        await blocklist.report("no_show", email="x" * 400)
    assert invalid.value.status == 400 and invalid.value.code == "invalid_request"
    assert invalid.value.details and invalid.value.details[0]["field"].startswith("subject.email")
    assert invalid.value.request_id
    with pytest.raises(NotFound):
        await blocklist.get_report("rep_doesnotexist")
    with pytest.raises(InvalidRequest):
        await blocklist.lookup()  # nothing to look up: refused before any request
    async with BlocklistClient(base_url(client), "bl_sk_notarealkey000000000000000") as stranger:
        with pytest.raises(Unauthorized) as unauthorized:
            await stranger.lookup(email="a@example.org")
    assert unauthorized.value.code == "unauthorized"
    async with BlocklistClient(base_url(client), salon.publishable_key) as browser_key:
        with pytest.raises(Forbidden):
            await browser_key.report("no_show", email="a@example.org")
    await blocklist.report("no_show", email="b@example.org", idempotency_key="same-key")
    with pytest.raises(IdempotencyKeyReused) as reused:
        await blocklist.report("no_show", email="c@example.org", idempotency_key="same-key")
    assert reused.value.status == 422


async def test_withdrawing_a_decided_report_is_a_conflict(client, runtime, blocklist):
    created = await blocklist.report("fake_booking", phone="601 234 567")
    mod = await new_moderator(runtime)
    response = await client.post(f"/v1/mod/cases/{await case_of(client, created.id)}/decision", headers=bearer(mod), json={
        "action": "dismiss", "reason": "insufficient_evidence", "note": "the customer came"})
    assert response.status == 200
    with pytest.raises(Conflict) as conflict:
        await blocklist.withdraw(created.id)
    assert conflict.value.status == 409


async def flaky_proxy(aiohttp_server, target: str, failures: dict[str, int], seen: list[dict]):
    """A proxy in front of the service that fails the first requests to a path in the given ways."""
    session = aiohttp.ClientSession()

    async def forward(request: web.Request) -> web.StreamResponse:
        body = await request.read()
        seen.append({"path": request.path, "idempotency_key": request.headers.get("Idempotency-Key")})
        headers = {k: v for k, v in request.headers.items() if k.lower() in {"authorization", "content-type",
                                                                              "idempotency-key"}}
        async with session.request(request.method, target + request.path_qs, data=body, headers=headers) as answer:
            payload = await answer.read()
            status = answer.status
        if failures.get("drop_after_forward", 0) and request.method == "POST":
            failures["drop_after_forward"] -= 1
            request.transport.close()  # the work is done, but the answer never arrives
            return web.Response(status=500)
        if failures.get("rate_limit", 0):
            failures["rate_limit"] -= 1
            return web.json_response({"error": {"code": "rate_limited", "message": "slow down", "details": []}},
                                     status=429, headers={"Retry-After": "0"})
        return web.Response(body=payload, status=status, content_type="application/json")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", forward)
    app.on_cleanup.append(lambda _: session.close())
    return await aiohttp_server(app)


async def test_a_lost_answer_is_retried_with_the_same_key_and_creates_one_report(client, salon, aiohttp_server):
    seen: list[dict] = []
    proxy = await flaky_proxy(aiohttp_server, base_url(client), {"drop_after_forward": 1}, seen)
    async with BlocklistClient(str(proxy.make_url("/")).rstrip("/"), salon.secret_key, backoff=0.01) as api:
        created = await api.report("fake_booking", name="Anna Nowak", email="anna@example.org")
        reports = await api.list_reports()
    assert [r.id for r in reports.items] == [created.id]  # the retry did not create a second report
    posts = [s for s in seen if s["path"] == "/v1/reports" and s["idempotency_key"]]
    assert len(posts) == 2 and posts[0]["idempotency_key"] == posts[1]["idempotency_key"]


async def test_rate_limits_are_waited_out_then_given_up(client, salon, aiohttp_server):
    seen: list[dict] = []
    proxy = await flaky_proxy(aiohttp_server, base_url(client), {"rate_limit": 2}, seen)
    async with BlocklistClient(str(proxy.make_url("/")).rstrip("/"), salon.secret_key, backoff=0.01) as api:
        answer = await api.lookup(email="anna@example.org")
    assert answer.verdict == "allow" and len(seen) == 3
    proxy = await flaky_proxy(aiohttp_server, base_url(client), {"rate_limit": 10}, seen)
    async with BlocklistClient(str(proxy.make_url("/")).rstrip("/"), salon.secret_key, retries=1) as api:
        with pytest.raises(RateLimited) as limited:
            await api.lookup(email="anna@example.org")
    assert limited.value.retry_after == 0


async def test_an_unreachable_service_is_a_connection_failure(unused_tcp_port):
    async with BlocklistClient(f"http://127.0.0.1:{unused_tcp_port}", "bl_sk_x", retries=1, backoff=0.01) as api:
        with pytest.raises(ConnectionFailed) as failed:
            await api.lookup(email="anna@example.org")
    assert failed.value.status == 0


async def test_the_sync_client_does_the_same(client, salon):
    def use_from_a_plain_thread():
        with SyncBlocklistClient(base_url(client), salon.secret_key) as api:
            created = api.report("no_show", name="Jan Kowalski", phone="+48 512 000 111")
            return created, api.lookup(phone="512000111"), api.list_reports(), api.withdraw(created.id)

    created, answer, page, withdrawn = await asyncio.to_thread(use_from_a_plain_thread)
    assert answer.verdict in {"allow", "challenge"}
    assert page.items[0].id == created.id and withdrawn.status == "withdrawn"


# ---------------------------------------------------------------- what a new developer trips on

async def test_a_report_naming_nobody_is_an_api_error_before_anything_is_sent(client, runtime, blocklist):
    for call in (blocklist.report("no_show", name="Jan Kowalski"), blocklist.report("no_show", email="", phone=""),
                 blocklist.lookup()):
        with pytest.raises(InvalidRequest) as refused:  # an ApiError like every other refusal, as the README says
            await call
        assert refused.value.code == "invalid_request" and refused.value.details[0]["field"] == "subject"
    assert await runtime.collections.reports.count_documents({}) == 0


@pytest.mark.parametrize("where, words", [
    ("http://127.0.0.1:{port}", "connection refused"),
    ("http://no-such-host.invalid", "could not be resolved"),
])
async def test_an_unreachable_service_says_why_in_words(unused_tcp_port, where, words):
    url = where.format(port=unused_tcp_port)
    async with BlocklistClient(url, "bl_sk_x", retries=0, timeout=3) as api:
        with pytest.raises(ConnectionFailed) as failed:
            await api.lookup(email="anna@example.org")
    message = str(failed.value)
    assert words in message and url in message
    assert "Error(" not in message and "ConnectionKey" not in message and "ssl:" not in message, message


async def test_a_service_that_does_not_answer_in_time_says_so(aiohttp_server):
    async def stall(request):
        await asyncio.sleep(5)
        return web.json_response({})
    app = web.Application()
    app.router.add_post("/v1/lookup", stall)
    server = await aiohttp_server(app)
    async with BlocklistClient(str(server.make_url("/")).rstrip("/"), "bl_sk_x", retries=0, timeout=0.3) as api:
        with pytest.raises(ConnectionFailed, match=r"no answer within 0.3 s"):
            await api.lookup(email="anna@example.org")


async def test_the_sync_client_inside_a_running_loop_says_what_to_use_instead(client, salon):
    with SyncBlocklistClient(base_url(client), salon.secret_key) as api:
        with pytest.raises(RuntimeError, match="BlocklistClient") as refused:
            api.lookup(phone="+48 512 000 111")
        assert "async with BlocklistClient" in str(refused.value)


async def test_a_booking_platform_acts_for_its_salons_through_the_client(client, runtime):
    from blocklist.client import BlocklistClient
    _, key = await runtime.accounts.create_platform("Versum")
    async with BlocklistClient(base_url(client), key) as platform:
        istanbul = await platform.create_salon("Kuaför Elif", "TR")
        warsaw = await platform.create_salon("Salon Róża", "PL")
        for salon in (istanbul, warsaw):
            await platform.for_salon(salon["salon_id"]).report("no_show", name="Zeynep Kaya", phone="+90 532 123 45 67")
        answer = await platform.for_salon(warsaw["salon_id"]).lookup(phone="+905321234567")
        assert answer.verdict == "challenge" and answer.action == "require_deposit"
        await runtime.lookup.flush_log()
        await platform.for_salon(warsaw["salon_id"]).record_outcome(answer.lookup_id, "attended")
        again = await platform.for_salon(warsaw["salon_id"]).lookup(phone="+905321234567")
        assert again.action == "require_confirmation"  # she came: no earlier no-show asks for a deposit
        with pytest.raises(NotFound):  # an outcome for another salon's lookup is as unknown as none
            await platform.for_salon(istanbul["salon_id"]).record_outcome(answer.lookup_id, "no_show")
