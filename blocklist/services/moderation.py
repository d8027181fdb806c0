"""What moderators do: work the queue, read a case, decide, merge and split, lift entries (appeals: appeals.py).

A decision is committed by one conditional write of the case (its version must be the one the
moderator saw); everything that follows from it (entries, report statuses, salon trust, audit,
change log) is applied after, idempotently, and the case records when that is done. If the
process dies in between, `finish_pending_decisions()` completes the work at the next start.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, Awaitable, Callable

from rapidfuzz import fuzz

from blocklist.clock import Clock, isoformat
from blocklist.credentials import Pseudonymiser
from blocklist.errors import Conflict, InvalidRequest, NotFound
from blocklist.matching import canonical_email, canonical_phone, name_keys
from blocklist.matching.explain import FieldMatch, Typed, why_each
from blocklist.matching.names import NameKeys
from blocklist.matching.index import identifier_keys
from blocklist.matching.subject import listing_match_keys
from blocklist.matching.thresholds import THRESHOLDS
from blocklist.models import (
    DISMISSAL_REASONS,
    Case,
    CaseFile,
    Entry,
    FoundEntry,
    ModeratorPrincipal,
    Page,
    Report,
    ReportFile,
    entry_is_active,
)
from blocklist.services.accounts import new_id
from blocklist.services.audit import AuditLog
from blocklist.services.background import KeptById
from blocklist.services.casefile import add_history, add_report, new_case, refresh
from blocklist.services.changes import Changes
from blocklist.services.linking import CaseLinker
from blocklist.services.notices import NoticeService
from blocklist.services.reports import decode_cursor, next_page
from blocklist.services.similar import SimilarCases
from blocklist.storage.accounts import AccountStore
from blocklist.storage.cases import CaseStore
from blocklist.storage.entries import EntryStore
from blocklist.storage.reports import ReportStore

log = logging.getLogger(__name__)

MAX_NOTE = 2000
UPHELD_QUIET = timedelta(days=90)
# entries searched by a fuzzy `q` that is neither an email nor a phone number, newest first
FUZZY_SEARCH_WINDOW = 5000


def _entry_id(case_id: str, version: int, key: str) -> str:
    """Decided before writing, so applying a decision twice creates nothing twice (from the
    identifier's keyed hash: an id must not let anyone test guesses of a phone number)."""
    return "ent_" + hashlib.sha256(f"{case_id}:{version}:{key}".encode()).hexdigest()[:32]


class ModerationService:
    def __init__(self, cases: CaseStore, reports: ReportStore, entries: EntryStore,
                 accounts: AccountStore, linker: CaseLinker, audit: AuditLog, changes: Changes,
                 similar: SimilarCases, pseudonymiser: Pseudonymiser, clock: Clock,
                 listing_default: timedelta = timedelta(days=365), listing_max: timedelta = timedelta(days=730),
                 notices: NoticeService | None = None) -> None:
        self.cases = cases
        self.notices = notices
        # how long a listing lasts when the moderator gives no date, and the longest it may last
        self.listing_default = listing_default
        self.listing_max = listing_max
        self.reports = reports
        self.entries = entries
        self.accounts = accounts
        self.linker = linker
        self.audit = audit
        self.changes = changes
        self.similar = similar
        self.pseudonymiser = pseudonymiser
        self.clock = clock
        # the reporting salons a case shows (name, trust): kept 30 s, forgotten when one changes anywhere or a
        # decision here counts its reports (another process's decision shows in their trust within the 30 s)
        self.salons_shown = KeptById(accounts.get_salons, seconds=30)
        changes.subscribe("salon", self.salons_shown.forget)
        # told the ids of reports whose status or outcome changed (webhooks; set by the runtime)
        self.reports_changed: Callable[[list[str]], Awaitable[None]] = _nobody_listens
        # the cases of listed people sharing a partial key, from this process's lookup index (set by the runtime;
        # None while no index is loaded, as in an admin command)
        self.cases_sharing: Callable[[str], list[str] | None] = lambda key: None
        # the cases of listed people with a similar name, best first, from the same index (None: not there yet)
        self.cases_named: Callable[[NameKeys, float], list[tuple[str, float]] | None] = lambda name, least: None

    # ------------------------------------------------------------------ queue and case

    async def queue(self, status: str, limit: int, cursor: str | None, category: str | None = None,
                    claimed_by: str | None = None, min_salons: int | None = None) -> Page:
        """Cases (models.Case, without their history) by priority (open) or most recently first reported
        (resolved), paginated; open ones of one category, claimed by one moderator, or from at least `min_salons`
        salons, when asked."""
        after = decode_cursor(cursor, (float, datetime, str)) if cursor else None
        cases, next_cursor = next_page(await self.cases.page(status, limit + 1, after, category,  # type: ignore
                                                             claimed_by, min_salons),
                                       limit, lambda c: (c.priority, c.first_report_at, c.id))
        return Page(cases, next_cursor)

    async def case(self, case_id: str, viewer: ModeratorPrincipal | None = None) -> CaseFile:
        """Everything about a case: every report from every salon, salons' trust, similar cases, listings."""
        case = await self.cases.get(case_id)
        if case is None:
            raise NotFound("no such case")
        keyed = {self.pseudonymiser.key(i.kind, i.value): (i.kind, i.value) for i in case.identifiers if i.value}

        async def reports_explained() -> tuple[list[Report], dict[str, list[FieldMatch]]]:
            # (asked first, and explained while the other reads are on their way)
            reports = await self.reports.get_many([r.id for r in case.reports])
            by_id = {report.id: report for report in reports}
            return reports, why_each([Typed(r.id, by_id[r.id].subject, by_id[r.id].canonical, by_id[r.id].region)
                                      for r in case.reports if r.id in by_id])
        # independent reads, asked together: the page waits for the slowest, not for their sum
        (reports, why), salons, similar, entries, misused_keys, _ = await asyncio.gather(
            reports_explained(),
            self.salons_shown.get_many(sorted({r.salon_id for r in case.reports})),
            self.cases.queued([s["case_id"] for s in case.similar]),
            # a case's listings come from its decision alone (_apply_decision): an undecided case has none
            self.entries.by_case(case_id) if case.decision is not None else _nothing([]),
            self.entries.misused_keys(list(keyed)),
            self.audit.append(viewer.actor, "case.viewed", case_id) if viewer is not None else _nothing())
        return CaseFile(case, reports, salons, similar, entries, frozenset(keyed[key] for key in misused_keys), why)

    async def report(self, report_id: str) -> ReportFile:
        """One report, any salon's, with the case it is in."""
        report = await self.reports.get(report_id)
        if report is None:
            raise NotFound("no such report")
        salons = await self.salons_shown.get_many([report.salon_id])
        return ReportFile(report, salons.get(report.salon_id))

    # ------------------------------------------------------------------ decisions

    async def decide(self, moderator: ModeratorPrincipal, case_id: str, action: str,
                     identifiers: list[dict[str, str]], scope: str, expires_at: datetime | None,
                     note: str, version: int | None, reason: str | None = None) -> CaseFile:
        """Block, challenge, warn or dismiss a case (refused with 409 if it changed since `version`); a
        dismissal says why in one of DISMISSAL_REASONS, which the reporting salons are told."""
        if (action == "dismiss") != (reason is not None) or (reason is not None and reason not in DISMISSAL_REASONS):
            raise InvalidRequest("a dismissal needs a reason (" + ", ".join(DISMISSAL_REASONS) + "), and only a "
                                 "dismissal takes one", [{"field": "reason", "problem": "missing or unknown"}])
        now = self.clock()
        case = await self.cases.get(case_id)
        if case is None:
            raise NotFound("no such case")
        if case.status != "open":
            raise Conflict(f"the case is {case.status}" + (f" into {case.merged_into}" if case.merged_into else "")
                           + "; it can no longer be decided")
        if version is not None and version != case.version:
            raise Conflict("the case changed since you loaded it (new reports or another moderator); reload it")
        if not note.strip():
            raise InvalidRequest("a note explaining the decision is required", [{"field": "note", "problem": "empty"}])
        chosen = self._chosen_identifiers(case, action, identifiers)
        salon_id = await self._scope_salon(scope)
        if expires_at is not None and expires_at <= now:
            raise InvalidRequest("expires_at must be in the future", [{"field": "expires_at", "problem": "in the past"}])
        if action != "dismiss":
            # nobody is listed for ever: the default period, and never past the maximum
            if expires_at is None:
                expires_at = now + self.listing_default
            elif expires_at > now + self.listing_max:
                raise InvalidRequest(f"a listing lasts at most {self.listing_max.days} days",
                                     [{"field": "expires_at", "problem": "after the maximum listing period"}])
        outcome = "dismissed" if action == "dismiss" else "confirmed"
        version = case.version
        entry_ids = [_entry_id(case_id, version, self.pseudonymiser.key(i["kind"], i["value"])) for i in chosen]
        decided = replace(case, decision={
            "action": action, "identifiers": chosen, "scope": scope, "salon_id": salon_id, "expires_at": expires_at,
            "note": note, "by": moderator.moderator.id, "by_username": moderator.moderator.username, "at": now,
            "entry_ids": entry_ids, "version": version, "applied": False, "reason": reason},
            reports=tuple(replace(r, status=outcome) if r.status == "pending" else r for r in case.reports),
            status="resolved", claimed_by=None)
        decided = add_history(decided, now, moderator.actor, f"case.{action}", note=note,
                              identifiers=[f"{i['kind']}:{i['value']}" for i in chosen], scope=scope,
                              expires_at=isoformat(expires_at) if expires_at else None)
        decided = replace(refresh(decided, {}, now), priority=0.0, version=version + 1)
        if not await self.cases.replace_if_version(decided, version):
            raise Conflict("the case changed since you loaded it (new reports or another moderator); reload it")
        await self._apply_decision(decided)
        return await self.case(case_id)

    def _chosen_identifiers(self, case: Case, action: str,
                            identifiers: list[dict[str, str]]) -> list[dict[str, str]]:
        if action == "dismiss":
            if identifiers:
                raise InvalidRequest("a dismissal blocks nothing: send no identifiers",
                                     [{"field": "identifiers", "problem": "must be empty to dismiss"}])
            return []
        if not identifiers:
            raise InvalidRequest(f"choose the identifiers to {action}",
                                 [{"field": "identifiers", "problem": "at least one is required"}])
        known = {(i.kind, i.value) for i in case.identifiers}
        chosen: list[dict[str, str]] = []
        problems = []
        for index, item in enumerate(identifiers):
            canonical = _canonical(item["kind"], item["value"], None)
            if canonical is None or (item["kind"], canonical) not in known:
                problems.append({"field": f"identifiers.{index}.value",
                                 "problem": "not one of this case's identifiers"})
                continue
            entry = {"kind": item["kind"], "value": canonical}
            if entry not in chosen:
                chosen.append(entry)
        if problems:
            raise InvalidRequest("some identifiers do not belong to this case", problems)
        return chosen

    async def _scope_salon(self, scope: str) -> str | None:
        if scope == "global":
            return None
        if scope.startswith("salon:") and await self.accounts.get_salon(scope[6:]) is not None:
            return scope[6:]
        raise InvalidRequest("scope must be 'global' or 'salon:<salon id>' of an existing salon",
                             [{"field": "scope", "problem": "unknown scope"}])

    async def _apply_decision(self, case: Case) -> None:
        """Everything that follows a committed decision; safe to run twice."""
        decision = case.decision
        assert decision is not None
        now = self.clock()
        entries = [Entry(
            id=entry_id, kind=item["kind"], value=item["value"], key=self.pseudonymiser.key(item["kind"], item["value"]),
            action=decision["action"], scope=decision["scope"], salon_id=decision["salon_id"], case_id=case.id,
            names=case.names, name_packed=case.name_packed,
            typed_names=case.typed_names, status="active", created_at=decision["at"],
            created_by=decision["by"], expires_at=decision["expires_at"], note=decision["note"],
            match_keys=tuple(listing_match_keys(item["kind"], item["value"], self.pseudonymiser)),
            pepper_version=self.pseudonymiser.version,
        ) for entry_id, item in zip(decision["entry_ids"], decision["identifiers"])]
        await self.entries.insert_many(entries)
        self.changes.publish("entry", entries)  # this process's lookup index blocks them from now
        if self.notices is not None and decision["action"] != "dismiss":
            await self.notices.enqueue(entries)  # the listed person is told (Art. 14)
        outcome = "dismissed" if decision["action"] == "dismiss" else "confirmed"
        confirmed: dict[str, int] = {}
        dismissed: dict[str, int] = {}
        for summary in case.reports:
            if summary.status != outcome:
                continue
            changed = await self.reports.set_status(summary.id, None, ["pending"], outcome, now)
            if changed is None:
                continue  # already applied (or withdrawn meanwhile)
            if outcome == "confirmed":
                confirmed[summary.salon_id] = confirmed.get(summary.salon_id, 0) + 1
            elif summary.category == "fake_booking":
                # a fake-booking accusation that did not hold counts against the salon's trust
                dismissed[summary.salon_id] = dismissed.get(summary.salon_id, 0) + 1
        # the reports the case only counted are settled too (a salon sees each one's outcome); they are
        # repeats of a salon already weighed above, so they do not move its trust again
        settled = [summary.id for summary in case.reports if summary.status == outcome]
        for report_id in await self.reports.folded_ids(case.id, "pending"):
            await self.reports.set_status(report_id, None, ["pending"], outcome, now)
            settled.append(report_id)
        # the reporting salons' servers are told (queued before the decision counts as applied: a restart
        # that finishes it queues them again, once)
        await self.reports_changed(settled)
        for salon_id in sorted(set(confirmed) | set(dismissed)):
            await self.accounts.add_trust_outcome(salon_id, confirmed.get(salon_id, 0), dismissed.get(salon_id, 0))
        self.salons_shown.forget(sorted(set(confirmed) | set(dismissed)))
        by = f"moderator:{decision['by']}"
        events = [(by, f"case.{decision['action']}", case.id,
                   {"entries": decision["entry_ids"], "scope": decision["scope"],
                    "expires_at": isoformat(decision["expires_at"]) if decision["expires_at"] else None})]
        events += [(by, "entry.created", e.id, {"kind": e.kind, "action": e.action, "case_id": case.id})
                   for e in entries]
        await self.audit.append_many(events)
        # (a salon's trust changed: other processes read it again; here it is read again within a minute)
        await self.changes.record([("case", case.id)] + [("entry", e.id) for e in entries]
                                  + [("salon", s) for s in sorted(set(confirmed) | set(dismissed))], now,
                                  published={"case": [case]})
        await self.cases.mark_decision_applied(case.id)

    async def refresh_listing_keys(self, batch: int = 500) -> int:
        """Recompute the match keys of listings an older version keyed (an email's typo neighbourhood came
        later), telling every process's lookup index; returns how many were done. Safe in several processes
        at once (they compute the same keys)."""
        done = 0
        while entries := await self.entries.with_old_keys(self.pseudonymiser.version, batch):
            refreshed = []
            for entry in entries:
                keys = (listing_match_keys(entry.kind, entry.value, self.pseudonymiser) if entry.value
                        else list(entry.match_keys))  # (one that does not open keeps what it had)
                await self.entries.set_match_keys(entry.id, keys)
                refreshed.append(replace(entry, match_keys=tuple(keys), keys_version=2))
            await self.changes.record([("entry", e.id) for e in refreshed], self.clock(),
                                      published={"entry": refreshed})
            done += len(refreshed)
        return done

    async def finish_pending_decisions(self) -> int:
        """Complete decisions a crash interrupted after they were committed."""
        done = 0
        for case in await self.cases.with_unapplied_decisions():
            await self._apply_decision(case)
            done += 1
        return done

    # ------------------------------------------------------------------ merge and split

    async def merge(self, moderator: ModeratorPrincipal, case_id: str, other_case_id: str) -> CaseFile:
        if case_id == other_case_id:
            raise InvalidRequest("a case cannot be merged with itself", [{"field": "other_case_id", "problem": "same case"}])
        found = await self.cases.get_many([case_id, other_case_id])
        by_id = {c.id: c for c in found}
        if case_id not in by_id:
            raise NotFound("no such case")
        if other_case_id not in by_id:
            raise InvalidRequest("no such case to merge with", [{"field": "other_case_id", "problem": "not found"}])
        for case in found:
            if case.status != "open":
                raise Conflict(f"case {case.id} is {case.status}; only open cases can be merged")
        merged = await self.linker.merge([case_id, other_case_id], actor=moderator.actor)
        return await self.case(merged.id)

    async def split(self, moderator: ModeratorPrincipal, case_id: str, report_ids: list[str]
                    ) -> tuple[CaseFile, CaseFile]:
        """Move some reports of a case into a new case of their own (every report is kept); the case and
        the new one."""
        now = self.clock()
        case = await self.cases.get(case_id)
        if case is None:
            raise NotFound("no such case")
        if case.status != "open":
            raise Conflict(f"the case is {case.status}; only open cases can be split")
        in_case = [r.id for r in case.reports]
        unknown = [r for r in report_ids if r not in in_case]
        if unknown or not report_ids:
            raise InvalidRequest("report_ids must be reports of this case",
                                 [{"field": "report_ids", "problem": f"not in this case: {', '.join(unknown[:5])}"
                                   if unknown else "empty"}])
        moving = set(report_ids)
        if moving >= set(in_case):
            raise InvalidRequest("a split must leave at least one report in the case",
                                 [{"field": "report_ids", "problem": "all reports of the case"}])
        reports = {r.id: r for r in await self.reports.get_many(in_case)}
        version = case.version
        trust = await self.accounts.trust_of({r.salon_id for r in case.reports})
        status_by_id = {r.id: r.status for r in case.reports}
        fresh = new_case(new_id("case"), now)
        rebuilt = replace(new_case(case_id, now), created_at=case.created_at, history=case.history, folded=case.folded,
                          similar=case.similar, claimed_by=case.claimed_by, claimed_at=case.claimed_at)
        for report_id in in_case:
            report = replace(reports[report_id], status=status_by_id[report_id])
            if report_id in moving:
                fresh, _ = add_report(fresh, report)
            else:
                rebuilt, _ = add_report(rebuilt, report)
        rebuilt = add_history(rebuilt, now, moderator.actor, "case.split", new_case_id=fresh.id,
                              report_ids=sorted(moving))
        fresh = add_history(fresh, now, moderator.actor, "case.split_from", case_id=case_id)
        rebuilt = replace(refresh(rebuilt, trust, now), version=version + 1)
        fresh = refresh(fresh, trust, now)
        fresh = replace(fresh, similar=tuple(self.similar.find(fresh)))
        if not await self.cases.replace_if_version(rebuilt, version):
            raise Conflict("the case changed while splitting; reload it and try again")
        await self.cases.insert_many([fresh])
        moved_keys = [k for k in fresh.keys if k not in rebuilt.keys]
        await self.cases.move_keys(moved_keys, fresh.id)
        await self.reports.move_to_case(sorted(moving), fresh.id)
        await self.audit.append(moderator.actor, "case.split", case_id,
                                {"new_case_id": fresh.id, "report_ids": sorted(moving)})
        await self.changes.record([("case", case_id), ("case", fresh.id)], now, published={"case": [rebuilt, fresh]})
        return await self.case(case_id), await self.case(fresh.id)

    # ------------------------------------------------------------------ blocklist

    async def search_entries(self, q: str | None, kind: str | None, active: bool | None, scope: str | None,
                             limit: int, cursor: str | None) -> Page:
        """Listings newest first (models.FoundEntry); `q` is an email or phone (exact, any spelling) or a name
        (fuzzy). Each says how it matched: `exact`, `near` (a phone sharing the last digits: maybe someone
        else) or `name`."""
        now = self.clock()
        if q and _looks_like_phone(q.strip()) and kind != "email":
            return await self._search_phone(q.strip(), active, scope, limit, now)
        statuses = None if active is None else ["active", "disputed"] if active else ["lifted"]
        q = (q or "").strip()
        key = self._identifier_key(q) if q else None
        after = decode_cursor(cursor, (datetime, str)) if cursor else None
        fuzzy = bool(q) and key is None
        if fuzzy:
            named = self.cases_named(name_keys(q), THRESHOLDS.search_name)
            if named is not None:
                return await self._entries_named(named, kind, scope, active, limit, now)
        window = FUZZY_SEARCH_WINDOW if fuzzy else limit + 1
        entries = await self.entries.page(kind, scope, statuses, key, window, after)  # type: ignore[arg-type]
        if active is not None:
            entries = [e for e in entries if entry_is_active(e, now) == active]
        if fuzzy:
            wanted = name_keys(q).latin or q.lower()
            scored = []
            for entry in entries:
                score = max([fuzz.token_sort_ratio(wanted, n) for n in entry.names]
                            + [fuzz.partial_ratio(q.lower(), entry.value or "")])
                if score >= 100 * THRESHOLDS.search_name:  # (rapidfuzz scores 0..100)
                    scored.append(entry)
            entries = scored
        entries, next_cursor = next_page(entries, limit, lambda e: (e.created_at, e.id))
        match = "name" if fuzzy else "exact" if key is not None else None
        return Page([FoundEntry(e, match) for e in entries], next_cursor)

    async def _entries_named(self, named: list[tuple[str, float]], kind: str | None, scope: str | None,
                             active: bool | None, limit: int, now: datetime) -> Page:
        """The listings of people found by name in the lookup index (every listed person, not the newest few
        thousand listings): best name first, then newest. One page: the index gives the best dozen people."""
        found: list[FoundEntry] = []
        for case_id, _score in named:
            entries = sorted(await self.entries.by_case(case_id), key=lambda e: (e.created_at, e.id), reverse=True)
            found += [FoundEntry(e, "name") for e in entries
                      if (kind is None or e.kind == kind) and (scope is None or e.scope == scope)
                      and (active is None or entry_is_active(e, now) == active)]
        return Page(found[:limit], None)

    async def _search_phone(self, q: str, active: bool | None, scope: str | None, limit: int, now: datetime) -> Page:
        """A phone as a moderator typed it: exactly (read internationally, or as typed in any salon
        country: "601 234 567" is Polish, "06 12345678" Dutch) first, then near matches — other listed
        numbers ending in the same eight digits, marked so nobody takes them for the person."""
        def wanted(entry: Entry) -> bool:
            return ((scope is None or entry.scope == scope)
                    and (active is None or entry_is_active(entry, now) == active))
        numbers = await self._readings(q, None)
        exact = {entry.id: entry for entry, _ in await self._entries_of_numbers(numbers) if wanted(entry)}
        tail = "".join(ch for ch in q if ch.isdigit())[-8:]
        near = []
        if len(tail) == 8:
            near = [entry for entry in await self._near_phones(numbers) if entry.id not in exact and entry.value
                    and entry.value.endswith(tail) and wanted(entry)]
        newest_first = sorted(exact.values(), key=lambda e: (e.created_at, e.id), reverse=True)
        items = [FoundEntry(e, "exact") for e in newest_first] + [FoundEntry(e, "near") for e in near]
        return Page(items[:limit], None)

    async def _near_phones(self, numbers: list[str]) -> list[Entry]:
        """Phone listings that may end like these numbers (E.164): the lookup index knows every listed person by the
        last 8 digits of their number, so all of them are found, whatever their age; without an index (an admin
        command) the newest FUZZY_SEARCH_WINDOW phone listings are read."""
        keys = {key for number in numbers
                for key in self.pseudonymiser.match_keys(identifier_keys([], [canonical_phone(number, None)]))
                if key[0] == "t"}
        case_ids: set[str] = set()
        for key in keys:
            sharing = self.cases_sharing(key)
            if sharing is None:
                return await self.entries.page("phone", None, None, None, FUZZY_SEARCH_WINDOW, None)
            case_ids.update(sharing)
        return [entry for case_id in sorted(case_ids) for entry in await self.entries.by_case(case_id)
                if entry.kind == "phone"]

    async def _readings(self, typed: str, region: str | None) -> list[str]:
        """A typed phone read internationally, in `region`, and in every country a salon is in."""
        regions = [None, region] + await self.accounts.salon_countries()
        return sorted({p.e164 for p in (canonical_phone(typed, r) for r in regions) if p.e164})

    async def entries_of_phone(self, typed: str, region: str | None) -> list[tuple[Entry, str]]:
        """Entries of a phone as someone typed it, read internationally, in `region`, and in every
        country a salon is in ("601 234 567" is Polish, "06 12345678" Dutch); each with the number read."""
        return await self._entries_of_numbers(await self._readings(typed, region))

    async def _entries_of_numbers(self, numbers: list[str]) -> list[tuple[Entry, str]]:
        return [(entry, number) for number in numbers
                for entry in await self.entries.by_key(self.pseudonymiser.key("phone", number))]

    def _identifier_key(self, q: str) -> str | None:
        if "@" in q:
            email = canonical_email(q)
            return self.pseudonymiser.key("email", email.canonical) if email.canonical else None
        return None  # (phones go through _search_phone)

    async def entry(self, entry_id: str) -> Entry:
        entry = await self.entries.get(entry_id)
        if entry is None:
            raise NotFound("no such entry")
        return entry

    async def lift(self, actor: str, entry_id: str, note: str) -> Entry:
        """Take an entry off the blocklist, with the reason."""
        if not note.strip():
            raise InvalidRequest("a note explaining the lift is required", [{"field": "note", "problem": "empty"}])
        now = self.clock()
        for _ in range(5):
            entry = await self.entries.get(entry_id)
            if entry is None:
                raise NotFound("no such entry")
            if entry.status == "lifted":
                return entry
            lifted = replace(entry, status="lifted", lifted_at=now, lifted_by=actor, lift_note=note)
            if await self.entries.replace_if_status(lifted, entry.status):
                self.changes.publish("entry", [lifted])
                await self.audit.append(actor, "entry.lifted", entry_id, {"case_id": lifted.case_id})
                changed, published = [("entry", entry_id)], []
                if all(e.status == "lifted" for e in await self.entries.by_case(entry.case_id)):
                    # the listing has ended: the no-shows it was decided on stop counting (listing_ends),
                    # and the reporting salons' outcomes say when it was lifted
                    await self.cases.mark_listing_lifted(entry.case_id, now)
                    changed.append(("case", entry.case_id))
                    published = [case for case in [await self.cases.get(entry.case_id)] if case is not None]
                    await self.reports_changed([r.id for case in published for r in case.reports
                                                if r.status == "confirmed"])
                await self.changes.record(changed, now, published={"case": published})
                return lifted
        raise Conflict("the entry kept changing; try again")

    async def mark_misused(self, actor: str, entry_id: str, misused: bool, note: str) -> Entry:
        """Say that someone else used a listed identifier (its owner appealed, and the moderator believes
        them): lookups with it then ask for a confirmation instead of blocking, and new reports about it
        are flagged on their case. Cleared, the listing blocks again."""
        if not note.strip():
            raise InvalidRequest("a note saying why is required", [{"field": "note", "problem": "empty"}])
        for _ in range(5):
            entry = await self.entries.get(entry_id)
            if entry is None:
                raise NotFound("no such entry")
            if entry.status == "lifted":
                raise Conflict("the entry is lifted: nothing is blocked by it")
            marked = replace(entry, misused=misused, misuse_note=note)
            if await self.entries.replace_if_status(marked, entry.status):
                self.changes.publish("entry", [marked])
                await self.audit.append(actor, "entry.misused" if misused else "entry.misuse_cleared", entry_id,
                                        {"case_id": entry.case_id, "note": note})
                await self.changes.record([("entry", entry_id)], self.clock())
                return marked
        raise Conflict("the entry kept changing; try again")

    async def set_disputed(self, actor: str, entry_ids: list[str], disputed: bool, reason: str,
                           upheld: bool = False) -> list[str]:
        """Restrict entries while their accuracy is contested (a disputed entry answers `challenge` at
        most), or put them back in force; lifted ones stay lifted. Returns the ids changed. A listing
        put back because its appeal was upheld is not restricted again for UPHELD_QUIET: otherwise
        one appeal a day would keep any listing at `challenge` for good."""
        now = self.clock()
        wanted, current = ("disputed", "active") if disputed else ("active", "disputed")
        changed = []
        for entry_id in entry_ids:
            for _ in range(5):
                entry = await self.entries.get(entry_id)
                if entry is None or entry.status != current:
                    break
                upheld_at = entry.appeal_upheld_at
                if disputed and upheld_at is not None and now - upheld_at < UPHELD_QUIET:
                    break  # a listing just upheld on appeal: a new appeal is read, but restricts nothing yet
                moved = replace(entry, status=wanted, appeal_upheld_at=now if upheld else entry.appeal_upheld_at)
                if await self.entries.replace_if_status(moved, current):
                    self.changes.publish("entry", [moved])
                    changed.append(entry_id)
                    break
        if changed:
            await self.audit.append_many([(actor, "entry.disputed" if disputed else "entry.reinstated", entry_id,
                                           {"reason": reason}) for entry_id in changed])
            await self.changes.record([("entry", entry_id) for entry_id in changed], now)
        return changed


async def _nothing(value: Any = None) -> Any:
    return value


async def _nobody_listens(report_ids: list[str]) -> None:
    return None


def _looks_like_phone(q: str) -> bool:
    """Mostly digits (spaces, dashes, brackets, a plus): a phone number as people type them."""
    digits = sum(ch.isdigit() for ch in q)
    return "@" not in q and digits >= 6 and digits >= len(q.replace(" ", "")) - 4


def _canonical(kind: str, value: str, region: str | None) -> str | None:
    if kind == "email":
        return canonical_email(value).canonical
    if kind == "phone":
        return canonical_phone(value, region).e164
    return None
