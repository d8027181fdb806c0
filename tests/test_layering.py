"""The code's shape holds: the import-linter contracts in pyproject.toml (layers from the CLI down to
matching, MongoDB only in storage, no HTTP below the surfaces, no I/O in matching), and access declared
on every route."""

import subprocess
import sys
from pathlib import Path

from blocklist.http import guards_itself

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_contracts_hold():
    linter = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(linter), "--no-cache", str(ROOT / "pyproject.toml")], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "0 broken" in run.stdout


async def test_every_route_declares_who_may_call_it(client):
    """An API operation (access, scope, rate limit), or a page that is public or guards itself — the console's
    pages each declare who may see them: nothing is reachable by omission."""
    from aiohttp import web
    apps = [client.app] + [resource._app for resource in client.app.router.resources()
                           if isinstance(resource, web.PrefixedSubAppResource)]
    checked = 0
    for app in apps:
        for route in app.router.routes():
            if route.method == "HEAD":
                continue
            path = route.resource.canonical if route.resource else ""
            declared = getattr(route.handler, "operation", None) is not None or guards_itself(route.handler)
            assert declared, f"{route.method} {path} declares no access policy"
            checked += 1
    assert checked > 60
