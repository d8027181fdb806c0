"""Schemathesis against the served /openapi.json, as a client nobody here wrote: every check, in
every phase (coverage, fuzzing, stateful), with a salon's, a moderator's and an admin's credentials.

Every answer must be documented (status, content type, body schema), nothing may be a 5xx, a
request the document calls valid must be taken and one it calls invalid refused (where the answer
also depends on the clock or the database, tests/fuzz/schemathesis.toml says so, operation by
operation); calls without the right credentials must be refused. Runs a real `blocklist serve` on
this test's database, with the rate limits lifted so the generated traffic reaches the handlers.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from blocklist.embedded import free_port
from tests.conftest import TEST_DATA_KEY, TEST_PEPPER

CONFIG = Path(__file__).parent / "fuzz" / "schemathesis.toml"
SECONDS_PER_RUN = int(os.environ.get("BLOCKLIST_FUZZ_SECONDS", "20"))


@pytest.fixture
def served(settings, tmp_path):
    port = free_port()
    env = {**os.environ, "MONGODB_URI": settings.mongodb_uri, "BLOCKLIST_DB": settings.db_name,
           "BLOCKLIST_PEPPER": TEST_PEPPER, "BLOCKLIST_DATA_KEY": TEST_DATA_KEY, "BLOCKLIST_DATA_DIR": str(tmp_path),
           "BLOCKLIST_ACCESS_LOG": "false", "BLOCKLIST_API_RATE_PER_MINUTE": "1000000",
           "BLOCKLIST_REPORT_RATE_PER_MINUTE": "1000000", "BLOCKLIST_APPEAL_RATE_PER_HOUR": "1000000",
           "BLOCKLIST_AUTH_FAILURES_PER_MINUTE": "1000000", "BLOCKLIST_LOOKUP_RATE_PER_MINUTE_ADDRESS": "1000000"}
    log = open(tmp_path / "serve.log", "w")  # noqa: SIM115 (closed below, after the server)
    server = subprocess.Popen([sys.executable, "-m", "blocklist", "serve", "--port", str(port)], env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                with urllib.request.urlopen(url + "/readyz", timeout=1) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the server did not get ready")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=15)
        log.close()


def schemathesis(url: str, token: str, paths: str, tmp_path: Path) -> subprocess.CompletedProcess:
    binary = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or "schemathesis"
    return subprocess.run([binary, "--config-file", str(CONFIG), "run", f"{url}/openapi.json",
                           "-H", f"Authorization: Bearer {token}", "--include-path-regex", paths, "--checks", "all",
                           "--max-time", str(SECONDS_PER_RUN), "--phases", "coverage,fuzzing,stateful", "--no-color"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=SECONDS_PER_RUN * 4 + 60)


async def test_the_api_answers_every_generated_request_as_documented(served, standalone_runtime, tmp_path):
    salon = await standalone_runtime.accounts.create_salon("Fuzz", "PL", ["http://127.0.0.1"])
    _, admin_token = await standalone_runtime.accounts.create_moderator("fuzz", "admin", None)
    _, moderator_token = await standalone_runtime.accounts.create_moderator("fuzzmod", "moderator", None)
    _, platform_key = await standalone_runtime.accounts.create_platform("Fuzz platform")
    for token, paths in ((salon.secret_key, "^/(v1/(reports|lookup|me|webhooks)|healthz|readyz|openapi.json|csp-reports)"),
                         (moderator_token, "^/v1/mod/"),
                         (admin_token, "^/v1/(admin|appeals)"), (platform_key, "^/v1/platform/")):
        run = schemathesis(served, token, paths, tmp_path)
        assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
        assert "passed" in run.stdout
