from blocklist.http import guards_itself
from openapi_spec_validator import validate

from tests.helpers import assert_error, bearer, new_moderator, new_salon


async def test_healthz_answers(client):
    response = await client.get("/healthz")
    assert response.status == 200
    assert await response.json() == {"status": "ok"}
    assert response.headers["X-Request-Id"]
    assert "aiohttp" not in response.headers.get("Server", "")


async def test_readyz_reports_database_ok(client):
    response = await client.get("/readyz")
    assert response.status == 200
    body = await response.json()
    assert body["status"] == "ready"
    assert body["checks"]["database"] == "ok"


async def test_request_id_is_echoed_when_sane(client):
    response = await client.get("/healthz", headers={"X-Request-Id": "abc-123-xyz"})
    assert response.headers["X-Request-Id"] == "abc-123-xyz"
    response = await client.get("/healthz", headers={"X-Request-Id": "bad id <script>"})
    assert response.headers["X-Request-Id"] != "bad id <script>"


async def test_unknown_route_is_404_in_error_shape(client):
    await assert_error(await client.get("/v1/nothing-here"), 404, "not_found")


async def test_wrong_method_is_405_in_error_shape(client):
    response = await client.delete("/healthz")
    await assert_error(response, 405, "invalid_request")
    assert "GET" in response.headers["Allow"]


async def test_openapi_document_is_valid_openapi_31(client):
    response = await client.get("/openapi.json")
    assert response.status == 200
    document = await response.json()
    assert document["openapi"] == "3.1.0"
    validate(document)
    assert "/healthz" in document["paths"]


async def test_openapi_documents_every_api_route(client):
    document = await (await client.get("/openapi.json")).json()
    for route in client.app.router.routes():
        path = route.resource.canonical if route.resource else ""
        if path.startswith("/console") or route.method == "HEAD" or guards_itself(route.handler):
            continue  # the console and the pages for browsers are not the API
        assert route.method.lower() in document["paths"].get(path, {}), f"{route.method} {path} undocumented"


async def test_metrics_count_requests_by_route_and_status(client):
    for _ in range(3):
        await client.get("/healthz")
    await client.get("/nope")
    text = await (await client.get("/metrics")).text()
    assert 'blocklist_http_requests_total{method="GET",route="/healthz",status="200"} 3.0' in text
    assert 'route="unmatched",status="404"' in text
    assert "blocklist_http_request_duration_seconds_bucket" in text


