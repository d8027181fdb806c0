import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from blocklist.embedded import EmbeddedServer
from blocklist.storage.database import answers_ping as ping


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie still answers kill(0): look at its state
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_embedded_server_starts_answers_and_stops(tmp_path):
    server = EmbeddedServer(tmp_path)
    uri = server.start()
    pid = server.process.pid
    assert ping(uri)
    assert server.running_uri() == uri
    assert EmbeddedServer(tmp_path).attach_or_start() == (uri, False)  # another command uses it, and leaves it be
    server.stop()
    assert not _alive(pid)
    assert server.running_uri() is None
    assert not ping(uri, 300)


def test_embedded_server_keeps_data_across_restarts(tmp_path):
    from pymongo import MongoClient
    with EmbeddedServer(tmp_path) as server:
        client = MongoClient(server.start())
        client.persist.things.insert_one({"_id": "kept"})
        client.close()
    with EmbeddedServer(tmp_path) as server:
        client = MongoClient(server.start())
        assert client.persist.things.find_one({"_id": "kept"}) == {"_id": "kept"}
        client.close()


def test_embedded_server_dies_with_a_crashed_parent(tmp_path):
    script = (
        "import sys, time\n"
        "from blocklist.embedded import EmbeddedServer\n"
        f"s = EmbeddedServer({str(tmp_path)!r}); s.start()\n"
        "print(s.process.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    child_pid = int(parent.stdout.readline())
    assert _alive(child_pid)
    parent.send_signal(signal.SIGKILL)  # no chance to clean up
    parent.wait()
    parent.stdout.close()
    deadline = time.monotonic() + 10
    while _alive(child_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child_pid), "the embedded server outlived its parent"


def test_a_leftover_server_on_the_same_data_is_replaced(tmp_path):
    first = EmbeddedServer(tmp_path)
    first.start()
    leftover = first.process
    first.process = None  # forget it, as a crashed or hurried earlier run would
    try:
        second = EmbeddedServer(tmp_path, leftover_grace_s=1)
        uri = second.start()
        assert ping(uri)
        leftover.wait(timeout=10)
        second.stop()
    finally:
        if leftover.poll() is None:
            leftover.kill()
            leftover.wait()


async def test_on_the_embedded_server_expiry_is_a_sweep_not_a_ttl_index_in_every_query(runtime, clock):
    """nx-27017 scans a collection with a TTL index inside every query on it (57 ms for a find by _id at 26,000
    listings): there the time fields get plain indexes, an earlier TTL index is dropped, and what TTL would
    delete goes in Database.delete_expired's sweep."""
    from datetime import timedelta

    from blocklist.storage.database import EXPIRING, ensure_indexes
    database = runtime.database
    if database.server_expires:  # MONGODB_URI is a real MongoDB: its TTL monitor deletes, the sweep does nothing
        assert await database.delete_expired(clock()) == 0
        return
    db = runtime.collections.db
    await db["login_failures"].drop_indexes()
    await db["login_failures"].create_index("expires_at", expireAfterSeconds=0)  # as an earlier version made it
    await ensure_indexes(db, server_expires=False)
    for name in EXPIRING:
        info = await db[name].index_information()
        assert not any("expireAfterSeconds" in index for index in info.values()), name
        assert any(list(index["key"])[0][0] == EXPIRING[name][0] for index in info.values()), name
    now = clock()
    await db["login_failures"].insert_many([{"_id": "old", "expires_at": now - timedelta(minutes=1)},
                                            {"_id": "new", "expires_at": now + timedelta(minutes=1)}])
    await db["lookup_log"].insert_one({"_id": "lkb_old", "at": now - timedelta(days=31)})
    assert await database.delete_expired(now) >= 2
    assert [doc["_id"] async for doc in db["login_failures"].find({})] == ["new"]
    assert await db["lookup_log"].count_documents({"_id": "lkb_old"}) == 0
