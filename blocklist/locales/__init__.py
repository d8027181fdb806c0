"""Every language people read Blocklist in, one module each (`de.py`, `pl.py`, …): the transparency
page, the booking widget's messages, the Art. 14 notice, the appeal messages and the salon portal. Adding a language is one file plus its
code here; tests check that every language has every text."""

from __future__ import annotations

import importlib
from types import ModuleType

# the order of the language menus
CODES = ("en", "pl", "nl", "de", "tr", "ru", "he")

_MODULES: dict[str, ModuleType] = {code: importlib.import_module(f"blocklist.locales.{code}") for code in CODES}

LANGUAGES: list[tuple[str, str]] = [(code, module.NAME) for code, module in _MODULES.items()]
TRANSPARENCY: dict[str, dict[str, str]] = {code: module.TRANSPARENCY for code, module in _MODULES.items()}
WIDGET: dict[str, dict[str, str]] = {code: module.WIDGET for code, module in _MODULES.items()}
DEMO: dict[str, dict] = {code: module.DEMO for code, module in _MODULES.items()}
NOTICE: dict[str, dict] = {code: module.NOTICE for code, module in _MODULES.items()}
APPEAL_MESSAGES: dict[str, dict] = {code: module.APPEAL_MESSAGES for code, module in _MODULES.items()}
PORTAL: dict[str, dict] = {code: module.PORTAL for code, module in _MODULES.items()}
PHONE_COUNTRY: dict[str, str] = {code: module.PHONE_COUNTRY for code, module in _MODULES.items()
                                 if module.PHONE_COUNTRY}
RIGHT_TO_LEFT: frozenset[str] = frozenset(code for code, module in _MODULES.items() if module.RIGHT_TO_LEFT)

# the language of a notice to someone reported in a country (its salons' language); English elsewhere
COUNTRY_LANGUAGE = {"PL": "pl", "NL": "nl", "BE": "nl", "SR": "nl", "DE": "de", "AT": "de", "CH": "de", "LI": "de",
                    "LU": "de", "TR": "tr", "CY": "tr", "RU": "ru", "BY": "ru", "KZ": "ru", "KG": "ru", "IL": "he"}

# countries offered for a phone typed without its country code, by their own names (a person finds
# their country whatever the page's language; the transparency page's and the salon portal's pickers);
# anything else is typed with its +code
PHONE_COUNTRIES = [("PL", "Polska", "+48"), ("NL", "Nederland", "+31"), ("BE", "België / Belgique", "+32"),
                   ("DE", "Deutschland", "+49"), ("AT", "Österreich", "+43"), ("GB", "United Kingdom", "+44"),
                   ("IE", "Ireland", "+353"), ("TR", "Türkiye", "+90"), ("UA", "Україна", "+380"),
                   ("IL", "ישראל", "+972")]
