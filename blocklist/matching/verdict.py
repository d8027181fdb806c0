"""Allow, challenge or block: the lookup's decision as pure functions of the index, the subject, the
salon's policy and the time (no I/O: a test calls `assess` without a database).

The rules (DESIGN.md): an exact canonical email or phone on an active block in scope blocks; a
near email, a similar name together with a partial identifier, unreviewed reports from several
salons, no-shows at several salons, a disposable email or an invalid phone challenge; a name
alone never blocks. Risk is a sum of the evidence (so it only grows as evidence is added). Every
rule that fired is a reason code; the answer never names a salon or a listed identifier.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from blocklist.credentials import Pseudonymiser
from blocklist.matching.email import one_typo, typo_gate_probes, typo_probes
from blocklist.matching.index import packed_tokens, unpack_name
from blocklist.matching.lookup_index import TYPO_DELETED, EntryRow, LookupIndex, key_hash, partial_key_hash
from blocklist.matching.names import NameKeys, name_keys, name_tokens
from blocklist.matching.phone import foreign_readings
from blocklist.matching.score import name_similarity
from blocklist.matching.subject import PreparedSubject
from blocklist.matching.thresholds import THRESHOLDS

# how much each kind of evidence adds to the 0–100 risk
RISK = {
    "email_blocked": 60, "phone_blocked": 60, "blocked_by_this_salon": 10,
    "email_challenged": 40, "phone_challenged": 40, "listing_disputed": 20,
    "reported_by_multiple_salons": 35, "repeated_no_shows": 30, "email_similar_to_blocked": 30,
    "name_similar_to_blocked": 25, "name_only_similar_to_blocked": 10, "disposable_email": 20,
    "invalid_phone": 15, "phone_similar_to_blocked": 30, "email_typo_other_name": 10, "shared_identifier": 5,
    "identity_misuse_reported": 20,
}
BLOCK_RISK_FLOOR = 90
# reasons that make a verdict at least `challenge`
CHALLENGING = frozenset({"email_challenged", "phone_challenged", "listing_disputed", "identity_misuse_reported",
                         "reported_by_multiple_salons",
                         "repeated_no_shows", "email_similar_to_blocked", "phone_similar_to_blocked",
                         "disposable_email", "invalid_phone"})


@dataclass(frozen=True)
class Policy:
    """A salon's lookup policy; None values mean the service default."""

    challenge_as_block: bool = False
    multi_salon_threshold: int = 2
    no_show_window_days: int = 180


@dataclass
class Evidence:
    """What the rules found about one subject."""

    blocked: list[str] = field(default_factory=list)  # fields with an exact block in force
    blocked_here: bool = False  # one of them was decided for this salon only
    challenged: list[str] = field(default_factory=list)  # fields with an exact challenge entry in force
    disputed: bool = False  # an exact block under dispute (answers challenge at most)
    misused: bool = False  # an exact block of an identifier someone else used (answers challenge at most)
    email_similar: bool = False  # the same mailbox name at another provider
    email_typo: bool = False  # a listed mailbox one typo away at the same provider, and no other name given
    email_typo_other_name: bool = False  # the same, but the customer gave a name unlike the listed person's
    phone_foreign: bool = False  # the number, read as a national number of another country, is listed
    name_similar_with_identifier: bool = False
    name_only_similar: bool = False
    reporting_salons: int = 0  # distinct salons with unreviewed reports about an identifier
    no_show_salons: int = 0  # distinct salons with recent no-shows or late cancellations
    disposable_email: bool = False
    invalid_phone: bool = False
    warned: bool = False  # a moderator warned the person instead of listing them
    shared_identifier: bool = False  # reported, but with many clearly different names: weak evidence


@dataclass(frozen=True)
class Verdict:
    verdict: str
    risk: int
    action: str
    reasons: list[dict[str, Any]]


