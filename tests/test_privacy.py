"""Personal data at rest and in logs: a dump of the database and the logs hold no identifier in clear."""

from __future__ import annotations

import json
import logging

from bson import json_util

from tests.helpers import bearer, new_moderator, new_salon

PEOPLE = [
    {"name": "Юлия Ковальчук", "email": "Yulia.Kovalchuk+spa@googlemail.com", "phone": "+48 601 234 567"},
    {"name": "Şükrü Yıldız", "email": "sukru.yildiz@example.org", "phone": "0532 123 45 67"},
    {"name": "Femke de Boer", "email": "femke.deboer@ziggo.nl", "phone": "+31 6 12345678"},
]
# every form of them the service computes or keeps, raw and canonical
NEEDLES = ["Ковальчук", "Kovalchuk", "kovalchuk", "yulia.kovalchuk", "yuliakovalchuk", "601234567", "601 234 567",
           "Yıldız", "yildiz", "sukru.yildiz", "5321234567", "femke", "Femke", "deboer", "de Boer", "612345678",
           "the customer never came, third time", "I was never at that salon"]


async def scenario(client, runtime) -> None:
    anna, bella = await new_salon(runtime, "Studio Anna", "PL"), await new_salon(runtime, "Salon Bella", "TR")
    mod = await new_moderator(runtime)
    case_ids = []
    for person in PEOPLE:
        for salon in (anna, bella):
            response = await client.post("/v1/reports", headers={**bearer(salon.secret_key), "Idempotency-Key": f"k-{person['email']}"},
                                         json={"category": "no_show", "subject": person,
                                               "evidence": {"notes": "the customer never came, third time"}})
            assert response.status == 201, await response.text()
            case_ids.append((await response.json())["case_id"])
    case = (await (await client.get(f"/v1/mod/cases/{case_ids[0]}", headers=bearer(mod))).json())
    response = await client.post(f"/v1/mod/cases/{case_ids[0]}/decision", headers=bearer(mod), json={
        "action": "block", "identifiers": case["identifiers"], "note": "the customer never came, third time"})
    assert response.status == 200, await response.text()
    for person in PEOPLE:
        response = await client.post("/v1/lookup", headers=bearer(anna.secret_key), json={"subject": person})
        assert response.status == 200
    response = await client.post("/v1/appeals", json={"name": PEOPLE[0]["name"], "email": PEOPLE[0]["email"],
                                                      "message": "I was never at that salon"})
    assert response.status == 202
    await runtime.console.add_note((await runtime.accounts.authenticate(mod)), case_ids[2],
                                   "Femke de Boer called, says the booking was not hers")
    await runtime.lookup.flush_log()


async def dump(runtime) -> str:
    parts = []
    for name in await runtime.collections.db.list_collection_names():
        docs = await runtime.collections.db[name].find().to_list()
        parts.append(json_util.dumps(docs, ensure_ascii=False))
    return "\n".join(parts)


async def test_a_database_dump_holds_no_identifier_in_clear(client, runtime):
    await scenario(client, runtime)
    text = await dump(runtime)
    assert "enc:1:" in text  # the personal data is there, sealed
    found = [needle for needle in NEEDLES if needle in text]
    assert not found, f"in clear in the database: {found}"


async def test_moderators_still_read_everything_in_clear(client, runtime):
    await scenario(client, runtime)
    mod = await new_moderator(runtime, "olek")
    items = []
    for status in ("open", "resolved"):
        items += (await (await client.get(f"/v1/mod/cases?status={status}", headers=bearer(mod))).json())["items"]
    views = [await (await client.get(f"/v1/mod/cases/{c['id']}", headers=bearer(mod))).json() for c in items]
    text = json.dumps(views, ensure_ascii=False)
    assert "Юлия Ковальчук" in text and "femke.deboer@ziggo.nl" in text
    assert "the customer never came, third time" in text


async def test_logs_hold_no_identifier(client, runtime, caplog):
    caplog.set_level(logging.DEBUG)
    await scenario(client, runtime)
    text = "\n".join(record.getMessage() + " " + json.dumps(record.__dict__, default=str, ensure_ascii=False)
                     for record in caplog.records)
    found = [needle for needle in NEEDLES if needle in text]
    assert not found, f"in the logs: {found}"


def test_sealed_values_open_with_every_listed_key_and_seal_with_the_first():
    from blocklist.credentials import FieldCipher
    old, new = FieldCipher.generate(1), FieldCipher.generate(2)
    sealed_old = FieldCipher(old).seal("Anna Nowak")
    rotated = FieldCipher(f"{new},{old}")
    assert rotated.open(sealed_old) == "Anna Nowak"
    assert rotated.seal("Anna Nowak").startswith("enc:2:")
    assert rotated.seal("Anna Nowak") != rotated.seal("Anna Nowak")  # a fresh nonce each time
    assert rotated.open("kept in clear") == "kept in clear"
