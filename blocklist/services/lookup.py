"""Lookups: allow, challenge or block, decided from this process's in-memory index only.

The rules (DESIGN.md): an exact canonical email or phone on an active block in scope blocks; a
near email, a similar name together with a partial identifier, unreviewed reports from several
salons, no-shows at several salons, a disposable email or an invalid phone challenge; a name
alone never blocks. Risk is a sum of the evidence (so it only grows as evidence is added). Every
rule that fired is a reason code; the answer never names a salon or a listed identifier.
"""

from __future__ import annotations

import itertools
import logging
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from blocklist.clock import Clock
from blocklist.credentials import Pseudonymiser
from blocklist.errors import DatabaseUnavailable, RateLimited, Unavailable
from blocklist.matching import NameKeys, name_keys
from blocklist.matching.index import NAME_MATCH, packed_tokens, unpack_name
from blocklist.matching.names import name_tokens
from blocklist.matching.score import name_similarity
from blocklist.metrics import Metrics
from blocklist.models import KeyKind, SalonPrincipal
from blocklist.services.identities import prepare_subject
from blocklist.services.lookup_index import EntryRow, LookupIndex, PartialKeys, key_hash
from blocklist.storage.lookups import AlertStore, LookupLogStore

log = logging.getLogger(__name__)

# how much each kind of evidence adds to the 0–100 risk
RISK = {
    "email_blocked": 60, "phone_blocked": 60, "blocked_by_this_salon": 10,
    "email_challenged": 40, "phone_challenged": 40, "listing_disputed": 20,
    "reported_by_multiple_salons": 35, "repeated_no_shows": 30, "email_similar_to_blocked": 30,
    "name_similar_to_blocked": 25, "name_only_similar_to_blocked": 10, "disposable_email": 20,
    "invalid_phone": 15,
}
BLOCK_RISK_FLOOR = 90
# reasons that make a verdict at least `challenge`
CHALLENGING = frozenset({"email_challenged", "phone_challenged", "listing_disputed", "reported_by_multiple_salons",
                         "repeated_no_shows", "email_similar_to_blocked", "disposable_email", "invalid_phone"})
LOG_BUFFER_LIMIT = 50_000
# a partial identifier shared by more listed people than this is too common to point at anyone
PARTIAL_BUCKET_CAP = 200
# listed people sharing a partial identifier whose names are compared with the customer's, at most
MAX_NAMES_SCORED = 50


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
    email_similar: bool = False
    name_similar_with_identifier: bool = False
    name_only_similar: bool = False
    reporting_salons: int = 0  # distinct salons with unreviewed reports about an identifier
    no_show_salons: int = 0  # distinct salons with recent no-shows or late cancellations
    disposable_email: bool = False
    invalid_phone: bool = False
    warned: bool = False  # a moderator warned the person instead of listing them


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

    def fire(code: str, match: str, weight: int | None = None) -> None:
        nonlocal risk
        reasons.append({"code": code, "match": match})
        risk += RISK[code] if weight is None else weight

    for name in evidence.blocked:
        fire(f"{name}_blocked", "exact")
    if evidence.blocked_here:
        fire("blocked_by_this_salon", "exact")
    for name in evidence.challenged:
        fire(f"{name}_challenged", "exact")
    if evidence.disputed:
        fire("listing_disputed", "exact")
    if evidence.reporting_salons >= policy.multi_salon_threshold:
        fire("reported_by_multiple_salons", "exact",
             RISK["reported_by_multiple_salons"] + 5 * (evidence.reporting_salons - policy.multi_salon_threshold))
    if evidence.no_show_salons >= 2:
        fire("repeated_no_shows", "exact", RISK["repeated_no_shows"] + 5 * (evidence.no_show_salons - 2))
    if evidence.email_similar:
        fire("email_similar_to_blocked", "similar")
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

    codes = {r["code"] for r in reasons}
    challenges = bool(codes & CHALLENGING) or evidence.name_similar_with_identifier
    if evidence.blocked:
        verdict = "block"
    elif challenges:
        # a salon may treat challenges as blocks, but never a disputed listing (a human must look again)
        only_disputed = codes & CHALLENGING == {"listing_disputed"} and not evidence.name_similar_with_identifier
        verdict = "block" if policy.challenge_as_block and not only_disputed else "challenge"
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


