"""Lookups: the verdict comes from matching/verdict.py over this process's in-memory index (never a
database round trip); this service adds what needs state or I/O: the salon's policy, scan detection,
the lookup's id and its record in the lookup log, and what each kind of key may be told.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import secrets
import time
from datetime import datetime
from typing import Any

from blocklist.clock import Clock
from blocklist.credentials import Pseudonymiser
from blocklist.errors import DatabaseUnavailable, RateLimited, Unavailable
from blocklist.matching.lookup_index import LookupIndex
from blocklist.matching.names import NameKeys
from blocklist.matching.subject import prepare_subject
from blocklist.matching.verdict import Policy, Verdict, assess
from blocklist.metrics import Metrics
from blocklist.models import KeyKind, SalonPrincipal
from blocklist.storage.lookups import AlertStore, LookupLogStore

log = logging.getLogger(__name__)

LOG_BUFFER_LIMIT = 50_000


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
        self._naming: LookupIndex | None = None  # the index whose names are being (or were) indexed
        self._naming_task: asyncio.Task | None = None  # (held: a task nobody refers to may be collected midway)

    @property
    def ready(self) -> bool:
        return self.index is not None and self.live

    def cases_named(self, name: NameKeys, least: float) -> list[tuple[str, float]] | None:
        """Cases of listed people with a name like this one, best first (LookupIndex.cases_named); None while this
        process has no index, or its names are still being indexed: the first ask starts that, a step at a time
        between requests (≈ 10 s at 500,000 people)."""
        index = self.index
        if index is None:
            return None
        if index.names is None:
            if self._naming is not index:
                self._naming = index
                self._naming_task = asyncio.get_running_loop().create_task(self._build_names(index))
            return None
        return index.cases_named(name, least)

    async def _build_names(self, index: LookupIndex) -> None:
        started = time.perf_counter()
        for _ in index.build_names():
            await asyncio.sleep(0)  # lookups go first
        log.info("indexed listed people's names for moderators' search",
                 extra={"people": len(index.names or ()), "seconds": round(time.perf_counter() - started, 1)})

    def cases_sharing(self, partial_key: str) -> list[str] | None:
        """Cases of listed people sharing a partial key (see LookupIndex.cases_sharing); None without an index."""
        return self.index.cases_sharing(partial_key) if self.index is not None else None

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
               phone: str | None, address: str | None = None, phone_country: str | None = None) -> dict[str, Any]:
        """The verdict for one subject; never waits for the database. `phone_country` is the customer's
        country when the booking page knows it: a number typed without its country code is read there."""
        index = self.index
        if index is None or not self.live:
            raise Unavailable("the lookup index is still loading; retry in a few seconds", retry_after=2)
        salon = principal.salon
        policy = self.policy_for(principal)
        subject = prepare_subject(name, email, phone, phone_country or salon.country, self.pseudonymiser,
                                  for_lookup=True)
        at = self.clock()
        now = at.timestamp()
        exact_keys = subject.exact_keys
        self._watch_for_scans(principal, exact_keys, now, address)
        verdict = assess(index, subject, name, policy, now, salon.id, self.pseudonymiser)
        lookup_id = f"lkp_{self._id_prefix}{next(self._id_counter):012x}"  # (storage/lookups.py reads its shape)
        self.metrics.count_lookup(verdict.verdict)
        self._record(lookup_id, principal, verdict, list(exact_keys), at)
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

    def unwritten_record(self, lookup_id: str) -> dict[str, Any] | None:
        """A lookup record of this process not written yet (the log is written every second)."""
        return next((record for record in reversed(self._log) if record["_id"] == lookup_id), None)

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
