"""The lookup's decision as pure functions: an index built in memory, a subject, a policy, a time → a verdict.
No database, no HTTP: what the rules say about people written and typed the way salons meet them."""

from datetime import datetime, timedelta, timezone

from blocklist.credentials import Pseudonymiser
from blocklist.matching import canonical_email, canonical_phone, name_keys
from blocklist.matching.index import pack_name
from blocklist.matching.lookup_index import IndexBuilder, build_index
from blocklist.matching.subject import listing_match_keys, prepare_subject
from blocklist.matching.verdict import Policy, assess
from blocklist.models import IndexedCase, IndexedEntry, ReportSummary

PEPPER = Pseudonymiser("a-pepper-for-tests-only-0123456789abcdef")
NOW = datetime(2026, 12, 5, 12, 0, tzinfo=timezone.utc)


def listed(entry_id: str, case_id: str, kind: str, value: str, name: str, action: str = "block",
           salon_id: str | None = None, expires_at: datetime | None = None, status: str = "active") -> IndexedEntry:
    """A listing as the lookup index reads it."""
    canonical = canonical_email(value).canonical if kind == "email" else canonical_phone(value, None).e164
    return IndexedEntry(id=entry_id, case_id=case_id, key=PEPPER.key(kind, canonical), action=action,
                        salon_id=salon_id, expires_at=expires_at, status=status,
                        name_packed=(pack_name(name_keys(name)),),
                        match_keys=tuple(listing_match_keys(kind, canonical, PEPPER)))


def index_of(entries: list[IndexedEntry], cases: list[IndexedCase] = ()):
    builder = IndexBuilder()
    builder.add(entries)
    for case in cases:
        builder.add_case(case)
    return build_index(builder.parts(), (NOW - timedelta(days=180)).timestamp())


def verdict_for(index, *, name=None, email=None, phone=None, country="PL", salon_id="sal_here",
                policy=Policy(), at=NOW):
    subject = prepare_subject(name, email, phone, country, PEPPER, for_lookup=True)
    return assess(index, subject, name, policy, at.timestamp(), salon_id, PEPPER)


LUKASZ = [listed("ent_1", "case_1", "email", "lukasz.wisniewski@gmail.com", "Łukasz Wiśniewski"),
          listed("ent_2", "case_1", "phone", "+48601234567", "Łukasz Wiśniewski")]


def test_an_exact_identifier_blocks_however_it_is_typed():
    index = index_of(LUKASZ)
    for typed in ({"phone": "601 234 567"}, {"phone": "+48 601-234-567"}, {"phone": "0048601234567"},
                  {"email": "Lukasz.Wisniewski+salon@googlemail.com"}, {"email": "lukaszwisniewski@gmail.com"}):
        found = verdict_for(index, name="Lukasz Wisniewski", **typed)
        assert found.verdict == "block" and found.action == "none", typed


def test_a_name_alone_never_blocks_in_any_script():
    index = index_of(LUKASZ)
    for name in ("Łukasz Wiśniewski", "Лукаш Вишневский", "לוקאש וישנייבסקי"):
        assert verdict_for(index, name=name, email="someone.else@wp.pl").verdict == "allow"


def test_the_same_mailbox_name_elsewhere_with_the_same_name_challenges():
    found = verdict_for(index_of(LUKASZ), name="Łukasz Wiśniewski", email="lukasz.wisniewski@outlook.com")
    assert found.verdict == "challenge" and found.action == "require_confirmation"
    assert {"code": "email_similar_to_blocked", "match": "similar"} in found.reasons


def test_a_listing_in_force_elsewhere_or_ended_does_not_apply():
    ended = [listed("ent_9", "case_9", "phone", "+31612345678", "Eva de Vries", expires_at=NOW - timedelta(seconds=1))]
    other_salon = [listed("ent_8", "case_8", "phone", "+905321234567", "Öykü Yılmaz", salon_id="sal_other")]
    index = index_of(ended + other_salon)
    assert verdict_for(index, phone="+31 6 12345678", country="NL").verdict == "allow"
    assert verdict_for(index, phone="0532 123 45 67", country="TR").verdict == "allow"
    assert verdict_for(index, phone="0532 123 45 67", country="TR", salon_id="sal_other").verdict == "block"


def test_a_disputed_listing_challenges_even_under_a_strict_salon_policy():
    index = index_of([listed("ent_3", "case_3", "phone", "+48601234567", "Anna Nowak", status="disputed")])
    found = verdict_for(index, phone="601234567", policy=Policy(challenge_as_block=True))
    assert found.verdict == "challenge" and {"code": "listing_disputed", "match": "exact"} in found.reasons


