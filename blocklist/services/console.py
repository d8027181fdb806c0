"""What the moderation console needs beyond the moderator API: login sessions with timeouts and
back-off, case claims that lapse, internal notes, and the dashboard's figures."""

from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from blocklist.clock import Clock, as_utc, isoformat
from blocklist.errors import InvalidRequest, NotFound
from blocklist.models import ApiKey, Moderator, ModeratorPrincipal, Salon
from blocklist.services.accounts import AccountService, new_id
from blocklist.services.audit import AuditLog
from blocklist.services.background import KeptById
from blocklist.services.changes import Changes
from blocklist.services.moderation import ModerationService
from blocklist.services.sessions import LoginSession, LoginSessions
from blocklist.storage.accounts import AccountStore
from blocklist.storage.cases import CaseStore
from blocklist.storage.console import (
    LoginFailureStore,
    NoteStore,
    SessionStore,
    StatsStore,
)

MAX_NOTE_CHARS = 4000


@dataclass(frozen=True)
class ConsoleSession:
    principal: ModeratorPrincipal
    csrf_token: str
    token_digest: str


class ModeratorDirectory:
    """Moderators by username and id, for LoginSessions. By id they are kept a short while: every console page
    asks for its moderator, who rarely changes; a change here or in another process (disabled, a second factor
    set up or removed: AccountService.moderator_changed) forgets them at once, as the API's cached principals
    are. A disabled moderator's sessions are deleted too, and every session is read afresh at every page."""

    def __init__(self, store: AccountStore) -> None:
        self.store = store
        self.kept = KeptById(self._read, seconds=30)

    async def _read(self, ids: list[str]) -> dict[str, Moderator]:
        found = [await self.store.get_moderator(person_id) for person_id in ids]
        return {moderator.id: moderator for moderator in found if moderator is not None}

    async def by_login(self, login: str) -> tuple[Moderator, str | None] | None:
        found = await self.store.find_moderator_by_username(login.strip().lower()[:40])
        if found is not None:
            self.kept.forget([found[0].id])  # the pages after a login read the moderator afresh
        return found

    async def by_id(self, person_id: str) -> Moderator | None:
        return (await self.kept.get_many([person_id])).get(person_id)