def decide(evidence: Evidence, policy: Policy) -> Verdict:
    """The verdict, action, risk and reasons for some evidence under a salon's policy."""
    reasons: list[dict[str, Any]] = []
    risk = 0

    challenging: set[str] = set()

    def fire(code: str, match: str, weight: int | None = None, challenges: bool = True) -> None:
        nonlocal risk
        reasons.append({"code": code, "match": match})
        risk += RISK[code] if weight is None else weight
        if challenges and code in CHALLENGING:
            challenging.add(code)

    for name in evidence.blocked:
        fire(f"{name}_blocked", "exact")
    if evidence.blocked_here:
        fire("blocked_by_this_salon", "exact")
    for name in evidence.challenged:
        fire(f"{name}_challenged", "exact")
    if evidence.disputed:
        fire("listing_disputed", "exact")
    if evidence.misused:
        fire("identity_misuse_reported", "exact")
    if evidence.reporting_salons >= policy.multi_salon_threshold:
        fire("reported_by_multiple_salons", "exact",
             RISK["reported_by_multiple_salons"] + 5 * (evidence.reporting_salons - policy.multi_salon_threshold))
    if evidence.no_show_salons >= 2:
        fire("repeated_no_shows", "exact", RISK["repeated_no_shows"] + 5 * (evidence.no_show_salons - 2))
    if evidence.email_similar:
        fire("email_similar_to_blocked", "similar")
    if evidence.email_typo:
        fire("email_similar_to_blocked", "typo")
    elif evidence.email_typo_other_name:
        # distinct people's mailboxes can be one letter apart: said to the salon's server, changes nothing
        fire("email_similar_to_blocked", "typo_name_differs", RISK["email_typo_other_name"], challenges=False)
    if evidence.phone_foreign:
        fire("phone_similar_to_blocked", "foreign_national")
    if evidence.name_similar_with_identifier:
        fire("name_similar_to_blocked", "similar_with_partial_identifier")
    elif evidence.name_only_similar:
        fire("name_similar_to_blocked", "name_only", RISK["name_only_similar_to_blocked"])
    if evidence.disposable_email:
        fire("disposable_email", "exact")
    if evidence.invalid_phone:
        fire("invalid_phone", "exact")
    if evidence.warned:
        fire("warned", "exact", 0)
    if evidence.shared_identifier:
        fire("shared_identifier", "exact", RISK["shared_identifier"], challenges=False)

    codes = {r["code"] for r in reasons}
    challenges = bool(challenging) or evidence.name_similar_with_identifier
    if evidence.blocked:
        verdict = "block"
    elif challenges:
        # a salon may treat challenges as blocks, but never a disputed listing (a human must look again) nor
        # one of an identifier somebody else used (its owner would be turned away)
        only_restricted = (challenging <= {"listing_disputed", "identity_misuse_reported"}
                           and not evidence.name_similar_with_identifier)
        verdict = "block" if policy.challenge_as_block and not only_restricted else "challenge"
    else:
        verdict = "allow"
    if verdict == "block":
        risk = max(risk, BLOCK_RISK_FLOOR)
        action = "none"
    elif verdict == "challenge":
        action = "require_deposit" if "repeated_no_shows" in codes else "require_confirmation"
    else:
        action = "none"
    return Verdict(verdict, min(100, risk), action, reasons)


def _in_force(row: EntryRow, now: float, salon_id: str) -> bool:
    return row.expires > now and (row.salon is None or row.salon == salon_id)


def assess(index: LookupIndex, subject: PreparedSubject, name: str | None, policy: Policy, now: float,
           salon_id: str, keyer: Pseudonymiser | None = None) -> Verdict:
    """The verdict about one subject (prepared for a lookup), as the index has it at `now` (epoch seconds),
    for a lookup by `salon_id` under its policy. `keyer` (the pepper) reads a phone that is no number of the
    salon's country as a national number of another country, when a listed number ends like it."""
    evidence = Evidence()
    exact_keys = _exact_keys(subject)
    exact_fields = _exact(index, exact_keys, evidence, now, salon_id)
    _fuzzy(index, subject, name, evidence, now, salon_id, exact_fields, keyer)
    _signals(index, [key for _, key in exact_keys], evidence, now, policy)
    evidence.disposable_email = bool(subject.email and subject.email.disposable)
    evidence.invalid_phone = bool(subject.phone is not None and not subject.phone.valid)
    return decide(evidence, policy)


def _exact_keys(subject: PreparedSubject) -> list[tuple[str, str]]:
    """(field, key) of the subject's own email and phone, under this pepper and the previous one."""
    return [(field_name, key) for field_name, key in (("email", subject.email_key), ("phone", subject.phone_key))
            if key] + list(subject.previous_exact_keys)


