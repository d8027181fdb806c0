"""Typed keys for state kept on the application and on requests (no string keys)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from blocklist.metrics import Metrics
from blocklist.models import Principal
from blocklist.settings import Settings

if TYPE_CHECKING:
    from blocklist.runtime import Runtime

SETTINGS = web.AppKey("settings", Settings)
METRICS = web.AppKey("metrics", Metrics)
RUNTIME: web.AppKey["Runtime"] = web.AppKey("runtime")
OPENAPI = web.AppKey("openapi", dict)
# a sub-application that answers its own errors as pages (the console): the API's error shape stays out of it
OWN_ERROR_PAGES = web.AppKey("own_error_pages", bool)
PRINCIPAL = web.RequestKey("principal", Principal)  # type: ignore[arg-type]
