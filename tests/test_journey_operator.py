"""The operator's first hour, as the README tells it: `./scripts/run`, the admin commands it prints
(typed in another directory), a salon's first report and a moderator's block, then /metrics and the
logs, and a restart that remembers everything."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from blocklist.embedded import free_port

ROOT = Path(__file__).resolve().parent.parent


def call(url: str, body: dict | None = None, key: str | None = None) -> tuple[int, object]:
    request = urllib.request.Request(url, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json",
                                              **({"Authorization": f"Bearer {key}"} if key else {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read().decode()
            return response.status, json.loads(text) if text.startswith("{") else text
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


class Service:
    """./scripts/run in its own process group, its output collected line by line."""

    def __init__(self, data_dir: Path, port: int, cache: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k != "MONGODB_URI"}
        env.update(BLOCKLIST_DATA_DIR=str(data_dir), BLOCKLIST_ACCESS_LOG="true", XDG_CACHE_HOME=str(cache))
        self.log_path = data_dir.parent / f"run-{port}.log"
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen([str(ROOT / "scripts" / "run"), "--port", str(port)], cwd=ROOT, env=env,
                                        stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 240  # the first run may install the project into .venv
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.output()
            try:
                if call(self.url + "/readyz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise AssertionError("not ready: " + self.output())

    def output(self) -> str:
        self.log.flush()
        return self.log_path.read_text()

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGINT)
        self.process.wait(timeout=30)
        self.log.close()


def printed_command(output: str, label: str) -> str:
    return re.search(rf"^\s*{label}:\s+(.*)$", output, re.M).group(1)


def test_an_operator_follows_the_readme_from_another_directory_and_sees_it_all_in_metrics_and_logs(tmp_path):
    data_dir, cache, elsewhere = tmp_path / "data", tmp_path / "cache", tmp_path / "home"
    elsewhere.mkdir()
    port = free_port()
    service = Service(data_dir, port, cache)
    try:
        output = service.output()
        assert f"data in {data_dir}" in output
        # the commands it printed, pasted into a shell somewhere else
        salon_command = printed_command(output, "first salon").replace("Studio Anna", "Salon Şule")
        env = {k: v for k, v in os.environ.items() if k not in ("MONGODB_URI", "BLOCKLIST_DATA_DIR")}
        made = subprocess.run(salon_command, shell=True, cwd=elsewhere, env=env, capture_output=True, text=True,
                              timeout=60)
        assert made.returncode == 0, made.stderr
        salon = json.loads(made.stdout)
        moderator_command = printed_command(output, "moderator")
        made = subprocess.run(moderator_command, shell=True, cwd=elsewhere, env=env, input="correct horse battery 42\n",
                              capture_output=True, text=True, timeout=60)
        assert made.returncode == 0, made.stderr
        token = json.loads(made.stdout)["token"]
        assert not (elsewhere / "data").exists()  # no second database where the commands were typed

        status, report = call(service.url + "/v1/reports", {"category": "no_show", "subject": {
            "name": "Şule Yıldız", "phone": "+48 601 234 567"}}, salon["secret_key"])
        assert status == 201, report
        status, found = call(f"{service.url}/v1/mod/reports/{report['id']}", key=token)
        status, decided = call(f"{service.url}/v1/mod/cases/{found['case_id']}/decision", {
            "action": "block", "identifiers": [{"kind": "phone", "value": "+48601234567"}], "note": "no-shows"}, token)
        assert status == 200, decided
        status, answer = call(service.url + "/v1/lookup", {"subject": {"phone": "601 234 567"}}, salon["secret_key"])
        assert answer["verdict"] == "block"
        call(service.url + "/v1/appeals", {"name": "Şule Yıldız", "phone": "+48601234567", "message": "not me"})

        metrics = call(service.url + "/metrics")[1]
        for line in ('blocklist_reports_received_total{category="no_show"} 1.0', "blocklist_index_entries 1.0",
                     "blocklist_index_identities 1.0", "blocklist_queue_open_cases 0.0",
                     "blocklist_appeals_waiting 1.0", 'blocklist_notices{state="waiting"} 0.0'):
            assert line in metrics, line
        logs = [json.loads(line) for line in service.output().splitlines() if line.startswith("{")]
        assert any("notices cannot be sent" in entry["message"] for entry in logs)  # said at start-up
        access = [entry for entry in logs if entry.get("route") == "/v1/lookup"]
        assert access and access[-1]["salon_id"] == salon["salon_id"] and len(access[-1]["key_prefix"]) >= 8
        assert salon["secret_key"] not in service.output()
    finally:
        service.stop()

    # a restart remembers everything, and says so
    service = Service(data_dir, port, cache)
    try:
        loaded = [json.loads(line) for line in service.output().splitlines()
                  if line.startswith("{") and "lookup index loaded" in line]
        assert loaded and loaded[-1]["entries"] == 1 and loaded[-1]["identities"] == 1
        assert "blocklist_index_entries 1.0" in call(service.url + "/metrics")[1]
        status, answer = call(service.url + "/v1/lookup", {"subject": {"phone": "+48601234567"}},
                              salon["secret_key"])
        # blocked, and contested without proof (no mail server here to send a code): nothing is restricted
        assert answer["verdict"] == "block"
    finally:
        service.stop()
