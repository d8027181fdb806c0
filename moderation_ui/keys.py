"""Typed request keys of the console (shared with the salon portal: blocklist/pagekit.py)."""

from __future__ import annotations

from blocklist.pagekit import FLASH, LOGIN_CSRF, SESSION

__all__ = ["FLASH", "LOGIN_CSRF", "SESSION"]
