"""Phone numbers: E.164 through phonenumbers, with the salon's country as the default region.

A number that does not parse to a valid number is kept as its digits and flagged; it is never
guessed into some other valid number (a wrong default region gives a plausible but wrong one).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneMetadata, PhoneNumberFormat, PhoneNumberType

from blocklist.matching.text import clean

MAX_PHONE_CHARS = 64

_TYPE_NAMES = {value: name.lower() for name, value in vars(PhoneNumberType).items()
               if name.isupper() and isinstance(value, int)}


@dataclass(frozen=True)
class CanonicalPhone:
    """A phone number as typed, its E.164 form when valid, and how it was read."""

    raw: str
    e164: str | None  # set only for valid numbers
    valid: bool
    digits: str  # every digit typed, capped (kept for invalid numbers and weak keys)
    region: str | None = None  # the country the number belongs to
    parsed_as: str = "invalid"  # international | national:<region> | invalid
    problem: str | None = None
    national: str | None = None  # national significant number of a valid number
    parsed: bool = False  # phonenumbers could read it as a number (valid or not)

    @property
    def number_type(self) -> str | None:
        """mobile, fixed_line, voip, toll_free, … of a valid number (worked out when asked: lookups never ask)."""
        return _number_type(self.e164) if self.e164 else None

    @property
    def tail(self) -> str | None:
        """The last 8 digits of the national number: a weak key that survives a wrong country code."""
        source = self.national or self.digits
        return source[-8:] if len(source) >= 8 else None


def canonical_phone(raw: str, default_region: str | None) -> CanonicalPhone:
    """Parse `raw` as typed at a salon in `default_region`; never raises."""
    if len(raw) > MAX_PHONE_CHARS:
        return CanonicalPhone(raw=raw[:MAX_PHONE_CHARS], e164=None, valid=False, digits="",
                              problem=f"longer than {MAX_PHONE_CHARS} characters")
    return _canonical_phone(raw, (default_region or "").upper() or None)


@lru_cache(maxsize=16384)  # bounded: a process meets many customers once
def _canonical_phone(raw: str, region: str | None) -> CanonicalPhone:
    text = clean(raw, MAX_PHONE_CHARS)
    # decimal digits of any script (Arabic-Indic, Devanagari…) read as ASCII; other "digits" (², ①, 𐹨)
    # are no digit anyone dials, and int() refuses them
    digits = "".join(ch if ch.isascii() else str(unicodedata.decimal(ch)) for ch in text if ch.isdecimal())
    digits = digits[:20]
    if not digits:
        return CanonicalPhone(raw=raw, e164=None, valid=False, digits="", problem="no digits")
    if region not in phonenumbers.SUPPORTED_REGIONS:
        region = None
    international = text.lstrip().startswith(("+", "00"))
    try:
        number = phonenumbers.parse(text, region if not text.lstrip().startswith("+") else None)
    except NumberParseException as exc:
        return CanonicalPhone(raw=raw, e164=None, valid=False, digits=digits,
                              problem=_parse_problem(exc, region))
    except Exception:
        return CanonicalPhone(raw=raw, e164=None, valid=False, digits=digits, problem="not a phone number")
    number_region = phonenumbers.region_code_for_number(number)
    national = phonenumbers.national_significant_number(number)
    if number_region is None or not _is_valid(national, number.country_code, number_region):
        problem = "not a valid number" + (f" for {region}" if region and not international else "")
        if not phonenumbers.is_possible_number(number):
            problem = "not a possible phone number (wrong length?)"
        return CanonicalPhone(raw=raw, e164=None, valid=False, digits=digits, region=number_region,
                              problem=problem, parsed=True)
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return CanonicalPhone(raw=raw, e164=e164, valid=True, digits=digits, region=number_region, national=national,
                          parsed=True, parsed_as="international" if international or not region else f"national:{region}")


def _is_valid(national: str, country_code: int, region: str) -> bool:
    """phonenumbers.is_valid_number's answer (the region's general pattern and that of some type of
    number match), asked the other way round: the common types first, with the patterns compiled once.
    number_type tries the rare types first and looks each pattern up in two caches, which cost a
    sixth of a lookup; a property test holds this to is_valid_number."""
    metadata = PhoneMetadata.metadata_for_region_or_calling_code(country_code, region)
    if metadata is None or not _matches(national, metadata.general_desc):
        return False
    if not metadata.same_mobile_and_fixed_line_pattern and _matches(national, metadata.mobile):
        return True
    return any(_matches(national, desc) for desc in (
        metadata.fixed_line, metadata.premium_rate, metadata.toll_free, metadata.shared_cost, metadata.voip,
        metadata.personal_number, metadata.pager, metadata.uan, metadata.voicemail))


_PATTERNS: dict[str, re.Pattern] = {}


def _matches(national: str, desc) -> bool:
    # phonenumbers' _is_number_matching_desc: the possible lengths, then the whole pattern
    if desc is None or not desc.national_number_pattern:
        return False
    if desc.possible_length and len(national) not in desc.possible_length:
        return False
    pattern = _PATTERNS.get(desc.national_number_pattern)
    if pattern is None:
        pattern = _PATTERNS[desc.national_number_pattern] = re.compile(desc.national_number_pattern)
    return pattern.fullmatch(national) is not None


@lru_cache(maxsize=1024)
def _number_type(e164: str) -> str:
    return _TYPE_NAMES.get(phonenumbers.number_type(phonenumbers.parse(e164)), "unknown")


def _parse_problem(exc: NumberParseException, region: str | None) -> str:
    if exc.error_type == NumberParseException.INVALID_COUNTRY_CODE:
        return "no country code, and no salon country to read it with" if not region else "unknown country code"
    if exc.error_type in (NumberParseException.TOO_SHORT_NSN, NumberParseException.TOO_SHORT_AFTER_IDD):
        return "too short"
    if exc.error_type == NumberParseException.TOO_LONG:
        return "too long"
    return "not a phone number"


# where a customer typing their own country's national form may come from: the network's countries and their
# neighbours (a number read in all of these costs about a millisecond, paid only when a listed number ends
# in the same digits as one that is no number of the salon's country)
NEIGHBOUR_REGIONS = ("PL", "NL", "BE", "LU", "DE", "AT", "CH", "FR", "GB", "IE", "ES", "PT", "IT", "CZ", "SK", "HU",
                     "RO", "BG", "GR", "HR", "SI", "LT", "LV", "EE", "DK", "SE", "NO", "FI", "UA", "BY", "RU", "TR",
                     "IL", "CY")


def foreign_readings(raw: str) -> list[str]:
    """The E.164 numbers a nationally typed number is in the countries of NEIGHBOUR_REGIONS (usually one
    or none: `06 12345678` is Dutch, `0501 238 30 16` Turkish)."""
    readings: list[str] = []
    for region in NEIGHBOUR_REGIONS:
        phone = canonical_phone(raw, region)
        if phone.valid and phone.e164 and phone.parsed_as == f"national:{region}" and phone.e164 not in readings:
            readings.append(phone.e164)
    return readings