def _exact(index: LookupIndex, exact_keys: list[tuple[str, str]], evidence: Evidence, now: float,
           salon_id: str) -> set[str]:
    """Entries of the subject's own email and phone keys; returns the fields listed exactly (in force or not)."""
    exact_fields: set[str] = set()
    for field_name, key in exact_keys:
        rows = index.rows(key)
        if rows:
            exact_fields.add(field_name)
        for row in rows:
            if not _in_force(row, now, salon_id):
                continue
            if row.action == "warn":
                evidence.warned = True  # said to the salon's server; it changes no verdict
            elif row.action == "block" and not row.disputed and not row.misused:
                if field_name not in evidence.blocked:
                    evidence.blocked.append(field_name)
                evidence.blocked_here |= row.salon == salon_id
            elif row.action == "block":
                evidence.disputed |= row.disputed
                evidence.misused |= row.misused
            elif field_name not in evidence.challenged:
                evidence.challenged.append(field_name)
    return exact_fields


class _Names:
    """Compares the customer's name with listed people's, at most THRESHOLDS.names_scored of them (scoring
    names is the costly part of a lookup)."""

    def __init__(self, index: LookupIndex, name: str | None) -> None:
        self.index = index
        self.name = name
        self.scored = 0
        self._tokens: list[str] | None = None
        self._keys: NameKeys | None = None

    def similar(self, person: int) -> bool:
        if not self.name or self.scored >= THRESHOLDS.names_scored:
            return False
        packed = self.index.packed_name(person)
        if self._tokens is None:
            self._tokens = sorted(name_tokens(self.name))
        if not packed or not self._tokens:
            return False
        self.scored += 1
        # the same tokens are the same name (a score of 1), and common: no need to score them, nor to work
        # out the query's spelling keys
        if sorted(packed_tokens(packed)) == self._tokens:
            return True
        self._keys = self._keys or name_keys(self.name)
        return name_similarity(self._keys, unpack_name(packed)).score >= THRESHOLDS.same_name


def _listed_now(index: LookupIndex, hashes: list[int], now: float, salon_id: str) -> bool:
    """Whether any of these identifier keys has an entry in force here (a warning lists nothing)."""
    return any(row.action != "warn" and _in_force(row, now, salon_id) for kh in hashes for row in index.rows_by_hash(kh))


def _fuzzy(index: LookupIndex, subject: PreparedSubject, name: str | None, evidence: Evidence, now: float,
           salon_id: str, exact_fields: set[str], keyer: Pseudonymiser | None) -> None:
    """Listed people near the subject: the same mailbox name elsewhere, a mailbox one typo away, a number
    that is a listed one read in another country, and a similar name beside any of them. An identifier
    listed exactly has been judged by its own entries: nothing near it is searched."""
    shared = _sharing_partial_keys(index, subject, exact_fields)
    typos = _one_typo_away(index, subject, keyer) if "email" not in exact_fields and keyer is not None else ()
    if not shared and not typos:
        return  # most lookups: nobody listed is near
    names = _Names(index, name)
    exact = [(f, key_hash(k)) for f, k in (("email", subject.email_key), ("phone", subject.phone_key)) if k]
    # people sharing both partial identifiers first
    for person, kinds in sorted(shared.items(), key=lambda item: -len(item[1])):
        own = index.identity_key_hashes(person)
        if not _listed_now(index, own, now, salon_id):
            continue  # nothing listed about them now
        # this very identifier was listed for the person and lifted (or ran out): a moderator judged it,
        # so it is not "similar" to what is still listed about them
        judged = {field for field, kh in exact if kh in own}
        similar = {"email" if kind == "l" else "phone" for kind in kinds} - judged
        if not similar:
            continue
        if "email" in similar:
            evidence.email_similar = True
        if "phone" in similar and not evidence.phone_foreign and keyer is not None:
            evidence.phone_foreign = _foreign_reading_listed(index, subject, keyer, now, salon_id)
        if not evidence.name_similar_with_identifier and names.similar(person):
            evidence.name_similar_with_identifier = True
        if evidence.email_similar and (evidence.name_similar_with_identifier or not name):
            break  # nothing more to find among them
    if typos:
        email_kh = dict(exact).get("email")
        for person in typos:
            own = index.identity_key_hashes(person)
            # (this very address was listed for the person and lifted: judged, not a typo of what remains)
            if evidence.email_typo or email_kh in own or not _listed_now(index, own, now, salon_id):
                continue
            if not name or names.similar(person):
                evidence.email_typo = True
                evidence.name_similar_with_identifier = evidence.name_similar_with_identifier or bool(name)
            else:
                evidence.email_typo_other_name = True