def test_a_misused_identifier_asks_for_a_confirmation_even_under_a_strict_policy_and_disputed_too():
    from dataclasses import replace
    misused = replace(listed("ent_4", "case_4", "email", "anna.nowak@wp.pl", "Anna Nowak"), misused=True)
    for entry in (misused, replace(misused, status="disputed")):
        index = index_of([entry])
        found = verdict_for(index, email="Anna.Nowak@wp.pl", policy=Policy(challenge_as_block=True))
        assert (found.verdict, found.action) == ("challenge", "require_confirmation"), entry
        assert {"code": "identity_misuse_reported", "match": "exact"} in found.reasons
        # taken in after the load (a change another process made) it reads the same
        later = index_of([])
        later.apply_entry(entry)
        assert verdict_for(later, email="anna.nowak@wp.pl").verdict == "challenge"


def test_no_shows_at_two_salons_ask_for_a_deposit():
    phone_key = PEPPER.key("phone", "+48601234567")
    case = IndexedCase(id="case_5", status="open", keys=(phone_key,), reports=tuple(
        ReportSummary(f"rpt_{salon}", salon, "no_show", NOW - timedelta(days=3), "pending", keys=(phone_key,))
        for salon in ("sal_a", "sal_b")))
    found = verdict_for(index_of([], [case]), phone="601 234 567")
    assert found.verdict == "challenge" and found.action == "require_deposit"
    assert {r["code"] for r in found.reasons} >= {"repeated_no_shows", "reported_by_multiple_salons"}
    assert verdict_for(index_of([], [case]), phone="601 234 567", at=NOW + timedelta(days=200)).action != \
        "require_deposit"  # older than the no-show window


# ---------------------------------------------------------------- one letter away, another country's number

def test_a_mailbox_one_letter_from_a_listed_one_challenges_with_the_same_name_or_none():
    index = index_of(LUKASZ)
    for typed in ("lukasz.wisniewskx@gmail.com", "lukasz.wisniewsk@gmail.com", "lukasz.wisnieswki@gmail.com",
                  "lukasz.wisniewskii@googlemail.com", "lukasz.w1sniewski@gmail.com"):
        for name in ("Łukasz Wiśniewski", "Lukasz Wisniewski", "Лукаш Вишневски", None):
            found = verdict_for(index, name=name, email=typed)
            assert found.verdict == "challenge", (typed, name, found)
            assert {"code": "email_similar_to_blocked", "match": "typo"} in found.reasons


def test_another_persons_mailbox_one_letter_away_is_told_to_the_server_but_challenges_nobody():
    found = verdict_for(index_of(LUKASZ), name="Katarzyna Zielińska", email="lukasz.wisniewskx@gmail.com")
    assert found.verdict == "allow"
    assert {"code": "email_similar_to_blocked", "match": "typo_name_differs"} in found.reasons


def test_mailboxes_that_differ_only_in_a_digit_are_other_people():
    index = index_of([listed("ent_7", "case_7", "email", "anna.nowak1@wp.pl", "Anna Nowak")])
    for typed in ("anna.nowak2@wp.pl", "anna.nowak@wp.pl", "anna.nowak12@wp.pl"):
        found = verdict_for(index, name="Anna Nowak", email=typed)
        assert found.verdict == "allow" and not found.reasons, (typed, found)


def test_a_mailbox_two_letters_off_or_at_another_provider_with_another_name_is_no_typo():
    index = index_of(LUKASZ)
    assert verdict_for(index, name="Jan Kowalski", email="lukasz.wisnieski1@gmail.com").verdict == "allow"
    assert verdict_for(index, name="Łukasz Wiśniewski", email="lukasz.wisniewskx@wp.pl").verdict == "allow"


def test_a_foreign_customers_number_typed_the_way_their_country_types_it_challenges_but_never_blocks():
    dutch = index_of([listed("ent_9", "case_9", "phone", "+31612360913", "Femke de Boer")])
    found = verdict_for(dutch, phone="06 12360913", country="PL")  # a Polish salon, no name given
    assert found.verdict == "challenge" and found.action == "require_confirmation"
    assert {"code": "phone_similar_to_blocked", "match": "foreign_national"} in found.reasons
    turkish = index_of([listed("ent_8", "case_8", "phone", "+905012383016", "Emre Şahin")])
    assert verdict_for(turkish, phone="0501 238 30 16", country="DE").verdict == "challenge"
    # the same digits that are a number of the salon's own country are that number, not a foreign one
    dutch_too = index_of([listed("ent_6", "case_6", "phone", "+31612345678", "Someone Else")])
    assert verdict_for(dutch_too, phone="612 345 678", country="PL").verdict == "allow"


def test_a_number_read_in_the_customers_own_country_is_exact():
    dutch = index_of([listed("ent_9", "case_9", "phone", "+31612360913", "Femke de Boer")])
    found = verdict_for(dutch, phone="06 12360913", country="NL")  # the widget said: a Dutch number
    assert found.verdict == "block"
