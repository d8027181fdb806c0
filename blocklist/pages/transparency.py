"""The public transparency page: its text lives in blocklist/locales (one file per language).

`{pending}`, `{closed}`, `{default}` and `{maximum}` in the retention text are filled from the running
configuration, so the page states the retention periods actually enforced.
"""

from __future__ import annotations

from blocklist.locales import TRANSPARENCY as TEXT

__all__ = ["TEXT", "PHONE_COUNTRIES"]

# countries offered for a phone typed without its country code, by their own names (a person finds
# their country whatever the page's language); anything else is typed with its +code
PHONE_COUNTRIES = [("PL", "Polska", "+48"), ("NL", "Nederland", "+31"), ("BE", "België / Belgique", "+32"),
                   ("DE", "Deutschland", "+49"), ("AT", "Österreich", "+43"), ("GB", "United Kingdom", "+44"),
                   ("IE", "Ireland", "+353"), ("TR", "Türkiye", "+90"), ("UA", "Україна", "+380"),
                   ("IL", "ישראל", "+972")]
