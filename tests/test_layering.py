"""The code's shape holds: the import-linter contracts in pyproject.toml (layers from the CLI down to
matching, MongoDB only in storage, no HTTP below the surfaces, no I/O in matching), and access declared
on every route."""

import subprocess
import sys
from pathlib import Path

from blocklist.api.middleware import PAGE_PREFIXES

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_contracts_hold():
    linter = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(linter), "--no-cache", str(ROOT / "pyproject.toml")], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "0 broken" in run.stdout


async def test_every_route_declares_who_may_call_it(client):
    for route in client.app.router.routes():
        path = route.resource.canonical if route.resource else ""
        if path.startswith(PAGE_PREFIXES) or route.method == "HEAD":
            continue
        operation = getattr(route.handler, "operation", None)
        assert operation is not None, f"{route.method} {path} declares no access policy"
