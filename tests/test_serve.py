import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

from blocklist.embedded import free_port
from tests.test_embedded import _alive


def _get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _held_open_by_trickled_headers(port: int) -> float:
    """Seconds a connection that sends a header line every 0.3 s, never finishing, is kept open."""
    import socket
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n")
        try:
            while time.monotonic() - started < 20:
                conn.sendall(b"X-Slow: 1\r\n")
                time.sleep(0.3)
        except OSError:  # reset or broken pipe: the server hung up
            pass
    return time.monotonic() - started


def test_serve_with_two_workers_on_embedded_database_and_clean_stop(tmp_path):
    port = free_port()
    env = {**os.environ, "BLOCKLIST_DATA_DIR": str(tmp_path), "BLOCKLIST_ACCESS_LOG": "false",
           "BLOCKLIST_HEADER_READ_TIMEOUT_SECONDS": "1", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("MONGODB_URI", None)
    server = subprocess.Popen([sys.executable, "-m", "blocklist", "serve", "--port", str(port), "--workers", "2"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/readyz")
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        assert status == 200, "not ready within 60 s"
        assert _held_open_by_trickled_headers(port) < 4  # closed soon after the 1 s header-read timeout
        # the README's admin command, typed in another directory without the server's data dir: refused,
        # naming the right one, instead of quietly making a second database whose keys would get 401
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        admin_env = {k: v for k, v in env.items() if k != "BLOCKLIST_DATA_DIR"}
        command = [sys.executable, "-m", "blocklist", "admin", "create-salon", "--name", "Studio Anna", "--country", "PL"]
        refused = subprocess.run(command, env=admin_env, cwd=elsewhere, capture_output=True, text=True, timeout=60)
        assert refused.returncode == 2 and f"BLOCKLIST_DATA_DIR={tmp_path}" in refused.stderr, refused.stderr
        assert not (elsewhere / "data").exists()
        done = subprocess.run(command, env={**admin_env, "BLOCKLIST_DATA_DIR": str(tmp_path)}, cwd=elsewhere,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        key = json.loads(done.stdout)["secret_key"]
        request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/lookup", method="POST",
                                         data=b'{"subject": {"phone": "+48601234567"}}',
                                         headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=5) as response:  # the running server knows the new key
            assert response.status == 200
        embedded_pid = json.loads((tmp_path / "embedded.json").read_text())["pid"]
        children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
        assert len(children) >= 3  # two workers and the database
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
        for pid in [embedded_pid, *map(int, children)]:
            deadline = time.monotonic() + 5
            while _alive(pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not _alive(pid), f"process {pid} left behind"
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        server.stdout.close()
