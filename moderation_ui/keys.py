"""Typed request keys of the console."""

from __future__ import annotations

from aiohttp import web

from blocklist.services.console import ConsoleSession

SESSION: web.RequestKey[ConsoleSession | None] = web.RequestKey("console_session")
FLASH: web.RequestKey[list | None] = web.RequestKey("console_flash")
LOGIN_CSRF: web.RequestKey[str] = web.RequestKey("console_login_csrf")
