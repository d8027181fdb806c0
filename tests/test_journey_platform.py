"""A booking platform's developer in their first hour (issue #19): the API as curl sends it — report,
retry, list, withdraw — and the document they generate a client from."""

from __future__ import annotations

import json

import pytest

from tests.helpers import assert_error, bearer, new_salon

REPORT = {"category": "no_show", "subject": {"name": "Zoë Ünal", "phone": "0532 123 45 67"},
          "booking": {"reference": "B-77", "starts_at": "2026-11-20T11:30:00+03:00"}}


def curl(key: str, **headers: str) -> dict[str, str]:
    """What `curl -H 'Authorization: Bearer …' -H 'Content-Type: application/json' -d '…'` sends."""
    return {"Authorization": f"Bearer {key}", "Content-Type": "application/json", "Accept": "*/*",
            "User-Agent": "curl/8.5.0", **headers}


async def test_report_retry_list_withdraw_as_curl_sends_them(client, runtime):
    salon = await new_salon(runtime, "Güzellik Salonu", "TR")
    body = json.dumps(REPORT, ensure_ascii=False).encode()
    first = await client.post("/v1/reports", data=body, headers=curl(salon.secret_key, **{"Idempotency-Key": "b77"}))
    assert first.status == 201 and "Idempotent-Replayed" not in first.headers
    again = await client.post("/v1/reports", data=body, headers=curl(salon.secret_key, **{"Idempotency-Key": "b77"}))
    assert again.status == 201 and again.headers["Idempotent-Replayed"] == "true"  # the retry says it is one
    assert (await again.json())["id"] == (await first.json())["id"]
    listed = await (await client.get("/v1/reports?limit=10", headers=curl(salon.secret_key))).json()
    assert [r["id"] for r in listed["items"]] == [(await first.json())["id"]]
    report_id = listed["items"][0]["id"]
    # a reason sent along with the withdrawal would be dropped: it is refused, saying so, and nothing changes
    refused = await client.post(f"/v1/reports/{report_id}/withdraw", data=b'{"reason": "she came after all"}',
                                headers=curl(salon.secret_key))
    body = await assert_error(refused, 400, "invalid_request")
    assert "takes no body" in body["error"]["message"]
    assert (await (await client.get(f"/v1/reports/{report_id}", headers=curl(salon.secret_key))).json())["status"] \
        == "pending"
    for empty in (b"", b"{}"):
        done = await client.post(f"/v1/reports/{report_id}/withdraw", data=empty, headers=curl(salon.secret_key))
        assert done.status in (200, 409)
    assert (await (await client.get(f"/v1/reports/{report_id}", headers=curl(salon.secret_key))).json())["status"] \
        == "withdrawn"


@pytest.mark.parametrize("body, field, words", [
    ({"category": "no_show", "subject": {"phone": "1" * 41}}, "subject.phone", "longer than 40 characters"),
    ({"category": "no_show", "subject": {}}, "subject", "at least one of name, email or phone is required"),
    ({"category": "noshow", "subject": {"name": "Anna"}}, "category", "must be one of"),
    ({"category": "no_show", "subject": {"name": "Anna"}, "extra": 1}, "extra", "not a field of this request"),
    ({"category": "no_show", "subject": {"name": "Anna"}, "booking": {"starts_at": "2026-11-20T11:30"}},
     "booking.starts_at", "needs a time zone"),
])
async def test_refusals_speak_the_apis_words_not_the_librarys(client, runtime, body, field, words):
    salon = await new_salon(runtime)
    refused = await assert_error(await client.post("/v1/reports", json=body, headers=bearer(salon.secret_key)),
                                 400, "invalid_request")
    detail = refused["error"]["details"][0]
    assert detail["field"] == field and words in detail["problem"], detail
    assert "Value error" not in json.dumps(refused) and "items" not in detail["problem"]


async def test_the_document_a_client_is_generated_from_says_what_the_service_does(client):
    document = await (await client.get("/openapi.json")).json()
    assert document["servers"] == [{"url": "/", "description": "this Blocklist server"}]
    submit = document["paths"]["/v1/reports"]["post"]
    [header] = [p for p in submit["parameters"] if p["in"] == "header"]
    assert header["name"] == "Idempotency-Key" and header["schema"]["maxLength"] == 200
    assert "Idempotent-Replayed" in submit["responses"]["201"]["headers"]
    schemas = document["components"]["schemas"]
    assert schemas["ReportIn"]["examples"][0]["category"] == "no_show"
    assert "fake_booking: a booking made with no intention to attend" in json.dumps(schemas["ReportIn"])
    # "at least one identifier" is in the schema, so a generated client refuses an all-null subject too
    assert {tuple(branch["required"]) for branch in schemas["Subject"]["anyOf"]} == {("name",), ("email",), ("phone",)}


async def test_pages_have_an_icon_not_a_404(client):
    icon = await client.get("/favicon.ico")
    assert icon.status == 200 and icon.content_type == "image/svg+xml"
