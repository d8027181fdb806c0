"""Bringing an existing blocklist in: a dry run that says what would happen and changes nothing; an import
whose listings block in every process's lookups; a second run that adds nothing; a run stopped halfway that
resumes; refusals that say why; the audit; and memory that does not grow with the file."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from blocklist.services.imports import file_digest, read_rows
from tests.conftest import wait_ready
from tests.helpers import bearer, new_salon

CSV = """email,phone,name,country,scope,expiry,note
anna.nowak@gmail.com,601 234 567,Anna Nowak,PL,,2027-06-30,old salon list
,0532 123 45 67,Ayşe Yılmaz,TR,,,
yossi@example.co.il,052-345-6789,יוסי כהן,IL,global,,
,,Only A Name,PL,,,
not-an-email,,X,,,,
,601234567,No Country,,,,
anna.nowak@gmail.com,,Anna again,PL,,,
bob@example.org,,Bob,GB,salon:sal_nope,,
carol@example.org,,Carol,GB,,2020-01-01,
dave@example.org,,Dave,GB,,2099-01-01,
"{""$ne"": 1}",,Mallory,,,,
"""


async def run(runtime, text: str, name: str = "list.csv", dry_run: bool = False, **kwargs):
    digest = __import__("hashlib").sha256(text.encode()).hexdigest()
    return await runtime.imports.run("admin:test", name, digest, read_rows(io.StringIO(text), name), dry_run,
                                     **kwargs)


async def lookup(client, key: str, subject: dict) -> str:
    response = await client.post("/v1/lookup", headers=bearer(key), json={"subject": subject})
    return (await response.json())["verdict"]


async def test_a_dry_run_says_what_would_happen_line_by_line_and_changes_nothing(client, runtime):
    result = await run(runtime, CSV, dry_run=True)
    view = result.view()
    assert (view["lines"], view["added"], view["merged"]) == (12, 5, 1)
    reasons = {(r["line"], r["field"]): r["reason"] for r in view["refusals"]}
    assert reasons[(5, "line")].startswith("neither an email nor a phone")
    assert reasons[(6, "email")] == "not a valid email address"
    assert "give the country" in reasons[(7, "phone")]
    assert "existing salon" in reasons[(9, "scope")]
    assert reasons[(10, "expiry")].startswith("already over")
    assert reasons[(11, "expiry")].startswith("beyond the longest listing")
    assert reasons[(12, "email")] == "not a valid email address"  # an operator-shaped value is only text
    for collection in ("entries", "notices", "imports", "changes"):
        assert await getattr(runtime.collections, collection).count_documents({}) == 0, collection


async def test_an_import_blocks_in_every_processs_lookups_and_a_second_run_adds_nothing(client, runtime,
                                                                                       standalone_runtime):
    salon = await new_salon(runtime, "Studio Anna", "PL")
    turkish = await new_salon(runtime, "Kuaför", "TR")
    assert await lookup(client, salon.secret_key, {"phone": "601-234-567"}) == "allow"
    # the import runs in another process's runtime (as `blocklist admin import` does)
    other = standalone_runtime
    await wait_ready(other)
    result = await run(other, CSV)
    assert (result.added, result.merged, result.refused) == (5, 1, 7)
    for key, subject in ((salon.secret_key, {"phone": "601-234-567"}),
                         (salon.secret_key, {"email": "Anna.Nowak+x@googlemail.com"}),
                         (turkish.secret_key, {"phone": "0532 123 45 67"}),
                         (salon.secret_key, {"phone": "+972 52-345-6789"})):
        for _ in range(100):
            if await lookup(client, key, subject) == "block":
                break
            await __import__("asyncio").sleep(0.1)
        assert await lookup(client, key, subject) == "block", subject
    stored = await runtime.collections.entries.find_one({"kind": "phone", "status": "active",
                                                         "expires_at": {"$gt": __import__("datetime").datetime(2027, 6, 29)}})
    assert stored is not None and "601234567" not in json.dumps(stored, default=str)  # sealed and keyed
    assert await runtime.collections.notices.count_documents({}) == 2  # the listed emails are told (Art. 14)
    again = await run(other, CSV)
    assert again.view()["already_imported"] and await runtime.collections.entries.count_documents({}) == 5
    audit = [doc["action"] async for doc in runtime.collections.audit.find({"target": result.import_id})]
    assert audit[0] == "import.started" and "import.batch" in audit and "import.finished" in audit


async def test_an_import_stopped_halfway_resumes_and_lists_each_identity_once(client, runtime):
    lines = ["phone,country"] + [f"+48 5{n:08d},PL" for n in range(2500)]
    text = "\n".join(lines) + "\n"

    class Crash(Exception):
        pass

    def rows_until_crash():
        for number, row in read_rows(io.StringIO(text), "list.csv"):
            if number == 1800:
                raise Crash
            yield number, row
    digest = __import__("hashlib").sha256(text.encode()).hexdigest()
    with pytest.raises(Crash):
        await runtime.imports.run("admin:test", "list.csv", digest, rows_until_crash(), False, batch=500)
    assert await runtime.collections.entries.count_documents({}) == 1500  # three batches of 500 were done
    resumed = await runtime.imports.run("admin:test", "list.csv", digest, read_rows(io.StringIO(text), "list.csv"),
                                        False, batch=500)
    assert resumed.resumed_from == 1501 and resumed.added == 2500 and resumed.merged == 0
    assert await runtime.collections.entries.count_documents({}) == 2500


async def test_json_lines_and_hostile_values(client, runtime):
    rows = [{"email": "zofia.w@gmail.com", "name": "Zofia Wójcik", "scope": "global"},
            {"phone": {"$gt": ""}, "name": "x"}, {"email": "ok@example.org", "expiry": "9999-12-31T23:59:59Z"},
            "not an object", {"email": "a@b.pl", "expiry": "0001-01-01"}, {"phone": "+48 601 234 568", "name": "x" * 300}]
    text = "\n".join(json.dumps(row) for row in rows) + "\n{broken json\n"
    result = await run(runtime, text, "list.jsonl")
    reasons = {(r.line, r.field): r.reason for r in result.refusals}
    assert result.added == 1 and reasons[(2, "phone")] == "must be text"
    assert reasons[(3, "expiry")].startswith("beyond") and reasons[(4, "line")] == "not a JSON object"
    assert reasons[(5, "expiry")].startswith("already over") and reasons[(6, "name")].startswith("longer than")
    assert reasons[(7, "line")] == "not a JSON object"


async def test_memory_does_not_grow_with_the_files_size(runtime, tmp_path):
    """Memory traced after each batch of a 20,000-line file: once the canonical forms' bounded caches
    (16,384 each) have turned over, the second half of the file adds nothing that stays."""
    path = tmp_path / "list.csv"
    path.write_text("phone,country\n" + "".join(f"+44 7700 {n:06d},GB\n" for n in range(20000)))
    after_batch: list[int] = []
    tracemalloc.start()
    try:
        with open(path, encoding="utf-8") as source:
            await runtime.imports.run("admin:test", path.name, file_digest(str(path)), read_rows(source, path.name),
                                      True, progress=lambda result: after_batch.append(tracemalloc.get_traced_memory()[0]))
    finally:
        tracemalloc.stop()
    assert len(after_batch) == 20
    grown = after_batch[-1] - after_batch[9]  # 10,000 lines more
    assert grown < 1_000_000, after_batch  # (keeping what each line made would be several MB)


def test_the_command_line_imports_a_file_and_prints_its_rate(tmp_path):
    data = tmp_path / "data"
    listing = tmp_path / "list.csv"
    listing.write_text(CSV)
    env = {"BLOCKLIST_DATA_DIR": str(data), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    blocklist = [sys.executable, "-m", "blocklist", "admin", "--new-data-dir"]
    root = Path(__file__).resolve().parents[1]
    dry = subprocess.run(blocklist + ["import", str(listing), "--dry-run"], capture_output=True, text=True,
                         env=env, cwd=root, timeout=120)
    assert dry.returncode == 0, dry.stderr[-2000:]
    assert json.loads(dry.stdout)["added"] == 5
    ballast = b"\x01" * (1100 * 2**20)  # a big parent: the child's figure must be its own (ru_maxrss is inherited)
    done = subprocess.run(blocklist + ["import", str(listing), "--compare-raw"], capture_output=True, text=True,
                          env=env, cwd=root, timeout=120)
    del ballast
    assert done.returncode == 0, done.stderr[-2000:]
    answer = json.loads(done.stdout)
    assert answer["added"] == 5 and answer["raw_bulk_inserts_per_second"] > 0 and answer["fraction_of_raw"] > 0
    assert 20 < answer["peak_memory_mb"] < 1024  # what the operator reads to size the machine
    assert "line 12:" in done.stderr  # progress on the way
    stats = subprocess.run(blocklist[:-1] + ["db-stats", "--raw-rate"], capture_output=True, text=True, env=env,
                           cwd=root, timeout=120)
    counted = json.loads(stats.stdout)
    assert counted["collections"]["blocklist_entries"] == 5 and counted["raw_bulk_inserts_per_second"] > 0
    assert not any(name.startswith("raw_insert_rate") for name in counted["collections"])  # the scratch is gone


def test_rows_are_read_as_they_are_asked_for_not_the_whole_file_first():
    def lines():
        yield "email,name\n"
        yield "zofia.w@gmail.com,Zofia\n"
        raise AssertionError("read past the row that was asked for")
    rows = read_rows(lines(), "list.csv")
    assert next(rows) == (2, {"email": "zofia.w@gmail.com", "name": "Zofia"})


async def test_the_admin_api_takes_a_list_in_the_body_and_refuses_anyone_else(client, runtime):
    from tests.helpers import assert_error, new_moderator
    admin = await new_moderator(runtime, "ada", "admin")
    moderator = await new_moderator(runtime, "mona", "moderator")
    salon = await new_salon(runtime, "Studio Anna", "PL")
    body = {"format": "jsonl", "dry_run": True, "source": "network list",
            "content": '{"email": "zofia.w@gmail.com", "name": "Zofia"}\n{"phone": "601234567"}\n'}
    for key in (moderator, salon.secret_key):
        await assert_error(await client.post("/v1/admin/imports", headers=bearer(key), json=body), 403, "forbidden")
    dry = await client.post("/v1/admin/imports", headers=bearer(admin), json=body)
    answer = await dry.json()
    assert dry.status == 200 and answer["dry_run"] and answer["added"] == 1 and answer["refused"] == 1
    assert answer["refusals"][0]["line"] == 2 and "give the country" in answer["refusals"][0]["reason"]
    assert await runtime.collections.entries.count_documents({}) == 0
    done = await (await client.post("/v1/admin/imports", headers=bearer(admin), json={**body, "dry_run": False})).json()
    assert done["added"] == 1 and await runtime.collections.entries.count_documents({}) == 1
    await assert_error(await client.post("/v1/admin/imports", headers=bearer(admin),
                                         json={**body, "format": "xml"}), 400, "invalid_request")


async def test_a_csv_the_reader_cannot_read_on_is_refused_there_not_crashed_on(client, runtime):
    huge = "x" * 200_000  # past the csv module's field limit (131,072)
    result = await run(runtime, f"email,name\nzofia.w@gmail.com,Zofia\nbad@example.org,{huge}\nlater@example.org,Y\n")
    assert result.added == 1 and result.refusals[-1].reason.startswith("unreadable CSV")
    assert result.refusals[-1].line == 3
    nul = await run(runtime, "email,name\nbad\x00line@example.org,X\n")
    assert nul.added == 0 and nul.refusals[0].reason == "contains control characters"
