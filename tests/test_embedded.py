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
