"""Hostile bodies: each a clear 4xx in the error shape, quickly, with nothing stored."""

import time

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tests.helpers import assert_error, bearer, new_moderator, new_salon

HOSTILE = [
    b'{"category": "no_show", "subject": {"name": "A"}, "evidence": ' + b'{"a":' * 5000 + b'1' + b'}' * 5001,
    b'[' * 100_000 + b']' * 100_000,
    b'{"category": "no_show", "subject": {"name": "A"}, "booking": {"reference": 1' + b'0' * 5000 + b'}}',
    b'{"category": "no_show", "subject": {"name": NaN}}',
    b'{"category": "no_show", "subject": {"name": Infinity}}',
    b'{"category": "no_show", "subject": {"name": "\xff\xfe\xfd"}}',
    b'{"category": "no_show", "subject": {"name": "\\ud800"}}',
    b'{"category": "no_show", "subject": {"$where": "sleep(5000)"}}',
    b'{"category": "no_show", "subject": {"name": {"$regex": ".*"}}}',
    b'{"category": "no_show", "subject": {"name": "A"}, "a.b": 1}',
    b'\x00\x00\x00',
    b'"just a string"',
]


@pytest.mark.parametrize("body", HOSTILE, ids=range(len(HOSTILE)))
async def test_hostile_report_bodies_are_400_and_store_nothing(client, runtime, body):
    salon = await new_salon(runtime)
    started = time.perf_counter()
    response = await client.post("/v1/reports", data=body,
                                 headers={**bearer(salon.secret_key), "Content-Type": "application/json"})
    assert time.perf_counter() - started < 2
    assert response.status in (400, 413)
    await assert_error(response, response.status, "invalid_request" if response.status == 400 else "payload_too_large")
    assert await runtime.collections.reports.count_documents({}) == 0


async def test_chunked_bodies_are_held_to_the_size_limit(client, runtime, settings):
    """A chunked body has no Content-Length to refuse it by: its bytes are counted."""
    salon = await new_salon(runtime)

    async def chunks(body: bytes):
        for start in range(0, len(body), 1000):
            yield body[start:start + 1000]

    small = orjson.dumps({"subject": {"phone": "+48601234567"}})
    response = await client.post("/v1/lookup", data=chunks(small), headers=bearer(salon.secret_key))
    assert response.status == 200 and response.request_info.headers.get("Transfer-Encoding") == "chunked"
    big = orjson.dumps({"subject": {"name": "A" * 100}, "pad": "x" * settings.max_body_bytes})
    for path in ("/v1/lookup", "/v1/reports"):
        response = await client.post(path, data=chunks(big), headers=bearer(salon.secret_key))
        await assert_error(response, 413, "payload_too_large")
    assert await runtime.collections.reports.count_documents({}) == 0


async def test_huge_numbers_and_strings_in_a_decision_are_400(client, runtime):
    mod = await new_moderator(runtime)
    for body in (b'{"action": "dismiss", "note": "x", "version": 1' + b'0' * 5000 + b'}',
                 b'{"action": "dismiss", "note": "' + b'x' * 3000 + b'"}',
                 b'{"action": "dismiss", "note": "x", "version": -1}'):
        response = await client.post("/v1/mod/cases/case_x/decision", data=body,
                                     headers={**bearer(mod), "Content-Type": "application/json"})
        await assert_error(response, 400, "invalid_request")


async def test_names_with_bidi_and_zero_width_characters_are_kept_raw_and_matched_clean(client, runtime):
    salon = await new_salon(runtime)
    spoofed = "\u202eAnna\u200b Now\u200dak"
    created = await client.post("/v1/reports", json={"category": "no_show", "subject": {"name": spoofed}},
                                headers=bearer(salon.secret_key))
    assert created.status == 201
    view = await (await client.get(f"/v1/reports/{(await created.json())['id']}",
                                   headers=bearer(salon.secret_key))).json()
    assert view["subject"]["name"] == spoofed  # kept as typed
    assert view["canonical"]["name"] == "anna nowak"  # matched without the invisible characters


