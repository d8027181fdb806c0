"""Imports point one way: api → services → storage → matching; matching does no I/O."""

import ast
from pathlib import Path

import pytest

from blocklist.api.middleware import PAGE_PREFIXES

PACKAGE = Path(__file__).resolve().parents[1] / "blocklist"

FORBIDDEN = {
    "matching": ["blocklist.storage", "blocklist.services", "blocklist.api", "aiohttp", "pymongo", "moderation_ui"],
    "storage": ["blocklist.services", "blocklist.api", "aiohttp", "moderation_ui"],
    "services": ["blocklist.api", "aiohttp", "moderation_ui"],
    "api": ["moderation_ui"],
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_point_down_only(layer):
    for path in (PACKAGE / layer).rglob("*.py"):
        for module in imports_of(path):
            for banned in FORBIDDEN[layer]:
                assert not (module == banned or module.startswith(banned + ".")), f"{path.name} imports {module}"


async def test_every_route_declares_who_may_call_it(client):
    for route in client.app.router.routes():
        path = route.resource.canonical if route.resource else ""
        if path.startswith(PAGE_PREFIXES) or route.method == "HEAD":
            continue
        operation = getattr(route.handler, "operation", None)
        assert operation is not None, f"{route.method} {path} declares no access policy"
