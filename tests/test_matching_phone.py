import json
import time
from pathlib import Path

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blocklist.matching import canonical_phone

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "identity_pairs.jsonl"


@pytest.mark.parametrize("raw, region, e164", [
    ("0612345678", "NL", "+31612345678"),
    ("06-12345678", "NL", "+31612345678"),
    ("+31 (0)6 1234 5678", "NL", "+31612345678"),
    ("0031612345678", "NL", "+31612345678"),
    ("31612345678", "NL", "+31612345678"),
    ("٠٦١٢٣٤٥٦٧٨", "NL", "+31612345678"),
    ("600 123 456", "PL", "+48600123456"),
    ("+48 600-123-456", "PL", "+48600123456"),
    ("0048600123456", "PL", "+48600123456"),
    ("0048600123456", "DE", "+48600123456"),
    ("0532 123 45 67", "TR", "+905321234567"),
    ("+90 0532 123 45 67", None, "+905321234567"),
    ("8 (916) 123-45-67", "RU", "+79161234567"),
    ("097 123 4567", "UA", "+380971234567"),
    ("052-555-1234", "IL", "+972525551234"),
])
def test_canonical_phone_reads_national_and_international_forms(raw, region, e164):
    result = canonical_phone(raw, region)
    assert result.valid, result.problem
    assert result.e164 == e164


def test_canonical_phone_keeps_type_region_and_how_it_was_read():
    national = canonical_phone("601 234 567", "PL")
    assert national.number_type == "mobile" and national.region == "PL" and national.parsed_as == "national:PL"
    international = canonical_phone("+48601234567", "DE")
    assert international.parsed_as == "international"
    assert canonical_phone("+31 85 123 4567", None).number_type == "voip"


@pytest.mark.parametrize("raw, region", [
    ("+48 0600123456", "PL"),   # Poland has no trunk 0
    ("0612345678", "BE"),       # a Dutch mobile typed at a Belgian salon
    ("0612345678", None),       # no country to read it with
    ("07700 900123", "GB"),     # fiction range: possible but not valid
    ("12", "PL"),
    ("call me", "PL"),
])
def test_canonical_phone_flags_invalid_numbers_and_keeps_digits(raw, region):
    result = canonical_phone(raw, region)
    assert not result.valid
    assert result.e164 is None
    assert result.problem
    assert result.digits == "".join(ch for ch in raw if ch.isdigit())[:20] or not any(ch.isdigit() for ch in raw)


def test_canonical_phone_development_set_rows():
    rows = [json.loads(line) for line in DATA.read_text().splitlines() if '"phone"' in line]
    assert rows
    for row in rows:
        a, b = canonical_phone(row["a"], None), canonical_phone(row["b"], row["b_region"])
        assert (a.e164 is not None and a.e164 == b.e164) == row["same"], row


@given(st.text(max_size=80), st.sampled_from([None, "PL", "NL", "TR", "DE", "IL", "XX"]))
@settings(max_examples=300, deadline=None)
def test_canonical_phone_never_raises_and_is_idempotent(raw, region):
    result = canonical_phone(raw, region)
    if result.e164:
        assert canonical_phone(result.e164, region).e164 == result.e164
        assert canonical_phone(result.e164, None).e164 == result.e164


def test_canonical_phone_bounded_time_on_huge_input():
    started = time.perf_counter()
    assert not canonical_phone("1" * 1_000_000, "PL").valid
    assert not canonical_phone("+" + "(1)-" * 250_000, "PL").valid
    assert time.perf_counter() - started < 0.5


@given(st.sampled_from(sorted(phonenumbers.SUPPORTED_REGIONS)), st.integers(0, 10**12),
       st.sampled_from(phonenumbers.PhoneNumberType.values()))
@settings(max_examples=3000, deadline=None)
def test_validity_agrees_with_phonenumbers(region, noise, number_type):
    """The fast validity check answers as phonenumbers.is_valid_number does, for valid numbers of every
    region and type and for the same numbers with digits changed or cut."""
    example = phonenumbers.example_number_for_type(region, number_type) or phonenumbers.example_number(region)
    if example is None:
        return
    national = phonenumbers.national_significant_number(example)
    digits = str(noise)
    variants = [national, national[:-1], national + digits[-1], digits[: len(national)],
                national[: len(national) // 2] + digits[: len(national) - len(national) // 2]]
    for candidate in variants:
        raw = f"+{example.country_code}{candidate}"
        phone = canonical_phone(raw, None)
        try:
            expected = phonenumbers.is_valid_number(phonenumbers.parse(raw, None))
        except phonenumbers.NumberParseException:
            expected = False
        assert phone.valid == expected, raw