def _sharing_partial_keys(index: LookupIndex, subject: PreparedSubject, exact_fields: set[str]) -> dict[int, set[str]]:
    """Listed people sharing a partial identifier (the mailbox name, the last 8 digits) with the subject:
    a name alone never changes a verdict, so names are not searched on the hot path."""
    skip = {"l" if f == "email" else "t" for f in exact_fields}
    partial_keys = index.partial_keys
    shared: dict[int, set[str]] = {}
    for key in subject.match_keys + subject.previous_match_keys:
        kind = key[0]
        if kind in skip:
            continue
        kh = partial_key_hash(key)
        if not partial_keys.might_have(kh):
            continue  # most customers: nobody listed has this key
        people = partial_keys.distinct(kh)
        if len(people) > THRESHOLDS.partial_bucket_cap:
            continue  # a mailbox name hundreds of listed people share ("info") tells nobody apart
        for person in people:
            shared.setdefault(person, set()).add(kind)
    return shared


def _one_typo_away(index: LookupIndex, subject: PreparedSubject, keyer: Pseudonymiser) -> set[int]:
    """Listed people with a mailbox at the same provider one typo from the subject's (see matching/email.py:
    mailboxes that differ only in a digit or a separator are other people's, not typos). The probes, a
    dozen keyed hashes, are computed only when a gate of the typed mailbox meets a listed one's."""
    email = subject.email
    if email is None or not email.canonical:
        return set()
    keyers = (keyer,) if keyer.previous is None else (keyer, keyer.previous)
    might_have = index.typo_gates.might_have
    for text in typo_gate_probes(email):
        if might_have(keyer.typo_hash(text)) or (keyer.previous and might_have(keyer.previous.typo_hash(text))):
            break
    else:
        return set()  # most customers: no listed mailbox begins or ends like theirs
    typo_keys = index.typo_keys
    found: set[int] = set()
    for deleted, text in typo_probes(email):
        for k in keyers:
            kh = k.typo_hash(text)
            if not typo_keys.might_have(kh):
                continue
            postings = typo_keys.distinct(kh)
            if len(postings) > THRESHOLDS.partial_bucket_cap:
                continue
            for posting in postings:
                if one_typo(deleted, TYPO_DELETED[posting & 3]):
                    found.add(posting >> 2)
    return found


def _foreign_reading_listed(index: LookupIndex, subject: PreparedSubject, keyer: Pseudonymiser, now: float,
                            salon_id: str) -> bool:
    """Whether the subject's phone — no number of the salon's country, typed without a country code — is a
    listed number when read as a national number of another country (a Dutch customer's 06 12345678 at a
    Polish salon). Asked only when a listed number ends in the same digits, so rarely."""
    phone = subject.phone
    if phone is None or phone.valid or phone.raw.lstrip().startswith(("+", "00")):
        return False
    for reading in foreign_readings(phone.raw):
        for pepper in (keyer, keyer.previous):
            if pepper is not None and _listed_now(index, [key_hash(pepper.key("phone", reading))], now, salon_id):
                return True
    return False


def _signals(index: LookupIndex, keys: list[str], evidence: Evidence, now: float, policy: Policy) -> None:
    """Unreviewed reports from several salons, no-shows at several salons, about the subject's keys. Reports
    about a shared identifier (a salon's reception number) are weak: they count for nothing on their own."""
    window_start = now - policy.no_show_window_days * 86400
    pending_salons: set[str] = set()
    no_show_salons: set[str] = set()
    weak_salons: set[str] = set()
    # salons' word on looked-up bookings: a no-show counts like an unreviewed report from that salon, and a
    # booking the person attended earns their standing back (no earlier no-show counts)
    attended = 0.0
    if index.has_booking_outcomes:
        said_no_show: list[tuple[str, float]] = []
        for key in keys:
            for salon_id, outcome, booked in index.booking_outcomes(key):
                if outcome == "attended":
                    attended = max(attended, booked)
                elif booked >= window_start:
                    said_no_show.append((salon_id, booked))
        for salon_id, booked in said_no_show:
            if booked > attended:
                pending_salons.add(salon_id)
                no_show_salons.add(salon_id)
    for key in keys:
        for signal in index.signals(key):
            if signal.weak:
                weak_salons.add(signal.salon_id)
                continue
            if signal.status == "pending":
                pending_salons.add(signal.salon_id)
            # the no-shows a listing was decided on count no more once it has ended: standing is earned back
            if (signal.category in ("no_show", "late_cancellation") and signal.received >= window_start
                    and signal.spent_after > now and signal.received > attended):
                no_show_salons.add(signal.salon_id)
    evidence.reporting_salons = len(pending_salons)
    evidence.no_show_salons = len(no_show_salons)
    evidence.shared_identifier = bool(weak_salons - pending_salons - no_show_salons)
