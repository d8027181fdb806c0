"""The public transparency page: its text lives in blocklist/locales (one file per language).

`{pending}`, `{closed}`, `{default}` and `{maximum}` in the retention text are filled from the running
configuration, so the page states the retention periods actually enforced.
"""

from __future__ import annotations

from blocklist.locales import PHONE_COUNTRIES
from blocklist.locales import TRANSPARENCY as TEXT

__all__ = ["TEXT", "PHONE_COUNTRIES"]

