"""Phone numbers: E.164 through phonenumbers, with the salon's country as the default region.

A number that does not parse to a valid number is kept as its digits and flagged; it is never
guessed into some other valid number (a wrong default region gives a plausible but wrong one).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

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
    number_type: str | None = None  # mobile, fixed_line, voip, toll_free, …
    region: str | None = None  # the country the number belongs to
    parsed_as: str = "invalid"  # international | national:<region> | invalid
    problem: str | None = None
    national: str | None = None  # national significant number of a valid number

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
    digits = "".join(ch for ch in text if ch.isdigit())
    if not digits.isascii():
        digits = "".join(str(int(ch)) for ch in digits)  # Arabic-Indic and other digits to ASCII
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
    # is_valid_number is "the number's region is known and its type is not UNKNOWN": one type check, not two
    kind = phonenumbers.number_type(number) if number_region is not None else PhoneNumberType.UNKNOWN
    if kind == PhoneNumberType.UNKNOWN:
        problem = "not a valid number" + (f" for {region}" if region and not international else "")
        if not phonenumbers.is_possible_number(number):
            problem = "not a possible phone number (wrong length?)"
        return CanonicalPhone(raw=raw, e164=None, valid=False, digits=digits, region=number_region,
                              problem=problem)
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    number_type = _TYPE_NAMES.get(kind, "unknown")
    return CanonicalPhone(raw=raw, e164=e164, valid=True, digits=digits, number_type=number_type,
                          region=number_region, national=phonenumbers.national_significant_number(number),
                          parsed_as="international" if international or not region else f"national:{region}")


def _parse_problem(exc: NumberParseException, region: str | None) -> str:
    if exc.error_type == NumberParseException.INVALID_COUNTRY_CODE:
        return "no country code, and no salon country to read it with" if not region else "unknown country code"
    if exc.error_type in (NumberParseException.TOO_SHORT_NSN, NumberParseException.TOO_SHORT_AFTER_IDD):
        return "too short"
    if exc.error_type == NumberParseException.TOO_LONG:
        return "too long"
    return "not a phone number"