async def test_missing_credentials_are_401(client):
    response = await client.get("/v1/me")
    await assert_error(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    await assert_error(await client.get("/v1/me", headers={"Authorization": "Basic abc"}), 401, "unauthorized")
    await assert_error(await client.get("/v1/me", headers=bearer("bl_sk_nonsense")), 401, "unauthorized")


async def test_salon_keys_resolve_to_their_salon(client, runtime):
    salon = await new_salon(runtime)
    body = await (await client.get("/v1/me", headers=bearer(salon.secret_key))).json()
    assert body == {"kind": "salon_key", "salon_id": salon.salon.id, "salon_name": "Studio Anna",
                    "key_kind": "secret", "scopes": ["lookup", "report:read", "report:write"]}
    body = await (await client.get("/v1/me", headers=bearer(salon.publishable_key))).json()
    assert body["key_kind"] == "publishable" and body["scopes"] == ["lookup"]


async def test_a_forged_key_with_a_real_prefix_is_refused(client, runtime):
    salon = await new_salon(runtime)
    forged = salon.secret_key[:-4] + ("AAAA" if not salon.secret_key.endswith("AAAA") else "BBBB")
    await assert_error(await client.get("/v1/me", headers=bearer(forged)), 401, "unauthorized")
    # the publishable prefix presented as a secret key is not a secret key
    as_secret = salon.publishable_key.replace("bl_pk_", "bl_sk_")
    await assert_error(await client.get("/v1/me", headers=bearer(as_secret)), 401, "unauthorized")


async def test_revoked_key_is_refused_at_once(client, runtime):
    salon = await new_salon(runtime)
    assert (await client.get("/v1/me", headers=bearer(salon.secret_key))).status == 200
    prefix = salon.secret_key.split("_")[2]
    await runtime.accounts.revoke_key(prefix)
    await assert_error(await client.get("/v1/me", headers=bearer(salon.secret_key)), 401, "unauthorized")
    # the other key of the salon still works
    assert (await client.get("/v1/me", headers=bearer(salon.publishable_key))).status == 200



async def test_callers_that_miss_the_credential_cache_together_wait_for_one_read(client, runtime):
    """A restarted process met by a platform's many connections at once reads the key once, not once each."""
    import asyncio
    salon = await new_salon(runtime)
    store = runtime.accounts.store
    reads = []
    find_key = store.find_key

    async def counted(prefix):
        reads.append(prefix)
        return await find_key(prefix)
    store.find_key = counted
    answers = await asyncio.gather(*[client.get("/v1/me", headers=bearer(salon.secret_key)) for _ in range(20)])
    assert [answer.status for answer in answers] == [200] * 20
    assert len(reads) == 1
    forged = salon.secret_key[:-4] + ("AAAA" if not salon.secret_key.endswith("AAAA") else "BBBB")
    refused = await asyncio.gather(*[client.get("/v1/me", headers=bearer(forged)) for _ in range(5)])
    assert [answer.status for answer in refused] == [401] * 5 and len(reads) == 2


async def test_a_key_revoked_while_it_is_being_read_is_not_cached(client, runtime):
    import asyncio
    salon = await new_salon(runtime)
    store = runtime.accounts.store
    reading, go_on = asyncio.Event(), asyncio.Event()
    get_salon = store.get_salon

    async def held(salon_id):  # the key has been read and found valid; the salon read is still on its way
        found = await get_salon(salon_id)
        reading.set()
        await go_on.wait()
        return found
    store.get_salon = held
    first = asyncio.create_task(client.get("/v1/me", headers=bearer(salon.secret_key)))
    await reading.wait()
    store.get_salon = get_salon
    await runtime.accounts.revoke_key(salon.secret_key.split("_")[2])
    # presented after the revocation: read again, not handed the answer of the read still on its way
    await assert_error(await asyncio.wait_for(client.get("/v1/me", headers=bearer(salon.secret_key)), 5),
                       401, "unauthorized")
    go_on.set()
    assert (await first).status == 200  # it was valid when it was presented
    await assert_error(await client.get("/v1/me", headers=bearer(salon.secret_key)), 401, "unauthorized")

async def test_a_key_does_only_what_its_scopes_allow(client, runtime):
    """SECURITY A1: a booking server's key may look up and never report."""
    salon = await new_salon(runtime, "Studio Anna", "PL")
    admin = await new_moderator(runtime, "ada", "admin")

    async def issue(kind, scopes):
        response = await client.post(f"/v1/admin/salons/{salon.salon.id}/keys", headers=bearer(admin),
                                     json={"kind": kind, "scopes": scopes})
        return response.status, await response.json()

    status, created = await issue("secret", ["lookup"])
    assert status == 201 and created["scopes"] == ["lookup"]
    lookup_only = created["key"]
    assert (await (await client.get("/v1/me", headers=bearer(lookup_only))).json())["scopes"] == ["lookup"]
    lookup = await client.post("/v1/lookup", headers=bearer(lookup_only), json={"subject": {"phone": "+48601234567"}})
    assert lookup.status == 200
    report = {"category": "no_show", "subject": {"phone": "+48601234567"}}
    refused = await client.post("/v1/reports", headers=bearer(lookup_only), json=report)
    await assert_error(refused, 403, "forbidden")
    assert "report:write" in (await refused.json())["error"]["message"]
    await assert_error(await client.get("/v1/reports", headers=bearer(lookup_only)), 403, "forbidden")
    assert await runtime.collections.reports.count_documents({}) == 0

    _, reader = await issue("secret", ["report:read"])
    assert (await client.get("/v1/reports", headers=bearer(reader["key"]))).status == 200
    await assert_error(await client.post("/v1/lookup", headers=bearer(reader["key"]),
                                         json={"subject": {"phone": "+48601234567"}}), 403, "forbidden")
    # a publishable key sits in a web page: it never gets more than lookups
    status, problem = await issue("publishable", ["lookup", "report:write"])
    assert status == 400 and problem["error"]["details"][0]["field"] == "scopes"
    status, problem = await issue("secret", ["report:delete"])
    assert status == 400
    # without scopes, a key may do all its kind allows (as keys issued before scopes existed do)
    _, full = await issue("secret", None)
    assert full["scopes"] == ["lookup", "report:read", "report:write"]
    await runtime.collections.api_keys.update_many({}, {"$unset": {"scopes": ""}})
    assert (await client.post("/v1/reports", headers=bearer(salon.secret_key), json=report)).status == 201
    await assert_error(await client.post("/v1/reports", headers=bearer(salon.publishable_key), json=report),
                       403, "forbidden")


async def test_keys_are_stored_only_as_hashes(client, runtime):
    salon = await new_salon(runtime)
    docs = await runtime.collections.api_keys.find().to_list()
    assert len(docs) == 2
    dump = repr(docs)
    assert salon.secret_key not in dump and salon.publishable_key not in dump
    secret_part = salon.secret_key.split("_", 3)[3]  # bl_sk_<prefix>_<secret>; the secret may hold "_" itself
    assert len(secret_part) >= 40 and secret_part not in dump


async def test_moderator_token_resolves_to_moderator(client, runtime):
    token = await new_moderator(runtime, "mila", "admin")
    body = await (await client.get("/v1/me", headers=bearer(token))).json()
    assert body["kind"] == "moderator" and body["username"] == "mila" and body["role"] == "admin"


async def test_salon_creation_validates_country_and_origin(runtime):
    import pytest
    from blocklist.errors import InvalidRequest
    with pytest.raises(InvalidRequest, match="ISO 3166"):
        await runtime.accounts.create_salon("X", "XX", [])
    with pytest.raises(InvalidRequest, match="https"):
        await runtime.accounts.create_salon("X", "PL", ["http://studio.example"])
    with pytest.raises(InvalidRequest, match="origin only"):
        await runtime.accounts.create_salon("X", "PL", ["https://studio.example/book"])
    created = await runtime.accounts.create_salon("X", "nl", ["HTTPS://Studio.Example:443/"])
    assert created.salon.country == "NL"
    assert created.salon.origins == ("https://studio.example",)


async def test_a_key_revoked_in_another_process_is_refused_within_2_seconds(client, runtime, aiohttp_client,
                                                                           settings, clock):
    import asyncio
    import time

    from blocklist.app import create_app
    from blocklist.keys import RUNTIME
    from tests.conftest import wait_ready
    other = await aiohttp_client(create_app(settings, clock=clock))
    await wait_ready(other.app[RUNTIME])
    salon = await new_salon(runtime)
    assert (await other.get("/v1/me", headers=bearer(salon.secret_key))).status == 200  # now cached there
    await runtime.accounts.revoke_key(salon.secret_key.split("_")[2])
    started = time.monotonic()
    while (await other.get("/v1/me", headers=bearer(salon.secret_key))).status != 401:
        assert time.monotonic() - started < 2, "revocation did not reach the other process"
        await asyncio.sleep(0.05)


def test_ids_are_random_not_sequential():
    from blocklist.services.accounts import new_id

    ids = [new_id("rep") for _ in range(10_000)]
    assert len(set(ids)) == len(ids)  # no collision
    assert ids != sorted(ids) and all(len(i) == len("rep_") + 32 for i in ids)  # 128 bits, no order to guess


def test_the_http_parser_is_the_c_one():
    # the pure-Python fallback (AIOHTTP_NO_EXTENSIONS) has had request-smuggling advisories of its own
    from aiohttp import http_parser

    assert http_parser.HttpRequestParser.__module__ == "aiohttp._http_parser"


def test_a_log_line_stays_one_line_whatever_a_value_holds(capsys):
    import logging

    from blocklist import logs

    logs.configure("INFO")
    logging.getLogger("blocklist.test").info("looked at %s", 'Anna\n{"level": "ERROR", "message": "forged"}\u202e')
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and '"level":"INFO"' in lines[0]