class LookupService:
    """Answers lookups from the in-memory index and logs them (buffered, pseudonymous)."""

    def __init__(self, log_store: LookupLogStore, alerts: AlertStore, pseudonymiser: Pseudonymiser, clock: Clock,
                 metrics: Metrics, default_policy: Policy, distinct_per_hour: dict[str, int] | None = None,
                 help_base: str = "/transparency?ref=") -> None:
        self.log_store = log_store
        self.alert_store = alerts
        # a stopped booking links the customer to why, and how to contest it (API.md help_url)
        self.help_base = help_base
        # scanning: how many different customers one key may look up in an hour, by kind of key
        self.distinct_per_hour = distinct_per_hour or {"secret": 5000, "publishable": 300}
        self.distinct_per_hour.setdefault("address", self.distinct_per_hour["publishable"])
        # this hour's distinct customers per counter: ("key", prefix), ("salon", id) or ("address", ip)
        self._window = -1
        self._distinct: dict[tuple[str, str], set[str]] = {}
        self._flagged: set[tuple[str, str]] = set()  # counters already reported to admins this hour
        self._alerts: list[dict[str, Any]] = []
        self.pseudonymiser = pseudonymiser
        self.clock = clock
        self.metrics = metrics
        self.default_policy = default_policy
        self.index: LookupIndex | None = None
        self.live = False  # the index has caught up with the change log (lookups wait until it has)
        # the database is out of reach: answers come from an index that may be behind (said in each answer)
        self.degraded = False
        self._log: list[dict[str, Any]] = []
        # lookup ids: a random per-process prefix and a counter (unique, and no system call per lookup)
        self._id_prefix = secrets.token_hex(10)
        self._id_counter = itertools.count(1)
        self._clean: dict[tuple[str, Any], int] = {}
        self._policies: dict[Any, Policy] = {}  # by the salon's (frozen) overrides
        self.log_failing_since: float | None = None  # monotonic time of the first failed flush in a row

    @property
    def ready(self) -> bool:
        return self.index is not None and self.live

    def policy_for(self, principal: SalonPrincipal) -> Policy:
        salon_policy = principal.salon.policy
        policy = self._policies.get(salon_policy)
        if policy is None:
            if len(self._policies) > 10_000:
                self._policies.clear()
            policy = self._policies[salon_policy] = Policy(
                challenge_as_block=salon_policy.challenge_as_block,
                multi_salon_threshold=salon_policy.multi_salon_threshold or self.default_policy.multi_salon_threshold,
                no_show_window_days=salon_policy.no_show_window_days or self.default_policy.no_show_window_days,
            )
        return policy

    def lookup(self, principal: SalonPrincipal, name: str | None, email: str | None,
               phone: str | None, address: str | None = None) -> dict[str, Any]:
        """The verdict for one subject; never waits for the database."""
        index = self.index
        if index is None or not self.live:
            raise Unavailable("the lookup index is still loading; retry in a few seconds", retry_after=2)
        salon = principal.salon
        policy = self.policy_for(principal)
        subject = prepare_subject(name, email, phone, salon.country, self.pseudonymiser, for_lookup=True)
        at = self.clock()
        now = at.timestamp()
        self._watch_for_scans(principal, subject.exact_keys, now, address)
        evidence = Evidence()
        exact_keys = [(field_name, key) for field_name, key in (("email", subject.email_key),
                                                                 ("phone", subject.phone_key)) if key]
        exact_fields: set[str] = set()
        for field_name, key in exact_keys + list(subject.previous_exact_keys):
            rows = index.rows(key)
            if rows:
                exact_fields.add(field_name)
            for row in rows:
                if not _in_force(row, now, salon.id):
                    continue
                if row.action == "warn":
                    evidence.warned = True  # said to the salon's server; it changes no verdict
                elif row.action == "block" and not row.disputed:
                    if field_name not in evidence.blocked:
                        evidence.blocked.append(field_name)
                    evidence.blocked_here |= row.salon == salon.id
                elif row.action == "block":
                    evidence.disputed = True
                elif field_name not in evidence.challenged:
                    evidence.challenged.append(field_name)
        self._fuzzy(index, subject, name, evidence, now, salon.id, exact_fields)
        self._signals(index, [key for _, key in exact_keys + list(subject.previous_exact_keys)], evidence, now,
                      policy)
        evidence.disposable_email = bool(subject.email and subject.email.disposable)
        evidence.invalid_phone = bool(phone and subject.phone is not None and not subject.phone.valid)
        verdict = decide(evidence, policy)
        lookup_id = f"lkp_{self._id_prefix}{next(self._id_counter):012x}"
        self.metrics.count_lookup(verdict.verdict)
        self._record(lookup_id, principal, verdict, [key for _, key in exact_keys], at)
        if principal.key_kind is KeyKind.SECRET:
            answer = {"verdict": verdict.verdict, "risk": verdict.risk, "action": verdict.action,
                      "reasons": verdict.reasons, "lookup_id": lookup_id}
        else:
            # a public key in a browser gets the coarse answer: reasons and risk would make it an oracle
            # of who is listed for what (the lookup log keeps them for the salon and the listed person)
            answer = {"verdict": verdict.verdict, "risk": 0, "action": verdict.action, "reasons": [],
                      "lookup_id": lookup_id}
        if verdict.verdict != "allow":
            answer["help_url"] = self.help_base + lookup_id
        if self.degraded:
            answer["degraded"] = True
        return answer

    def _fuzzy(self, index: LookupIndex, subject, name: str | None, evidence: Evidence, now: float,
               salon_id: str, exact_fields: set[str]) -> None:
        # only listed people sharing a partial identifier (the mailbox name, the last 8 digits) are
        # candidates: a name alone never changes a verdict, so names are not searched on the hot path;
        # an identifier listed exactly has been judged by its own entries
        skip = {"l" if f == "email" else "t" for f in exact_fields}
        partial_keys = index.partial_keys
        shared: dict[int, set[str]] = {}
        for key in subject.match_keys + subject.previous_match_keys:
            kind = key[0]
            if kind in skip:
                continue
            kh = PartialKeys.hash(key)
            if not partial_keys.might_have(kh):
                continue  # most customers: nobody listed has this key
            people = partial_keys.people(kh)
            if len(people) > PARTIAL_BUCKET_CAP:
                continue  # a mailbox name hundreds of listed people share ("info") tells nobody apart
            for person in people:
                shared.setdefault(person, set()).add(kind)
        if not shared:
            return
        exact = [(f, key_hash(k)) for f, k in (("email", subject.email_key), ("phone", subject.phone_key)) if k]
        query_tokens: list[str] | None = None
        query_name: NameKeys | None = None
        scored = 0
        # people sharing both partial identifiers first; scoring names is the costly part, so it is capped
        for person, kinds in sorted(shared.items(), key=lambda item: -len(item[1])):
            own = index.identity_key_hashes(person)
            if not any(row.action != "warn" and _in_force(row, now, salon_id)
                       for kh in own for row in index.rows_by_hash(kh)):
                continue  # nothing listed about them now (a warning lists nothing)
            # this very identifier was listed for the person and lifted (or ran out): a moderator judged it,
            # so it is not "similar" to what is still listed about them
            judged = {field for field, kh in exact if kh in own}
            similar = {"email" if kind == "l" else "phone" for kind in kinds} - judged
            if not similar:
                continue
            if "email" in similar:
                evidence.email_similar = True
            if name and not evidence.name_similar_with_identifier and scored < MAX_NAMES_SCORED:
                packed = index.packed_name(person)
                if query_tokens is None:
                    query_tokens = sorted(name_tokens(name))
                if packed and query_tokens:
                    scored += 1
                    # the same tokens are the same name (a score of 1), and common: no need to score them,
                    # nor to work out the query's spelling keys
                    if sorted(packed_tokens(packed)) == query_tokens:
                        evidence.name_similar_with_identifier = True
                    else:
                        query_name = query_name or name_keys(name)
                        if name_similarity(query_name, unpack_name(packed)).score >= NAME_MATCH:
                            evidence.name_similar_with_identifier = True
            if evidence.email_similar and (evidence.name_similar_with_identifier or not name):
                return  # nothing more to find

    def _signals(self, index: LookupIndex, keys: list[str], evidence: Evidence, now: float, policy: Policy) -> None:
        window_start = now - policy.no_show_window_days * 86400
        pending_salons: set[str] = set()
        no_show_salons: set[str] = set()
        for key in keys:
            for signal in index.signals(key):
                if signal.status == "pending":
                    pending_salons.add(signal.salon_id)
                if signal.category in ("no_show", "late_cancellation") and signal.received >= window_start:
                    no_show_salons.add(signal.salon_id)
        evidence.reporting_salons = len(pending_salons)
        evidence.no_show_salons = len(no_show_salons)

    # ------------------------------------------------------------------ scanning

    def _watch_for_scans(self, principal: SalonPrincipal, keys: tuple[str, ...], now: float,
                         address: str | None) -> None:
        """Too many different customers in an hour looks like someone enumerating the blocklist:
        throttle new customers until the hour ends and flag it to admins (once per hour and counter).

        A secret key is counted on its own. Publishable keys are public, so rotating them must not
        multiply a scan: they are counted per salon (all its publishable keys together) and per client
        address (whichever salons' keys it uses)."""
        if not keys:
            return
        window = int(now // 3600)
        if window != self._window:
            # a new hour: forget the old one (memory stays bounded by counters × limit)
            self._window, self._distinct, self._flagged = window, {}, set()
        if principal.key_kind is KeyKind.SECRET:
            counters = [(("key", principal.key_prefix), self.distinct_per_hour["secret"])]
        else:
            counters = [(("salon", principal.salon.id), self.distinct_per_hour["publishable"])]
            if address:
                counters.append((("address", address), self.distinct_per_hour["address"]))
        subject = "|".join(sorted(keys))
        fresh = []
        for counter, limit in counters:
            seen = self._distinct.setdefault(counter, set())
            if subject in seen:
                continue
            if len(seen) >= limit:
                self._flag(principal, counter, limit, window)
                self.metrics.rate_limited.labels("lookup_scan").inc()
                who = {"key": "this key", "salon": "this salon's publishable keys",
                       "address": "this address"}[counter[0]]
                raise RateLimited(f"{who} looked up more than {limit} different customers this hour; lookups of "
                                  "new customers wait until the hour ends (an admin has been told)",
                                  int((window + 1) * 3600 - now) + 1)
            fresh.append(seen)
        for seen in fresh:  # counted only once every counter let it through
            seen.add(subject)

    def _flag(self, principal: SalonPrincipal, counter: tuple[str, str], limit: int, window: int) -> None:
        if counter in self._flagged:
            return
        self._flagged.add(counter)
        scope, value = counter
        alert = {"_id": f"lookup_scan:{scope}:{value}:{window}", "kind": "lookup_scan", "scope": scope,
                 "salon_id": principal.salon.id, "key_prefix": principal.key_prefix,
                 "key_kind": principal.key_kind.value, "at": self.clock(), "distinct": limit}
        if scope == "address":
            alert["detail"] = f"from one client address ({value}), with publishable keys of any salon"
        elif scope == "salon":
            alert["detail"] = "with the salon's publishable keys together"
        self._alerts.append(alert)

    # ------------------------------------------------------------------ the lookup log

    def _record(self, lookup_id: str, principal: SalonPrincipal, verdict: Verdict, keys: list[str],
                now: datetime) -> None:
        """Lookups that matched something are kept one by one (who asked about whom, when: the listed
        person may ask for that); clean ones only as counts per salon and minute."""
        if verdict.verdict == "allow" and not verdict.reasons:
            minute = now.replace(second=0, microsecond=0)
            slot = (principal.salon.id, minute)
            self._clean[slot] = self._clean.get(slot, 0) + 1
            return
        if len(self._log) >= LOG_BUFFER_LIMIT:
            del self._log[: LOG_BUFFER_LIMIT // 10]  # the database is away: keep the newest
        self._log.append({"_id": lookup_id, "at": now, "salon_id": principal.salon.id,
                          "key_kind": principal.key_kind.value, "verdict": verdict.verdict, "risk": verdict.risk,
                          "reasons": sorted({r["code"] for r in verdict.reasons}), "keys": keys})

    async def flush_log(self) -> int:
        """Write buffered lookup records (in buckets: see LookupLogStore) and clean-lookup counts, and the
        scan alerts raised since; returns records written."""
        batch, self._log = self._log, []
        clean, self._clean = self._clean, {}
        alerts, self._alerts = self._alerts, []
        try:
            for alert in alerts:
                await self.alert_store.raise_once(alert)
            if batch:
                # a bucket stored by an earlier try whose answer was lost is done; anything else: try again later
                await self.log_store.insert_records(batch)
            if clean:
                await self.log_store.add_clean_counts(clean)
        except DatabaseUnavailable:
            self._alerts[:0] = alerts
            self._log[:0] = batch[-LOG_BUFFER_LIMIT // 2:]
            for slot, count in clean.items():
                self._clean[slot] = self._clean.get(slot, 0) + count
            raise
        return len(batch)

    async def write_log(self) -> None:
        """One round of `flush_log`, remembering since when writing fails (kept in the buffer for the next
        round; the watchdog raises an alert if it goes on)."""
        try:
            await self.flush_log()
        except DatabaseUnavailable:
            if self.log_failing_since is None:
                self.log_failing_since = time.monotonic()
            raise
        self.log_failing_since = None