class ConsoleService:
    def __init__(self, accounts: AccountService, account_store: AccountStore, sessions: SessionStore,
                 failures: LoginFailureStore, notes: NoteStore, stats: StatsStore, cases: CaseStore,
                 moderation: ModerationService, audit: AuditLog, changes: Changes, clock: Clock, *, idle_minutes: int,
                 absolute_hours: int, claim_minutes: int) -> None:
        self.accounts = accounts
        self.account_store = account_store
        directory = ModeratorDirectory(account_store)
        changes.subscribe("moderator", directory.kept.forget)  # here or in another process
        self.logins: LoginSessions[Moderator] = LoginSessions(
            "moderator", directory, accounts.moderator_credentials, sessions, failures,
            audit, clock, idle_minutes=idle_minutes, absolute_hours=absolute_hours, audit_event="console")
        self.notes = notes
        self.stats = stats
        self._case_figures: dict[str, Any] | None = None
        self._usernames: dict[str, str] = {}  # moderator id -> username (see usernames)
        # when each open case was first reported, kept from the case changes of every process (read at start with
        # the similar-case index): counting them in the database read every open case on the embedded server
        self._open_since: dict[str, float] = {}
        changes.subscribe("case", self._cases_changed)
        self.cases = cases
        self.moderation = moderation
        self.audit = audit
        self.clock = clock
        self.idle = timedelta(minutes=idle_minutes)
        self.absolute = timedelta(hours=absolute_hours)
        self.claim_for = timedelta(minutes=claim_minutes)

    # ------------------------------------------------------------------ login and sessions

    async def login(self, username: str, password: str, address: str, code: str = "") -> tuple[str, ConsoleSession]:
        """A new session token for the right password and code (see LoginSessions.login)."""
        token, session = await self.logins.login(username, password, address, code)
        return token, ConsoleSession(ModeratorPrincipal(session.person, via="console"), session.csrf_token,
                                     session.token_digest)

    async def session(self, token: str) -> ConsoleSession | None:
        """The live session for a cookie's token, or None (see LoginSessions.session)."""
        session = await self.logins.session(token)
        if session is None:
            return None
        return ConsoleSession(ModeratorPrincipal(session.person, via="console"), session.csrf_token,
                              session.token_digest)

    async def logout(self, session: ConsoleSession) -> None:
        await self.logins.logout(LoginSession(session.principal.moderator, session.csrf_token, session.token_digest))

    async def set_moderator_disabled(self, actor: ModeratorPrincipal, moderator_id: str, disabled: bool) -> None:
        """Disable (or re-enable) a moderator; disabling ends their sessions and tokens at once."""
        if moderator_id == actor.moderator.id and disabled:
            raise InvalidRequest("you cannot disable yourself", [{"field": "moderator_id", "problem": "yourself"}])
        if not await self.account_store.moderator_credentials.set_disabled(moderator_id, disabled):
            raise NotFound("no such moderator")
        if disabled:
            await self.logins.end_all(moderator_id)
        await self.accounts.moderator_changed(moderator_id)
        await self.audit.append(actor.actor, "moderator.disabled" if disabled else "moderator.enabled", moderator_id)

    # ------------------------------------------------------------------ claims and notes

    async def claim(self, principal: ModeratorPrincipal, case_id: str, renewal: bool = False) -> bool:
        """Claim an open case (a renewal keeps my claim alive on activity, unaudited); False when
        someone else holds a live claim."""
        now = self.clock()
        claimed = await self.cases.claim(case_id, principal.moderator.id, now.timestamp(),
                                         (now + self.claim_for).timestamp())
        if claimed and not renewal:
            await self.audit.append(principal.actor, "case.claimed", case_id)
        return claimed

    async def keep_claim(self, principal: ModeratorPrincipal, case_id: str, claimed_until: float) -> None:
        """Renew my claim on activity, once less than half of it is left (not a write at every page view)."""
        if claimed_until - self.clock().timestamp() < self.claim_for.total_seconds() / 2:
            await self.claim(principal, case_id, renewal=True)

    async def release(self, principal: ModeratorPrincipal, case_id: str) -> None:
        await self.cases.release(case_id, principal.moderator.id)
        await self.audit.append(principal.actor, "case.released", case_id)

    async def take_next(self, principal: ModeratorPrincipal) -> str | None:
        """The open case with the highest priority that nobody else is working on, now claimed by me."""
        now = self.clock().timestamp()
        cursor = None
        for _ in range(100):  # at most 100 pages of cases claimed by others; the first is nearly always enough
            page = await self.moderation.queue("open", 10, cursor)
            for case in page.items:
                holder, until = case.claimed_by, case.claimed_until or 0.0
                if holder and holder != principal.moderator.id and until > now:
                    continue
                if await self.claim(principal, case.id):
                    return case.id
            if not page.next_cursor:
                return None
            cursor = page.next_cursor
        return None

    async def add_note(self, principal: ModeratorPrincipal, case_id: str, text: str) -> None:
        text = text.strip()
        if not text or len(text) > MAX_NOTE_CHARS:
            raise InvalidRequest(f"a note has 1 to {MAX_NOTE_CHARS} characters",
                                 [{"field": "note", "problem": "empty" if not text else "too long"}])
        if await self.cases.get(case_id) is None:
            raise NotFound("no such case")
        await self.notes.insert({"_id": new_id("note"), "case_id": case_id, "by": principal.moderator.username,
                                 "at": self.clock(), "text": text})
        await self.audit.append(principal.actor, "case.note_added", case_id)

    async def notes_of(self, case_id: str) -> list[dict[str, Any]]:
        return [{"by": n["by"], "at": isoformat(n["at"]), "text": n["text"]} for n in await self.notes.for_case(case_id)]

    # ------------------------------------------------------------------ dashboard

    def _cases_changed(self, cases: list) -> None:
        for case in cases:
            first = getattr(case, "first_report_at", None)
            if getattr(case, "status", None) == "open" and first is not None:
                self._open_since[case.id] = as_utc(first).timestamp()
            else:
                self._open_since.pop(case.id, None)

    async def waiting_work(self) -> dict[str, int]:
        """Open cases (as counted at most CASE_FIGURES_SECONDS ago) and unresolved appeals (for /metrics)."""
        return {"open_cases": (await self.case_figures())["open_cases"],
                "appeals_waiting": await self.stats.appeals_waiting()}

    async def case_figures(self, refresh: bool = False) -> dict[str, Any]:
        """Open cases, how many and by age, counted at most CASE_FIGURES_SECONDS ago (from memory: see
        _open_since). Serving processes refresh them in the background (refresh=True)."""
        cached = self._case_figures
        if not refresh and cached and time.monotonic() - cached["counted"] < CASE_FIGURES_SECONDS:
            return cached
        now = self.clock()
        ages: Counter = Counter()
        for first in list(self._open_since.values()):
            age = (now.timestamp() - first) / 86400
            ages[next(label for label, limit in AGE_BUCKETS if age < limit)] += 1
        self._case_figures = {"counted": time.monotonic(), "at": isoformat(now), "open_cases": len(self._open_since),
                              "ages": [(label, ages[label]) for label, _ in AGE_BUCKETS]}
        return self._case_figures

    async def moderators(self) -> list[Moderator]:
        return await self.account_store.list_moderators()

    async def usernames(self, moderator_ids: set[str]) -> dict[str, str]:
        """Moderators' usernames by id, for pages that say who did what. A username never changes once given,
        so what was read is kept (a few dozen short strings); only ids not seen before are read."""
        missing = sorted(moderator_ids - self._usernames.keys())[:200]
        if missing:
            self._usernames.update(await self.account_store.usernames(missing))
        return {moderator_id: self._usernames[moderator_id] for moderator_id in moderator_ids
                if moderator_id in self._usernames}

    async def salons(self, limit: int, skip: int = 0) -> list[Salon]:
        """Salons newest first, a page at a time."""
        return await self.account_store.list_salons(limit, skip)

    async def salons_by_id(self, salon_ids: list[str]) -> dict[str, Salon]:
        return await self.account_store.get_salons(salon_ids)

    async def salon_with_keys(self, salon_id: str) -> tuple[Salon, list[ApiKey]] | None:
        """A salon and every key it was issued (revoked ones too), or None."""
        salon = await self.account_store.get_salon(salon_id)
        if salon is None:
            return None
        return salon, await self.account_store.list_keys(salon.id)

    async def dashboard(self, days: int = 14) -> dict[str, Any]:
        """Reports per day by category, lookups per day by verdict, open cases by age, top salons, alerts."""
        return {**await self.counted_figures(days), "alerts": await self.alerts()}

    async def counted_figures(self, days: int = 14) -> dict[str, Any]:
        """The dashboard's counts: reports per day by category, lookups per day by verdict, open cases by age,
        the salons that reported most in 30 days."""
        now = self.clock()
        first_day = (now - timedelta(days=days - 1)).date()
        day_list = [first_day + timedelta(days=i) for i in range(days)]
        month = await self.stats.daily_counts(min(first_day, (now - timedelta(days=29)).date()), now.date())
        reports = {day: counters["reports"] for day, counters in month.items()}
        lookups = {day: counters["lookups"] for day, counters in month.items()}
        per_salon: Counter = Counter()
        for day, counters in month.items():
            if day > (now - timedelta(days=30)).date():  # the last 30 days, today included
                per_salon.update(counters["salons"])
        figures = await self.case_figures()
        top = per_salon.most_common(10)
        salons = await self.account_store.get_salons([salon_id for salon_id, _ in top])
        return {
            "days": [d.isoformat() for d in day_list],
            "reports": {category: [reports.get(d, {}).get(category, 0) for d in day_list] for category in CATEGORIES},
            "lookups": {verdict: [lookups.get(d, {}).get(verdict, 0) for d in day_list] for verdict in VERDICTS},
            "open_case_ages": figures["ages"], "open_cases_counted_at": figures["at"],
            "top_salons": [{"id": salon_id, "name": salons[salon_id].name if salon_id in salons else salon_id,
                            "reports": count, "trust": round(salons[salon_id].trust, 2) if salon_id in salons else None}
                           for salon_id, count in top],
        }

    async def alerts(self) -> list[dict[str, Any]]:
        """The last week's alerts, newest first (always read afresh: they are what an admin must not miss)."""
        alerts = await self.stats.alerts_since(self.clock() - timedelta(days=7))
        salons = await self.account_store.get_salons(sorted({a["salon_id"] for a in alerts if a.get("salon_id")}))
        return [{"at": isoformat(a["at"]), "kind": a["kind"], "key_prefix": a.get("key_prefix"),
                 "key_kind": a.get("key_kind"), "distinct": a.get("distinct"), "detail": a.get("detail"),
                 "salon": salons[a["salon_id"]].name if a.get("salon_id") in salons else a.get("salon_id"),
                 "salon_id": a.get("salon_id")} for a in alerts]


CATEGORIES = ("fake_booking", "no_show", "late_cancellation", "abusive")
VERDICTS = ("allow", "challenge", "block")
CASE_FIGURES_SECONDS = 30
AGE_BUCKETS = (("< 1 day", 1), ("1–3 days", 3), ("3–7 days", 7), ("1–4 weeks", 28), ("older", math.inf))