@pytest.mark.parametrize("query", ["limit=" + "9" * 5000, "cursor=" + "A" * 5000, "limit=1e9", "limit=-1"])
async def test_hostile_query_strings_are_400(client, runtime, query):
    salon = await new_salon(runtime)
    await assert_error(await client.get(f"/v1/reports?{query}", headers=bearer(salon.secret_key)),
                       400, "invalid_request")


async def test_a_huge_authorization_header_is_refused_quickly(client):
    started = time.perf_counter()
    response = await client.get("/v1/me", headers={"Authorization": "Bearer " + "x" * 8000})
    assert response.status in (400, 401, 431)
    assert time.perf_counter() - started < 1


_FIELD_VALUES = st.one_of(st.none(), st.text(max_size=50), st.sampled_from([40, 41, 200, 201, 320, 321]).map("a".__mul__), st.text(alphabet=" \t\n\x00\x85\u200b", max_size=3),
                          st.text(min_size=195, max_size=330), st.integers(-2**63, 2**63 - 1), st.lists(st.text(max_size=3), max_size=2))


@given(st.dictionaries(st.sampled_from(["name", "email", "phone", "note"]), _FIELD_VALUES, max_size=4),
       st.sampled_from(["plain", "booking", "extra", "not_a_dict"]))
@settings(max_examples=1500, deadline=None)
def test_the_lookup_fast_body_reader_agrees_with_the_schema(subject, shape):
    """The lookup's fast reader takes a body only when LookupIn would, with the same values; anything
    else is left to LookupIn (which explains what is wrong)."""
    from blocklist.schemas import LookupIn, everyday_subject
    body = {"plain": {"subject": subject}, "booking": {"subject": subject, "booking": {"channel": "online"}},
            "extra": {"subject": subject, "x": 1}, "not_a_dict": {"subject": [subject]}}[shape]
    raw = orjson.dumps(body)
    quick = everyday_subject(raw)
    try:
        model = LookupIn.model_validate_json(raw)
    except ValidationError:
        assert quick is None
        return
    if quick is not None:
        assert quick == (model.subject.name, model.subject.email, model.subject.phone)


def test_the_lookup_fast_body_reader_takes_everyday_bodies():
    from blocklist.schemas import everyday_subject
    assert everyday_subject(orjson.dumps({"subject": {"name": "Anna Nowak", "email": "anna@wp.pl", "phone": None}})) \
        == ("Anna Nowak", "anna@wp.pl", None)


# characters Python calls digits that int() refuses (superscripts, circled numbers, Rumi numerals): found by
# the API fuzzer in an export; the same phone crashed a lookup, a report and an appeal with a 500
NOT_QUITE_DIGITS = ["60123456²", "\U00010e68601234567", "①②③④⑤⑥⑦⑧⑨", "+48 ⁶⁰¹ ²³⁴ ⁵⁶⁷"]


@pytest.mark.parametrize("phone", NOT_QUITE_DIGITS, ids=range(len(NOT_QUITE_DIGITS)))
async def test_phones_with_characters_that_only_look_like_digits_never_answer_500(client, runtime, phone):
    salon = await new_salon(runtime)
    admin = await new_moderator(runtime, "ada", role="admin")
    lookup = await client.post("/v1/lookup", json={"subject": {"name": "Anna Nowak", "phone": phone}},
                               headers=bearer(salon.secret_key))
    assert lookup.status == 200, await lookup.text()
    report = await client.post("/v1/reports", json={"category": "fake_booking", "subject": {"name": "Anna Nowak",
                                                                                           "phone": phone}},
                               headers=bearer(salon.secret_key))
    assert report.status in (201, 400), await report.text()
    appeal = await client.post("/v1/appeals", json={"name": "Anna Nowak", "phone": phone, "country": "PL",
                                                    "message": "I never booked there"})
    assert appeal.status in (202, 400), await appeal.text()
    export = await client.post("/v1/admin/subject-requests/export", json={"phone": phone}, headers=bearer(admin))
    assert export.status in (200, 400), await export.text()
